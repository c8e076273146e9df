"""Corretor automático dos exercícios (para professores).

Uso::

    python -m curso.corrigir ENTREGAS --exercicio NOME --saida notas.csv \\
        [--feedback PASTA] [--tempo-limite S] [--processos N] [--semente K]

Cada ``.ipynb`` encontrado (recursivamente) em ENTREGAS vira exatamente uma linha do
CSV. As funções corrigidas são achadas pelo **nome** (análise das células com
``ast``). Só as *definições* de cada célula (``import``, ``def``, ``class`` e
atribuições sem chamadas) são executadas; o resto (treinos, gráficos, verificações)
é ignorado. Cada entrega roda num processo próprio, com limites de tempo, CPU,
memória, tamanho de arquivo e número de processos, num diretório descartável e, no
Linux com ``bwrap`` instalado, numa caixa de areia (sistema somente leitura, /tmp
privado, sem rede). A entrega só devolve dados (JSON com arrays em base64); as
comparações com as saídas da solução de referência — calculadas noutro processo, com
entradas sorteadas na hora a partir da semente do professor — acontecem neste
processo, fora do alcance do código do aluno. O modelo de ameaça está na seção
"Para professores" do ``README.md``.
"""

from __future__ import annotations

import ast
import atexit
import builtins
import csv
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from curso import _executor
from curso.argumentos import ArgumentParserPt
from curso.casos_correcao import EXERCICIOS, FuncaoCorrigida

RAIZ = Path(__file__).resolve().parent.parent
EXECUTOR = Path(_executor.__file__)
MAX_BYTES_NOTEBOOK = 20 * 1024 * 1024
MAX_BYTES_RESULTADO = 64 * 1024 * 1024

# Ordem de gravidade: o status da linha é o mais grave encontrado.
STATUS = ["ok", "não implementada", "erro de execução", "função ausente", "erro de sintaxe",
          "memória excedida", "processos demais", "tempo esgotado", "arquivo inválido"]


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


class ArquivoInvalido(Exception):
    """Entrega que não é um notebook legível."""


# --------------------------------------------------------------------------- leitura

def ler_celulas(caminho: Path) -> list[str]:
    """Código-fonte das células de código de um notebook (v4 ou v3)."""
    try:
        tamanho = caminho.stat().st_size
    except OSError as erro:
        raise ArquivoInvalido(f"não consegui ler o arquivo ({erro.strerror})") from None
    if tamanho == 0:
        raise ArquivoInvalido("arquivo vazio")
    if tamanho > MAX_BYTES_NOTEBOOK:
        raise ArquivoInvalido("arquivo grande demais para um notebook")
    try:
        dado = json.loads(caminho.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ArquivoInvalido("não é JSON válido (não é um notebook)") from None
    if not isinstance(dado, dict):
        raise ArquivoInvalido("JSON sem a estrutura de um notebook")
    celulas = dado.get("cells")
    if celulas is None and isinstance(dado.get("worksheets"), list) and dado["worksheets"]:
        folha = dado["worksheets"][0]
        celulas = folha.get("cells") if isinstance(folha, dict) else None
    if not isinstance(celulas, list):
        raise ArquivoInvalido("JSON sem a lista de células de um notebook")
    fontes = []
    for celula in celulas:
        if not isinstance(celula, dict) or celula.get("cell_type") != "code":
            continue
        fonte = celula.get("source", celula.get("input", ""))
        if isinstance(fonte, list) and all(isinstance(x, str) for x in fonte):
            fonte = "".join(fonte)
        if not isinstance(fonte, str):
            raise ArquivoInvalido("célula de código malformada")
        fontes.append(fonte)
    return fontes


_MAGICA_CELULA_PYTHON = {"time", "timeit", "capture", "prun"}
_LINHA_MAGICA = re.compile(r"^(\s*)(?:[\w.\[\], ]+\s*=\s*)?[%!]")


def sem_magicas(fonte: str) -> str | None:
    """Troca comandos mágicos do IPython por ``pass``; ``None`` se a célula não é Python.

    Células ``%%bash``, ``%%writefile`` etc. são descartadas; ``%%time``/``%%capture``
    têm o corpo mantido. Linhas ``%magica``/``!comando`` (também ``x = !ls``) viram
    ``pass`` com a mesma indentação, para o resto da célula continuar analisável.
    """
    linhas = fonte.splitlines()
    primeira = next((l for l in linhas if l.strip()), "")
    if primeira.lstrip().startswith("%%"):
        nome = primeira.lstrip()[2:].split()[0] if primeira.strip() != "%%" else ""
        if nome not in _MAGICA_CELULA_PYTHON:
            return None
        cabecalho = linhas.index(primeira)
        linhas = [""] * (cabecalho + 1) + linhas[cabecalho + 1:]   # mesmas linhas
    saida = []
    for linha in linhas:
        m = _LINHA_MAGICA.match(linha)
        saida.append(m.group(1) + "pass" if m else linha)
    return "\n".join(saida)


def _sem_chamadas(no: ast.AST) -> bool:
    return not any(isinstance(n, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom))
                   for n in ast.walk(no))


def definicoes(fontes: list[str]) -> tuple[list[dict], list[int], set[str]]:
    """Extrai as instruções de definição de cada célula.

    Devolve (instruções, células com erro de sintaxe, nomes de funções definidas).
    Mantém ``import``, ``def``, ``class`` e atribuições cujo valor não chama nada
    (constantes, ``lambda``); o resto do notebook não é executado na correção.
    """
    instrucoes, com_erro, nomes = [], [], set()
    for i, fonte in enumerate(fontes, start=1):
        codigo = sem_magicas(fonte)
        if codigo is None or not codigo.strip():
            continue
        try:
            arvore = ast.parse(codigo)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            com_erro.append(i)
            continue
        for no in arvore.body:
            manter = isinstance(no, (ast.Import, ast.ImportFrom, ast.FunctionDef,
                                     ast.AsyncFunctionDef, ast.ClassDef))
            if isinstance(no, (ast.Assign, ast.AnnAssign)) and no.value is not None:
                manter = _sem_chamadas(no.value)
            if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nomes.add(no.name)
            if isinstance(no, ast.Assign) and isinstance(no.value, ast.Lambda):
                nomes.update(t.id for t in no.targets if isinstance(t, ast.Name))
            if manter:
                segmento = ast.get_source_segment(codigo, no, padded=True)
                linha = no.lineno
                if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                        and no.decorator_list:
                    segmento = ast.unparse(no)
                    linha = no.decorator_list[0].lineno
                if not segmento:
                    segmento = ast.unparse(no)
                instrucoes.append({"celula": i, "linha": linha, "codigo": segmento})
    return instrucoes, com_erro, nomes


# --------------------------------------------------------------------------- caixa de areia

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


# --------------------------------------------------------------------------- comparação

def comparar(esperado, obtido, rtol: float, atol: float, onde: str = "saída") -> str | None:
    """``None`` se ``obtido`` confere com ``esperado``; senão, o motivo em português."""
    if isinstance(esperado, dict):
        if not isinstance(obtido, dict):
            return f"{onde}: esperava um dicionário, veio {_nome_tipo(obtido)}"
        faltam = sorted(set(esperado) - set(obtido))
        if faltam:
            return f"{onde}: faltam as chaves {faltam}"
        for chave in sorted(esperado):
            motivo = comparar(esperado[chave], obtido[chave], rtol, atol,
                              f"{onde}[{chave!r}]")
            if motivo:
                return motivo
        return None
    if isinstance(esperado, list):
        if not isinstance(obtido, list):
            return f"{onde}: esperava uma tupla/lista de {len(esperado)} itens, veio " \
                   f"{_nome_tipo(obtido)}"
        if len(obtido) != len(esperado):
            return f"{onde}: esperava {len(esperado)} itens, vieram {len(obtido)}"
        for i, (e, o) in enumerate(zip(esperado, obtido)):
            motivo = comparar(e, o, rtol, atol, f"{onde}[{i}]")
            if motivo:
                return motivo
        return None
    if esperado is None or isinstance(esperado, str):
        return None if obtido == esperado else f"{onde}: valor diferente do esperado"
    # numérico: escalar ou array
    if isinstance(obtido, (dict, list, str)) or obtido is None:
        return f"{onde}: esperava um número/array, veio {_nome_tipo(obtido)}"
    e = np.asarray(esperado, dtype=np.float64)
    o = np.asarray(obtido, dtype=np.float64)
    if e.shape != o.shape:
        if e.size == 1 and o.size == 1:
            o = o.reshape(e.shape)
        else:
            return f"{onde}: forma errada (esperada {e.shape}, recebida {o.shape})"
    if not np.all(np.isfinite(o)) and np.all(np.isfinite(e)):
        return f"{onde}: contém NaN ou infinito"
    if not np.allclose(o, e, rtol=rtol, atol=atol, equal_nan=True):
        dif = float(np.nanmax(np.abs(o - e))) if o.size else 0.0
        return f"{onde}: valores diferentes dos esperados (maior diferença {dif:.3g})"
    return None


def _nome_tipo(valor) -> str:
    return {dict: "um dicionário", list: "uma tupla/lista", str: "um texto",
            type(None): "None", bool: "um booleano"}.get(
        type(valor), "um número" if isinstance(valor, (int, float)) else
        "um array" if isinstance(valor, np.ndarray) else type(valor).__name__)


# --------------------------------------------------------------------------- correção

@dataclass
class Linha:
    aluno: str
    arquivo: str
    pontos: dict
    maximo: float
    status: str
    motivo: str
    detalhes: list = field(default_factory=list)   # (função, pontos, máximo, mensagem)

    @property
    def total(self) -> float:
        return float(sum(self.pontos.values()))


def preparar_referencia(nome: str, semente: int, limites: Limites, bwrap: str | None,
                        solucao: Path | None = None):
    """Sorteia as entradas de correção e calcula as saídas da solução de referência."""
    especificacao = EXERCICIOS[nome]
    rng = np.random.default_rng(semente)
    funcoes = []
    for funcao in especificacao:
        casos = [_executor.codificar(list(args), np) for args in funcao.gerar(rng)]
        funcoes.append({"nome": funcao.nome, "casos": casos})
    solucao = solucao or RAIZ / "solutions" / f"{nome}.ipynb"
    instrucoes, com_erro, _ = definicoes(ler_celulas(solucao))
    if com_erro:
        raise RuntimeError(f"a solução {solucao} tem erro de sintaxe nas células {com_erro}")
    limites_ref = Limites(tempo=max(60.0, limites.tempo), memoria_mb=max(2048, limites.memoria_mb))
    execucao = executar(instrucoes, funcoes, limites_ref, bwrap)
    esperados = []
    for k, funcao in enumerate(especificacao):
        dado = execucao.resultados.get(k, {})
        casos = dado.get("casos") if isinstance(dado, dict) else None
        if not casos or len(casos) != len(funcoes[k]["casos"]) or any("erro" in c for c in casos):
            raise RuntimeError(f"a solução de referência falhou em {funcao.nome}: {dado}")
        esperados.append([funcao.transformar(_executor.decodificar(c["saida"], np),
                                             _executor.decodificar(a, np))
                          for c, a in zip(casos, funcoes[k]["casos"])])
    return funcoes, esperados


def corrigir_arquivo(caminho: Path, raiz: Path, nome: str, funcoes: list[dict],
                     esperados: list, limites: Limites, bwrap: str | None) -> Linha:
    """Corrige uma entrega; nunca levanta exceção (tudo vira status e motivo)."""
    especificacao: list[FuncaoCorrigida] = EXERCICIOS[nome]
    relativo = caminho.relative_to(raiz)
    aluno = relativo.parts[0] if len(relativo.parts) > 1 else caminho.stem
    pontos = {f.nome: 0.0 for f in especificacao}
    maximo = float(sum(f.pontos for f in especificacao))
    linha = Linha(aluno, relativo.as_posix(), pontos, maximo, "ok", "")
    try:
        fontes = ler_celulas(caminho)
        instrucoes, com_erro, _ = definicoes(fontes)
    except ArquivoInvalido as erro:
        linha.status, linha.motivo = "arquivo inválido", str(erro)
        linha.detalhes = [(f.nome, 0.0, f.pontos, "não corrigida: arquivo inválido")
                          for f in especificacao]
        return linha
    except Exception as erro:  # noqa: BLE001 - entrada hostil não derruba o corretor
        linha.status, linha.motivo = "arquivo inválido", f"não consegui analisar ({type(erro).__name__})"
        return linha
    try:
        execucao = executar(instrucoes, funcoes, limites, bwrap)
    except Exception as erro:  # noqa: BLE001
        linha.status, linha.motivo = "erro de execução", f"falha ao executar ({type(erro).__name__})"
        return linha

    estados, motivos = [], []
    if com_erro:
        estados.append("erro de sintaxe")
        motivos.append(f"erro de sintaxe na(s) célula(s) de código {com_erro} (ignorada(s))")
    interrompida = False
    for k, funcao in enumerate(especificacao):
        dado = execucao.resultados.get(k)
        mensagem = None
        if dado is None:
            if execucao.processos_demais and not interrompida:
                mensagem = (f"processos demais (a entrega chegou a {limites.processos} "
                            "processos; os.fork/subprocess em laço?)")
                estado = "processos demais"
            elif execucao.processos_demais:
                mensagem, estado = "não corrigida: a entrega foi interrompida antes", "processos demais"
            elif execucao.tempo_esgotado and not interrompida:
                mensagem, estado = "tempo esgotado (laço infinito ou lento demais?)", "tempo esgotado"
            elif execucao.tempo_esgotado:
                mensagem, estado = "não corrigida: o tempo acabou antes", "tempo esgotado"
            elif not interrompida:
                mensagem = ("o processo terminou sem devolver resultado "
                            f"(código {execucao.codigo_saida}); chamou os._exit ou caiu?")
                estado = "erro de execução"
            else:
                mensagem, estado = "não corrigida: o processo terminou antes", "erro de execução"
            interrompida = True
        elif dado.get("ausente") is True:
            mensagem, estado = "função ausente (nenhuma função com esse nome)", "função ausente"
        else:
            mensagem, estado = _avaliar(funcao, dado.get("casos"), esperados[k], funcoes[k],
                                        fontes)
        if mensagem is None:
            pontos[funcao.nome] = float(funcao.pontos)
            linha.detalhes.append((funcao.nome, float(funcao.pontos), funcao.pontos, "correta"))
        else:
            linha.detalhes.append((funcao.nome, 0.0, funcao.pontos, mensagem))
            if estado != "ok":
                estados.append(estado)
            motivos.append(f"{funcao.nome}: {mensagem}")
    if estados:
        linha.status = max(estados, key=STATUS.index)
    linha.motivo = "; ".join(motivos)[:300]
    return linha


def _nome_excecao(tipo: str) -> str:
    """O tipo só é mostrado se for uma exceção embutida do Python (texto do aluno, não)."""
    classe = getattr(builtins, tipo, None)
    if isinstance(classe, type) and issubclass(classe, BaseException):
        return tipo
    return "uma exceção"


def _onde(erro: dict, fontes: list[str]) -> str:
    """" na célula N, linha L: `código`", com o código tirado do notebook do próprio aluno.

    A mensagem da exceção nunca é mostrada: ela é texto produzido pelo código do aluno
    com as entradas de correção à mão e poderia revelá-las no relatório.
    """
    celula, linha = erro.get("celula"), erro.get("linha")
    if not (isinstance(celula, int) and isinstance(linha, int)
            and 1 <= celula <= len(fontes)):
        return ""
    linhas = fontes[celula - 1].splitlines()
    if not 1 <= linha <= len(linhas):
        return f" (célula de código {celula})"
    codigo = linhas[linha - 1].strip()
    if len(codigo) > 80:
        codigo = codigo[:77] + "..."
    return f" na célula de código {celula}, linha {linha}: `{codigo}`"


def _avaliar(funcao: FuncaoCorrigida, casos, esperados: list, tarefa: dict,
             fontes: list[str] | None = None):
    """(mensagem ou None, estado) comparando cada caso fora do processo do aluno."""
    fontes = fontes or []
    if not isinstance(casos, list):
        return "resultado malformado", "erro de execução"
    for i, esperado in enumerate(esperados):
        if i >= len(casos) or not isinstance(casos[i], dict):
            return "resultado incompleto", "erro de execução"
        caso = casos[i]
        if "erro" in caso:
            erro = caso["erro"] if isinstance(caso["erro"], dict) else {}
            tipo = str(erro.get("tipo", ""))[:60]
            if tipo == "NotImplementedError":
                return "ainda não implementada (NotImplementedError)", "não implementada"
            if tipo == "RetornoInvalido":
                return ("tipo de retorno não suportado (devolva arrays do NumPy, números, "
                        "listas, tuplas ou dicionários)"), "ok"
            if tipo == "MemoryError":
                return "memória excedida", "memória excedida"
            return f"levantou {_nome_excecao(tipo)}{_onde(erro, fontes)}", "erro de execução"
        try:
            obtido = _executor.decodificar(caso.get("saida"), np)
            argumentos = _executor.decodificar(tarefa["casos"][i], np)
            obtido = funcao.transformar(obtido, argumentos)
        except _executor.ErroCodificacao as erro:
            return f"tipo de retorno não suportado ({erro})", "ok"
        except Exception as erro:  # noqa: BLE001 - saída em formato inesperado
            return f"retorno em formato inesperado ({type(erro).__name__})", "ok"
        motivo = comparar(esperado, obtido, funcao.rtol, funcao.atol)
        if motivo:
            return f"caso {i + 1} de {len(esperados)}: {motivo}", "ok"
    return None, "ok"


def relatorio(linha: Linha, nome: str) -> str:
    """Relatório em português para o aluno (sem entradas de correção nem solução)."""
    partes = [f"# Correção do exercício `{nome}`", "",
              f"- Arquivo: `{linha.arquivo}`",
              f"- Nota: {linha.total:g} de {linha.maximo:g} "
              f"({100 * linha.total / linha.maximo:.0f} %)",
              f"- Situação: {linha.status}", "", "## Funções", ""]
    for funcao, pts, maximo, mensagem in linha.detalhes:
        marca = "✔" if pts == maximo else "✘"
        partes.append(f"- {marca} `{funcao}` ({pts:g}/{maximo:g}): {mensagem}")
    if linha.status == "arquivo inválido":
        partes.append(f"- O arquivo não pôde ser lido: {linha.motivo}")
    partes += ["", "As entradas usadas na correção são sorteadas na hora e diferem das "
               "do notebook; compare o seu código com o enunciado e com as dicas das "
               "células de verificação.", ""]
    return "\n".join(partes)


def corrigir_pasta(entregas: Path, nome: str, saida: Path, feedback: Path | None = None,
                   limites: Limites | None = None, processos: int = 1, semente: int = 0,
                   isolar: bool = True, avisar=print) -> list[Linha]:
    """Corrige todas as entregas da pasta e grava o CSV (e os relatórios)."""
    limites = limites or Limites()
    bwrap = bwrap_disponivel() if isolar else None
    if bwrap:
        avisar(f"Isolamento: bubblewrap ({bwrap}) + limites de processo.")
    else:
        avisar("AVISO: bubblewrap indisponível; só limites de processo (tempo, CPU, "
               "memória, arquivos, processos). O código dos alunos enxerga o sistema de "
               "arquivos com as permissões deste usuário (veja o modelo de ameaça no README.md).")
    funcoes, esperados = preparar_referencia(nome, semente, limites, bwrap)
    entregas = entregas.resolve()
    arquivos = sorted((p for p in entregas.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()),
                      key=lambda p: p.relative_to(entregas).as_posix())
    inicio = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, processos)) as grupo:
        linhas = list(grupo.map(lambda p: corrigir_arquivo(
            p, entregas, nome, funcoes, esperados, limites, bwrap), arquivos))
    especificacao = EXERCICIOS[nome]
    saida.parent.mkdir(parents=True, exist_ok=True)
    with open(saida, "w", newline="", encoding="utf-8") as arq:
        escritor = csv.writer(arq)
        escritor.writerow(["aluno", "arquivo", *[f.nome for f in especificacao],
                           "total", "maximo", "percentual", "status", "motivo"])
        for linha in linhas:
            escritor.writerow([linha.aluno, linha.arquivo,
                               *[f"{linha.pontos[f.nome]:g}" for f in especificacao],
                               f"{linha.total:g}", f"{linha.maximo:g}",
                               f"{100 * linha.total / linha.maximo:.1f}",
                               linha.status, linha.motivo])
    if feedback:
        feedback.mkdir(parents=True, exist_ok=True)
        for linha in linhas:
            nome_arq = re.sub(r"[^\w.-]+", "_", linha.arquivo.removesuffix(".ipynb")) + ".md"
            (feedback / nome_arq).write_text(relatorio(linha, nome), encoding="utf-8")
    avisar(f"{len(linhas)} entrega(s) corrigida(s) em {time.perf_counter() - inicio:.1f} s; "
           f"notas em {saida}.")
    return linhas


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(
        prog="python -m curso.corrigir",
        description="Corrige automaticamente as entregas (.ipynb) de um exercício e "
                    "grava as notas num CSV (uma linha por arquivo encontrado).",
        epilog="Exercícios disponíveis: " + ", ".join(sorted(EXERCICIOS)) +
               ". Modelo de ameaça e limites: seção \"Para professores\" do README.md.")
    parser.add_argument("entregas", metavar="ENTREGAS", type=Path,
                        help="pasta com os notebooks dos alunos (procura em subpastas; "
                             "o aluno é a primeira subpasta ou o nome do arquivo)")
    parser.add_argument("--exercicio", required=True, choices=sorted(EXERCICIOS),
                        metavar="NOME", help="nome do exercício (ex.: adam)")
    parser.add_argument("--saida", required=True, type=Path, metavar="ARQ.csv",
                        help="arquivo CSV de notas a gravar")
    parser.add_argument("--feedback", type=Path, metavar="PASTA",
                        help="grava um relatório em português por entrega nesta pasta")
    parser.add_argument("--tempo-limite", type=float, default=20.0, metavar="S",
                        help="tempo de CPU máximo por entrega, em segundos (padrão: 20); o "
                             "tempo de parede máximo é 1,5 × S + 5")
    parser.add_argument("--memoria", type=int, default=1024, metavar="MB",
                        help="memória máxima (espaço de endereços) por entrega (padrão: 1024)")
    parser.add_argument("--processos", type=int, default=1, metavar="N",
                        help="quantas entregas corrigir em paralelo (padrão: 1)")
    parser.add_argument("--semente", type=int, default=0, metavar="K",
                        help="semente das entradas de correção sorteadas (padrão: 0); "
                             "guarde-a para reproduzir as notas")
    parser.add_argument("--sem-isolamento", action="store_true",
                        help="não usa o bubblewrap mesmo se disponível (só limites)")
    args = parser.parse_args(argv)
    if not args.entregas.is_dir():
        parser.error(f"a pasta {args.entregas} não existe")
    linhas = corrigir_pasta(args.entregas, args.exercicio, args.saida, args.feedback,
                            Limites(tempo=args.tempo_limite, memoria_mb=args.memoria),
                            args.processos, args.semente, not args.sem_isolamento)
    contagem: dict[str, int] = {}
    for linha in linhas:
        contagem[linha.status] = contagem.get(linha.status, 0) + 1
    print("Situações: " + ", ".join(f"{k}: {v}" for k, v in sorted(contagem.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
