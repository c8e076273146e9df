"""Verdade declarada do exercício ``otimizacao`` (cap. 6): minilotes, momento, RMSProp e
as três fórmulas de decaimento da taxa de aprendizado."""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida, rede_aleatoria

# Convenção do curso: linhas = exemplos, X (m, n), Y (m, k); parâmetros num dicionário
# ("W1", "b1", ...) e gradientes, v e s com as chaves com d na frente ("dW1", "db1", ...).


def _casos_minilotes(rng):
    """m não múltiplo do tamanho (último minilote parcial) e m múltiplo (nenhum lote
    vazio no fim); Y com uma e com várias colunas; semente sorteada (ignorá-la muda a
    ordem)."""
    casos = []
    t1 = int(rng.integers(3, 7))
    m1 = t1 * int(rng.integers(2, 5)) + int(rng.integers(1, t1))
    t2 = int(rng.integers(2, 6))
    m2 = t2 * int(rng.integers(3, 6))
    for m, n, k, tamanho in ((m1, 3, 1, t1), (m2, 2, 2, t2)):
        casos.append((rng.normal(size=(m, n)), rng.normal(size=(m, k)), tamanho,
                      int(rng.integers(0, 1_000_000))))
    return casos


def _casos_momento(rng):
    """β entre 0,5 e 0,99 (0,9 fixo não passa) e v anterior diferente de zero (esquecer
    β·v ou o próprio v muda a resposta)."""
    casos = []
    for dims in ([3, 4, 1], [2, 3, 2]):
        p = rede_aleatoria(rng, dims)
        g = {"d" + k: rng.normal(size=x.shape) for k, x in p.items()}
        v = {"d" + k: rng.normal(0, 0.5, size=x.shape) for k, x in p.items()}
        casos.append((p, g, v, float(rng.uniform(0.5, 0.99)), float(rng.uniform(0.01, 0.5))))
    return casos


def _casos_rmsprop(rng):
    """s anterior positivo e da ordem de dW²; ε entre 0,01 e 0,2 (e não 1e-8): assim ε
    dentro da raiz, ε ignorado ou fixo também mudam a resposta."""
    casos = []
    for dims in ([3, 4, 1], [2, 3, 2]):
        p = rede_aleatoria(rng, dims)
        g = {"d" + k: rng.normal(size=x.shape) for k, x in p.items()}
        s = {"d" + k: rng.uniform(0.05, 1.0, size=x.shape) for k, x in p.items()}
        casos.append((p, g, s, float(rng.uniform(0.5, 0.99)), float(rng.uniform(0.01, 0.5)),
                      float(rng.uniform(0.01, 0.2))))
    return casos


def _casos_decaimento(hiperparametro):
    """Uma época só (um inteiro ≥ 2) e um array de épocas a partir de 1; taxa0 e o
    hiperparâmetro da fórmula sorteados."""
    def gerar(rng):
        return [(float(rng.uniform(0.01, 1.0)), int(rng.integers(2, 40)), hiperparametro(rng)),
                (float(rng.uniform(0.01, 1.0)), np.arange(1, int(rng.integers(6, 15))),
                 hiperparametro(rng))]
    return gerar


OTIMIZACAO = [
    # Só indexação: os minilotes são cópias exatas das linhas de X e Y (tolerância zero).
    FuncaoCorrigida("minilotes", _casos_minilotes, rtol=0.0, atol=0.0),
    # Nas três regras, só contas elemento a elemento: uma ordem diferente das mesmas contas
    # muda ~1e-16; as tolerâncias padrão (rtol 1e-5, atol 1e-8) sobram.
    FuncaoCorrigida("atualizar_momento", _casos_momento),
    FuncaoCorrigida("atualizar_rmsprop", _casos_rmsprop),
    # taxa_decaimento entre 0,05 e 2 (1 fixo não passa).
    FuncaoCorrigida("decaimento_inverso", _casos_decaimento(lambda rng: float(rng.uniform(0.05, 2.0)))),
    # base entre 0,5 e 0,99 (0,95 fixo não passa).
    FuncaoCorrigida("decaimento_exponencial", _casos_decaimento(lambda rng: float(rng.uniform(0.5, 0.99)))),
    # k entre 0,2 e 3 (1 fixo não passa).
    FuncaoCorrigida("decaimento_raiz", _casos_decaimento(lambda rng: float(rng.uniform(0.2, 3.0)))),
]
