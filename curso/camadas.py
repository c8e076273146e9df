"""Camadas no estilo *forward/backward*: a camada afim e as funções de ativação.

Convenção do curso: **linhas são exemplos**. Uma entrada ``x`` tem forma ``(m, n)``
(m exemplos com n características cada); uma camada afim com n_saida saídas tem
pesos ``w`` de forma ``(n, n_saida)`` e viés ``b`` de forma ``(n_saida,)`` (a notação
da tabela de ``intro.md``).

Cada camada vem em dois pedaços:

- ``<nome>_forward(x, ...) -> (out, cache)``: calcula a saída e guarda em ``cache``
  o que o passo para trás vai precisar;
- ``<nome>_backward(dout, cache) -> gradientes``: recebe ``dout`` = ∂L/∂out (mesma
  forma de ``out``) e devolve ∂L/∂(entradas), aplicando a regra da cadeia.

Além das camadas, o módulo oferece as funções "puras" de cada ativação e de sua
derivada (``sigmoide(z)``, ``derivada_sigmoide(z)`` etc.), úteis para gráficos.
Tudo funciona em ``float64``, que é o que a verificação numérica do gradiente pede.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "afim_forward", "afim_backward",
    "sigmoide", "derivada_sigmoide", "sigmoide_forward", "sigmoide_backward",
    "tanh", "derivada_tanh", "tanh_forward", "tanh_backward",
    "relu", "derivada_relu", "relu_forward", "relu_backward",
    "leaky_relu", "derivada_leaky_relu", "leaky_relu_forward", "leaky_relu_backward",
    "prelu_forward", "prelu_backward",
    "elu", "derivada_elu", "elu_forward", "elu_backward",
    "softplus", "derivada_softplus", "softplus_forward", "softplus_backward",
    "linear", "derivada_linear", "linear_forward", "linear_backward",
    "gelu", "derivada_gelu", "gelu_tanh", "silu", "derivada_silu", "mish", "derivada_mish",
    "maxout_forward", "maxout_backward",
    "dropout_forward", "dropout_backward",
    "ATIVACOES",
]


# ----------------------------------------------------------------------------------
# Camada afim (totalmente conectada)
# ----------------------------------------------------------------------------------

def afim_forward(x, w, b):
    """Camada afim: ``out = x @ w + b``.

    Parâmetros
    ----------
    x : array (m, n) — ou (m, d1, d2, ...), que é achatado para (m, n).
    w : array (n, n_saida) — pesos.
    b : array (n_saida,) — viés.

    Devolve ``(out, cache)`` com ``out`` de forma (m, n_saida).
    """
    x = np.asarray(x)
    x2 = x.reshape(x.shape[0], -1)
    if x2.shape[1] != w.shape[0]:
        raise ValueError(f"x tem {x2.shape[1]} características por exemplo, mas w espera "
                         f"{w.shape[0]} (w tem forma {w.shape}).")
    out = x2 @ w + b
    return out, (x, w, b)


def afim_backward(dout, cache):
    """Passo para trás da camada afim.

    Com ``out = x @ w + b`` e ``dout = ∂L/∂out`` (m, n_saida):

    - ``dx = dout @ w.T`` (na forma original de ``x``);
    - ``dw = x.T @ dout`` (n, n_saida);
    - ``db = dout.sum(axis=0)`` (n_saida,) — o viés é somado a todos os exemplos, então
      os gradientes dos exemplos se acumulam.
    """
    x, w, _ = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


# ----------------------------------------------------------------------------------
# Funções puras de ativação e suas derivadas (para gráficos e contas rápidas)
# ----------------------------------------------------------------------------------

def sigmoide(z):
    """Sigmoide (logística) σ(z) = 1 / (1 + e^(−z)), calculada de forma estável.

    Para z muito negativo, ``exp(-z)`` estouraria; usamos ``e^z / (1 + e^z)``
    nesse ramo, que é a mesma função. Entradas ``float32`` continuam ``float32``.
    """
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(float)
    e = np.exp(-np.abs(z))          # sempre em (0, 1]: nunca estoura
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def derivada_sigmoide(z):
    """σ'(z) = σ(z)·(1 − σ(z)); vale no máximo 0,25 (em z = 0)."""
    s = sigmoide(z)
    return s * (1.0 - s)


def tanh(z):
    """Tangente hiperbólica: (e^z − e^(−z)) / (e^z + e^(−z)), com saída em (−1, 1)."""
    return np.tanh(np.asarray(z, dtype=float))


def derivada_tanh(z):
    """tanh'(z) = 1 − tanh(z)²; vale no máximo 1 (em z = 0)."""
    t = np.tanh(np.asarray(z, dtype=float))
    return 1.0 - t * t


def relu(z):
    """ReLU: max(0, z)."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def derivada_relu(z):
    """Derivada da ReLU: 1 para z > 0 e 0 para z ≤ 0 (convenção em z = 0: 0)."""
    return (np.asarray(z) > 0).astype(float)


def leaky_relu(z, a=0.01):
    """Leaky ReLU: z para z > 0 e a·z para z ≤ 0 (= max(a·z, z) se a < 1)."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, a * z)


def derivada_leaky_relu(z, a=0.01):
    """Derivada da Leaky ReLU: 1 para z > 0 e a para z ≤ 0."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, a)


def elu(z, a=1.0):
    """ELU: z para z > 0 e a·(e^z − 1) para z ≤ 0."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, a * np.expm1(np.minimum(z, 0.0)))


def derivada_elu(z, a=1.0):
    """Derivada da ELU: 1 para z > 0 e a·e^z para z ≤ 0."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, a * np.exp(np.minimum(z, 0.0)))


def softplus(z):
    """Softplus: ln(1 + e^z), uma versão suave da ReLU (calculada sem estouro)."""
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


def derivada_softplus(z):
    """A derivada da softplus é a sigmoide: d/dz ln(1 + e^z) = σ(z)."""
    return sigmoide(z)


def linear(z):
    """Ativação linear (identidade): devolve z."""
    return np.asarray(z, dtype=float)


def derivada_linear(z):
    """Derivada da identidade: 1 em todo ponto."""
    return np.ones_like(np.asarray(z, dtype=float))


# Ativações suaves da prática atual: GELU (transformers), SiLU/Swish e Mish.
_erf = np.frompyfunc(math.erf, 1, 1)


def _fi(z):
    """Função de distribuição da normal padrão, Φ(z) = (1 + erf(z/√2)) / 2."""
    z = np.asarray(z, dtype=float)
    return 0.5 * (1.0 + np.asarray(_erf(z / math.sqrt(2.0)), dtype=float))


def gelu(z):
    """GELU: z·Φ(z), com Φ a função de distribuição da normal padrão."""
    z = np.asarray(z, dtype=float)
    return z * _fi(z)


def derivada_gelu(z):
    """GELU'(z) = Φ(z) + z·φ(z), com φ a densidade da normal padrão."""
    z = np.asarray(z, dtype=float)
    return _fi(z) + z * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def gelu_tanh(z):
    """A aproximação da GELU com tanh usada no BERT e no GPT-2:
    z/2 · (1 + tanh(√(2/π)·(z + 0,044715·z³)))."""
    z = np.asarray(z, dtype=float)
    return 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z ** 3)))


def silu(z):
    """SiLU (Swish com β = 1): z·σ(z)."""
    z = np.asarray(z, dtype=float)
    return z * sigmoide(z)


def derivada_silu(z):
    """SiLU'(z) = σ(z)·(1 + z·(1 − σ(z)))."""
    z = np.asarray(z, dtype=float)
    s = sigmoide(z)
    return s * (1.0 + z * (1.0 - s))


def mish(z):
    """Mish: z·tanh(softplus(z))."""
    z = np.asarray(z, dtype=float)
    return z * np.tanh(softplus(z))


def derivada_mish(z):
    """Mish'(z) = tanh(softplus(z)) + z·σ(z)·(1 − tanh²(softplus(z)))."""
    z = np.asarray(z, dtype=float)
    t = np.tanh(softplus(z))
    return t + z * sigmoide(z) * (1.0 - t * t)


# ----------------------------------------------------------------------------------
# Ativações como camadas forward/backward
# ----------------------------------------------------------------------------------

def sigmoide_forward(x):
    """Aplica a sigmoide elemento a elemento; o cache guarda a própria saída."""
    out = sigmoide(x)
    return out, out


def sigmoide_backward(dout, cache):
    """dx = dout · σ(x)·(1 − σ(x)), reaproveitando a saída guardada."""
    s = cache
    return dout * s * (1.0 - s)


def tanh_forward(x):
    """Aplica tanh elemento a elemento; o cache guarda a própria saída."""
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    """dx = dout · (1 − tanh(x)²)."""
    t = cache
    return dout * (1.0 - t * t)


def relu_forward(x):
    """Aplica max(0, x); o cache guarda a entrada."""
    return np.maximum(0.0, x), x


def relu_backward(dout, cache):
    """O gradiente só passa onde a entrada era positiva (a ReLU "roteia")."""
    x = cache
    return dout * (x > 0)


def leaky_relu_forward(x, a=0.01):
    """Leaky ReLU com inclinação fixa ``a`` na parte negativa."""
    return leaky_relu(x, a), (x, a)


def leaky_relu_backward(dout, cache):
    """dx = dout onde x > 0 e a·dout onde x ≤ 0."""
    x, a = cache
    return dout * np.where(x > 0, 1.0, a)


def _reduzir_para_forma(g, forma):
    """Soma ``g`` nos eixos que foram expandidos por *broadcasting* até ``forma``."""
    forma = tuple(forma)
    while g.ndim > len(forma):
        g = g.sum(axis=0)
    for eixo, tamanho in enumerate(forma):
        if tamanho == 1 and g.shape[eixo] != 1:
            g = g.sum(axis=eixo, keepdims=True)
    return g.reshape(forma)


def prelu_forward(x, a):
    """PReLU: como a Leaky ReLU, mas ``a`` é um parâmetro aprendido.

    ``a`` pode ser um escalar (um só para a camada) ou um array que se expande
    sobre ``x`` por *broadcasting* — por exemplo, forma (n,) para um a por
    unidade.
    """
    a_arr = np.asarray(a, dtype=float)
    out = np.where(x > 0, x, a_arr * x)
    return out, (x, a_arr)


def prelu_backward(dout, cache):
    """Devolve ``(dx, da)``.

    ∂out/∂x = 1 (x > 0) ou a (x ≤ 0); ∂out/∂a = x onde x ≤ 0 e 0 no resto.
    ``da`` tem a forma de ``a``: somamos as contribuições de todos os
    elementos que usaram o mesmo a.
    """
    x, a = cache
    negativo = x <= 0
    dx = dout * np.where(negativo, a, 1.0)
    da_elem = dout * x * negativo
    da = _reduzir_para_forma(da_elem, a.shape)
    if a.ndim == 0:
        da = float(da)
    return dx, da


def elu_forward(x, a=1.0):
    """ELU com parâmetro fixo ``a`` (o valor da saturação negativa é −a)."""
    out = elu(x, a)
    return out, (x, out, a)


def elu_backward(dout, cache):
    """dx = dout onde x > 0 e dout·(out + a) = dout·a·e^x onde x ≤ 0."""
    x, out, a = cache
    return dout * np.where(x > 0, 1.0, out + a)


def softplus_forward(x):
    """Softplus ln(1 + e^x); o cache guarda a entrada."""
    return softplus(x), x


def softplus_backward(dout, cache):
    """dx = dout · σ(x)."""
    return dout * sigmoide(cache)


def linear_forward(x):
    """Ativação identidade (usada, por exemplo, na saída de uma regressão)."""
    return np.asarray(x, dtype=float).copy(), None


def linear_backward(dout, cache):
    """O gradiente passa inalterado."""
    return np.asarray(dout, dtype=float).copy()


def maxout_forward(x, w, b):
    """Maxout com k peças: ``out[n, m] = max_j (x[n] @ w[j][:, m] + b[j, m])``.

    Parâmetros
    ----------
    x : array (m, n).
    w : array (k, n, n_saida) — uma matriz de pesos por peça.
    b : array (k, n_saida) — um viés por peça.

    Devolve ``(out, cache)`` com ``out`` de forma (m, n_saida). Com k = 2, w[0] = 0 e
    b[0] = 0, o maxout vira uma ReLU da camada afim da outra peça.
    """
    x = np.asarray(x, dtype=float)
    if w.ndim != 3 or b.shape != (w.shape[0], w.shape[2]):
        raise ValueError(f"maxout espera w (k, n, n_saida) e b (k, n_saida); recebi {w.shape} e {b.shape}.")
    z = np.einsum("nd,kdm->knm", x, w) + b[:, None, :]   # (k, m, n_saida)
    vencedora = np.argmax(z, axis=0)                      # (m, n_saida)
    out = np.take_along_axis(z, vencedora[None], axis=0)[0]
    return out, (x, w, vencedora)


def maxout_backward(dout, cache):
    """Devolve ``(dx, dw, db)``: o gradiente segue só pela peça vencedora."""
    x, w, vencedora = cache
    k = w.shape[0]
    mascara = (np.arange(k)[:, None, None] == vencedora[None])   # (k, m, n_saida)
    dz = mascara * dout[None]                                     # (k, m, n_saida)
    dw = np.einsum("nd,knm->kdm", x, dz)
    db = dz.sum(axis=1)
    dx = np.einsum("knm,kdm->nd", dz, w)
    return dx, dw, db


# ----------------------------------------------------------------------------------
# Dropout invertido (capítulo 5.2)
# ----------------------------------------------------------------------------------

def dropout_forward(x, p, modo: str = "treino", rng=None):
    """Dropout invertido: mantém cada unidade com probabilidade ``p``.

    No treino, zera as unidades descartadas e **divide as mantidas por p**, de modo
    que a esperança de cada saída é igual à entrada. No teste (``modo="teste"``), ou
    com ``p`` igual a ``None`` ou 1, devolve ``x`` sem mudança. Devolve
    ``(saida, cache)``; o cache guarda a máscara já dividida por ``p``.
    """
    if modo not in ("treino", "teste"):
        raise ValueError(f"modo deve ser 'treino' ou 'teste', não {modo!r}.")
    if modo == "teste" or p is None or p >= 1:
        return x, (None, p, modo)
    if not 0 < p <= 1:
        raise ValueError(f"A probabilidade de manter deve estar em (0, 1]; veio {p}.")
    if rng is None:
        rng = np.random.default_rng()
    mascara = (rng.random(x.shape) < p).astype(x.dtype) / x.dtype.type(p)
    return x * mascara, (mascara, p, modo)


def dropout_backward(dout, cache):
    """Gradiente do dropout: o gradiente passa só pelas unidades mantidas (× 1/p)."""
    mascara = cache[0]
    if mascara is None:
        return dout
    return dout * mascara


#: Tabela das ativações de um parâmetro (nome → (função, derivada)), para gráficos.
ATIVACOES = {
    "sigmoide": (sigmoide, derivada_sigmoide),
    "tanh": (tanh, derivada_tanh),
    "ReLU": (relu, derivada_relu),
    "Leaky ReLU": (leaky_relu, derivada_leaky_relu),
    "ELU": (elu, derivada_elu),
    "softplus": (softplus, derivada_softplus),
    "linear": (linear, derivada_linear),
}
