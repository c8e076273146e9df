"""Um erro típico de aluno numa função corrigida, e como aplicá-lo à solução."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat

_REGIAO = re.compile(r"(### BEGIN SOLUTION\n)(.*?)([ \t]*### END SOLUTION)", re.S)


@dataclass(frozen=True)
class Erro:
    funcao: str
    descricao: str
    corpo: str


def troca(base: str, velho: str, novo: str) -> str:
    """``base`` com ``velho`` trocado por ``novo`` (que tem de estar lá: um erro do catálogo
    que não muda nada seria um teste que não pode falhar)."""
    assert velho in base, velho
    return base.replace(velho, novo)


def aplicar(nb: nbformat.NotebookNode, funcao: str, corpo: str) -> nbformat.NotebookNode:
    """Cópia de ``nb`` com a resposta de ``funcao`` (entre as marcas) trocada por ``corpo``
    (indentado 4 espaços, como o corpo de uma função)."""
    nb = nbformat.from_dict(nb)
    celula = next(c for c in nb.cells if c.cell_type == "code"
                  and re.search(rf"^def {funcao}\(", c.source, re.M))
    inicio = re.search(rf"^def {funcao}\(", celula.source, re.M).start()
    m = _REGIAO.search(celula.source, inicio)
    assert m, funcao
    texto = "".join("    " + l if l.strip() else l for l in corpo.strip("\n").splitlines(True))
    celula.source = celula.source[:m.start(2)] + texto + "\n" + celula.source[m.start(3):]
    return nb
