"""O pedido de correção de um lote: UM objeto com tudo o que o professor pediu.

A linha de comando monta um :class:`Pedido`; :func:`executar` abre a fonte (pasta ou
zip), corrige o lote e grava as saídas pedidas (CSV, relatórios por entrega, planilha
do Moodle, relatório da turma).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from corretor import fontes
from corretor.caixa import Limites
from corretor.correcao import corrigir_pasta
from corretor.reaproveitamento import Reaproveitamento
from corretor.relatorio import Linha


@dataclass
class Pedido:
    entregas: Path                        # pasta ou .zip
    exercicio: str
    saida: Path                           # CSV de notas
    feedback: Path | None = None          # um relatório .md por entrega
    limites: Limites = field(default_factory=Limites)
    processos: int = 1
    semente: int = 0
    isolar: bool = True
    limites_zip: fontes.LimitesZip = field(default_factory=fontes.LimitesZip)
    planilha_moodle: Path | None = None   # planilha de avaliação offline baixada
    saida_moodle: Path | None = None      # a mesma planilha, com notas e comentários
    relatorio_turma: Path | None = None   # pasta do index.html da turma
    reaproveitar: bool = True             # reaproveita o que nada mudou (.correcoes.json)
    recorrigir: tuple = ()                # alunos, ids no LMS ou arquivos a forçar
    recorrigir_tudo: bool = False
    comando: str = field(default_factory=lambda: shlex.join(["python", "-m", "corretor",
                                                             *sys.argv[1:]]))


def _saida_extra(nome: str, gravar, avisar) -> bool:
    """Grava uma saída além do CSV; uma falha vira aviso (o CSV já vale). True se gravou."""
    try:
        gravar()
        return True
    except Exception as erro:  # noqa: BLE001 - o CSV já está gravado e vale
        avisar(f"AVISO: não consegui gravar {nome} "
               f"({getattr(erro, 'strerror', None) or type(erro).__name__}: {erro})")
        return False


def executar(pedido: Pedido, avisar=print) -> tuple[list[Linha], bool]:
    """Corrige o lote do pedido e grava todas as saídas.

    Devolve as linhas do CSV e se todas as saídas extras (relatório da turma, planilha
    do Moodle) foram gravadas. Levanta :class:`corretor.entregas.ErroDoLote` se o lote
    não pôde ser corrigido ou a planilha do Moodle não pôde ser lida (lida ANTES de
    corrigir: um erro nela não custa a correção).
    """
    planilha = None
    if pedido.planilha_moodle is not None:
        from corretor.saidas import moodle
        planilha = moodle.ler(pedido.planilha_moodle)
    with fontes.abrir(pedido.entregas, pedido.limites_zip, avisar) as pasta:
        linhas = corrigir_pasta(pasta, pedido.exercicio, pedido.saida, pedido.feedback,
                                pedido.limites, pedido.processos, pedido.semente,
                                pedido.isolar, avisar, reaproveitar=(
                                    Reaproveitamento(pedido.saida, pedido.recorrigir_tudo,
                                                     pedido.recorrigir)
                                    if pedido.reaproveitar else None))
        extras = True
        if pedido.relatorio_turma is not None:
            from corretor.saidas import turma
            extras &= _saida_extra("o relatório da turma", lambda: turma.gravar(
                pedido.relatorio_turma, linhas, pedido.exercicio, pedido.comando, pasta,
                avisar), avisar)
    if planilha is not None and pedido.saida_moodle is not None:
        from corretor.saidas import moodle
        extras &= _saida_extra("a planilha do Moodle", lambda: moodle.gravar(
            planilha, linhas, pedido.saida_moodle, avisar), avisar)
    return linhas, extras
