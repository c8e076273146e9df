"""Estilo das figuras do curso: números em português, tamanhos legíveis, cores seguras.

A célula de preparação de cada capítulo chama :func:`aplicar`. Depois dela, toda figura
do matplotlib:

- escreve os números das marcas dos eixos com a **vírgula decimal** (``0,5``; ``−1,25``)
  e, de cinco algarismos em diante, o **ponto de milhar** (``20.000``). Isso não depende
  do *locale* do sistema (o ``pt_BR`` pode nem estar instalado, como no Colab): um
  formatador próprio substitui o padrão das escalas linear e logarítmica;
- tem pelo menos :data:`DPI_MINIMO` pontos por polegada e nenhum texto menor que
  :data:`FONTE_MINIMA` pontos, mesmo quando o código pede ``fontsize=6``;
- usa no ciclo de cores a paleta de Okabe e Ito, que continua distinguível para quem
  tem daltonismo.

Títulos, legendas e rótulos são texto livre: escreva os números deles com
:func:`numero` (``numero(0.125, ".2f")`` → ``'0,12'``; ``numero(118282)`` →
``'118.282'``). :func:`restaurar` desfaz tudo (volta ao padrão do matplotlib).
"""

from __future__ import annotations

import re

__all__ = ["aplicar", "restaurar", "numero", "virgula", "CORES", "DPI_MINIMO",
           "FONTE_MINIMA", "PARAMETROS"]

DPI_MINIMO = 100
"""Resolução mínima das figuras (pontos por polegada)."""

FONTE_MINIMA = 9.0
"""Menor corpo de texto (pontos) numa figura: a 100 dpi, cerca de 12,5 pixels."""

CORES = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000",
         "#F0E442")
"""Paleta de Okabe e Ito (azul, laranja, verde, vermelhão, roxo, azul-celeste, preto e
amarelo), distinguível com os tipos comuns de daltonismo. O amarelo, de pouco contraste
com o fundo branco, fica por último."""

PARAMETROS = {
    "figure.dpi": DPI_MINIMO,
    "savefig.dpi": "figure",
    "font.size": 11.0,
    "axes.titlesize": 12.0,
    "axes.labelsize": 11.0,
    "xtick.labelsize": 10.0,
    "ytick.labelsize": 10.0,
    "legend.fontsize": 10.0,
    "legend.title_fontsize": 10.0,
    "figure.titlesize": 13.0,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
    "axes.unicode_minus": True,
}
"""Configurações do matplotlib que :func:`aplicar` fixa (além do ciclo de cores)."""

MENOS = "\u2212"   # o sinal de menos tipográfico, o mesmo das marcas dos eixos
_NUMERO = re.compile(r"\d[\d.,]*")


def _milhar(inteiro: str, minimo: int) -> str:
    """Põe o ponto de milhar numa sequência de algarismos com ``minimo`` ou mais."""
    if len(inteiro) < minimo:
        return inteiro
    grupos = []
    while inteiro:
        grupos.insert(0, inteiro[-3:])
        inteiro = inteiro[:-3]
    return ".".join(grupos)


def virgula(texto: str, *, milhar_a_partir_de: int = 5) -> str:
    """Converte os números de um texto escrito pelo Python para o padrão brasileiro.

    ``'0.5'`` → ``'0,5'``; ``'-1.25e-03'`` → ``'−1,25e−03'``; ``'20000'`` → ``'20.000'``;
    ``'1,234.5'`` (milhar do Python) → ``'1234,5'``; um número que já está em português
    (``'0,01'``) fica como está;
    dentro de matemática (``$...$``) a vírgula vira ``{,}``, que o TeX não espaça.
    Feita para rótulos numéricos (marcas de eixo, números formatados): não use em frases,
    em que um ponto pode ser final de período.
    """
    partes = texto.split("$")
    for i, parte in enumerate(partes):
        decimal = "{,}" if i % 2 else ","

        def trocar(m: re.Match) -> str:
            bruto = m.group(0)
            fim = ""
            while bruto and bruto[-1] in ".,":   # pontuação depois do número
                fim = bruto[-1] + fim
                bruto = bruto[:-1]
            if "," in bruto and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", bruto):
                return m.group(0)        # já está em português (0,01): fica como está
            inteiro, _, fracao = bruto.replace(",", "").partition(".")
            saida = _milhar(inteiro, milhar_a_partir_de)
            return saida + (decimal + fracao if fracao else "") + fim

        parte = _NUMERO.sub(trocar, parte)
        if i % 2 == 0:
            parte = re.sub(r"(?<![\w])-(?=[\d.])|(?<=e)-(?=\d)", MENOS, parte)
        partes[i] = parte
    return "$".join(partes)


def numero(valor, formato: str = "g", *, milhar_a_partir_de: int = 4) -> str:
    """Um número escrito no padrão brasileiro, para títulos, legendas e textos impressos.

    ``formato`` é a especificação do Python (``".2f"``, ``".1%"``, ``"d"``...).

    >>> numero(0.125, ".3f"), numero(118282), numero(-2.5), numero(0.831, ".1%")
    ('0,125', '118.282', '−2,5', '83,1%')
    """
    return virgula(format(valor, formato), milhar_a_partir_de=milhar_a_partir_de)


def _formatadores():
    """Formatadores das marcas dos eixos com vírgula decimal (classes criadas sob demanda,
    para o módulo não importar o matplotlib ao ser importado)."""
    from matplotlib import ticker

    class FormatadorEscalar(ticker.ScalarFormatter):
        """O ``ScalarFormatter`` do matplotlib, com a vírgula decimal e o ponto de milhar
        (num eixo em que alguma marca tem cinco algarismos ou mais, todas as de quatro
        ganham o ponto também: ``5.000, 10.000``; anos como ``1998`` ficam sem ponto)."""

        def __call__(self, x, pos=None):
            return virgula(super().__call__(x, pos))

        def format_ticks(self, values):
            self.set_locs(values)
            brutos = [ticker.ScalarFormatter.__call__(self, v, i) for i, v in enumerate(values)]
            algarismos = max((len(m.group(0)) for b in brutos
                              for m in re.finditer(r"\d+", b.split(".")[0])), default=0)
            minimo = 4 if algarismos >= 5 else 5
            return [virgula(b, milhar_a_partir_de=minimo) for b in brutos]

        def get_offset(self):
            return virgula(super().get_offset())

    class FormatadorLog(ticker.LogFormatterSciNotation):
        """O formatador padrão da escala logarítmica, com a vírgula decimal."""

        def __call__(self, x, pos=None):
            return virgula(super().__call__(x, pos))

    return FormatadorEscalar, FormatadorLog


def _metodos_das_escalas():
    """Novos ``set_default_locators_and_formatters`` das escalas linear e logarítmica:
    os do matplotlib, com os formatadores de vírgula no lugar dos padrões."""
    from matplotlib import scale

    FormatadorEscalar, FormatadorLog = _formatadores()
    original_linear = _original["escalas"][scale.LinearScale]
    original_log = _original["escalas"][scale.LogScale]

    def linear(self, axis):
        original_linear(self, axis)
        axis.set_major_formatter(FormatadorEscalar())

    def log(self, axis):
        original_log(self, axis)
        axis.set_major_formatter(FormatadorLog(self.base))
        axis.set_minor_formatter(FormatadorLog(self.base, labelOnlyBase=self.subs is not None))

    return {scale.LinearScale: linear, scale.LogScale: log}


_original: dict = {}


def aplicar() -> None:
    """Liga o estilo do curso no matplotlib deste processo (pode ser chamada de novo)."""
    import matplotlib as mpl
    from cycler import cycler
    from matplotlib import font_manager, scale

    if not _original:
        _original["rc"] = {k: mpl.rcParams[k] for k in [*PARAMETROS, "axes.prop_cycle"]}
        _original["escalas"] = {classe: classe.__dict__["set_default_locators_and_formatters"]
                                for classe in (scale.LinearScale, scale.LogScale)}
        _original["set_size"] = font_manager.FontProperties.set_size
    mpl.rcParams.update(PARAMETROS)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(CORES))
    for classe, metodo in _metodos_das_escalas().items():
        classe.set_default_locators_and_formatters = metodo

    set_size = _original["set_size"]

    def set_size_legivel(self, size):
        set_size(self, size)
        self._size = max(self._size, FONTE_MINIMA)

    font_manager.FontProperties.set_size = set_size_legivel
    _ajustar_backend_inline()


def _ajustar_backend_inline() -> None:
    """No Jupyter, as figuras mostradas pelo backend inline saem com o dpi da figura; um
    ``rcParams["figure.dpi"] = 72`` escrito depois não as deixa abaixo do mínimo."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None or not hasattr(ip, "events"):
        return
    if _garantir_dpi not in ip.events.callbacks.get("pre_run_cell", []):
        ip.events.register("pre_run_cell", _garantir_dpi)


def _garantir_dpi(*_args) -> None:
    import matplotlib as mpl

    if _original and mpl.rcParams["figure.dpi"] < DPI_MINIMO:
        mpl.rcParams["figure.dpi"] = DPI_MINIMO


def restaurar() -> None:
    """Desfaz :func:`aplicar`: volta às configurações que o matplotlib tinha antes."""
    if not _original:
        return
    import matplotlib as mpl
    from matplotlib import font_manager, scale

    mpl.rcParams.update(_original["rc"])
    for classe, metodo in _original["escalas"].items():
        classe.set_default_locators_and_formatters = metodo
    font_manager.FontProperties.set_size = _original["set_size"]
    try:
        from IPython import get_ipython

        ip = get_ipython()
        if ip is not None and _garantir_dpi in ip.events.callbacks.get("pre_run_cell", []):
            ip.events.unregister("pre_run_cell", _garantir_dpi)
    except ImportError:
        pass
    _original.clear()
