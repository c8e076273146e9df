"""Teste num Chromium headless de verdade: "Executar no navegador", busca e teclado.

O site construído é servido em 127.0.0.1 e o Chromium resolve qualquer outro nome para
"não encontrado" (``--host-resolver-rules``): o teste roda igual com ou sem internet.
As requisições da aba **e dos workers** (o kernel do JupyterLite roda num Web Worker)
são registradas pelo CDP. Confere:

* o link "Executar no navegador" de um capítulo abre o JupyterLite do próprio site, o
  kernel inicia, uma célula Python pura roda e um controle deslizante aparece;
* a célula de preparação do notebook pede o numpy e o matplotlib **só** à URL fixada do
  Pyodide 314.0.6 (nenhuma outra requisição sai de 127.0.0.1) e, com ela bloqueada,
  a página mostra a mensagem em português, sem pilha de JavaScript;
* a busca acha páginas acentuadas com consultas sem acento (e vice-versa);
* os controles deslizantes do site estático funcionam pelo teclado e se anunciam.
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
from livro import navegador as nav_lite

CAPTURAS = Path(__file__).resolve().parent.parent / "_build" / "capturas"
CAPITULO = "chapters/cap01b_perceptron"
CDN = nav_lite.CDN_PADRAO
KERNEL = "jupyterapp.shell.currentWidget.sessionContext.session.kernel"


class _Servidor(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def servidor(site_construido):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Servidor, directory=str(site_construido)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def nav():
    bloqueio = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
    with Navegador(chromium_ou_pular(), extras=[bloqueio]) as navegador:
        for metodo in ("Page.enable", "Network.enable", "Runtime.enable"):
            navegador.na_aba(metodo)
        navegador.seguir_workers()
        yield navegador


def _externas(nav, servidor) -> list[str]:
    local = urlparse(servidor).netloc
    urls = [e["params"]["request"]["url"] for e in list(nav.eventos)
            if e.get("method") == "Network.requestWillBeSent"]
    return [u for u in urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
            and urlparse(u).netloc != local]


def _capturar(nav, nome):
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    (CAPTURAS / f"{nome}.png").write_bytes(nav.captura())


def _executar_no_kernel(nav, codigo: str) -> dict:
    js = """(async () => {
      const fut = %s.requestExecute({code: %s});
      const saidas = [];
      fut.onIOPub = (m) => {
        if (['stream', 'execute_result', 'error'].includes(m.header.msg_type))
          saidas.push(m.content.text || JSON.stringify(m.content.data || m.content));
      };
      const r = await fut.done;
      return {status: r.content.status, saida: saidas.join('')};
    })()""" % (KERNEL, json.dumps(codigo))
    return nav.na_aba("Runtime.evaluate", {"expression": js, "awaitPromise": True,
                                           "returnByValue": True}, tempo=300)["result"]["value"]


def _rodar_celula(nav, indice: int, tempo: float = 300) -> str:
    """Roda a célula ``indice`` do notebook aberto (como Shift+Enter) e devolve o texto
    da sua área de saída."""
    nav.avaliar(f"""(() => {{
      const nb = jupyterapp.shell.currentWidget.content;
      nb.activeCellIndex = {indice};
      jupyterapp.commands.execute('notebook:run-cell');
    }})()""")
    pronto = f"""(() => {{
      const c = jupyterapp.shell.currentWidget.content.widgets[{indice}];
      return c.model.executionCount !== null && {KERNEL}.status === 'idle';
    }})()"""
    assert nav.esperar(pronto, tempo), f"a célula {indice} não terminou"
    time.sleep(0.5)
    return nav.avaliar(f"jupyterapp.shell.currentWidget.content.widgets[{indice}]"
                       ".node.querySelector('.jp-OutputArea').innerText")


@pytest.fixture(scope="module")
def notebook_no_navegador(nav, servidor):
    """Abre um capítulo pelo link da própria página e espera o kernel."""
    nav.abrir(servidor + CAPITULO + ".html")
    href = nav.avaliar("document.querySelector('a.curso-navegador-link').href")
    assert href.startswith(servidor + "lite/notebooks/index.html?path=" + CAPITULO)
    nav.eventos.clear()
    nav.avaliar("document.querySelector('a.curso-navegador-link').click()")
    inicio = time.monotonic()
    assert nav.esperar(f"!!(window.jupyterapp && jupyterapp.shell.currentWidget && "
                       f"jupyterapp.shell.currentWidget.sessionContext && "
                       f"jupyterapp.shell.currentWidget.sessionContext.session && {KERNEL})", 120), \
        "o JupyterLite não abriu o notebook"
    assert nav.esperar(f"{KERNEL}.status === 'idle'", 180), "o kernel do Pyodide não iniciou"
    medidas = {"segundos_ate_kernel_ocioso": round(time.monotonic() - inicio, 1),
               "bytes_locais_ate_kernel": _bytes_baixados(nav)}
    yield medidas
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    (CAPTURAS / "lite_medidas.json").write_text(json.dumps(medidas, indent=2))


def _bytes_baixados(nav) -> int:
    """Bytes recebidos (comprimidos, como na rede), um valor por URL (o service worker
    do JupyterLite repassa pedidos da aba e apareceria duas vezes)."""
    por_id = {}
    for e in list(nav.eventos):
        if e.get("method") == "Network.requestWillBeSent":
            por_id[(e.get("sessionId"), e["params"]["requestId"])] = e["params"]["request"]["url"]
    tamanhos: dict[str, float] = {}
    for e in list(nav.eventos):
        if e.get("method") == "Network.loadingFinished":
            url = por_id.get((e.get("sessionId"), e["params"]["requestId"]))
            if url:
                tamanhos[url] = max(tamanhos.get(url, 0), e["params"]["encodedDataLength"])
    return int(sum(tamanhos.values()))


def test_lite_abre_kernel_inicia_e_python_roda(nav, servidor, notebook_no_navegador):
    assert nav.avaliar("location.href").startswith(servidor + "lite/notebooks/")
    resultado = _executar_no_kernel(nav, "import sys\nprint(sum(range(10)), sys.platform)")
    assert resultado["status"] == "ok" and "45 emscripten" in resultado["saida"], resultado
    assert _externas(nav, servidor) == [], "o JupyterLite pediu algo fora de 127.0.0.1"
    _capturar(nav, "lite_notebook")


def test_controle_deslizante_aparece_no_lite(nav, notebook_no_navegador):
    nav.avaliar("""(() => {
      const nb = jupyterapp.shell.currentWidget.content;
      nb.model.sharedModel.insertCell(nb.widgets.length, {cell_type: 'code',
        source: 'import piplite\\nawait piplite.install("ipywidgets")\\n' +
                'import ipywidgets as w\\nw.IntSlider(value=3, max=9, description="peso")'});
    })()""")
    indice = nav.avaliar("jupyterapp.shell.currentWidget.content.widgets.length") - 1
    saida = _rodar_celula(nav, indice)
    alca = (f"jupyterapp.shell.currentWidget.content.widgets[{indice}].node"
            ".querySelector('.widget-slider .noUi-handle')")
    assert nav.esperar(f"!!{alca}", 60), f"o controle deslizante não foi desenhado: {saida}"
    assert nav.avaliar(f"{alca}.getAttribute('aria-valuenow')") in ("3", "3.0", "3.00")
    _capturar(nav, "lite_controle")


def test_numpy_so_da_url_fixada_e_mensagem_em_portugues(nav, servidor, notebook_no_navegador):
    indice = nav.avaliar("""jupyterapp.shell.currentWidget.content.widgets
      .findIndex(c => c.model.sharedModel.getSource().includes('from curso_navegador'))""")
    assert indice >= 0, "o notebook do JupyterLite não tem a célula de preparação"
    nav.eventos.clear()
    saida = _rodar_celula(nav, indice)
    notebook_no_navegador["bytes_locais_preparacao"] = _bytes_baixados(nav)
    externas = _externas(nav, servidor)
    assert externas, "a preparação não pediu o numpy à distribuição do Pyodide"
    fora = [u for u in externas if not u.startswith(CDN)]
    assert not fora, f"requisições fora de 127.0.0.1 e da URL fixada do Pyodide: {fora}"
    assert "/v314.0.6/full/" in CDN
    assert any(u.startswith(CDN + "numpy-2.4.6-") for u in externas), externas
    # Com a CDN bloqueada (este Chromium não resolve nomes), a mensagem é em português.
    assert "Não foi possível carregar numpy" in saida, saida
    assert "Colab" in saida and "Binder" in saida
    # A célula seguinte (import numpy) repete a explicação, sem pilha do JavaScript.
    seguinte = _rodar_celula(nav, indice + 1)
    _capturar(nav, "lite_sem_numpy")
    assert "Não foi possível carregar" in seguinte, seguinte
    for sinal in ("JsException", "Traceback", "at async", ".js:"):
        assert sinal not in seguinte, f"pilha de chamadas na saída: {seguinte[:500]}"


BUSCAS = [("retropropagacao", "retropropagação", "chapters/cap02b_retropropagacao_e_treino"),
          ("funcoes", "funções", "chapters/cap03_funcoes_de_ativacao"),
          ("introducao", "introdução", None),
          ("inicializacao", "inicialização", "chapters/cap04_inicializacao")]


def _resultados(nav, servidor, consulta) -> list[str]:
    """Páginas achadas pela busca do site (espera a lista parar de crescer: o Sphinx
    mostra os resultados aos poucos)."""
    nav.abrir(f"{servidor}search.html?q={consulta}")
    contar = "document.querySelectorAll('#search-results li').length"
    assert nav.esperar(f"{contar} > 0", 30), f"a busca por '{consulta}' não achou nada"
    anterior, estavel_desde = -1, time.monotonic()
    while time.monotonic() - estavel_desde < 1.5:
        atual = nav.avaliar(contar)
        if atual != anterior:
            anterior, estavel_desde = atual, time.monotonic()
        time.sleep(0.2)
    return nav.avaliar("[...document.querySelectorAll('#search-results li a')]"
                       ".map(a => new URL(a.href).pathname.replace(/^\\//, ''))")


@pytest.mark.parametrize("sem, com, pagina", BUSCAS)
def test_busca_ignora_acentos(nav, servidor, site_construido, sem, com, pagina):
    achados_sem = _resultados(nav, servidor, sem)
    achados_com = _resultados(nav, servidor, com)
    assert achados_sem, f"'{sem}' não achou nada"
    assert sorted(set(achados_sem)) == sorted(set(achados_com)), (achados_sem, achados_com)
    if pagina:
        assert any(a.startswith(pagina) for a in achados_sem), achados_sem


def test_controles_do_site_pelo_teclado(nav, servidor, site_construido):
    nav.abrir(servidor + "chapters/cap01a_neuronio_e_vies.html")
    bloco = "document.querySelector('.curso-controles-estaticos')"
    assert nav.esperar(f"!!{bloco} && !!{bloco}.querySelector('.noUi-handle[aria-label]')", 30), \
        "os controles não foram desenhados (ou a alça ficou sem nome)"
    # Tab a partir do elemento focável anterior ao bloco chega à primeira alça.
    nav.avaliar(f"""(() => {{
      const alca = {bloco}.querySelector('.noUi-handle');
      alca.scrollIntoView();
      const focaveis = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
      const todos = [...document.querySelectorAll(focaveis)]
        .filter(e => e === alca || e.offsetParent !== null);
      // O anterior que de fato recebe o foco (um botão dentro de uma célula recolhida não).
      for (let k = todos.indexOf(alca) - 1; k >= 0; k--) {{
        todos[k].focus();
        if (document.activeElement === todos[k]) break;
      }}
    }})()""")
    nav.tecla("Tab", 9)
    ativo = "document.activeElement"
    assert nav.avaliar(f"{ativo}.classList.contains('noUi-handle')"), \
        f"Tab não focou a alça (focou {nav.avaliar(ativo + '.outerHTML.slice(0, 120)')})"
    assert nav.avaliar(f"{ativo}.getAttribute('role')") == "slider"
    nome = nav.avaliar(f"{ativo}.getAttribute('aria-label')")
    assert nome and nome.strip(), "a alça não tem nome acessível"
    antes = nav.avaliar(f"{ativo}.getAttribute('aria-valuetext')")
    nav.tecla("ArrowRight", 39)
    assert nav.esperar(f"{ativo}.getAttribute('aria-valuetext') !== {json.dumps(antes)}", 10), \
        "a seta não mudou o valor anunciado (aria-valuetext)"
    leitura = f"{bloco}.querySelector('.widget-readout')"
    assert nav.avaliar(f"{leitura}.getAttribute('aria-live')") == "polite"
    assert nav.avaliar(f"{leitura}.textContent.trim()") == \
        nav.avaliar(f"{ativo}.getAttribute('aria-valuetext')")


def test_todo_notebook_elegivel_abre_no_lite(nav, servidor, site_construido):
    """Cada capítulo 1–8 e cada exercício abre no JupyterLite do site, com o aviso de
    como entregar e a célula de preparação (o kernel é o mesmo testado acima)."""
    from livro import conteudo_lite
    from conftest import RAIZ

    for caminho in conteudo_lite.notebooks_lite():
        relativo = caminho.relative_to(RAIZ).as_posix()
        nav.abrir(f"{servidor}lite/notebooks/index.html?path={relativo}", 60)
        assert nav.esperar("!!(window.jupyterapp && jupyterapp.shell.currentWidget && "
                           "jupyterapp.shell.currentWidget.content && "
                           "jupyterapp.shell.currentWidget.content.widgets.length > 3)", 60), \
            f"{relativo} não abriu no JupyterLite"
        fontes = nav.avaliar("jupyterapp.shell.currentWidget.content.widgets"
                             ".map(c => c.model.sharedModel.getSource())")
        assert any("from curso_navegador import preparar" in f for f in fontes), relativo
        assert any("Baixar para entregar" in f for f in fontes), relativo
        assert nav.avaliar("jupyterapp.shell.currentWidget.context.path") == relativo
