"""Leitura de uma entrega: o notebook como JSON e as definições de cada célula.

Nada aqui executa o código do aluno: o notebook é lido como dados e cada célula é
analisada com ``ast``.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

MAX_BYTES_NOTEBOOK = 20 * 1024 * 1024


class ArquivoInvalido(Exception):
    """Entrega que não é um notebook legível."""



def ler_celulas(caminho: Path) -> list[str]:
    """Código-fonte das células de código de um notebook (v4 ou v3)."""
    try:
        tamanho = caminho.stat().st_size
    except OSError as erro:
        raise ArquivoInvalido(f"não consegui ler o arquivo ({erro.strerror})") from None
    if tamanho == 0:
        raise ArquivoInvalido("arquivo vazio")
    if tamanho > MAX_BYTES_NOTEBOOK:
        raise ArquivoInvalido("arquivo grande demais para um notebook")
    try:
        dado = json.loads(caminho.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArquivoInvalido("não é JSON válido (não é um notebook)") from None
    if not isinstance(dado, dict):
        raise ArquivoInvalido("JSON sem a estrutura de um notebook")
    celulas = dado.get("cells")
    if celulas is None and isinstance(dado.get("worksheets"), list) and dado["worksheets"]:
        folha = dado["worksheets"][0]
        celulas = folha.get("cells") if isinstance(folha, dict) else None
    if not isinstance(celulas, list):
        raise ArquivoInvalido("JSON sem a lista de células de um notebook")
    fontes = []
    for celula in celulas:
        if not isinstance(celula, dict) or celula.get("cell_type") != "code":
            continue
        fonte = celula.get("source", celula.get("input", ""))
        if isinstance(fonte, list) and all(isinstance(x, str) for x in fonte):
            fonte = "".join(fonte)
        if not isinstance(fonte, str):
            raise ArquivoInvalido("célula de código malformada")
        fontes.append(fonte)
    return fontes


_MAGICA_CELULA_PYTHON = {"time", "timeit", "capture", "prun"}
_LINHA_MAGICA = re.compile(r"^(\s*)(?:[\w.\[\], ]+\s*=\s*)?[%!]")


def sem_magicas(fonte: str) -> str | None:
    """Troca comandos mágicos do IPython por ``pass``; ``None`` se a célula não é Python.

    Células ``%%bash``, ``%%writefile`` etc. são descartadas; ``%%time``/``%%capture``
    têm o corpo mantido. Linhas ``%magica``/``!comando`` (também ``x = !ls``) viram
    ``pass`` com a mesma indentação, para o resto da célula continuar analisável.
    """
    linhas = fonte.splitlines()
    primeira = next((l for l in linhas if l.strip()), "")
    if primeira.lstrip().startswith("%%"):
        nome = primeira.lstrip()[2:].split()[0] if primeira.strip() != "%%" else ""
        if nome not in _MAGICA_CELULA_PYTHON:
            return None
        cabecalho = linhas.index(primeira)
        linhas = [""] * (cabecalho + 1) + linhas[cabecalho + 1:]   # mesmas linhas
    saida = []
    for linha in linhas:
        m = _LINHA_MAGICA.match(linha)
        saida.append(m.group(1) + "pass" if m else linha)
    return "\n".join(saida)


def _sem_chamadas(no: ast.AST) -> bool:
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))
                   for n in ast.walk(no))


def definicoes(fontes: list[str]) -> tuple[list[dict], list[int], set[str]]:
    """Extrai as instruções de definição de cada célula.

    Devolve (instruções, células com erro de sintaxe, nomes de funções definidas).
    Mantém ``import``, ``def``, ``class`` e atribuições cujo valor não chama nada
    (constantes, ``lambda``); o resto do notebook não é executado na correção.
    """
    instrucoes, com_erro, nomes = [], [], set()
    for i, fonte in enumerate(fontes, start=1):
        codigo = sem_magicas(fonte)
        if codigo is None or not codigo.strip():
            continue
        try:
            arvore = ast.parse(codigo)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            com_erro.append(i)
            continue
        for no in arvore.body:
            manter = isinstance(no, (ast.Import, ast.ImportFrom, ast.FunctionDef,
                                     ast.AsyncFunctionDef, ast.ClassDef))
            if isinstance(no, (ast.Assign, ast.AnnAssign)) and no.value is not None:
                manter = _sem_chamadas(no.value)
            if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nomes.add(no.name)
            if isinstance(no, ast.Assign) and isinstance(no.value, ast.Lambda):
                nomes.update(t.id for t in no.targets if isinstance(t, ast.Name))
            if manter:
                segmento = ast.get_source_segment(codigo, no, padded=True)
                linha = no.lineno
                if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                        and no.decorator_list:
                    segmento = ast.unparse(no)
                    linha = no.decorator_list[0].lineno
                if not segmento:
                    segmento = ast.unparse(no)
                instrucoes.append({"celula": i, "linha": linha, "codigo": segmento})
    return instrucoes, com_erro, nomes


