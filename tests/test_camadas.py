"""Testes das camadas e ativações (curso.camadas), com verificação numérica."""

import numpy as np
import pytest

from curso import camadas as C
from curso.gradiente import erro_relativo, gradiente_numerico_array

TOL = 1e-7


def _longe_de_zero(a, folga=1e-3):
    """Afasta os elementos das dobras em 0 (onde a derivada não existe)."""
    a = a.copy()
    perto = np.abs(a) < folga
    a[perto] = np.where(a[perto] >= 0, folga, -folga) * 10
    return a


@pytest.fixture
def rng():
    return np.random.default_rng(2024)


def test_afim_formas_e_valor(rng):
    x = rng.standard_normal((4, 3))
    w = rng.standard_normal((3, 5))
    b = rng.standard_normal(5)
    out, _ = C.afim_forward(x, w, b)
    assert out.shape == (4, 5)
    np.testing.assert_allclose(out, x @ w + b)


def test_afim_achata_entrada(rng):
    x = rng.standard_normal((2, 3, 4))
    w = rng.standard_normal((12, 5))
    out, cache = C.afim_forward(x, w, np.zeros(5))
    dx, dw, db = C.afim_backward(np.ones((2, 5)), cache)
    assert out.shape == (2, 5) and dx.shape == x.shape and dw.shape == w.shape


def test_afim_forma_errada(rng):
    with pytest.raises(ValueError):
        C.afim_forward(np.zeros((2, 3)), np.zeros((4, 5)), np.zeros(5))


def test_afim_backward_numerico(rng):
    x = rng.standard_normal((6, 4))
    w = rng.standard_normal((4, 3))
    b = rng.standard_normal(3)
    dout = rng.standard_normal((6, 3))
    _, cache = C.afim_forward(x, w, b)
    dx, dw, db = C.afim_backward(dout, cache)
    assert erro_relativo(dx, gradiente_numerico_array(lambda v: C.afim_forward(v, w, b)[0], x, dout)) < TOL
    assert erro_relativo(dw, gradiente_numerico_array(lambda v: C.afim_forward(x, v, b)[0], w, dout)) < TOL
    assert erro_relativo(db, gradiente_numerico_array(lambda v: C.afim_forward(x, w, v)[0], b, dout)) < TOL


CASOS = [
    ("sigmoide", lambda x: C.sigmoide_forward(x), C.sigmoide_backward),
    ("tanh", lambda x: C.tanh_forward(x), C.tanh_backward),
    ("relu", lambda x: C.relu_forward(x), C.relu_backward),
    ("leaky_relu", lambda x: C.leaky_relu_forward(x, 0.1), C.leaky_relu_backward),
    ("elu", lambda x: C.elu_forward(x, 1.3), C.elu_backward),
    ("softplus", lambda x: C.softplus_forward(x), C.softplus_backward),
    ("linear", lambda x: C.linear_forward(x), C.linear_backward),
]


@pytest.mark.parametrize("nome,fwd,bwd", CASOS, ids=[c[0] for c in CASOS])
def test_ativacao_backward_numerico(nome, fwd, bwd, rng):
    x = _longe_de_zero(rng.standard_normal((5, 7)))
    dout = rng.standard_normal((5, 7))
    out, cache = fwd(x)
    assert out.shape == x.shape
    dx = bwd(dout, cache)
    assert dx.shape == x.shape
    num = gradiente_numerico_array(lambda v: fwd(v)[0], x, dout)
    assert erro_relativo(dx, num) < TOL, nome


@pytest.mark.parametrize("nome", ["sigmoide", "tanh", "relu", "leaky_relu", "elu",
                                  "softplus", "linear"])
def test_derivadas_puras_batem_com_numerico(nome):
    f = getattr(C, nome)
    df = getattr(C, "derivada_" + nome)
    z = _longe_de_zero(np.linspace(-4, 4, 41))
    h = 1e-5
    num = (f(z + h) - f(z - h)) / (2 * h)
    assert erro_relativo(df(z), num) < TOL


def test_casos_conhecidos():
    assert C.relu(-1.0) == 0.0 and C.relu(2.5) == 2.5
    assert C.sigmoide(0.0) == 0.5
    assert C.derivada_sigmoide(0.0) == 0.25
    assert C.tanh(0.0) == 0.0 and C.derivada_tanh(0.0) == 1.0
    assert C.leaky_relu(-2.0, 0.01) == pytest.approx(-0.02)
    assert C.elu(-np.inf, 1.0) == -1.0
    assert C.softplus(0.0) == pytest.approx(np.log(2))
    assert C.derivada_relu(-3.0) == 0.0 and C.derivada_relu(3.0) == 1.0
    assert C.linear(3.0) == 3.0 and C.derivada_linear(7.0) == 1.0


def test_sigmoide_e_softplus_estaveis():
    z = np.array([-1000.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(C.sigmoide(z), [0.0, 1.0])
        np.testing.assert_allclose(C.softplus(z), [0.0, 1000.0])
        np.testing.assert_allclose(C.elu(z), [-1.0, 1000.0])


@pytest.mark.parametrize("forma_alfa", [(), (7,), (1, 7)])
def test_prelu_backward_numerico(forma_alfa, rng):
    x = _longe_de_zero(rng.standard_normal((5, 7)))
    alfa = rng.uniform(0.05, 0.5, size=forma_alfa) if forma_alfa else 0.25
    dout = rng.standard_normal((5, 7))
    out, cache = C.prelu_forward(x, alfa)
    np.testing.assert_allclose(out, np.where(x > 0, x, np.asarray(alfa) * x))
    dx, dalfa = C.prelu_backward(dout, cache)
    assert np.shape(dalfa) == np.shape(alfa)
    num_x = gradiente_numerico_array(lambda v: C.prelu_forward(v, alfa)[0], x, dout)
    assert erro_relativo(dx, num_x) < TOL
    alfa_arr = np.array(alfa, dtype=float)
    num_a = gradiente_numerico_array(lambda v: C.prelu_forward(x, v)[0], alfa_arr, dout)
    assert erro_relativo(np.asarray(dalfa), num_a) < TOL


def test_prelu_com_alfa_fixo_igual_leaky(rng):
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(C.prelu_forward(x, 0.01)[0], C.leaky_relu_forward(x, 0.01)[0])


def test_maxout_formas_e_valor(rng):
    x = rng.standard_normal((6, 4))
    w = rng.standard_normal((3, 4, 5))
    b = rng.standard_normal((3, 5))
    out, _ = C.maxout_forward(x, w, b)
    assert out.shape == (6, 5)
    esperado = np.max(np.stack([x @ w[j] + b[j] for j in range(3)]), axis=0)
    np.testing.assert_allclose(out, esperado)


def test_maxout_generaliza_relu(rng):
    x = rng.standard_normal((6, 4))
    w1 = rng.standard_normal((4, 5))
    b1 = rng.standard_normal(5)
    w = np.stack([np.zeros_like(w1), w1])
    b = np.stack([np.zeros_like(b1), b1])
    np.testing.assert_allclose(C.maxout_forward(x, w, b)[0], np.maximum(0, x @ w1 + b1))


def test_maxout_backward_numerico(rng):
    x = rng.standard_normal((6, 4))
    w = rng.standard_normal((3, 4, 5))
    b = rng.standard_normal((3, 5))
    dout = rng.standard_normal((6, 5))
    z = np.einsum("nd,kdm->knm", x, w) + b[:, None, :]
    zs = np.sort(z, axis=0)
    assert np.min(zs[-1] - zs[-2]) > 1e-3       # sem empates perto da dobra
    _, cache = C.maxout_forward(x, w, b)
    dx, dw, db = C.maxout_backward(dout, cache)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    assert erro_relativo(dx, gradiente_numerico_array(lambda v: C.maxout_forward(v, w, b)[0], x, dout)) < TOL
    assert erro_relativo(dw, gradiente_numerico_array(lambda v: C.maxout_forward(x, v, b)[0], w, dout)) < TOL
    assert erro_relativo(db, gradiente_numerico_array(lambda v: C.maxout_forward(x, w, v)[0], b, dout)) < TOL


def test_maxout_formas_invalidas():
    with pytest.raises(ValueError):
        C.maxout_forward(np.zeros((2, 3)), np.zeros((3, 4)), np.zeros(4))


def test_rede_duas_camadas_composta(rng):
    """afim → relu → afim: o gradiente composto também confere."""
    x = rng.standard_normal((5, 3))
    w1, b1 = rng.standard_normal((3, 6)), rng.standard_normal(6)
    w2, b2 = rng.standard_normal((6, 2)), rng.standard_normal(2)
    dout = rng.standard_normal((5, 2))

    def rede(w1_):
        h, _ = C.relu_forward(C.afim_forward(x, w1_, b1)[0])
        return C.afim_forward(h, w2, b2)[0]

    z1, c1 = C.afim_forward(x, w1, b1)
    h, c2 = C.relu_forward(z1)
    _, c3 = C.afim_forward(h, w2, b2)
    dh, _, _ = C.afim_backward(dout, c3)
    _, dw1, _ = C.afim_backward(C.relu_backward(dh, c2), c1)
    assert erro_relativo(dw1, gradiente_numerico_array(rede, w1, dout)) < TOL


@pytest.mark.parametrize("f, df", [(C.gelu, C.derivada_gelu), (C.silu, C.derivada_silu),
                                   (C.mish, C.derivada_mish)], ids=["gelu", "silu", "mish"])
def test_ativacoes_suaves_derivada_numerica(f, df):
    z = np.linspace(-4, 4, 121)   # mais longe, a derivada da GELU é ~1e-8 e o erro relativo perde sentido
    numerica = gradiente_numerico_array(f, z.copy(), np.ones_like(z))
    assert erro_relativo(df(z), numerica) < TOL


def test_ativacoes_suaves_valores_conhecidos():
    assert C.gelu(1.0) == pytest.approx(0.8413447460685429)   # 1·Φ(1)
    assert C.silu(1.0) == pytest.approx(1 / (1 + np.exp(-1)))
    assert C.mish(0.0) == 0.0 and C.gelu(0.0) == 0.0 and C.silu(0.0) == 0.0
    z = np.linspace(-5, 5, 201)
    assert np.max(np.abs(C.gelu(z) - C.gelu_tanh(z))) < 1e-3
    for f in (C.gelu, C.silu, C.mish):          # parecem a ReLU longe de zero
        assert f(20.0) == pytest.approx(20.0) and abs(f(-20.0)) < 1e-6
