"""Comparação, no processo confiável, do que a entrega devolveu com o esperado."""

from __future__ import annotations

import numpy as np



def comparar(esperado, obtido, rtol: float, atol: float, onde: str = "saída") -> str | None:
    """``None`` se ``obtido`` confere com ``esperado``; senão, o motivo em português."""
    if isinstance(esperado, dict):
        if not isinstance(obtido, dict):
            return f"{onde}: esperava um dicionário, veio {_nome_tipo(obtido)}"
        faltam = sorted(set(esperado) - set(obtido))
        if faltam:
            return f"{onde}: faltam as chaves {faltam}"
        for chave in sorted(esperado):
            motivo = comparar(esperado[chave], obtido[chave], rtol, atol,
                              f"{onde}[{chave!r}]")
            if motivo:
                return motivo
        return None
    if isinstance(esperado, list):
        if not isinstance(obtido, list):
            return f"{onde}: esperava uma tupla/lista de {len(esperado)} itens, veio " \
                   f"{_nome_tipo(obtido)}"
        if len(obtido) != len(esperado):
            return f"{onde}: esperava {len(esperado)} itens, vieram {len(obtido)}"
        for i, (e, o) in enumerate(zip(esperado, obtido)):
            motivo = comparar(e, o, rtol, atol, f"{onde}[{i}]")
            if motivo:
                return motivo
        return None
    if esperado is None or isinstance(esperado, str):
        return None if obtido == esperado else f"{onde}: valor diferente do esperado"
    # numérico: escalar ou array
    if isinstance(obtido, (dict, list, str)) or obtido is None:
        return f"{onde}: esperava um número/array, veio {_nome_tipo(obtido)}"
    e = np.asarray(esperado, dtype=np.float64)
    o = np.asarray(obtido, dtype=np.float64)
    if e.shape != o.shape:
        if e.size == 1 and o.size == 1:
            o = o.reshape(e.shape)
        else:
            return f"{onde}: forma errada"   # as formas viriam das entradas ocultas
    if not np.all(np.isfinite(o)) and np.all(np.isfinite(e)):
        return f"{onde}: contém NaN ou infinito"
    if not np.allclose(o, e, rtol=rtol, atol=atol, equal_nan=True):
        return f"{onde}: valores diferentes dos esperados"   # sem valores ocultos
    return None


def _nome_tipo(valor) -> str:
    return {dict: "um dicionário", list: "uma tupla/lista", str: "um texto",
            type(None): "None", bool: "um booleano"}.get(
        type(valor), "um número" if isinstance(valor, (int, float)) else
        "um array" if isinstance(valor, np.ndarray) else type(valor).__name__)


