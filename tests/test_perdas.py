"""Testes das funções de perda (curso.perdas)."""

import numpy as np
import pytest

from curso.gradiente import erro_relativo, gradiente_numerico
from curso.perdas import (entropia_cruzada_binaria, entropia_cruzada_binaria_logits,
                          erro_quadratico_medio, hinge_multiclasse)

TOL = 1e-7


def test_eqm_valor_e_gradiente():
    rng = np.random.default_rng(0)
    p = rng.standard_normal((5, 3))
    y = rng.standard_normal((5, 3))
    perda, dp = erro_quadratico_medio(p, y)
    assert perda == pytest.approx(np.mean((p - y) ** 2))
    assert dp.shape == p.shape
    num = gradiente_numerico(lambda v: erro_quadratico_medio(v, y)[0], p)
    assert erro_relativo(dp, num) < TOL


def test_eqm_caso_conhecido():
    perda, _ = erro_quadratico_medio(np.array([1.0, 2.0]), np.array([0.0, 0.0]))
    assert perda == pytest.approx(2.5)


def test_bce_logits_gradiente():
    rng = np.random.default_rng(1)
    z = 2 * rng.standard_normal((8, 1))
    y = rng.integers(0, 2, (8, 1)).astype(float)
    perda, dz = entropia_cruzada_binaria_logits(z, y)
    num = gradiente_numerico(lambda v: entropia_cruzada_binaria_logits(v, y)[0], z)
    assert erro_relativo(dz, num) < TOL
    assert dz.shape == z.shape
    p = 1 / (1 + np.exp(-z))
    esperado = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert perda == pytest.approx(esperado, rel=1e-12)


def test_bce_logits_estavel_para_logits_enormes():
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        perda, dz = entropia_cruzada_binaria_logits(z, y)
    # dois acertos (perda 0) e dois erros de 1000 → média 500
    assert perda == pytest.approx(500.0)
    np.testing.assert_allclose(dz, [0.0, 0.0, 0.25, -0.25])


def test_bce_probabilidades_gradiente_e_valor():
    rng = np.random.default_rng(2)
    p = rng.uniform(0.1, 0.9, size=10)
    y = rng.integers(0, 2, size=10).astype(float)
    perda, dp = entropia_cruzada_binaria(p, y)
    num = gradiente_numerico(lambda v: entropia_cruzada_binaria(v, y)[0], p)
    assert erro_relativo(dp, num) < TOL
    z = np.log(p / (1 - p))
    assert perda == pytest.approx(entropia_cruzada_binaria_logits(z, y)[0], rel=1e-10)


def test_bce_probabilidade_zero_nao_explode():
    perda, dp = entropia_cruzada_binaria(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert np.isfinite(perda) and np.all(np.isfinite(dp))
    assert perda > 20


def test_bce_caso_conhecido():
    perda, _ = entropia_cruzada_binaria(np.array([0.5]), np.array([1.0]))
    assert perda == pytest.approx(np.log(2))


def test_hinge_caso_conhecido():
    # exemplo clássico: pontuações [3.2, 5.1, -1.7], classe correta 0 → 2.9
    s = np.array([[3.2, 5.1, -1.7]])
    perda, ds = hinge_multiclasse(s, np.array([0]))
    assert perda == pytest.approx(2.9)
    np.testing.assert_allclose(ds, [[-1.0, 1.0, 0.0]])


def test_hinge_gradiente():
    rng = np.random.default_rng(3)
    s = rng.standard_normal((7, 4))
    y = rng.integers(0, 4, size=7)
    perda, ds = hinge_multiclasse(s, y)
    num = gradiente_numerico(lambda v: hinge_multiclasse(v, y)[0], s)
    assert erro_relativo(ds, num) < TOL
    assert perda >= 0 and ds.shape == s.shape


def test_hinge_zero_quando_margem_respeitada():
    s = np.array([[10.0, 0.0, 0.0], [0.0, 0.0, 5.0]])
    perda, ds = hinge_multiclasse(s, np.array([0, 2]))
    assert perda == 0.0 and not ds.any()
