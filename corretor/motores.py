"""Onde as entregas são corrigidas: aqui (um grupo de threads) ou num cluster Dask.

"Onde roda" é uma escolha na borda (a linha de comando), não um garfo na correção:
:func:`corretor.correcao.corrigir_pasta` chama :func:`corrigir_lote`, que usa o motor
escolhido com :func:`usar` (``--cluster ENDERECO`` ou ``DASK_SCHEDULER_ADDRESS``).
Sem endereço, o motor é o local de sempre (``--processos`` threads, cada uma lançando
os subprocessos da caixa). O trabalho de cada entrega é o mesmo nos dois:
:func:`corretor.correcao.corrigir_arquivo`.

No cluster, o cliente (o processo do professor) lê cada arquivo e envia os **bytes**;
o worker grava-os numa pasta de rascunho própria (fora de tudo o que a caixa enxerga),
corrige com a caixa de areia **dele** e devolve a linha (com o relatório dentro). Só o
cliente grava CSV e relatórios. Garantias:

- **falha fechada:** um worker sem caixa de areia que funcione (ou com outra versão do
  corretor) recusa a entrega, e a linha diz isso (status ``erro do corretor``);
- **nada se perde:** se um worker morre, o scheduler refaz as tarefas dele noutro; cada
  entrega tem uma chave própria e o cliente aceita um resultado por entrega;
- **o que viaja:** o notebook do aluno e a referência já calculada (entradas escondidas
  codificadas, saídas esperadas, definições de referência para as rodadas com
  dependência injetada) — nunca a semente nem o arquivo da solução. A referência fica na
  memória do worker (processo do professor), como fica na do corretor local.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import os
import socket
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from corretor.entregas import ErroDoLote

JANELA_POR_THREAD = 4        # tarefas em voo por thread de worker (memória do cliente limitada)
TENTATIVAS = 3               # vezes que o scheduler refaz uma tarefa cujo worker morreu
CONEXAO_S = 30


@dataclass(frozen=True)
class Motor:
    """Onde corrigir: ``endereco`` ``None`` = aqui; senão, o scheduler Dask."""
    endereco: str | None = None


_MOTOR: contextvars.ContextVar[Motor] = contextvars.ContextVar("motor", default=Motor())


def endereco_escolhido(opcao: str | None) -> str | None:
    """O endereço do scheduler: ``--cluster`` ou, sem ela, ``DASK_SCHEDULER_ADDRESS``."""
    endereco = (opcao or os.environ.get("DASK_SCHEDULER_ADDRESS") or "").strip()
    return endereco or None


@contextmanager
def usar(endereco: str | None):
    """Corrige, dentro do bloco, no scheduler ``endereco`` (``None``: aqui)."""
    marca = _MOTOR.set(Motor(endereco))
    try:
        yield
    finally:
        _MOTOR.reset(marca)


def motor_atual() -> Motor:
    return _MOTOR.get()


# ------------------------------------------------------------------------ progresso

class Progresso:
    """Barra de progresso no terminal (só se a saída de erros é um terminal)."""

    def __init__(self, total: int, onde: str, fluxo=None):
        self.total, self.feitas, self.onde = total, 0, onde
        self.fluxo = fluxo or sys.stderr
        self.ativo = total > 0 and hasattr(self.fluxo, "isatty") and self.fluxo.isatty()
        self.inicio = time.perf_counter()

    def avancar(self) -> None:
        self.feitas += 1
        if not self.ativo:
            return
        fracao = self.feitas / self.total
        barra = "#" * int(30 * fracao)
        taxa = self.feitas / max(1e-9, time.perf_counter() - self.inicio)
        self.fluxo.write(f"\r{self.onde}: [{barra:<30}] {self.feitas}/{self.total} "
                         f"({taxa:.1f}/s)".replace(".", ","))
        if self.feitas == self.total:
            self.fluxo.write("\n")
        self.fluxo.flush()


# ------------------------------------------------------------------------ lote

def corrigir_lote(arquivos: list[Path], raiz: Path, nome: str, referencia, limites,
                  bwrap: str | None, maximos, processos: int, avisar=print) -> list:
    """As linhas de ``arquivos`` (na mesma ordem), corrigidas no motor atual."""
    motor = motor_atual()
    if motor.endereco is None:
        return _local(arquivos, raiz, nome, referencia, limites, bwrap, maximos, processos)
    return _cluster(motor.endereco, arquivos, raiz, nome, referencia, limites, bwrap,
                    maximos, avisar)


def _local(arquivos, raiz, nome, referencia, limites, bwrap, maximos, processos) -> list:
    from corretor.correcao import corrigir_arquivo
    progresso = Progresso(len(arquivos), "corrigidas")
    linhas: list = [None] * len(arquivos)
    with ThreadPoolExecutor(max_workers=max(1, processos)) as grupo:
        pendentes = {grupo.submit(corrigir_arquivo, p, raiz, nome, referencia, limites,
                                  bwrap, maximos): i for i, p in enumerate(arquivos)}
        for futuro in as_completed(pendentes):
            linhas[pendentes[futuro]] = futuro.result()
            progresso.avancar()
    return linhas


# ------------------------------------------------------------------------ no worker

@functools.lru_cache(maxsize=1)
def versao_do_codigo() -> str:
    """Resumo (SHA-256) do código do corretor: cliente e workers precisam ter o mesmo."""
    pasta = Path(__file__).resolve().parent
    resumo = hashlib.sha256()
    for arquivo in sorted(pasta.rglob("*.py")):
        resumo.update(arquivo.relative_to(pasta).as_posix().encode())
        resumo.update(arquivo.read_bytes())
    return resumo.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def _caixa_do_worker() -> tuple[str | None, str]:
    from corretor.caixa import diagnosticar_bwrap
    return diagnosticar_bwrap()


def _recusada(relativo: str, nome: str, motivo: str):
    from corretor.correcao import _linha_vazia, _zerar
    from corretor.casos import EXERCICIOS
    especificacao = EXERCICIOS[nome]
    return _zerar(_linha_vazia(relativo, especificacao), especificacao, "erro do corretor",
                  motivo, "não corrigida: recusada pelo worker")


def caminho_de_rascunho(pasta: str, relativo: str) -> Path:
    """Onde gravar a entrega na pasta de rascunho (o mesmo caminho relativo, sem ``..``)."""
    partes = PurePosixPath(relativo).parts
    if not partes or any(p in ("", ".", "..") or "\x00" in p for p in partes) \
            or PurePosixPath(relativo).is_absolute():
        raise ValueError(f"caminho relativo inválido: {relativo!r}")
    return Path(pasta, *partes)


def corrigir_no_worker(relativo: str, dados: bytes, nome: str, referencia, limites,
                       isolar: bool, maximos, versao: str):
    """Tarefa de um worker: corrige uma entrega (bytes) e devolve ``(linha, worker)``.

    Nunca levanta exceção: recusa (falha fechada) sem caixa de areia, com outra versão
    do corretor ou, sem isolamento pedido, como root sem um Python para o uid da entrega.
    """
    worker = socket.gethostname()
    try:
        from distributed import get_worker
        worker = get_worker().address
    except (ImportError, ValueError):
        pass
    if versao != versao_do_codigo():
        return _recusada(relativo, nome, f"o worker {worker} tem outra versão do corretor "
                         f"({versao_do_codigo()}, o professor tem {versao}); atualize-o"), worker
    bwrap = None
    if isolar:
        bwrap, motivo = _caixa_do_worker()
        if not bwrap:
            return _recusada(relativo, nome, f"o worker {worker} não tem caixa de areia que "
                             f"funcione e recusou a entrega ({motivo})"), worker
    else:
        from corretor.caixa import python_sem_privilegios
        if os.name == "posix" and os.geteuid() == 0 and not python_sem_privilegios():
            return _recusada(relativo, nome, f"o worker {worker} roda como root, sem caixa "
                             "de areia e sem um Python para um uid sem privilégios"), worker
    from corretor.correcao import corrigir_arquivo
    try:
        with tempfile.TemporaryDirectory(prefix="corretor-entrega-") as pasta:
            caminho = caminho_de_rascunho(pasta, relativo)
            caminho.parent.mkdir(parents=True, exist_ok=True)
            caminho.write_bytes(dados)
            linha = corrigir_arquivo(caminho, Path(pasta), nome, referencia, limites, bwrap,
                                     maximos)
    except (OSError, ValueError) as erro:
        return _recusada(relativo, nome, f"o worker {worker} não conseguiu gravar a entrega "
                         f"na pasta de rascunho ({type(erro).__name__})"), worker
    return linha, worker


# ------------------------------------------------------------------------ no cliente

def conectar(endereco: str):
    """Um ``distributed.Client`` no scheduler, ou :class:`ErroDoLote` com o motivo.

    ``tls://`` usa os certificados da configuração do Dask (``distributed.comm.tls``,
    ou as variáveis ``DASK_DISTRIBUTED__COMM__TLS__...``): veja o README.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ErroDoLote("--cluster precisa do pacote distributed (pip install -r "
                         "requirements.txt)") from None
    try:
        return Client(endereco, timeout=CONEXAO_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as erro:
        raise ErroDoLote(f"não consegui conectar ao scheduler Dask em {endereco} "
                         f"({type(erro).__name__}: {erro})") from None


def _chave(relativo: str, indice: int, lote: str) -> str:
    return f"corrigir-{lote}-{indice}-" + hashlib.sha256(relativo.encode(
        "utf-8", "surrogateescape")).hexdigest()[:12]


def _cluster(endereco, arquivos, raiz, nome, referencia, limites, bwrap, maximos,
             avisar) -> list:
    from distributed import as_completed as ao_terminar
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker
    cliente = conectar(endereco)
    try:
        threads = sum(cliente.nthreads().values())
        if not threads:
            raise ErroDoLote(f"o scheduler {endereco} não tem nenhum worker")
        avisar(f"Cluster Dask: {endereco} ({len(cliente.nthreads())} worker(s), "
               f"{threads} thread(s)); cada worker usa a própria caixa de areia.")
        ref = cliente.scatter(referencia, broadcast=True, hash=False)
        lote = hashlib.sha256(f"{time.time_ns()}-{os.getpid()}".encode()).hexdigest()[:10]
        relativos = [Path(os.path.relpath(p, raiz)).as_posix() for p in arquivos]
        linhas: list = [None] * len(arquivos)
        progresso = Progresso(len(arquivos), f"corrigidas no cluster {endereco}")
        proximo, indices = 0, {}

        def enviar():
            nonlocal proximo
            i = proximo
            proximo += 1
            try:
                dados = arquivos[i].read_bytes()
            except OSError as erro:
                linhas[i] = _recusada(relativos[i], nome, "o corretor não conseguiu ler o "
                                      f"arquivo ({erro.strerror})")
                progresso.avancar()
                return None
            futuro = cliente.submit(corrigir_no_worker, relativos[i], dados, nome, ref,
                                    limites, bwrap is not None, maximos, versao_do_codigo(),
                                    key=_chave(relativos[i], i, lote), pure=False,
                                    retries=TENTATIVAS)
            indices[futuro.key] = i
            return futuro

        iniciais = []
        while proximo < len(arquivos) and len(iniciais) < JANELA_POR_THREAD * threads:
            futuro = enviar()
            if futuro is not None:
                iniciais.append(futuro)
        fila = ao_terminar(iniciais, loop=cliente.loop) if iniciais else []
        for futuro in fila:
            i = indices.pop(futuro.key)
            try:
                linha, _worker = futuro.result()
            except KilledWorker:
                linha = _recusada(relativos[i], nome, "a entrega derrubou o worker em "
                                  "todas as tentativas (ou os workers caíram)")
            except (FutureCancelledError, Exception) as erro:  # noqa: BLE001
                linha = _recusada(relativos[i], nome, "o cluster não devolveu a correção "
                                  f"({type(erro).__name__})")
            if linhas[i] is None:          # um resultado por entrega
                linhas[i] = linha
                progresso.avancar()
            futuro.release()
            while proximo < len(arquivos):       # repõe a janela: uma que sai, uma que entra
                novo = enviar()
                if novo is not None:
                    fila.add(novo)
                    break
        return linhas
    finally:
        cliente.close()
