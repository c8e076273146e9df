"""Configuração comum dos testes: raiz do repositório e construção do site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
SITE = RAIZ / "_build" / "html"


def construir_livro(origem: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Roda a construção estrita (``-W``) do Jupyter Book em ``origem``."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    comando = [str(jupyter_book) if jupyter_book.exists() else "jupyter-book",
               "build", str(origem), "-W", "-n", "--keep-going"]
    ambiente = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(extra_env or {})}
    return subprocess.run(comando, cwd=origem, capture_output=True, text=True, env=ambiente)


@pytest.fixture(scope="session")
def site_construido() -> Path:
    """Constrói o site do repositório uma única vez por sessão de testes."""
    resultado = construir_livro(RAIZ)
    if resultado.returncode != 0:
        pytest.fail("A construção estrita do site falhou:\n"
                    + resultado.stdout[-6000:] + "\n" + resultado.stderr[-4000:])
    return SITE
