"""Controles deslizantes que funcionam no Jupyter, no Colab **e no site estático**.

No site publicado não há kernel Python: um ``interact`` comum mostra o controle, mas
movê-lo não redesenha nada. A saída adotada aqui é pré-calcular os quadros. Para
cada combinação de valores dos parâmetros, a função de desenho gera uma imagem PNG;
as imagens ficam em pilhas (``ipywidgets.Stack``) e cada controle deslizante
(``SelectionSlider``) é ligado no navegador (``jslink``) ao índice das pilhas do seu
nível. Como o ``jslink`` roda em JavaScript, a ligação sobrevive na página estática.

Com dois parâmetros, por exemplo ``w`` e ``b``, a pilha externa tem um quadro por
valor de ``w`` e cada quadro é uma pilha interna com um quadro por valor de ``b``: o
controle de ``w`` escolhe a pilha interna e o de ``b`` escolhe a imagem dentro de
todas elas. O número de imagens é o produto do número de valores, então mantenha
poucos valores por controle e imagens pequenas.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from curso.estilo import DPI_MINIMO, numero

__all__ = ["controles_estaticos", "quadro_png", "formatar_valor"]

LIMITE_QUADROS = 400


class ErroControles(ValueError):
    """Parâmetros inválidos para :func:`controles_estaticos`."""


def formatar_valor(valor: Any) -> str:
    """Rótulo curto de um valor de parâmetro, com a vírgula decimal
    (``0.5`` → ``'0,5'``, ``1e-3`` → ``'0,001'``)."""
    if isinstance(valor, float):
        return numero(valor, ".6g")
    return str(valor)


def _dpi_legivel(dpi: int | None) -> int:
    """O dpi pedido, nunca abaixo do mínimo do estilo do curso."""
    return max(dpi or DPI_MINIMO, DPI_MINIMO)


def quadro_png(desenhar: Callable[..., Any], valores: Mapping[str, Any], *,
               tamanho: tuple[float, float] = (5.0, 3.2), dpi: int | None = None) -> bytes:
    """Chama ``desenhar(ax, **valores)`` numa figura nova e devolve o PNG em bytes
    (com pelo menos o dpi mínimo do estilo do curso, :data:`curso.estilo.DPI_MINIMO`)."""
    from matplotlib.figure import Figure

    from curso.diagramas import para_png

    dpi = _dpi_legivel(dpi)
    figura = Figure(figsize=tamanho, dpi=dpi, layout="constrained")
    eixo = figura.add_subplot()
    desenhar(eixo, **valores)
    return para_png(figura, dpi=dpi)


def controles_estaticos(
    desenhar: Callable[..., Any],
    parametros: Mapping[str, Sequence[Any]],
    *,
    rotulos: Mapping[str, str] | None = None,
    iniciais: Mapping[str, Any] | None = None,
    tamanho: tuple[float, float] = (5.0, 3.2),
    dpi: int | None = None,
) -> widgets.VBox:
    """Monta controles deslizantes com quadros pré-calculados.

    Parâmetros
    ----------
    desenhar:
        função ``desenhar(ax, **valores)`` que desenha um quadro num eixo do
        matplotlib; recebe um valor de cada parâmetro, por nome.
    parametros:
        dicionário ``nome -> lista de valores`` (um controle por nome, na ordem dada).
    rotulos:
        texto mostrado ao lado de cada controle (o padrão é o próprio nome).
    iniciais:
        valor inicial de cada controle (precisa estar na lista; o padrão é o primeiro).
    tamanho, dpi:
        tamanho (polegadas) e resolução de cada quadro (nunca abaixo de
        :data:`curso.estilo.DPI_MINIMO`, para o texto continuar legível).

    Devolve um ``VBox`` com os controles em cima e a imagem embaixo.
    """
    if not parametros:
        raise ErroControles("Informe ao menos um parâmetro com a sua lista de valores.")
    dpi = _dpi_legivel(dpi)
    nomes = list(parametros)
    listas = [list(parametros[n]) for n in nomes]
    for nome, lista in zip(nomes, listas):
        if not lista:
            raise ErroControles(f"O parâmetro '{nome}' não tem nenhum valor.")
    total = 1
    for lista in listas:
        total *= len(lista)
    if total > LIMITE_QUADROS:
        raise ErroControles(
            f"{total} quadros é demais para uma página (limite {LIMITE_QUADROS}); "
            "use menos valores por controle."
        )
    rotulos = dict(rotulos or {})
    iniciais = dict(iniciais or {})
    desconhecidos = set(iniciais) - set(nomes)
    if desconhecidos:
        raise ErroControles(f"Valor inicial para parâmetro inexistente: {sorted(desconhecidos)}.")

    # Um controle por parâmetro; o índice escolhido é o que o jslink propaga.
    controles = []
    for nome, lista in zip(nomes, listas):
        opcoes = [(formatar_valor(v), i) for i, v in enumerate(lista)]
        indice = 0
        if nome in iniciais:
            try:
                indice = lista.index(iniciais[nome])
            except ValueError:
                raise ErroControles(
                    f"O valor inicial {iniciais[nome]!r} não está na lista de '{nome}'."
                ) from None
        controle = widgets.SelectionSlider(
            options=opcoes,
            index=indice,
            description=rotulos.get(nome, nome),
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        controles.append(controle)

    # Pilhas aninhadas: nível k escolhe o valor do k-ésimo parâmetro.
    pilhas_por_nivel: list[list[widgets.Stack]] = [[] for _ in nomes]

    def montar(nivel: int, escolhidos: tuple[int, ...]) -> widgets.Widget:
        if nivel == len(nomes):
            valores = {n: listas[k][i] for k, (n, i) in enumerate(zip(nomes, escolhidos))}
            return widgets.Image(
                value=quadro_png(desenhar, valores, tamanho=tamanho, dpi=dpi),
                format="png",
                layout=widgets.Layout(width=f"{int(tamanho[0] * dpi)}px"),
            )
        filhos = [montar(nivel + 1, escolhidos + (i,)) for i in range(len(listas[nivel]))]
        pilha = widgets.Stack(children=filhos, selected_index=controles[nivel].index)
        pilhas_por_nivel[nivel].append(pilha)
        return pilha

    raiz = montar(0, ())
    ligacoes = [
        widgets.jslink((controle, "index"), (pilha, "selected_index"))
        for controle, pilhas in zip(controles, pilhas_por_nivel)
        for pilha in pilhas
    ]
    caixa = widgets.VBox([*controles, raiz])
    caixa.add_class("curso-controles-estaticos")
    # Guarda as ligações junto da caixa para que não sejam coletadas como lixo.
    caixa._ligacoes = ligacoes  # type: ignore[attr-defined]
    return caixa


def combinacoes(parametros: Mapping[str, Sequence[Any]]):
    """Itera sobre todas as combinações de valores (útil para testes e pré-cálculos)."""
    nomes = list(parametros)
    for valores in itertools.product(*(parametros[n] for n in nomes)):
        yield dict(zip(nomes, valores))
