"""Três públicos, três pacotes: as setas de importação vão num sentido só."""

import ast
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent


def _importados(arquivo: Path) -> set[str]:
    nomes = set()
    for no in ast.walk(ast.parse(arquivo.read_text(encoding="utf-8"))):
        if isinstance(no, ast.Import):
            nomes.update(a.name.split(".")[0] for a in no.names)
        elif isinstance(no, ast.ImportFrom) and no.level == 0 and no.module:
            nomes.add(no.module.split(".")[0])
    return nomes


@pytest.mark.parametrize("arquivo", sorted((RAIZ / "curso").glob("*.py")), ids=lambda p: p.name)
def test_curso_nao_importa_ferramentas(arquivo):
    proibidos = _importados(arquivo) & {"corretor", "livro"}
    assert not proibidos, f"{arquivo.name} (pacote do aluno) importa {sorted(proibidos)}"


def test_executor_da_caixa_so_usa_a_biblioteca_padrao():
    """O que roda dentro da caixa de areia não importa nada do projeto nem de terceiros
    no nível do módulo (o numpy é importado lá dentro, para os argumentos)."""
    arquivo = RAIZ / "corretor" / "executor.py"
    arvore = ast.parse(arquivo.read_text(encoding="utf-8"))
    no_topo = set()
    for no in arvore.body:
        if isinstance(no, ast.Import):
            no_topo.update(a.name.split(".")[0] for a in no.names)
        elif isinstance(no, ast.ImportFrom) and no.module:
            no_topo.add(no.module.split(".")[0])
    assert no_topo <= set(sys.stdlib_module_names), no_topo - set(sys.stdlib_module_names)


def test_nenhum_modulo_longo_demais():
    longos = {str(p.relative_to(RAIZ)): n for pacote in ("curso", "corretor", "livro")
              for p in (RAIZ / pacote).glob("*.py")
              if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450}
    assert not longos, f"módulos com mais de ~400 linhas (divida por assunto): {longos}"
