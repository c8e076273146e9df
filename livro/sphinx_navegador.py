"""Extensão Sphinx: "Executar no navegador", botões de edição/issue e o JupyterLite.

* Páginas dos capítulos 1–8 e dos exercícios ganham, no menu de foguete (ao lado de
  Binder e Colab), o item **Navegador**, e no topo um quadro "Executar no navegador"
  que abre o notebook no JupyterLite servido pelo próprio site e explica onde ficam as
  edições (no próprio navegador) e como entregar.
* O capítulo 9 e o exercício ``keras`` (TensorFlow) dizem que rodam no Colab, no Binder
  ou localmente, não no navegador.
* Os botões do repositório ficam em português: "Editar esta página" (num exercício,
  abre a fonte em ``solutions/``, pois ``exercises/`` é gerado) e "Abrir uma issue".
* Ao fim da construção HTML, :func:`livro.conteudo_lite.construir` monta ``lite/``
  (só quando algo mudou).

A extensão só age no construtor ``html``: no ``singlehtml`` (o PDF do livro) os
quadros do navegador não aparecem, pois lá não há JupyterLite.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import quote

from docutils import nodes

from livro import conteudo_lite

TEXTO_BOTAO = "Executar no navegador"
DICA_BOTAO = "Executar no navegador (JupyterLite, sem instalar nada)"

QUADRO = """\
<div class="admonition tip curso-navegador">
<p class="admonition-title">Executar no navegador</p>
<p>Rode este notebook aqui mesmo, sem instalar nada e sem conta:
<a class="curso-navegador-link reference external" href="{url}">Executar no navegador</a>
(JupyterLite: o Python roda no seu navegador; na primeira vez, baixa algumas dezenas de MB).
Comece pela célula de preparação, no topo.</p>
<p>Suas edições ficam guardadas neste navegador: voltando por este link, o notebook abre
como você o deixou. Na barra do notebook, <em>Baixar para entregar</em> baixa o arquivo
com o nome do exercício e <em>Restaurar o original</em> volta à versão publicada (a sua
cópia fica guardada com outro nome). Também dá para abrir no Colab ou no Binder (botão
de foguete).</p>
</div>
"""

_QUADRO_TF = """\
<div class="admonition note curso-sem-navegador">
<p class="admonition-title">Este {pagina} não roda no navegador</p>
<p>Ele usa o TensorFlow, que não funciona no Python do navegador (Pyodide). Rode-o no
Colab ou no Binder (botão de foguete, no alto da página) ou no seu computador (veja o
README do repositório). Os capítulos 1 a 8 e os {exercicios}, só com numpy, rodam no
navegador.</p>
</div>
"""
QUADRO_CAP9 = _QUADRO_TF.format(pagina="capítulo", exercicios="exercícios")
QUADRO_EXERCICIO_TF = _QUADRO_TF.format(pagina="exercício", exercicios="outros exercícios")


def _prefixo(docname: str) -> str:
    return "../" * docname.count("/")


def url_navegador(docname: str) -> str:
    """Endereço (relativo à página) do notebook no JupyterLite do site."""
    return (f"{_prefixo(docname)}{conteudo_lite.PASTA_LITE}/notebooks/index.html"
            f"?path={quote(docname)}.ipynb")


def _so_html(app) -> bool:
    return app.builder.name == "html"


def _inserir_quadros(app, doctree, docname):
    if docname.startswith("chapters/cap09"):
        bruto = QUADRO_CAP9
    elif docname in conteudo_lite.SEM_NAVEGADOR:
        bruto = QUADRO_EXERCICIO_TF
    elif _so_html(app) and conteudo_lite.elegivel(docname):
        bruto = QUADRO.format(url=html.escape(url_navegador(docname)))
    else:
        return
    secao = doctree.next_node(nodes.section)
    if secao is None:
        return
    posicao = 1 if secao.children and isinstance(secao[0], nodes.title) else 0
    secao.insert(posicao, nodes.raw("", bruto, format="html"))


def _ajustar_botoes(app, pagename, templatename, context, doctree):
    for grupo in context.get("header_buttons", []):
        if grupo.get("label") == "launch-buttons" and conteudo_lite.elegivel(pagename) \
                and _so_html(app):
            grupo["buttons"].insert(0, {
                "type": "link", "text": TEXTO_BOTAO, "tooltip": DICA_BOTAO,
                "icon": "fas fa-play", "label": "navegador-button",
                "url": url_navegador(pagename),
            })
        if grupo.get("label") == "source-buttons":
            for botao in grupo["buttons"]:
                if botao.get("label") == "source-edit-button":
                    botao["text"] = botao["tooltip"] = "Editar esta página"
                    if pagename.startswith("exercises/"):
                        # exercises/ é gerado de solutions/ (a fonte única).
                        botao["url"] = botao["url"].replace("/exercises/", "/solutions/")
                elif botao.get("label") == "source-issues-button":
                    botao["text"] = "Abrir uma issue"
                    botao["tooltip"] = "Abrir uma issue sobre esta página"
                    base = botao["url"].split("/issues/new")[0]
                    titulo = quote(f"Problema na página {pagename}")
                    corpo = quote("Descreva o problema (o que esperava e o que aconteceu):")
                    botao["url"] = f"{base}/issues/new?title={titulo}&body={corpo}"


def _construir_lite(app, excecao):
    if excecao is not None or not _so_html(app):
        return
    saida = Path(app.outdir)
    refeito = conteudo_lite.construir(saida, saida.parent / "lite_trabalho")
    print("JupyterLite " + ("construído em " if refeito else "sem mudanças em ")
          + str(saida / conteudo_lite.PASTA_LITE))


def setup(app):
    app.connect("doctree-resolved", _inserir_quadros)
    app.connect("html-page-context", _ajustar_botoes, priority=502)
    app.connect("build-finished", _construir_lite)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
