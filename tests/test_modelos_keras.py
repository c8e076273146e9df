"""Testes de curso.modelos_keras: contagens de parâmetros iguais às do deck 002."""

import json

import numpy as np
import pytest

pytest.importorskip("keras")

from curso import modelos_keras as mk  # noqa: E402


@pytest.mark.parametrize("nome", mk.NOMES)
def test_contagem_de_parametros_igual_ao_deck(nome):
    modelo = mk.construir_modelo(nome)
    assert modelo.count_params() == mk.CONTAGENS_DECK[nome]


def test_contagens_do_deck():
    assert mk.CONTAGENS_DECK == {"LOGREG": 7850, "NN": 25450, "DNN": 109386,
                                 "CDNN": 4738826}
    assert mk.ACURACIAS_DECK == {"LOGREG": 92.79, "NN": 96.27, "DNN": 97.90,
                                 "CDNN": 98.84}
    assert mk.CONFIG_DECK["epocas"] == 50 and mk.CONFIG_DECK["tamanho_lote"] == 256


def test_compilacao_e_saida():
    import keras

    for nome in ("LOGREG", "CDNN"):
        modelo = mk.construir_modelo(nome, semente=0)
        assert isinstance(modelo.optimizer, keras.optimizers.RMSprop)
        saida = modelo.layers[-1]
        assert saida.units == 10
        assert saida.activation.__name__ == "softmax"
        x = mk.formatar_entradas(nome, np.zeros((3, 28, 28), dtype=np.float32))
        p = modelo.predict(x, verbose=0)
        assert p.shape == (3, 10)
        np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    modelo = mk.construir_modelo("NN")
    assert modelo.layers[0].activation.__name__ == "sigmoid"
    with pytest.raises(ValueError):
        mk.construir_modelo("RESNET")


def test_cdnn_sem_pooling():
    modelo = mk.construir_modelo("CDNN")
    tipos = [type(c).__name__ for c in modelo.layers]
    assert tipos == ["Conv2D", "Conv2D", "Flatten", "Dense", "Dense"]
    assert modelo.layers[2].output.shape[1:] == (24 * 24 * 64,)


def test_ler_resultados(tmp_path):
    assert mk.ler_resultados(tmp_path / "nao_existe.json") is None
    arquivo = tmp_path / "r.json"
    arquivo.write_text(json.dumps({"modelos": {"LOGREG": {"acuracia_teste": 0.9301},
                                               "DNN": {"acuracia": 98.1}},
                                   "maquina": {"cpus": 2}}))
    dados = mk.ler_resultados(arquivo)
    acc = mk.acuracias_resultados(dados)
    assert acc["LOGREG"][0] == pytest.approx(93.01)
    assert acc["DNN"][0] == pytest.approx(98.1)
    assert "MAQUINA" not in acc and "NN" not in acc
    lista = {"modelos": [{"modelo": "nn", "accuracy": 0.96}]}
    assert mk.acuracias_resultados(lista)["NN"][0] == pytest.approx(96.0)
    assert mk.acuracias_resultados(None) == {}
