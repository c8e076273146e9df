"""Testes de curso.softmax: valores dos slides, estabilidade e verificação do gradiente."""

import numpy as np
import pytest

from curso import gradiente
from curso.softmax import (
    CamadaSoftmaxEntropiaCruzada,
    acuracia,
    codificar_one_hot,
    entropia_cruzada_categorica,
    log_softmax,
    softmax,
    softmax_backward,
    softmax_entropia_cruzada,
    softmax_forward,
)


def gradiente_numerico(f, x, h=1e-5):
    """Diferenças centradas (curso.gradiente) numa cópia float64 de x."""
    return gradiente.gradiente_numerico(f, np.array(x, dtype=np.float64), h)


# Erro relativo do curso: ‖a − b‖ / (‖a‖ + ‖b‖).
erro_relativo = gradiente.erro_relativo


# --- exemplos dos slides ---------------------------------------------------------

def test_exemplo_slide_001_pato_castor_morsa():
    p = softmax([2.0, 1.0, 0.0])
    assert np.round(p, 2).tolist() == [0.67, 0.24, 0.09]


def test_exemplo_slide_004():
    p = softmax([0.9, 0.4, 0.2])
    assert np.round(p, 4).tolist() == [0.4755, 0.2884, 0.2361]
    np.testing.assert_allclose(p, [0.47548496, 0.2883962, 0.23611884], atol=1e-8)


# --- propriedades da softmax ----------------------------------------------------

def test_linhas_somam_um_e_invariancia_a_deslocamento():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(7, 5))
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(z + 123.4), p, atol=1e-12)
    # cada linha é independente das outras
    np.testing.assert_allclose(softmax(z[3]), p[3])


def test_estabilidade_com_logits_enormes():
    z = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0],
                  [1e300, 0.0, -1e300]])
    # overflow, divisão por zero ou operação inválida viram exceção
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(z)
        logp = log_softmax(z)
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(logp[:2]))
    esperado = softmax([0.0, 1.0, 2.0])
    np.testing.assert_allclose(p[0], esperado)
    np.testing.assert_allclose(p[1], esperado[::-1])
    np.testing.assert_allclose(p[2], [1.0, 0.0, 0.0])
    # a versão ingênua transborda nesses mesmos números
    with np.errstate(over="ignore", invalid="ignore"):
        ingenua = np.exp(z[0]) / np.exp(z[0]).sum()
    assert np.all(np.isnan(ingenua))


def test_perda_estavel_com_logits_enormes():
    z = np.array([[1000.0, 0.0, -1000.0]])
    perda, d = softmax_entropia_cruzada(z, [2])
    assert perda == pytest.approx(2000.0)
    np.testing.assert_allclose(d, [[1.0, 0.0, -1.0]])
    perda, _ = softmax_entropia_cruzada(z, [0])
    assert perda == pytest.approx(0.0, abs=1e-12)


def test_float32_preservado():
    z = np.ones((2, 3), dtype=np.float32)
    assert softmax(z).dtype == np.float32
    assert softmax_entropia_cruzada(z, [0, 1])[1].dtype == np.float32


# --- one-hot e entropia cruzada --------------------------------------------------

def test_codificar_one_hot():
    oh = codificar_one_hot([0, 2, 1, 2], 3)
    np.testing.assert_array_equal(oh, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]])
    assert codificar_one_hot(np.array([1, 0])).shape == (2, 2)
    for ruim in ([0, 3], [-1, 0]):
        with pytest.raises(ValueError):
            codificar_one_hot(ruim, 3)
    with pytest.raises(ValueError):
        codificar_one_hot([0.5, 1.0], 3)


def test_entropia_cruzada_valores():
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    esperado = -(np.log(0.7) + np.log(0.8)) / 2
    assert entropia_cruzada_categorica(probs, [0, 2]) == pytest.approx(esperado)
    assert entropia_cruzada_categorica(probs, codificar_one_hot([0, 2], 3)) == pytest.approx(esperado)
    assert entropia_cruzada_categorica(probs[0], 0) == pytest.approx(-np.log(0.7))
    # probabilidade zero na classe certa: grande, mas finita
    assert np.isfinite(entropia_cruzada_categorica([[1.0, 0.0]], [1]))


def test_perda_conjunta_igual_a_composicao():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    perda, _ = softmax_entropia_cruzada(z, y)
    assert perda == pytest.approx(entropia_cruzada_categorica(softmax(z), y))
    perda_oh, _ = softmax_entropia_cruzada(z, codificar_one_hot(y, 4))
    assert perda_oh == pytest.approx(perda)


def test_gradiente_formula_fechada():
    rng = np.random.default_rng(2)
    z = rng.normal(size=(5, 3))
    y = rng.integers(0, 3, size=5)
    _, d = softmax_entropia_cruzada(z, y)
    np.testing.assert_allclose(d, (softmax(z) - codificar_one_hot(y, 3)) / 5)
    np.testing.assert_allclose(d.sum(axis=1), 0.0, atol=1e-15)


# --- verificação numérica do gradiente (float64, erro relativo < 1e-7) -----------

def test_verificacao_gradiente_softmax_entropia_cruzada():
    rng = np.random.default_rng(3)
    z = rng.normal(scale=2.0, size=(8, 5))
    y = rng.integers(0, 5, size=8)
    _, analitico = softmax_entropia_cruzada(z, y)
    numerico = gradiente_numerico(lambda t: softmax_entropia_cruzada(t, y)[0], z)
    assert erro_relativo(analitico, numerico) < 1e-7


def test_verificacao_gradiente_softmax_backward():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(4, 6))
    dp = rng.normal(size=(4, 6))  # gradiente qualquer vindo de cima
    p, cache = softmax_forward(z)
    analitico = softmax_backward(dp, cache)
    numerico = gradiente_numerico(lambda t: np.sum(dp * softmax(t)), z)
    assert erro_relativo(analitico, numerico) < 1e-7


def test_verificacao_gradiente_pesos_de_um_classificador_linear():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(10, 4))
    y = rng.integers(0, 3, size=10)
    w = rng.normal(scale=0.5, size=(4, 3))
    camada = CamadaSoftmaxEntropiaCruzada()
    camada.forward(x @ w, y)
    dw = x.T @ camada.backward()
    numerico = gradiente_numerico(lambda t: softmax_entropia_cruzada(x @ t, y)[0], w)
    assert erro_relativo(dw, numerico) < 1e-7


def test_camada_e_acuracia():
    camada = CamadaSoftmaxEntropiaCruzada()
    with pytest.raises(RuntimeError):
        camada.backward()
    z = np.array([[3.0, 0.0], [0.0, 3.0], [2.0, 1.0]])
    camada.forward(z, [0, 1, 1])
    np.testing.assert_allclose(camada.probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(camada.backward(2.0), 2.0 * softmax_entropia_cruzada(z, [0, 1, 1])[1])
    np.testing.assert_array_equal(camada.prever(z), [0, 1, 0])
    assert acuracia(z, [0, 1, 1]) == pytest.approx(2 / 3)


def test_duas_classes_reduzem_a_sigmoide():
    rng = np.random.default_rng(6)
    z = rng.normal(size=(9, 2))
    p = softmax(z)
    sigmoide = 1 / (1 + np.exp(-(z[:, 1] - z[:, 0])))
    np.testing.assert_allclose(p[:, 1], sigmoide)
