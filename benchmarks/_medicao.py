"""O corretor rodado como o professor o roda, observado por fora em /proc (tempo e memória)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import _comum  # noqa: F401  (raiz do repositório no sys.path)

from corretor import caixa


def _status(pid: int, campo: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as arq:
            for linha in arq:
                if linha.startswith(campo + ":"):
                    return int(linha.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Amostrador(threading.Thread):
    """A cada 0,1 s: pico do processo do corretor (VmHWM) e da soma com os descendentes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.pico_corretor_kb = 0
        self.pico_total_kb = 0
        self.parar = threading.Event()

    def run(self):
        while not self.parar.is_set():
            self.pico_corretor_kb = max(self.pico_corretor_kb, _status(self.pid, "VmHWM"))
            total = sum(_status(p, "VmRSS")
                        for p in [self.pid, *(caixa.descendentes(self.pid) or [])])
            self.pico_total_kb = max(self.pico_total_kb, total)
            self.parar.wait(0.1)


@dataclass
class Rodada:
    """Uma execução de ``python -m corretor``: saída, código, duração e picos (kB)."""
    texto: str
    codigo_saida: int
    duracao_s: float
    pico_corretor_kb: int
    pico_total_kb: int


def rodar_corretor(argumentos: list[str]) -> Rodada:
    """Roda ``python -m corretor <argumentos>`` na raiz e o observa a cada 0,1 s."""
    inicio = time.perf_counter()
    processo = subprocess.Popen([sys.executable, "-m", "corretor", *argumentos],
                                cwd=_comum.RAIZ, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
    amostrador = Amostrador(processo.pid)
    amostrador.start()
    texto, _ = processo.communicate()
    duracao = time.perf_counter() - inicio
    amostrador.parar.set()
    amostrador.join()
    return Rodada(texto, processo.returncode, duracao, amostrador.pico_corretor_kb,
                  amostrador.pico_total_kb)


def benchmark_de_1000():
    """O módulo ``benchmarks/corretor.py`` (a mistura de entregas do benchmark de 1.000).

    Tem o mesmo nome do pacote ``corretor``: por isso é carregado pelo caminho."""
    espec = importlib.util.spec_from_file_location("benchmark_corretor",
                                                   _comum.PASTA / "corretor.py")
    modulo = importlib.util.module_from_spec(espec)
    espec.loader.exec_module(modulo)
    return modulo
