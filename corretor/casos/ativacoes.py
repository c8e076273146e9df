"""Verdade declarada do exercício ``ativacoes`` (cap. 3): Leaky ReLU, ELU e PReLU.

Estilo do curso (``curso.camadas``): ``<ativacao>_frente(z, a) -> (saida, cache)`` e
``<ativacao>_tras(dsaida, cache) -> dz`` (na PReLU, ``(dz, da)``). O cache faz parte do
contrato e é comparado: ``cache = (cópia de z, a)`` (na PReLU, ``(cópia de z, cópia de
a)``). A cópia é exigida pela regra geral do corretor (nenhuma saída divide a memória
com um argumento) e tem motivo próprio: quem chama pode alterar ``z`` no lugar antes do
passo para trás. As funções de trás recebem o cache montado aqui pelo gerador, e não o
da frente do aluno: elas não dependem das de frente (um erro, um ponto).

Convenção em z = 0: vale a parte negativa (saída 0; derivada ``a`` na Leaky ReLU e na
PReLU, ``a·e⁰ = a`` na ELU). Todo gerador põe zeros exatos em ``z`` para cobrá-la.
Exemplos nas linhas: ``z`` (m, n), ``a`` da PReLU (n,), uma inclinação por unidade.
"""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida


def _z(rng, forma, zeros=2):
    """Pré-ativações com alguns zeros exatos (a convenção em z = 0 conta)."""
    z = rng.normal(0, 2, size=forma)
    z.flat[rng.choice(z.size, size=zeros, replace=False)] = 0.0
    return z


def _a_prelu(rng, n):
    """Uma inclinação por unidade, de sinais misturados (a PReLU aprende a; pode ser < 0).

    Com a < 0, a·z > 0 para z < 0: testar o sinal da saída em vez do de z erra. Todas
    ficam abaixo de 1, onde max(z, a·z) é a mesma função (a forma do capítulo 3).
    """
    a = rng.uniform(0.05, 0.9, size=n)
    a[rng.permutation(n)[: max(1, n // 2)]] *= -1
    return a


def _casos_fracao(rng):
    """Z (m, n), m ≠ n: colunas mortas (uma com zeros exatos), vivas por um exemplo só."""
    casos = []
    for m, n, mortas in ((7, 5, 2), (6, 9, 4)):
        Z = rng.normal(0, 1.5, size=(m, n))
        Z[:, 0] = np.abs(Z[:, 0]) + 0.1                       # viva em todo exemplo
        Z[:, 1] = -np.abs(Z[:, 1]) - 0.1                      # viva num exemplo só
        Z[rng.integers(m), 1] = float(rng.uniform(0.1, 1.0))
        colunas = rng.permutation(np.arange(2, n))[:mortas]
        Z[:, colunas] = -np.abs(Z[:, colunas]) - 0.05         # mortas: z ≤ 0 em todo exemplo
        Z[rng.permutation(m)[:2], colunas[0]] = 0.0           # morta com zeros (z ≤ 0, não z < 0)
        casos.append((Z,))
    return casos


# Tolerâncias: contas elemento a elemento (e somas de poucas parcelas na PReLU), sem
# cancelamento; o padrão (rtol 1e-5, atol 1e-8) aceita np.expm1 ou np.exp − 1 na ELU e
# qualquer ordem das somas, e ainda separa a de 0,01, z ≥ 0 de z > 0 etc. (diferenças
# de ordem 1). Na fração de unidades mortas a resposta é exata (k/n): atol 1e-12.
ATIVACOES = [
    # a longe de 0,01 (um 0,01 fixo não passa) e abaixo de 1 (max(z, a·z) vale).
    FuncaoCorrigida("leaky_relu_frente", lambda rng: [
        (_z(rng, (5, 4)), float(rng.uniform(0.05, 0.45))),
        (_z(rng, (7,)), float(rng.uniform(0.5, 0.95)))]),
    FuncaoCorrigida("leaky_relu_tras", lambda rng: [
        (rng.normal(size=forma), (_z(rng, forma, zeros=3), float(rng.uniform(lo, hi))))
        for forma, lo, hi in (((6, 3), 0.05, 0.45), ((8,), 0.5, 0.95))]),
    # a de um lado e do outro de 1: um a = 1 fixo não passa, e em z = 0 a derivada a ≠ 1
    # separa z > 0 de z ≥ 0. Alguns z bem negativos cobram a saturação em −a.
    FuncaoCorrigida("elu_frente", lambda rng: [
        (_z(rng, (4, 5)) - 3.0 * (rng.random((4, 5)) < 0.3), float(rng.uniform(1.5, 3.0))),
        (_z(rng, (6,)), float(rng.uniform(0.2, 0.7)))]),
    FuncaoCorrigida("elu_tras", lambda rng: [
        (rng.normal(size=forma), (_z(rng, forma, zeros=3), float(rng.uniform(lo, hi))))
        for forma, lo, hi in (((5, 3), 1.5, 3.0), ((7,), 0.2, 0.7))]),
    # m ≠ n: somar da no eixo errado ou expandir a nas linhas dá outra forma.
    FuncaoCorrigida("prelu_frente", lambda rng: [
        (_z(rng, (m, n), zeros=3), _a_prelu(rng, n)) for m, n in ((6, 4), (3, 5))]),
    FuncaoCorrigida("prelu_tras", lambda rng: [
        (rng.normal(size=(m, n)), (_z(rng, (m, n), zeros=3), _a_prelu(rng, n)))
        for m, n in ((7, 4), (4, 6))]),
    FuncaoCorrigida("fracao_mortas", _casos_fracao, rtol=0.0, atol=1e-12),
]
