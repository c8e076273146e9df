"""Saídas para o professor e para o aluno: o CSV de notas e um relatório por entrega."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

# Ordem de gravidade: o status da linha é o mais grave encontrado.
STATUS = ["ok", "resposta errada", "não implementada", "erro de execução", "função ausente", "erro de sintaxe",
          "memória excedida", "processos demais", "tempo esgotado", "arquivo inválido"]




@dataclass
class Linha:
    aluno: str
    arquivo: str
    pontos: dict
    maximo: float
    status: str
    motivo: str
    detalhes: list = field(default_factory=list)   # (função, pontos, máximo, mensagem)

    @property
    def total(self) -> float:
        return float(sum(self.pontos.values()))

def relatorio(linha: Linha, nome: str) -> str:
    """Relatório em português para o aluno (sem entradas de correção nem solução)."""
    partes = [f"# Correção do exercício `{nome}`", "",
              f"- Arquivo: `{linha.arquivo}`",
              f"- Nota: {linha.total:g} de {linha.maximo:g} "
              f"({100 * linha.total / linha.maximo:.0f} %)",
              f"- Situação: {linha.status}", "", "## Funções", ""]
    for funcao, pts, maximo, mensagem in linha.detalhes:
        marca = "✔" if pts == maximo else "✘"
        partes.append(f"- {marca} `{funcao}` ({pts:g}/{maximo:g}): {mensagem}")
    if linha.status == "arquivo inválido":
        partes.append(f"- O arquivo não pôde ser lido: {linha.motivo}")
    partes += ["", "As entradas usadas na correção são sorteadas na hora e diferem das "
               "do notebook; compare o seu código com o enunciado e com as dicas das "
               "células de verificação.", ""]
    return "\n".join(partes)




def gravar_csv(saida: Path, funcoes: list[str], linhas: list[Linha]) -> None:
    """Grava o CSV de notas: uma linha por entrega, uma coluna por função corrigida."""
    saida.parent.mkdir(parents=True, exist_ok=True)
    with open(saida, "w", newline="", encoding="utf-8") as arq:
        escritor = csv.writer(arq)
        escritor.writerow(["aluno", "arquivo", *funcoes,
                           "total", "maximo", "percentual", "status", "motivo"])
        for linha in linhas:
            escritor.writerow([linha.aluno, linha.arquivo,
                               *[f"{linha.pontos[f]:g}" for f in funcoes],
                               f"{linha.total:g}", f"{linha.maximo:g}",
                               f"{100 * linha.total / linha.maximo:.1f}",
                               linha.status, linha.motivo])


def gravar_relatorios(pasta: Path, linhas: list[Linha], nome: str) -> None:
    """Um relatório ``.md`` por entrega na ``pasta``."""
    pasta.mkdir(parents=True, exist_ok=True)
    for linha in linhas:
        nome_arq = re.sub(r"[^\w.-]+", "_", linha.arquivo.removesuffix(".ipynb")) + ".md"
        (pasta / nome_arq).write_text(relatorio(linha, nome), encoding="utf-8")
