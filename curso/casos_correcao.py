"""Especificação da correção automática de cada exercício.

Para cada exercício: as funções corrigidas (pelo nome), quantos pontos valem, como
sortear as entradas de correção (``gerar(rng)`` devolve uma lista de tuplas de
argumentos, só arrays/números/dicionários) e as tolerâncias da comparação. As saídas
esperadas não ficam aqui: vêm da solução de referência (``solutions/<nome>.ipynb``)
rodada na hora, noutro processo.

``transformar(saida, argumentos)`` (opcional) roda no processo confiável, sobre dados
já validados, antes da comparação — por exemplo, para julgar pesos de um perceptron
pela tabela-verdade que eles produzem, e não pelos números escolhidos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _identidade(saida, argumentos):
    return saida


@dataclass(frozen=True)
class FuncaoCorrigida:
    nome: str
    gerar: Callable
    pontos: float = 1.0
    rtol: float = 1e-5
    atol: float = 1e-8
    transformar: Callable = _identidade


# ----------------------------------------------------------------- gradiente_descendente

def _dados_binarios(rng, m, n):
    X = rng.normal(0, 1.5, size=(m, n))
    y = (X @ rng.normal(size=n) + rng.normal(0, 0.5, size=m) > 0).astype(float)
    return X, y


GRADIENTE_DESCENDENTE = [
    FuncaoCorrigida("sigmoide", lambda rng: [(rng.normal(0, 4, size=(3, 4)),),
                                             (rng.normal(0, 2, size=7),)]),
    FuncaoCorrigida("prever", lambda rng: [
        (rng.normal(size=(m, n)), rng.normal(size=n), float(rng.normal()))
        for m, n in ((6, 3), (9, 2))]),
    FuncaoCorrigida("entropia_cruzada", lambda rng: [
        (rng.integers(0, 2, size=m).astype(float), rng.uniform(0.05, 0.95, size=m))
        for m in (5, 12)]),
    FuncaoCorrigida("atualizar_pesos", lambda rng: [
        (*_dados_binarios(rng, m, n), rng.normal(size=n), float(rng.normal()),
         float(rng.uniform(0.05, 1.0))) for m, n in ((8, 2), (15, 3))]),
    FuncaoCorrigida("treinar", lambda rng: [
        (*_dados_binarios(rng, m, n), float(rng.uniform(0.1, 1.0)), int(e))
        for m, n, e in ((20, 2, 25), (30, 3, 40))], rtol=1e-4, atol=1e-7),
]

# ----------------------------------------------------------------- xor

_TABELA_2 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def _tabela_verdade(n_entradas):
    """Julga (w, b) pela tabela-verdade que produz (qualquer escolha certa vale)."""
    tabela = _TABELA_2 if n_entradas == 2 else np.array([[0.0], [1.0]])

    def transformar(saida, argumentos):
        if not isinstance(saida, list) or len(saida) != 2:
            raise ValueError("esperava (w, b)")
        w = np.asarray(saida[0], dtype=float).reshape(-1)
        b = float(np.asarray(saida[1], dtype=float).reshape(()))
        if w.shape != (n_entradas,):
            raise ValueError("w com forma errada")
        return (tabela @ w + b >= 0).astype(float)
    return transformar


def _mlp(rng, n_x, n_h, m):
    return {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
            "W2": rng.normal(size=(1, n_h)), "b2": rng.normal(size=(1, 1))}


def _casos_retro(rng):
    casos = []
    for n_x, n_h, m in ((2, 3, 4), (3, 5, 7)):
        p = _mlp(rng, n_x, n_h, m)
        X = rng.normal(size=(n_x, m))
        Y = rng.integers(0, 2, size=(1, m)).astype(float)
        A1 = np.tanh(rng.normal(size=(n_h, m)))
        A2 = rng.uniform(0.05, 0.95, size=(1, m))
        casos.append((X, Y, p, A1, A2))
    return casos


XOR = [
    FuncaoCorrigida("pesos_e", lambda rng: [()], transformar=_tabela_verdade(2)),
    FuncaoCorrigida("pesos_ou", lambda rng: [()], transformar=_tabela_verdade(2)),
    FuncaoCorrigida("pesos_nao", lambda rng: [()], transformar=_tabela_verdade(1)),
    FuncaoCorrigida("xor_perceptrons", lambda rng: [
        (rng.integers(0, 2, size=(12, 2)).astype(float),)], atol=0.0, rtol=0.0),
    FuncaoCorrigida("propagar", lambda rng: [
        (rng.normal(size=(n_x, m)), _mlp(rng, n_x, n_h, m))
        for n_x, n_h, m in ((2, 4, 4), (3, 2, 6))]),
    FuncaoCorrigida("retropropagar", _casos_retro),
    FuncaoCorrigida("treinar_mlp", lambda rng: [
        (rng.normal(size=(2, 6)), rng.integers(0, 2, size=(1, 6)).astype(float),
         int(rng.integers(2, 5)), float(rng.uniform(0.1, 1.0)), 30, int(rng.integers(0, 1000)))],
        rtol=1e-4, atol=1e-7),
]


# ----------------------------------------------------------------- adam

def _rede(rng, dims):
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.normal(size=(dims[l], dims[l - 1]))
        p[f"b{l}"] = rng.normal(size=(dims[l], 1))
    return p


def _casos_adam(rng):
    casos = []
    for dims, t in (([3, 4, 1], 0), ([2, 3, 2, 1], 7)):
        p = _rede(rng, dims)
        g = {"d" + k: rng.normal(size=v.shape) for k, v in p.items()}
        v = {"d" + k: rng.normal(0, 0.1, size=x.shape) for k, x in p.items()}
        s = {"d" + k: rng.uniform(0, 0.1, size=x.shape) for k, x in p.items()}
        casos.append((p, g, v, s, t, float(rng.uniform(0.001, 0.1)),
                      float(rng.uniform(0.8, 0.95)), float(rng.uniform(0.99, 0.9999)), 1e-8))
    return casos


ADAM = [
    FuncaoCorrigida("inicializar_adam", lambda rng: [(_rede(rng, [3, 5, 2, 1]),)]),
    FuncaoCorrigida("atualizar_adam", _casos_adam),
    FuncaoCorrigida("atualizar_gd", lambda rng: [
        (p, {"d" + k: rng.normal(size=v.shape) for k, v in p.items()}, 0.05)
        for p in (_rede(rng, [2, 3, 1]),)]),
    FuncaoCorrigida("treinar", lambda rng: [
        (rng.normal(size=(2, 16)), rng.integers(0, 2, size=(1, 16)).astype(float),
         [2, 5, 3, 1], otimizador, taxa, 15, int(rng.integers(0, 1000)))
        for otimizador, taxa in (("adam", 0.01), ("gd", 0.1))], rtol=1e-4, atol=1e-7),
]


# ----------------------------------------------------------------- verificacao_gradiente

def _rede_vg(rng, n_x, n_h):
    return {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
            "W2": rng.normal(size=(1, n_h)), "b2": rng.normal(size=(1, 1))}


def _casos_verif(rng):
    casos = []
    for perturbar in (0.0, 0.5):
        p = _rede_vg(rng, 2, 3)
        X = rng.normal(size=(2, 6))
        Y = rng.integers(0, 2, size=(1, 6)).astype(float)
        # Gradientes "analíticos" sorteados: a referência mede a distância até o numérico.
        g = {k: rng.normal(0, 0.3, size=v.shape) * (1 + perturbar) for k, v in p.items()}
        casos.append((p, X, Y, g, 1e-7))
    return casos


VERIFICACAO_GRADIENTE = [
    FuncaoCorrigida("gradiente_numerico", lambda rng: [
        (_rede_vg(rng, 2, 3), rng.normal(size=(2, 5)),
         rng.integers(0, 2, size=(1, 5)).astype(float), 1e-6)], rtol=1e-6, atol=1e-8),
    FuncaoCorrigida("diferenca_relativa", lambda rng: [
        (rng.normal(size=n), rng.normal(size=n)) for n in (4, 9)]),
    FuncaoCorrigida("verificar_gradiente", _casos_verif, rtol=1e-4, atol=1e-7),
]


# ----------------------------------------------------------------- softmax

def _probabilidades(rng, K, m):
    A = rng.uniform(0.05, 1.0, size=(K, m))
    return A / A.sum(axis=0, keepdims=True)


def _one_hot(rng, K, m):
    Y = np.zeros((K, m))
    Y[rng.integers(0, K, size=m), np.arange(m)] = 1.0
    return Y


SOFTMAX = [
    FuncaoCorrigida("softmax", lambda rng: [(rng.normal(0, 3, size=(4, 6)),),
                                            (rng.normal(500, 5, size=(3, 2)),)]),
    FuncaoCorrigida("one_hot", lambda rng: [(rng.integers(0, 5, size=9), 5)], rtol=0, atol=0),
    FuncaoCorrigida("entropia_cruzada_categorica", lambda rng: [
        (_one_hot(rng, 4, 7), _probabilidades(rng, 4, 7))]),
    FuncaoCorrigida("gradiente_softmax", lambda rng: [
        (_one_hot(rng, 3, 5), _probabilidades(rng, 3, 5))]),
]


# ----------------------------------------------------------------- normalizacao_lote

NORMALIZACAO_LOTE = [
    FuncaoCorrigida("normalizacao_lote_frente", lambda rng: [
        (rng.normal(2, 3, size=(7, 4)), rng.normal(size=4), rng.normal(size=4), 1e-5)]),
    FuncaoCorrigida("normalizacao_lote_tras", lambda rng: [
        (rng.normal(size=(6, 3)), rng.normal(1, 2, size=(6, 3)), rng.normal(size=3), 1e-5)],
        rtol=1e-5, atol=1e-7),
    FuncaoCorrigida("atualizar_medias_moveis", lambda rng: [
        (rng.normal(size=3), rng.uniform(0.5, 2, size=3), rng.normal(size=(5, 3)),
         float(rng.uniform(0.8, 0.99)))]),
    FuncaoCorrigida("normalizacao_lote_inferencia", lambda rng: [
        (rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=3),
         rng.uniform(0.5, 2, size=3), 1e-5)]),
]


EXERCICIOS: dict[str, list[FuncaoCorrigida]] = {
    "gradiente_descendente": GRADIENTE_DESCENDENTE,
    "xor": XOR,
    "adam": ADAM,
    "verificacao_gradiente": VERIFICACAO_GRADIENTE,
    "softmax": SOFTMAX,
    "normalizacao_lote": NORMALIZACAO_LOTE,
}
