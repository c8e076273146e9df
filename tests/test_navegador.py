"""Teste num navegador de verdade (Chromium headless) do site construído.

Confere, servindo ``_build/html`` em localhost e sem acesso a nenhum outro endereço:
matemática desenhada pelo MathJax local, widgets presentes, nenhuma interface em
inglês e controles deslizantes que realmente trocam o gráfico. Capturas de tela ficam
em ``_build/capturas/`` para quem quiser olhar.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from cdp import Navegador, chromium_ou_pular
from livro.sphinx_pt import TRADUCOES

CAPTURAS = Path(__file__).resolve().parent.parent / "_build" / "capturas"
PAGINA_CONTROLES = "chapters/cap01a_neuronio_e_vies.html"
# Textos da interface que não podem sobrar em inglês (além de TRADUCOES).
INGLES_EXTRA = ["Copy", "Copied!", "Copy to clipboard", "Click to show", "Click to hide",
                "Show code cell source", "Hide code cell source", "Contents", "By"]


class _Silencioso(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def servidor(site_construido):
    manipulador = functools.partial(_Silencioso, directory=str(site_construido))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), manipulador)
    fio = threading.Thread(target=httpd.serve_forever, daemon=True)
    fio.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def navegador():
    with Navegador(chromium_ou_pular()) as nav:
        nav.na_aba("Page.enable")
        nav.na_aba("Network.enable")
        nav.na_aba("Runtime.enable")
        yield nav


def _requisicoes(nav) -> list[str]:
    return [e["params"]["request"]["url"] for e in list(nav.eventos)
            if e.get("method") == "Network.requestWillBeSent"]


def _carregar(nav, url: str) -> None:
    nav.eventos.clear()
    nav.abrir(url)
    # MathJax pronto (typeset concluído) e, se houver widgets, já desenhados.
    assert nav.esperar("!!(window.MathJax && MathJax.startup && MathJax.startup.promise)", 30), \
        "o MathJax não carregou"
    nav.avaliar("MathJax.startup.promise.then(() => true)", aguardar_promessa=True)


def _textos_visiveis(nav) -> list[str]:
    return nav.avaliar(r"""(() => {
      const fora = new Set(['SCRIPT', 'STYLE', 'PRE', 'CODE', 'NOSCRIPT', 'TEXTAREA']);
      const textos = [];
      const andar = (no) => {
        if (no.nodeType === Node.TEXT_NODE) {
          const t = no.textContent.trim(); if (t) textos.push(t); return;
        }
        if (no.nodeType !== Node.ELEMENT_NODE || fora.has(no.tagName)) return;
        if (no.tagName.startsWith('MJX-')) return;
        for (const a of ['title', 'aria-label', 'data-bs-title', 'alt', 'placeholder',
                         'data-tooltip']) {
          const v = no.getAttribute(a); if (v && v.trim()) textos.push(v.trim());
        }
        for (const f of no.childNodes) andar(f);
      };
      andar(document.documentElement);
      return textos;
    })()""")


def _texto_sem_codigo(nav) -> str:
    return nav.avaliar(r"""(() => {
      const copia = document.body.cloneNode(true);
      copia.querySelectorAll('pre, code, script, style, .highlight, mjx-container')
           .forEach(e => e.remove());
      return copia.textContent;
    })()""")


def _imagem_visivel(nav, bloco: str) -> str:
    """Pixels (data URL PNG) da única imagem visível do bloco de controles ``bloco``
    (uma expressão JS que dá o elemento); ``'visiveis:N'`` se não houver exatamente uma."""
    return nav.avaliar(f"""(() => {{
      const imgs = [...{bloco}.querySelectorAll('img')]
                     .filter(i => i.offsetParent !== null && i.naturalWidth > 0);
      if (imgs.length !== 1) return 'visiveis:' + imgs.length;
      const c = document.createElement('canvas');
      c.width = imgs[0].naturalWidth; c.height = imgs[0].naturalHeight;
      c.getContext('2d').drawImage(imgs[0], 0, 0);
      return c.toDataURL('image/png');
    }})()""")


def _esperar_imagem(nav, bloco: str, diferente_de: str | None = None,
                    tempo: float = 15.0) -> str:
    """Espera o bloco mostrar uma única imagem (diferente de ``diferente_de``, se dada)."""
    limite = time.monotonic() + tempo
    atual = _imagem_visivel(nav, bloco)
    while time.monotonic() < limite and not (
            atual.startswith("data:image/png") and atual != diferente_de):
        time.sleep(0.2)
        atual = _imagem_visivel(nav, bloco)
    return atual


def _conferir_pagina(nav, servidor, caminho: str, nome: str) -> None:
    _carregar(nav, servidor + caminho)
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    (CAPTURAS / f"{nome}.png").write_bytes(nav.captura())

    # 1. Matemática desenhada: há fórmulas do MathJax e nenhum TeX cru sobrou.
    assert nav.avaliar("document.querySelectorAll('mjx-container').length") > 0, \
        f"{caminho}: nenhuma fórmula desenhada pelo MathJax"
    texto = _texto_sem_codigo(nav)
    for marcador in ("$$", "\\(", "\\[", "\\begin{"):
        assert marcador not in texto, f"{caminho}: TeX cru na página ({marcador!r})"

    # 2. Interface em português.
    ingleses = set(TRADUCOES) | set(INGLES_EXTRA)
    sobras = sorted(set(_textos_visiveis(nav)) & ingleses)
    assert not sobras, f"{caminho}: textos de interface em inglês: {sobras}"

    # 3. Nenhuma requisição saiu de localhost.
    local = urlparse(servidor).netloc
    externas = [u for u in _requisicoes(nav)
                if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).netloc != local]
    assert not externas, f"{caminho}: requisições para fora de localhost: {externas[:5]}"


def test_pagina_inicial(navegador, servidor):
    _conferir_pagina(navegador, servidor, "intro.html", "inicio")


def test_capitulo_com_controles(navegador, servidor):
    _conferir_pagina(navegador, servidor, PAGINA_CONTROLES, "capitulo_controles")
    nav = navegador
    assert nav.esperar("document.querySelectorAll('.curso-controles-estaticos').length > 0", 30), \
        "os widgets não foram desenhados (scripts locais do ipywidgets)"
    nav.avaliar("document.querySelector('.curso-controles-estaticos').scrollIntoView()")
    alcas = nav.avaliar(
        "document.querySelectorAll('.curso-controles-estaticos .noUi-handle').length")
    assert alcas >= 2, f"esperava dois controles deslizantes, achei {alcas}"

    bloco = "document.querySelector('.curso-controles-estaticos')"

    antes = _esperar_imagem(nav, bloco)
    assert antes.startswith("data:image/png"), f"esperava uma única imagem visível ({antes})"
    CAPTURAS.joinpath("controles_antes.png").write_bytes(nav.captura())
    for i, nome in enumerate(["peso", "vies"]):
        valor_antes = nav.avaliar(
            f"document.querySelectorAll('.curso-controles-estaticos .widget-readout')[{i}]"
            ".textContent")
        nav.avaliar(f"document.querySelectorAll('.curso-controles-estaticos .noUi-handle')[{i}]"
                    ".focus()")
        nav.tecla("ArrowRight", 39)
        assert nav.esperar(
            f"document.querySelectorAll('.curso-controles-estaticos .widget-readout')[{i}]"
            f".textContent !== {json.dumps(valor_antes)}", 10), f"o controle '{nome}' não se moveu"
        depois = _esperar_imagem(nav, bloco, diferente_de=antes)
        CAPTURAS.joinpath(f"controles_{nome}.png").write_bytes(nav.captura())
        assert depois.startswith("data:image/png"), f"esperava uma única imagem visível ({depois})"
        assert depois != antes, f"mover o controle '{nome}' não mudou o gráfico"
        antes = depois


# Outras páginas com controles deslizantes estáticos (o mesmo mecanismo de
# curso.widgets.controles_estaticos): o perceptron época a época (cap. 1.2), taxa de
# aprendizado (cap. 1.5 e 6), unidades ocultas (cap. 2.2), escala da inicialização
# (cap. 4) e força da L2 e probabilidade de manter do dropout (cap. 5.2). Em cada bloco de controles, mover o primeiro controle troca a imagem
# visível daquele bloco.
PAGINAS_COM_CONTROLES = [
    "chapters/cap01b_perceptron.html",
    "chapters/cap01e_regressao_linear.html",
    "chapters/cap02b_retropropagacao_e_treino.html",
    "chapters/cap04_inicializacao.html",
    "chapters/cap05b_regularizacao.html",
    "chapters/cap06_otimizacao.html",
]


@pytest.mark.parametrize("caminho", PAGINAS_COM_CONTROLES)
def test_controles_de_outras_paginas_mexem_no_grafico(navegador, servidor, caminho):
    nav = navegador
    _carregar(nav, servidor + caminho)
    assert nav.esperar("document.querySelectorAll('.curso-controles-estaticos').length > 0", 30), \
        f"{caminho}: os widgets não foram desenhados"
    blocos = nav.avaliar("document.querySelectorAll('.curso-controles-estaticos').length")
    for k in range(blocos):
        bloco = f"document.querySelectorAll('.curso-controles-estaticos')[{k}]"
        nav.avaliar(f"{bloco}.scrollIntoView()")

        antes = _esperar_imagem(nav, bloco)
        assert antes.startswith("data:image/png"), f"{caminho}, bloco {k}: {antes}"
        leitura = f"{bloco}.querySelector('.widget-readout').textContent"
        valor = nav.avaliar(leitura)
        nav.avaliar(f"{bloco}.querySelector('.noUi-handle').focus()")
        nav.tecla("ArrowRight", 39)
        assert nav.esperar(f"{leitura} !== {json.dumps(valor)}", 10), \
            f"{caminho}, bloco {k}: o controle não se moveu"
        depois = _esperar_imagem(nav, bloco, diferente_de=antes)
        assert depois.startswith("data:image/png") and depois != antes, \
            f"{caminho}, bloco {k}: mover o controle não mudou o gráfico"
    nome = caminho.split("/")[-1].removesuffix(".html")
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    (CAPTURAS / f"controles_{nome}.png").write_bytes(nav.captura())
