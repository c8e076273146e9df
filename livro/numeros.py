"""Números no padrão brasileiro no que o leitor lê: prosa e tabelas dos capítulos.

O leitor brasileiro lê ``0,5`` e ``118.282``; ``0.5`` e ``118,282`` são a grafia
inglesa. Este módulo acha números na grafia inglesa:

- na fonte markdown dos capítulos (fora de código: blocos cercados e ``código``; a
  matemática entra, porque o leitor também a lê — escreva ``0{,}5``);
- nas saídas que são texto para ler: tabelas HTML, saídas markdown e tabelas impressas
  em texto (linhas com colunas). Código, arrays crus e registros de bibliotecas podem
  manter o ponto do Python.

Regras (uma grafia é "inglesa" quando):

- tem ponto seguido de algarismos que não formam grupos de três (``0.5``, ``3.14``,
  ``1.25``) ou que começa por ``0.`` (``0.693``);
- tem vírgula de milhar com dois grupos ou mais (``1,234,567``), ou uma vírgula seguida de
  exatamente três algarismos depois de uma parte inteira de dois ou três algarismos
  (``118,282``: se é mesmo um decimal, arredonde);
- mistura os dois na ordem inglesa (``1,234.5``).

Números de seção e de versão (``capítulo 5.2``, ``Python 3.11``) não contam.

Uso: ``python -m livro.numeros`` lista o que está fora do padrão nos capítulos (as saídas
vêm do cache de execução do livro, se os notebooks já rodaram no nbval ou na construção).
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import nbformat

RAIZ = Path(__file__).resolve().parent.parent
CACHE = RAIZ / "_build" / ".jupyter_cache"

_NUMERO = re.compile(r"(?<![\w.,])(?:\d+(?:[.,]\d+)+)(?![\w])")
# Palavras antes de um número que não é quantidade: seção ("capítulos 5.1 e 5.2"), versão.
_ANTES_SEM_QUANTIDADE = re.compile(
    r"(?:(?:cap[íi]tulos?|cap\.|se[çc][ãa]o|se[çc][õo]es|exerc[íi]cios?|figuras?|tabelas?|"
    r"equa[çc][ãa]o)\s*(?:\d{1,2}\.\d{1,2}\s*(?:,|e|ou|a|até)\s*)*"
    r"|(?:vers[ãa]o|python|numpy|matplotlib|tensorflow|keras|pytorch|jax|pyodide|jupyter(?:lite)?|"
    r"ipywidgets|sphinx|book|v)\s*|^#+\s*|\[)$", re.I | re.M)
_SECAO = re.compile(r"^\d{1,2}\.\d{1,2}$")


def _e_ingles(numero: str) -> bool:
    if "." in numero and "," in numero:
        return numero.index(",") < numero.index(".")   # 1,234.5
    if "." in numero:
        inteiro, *grupos = numero.split(".")
        milhar = inteiro[0] != "0" and len(inteiro) <= 3 and all(len(g) == 3 for g in grupos)
        return not milhar
    inteiro, *grupos = numero.split(",")
    if len(grupos) >= 2:   # 1,234,567 é milhar inglês; 1,2,3 é uma lista
        return len(inteiro) <= 3 and all(len(g) == 3 for g in grupos)
    return len(grupos[0]) == 3 and 2 <= len(inteiro) <= 3 and inteiro[0] != "0"


def numeros_em_ingles(texto: str) -> list[str]:
    """Trechos de ``texto`` com números na grafia inglesa (com um pouco de contexto)."""
    texto = texto.replace("{,}", ",").replace("{.}", ".")
    achados = []
    for m in _NUMERO.finditer(texto):
        numero = m.group(0)
        if not _e_ingles(numero):
            continue
        antes = texto[max(0, m.start() - 60):m.start()]
        if _SECAO.match(numero) and _ANTES_SEM_QUANTIDADE.search(antes):
            continue
        if re.search(r"\d+\.\d+\.\d+", numero):   # versão (2.21.0) ou data
            continue
        contexto = texto[max(0, m.start() - 30):m.end() + 30].replace("\n", " ")
        achados.append(f"'{numero}' em «{contexto.strip()}»")
    return achados


def prosa_do_markdown(fonte: str) -> str:
    """O texto que o leitor lê numa célula markdown: sem código, endereços e alvos."""
    fonte = re.sub(r"^(```|~~~)[^\n]*\n.*?^\1\s*$", " ", fonte, flags=re.S | re.M)
    fonte = re.sub(r"`[^`\n]*`", " ", fonte)
    fonte = re.sub(r"\]\([^)\s]*\)", "]", fonte)                 # destino de links
    fonte = re.sub(r"https?://\S+", " ", fonte)
    fonte = re.sub(r"<[^>]+>", " ", fonte)                       # etiquetas HTML
    fonte = re.sub(r"^\(\S+\)=\s*$", " ", fonte, flags=re.M)     # alvos (ref-x)=
    fonte = re.sub(r"^:[\w-]+:.*$", " ", fonte, flags=re.M)       # opções de diretivas
    return fonte


def _texto_do_html(fragmento: str) -> str:
    fragmento = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", fragmento, flags=re.S | re.I)
    fragmento = re.sub(r"<img\b[^>]*>", " ", fragmento, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", fragmento))


def _tabela_em_texto(texto: str) -> str:
    """As linhas de uma saída em texto que formam uma tabela (colunas separadas por
    ``|`` ou por dois espaços ou mais, em duas linhas ou mais); o resto é ignorado."""
    # Arrays crus do numpy dentro de uma linha ("w = [0.47 0.71]") podem manter o ponto.
    texto = re.sub(r"\[[-+\d.,\se\s\[\]]*\]", " ", texto)
    linhas = [linha for linha in texto.splitlines()
              if not linha.lstrip().startswith(("[", "array(", "Epoch", "<"))
              and ("|" in linha or re.search(r"\S {2,}\S", linha))
              and re.search(r"\d", linha)]
    return "\n".join(linhas) if len(linhas) >= 2 else ""


def texto_das_saidas(celula) -> str:
    """O texto para ler nas saídas de uma célula de código."""
    partes = []
    for saida in celula.get("outputs", []):
        dados = saida.get("data", {})
        if "text/html" in dados and "<table" in str(dados["text/html"]).lower():
            partes.append(_texto_do_html(str(dados["text/html"])))
        elif "text/markdown" in dados:
            partes.append(prosa_do_markdown(str(dados["text/markdown"])))
        elif saida.get("output_type") == "stream" and saida.get("name") == "stdout":
            partes.append(_tabela_em_texto(str(saida.get("text", ""))))
        elif "text/plain" in dados and "text/html" not in dados and "image/png" not in dados:
            partes.append(_tabela_em_texto(str(dados["text/plain"])))
    return "\n".join(partes)


def problemas(nb: nbformat.NotebookNode, nome: str) -> list[str]:
    """Números na grafia inglesa na prosa e nas saídas para ler de um notebook."""
    achados = []
    for i, celula in enumerate(nb.cells):
        etiquetas = celula.get("metadata", {}).get("tags", [])
        if celula.cell_type == "markdown":
            texto = prosa_do_markdown(celula.source)
        elif celula.cell_type == "code" and not {"remove-cell", "remove-output"} & set(etiquetas):
            texto = texto_das_saidas(celula)
        else:
            continue
        achados += [f"{nome}, célula {i}: {a}" for a in numeros_em_ingles(texto)]
    return achados


def texto_da_pagina(fonte_html: str) -> str:
    """O texto que o leitor lê numa página construída do livro: o conteúdo principal, sem
    código (``<pre>``, ``<code>``), scripts, menus e números de seção nos títulos."""
    m = re.search(r"<main\b.*?</main>", fonte_html, flags=re.S)
    fonte = m.group(0) if m else fonte_html
    fonte = re.sub(r"<(script|style|pre|code|nav|header|footer|aside)\b.*?</\1>", " ", fonte,
                   flags=re.S | re.I)
    fonte = re.sub(r"(<h[1-6]\b[^>]*>(?:\s|<[^>]+>)*)\d+(?:\.\d+)*", r"\1", fonte)   # "1.1 Título"
    fonte = re.sub(r"(<a\b[^>]*>(?:\s|<[^>]+>)*)\d+(?:\.\d+)+((?:\s|<[^>]+>)*</a>)", r"\1\2",
                   fonte)                                                               # link "2.2"
    return html.unescape(re.sub(r"<[^>]+>", " ", fonte))


def problemas_da_pagina(pagina: Path) -> list[str]:
    """Números na grafia inglesa na prosa e nas tabelas de uma página HTML do site."""
    texto = texto_da_pagina(pagina.read_text(encoding="utf-8"))
    return [f"{pagina.name}: {a}" for a in numeros_em_ingles(texto)]


def executado(caminho: Path, cache: Path = CACHE) -> nbformat.NotebookNode | None:
    """O notebook com as saídas da última execução guardada no cache do livro (a mesma
    que o nbval e a construção gravam), ou ``None`` se não há execução do código atual."""
    if not (cache / "global.db").is_file():
        return None
    from jupyter_cache import get_cache

    nb = nbformat.read(caminho, as_version=4)
    try:
        _, executado = get_cache(str(cache)).merge_match_into_notebook(nb)
    except KeyError:
        return None
    return executado


def main(argv: list[str] | None = None) -> int:
    caminhos = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] \
        or sorted((RAIZ / "chapters").glob("*.ipynb"))
    total = 0
    for caminho in caminhos:
        nb = executado(caminho) or nbformat.read(caminho, as_version=4)
        for linha in problemas(nb, caminho.name):
            print(linha)
            total += 1
    print(f"{total} número(s) na grafia inglesa.")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
