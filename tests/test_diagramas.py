"""Testes dos diagramas do curso (curso.diagramas e curso.grafos)."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from curso import diagramas  # noqa: E402


@pytest.fixture(autouse=True)
def _fechar_figuras():
    yield
    plt.close("all")


def _com_gid(ax, prefixo):
    artistas = list(ax.patches) + list(ax.lines) + list(ax.texts)
    return {a.get_gid(): a for a in artistas if (a.get_gid() or "").startswith(prefixo)}


def _texto(ax, gid):
    return _com_gid(ax, gid)[gid].get_text()


@pytest.mark.parametrize("camadas", [[2, 2, 1], [2, 3, 1], [3, 4, 4, 1], [4, 5, 3]])
def test_rede_desenha_uma_unidade_e_um_peso_por_ligacao(camadas):
    ax = diagramas.rede(camadas)
    unidades = _com_gid(ax, "unidade:")
    assert len(unidades) == sum(camadas)
    assert len(_com_gid(ax, "peso:")) == sum(a * b for a, b in zip(camadas, camadas[1:]))
    assert len(_com_gid(ax, "vies:")) == len(camadas) - 1
    assert len(_com_gid(ax, "peso-vies:")) == sum(camadas[1:])
    # cada peso liga de fato as duas unidades (começa e termina na borda dos círculos)
    for l, (a, b) in enumerate(zip(camadas, camadas[1:]), start=1):
        for i, j in itertools.product(range(1, a + 1), range(1, b + 1)):
            linha = _com_gid(ax, f"peso:{l}:{i}:{j}")[f"peso:{l}:{i}:{j}"]
            p, q = unidades[f"unidade:{l - 1}:{i}"].center, unidades[f"unidade:{l}:{j}"].center
            xs, ys = linha.get_data()
            assert np.hypot(xs[0] - p[0], ys[0] - p[1]) == pytest.approx(diagramas.RAIO)
            assert np.hypot(xs[1] - q[0], ys[1] - q[1]) == pytest.approx(diagramas.RAIO)


def test_rotulos_seguem_a_notacao_do_curso():
    ax = diagramas.rede([2, 3, 1])
    assert _texto(ax, "rotulo-unidade:0:2") == "$x_{2}$"
    assert _texto(ax, "rotulo-unidade:1:3") == "$a^{[1]}_{3}$"
    assert _texto(ax, "rotulo-unidade:2:1") == "$\\hat{y}$"
    assert _texto(ax, "rotulo-vies:0") == "$+1$"
    forma = _texto(ax, "forma:1")
    assert "$W^{[1]}$: (2, 3)" in forma and "$b^{[1]}$: (3,)" in forma
    assert "$W^{[2]}$: (3, 1)" in _texto(ax, "forma:2")
    assert _texto(ax, "titulo:0") == "entrada\n$n^{[0]} = 2$"
    assert _texto(ax, "titulo:1").startswith("camada oculta 1")
    assert _texto(ax, "titulo:2").startswith("saída")
    saidas = diagramas.rede([4, 3])
    assert _texto(saidas, "rotulo-unidade:1:3") == "$\\hat{y}_{3}$"


def test_camada_grande_aparece_abreviada_com_reticencias():
    ax = diagramas.rede([784, 128, 64, 10], softmax=True)
    assert len(_com_gid(ax, "unidade:")) == 4 * 5
    assert len(_com_gid(ax, "reticencias:")) == 4
    assert len(_com_gid(ax, "peso:")) == 3 * 5 * 5
    assert _texto(ax, "rotulo-unidade:0:784") == "$x_{784}$"
    assert "unidade:0:5" not in _com_gid(ax, "unidade:")
    assert "784" in _texto(ax, "titulo:0") and "$W^{[1]}$: (784, 128)" in _texto(ax, "forma:1")
    assert len(_com_gid(diagramas.rede([784, 10], max_unidades=4), "unidade:0:")) == 3


def test_unidades_desligadas_ficam_cinza_riscadas_e_sem_ligacoes():
    ax = diagramas.rede([3, 4, 1], desligadas=[(1, 2), (0, 3)])
    unidades = _com_gid(ax, "unidade:")
    normal, desligada = unidades["unidade:1:1"], unidades["unidade:1:2"]
    assert to_hex(desligada.get_facecolor()) != to_hex(normal.get_facecolor())
    assert len([a for a in ax.lines if a.get_gid() == "cruz:1:2"]) == 2
    assert not [a for a in ax.lines if a.get_gid() == "cruz:1:1"]
    pesos = _com_gid(ax, "peso:")
    apagadas = {g for g, linha in pesos.items() if linha.get_linestyle() == ":"}
    esperadas = ({f"peso:1:{i}:2" for i in (1, 2, 3)} | {"peso:2:2:1"}
                 | {f"peso:1:3:{j}" for j in (1, 2, 3, 4)})
    assert apagadas == esperadas
    assert pesos["peso:1:1:1"].get_linestyle() == "-"


def test_caminho_destacado_com_os_pesos_rotulados():
    ax = diagramas.rede([2, 3, 1], caminho=[(0, 1), (1, 2), (2, 1)])
    pesos = _com_gid(ax, "peso:")
    destacados = {g for g, linha in pesos.items()
                  if to_hex(linha.get_color()) == diagramas.COR_DESTAQUE}
    assert destacados == {"peso:1:1:2", "peso:2:2:1"}
    assert pesos["peso:1:1:2"].get_linewidth() > 2 * pesos["peso:1:2:2"].get_linewidth()
    assert _texto(ax, "rotulo-peso:1:1:2") == "$w^{[1]}_{12}$"
    assert _texto(ax, "rotulo-peso:2:2:1") == "$w^{[2]}_{21}$"
    bordas = {g: to_hex(c.get_edgecolor()) for g, c in _com_gid(ax, "unidade:").items()}
    assert {g for g, c in bordas.items() if c == diagramas.COR_DESTAQUE} == {
        "unidade:0:1", "unidade:1:2", "unidade:2:1"}
    dois = diagramas.rede([2, 2, 1], caminho=[[(0, 1), (1, 1)], [(0, 2), (1, 2)]])
    assert sum(to_hex(l.get_color()) == diagramas.COR_DESTAQUE
               for l in _com_gid(dois, "peso:").values()) == 2


def test_softmax_envolve_a_saida():
    ax = diagramas.rede([4, 5, 3], softmax=True)
    caixa = _com_gid(ax, "softmax")["softmax"]
    assert _texto(ax, "rotulo-softmax") == "softmax"
    for j in (1, 2, 3):
        cx, cy = _com_gid(ax, f"unidade:2:{j}")[f"unidade:2:{j}"].center
        assert caixa.get_x() < cx < caixa.get_x() + caixa.get_width()
        assert caixa.get_y() < cy < caixa.get_y() + caixa.get_height()
    assert "softmax" not in _com_gid(diagramas.rede([4, 5, 3]), "softmax")


@pytest.mark.parametrize("argumentos, trecho", [
    (dict(camadas=[3]), "duas camadas"),
    (dict(camadas="abc"), "lista de inteiros"),
    (dict(camadas=[2, 0, 1]), "pelo menos 1 unidade"),
    (dict(camadas=[2, 1], softmax=True), "softmax precisa"),
    (dict(camadas=[2, 3, 1], desligadas=[(2, 1)]), "camada de saída"),
    (dict(camadas=[2, 3, 1], desligadas=[(1, 7)]), "não existe"),
    (dict(camadas=[2, 3, 1], desligadas=[3]), "lista de pares"),
    (dict(camadas=[2, 3, 1], caminho=[(0, 1), (2, 1)]), "camadas consecutivas"),
    (dict(camadas=[2, 3, 1], caminho=[1, 2]), "caminho deve ser"),
    (dict(camadas=[2, 3, 1], caminho=[(0, 1, 2)]), "lista de pares"),
    (dict(camadas=[784, 10], caminho=[(0, 100), (1, 1)]), "reticências"),
    (dict(camadas=[2, 1], max_unidades=2), "max_unidades"),
])
def test_rede_com_entrada_invalida_explica_em_portugues(argumentos, trecho):
    with pytest.raises(ValueError, match=trecho):
        diagramas.rede(**argumentos)


def test_neuronio_e_perceptron():
    ax = diagramas.neuronio(3)
    assert len(_com_gid(ax, "unidade:0:")) == 3
    assert [_texto(ax, f"rotulo-peso:{i}") for i in (1, 2, 3)] == ["$w_{1}$", "$w_{2}$", "$w_{3}$"]
    assert _texto(ax, "rotulo-vies") == "$b$" and _texto(ax, "rotulo-z") == "$z$"
    assert _texto(ax, "rotulo-soma") == "$\\Sigma$" and _texto(ax, "rotulo-g") == "$g$"
    assert _texto(ax, "rotulo-saida") == "$a$"
    assert "w_i x_i + b" in _texto(ax, "formula") and "a = g(z)" in _texto(ax, "formula")
    p = diagramas.neuronio(2, perceptron=True)
    assert _texto(p, "rotulo-saida") == "$\\hat{y}$" and _texto(p, "nome-ativacao") == "degrau"
    curva = [l for l in p.lines if l.get_gid() == "curva-g"][0]
    assert set(np.round(curva.get_ydata(), 6)) == {-0.36, 0.36}  # degrau: dois níveis
    assert "z \\geq 0" in _texto(p, "formula")
    s = diagramas.neuronio(2, ativacao="sigmoide", vies=False)
    assert len(set(np.round([l for l in s.lines if l.get_gid() == "curva-g"][0].get_ydata(), 3))) > 50
    assert "vies:0" not in _com_gid(s, "vies") and "+ b" not in _texto(s, "formula")
    grande = diagramas.neuronio(10)
    assert len(_com_gid(grande, "unidade:0:")) == 4 and _texto(grande, "rotulo-unidade:0:10") == "$x_{10}$"
    with pytest.raises(ValueError, match="ativação desconhecida"):
        diagramas.neuronio(2, ativacao="softsign")
    with pytest.raises(ValueError, match="inteiro positivo"):
        diagramas.neuronio(0)


def test_grafo_soma_produto_mostra_valores_e_gradientes():
    ax = diagramas.grafo_soma_produto(-2, 5, -4)
    valores = {g: t.get_text() for g, t in _com_gid(ax, "valor:").items()}
    gradientes = {g: t.get_text() for g, t in _com_gid(ax, "gradiente:").items()}
    assert valores == {"valor:x:q": "-2", "valor:y:q": "5", "valor:q:f": "3",
                       "valor:z:f": "-4", "valor:f:": "-12"}
    assert gradientes == {"gradiente:x:q": "-4", "gradiente:y:q": "-4", "gradiente:q:f": "-4",
                          "gradiente:z:f": "3", "gradiente:f:": "1"}
    cor = {to_hex(t.get_color()) for t in _com_gid(ax, "valor:").values()}
    assert cor == {"#1e7b34"} and cor != {to_hex(t.get_color()) for t in _com_gid(ax, "gradiente:").values()}
    # valores em cima da aresta, gradientes embaixo
    assert _com_gid(ax, "valor:q:f")["valor:q:f"].get_position()[1] > \
        _com_gid(ax, "gradiente:q:f")["gradiente:q:f"].get_position()[1]


def _sigmoide(t):
    return 1 / (1 + np.exp(-t))


@pytest.mark.parametrize("y", [None, 1, 0])
def test_gradientes_do_neuronio_logistico_conferem_com_diferencas_finitas(y):
    w, x, b = np.array([2.0, -3.0]), np.array([-1.0, -2.0]), -3.0

    def saida(w, x, b):
        a = _sigmoide(w @ x + b)
        return a if y is None else -(y * np.log(a) + (1 - y) * np.log(1 - a))

    ax = diagramas.grafo_neuronio_logistico(w, x, b, y=y)
    h = 1e-6
    for k in range(2):
        e = np.eye(2)[k] * h
        dw = (saida(w + e, x, b) - saida(w - e, x, b)) / (2 * h)
        dx = (saida(w, x + e, b) - saida(w, x - e, b)) / (2 * h)
        assert float(_texto(ax, f"gradiente:w{k + 1}:m{k + 1}")) == pytest.approx(dw, rel=5e-3)
        assert float(_texto(ax, f"gradiente:x{k + 1}:m{k + 1}")) == pytest.approx(dx, rel=5e-3)
    db = (saida(w, x, b + h) - saida(w, x, b - h)) / (2 * h)
    assert float(_texto(ax, "gradiente:b:z")) == pytest.approx(db, rel=5e-3)
    final = "a" if y is None else "L"
    assert float(_texto(ax, f"valor:{final}:")) == pytest.approx(saida(w, x, b), rel=5e-3)
    assert _texto(ax, f"gradiente:{final}:") == "1"


def test_grafo_com_ramificacao_fica_da_esquerda_para_a_direita():
    arestas = [("x", "m"), ("y", "m"), ("m", "s"), ("x", "s")]
    ax = diagramas.grafo({"x": "$x$", "y": "$y$", "m": "$\\times$", "s": "$+$"}, arestas,
                         valores={"x": 3, "y": -2, "m": -6, "s": -3},
                         gradientes={("x", "m"): -2, ("x", "s"): 1, "y": 3, "m": 1, "s": 1})
    nos = _com_gid(ax, "no:")
    x = {g[3:]: (a.center[0] if hasattr(a, "center") else a.get_position()[0]) for g, a in nos.items()}
    assert all(x[a] < x[b] for a, b in arestas)
    assert _texto(ax, "gradiente:x:m") == "-2" and _texto(ax, "gradiente:x:s") == "1"
    assert _texto(ax, "valor:x:m") == _texto(ax, "valor:x:s") == "3"
    assert len(_com_gid(ax, "aresta:")) == len(arestas) + 1  # mais a saída


def test_grafo_invalido_explica_em_portugues():
    with pytest.raises(ValueError, match="ciclo"):
        diagramas.grafo({"a": "$a$", "b": "+", "c": "×"}, [("a", "b"), ("b", "c"), ("c", "b")])
    with pytest.raises(ValueError, match="aresta"):
        diagramas.grafo({"a": "$a$"}, [("a", "z")])
    with pytest.raises(ValueError, match="nó 'q'"):
        diagramas.grafo({"a": "$a$", "b": "+"}, [("a", "b")], valores={"q": 1})
    with pytest.raises(ValueError, match="mesmo tamanho"):
        diagramas.grafo_neuronio_logistico((1, 2), (1, 2, 3))


def test_blocos_da_normalizacao_em_lote():
    etapas = ["$A^{[l-1]}$", "afim", "normalização em lote", "$g$", "$A^{[l]}$"]
    ax = diagramas.blocos(etapas, destacar="normalização em lote",
                          setas=["", "$Z^{[l]}$", "$\\tilde{Z}^{[l]}$", ""])
    caixas = _com_gid(ax, "bloco:")
    assert set(caixas) == {"bloco:1", "bloco:2", "bloco:3"}  # tensores nas pontas, sem caixa
    cores = {g: to_hex(c.get_facecolor()) for g, c in caixas.items()}
    assert cores["bloco:2"] == diagramas.COR_BLOCO_DESTAQUE != cores["bloco:1"]
    assert len(_com_gid(ax, "seta:")) == 4 and _texto(ax, "rotulo-seta:1") == "$Z^{[l]}$"
    # a caixa cabe o texto e as setas não entram nas caixas
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    texto, caixa = _com_gid(ax, "etapa:2")["etapa:2"], caixas["bloco:2"]
    assert caixa.get_window_extent(r).width > texto.get_window_extent(r).width
    with pytest.raises(ValueError, match="não está"):
        diagramas.blocos(etapas, destacar="dropout")
    with pytest.raises(ValueError, match="setas precisa de 4"):
        diagramas.blocos(etapas, setas=["x"])
    with pytest.raises(ValueError, match="duas etapas"):
        diagramas.blocos(["só"])


DIAGRAMAS_TIPICOS = {
    "rede 2-2-1": lambda: diagramas.rede([2, 2, 1]),
    "rede 2-3-1 com caminho": lambda: diagramas.rede([2, 3, 1], caminho=[(0, 1), (1, 2), (2, 1)]),
    "rede 3-4-4-1 com dropout": lambda: diagramas.rede([3, 4, 4, 1], desligadas=[(1, 2), (2, 4)]),
    "rede 4-5-3 softmax": lambda: diagramas.rede([4, 5, 3], softmax=True),
    "rede MNIST": lambda: diagramas.rede([784, 128, 64, 10], softmax=True),
    "neurônio": lambda: diagramas.neuronio(3),
    "perceptron": lambda: diagramas.neuronio(2, perceptron=True),
    "grafo (x+y)z": lambda: diagramas.grafo_soma_produto(),
    "grafo logístico": lambda: diagramas.grafo_neuronio_logistico(y=1),
    "blocos": lambda: diagramas.blocos(["$A^{[l-1]}$", "afim", "normalização em lote", "$g$",
                                        "$A^{[l]}$"], setas=["", "$Z$", "$\\tilde{Z}$", ""],
                                       legendas=["", "$AW + b$", "$\\gamma, \\beta$", "", ""]),
}


@pytest.mark.parametrize("nome", list(DIAGRAMAS_TIPICOS))
def test_textos_nao_se_sobrepoem_nem_saem_da_figura(nome):
    ax = DIAGRAMAS_TIPICOS[nome]()
    figura = ax.figure
    figura.canvas.draw()
    r = figura.canvas.get_renderer()
    caixas = [(t.get_text(), t.get_window_extent(r)) for t in ax.texts if t.get_text().strip()]
    limite = figura.bbox
    for texto, caixa in caixas:
        assert limite.x0 - 1 <= caixa.x0 and caixa.x1 <= limite.x1 + 1, f"{texto!r} sai da figura"
        assert limite.y0 - 1 <= caixa.y0 and caixa.y1 <= limite.y1 + 1, f"{texto!r} sai da figura"
    for (t1, c1), (t2, c2) in itertools.combinations(caixas, 2):
        sobra = min(c1.x1, c2.x1) - max(c1.x0, c2.x0), min(c1.y1, c2.y1) - max(c1.y0, c2.y0)
        assert min(sobra) <= 1.0, f"{t1!r} e {t2!r} se sobrepõem"


def test_png_deterministico_e_desenho_no_eixo_dado():
    a = diagramas.para_png(diagramas.rede([2, 3, 1], desligadas=[(1, 1)]))
    b = diagramas.para_png(diagramas.rede([2, 3, 1], desligadas=[(1, 1)]))
    c = diagramas.para_png(diagramas.rede([2, 3, 1]))
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == b and a != c
    assert diagramas.para_png(diagramas.grafo_soma_produto()) == \
        diagramas.para_png(diagramas.grafo_soma_produto())
    figura, eixos = plt.subplots(1, 2, figsize=(10, 4))
    assert diagramas.rede([2, 2, 1], ax=eixos[0]) is eixos[0]
    assert diagramas.neuronio(2, ax=eixos[1]) is eixos[1]
    assert len(figura.axes) == 2 and len(_com_gid(eixos[0], "unidade:")) == 5


def test_mostrar_publica_png_e_html_com_alt(monkeypatch):
    import IPython.display

    publicados = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda dados, raw=False, metadata=None: publicados.append((dados, metadata)))
    ax = diagramas.rede([2, 2, 1])
    diagramas.mostrar(ax, 'Rede 2-2-1 com "viés" & pesos')
    (dados, metadados), = publicados
    assert dados["image/png"] and dados["image/png"] in dados["text/html"]
    assert 'alt="Rede 2-2-1 com &quot;viés&quot; &amp; pesos"' in dados["text/html"]
    assert metadados["image/png"]["alt"] == 'Rede 2-2-1 com "viés" & pesos'
    assert not plt.fignum_exists(ax.figure.number)  # não aparece de novo no fim da célula
    with pytest.raises(ValueError, match="alt precisa"):
        diagramas.mostrar(diagramas.rede([2, 1]), "  ")
