"""Afirmações dos capítulos: o texto diz o que o código calcula.

Toda frase de um capítulo que afirma um fato calculado (um número, uma comparação,
"converge", "diverge") tem logo depois uma célula de código escondida, com as etiquetas
``remove-cell`` e ``afirmacao``, que confere a frase com um ``assert``. O Jupyter Book
tira a célula da página, mas a executa; o nbval também. Estes testes conferem:

1. que todo notebook de ``chapters/`` tem pelo menos três dessas células, todas
   escondidas, começando por ``# Afirmação:`` e com um ``assert`` que tem mensagem;
2. que a maquinaria falha de verdade: numa cópia de um capítulo com uma fórmula
   estragada, o nbval e a construção estrita do livro param, dizendo o notebook, a
   célula e a mensagem em português da afirmação que deixou de valer;
3. que nenhum capítulo define a sua própria cópia das funções de ``curso.gradiente``
   (gradiente numérico, erro relativo, diferença relativa).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import RAIZ, construir_livro

CAPITULOS = sorted((RAIZ / "chapters").glob("*.ipynb"))
MINIMO = 3
ETIQUETA = "afirmacao"


def celulas_de_afirmacao(nb) -> list[tuple[int, nbformat.NotebookNode]]:
    """(índice, célula) de cada célula de código com a etiqueta ``afirmacao``."""
    return [(i, c) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and ETIQUETA in c.metadata.get("tags", [])]


def problemas_da_celula(celula) -> list[str]:
    """O que falta a uma célula de afirmação para seguir a convenção (vazio = ok)."""
    problemas = []
    etiquetas = celula.metadata.get("tags", [])
    if "remove-cell" not in etiquetas:
        problemas.append("sem a etiqueta remove-cell")
    fonte = celula.source
    primeira = fonte.lstrip().split("\n", 1)[0]
    if not re.match(r"# Afirmação\b[^:]*:", primeira):   # aceita "# Afirmação (slide 12): ..."
        problemas.append("a primeira linha não é '# Afirmação: ...'")
    try:
        arvore = ast.parse(fonte)
    except SyntaxError as erro:
        return problemas + [f"erro de sintaxe: {erro}"]
    asserts = [no for no in ast.walk(arvore) if isinstance(no, ast.Assert)]
    if not asserts:
        problemas.append("nenhum assert")
    elif any(no.msg is None for no in asserts):
        problemas.append("assert sem mensagem em português")
    return problemas


@pytest.mark.parametrize("caminho", CAPITULOS, ids=lambda p: p.name)
def test_capitulo_tem_afirmacoes_escondidas(caminho):
    nb = nbformat.read(caminho, as_version=4)
    celulas = celulas_de_afirmacao(nb)
    ruins = {f"célula {i} ({c.get('id')})": p for i, c in celulas
             if (p := problemas_da_celula(c))}
    assert not ruins, f"{caminho.name}: células de afirmação fora da convenção: {ruins}"
    assert len(celulas) >= MINIMO, (
        f"{caminho.name} tem {len(celulas)} célula(s) de afirmação; o mínimo é {MINIMO} "
        "(CONTRIBUINDO.md, 'Afirmações')")


def test_detector_de_celulas_ruins():
    """O detector acusa cada defeito (o teste acima pode falhar de verdade)."""
    boa = nbformat.v4.new_code_cell('# Afirmação: x\nassert 1 == 1, "o texto diz 1"')
    boa.metadata["tags"] = ["remove-cell", ETIQUETA]
    assert problemas_da_celula(boa) == []
    sem_remover = nbformat.v4.new_code_cell(boa.source, metadata={"tags": [ETIQUETA]})
    assert problemas_da_celula(sem_remover) == ["sem a etiqueta remove-cell"]
    sem_assert = nbformat.v4.new_code_cell("# Afirmação: x\nprint(1)",
                                           metadata={"tags": ["remove-cell", ETIQUETA]})
    assert problemas_da_celula(sem_assert) == ["nenhum assert"]
    sem_msg = nbformat.v4.new_code_cell("# Afirmação: x\nassert True",
                                        metadata={"tags": ["remove-cell", ETIQUETA]})
    assert problemas_da_celula(sem_msg) == ["assert sem mensagem em português"]
    com_fonte = nbformat.v4.new_code_cell('# Afirmação (slide 3): x\nassert 1, "m"',
                                          metadata={"tags": ["remove-cell", ETIQUETA]})
    assert problemas_da_celula(com_fonte) == []
    sem_titulo = nbformat.v4.new_code_cell('# Conferência: x\nassert 1, "m"',
                                           metadata={"tags": ["remove-cell", ETIQUETA]})
    assert problemas_da_celula(sem_titulo) == ["a primeira linha não é '# Afirmação: ...'"]


# ----------------------------------------------------------------------------------
# A maquinaria falha: uma fórmula estragada numa cópia do cap. 5.1
# ----------------------------------------------------------------------------------

ORIGEM = RAIZ / "chapters" / "cap05a_modelo_L_camadas.ipynb"
# O passo para trás da versão curta do modelo, com o fator 1/m trocado por 1/(2m):
CERTO = "dZ = (saida - Y) / m"
ERRADO = "dZ = (saida - Y) / (2 * m)"
MENSAGEM = "o texto diz que a verificação do gradiente dá erros relativos da ordem de 1e-10"


def _copia_estragada(destino: Path) -> tuple[Path, int]:
    """Copia o capítulo com o erro e o corta logo depois da afirmação que o pega.

    Devolve o caminho da cópia e o número que o nbval dá à célula da afirmação
    (``Cell N`` conta só as células de código).
    """
    nb = nbformat.read(ORIGEM, as_version=4)
    alvo = next(i for i, c in celulas_de_afirmacao(nb) if MENSAGEM in c.source)
    # Só a fórmula que a afirmação confere: a última célula de código antes dela que a usa.
    antes = [c for c in nb.cells[:alvo] if c.cell_type == "code" and CERTO in c.source]
    assert antes, f"não achei a fórmula {CERTO!r} antes da afirmação em {ORIGEM.name}"
    trocas = antes[-1].source.count(CERTO)
    antes[-1].source = antes[-1].source.replace(CERTO, ERRADO)
    assert trocas == 1, f"esperava trocar a fórmula uma vez em {ORIGEM.name}; troquei {trocas}"
    nb.cells = nb.cells[:alvo + 1]        # o resto do capítulo não muda o resultado
    numero = sum(c.cell_type == "code" for c in nb.cells) - 1
    copia = destino / ORIGEM.name
    nbformat.write(nb, copia)
    return copia, numero


def _mensagem_levantada(saida: str) -> bool:
    """A mensagem da afirmação aparece como erro levantado, com o valor calculado
    (e não só no código-fonte da célula, que o relatório também mostra)."""
    sem_cores = re.sub(r"\x1b\[[0-9;]*m", "", saida)
    return re.search(r"AssertionError: " + re.escape(MENSAGEM) + r".*o código deu \d",
                     sem_cores) is not None


def _ambiente() -> dict:
    # A cópia fica fora do repositório: o pacote `curso` vem pelo PYTHONPATH.
    return {**os.environ, "PYTHONPATH": str(RAIZ), "TF_CPP_MIN_LOG_LEVEL": "3"}


def test_formula_errada_faz_o_nbval_falhar_na_afirmacao(tmp_path):
    copia, numero = _copia_estragada(tmp_path)
    resultado = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", str(copia), "-p", "no:cacheprovider",
         "-c", os.devnull], cwd=tmp_path, capture_output=True, text=True, env=_ambiente(),
        timeout=600)
    saida = resultado.stdout + resultado.stderr
    assert resultado.returncode != 0, saida[-3000:]
    assert f"{ORIGEM.name}::Cell {numero}" in saida, saida[-3000:]
    assert "1 failed" in saida, saida[-3000:]
    assert _mensagem_levantada(saida), saida[-3000:]


def test_formula_errada_faz_a_construcao_estrita_falhar(tmp_path):
    """Com a configuração de execução do livro (allow_errors: false), a afirmação
    escondida (remove-cell) ainda é executada e derruba a construção com -W."""
    config = yaml.safe_load((RAIZ / "_config.yml").read_text(encoding="utf-8"))
    execucao = dict(config["execute"])
    assert execucao["allow_errors"] is False, "_config.yml: execute.allow_errors deve ser false"
    assert execucao["execute_notebooks"] != "off"
    assert "-W" in (RAIZ / "scripts" / "site.sh").read_text(encoding="utf-8")
    livro = tmp_path / "livro"
    livro.mkdir()
    copia, _ = _copia_estragada(livro)
    nb = nbformat.read(copia, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, copia)
    execucao["execute_notebooks"] = "force"
    (livro / "_config.yml").write_text(yaml.safe_dump(
        {"title": "Teste", "execute": execucao,
         "sphinx": {"config": {"language": "pt_BR"}}}, allow_unicode=True), encoding="utf-8")
    (livro / "_toc.yml").write_text(f"format: jb-book\nroot: {copia.stem}\n", encoding="utf-8")
    resultado = construir_livro(livro, {"PYTHONPATH": str(RAIZ)})
    saida = resultado.stdout + resultado.stderr
    assert resultado.returncode != 0, saida[-3000:]
    assert copia.stem in saida, saida[-3000:]
    assert _mensagem_levantada(saida), saida[-3000:]


# ----------------------------------------------------------------------------------
# Uma implementação só: nenhum capítulo redefine as funções de curso.gradiente
# ----------------------------------------------------------------------------------

DO_PACOTE = {"gradiente_numerico", "gradiente_numerico_array", "erro_relativo",
             "diferenca_relativa", "verificar_gradiente"}


def funcoes_redefinidas(nb) -> list[str]:
    """Nomes de ``curso.gradiente`` definidos (``def``) em células de código."""
    achados = []
    for celula in nb.cells:
        if celula.cell_type != "code":
            continue
        fonte = "\n".join("" if l.lstrip().startswith(("%", "!")) else l
                          for l in celula.source.splitlines())
        try:
            arvore = ast.parse(fonte)
        except SyntaxError:
            continue
        achados += [no.name for no in ast.walk(arvore)
                    if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and no.name in DO_PACOTE]
    return achados


@pytest.mark.parametrize("caminho", CAPITULOS, ids=lambda p: p.name)
def test_capitulo_usa_o_gradiente_do_pacote(caminho):
    redefinidas = funcoes_redefinidas(nbformat.read(caminho, as_version=4))
    assert not redefinidas, (
        f"{caminho.name} define a sua própria cópia de {sorted(set(redefinidas))}; importe de "
        "curso.gradiente (para mostrar o código, use inspect.getsource)")


def test_detector_de_copias():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib inline\ndef erro_relativo(a, b):\n    return 0"),
                nbformat.v4.new_code_cell("from curso.gradiente import gradiente_numerico")]
    assert funcoes_redefinidas(nb) == ["erro_relativo"]
    nb.cells = nb.cells[1:]
    assert funcoes_redefinidas(nb) == []
