"""Carregamento do MNIST e conjuntos 2-D (curso.dados)."""

import numpy as np
import pytest

from curso import dados


def _mnist_falso(caminho, n_treino=60000, n_teste=10000):
    np.savez(caminho,
             x_train=np.zeros((n_treino, 28, 28), np.uint8), y_train=np.zeros(n_treino, np.uint8),
             x_test=np.ones((n_teste, 28, 28), np.uint8), y_test=np.ones(n_teste, np.uint8))


def test_variavel_de_ambiente_tem_prioridade(tmp_path, monkeypatch):
    arquivo = tmp_path / "meu_mnist.npz"
    _mnist_falso(arquivo)
    monkeypatch.setenv(dados.VARIAVEL, str(arquivo))
    (xtr, ytr), (xte, yte) = dados.carregar_mnist(usar_keras=False)
    assert xtr.shape == (60000, 28, 28) and xte.shape == (10000, 28, 28)
    assert xte[0, 0, 0] == 1


def test_variavel_apontando_para_arquivo_inexistente(tmp_path, monkeypatch):
    monkeypatch.setenv(dados.VARIAVEL, str(tmp_path / "nao_existe.npz"))
    with pytest.raises(dados.ErroDados, match="esse arquivo não existe"):
        dados.carregar_mnist(usar_keras=False)


def test_sem_copia_local_mensagem_clara(tmp_path, monkeypatch):
    monkeypatch.delenv(dados.VARIAVEL, raising=False)
    monkeypatch.setattr(dados, "CAMINHO_LOCAL", tmp_path / "nada.npz")
    with pytest.raises(dados.ErroDados) as erro:
        dados.carregar_mnist(usar_keras=False)
    mensagem = str(erro.value)
    assert "Não encontrei o MNIST" in mensagem and "Como resolver" in mensagem
    assert dados.VARIAVEL in mensagem


def test_arquivo_corrompido_ou_incompleto(tmp_path, monkeypatch):
    ruim = tmp_path / "ruim.npz"
    ruim.write_bytes(b"isto nao e um zip")
    monkeypatch.setenv(dados.VARIAVEL, str(ruim))
    with pytest.raises(dados.ErroDados, match="Não consegui ler"):
        dados.carregar_mnist(usar_keras=False)
    incompleto = tmp_path / "incompleto.npz"
    np.savez(incompleto, x_train=np.zeros((2, 28, 28)))
    monkeypatch.setenv(dados.VARIAVEL, str(incompleto))
    with pytest.raises(dados.ErroDados, match="não tem as chaves"):
        dados.carregar_mnist(usar_keras=False)


def test_preparar_mnist_normaliza_e_achata(tmp_path, monkeypatch):
    arquivo = tmp_path / "m.npz"
    _mnist_falso(arquivo)
    monkeypatch.setenv(dados.VARIAVEL, str(arquivo))
    (xtr, ytr), (xte, yte) = dados.preparar_mnist(usar_keras=False)
    assert xtr.shape == (60000, 784) and xtr.dtype == np.float32
    assert xte.max() == pytest.approx(1 / 255)
    assert ytr.dtype == np.int64


@pytest.mark.skipif(not dados.CAMINHO_LOCAL.is_file(), reason="sem cópia local do MNIST")
def test_copia_local_real():
    (xtr, ytr), (xte, yte) = dados.carregar_mnist(usar_keras=False)
    assert xtr.shape == (60000, 28, 28) and set(np.unique(yte)) == set(range(10))


@pytest.mark.parametrize("gerador", [dados.xor, dados.nuvens])
def test_conjuntos_2d_reprodutiveis(gerador):
    x1, y1 = gerador(n=100, semente=3)
    x2, y2 = gerador(n=100, semente=3)
    assert x1.shape == (100, 2) and y1.shape == (100,)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert set(np.unique(y1)) == {0, 1}


def test_xor_rotulos_corretos():
    x, y = dados.xor(n=400, ruido=0.0)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] < 0).astype(int))


def test_espirais():
    x, y = dados.espirais(n_por_classe=50, classes=3)
    assert x.shape == (150, 2) and np.bincount(y).tolist() == [50, 50, 50]
