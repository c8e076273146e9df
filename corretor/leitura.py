"""Leitura de uma entrega: o notebook como JSON e as definições de cada célula.

Nada aqui executa o código do aluno: o notebook é lido como dados e cada célula é
analisada com ``ast``. Só a biblioteca padrão: :func:`analisar` roda este mesmo arquivo
como subprocesso limitado, para o texto do aluno nunca ser analisado no processo
confiável.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

MAX_BYTES_NOTEBOOK = 20 * 1024 * 1024
MAX_CARACTERES_CODIGO = 2_000_000


class ArquivoInvalido(Exception):
    """Entrega que não é um notebook legível."""



def celulas_de_bytes(bruto: bytes) -> list[str]:
    """Código-fonte das células de código de um notebook (v4 ou v3), dado o arquivo.

    Uma célula malformada (fonte que não é texto, célula que não é objeto) conta como
    célula vazia: ela não derruba o notebook inteiro, e a numeração das células de
    código seguintes continua a mesma do notebook.
    """
    if not bruto:
        raise ArquivoInvalido("arquivo vazio")
    if len(bruto) > MAX_BYTES_NOTEBOOK:
        raise ArquivoInvalido("arquivo grande demais para um notebook")
    try:
        dado = json.loads(bruto.decode("utf-8"))
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
    fontes, total = [], 0
    for celula in celulas:
        if not isinstance(celula, dict) or celula.get("cell_type") != "code":
            continue
        fonte = celula.get("source", celula.get("input", ""))
        if isinstance(fonte, list):
            fonte = "".join(x for x in fonte if isinstance(x, str))
        if not isinstance(fonte, str):
            fonte = ""
        total += len(fonte)
        if total > MAX_CARACTERES_CODIGO:
            raise ArquivoInvalido("código grande demais (mais de "
                                  f"{MAX_CARACTERES_CODIGO // 1_000_000} milhões de "
                                  "caracteres nas células de código)")
        fontes.append(fonte)
    return fontes


def ler_celulas(caminho: Path) -> list[str]:
    """Código-fonte das células de código do notebook em ``caminho``."""
    try:
        tamanho = caminho.stat().st_size
        if tamanho > MAX_BYTES_NOTEBOOK:
            raise ArquivoInvalido("arquivo grande demais para um notebook")
        bruto = caminho.read_bytes()
    except OSError as erro:
        raise ArquivoInvalido(f"não consegui ler o arquivo ({erro.strerror})") from None
    return celulas_de_bytes(bruto)


_MAGICA_CELULA_PYTHON = {"time", "timeit", "capture", "prun"}
_ALVO_MAGICA = frozenset("_.[], \t")


def _linha_magica(linha: str) -> bool:
    """``%magica``, ``!comando``, ``x = !ls`` ou ``x = %time f()`` (custo linear, sem regex)."""
    texto = linha.lstrip()
    if texto[:1] in ("%", "!"):
        return True
    igual = texto.find("=")
    if igual <= 0:
        return False
    alvo = texto[:igual]
    if not alvo.strip() or not all(c.isalnum() or c in _ALVO_MAGICA for c in alvo):
        return False
    return texto[igual + 1:].lstrip()[:1] in ("%", "!")


def _inicios_logicos(linhas: list[str], magicas: list[bool]) -> None:
    """Marca em ``magicas`` as linhas mágicas, só onde começa uma linha lógica.

    Uma varredura linear acompanha parênteses, strings (também as de três aspas),
    comentários e a barra de continuação: ``!= b`` dentro de ``(a\n != b)`` não é
    comando do shell. Uma linha mágica terminada em ``\\`` continua na seguinte.
    """
    profundidade, aspas, continua, magica_continua = 0, None, False, False
    for n, linha in enumerate(linhas):
        if magica_continua:
            magicas[n] = True
            magica_continua = linha.endswith("\\")
            continue
        if profundidade == 0 and aspas is None and not continua and _linha_magica(linha):
            magicas[n] = True
            magica_continua = linha.endswith("\\")
            continue
        i, tamanho, comentario = 0, len(linha), False
        while i < tamanho:
            c = linha[i]
            if aspas:
                if c == "\\":
                    i += 2
                    continue
                if linha.startswith(aspas, i):
                    i += len(aspas)
                    aspas = None
                    continue
                i += 1
                continue
            if c == "#":
                comentario = True
                break
            if c in "\"'":
                aspas = linha[i:i + 3] if linha[i:i + 3] in ('"""', "'''") else c
                i += len(aspas)
                continue
            if c in "([{":
                profundidade += 1
            elif c in ")]}":
                profundidade = max(0, profundidade - 1)
            i += 1
        continua = not comentario and linha.endswith("\\")
        if aspas in ("'", '"') and not continua:
            aspas = None          # string simples não atravessa a linha sem a barra


def _linhas(fonte: str) -> list[str]:
    """Linhas físicas como o Python as conta (\\n, \\r\\n ou \\r; não \\f nem \\u2028)."""
    return fonte.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def sem_magicas(fonte: str) -> str | None:
    """Troca comandos mágicos do IPython por ``pass``; ``None`` se a célula não é Python.

    Células ``%%bash``, ``%%writefile`` etc. são descartadas; ``%%time``/``%%capture``
    têm o corpo mantido. Linhas ``%magica``/``!comando`` (também ``x = !ls``) no começo
    de uma linha lógica viram ``pass`` com a mesma indentação, para o resto da célula
    continuar analisável. Custo linear no tamanho da célula.
    """
    linhas = _linhas(fonte)
    cabecalho = next((n for n, l in enumerate(linhas) if l.strip()), None)
    if cabecalho is not None and linhas[cabecalho].lstrip().startswith("%%"):
        partes = linhas[cabecalho].lstrip()[2:].split(None, 1)
        if (partes[0] if partes else "") not in _MAGICA_CELULA_PYTHON:
            return None
        linhas = [""] * (cabecalho + 1) + linhas[cabecalho + 1:]   # mesmas linhas
    magicas = [False] * len(linhas)
    _inicios_logicos(linhas, magicas)
    saida = []
    for linha, magica in zip(linhas, magicas):
        if magica:
            recuo = linha[:len(linha) - len(linha.lstrip())]
            saida.append(recuo + "pass" if linha.lstrip()[:1] else "")
        else:
            saida.append(linha)
    return "\n".join(saida)


_SIMPLES = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
            ast.Pass)


def _sem_chamadas(no: ast.AST) -> bool:
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom,
                                  ast.NamedExpr))
                   for n in ast.walk(no))


def _definicao(no: ast.stmt) -> bool:
    """``import``, ``def``, ``class``, atribuição sem chamadas ou ``try`` feito só disso.

    ``try: import x`` / ``except ImportError: x = None`` é mantido: sem ele, uma entrega
    correta que importa dentro de ``try`` perderia o nome importado.
    """
    if isinstance(no, _SIMPLES):
        return True
    if isinstance(no, (ast.Assign, ast.AnnAssign)):
        return no.value is not None and _sem_chamadas(no.value) and all(
            _sem_chamadas(alvo) for alvo in (no.targets if isinstance(no, ast.Assign)
                                             else [no.target]))
    if isinstance(no, ast.Expr):          # docstring / constante solta
        return isinstance(no.value, ast.Constant)
    if isinstance(no, ast.Try):
        corpo = no.body + no.orelse + no.finalbody + [s for h in no.handlers for s in h.body]
        tipos = [h.type for h in no.handlers if h.type is not None]
        return (any(isinstance(s, (ast.Import, ast.ImportFrom)) for s in no.body)
                and all(_definicao(s) for s in corpo) and all(_sem_chamadas(t) for t in tipos))
    return False


class _Trechos:
    """Recorta o código de cada instrução sem recalcular posições (custo linear).

    ``ast.get_source_segment`` divide a célula inteira em linhas a cada chamada, o que
    é quadrático numa célula longa; aqui a célula é dividida uma vez e cada linha é
    codificada em UTF-8 (as colunas do ``ast`` são em bytes) no máximo uma vez.
    """

    def __init__(self, codigo: str):
        self.linhas = _linhas(codigo)
        self._bytes: dict[int, bytes] = {}

    def _b(self, n: int) -> bytes:
        if n not in self._bytes:
            self._bytes[n] = self.linhas[n].encode("utf-8", "surrogatepass")
        return self._bytes[n]

    def trecho(self, inicio: int, coluna: int, fim: int, coluna_fim: int) -> str:
        """Linhas ``inicio``..``fim`` (1-base), da ``coluna`` da primeira até a ``coluna_fim``."""
        i, f = inicio - 1, fim - 1
        if i == f:
            return self._b(i)[coluna:coluna_fim].decode("utf-8", "surrogatepass")
        partes = [self._b(i)[coluna:].decode("utf-8", "surrogatepass")]
        partes += self.linhas[i + 1:f]
        partes.append(self._b(f)[:coluna_fim].decode("utf-8", "surrogatepass"))
        return "\n".join(partes)


def definicoes(fontes: list[str]) -> tuple[list[dict], list[int], set[str]]:
    """Extrai as instruções de definição de cada célula.

    Devolve (instruções, células com erro de sintaxe, nomes de funções definidas).
    Mantém ``import``, ``def``, ``class``, atribuições cujo valor não chama nada
    (constantes, ``lambda``) e ``try`` feito só disso; o resto do notebook não é
    executado na correção. Custo linear no tamanho do código (além do ``ast.parse``).
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
        trechos = _Trechos(codigo)
        for no in arvore.body:
            if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nomes.add(no.name)
            if isinstance(no, ast.Assign) and isinstance(no.value, ast.Lambda):
                nomes.update(t.id for t in no.targets if isinstance(t, ast.Name))
            if not _definicao(no):
                continue
            linha, coluna = no.lineno, no.col_offset
            if getattr(no, "decorator_list", None):
                linha, coluna = no.decorator_list[0].lineno, 0    # desde o "@"
            segmento = trechos.trecho(linha, coluna, no.end_lineno, no.end_col_offset)
            instrucoes.append({"celula": i, "linha": linha, "codigo": segmento})
    return instrucoes, com_erro, nomes


def analisar(caminho: Path, tempo_s: float = 20.0, memoria_mb: int = 1024
             ) -> tuple[list[str], list[dict], list[int]]:
    """(fontes, instruções, células com erro de sintaxe) de uma entrega, num subprocesso.

    Ler o JSON e analisar o texto do aluno roda num processo à parte, com limites de
    CPU, memória e tempo de parede: um notebook feito para explodir o parser (ou a
    memória do ``ast``) derruba só esse processo e vira ``arquivo inválido``. O
    processo confiável lê o resultado com tamanho limitado e valida cada campo.
    """
    import math
    import os
    import resource
    import shutil
    import subprocess
    import sys
    import tempfile

    try:
        if caminho.stat().st_size > MAX_BYTES_NOTEBOOK:
            raise ArquivoInvalido("arquivo grande demais para um notebook")
        entrada = open(caminho, "rb")
    except OSError as erro:
        raise ArquivoInvalido(f"não consegui ler o arquivo ({erro.strerror})") from None
    cpu = int(math.ceil(tempo_s))
    memoria = memoria_mb * 1024 * 1024
    limite_saida = 8 * MAX_CARACTERES_CODIGO
    comando = [sys.executable, "-I", "-S", __file__]
    prlimit = shutil.which("prlimit", path="/usr/bin:/bin")

    def limitar():  # sem prlimit: setrlimit no filho (só antes do exec)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memoria, memoria))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limite_saida, limite_saida))

    preexec = None if prlimit else limitar
    if prlimit:
        comando = [prlimit, f"--cpu={cpu}:{cpu + 1}", f"--as={memoria}",
                   f"--fsize={limite_saida}", "--core=0", "--"] + comando
    with entrada, tempfile.TemporaryFile() as saida:
        try:
            subprocess.run(comando, stdin=entrada, stdout=saida, stderr=subprocess.DEVNULL,
                           env={"LANG": "C.UTF-8", "PATH": os.defpath},
                           timeout=2 * tempo_s + 5, preexec_fn=preexec, check=False)
        except subprocess.TimeoutExpired:
            raise ArquivoInvalido("a análise do notebook passou do tempo limite") from None
        tamanho = saida.tell()
        if tamanho > limite_saida:
            raise ArquivoInvalido("a análise do notebook produziu dados demais")
        saida.seek(0)
        bruto = saida.read(limite_saida + 1)
    try:
        dado = json.loads(bruto.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        dado = None
    if isinstance(dado, dict) and isinstance(dado.get("invalido"), str):
        raise ArquivoInvalido(dado["invalido"][:200])
    if not (isinstance(dado, dict) and _valido(dado)):
        raise ArquivoInvalido("a análise do notebook passou do limite de tempo ou de "
                              "memória (notebook patológico?)")
    return dado["fontes"], dado["instrucoes"], dado["com_erro"]


def _valido(dado: dict) -> bool:
    fontes, instrucoes, com_erro = dado.get("fontes"), dado.get("instrucoes"), dado.get("com_erro")
    return (isinstance(fontes, list) and all(isinstance(f, str) for f in fontes)
            and isinstance(com_erro, list)
            and all(type(c) is int and 1 <= c <= len(fontes) for c in com_erro)
            and isinstance(instrucoes, list)
            and all(isinstance(x, dict) and set(x) == {"celula", "linha", "codigo"}
                    and type(x["celula"]) is int and 1 <= x["celula"] <= len(fontes)
                    and type(x["linha"]) is int and x["linha"] >= 1
                    and isinstance(x["codigo"], str) for x in instrucoes))


def _principal() -> None:
    """Subprocesso de :func:`analisar`: notebook na entrada, JSON na saída."""
    import sys

    bruto = sys.stdin.buffer.read(MAX_BYTES_NOTEBOOK + 1)
    try:
        fontes = celulas_de_bytes(bruto)
        instrucoes, com_erro, _ = definicoes(fontes)
        dado = {"fontes": fontes, "instrucoes": instrucoes, "com_erro": com_erro}
    except ArquivoInvalido as erro:
        dado = {"invalido": str(erro)}
    sys.stdout.write(json.dumps(dado))
    sys.stdout.flush()


if __name__ == "__main__":
    _principal()
