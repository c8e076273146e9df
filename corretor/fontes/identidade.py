"""Quem é o aluno de uma entrega no sistema da disciplina (LMS)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identidade:
    id: str              # Moodle: participante da tarefa; Canvas: user_id
    nome: str            # como o LMS escreveu no nome do arquivo
    leiaute: str         # "moodle" ou "canvas"
    atrasada: bool = False
