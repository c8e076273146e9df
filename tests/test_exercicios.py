"""Testes do gerador de exercícios e das verificações dentro dos notebooks."""

import contextlib
import io
import os
from pathlib import Path

import matplotlib
import nbformat
import pytest

from livro import exercicios
from corretor.casos import EXERCICIOS

RAIZ = Path(__file__).resolve().parent.parent
NOMES = sorted(p.stem for p in (RAIZ / "solutions").glob("*.ipynb"))


def test_exercicios_em_dia_com_as_solucoes():
    assert exercicios.gerar(verificar=True) == []


def test_cada_solucao_tem_exercicio_e_correcao():
    assert len(NOMES) >= 6
    assert sorted(EXERCICIOS) == NOMES
    assert sorted(p.stem for p in (RAIZ / "exercises").glob("*.ipynb")) == NOMES


def test_tirar_solucao_mantem_indentacao():
    fonte = ("def f(x):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n    y = x + 1\n"
             "    return y\n    ### END SOLUTION\n\nprint(1)")
    saida = exercicios.tirar_solucao(fonte)
    assert saida == ("def f(x):\n    \"\"\"Doc.\"\"\"\n    # SEU CÓDIGO AQUI\n"
                     "    raise NotImplementedError(\"Implemente `f`.\")\n\nprint(1)")
    with pytest.raises(exercicios.ErroMarcas):
        exercicios.tirar_solucao("### BEGIN SOLUTION\nx = 1\n")


def test_verificar_detecta_exercicio_desatualizado(tmp_path):
    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    ex.mkdir()
    (sol / "a.ipynb").write_bytes((RAIZ / "solutions" / "softmax.ipynb").read_bytes())
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex)  # falta o exercício
    exercicios.gerar(solucoes=sol, exercicios=ex)
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex) == []
    (ex / "a.ipynb").write_text((ex / "a.ipynb").read_text().replace("SEU CÓDIGO", "X"))
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex)


def test_exercicios_sem_solucao_e_sem_saidas():
    for nome in NOMES:
        texto = (RAIZ / "exercises" / f"{nome}.ipynb").read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in texto and "END SOLUTION" not in texto
        assert "import curso" not in texto and "from curso" not in texto  # autossuficiente
        nb = nbformat.reads(texto, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_celula_de_verificacao_identica_em_todos():
    """A célula de ferramentas de verificação é a mesma em todos os notebooks."""
    celulas = set()
    for nome in NOMES:
        nb = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
        celulas.add(next(c.source for c in nb.cells if "def verificar(" in c.source))
    assert len(celulas) == 1


def _rodar(caminho: Path) -> dict:
    matplotlib.use("Agg")
    ambiente: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for celula in nbformat.read(caminho, as_version=4).cells:
            if celula.cell_type == "code":
                exec(compile(celula.source, str(caminho), "exec"), ambiente)
    import matplotlib.pyplot as plt
    plt.close("all")
    return ambiente["_RESULTADOS"]


@pytest.mark.parametrize("nome", NOMES)
def test_verificacoes_aprovam_solucao_e_apontam_pendencias(nome):
    resultados = _rodar(RAIZ / "solutions" / f"{nome}.ipynb")
    assert resultados and set(resultados.values()) == {"ok"}, resultados
    pendentes = _rodar(RAIZ / "exercises" / f"{nome}.ipynb")
    assert set(pendentes) == set(resultados)
    assert set(pendentes.values()) == {"pendente"}, pendentes
