"""Rede densa de L camadas em numpy: inicialização, frente, custo, trás e treino.

A rede é montada com as **mesmas peças** dos capítulos anteriores, sem uma
implementação paralela:

- cada camada é a camada afim de :mod:`curso.camadas` (``afim_forward`` /
  ``afim_backward``) seguida de uma ativação do mesmo módulo (``relu_forward`` /
  ``relu_backward``...) e, no treino, do dropout invertido (``dropout_forward`` /
  ``dropout_backward``), cada uma com o seu *cache*;
- a saída e o seu gradiente vêm das funções de perda do curso:
  :func:`curso.perdas.entropia_cruzada_binaria_logits` (sigmoide) e
  :func:`curso.softmax.softmax_entropia_cruzada` (softmax), que devolvem
  ``(saida − Y) / m`` a partir da pré-ativação da última camada;
- a atualização usa as regras de :mod:`curso.otimizadores` (``sgd`` por padrão;
  ``momento``, ``rmsprop``, ``adam``... pelo argumento ``otimizador``).

Convenção de formas (a do curso): **linhas = exemplos**.

- entrada ``X``: ``(m, n0)`` — ``m`` exemplos, ``n0`` características;
- pesos da camada ``l``: ``W[l]`` com forma ``(n[l-1], n[l])``; viés ``b[l]``: ``(n[l],)``;
- pré-ativação e ativação: ``Z[l] = A[l-1] @ W[l] + b[l]`` e ``A[l] = g(Z[l])``,
  ambas ``(m, n[l])``, com ``A[0] = X``.

(Os slides usam a forma transposta, ``Z = W A + b`` com colunas = exemplos.)

Os parâmetros ficam num dicionário ``{"W1": ..., "b1": ..., "W2": ..., ...}`` e os
gradientes num dicionário com as mesmas chaves precedidas de ``d`` (``"dW1"``...).
A camada de saída é ``"sigmoide"`` (duas classes, uma unidade, rótulos 0/1) ou
``"softmax"`` (``K`` classes, rótulos inteiros ou codificação one-hot); nos dois casos
a perda é a entropia cruzada. Regularização: L2 (``λ/(2m) Σ‖W‖²`` no custo) e dropout
invertido nas camadas ocultas. :func:`treinar` junta tudo, com minilotes, histórico
de treino e validação, parada antecipada e aumento de dados (as funções de
pré-processamento e de aumento de dados moram em :mod:`curso.dados` e são
reexportadas aqui).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from curso import otimizadores
from curso.dados import (aumentar_digitos, deslocar_imagens, normalizar_entradas,
                         rotacionar_imagens)
from curso.camadas import (afim_backward, afim_forward, dropout_backward,
                           dropout_forward, linear_backward, linear_forward,
                           relu_backward, relu_forward, sigmoide, sigmoide_backward,
                           sigmoide_forward, tanh_backward, tanh_forward)
from curso.perdas import entropia_cruzada_binaria, entropia_cruzada_binaria_logits
from curso.softmax import (entropia_cruzada_categorica, softmax,
                           softmax_entropia_cruzada)

__all__ = [
    "sigmoide", "softmax", "ativar", "derivada_ativacao",
    "inicializar_parametros", "numero_camadas",
    "dropout_forward", "dropout_backward",
    "propagar", "custo", "retropropagar", "atualizar", "prever", "acuracia",
    "treinar", "normalizar_entradas",
    "deslocar_imagens", "rotacionar_imagens", "aumentar_digitos",
]

#: Ativações das camadas ocultas: nome → (passo para a frente, passo para trás).
CAMADAS_DE_ATIVACAO = {
    "relu": (relu_forward, relu_backward),
    "tanh": (tanh_forward, tanh_backward),
    "sigmoide": (sigmoide_forward, sigmoide_backward),
    "linear": (linear_forward, linear_backward),
}
OCULTAS = tuple(CAMADAS_DE_ATIVACAO)
SAIDAS = ("sigmoide", "softmax")
METODOS = ("he", "xavier", "glorot", "pequena", "zeros")


def _camada_de_ativacao(nome: str):
    if nome not in CAMADAS_DE_ATIVACAO:
        raise ValueError(f"Ativação desconhecida: {nome!r}; use uma de {OCULTAS}.")
    return CAMADAS_DE_ATIVACAO[nome]


def ativar(z, nome: str):
    """Aplica a ativação ``nome`` (``relu``, ``tanh``, ``sigmoide``, ``linear``)."""
    return _camada_de_ativacao(nome)[0](z)[0]


def derivada_ativacao(z, a, nome: str):
    """Derivada g'(z), elemento a elemento: o passo para trás da ativação com dout = 1.

    ``a = g(z)`` é aceito por compatibilidade; a camada recalcula o que precisa.
    """
    frente, tras = _camada_de_ativacao(nome)
    _, cache = frente(z)
    return tras(np.ones_like(z), cache)


# ----------------------------------------------------------------------------------
# Inicialização
# ----------------------------------------------------------------------------------

def desvio_inicial(metodo, n_entrada: int, n_saida: int) -> float:
    """Desvio padrão dos pesos de uma camada ``n_entrada → n_saida`` para ``metodo``.

    - ``"he"``: √(2/n_entrada) (He et al., 2015), pensada para ReLU;
    - ``"xavier"``: √(1/n_entrada) (a forma usada nos slides para tanh);
    - ``"glorot"``: √(2/(n_entrada + n_saida)) (Glorot e Bengio, 2010);
    - ``"pequena"``: 0,01;
    - ``"zeros"``: 0;
    - um número: usado diretamente como desvio.
    """
    if isinstance(metodo, (int, float)) and not isinstance(metodo, bool):
        return float(metodo)
    if metodo == "he":
        return float(np.sqrt(2.0 / n_entrada))
    if metodo == "xavier":
        return float(np.sqrt(1.0 / n_entrada))
    if metodo == "glorot":
        return float(np.sqrt(2.0 / (n_entrada + n_saida)))
    if metodo == "pequena":
        return 0.01
    if metodo == "zeros":
        return 0.0
    raise ValueError(f"Método de inicialização desconhecido: {metodo!r}; "
                     f"use um de {METODOS} ou um número.")


def inicializar_parametros(dims: Sequence[int], metodo="he", semente: int = 0,
                           dtype=np.float64) -> dict:
    """Pesos gaussianos com o desvio de ``metodo`` e vieses zerados.

    ``dims = [n0, n1, ..., nL]`` lista o tamanho da entrada e de cada camada; a rede
    tem ``L = len(dims) - 1`` camadas com parâmetros. Veja :func:`desvio_inicial`.
    """
    if len(dims) < 2:
        raise ValueError("dims precisa de ao menos dois tamanhos (entrada e saída).")
    rng = np.random.default_rng(semente)
    parametros = {}
    for l in range(1, len(dims)):
        n_ent, n_sai = int(dims[l - 1]), int(dims[l])
        desvio = desvio_inicial(metodo, n_ent, n_sai)
        parametros[f"W{l}"] = (rng.standard_normal((n_ent, n_sai)) * desvio).astype(dtype)
        parametros[f"b{l}"] = np.zeros(n_sai, dtype=dtype)
    return parametros


def numero_camadas(parametros: dict) -> int:
    """Número ``L`` de camadas com pesos (pares ``W``/``b``)."""
    return len(parametros) // 2


# ----------------------------------------------------------------------------------
# Passo para a frente, custo e passo para trás
# ----------------------------------------------------------------------------------

def _probs_manter(prob_manter, L: int):
    """Uma probabilidade de manter por camada oculta (``None`` = sem dropout)."""
    if prob_manter is None or np.isscalar(prob_manter):
        return [prob_manter] * (L - 1)
    lista = list(prob_manter)
    if len(lista) != L - 1:
        raise ValueError(f"prob_manter tem {len(lista)} valores; a rede tem {L - 1} "
                         "camadas ocultas.")
    return lista


def propagar(X, parametros: dict, ativacao_oculta: str = "relu",
             ativacao_saida: str = "sigmoide", prob_manter=None, rng=None):
    """Passo para a frente pelas L camadas. Devolve ``(saida, caches)``.

    Cada camada oculta é afim → ativação → dropout (as camadas de
    :mod:`curso.camadas`); a última é afim → sigmoide ou softmax. ``prob_manter``
    (número ou um valor por camada oculta) liga o dropout invertido; com ``None``
    (o padrão, e o que se usa no teste) não há dropout. ``rng`` é o gerador das
    máscaras. ``caches[l-1]`` guarda os caches das peças da camada ``l`` e a sua
    pré-ativação ``"Z"``.
    """
    if ativacao_saida not in SAIDAS:
        raise ValueError(f"Ativação de saída desconhecida: {ativacao_saida!r}; "
                         f"use uma de {SAIDAS}.")
    frente_oculta, _ = _camada_de_ativacao(ativacao_oculta)
    L = numero_camadas(parametros)
    probs = _probs_manter(prob_manter, L)
    A = X
    caches = []
    for l in range(1, L + 1):
        Z, cache_afim = afim_forward(A, parametros[f"W{l}"], parametros[f"b{l}"])
        if l < L:
            G, cache_ativ = frente_oculta(Z)
            A, cache_drop = dropout_forward(G, probs[l - 1], "treino", rng)
            nome = ativacao_oculta
        else:
            A = sigmoide(Z) if ativacao_saida == "sigmoide" else softmax(Z)
            cache_ativ, cache_drop, nome = None, (None, None, "teste"), ativacao_saida
        caches.append({"afim": cache_afim, "Z": Z, "ativacao": nome,
                       "cache_ativacao": cache_ativ, "dropout": cache_drop})
    return A, caches


def _rotulos(Y, k: int):
    """Rótulos como a perda os espera: vetor 0/1 (k = 1), inteiros ou one-hot."""
    Y = np.asarray(Y)
    if k > 1 and Y.ndim == 2 and Y.shape[1] == 1:
        return Y[:, 0]
    return Y


def custo(saida, Y, parametros: dict | None = None, lambd: float = 0.0) -> float:
    """Entropia cruzada média mais o termo L2 ``λ/(2m) Σ_l ‖W[l]‖²``.

    Com uma coluna de saída, a entropia cruzada binária de :mod:`curso.perdas`; com
    várias, a categórica de :mod:`curso.softmax` (``Y`` com rótulos inteiros ou
    codificação one-hot).
    """
    m, k = saida.shape
    if k == 1:
        J, _ = entropia_cruzada_binaria(saida, _rotulos(Y, k))
    else:
        J = entropia_cruzada_categorica(saida, _rotulos(Y, k))
    if lambd and parametros is not None:
        soma = sum(float(np.sum(parametros[f"W{l}"] ** 2))
                   for l in range(1, numero_camadas(parametros) + 1))
        J += lambd / (2 * m) * soma
    return float(J)


def retropropagar(saida, Y, caches: list, lambd: float = 0.0) -> dict:
    """Gradientes do custo (entropia cruzada + L2) em relação a todos os W e b.

    Na saída, a perda do curso dá o gradiente na pré-ativação, ``(saida − Y) / m``;
    depois cada camada devolve o gradiente pelo seu próprio passo para trás (afim,
    dropout com a mesma máscara da ida, ativação). Cada peso ganha ainda ``(λ/m) W``
    do termo L2.
    """
    m, k = saida.shape
    Z_saida = caches[-1]["Z"]
    if k == 1:
        _, dZ = entropia_cruzada_binaria_logits(Z_saida, _rotulos(Y, k))
    else:
        _, dZ = softmax_entropia_cruzada(Z_saida, _rotulos(Y, k))
    dZ = dZ.astype(saida.dtype, copy=False)
    grads = {}
    for l in range(len(caches), 0, -1):
        c = caches[l - 1]
        dA, dW, db = afim_backward(dZ, c["afim"])
        grads[f"dW{l}"] = dW + (lambd / m) * c["afim"][1]
        grads[f"db{l}"] = db
        if l > 1:
            ant = caches[l - 2]
            dA = dropout_backward(dA, ant["dropout"])
            dZ = _camada_de_ativacao(ant["ativacao"])[1](dA, ant["cache_ativacao"])
    return grads


def atualizar(parametros: dict, grads: dict, taxa: float) -> dict:
    """Um passo da descida do gradiente, ``θ ← θ − taxa · dθ`` (novo dicionário).

    É :func:`curso.otimizadores.sgd` aplicada a cada parâmetro.
    """
    config = {"taxa_aprendizado": taxa}
    return {nome: otimizadores.sgd(valor, grads["d" + nome], config)[0]
            for nome, valor in parametros.items()}


def prever(X, parametros: dict, ativacao_oculta: str = "relu",
           ativacao_saida: str = "sigmoide", limiar: float = 0.5):
    """Rótulos previstos (sem dropout): 0/1 pelo limiar, ou a classe mais provável."""
    saida, _ = propagar(X, parametros, ativacao_oculta, ativacao_saida)
    if saida.shape[1] == 1:
        return (saida[:, 0] > limiar).astype(np.int64)
    return saida.argmax(axis=1)


def acuracia(X, Y, parametros: dict, ativacao_oculta: str = "relu",
             ativacao_saida: str = "sigmoide") -> float:
    """Fração de acertos de :func:`prever` (``Y`` com rótulos inteiros)."""
    Y = np.asarray(Y).reshape(-1)
    return float(np.mean(prever(X, parametros, ativacao_oculta, ativacao_saida) == Y))


# ----------------------------------------------------------------------------------
# Treino
# ----------------------------------------------------------------------------------

def treinar(X, Y, dims: Sequence[int], *, X_val=None, Y_val=None,
            ativacao_oculta: str = "relu", ativacao_saida: str = "sigmoide",
            metodo_init="he", taxa: float = 0.1, epocas: int = 100,
            tamanho_lote: int | None = None, lambd: float = 0.0, prob_manter=None,
            paciencia: int | None = None,
            aumentar: Callable | None = None, semente: int = 0,
            parametros: dict | None = None, dtype=np.float64,
            otimizador="sgd", config_otimizador: dict | None = None):
    """Treina a rede com descida do gradiente (em minilotes, se ``tamanho_lote``).

    A regra de atualização é uma das de :mod:`curso.otimizadores` (``otimizador`` =
    ``"sgd"``, ``"momento"``, ``"rmsprop"``, ``"adam"``... ou a própria função), com
    ``taxa`` como taxa de aprendizado e ``config_otimizador`` para os outros
    hiperparâmetros (``{"beta": 0.9}``...); cada parâmetro guarda o seu estado.
    Outros parâmetros: ``lambd`` (força da L2, relativa ao custo do treino
    inteiro: ``λ/(2m) Σ‖W‖²`` com ``m = len(X)``, também com minilotes),
    ``prob_manter`` (dropout),
    ``paciencia`` (parada antecipada: para depois de tantas épocas sem melhorar o
    custo de validação e devolve os parâmetros da melhor época; exige ``X_val``) e
    ``aumentar(x_lote, rng) -> x_lote`` (aumento de dados aplicado a cada minilote).

    Devolve ``(parametros, historico)``. O histórico tem, por época, o custo
    (entropia cruzada, **sem** o termo L2 e sem dropout, para que treino e validação
    sejam comparáveis) e a acurácia no treino e na validação, além de
    ``melhor_epoca`` (1, 2, ...) e ``epocas_rodadas``.
    """
    if paciencia is not None and X_val is None:
        raise ValueError("A parada antecipada precisa de um conjunto de validação.")
    regra = otimizador
    if isinstance(otimizador, str):
        if otimizador not in otimizadores.OTIMIZADORES:
            raise ValueError(f"Otimizador desconhecido: {otimizador!r}; use um de "
                             f"{tuple(otimizadores.OTIMIZADORES)}.")
        regra = otimizadores.OTIMIZADORES[otimizador]
    rng = np.random.default_rng(semente)
    if parametros is None:
        parametros = inicializar_parametros(dims, metodo_init, semente, dtype=dtype)
    X = np.asarray(X, dtype=dtype)
    Y = np.asarray(Y)
    if X_val is not None:
        X_val = np.asarray(X_val, dtype=dtype)
    m = X.shape[0]
    lote = m if tamanho_lote is None else int(tamanho_lote)
    hist = {"custo_treino": [], "custo_val": [], "acuracia_treino": [],
            "acuracia_val": [], "melhor_epoca": None, "epocas_rodadas": 0}
    melhor, melhores_parametros, sem_melhora = np.inf, parametros, 0
    configs = {nome: {**(config_otimizador or {}), "taxa_aprendizado": taxa}
               for nome in parametros}

    def avaliar(Xa, Ya):
        saida, _ = propagar(Xa, parametros, ativacao_oculta, ativacao_saida)
        rot = (saida[:, 0] > 0.5) if saida.shape[1] == 1 else saida.argmax(axis=1)
        return custo(saida, Ya), float(np.mean(rot == np.asarray(Ya).reshape(-1)))

    for epoca in range(1, epocas + 1):
        ordem = rng.permutation(m) if lote < m else np.arange(m)
        for inicio in range(0, m, lote):
            idx = ordem[inicio:inicio + lote]
            xb, yb = X[idx], Y[idx]
            if aumentar is not None:
                xb = aumentar(xb, rng).astype(dtype, copy=False)
            saida, caches = propagar(xb, parametros, ativacao_oculta, ativacao_saida,
                                     prob_manter, rng)
            # O termo L2 refere-se ao custo do treino inteiro, λ/(2m)·Σ‖W‖² com m =
            # número de exemplos de treino; num minilote de tamanho mb, o gradiente
            # desse termo é (λ/m)·W = (λ·mb/m)/mb · W.
            grads = retropropagar(saida, yb, caches, lambd * len(idx) / m)
            novos = {}
            for nome, valor in parametros.items():
                novo, configs[nome] = regra(valor, grads["d" + nome], configs[nome])
                novos[nome] = novo.astype(valor.dtype, copy=False)
            parametros = novos
        c, a = avaliar(X, Y)
        hist["custo_treino"].append(c)
        hist["acuracia_treino"].append(a)
        hist["epocas_rodadas"] = epoca
        if X_val is not None:
            c, a = avaliar(X_val, Y_val)
            hist["custo_val"].append(c)
            hist["acuracia_val"].append(a)
            if c < melhor:
                melhor, melhores_parametros, sem_melhora = c, parametros, 0
                hist["melhor_epoca"] = epoca
            else:
                sem_melhora += 1
            if paciencia is not None and sem_melhora >= paciencia:
                break
    if paciencia is not None:
        parametros = melhores_parametros
    return parametros, hist
