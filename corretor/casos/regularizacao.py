"""Verdade declarada do exercício ``regularizacao`` (cap. 5.2): termo L2 do custo e o seu
gradiente, dropout invertido (ida e volta) com os números uniformes dados e a decisão da
parada antecipada numa curva de validação."""

from __future__ import annotations

import numpy as np

from corretor.casos.base import FuncaoCorrigida, rede_aleatoria

# Convenção do curso: W{l} (n^{[l-1]}, n^{[l]}), b{l} (n^{[l]},); ativações (m, n^{[l]}),
# um exemplo por linha; p = probabilidade de MANTER; épocas contadas a partir de 1.


def _rede(rng, dims):
    """Parâmetros de uma rede com as dimensões ``dims``; os b têm a escala dos W, para que
    incluir os vieses na L2 mude a resposta bem além das tolerâncias."""
    return rede_aleatoria(rng, dims, media_b=1.0)


def _dimensoes(rng, camadas):
    return [int(n) for n in rng.integers(1, 6, size=camadas + 1)]


def _casos_l2(rng):
    """Duas e três camadas (o número de camadas vem do dicionário); λ e m sorteados."""
    return [(_rede(rng, _dimensoes(rng, camadas)), float(rng.uniform(0.1, 5.0)),
             int(rng.integers(5, 200))) for camadas in (2, 3)]


def _uniformes(rng, forma, p):
    """Números uniformes em [0, 1), com alguns iguais a p e a 1 − p (U < p e U ≤ p diferem)."""
    U = rng.random(forma)
    posicoes = rng.choice(U.size, size=4, replace=False)
    U.flat[posicoes[:2]] = p
    U.flat[posicoes[2:]] = 1 - p
    return U


def _casos_dropout_frente(rng):
    casos = []
    for forma in ((5, 4), (3, 7)):
        p = float(rng.uniform(0.3, 0.9))
        casos.append((rng.normal(size=forma), p, _uniformes(rng, forma, p)))
    return casos


def _casos_dropout_tras(rng):
    casos = []
    for forma in ((5, 4), (3, 7)):
        p = float(rng.uniform(0.3, 0.9))
        casos.append((rng.normal(size=forma), (rng.random(forma) < p, p)))
    return casos


def _curva_em_u(rng, n):
    """Custo de validação que cai, tem um mínimo e volta a subir, com ruído; arredondado a
    duas casas, para que haja empates (um empate não é melhora)."""
    t = np.arange(n)
    minimo = rng.integers(n // 4, n // 2)
    curva = 0.4 + 0.6 * np.exp(-t / 3) + 0.004 * np.maximum(t - minimo, 0) ** 1.5
    return np.round(curva + rng.normal(0, 0.02, n), 2)


def _casos_parada(rng):
    """Curvas em U (uma em lista, como no histórico de um treino, outra em array) e uma
    curva que só desce (a paciência nunca se esgota: para na última época)."""
    n1, n2, n3 = (int(n) for n in rng.integers(15, 31, size=3))
    return [(_curva_em_u(rng, n1).tolist(), int(rng.integers(2, 6))),
            (_curva_em_u(rng, n2), int(rng.integers(2, 6))),
            (1.0 - np.cumsum(rng.uniform(0.005, 0.03, n3)), int(rng.integers(1, 4)))]


REGULARIZACAO = [
    # Somas de quadrados em float64: trocar a ordem das somas muda só o arredondamento
    # (~1e-15 relativo); as tolerâncias padrão (rtol 1e-5) folgam isso, e qualquer erro
    # típico (os b, m no lugar de 2m, 2λ/m, λ esquecido) muda a resposta em 10 % ou mais.
    FuncaoCorrigida("custo_l2", _casos_l2),
    FuncaoCorrigida("gradiente_l2", _casos_l2),
    # A máscara sai de U < p: comparação exata, salvo o arredondamento de A / p (rtol padrão).
    FuncaoCorrigida("dropout_frente", _casos_dropout_frente),
    FuncaoCorrigida("dropout_tras", _casos_dropout_tras),
    # Épocas são inteiros: comparação exata.
    FuncaoCorrigida("parada_antecipada", _casos_parada, rtol=0.0, atol=0.0),
]
