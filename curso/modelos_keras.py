"""Os quatro modelos da tabela MNIST do deck 002 ("Deep Learning 101"), em Keras.

Configuração do deck: 50 épocas, minilotes de 256 exemplos, otimizador RMSprop e
camada de saída com 10 unidades softmax. Os modelos:

========  ==========================================  ==========  ===========
nome      arquitetura                                 parâmetros  acurácia
========  ==========================================  ==========  ===========
LOGREG    784 → 10 (regressão logística multiclasse)       7.850      92,79 %
NN        784 → 32 (sigmoide) → 10                        25.450      96,27 %
DNN       784 → 128 (ReLU) → 64 (ReLU) → 10              109.386      97,90 %
CDNN      28×28×1 → conv 32 3×3 (ReLU) → conv 64 3×3    4.738.826      98,84 %
          (ReLU) → achatar → 128 (ReLU) → 10
========  ==========================================  ==========  ===========

A contagem da CDNN só fecha **sem pooling** e com convoluções "valid" (sem
preenchimento): 28→26→24, e 24·24·64 = 36.864 entradas para a camada densa de 128
(36.864·128 + 128 = 4.718.720 parâmetros, quase tudo). O deck não menciona dropout
nem pooling nessa rede, então não há nenhum dos dois.

Rótulos: os modelos são compilados com ``sparse_categorical_crossentropy``, isto é,
esperam rótulos **inteiros** (0–9). É a mesma entropia cruzada categórica que com
rótulos one-hot e ``categorical_crossentropy``; só poupa a codificação.

Entradas: LOGREG, NN e DNN recebem imagens achatadas ``(m, 784)``; a CDNN recebe
``(m, 28, 28, 1)``. :func:`formatar_entradas` faz a conversão.

Resultados completos: o script ``benchmarks/mnist_tabela.py`` grava
``benchmarks/resultados_mnist.json``; :func:`ler_resultados` o lê (ou devolve ``None``)
e :func:`acuracias_resultados` extrai a acurácia de teste de cada modelo.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

RAIZ = Path(__file__).resolve().parent.parent

NOMES = ("LOGREG", "NN", "DNN", "CDNN")

CONFIG_DECK = {
    "epocas": 50,
    "tamanho_lote": 256,
    "otimizador": "RMSprop",
    "saida": "10 unidades softmax",
}
"""Configuração de treino da tabela MNIST do deck 002."""

CONTAGENS_DECK = {"LOGREG": 7_850, "NN": 25_450, "DNN": 109_386, "CDNN": 4_738_826}
"""Número de parâmetros de cada modelo, como impresso no deck 002."""

ACURACIAS_DECK = {"LOGREG": 92.79, "NN": 96.27, "DNN": 97.90, "CDNN": 98.84}
"""Acurácia de teste (%) de cada modelo, como impressa no deck 002."""

ARQUITETURAS_DECK = {
    "LOGREG": ("[]", "[]"),
    "NN": ("[32]", "[sigmoide]"),
    "DNN": ("[128, 64]", "[relu, relu]"),
    "CDNN": ("[32*, 64*, 128]", "[relu, relu, relu]"),
}
"""Colunas "Arquitetura" e "Ativação" do deck (``*``: núcleo convolucional 3×3)."""


def _camadas(nome: str, layers):
    if nome == "LOGREG":
        return [layers.Input(shape=(784,))]
    if nome == "NN":
        return [layers.Input(shape=(784,)),
                layers.Dense(32, activation="sigmoid", name="oculta_32")]
    if nome == "DNN":
        return [layers.Input(shape=(784,)),
                layers.Dense(128, activation="relu", name="oculta_128"),
                layers.Dense(64, activation="relu", name="oculta_64")]
    if nome == "CDNN":
        return [layers.Input(shape=(28, 28, 1)),
                layers.Conv2D(32, (3, 3), activation="relu", name="conv_32"),
                layers.Conv2D(64, (3, 3), activation="relu", name="conv_64"),
                layers.Flatten(name="achatar"),
                layers.Dense(128, activation="relu", name="densa_128")]
    raise ValueError(f"Modelo desconhecido: {nome!r}. Use um de {NOMES}.")


def construir_modelo(nome: str, taxa_aprendizado: float = 0.001, semente: int | None = None):
    """Cria e compila um dos quatro modelos do deck 002 (``"LOGREG"``, ``"NN"``,
    ``"DNN"`` ou ``"CDNN"``).

    Saída: densa de 10 unidades com softmax. Compilação: RMSprop (taxa de aprendizado
    padrão do Keras, 0,001), perda ``sparse_categorical_crossentropy`` (rótulos
    inteiros) e métrica ``accuracy``. ``semente`` fixa a inicialização dos pesos.
    """
    nome = nome.upper()
    if nome not in NOMES:
        raise ValueError(f"Modelo desconhecido: {nome!r}. Use um de {NOMES}.")
    import keras  # importação tardia: o TensorFlow é pesado
    from keras import layers

    if semente is not None:
        keras.utils.set_random_seed(semente)
    modelo = keras.Sequential(
        _camadas(nome, layers) + [layers.Dense(10, activation="softmax", name="saida_softmax")],
        name=nome,
    )
    modelo.compile(optimizer=keras.optimizers.RMSprop(learning_rate=taxa_aprendizado),
                   loss="sparse_categorical_crossentropy",
                   metrics=["accuracy"])
    return modelo


def formatar_entradas(nome: str, x) -> np.ndarray:
    """Ajusta o formato das imagens ao modelo: ``(m, 784)`` ou ``(m, 28, 28, 1)``."""
    x = np.asarray(x)
    if nome.upper() == "CDNN":
        return x.reshape(len(x), 28, 28, 1)
    return x.reshape(len(x), 784)


def _caminho(caminho) -> Path:
    caminho = Path(caminho)
    return caminho if caminho.is_absolute() else RAIZ / caminho


def ler_resultados(caminho="benchmarks/resultados_mnist.json"):
    """Lê o arquivo de resultados completos do MNIST; ``None`` se ele não existir.

    Caminhos relativos são tomados a partir da raiz do repositório.
    """
    arquivo = _caminho(caminho)
    if not arquivo.is_file():
        return None
    with open(arquivo, encoding="utf-8") as f:
        return json.load(f)


_CHAVES_ACURACIA = ("acuracia_teste", "acuracia", "precisao", "accuracy",
                    "test_accuracy", "acc")


def _acuracia_percentual(registro) -> float | None:
    if isinstance(registro, (int, float)):
        valor = float(registro)
    elif isinstance(registro, dict):
        valor = next((float(registro[c]) for c in _CHAVES_ACURACIA
                      if isinstance(registro.get(c), (int, float))), None)
        if valor is None:
            return None
    else:
        return None
    return valor * 100 if valor <= 1.0 else valor


def acuracias_resultados(resultados) -> dict:
    """Extrai ``{nome: (acurácia em %, registro)}`` do conteúdo de ``resultados_mnist.json``.

    Aceita ``{"modelos": {"LOGREG": {...}, ...}}``, ``{"modelos": [{"modelo": "LOGREG",
    ...}, ...]}`` ou os registros diretamente no topo. A acurácia pode estar em fração
    (0,9279) ou em porcentagem (92,79), sob uma das chaves ``acuracia_teste``,
    ``acuracia``, ``precisao`` ou ``accuracy``. Modelos ausentes não aparecem.
    """
    if not resultados:
        return {}
    modelos = resultados.get("modelos", resultados) if isinstance(resultados, dict) else resultados
    if isinstance(modelos, list):
        modelos = {str(r.get("modelo", r.get("nome", ""))).upper(): r
                   for r in modelos if isinstance(r, dict)}
    saida = {}
    for nome, registro in modelos.items():
        acc = _acuracia_percentual(registro)
        if acc is not None:
            saida[str(nome).upper()] = (acc, registro if isinstance(registro, dict) else {})
    return saida
