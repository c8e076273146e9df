"""Rede densa de L camadas em numpy: inicialização, frente, custo, trás e treino.

Convenção de formas (a mesma de :mod:`curso.camadas`): **linhas = exemplos**.

- entrada ``X``: ``(m, n0)`` — ``m`` exemplos, ``n0`` características;
- pesos da camada ``l``: ``W[l]`` com forma ``(n[l-1], n[l])``; viés ``b[l]``: ``(n[l],)``;
- soma de entrada e ativação: ``Z[l] = A[l-1] @ W[l] + b[l]`` e ``A[l] = g(Z[l])``,
  ambas ``(m, n[l])``, com ``A[0] = X``.

(Os slides do curso usam a convenção transposta, ``Z = W A + b`` com colunas =
exemplos; as fórmulas são as mesmas, só com as matrizes transpostas.)

Os parâmetros ficam num dicionário ``{"W1": ..., "b1": ..., "W2": ..., ...}`` e os
gradientes num dicionário com as mesmas chaves precedidas de ``d`` (``"dW1"``...).

A camada de saída é ``"sigmoide"`` (classificação binária, uma unidade, rótulos 0/1)
ou ``"softmax"`` (várias classes, rótulos inteiros ou codificação one-hot); em ambos
os casos a função de perda é a entropia cruzada, e o gradiente na saída se reduz a
``(saida - Y) / m``.

Regularização disponível: L2 (termo ``λ/(2m) Σ‖W‖²`` no custo) e dropout invertido
nas camadas ocultas (só no treino). :func:`treinar` junta tudo, com minilotes,
histórico de custo de treino e validação, parada antecipada e aumento de dados.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "sigmoide", "softmax", "ativar", "derivada_ativacao",
    "inicializar_parametros", "numero_camadas",
    "dropout_forward", "dropout_backward",
    "propagar", "custo", "retropropagar", "atualizar", "prever", "acuracia",
    "treinar", "normalizar_entradas",
    "deslocar_imagens", "rotacionar_imagens", "aumentar_digitos",
]

OCULTAS = ("relu", "tanh", "sigmoide", "linear")
SAIDAS = ("sigmoide", "softmax")
METODOS = ("he", "xavier", "glorot", "pequena", "zeros")
_EPS = 1e-12


# ----------------------------------------------------------------------------------
# Funções de ativação
# ----------------------------------------------------------------------------------

def sigmoide(z):
    """σ(z) = 1 / (1 + e^(−z)), calculada sem estouro para |z| grande."""
    z = np.asarray(z)
    e = np.exp(-np.abs(z))               # sempre em (0, 1]: nunca estoura
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z):
    """Softmax por linha; subtrai o máximo de cada linha para não estourar."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def ativar(z, nome: str):
    """Aplica a função de ativação ``nome`` (``relu``, ``tanh``, ``sigmoide``, ``linear``)."""
    if nome == "relu":
        return np.maximum(z, 0)
    if nome == "tanh":
        return np.tanh(z)
    if nome == "sigmoide":
        return sigmoide(z)
    if nome == "linear":
        return z
    raise ValueError(f"Ativação desconhecida: {nome!r}; use uma de {OCULTAS}.")


def derivada_ativacao(z, a, nome: str):
    """Derivada g'(z), elemento a elemento, usando ``z`` ou a ativação ``a = g(z)``."""
    if nome == "relu":
        return (z > 0).astype(z.dtype)
    if nome == "tanh":
        return 1.0 - a * a
    if nome == "sigmoide":
        return a * (1.0 - a)
    if nome == "linear":
        return np.ones_like(z)
    raise ValueError(f"Ativação desconhecida: {nome!r}; use uma de {OCULTAS}.")


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
# Dropout invertido
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

    ``prob_manter`` (número ou um valor por camada oculta) liga o dropout invertido
    nas camadas ocultas; com ``None`` (o padrão, e o que se usa no teste) não há
    dropout. ``rng`` é o gerador das máscaras. ``caches[l-1]`` guarda o que o passo
    para trás da camada ``l`` precisa.
    """
    if ativacao_saida not in SAIDAS:
        raise ValueError(f"Ativação de saída desconhecida: {ativacao_saida!r}; "
                         f"use uma de {SAIDAS}.")
    L = numero_camadas(parametros)
    probs = _probs_manter(prob_manter, L)
    A = X
    caches = []
    for l in range(1, L + 1):
        W, b = parametros[f"W{l}"], parametros[f"b{l}"]
        Z = A @ W + b
        if l < L:
            G = ativar(Z, ativacao_oculta)
            A_nova, cache_drop = dropout_forward(G, probs[l - 1], "treino", rng)
            nome = ativacao_oculta
        else:
            G = sigmoide(Z) if ativacao_saida == "sigmoide" else softmax(Z)
            A_nova, cache_drop = G, (None, None, "teste")
            nome = ativacao_saida
        caches.append({"A_ant": A, "W": W, "Z": Z, "G": G, "ativacao": nome,
                       "dropout": cache_drop})
        A = A_nova
    return A, caches


def _rotulos_como_saida(Y, saida):
    """Converte rótulos para a forma da saída (coluna 0/1 ou codificação one-hot)."""
    Y = np.asarray(Y)
    m, k = saida.shape
    if k == 1:
        return Y.reshape(m, 1).astype(saida.dtype)
    if Y.ndim == 2 and Y.shape == (m, k):
        return Y.astype(saida.dtype)
    one_hot = np.zeros((m, k), dtype=saida.dtype)
    one_hot[np.arange(m), Y.reshape(-1).astype(np.int64)] = 1
    return one_hot


def custo(saida, Y, parametros: dict | None = None, lambd: float = 0.0) -> float:
    """Entropia cruzada média mais o termo L2 ``λ/(2m) Σ_l ‖W[l]‖²``.

    Com uma coluna de saída, usa a entropia cruzada binária; com várias, a
    categórica (``Y`` com rótulos inteiros ou codificação one-hot).
    """
    m = saida.shape[0]
    Yc = _rotulos_como_saida(Y, saida)
    p = np.clip(saida, _EPS, 1 - _EPS)
    if saida.shape[1] == 1:
        perda = -(Yc * np.log(p) + (1 - Yc) * np.log(1 - p))
    else:
        perda = -(Yc * np.log(p))
    J = float(perda.sum() / m)
    if lambd and parametros is not None:
        soma = sum(float(np.sum(parametros[f"W{l}"] ** 2))
                   for l in range(1, numero_camadas(parametros) + 1))
        J += lambd / (2 * m) * soma
    return J


def retropropagar(saida, Y, caches: list, lambd: float = 0.0) -> dict:
    """Gradientes do custo (entropia cruzada + L2) em relação a todos os W e b.

    Para sigmoide + entropia cruzada binária (e softmax + entropia cruzada
    categórica) o gradiente na soma de entrada da saída é ``(saida - Y) / m``. Cada
    peso ganha ainda ``(λ/m) W`` do termo L2; o dropout é desfeito com a mesma
    máscara usada na ida.
    """
    m = saida.shape[0]
    L = len(caches)
    grads = {}
    dZ = (saida - _rotulos_como_saida(Y, saida)) / m
    for l in range(L, 0, -1):
        c = caches[l - 1]
        grads[f"dW{l}"] = c["A_ant"].T @ dZ + (lambd / m) * c["W"]
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            ant = caches[l - 2]
            dA = dropout_backward(dZ @ c["W"].T, ant["dropout"])
            dZ = dA * derivada_ativacao(ant["Z"], ant["G"], ant["ativacao"])
    return grads


def atualizar(parametros: dict, grads: dict, taxa: float) -> dict:
    """Um passo da descida do gradiente: ``θ ← θ − taxa · dθ`` (novo dicionário)."""
    return {nome: valor - taxa * grads["d" + nome] for nome, valor in parametros.items()}


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
            parametros: dict | None = None, dtype=np.float64):
    """Treina a rede com descida do gradiente (em minilotes, se ``tamanho_lote``).

    Parâmetros principais: ``lambd`` (força da L2, relativa ao custo do treino
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
            parametros = atualizar(parametros, grads, taxa)
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


# ----------------------------------------------------------------------------------
# Pré-processamento e aumento de dados
# ----------------------------------------------------------------------------------

def normalizar_entradas(x_treino, x_teste=None, eps: float = 1e-8):
    """Padroniza cada característica com a média e o desvio **do treino**.

    As mesmas estatísticas são reaproveitadas no teste (nunca recalculadas nele).
    Características constantes no treino (desvio < ``eps``, como os pixels da borda
    do MNIST) são só centradas. Devolve ``(x_treino_norm, x_teste_norm, estat)``
    com ``estat = {"media": ..., "desvio": ...}`` (``x_teste_norm`` é ``None`` se
    ``x_teste`` for ``None``).
    """
    media = x_treino.mean(axis=0)
    desvio = x_treino.std(axis=0)
    desvio = np.where(desvio < eps, 1.0, desvio).astype(x_treino.dtype)
    treino = (x_treino - media) / desvio
    teste = None if x_teste is None else (x_teste - media) / desvio
    return treino, teste, {"media": media, "desvio": desvio}


def deslocar_imagens(x, rng, max_desloc: int = 2, lado: int = 28):
    """Desloca cada imagem (achatada, ``lado × lado``) até ``max_desloc`` pixels.

    O deslocamento vertical e o horizontal são sorteados por imagem em
    ``[-max_desloc, max_desloc]``; o que sai da moldura se perde e o que entra é 0.
    """
    m = x.shape[0]
    img = x.reshape(m, lado, lado)
    k = max_desloc
    moldura = np.pad(img, ((0, 0), (k, k), (k, k)))
    dy = rng.integers(-k, k + 1, size=m)
    dx = rng.integers(-k, k + 1, size=m)
    linhas = (np.arange(lado)[None, :] + k - dy[:, None])          # (m, lado)
    colunas = (np.arange(lado)[None, :] + k - dx[:, None])
    saida = moldura[np.arange(m)[:, None, None], linhas[:, :, None], colunas[:, None, :]]
    return saida.reshape(m, lado * lado)


def rotacionar_imagens(x, rng, max_graus: float = 12.0, lado: int = 28):
    """Gira cada imagem em torno do centro por um ângulo sorteado em ±``max_graus``.

    Usa o vizinho mais próximo: para cada pixel de destino, busca o pixel de origem
    girado no sentido contrário; origens fora da imagem viram 0.
    """
    m = x.shape[0]
    img = x.reshape(m, lado * lado)
    ang = np.deg2rad(rng.uniform(-max_graus, max_graus, size=m))[:, None]
    centro = (lado - 1) / 2.0
    yy, xx = np.meshgrid(np.arange(lado) - centro, np.arange(lado) - centro,
                         indexing="ij")
    yy, xx = yy.reshape(1, -1), xx.reshape(1, -1)
    cos, sen = np.cos(ang), np.sin(ang)
    y_orig = np.rint(cos * yy - sen * xx + centro).astype(np.int64)
    x_orig = np.rint(sen * yy + cos * xx + centro).astype(np.int64)
    dentro = (y_orig >= 0) & (y_orig < lado) & (x_orig >= 0) & (x_orig < lado)
    indice = np.where(dentro, y_orig * lado + x_orig, 0)
    saida = np.take_along_axis(img, indice, axis=1) * dentro
    return saida.astype(x.dtype, copy=False)


def aumentar_digitos(x, rng, max_desloc: int = 2, max_graus: float = 12.0,
                     lado: int = 28):
    """Aumento de dados para dígitos: rotação pequena seguida de deslocamento."""
    return deslocar_imagens(rotacionar_imagens(x, rng, max_graus, lado), rng,
                            max_desloc, lado)
