"""Normalização em lote (*batch normalization*; Ioffe e Szegedy, 2015), do zero.

Para um minilote ``x`` de formato ``(m, d)`` (``m`` exemplos, ``d`` unidades), cada
coluna é normalizada com a média e a variância **do minilote** e depois reescalada por
dois parâmetros aprendidos, ``gama`` e ``beta`` (formato ``(d,)``)::

    μ = média(x)            σ² = média((x − μ)²)
    x̂ = (x − μ) / √(σ² + ε)
    y = gama·x̂ + beta

No treino usa-se a estatística do minilote e atualizam-se médias móveis exponenciais
de μ e σ²; na inferência (modo ``"teste"``) usam-se essas médias móveis, de modo que a
saída de um exemplo não depende dos outros exemplos do lote.

O dicionário ``config`` guarda:

* ``modo``: ``"treino"`` (padrão) ou ``"teste"``;
* ``eps``: o ε do denominador (padrão 1e-5);
* ``momento``: β das médias móveis, ``media ← β·media + (1−β)·μ`` (padrão 0.9);
* ``media_movel`` e ``var_movel``: o estado (criados na primeira chamada de treino:
  zeros e uns).

A variância usada é a do minilote com divisor ``m`` (a "enviesada"), tanto na
normalização quanto na média móvel, como faz o Keras.
"""

from __future__ import annotations

import numpy as np

__all__ = ["normalizacao_lote_forward", "normalizacao_lote_backward",
           "normalizacao_lote_backward_grafo"]

MODOS = ("treino", "teste")


def _preparar(config: dict | None, d: int, dtype) -> dict:
    if config is None:
        config = {}
    config.setdefault("modo", "treino")
    config.setdefault("eps", 1e-5)
    config.setdefault("momento", 0.9)
    if config["modo"] not in MODOS:
        raise ValueError(f"modo deve ser 'treino' ou 'teste', não {config['modo']!r}.")
    if config.get("media_movel") is None:
        config["media_movel"] = np.zeros(d, dtype=dtype)
    if config.get("var_movel") is None:
        config["var_movel"] = np.ones(d, dtype=dtype)
    return config


def normalizacao_lote_forward(x: np.ndarray, gama: np.ndarray, beta: np.ndarray,
                              config: dict | None = None):
    """Passo para a frente da normalização em lote.

    ``x``: ``(m, d)``; ``gama`` e ``beta``: ``(d,)``. Devolve ``(out, cache)``; o
    ``cache`` serve para :func:`normalizacao_lote_backward` (só no modo ``"treino"``;
    no modo ``"teste"`` ele é ``None``). ``config`` é atualizado no lugar (médias
    móveis) — passe sempre o mesmo dicionário para a mesma camada.
    """
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"x deve ter formato (m, d); recebi {x.shape}.")
    config = _preparar(config, x.shape[1], np.result_type(x, float))
    eps = config["eps"]
    if config["modo"] == "teste":
        x_hat = (x - config["media_movel"]) / np.sqrt(config["var_movel"] + eps)
        return gama * x_hat + beta, None

    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc * xc).mean(axis=0)
    inv_desvio = 1.0 / np.sqrt(var + eps)
    x_hat = xc * inv_desvio
    out = gama * x_hat + beta

    b = config["momento"]
    config["media_movel"] = b * config["media_movel"] + (1 - b) * mu
    config["var_movel"] = b * config["var_movel"] + (1 - b) * var
    cache = {"x_hat": x_hat, "xc": xc, "var": var, "inv_desvio": inv_desvio,
             "gama": gama, "eps": eps}
    return out, cache


def normalizacao_lote_backward(dout: np.ndarray, cache: dict):
    """Retropropagação pela normalização em lote (forma simplificada, de uma linha).

    Com ``g = dout·gama`` (o gradiente em relação a ``x̂``) e ``m`` exemplos::

        dx = (1/m)·(1/√(σ²+ε))·(m·g − Σg − x̂·Σ(g·x̂))

    (somas ao longo dos exemplos). Devolve ``(dx, dgama, dbeta)``.
    """
    if cache is None:
        raise ValueError("Sem cache: o backward só existe para o modo 'treino'.")
    x_hat, inv_desvio, gama = cache["x_hat"], cache["inv_desvio"], cache["gama"]
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgama = (dout * x_hat).sum(axis=0)
    g = dout * gama
    dx = (inv_desvio / m) * (m * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))
    return dx, dgama, dbeta


def normalizacao_lote_backward_grafo(dout: np.ndarray, cache: dict):
    """A mesma retropropagação, nó a nó no grafo computacional (para conferência).

    Segue o caminho x → xc = x − μ → var → inv_desvio → x̂ → out de trás para a frente.
    """
    x_hat, xc, var = cache["x_hat"], cache["xc"], cache["var"]
    inv_desvio, gama, eps = cache["inv_desvio"], cache["gama"], cache["eps"]
    m = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgama = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gama
    # x̂ = xc · inv_desvio: dois caminhos
    dxc = dx_hat * inv_desvio
    dinv = (dx_hat * xc).sum(axis=0)
    # inv_desvio = (var + eps)^(-1/2)
    dvar = dinv * (-0.5) * (var + eps) ** -1.5
    # var = média(xc²)
    dxc = dxc + dvar * 2.0 * xc / m
    # xc = x − μ, μ = média(x)
    dmu = -dxc.sum(axis=0)
    dx = dxc + dmu / m
    return dx, dgama, dbeta
