"""Testes de curso.rede_profunda: formas, verificação do gradiente, dropout e treino."""

import numpy as np
import pytest

from curso import camadas, gradiente, otimizadores
from curso import rede_profunda as rd


def gradiente_numerico(f, x):
    """Diferenças centrais de ``f()`` (que lê ``x``, alterado no lugar), via curso.gradiente."""
    return gradiente.gradiente_numerico(lambda _: f(), x)


# Erro relativo do curso: ‖a − b‖ / (‖a‖ + ‖b‖).
erro_relativo = gradiente.erro_relativo


def dados(m=7, n=5, k=1, semente=3):
    rng = np.random.default_rng(semente)
    X = rng.standard_normal((m, n))
    Y = rng.integers(0, 2 if k == 1 else k, size=m)
    return X, Y


# ------------------------------------------------------------------ formas

def test_inicializacao_formas_e_desvios():
    dims = [400, 300, 200, 1]
    for metodo, esperado in [("he", lambda a, b: np.sqrt(2 / a)),
                             ("xavier", lambda a, b: np.sqrt(1 / a)),
                             ("glorot", lambda a, b: np.sqrt(2 / (a + b))),
                             ("pequena", lambda a, b: 0.01)]:
        p = rd.inicializar_parametros(dims, metodo, semente=1)
        assert rd.numero_camadas(p) == 3
        for l in (1, 2):
            W = p[f"W{l}"]
            assert W.shape == (dims[l - 1], dims[l])
            assert p[f"b{l}"].shape == (dims[l],)
            assert np.all(p[f"b{l}"] == 0)
            assert W.std() == pytest.approx(esperado(*W.shape), rel=0.03)
    zeros = rd.inicializar_parametros(dims, "zeros")
    assert all(np.all(v == 0) for v in zeros.values())
    with pytest.raises(ValueError):
        rd.inicializar_parametros(dims, "aleatoria")


def test_formas_da_propagacao_e_dos_gradientes():
    X, Y = dados(m=6, n=4, k=3)
    p = rd.inicializar_parametros([4, 5, 3, 3], "he", semente=0)
    saida, caches = rd.propagar(X, p, "relu", "softmax")
    assert saida.shape == (6, 3)
    assert np.allclose(saida.sum(axis=1), 1)
    assert len(caches) == 3
    grads = rd.retropropagar(saida, Y, caches)
    for nome, valor in p.items():
        assert grads["d" + nome].shape == valor.shape
    assert rd.prever(X, p, "relu", "softmax").shape == (6,)


# ------------------------------------------------------------------ gradientes

@pytest.mark.parametrize("oculta,saida_nome,k", [
    ("relu", "sigmoide", 1), ("tanh", "sigmoide", 1),
    ("sigmoide", "softmax", 4), ("relu", "softmax", 3),
])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_verificacao_do_gradiente_rede_inteira(oculta, saida_nome, k, lambd):
    X, Y = dados(m=8, n=5, k=k)
    dims = [5, 6, 4, 3, k]
    p = rd.inicializar_parametros(dims, "xavier", semente=2)
    # vieses não nulos para que nenhuma ReLU fique exatamente em z = 0
    rng = np.random.default_rng(9)
    for l in range(1, 5):
        p[f"b{l}"] += 0.1 * rng.standard_normal(p[f"b{l}"].shape)

    def J():
        s, _ = rd.propagar(X, p, oculta, saida_nome)
        return rd.custo(s, Y, p, lambd)

    s, caches = rd.propagar(X, p, oculta, saida_nome)
    grads = rd.retropropagar(s, Y, caches, lambd)
    for nome in p:
        numerico = gradiente_numerico(J, p[nome])
        assert erro_relativo(grads["d" + nome], numerico) < 1e-7, nome


@pytest.mark.parametrize("prob", [0.5, [0.8, 0.6, 0.7]])
def test_verificacao_do_gradiente_com_dropout_e_l2(prob):
    """Com a máscara fixa (mesma semente em toda chamada) o custo é determinístico."""
    X, Y = dados(m=9, n=5, k=1, semente=5)
    p = rd.inicializar_parametros([5, 7, 6, 4, 1], "he", semente=4)
    rng = np.random.default_rng(1)
    for l in range(1, 5):
        p[f"b{l}"] += 0.1 * rng.standard_normal(p[f"b{l}"].shape)

    def ida():
        return rd.propagar(X, p, "tanh", "sigmoide", prob_manter=prob,
                           rng=np.random.default_rng(123))

    def J():
        return rd.custo(ida()[0], Y, p, 0.3)

    s, caches = ida()
    # a máscara realmente descartou unidades
    assert any(np.any(c["dropout"][0] == 0) for c in caches[:-1])
    grads = rd.retropropagar(s, Y, caches, 0.3)
    for nome in p:
        assert erro_relativo(grads["d" + nome], gradiente_numerico(J, p[nome])) < 1e-7


def test_dropout_backward_numerico():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 6))
    dout = rng.standard_normal((5, 6))

    def f():
        out, _ = rd.dropout_forward(x, 0.6, "treino", np.random.default_rng(7))
        return float(np.sum(out * dout))

    _, cache = rd.dropout_forward(x, 0.6, "treino", np.random.default_rng(7))
    dx = rd.dropout_backward(dout, cache)
    assert erro_relativo(dx, gradiente_numerico(f, x)) < 1e-7


def test_custo_l2_soma_o_termo_certo():
    X, Y = dados(m=10, n=3)
    p = rd.inicializar_parametros([3, 4, 1], "he", semente=0)
    s, _ = rd.propagar(X, p)
    termo = 0.5 / (2 * 10) * (np.sum(p["W1"] ** 2) + np.sum(p["W2"] ** 2))
    assert rd.custo(s, Y, p, 0.5) == pytest.approx(rd.custo(s, Y) + termo)


# ------------------------------------------------------------------ dropout

def test_dropout_nao_atua_no_teste():
    x = np.random.default_rng(0).standard_normal((50, 40))
    out, cache = rd.dropout_forward(x, 0.3, "teste", np.random.default_rng(0))
    assert out is x
    assert rd.dropout_backward(np.ones_like(x), cache) is not None
    assert np.array_equal(rd.dropout_backward(x, cache), x)
    # prever e propagar sem prob_manter nunca sorteiam máscaras
    p = rd.inicializar_parametros([40, 30, 1], "he")
    a, _ = rd.propagar(x, p)
    b, _ = rd.propagar(x, p)
    assert np.array_equal(a, b)


def test_dropout_preserva_a_esperanca_e_descarta_a_fracao_certa():
    x = np.full((400, 500), 3.0)
    out, (mascara, p, _) = rd.dropout_forward(x, 0.8, "treino", np.random.default_rng(1))
    assert out.mean() == pytest.approx(3.0, rel=0.01)
    assert np.mean(out == 0) == pytest.approx(0.2, abs=0.01)
    assert np.allclose(out[out != 0], 3.0 / 0.8)
    with pytest.raises(ValueError):
        rd.dropout_forward(x, 0.8, "validacao")


# ------------------------------------------------------------------ treino e dados

def test_treinar_reduz_o_custo_e_aprende_xor():
    from curso.dados import xor

    X, Y = xor(n=200, semente=1)
    Xv, Yv = xor(n=200, semente=2)
    p, h = rd.treinar(X, Y, [2, 8, 8, 1], X_val=Xv, Y_val=Yv, ativacao_oculta="tanh",
                      metodo_init="xavier", taxa=0.5, epocas=300, semente=0)
    assert len(h["custo_treino"]) == len(h["custo_val"]) == 300
    assert h["custo_treino"][-1] < 0.2 * h["custo_treino"][0]
    assert rd.acuracia(Xv, Yv, p, "tanh") > 0.95


def test_treinar_minilotes_l2_dropout_e_parada_antecipada():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((120, 10))
    Y = (X[:, 0] + X[:, 1] > 0).astype(int)
    Xv = rng.standard_normal((60, 10))
    Yv = (Xv[:, 0] + Xv[:, 1] > 0).astype(int)
    p, h = rd.treinar(X, Y, [10, 16, 1], X_val=Xv, Y_val=Yv, taxa=0.2, epocas=400,
                      tamanho_lote=32, lambd=0.1, prob_manter=0.9, paciencia=10)
    assert h["epocas_rodadas"] < 400                # parou antes
    melhor = h["melhor_epoca"]
    assert h["epocas_rodadas"] == melhor + 10
    # devolveu os parâmetros da melhor época
    s, _ = rd.propagar(Xv, p)
    assert rd.custo(s, Yv) == pytest.approx(h["custo_val"][melhor - 1])
    with pytest.raises(ValueError):
        rd.treinar(X, Y, [10, 1], paciencia=3)


def test_l2_encolhe_os_pesos():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 20))
    Y = rng.integers(0, 2, 40)
    normas = []
    for lambd in (0.0, 5.0):
        p, _ = rd.treinar(X, Y, [20, 30, 1], taxa=0.3, epocas=200, lambd=lambd)
        normas.append(sum(np.sum(p[f"W{l}"] ** 2) for l in (1, 2)))
    assert normas[1] < 0.5 * normas[0]


def test_normalizar_entradas_usa_estatisticas_do_treino():
    rng = np.random.default_rng(0)
    xtr = rng.normal(5.0, 2.0, size=(500, 3))
    xtr[:, 2] = 7.0                                   # coluna constante
    xte = rng.normal(5.0, 2.0, size=(100, 3))
    ntr, nte, est = rd.normalizar_entradas(xtr, xte)
    assert np.allclose(ntr[:, :2].mean(axis=0), 0, atol=1e-12)
    assert np.allclose(ntr[:, :2].std(axis=0), 1)
    assert np.all(ntr[:, 2] == 0) and np.all(np.isfinite(nte))
    assert np.allclose(nte, (xte - xtr.mean(axis=0)) / est["desvio"])
    assert not np.allclose(nte[:, :2].mean(axis=0), 0, atol=1e-3)


def test_deslocar_e_rotacionar_imagens():
    img = np.zeros((1, 28, 28))
    img[0, 10, 12] = 1.0
    x = img.reshape(1, -1)
    rng = np.random.default_rng(0)
    desl = rd.deslocar_imagens(np.repeat(x, 30, axis=0), rng, max_desloc=2)
    assert desl.shape == (30, 784)
    for linha in desl.reshape(30, 28, 28):
        (r,), (c,) = np.nonzero(linha)
        assert abs(r - 10) <= 2 and abs(c - 12) <= 2
    assert len({tuple(np.argwhere(l)[0]) for l in desl.reshape(30, 28, 28)}) > 5
    rot = rd.rotacionar_imagens(np.repeat(x, 5, axis=0), rng, max_graus=0.0)
    assert np.array_equal(rot, np.repeat(x, 5, axis=0))
    giradas = rd.aumentar_digitos(np.random.default_rng(1).random((8, 784)), rng)
    assert giradas.shape == (8, 784) and np.all(np.isfinite(giradas))


def test_l2_em_minilotes_usa_o_m_do_treino_inteiro():
    """Com entradas nulas, W1 só sofre o decaimento: fator (1 - αλ/m) por minilote."""
    X = np.zeros((40, 3))
    Y = np.arange(40) % 2
    p0 = rd.inicializar_parametros([3, 4, 1], "he", semente=0)
    p, _ = rd.treinar(X, Y, [3, 4, 1], taxa=0.1, epocas=1, tamanho_lote=10, lambd=2.0,
                      parametros=dict(p0))
    assert np.allclose(p["W1"], p0["W1"] * (1 - 0.1 * 2.0 / 40) ** 4)


# ------------------------------------------------------------------ mesmas peças do curso

def test_referencia_independente_escrita_a_mao():
    """Rede 4-5-3-3 (tanh, tanh, softmax) escrita aqui, fórmula a fórmula, sem o pacote."""
    X, Y = dados(m=6, n=4, k=3, semente=11)
    p = rd.inicializar_parametros([4, 5, 3, 3], "xavier", semente=5)
    rng = np.random.default_rng(2)
    for l in (1, 2, 3):
        p[f"b{l}"] = 0.2 * rng.standard_normal(p[f"b{l}"].shape)
    W1, b1, W2, b2, W3, b3 = (p[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    A1 = np.tanh(X @ W1 + b1)
    A2 = np.tanh(A1 @ W2 + b2)
    Z3 = A2 @ W3 + b3
    P = np.exp(Z3) / np.exp(Z3).sum(axis=1, keepdims=True)
    T = np.eye(3)[Y]
    m, lambd = len(Y), 0.4
    J = -np.mean(np.log(P[np.arange(m), Y])) + lambd / (2 * m) * sum(
        np.sum(W ** 2) for W in (W1, W2, W3))
    dZ3 = (P - T) / m
    dZ2 = (dZ3 @ W3.T) * (1 - A2 ** 2)
    dZ1 = (dZ2 @ W2.T) * (1 - A1 ** 2)
    esperado = {"dW3": A2.T @ dZ3 + lambd / m * W3, "db3": dZ3.sum(0),
                "dW2": A1.T @ dZ2 + lambd / m * W2, "db2": dZ2.sum(0),
                "dW1": X.T @ dZ1 + lambd / m * W1, "db1": dZ1.sum(0)}

    saida, caches = rd.propagar(X, p, "tanh", "softmax")
    assert np.allclose(saida, P)
    assert rd.custo(saida, Y, p, lambd) == pytest.approx(J, rel=1e-10)
    grads = rd.retropropagar(saida, Y, caches, lambd)
    for nome, valor in esperado.items():
        assert np.allclose(grads[nome], valor, rtol=1e-10, atol=1e-14), nome
    # rótulos em codificação one-hot dão o mesmo gradiente
    grads_oh = rd.retropropagar(saida, T, caches, lambd)
    assert all(np.allclose(grads_oh[k], grads[k]) for k in grads)


def test_a_rede_e_montada_com_as_camadas_do_curso(monkeypatch):
    """propagar/retropropagar chamam as camadas de curso.camadas (nada de laço paralelo)."""
    assert rd.dropout_forward is camadas.dropout_forward
    assert rd.dropout_backward is camadas.dropout_backward
    chamadas = {"afim_forward": 0, "afim_backward": 0, "relu_forward": 0,
                "relu_backward": 0}
    for nome in chamadas:
        original = getattr(rd, nome)

        def espiao(*args, _original=original, _nome=nome):
            chamadas[_nome] += 1
            return _original(*args)
        monkeypatch.setattr(rd, nome, espiao)
    monkeypatch.setitem(rd.CAMADAS_DE_ATIVACAO, "relu",
                        (rd.relu_forward, rd.relu_backward))
    X, Y = dados(m=5, n=4, k=1)
    p = rd.inicializar_parametros([4, 6, 5, 1], "he", semente=0)
    saida, caches = rd.propagar(X, p)
    rd.retropropagar(saida, Y, caches)
    assert chamadas == {"afim_forward": 3, "afim_backward": 3, "relu_forward": 2,
                        "relu_backward": 2}


def test_atualizacao_usa_as_regras_de_curso_otimizadores():
    X, Y = dados(m=12, n=3, k=1, semente=4)
    p0 = rd.inicializar_parametros([3, 4, 1], "he", semente=1)
    saida, caches = rd.propagar(X, p0)
    grads = rd.retropropagar(saida, Y, caches)
    esperado = {k: otimizadores.adam(v, grads["d" + k], {"taxa_aprendizado": 0.01,
                                                         "beta1": 0.8})[0]
                for k, v in p0.items()}
    p, _ = rd.treinar(X, Y, [3, 4, 1], taxa=0.01, epocas=1, otimizador="adam",
                      config_otimizador={"beta1": 0.8}, parametros=dict(p0))
    assert all(np.allclose(p[k], esperado[k]) for k in p0)
    # SGD é o padrão, e atualizar() é o mesmo passo
    p_sgd, _ = rd.treinar(X, Y, [3, 4, 1], taxa=0.3, epocas=1, parametros=dict(p0))
    manual = rd.atualizar(p0, grads, 0.3)
    assert all(np.allclose(p_sgd[k], p0[k] - 0.3 * grads["d" + k]) for k in p0)
    assert all(np.allclose(manual[k], p_sgd[k]) for k in p0)
    with pytest.raises(ValueError, match="Otimizador desconhecido"):
        rd.treinar(X, Y, [3, 4, 1], epocas=1, otimizador="newton")


@pytest.mark.parametrize("otimizador", ["sgd", "adam"])
def test_float32_continua_float32(otimizador):
    X, Y = dados(m=20, n=4, k=3)
    p, h = rd.treinar(X, Y, [4, 5, 3], ativacao_saida="softmax", taxa=0.01, epocas=3,
                      tamanho_lote=8, otimizador=otimizador, dtype=np.float32,
                      prob_manter=0.8, ativacao_oculta="sigmoide")
    assert all(v.dtype == np.float32 for v in p.values())
    assert np.all(np.isfinite(h["custo_treino"]))
