"""Fontes das entregas: de onde vêm os notebooks e quem é o aluno de cada um.

``ENTREGAS`` é uma pasta ou um ``.zip`` (lido direto, sem descompactar à mão), em
qualquer destes leiautes, reconhecidos arquivo a arquivo:

- Moodle, com pastas ou sem pastas (:mod:`corretor.fontes.moodle`);
- Canvas (:mod:`corretor.fontes.canvas`);
- pasta ou zip simples de notebooks (o aluno é a primeira pasta ou o nome do arquivo).

Um zip é extraído, com limites (:mod:`corretor.fontes.zip_seguro`), numa pasta de
rascunho apagada no fim; daí em diante é uma pasta como outra qualquer.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import zipfile
from pathlib import Path

from corretor.entregas import ErroDoLote
from corretor.fontes import canvas, moodle
from corretor.fontes.identidade import Identidade
from corretor.fontes.zip_seguro import LimitesZip, extrair

__all__ = ["Identidade", "LimitesZip", "abrir", "identificar"]

LEIAUTES = (moodle.identificar, canvas.identificar)


def identificar(relativo: str) -> Identidade | None:
    """A identidade no LMS da entrega de caminho ``relativo``; ``None`` = pasta simples."""
    for leiaute in LEIAUTES:
        identidade = leiaute(relativo)
        if identidade is not None:
            return identidade
    return None


@contextlib.contextmanager
def abrir(entregas: Path, limites: LimitesZip = LimitesZip(), avisar=print):
    """A pasta a corrigir: ``entregas`` se for pasta; se for zip, um rascunho extraído."""
    entregas = Path(entregas)
    if entregas.is_dir():
        yield entregas
        return
    if not entregas.is_file():
        raise ErroDoLote(f"{entregas} não existe")
    if not zipfile.is_zipfile(entregas):
        raise ErroDoLote(f"{entregas} não é pasta nem arquivo .zip")
    rascunho = Path(tempfile.mkdtemp(prefix="corretor-zip-"))
    try:
        n = extrair(entregas, rascunho, limites, avisar)
        avisar(f"{n} notebook(s) extraído(s) de {entregas.name}.")
        yield rascunho
    finally:
        shutil.rmtree(rascunho, ignore_errors=True)
