"""O estilo das figuras do curso (curso.estilo): vírgula decimal, tamanhos, cores."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from curso import estilo  # noqa: E402
from livro.cadernos import celula_preparacao  # noqa: E402


@pytest.fixture
def com_estilo():
    estilo.aplicar()
    yield
    estilo.restaurar()
    plt.close("all")


def _rotulos(eixo):
    return [t.get_text() for t in eixo.get_ticklabels()]


def test_configuracoes(com_estilo):
    rc = matplotlib.rcParams
    assert rc["figure.dpi"] >= estilo.DPI_MINIMO
    assert rc["savefig.dpi"] == "figure"
    for chave in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
                  "ytick.labelsize", "legend.fontsize", "figure.titlesize"):
        assert float(rc[chave]) >= estilo.FONTE_MINIMA, chave
    cores = rc["axes.prop_cycle"].by_key()["color"]
    assert [c.upper() for c in cores] == list(estilo.CORES)
    # Cores distintas entre si (distância mínima no RGB) e nenhuma quase branca.
    rgb = [to_rgb(c) for c in cores]
    for i, a in enumerate(rgb):
        assert sum(a) < 2.7, f"{cores[i]} quase some no fundo branco"
        for b in rgb[i + 1:]:
            assert sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5 > 0.25


def test_marcas_com_virgula_e_milhar(com_estilo):
    fig, (a, b, c) = plt.subplots(1, 3)
    a.plot([-0.5, 0.5], [0, 40000])
    b.semilogy([1, 2], [0.01, 1])
    img = c.imshow([[0, 0.5], [1, 1.5]])
    barra = fig.colorbar(img)
    fig.canvas.draw()
    assert "−0,5" in _rotulos(a.xaxis) and "0,5" in _rotulos(a.xaxis)
    assert "10.000" in _rotulos(a.yaxis) and "5.000" in _rotulos(a.yaxis)
    assert "0,2" in _rotulos(barra.ax.yaxis)
    for eixo in (a.xaxis, a.yaxis, b.xaxis, b.yaxis, barra.ax.yaxis):
        for rotulo in _rotulos(eixo):
            assert "." not in rotulo.replace(".000", ""), rotulo


def test_anos_sem_ponto_e_deslocamento(com_estilo):
    fig, (a, b) = plt.subplots(1, 2)
    a.plot([1990, 2020], [0, 1])
    b.plot([0, 1], [1.0001, 1.0002])
    fig.canvas.draw()
    assert "2000" in _rotulos(a.xaxis)
    assert "." not in b.yaxis.get_offset_text().get_text()


def test_texto_pequeno_sobe_ao_minimo(com_estilo):
    fig, ax = plt.subplots()
    ax.plot([0, 1], label="curva")
    ax.set_title("título", fontsize=6)
    ax.legend(fontsize=5)
    ax.tick_params(labelsize=6)
    fig.canvas.draw()
    assert ax.title.get_fontsize() >= estilo.FONTE_MINIMA
    assert ax.get_legend().get_texts()[0].get_fontsize() >= estilo.FONTE_MINIMA
    assert ax.get_xticklabels()[0].get_fontsize() >= estilo.FONTE_MINIMA
    ax.set_title("grande", fontsize=14)
    assert ax.title.get_fontsize() == 14


def test_restaurar_volta_ao_padrao():
    padrao = matplotlib.rcParams["figure.dpi"], matplotlib.rcParams["axes.prop_cycle"]
    estilo.aplicar()
    estilo.restaurar()
    assert (matplotlib.rcParams["figure.dpi"], matplotlib.rcParams["axes.prop_cycle"]) == padrao
    fig, ax = plt.subplots()
    ax.plot([0, 0.5])
    ax.set_title("t", fontsize=6)
    fig.canvas.draw()
    assert "0.5" in _rotulos(ax.yaxis) and ax.title.get_fontsize() == 6
    plt.close(fig)


@pytest.mark.parametrize("valor, formato, esperado", [
    (0.125, ".3f", "0,125"), (118282, "d", "118.282"), (-2.5, "g", "−2,5"),
    (0.831, ".1%", "83,1%"), (1234567.891, ",.2f", "1.234.567,89"), (7850, "d", "7.850"),
    (1e-5, "g", "1e−05"), (3, "d", "3"),
])
def test_numero(valor, formato, esperado):
    assert estilo.numero(valor, formato) == esperado


def test_virgula_nao_estraga_o_que_ja_esta_em_portugues():
    assert estilo.virgula("tanh, W·0,01 e 0.5") == "tanh, W·0,01 e 0,5"
    assert estilo.virgula("[[4.03 2.36]]") == "[[4,03 2,36]]"


def test_virgula_em_matematica():
    assert estilo.virgula("$\\sigma = 0.01$ e 2.5") == "$\\sigma = 0{,}01$ e 2,5"


def test_celula_de_preparacao_aplica_o_estilo_no_jupyter(tmp_path):
    """No kernel do Jupyter, com o backend inline, o estilo vale depois da preparação,
    e um dpi baixo pedido depois volta ao mínimo antes da próxima célula."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(celula_preparacao("https://example.invalid/curso")),
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                  "fig, ax = plt.subplots(); ax.plot([0, 0.5])\n"
                                  "fig.canvas.draw()\n"
                                  "print([t.get_text() for t in ax.get_yticklabels()])\n"
                                  "plt.rcParams['figure.dpi'] = 72"),
        nbformat.v4.new_code_cell("print(plt.rcParams['figure.dpi'], plt.rcParams['font.size'])"),
    ]
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(estilo.__file__)
                                                            .rsplit("/curso/", 1)[0]}}).execute()
    saida = nb.cells[1].outputs[0]["text"]
    assert "'0,5'" in saida, saida
    dpi, fonte = nb.cells[2].outputs[0]["text"].split()
    assert float(dpi) >= estilo.DPI_MINIMO and float(fonte) >= estilo.FONTE_MINIMA
