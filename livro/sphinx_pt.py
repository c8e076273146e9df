"""Extensão Sphinx: termina de traduzir a interface do site para o português.

O tema (sphinx-book-theme sobre pydata-sphinx-theme) só traz um catálogo ``pt``
parcial, e vários textos ficam em inglês mesmo com ``language: pt_BR`` (link para
pular ao conteúdo, "voltar ao topo", modo de cor, botões das barras laterais,
dicas de "página anterior/próxima", botões de abrir no Binder/Colab, rótulos de
acessibilidade). Ao fim da construção, esta extensão troca esses textos nas
páginas HTML geradas e acrescenta o português às mensagens do botão de copiar.

A lista :data:`TRADUCOES` também é usada pelos testes para conferir que nenhum
desses textos em inglês sobrou no site.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

# Texto em inglês (como aparece no HTML) -> português.
TRADUCOES: dict[str, str] = {
    "Skip to main content": "Pular para o conteúdo principal",
    "Back to top": "Voltar ao topo",
    "Color mode": "Modo de cor",
    "Light": "Claro",
    "Dark": "Escuro",
    "System Settings": "Conforme o sistema",
    "Toggle primary sidebar": "Mostrar ou ocultar o índice",
    "Toggle secondary sidebar": "Mostrar ou ocultar o sumário da página",
    "previous page": "página anterior",
    "next page": "próxima página",
    "Launch interactive content": "Abrir conteúdo interativo",
    "Launch on Binder": "Abrir no Binder",
    "Launch on Colab": "Abrir no Colab",
    "Launch Thebe": "Executar o código aqui (Thebe)",
    "Live Code": "Código ao vivo",
    "Binder logo": "Logotipo do Binder",
    "Colab logo": "Logotipo do Colab",
    "Repository": "Repositório",
    "Open issue": "Relatar um problema",
    "Source repositories": "Repositório do código-fonte",
    "Version warning": "Aviso de versão",
    "Site navigation": "Navegação do site",
    "Main": "Principal",
    "On this page": "Nesta página",
    "Page": "Página",
    "Lançamento": "Abrir",
    "Search": "Buscar",
    "Search Results": "Resultados da busca",
    "Hide Search Matches": "Ocultar resultados da busca",
    "Copyright": "Direitos autorais",
    # O myst-nb troca o {type} de nb_code_prompt_show/hide por palavras em inglês.
    "Mostrar source da célula": "Mostrar o código da célula",
    "Ocultar source da célula": "Ocultar o código da célula",
    "Mostrar outputs da célula": "Mostrar as saídas da célula",
    "Ocultar outputs da célula": "Ocultar as saídas da célula",
    "Mostrar output da célula": "Mostrar a saída da célula",
    "Ocultar output da célula": "Ocultar a saída da célula",
    "Mostrar content da célula": "Mostrar o conteúdo da célula",
    "Ocultar content da célula": "Ocultar o conteúdo da célula",
}

ATRIBUTOS = ("title", "aria-label", "data-bs-title", "alt", "placeholder", "data-tooltip")

# Mensagens do botão de copiar (sphinx-copybutton só conhece alguns idiomas).
MENSAGENS_COPIAR = (
    "  'pt-BR': {\n"
    "    'copy': 'Copiar',\n"
    "    'copy_to_clipboard': 'Copiar para a área de transferência',\n"
    "    'copy_success': 'Copiado!',\n"
    "    'copy_failure': 'Não foi possível copiar',\n"
    "  },\n"
)


def _padroes():
    textos = "|".join(sorted((re.escape(t) for t in TRADUCOES), key=len, reverse=True))
    atributos = "|".join(re.escape(a) for a in ATRIBUTOS)
    no_texto = re.compile(r">(\s*)(" + textos + r")(\s*)<")
    em_atributo = re.compile(r"(\b(?:" + atributos + r')=")(' + textos + r')(")')
    return no_texto, em_atributo


def traduzir_html(texto: str) -> str:
    """Troca os textos de :data:`TRADUCOES` em nós de texto e atributos do HTML."""
    no_texto, em_atributo = _padroes()
    texto = no_texto.sub(lambda m: f">{m[1]}{html.escape(TRADUCOES[m[2]], quote=False)}{m[3]}<",
                         texto)
    texto = em_atributo.sub(lambda m: m[1] + html.escape(TRADUCOES[m[2]]) + m[3], texto)
    return texto


def _ao_terminar(app, excecao):
    if excecao is not None or app.builder.format != "html":
        return
    saida = Path(app.outdir)
    for pagina in saida.rglob("*.html"):
        if {"_static", "lite"} & set(pagina.relative_to(saida).parts):
            continue   # arquivos de terceiros e o JupyterLite (que tem a sua própria interface)
        original = pagina.read_text(encoding="utf-8")
        traduzido = traduzir_html(original)
        if traduzido != original:
            pagina.write_text(traduzido, encoding="utf-8")
    copiar = saida / "_static" / "copybutton.js"
    if copiar.is_file():
        js = copiar.read_text(encoding="utf-8")
        if "'pt-BR'" not in js and "const messages = {\n" in js:
            js = js.replace("const messages = {\n", "const messages = {\n" + MENSAGENS_COPIAR, 1)
            copiar.write_text(js, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _ao_terminar)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
