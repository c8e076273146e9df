"""Benchmark do corretor: N entregas (corretas, erradas, com exceção, em laço e hostis).

    python benchmarks/corretor.py [--entregas 1000] [--processos 2] [--tempo-limite 5]

O corretor roda como o professor o roda (``python -m corretor``, num processo próprio)
e este script o observa por fora, em /proc, a cada 0,1 s: o pico de memória residente
do processo confiável (``VmHWM``) e o pico da soma corretor + subprocessos (análise e
entregas em curso). Imprime uma tabela e grava ``benchmarks/resultados_corretor.json``
com o número de CPUs, a carga da máquina, as versões e a data.

Metas (issue 10): 1.000 entregas em até 15 min com 2 processos e isolamento, e o
processo confiável abaixo de 300 MB, quaisquer que sejam as entregas.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path

import _comum  # noqa: E402  (raiz do repositório no sys.path; argparse em português)
import nbformat  # noqa: E402
from _medicao import rodar_corretor  # noqa: E402

from corretor import caixa  # noqa: E402

RAIZ = _comum.RAIZ
ARQUIVO = _comum.PASTA / "resultados_corretor.json"
META_S = 90.0                 # por 100 entregas: 1.000 em 15 min
META_MEMORIA_MB = 300.0       # pico do processo confiável
EXERCICIO = "gradiente_descendente"


def _forja(texto: str) -> str:
    return ("import os\ndef prever(X, w, b):\n"
            f"    open('f.tmp', 'w').write({texto})\n"
            "    os.replace('f.tmp', 'resultado_1.json')\n    os._exit(0)\n")


VARIANTES = {
    "correta": "",
    "errada": "def entropia_cruzada(y, y_hat):\n    return float(-np.sum(y * np.log(y_hat)))\n",
    "falha": "def treinar(X, y, taxa, epocas):\n    raise ValueError('quebrou')\n",
    "laco": "def treinar(X, y, taxa, epocas):\n    while True:\n        pass\n",
    # hostis
    "bomba_memoria": ("def treinar(X, y, taxa, epocas):\n    l = []\n    while True:\n"
                      "        l.append(np.ones(10_000_000))\n"),
    "fork_bomb": ("import os\ndef treinar(X, y, taxa, epocas):\n    while True:\n"
                  "        try:\n            os.fork()\n        except OSError:\n            pass\n"),
    "disco_cheio": ("def treinar(X, y, taxa, epocas):\n    with open('/tmp/l', 'wb') as a:\n"
                    "        while True:\n            a.write(b'x' * 1_000_000)\n"),
    "muitos_arquivos": ("import os\ndef treinar(X, y, taxa, epocas):\n"
                        "    for i in range(100_000):\n        open(f'f{i}', 'w').close()\n"),
    "resultado_gigante": "def treinar(X, y, taxa, epocas):\n    return np.zeros(1_900_000)\n",
    "inteiro_gigante": _forja("'{\"casos\": [{\"saida\": {\"t\": \"int\", \"v\": ' + '9' * 400 + '}}]}'"),
    "saida_enorme": ("import sys\n_s = sigmoide\ndef sigmoide(z):\n"
                     "    for _ in range(100):\n        print('x' * 100_000)\n    return _s(z)\n"),
    "celula_gigante": "x = 1\n" * 40_000,
    "linha_de_espacos": " " * 200_000 + "x = 1\n",
    "json_invalido": None,
}
PROPORCAO = {"correta": 0.40, "errada": 0.20, "falha": 0.15, "laco": 0.05}
HOSTIS = [v for v in VARIANTES if v not in PROPORCAO]        # dividem os 20 % restantes


def gerar_entregas(pasta: Path, n: int) -> dict:
    solucao = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    fontes = [c.source for c in solucao.cells if c.cell_type == "code"]
    contagem = {k: int(v * n) for k, v in PROPORCAO.items()}
    resto = n - sum(contagem.values())
    for i, variante in enumerate(HOSTIS):
        contagem[variante] = resto // len(HOSTIS) + (1 if i < resto % len(HOSTIS) else 0)
    i = 0
    for variante, quantas in contagem.items():
        for _ in range(quantas):
            destino = pasta / f"aluno{i:04d}" / "exercicio.ipynb"
            destino.parent.mkdir(parents=True)
            if VARIANTES[variante] is None:
                destino.write_text('{"cells": [', encoding="utf-8")
            else:
                nb = nbformat.v4.new_notebook()
                nb.cells = [nbformat.v4.new_code_cell(f)
                            for f in fontes + [VARIANTES[variante]]]
                nbformat.write(nb, destino)
            i += 1
    return contagem


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Mede o corretor automático: gera entregas do exercício "
                    f"{EXERCICIO} (40 % corretas, 20 % erradas, 15 % com exceção, 5 % em "
                    "laço infinito e 20 % hostis: bomba de memória, fork bomb, disco cheio, "
                    "arquivos demais, resultado gigante ou forjado, saída enorme, célula "
                    "gigante, linha de espaços, JSON inválido), corrige todas com "
                    "`python -m corretor` e grava "
                    f"{ARQUIVO.relative_to(RAIZ)}.")
    parser.add_argument("--entregas", type=int, default=1000, metavar="N",
                        help="quantas entregas gerar (padrão: 1000)")
    parser.add_argument("--processos", type=int, default=2, metavar="N",
                        help="entregas corrigidas em paralelo (padrão: 2)")
    parser.add_argument("--tempo-limite", type=float, default=5.0, metavar="S",
                        help="segundos de CPU por entrega (padrão: 5)")
    args = parser.parse_args(argv)
    maquina = _comum.maquina()
    isolamento = "bubblewrap" if caixa.bwrap_disponivel() else "só limites de processo"
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base) / "entregas"
        contagem = gerar_entregas(pasta, args.entregas)
        saida = Path(base) / "notas.csv"
        rodada = rodar_corretor([str(pasta), "--exercicio", EXERCICIO, "--saida", str(saida),
                                 "--feedback", str(Path(base) / "relatorios"),
                                 "--processos", str(args.processos),
                                 "--tempo-limite", str(args.tempo_limite),
                                 # sem bubblewrap, o corretor só corrige a pedido
                                 *([] if caixa.bwrap_disponivel() else ["--sem-isolamento"])])
        texto, duracao = rodada.texto, rodada.duracao_s
        print(texto.strip())
        with open(saida, encoding="utf-8") as arq:
            linhas = list(csv.DictReader(arq))
    situacoes: dict[str, int] = {}
    for linha in linhas:
        situacoes[linha["status"]] = situacoes.get(linha["status"], 0) + 1
    pico_corretor = rodada.pico_corretor_kb / 1024
    pico_total = rodada.pico_total_kb / 1024
    resultado = {
        "data": _comum.agora(),
        "cpus": os.cpu_count(),
        "maquina": maquina,
        "carga_media_no_fim": _comum.maquina()["carga_media_1_5_15min"],
        "versoes": _comum.versoes(("numpy", "nbformat")),
        "isolamento": isolamento,
        "root": hasattr(os, "geteuid") and os.geteuid() == 0,
        "exercicio": EXERCICIO, "entregas": len(linhas), "variantes": contagem,
        "processos": args.processos, "tempo_limite_cpu_s": args.tempo_limite,
        "codigo_saida": rodada.codigo_saida,
        "duracao_s": round(duracao, 2), "entregas_por_s": round(len(linhas) / duracao, 2),
        "meta_s": META_S, "meta_atingida": duracao <= META_S * len(linhas) / 100,
        "meta_memoria_mb": META_MEMORIA_MB,
        "meta_memoria_atingida": pico_corretor <= META_MEMORIA_MB,
        "pico_memoria_corretor_mb": round(pico_corretor, 1),
        "pico_memoria_total_mb": round(pico_total, 1),
        "situacoes": situacoes,
    }
    print()
    print(_comum.formatar_tabela(
        ["entregas", "processos", "duração (s)", "entregas/s", "pico do corretor (MB)",
         "pico total, com subprocessos (MB)"],
        [[len(linhas), args.processos, f"{duracao:.1f}", f"{len(linhas) / duracao:.2f}",
          f"{pico_corretor:.1f}", f"{pico_total:.1f}"]]))
    print("situações:", json.dumps(situacoes, ensure_ascii=False))
    print(f"isolamento: {isolamento}; meta de tempo (≤ {META_S:.0f} s por 100 entregas): "
          f"{'atingida' if resultado['meta_atingida'] else 'não atingida'}; meta de memória "
          f"(corretor ≤ {META_MEMORIA_MB:.0f} MB): "
          f"{'atingida' if resultado['meta_memoria_atingida'] else 'não atingida'}")
    _comum.gravar_json(ARQUIVO, resultado)
    print(f"gravado em {ARQUIVO.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
