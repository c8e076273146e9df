"""Classificação multiclasse: softmax, codificação one-hot e entropia cruzada.

Convenção do módulo: **cada linha é um exemplo** e cada coluna, uma classe. Assim um
minilote de ``m`` exemplos com ``K`` classes tem logits de formato ``(m, K)``. Um vetor
1-D é tratado como um único exemplo.

Funções principais
------------------
- :func:`softmax` — probabilidades a partir dos logits, de forma numericamente estável
  (subtrai o máximo de cada linha antes da exponencial);
- :func:`codificar_one_hot` — rótulos inteiros para vetores one-hot;
- :func:`entropia_cruzada_categorica` — custo médio a partir das probabilidades;
- :func:`softmax_entropia_cruzada` — custo e gradiente em relação aos logits,
  ``(ŷ − y) / m``, calculados juntos (o jeito estável e barato);
- :func:`softmax_forward` / :func:`softmax_backward` — a softmax isolada como camada,
  com a retropropagação pelo jacobiano;
- :class:`CamadaSoftmaxEntropiaCruzada` — a camada de saída usada nos capítulos.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "softmax",
    "log_softmax",
    "codificar_one_hot",
    "entropia_cruzada_categorica",
    "softmax_entropia_cruzada",
    "softmax_forward",
    "softmax_backward",
    "CamadaSoftmaxEntropiaCruzada",
    "acuracia",
]


def _como_float(z) -> np.ndarray:
    """Converte para array de ponto flutuante, preservando float32/float64."""
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z


def softmax(z) -> np.ndarray:
    """Softmax estável ao longo do último eixo (linhas = exemplos).

    ``softmax(z)_i = exp(z_i − max(z)) / Σ_j exp(z_j − max(z))``. Subtrair o máximo
    não muda o resultado (o fator ``exp(−max)`` se cancela), mas garante que o maior
    expoente seja 0: nada transborda (overflow) e o denominador é pelo menos 1.
    """
    z = _como_float(z)
    deslocado = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(deslocado)
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z) -> np.ndarray:
    """Logaritmo da softmax, estável: ``z − max − log Σ exp(z − max)``."""
    z = _como_float(z)
    deslocado = z - np.max(z, axis=-1, keepdims=True)
    return deslocado - np.log(np.sum(np.exp(deslocado), axis=-1, keepdims=True))


def codificar_one_hot(y, k: int | None = None, dtype=np.float64) -> np.ndarray:
    """Rótulos inteiros ``(m,)`` → matriz one-hot ``(m, k)``.

    ``k`` é o número de classes (se omitido, ``max(y) + 1``). Levanta ``ValueError``
    para rótulos negativos, não inteiros ou ``>= k``.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"Os rótulos devem ser um vetor 1-D; recebi formato {y.shape}.")
    if y.size and not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError("Os rótulos devem ser números inteiros (0, 1, ..., k-1).")
    y = y.astype(np.int64)
    if k is None:
        k = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"Rótulos fora do intervalo [0, {k - 1}]: "
                         f"mínimo {y.min()}, máximo {y.max()}.")
    saida = np.zeros((y.size, k), dtype=dtype)
    saida[np.arange(y.size), y] = 1
    return saida


def _alvos_one_hot(y, k: int, n: int, dtype) -> np.ndarray:
    """Aceita rótulos inteiros ``(m,)`` ou one-hot ``(m, K)`` e devolve one-hot."""
    y = np.asarray(y)
    if y.ndim == 2:
        if y.shape != (n, k):
            raise ValueError(f"Alvos one-hot com formato {y.shape}; esperava {(n, k)}.")
        return y.astype(dtype, copy=False)
    if y.shape != (n,):
        raise ValueError(f"Esperava {n} rótulos; recebi formato {y.shape}.")
    return codificar_one_hot(y, k, dtype=dtype)


def _como_lote(z: np.ndarray) -> np.ndarray:
    return z[np.newaxis, :] if z.ndim == 1 else z


def _alvo_de_um_exemplo(y, k: int) -> np.ndarray:
    """Alvo de um único exemplo: rótulo inteiro (escalar) ou vetor one-hot ``(K,)``."""
    y = np.asarray(y)
    if y.ndim == 0:
        return y[np.newaxis]
    if y.shape == (k,):
        return y[np.newaxis, :]
    raise ValueError(f"Para um único exemplo com {k} classes, o alvo deve ser um rótulo "
                     f"inteiro ou um vetor one-hot de tamanho {k}; recebi {y.shape}.")


def entropia_cruzada_categorica(probs, y, eps: float = 1e-12) -> float:
    """Custo médio ``−(1/m) Σ_i Σ_k y_ik log ŷ_ik``.

    ``probs``: probabilidades ``(m, K)`` (ou ``(K,)`` para um exemplo); ``y``: rótulos
    inteiros ou one-hot. As probabilidades são limitadas por baixo a ``eps`` para que
    ``log 0`` não vire ``-inf``; para treinar, prefira :func:`softmax_entropia_cruzada`,
    que parte dos logits e não precisa desse remendo.
    """
    probs = _como_float(probs)
    if probs.ndim == 1:
        probs, y = probs[np.newaxis, :], _alvo_de_um_exemplo(y, probs.shape[0])
    n, k = probs.shape
    alvo = _alvos_one_hot(y, k, n, probs.dtype)
    return float(-np.sum(alvo * np.log(np.maximum(probs, eps))) / n)


def softmax_entropia_cruzada(logits, y):
    """Custo de entropia cruzada da softmax e o gradiente em relação aos logits.

    Devolve ``(perda, dlogits)``: ``perda`` é a média no minilote e
    ``dlogits = (ŷ − y) / m``, com ``ŷ = softmax(logits)`` e ``y`` one-hot.
    ``y`` pode vir como rótulos inteiros ``(m,)`` ou já one-hot ``(m, K)``.
    O custo usa :func:`log_softmax`, que é estável mesmo com logits enormes.
    """
    logits = _como_float(logits)
    um_so = logits.ndim == 1
    z = _como_lote(logits)
    if um_so:
        y = _alvo_de_um_exemplo(y, z.shape[1])
    n, k = z.shape
    alvo = _alvos_one_hot(y, k, n, z.dtype)
    logp = log_softmax(z)
    perda = float(-np.sum(alvo * logp) / n)
    dlogits = (np.exp(logp) - alvo) / n
    return perda, (dlogits[0] if um_so else dlogits)


def softmax_forward(z):
    """Passo para a frente da softmax como camada: devolve ``(probs, cache)``."""
    p = softmax(z)
    return p, p


def softmax_backward(dprobs, cache) -> np.ndarray:
    """Retropropaga ``dL/dprobs`` pela softmax.

    O jacobiano da softmax é ``∂p_i/∂z_j = p_i (δ_ij − p_j)``; multiplicá-lo pelo
    gradiente que chega dá, linha a linha, ``dz = p ⊙ (dp − Σ_j dp_j p_j)`` — sem
    montar a matriz ``K × K``.
    """
    p = cache
    dprobs = np.asarray(dprobs, dtype=p.dtype)
    return p * (dprobs - np.sum(dprobs * p, axis=-1, keepdims=True))


class CamadaSoftmaxEntropiaCruzada:
    """Camada de saída: softmax seguida de entropia cruzada categórica.

    >>> camada = CamadaSoftmaxEntropiaCruzada()
    >>> perda = camada.forward(logits, y)   # custo médio do minilote
    >>> dlogits = camada.backward()         # (ŷ − y) / m

    ``backward(dperda)`` aceita o gradiente que chega de cima (1.0 por padrão).
    """

    def __init__(self):
        self.probs: np.ndarray | None = None
        self._dlogits: np.ndarray | None = None

    def forward(self, logits, y) -> float:
        perda, self._dlogits = softmax_entropia_cruzada(logits, y)
        self.probs = softmax(logits)
        return perda

    def backward(self, dperda: float = 1.0) -> np.ndarray:
        if self._dlogits is None:
            raise RuntimeError("Chame forward(logits, y) antes de backward().")
        return dperda * self._dlogits

    def prever(self, logits) -> np.ndarray:
        """Classe mais provável de cada exemplo (a softmax não muda o argmax)."""
        return np.argmax(np.asarray(logits), axis=-1)


def acuracia(logits_ou_probs, y) -> float:
    """Fração de exemplos cuja classe de maior escore é o rótulo ``y`` (inteiro)."""
    return float(np.mean(np.argmax(np.asarray(logits_ou_probs), axis=-1) == np.asarray(y)))
