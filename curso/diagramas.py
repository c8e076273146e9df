"""Diagramas do curso: redes em camadas, blocos e o PNG com texto alternativo.

Tudo é desenhado com o matplotlib, na notação do curso (cada exemplo numa linha):
a entrada tem unidades :math:`x_1, \\dots, x_{n^{[0]}}`, a camada :math:`l` tem unidades
:math:`a^{[l]}_j`, pesos :math:`W^{[l]}` de forma :math:`(n^{[l-1]}, n^{[l]})` e viés
:math:`b^{[l]}` de forma :math:`(n^{[l]},)`; a saída é :math:`\\hat{y}`.

Uso típico num capítulo::

    from curso import diagramas
    ax = diagramas.rede([2, 3, 1], caminho=[(0, 1), (1, 2), (2, 1)])
    diagramas.mostrar(ax, "Rede 2-3-1 com um caminho de pesos destacado")

Cada função aceita ``ax`` (desenha nele) e devolve o ``Axes``; sem ``ax``, cria uma
figura do tamanho certo. Os elementos desenhados levam um identificador (``gid``), por
exemplo ``"unidade:1:2"`` ou ``"peso:2:1:3"``, que aparece também no SVG exportado.
O neurônio e os grafos computacionais ficam em :mod:`curso.grafos` e são
reexportados aqui.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.textpath import TextPath

__all__ = ["rede", "blocos", "para_png", "mostrar", "neuronio", "grafo",
           "grafo_soma_produto", "grafo_neuronio_logistico"]

# Paleta comum (também usada por curso.grafos).
COR_UNIDADE, COR_SAIDA, COR_VIES = "#dbe9f6", "#fde3c8", "#fff4c2"
COR_BORDA, COR_PESO, COR_PESO_VIES = "#2b5d8a", "#8fa3b8", "#c9a227"
COR_DESTAQUE, COR_DESLIGADA, COR_TEXTO_FRACO = "#d62728", "#dcdcdc", "#9a9a9a"
COR_BLOCO, COR_BLOCO_DESTAQUE = "#e8f0f8", "#ffe08a"
POLEGADAS_POR_UNIDADE = 0.62
RAIO, DX, DY = 0.34, 2.4, 1.0


def largura_texto(texto: str, tamanho: float = 10) -> float:
    """Largura aproximada (em polegadas) de um texto, mathtext incluído."""
    linhas = texto.split("\n")
    fonte = FontProperties(size=tamanho)
    return max((TextPath((0, 0), linha, size=tamanho, prop=fonte).get_extents().width
                if linha.strip() else 0.0) for linha in linhas) / 72


def novo_eixo(ax, xlim: tuple[float, float], ylim: tuple[float, float]):
    """Prepara ``ax`` (ou cria uma figura proporcional aos limites) sem eixos visíveis."""
    if ax is None:
        import matplotlib.pyplot as plt

        largura = (xlim[1] - xlim[0]) * POLEGADAS_POR_UNIDADE
        altura = (ylim[1] - ylim[0]) * POLEGADAS_POR_UNIDADE
        _, ax = plt.subplots(figsize=(largura, altura))
        ax.figure.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def circulo(ax, xy, rotulo: str, *, gid: str, cor=COR_UNIDADE, borda=COR_BORDA,
            raio: float = RAIO, tamanho: float = 10, cor_texto="black", espessura=1.2):
    """Desenha uma unidade (círculo com rótulo) e devolve o ``Circle``."""
    disco = Circle(xy, raio, facecolor=cor, edgecolor=borda, lw=espessura, zorder=3, gid=gid)
    ax.add_patch(disco)
    ax.text(*xy, rotulo, ha="center", va="center", fontsize=tamanho, color=cor_texto,
            zorder=4, gid=f"rotulo-{gid}")
    return disco


def ligar(ax, p, q, *, gid: str, raio_p=RAIO, raio_q=RAIO, seta=False, **estilo):
    """Linha (ou seta) de ``p`` a ``q`` que começa e termina na borda dos círculos."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    direcao = (q - p) / np.linalg.norm(q - p)
    a, b = p + raio_p * direcao, q - raio_q * direcao
    if seta:
        patch = FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=12, gid=gid,
                                shrinkA=0, shrinkB=0, zorder=2, **estilo)
        ax.add_patch(patch)
        return patch
    (linha,) = ax.plot([a[0], b[0]], [a[1], b[1]], gid=gid, solid_capstyle="butt", **estilo)
    return linha


def _visiveis(n: int, maximo: int) -> list[int | None]:
    """Índices (1..n) desenhados de uma camada; ``None`` marca as reticências."""
    if n <= maximo:
        return list(range(1, n + 1))
    return list(range(1, maximo - 1)) + [None, n]


def _rotulo_unidade(l: int, j: int, n: int, ultima: int) -> str:
    if l == 0:
        return f"$x_{{{j}}}$"
    if l == ultima:
        return "$\\hat{y}$" if n == 1 else f"$\\hat{{y}}_{{{j}}}$"
    return f"$a^{{[{l}]}}_{{{j}}}$"


def _validar_camadas(camadas) -> list[int]:
    try:
        tamanhos = [int(n) for n in camadas]
    except (TypeError, ValueError):
        raise ValueError(f"camadas deve ser uma lista de inteiros, por exemplo [2, 3, 1]; "
                         f"recebi {camadas!r}.") from None
    if len(tamanhos) < 2:
        raise ValueError("a rede precisa de pelo menos duas camadas (entrada e saída); "
                         f"recebi {tamanhos}.")
    if min(tamanhos) < 1 or any(int(n) != n for n in camadas):
        raise ValueError(f"cada camada precisa de pelo menos 1 unidade inteira; recebi {list(camadas)}.")
    return tamanhos


def _unidades(pares, nome: str) -> list[tuple[int, int]]:
    try:
        return [(int(l), int(j)) for l, j in pares]
    except (TypeError, ValueError):
        raise ValueError(f"{nome} deve ser uma lista de pares (camada, unidade), por exemplo "
                         f"[(0, 1), (1, 2)]; recebi {pares!r}.") from None


def rede(camadas: Sequence[int], *, ax=None, vies: bool = True,
         caminho: Iterable[tuple[int, int]] | Sequence[Iterable[tuple[int, int]]] | None = None,
         rotular_caminho: bool = True, desligadas: Iterable[tuple[int, int]] = (),
         softmax: bool = False, max_unidades: int = 6, rotulos: bool = True,
         formas: bool = True, titulos: bool = True):
    """Desenha uma rede em camadas (totalmente conectada) na notação do curso.

    ``camadas`` são os tamanhos :math:`n^{[0]}, \\dots, n^{[L]}` (entrada primeiro).
    ``caminho``: sequência de unidades ``(camada, j)`` em camadas consecutivas (ou uma
    lista de sequências); seus pesos :math:`w^{[l]}_{ij}` ficam em destaque, como numa
    aplicação da regra da cadeia. ``desligadas``: unidades ``(camada, j)`` zeradas pelo
    dropout, desenhadas em cinza, riscadas e com as ligações apagadas. ``softmax``: caixa
    com o rótulo softmax em volta da camada de saída. Camadas com mais de
    ``max_unidades`` unidades aparecem abreviadas com reticências (⋮).

    >>> rede([784, 128, 10], softmax=True)  # doctest: +SKIP
    """
    tamanhos = _validar_camadas(camadas)
    L = len(tamanhos) - 1
    if int(max_unidades) < 3:
        raise ValueError(f"max_unidades precisa ser pelo menos 3; recebi {max_unidades}.")
    if softmax and tamanhos[-1] < 2:
        raise ValueError("softmax precisa de pelo menos 2 unidades de saída "
                         f"(a última camada tem {tamanhos[-1]}).")
    visiveis = [_visiveis(n, int(max_unidades)) for n in tamanhos]
    topo = (max(len(v) for v in visiveis) - 1) / 2
    pos = {}
    for l, v in enumerate(visiveis):
        for k, j in enumerate(v):
            pos[(l, j)] = (l * DX, (len(v) - 1) / 2 - k)
    y_vies = topo + DY * 1.15

    def checar(unidade, nome):
        l, j = unidade
        if not (0 <= l <= L and 1 <= j <= tamanhos[l]):
            raise ValueError(f"{nome}: a unidade {unidade} não existe numa rede {tamanhos} "
                             "(camadas de 0 a L, unidades a partir de 1).")
        if (l, j) not in pos:
            raise ValueError(f"{nome}: a unidade {unidade} está escondida pelas reticências; "
                             "aumente max_unidades.")

    desligadas = set(_unidades(desligadas, "desligadas"))
    for u in desligadas:
        checar(u, "desligadas")
        if u[0] == L:
            raise ValueError(f"desligadas: {u} é da camada de saída; o dropout só desliga "
                             "unidades da entrada e das camadas ocultas.")
    caminhos = [] if caminho is None else list(caminho)
    if caminhos and not isinstance(caminhos[0], Iterable):
        raise ValueError("caminho deve ser uma lista de pares (camada, unidade), por exemplo "
                         f"[(0, 1), (1, 2), (2, 1)]; recebi {caminho!r}.")
    if caminhos and isinstance(next(iter(caminhos[0]), None), Iterable):
        caminhos = [list(c) for c in caminhos]
    elif caminhos:
        caminhos = [caminhos]
    arestas_destaque, unidades_destaque = set(), set()
    for c in caminhos:
        c = _unidades(c, "caminho")
        for u in c:
            checar(u, "caminho")
        for (l1, i), (l2, j) in zip(c, c[1:]):
            if l2 != l1 + 1:
                raise ValueError(f"caminho: {(l1, i)} → {(l2, j)} não liga camadas consecutivas.")
            arestas_destaque.add((l2, i, j))
        unidades_destaque.update(c)

    margem_baixo = 1.6 if formas else 0.6
    ylim = (-topo - RAIO - margem_baixo, y_vies + RAIO + (1.25 if titulos else 0.3))
    xlim = (-1.0, L * DX + (2.3 if softmax else 1.0))
    ax = novo_eixo(ax, xlim, ylim)

    for l in range(1, L + 1):
        for i in visiveis[l - 1]:
            for j in visiveis[l]:
                if i is None or j is None:
                    continue
                estilo = dict(color=COR_PESO, lw=0.8, zorder=1)
                if (l, i, j) in arestas_destaque:
                    estilo = dict(color=COR_DESTAQUE, lw=2.6, zorder=2)
                elif (l - 1, i) in desligadas or (l, j) in desligadas:
                    estilo = dict(color=COR_DESLIGADA, lw=0.8, ls=":", zorder=1)
                ligar(ax, pos[(l - 1, i)], pos[(l, j)], gid=f"peso:{l}:{i}:{j}", **estilo)
                if (l, i, j) in arestas_destaque and rotular_caminho:
                    (x0, y0), (x1, y1) = pos[(l - 1, i)], pos[(l, j)]
                    ax.text(x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0) + 0.12,
                            f"$w^{{[{l}]}}_{{{i}{j}}}$", color=COR_DESTAQUE, fontsize=10,
                            ha="center", va="bottom", zorder=5, gid=f"rotulo-peso:{l}:{i}:{j}",
                            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
        if vies:
            xy_vies = ((l - 1) * DX, y_vies)
            circulo(ax, xy_vies, "$+1$", gid=f"vies:{l - 1}", cor=COR_VIES, tamanho=9)
            for j in visiveis[l]:
                if j is not None:
                    fraca = (l, j) in desligadas
                    ligar(ax, xy_vies, pos[(l, j)], gid=f"peso-vies:{l}:{j}",
                          color=COR_DESLIGADA if fraca else COR_PESO_VIES, lw=0.7, alpha=0.75,
                          ls=":" if fraca else (0, (4, 2)), zorder=1)

    for (l, j), xy in pos.items():
        if j is None:
            ax.text(*xy, "$\\vdots$", ha="center", va="center", fontsize=16, gid=f"reticencias:{l}")
            continue
        rotulo = _rotulo_unidade(l, j, tamanhos[l], L) if rotulos else ""
        tamanho = 8 if len(rotulo) > 14 else 10
        if (l, j) in desligadas:
            circulo(ax, xy, rotulo, gid=f"unidade:{l}:{j}", cor=COR_DESLIGADA,
                    borda=COR_TEXTO_FRACO, cor_texto=COR_TEXTO_FRACO, tamanho=tamanho)
            d = RAIO * 0.8
            for s in (1, -1):
                ax.plot([xy[0] - d, xy[0] + d], [xy[1] - s * d, xy[1] + s * d], color="#707070",
                        lw=1.3, zorder=5, gid=f"cruz:{l}:{j}")
        else:
            destaque = (l, j) in unidades_destaque
            circulo(ax, xy, rotulo, gid=f"unidade:{l}:{j}", tamanho=tamanho,
                    cor=COR_SAIDA if l == L else COR_UNIDADE,
                    borda=COR_DESTAQUE if destaque else COR_BORDA, espessura=2.4 if destaque else 1.2)

    if titulos:
        for l, n in enumerate(tamanhos):
            nome = "entrada" if l == 0 else ("saída" if l == L else f"camada oculta {l}")
            ax.text(l * DX, y_vies + RAIO + 0.25, f"{nome}\n$n^{{[{l}]}} = {n}$", ha="center",
                    va="bottom", fontsize=9, linespacing=1.4, gid=f"titulo:{l}")
    if formas:
        for l in range(1, L + 1):
            ax.text((l - 0.5) * DX, -topo - RAIO - 0.35,
                    f"$W^{{[{l}]}}$: ({tamanhos[l - 1]}, {tamanhos[l]})"
                    + (f"\n$b^{{[{l}]}}$: ({tamanhos[l]},)" if vies else ""),
                    ha="center", va="top", fontsize=9, linespacing=1.5, gid=f"forma:{l}")
    if softmax:
        alto = (len(visiveis[L]) - 1) / 2 + RAIO + 0.18
        ax.add_patch(FancyBboxPatch((L * DX - RAIO - 0.18, -alto), 2 * RAIO + 0.36, 2 * alto,
                                    boxstyle="round,pad=0.02,rounding_size=0.15", fc="none",
                                    ec=COR_DESTAQUE, lw=1.6, zorder=5, gid="softmax"))
        ax.text(L * DX, alto + 0.08, "softmax", ha="center", va="bottom", fontsize=10,
                color=COR_DESTAQUE, gid="rotulo-softmax")
        ax.text(L * DX + RAIO + 0.32, 0, "$\\sum_j \\hat{y}_j = 1$", ha="left", va="center",
                fontsize=9, color=COR_DESTAQUE, gid="soma-softmax")
    return ax


def blocos(etapas: Sequence[str], *, ax=None, destacar: int | str | None = None,
           setas: Sequence[str] | None = None, legendas: Sequence[str] | None = None,
           dados: Iterable[int] = (0, -1)):
    """Diagrama de blocos em linha, por exemplo a posição da normalização em lote.

    ``etapas``: rótulos da esquerda para a direita; as de índice em ``dados`` (por
    padrão a primeira e a última) são tensores, escritos sem caixa; as outras são
    operações, em caixas. ``destacar``: índice ou rótulo de uma etapa, pintada em
    destaque. ``setas``: rótulos sobre as setas (um a menos que as etapas);
    ``legendas``: textos pequenos sob cada etapa ("" para nenhum).

    >>> blocos(["$A^{[l-1]}$", "afim", "normalização em lote", "$g$", "$A^{[l]}$"],
    ...        destacar="normalização em lote")  # doctest: +SKIP
    """
    etapas = [str(e) for e in etapas]
    n = len(etapas)
    if n < 2:
        raise ValueError(f"blocos precisa de pelo menos duas etapas; recebi {etapas}.")
    setas = list(setas) if setas is not None else [""] * (n - 1)
    legendas = list(legendas) if legendas is not None else [""] * n
    if len(setas) != n - 1 or len(legendas) != n:
        raise ValueError(f"com {n} etapas, setas precisa de {n - 1} rótulos e legendas de {n}; "
                         f"recebi {len(setas)} e {len(legendas)}.")
    if isinstance(destacar, str):
        if destacar not in etapas:
            raise ValueError(f"destacar: a etapa {destacar!r} não está em {etapas}.")
        destacar = etapas.index(destacar)
    if destacar is not None and not -n <= destacar < n:
        raise ValueError(f"destacar: índice {destacar} fora das {n} etapas.")
    dados = {d % n for d in dados}
    destacar = None if destacar is None else destacar % n
    larguras = [largura_texto(e, 11) / POLEGADAS_POR_UNIDADE + (0.1 if i in dados else 0.6)
                for i, e in enumerate(etapas)]
    seta = [max(1.1, largura_texto(s, 9) / POLEGADAS_POR_UNIDADE + 0.4) for s in setas]
    x, centros = 0.0, []
    for i, w in enumerate(larguras):
        centros.append(x + w / 2)
        x += w + (seta[i] if i < n - 1 else 0)
    ax = novo_eixo(ax, (-0.3, x + 0.3), (-1.3 if any(legendas) else -0.8, 1.0))
    for i, (rotulo, c, w) in enumerate(zip(etapas, centros, larguras)):
        if i in dados:
            ax.text(c, 0, rotulo, ha="center", va="center", fontsize=11, gid=f"etapa:{i}")
        else:
            destaque = i == destacar
            ax.add_patch(FancyBboxPatch((c - w / 2, -0.4), w, 0.8, gid=f"bloco:{i}",
                                        boxstyle="round,pad=0,rounding_size=0.15",
                                        fc=COR_BLOCO_DESTAQUE if destaque else COR_BLOCO,
                                        ec=COR_DESTAQUE if destaque else COR_BORDA,
                                        lw=2.2 if destaque else 1.2))
            ax.text(c, 0, rotulo, ha="center", va="center", fontsize=11, gid=f"etapa:{i}")
        if legendas[i]:
            ax.text(c, -0.55, legendas[i], ha="center", va="top", fontsize=9, color="#444444",
                    gid=f"legenda:{i}")
        if i < n - 1:
            a, b = c + w / 2 + 0.08, centros[i + 1] - larguras[i + 1] / 2 - 0.08
            ax.add_patch(FancyArrowPatch((a, 0), (b, 0), arrowstyle="-|>", mutation_scale=12,
                                         color=COR_BORDA, lw=1.2, gid=f"seta:{i}"))
            if setas[i]:
                ax.text((a + b) / 2, 0.12, setas[i], ha="center", va="bottom", fontsize=9,
                        gid=f"rotulo-seta:{i}")
    return ax


def para_png(figura_ou_eixo, *, dpi: int = 100) -> bytes:
    """PNG da figura (ou da figura do eixo) em bytes, sem data nem versão: mesma
    chamada, mesmos bytes."""
    figura = getattr(figura_ou_eixo, "figure", figura_ou_eixo)
    memoria = io.BytesIO()
    figura.savefig(memoria, format="png", dpi=dpi, metadata={"Software": None})
    return memoria.getvalue()


def mostrar(figura_ou_eixo, alt: str, *, dpi: int = 100):
    """Mostra a figura no notebook com texto alternativo (``alt``) em português.

    A saída leva o PNG e uma versão HTML ``<img alt="...">``; o site do curso (myst-nb)
    e o Jupyter usam a versão HTML, então o leitor de tela lê ``alt``. A figura é
    fechada no pyplot para não aparecer duas vezes.
    """
    import base64

    from IPython.display import display

    alt = " ".join(str(alt).split())
    if len(alt.split()) < 3:
        raise ValueError("alt precisa descrever a figura em português (pelo menos três "
                         f"palavras); recebi {alt!r}.")
    dados = base64.b64encode(para_png(figura_ou_eixo, dpi=dpi)).decode("ascii")
    figura = getattr(figura_ou_eixo, "figure", figura_ou_eixo)
    import matplotlib.pyplot as plt

    plt.close(figura)
    display({"image/png": dados,
             "text/html": f'<img src="data:image/png;base64,{dados}" alt="{html.escape(alt)}">'},
            raw=True, metadata={"image/png": {"alt": alt}})


def __getattr__(nome: str):
    """Reexporta o neurônio e os grafos de :mod:`curso.grafos` (importados sob demanda)."""
    if nome in {"neuronio", "grafo", "grafo_soma_produto", "grafo_neuronio_logistico"}:
        from curso import grafos

        return getattr(grafos, nome)
    raise AttributeError(f"module 'curso.diagramas' has no attribute {nome!r}")
