"""Tempo de correção por entrega, exercício por exercício.

    python benchmarks/corretor_exercicios.py [--entregas 10] [--processos 1] [nomes ...]

Para cada exercício (todos, ou os nomes dados), gera ``N`` entregas realistas — 40 % a
solução, 40 % a solução com um erro típico do catálogo dos testes
(``tests/catalogo_erros/``, um erro por entrega, em rodízio) e 20 % o exercício intocado —
e as corrige com ``python -m corretor`` (como o professor, num processo próprio). Mede:

- a correção em si (o tempo que o próprio corretor informa, depois de preparar a
  referência) dividida pelo número de entregas: **segundos por entrega**;
- a preparação (início do Python, leitura, solução de referência na caixa de areia);
- o pico de memória do processo confiável e o da soma com os subprocessos (a caixa).

Confere também que toda cópia da solução tirou a nota máxima e nenhuma com erro tirou.
Grava ``benchmarks/resultados_corretor_exercicios.json`` (máquina, versões, data).
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
from pathlib import Path

import _comum  # noqa: E402  (raiz do repositório no sys.path; argparse em português)
import nbformat  # noqa: E402
from _medicao import rodar_corretor  # noqa: E402

from corretor import caixa  # noqa: E402
from corretor.casos import EXERCICIOS  # noqa: E402

RAIZ = _comum.RAIZ
ARQUIVO = _comum.PASTA / "resultados_corretor_exercicios.json"
sys.path.insert(0, str(RAIZ / "tests"))
from catalogo_erros import CATALOGO, aplicar  # noqa: E402

_TEMPO_CORRECAO = re.compile(r"(\d+) entrega\(s\) corrigida\(s\) em ([\d.]+) s")


def gerar_entregas(pasta: Path, nome: str, n: int) -> dict:
    """Grava ``n`` entregas do exercício ``nome``; devolve {arquivo: tipo}."""
    solucao = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
    intocado = (RAIZ / "exercises" / f"{nome}.ipynb").read_text(encoding="utf-8")
    erros = CATALOGO[nome]
    n_solucao, n_erro = round(0.4 * n), round(0.4 * n)
    tipos = {}
    for i in range(n):
        arquivo = pasta / f"aluno{i:03d}.ipynb"
        if i < n_solucao:
            arquivo.write_text(nbformat.writes(solucao), encoding="utf-8")
            tipos[arquivo.name] = "solucao"
        elif i < n_solucao + n_erro:
            erro = erros[(i - n_solucao) % len(erros)]
            nb = aplicar(solucao, erro.funcao, erro.corpo)
            arquivo.write_text(nbformat.writes(nb), encoding="utf-8")
            tipos[arquivo.name] = "erro"
        else:
            arquivo.write_text(intocado, encoding="utf-8")
            tipos[arquivo.name] = "intocado"
    return tipos


def medir(nome: str, n: int, processos: int, tempo_limite: float) -> dict:
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base) / "entregas"
        pasta.mkdir()
        tipos = gerar_entregas(pasta, nome, n)
        saida = Path(base) / "notas.csv"
        rodada = rodar_corretor([str(pasta), "--exercicio", nome, "--saida", str(saida),
                                 "--processos", str(processos),
                                 "--tempo-limite", str(tempo_limite),
                                 # sem bubblewrap, o corretor só corrige a pedido
                                 *([] if caixa.bwrap_disponivel() else ["--sem-isolamento"])])
        texto, duracao = rodada.texto, rodada.duracao_s
        if rodada.codigo_saida != 0 or not saida.exists():
            raise SystemExit(f"o corretor falhou em {nome} (código {rodada.codigo_saida}):\n{texto}")
        with open(saida, encoding="utf-8") as arq:
            linhas = {l["arquivo"]: l for l in csv.DictReader(arq)}
    achado = _TEMPO_CORRECAO.search(texto)
    correcao = float(achado.group(2)) if achado else duracao
    maxima = {a: float(l["total"]) == float(l["maximo"]) for a, l in linhas.items()}
    situacoes: dict[str, int] = {}
    for linha in linhas.values():
        situacoes[linha["status"]] = situacoes.get(linha["status"], 0) + 1
    return {
        "entregas": len(linhas),
        "tipos": {t: list(tipos.values()).count(t) for t in ("solucao", "erro", "intocado")},
        "duracao_total_s": round(duracao, 2),
        "correcao_s": round(correcao, 2),
        "preparacao_s": round(duracao - correcao, 2),
        "s_por_entrega": round(correcao / max(1, len(linhas)), 3),
        "pico_memoria_corretor_mb": round(rodada.pico_corretor_kb / 1024, 1),
        "pico_memoria_total_mb": round(rodada.pico_total_kb / 1024, 1),
        "solucoes_com_nota_maxima": all(maxima[a] for a, t in tipos.items() if t == "solucao"),
        "erros_sem_nota_maxima": not any(maxima[a] for a, t in tipos.items() if t != "solucao"),
        "situacoes": situacoes,
    }


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Mede o tempo de correção por entrega de cada exercício (40 % a "
                    "solução, 40 % a solução com um erro típico do catálogo, 20 % o "
                    "exercício intocado), com `python -m corretor`, e grava "
                    f"{ARQUIVO.relative_to(RAIZ)}.")
    parser.add_argument("nomes", nargs="*", metavar="EXERCICIO",
                        help="exercícios a medir (padrão: todos)")
    parser.add_argument("--entregas", type=int, default=10, metavar="N",
                        help="entregas por exercício (padrão: 10)")
    parser.add_argument("--processos", type=int, default=1, metavar="N",
                        help="entregas corrigidas em paralelo (padrão: 1, tempo por entrega "
                             "sem disputa de CPU)")
    parser.add_argument("--tempo-limite", type=float, default=20.0, metavar="S",
                        help="segundos de CPU por entrega (padrão: 20, o do corretor)")
    args = parser.parse_args(argv)
    nomes = args.nomes or sorted(EXERCICIOS)
    desconhecidos = [n for n in nomes if n not in EXERCICIOS]
    if desconhecidos or args.entregas < 1 or args.processos < 1:
        parser.error(f"exercícios desconhecidos: {desconhecidos}" if desconhecidos
                     else "--entregas e --processos devem ser ≥ 1")
    anteriores = _comum.ler_json(ARQUIVO).get("por_exercicio", {})
    por_exercicio = dict(anteriores) if args.nomes else {}
    for nome in nomes:
        print(f"{nome}: corrigindo {args.entregas} entregas ...", flush=True)
        por_exercicio[nome] = dict(medir(nome, args.entregas, args.processos, args.tempo_limite),
                                   data=_comum.agora())
    linhas = [[n, r["entregas"], f"{r['s_por_entrega']:.2f}", f"{r['preparacao_s']:.1f}",
               f"{r['pico_memoria_corretor_mb']:.0f}", f"{r['pico_memoria_total_mb']:.0f}",
               "sim" if r["solucoes_com_nota_maxima"] and r["erros_sem_nota_maxima"] else "NÃO"]
              for n, r in sorted(por_exercicio.items())]
    print()
    print(_comum.formatar_tabela(
        ["exercício", "entregas", "s por entrega", "preparação (s)", "pico corretor (MB)",
         "pico total (MB)", "notas coerentes"], linhas))
    _comum.gravar_json(ARQUIVO, {
        "data": _comum.agora(),
        "maquina": _comum.maquina(),
        "versoes": _comum.versoes(("numpy", "nbformat", "tensorflow-cpu")),
        "isolamento": "bubblewrap" if caixa.bwrap_disponivel() else "só limites de processo",
        "processos": args.processos, "tempo_limite_cpu_s": args.tempo_limite,
        "por_exercicio": por_exercicio,
    })
    print(f"gravado em {ARQUIVO.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
