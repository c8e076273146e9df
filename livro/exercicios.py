"""Gera os exercícios (``exercises/``) a partir das soluções (``solutions/``).

A solução é a fonte única. Dentro das funções corrigidas, o código da resposta fica
entre as marcas::

    ### BEGIN SOLUTION
    ...
    ### END SOLUTION

e o gerador troca cada região por ``# SEU CÓDIGO AQUI`` e
``raise NotImplementedError(...)`` com a mesma indentação. Todo o resto (texto,
verificações, gráficos) fica idêntico, e o exercício sai sem saídas.

    python -m livro.exercicios gerar              # (re)gera exercises/*.ipynb
    python -m livro.exercicios gerar --verificar  # falha se algum estiver desatualizado
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat

from corretor.argumentos import ArgumentParserPt

RAIZ = Path(__file__).resolve().parent.parent
SOLUCOES = RAIZ / "solutions"
EXERCICIOS = RAIZ / "exercises"
INICIO = "### BEGIN SOLUTION"
FIM = "### END SOLUTION"
_REGIAO = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*(\n|$)",
                     re.M | re.S)
_DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.M)


class ErroMarcas(ValueError):
    """Marcas de solução malformadas."""


def tirar_solucao(fonte: str) -> str:
    """Troca cada região de solução pelo esqueleto do aluno."""
    if fonte.count(INICIO) != fonte.count(FIM):
        raise ErroMarcas("número diferente de marcas BEGIN e END SOLUTION")

    def trocar(m: re.Match) -> str:
        indentacao = m.group(1)
        anteriores = _DEF.findall(fonte[:m.start()])
        funcao = anteriores[-1] if anteriores else "esta parte"
        return (f"{indentacao}# SEU CÓDIGO AQUI\n"
                f"{indentacao}raise NotImplementedError(\"Implemente `{funcao}`.\")"
                + m.group(3))

    saida = _REGIAO.sub(trocar, fonte)
    if INICIO in saida or FIM in saida:
        raise ErroMarcas("marca de solução fora de lugar (aninhada ou sem par)")
    return saida


def gerar_exercicio(solucao: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Versão do aluno de um notebook de solução (sem saídas)."""
    nb = copy.deepcopy(solucao)
    for celula in nb.cells:
        if celula.cell_type == "code":
            celula.source = tirar_solucao(celula.source)
            celula.outputs = []
            celula.execution_count = None
            celula.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def texto(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def gerar(verificar: bool = False, solucoes: Path = SOLUCOES,
          exercicios: Path = EXERCICIOS) -> list[str]:
    """Gera (ou só confere) todos os exercícios; devolve a lista de problemas."""
    problemas = []
    for origem in sorted(solucoes.glob("*.ipynb")):
        destino = exercicios / origem.name
        try:
            novo = texto(gerar_exercicio(nbformat.read(origem, as_version=4)))
        except ErroMarcas as erro:
            problemas.append(f"{origem}: {erro}")
            continue
        atual = destino.read_text(encoding="utf-8") if destino.exists() else None
        if atual != novo:
            if verificar:
                problemas.append(f"{destino} está desatualizado em relação a {origem}; "
                                 "rode `python -m livro.exercicios gerar`")
            else:
                exercicios.mkdir(parents=True, exist_ok=True)
                destino.write_text(novo, encoding="utf-8")
                print(f"Gerado: {destino.relative_to(RAIZ) if destino.is_relative_to(RAIZ) else destino}")
    if verificar:
        orfaos = sorted(set(p.name for p in exercicios.glob("*.ipynb")) -
                        set(p.name for p in solucoes.glob("*.ipynb")))
        problemas += [f"{exercicios / n} não tem solução correspondente" for n in orfaos]
    return problemas


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(prog="python -m livro.exercicios",
                              description="Gera os exercícios a partir das soluções.")
    parser.add_argument("acao", choices=["gerar"], help="o que fazer (gerar)")
    parser.add_argument("--verificar", action="store_true",
                        help="não grava; falha se algum exercício estiver desatualizado")
    args = parser.parse_args(argv)
    problemas = gerar(verificar=args.verificar)
    for p in problemas:
        print(p, file=sys.stderr)
    if args.verificar and not problemas:
        print("Exercícios em dia com as soluções.")
    return 1 if problemas else 0


if __name__ == "__main__":
    raise SystemExit(main())
