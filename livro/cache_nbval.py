"""O nbval enche o cache de execução do livro: cada notebook roda uma vez por CI.

O nbval executa cada célula de um notebook num kernel e confere que nenhuma falhou; a
construção do livro (myst-nb no modo ``cache``) executaria de novo os mesmos notebooks.
Este plugin do pytest repassa cada mensagem do kernel que o nbval lê a um
``NotebookClient`` do nbclient, o mesmo executor que a construção usa, que monta as
saídas e o estado dos widgets exatamente como na construção. Quando todas as células do
notebook passaram, o notebook executado entra no cache da construção
(``_build/.jupyter_cache``, o mesmo *hash* que o myst-nb calcula: fontes das células de
código e ``kernelspec``), e a construção estrita que vem depois só o desenha.

Um notebook com alguma célula que falhou, foi pulada ou não rodou (``-x``, ``-k``) não
entra no cache: a construção o executa de novo e mostra o erro por conta própria.
Ligado pelo ``conftest.py`` da raiz; ``CURSO_CACHE_NBVAL=0`` desliga.
"""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete

PASTAS_DO_LIVRO = ("chapters", "exercises")   # as que a construção executa (solutions/ não)


@dataclass
class Execucao:
    """O que o nbval executou de um notebook, montado pelo executor da construção."""

    caminho: Path
    cliente: NotebookClient
    indices: dict = field(default_factory=dict)   # id(célula do nbval) → índice no notebook
    msg_atual: str | None = None
    indice_atual: int | None = None
    rodadas: set = field(default_factory=set)
    falhou: bool = False
    inicio: float = field(default_factory=time.perf_counter)

    @classmethod
    def do_arquivo(cls, arquivo) -> "Execucao":
        nb = copy.deepcopy(arquivo.nb)
        for celula in nb.cells:
            if celula.cell_type == "code":
                celula.outputs, celula.execution_count = [], None
        cliente = NotebookClient(nb, record_timing=False,
                                 kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"))
        cliente.reset_execution_trackers()
        indices = {id(c): i for i, c in enumerate(arquivo.nb.cells)}
        return cls(Path(str(arquivo.fspath)), cliente, indices)

    def comecar(self, indice: int | None) -> None:
        """Uma célula nova: o que ``NotebookClient.async_execute_cell`` zera antes de rodá-la."""
        self.indice_atual, self.msg_atual = indice, None
        if indice is not None:
            self.cliente.nb.cells[indice].outputs = []
            self.cliente.clear_before_next_output = False

    def terminar(self) -> None:
        """A célula atual passou. O nbval executa com ``store_history=False`` (o contador
        do kernel não anda); o contador que a construção gravaria é o da ordem de execução."""
        self.rodadas.add(self.indice_atual)
        celula = self.cliente.nb.cells[self.indice_atual]
        celula.execution_count = len(self.rodadas)
        for saida in celula.outputs:
            if saida.output_type == "execute_result":
                saida.execution_count = len(self.rodadas)

    def mensagem(self, msg: dict) -> None:
        """Uma mensagem do kernel lida pelo nbval: o nbclient monta saídas e widgets."""
        if self.indice_atual is None or msg["parent_header"].get("msg_id") != self.msg_atual:
            return
        try:
            self.cliente.process_message(msg, self.cliente.nb.cells[self.indice_atual], self.indice_atual)
        except CellExecutionComplete:
            pass
        except Exception:   # o teste do nbval segue; só este notebook fica fora do cache
            self.falhou = True

    def completa(self) -> bool:
        codigo = {i for i, c in enumerate(self.cliente.nb.cells) if c.cell_type == "code"}
        return not self.falhou and self.rodadas == codigo

    def guardar(self, cache_dir: Path) -> None:
        """Põe o notebook executado no cache da construção (como o myst-nb faria)."""
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        self.cliente.set_widgets_metadata()
        get_cache(str(cache_dir)).cache_notebook_bundle(
            CacheBundleIn(self.cliente.nb, str(self.caminho),
                          data={"execution_seconds": time.perf_counter() - self.inicio}),
            check_validity=False, overwrite=True)


def _celula_nbval(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item.parent, "nb")


def _do_livro(caminho: Path, raiz: Path) -> bool:
    """Só os notebooks que a construção do livro executa (capítulos e exercícios)."""
    try:
        relativo = caminho.resolve().relative_to(raiz.resolve())
    except ValueError:
        return False
    return relativo.parts[0] in PASTAS_DO_LIVRO


def _instalar(arquivo) -> Execucao:
    """Intercepta o kernel do nbval deste notebook (depois de ele ter sido iniciado)."""
    execucao = Execucao.do_arquivo(arquivo)
    ler, executar = arquivo.get_kernel_message, arquivo.kernel.execute_cell_input

    def get_kernel_message(*args, **kwargs):
        msg = ler(*args, **kwargs)
        execucao.mensagem(msg)
        return msg

    def execute_cell_input(*args, **kwargs):
        execucao.msg_atual = executar(*args, **kwargs)
        return execucao.msg_atual

    arquivo.get_kernel_message = get_kernel_message
    arquivo.kernel.execute_cell_input = execute_cell_input
    arquivo._cache_nbval = execucao
    return execucao


def _ativo(config) -> bool:
    return os.environ.get("CURSO_CACHE_NBVAL", "1") != "0" and config.pluginmanager.hasplugin("nbval")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    yield
    if not (_celula_nbval(item) and _ativo(item.config) and _do_livro(Path(str(item.parent.fspath)), item.config.rootpath)):
        return
    arquivo = item.parent
    execucao = getattr(arquivo, "_cache_nbval", None)
    if execucao is None and arquivo.kernel is not None:
        execucao = _instalar(arquivo)
    if execucao is not None:
        execucao.comecar(execucao.indices.get(id(item.cell)))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    relatorio = (yield).get_result()
    execucao = getattr(getattr(item, "parent", None), "_cache_nbval", None)
    if execucao is None or not _celula_nbval(item):
        return
    if relatorio.failed or relatorio.skipped:
        execucao.falhou = True
    elif call.when == "call" and execucao.indice_atual is not None:
        execucao.terminar()


def pytest_runtest_teardown(item, nextitem):
    execucao = getattr(getattr(item, "parent", None), "_cache_nbval", None)
    if execucao is None or (nextitem is not None and nextitem.parent is item.parent):
        return
    item.parent._cache_nbval = None
    if execucao.completa():
        execucao.guardar(item.config.rootpath / "_build" / ".jupyter_cache")
