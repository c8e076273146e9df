"""Controles deslizantes com quadros pré-calculados (curso.widgets)."""

import ipywidgets as widgets
import numpy as np
import pytest

from curso.widgets import ErroControles, controles_estaticos, formatar_valor, quadro_png


def _desenhar(ax, w, b=0.0):
    x = np.linspace(-5, 5, 50)
    ax.plot(x, 1 / (1 + np.exp(-(w * x + b))))


def _imagens(widget):
    if isinstance(widget, widgets.Image):
        return [widget]
    return [i for filho in getattr(widget, "children", ()) for i in _imagens(filho)]


def test_um_parametro_uma_imagem_por_valor():
    caixa = controles_estaticos(_desenhar, {"w": [0.5, 1.0, 2.0]})
    controle, pilha = caixa.children
    assert isinstance(controle, widgets.SelectionSlider)
    assert isinstance(pilha, widgets.Stack)
    assert len(pilha.children) == 3
    assert [rotulo for rotulo, _ in controle.options] == ["0,5", "1", "2"]
    imagens = [bytes(img.value) for img in _imagens(pilha)]
    assert all(v.startswith(b"\x89PNG") for v in imagens)
    assert len(set(imagens)) == 3, "valores diferentes devem dar quadros diferentes"


def test_dois_parametros_pilhas_aninhadas_e_ligacoes():
    caixa = controles_estaticos(_desenhar, {"w": [1.0, 2.0], "b": [-1.0, 0.0, 1.0]},
                                iniciais={"w": 2.0, "b": 0.0})
    cw, cb, externa = caixa.children
    assert cw.index == 1 and cb.index == 1
    assert externa.selected_index == 1
    assert [len(p.children) for p in externa.children] == [3, 3]
    assert all(p.selected_index == 1 for p in externa.children)
    # Uma ligação jslink para a pilha externa e uma para cada pilha interna.
    ligacoes = caixa._ligacoes
    assert len(ligacoes) == 1 + 2
    assert all(type(l).__name__ == "Link" for l in ligacoes)
    alvos_b = {l.target[0].model_id for l in ligacoes if l.source[0] is cb}
    assert alvos_b == {p.model_id for p in externa.children}
    # O quadro (w=1, b=1) é exatamente o desenho desses valores.
    esperado = quadro_png(_desenhar, {"w": 1.0, "b": 1.0})
    assert bytes(externa.children[0].children[2].value) == esperado


def test_erros_em_portugues():
    with pytest.raises(ErroControles, match="ao menos um parâmetro"):
        controles_estaticos(_desenhar, {})
    with pytest.raises(ErroControles, match="não tem nenhum valor"):
        controles_estaticos(_desenhar, {"w": []})
    with pytest.raises(ErroControles, match="não está na lista"):
        controles_estaticos(_desenhar, {"w": [1.0]}, iniciais={"w": 3.0})
    with pytest.raises(ErroControles, match="quadros é demais"):
        controles_estaticos(_desenhar, {"w": list(range(30)), "b": list(range(30))})


def test_formatar_valor():
    assert formatar_valor(0.001) == "0,001"
    assert formatar_valor(-2.5) == "−2,5"
    assert formatar_valor(1.0) == "1"
    assert formatar_valor("adam") == "adam"


def test_quadros_com_dpi_minimo_do_estilo():
    """Um quadro pedido com dpi baixo (texto ilegível) sai com o dpi mínimo do curso."""
    from curso.estilo import DPI_MINIMO

    png = quadro_png(_desenhar, {"w": 1.0}, tamanho=(2.0, 1.0), dpi=50)
    largura = int.from_bytes(png[16:20], "big")
    assert largura == 2 * DPI_MINIMO
