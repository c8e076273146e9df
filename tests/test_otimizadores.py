"""Testes de :mod:`curso.otimizadores`.

Este é o **único** arquivo de testes do pacote que importa o TensorFlow (a importação
leva alguns segundos); ela acontece uma só vez, na fixture ``keras`` de escopo de
módulo, e só os testes que recebem essa fixture a usam.

Comparação com ``keras.optimizers``
-----------------------------------
Cada otimizador do curso e o seu equivalente no Keras recebem a mesma sequência de 100
gradientes (em float64) e as duas sequências de pesos precisam coincidir dentro de
1e-6 em **todos** os passos. Para isso:

* **Taxa de aprendizado e momento.** O Keras guarda a taxa numa variável float32 e a
  converte para o tipo do peso; o coeficiente do momento (um ``float`` do Python) também
  passa por float32 em ``ops.cast`` antes de virar float64 (0.9 vira 0.8999999762).
  Usamos no curso exatamente esses valores float32 (``_f32``); sem isso, o erro
  relativo de ~2e-8 por passo no momento se acumula e passa de 1e-6 em 100 passos.
* **Momento.** O curso usa ``v ← β·v + (1−β)·dw``, ``w ← w − α·v``; o Keras usa
  ``v ← μ·v − α'·dw``, ``w ← w + v``. Com ``μ = β`` e ``α' = α·(1−β)`` as duas dão a
  mesma sequência de pesos (a velocidade do Keras é ``−α·v``). O teste configura o
  Keras assim.
* **AdaGrad.** O Keras usa ``√(G + ε)`` (ε dentro da raiz, ε = 1e-7) e começa ``G`` em
  0.1. Testamos (a) o curso configurado como o Keras (``epsilon_na_raiz=True``,
  ``acumulador_inicial=0.1``, mesmo ε) e (b) a forma dos slides (ε = 1e-8 **fora** da
  raiz, ``G`` começando em 0) contra o Keras com ``initial_accumulator_value=0`` e
  ``epsilon=1e-16``: um ε **fora** da raiz corresponde a ε² **dentro** dela (as duas
  formas dão ≈ ε quando G = 0 e ≈ √G quando G ≫ ε²). Com o ε padrão do Keras (1e-7
  dentro da raiz) a diferença **não** é desprezível: para a coluna de gradientes de
  escala 1e-2, ``G`` ~ 1e-4 e 1e-7 muda o denominador em ~0.05 %, o que dá 3e-4 de
  diferença nos pesos em 100 passos (medido).
* **RMSProp.** Mesma situação do ε (o Keras o põe dentro da raiz, ε = 1e-7); ``rho`` do
  Keras é o nosso ``beta``. Testamos as duas configurações, como no AdaGrad (com o ε
  padrão do Keras, a forma dos slides se afasta 7e-3 em 100 passos, porque ``S`` começa
  pequeno: ``S_1 = 0.1·dw²``).
* **Adam.** O Keras divide por ``√v + ε`` com o ``v`` sem correção de viés, o que
  equivale a trocar ε por ``ε/√(1−β2^t)`` na forma do artigo (a do curso). Com ε = 1e-8
  isso muda cada passo em menos de ``α·3e-7/√v̂``: bem abaixo da tolerância.
"""

from __future__ import annotations

import numpy as np
import pytest

from curso import otimizadores as ot

PASSOS = 100
TOL = 1e-6


def _f32(x: float) -> float:
    """O valor float32 mais próximo de ``x`` (como o Keras guarda a taxa)."""
    return float(np.float32(x))


@pytest.fixture(scope="module")
def keras():
    import keras as _keras  # importação pesada: só neste arquivo

    return _keras


def _gradientes(semente: int = 0) -> list[np.ndarray]:
    """100 gradientes 3×4 com escalas bem diferentes por coluna (de 1e-2 a 10)."""
    rng = np.random.default_rng(semente)
    escalas = np.array([1e-2, 1e-1, 1.0, 10.0])
    return [rng.standard_normal((3, 4)) * escalas for _ in range(PASSOS)]


W0 = np.random.default_rng(42).standard_normal((3, 4))


def _trajetoria_curso(otimizador, config, gradientes):
    w, pesos = W0.copy(), []
    for g in gradientes:
        w, config = otimizador(w, g, config)
        pesos.append(w.copy())
    return np.array(pesos)


def _trajetoria_keras(keras, opt, gradientes):
    var = keras.Variable(W0.copy(), dtype="float64")
    pesos = []
    for g in gradientes:
        opt.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), var)])
        pesos.append(np.array(var.numpy()))
    return np.array(pesos)


def _casos(keras):
    """(nome, otimizador do curso, config do curso, otimizador do Keras)."""
    o = keras.optimizers
    a = _f32(0.01)
    B = _f32(0.9)  # o Keras converte o momento 0.9 para float32 antes do float64
    return [
        ("sgd", ot.sgd, {"taxa_aprendizado": a}, o.SGD(learning_rate=a)),
        # Keras: v ← μ·v − α'·dw com α' = α·(1−β)  ⇔  curso: v ← β·v + (1−β)·dw, w −= α·v
        ("momento", ot.momento, {"taxa_aprendizado": a / (1 - B), "beta": B},
         o.SGD(learning_rate=a, momentum=0.9)),
        ("adagrad (como o Keras)", ot.adagrad,
         {"taxa_aprendizado": a, "epsilon": 1e-7, "epsilon_na_raiz": True,
          "acumulador_inicial": 0.1},
         o.Adagrad(learning_rate=a)),
        ("adagrad (slides)", ot.adagrad, {"taxa_aprendizado": a},
         o.Adagrad(learning_rate=a, initial_accumulator_value=0.0, epsilon=1e-16)),
        ("rmsprop (como o Keras)", ot.rmsprop,
         {"taxa_aprendizado": a, "beta": 0.9, "epsilon": 1e-7, "epsilon_na_raiz": True},
         o.RMSprop(learning_rate=a, rho=0.9)),
        ("rmsprop (slides)", ot.rmsprop, {"taxa_aprendizado": a, "beta": 0.9},
         o.RMSprop(learning_rate=a, rho=0.9, epsilon=1e-16)),
        ("adam", ot.adam, {"taxa_aprendizado": _f32(0.001)},
         o.Adam(learning_rate=_f32(0.001), beta_1=0.9, beta_2=0.999, epsilon=1e-8)),
    ]


NOMES = ["sgd", "momento", "adagrad (como o Keras)", "adagrad (slides)",
         "rmsprop (como o Keras)", "rmsprop (slides)", "adam"]


@pytest.mark.parametrize("nome", NOMES)
def test_igual_ao_keras_em_100_passos(keras, nome):
    caso = {c[0]: c for c in _casos(keras)}[nome]
    _, otimizador, config, opt = caso
    gradientes = _gradientes()
    nossos = _trajetoria_curso(otimizador, dict(config), gradientes)
    deles = _trajetoria_keras(keras, opt, gradientes)
    assert nossos.shape == deles.shape == (PASSOS, 3, 4)
    # Os pesos precisam ter andado de verdade (senão a comparação seria vazia).
    assert np.abs(nossos[-1] - W0).max() > 1e-2
    diferenca = np.abs(nossos - deles).max()
    assert diferenca < TOL, f"{nome}: diferença máxima {diferenca:.3g} em 100 passos"


def test_igual_ao_keras_com_gradiente_que_depende_de_w(keras):
    """Laço fechado: o gradiente de cada passo vem do peso atual (custo quadrático).

    Aqui os pesos chegam perto do mínimo, onde o gradiente vai a zero: é justamente o
    regime em que o lugar do ε importa (medido: a forma dos slides do RMSProp se afasta
    4e-6 da do Keras). Por isso só entram as configurações idênticas às do Keras.
    """
    escalas = np.array([[1.0, 10.0, 0.1, 3.0]])
    for nome, otimizador, config, opt in _casos(keras):
        if "slides" in nome:
            continue
        var = keras.Variable(W0.copy(), dtype="float64")
        w, config = W0.copy(), dict(config)
        for _ in range(PASSOS):
            g_nosso = escalas * w
            w, config = otimizador(w, g_nosso, config)
            g_keras = escalas * np.array(var.numpy())
            opt.apply_gradients([(keras.ops.convert_to_tensor(g_keras), var)])
            assert np.abs(w - var.numpy()).max() < TOL, nome


# ----------------------------------------------------------------------------------
# Testes sem TensorFlow
# ----------------------------------------------------------------------------------

@pytest.mark.parametrize("nome", list(ot.OTIMIZADORES))
def test_config_padrao_e_estado(nome):
    otimizador = ot.OTIMIZADORES[nome]
    w = np.ones((2, 3))
    dw = np.full((2, 3), 0.5)
    novo, config = otimizador(w, dw, None)
    assert isinstance(config, dict) and "taxa_aprendizado" in config
    assert novo.shape == w.shape
    assert np.all(novo < w), "um passo contra um gradiente positivo precisa diminuir w"
    assert np.all(w == 1.0), "o otimizador não pode alterar w no lugar"
    # Um config parcial é completado sem perder o que foi dado.
    _, config2 = otimizador(w, dw, {"taxa_aprendizado": 0.5})
    assert config2["taxa_aprendizado"] == 0.5


def test_adam_padroes_e_primeiro_passo():
    w = np.array([1.0, -2.0, 3.0])
    dw = np.array([0.3, -4.0, 1e-3])
    novo, config = ot.adam(w, dw)
    assert (config["beta1"], config["beta2"], config["epsilon"]) == (0.9, 0.999, 1e-8)
    assert config["t"] == 1
    # Com a correção de viés, o primeiro passo é α·sinal(dw) (a menos de ε).
    np.testing.assert_allclose(w - novo, 1e-3 * np.sign(dw), rtol=1e-4)
    _, config = ot.adam(novo, dw, config)
    assert config["t"] == 2


def test_adagrad_taxa_efetiva_encolhe():
    w, config = np.zeros(1), None
    passos = []
    for _ in range(5):
        novo, config = ot.adagrad(w, np.ones(1), config)
        passos.append(float((w - novo)[0]))
        w = novo
    # Com gradiente constante 1, o passo k é α/√k.
    np.testing.assert_allclose(passos, 0.01 / np.sqrt(np.arange(1, 6)), rtol=1e-6)


def test_trajetoria():
    pontos = ot.trajetoria(lambda w: 2 * w, [1.0, -1.0], ot.sgd,
                           {"taxa_aprendizado": 0.25}, passos=3)
    np.testing.assert_allclose(pontos, [[1, -1], [0.5, -0.5], [0.25, -0.25],
                                        [0.125, -0.125]])


def test_decaimentos_formulas_do_slide():
    epocas = np.arange(1, 6)
    np.testing.assert_allclose(ot.decaimento_inverso(0.2, epocas, 1.0),
                               0.2 / (1 + epocas))
    np.testing.assert_allclose(ot.decaimento_exponencial(0.2, epocas),
                               0.2 * 0.95 ** epocas)
    np.testing.assert_allclose(ot.decaimento_raiz(0.2, epocas, k=0.5),
                               0.5 / np.sqrt(epocas) * 0.2)
    assert ot.decaimento_inverso(0.2, 0) == pytest.approx(0.2)
    np.testing.assert_allclose(ot.decaimento_em_degraus(1.0, [0, 9, 10, 25], 0.5, 10),
                               [1.0, 1.0, 0.5, 0.25])
    with pytest.raises(ValueError):
        ot.decaimento_raiz(0.2, 0)


def test_decaimentos_iguais_aos_do_keras(keras):
    s = keras.optimizers.schedules
    epocas = np.arange(0, 30)
    inverso = s.InverseTimeDecay(0.2, decay_steps=1, decay_rate=0.5)
    exponencial = s.ExponentialDecay(0.2, decay_steps=1, decay_rate=0.95)
    degraus = s.ExponentialDecay(0.2, decay_steps=10, decay_rate=0.5, staircase=True)
    for passo in epocas:
        assert float(inverso(passo)) == pytest.approx(
            ot.decaimento_inverso(0.2, passo, 0.5), rel=1e-6)
        assert float(exponencial(passo)) == pytest.approx(
            ot.decaimento_exponencial(0.2, passo), rel=1e-6)
        assert float(degraus(passo)) == pytest.approx(
            ot.decaimento_em_degraus(0.2, passo, 0.5, 10), rel=1e-6)


def test_media_movel_exponencial():
    serie = np.array([10.0, 10.0, 10.0])
    sem = ot.media_movel_exponencial(serie, 0.9, corrigir_vies=False)
    np.testing.assert_allclose(sem, [1.0, 1.9, 2.71])
    com = ot.media_movel_exponencial(serie, 0.9)
    np.testing.assert_allclose(com, [10.0, 10.0, 10.0])
    # Em regime, a média de uma série constante é a própria constante.
    longa = ot.media_movel_exponencial(np.full(500, 3.0), 0.98, corrigir_vies=False)
    assert longa[-1] == pytest.approx(3.0, rel=1e-4)
    # Vale também para séries de vetores.
    vetores = ot.media_movel_exponencial(np.ones((4, 2)), 0.5)
    np.testing.assert_allclose(vetores, np.ones((4, 2)))
