"""Verdade declarada dos seis primeiros exercícios (caps. 1, 2, 6, 7 e 8)."""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida, rede_aleatoria

# Todos os exercícios seguem a convenção do curso: linhas = exemplos, X (m, n_x),
# W (n_entrada, n_saida), b (n_saida,) e Y (m, 1); na softmax, Z, A e Y one-hot (m, K).

# ----------------------------------------------------------------- gradiente_descendente

def _dados_binarios(rng, m, n):
    X = rng.normal(0, 1.5, size=(m, n))
    y = (X @ rng.normal(size=n) + rng.normal(0, 0.5, size=m) > 0).astype(float)
    return X, y


GRADIENTE_DESCENDENTE = [
    FuncaoCorrigida("sigmoide", lambda rng: [(rng.normal(0, 4, size=(3, 4)),),
                                             (rng.normal(0, 2, size=7),),
                                             (float(rng.normal(0, 3)),)]),
    FuncaoCorrigida("prever", lambda rng: [
        (rng.normal(size=(m, n)), rng.normal(size=n), float(rng.normal()))
        for m, n in ((6, 3), (9, 2))], depende=("sigmoide",)),
    FuncaoCorrigida("entropia_cruzada", lambda rng: [
        (rng.integers(0, 2, size=m).astype(float), rng.uniform(0.05, 0.95, size=m))
        for m in (5, 12)]),
    FuncaoCorrigida("atualizar_pesos", lambda rng: [
        (*_dados_binarios(rng, m, n), rng.normal(size=n), float(rng.normal()),
         float(rng.uniform(0.05, 1.0))) for m, n in ((8, 2), (15, 3))], depende=("prever",)),
    FuncaoCorrigida("treinar", lambda rng: [
        (*_dados_binarios(rng, m, n), float(rng.uniform(0.1, 1.0)), int(e))
        for m, n, e in ((20, 2, 25), (30, 3, 40))], rtol=1e-4, atol=1e-7,
        depende=("atualizar_pesos", "entropia_cruzada", "prever")),
]

# ----------------------------------------------------------------- xor


def _mlp(rng, n_x, n_h):
    return rede_aleatoria(rng, [n_x, n_h, 1])


def _casos_retro(rng):
    casos = []
    for n_x, n_h, m in ((2, 3, 4), (3, 5, 7)):
        p = _mlp(rng, n_x, n_h)
        X = rng.normal(size=(m, n_x))
        Y = rng.integers(0, 2, size=(m, 1)).astype(float)
        A1 = np.tanh(rng.normal(size=(m, n_h)))
        A2 = rng.uniform(0.05, 0.95, size=(m, 1))
        casos.append((X, Y, p, A1, A2))
    return casos


XOR = [
    # Qualquer escolha de pesos com a tabela-verdade certa vale: só os diagnósticos julgam.
    FuncaoCorrigida("pesos_e", lambda rng: [()], comparar=False),
    FuncaoCorrigida("pesos_ou", lambda rng: [()], comparar=False),
    FuncaoCorrigida("pesos_nao", lambda rng: [()], comparar=False),
    FuncaoCorrigida("xor_perceptrons", lambda rng: [
        (rng.integers(0, 2, size=(12, 2)).astype(float),)], atol=0.0, rtol=0.0,
        depende=("pesos_e", "pesos_ou", "pesos_nao")),
    FuncaoCorrigida("propagar", lambda rng: [
        (rng.normal(size=(m, n_x)), _mlp(rng, n_x, n_h))
        for n_x, n_h, m in ((2, 4, 4), (3, 2, 6))]),
    FuncaoCorrigida("retropropagar", _casos_retro),
    FuncaoCorrigida("treinar_mlp", lambda rng: [
        (rng.normal(size=(6, 2)), rng.integers(0, 2, size=(6, 1)).astype(float),
         int(rng.integers(2, 5)), float(rng.uniform(0.1, 1.0)), int(rng.integers(20, 40)),
         int(rng.integers(0, 1000)))],
        rtol=1e-4, atol=1e-7, depende=("propagar", "retropropagar")),
]


# ----------------------------------------------------------------- adam

def _casos_adam(rng):
    """β1, β2 e ε sorteados (todo argumento conta); t = 0 (primeiro passo) e t > 0."""
    casos = []
    for dims, t in (([3, 4, 1], 0), ([2, 3, 2, 1], int(rng.integers(3, 9)))):
        p = rede_aleatoria(rng, dims)
        g = {"d" + k: rng.normal(size=v.shape) for k, v in p.items()}
        v = {"d" + k: rng.normal(0, 0.1, size=x.shape) for k, x in p.items()}
        s = {"d" + k: rng.uniform(0, 0.01, size=x.shape) for k, x in p.items()}
        casos.append((p, g, v, s, t, float(rng.uniform(0.001, 0.1)),
                      float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.99)),
                      float(rng.uniform(1e-3, 1e-1))))
    return casos


ADAM = [
    FuncaoCorrigida("inicializar_adam", lambda rng: [(rede_aleatoria(rng, [3, 5, 2, 1]),)]),
    FuncaoCorrigida("atualizar_adam", _casos_adam),
    FuncaoCorrigida("atualizar_gd", lambda rng: [
        (p, {"d" + k: rng.normal(size=v.shape) for k, v in p.items()},
         float(rng.uniform(0.01, 0.5))) for p in (rede_aleatoria(rng, [2, 3, 1]),)]),
    FuncaoCorrigida("treinar", lambda rng: [
        (rng.normal(size=(16, 2)), rng.integers(0, 2, size=(16, 1)).astype(float),
         dimensoes, otimizador, taxa, int(rng.integers(8, 16)), int(rng.integers(0, 1000)))
        for dimensoes, otimizador, taxa in (
            ([2, int(rng.integers(3, 6)), int(rng.integers(2, 4)), 1], "adam",
             float(rng.uniform(0.005, 0.02))),
            ([2, int(rng.integers(3, 6)), 1], "gd", float(rng.uniform(0.05, 0.2))))],
        rtol=1e-4, atol=1e-7, depende=("inicializar_adam", "atualizar_adam", "atualizar_gd")),
]


# ----------------------------------------------------------------- verificacao_gradiente

def _casos_verif(rng):
    casos = []
    for perturbar in (0.0, 0.5):
        p = _mlp(rng, 2, 3)
        X = rng.normal(size=(6, 2))
        Y = rng.integers(0, 2, size=(6, 1)).astype(float)
        # Gradientes "analíticos" sorteados: a referência mede a distância até o numérico.
        g = {k: rng.normal(0, 0.3, size=v.shape) * (1 + perturbar) for k, v in p.items()}
        casos.append((p, X, Y, g, float(rng.uniform(0.05, 0.3))))
    return casos


VERIFICACAO_GRADIENTE = [
    # ε entre 0,01 e 0,1: grande o bastante para a diferença para a frente (erro ~ε), um ε
    # fixo no lugar do argumento (erro ~ε²) ou a troca de ε não passarem, e para o
    # arredondamento (~1e-16/ε) não pesar. Em verificar_gradiente, ε ainda maior.
    FuncaoCorrigida("gradiente_numerico", lambda rng: [
        (_mlp(rng, 2, 3), rng.normal(size=(5, 2)),
         rng.integers(0, 2, size=(5, 1)).astype(float), float(rng.uniform(0.01, 0.1)))],
        rtol=1e-6, atol=1e-8),
    FuncaoCorrigida("diferenca_relativa", lambda rng: [
        (rng.normal(size=n), rng.normal(size=n)) for n in (4, 9)]),
    FuncaoCorrigida("verificar_gradiente", _casos_verif, rtol=1e-4, atol=1e-7,
                    depende=("gradiente_numerico", "diferenca_relativa")),
]


# ----------------------------------------------------------------- softmax

def _probabilidades(rng, m, K):
    A = rng.uniform(0.05, 1.0, size=(m, K))
    return A / A.sum(axis=1, keepdims=True)


def _one_hot(rng, m, K):
    Y = np.zeros((m, K))
    Y[np.arange(m), rng.integers(0, K, size=m)] = 1.0
    return Y


SOFTMAX = [
    # O segundo caso desloca cada linha (exemplo) de +1000, −1000 e 0: sem subtrair o
    # máximo de cada linha (ou subtraindo o de cada coluna, ou o global) sai NaN/infinito.
    FuncaoCorrigida("softmax", lambda rng: [
        (rng.normal(0, 3, size=(6, 4)),),
        (rng.normal(0, 5, size=(3, 4)) + np.array([[1000.0], [-1000.0], [0.0]]),)]),
    # K maior que o maior rótulo + 1: K é argumento, não se deduz dos rótulos.
    FuncaoCorrigida("one_hot", lambda rng: [(rng.integers(0, 4, size=9), int(rng.integers(5, 8)))],
                    rtol=0, atol=0),
    FuncaoCorrigida("entropia_cruzada_categorica", lambda rng: [
        (_one_hot(rng, 7, 4), _probabilidades(rng, 7, 4))]),
    FuncaoCorrigida("gradiente_softmax", lambda rng: [
        (_one_hot(rng, 5, 3), _probabilidades(rng, 5, 3))]),
]


# ----------------------------------------------------------------- normalizacao_lote

NORMALIZACAO_LOTE = [
    # ε sorteado entre 0,01 e 0,5 (e não 1e-5): assim ignorar ε também muda a resposta.
    FuncaoCorrigida("normalizacao_lote_frente", lambda rng: [
        (rng.normal(2, 3, size=(7, 4)), rng.normal(size=4), rng.normal(size=4),
         float(rng.uniform(0.01, 0.5)))]),
    FuncaoCorrigida("normalizacao_lote_tras", lambda rng: [
        (rng.normal(size=(6, 3)), rng.normal(1, 2, size=(6, 3)), rng.normal(size=3),
         float(rng.uniform(0.01, 0.5)))], rtol=1e-5, atol=1e-7),
    FuncaoCorrigida("atualizar_medias_moveis", lambda rng: [
        (rng.normal(size=3), rng.uniform(0.5, 2, size=3), rng.normal(size=(5, 3)),
         float(rng.uniform(0.5, 0.99)))]),
    FuncaoCorrigida("normalizacao_lote_inferencia", lambda rng: [
        (rng.normal(size=(2, 3)), rng.normal(size=3), rng.normal(size=3), rng.normal(size=3),
         rng.uniform(0.5, 2, size=3), float(rng.uniform(0.01, 0.5)))]),
]
