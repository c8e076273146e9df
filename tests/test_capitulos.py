"""O que todo capítulo entrega ao leitor: diagramas do curso, texto alternativo em toda
figura, perguntas rápidas e exercícios com dica e resposta, e o link para o exercício
corrigido que pratica o capítulo (quando ele existe).

Os testes leem os notebooks como estão no repositório (sem saídas); o texto alternativo
também é conferido nas páginas construídas do site.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import RAIZ
from livro.texto_alternativo import imagens_sem_alt_no_site, pendencias

CAPITULOS = sorted((RAIZ / "chapters").glob("*.ipynb"))

# Exercícios corrigidos que praticam cada capítulo (todos do 3 em diante; o 1.1, o 1.2 e o 1.5
# não têm um próprio).
# Um capítulo pode apontar mais de um: os valores são tuplas.
EXERCICIO_DO_CAPITULO = {
    "cap01c_entropia_cruzada": ("gradiente_descendente",),
    "cap01d_descida_do_gradiente": ("gradiente_descendente",),
    "cap01f_portas_logicas_xor": ("xor",),
    "cap02a_notacao_e_grafos": ("verificacao_gradiente",),
    "cap02b_retropropagacao_e_treino": ("xor",),
    "cap03_funcoes_de_ativacao": ("ativacoes",),
    "cap04_inicializacao": ("inicializacao",),
    "cap05a_modelo_L_camadas": ("inicializacao", "adam"),
    "cap05b_regularizacao": ("regularizacao",),
    "cap06_otimizacao": ("adam", "otimizacao"),
    "cap07_normalizacao_em_lote": ("normalizacao_lote",),
    "cap08_classificacao_multiclasse": ("softmax",),
    "cap09_frameworks": ("keras",),
}


def _pares_capitulo_exercicio() -> list[tuple[str, str]]:
    """(capítulo, exercício), um par por exercício apontado."""
    return sorted((capitulo, exercicio)
                  for capitulo, exercicios in EXERCICIO_DO_CAPITULO.items()
                  for exercicio in exercicios)


def _markdown(caminho: Path) -> list[str]:
    nb = nbformat.read(caminho, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def _codigo(caminho: Path) -> str:
    nb = nbformat.read(caminho, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


EXERCICIOS_E_SOLUCOES = sorted((RAIZ / "exercises").glob("*.ipynb")) + \
    sorted((RAIZ / "solutions").glob("*.ipynb"))


@pytest.mark.parametrize("caminho", CAPITULOS + EXERCICIOS_E_SOLUCOES,
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_toda_figura_tem_texto_alternativo(caminho):
    faltam = pendencias(caminho)
    assert not faltam, (f"{caminho.name}: figuras sem texto alternativo em português "
                        f"(use livro.texto_alternativo.definir_alt): {faltam}")


@pytest.mark.parametrize("caminho", CAPITULOS, ids=lambda p: p.stem)
def test_capitulo_tem_diagrama_do_curso(caminho):
    codigo = _codigo(caminho)
    assert re.search(r"from curso import .*\bdiagramas\b|import curso\.diagramas", codigo), \
        f"{caminho.name}: nenhum diagrama de curso.diagramas"
    assert re.search(r"\bdiagramas\.\w+\(", codigo), f"{caminho.name}: diagramas importado, mas não usado"


@pytest.mark.parametrize("caminho", CAPITULOS, ids=lambda p: p.stem)
def test_perguntas_rapidas_e_exercicios_com_resposta(caminho):
    markdown = _markdown(caminho)
    perguntas = sum("Verifique seu entendimento" in m for m in markdown)
    assert perguntas >= 2, f"{caminho.name}: só {perguntas} bloco(s) de perguntas rápidas"
    texto = "\n".join(markdown)
    secao = re.search(r"^## Exercícios", texto, flags=re.M)
    assert secao, f"{caminho.name}: sem a seção Exercícios"
    depois = texto[secao.start():]
    enunciados = len(re.findall(r"^\d+\. ", depois, flags=re.M))
    respostas = depois.count("{dropdown} Resposta")
    assert respostas >= 1 and respostas >= enunciados - 1, (
        f"{caminho.name}: {enunciados} exercício(s) e só {respostas} resposta(s) em dropdown")
    assert "{dropdown} Dica" in depois, f"{caminho.name}: exercícios sem dica"


@pytest.mark.parametrize("capitulo,exercicio", _pares_capitulo_exercicio())
def test_capitulo_aponta_o_exercicio_corrigido(capitulo, exercicio):
    texto = "\n".join(_markdown(RAIZ / "chapters" / f"{capitulo}.ipynb"))
    assert f"../exercises/{exercicio}.ipynb" in texto, \
        f"{capitulo} não tem link para o exercício corrigido {exercicio}"
    assert (RAIZ / "exercises" / f"{exercicio}.ipynb").is_file()


def test_todo_capitulo_do_3_em_diante_tem_exercicio_corrigido():
    """Do capítulo 3 ao 9, nenhum capítulo fica sem um exercício corrigido apontado."""
    sem = [c.stem for c in CAPITULOS
           if int(c.stem[3:5]) >= 3 and c.stem not in EXERCICIO_DO_CAPITULO]
    assert not sem, f"capítulos sem exercício corrigido apontado: {sem}"


def test_detector_de_alt_pega_figura_sem_alt(tmp_path):
    """O teste de texto alternativo é capaz de falhar."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])")]
    caminho = tmp_path / "sem_alt.ipynb"
    nbformat.write(nb, caminho)
    assert pendencias(caminho)


def test_site_sem_imagem_sem_alt(site_construido):
    faltam = [*imagens_sem_alt_no_site(site_construido / "chapters"),
              *imagens_sem_alt_no_site(site_construido / "exercises")]
    assert not faltam, f"imagens sem texto alternativo nas páginas do site: {faltam[:10]}"
