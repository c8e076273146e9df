"""As entregas de uma pasta: todo arquivo encontrado é contado e cada notebook tem um aluno.

Notebook é todo arquivo comum cujo nome termina em ``.ipynb`` em qualquer caixa
(``ana.IPYNB`` também). O resto (outros arquivos, links simbólicos, cópias em
``.ipynb_checkpoints``) é ignorado, mas nunca em silêncio: um aviso diz quantos e quais.
O aluno de um notebook é a primeira pasta do caminho (``ana/entrega.ipynb`` → ``ana``)
ou, na raiz, o nome do arquivo sem a extensão; um aluno com mais de um notebook
(``ana.ipynb`` e ``ana/b.ipynb``) ganha um aviso com os nomes dos arquivos.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from corretor.relatorio import eh_notebook, sem_extensao, texto_seguro

MAX_ENTREGAS = 100_000
MAX_NOMES_AVISO = 10
MAX_IGNORADOS_GUARDADOS = 10_000     # nomes guardados para o aviso (contados todos)


class ErroDoLote(Exception):
    """O lote inteiro não pôde ser corrigido (pasta ilegível, referência com erro...)."""


def aluno_de(relativo: str) -> str:
    """O aluno de um notebook, pelo caminho relativo à pasta de entregas."""
    partes = relativo.split("/")
    return partes[0] if len(partes) > 1 else sem_extensao(partes[0])


def _nomes(caminhos: list[str], total: int | None = None) -> str:
    total = len(caminhos) if total is None else total
    nomes = ", ".join(texto_seguro(c) for c in caminhos[:MAX_NOMES_AVISO])
    return nomes + (f" (e mais {total - MAX_NOMES_AVISO})" if total > MAX_NOMES_AVISO else "")


def listar_entregas(entregas: Path, avisar=print) -> list[Path]:
    """Todos os notebooks de ``entregas``, em ordem do caminho relativo.

    Percorre a árvore sem recursão e sem seguir links simbólicos (uma árvore muito
    profunda ou um laço de links não derrubam o corretor); avisa o que ignorou.
    """
    encontrados, pilha = [], [str(entregas)]
    ignorados: dict[str, list] = {"outros": [0, []], "links": [0, []]}
    checkpoints = 0
    while pilha:
        atual = pilha.pop()
        try:
            with os.scandir(atual) as itens:
                for item in itens:
                    try:
                        modo = item.stat(follow_symlinks=False).st_mode
                    except OSError:
                        continue
                    if stat.S_ISDIR(modo) and item.name == ".ipynb_checkpoints":
                        checkpoints += 1
                    elif stat.S_ISDIR(modo):
                        pilha.append(item.path)
                    elif stat.S_ISREG(modo) and eh_notebook(item.name):
                        encontrados.append(Path(item.path))
                        if len(encontrados) > MAX_ENTREGAS:
                            raise ErroDoLote(f"mais de {MAX_ENTREGAS} notebooks em {entregas}")
                    else:
                        tipo = ignorados["links" if stat.S_ISLNK(modo) else "outros"]
                        tipo[0] += 1
                        if tipo[0] <= MAX_IGNORADOS_GUARDADOS:
                            tipo[1].append(os.path.relpath(item.path, entregas))
        except OSError as erro:
            if atual == str(entregas):
                raise ErroDoLote(f"não consegui ler a pasta {entregas} ({erro.strerror})") \
                    from None
            avisar(f"AVISO: pasta ignorada (ilegível): {os.fsencode(atual)!r}")
    (n_outros, outros), (n_links, links) = ignorados["outros"], ignorados["links"]
    if n_outros:
        avisar(f"AVISO: {n_outros} arquivo(s) ignorado(s) por não ser(em) notebook "
               f"(.ipynb): {_nomes(sorted(outros), n_outros)}.")
    if n_links:
        avisar(f"AVISO: {n_links} link(s) simbólico(s) ignorado(s) (nunca seguidos): "
               f"{_nomes(sorted(links), n_links)}.")
    if checkpoints:
        avisar(f"AVISO: {checkpoints} pasta(s) .ipynb_checkpoints ignorada(s) (cópias "
               "automáticas do Jupyter).")
    return sorted(encontrados, key=lambda p: os.fsencode(os.path.relpath(p, entregas)))


def notebooks_por_aluno(relativos: list[str], avisar=print) -> dict[str, int]:
    """Quantos notebooks cada aluno entregou (chave: o aluno sem diferenciar caixa, como
    num sistema de arquivos que não diferencia); avisa, com os nomes, quem tem vários."""
    grupos: dict[str, list[str]] = {}
    for relativo in relativos:
        grupos.setdefault(aluno_de(relativo).casefold(), []).append(relativo)
    for arquivos in grupos.values():
        if len(arquivos) > 1:
            avisar(f"AVISO: o aluno {texto_seguro(aluno_de(arquivos[0]))} tem "
                   f"{len(arquivos)} notebooks: {_nomes(arquivos)}. Todos são corrigidos, "
                   "um por linha (coluna notebooks_do_aluno); decida qual vale.")
    return {chave: len(arquivos) for chave, arquivos in grupos.items()}
