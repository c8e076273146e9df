"""Memória de um processo e dos seus descendentes, observada por fora em /proc."""

from __future__ import annotations

import threading

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
