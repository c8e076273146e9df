"""Caixa de areia: roda as definições de uma entrega num processo isolado e limitado.

O primeiro processo da caixa é ``corretor/lancador.py`` e o processo do aluno roda
``corretor/executor.py`` (ambos só com a biblioteca padrão; o numpy é importado dentro
do executor para os argumentos). A entrega devolve só dados (JSON), que o lançador
repassa ao processo confiável pela saída padrão, em quadros de tamanho limitado. Este
módulo monta o comando (``bwrap``), vigia tempo, processos e o tamanho do que volta, e
valida cada resultado antes de entregá-lo à avaliação. As montagens do ``bwrap`` (o
que a caixa enxerga) ficam em :mod:`corretor.montagens`.
"""

from __future__ import annotations

import atexit
import itertools
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from corretor import executor as _executor
from corretor import lancador as _lancador
from corretor.montagens import bwrap_disponivel, diagnosticar_bwrap  # noqa: F401 (API)
from corretor.montagens import montagens as _montagens
from corretor.montagens import raiz as _raiz
from corretor.resultados import Leitor, json_validado, quadros

EXECUTOR = Path(_executor.__file__)
LANCADOR = Path(_lancador.__file__)
COMPARACAO = EXECUTOR.with_name("comparacao.py")   # carregado pelo executor, na caixa
MAX_BYTES_RESULTADO = 64 * 1024 * 1024     # por arquivo, para a solução de referência
MAX_BYTES_DEFINICOES = 256 * 1024
# Uids sem conta no sistema, um por entrega, quando o corretor roda como root.
UID_BASE = 1_600_000_000
_UIDS = itertools.count()
_TRAVA_UID = threading.Lock()


@dataclass
class Limites:
    tempo: float = 20.0          # segundos de CPU por entrega (RLIMIT_CPU)
    memoria_mb: int = 1024       # total: RLIMIT_AS + espaço de escrita (tmpfs)
    arquivo_mb: int = 64         # RLIMIT_FSIZE
    processos: int = 8           # RLIMIT_NPROC (efetivo dentro da caixa de areia)
    disco_mb: int = 64           # diretório de trabalho + /tmp (tmpfs), sai de memoria_mb
    arquivos: int = 2000         # arquivos e pastas no diretório de trabalho

    @property
    def espaco_enderecos_mb(self) -> int:
        """``RLIMIT_AS``: a memória total menos o tmpfs (que também é memória)."""
        return max(128, self.memoria_mb - self.disco_mb)

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
    espaco_excedido: str | None = None               # "arquivos demais", "disco cheio"...



def python_sem_privilegios() -> bool:
    """Um uid sem privilégios consegue rodar este Python? (só importa para o root sem bwrap)."""
    uid = _proximo_uid()
    try:
        teste = subprocess.run([sys.executable, "-I", "-c", "import numpy"], user=uid,
                               group=uid, extra_groups=[], cwd="/", env=dict(AMBIENTE),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    return teste.returncode == 0


def _proximo_uid() -> int:
    with _TRAVA_UID:
        return UID_BASE + next(_UIDS) % 1_000_000


# Uma thread por biblioteca (e o TensorFlow calado): o uso de memória e de threads da
# entrega não depende dos núcleos da máquina, e o RLIMIT_NPROC (que conta threads) basta.
AMBIENTE = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/mpl",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
            "TF_CPP_MIN_LOG_LEVEL": "3"}


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
             inicio: float, leitor: Leitor, extras: int) -> None:
    """Espera a entrega terminar, vigiando o tempo de parede, os processos e a saída.

    O limite de processos é o ``RLIMIT_NPROC`` do uid da entrega (próprio dela quando o
    corretor roda como root; dentro do espaço de usuários da caixa, com o bubblewrap):
    o ``fork`` que passaria do limite falha na hora, sempre no mesmo ponto do código do
    aluno. A contagem dos descendentes, a cada 0,1 s, é só uma rede de segurança para
    quando esse limite não vale (root sem uid próprio): ela derruba a entrega só **acima**
    do que o ``RLIMIT_NPROC`` permite (``limites.processos`` mais os ``extras``: o init do
    bwrap e o lançador). Antes ela derrubava ao chegar ao limite, e o veredito dependia
    de a amostra cair ou não no instante em que os filhos existiam (200 filhos
    dormindo: ``processos demais`` numa rodada, ``ok`` na outra).
    """
    prazo = inicio + limites.parede
    while True:
        try:
            execucao.codigo_saida = processo.wait(timeout=0.1)
            return
        except subprocess.TimeoutExpired:
            pass
        if leitor.excedeu:
            execucao.espaco_excedido = "saída grande demais"
            return
        if time.monotonic() >= prazo:
            execucao.tempo_esgotado = True
            return
        processos = descendentes(processo.pid)
        if processos is not None and len(processos) > limites.processos + extras:
            execucao.processos_demais = True
            _congelar(processo.pid)
            time.sleep(ESPERA_APOS_CONGELAR_S)   # o lançador repassa o que já foi gravado
            return


ESPERA_APOS_CONGELAR_S = 0.3


def _linha_de_comando(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as arq:
            return arq.read(4096)
    except OSError:
        return b""


def _congelar(raiz: int) -> None:
    """Para (``SIGSTOP``) os processos da entrega, poupando o bwrap e o lançador.

    Uma fork bomb costuma começar logo depois de as primeiras funções gravarem os seus
    resultados, antes de o lançador repassá-los: matar tudo de uma vez os perderia.
    Parados, os processos do aluno não criam outros; o lançador, que segue rodando,
    repassa os resultados já gravados, e só então a caixa inteira é derrubada.
    """
    poupar = set()
    for pid in descendentes(raiz) or []:
        comando = _linha_de_comando(pid).split(b"\0")
        if b"/corretor/lancador.py" in comando or str(LANCADOR).encode() in comando \
                or comando[0].endswith(b"bwrap"):
            poupar.add(pid)
    parados: set[int] = set()
    for _ in range(50):
        novos = [p for p in descendentes(raiz) or [] if p not in poupar and p not in parados]
        if not novos:
            return
        for pid in novos:
            try:
                os.kill(pid, signal.SIGSTOP)
            except OSError:
                pass
        parados.update(novos)


def _matar_uid(uid: int) -> None:
    """Root sem bwrap: derruba todo processo do uid da entrega (único por entrega),
    inclusive os que fugiram do grupo com ``setsid``. ``kill -9 -1`` rodado como esse
    uid só alcança os processos dele."""
    try:
        subprocess.run(["kill", "-9", "-1"], user=uid, group=uid, extra_groups=[],
                       cwd="/", env=dict(AMBIENTE), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pass


def _remover(pasta: str) -> None:
    """Apaga um diretório de trabalho no disco (só sem bwrap), mesmo hostil; nunca levanta."""
    try:
        shutil.rmtree(pasta)
        return
    except (OSError, RecursionError):
        pass
    try:   # árvore profunda demais para o rmtree ou pastas sem permissão
        subprocess.run(["chmod", "-R", "u+rwx", pasta], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        subprocess.run(["rm", "-rf", "--one-file-system", pasta], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        pass


def executar(instrucoes: list[dict], funcoes: list[dict], limites: Limites,
             bwrap: str | None, maximos: list[int] | None = None) -> Execucao:
    """Roda as definições e as funções num processo isolado; devolve só dados validados.

    ``maximos[k]``: quantos bytes o resultado da função ``k`` pode ter (acima disso ele
    é descartado sem ser lido); a saída inteira do lançador fica limitada à soma.
    """
    maximos = list(maximos or [MAX_BYTES_RESULTADO] * len(funcoes))
    nomes = {"definicoes.json": MAX_BYTES_DEFINICOES, "fim.json": 1024}
    nomes.update({f"resultado_{k}.json": maximos[k] for k in range(len(funcoes))})
    ordem = ["definicoes.json", *[f"resultado_{k}.json" for k in range(len(funcoes))],
             "fim.json"]
    raiz = _raiz()
    disco = limites.disco_mb * 1024 * 1024
    cfg = {"executor": "", "mpl": None, "python": sys.executable, "uid": None,
           "nomes": [[n, nomes[n]] for n in ordem],
           "max_arquivos": limites.arquivos, "max_bytes_disco": disco,
           "limites": {"cpu": int(math.ceil(limites.tempo)),
                       "memoria": limites.espaco_enderecos_mb * 1024 * 1024,
                       "arquivo": min(limites.arquivo_mb, limites.disco_mb) * 1024 * 1024,
                       "processos": limites.processos}}
    if raiz:
        cfg["uid"] = _proximo_uid()
    cache = _cache_matplotlib()
    base = None
    if bwrap:
        cfg.update(pasta="/trabalho", executor="/corretor/executor.py",
                   comparacao="/corretor/comparacao.py",
                   mpl="/corretor/mpl" if cache else None,
                   ambiente=dict(AMBIENTE, MPLCONFIGDIR="/trabalho/mpl"))
        comando = [bwrap, *_montagens(raiz, disco),
                   "--ro-bind", str(LANCADOR), "/corretor/lancador.py",
                   "--ro-bind", str(EXECUTOR), "/corretor/executor.py",
                   "--ro-bind", str(COMPARACAO), "/corretor/comparacao.py"]
        if cache:
            comando += ["--ro-bind", cache, "/corretor/mpl"]
        comando += ["--remount-ro", "/", "--chdir", "/", sys.executable, "-I",
                    "/corretor/lancador.py", json.dumps(cfg)]
        extras = 2
    else:
        base = tempfile.mkdtemp(prefix="corretor-")
        pasta = os.path.join(base, "trabalho")
        cfg.update(pasta=pasta, executor=str(EXECUTOR), comparacao=str(COMPARACAO), mpl=cache,
                   ambiente=dict(AMBIENTE, HOME=os.path.join(pasta, "tmp"),
                                 TMPDIR=os.path.join(pasta, "tmp"),
                                 MPLCONFIGDIR=os.path.join(pasta, "mpl")))
        if not raiz:
            os.chmod(base, 0o700)
        else:
            os.chmod(base, 0o711)
        comando = [sys.executable, "-I", str(LANCADOR), json.dumps(cfg)]
        extras = 0
    execucao = Execucao()
    try:
        with tempfile.TemporaryFile() as tarefa:
            tarefa.write(json.dumps({"instrucoes": instrucoes, "funcoes": funcoes}).encode())
            tarefa.seek(0)
            inicio = time.monotonic()
            processo = subprocess.Popen(
                comando, env=dict(AMBIENTE), stdin=tarefa, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, start_new_session=True)
        leitor = Leitor(processo.stdout, sum(nomes.values()) + 64 * 1024)
        leitor.start()
        try:
            _esperar(processo, execucao, limites, inicio, leitor, extras)
        finally:
            try:
                os.killpg(processo.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            processo.wait()
            leitor.join(timeout=5)
            if not leitor.is_alive():   # (vivo só se um processo fugido segura o tubo)
                processo.stdout.close()
        recebidos = quadros(bytes(leitor.dados), {**nomes, "estado": 1024})
        del leitor
    finally:
        if base and cfg["uid"] is not None:
            _matar_uid(cfg["uid"])
        if base:
            _remover(base)
    estado = json_validado(recebidos.pop("estado", None) or b"null")
    if isinstance(estado, dict):
        if type(estado.get("codigo")) is int:
            execucao.codigo_saida = estado["codigo"]
        if estado.get("motivo") in ("arquivos demais", "disco cheio",
                                    "pastas profundas demais"):
            execucao.espaco_excedido = estado["motivo"]
    sinais_cpu = (-signal.SIGXCPU, 128 + signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGKILL)
    if (execucao.codigo_saida in sinais_cpu and time.monotonic() - inicio >= limites.tempo
            and not execucao.espaco_excedido):
        # Morto pelo limite de CPU (SIGXCPU; SIGKILL no limite rígido, se ignorou o
        # SIGXCPU). Só pode ser isso se já passou pelo menos `tempo` de parede.
        execucao.tempo_esgotado = True
    definicoes = json_validado(recebidos.get("definicoes.json") or b"null")
    erros = definicoes.get("erros") if isinstance(definicoes, dict) else None
    execucao.erros_definicao = erros if isinstance(erros, list) else []
    for k in range(len(funcoes)):
        nome = f"resultado_{k}.json"
        if nome not in recebidos:
            continue
        if recebidos[nome] is None:
            execucao.resultados[k] = {"casos": "grande demais"}   # descartado sem ser lido
            continue
        dado = json_validado(recebidos[nome])
        recebidos[nome] = None     # libera os bytes antes de ler o próximo
        execucao.resultados[k] = dado if isinstance(dado, dict) else {"casos": "malformado"}
    execucao.terminou = json_validado(recebidos.get("fim.json") or b"null") == {"fim": True}
    return execucao
