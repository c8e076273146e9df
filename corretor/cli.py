"""Linha de comando do corretor: ``python -m corretor``."""

from __future__ import annotations

from pathlib import Path

from corretor.argumentos import ArgumentParserPt
from corretor.caixa import Limites
from corretor.casos import EXERCICIOS
from corretor.correcao import corrigir_pasta


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(
        prog="python -m corretor",
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
