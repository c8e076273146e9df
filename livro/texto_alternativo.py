"""Texto alternativo (alt) das figuras dos capítulos: verificação e ajuda aos autores.

Como o myst-nb 1.4 põe o ``alt`` numa figura gerada por uma célula (verificado numa
construção estrita do Jupyter Book):

* **metadados da célula** ``{"mystnb": {"image": {"alt": "..."}}}``: vale para todas
  as imagens que a célula produz (gráficos do matplotlib, diagramas do curso...);
  :func:`definir_alt` escreve esses metadados num notebook;
* **saída HTML** ``<img alt="...">`` ao lado do PNG, que o site prefere ao PNG: é o que
  ``curso.diagramas.mostrar(figura, alt)`` publica, um ``alt`` por figura;
* metadados da **saída** (``display(Image(..., metadata={"alt": ...}))``) são
  ignorados: o myst-nb só lê ``width`` e ``height`` dali, e o site escreve o nome do
  arquivo (``_images/<hash>.png``) como ``alt``.

:func:`pendencias` lista as células que produzem imagem sem ``alt`` válido em
português. Num notebook executado (com saídas, como os de ``_build/jupyter_execute``)
a lista é exata; num notebook limpo (como ficam no repositório) a célula "produz
imagem" quando, fora de funções, chama o pyplot (``plt.show``, ``subplots``...), um
método de desenho (``ax.plot``...), um diagrama de ``curso.diagramas`` ou uma função
do próprio notebook que desenha. Os controles de ``curso.widgets`` não entram: são
widgets, não imagens de célula.

Uso::

    python -m livro.texto_alternativo chapters/*.ipynb
    python -m livro.texto_alternativo --site _build/html/chapters
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat

from corretor.argumentos import ArgumentParserPt

TIPOS_DE_IMAGEM = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
PYPLOT = {"show", "subplots", "figure", "subplot", "plot", "imshow", "matshow", "scatter", "hist",
          "bar", "barh", "contour", "contourf", "pcolormesh", "fill_between", "stem", "errorbar"}
DIAGRAMAS = {"rede", "neuronio", "grafo", "grafo_soma_produto", "grafo_neuronio_logistico",
             "blocos"}
CRIAM_FIGURA = {"subplots", "figure"} | DIAGRAMAS
PALAVRAS_PT = {"de", "da", "do", "das", "dos", "e", "em", "com", "para", "o", "a", "os", "as",
               "um", "uma", "no", "na", "nos", "nas", "que", "por", "ao", "à", "entre", "sobre",
               "cada", "se", "sem", "mais", "menos", "pelo", "pela"}


@dataclass(frozen=True)
class Pendencia:
    """Uma célula que produz imagem sem texto alternativo válido."""

    caderno: Path
    indice: int
    id: str | None
    motivo: str
    trecho: str

    def __str__(self) -> str:
        return f"{self.caderno}, célula {self.indice} (id {self.id}): {self.motivo} — {self.trecho}"


def motivo_alt_invalido(texto: str | None) -> str | None:
    """Por que ``texto`` não serve como ``alt`` (``None`` se serve)."""
    if texto is None or not str(texto).strip():
        return "sem texto alternativo"
    texto = " ".join(str(texto).split())
    if re.search(r"(^|/)_images/|\.(png|jpe?g|svg|gif)$|[0-9a-f]{32}", texto, re.I):
        return f"texto alternativo padrão (nome de arquivo): {texto!r}"
    palavras = re.findall(r"\w+", texto.lower())
    if len(palavras) < 3:
        return f"texto alternativo curto demais (menos de três palavras): {texto!r}"
    if not PALAVRAS_PT & set(palavras):
        return f"texto alternativo não parece português: {texto!r}"
    return None


def alt_da_celula(celula) -> str | None:
    """O ``alt`` dos metadados ``mystnb.image.alt`` da célula, se houver."""
    imagem = (celula.get("metadata", {}).get("mystnb") or {}).get("image") or {}
    alt = imagem.get("alt") if isinstance(imagem, Mapping) else None
    return None if alt is None else str(alt)


class _Imagens(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imagens: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imagens.append(dict(attrs))


def _imgs_html(html: str) -> list[dict[str, str | None]]:
    leitor = _Imagens()
    leitor.feed(html)
    return leitor.imagens


def _codigo(fonte: str) -> ast.Module | None:
    linhas = ["pass" if re.match(r"\s*[%!]", l) else l for l in fonte.splitlines()]
    try:
        return ast.parse("\n".join(linhas))
    except SyntaxError:
        return None


def _chamadas_no_topo(arvore: ast.AST) -> list[ast.Call]:
    """Chamadas fora de ``def``/``lambda``/``class`` (o que roda quando a célula roda)."""
    achadas, pilha = [], [arvore]
    while pilha:
        no = pilha.pop()
        if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(no, ast.Call):
            achadas.append(no)
        pilha.extend(ast.iter_child_nodes(no))
    return achadas


def _nome(chamada: ast.Call) -> str | None:
    """``"ax.plot"``, ``"diagramas.rede"``, ``"curvas"``... (só o último atributo
    precedido do nome simples de onde vem, quando há)."""
    f = chamada.func
    if isinstance(f, ast.Attribute):
        return f"{f.value.id}.{f.attr}" if isinstance(f.value, ast.Name) else f".{f.attr}"
    return f.id if isinstance(f, ast.Name) else None


def _importados_dos_diagramas(nb) -> set[str]:
    nomes = set()
    for celula in nb.cells:
        arvore = _codigo(celula.source) if celula.cell_type == "code" else None
        for no in ast.walk(arvore) if arvore else []:
            if isinstance(no, ast.ImportFrom) and no.module in ("curso.diagramas", "curso.grafos"):
                nomes |= {a.asname or a.name for a in no.names if a.name in DIAGRAMAS}
    return nomes


def _classificar(nome: str | None, contexto: tuple[set[str], set[str]]) -> str | None:
    """``"cria"`` (abre uma figura), ``"desenha"`` ou ``None`` para uma chamada."""
    importados, desenhistas = contexto
    if nome is None:
        return None
    origem, ponto, metodo = nome.rpartition(".")
    if not ponto:  # chamada de um nome simples: função do notebook ou importada
        return "cria" if nome in importados or nome in desenhistas else None
    if origem in ("diagramas", "grafos") and metodo in DIAGRAMAS:
        return "cria"
    if metodo in PYPLOT:
        return "cria" if metodo in CRIAM_FIGURA else "desenha"
    return None


def _contexto(nb) -> tuple[set[str], set[str]]:
    desenham = funcoes_que_desenham(nb)
    return _importados_dos_diagramas(nb) - _definidas(nb), desenham


def _definidas(nb) -> set[str]:
    return {no.name for c in nb.cells if c.cell_type == "code"
            for no in ast.walk(_codigo(c.source) or ast.Module(body=[], type_ignores=[]))
            if isinstance(no, ast.FunctionDef)}


def funcoes_que_desenham(nb) -> set[str]:
    """Funções definidas no notebook que desenham (direta ou indiretamente)."""
    corpos = {}
    for celula in nb.cells:
        arvore = _codigo(celula.source) if celula.cell_type == "code" else None
        for no in ast.walk(arvore) if arvore else []:
            if isinstance(no, ast.FunctionDef):
                corpos[no.name] = {_nome(c) for c in ast.walk(no) if isinstance(c, ast.Call)}
    importados = _importados_dos_diagramas(nb) - set(corpos)
    desenham: set[str] = set()
    while True:
        novas = {n for n, chamadas in corpos.items()
                 if any(_classificar(c, (importados, desenham)) for c in chamadas)} - desenham
        if not novas:
            return desenham
        desenham |= novas


def _alt_de_mostrar(chamada: ast.Call) -> str | None:
    alvo = [k.value for k in chamada.keywords if k.arg == "alt"] or chamada.args[1:2]
    if alvo and isinstance(alvo[0], ast.Constant) and isinstance(alvo[0].value, str):
        return alvo[0].value
    return "" if alvo and isinstance(alvo[0], ast.JoinedStr) else None


def _motivos_sem_saidas(celula, contexto: tuple[set[str], set[str]]) -> list[str]:
    arvore = _codigo(celula.source)
    if arvore is None:
        return []
    chamadas = _chamadas_no_topo(arvore)
    tipos = [_classificar(_nome(c), contexto) for c in chamadas]
    if not any(tipos):
        return []
    if alt_da_celula(celula) is not None:
        motivo = motivo_alt_invalido(alt_da_celula(celula))
        return [motivo] if motivo else []
    nomes = [(_nome(c) or "").rpartition(".")[2] for c in chamadas]
    mostradas = [_alt_de_mostrar(c) for c, n in zip(chamadas, nomes) if n == "mostrar"]
    if mostradas and "show" not in nomes and len(mostradas) >= tipos.count("cria"):
        return [m for m in (motivo_alt_invalido(a) if a != "" else None for a in mostradas) if m]
    return ["sem texto alternativo"]


def _motivos_com_saidas(celula) -> list[str]:
    motivos = []
    for saida in celula.get("outputs", []):
        dados = saida.get("data", {})
        if saida.get("output_type") not in ("display_data", "execute_result"):
            continue
        html = dados.get("text/html")
        html = "".join(html) if isinstance(html, list) else (html or "")
        imgs = _imgs_html(html) if html else []
        if imgs:  # o site usa a versão HTML
            motivos += [m for m in (motivo_alt_invalido(i.get("alt")) for i in imgs) if m]
        elif any(t in dados for t in TIPOS_DE_IMAGEM):
            motivo = motivo_alt_invalido(alt_da_celula(celula))
            if motivo:
                motivos.append(motivo)
    return motivos


def pendencias(caminho: Path | str) -> list[Pendencia]:
    """Células de ``caminho`` que produzem imagem sem ``alt`` válido em português."""
    caminho = Path(caminho)
    try:
        nb = nbformat.read(caminho, as_version=4)
    except Exception as erro:  # noqa: BLE001 - qualquer falha de leitura vira mensagem
        raise ValueError(f"não consegui ler o notebook {caminho}: {erro}") from None
    executado = any(c.get("outputs") for c in nb.cells if c.cell_type == "code")
    contexto = (set(), set()) if executado else _contexto(nb)
    achadas = []
    for i, celula in enumerate(nb.cells):
        if celula.cell_type != "code":
            continue
        motivos = (_motivos_com_saidas(celula) if executado
                   else _motivos_sem_saidas(celula, contexto))
        trecho = " ".join(celula.source.split())[:70]
        achadas += [Pendencia(caminho, i, celula.get("id"), m, trecho)
                    for m in dict.fromkeys(motivos)]
    return achadas


def pendencias_em(caminhos: Iterable[Path | str]) -> list[Pendencia]:
    """:func:`pendencias` de vários notebooks, em ordem."""
    return [p for c in caminhos for p in pendencias(c)]


def definir_alt(caminho: Path | str, textos: Mapping[str | int, str]) -> None:
    """Grava ``mystnb.image.alt`` nas células dadas por id (``str``) ou índice (``int``).

    >>> definir_alt("chapters/cap01a_neuronio_e_vies.ipynb",
    ...             {"a1b2c3": "Gráfico da sigmoide com o viés deslocando a curva"})  # doctest: +SKIP
    """
    caminho = Path(caminho)
    nb = nbformat.read(caminho, as_version=4)
    por_id = {c.get("id"): c for c in nb.cells}
    for chave, texto in textos.items():
        celula = nb.cells[chave] if isinstance(chave, int) and 0 <= chave < len(nb.cells) \
            else por_id.get(chave)
        if celula is None or celula.cell_type != "code":
            raise ValueError(f"{caminho}: não há célula de código com id/índice {chave!r}.")
        motivo = motivo_alt_invalido(texto)
        if motivo:
            raise ValueError(f"{caminho}, célula {chave!r}: {motivo}.")
        mystnb = celula.metadata.setdefault("mystnb", {})
        mystnb.setdefault("image", {})["alt"] = " ".join(texto.split())
    nbformat.write(nb, caminho)


def imagens_sem_alt_no_site(pasta: Path | str) -> list[str]:
    """Imagens (``<img>``) das páginas HTML de ``pasta`` sem ``alt`` válido em português."""
    achadas = []
    for pagina in sorted(Path(pasta).rglob("*.html")):
        if "_static" in pagina.parts:
            continue
        for img in _imgs_html(pagina.read_text(encoding="utf-8")):
            motivo = motivo_alt_invalido(img.get("alt"))
            if motivo:
                origem = (img.get("src") or "")[:60]
                achadas.append(f"{pagina}: {origem}: {motivo}")
    return achadas


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(prog="python -m livro.texto_alternativo",
                              description="Lista figuras sem texto alternativo em português.")
    parser.add_argument("notebooks", nargs="*", metavar="NOTEBOOK")
    parser.add_argument("--site", metavar="PASTA", help="verifica as páginas HTML construídas")
    args = parser.parse_args(argv)
    if not args.notebooks and not args.site:
        parser.error("dê notebooks ou --site PASTA")
    try:
        achados = [str(p) for p in pendencias_em(args.notebooks)]
    except ValueError as erro:
        print(f"Erro: {erro}", file=sys.stderr)
        return 2
    achados += imagens_sem_alt_no_site(args.site) if args.site else []
    for linha in achados:
        print(linha)
    print("Todas as figuras têm texto alternativo." if not achados
          else f"{len(achados)} figura(s) sem texto alternativo.")
    return 1 if achados else 0


if __name__ == "__main__":
    raise SystemExit(main())
