"""Benchmark do caminho do professor no Moodle: zip baixado -> notas -> planilha de volta.

    python benchmarks/corretor_moodle.py [--entregas 1000] [--processos 2] [--tempo-limite 5]

Gera as mesmas entregas do benchmark de 1.000 (``benchmarks/corretor.py``: 40 % corretas,
20 % erradas, 15 % com exceção, 5 % em laço e 20 % hostis), empacota-as como o Moodle as
entrega em "Baixar todas as tarefas enviadas" (metade com pastas, metade sem, nomes
acentuados), monta a planilha de avaliação offline em português (mais 5 % de
participantes sem envio) e roda ``python -m corretor`` com ``--planilha-moodle``,
``--saida-moodle``, ``--relatorio-turma`` e ``--feedback``, observado por fora como no
outro benchmark. Grava ``benchmarks/resultados_corretor_moodle.json``.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from pathlib import Path

import _comum  # noqa: E402  (raiz do repositório no sys.path; argparse em português)
from _medicao import benchmark_de_1000, rodar_corretor  # noqa: E402

from corretor import caixa  # noqa: E402


_MIL = benchmark_de_1000()
EXERCICIO, gerar_entregas = _MIL.EXERCICIO, _MIL.gerar_entregas

ARQUIVO = _comum.PASTA / "resultados_corretor_moodle.json"
CABECALHO = ["Identificador", "Nome completo", "Endereço de email", "Status", "Nota",
             "Nota máxima", "Nota pode ser alterada", "Última modificação (envio)",
             "Última modificação (nota)", "Comentários de feedback"]
NOMES = ["José da Silva", "Ana Çãmara", "Márcio Ünal", "Lívia Conceição", "João Araújo"]


def montar_moodle(pasta: Path, destino: Path, planilha: Path) -> int:
    """Zip do Moodle (com e sem pastas) e planilha pt-BR; devolve o número de linhas."""
    entregas = sorted(pasta.glob("aluno*/exercicio.ipynb"))
    linhas = []
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
        for i, arquivo in enumerate(entregas):
            ident, nome = 1000 + i, f"{NOMES[i % len(NOMES)]} {i:04d}"
            base = f"{nome}_{ident}_assignsubmission_file"
            z.write(arquivo, f"{base}/tarefa.ipynb" if i % 2 else f"{base}_tarefa.ipynb")
            linhas.append([f"Participante {ident}", nome, f"aluno{i}@ex.br",
                           "Enviado para avaliação", "", "10,00", "Sim",
                           "segunda, 7 dez 2026, 10:00", "-", ""])
    for j in range(len(entregas) // 20):                 # 5 % sem envio: ficam intocados
        linhas.append([f"Participante {9000 + j}", f"Sem Envio {j}", f"sem{j}@ex.br",
                       "Nenhum envio", "", "10,00", "Sim", "-", "-", ""])
    texto = io.StringIO()
    csv.writer(texto, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
        [CABECALHO, *linhas])
    planilha.write_text("\ufeff" + texto.getvalue(), encoding="utf-8")
    return len(linhas)


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Mede o corretor no caminho do Moodle (zip -> notas -> planilha) e "
                    f"grava {ARQUIVO.relative_to(_comum.RAIZ)}.")
    parser.add_argument("--entregas", type=int, default=1000, metavar="N",
                        help="quantas entregas gerar (padrão: 1000)")
    parser.add_argument("--processos", type=int, default=2, metavar="N",
                        help="entregas corrigidas em paralelo (padrão: 2)")
    parser.add_argument("--tempo-limite", type=float, default=5.0, metavar="S",
                        help="segundos de CPU por entrega (padrão: 5)")
    args = parser.parse_args(argv)
    carga_no_inicio = _comum.maquina()["carga_media_1_5_15min"]
    with tempfile.TemporaryDirectory(dir=_comum.RAIZ / "benchmarks") as base:
        base = Path(base)
        contagem = gerar_entregas(base / "entregas", args.entregas)
        zip_moodle, planilha = base / "tarefa.zip", base / "planilha.csv"
        linhas_planilha = montar_moodle(base / "entregas", zip_moodle, planilha)
        volta, saida = base / "volta.csv", base / "notas.csv"
        rodada = rodar_corretor([
            str(zip_moodle), "--exercicio", EXERCICIO, "--saida", str(saida),
            "--feedback", str(base / "relatorios"), "--processos", str(args.processos),
            "--tempo-limite", str(args.tempo_limite), "--planilha-moodle", str(planilha),
            "--saida-moodle", str(volta), "--relatorio-turma", str(base / "turma"),
            *([] if caixa.bwrap_disponivel() else ["--sem-isolamento"])])
        print(rodada.texto.strip())
        with open(saida, encoding="utf-8") as arq:
            notas = list(csv.DictReader(arq))
        with open(volta, encoding="utf-8-sig", newline="") as arq:
            devolvida = list(csv.reader(arq))[1:]
        preenchidas = sum(1 for l in devolvida if l[CABECALHO.index("Nota")])
        relatorio_turma = (base / "turma" / "index.html").stat().st_size
        zip_mb = round(zip_moodle.stat().st_size / 2**20, 1)
    resultado = {
        "data": _comum.agora(), "cpus": os.cpu_count(), "maquina": _comum.maquina(),
        "carga_media_no_inicio": carga_no_inicio,
        "isolamento": "bubblewrap" if caixa.bwrap_disponivel() else "só limites de processo",
        "exercicio": EXERCICIO, "entregas": len(notas), "variantes": contagem,
        "zip_mb": zip_mb,
        "linhas_planilha": linhas_planilha, "notas_preenchidas_na_planilha": preenchidas,
        "relatorio_turma_kb": round(relatorio_turma / 1024, 1),
        "processos": args.processos, "tempo_limite_cpu_s": args.tempo_limite,
        "codigo_saida": rodada.codigo_saida, "duracao_s": round(rodada.duracao_s, 2),
        "entregas_por_s": round(len(notas) / rodada.duracao_s, 2),
        "pico_corretor_mb": round(rodada.pico_corretor_kb / 1024, 1),
        "pico_total_mb": round(rodada.pico_total_kb / 1024, 1),
    }
    _comum.gravar_json(ARQUIVO, resultado)
    print(_comum.formatar_tabela(
        ["entregas", "duração (s)", "entregas/s", "pico do corretor (MB)", "pico total (MB)"],
        [[resultado["entregas"], resultado["duracao_s"], resultado["entregas_por_s"],
          resultado["pico_corretor_mb"], resultado["pico_total_mb"]]]))
    return 0 if rodada.codigo_saida in (0, 3) and preenchidas == len(notas) else 1


if __name__ == "__main__":
    raise SystemExit(main())
