"""Verdade declarada do exercício ``inicializacao`` (cap. 4).

Convenção do curso: ``dimensoes = [n0, n1, ..., nL]``; ``W{l}`` com forma
``(n[l-1], n[l])`` e ``b{l}`` com forma ``(n[l],)``; X (m, n0), um exemplo por linha.
O sorteio é fixado pelo enunciado para a correção ser determinística:
``rng = np.random.default_rng(semente)`` uma vez e, na ordem l = 1..L,
``rng.standard_normal((n[l-1], n[l])) * fator``; vieses zerados.
"""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida


def _dimensoes(rng, L):
    """Tamanhos de 2 a 8, sempre diferentes entre camadas vizinhas: uma forma transposta
    ou n[l] no lugar de n[l-1] nunca passa por coincidência."""
    dims = [int(rng.integers(2, 9))]
    for _ in range(L):
        n = int(rng.integers(2, 8))
        dims.append(n + 1 if n >= dims[-1] else n)      # nunca igual ao anterior
    return dims


def _semente(rng):
    return int(rng.integers(0, 2**31))


def _casos_estatisticas(rng):
    """Rede com vieses diferentes de zero (ignorar b não passa), tanh e ReLU (ignorar a
    ativação não passa), camadas de tamanhos diferentes e pesos grandes o bastante para a
    tanh sair da região linear (pré-ativação no lugar da ativação não passa)."""
    casos = []
    for ativacao, L in (("tanh", 3), ("relu", 2), ("relu", 4)):
        dims = _dimensoes(rng, L)
        m = int(rng.integers(5, 10))
        X = rng.normal(0, 1.5, size=(m, dims[0]))
        p = {}
        for l in range(1, L + 1):
            ganho = rng.uniform(1.0, 2.0) if ativacao == "relu" else rng.uniform(0.8, 2.5)
            p[f"W{l}"] = rng.normal(size=(dims[l - 1], dims[l])) * ganho / np.sqrt(dims[l - 1])
            # ReLU: vieses positivos em média, para nenhuma camada ficar toda desligada.
            p[f"b{l}"] = rng.normal(0.3 if ativacao == "relu" else 0.0, 0.5, size=dims[l])
        casos.append((X, p, ativacao))
    return casos


# Tolerâncias. As inicializações saem da mesma sequência de sorteios da referência: só a
# ordem das contas do fator (√(1/n) ou 1/√n, o fator antes ou depois do sorteio) muda o
# arredondamento, em ~1e-16 relativo; rtol = 1e-9 aceita isso e recusa qualquer outro
# fator ou outra sequência de sorteios. Zeros: exatos. Nas estatísticas, np.std,
# √(média dos quadrados − média²) ou somas em outra ordem diferem em ~1e-15 relativo; o
# atol cobre médias perto de zero (tanh), que não têm escala própria.
INICIALIZACAO = [
    FuncaoCorrigida("inicializar_zeros", lambda rng: [
        (_dimensoes(rng, L),) for L in (1, 3)], rtol=0.0, atol=0.0),
    FuncaoCorrigida("inicializar_aleatoria", lambda rng: [
        (_dimensoes(rng, L), float(rng.uniform(0.05, 2.0)), _semente(rng)) for L in (1, 3)],
        rtol=1e-9, atol=1e-12),
    FuncaoCorrigida("inicializar_xavier", lambda rng: [
        (_dimensoes(rng, L), _semente(rng)) for L in (2, 4)], rtol=1e-9, atol=1e-12),
    FuncaoCorrigida("inicializar_he", lambda rng: [
        (_dimensoes(rng, L), _semente(rng)) for L in (2, 4)], rtol=1e-9, atol=1e-12),
    FuncaoCorrigida("estatisticas_ativacoes", _casos_estatisticas, rtol=1e-7, atol=1e-10),
]
