"""Benchmark do corretor: 100 entregas (corretas, erradas, com falha e em laço).

    python benchmarks/corretor.py [--entregas 100] [--processos 2]

Imprime uma tabela (entregas/s, memória de pico do corretor e da árvore de processos
corretor + entregas em curso, amostrada em /proc a cada 0,1 s) e grava
``benchmarks/resultados_corretor.json`` com o número de CPUs, as versões e a data.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import _comum  # noqa: E402  (raiz do repositório no sys.path; argparse em português)
import nbformat  # noqa: E402

from corretor import caixa, cli, comparacao, correcao, leitura  # noqa: E402

RAIZ = _comum.RAIZ
ARQUIVO = _comum.PASTA / "resultados_corretor.json"
META_S = 120.0
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


def _rss_da_arvore(raiz: int) -> float:
    """Soma do VmRSS (MB) de ``raiz`` e de todos os seus descendentes, lida em /proc."""
    total_kb = 0
    for pid in [raiz, *(caixa.descendentes(raiz) or [])]:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as arq:
                for linha in arq:
                    if linha.startswith("VmRSS:"):
                        total_kb += int(linha.split()[1])
                        break
        except (OSError, ValueError):
            pass
    return total_kb / 1024


class AmostradorDeMemoria(threading.Thread):
    """Mede, a cada 0,1 s, a memória residente somada do corretor e das entregas em curso."""

    def __init__(self):
        super().__init__(daemon=True)
        self.pico_mb = 0.0
        self.parar = threading.Event()

    def run(self):
        while not self.parar.is_set():
            if os.path.isdir("/proc"):
                self.pico_mb = max(self.pico_mb, _rss_da_arvore(os.getpid()))
            self.parar.wait(0.1)


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Mede a vazão do corretor automático: gera entregas do exercício "
                    f"{EXERCICIO} (50 % corretas, 25 % erradas, 20 % com exceção e 5 % em "
                    "laço infinito), corrige todas e grava "
                    f"{ARQUIVO.relative_to(RAIZ)}.")
    parser.add_argument("--entregas", type=int, default=100, metavar="N",
                        help="quantas entregas gerar (padrão: 100)")
    parser.add_argument("--processos", type=int, default=2, metavar="N",
                        help="entregas corrigidas em paralelo (padrão: 2)")
    parser.add_argument("--tempo-limite", type=float, default=5.0, metavar="S",
                        help="segundos de CPU por entrega (padrão: 5)")
    args = parser.parse_args(argv)
    maquina = _comum.maquina()
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base) / "entregas"
        contagem = gerar_entregas(pasta, args.entregas)
        amostrador = AmostradorDeMemoria()
        amostrador.start()
        inicio = time.perf_counter()
        linhas = correcao.corrigir_pasta(pasta, EXERCICIO, Path(base) / "notas.csv",
                                         limites=caixa.Limites(tempo=args.tempo_limite),
                                         processos=args.processos, avisar=print)
        duracao = time.perf_counter() - inicio
        amostrador.parar.set()
        amostrador.join()
    situacoes: dict[str, int] = {}
    for linha in linhas:
        situacoes[linha.status] = situacoes.get(linha.status, 0) + 1
    # ru_maxrss em KiB no Linux: o pico do próprio processo do corretor. (O
    # RUSAGE_CHILDREN não serve aqui: um filho recém-criado por fork herda a contagem
    # de memória do pai, e o pico dos filhos sai igual ao do corretor.)
    pico_corretor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pico_total = amostrador.pico_mb
    resultado = {
        "data": _comum.agora(),
        "cpus": os.cpu_count(),
        "maquina": maquina,
        "carga_media_no_fim": _comum.maquina()["carga_media_1_5_15min"],
        "versoes": _comum.versoes(("numpy", "nbformat")),
        "isolamento": "bubblewrap" if caixa.bwrap_disponivel() else "só limites de processo",
        "exercicio": EXERCICIO, "entregas": len(linhas), "variantes": contagem,
        "processos": args.processos, "tempo_limite_cpu_s": args.tempo_limite,
        "duracao_s": round(duracao, 2), "entregas_por_s": round(len(linhas) / duracao, 2),
        "meta_s": META_S, "meta_atingida": duracao <= META_S * len(linhas) / 100,
        "pico_memoria_corretor_mb": round(pico_corretor, 1),
        "pico_memoria_total_mb": round(pico_total, 1),
        "situacoes": situacoes,
    }
    print()
    print(_comum.formatar_tabela(
        ["entregas", "processos", "duração (s)", "entregas/s", "pico do corretor (MB)",
         "pico total, com as entregas (MB)"],
        [[len(linhas), args.processos, f"{duracao:.1f}", f"{len(linhas) / duracao:.2f}",
          f"{pico_corretor:.1f}", f"{pico_total:.1f}"]]))
    print("situações:", situacoes)
    print(f"isolamento: {resultado['isolamento']}; meta (≤ {META_S:.0f} s por 100 entregas): "
          f"{'atingida' if resultado['meta_atingida'] else 'não atingida'}")
    _comum.gravar_json(ARQUIVO, resultado)
    print(f"gravado em {ARQUIVO.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
