"""Caixa de areia: roda as definições de uma entrega num processo isolado e limitado.

O processo do aluno roda ``corretor/executor.py`` (só a biblioteca padrão; o numpy é
importado lá dentro para os argumentos) e devolve só dados (JSON). Este módulo monta o
comando (``bwrap`` + ``prlimit``), vigia tempo e processos e lê os resultados.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from corretor import executor as _executor

EXECUTOR = Path(_executor.__file__)
COMPARACAO = EXECUTOR.with_name("comparacao.py")   # carregado pelo executor, na caixa
MAX_BYTES_RESULTADO = 64 * 1024 * 1024


@dataclass
class Limites:
    tempo: float = 20.0          # segundos de CPU por entrega (RLIMIT_CPU)
    memoria_mb: int = 1024       # RLIMIT_AS
    arquivo_mb: int = 64         # RLIMIT_FSIZE
    processos: int = 8           # RLIMIT_NPROC (efetivo dentro da caixa de areia)

    @property
    def parede(self) -> float:
        """Tempo de parede máximo: folgado, para não punir quem ficou na fila da CPU.

        O limite principal é o de CPU (não depende da carga da máquina nem das outras
        entregas corrigidas em paralelo); o de parede pega quem dorme em vez de calcular.
        """
        return 1.5 * self.tempo + 5


@dataclass
class Execucao:
    """O que voltou do processo do aluno (só dados já validados)."""
    resultados: dict = field(default_factory=dict)   # k -> dict
    erros_definicao: list = field(default_factory=list)
    tempo_esgotado: bool = False
    processos_demais: bool = False
    codigo_saida: int | None = None
    terminou: bool = False



def bwrap_disponivel() -> str | None:
    """Caminho do ``bwrap`` se ele existe e funciona aqui (senão ``None``)."""
    if not sys.platform.startswith("linux"):
        return None
    caminho = shutil.which("bwrap")
    if not caminho:
        return None
    try:
        teste = subprocess.run(
            [caminho, *_montagens(), "--chdir", "/", sys.executable, "-I", "-c", "pass"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return caminho if teste.returncode == 0 else None


def _prefixos_python() -> list[str]:
    prefixos = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix),
                os.path.realpath(os.path.dirname(os.path.dirname(
                    os.path.realpath(sys.executable))))}
    return sorted(p for p in prefixos if p not in ("/", "/usr"))


def _montagens(pasta: str | None = None) -> list[str]:
    args = ["--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev",
            "--tmpfs", "/tmp"]
    for sistema in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc"):
        if os.path.exists(sistema):
            args += ["--ro-bind", sistema, sistema] if not os.path.islink(sistema) \
                else ["--symlink", os.readlink(sistema), sistema]
    for prefixo in _prefixos_python():
        args += ["--ro-bind", prefixo, prefixo]
    if pasta:
        args += ["--bind", pasta, "/trabalho"]
    return args


def _aplicar_limites(limites: Limites, processos: bool = True):
    """``preexec_fn`` que aplica os limites com ``setrlimit`` (quando não há ``prlimit``)."""
    def preparar():
        cpu = int(math.ceil(limites.tempo))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        memoria = limites.memoria_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memoria, memoria))
        arquivo = limites.arquivo_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (arquivo, arquivo))
        if processos:
            resource.setrlimit(resource.RLIMIT_NPROC, (limites.processos, limites.processos))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return preparar


def _prefixo_limites(limites: Limites) -> list[str]:
    """Comando ``prlimit`` (util-linux) que aplica os limites antes do ``exec``.

    Preferido ao ``preexec_fn``, que não é seguro com as threads de ``--processos``.
    Com o bubblewrap, este prefixo vai **dentro** da caixa de areia (depois de criado
    o espaço de usuário dela): o ``RLIMIT_NPROC`` conta todos os processos do usuário
    no espaço em que o limite foi posto, e aplicado fora ele contaria os processos do
    professor (com poucos processos abertos, o ``bwrap`` nem conseguiria começar).
    """
    caminho = shutil.which("prlimit", path="/usr/bin:/bin")
    if not caminho:
        return []
    cpu = int(math.ceil(limites.tempo))
    memoria = limites.memoria_mb * 1024 * 1024
    arquivo = limites.arquivo_mb * 1024 * 1024
    return [caminho, f"--cpu={cpu}:{cpu + 1}", f"--as={memoria}", f"--fsize={arquivo}",
            f"--nproc={limites.processos}", "--core=0", "--"]


def _comando_com_limites(limites: Limites, comando_python: list[str], bwrap: str | None,
                         pasta: str) -> tuple[list[str], object]:
    """Monta o comando da entrega e o ``preexec_fn`` (ou ``None``) que aplica os limites.

    - com ``prlimit``: ``[bwrap ...] prlimit ... -- python ...`` (limites dentro da caixa);
    - sem ``prlimit``: ``setrlimit`` antes do ``exec``; com o bubblewrap, sem o
      ``RLIMIT_NPROC`` (que, posto fora da caixa, contaria os processos do professor) —
      o espaço de PIDs próprio e o ``SIGKILL`` no fim ainda contêm uma fork bomb.
    """
    prefixo = _prefixo_limites(limites)
    caixa = [bwrap, *_montagens(pasta), "--chdir", "/trabalho"] if bwrap else []
    preexec = None if prefixo else _aplicar_limites(limites, processos=not bwrap)
    return caixa + prefixo + comando_python, preexec


AMBIENTE = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/mpl",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1"}


_CACHE_MPL: dict[str, str] = {}


def _cache_matplotlib() -> str | None:
    """Cria uma vez o cache de fontes do matplotlib (cada entrega recebe uma cópia).

    Sem ele, cada entrega que importa ``matplotlib.pyplot`` refaz o cache (~1 s).
    """
    if "pasta" not in _CACHE_MPL:
        pasta = tempfile.mkdtemp(prefix="corretor-mpl-")
        atexit.register(shutil.rmtree, pasta, True)
        try:
            subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"],
                           env=dict(AMBIENTE, MPLCONFIGDIR=pasta), timeout=120,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            pass
        _CACHE_MPL["pasta"] = pasta
    return _CACHE_MPL["pasta"]


def descendentes(raiz: int) -> list[int] | None:
    """PIDs de todos os processos que descendem de ``raiz`` (lendo /proc); ``None`` sem /proc."""
    try:
        nomes = os.listdir("/proc")
    except OSError:
        return None
    filhos: dict[int, list[int]] = {}
    for nome in nomes:
        if not nome.isdigit():
            continue
        try:
            with open(f"/proc/{nome}/stat", "rb") as arq:
                dados = arq.read()
            pai = int(dados[dados.rfind(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        filhos.setdefault(pai, []).append(int(nome))
    encontrados, pilha = [], [raiz]
    while pilha:
        for filho in filhos.get(pilha.pop(), ()):
            encontrados.append(filho)
            pilha.append(filho)
    return encontrados


def _esperar(processo: subprocess.Popen, execucao: Execucao, limites: Limites,
             inicio: float) -> None:
    """Espera a entrega terminar, vigiando o tempo de parede e o número de processos.

    O ``RLIMIT_NPROC`` não vale para o root (o caso de muitos contêineres e do CI), e
    mesmo com ele uma fork bomb fica girando até o fim do prazo e rouba a CPU das
    entregas corrigidas em paralelo. Por isso, a cada 0,1 s o processo confiável conta
    os descendentes da entrega e a derruba ao chegar a ``limites.processos``.
    """
    prazo = inicio + limites.parede
    while True:
        try:
            execucao.codigo_saida = processo.wait(timeout=0.1)
            return
        except subprocess.TimeoutExpired:
            pass
        if time.monotonic() >= prazo:
            execucao.tempo_esgotado = True
            return
        processos = descendentes(processo.pid)
        if processos is not None and len(processos) >= limites.processos:
            execucao.processos_demais = True
            return


def executar(instrucoes: list[dict], funcoes: list[dict], limites: Limites,
             bwrap: str | None) -> Execucao:
    """Roda as definições e as funções num processo isolado; devolve só dados validados."""
    with tempfile.TemporaryDirectory(prefix="corretor-") as base:
        pasta = os.path.join(base, "trabalho")
        os.mkdir(pasta)
        shutil.copy(EXECUTOR, os.path.join(pasta, "executor.py"))
        shutil.copy(COMPARACAO, os.path.join(pasta, "comparacao.py"))
        cache = _cache_matplotlib()
        shutil.copytree(cache, os.path.join(pasta, "mpl"))
        for raiz, pastas, arquivos in os.walk(pasta):
            for nome in pastas + arquivos:
                os.chmod(os.path.join(raiz, nome), 0o777)
        with open(os.path.join(pasta, "tarefa.json"), "w", encoding="utf-8") as arq:
            json.dump({"instrucoes": instrucoes, "funcoes": funcoes}, arq)
        os.chmod(pasta, 0o777)
        if bwrap:
            comando_python = [sys.executable, "-I", "/trabalho/executor.py", "/trabalho"]
            ambiente = dict(AMBIENTE, MPLCONFIGDIR="/trabalho/mpl")
        else:
            comando_python = [sys.executable, "-I", os.path.join(pasta, "executor.py"), pasta]
            ambiente = dict(AMBIENTE, HOME=pasta, MPLCONFIGDIR=os.path.join(pasta, "mpl"))
        comando, preexec = _comando_com_limites(limites, comando_python, bwrap, pasta)
        execucao = Execucao()
        inicio = time.monotonic()
        processo = subprocess.Popen(
            comando, cwd=pasta, env=ambiente, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=preexec)
        try:
            _esperar(processo, execucao, limites, inicio)
        finally:
            try:
                os.killpg(processo.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            processo.wait()
        sinais_cpu = (-signal.SIGXCPU, 128 + signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGKILL)
        if execucao.codigo_saida in sinais_cpu and time.monotonic() - inicio >= limites.tempo:
            # Morto pelo limite de CPU (SIGXCPU; SIGKILL no limite rígido, se ignorou o
            # SIGXCPU). Só pode ser isso se já passou pelo menos `tempo` de parede.
            execucao.tempo_esgotado = True
        execucao.erros_definicao = (_ler_json(os.path.join(pasta, "definicoes.json")) or
                                    {}).get("erros", [])
        if not isinstance(execucao.erros_definicao, list):
            execucao.erros_definicao = []
        for k in range(len(funcoes)):
            dado = _ler_json(os.path.join(pasta, f"resultado_{k}.json"))
            if isinstance(dado, dict):
                execucao.resultados[k] = dado
        execucao.terminou = _ler_json(os.path.join(pasta, "fim.json")) == {"fim": True}
    return execucao


def _ler_json(caminho: str):
    try:
        if os.path.islink(caminho) or not os.path.isfile(caminho):
            return None
        if os.path.getsize(caminho) > MAX_BYTES_RESULTADO:
            return None
        with open(caminho, "rb") as arq:
            return json.loads(arq.read(MAX_BYTES_RESULTADO).decode("utf-8"))
    except (OSError, ValueError, RecursionError, UnicodeDecodeError):
        return None


