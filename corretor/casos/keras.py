"""Verdade declarada do exercício keras (cap. 9): contagens, modelos do Keras e a fita.

Convenção do curso: exemplos nas linhas, X (m, n0), W (n0, K), b (K,) e Y one-hot (m, K).
"""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida


def _casos_contagem(rng):
    """Uma rede densa e uma convolucional, com tudo sorteado: a entrada retangular
    (altura ≠ largura), com 2 ou 3 canais, e núcleos de 2 a 5 (ignorar os canais, trocar a
    altura pela largura ou fixar k = 3 muda a resposta)."""
    densa = ((int(rng.integers(5, 900)),),
             [("densa", int(rng.integers(2, 200))) for _ in range(int(rng.integers(2, 4)))])
    h = int(rng.integers(14, 31))
    w = h + int(rng.choice([-1, 1])) * int(rng.integers(1, 5))
    convolucional = ((h, w, int(rng.integers(2, 4))),
                     [("conv", int(rng.integers(2, 40)), int(rng.integers(2, 6))),
                      ("conv", int(rng.integers(2, 40)), int(rng.integers(2, 6))), ("achatar",),
                      ("densa", int(rng.integers(2, 130))), ("densa", int(rng.integers(2, 12)))])
    return [densa, convolucional]


def _camada_softmax(rng, deslocamento=0.0):
    """(W, b, X, Y) de uma camada softmax; m ≥ 6 > K, para dividir por K não passar."""
    m, n, K = int(rng.integers(6, 11)), int(rng.integers(2, 6)), int(rng.integers(3, 6))
    W = rng.normal(0, 1, (n, K))
    b = rng.normal(0, 1, K) + deslocamento
    X = rng.normal(0, 1.5, (m, n))
    Y = np.eye(K)[rng.integers(0, K, m)]
    return W, b, X, Y


def _deslocamento(rng):
    # Logits da ordem de ±500 a ±900: sem subtrair o máximo, a exponencial estoura.
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(500, 900))


KERAS = [
    # Contagens inteiras: comparação exata.
    FuncaoCorrigida("contar_parametros", _casos_contagem, rtol=0.0, atol=0.0, lista_ok=True),
    # Um modelo do Keras não é um dado comparável (nem transportável para fora da caixa):
    # só os diagnósticos julgam (entrada, saída, contagem e ativações, estas refazendo o
    # passo para a frente em numpy com os pesos do próprio modelo), e não há casos.
    FuncaoCorrigida("modelo_logreg", lambda rng: [], comparar=False),
    FuncaoCorrigida("modelo_nn", lambda rng: [], comparar=False),
    FuncaoCorrigida("modelo_dnn", lambda rng: [], comparar=False),
    FuncaoCorrigida("modelo_cdnn", lambda rng: [], comparar=False),
    # Em float64 uma conta certa difere da referência só no arredondamento (~1e-15
    # relativo): 1e-7 deixa folga de oito ordens, e qualquer erro de fórmula (sinal, m,
    # softmax de coluna...) muda a resposta em 1e-3 ou mais.
    FuncaoCorrigida("gradiente_manual", lambda rng: [
        _camada_softmax(rng), _camada_softmax(rng, _deslocamento(rng))], rtol=1e-7, atol=1e-10),
    # Os otimizadores do Keras (keras.optimizers.SGD, um jeito legítimo de dar o passo)
    # guardam a taxa em float32: o passo muda em ~6e-8·|taxa·dW|, até ~2e-7 aqui; daí
    # 1e-6. Fazer as contas em float32 (erro ~1e-7·|W|, que também passaria) é pego
    # antes, pelo diagnóstico próprio, com taxa 0,5 (exata em float32).
    FuncaoCorrigida("passo_gradient_tape", lambda rng: [
        (*_camada_softmax(rng), float(rng.uniform(0.05, 1.0))),
        (*_camada_softmax(rng, _deslocamento(rng)), float(rng.uniform(0.05, 1.0)))],
        rtol=1e-6, atol=1e-6),
]
