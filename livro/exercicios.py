"""Gera os exercícios (``exercises/``) a partir das soluções (``solutions/``).

A solução é a fonte única. Dentro das funções corrigidas, o código da resposta fica
entre as marcas::

    ### BEGIN SOLUTION
    ...
    ### END SOLUTION

e o gerador troca cada região por ``# SEU CÓDIGO AQUI`` e
``raise NotImplementedError(...)`` com a mesma indentação. Todo o resto (texto,
verificações, gráficos) fica idêntico, e o exercício sai sem saídas.

Antes, o gerador atualiza na própria solução as duas células que não se escrevem à mão:

- a de **ferramentas**: ``corretor/comparacao.py`` (o mesmo módulo com que o corretor
  compara) seguido de ``livro/verificacao.py`` (o ``verificar``/``resumo`` do notebook);
- a de **dados**: os casos de teste públicos de cada função (o gerador de
  ``corretor/casos/`` com ``SEMENTE_PUBLICA``) e as saídas da solução para eles.

As células de ferramentas, de dados e de verificação levam a marca ``hide-input`` (no
site, o código delas fica recolhido).

    python -m livro.exercicios gerar              # (re)gera exercises/*.ipynb
    python -m livro.exercicios gerar --verificar  # falha se algum estiver desatualizado
"""

from __future__ import annotations

import copy
import inspect
import json
import os
import re
import sys
from pathlib import Path

import nbformat
import numpy as np

from corretor import comparacao
from corretor.argumentos import ArgumentParserPt
from corretor.avaliacao import tipo_de_celula
from corretor.casos import EXERCICIOS as ESPECIFICACOES, SEMENTE_PUBLICA
from corretor.leitura import definicoes

RAIZ = Path(__file__).resolve().parent.parent
SOLUCOES = RAIZ / "solutions"
EXERCICIOS = RAIZ / "exercises"
INICIO = "### BEGIN SOLUTION"
FIM = "### END SOLUTION"
_REGIAO = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION[^\n]*(\n|$)",
                     re.M | re.S)
_DEF = re.compile(r"^\s*def\s+(\w+)\s*\(", re.M)
# A solução do exercício keras importa o TensorFlow ao gerar os dados: sem o log dele.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


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


CABECALHO_FERRAMENTAS = (
    "# Ferramentas de verificação (não altere esta célula; gerada por\n"
    "# `python -m livro.exercicios gerar` a partir de corretor/comparacao.py e\n"
    "# livro/verificacao.py).\n")
CABECALHO_DADOS = ("# Dados das verificações: casos de teste e saídas da solução (gerados por\n"
                   "# `python -m livro.exercicios gerar`; não altere esta célula).\n")


def ferramentas() -> str:
    """Fonte da célula de ferramentas: o módulo de comparação do corretor + o do notebook."""
    comparar = Path(comparacao.__file__).read_text(encoding="utf-8")
    verificar = Path(__file__).with_name("verificacao.py").read_text(encoding="utf-8")
    return (CABECALHO_FERRAMENTAS + comparar + "\n\n" + verificar).rstrip() + "\n"


def dados_publicos(nb: nbformat.NotebookNode, nome: str) -> dict:
    """Casos públicos e saídas da solução ``nb`` (roda só as definições, como o corretor)."""
    fontes = [c.source for c in nb.cells if c.cell_type == "code"]
    fontes = [f for f in fontes if tipo_de_celula(f) not in ("dados", "verificacao")]
    instrucoes, com_erro, _ = definicoes(fontes)
    if com_erro:
        raise ErroMarcas(f"erro de sintaxe nas células de código {com_erro}")
    ambiente: dict = {"__name__": "__solucao__"}
    for instrucao in instrucoes:      # como na caixa de areia: um erro não para as outras
        try:
            exec(compile(instrucao["codigo"], f"<{nome}>", "exec"), ambiente)
        except Exception:  # noqa: BLE001
            pass
    rng = np.random.default_rng(SEMENTE_PUBLICA)
    funcoes = {}
    for f in ESPECIFICACOES[nome]:
        casos = [tuple(c) for c in f.gerar(rng)]
        referencia = ambiente[f.nome]
        with np.errstate(all="ignore"):
            saidas = [referencia(*comparacao.decodificar(comparacao.codificar(c))) for c in casos]
        if not f.comparar:     # só os diagnósticos julgam: a resposta não vai para o notebook
            saidas = [None] * len(saidas)
        funcoes[f.nome] = dict(f.info(),
                               argumentos=list(inspect.signature(referencia).parameters),
                               casos=[comparacao.codificar(c) for c in casos],
                               esperados=[comparacao.codificar(s) for s in saidas])
    return {"semente": SEMENTE_PUBLICA, "funcoes": funcoes}


def _fonte_dados(dados: dict) -> str:
    linhas = ",\n".join(f" {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}"
                        for k, v in dados["funcoes"].items())
    corpo = f'{{"semente": {dados["semente"]}, "funcoes": {{\n{linhas}\n}}}}'
    return CABECALHO_DADOS + f"carregar_dados(r\'\'\'\n{corpo}\n\'\'\')\n"


def _ler_dados(fonte: str) -> dict | None:
    try:
        return json.loads(fonte.split("r\'\'\'", 1)[1].rsplit("\'\'\'", 1)[0])
    except (IndexError, ValueError):
        return None


def _mesmos_dados(a: dict | None, b: dict) -> bool:
    """Mesmos dados, com as saídas iguais a menos de arredondamento (outra máquina/BLAS)."""
    if not a or a.get("semente") != b["semente"] or set(a.get("funcoes", {})) != set(b["funcoes"]):
        return False
    for nome, nova in b["funcoes"].items():
        velha = a["funcoes"][nome]
        if {k: v for k, v in velha.items() if k != "esperados"} != \
                {k: v for k, v in nova.items() if k != "esperados"}:
            return False
        try:
            esperados = [comparacao.decodificar(e) for e in velha["esperados"]]
            novos = [comparacao.decodificar(e) for e in nova["esperados"]]
        except comparacao.ErroCodificacao:
            return False
        if len(esperados) != len(novos) or any(
                comparacao.comparar(n, e, 1e-9, 1e-12, lista_ok=False) for e, n in zip(esperados, novos)):
            return False
    return True


def _marcar(celula, marca="hide-input"):
    marcas = celula.metadata.setdefault("tags", [])
    if marca not in marcas:
        marcas.append(marca)


def atualizar_solucao(solucao: nbformat.NotebookNode, nome: str) -> nbformat.NotebookNode:
    """Solução com as células de ferramentas e de dados em dia (e as marcas ``hide-input``)."""
    nb = copy.deepcopy(solucao)
    codigo = [c for c in nb.cells if c.cell_type == "code"]
    celula_ferramentas = next((c for c in codigo if tipo_de_celula(c.source) == "ferramentas"
                               or "def verificar(" in c.source), None)
    if celula_ferramentas is None:
        raise ErroMarcas("a solução não tem a célula de ferramentas de verificação")
    celula_ferramentas.source = ferramentas()
    dados = dados_publicos(nb, nome)
    celula_dados = next((c for c in codigo if tipo_de_celula(c.source) == "dados"), None)
    if celula_dados is None:
        celula_dados = nbformat.v4.new_code_cell("")
        celula_dados.id = f"dados-{nome}"[:64]
        nb.cells.insert(nb.cells.index(celula_ferramentas) + 1, celula_dados)
    if not _mesmos_dados(_ler_dados(celula_dados.source), dados):
        celula_dados.source = _fonte_dados(dados)
    for celula in nb.cells:
        if celula.cell_type == "code" and tipo_de_celula(celula.source) != "outra":
            _marcar(celula)
    return nb


def gerar(verificar: bool = False, solucoes: Path = SOLUCOES,
          exercicios: Path = EXERCICIOS) -> list[str]:
    """Gera (ou só confere) todos os exercícios; devolve a lista de problemas."""
    problemas = []
    for origem in sorted(solucoes.glob("*.ipynb")):
        destino = exercicios / origem.name
        try:
            original = nbformat.read(origem, as_version=4)
            solucao = atualizar_solucao(original, origem.stem) \
                if origem.stem in ESPECIFICACOES else original
            novo = texto(gerar_exercicio(solucao))
        except ErroMarcas as erro:
            problemas.append(f"{origem}: {erro}")
            continue
        if texto(solucao) != texto(original):
            if verificar:
                problemas.append(f"{origem}: células de ferramentas ou de dados desatualizadas; "
                                 "rode `python -m livro.exercicios gerar`")
            else:
                origem.write_text(texto(solucao), encoding="utf-8")
                print(f"Atualizada: {origem.relative_to(RAIZ) if origem.is_relative_to(RAIZ) else origem}")
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
