"""Funções de perda no estilo do curso: cada uma devolve ``(perda, dgrad)``.

``perda`` é um número (a média sobre os exemplos, isto é, o custo do minilote) e
``dgrad`` é o gradiente da perda em relação à **primeira** entrada (as previsões,
os *logits* ou as pontuações), com a mesma forma dela. É esse ``dgrad`` que
inicia a retropropagação.

A entropia cruzada categórica com softmax fica em :mod:`curso.softmax`.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "erro_quadratico_medio",
    "entropia_cruzada_binaria_logits",
    "entropia_cruzada_binaria",
    "hinge_multiclasse",
]


def erro_quadratico_medio(previsto, alvo):
    """Erro quadrático médio: ``L = média((previsto − alvo)²)``.

    A média é sobre **todos** os elementos (exemplos e saídas). O gradiente é
    ``2·(previsto − alvo) / previsto.size``.
    """
    previsto = np.asarray(previsto, dtype=float)
    alvo = np.asarray(alvo, dtype=float).reshape(previsto.shape)
    dif = previsto - alvo
    perda = float(np.mean(dif * dif))
    return perda, 2.0 * dif / dif.size


def entropia_cruzada_binaria_logits(z, y):
    """Entropia cruzada binária a partir dos *logits* ``z`` (antes da sigmoide).

    ``L = −média(y·ln σ(z) + (1 − y)·ln(1 − σ(z)))``, calculada na forma estável
    ``max(z, 0) − z·y + ln(1 + e^(−|z|))``, que nunca tira log de zero nem
    calcula ``exp`` de número grande. O gradiente é ``(σ(z) − y) / z.size``:
    a sigmoide e o log se cancelam e sobra o "erro" da previsão.

    ``y`` contém 0s e 1s (ou probabilidades-alvo) e é ajustado à forma de ``z``.
    """
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float).reshape(z.shape)
    perdas = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    e = np.exp(-np.abs(z))
    sig = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(np.mean(perdas)), (sig - y) / z.size


def entropia_cruzada_binaria(p, y, eps=1e-12):
    """Entropia cruzada binária a partir de probabilidades ``p`` (depois da sigmoide).

    ``L = −média(y·ln p + (1 − y)·ln(1 − p))``. Para não tirar log de 0, ``p`` é
    recortado em ``[eps, 1 − eps]``. O gradiente em relação a ``p`` é
    ``(p − y) / (p·(1 − p)) / p.size``. Prefira a versão com logits quando puder:
    ela é mais estável e o gradiente fica mais simples.
    """
    p = np.asarray(p, dtype=float)
    y = np.asarray(y, dtype=float).reshape(p.shape)
    pc = np.clip(p, eps, 1.0 - eps)
    perda = float(-np.mean(y * np.log(pc) + (1.0 - y) * np.log1p(-pc)))
    dp = (pc - y) / (pc * (1.0 - pc)) / p.size
    return perda, dp


def hinge_multiclasse(s, y, margem=1.0):
    """Perda *hinge* multiclasse (SVM): ``L_i = Σ_{j≠y_i} max(0, s_j − s_{y_i} + margem)``.

    Parâmetros
    ----------
    s : array (m, K) — pontuações de cada classe.
    y : array (m,) — índice da classe correta de cada exemplo.

    Devolve a média de ``L_i`` e ``ds`` (m, K). Cada classe errada que viola a
    margem recebe +1 no gradiente e a classe correta recebe −1 por violação.
    """
    s = np.asarray(s, dtype=float)
    y = np.asarray(y, dtype=np.int64)
    n = s.shape[0]
    linhas = np.arange(n)
    corretas = s[linhas, y][:, None]
    margens = np.maximum(0.0, s - corretas + margem)
    margens[linhas, y] = 0.0
    perda = float(margens.sum() / n)
    violou = (margens > 0).astype(float)
    violou[linhas, y] = -violou.sum(axis=1)
    return perda, violou / n
