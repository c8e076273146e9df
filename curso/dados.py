"""Dados do curso: carregamento, conjuntos pequenos, pré-processamento e aumento de dados.

Pré-processamento e aumento de dados (capítulo 5): :func:`normalizar_entradas`,
:func:`deslocar_imagens`, :func:`rotacionar_imagens` e :func:`aumentar_digitos`.

MNIST
-----
:func:`carregar_mnist` procura, nesta ordem:

1. o arquivo indicado pela variável de ambiente ``CURSO_MNIST``;
2. ``data/mnist.npz`` na raiz do repositório (ignorado pelo git);
3. ``keras.datasets.mnist.load_data()``, que baixa da internet (e guarda em
   ``~/.keras/datasets``).

Se nada disso funcionar, levanta :class:`ErroDados` com uma mensagem em português que
explica como obter o arquivo. O arquivo ``.npz`` tem o formato do Keras: chaves
``x_train``, ``y_train``, ``x_test``, ``y_test``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

RAIZ = Path(__file__).resolve().parent.parent
CAMINHO_LOCAL = RAIZ / "data" / "mnist.npz"
VARIAVEL = "CURSO_MNIST"
CHAVES = ("x_train", "y_train", "x_test", "y_test")
FORMATOS = {"x_train": (60000, 28, 28), "y_train": (60000,),
            "x_test": (10000, 28, 28), "y_test": (10000,)}


class ErroDados(RuntimeError):
    """Não foi possível obter um conjunto de dados."""


def _ler_npz(caminho: Path):
    try:
        with np.load(caminho) as arquivo:
            faltando = [c for c in CHAVES if c not in arquivo]
            if faltando:
                raise ErroDados(f"O arquivo {caminho} não tem as chaves {faltando}; "
                                "esperava o formato do keras.datasets.mnist.")
            dados = {c: arquivo[c] for c in CHAVES}
    except ErroDados:
        raise
    except Exception as erro:  # noqa: BLE001 - arquivo corrompido, zip inválido etc.
        raise ErroDados(f"Não consegui ler o MNIST em {caminho}: {erro}") from None
    for chave, formato in FORMATOS.items():
        if dados[chave].shape != formato:
            raise ErroDados(f"Em {caminho}, '{chave}' tem formato {dados[chave].shape}; "
                            f"esperava {formato}.")
    return (dados["x_train"], dados["y_train"]), (dados["x_test"], dados["y_test"])


def caminhos_locais() -> list[Path]:
    """Caminhos onde o carregador procura uma cópia local, em ordem."""
    caminhos = []
    if os.environ.get(VARIAVEL):
        caminhos.append(Path(os.environ[VARIAVEL]).expanduser())
    caminhos.append(CAMINHO_LOCAL)
    return caminhos


def carregar_mnist(usar_keras: bool = True):
    """Devolve ``(x_treino, y_treino), (x_teste, y_teste)`` do MNIST (``uint8``).

    Prefere uma cópia local (veja o topo do módulo); sem ela, usa o Keras.
    """
    indicado = os.environ.get(VARIAVEL)
    if indicado and not Path(indicado).expanduser().is_file():
        raise ErroDados(f"A variável {VARIAVEL} aponta para {indicado}, "
                        "mas esse arquivo não existe.")
    for caminho in caminhos_locais():
        if caminho.is_file():
            return _ler_npz(caminho)
    motivo = "o download pelo Keras foi desativado"
    if usar_keras:
        try:
            from tensorflow import keras  # importação tardia: o TensorFlow é pesado

            return keras.datasets.mnist.load_data()
        except Exception as erro:  # noqa: BLE001 - sem internet, sem TensorFlow etc.
            motivo = f"o download pelo Keras falhou ({type(erro).__name__}: {erro})"
    raise ErroDados(
        "Não encontrei o MNIST: não há cópia local e " + motivo + ".\n"
        "Como resolver: baixe o arquivo 'mnist.npz' (formato do Keras, "
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz) e "
        f"coloque-o em {CAMINHO_LOCAL}, ou aponte a variável de ambiente {VARIAVEL} "
        "para ele."
    )


def preparar_mnist(achatar: bool = True, dtype=np.float32, usar_keras: bool = True):
    """MNIST pronto para redes densas: pixels em [0, 1] e imagens achatadas (784).

    Devolve ``(x_treino, y_treino), (x_teste, y_teste)`` com rótulos inteiros.
    """
    (xtr, ytr), (xte, yte) = carregar_mnist(usar_keras=usar_keras)
    xtr = xtr.astype(dtype) / 255.0
    xte = xte.astype(dtype) / 255.0
    if achatar:
        xtr = xtr.reshape(len(xtr), -1)
        xte = xte.reshape(len(xte), -1)
    return (xtr, ytr.astype(np.int64)), (xte, yte.astype(np.int64))


# ----------------------------------------------------------------------------------
# Pequenos conjuntos de dados 2-D, gerados com semente (reprodutíveis).
# ----------------------------------------------------------------------------------

def xor(n: int = 200, ruido: float = 0.15, semente: int = 0):
    """Quatro nuvens nos cantos de um quadrado; rótulo 1 quando x1·x2 < 0 (XOR)."""
    rng = np.random.default_rng(semente)
    cantos = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=float)
    indices = rng.integers(0, 4, size=n)
    x = cantos[indices] + ruido * rng.standard_normal((n, 2))
    y = (cantos[indices, 0] * cantos[indices, 1] < 0).astype(np.int64)
    return x, y


def nuvens(n: int = 200, centros=((-1.5, -1.0), (1.5, 1.0)), desvio: float = 0.8,
           semente: int = 0):
    """Nuvens gaussianas ("blobs"), uma por centro; rótulo = índice do centro."""
    rng = np.random.default_rng(semente)
    centros = np.asarray(centros, dtype=float)
    k = len(centros)
    y = np.arange(n) % k
    x = centros[y] + desvio * rng.standard_normal((n, centros.shape[1]))
    ordem = rng.permutation(n)
    return x[ordem], y[ordem].astype(np.int64)


def espirais(n_por_classe: int = 100, classes: int = 3, ruido: float = 0.2,
             semente: int = 0):
    """Espirais entrelaçadas (problema clássico que uma reta não separa)."""
    rng = np.random.default_rng(semente)
    x = np.zeros((n_por_classe * classes, 2))
    y = np.zeros(n_por_classe * classes, dtype=np.int64)
    for c in range(classes):
        i = slice(n_por_classe * c, n_por_classe * (c + 1))
        raio = np.linspace(0.0, 1.0, n_por_classe)
        angulo = (np.linspace(c * 4.0, (c + 1) * 4.0, n_por_classe)
                  + ruido * rng.standard_normal(n_por_classe))
        x[i] = np.c_[raio * np.sin(angulo), raio * np.cos(angulo)]
        y[i] = c
    return x, y


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
