"""Cliente mínimo do Chrome DevTools Protocol (CDP) via ``--remote-debugging-pipe``.

Usado pelo teste de navegador: abre o Chromium em modo headless e conversa com ele por
dois *pipes* (descritores 3 e 4 do processo filho), sem depender de WebSocket nem de
pacotes extras. Mensagens são JSON terminados por ``\\0``.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque

from livro.pdf import achar_chromium


def chromium_ou_pular() -> str:
    """O Chromium para um teste de navegador; sem ele, pula o teste (falha no CI)."""
    import pytest

    executavel = achar_chromium()
    if executavel is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium não encontrado: no CI ele é obrigatório "
                        "(o .ci/run instala o pacote 'chromium').")
        pytest.skip("Chromium não instalado; instale o pacote 'chromium' para este teste.")
    return executavel


# Erros do Chromium de uma avaliação feita durante uma navegação (passageiros).
NAVEGANDO = ("Inspected target navigated or closed", "Cannot find context with specified id",
             "Execution context was destroyed")


class ErroCDP(RuntimeError):
    pass


class Navegador:
    """Um Chromium headless com uma aba, controlado pelo CDP."""

    def __init__(self, executavel: str, largura: int = 1280, altura: int = 1600,
                 extras: list[str] | None = None, perfil: str | None = None):
        # ``perfil``: pasta do perfil (IndexedDB, cache) para reabrir o navegador com os
        # mesmos dados; quem a passou a apaga. Sem ela, um perfil novo, apagado ao fechar.
        self._perfil_proprio = perfil is None
        self._perfil = perfil or tempfile.mkdtemp(prefix="curso-chromium-")
        entrada_r, entrada_w = os.pipe()   # nós escrevemos -> Chromium lê (fd 3)
        saida_r, saida_w = os.pipe()       # Chromium escreve (fd 4) -> nós lemos

        def ligar_pipes():
            a, b = os.dup(entrada_r), os.dup(saida_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        argumentos = [
            executavel, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            f"--window-size={largura},{altura}", f"--user-data-dir={self._perfil}",
            "--remote-debugging-pipe", *(extras or []), "about:blank",
        ]
        self._processo = subprocess.Popen(
            argumentos, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(3, 4), preexec_fn=ligar_pipes,
        )
        os.close(entrada_r)
        os.close(saida_w)
        self._escrita = os.fdopen(entrada_w, "wb", buffering=0)
        self._leitura = os.fdopen(saida_r, "rb", buffering=0)
        self._proximo_id = 0
        self._respostas: dict[int, dict] = {}
        self.sessoes_filhas: list[str] = []
        self.eventos: deque = deque()
        self._trava = threading.Condition()
        self._leitor = threading.Thread(target=self._ler, daemon=True)
        self._leitor.start()
        alvo = self.comando("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.sessao = self.comando("Target.attachToTarget",
                                   {"targetId": alvo, "flatten": True})["sessionId"]

    # -- transporte -------------------------------------------------------------------
    def _ler(self):
        pendente = b""
        while True:
            try:
                pedaco = self._leitura.read(65536)
            except OSError:
                pedaco = b""
            if not pedaco:
                with self._trava:
                    self._trava.notify_all()
                return
            pendente += pedaco
            while b"\0" in pendente:
                bruto, pendente = pendente.split(b"\0", 1)
                mensagem = json.loads(bruto)
                if mensagem.get("method") == "Target.attachedToTarget":
                    threading.Thread(target=self._preparar_filho, args=(mensagem["params"],),
                                     daemon=True).start()
                with self._trava:
                    if "id" in mensagem:
                        self._respostas[mensagem["id"]] = mensagem
                    else:
                        self.eventos.append(mensagem)
                    self._trava.notify_all()

    def comando(self, metodo: str, parametros: dict | None = None, *, sessao: str | None = None,
                tempo: float = 60.0) -> dict:
        with self._trava:
            self._proximo_id += 1
            ident = self._proximo_id
        mensagem = {"id": ident, "method": metodo, "params": parametros or {}}
        if sessao:
            mensagem["sessionId"] = sessao
        self._escrita.write(json.dumps(mensagem).encode() + b"\0")
        limite = time.monotonic() + tempo
        with self._trava:
            while ident not in self._respostas:
                restante = limite - time.monotonic()
                if restante <= 0 or self._processo.poll() is not None:
                    raise ErroCDP(f"sem resposta do Chromium para {metodo}")
                self._trava.wait(min(restante, 0.5))
            resposta = self._respostas.pop(ident)
        if "error" in resposta:
            raise ErroCDP(f"{metodo}: {resposta['error']}")
        return resposta.get("result", {})

    def na_aba(self, metodo: str, parametros: dict | None = None, **kw) -> dict:
        return self.comando(metodo, parametros, sessao=self.sessao, **kw)

    def _preparar_filho(self, parametros: dict) -> None:
        """Alvo filho (worker, service worker): rede e console ligados antes de rodar."""
        sessao = parametros["sessionId"]
        self.sessoes_filhas.append(sessao)
        for metodo in ("Network.enable", "Runtime.enable", "Runtime.runIfWaitingForDebugger"):
            try:
                self.comando(metodo, sessao=sessao, tempo=10)
            except (ErroCDP, OSError, ValueError):
                # ValueError: o tubo já foi fechado (o navegador terminou enquanto um
                # worker se ligava); não há mais nada a preparar.
                return

    def seguir_workers(self) -> None:
        """Liga a rede e o console também nos *workers* da aba (o kernel do JupyterLite
        roda num Web Worker, cujas requisições não aparecem na aba)."""
        self.na_aba("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                             "flatten": True})

    # -- conveniências ----------------------------------------------------------------
    def avaliar(self, expressao: str, aguardar_promessa: bool = False):
        resultado = self.na_aba("Runtime.evaluate", {
            "expression": expressao, "returnByValue": True,
            "awaitPromise": aguardar_promessa,
        })
        if "exceptionDetails" in resultado:
            raise ErroCDP(f"erro de JavaScript: {resultado['exceptionDetails']}")
        return resultado["result"].get("value")

    def esperar(self, expressao: str, tempo: float = 30.0, intervalo: float = 0.2) -> bool:
        """Avalia ``expressao`` até ela dar verdadeiro. Uma avaliação que cai no meio de uma
        navegação (a página antiga já saiu, a nova ainda não tem contexto) conta como "ainda
        não": quando isso acontece depende da carga da máquina, não do que se testa."""
        limite = time.monotonic() + tempo
        while time.monotonic() < limite:
            try:
                if self.avaliar(expressao):
                    return True
            except ErroCDP as erro:
                if not any(m in str(erro) for m in NAVEGANDO):
                    raise
            time.sleep(intervalo)
        return False

    def abrir(self, url: str, tempo: float = 30.0) -> None:
        self.na_aba("Page.navigate", {"url": url})
        if not self.esperar("document.readyState === 'complete'", tempo):
            raise ErroCDP(f"a página {url} não terminou de carregar")

    def captura(self) -> bytes:
        """Captura de tela (PNG) da parte visível da aba."""
        return base64.b64decode(self.na_aba("Page.captureScreenshot", {"format": "png"})["data"])

    def tecla(self, nome: str, codigo: int) -> None:
        for tipo in ("rawKeyDown", "keyUp"):
            self.na_aba("Input.dispatchKeyEvent", {
                "type": tipo, "key": nome, "code": nome,
                "windowsVirtualKeyCode": codigo, "nativeVirtualKeyCode": codigo,
            })

    def fechar(self) -> None:
        try:
            self.comando("Browser.close", tempo=5)
        except Exception:  # noqa: BLE001 - já pode ter saído
            pass
        try:
            self._processo.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._processo.kill()
        for arquivo in (self._escrita, self._leitura):
            try:
                arquivo.close()
            except OSError:
                pass
        if self._perfil_proprio:
            shutil.rmtree(self._perfil, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.fechar()
