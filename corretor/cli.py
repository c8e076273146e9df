"""Linha de comando do corretor: ``python -m corretor``.

Códigos de saída:

- ``0``: todas as entregas corrigidas; CSV (e relatórios) gravados;
- ``1``: o lote não pôde ser corrigido (sem caixa de areia e sem ``--sem-isolamento``,
  outra correção gravando na mesma saída, pasta ilegível, solução de referência com
  erro, CSV impossível de gravar); nenhum CSV novo foi gravado;
- ``2``: erro de uso (argumentos);
- ``3``: CSV gravado, mas alguma linha tem status ``erro do corretor`` ou algum
  relatório (por entrega ou da turma) ou a planilha do Moodle não pôde ser gravado (as
  outras linhas valem).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from corretor.argumentos import ArgumentParserPt
from corretor.caixa import Limites
from corretor.casos import EXERCICIOS
from corretor import motores
from corretor.correcao import ErroDoLote
from corretor.pedido import Pedido, executar


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(
        prog="python -m corretor",
        description="Corrige automaticamente as entregas (.ipynb) de um exercício e "
                    "grava as notas num CSV (uma linha por arquivo encontrado).",
        epilog="Exercícios disponíveis: " + ", ".join(sorted(EXERCICIOS)) +
               ". Modelo de ameaça e limites: seção \"Para professores\" do README.md.")
    parser.add_argument("entregas", metavar="ENTREGAS", type=Path,
                        help="pasta ou .zip com os notebooks dos alunos (procura em "
                             "subpastas): o zip do Moodle (\"Baixar todas as tarefas "
                             "enviadas\") ou do Canvas, ou uma pasta/zip simples, em que o "
                             "aluno é a primeira subpasta ou o nome do arquivo")
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
                        help="memória máxima por entrega, em MB: espaço de endereços + "
                             "espaço de escrita (--disco) (padrão: 1024)")
    parser.add_argument("--processos", type=int, default=1, metavar="N",
                        help="quantas entregas corrigir em paralelo (padrão: 1)")
    parser.add_argument("--semente", type=int, default=0, metavar="K",
                        help="semente das entradas de correção sorteadas (padrão: 0); "
                             "guarde-a para reproduzir as notas")
    parser.add_argument("--sem-isolamento", action="store_true",
                        help="corrige SEM a caixa de areia (só limites de processo): o "
                             "código dos alunos lê e grava o que este usuário pode. Sem "
                             "esta opção, se o bubblewrap não funciona, nada é corrigido; "
                             "com ela, cada linha do CSV sai com isolamento \"nenhum\"")
    parser.add_argument("--disco", type=int, default=64, metavar="MB",
                        help="espaço de escrita da entrega (diretório de trabalho + /tmp, "
                             "um tmpfs com o bubblewrap), descontado de --memoria "
                             "(padrão: 64)")
    parser.add_argument("--cluster", metavar="ENDERECO",
                        help="corrige no cluster Dask deste scheduler (ex.: "
                             "tls://maquina:8786; padrão: a variável "
                             "DASK_SCHEDULER_ADDRESS; sem nenhum dos dois, aqui mesmo)")
    parser.add_argument("--planilha-moodle", type=Path, metavar="PLANILHA.csv",
                        help="planilha de avaliação offline baixada do Moodle para esta "
                             "tarefa (exige --saida-moodle)")
    parser.add_argument("--saida-moodle", type=Path, metavar="SAIDA.csv",
                        help="grava a planilha do Moodle com as notas (escaladas para a "
                             "\"Nota máxima\") e os comentários de feedback, pronta para "
                             "enviar ao Moodle")
    parser.add_argument("--relatorio-turma", type=Path, metavar="PASTA",
                        help="grava PASTA/index.html: histograma das notas, o que reensinar "
                             "por função, situações e pares de respostas parecidas")
    parser.add_argument("--recorrigir", action="append", default=[], metavar="ALUNO",
                        help="corrige de novo este aluno (nome, id no LMS ou arquivo) mesmo "
                             "que nada tenha mudado; repetível. Sem ela, só as entregas "
                             "novas ou mudadas são corrigidas (veja <saida>.correcoes.json)")
    parser.add_argument("--recorrigir-tudo", action="store_true",
                        help="corrige todas as entregas de novo, sem reaproveitar nada")
    args = parser.parse_args(argv)
    if not args.entregas.exists():
        parser.error(f"{args.entregas} não existe (pasta ou .zip)")
    if (args.planilha_moodle is None) != (args.saida_moodle is None):
        parser.error("--planilha-moodle e --saida-moodle vão juntos")
    if args.planilha_moodle is not None and not args.planilha_moodle.is_file():
        parser.error(f"a planilha {args.planilha_moodle} não existe")
    if args.tempo_limite <= 0 or args.processos < 1 or args.disco < 1 \
            or args.memoria < args.disco + 128:
        parser.error("valores inválidos: --tempo-limite > 0, --processos ≥ 1, --disco ≥ 1 "
                     "e --memoria ≥ --disco + 128")
    try:
        with motores.usar(motores.endereco_escolhido(args.cluster)):
            pedido = Pedido(args.entregas, args.exercicio, args.saida, args.feedback,
                            Limites(tempo=args.tempo_limite, memoria_mb=args.memoria,
                                    disco_mb=args.disco),
                            args.processos, args.semente, not args.sem_isolamento,
                            planilha_moodle=args.planilha_moodle,
                            saida_moodle=args.saida_moodle,
                            relatorio_turma=args.relatorio_turma,
                            recorrigir=tuple(args.recorrigir),
                            recorrigir_tudo=args.recorrigir_tudo,
                            comando=shlex.join(["python", "-m", "corretor",
                                                *(sys.argv[1:] if argv is None else argv)]))
            linhas, extras = executar(pedido)
    except ErroDoLote as erro:
        print(f"ERRO: {erro}. Nenhum CSV novo foi gravado.")
        return 1
    except OSError as erro:
        print(f"ERRO: não consegui gravar as saídas ({erro.strerror}: {erro.filename}). "
              "Nenhum CSV novo foi gravado.")
        return 1
    contagem: dict[str, int] = {}
    for linha in linhas:
        contagem[linha.status] = contagem.get(linha.status, 0) + 1
    print("Situações: " + ", ".join(f"{k}: {v}" for k, v in sorted(contagem.items())))
    sem_relatorio = args.feedback is not None and any(not l.relatorio for l in linhas)
    if contagem.get("erro do corretor") or sem_relatorio or not extras:
        print("ATENÇÃO: houve falha do próprio corretor em alguma entrega (status "
              "'erro do corretor') ou relatório/planilha não gravado; as outras linhas "
              "valem.")
        return 3
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
