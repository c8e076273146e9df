"""Peças comuns aos scripts de benchmark: descrição da máquina e gravação de JSON.

Os scripts de ``benchmarks/`` são rodados como ``python benchmarks/X.py``; por isso
este módulo é importado como ``_comum`` (a pasta do script entra no ``sys.path``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
PASTA = RAIZ / "benchmarks"

if str(RAIZ) not in sys.path:
    sys.path.insert(0, str(RAIZ))

# Linha de comando em português (``--help`` e erros de uso), a mesma do pacote.
from corretor.argumentos import ArgumentParserPt  # noqa: E402,F401


def agora() -> str:
    """Data e hora locais em ISO 8601, com fuso, até os segundos."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _modelo_cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for linha in f:
                if linha.lower().startswith("model name"):
                    return linha.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "desconhecido"


def versoes(pacotes=("numpy", "tensorflow", "tensorflow-cpu", "keras", "nbclient",
                     "jupyter-book")) -> dict:
    """Versões instaladas dos pacotes pedidos (os ausentes ficam de fora)."""
    saida = {"python": platform.python_version()}
    for nome in pacotes:
        try:
            saida[nome] = metadata.version(nome)
        except metadata.PackageNotFoundError:
            continue
    return saida


def maquina() -> dict:
    """Descrição da máquina: CPUs, modelo do processador, sistema e carga no momento."""
    try:
        disponiveis = len(os.sched_getaffinity(0))
    except AttributeError:  # fora do Linux
        disponiveis = os.cpu_count()
    try:
        carga = [round(c, 2) for c in os.getloadavg()]
    except OSError:
        carga = None
    try:
        niceness = os.nice(0)
    except OSError:
        niceness = None
    return {
        "cpus": os.cpu_count(),
        "cpus_disponiveis": disponiveis,
        "processador": _modelo_cpu(),
        "sistema": platform.platform(),
        "gpu": "nenhuma (só CPU)" if not _tem_gpu() else "sim",
        "carga_media_1_5_15min": carga,
        "nice": niceness,
    }


def _tem_gpu() -> bool:
    return os.path.exists("/dev/nvidia0")


def ler_json(caminho: Path) -> dict:
    """Lê um JSON de resultados; dicionário vazio se o arquivo não existir ou for inválido."""
    try:
        with open(caminho, encoding="utf-8") as f:
            dados = json.load(f)
        return dados if isinstance(dados, dict) else {}
    except (OSError, json.JSONDecodeError):
        return {}


def gravar_json(caminho: Path, dados: dict) -> None:
    """Grava de forma atômica (arquivo temporário + renomeação), em UTF-8 legível."""
    caminho = Path(caminho)
    temporario = caminho.with_suffix(caminho.suffix + ".tmp")
    with open(temporario, "w", encoding="utf-8") as f:
        json.dump(dados, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(temporario, caminho)


def formatar_tabela(cabecalho: list[str], linhas: list[list]) -> str:
    """Tabela de texto simples, com colunas alinhadas (números à direita)."""
    texto = [[str(c) for c in cabecalho]] + [[str(c) for c in linha] for linha in linhas]
    larguras = [max(len(l[i]) for l in texto) for i in range(len(cabecalho))]

    def fmt(linha, cab=False):
        partes = []
        for i, c in enumerate(linha):
            numero = not cab and c.replace(".", "").replace(",", "").replace("%", "") \
                .replace("×", "").replace("-", "").strip().isdigit()
            partes.append(c.rjust(larguras[i]) if numero else c.ljust(larguras[i]))
        return "  ".join(partes).rstrip()

    separador = "  ".join("-" * w for w in larguras)
    return "\n".join([fmt(texto[0], cab=True), separador] + [fmt(l) for l in texto[1:]])


def _funcoes_openblas():
    """Funções ``set``/``get`` do número de threads da OpenBLAS carregada pelo numpy."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            libs = sorted({l.split()[-1] for l in f if "openblas" in l.lower() and "/" in l})
    except OSError:
        return None
    for caminho in libs:
        lib = ctypes.CDLL(caminho)
        for prefixo, sufixo in (("scipy_openblas", "64_"), ("openblas", "64_"),
                                ("scipy_openblas", ""), ("openblas", "")):
            definir = getattr(lib, f"{prefixo}_set_num_threads{sufixo}", None)
            obter = getattr(lib, f"{prefixo}_get_num_threads{sufixo}", None)
            if definir is not None and obter is not None:
                return definir, obter
    return None


def threads_blas(n: int | None = None) -> int | None:
    """Define (se ``n`` for dado) e devolve o número de threads da BLAS do numpy.

    Funciona com a OpenBLAS que acompanha o numpy (a mesma técnica do
    ``threadpoolctl``); devolve ``None`` se a biblioteca não for encontrada.
    """
    import numpy  # noqa: F401  (carrega a BLAS)

    funcoes = _funcoes_openblas()
    if funcoes is None:
        return None
    definir, obter = funcoes
    if n is not None:
        definir(int(n))
    return int(obter())
