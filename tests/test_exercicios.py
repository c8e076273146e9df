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
from corretor.avaliacao import tipo_de_celula  # noqa: F401

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
        for pacote in ("curso", "corretor", "livro"):                       # autossuficiente
            assert f"import {pacote}" not in texto and f"from {pacote}" not in texto
        nb = nbformat.reads(texto, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_celula_de_verificacao_identica_em_todos():
    """A célula de ferramentas é a mesma em todos os notebooks e traz, tal e qual, o módulo
    de comparação do corretor (uma só verdade para o notebook e para a correção)."""
    modulo = (RAIZ / "corretor" / "comparacao.py").read_text(encoding="utf-8")
    for pasta in ("solutions", "exercises"):
        for nome in NOMES:
            nb = nbformat.read(RAIZ / pasta / f"{nome}.ipynb", as_version=4)
            celulas = [c for c in nb.cells if "def verificar(" in c.source]
            assert len(celulas) == 1, (pasta, nome)
            assert celulas[0].source == exercicios.ferramentas(), (pasta, nome)
            assert modulo.strip() in celulas[0].source


def test_celulas_de_verificacao_recolhidas():
    """Ferramentas, dados e verificações levam `hide-input`; enunciado e esqueleto, não."""
    for nome in NOMES:
        nb = nbformat.read(RAIZ / "exercises" / f"{nome}.ipynb", as_version=4)
        for celula in nb.cells:
            if celula.cell_type != "code":
                continue
            marcado = "hide-input" in celula.metadata.get("tags", [])
            tipo = exercicios.tipo_de_celula(celula.source)
            assert marcado == (tipo != "outra"), (nome, celula.source[:80])
            if "# SEU CÓDIGO AQUI" in celula.source:
                assert not marcado


def test_dados_conferidos_com_tolerancia(tmp_path):
    """`gerar --verificar` compara as saídas guardadas com tolerância, não byte a byte."""
    import json

    sol, ex = tmp_path / "solutions", tmp_path / "exercises"
    sol.mkdir()
    ex.mkdir()
    (sol / "softmax.ipynb").write_bytes((RAIZ / "solutions" / "softmax.ipynb").read_bytes())
    (ex / "softmax.ipynb").write_bytes((RAIZ / "exercises" / "softmax.ipynb").read_bytes())
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex) == []

    def mexer(fator):
        for pasta in (sol, ex):
            nb = nbformat.read(pasta / "softmax.ipynb", as_version=4)
            celula = next(c for c in nb.cells if exercicios.tipo_de_celula(c.source) == "dados")
            dados = exercicios._ler_dados(celula.source)
            info = dados["funcoes"]["gradiente_softmax"]
            valor = exercicios.comparacao.decodificar(info["esperados"][0])
            info["esperados"][0] = exercicios.comparacao.codificar(valor * fator)
            celula.source = exercicios._fonte_dados(dados)
            (pasta / "softmax.ipynb").write_text(nbformat.writes(nb) + "\n", encoding="utf-8")

    mexer(1 + 1e-13)      # outra máquina, outro BLAS: arredondamento
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex) == []
    mexer(1.001)          # saída esperada errada
    assert exercicios.gerar(verificar=True, solucoes=sol, exercicios=ex)
    assert json  # noqa: usado pelo leitor dos dados


def test_executor_so_biblioteca_padrao_no_modulo():
    """O executor (roda na caixa de areia) só importa a biblioteca padrão no nível do módulo."""
    import ast
    import sys

    arvore = ast.parse((RAIZ / "corretor" / "executor.py").read_text(encoding="utf-8"))
    for no in arvore.body:
        if isinstance(no, (ast.Import, ast.ImportFrom)):
            for nome in ([a.name for a in no.names] if isinstance(no, ast.Import) else [no.module]):
                assert nome.split(".")[0] in sys.stdlib_module_names, nome


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
