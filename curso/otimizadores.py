"""Otimizadores da descida do gradiente, decaimento da taxa de aprendizado e médias móveis.

Todos os otimizadores têm a mesma assinatura::

    proximo_w, config = atualizar(w, dw, config)

em que ``w`` é um arranjo numpy de parâmetros, ``dw`` o gradiente do custo em relação a
``w`` (mesmo formato) e ``config`` um dicionário com os hiperparâmetros **e** o estado
do otimizador (velocidades, acumuladores, contador de passos). Com ``config=None`` um
dicionário novo é criado com os valores padrão; os que faltarem num dicionário dado são
completados. O dicionário devolvido é o mesmo objeto, atualizado: guarde-o e passe-o de
novo no passo seguinte (um dicionário por arranjo de parâmetros).

Formas ensinadas no curso (as dos slides)
-----------------------------------------
* :func:`sgd`: ``w ← w − α·dw``.
* :func:`momento`: ``v ← β·v + (1−β)·dw``; ``w ← w − α·v`` (média móvel exponencial
  do gradiente, sem correção de viés). O Keras usa a forma "clássica"
  ``v ← μ·v − α'·dw``; ``w ← w + v``. As duas produzem a mesma sequência de pesos quando
  ``μ = β`` e ``α' = α·(1−β)``.
* :func:`adagrad`: ``G ← G + dw²``; ``w ← w − α·dw / (√G + ε)`` (Duchi et al., 2011).
* :func:`rmsprop`: ``S ← β·S + (1−β)·dw²``; ``w ← w − α·dw / (√S + ε)`` (Hinton, 2012).
* :func:`adam`: médias de ``dw`` (β1) e de ``dw²`` (β2), correção de viés com o contador
  ``t`` e ``w ← w − α·m̂ / (√v̂ + ε)`` (Kingma e Ba, 2014), com os padrões
  α = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8.

Onde entra o ε
--------------
O ε só existe para evitar divisão por zero, mas cada fonte o põe num lugar diferente:

* AdaGrad e RMSProp do Keras usam ``√(G + ε)`` (ε **dentro** da raiz, ε = 1e-7); os
  slides e os artigos usam ``√G + ε`` (fora). Aqui o padrão é **fora**; a chave
  ``"epsilon_na_raiz": True`` troca para a forma do Keras.
* O AdaGrad do Keras começa o acumulador em 0.1 (``initial_accumulator_value``); aqui o
  padrão é 0 (como no artigo), ajustável por ``"acumulador_inicial"``.
* O Adam do Keras calcula ``α_t = α·√(1−β2^t)/(1−β1^t)`` e divide por ``√v + ε`` com o
  ``v`` **sem** correção; isso equivale a usar ``ε/√(1−β2^t)`` no lugar de ε na forma
  do artigo. O slide escreve ``√(Ŝ + ε)``. As três diferem só quando ``√v̂`` é da ordem
  de ε, isto é, com gradientes praticamente nulos.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "sgd", "momento", "adagrad", "rmsprop", "adam", "OTIMIZADORES", "trajetoria",
    "decaimento_inverso", "decaimento_exponencial", "decaimento_raiz",
    "decaimento_em_degraus", "media_movel_exponencial",
]


def _preparar(config: dict | None, padroes: dict) -> dict:
    """Devolve ``config`` (ou um dicionário novo) completado com os valores padrão."""
    if config is None:
        config = {}
    for chave, valor in padroes.items():
        config.setdefault(chave, valor)
    return config


def _estado(config: dict, chave: str, w: np.ndarray, valor_inicial: float = 0.0):
    """Arranjo de estado com o formato de ``w`` (criado na primeira chamada)."""
    if config.get(chave) is None:
        config[chave] = np.full_like(w, valor_inicial, dtype=np.result_type(w, float))
    return config[chave]


def sgd(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """Descida do gradiente simples: ``w ← w − α·dw``.

    Chaves de ``config``: ``taxa_aprendizado`` (padrão 0.01).
    """
    config = _preparar(config, {"taxa_aprendizado": 1e-2})
    return w - config["taxa_aprendizado"] * dw, config


def momento(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """Descida do gradiente com momento (forma da média móvel exponencial).

    ``v ← β·v + (1−β)·dw`` e ``w ← w − α·v``. Sem correção de viés: depois de uns
    ``1/(1−β)`` passos ela já não faz diferença.

    Chaves de ``config``: ``taxa_aprendizado`` (0.01), ``beta`` (0.9); estado ``v``.
    """
    config = _preparar(config, {"taxa_aprendizado": 1e-2, "beta": 0.9, "v": None})
    v = _estado(config, "v", w)
    beta = config["beta"]
    v = beta * v + (1 - beta) * dw
    config["v"] = v
    return w - config["taxa_aprendizado"] * v, config


def _denominador(acumulado: np.ndarray, epsilon: float, na_raiz: bool) -> np.ndarray:
    if na_raiz:
        return np.sqrt(acumulado + epsilon)
    return np.sqrt(acumulado) + epsilon


def adagrad(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """AdaGrad: cada parâmetro tem a sua taxa, que encolhe com o gradiente acumulado.

    ``G ← G + dw²`` e ``w ← w − α·dw / (√G + ε)``.

    Chaves de ``config``: ``taxa_aprendizado`` (0.01), ``epsilon`` (1e-8),
    ``acumulador_inicial`` (0.0; o Keras usa 0.1), ``epsilon_na_raiz`` (False; o
    Keras usa True); estado ``G``.
    """
    config = _preparar(config, {"taxa_aprendizado": 1e-2, "epsilon": 1e-8,
                                "acumulador_inicial": 0.0, "epsilon_na_raiz": False,
                                "G": None})
    G = _estado(config, "G", w, config["acumulador_inicial"])
    G = G + dw * dw
    config["G"] = G
    passo = dw / _denominador(G, config["epsilon"], config["epsilon_na_raiz"])
    return w - config["taxa_aprendizado"] * passo, config


def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """RMSProp: divide o gradiente pela raiz de uma média móvel de ``dw²``.

    ``S ← β·S + (1−β)·dw²`` e ``w ← w − α·dw / (√S + ε)``.

    Chaves de ``config``: ``taxa_aprendizado`` (0.001), ``beta`` (0.9, o ``rho`` do
    Keras), ``epsilon`` (1e-8), ``epsilon_na_raiz`` (False; o Keras usa True);
    estado ``S``.
    """
    config = _preparar(config, {"taxa_aprendizado": 1e-3, "beta": 0.9, "epsilon": 1e-8,
                                "epsilon_na_raiz": False, "S": None})
    S = _estado(config, "S", w)
    beta = config["beta"]
    S = beta * S + (1 - beta) * dw * dw
    config["S"] = S
    passo = dw / _denominador(S, config["epsilon"], config["epsilon_na_raiz"])
    return w - config["taxa_aprendizado"] * passo, config


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None):
    """Adam (*adaptive moment estimation*): momento + RMSProp + correção de viés.

    No passo ``t`` (contado a partir de 1)::

        m ← β1·m + (1−β1)·dw          v ← β2·v + (1−β2)·dw²
        m̂ = m / (1−β1^t)              v̂ = v / (1−β2^t)
        w ← w − α·m̂ / (√v̂ + ε)

    Chaves de ``config``: ``taxa_aprendizado`` (0.001), ``beta1`` (0.9), ``beta2``
    (0.999), ``epsilon`` (1e-8); estado ``m``, ``v`` e o contador ``t``.
    """
    config = _preparar(config, {"taxa_aprendizado": 1e-3, "beta1": 0.9, "beta2": 0.999,
                                "epsilon": 1e-8, "m": None, "v": None, "t": 0})
    m = _estado(config, "m", w)
    v = _estado(config, "v", w)
    b1, b2 = config["beta1"], config["beta2"]
    t = config["t"] + 1
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * dw * dw
    m_corrigido = m / (1 - b1 ** t)
    v_corrigido = v / (1 - b2 ** t)
    config.update(m=m, v=v, t=t)
    passo = m_corrigido / (np.sqrt(v_corrigido) + config["epsilon"])
    return w - config["taxa_aprendizado"] * passo, config


OTIMIZADORES: dict[str, Callable] = {
    "sgd": sgd, "momento": momento, "adagrad": adagrad, "rmsprop": rmsprop, "adam": adam,
}
"""Os otimizadores pelo nome (útil para laços e controles deslizantes)."""


def trajetoria(gradiente: Callable[[np.ndarray], np.ndarray], w0, otimizador: Callable,
               config: dict | None = None, passos: int = 100) -> np.ndarray:
    """Aplica ``otimizador`` ``passos`` vezes a partir de ``w0``.

    ``gradiente(w)`` devolve o gradiente no ponto ``w``. Devolve um arranjo
    ``(passos + 1, *w0.shape)`` com todos os pontos visitados, começando em ``w0``.
    """
    w = np.array(w0, dtype=float)
    config = dict(config or {})
    pontos = [w.copy()]
    for _ in range(passos):
        w, config = otimizador(w, gradiente(w), config)
        pontos.append(w.copy())
    return np.array(pontos)


# ----------------------------------------------------------------------------------
# Decaimento da taxa de aprendizado (as três fórmulas dos slides e a versão em degraus)
# ----------------------------------------------------------------------------------

def decaimento_inverso(alfa0: float, epoca, taxa_decaimento: float = 1.0):
    """``α = α0 / (1 + taxa_decaimento·época)``."""
    return alfa0 / (1.0 + taxa_decaimento * np.asarray(epoca, dtype=float))


def decaimento_exponencial(alfa0: float, epoca, base: float = 0.95):
    """``α = base^época · α0`` (nos slides, base = 0.95)."""
    return alfa0 * base ** np.asarray(epoca, dtype=float)


def decaimento_raiz(alfa0: float, epoca, k: float = 1.0):
    """``α = k / √época · α0``; as épocas contam a partir de 1 (em 0 a fórmula explode)."""
    epoca = np.asarray(epoca, dtype=float)
    if np.any(epoca < 1):
        raise ValueError("decaimento_raiz: conte as épocas a partir de 1 (α = k/√época·α0).")
    return alfa0 * k / np.sqrt(epoca)


def decaimento_em_degraus(alfa0: float, epoca, fator: float = 0.5, a_cada: int = 10):
    """``α = α0 · fator^⌊época / a_cada⌋`` (divide a taxa a cada ``a_cada`` épocas)."""
    return alfa0 * fator ** np.floor_divide(np.asarray(epoca), a_cada)


# ----------------------------------------------------------------------------------
# Média móvel exponencial
# ----------------------------------------------------------------------------------

def media_movel_exponencial(serie, beta: float = 0.9, corrigir_vies: bool = True):
    """Média móvel exponencial ``v_t = β·v_{t−1} + (1−β)·θ_t`` com ``v_0 = 0``.

    Com ``corrigir_vies=True`` devolve ``v_t / (1 − β^t)`` (``t`` a partir de 1), que
    tira o puxão para zero dos primeiros valores. A média "lembra" cerca de
    ``1/(1−β)`` valores: 10 com β = 0.9, 50 com β = 0.98.
    """
    serie = np.asarray(serie, dtype=float)
    medias = np.empty_like(serie)
    v = np.zeros_like(serie[0]) if serie.ndim > 1 else 0.0
    for t, theta in enumerate(serie, start=1):
        v = beta * v + (1 - beta) * theta
        medias[t - 1] = v / (1 - beta ** t) if corrigir_vies else v
    return medias
