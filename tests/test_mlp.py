"""Testes da MLP rápida em numpy (``curso.mlp``)."""

from __future__ import annotations

import numpy as np
import pytest

from curso import camadas, softmax
from curso.mlp import MLP, SGD, Adam, flops_por_exemplo, treinar_epoca


def _dados(n=7, d=5, k=3, semente=1, dtype=np.float64):
    rng = np.random.default_rng(semente)
    return rng.standard_normal((n, d)).astype(dtype), rng.integers(0, k, size=n)


def _erro_relativo(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-12, np.abs(a) + np.abs(b)))


def test_verificacao_numerica_do_gradiente_float64():
    x, y = _dados()
    rede = MLP([5, 6, 4, 3], semente=2, dtype=np.float64)
    for b in rede.b:                         # viés não nulo: exercita db e a ReLU
        b[:] = np.random.default_rng(3).standard_normal(b.shape) * 0.1
    rede.perda_e_gradientes(x, y)
    analiticos = [g.copy() for g in rede.gradientes]
    h = 1e-6
    for p, g in zip(rede.parametros, analiticos):
        numerico = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            original = p[i]
            p[i] = original + h
            mais = rede.perda_e_gradientes(x, y)
            p[i] = original - h
            menos = rede.perda_e_gradientes(x, y)
            p[i] = original
            numerico[i] = (mais - menos) / (2 * h)
        assert _erro_relativo(g, numerico) < 1e-7


def test_confere_com_as_camadas_do_curso():
    """Perda e gradientes iguais aos de camadas.afim/relu + softmax.softmax_entropia_cruzada."""
    x, y = _dados(n=9, d=4, k=3)
    rede = MLP([4, 5, 3], semente=0, dtype=np.float64)
    perda = rede.perda_e_gradientes(x, y)
    z1, c1 = camadas.afim_forward(x, rede.W[0], rede.b[0])
    a1, cr = camadas.relu_forward(z1)
    z2, c2 = camadas.afim_forward(a1, rede.W[1], rede.b[1])
    perda_ref, dz2 = softmax.softmax_entropia_cruzada(z2, y)
    da1, dw2, db2 = camadas.afim_backward(dz2, c2)
    _, dw1, db1 = camadas.afim_backward(camadas.relu_backward(da1, cr), c1)
    assert perda == pytest.approx(float(perda_ref), rel=1e-12)
    for meu, ref in zip(rede.gradientes, [dw1, db1, dw2, db2]):
        np.testing.assert_allclose(meu, ref, rtol=1e-10, atol=1e-12)


def test_float32_fica_em_float32():
    x, y = _dados(n=16, d=8, k=4, dtype=np.float32)
    rede = MLP([8, 8, 4], dtype=np.float32)
    otim = Adam()
    treinar_epoca(rede, x, y, lote=5, otimizador=otim, rng=np.random.default_rng(0))
    assert all(p.dtype == np.float32 for p in rede.parametros)
    assert all(m.dtype == np.float32 for m, _, _ in otim._estado)


def test_adam_igual_ao_do_keras_na_forma_fechada():
    """Um passo de Adam com ε fora da raiz: w − α·√(1−β₂)/(1−β₁)·m/(√v+ε)."""
    w = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, -0.1, 2.0])
    esperado = w - 1e-3 * np.sqrt(1 - 0.999) / (1 - 0.9) * (0.1 * g) / (np.sqrt(0.001 * g * g) + 1e-7)
    Adam().passo([w], [g])
    np.testing.assert_allclose(w, esperado, rtol=1e-12)


def test_treino_aprende_um_problema_separavel():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((600, 2)).astype(np.float32)
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int64)      # XOR contínuo: precisa de camada oculta
    rede = MLP([2, 32, 2], semente=0)
    otim = Adam(taxa_aprendizado=0.01)
    perdas = [treinar_epoca(rede, x, y, 64, otim, rng) for _ in range(60)]
    assert perdas[-1] < 0.5 * perdas[0]
    assert rede.acuracia(x, y) > 0.9
    SGD(0.1).passo(rede.parametros, rede.gradientes)   # SGD também roda sem erro


def test_flops_por_exemplo():
    # [784, 128, 64, 10]: 4·784·128 + 6·128·64 + 6·64·10
    assert flops_por_exemplo([784, 128, 64, 10]) == 4 * 784 * 128 + 6 * 128 * 64 + 6 * 64 * 10
    assert MLP([784, 128, 64, 10]).contar_parametros() == 109_386
