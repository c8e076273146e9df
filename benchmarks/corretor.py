"""Benchmark do corretor: 100 entregas (corretas, erradas, com falha e em laço).

    python benchmarks/corretor.py [--entregas 100] [--processos 2]

Imprime uma tabela (entregas/s, memória de pico) e grava
``benchmarks/resultados_corretor.json`` com o número de CPUs, as versões e a data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from curso import corrigir  # noqa: E402

EXERCICIO = "gradiente_descendente"
VARIANTES = {
    "correta": "",
    "errada": "def entropia_cruzada(y, y_hat):\n    return float(-np.sum(y * np.log(y_hat)))\n",
    "falha": "def treinar(X, y, taxa, epocas):\n    raise ValueError('quebrou')\n",
    "laco": "def treinar(X, y, taxa, epocas):\n    while True:\n        pass\n",
}
PROPORCAO = {"correta": 0.5, "errada": 0.25, "falha": 0.2, "laco": 0.05}


def gerar_entregas(pasta: Path, n: int) -> dict:
    solucao = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    fontes = [c.source for c in solucao.cells if c.cell_type == "code"]
    contagem = {k: int(round(v * n)) for k, v in PROPORCAO.items()}
    contagem["correta"] += n - sum(contagem.values())
    i = 0
    for variante, quantas in contagem.items():
        for _ in range(quantas):
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell(f) for f in fontes + [VARIANTES[variante]]]
            destino = pasta / f"aluno{i:03d}" / "exercicio.ipynb"
            destino.parent.mkdir(parents=True)
            nbformat.write(nb, destino)
            i += 1
    return contagem


def main() -> int:
    parser = argparse.ArgumentParser(description="Mede o desempenho do corretor.")
    parser.add_argument("--entregas", type=int, default=100)
    parser.add_argument("--processos", type=int, default=2)
    parser.add_argument("--tempo-limite", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base) / "entregas"
        contagem = gerar_entregas(pasta, args.entregas)
        inicio = time.perf_counter()
        linhas = corrigir.corrigir_pasta(pasta, EXERCICIO, Path(base) / "notas.csv",
                                         limites=corrigir.Limites(tempo=args.tempo_limite),
                                         processos=args.processos, avisar=print)
        duracao = time.perf_counter() - inicio
    situacoes: dict[str, int] = {}
    for linha in linhas:
        situacoes[linha.status] = situacoes.get(linha.status, 0) + 1
    pico_proprio_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    resultado = {
        "data": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(), "numpy": np.__version__,
        "plataforma": platform.platform(),
        "isolamento": "bubblewrap" if corrigir.bwrap_disponivel() else "só limites de processo",
        "exercicio": EXERCICIO, "entregas": len(linhas), "variantes": contagem,
        "processos": args.processos, "tempo_limite_cpu_s": args.tempo_limite,
        "duracao_s": round(duracao, 2), "entregas_por_s": round(len(linhas) / duracao, 2),
        "pico_memoria_corretor_mb": round(pico_proprio_mb, 1),
        "carga_media_1min_ao_fim": round(os.getloadavg()[0], 1),
        "situacoes": situacoes,
    }
    print()
    print(f"{'entregas':>10} {'processos':>10} {'duração (s)':>12} {'entregas/s':>11} "
          f"{'pico de memória do corretor (MB)':>33}")
    print(f"{len(linhas):>10} {args.processos:>10} {duracao:>12.1f} "
          f"{len(linhas) / duracao:>11.2f} {pico_proprio_mb:>33.1f}")
    print("situações:", situacoes)
    print(f"carga média da máquina no fim: {os.getloadavg()[0]:.1f} "
          "(máquina compartilhada: compare só medições com carga parecida)")
    destino = RAIZ / "benchmarks" / "resultados_corretor.json"
    destino.write_text(json.dumps(resultado, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"gravado em {destino.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
