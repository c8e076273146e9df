"""Uma só verdade: o notebook e o corretor concordam, função por função, num catálogo de erros.

Cada erro típico é aplicado a UMA função da solução (troca o trecho entre as marcas
BEGIN/END SOLUTION dela). Para cada notebook com um erro:

- o notebook (as suas próprias células, executadas de verdade) reprova a função errada,
  e cada outra função sai "tudo certo" ou "corrija `<a errada>` primeiro";
- o corretor (``corrigir_pasta``, todas as entregas de um exercício num lote só) tira o
  ponto da função errada e só dela (um erro, um ponto), com status ``resposta errada``
  (ou de execução), e nomeia a função no motivo.

A solução tira nota máxima e "Parabéns" no notebook.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from corretor import correcao
from corretor.casos import EXERCICIOS
from catalogo_erros import CATALOGO

RAIZ = Path(__file__).resolve().parent.parent
_REGIAO = re.compile(r"(### BEGIN SOLUTION\n)(.*?)([ \t]*### END SOLUTION)", re.S)


def aplicar(nb: nbformat.NotebookNode, funcao: str, corpo: str) -> nbformat.NotebookNode:
    """Troca a resposta de ``funcao`` (entre as marcas) por ``corpo`` (indentado 4 espaços)."""
    nb = nbformat.from_dict(nb)
    celula = next(c for c in nb.cells if c.cell_type == "code"
                  and re.search(rf"^def {funcao}\(", c.source, re.M))
    inicio = re.search(rf"^def {funcao}\(", celula.source, re.M).start()
    m = _REGIAO.search(celula.source, inicio)
    assert m, funcao
    texto = "".join("    " + l if l.strip() else l for l in corpo.strip("\n").splitlines(True))
    celula.source = celula.source[:m.start(2)] + texto + "\n" + celula.source[m.start(3):]
    return nb


def veredito_do_notebook(nb: nbformat.NotebookNode) -> tuple[dict, str]:
    """Roda todas as células de código do notebook; devolve (_RESULTADOS, texto impresso)."""
    matplotlib.use("Agg")
    ambiente: dict = {"__name__": "__main__"}
    saida = io.StringIO()
    with contextlib.redirect_stdout(saida):
        for celula in nb.cells:
            if celula.cell_type == "code":
                exec(compile(celula.source, "<notebook>", "exec"), ambiente)
    import matplotlib.pyplot as plt
    plt.close("all")
    return dict(ambiente["_RESULTADOS"]), saida.getvalue()


def _ler_csv(caminho: Path) -> dict:
    with open(caminho, encoding="utf-8") as arq:
        return {linha["arquivo"]: linha for linha in csv.DictReader(arq)}


def _arquivo(i: int, funcao: str) -> str:
    return f"{i:02d}_{funcao}.ipynb"


@pytest.mark.parametrize("nome", sorted(EXERCICIOS))
def test_notebook_e_corretor_concordam(nome, tmp_path):
    solucao = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
    nomes = [f.nome for f in EXERCICIOS[nome]]
    erros = CATALOGO[nome]
    assert len(erros) >= 8, "catálogo curto demais"
    assert {e.funcao for e in erros} == set(nomes) - set(CATALOGO.get("_sem_erros", {}).get(nome, ()))
    pasta = tmp_path / "entregas"
    pasta.mkdir()
    (pasta / "00_solucao.ipynb").write_text(nbformat.writes(solucao), encoding="utf-8")
    notebooks = {}
    for i, erro in enumerate(erros, start=1):
        nb = aplicar(solucao, erro.funcao, erro.corpo)
        notebooks[_arquivo(i, erro.funcao)] = (erro, veredito_do_notebook(nb))
        (pasta / _arquivo(i, erro.funcao)).write_text(nbformat.writes(nb), encoding="utf-8")

    correcao.corrigir_pasta(pasta, nome, tmp_path / "notas.csv", processos=2, isolar=False,
                            semente=7, avisar=lambda *_: None)
    linhas = _ler_csv(tmp_path / "notas.csv")

    resultados, texto = veredito_do_notebook(solucao)
    assert resultados == {n: "ok" for n in nomes} and "Parabéns" in texto, texto
    sol = linhas["00_solucao.ipynb"]
    assert sol["status"] == "ok" and sol["total"] == sol["maximo"], sol

    discordancias = []
    for arquivo, (erro, (resultados, texto)) in notebooks.items():
        linha = linhas[arquivo]
        rotulo = f"{arquivo} ({erro.descricao})"
        if resultados.get(erro.funcao) != "erro":
            discordancias.append(f"{rotulo}: o notebook não reprovou {erro.funcao}: {texto}")
        if linha[erro.funcao] != "0":
            discordancias.append(f"{rotulo}: o corretor deu ponto a {erro.funcao}: {linha}")
        elif f"{erro.funcao}: " not in linha["motivo"] or linha["status"] == "ok":
            discordancias.append(f"{rotulo}: o motivo não nomeia {erro.funcao}: {linha}")
        for outra in nomes:
            if outra == erro.funcao:
                continue
            if linha[outra] == "0":
                discordancias.append(f"{rotulo}: o corretor tirou o ponto de {outra}: {linha['motivo']}")
            if resultados.get(outra) not in ("ok", "espera"):
                discordancias.append(f"{rotulo}: o notebook reprovou {outra}: {texto}")
            elif resultados[outra] == "espera" and f"corrija `{erro.funcao}` primeiro" not in texto:
                discordancias.append(f"{rotulo}: {outra} espera outra função: {texto}")
    assert not discordancias, "\n".join(discordancias)
