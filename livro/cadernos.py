"""Manutenção dos notebooks do curso: célula de preparação e saídas.

Todo notebook de ``chapters/`` começa com a mesma célula de preparação (marcada com
a etiqueta ``preparacao``). Localmente e no Binder ela só torna o pacote ``curso``
importável; no Colab, baixa o repositório do curso e instala o que falta. O endereço
do repositório vem do ``_config.yml`` (um só lugar): depois de trocá-lo, rode

    python -m livro.cadernos --sincronizar

Outros usos:

    python -m livro.cadernos --verificar     # falha se algo estiver fora do padrão
    python -m livro.cadernos --limpar ARQ... # apaga as saídas dos notebooks dados
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from corretor.argumentos import ArgumentParserPt

RAIZ = Path(__file__).resolve().parent.parent
PASTAS_COM_PREPARACAO = ("chapters",)
PASTAS_DE_NOTEBOOKS = ("chapters", "exercises", "solutions")
ETIQUETA = "preparacao"

MODELO_PREPARACAO = '''\
# Preparação do ambiente: localmente e no Binder só localiza o pacote `curso`;
# no Colab, baixa o repositório do curso e instala o que faltar (leva ~1 min).
import os
import sys
from pathlib import Path

# Uma thread na BLAS do numpy (antes de importá-lo): as contas do curso são pequenas, e numa
# máquina ocupada threads que disputam núcleos deixam o notebook até 10× mais lento.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

REPOSITORIO = "{url}"
if "google.colab" in sys.modules and not Path("curso-rnap").is_dir():
    get_ipython().system(f"git clone -q --depth 1 {{REPOSITORIO}} curso-rnap")
    get_ipython().system("pip install -q -r curso-rnap/requirements-colab.txt")
for _pasta in [Path.cwd(), *Path.cwd().parents, Path("curso-rnap").resolve()]:
    if (_pasta / "curso" / "__init__.py").is_file():
        if str(_pasta) not in sys.path:
            sys.path.insert(0, str(_pasta))
        break

# Estilo das figuras do curso: vírgula decimal nos eixos, texto legível, cores seguras.
from curso import estilo as _estilo

_estilo.aplicar()'''


class ErroCadernos(RuntimeError):
    """Notebook fora do padrão do curso."""


def url_repositorio(config: Path = RAIZ / "_config.yml") -> str:
    """Lê ``repository.url`` do ``_config.yml`` (sem depender de PyYAML)."""
    texto = config.read_text(encoding="utf-8")
    bloco = re.search(r"^repository:\s*\n((?:[ \t]+.*\n?)+)", texto, re.M)
    if bloco:
        url = re.search(r"^\s+url:\s*(\S+)", bloco.group(1), re.M)
        if url:
            return url.group(1).strip("'\"")
    raise ErroCadernos(f"Não achei 'repository: url:' em {config}.")


def celula_preparacao(url: str | None = None) -> str:
    """Código da célula de preparação, com o endereço do repositório."""
    return MODELO_PREPARACAO.format(url=url or url_repositorio())


def notebooks(pastas=PASTAS_DE_NOTEBOOKS, raiz: Path = RAIZ) -> list[Path]:
    """Todos os notebooks das pastas do curso (nunca os de ``_build``)."""
    achados: list[Path] = []
    for pasta in pastas:
        achados += [p for p in sorted((raiz / pasta).rglob("*.ipynb"))
                    if ".ipynb_checkpoints" not in p.parts]
    return achados


def tem_saidas(nb: nbformat.NotebookNode) -> list[int]:
    """Índices das células de código que carregam saídas ou contador de execução."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]


def limpar(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove saídas, contadores e metadados de execução (no próprio objeto)."""
    for celula in nb.cells:
        if celula.cell_type == "code":
            celula.outputs = []
            celula.execution_count = None
            celula.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    return nb


def _primeira_de_codigo(nb):
    return next((c for c in nb.cells if c.cell_type == "code"), None)


def problemas(caminho: Path, url: str | None = None) -> list[str]:
    """Lista, em português, o que está fora do padrão num notebook."""
    try:
        nb = nbformat.read(caminho, as_version=4)
    except Exception as erro:  # noqa: BLE001 - qualquer falha de leitura vira mensagem
        return [f"{caminho}: não é um notebook válido ({erro})"]
    achados = []
    saidas = tem_saidas(nb)
    if saidas:
        achados.append(f"{caminho}: células {saidas} têm saídas; rode "
                       f"`python -m livro.cadernos --limpar {caminho}`")
    if caminho.relative_to(RAIZ).parts[0] in PASTAS_COM_PREPARACAO:
        primeira = _primeira_de_codigo(nb)
        if primeira is None or primeira.source != celula_preparacao(url):
            achados.append(f"{caminho}: a primeira célula de código não é a célula de "
                           "preparação padrão; rode `python -m livro.cadernos --sincronizar`")
        elif ETIQUETA not in primeira.metadata.get("tags", []):
            achados.append(f"{caminho}: a célula de preparação não tem a etiqueta '{ETIQUETA}'")
    return achados


def sincronizar(caminho: Path, url: str | None = None) -> bool:
    """Põe (ou atualiza) a célula de preparação no topo; devolve se mudou algo."""
    nb = nbformat.read(caminho, as_version=4)
    codigo = celula_preparacao(url)
    primeira = _primeira_de_codigo(nb)
    etiquetas = ["remove-cell", ETIQUETA]
    if primeira is not None and ETIQUETA in primeira.metadata.get("tags", []):
        if primeira.source == codigo and primeira.metadata.get("tags") == etiquetas:
            return False
        primeira.source = codigo
        primeira.metadata["tags"] = etiquetas
    else:
        celula = nbformat.v4.new_code_cell(codigo, metadata={"tags": etiquetas})
        # Depois do título (primeira célula de texto), se houver.
        posicao = 1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0
        nb.cells.insert(posicao, celula)
    nbformat.write(nb, caminho)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParserPt(
        prog="python -m livro.cadernos",
        description="Verifica e arruma os notebooks do curso.",
    )
    grupo = parser.add_mutually_exclusive_group(required=True)
    grupo.add_argument("--verificar", action="store_true",
                       help="lista problemas (saídas, célula de preparação) e falha se houver")
    grupo.add_argument("--sincronizar", action="store_true",
                       help="atualiza a célula de preparação de todos os capítulos")
    grupo.add_argument("--limpar", nargs="+", metavar="ARQUIVO",
                       help="apaga as saídas dos notebooks dados")
    args = parser.parse_args(argv)
    if args.limpar:
        for nome in args.limpar:
            caminho = Path(nome)
            try:
                nb = nbformat.read(caminho, as_version=4)
            except Exception as erro:  # noqa: BLE001
                print(f"Erro: não consegui ler {caminho} ({erro}); nada foi alterado.",
                      file=sys.stderr)
                return 1
            nbformat.write(limpar(nb), caminho)
            print(f"Saídas removidas: {caminho}")
        return 0
    if args.sincronizar:
        for caminho in notebooks(PASTAS_COM_PREPARACAO):
            if sincronizar(caminho):
                print(f"Atualizado: {caminho.relative_to(RAIZ)}")
        return 0
    todos = [p for c in notebooks() for p in problemas(c)]
    for p in todos:
        print(p)
    print("Tudo certo." if not todos else f"{len(todos)} problema(s).")
    return 1 if todos else 0


if __name__ == "__main__":
    raise SystemExit(main())
