"""Testes de :mod:`curso.normalizacao_lote` (sem TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from curso.gradiente import erro_relativo, gradiente_numerico
from curso.normalizacao_lote import (
    normalizacao_lote_backward,
    normalizacao_lote_backward_grafo,
    normalizacao_lote_forward,
)


def _gradiente_numerico(f, x):
    """Diferenças centrais de ``f()`` (que lê ``x``, alterado no lugar), via curso.gradiente."""
    return gradiente_numerico(lambda _: f(), x)



@pytest.fixture
def dados():
    rng = np.random.default_rng(7)
    x = 3.0 * rng.standard_normal((8, 5)) + 2.0  # float64
    gama = rng.standard_normal(5)
    beta = rng.standard_normal(5)
    dout = rng.standard_normal((8, 5))
    return x, gama, beta, dout


@pytest.mark.parametrize("backward", [normalizacao_lote_backward,
                                      normalizacao_lote_backward_grafo])
def test_verificacao_do_gradiente(dados, backward):
    x, gama, beta, dout = dados

    def custo():
        # Um config novo a cada chamada: as médias móveis não interferem.
        out, _ = normalizacao_lote_forward(x, gama, beta, {"modo": "treino"})
        return float(np.sum(out * dout))

    _, cache = normalizacao_lote_forward(x, gama, beta, {"modo": "treino"})
    dx, dgama, dbeta = backward(dout, cache)
    for analitico, variavel in [(dx, x), (dgama, gama), (dbeta, beta)]:
        numerico = _gradiente_numerico(custo, variavel)
        assert analitico.dtype == np.float64
        assert erro_relativo(analitico, numerico) < 1e-7


def test_duas_formas_do_backward_coincidem(dados):
    x, gama, beta, dout = dados
    _, cache = normalizacao_lote_forward(x, gama, beta)
    for a, b in zip(normalizacao_lote_backward(dout, cache),
                    normalizacao_lote_backward_grafo(dout, cache)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def test_saida_de_treino_tem_media_zero_e_desvio_um():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=[5.0, -3.0, 0.0], scale=[10.0, 0.1, 2.0], size=(200, 3))
    out, _ = normalizacao_lote_forward(x, np.ones(3), np.zeros(3))
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1.0, rtol=1e-3)  # ε = 1e-5 pesa pouco


def test_gama_e_beta_definem_media_e_desvio():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(100, 2))
    gama, beta = np.array([2.0, 0.5]), np.array([-1.0, 3.0])
    out, _ = normalizacao_lote_forward(x, gama, beta)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), gama, rtol=1e-3)


def test_modo_teste_usa_medias_moveis():
    rng = np.random.default_rng(2)
    config = {"momento": 0.9}
    gama, beta = np.ones(4), np.zeros(4)
    media_real = np.array([1.0, -2.0, 0.5, 10.0])
    desvio_real = np.array([0.5, 3.0, 1.0, 2.0])
    for _ in range(300):
        x = media_real + desvio_real * rng.standard_normal((64, 4))
        normalizacao_lote_forward(x, gama, beta, config)
    np.testing.assert_allclose(config["media_movel"], media_real, atol=0.25)
    np.testing.assert_allclose(np.sqrt(config["var_movel"]), desvio_real, rtol=0.1)

    # No modo de teste a saída é a fórmula com as médias móveis, e não depende do lote.
    config["modo"] = "teste"
    media_antes = config["media_movel"].copy()
    x = media_real + desvio_real * rng.standard_normal((5, 4))
    out, cache = normalizacao_lote_forward(x, gama, beta, config)
    assert cache is None
    esperado = (x - config["media_movel"]) / np.sqrt(config["var_movel"] + config["eps"])
    np.testing.assert_allclose(out, esperado)
    sozinho, _ = normalizacao_lote_forward(x[:1], gama, beta, config)
    np.testing.assert_allclose(sozinho, out[:1])
    np.testing.assert_array_equal(config["media_movel"], media_antes)


def test_media_movel_primeiro_passo():
    x = np.array([[1.0, 2.0], [3.0, 6.0]])
    config = {"momento": 0.9}
    normalizacao_lote_forward(x, np.ones(2), np.zeros(2), config)
    np.testing.assert_allclose(config["media_movel"], 0.1 * np.array([2.0, 4.0]))
    np.testing.assert_allclose(config["var_movel"], 0.9 + 0.1 * np.array([1.0, 4.0]))


def test_erros():
    with pytest.raises(ValueError):
        normalizacao_lote_forward(np.zeros(3), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError):
        normalizacao_lote_forward(np.zeros((2, 3)), np.ones(3), np.zeros(3), {"modo": "x"})
    with pytest.raises(ValueError):
        normalizacao_lote_backward(np.zeros((2, 3)), None)
