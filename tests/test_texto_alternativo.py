"""Texto alternativo das figuras: o mecanismo do myst-nb e a verificação dos notebooks."""

from __future__ import annotations

import base64

import nbformat
import pytest

from conftest import RAIZ, construir_livro
from livro import texto_alternativo as ta

ALT_BOM = "Rede de duas camadas com o caminho destacado"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfalso").decode()


def _nb(*celulas):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [c if isinstance(c, nbformat.NotebookNode) else nbformat.v4.new_code_cell(c)
                for c in celulas]
    return nb


def _gravar(tmp_path, nb, nome="n.ipynb"):
    caminho = tmp_path / nome
    nbformat.write(nb, caminho)
    return caminho


def _com_alt(fonte, alt):
    return nbformat.v4.new_code_cell(fonte, metadata={"mystnb": {"image": {"alt": alt}}})


@pytest.mark.parametrize("texto, trecho", [
    (None, "sem texto"), ("   ", "sem texto"),
    ("_images/42124e8ea3a46df2059d2d40be63025883378f0305f4cc12f366f5e36a688ad4.png", "padrão"),
    ("figura.png", "padrão"), ("Sigmoide", "curto"),
    ("Plot of the sigmoid function", "português"),
])
def test_alt_invalido_tem_motivo(texto, trecho):
    assert trecho in ta.motivo_alt_invalido(texto)


def test_alt_em_portugues_serve():
    assert ta.motivo_alt_invalido(ALT_BOM) is None
    assert ta.motivo_alt_invalido("Curvas de custo por época para três taxas") is None


def test_notebook_limpo_celulas_que_desenham(tmp_path):
    nb = _nb(
        "import numpy as np\nx = np.arange(3)",                                   # 0: não desenha
        "%matplotlib inline\nfig, ax = plt.subplots()\nax.plot(x)\nplt.show()",   # 1: desenha
        "def curvas(h):\n    fig, ax = plt.subplots()\n    ax.plot(h)",            # 2: só define
        "def painel(h):\n    curvas(h)",                                           # 3: só define
        "painel([1, 2])",                                                          # 4: desenha
        _com_alt("curvas([3])", ALT_BOM),                                          # 5: tem alt
        _com_alt("curvas([3])", "_images/abc.png"),                                # 6: alt padrão
        f"ax = diagramas.rede([2, 3, 1])\ndiagramas.mostrar(ax, {ALT_BOM!r})",    # 7: mostrar
        "ax = diagramas.rede([2, 1])\ndiagramas.mostrar(ax, alt='Rede')",          # 8: alt curto
        "ax = diagramas.neuronio(3)",                                              # 9: sem alt
        "a = diagramas.rede([2, 1])\nb = diagramas.rede([3, 1])\n"
        f"diagramas.mostrar(a, {ALT_BOM!r})",                                      # 10: uma sem alt
        "controles_estaticos(desenhar, {'w': [1, 2]})",                            # 11: widget
        "def neuronio(x, w, b):\n    return x * w + b",                            # 12: homônimo
        "print(neuronio(0.0, 1.0, 0.0))",                                          # 13: não desenha
        "from curso.diagramas import blocos\nblocos(['a', 'b'])",                  # 14: desenha
        "from curso import diagramas as d\nimport matplotlib.pyplot as plt\nplt.close('all')",
    )
    achadas = ta.pendencias(_gravar(tmp_path, nb))
    assert {p.indice: p.motivo.split(" (")[0].split(":")[0] for p in achadas} == {
        1: "sem texto alternativo", 4: "sem texto alternativo",
        6: "texto alternativo padrão", 8: "texto alternativo curto demais",
        9: "sem texto alternativo", 10: "sem texto alternativo", 14: "sem texto alternativo"}
    assert achadas[0].id == nb.cells[1].id and "plt.subplots" in achadas[0].trecho
    assert str(achadas[0]).startswith(f"{tmp_path / 'n.ipynb'}, célula 1 (id {nb.cells[1].id})")


def test_notebook_executado_usa_as_saidas(tmp_path):
    def com_saida(celula, dados):
        celula.outputs = [nbformat.v4.new_output("display_data", data=dados)]
        return celula

    nb = _nb(
        com_saida(nbformat.v4.new_code_cell("f()"), {"image/png": PNG}),
        com_saida(_com_alt("f()", ALT_BOM), {"image/png": PNG}),
        com_saida(nbformat.v4.new_code_cell("g()"),
                  {"image/png": PNG, "text/html": f'<img src="data:x" alt="{ALT_BOM}">'}),
        com_saida(nbformat.v4.new_code_cell("g()"),
                  {"image/png": PNG, "text/html": '<img src="data:x">'}),
        com_saida(nbformat.v4.new_code_cell("print(1)"), {"text/plain": "1"}),
        nbformat.v4.new_code_cell("plt.show()"),  # sem saída neste notebook executado
    )
    achadas = ta.pendencias(_gravar(tmp_path, nb))
    assert [(p.indice, p.motivo) for p in achadas] == [(0, "sem texto alternativo"),
                                                        (3, "sem texto alternativo")]


def test_definir_alt_grava_os_metadados_e_preserva_o_resto(tmp_path):
    nb = _nb("plt.show()", "plt.show()")
    nb.cells[0].metadata["tags"] = ["remove-input"]
    caminho = _gravar(tmp_path, nb)
    ids = [c.id for c in nb.cells]
    ta.definir_alt(caminho, {ids[0]: ALT_BOM, 1: "Gráfico da perda ao longo das épocas"})
    lido = nbformat.read(caminho, as_version=4)
    assert [c.id for c in lido.cells] == ids
    assert lido.cells[0].metadata == {"tags": ["remove-input"], "mystnb": {"image": {"alt": ALT_BOM}}}
    assert ta.alt_da_celula(lido.cells[1]) == "Gráfico da perda ao longo das épocas"
    assert ta.pendencias(caminho) == []
    with pytest.raises(ValueError, match="curto demais"):
        ta.definir_alt(caminho, {0: "gráfico"})
    with pytest.raises(ValueError, match="não há célula"):
        ta.definir_alt(caminho, {"nao-existe": ALT_BOM})


def test_linha_de_comando(tmp_path, capsys):
    ruim = _gravar(tmp_path, _nb("plt.show()"), "ruim.ipynb")
    bom = _gravar(tmp_path, _nb(_com_alt("plt.show()", ALT_BOM)), "bom.ipynb")
    assert ta.main([str(bom)]) == 0
    assert "Todas as figuras têm texto alternativo." in capsys.readouterr().out
    assert ta.main([str(bom), str(ruim)]) == 1
    saida = capsys.readouterr().out
    assert "ruim.ipynb, célula 0" in saida and "1 figura(s) sem texto alternativo." in saida
    (tmp_path / "quebrado.ipynb").write_text("{", encoding="utf-8")
    assert ta.main([str(tmp_path / "quebrado.ipynb")]) == 2
    assert "não consegui ler o notebook" in capsys.readouterr().err


def test_mecanismo_verificado_numa_construcao_do_livro(tmp_path):
    """Construção estrita de uma página: os metadados da célula e ``diagramas.mostrar``
    viram ``alt`` no HTML; metadados da saída não (o site escreve o nome do arquivo)."""
    (tmp_path / "_config.yml").write_text(
        "title: alt\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n",
        encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: pagina\n", encoding="utf-8")
    preparo = ("import sys\nsys.path.insert(0, %r)\nimport matplotlib.pyplot as plt\n"
               "from curso import diagramas" % str(RAIZ))
    nb = _nb(nbformat.v4.new_markdown_cell("# Página"), preparo,
             _com_alt("ax = diagramas.neuronio(2)", "Neurônio de duas entradas com viés"),
             "ax = diagramas.rede([2, 3, 1])\n"
             "diagramas.mostrar(ax, 'Rede 2-3-1 com viés e pesos')",
             "from IPython.display import Image, display\n"
             "display(Image(diagramas.para_png(diagramas.rede([2, 1])), "
             "metadata={'alt': 'Alt nos metadados da saída'}))\nplt.close('all')")
    _gravar(tmp_path, nb, "pagina.ipynb")
    resultado = construir_livro(tmp_path)
    assert resultado.returncode == 0, resultado.stdout[-3000:] + resultado.stderr[-3000:]
    html = (tmp_path / "_build" / "html" / "pagina.html").read_text(encoding="utf-8")
    alts = [i.get("alt") for i in ta._imgs_html(html)]
    assert alts[:2] == ["Neurônio de duas entradas com viés", "Rede 2-3-1 com viés e pesos"]
    assert len(alts) == 3 and alts[2].startswith("_images/")
    no_site = ta.imagens_sem_alt_no_site(tmp_path / "_build" / "html")
    assert len(no_site) == 1 and "padrão" in no_site[0]
    executado = tmp_path / "_build" / "jupyter_execute" / "pagina.ipynb"
    assert [p.indice for p in ta.pendencias(executado)] == [4]
