"""O trabalho do aluno no navegador nunca se perde, e a interface fala português.

Num Chromium headless, offline (só 127.0.0.1 responde), com o JupyterLite do site
construído **sozinho** (:func:`livro.conteudo_lite.construir`, sem construir o livro nem
executar notebooks: ~1 min) numa pasta temporária:

* a barra de menus diz "Arquivo", "Editar", "Executar"...;
* uma edição sobrevive a recarregar a página e a fechar e reabrir o navegador (mesmo
  perfil), aberta de novo pelo link do site;
* "Baixar para entregar" baixa ``<exercício>.ipynb``, válido, com a edição;
* uma versão publicada mais nova mostra o aviso; "Abrir a versão nova" abre a publicada
  e a cópia do aluno continua guardada com outro nome;
* "Restaurar o original" traz a versão publicada, guardando a cópia do aluno.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path

import nbformat
import pytest

from cdp import Navegador, chromium_ou_pular
from livro import conteudo_lite, sphinx_navegador

EXERCICIO = "exercises/adam"
PAINEL = "jupyterapp.shell.currentWidget"
BLOQUEIO = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
MARCA = "# edição do aluno: 42"


class _Servidor(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}

    def end_headers(self):
        # Como um servidor estático comum: o navegador pode guardar em cache, mas revalida.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    chromium_ou_pular()
    saida = tmp_path_factory.mktemp("site")
    conteudo_lite.construir(saida, tmp_path_factory.mktemp("trabalho"))
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Servidor, directory=str(saida)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield saida, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def perfil(tmp_path_factory):
    return tmp_path_factory.mktemp("perfil")


def _navegador(perfil, downloads: Path | None = None) -> Navegador:
    nav = Navegador(chromium_ou_pular(), extras=[BLOQUEIO], perfil=str(perfil))
    nav.na_aba("Page.enable")
    nav.na_aba("Runtime.enable")
    if downloads is not None:
        nav.comando("Browser.setDownloadBehavior",
                    {"behavior": "allow", "downloadPath": str(downloads)})
    return nav


def _link_do_site(url_base: str) -> str:
    # O mesmo endereço do botão "Executar no navegador" (relativo à raiz do site).
    return url_base + sphinx_navegador.url_navegador("index")


def _abrir(nav, url_base):
    nav.abrir(_link_do_site(url_base).replace("index.ipynb", f"{EXERCICIO}.ipynb"), 60)
    assert nav.esperar(f"!!(window.cursoLite && {PAINEL} && {PAINEL}.context.isReady)", 120), \
        "o notebook não abriu (ou lite-curso.js não carregou)"


def _fontes(nav) -> list[str]:
    return nav.avaliar(f"{PAINEL}.content.widgets.map(c => c.model.sharedModel.getSource())")


def _editar(nav, texto: str) -> None:
    """Edita a última célula de código, como o aluno, e espera o autosave gravar."""
    nav.avaliar(f"""(() => {{
      const cs = {PAINEL}.content.widgets.filter(c => c.model.type === 'code');
      cs[cs.length - 1].model.sharedModel.setSource({json.dumps(texto)});
    }})()""")
    assert nav.esperar(f"{PAINEL}.context.model.dirty === false", 60), "o autosave não gravou"


def _clicar(nav, classe: str) -> None:
    assert nav.esperar(f"!!document.querySelector('.{classe}')", 30), f"sem o botão .{classe}"
    nav.avaliar(f"document.querySelector('.{classe}').click()")


def _arquivos(nav, pasta: str) -> list[str]:
    return nav.na_aba("Runtime.evaluate", {
        "expression": f"jupyterapp.serviceManager.contents.get({json.dumps(pasta)}, "
                      "{content: true}).then(m => m.content.map(f => f.name))",
        "awaitPromise": True, "returnByValue": True})["result"]["value"]


def test_interface_em_portugues_e_edicao_sobrevive_a_recarregar(site, perfil):
    _, url = site
    with _navegador(perfil) as nav:
        _abrir(nav, url)
        assert nav.esperar("[...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
                           ".map(e => e.textContent).includes('Arquivo')", 30)
        menus = nav.avaliar("[...document.querySelectorAll('.lm-MenuBar-itemLabel')]"
                            ".map(e => e.textContent)")
        assert {"Arquivo", "Editar", "Executar"} <= set(menus), menus
        _editar(nav, MARCA)
        _abrir(nav, url)                          # recarregar
        assert MARCA in _fontes(nav)


def test_edicao_sobrevive_a_reiniciar_o_navegador_e_baixa_para_entregar(site, perfil,
                                                                        tmp_path):
    _, url = site
    with _navegador(perfil, downloads=tmp_path) as nav:   # mesmo perfil, navegador novo
        _abrir(nav, url)
        assert MARCA in _fontes(nav)
        _clicar(nav, "curso-lite-baixar")
        arquivo = tmp_path / "adam.ipynb"
        limite = time.monotonic() + 30
        while not arquivo.is_file() and time.monotonic() < limite:
            time.sleep(0.2)
        assert arquivo.is_file(), list(tmp_path.iterdir())
        nb = nbformat.read(arquivo, as_version=4)
        nbformat.validate(nb)
        assert any(MARCA in c.source for c in nb.cells)


def test_versao_nova_publicada_avisa_e_nada_se_perde(site, perfil):
    saida, url = site
    publicado = saida / "lite" / "files" / f"{EXERCICIO}.ipynb"
    nb = nbformat.read(publicado, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Parte nova publicada pelo curso."))
    nbformat.write(conteudo_lite.carimbar(nb, EXERCICIO), publicado)
    with _navegador(perfil) as nav:
        _abrir(nav, url)
        assert MARCA in _fontes(nav)              # continua na cópia do aluno
        assert nav.esperar("!!document.querySelector('#curso-lite-aviso "
                           ".curso-lite-continuar')", 30), "sem o aviso de versão nova"
        _clicar(nav, "curso-lite-versao-nova")
        assert nav.esperar(f"{PAINEL}.content.widgets.some(c => c.model.sharedModel"
                           ".getSource().includes('Parte nova publicada'))", 30)
        assert MARCA not in _fontes(nav)
        copias = [n for n in _arquivos(nav, "exercises") if n.startswith("adam-minha-copia-")]
        assert copias, "a cópia do aluno não foi guardada"
        caminho = json.dumps("exercises/" + copias[0])
        copia = nav.na_aba("Runtime.evaluate", {
            "expression": f"jupyterapp.serviceManager.contents.get({caminho}, "
                          "{content: true}).then(m => m.content)",
            "awaitPromise": True, "returnByValue": True})["result"]["value"]
        assert any(MARCA in "".join(c["source"]) for c in copia["cells"])


def test_restaurar_o_original(site, perfil):
    saida, url = site
    original = nbformat.read(saida / "lite" / "files" / f"{EXERCICIO}.ipynb", as_version=4)
    with _navegador(perfil) as nav:
        _abrir(nav, url)
        _editar(nav, MARCA + " (de novo)")
        antes = len([n for n in _arquivos(nav, "exercises") if "minha-copia" in n])
        _clicar(nav, "curso-lite-restaurar")
        assert nav.esperar(f"!{PAINEL}.content.widgets.some(c => c.model.sharedModel"
                           f".getSource().includes({json.dumps(MARCA)}))", 30)
        assert _fontes(nav) == [c.source for c in original.cells]
        assert len([n for n in _arquivos(nav, "exercises") if "minha-copia" in n]) == antes + 1


KERNEL = f"{PAINEL}.sessionContext.session.kernel"


def _bytes_baixados(nav) -> int:
    """Bytes recebidos (comprimidos, como na rede), um valor por URL, da aba e dos workers."""
    urls = {(e.get("sessionId"), e["params"]["requestId"]): e["params"]["request"]["url"]
            for e in list(nav.eventos) if e.get("method") == "Network.requestWillBeSent"}
    tamanhos: dict[str, float] = {}
    for e in list(nav.eventos):
        if e.get("method") == "Network.loadingFinished":
            url = urls.get((e.get("sessionId"), e["params"]["requestId"]))
            if url:
                tamanhos[url] = max(tamanhos.get(url, 0), e["params"]["encodedDataLength"])
    return int(sum(tamanhos.values()))


def _ate_o_kernel(nav, url_base) -> int:
    nav.eventos.clear()
    _abrir(nav, url_base)
    assert nav.esperar(f"!!({PAINEL}.sessionContext.session && {KERNEL}) && "
                       f"{KERNEL}.status === 'idle'", 240), "o kernel do Pyodide não iniciou"
    return _bytes_baixados(nav)


def test_primeira_visita_cabe_no_orcamento_e_a_volta_usa_o_cache(site, tmp_path):
    _, url = site
    with Navegador(chromium_ou_pular(), extras=[BLOQUEIO], perfil=str(tmp_path)) as nav:
        for metodo in ("Page.enable", "Network.enable", "Runtime.enable"):
            nav.na_aba(metodo)
        nav.seguir_workers()
        primeira = _ate_o_kernel(nav, url)
        volta = _ate_o_kernel(nav, url)
    assert primeira <= 30 * 2**20, f"primeira visita baixou {primeira / 2**20:.1f} MB"
    assert volta <= primeira / 5, f"a volta baixou {volta / 2**20:.1f} MB (cache não usado?)"
    print(f"primeira visita: {primeira / 2**20:.1f} MB; volta: {volta / 2**20:.2f} MB")
