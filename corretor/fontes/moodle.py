"""Leiaute do Moodle: "Baixar todas as tarefas enviadas" (mod/assign/classes/downloader.php).

- com pastas (padrão desde o 3.1): ``Nome Completo_{id}_assignsubmission_file/{subpastas}/{arquivo}``;
- sem pastas: ``Nome Completo_{id}_assignsubmission_file_{arquivo}``.

``{id}`` é o identificador do participante nesta tarefa, o mesmo da planilha de
avaliação offline ("Participante {id}").
"""

from __future__ import annotations

import re

from corretor.fontes.identidade import Identidade

_PASTA = re.compile(r"^(?P<nome>.+)_(?P<id>\d+)_assignsubmission_file$")
_PLANO = re.compile(r"^(?P<nome>.+)_(?P<id>\d+)_assignsubmission_file_(?P<arquivo>.+)$")


def identificar(relativo: str) -> Identidade | None:
    partes = relativo.split("/")
    achado = _PASTA.match(partes[0]) if len(partes) > 1 else _PLANO.match(partes[0])
    if not achado:
        return None
    return Identidade(achado["id"], achado["nome"], "moodle")
