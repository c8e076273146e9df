"""Um erro típico de aluno numa função corrigida."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Erro:
    funcao: str
    descricao: str
    corpo: str
