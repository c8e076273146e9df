"""Leiaute do Canvas: ``{nome ordenável}[_LATE]_{user_id}_{attachment_id}_{arquivo}``.

O nome ordenável ("silva, josé") vem em minúsculas e sem pontuação ("silvajosé");
``_LATE`` marca entrega depois do prazo.
"""

from __future__ import annotations

import re

from corretor.fontes.identidade import Identidade

_CANVAS = re.compile(r"^(?P<nome>[^_/]+?)(?P<late>_LATE)?_(?P<id>\d+)_(?P<anexo>\d+)_"
                     r"(?P<arquivo>[^/]+)$")


def identificar(relativo: str) -> Identidade | None:
    partes = relativo.split("/")
    achado = _CANVAS.match(partes[-1]) if len(partes) == 1 else None
    if not achado:
        return None
    return Identidade(achado["id"], achado["nome"], "canvas", atrasada=bool(achado["late"]))
