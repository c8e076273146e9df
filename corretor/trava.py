"""Trava das saídas: duas correções nunca gravam no mesmo CSV nem na mesma pasta de
relatórios.

Cada saída tem um arquivo de trava ao lado dela (``notas.csv`` → ``.notas.csv.trava``;
``relatorios/`` → ``.relatorios.trava``, fora da pasta), travado com ``fcntl.flock``
enquanto a correção roda. Quem chega depois é recusado na hora, antes de mexer em
qualquer saída. O sistema operacional solta a trava quando o processo termina, também
num ``kill -9`` ou numa queda: nunca fica uma trava presa. O arquivo é apagado no fim
(um que sobrar de uma queda não trava nada; a próxima correção o reaproveita).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:             # Windows: sem trava (e sem caixa de areia)
    fcntl = None


class SaidaOcupada(Exception):
    """Outra correção está gravando nesta saída."""


def arquivo_da_trava(saida: Path) -> Path:
    """O arquivo de trava de uma saída (a pasta dela pelo caminho real, sem links)."""
    saida = Path(os.path.abspath(saida))
    return Path(os.path.realpath(saida.parent)) / f".{saida.name}.trava"


def _travar(saida: Path) -> int | None:
    caminho = arquivo_da_trava(saida)
    for _ in range(10):
        fd = os.open(caminho, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            dono = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise SaidaOcupada(
                f"outra correção (processo {dono or 'desconhecido'}) está gravando em "
                f"{saida} (trava {caminho}); espere ela terminar ou escolha outra saída"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        # Travado o arquivo certo? Quem soltava a trava pode tê-lo apagado entre o
        # open e o flock; então o caminho é outro arquivo (ou nenhum): de novo.
        try:
            mesmo = os.path.samestat(os.fstat(fd), os.stat(caminho))
        except FileNotFoundError:
            mesmo = False
        if mesmo:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return fd
        os.close(fd)
    raise SaidaOcupada(f"não consegui travar {caminho} (outras correções disputando a saída)")


def _soltar(saida: Path, fd: int) -> None:
    try:
        os.unlink(arquivo_da_trava(saida))     # ainda travado: ninguém o usa agora
    except OSError:
        pass
    os.close(fd)


@contextlib.contextmanager
def travar_saidas(*saidas: Path | None):
    """Trava cada saída (``None`` é ignorada) enquanto o bloco roda.

    Levanta :class:`SaidaOcupada` se outra correção já trava alguma delas (as que
    este processo já travou são soltas). A pasta de cada saída precisa existir.
    """
    if fcntl is None:
        yield
        return
    travadas: list[tuple[Path, int]] = []
    try:
        for saida in saidas:
            if saida is not None and all(arquivo_da_trava(saida) != arquivo_da_trava(s)
                                         for s, _ in travadas):
                travadas.append((Path(saida), _travar(Path(saida))))
        yield
    finally:
        for saida, fd in reversed(travadas):
            _soltar(saida, fd)
