"""O nbval enche o cache de execução do livro com o que a construção teria gravado."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from nbclient import NotebookClient

RAIZ = Path(__file__).resolve().parent.parent

CELULAS_OK = [
    "import ipywidgets as w\nfrom IPython.display import display, Markdown",
    "print('olá')",
    "display(Markdown('**negrito**'))",
    "w.IntSlider(value=3, description='n')",
    "raise ValueError('esperado')",          # com a etiqueta raises-exception
    "1 + 1",
]


def _notebook(celulas, etiquetas=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Título")]
    for i, fonte in enumerate(celulas):
        celula = nbformat.v4.new_code_cell(fonte)
        if etiquetas and i in etiquetas:
            celula.metadata["tags"] = etiquetas[i]
        nb.cells.append(celula)
    return nb


def _projeto(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --nbval-lax -p no:cacheprovider\n")
    for pasta in ("chapters", "solutions"):
        (tmp_path / pasta).mkdir()
    ok = _notebook(CELULAS_OK, {4: ["raises-exception"]})
    nbformat.write(ok, tmp_path / "chapters" / "ok.ipynb")
    nbformat.write(_notebook(["x = 1", "1 / 0"]), tmp_path / "chapters" / "quebrado.ipynb")
    nbformat.write(_notebook(["print(2)"]), tmp_path / "solutions" / "fora.ipynb")
    return tmp_path


def _saidas(nb):
    resumo = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for o in c.outputs:
            dados = {k: v for k, v in o.get("data", {}).items() if k != "application/vnd.jupyter.widget-view+json"}
            resumo.append((o.output_type, o.get("name"), o.get("text"), o.get("ename"), dados))
    return resumo


def _widgets(nb):
    estado = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return sorted(m["model_name"] for m in estado.get("state", {}).values())


def test_notebook_que_passou_entra_no_cache_como_a_construcao_o_gravaria(tmp_path):
    projeto = _projeto(tmp_path)
    ambiente = {**os.environ, "PYTHONPATH": str(RAIZ)}
    ambiente.pop("CURSO_CACHE_NBVAL", None)
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "livro.cache_nbval", "chapters", "solutions"],
                       cwd=projeto, env=ambiente, capture_output=True, text=True, timeout=300)
    assert "1 failed" in r.stdout, r.stdout[-3000:]       # a célula 1 / 0 do notebook quebrado

    cache = get_cache(str(projeto / "_build" / ".jupyter_cache"))
    assert len(cache.list_cache_records()) == 1, "só o notebook que passou inteiro entra no cache"
    fonte = nbformat.read(projeto / "chapters" / "ok.ipynb", as_version=4)
    _, do_cache = cache.merge_match_into_notebook(fonte)   # o que o myst-nb faz na construção

    referencia = nbformat.read(projeto / "chapters" / "ok.ipynb", as_version=4)
    NotebookClient(referencia, resources={"metadata": {"path": str(projeto / "chapters")}}).execute()
    assert _saidas(do_cache) == _saidas(referencia)
    assert _widgets(do_cache) == _widgets(referencia) and "IntSliderModel" in _widgets(do_cache)
    contadores = [c.execution_count for c in do_cache.cells if c.cell_type == "code"]
    assert contadores == list(range(1, len(CELULAS_OK) + 1))
