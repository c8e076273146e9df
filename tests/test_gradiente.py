"""Testes do gradiente numérico e do verificador (curso.gradiente)."""

import numpy as np
import pytest

from curso.gradiente import (erro_relativo, gradiente_numerico,
                             gradiente_numerico_array, verificar_gradiente)


def test_gradiente_numerico_de_funcao_conhecida():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    # f(x) = Σ x³  →  ∇f = 3x²
    num = gradiente_numerico(lambda v: np.sum(v ** 3), x)
    assert erro_relativo(num, 3 * x ** 2) < 1e-7


def test_gradiente_numerico_restaura_x():
    x = np.array([1.0, -2.0, 3.0])
    copia = x.copy()
    gradiente_numerico(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, copia)


def test_diferenca_centrada_melhor_que_para_frente():
    x = np.array([0.7])
    h = 1e-4
    exato = np.cos(0.7)
    centrada = gradiente_numerico(lambda v: np.sin(v[0]), x, h=h)[0]
    frente = (np.sin(0.7 + h) - np.sin(0.7)) / h
    assert abs(centrada - exato) < abs(frente - exato) / 100


def test_gradiente_numerico_array_com_dout():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 3))
    dout = rng.standard_normal((4, 3))
    num = gradiente_numerico_array(np.tanh, x, dout)
    assert erro_relativo(num, dout * (1 - np.tanh(x) ** 2)) < 1e-7


def test_amostras_calcula_so_algumas_coordenadas():
    x = np.random.default_rng(2).standard_normal((10, 10))
    num = gradiente_numerico(lambda v: np.sum(v ** 2), x, amostras=7)
    assert np.sum(~np.isnan(num)) == 7
    assert erro_relativo(num, 2 * x) < 1e-7          # nan é ignorado


def test_erro_relativo_casos():
    assert erro_relativo(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert erro_relativo(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    assert erro_relativo(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError):
        erro_relativo(np.zeros(2), np.zeros(3))


def test_verificador_aprova_gradiente_certo(capsys):
    x = np.random.default_rng(3).standard_normal(5)
    erro = verificar_gradiente(lambda v: np.sum(np.exp(v)), x, np.exp(x), nome="exp")
    saida = capsys.readouterr().out
    assert erro < 1e-7
    assert "Verificação do gradiente de exp" in saida and "ok" in saida


def test_verificador_detecta_gradiente_errado(capsys):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, 3))
    w = rng.standard_normal((3, 2))
    dout = rng.standard_normal((6, 2))
    certo = dout @ w.T
    # Um erro sutil: um fator 2 a mais numa única coordenada do gradiente.
    quase = certo.copy()
    quase[0, 0] *= 2.0
    erro = verificar_gradiente(lambda v: v @ w, x, quase, dout=dout, nome="dx")
    assert erro > 1e-2
    assert "FALHOU" in capsys.readouterr().out
    assert verificar_gradiente(lambda v: v @ w, x, certo, dout=dout, imprimir=False) < 1e-7


def test_verificador_detecta_backward_de_sigmoide_errado(capsys):
    """Esquecer o fator (1 − σ) no passo para trás é pego pela verificação."""
    from curso.camadas import sigmoide_forward

    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, 5))
    dout = rng.standard_normal((4, 5))
    s, _ = sigmoide_forward(x)
    errado = dout * s                      # faltou (1 − s)
    erro = verificar_gradiente(lambda v: sigmoide_forward(v)[0], x, errado, dout=dout,
                               nome="sigmoide")
    assert erro > 1e-2
    assert "FALHOU" in capsys.readouterr().out


def test_erro_relativo_e_a_razao_das_normas():
    from curso.gradiente import diferenca_relativa, erro_relativo
    a = np.array([1.0, 2.0, 3.0, 4.0])
    b = np.array([1.0, 2.0, 3.0, 4.4])
    esperado = np.sqrt(0.4 ** 2) / (np.sqrt(30) + np.sqrt(1 + 4 + 9 + 4.4 ** 2))
    assert np.isclose(erro_relativo(a, b), esperado)
    # não é mais o do pior elemento (0,4 / 8,4): uma definição só no curso
    assert not np.isclose(erro_relativo(a, b), 0.4 / 8.4)
    # o outro nome, usado no exercício, é a mesma função
    assert diferenca_relativa is erro_relativo
    # matrizes: as normas são do array inteiro, qualquer que seja a forma
    assert np.isclose(erro_relativo(a.reshape(2, 2), b.reshape(2, 2)), esperado)
    assert erro_relativo(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="tamanhos diferentes"):
        erro_relativo(np.ones(2), np.ones(3))


def test_erro_relativo_ignora_coordenadas_nao_amostradas():
    a = np.array([1.0, np.nan, 3.0])
    b = np.array([1.0, 5.0, 3.3])
    assert np.isclose(erro_relativo(a, b), 0.3 / (np.sqrt(10) + np.sqrt(1 + 3.3 ** 2)))
