"""O site: construção estrita, notebooks sem saídas e erros bem apontados."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

from conftest import RAIZ, construir_livro
from livro import cadernos
from livro.sphinx_pt import TRADUCOES


def test_construcao_estrita(site_construido):
    """O site é construído com -W (zero avisos) e tem página inicial e capítulos."""
    assert (site_construido / "index.html").is_file()
    assert (site_construido / "intro.html").is_file()
    pagina = (site_construido / "intro.html").read_text(encoding="utf-8")
    assert 'lang="pt-BR"' in pagina


def test_sem_interface_em_ingles_no_html(site_construido):
    """Nenhuma página HTML conserva os textos de interface que o tema deixa em inglês."""
    import re

    sobras = {}
    for pagina in site_construido.rglob("*.html"):
        if "_static" in pagina.parts:
            continue
        texto = pagina.read_text(encoding="utf-8")
        achados = [t for t in TRADUCOES
                   if re.search(r'(>\s*|(?:title|aria-label|data-bs-title|alt)=")'
                                + re.escape(t) + r'(\s*<|")', texto)]
        if achados:
            sobras[str(pagina.relative_to(site_construido))] = achados
    assert not sobras, f"textos em inglês no site: {sobras}"


def test_ativos_locais_no_site(site_construido):
    """MathJax e os scripts de widgets vêm de cópias locais, não de CDNs."""
    pagina = (site_construido / "chapters" / "cap01a_neuronio_e_vies.html").read_text("utf-8")
    assert "_static/mathjax/tex-mml-chtml.js" in pagina
    assert "_static/widgets/embed-amd.js" in pagina
    assert "_static/widgets/require.js" in pagina
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com/@jupyter-widgets"):
        assert cdn not in pagina, f"a página ainda aponta para {cdn}"
    assert (site_construido / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()


def test_botoes_de_abrir_e_baixar(site_construido):
    """Páginas de notebook têm Binder, Colab, Thebe e download; o endereço vem do _config."""
    pagina = (site_construido / "chapters" / "cap01a_neuronio_e_vies.html").read_text("utf-8")
    url = cadernos.url_repositorio()
    caminho = url.split("github.com/")[1]
    assert f"mybinder.org/v2/gh/{caminho}" in pagina
    assert f"colab.research.google.com/github/{caminho}" in pagina
    assert "thebe-launch-button" in pagina or "initThebe" in pagina
    assert "_sources/chapters/cap01a_neuronio_e_vies.ipynb" in pagina


def test_notebooks_sem_saidas_e_com_preparacao():
    """Notebooks commitados não têm saídas; capítulos começam com a célula padrão."""
    problemas = [p for nb in cadernos.notebooks() for p in cadernos.problemas(nb)]
    assert not problemas, "\n".join(problemas)


def test_detector_de_saidas_funciona(tmp_path):
    """O detector acusa um notebook com saídas (o teste acima pode falhar de verdade)."""
    nb = nbformat.v4.new_notebook()
    celula = nbformat.v4.new_code_cell("1 + 1", execution_count=1)
    celula.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"},
                                             execution_count=1)]
    nb.cells = [celula]
    assert cadernos.tem_saidas(nb) == [0]
    assert cadernos.tem_saidas(cadernos.limpar(nb)) == []


def _livro_com_erro(destino: Path) -> Path:
    (destino / "_config.yml").write_text(
        "title: Teste\nexecute:\n  execute_notebooks: force\n  show_tb: true\n"
        "sphinx:\n  config:\n    language: pt_BR\n", encoding="utf-8")
    (destino / "_toc.yml").write_text("format: jb-book\nroot: quebrado\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Caderno quebrado"),
                nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("divisao_por_zero = x / 0")]
    caminho = destino / "quebrado.ipynb"
    nbformat.write(nb, caminho)
    return caminho


def test_erro_num_notebook_quebra_a_construcao(tmp_path):
    """Um notebook com erro faz a construção falhar dizendo qual notebook e qual célula."""
    _livro_com_erro(tmp_path)
    resultado = construir_livro(tmp_path)
    saida = resultado.stdout + resultado.stderr
    assert resultado.returncode != 0
    assert "quebrado" in saida
    assert "divisao_por_zero = x / 0" in saida
    assert "ZeroDivisionError" in saida


def test_erro_num_notebook_quebra_os_testes(tmp_path):
    """O nbval também falha e aponta o notebook e a célula."""
    caminho = _livro_com_erro(tmp_path)
    resultado = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "-c", "/dev/null", str(caminho)],
        cwd=tmp_path, capture_output=True, text=True)
    saida = resultado.stdout + resultado.stderr
    assert resultado.returncode != 0
    assert "quebrado.ipynb::Cell 1" in saida
    assert "divisao_por_zero = x / 0" in saida
    assert "ZeroDivisionError" in saida


def test_nenhum_notebook_do_build_e_coletado():
    """A configuração do pytest nunca coleta cópias em _build/."""
    ini = (RAIZ / "pytest.ini").read_text(encoding="utf-8")
    assert "_build" in ini.split("norecursedirs")[1].splitlines()[0]


def test_todo_capitulo_e_exercicio_esta_no_sumario():
    """Com ``only_build_toc_files: true``, um notebook fora do _toc.yml sumiria do site
    sem aviso nenhum (nem com -W); o nbval ainda o rodaria. Este teste pega o esquecimento."""
    import re

    toc = (RAIZ / "_toc.yml").read_text(encoding="utf-8")
    no_sumario = set(re.findall(r"^\s*-?\s*file:\s*(\S+)\s*$", toc, flags=re.M))
    for pasta in ("chapters", "exercises"):
        for nb in sorted((RAIZ / pasta).glob("*.ipynb")):
            assert f"{pasta}/{nb.stem}" in no_sumario, f"{pasta}/{nb.name} não está no _toc.yml"
    for arquivo in no_sumario:
        assert any((RAIZ / f"{arquivo}{ext}").is_file() for ext in (".ipynb", ".md")), \
            f"o _toc.yml aponta para {arquivo}, que não existe"


def test_sem_ruido_do_tensorflow_nas_paginas(site_construido):
    """As linhas de log do TensorFlow (C++ e absl) não aparecem nas páginas do livro."""
    import re

    ruido = re.compile(r"oneDNN custom operations|tensorflow/core/|cuda_(?:dnn|blas|fft|drivers)"
                       r"|Unable to register cu|TF_ENABLE_ONEDNN_OPTS|\b[IWE]0000 00:00:"
                       r"|computation_placer|absl::InitializeLog")
    paginas = sorted(site_construido.glob("chapters/*.html")) + \
        sorted(site_construido.glob("exercises/*.html"))
    assert any("tensorflow" in p.read_text(encoding="utf-8").lower() for p in paginas)
    sujas = {p.name: ruido.search(p.read_text(encoding="utf-8")).group(0)
             for p in paginas if ruido.search(p.read_text(encoding="utf-8"))}
    assert not sujas, f"log do TensorFlow nas páginas: {sujas}"
