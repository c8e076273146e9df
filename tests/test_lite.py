""""Executar no navegador" sem navegador: cópias do JupyterLite, rodas, lock do Pyodide,
mensagens em português, busca sem acentos e os botões das páginas construídas."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import RAIZ
from livro import busca, conteudo_lite, kernel_navegador, navegador, sphinx_navegador


# -- quais páginas e que cópias ---------------------------------------------------------
def test_elegiveis_sao_capitulos_1_a_8_e_exercicios():
    assert conteudo_lite.elegivel("chapters/cap01a_neuronio_e_vies")
    assert conteudo_lite.elegivel("chapters/cap08_classificacao_multiclasse")
    assert conteudo_lite.elegivel("exercises/adam")
    assert not conteudo_lite.elegivel("chapters/cap09_frameworks")
    assert not conteudo_lite.elegivel("exercises/keras")            # TensorFlow
    assert not conteudo_lite.elegivel("glossario")
    nomes = {p.relative_to(RAIZ).as_posix() for p in conteudo_lite.notebooks_lite()}
    exercicios = {p.relative_to(RAIZ).as_posix() for p in (RAIZ / "exercises").glob("*.ipynb")}
    assert exercicios - {f"{d}.ipynb" for d in conteudo_lite.SEM_NAVEGADOR} <= nomes
    assert not any("cap09" in n for n in nomes)
    assert sum(n.startswith("chapters/") for n in nomes) == \
        len(list((RAIZ / "chapters").glob("cap0[1-8]*.ipynb")))


def _notebook(*celulas):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(celulas)
    return nb


def test_versao_lite_troca_a_preparacao_do_capitulo():
    prep = nbformat.v4.new_code_cell("# colab", metadata={"tags": ["remove-cell", "preparacao"]})
    nb = _notebook(nbformat.v4.new_markdown_cell("# 5. Título"), prep,
                   nbformat.v4.new_code_cell("from curso.dados import preparar_mnist"))
    lite = conteudo_lite.versao_lite(nb, usa_curso=True, origem="https://cdn/x/")
    fontes = [c.source for c in lite.cells]
    assert "# colab" not in fontes and nb.cells[1].source == "# colab"   # original intacto
    assert "Baixar para entregar" in fontes[1] and "Restaurar o original" in fontes[1]
    assert "memória" not in fontes[1]
    assert "preparar(curso=True, mnist=True, origem='https://cdn/x/')" in fontes[2]
    assert fontes[3] == "from curso.dados import preparar_mnist"
    nbformat.validate(lite)


def test_config_do_lite_guarda_no_indexeddb_e_fala_portugues():
    dados = navegador.CONFIG_LITE["jupyter-config-data"]
    for chave in ("enableMemoryStorage", "contentsStorageDrivers", "settingsStorageDrivers"):
        assert chave not in dados    # padrão do JupyterLite: IndexedDB
    assert navegador.OVERRIDES_LITE["@jupyterlab/translation-extension:plugin"] == \
        {"locale": "pt_BR"}
    conteudo_lite.conferir_idioma()   # pacote fixado instalado e íntegro


def test_carimbo_da_versao_publicada():
    nb = _notebook(nbformat.v4.new_markdown_cell("# Exercício"),
                   nbformat.v4.new_code_cell("x = 1"))
    a = conteudo_lite.carimbar(nbformat.from_dict(json.loads(json.dumps(nb))), "exercises/adam")
    b = conteudo_lite.carimbar(nbformat.from_dict(json.loads(json.dumps(a))), "exercises/adam")
    assert a.metadata.curso == b.metadata.curso          # estável (recarimbar não muda)
    assert a.metadata.curso["exercicio"] == "adam"
    nb.cells[1].source = "x = 2"
    c = conteudo_lite.carimbar(nb, "exercises/adam")
    assert c.metadata.curso["versao"] != a.metadata.curso["versao"]
    nbformat.validate(c)


def test_versao_lite_insere_a_preparacao_no_exercicio():
    nb = _notebook(nbformat.v4.new_markdown_cell("# Exercício"),
                   nbformat.v4.new_code_cell("import numpy as np"))
    lite = conteudo_lite.versao_lite(nb, usa_curso=False, origem="local")
    assert [c.cell_type for c in lite.cells] == ["markdown", "markdown", "code", "code"]
    assert "preparar(curso=False, mnist=False" in lite.cells[2].source
    assert lite.cells[3].source == "import numpy as np"


def test_roda_reprodutivel_com_record_correto():
    nome, dados = conteudo_lite.roda("pacote-x", "1.2", {"pacote_x/__init__.py": b"A = 1\n"}, "x")
    assert nome == "pacote_x-1.2-py3-none-any.whl"
    assert conteudo_lite.roda("pacote-x", "1.2", {"pacote_x/__init__.py": b"A = 1\n"}, "x")[1] \
        == dados
    with zipfile.ZipFile(io.BytesIO(dados)) as zf:
        record = zf.read("pacote_x-1.2.dist-info/RECORD").decode().splitlines()
        for linha in record:
            caminho, hash_, tamanho = linha.rsplit(",", 2)
            if not hash_:
                continue
            conteudo = zf.read(caminho)
            esperado = base64.urlsafe_b64encode(hashlib.sha256(conteudo).digest()).rstrip(b"=")
            assert hash_ == "sha256=" + esperado.decode() and int(tamanho) == len(conteudo)
        assert "Name: pacote-x" in zf.read("pacote_x-1.2.dist-info/METADATA").decode()


def test_rodas_do_curso_levam_o_pacote_e_a_preparacao():
    rodas = conteudo_lite.rodas_do_curso()
    curso = next(d for n, d in rodas.items() if n.startswith("curso-"))
    with zipfile.ZipFile(io.BytesIO(curso)) as zf:
        assert "curso/dados.py" in zf.namelist() and "curso/__init__.py" in zf.namelist()
    prep = next(d for n, d in rodas.items() if n.startswith("curso_navegador-"))
    with zipfile.ZipFile(io.BytesIO(prep)) as zf:
        assert "async def preparar" in zf.read("curso_navegador.py").decode()


# -- lock do Pyodide --------------------------------------------------------------------
def test_lock_locais_com_sha_do_arquivo_e_resto_na_cdn(tmp_path):
    (tmp_path / "ipython-9.whl").write_bytes(b"roda local")
    lock = {"packages": {
        "ipython": {"file_name": "ipython-9.whl", "sha256": "de-outro-arquivo"},
        "numpy": {"file_name": "numpy-2.4.6-cp314.whl", "sha256": "abc"},
    }}
    novo = navegador.reescrever_lock(lock, tmp_path, navegador.CDN_PADRAO, {"ipython"})
    assert novo["packages"]["ipython"]["sha256"] == hashlib.sha256(b"roda local").hexdigest()
    assert novo["packages"]["numpy"]["file_name"] == \
        "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/numpy-2.4.6-cp314.whl"
    assert novo["packages"]["numpy"]["sha256"] == "abc"


def _distribuicao_falsa(pasta: Path, corromper: bool = False) -> None:
    pacotes = {}
    for nome, deps in {"numpy": [], "matplotlib": ["numpy", "six"], "six": []}.items():
        arquivo = pasta / f"{nome}-1.0.whl"
        arquivo.write_bytes(nome.encode())
        pacotes[nome] = {"file_name": arquivo.name, "depends": deps,
                         "sha256": hashlib.sha256(b"x" if corromper else nome.encode()).hexdigest()}
    (pasta / "pyodide-lock.json").write_text(json.dumps(
        {"info": {"python": "3.14.2"}, "packages": pacotes}))


def test_distribuicao_local_copia_numpy_matplotlib_e_dependencias(tmp_path):
    local, saida = tmp_path / "full", tmp_path / "saida"
    local.mkdir()
    saida.mkdir()
    _distribuicao_falsa(local)
    (saida / "pyodide-lock.json").write_text(json.dumps({"info": {"python": "3.14.2"}}))
    pacotes: dict = {}
    copiados = navegador._copiar_da_distribuicao(local, pacotes, saida)
    assert sorted(copiados) == ["matplotlib", "numpy", "six"]
    assert (saida / "numpy-1.0.whl").read_bytes() == b"numpy"

    _distribuicao_falsa(local, corromper=True)
    with pytest.raises(navegador.ErroNavegador, match="SHA-256"):
        navegador._copiar_da_distribuicao(local, {}, saida)
    with pytest.raises(navegador.ErroNavegador, match="não achei"):
        navegador._copiar_da_distribuicao(tmp_path / "nada", {}, saida)


def test_construir_sem_preparacao_explica_em_portugues(tmp_path):
    with pytest.raises(navegador.ErroNavegador, match="bash scripts/preparar.sh"):
        conteudo_lite.construir(tmp_path / "html", tmp_path / "t", lite=tmp_path / "vazio")


# -- mensagens no kernel do navegador ----------------------------------------------------
def test_mensagem_de_falha_diz_o_que_falhou_e_o_que_fazer():
    texto = kernel_navegador.mensagem_falha(["numpy"], "Failed to fetch\nat x", "https://cdn/")
    assert "Não foi possível carregar numpy" in texto
    assert "Failed to fetch at x" in texto and "https://cdn/" in texto
    assert "Colab" in texto and "Binder" in texto and "computador" in texto


class _ShellFalso:
    def __init__(self):
        self.mostrado = None
        self.normal = None

    def set_custom_exc(self, tipos, tratador):
        self.tipos, self.tratador = tipos, tratador

    def _showtraceback(self, etype, valor, stb):
        self.mostrado = stb

    def showtraceback(self, exc_tuple, tb_offset=None):
        self.normal = exc_tuple


def test_avisos_trocam_erro_de_importacao_e_pilha_do_javascript():
    shell, modulo = _ShellFalso(), type("M", (), {})()

    async def carregador_que_falha(codigo):
        raise RuntimeError("JsException: pilha do JavaScript")

    modulo._load_packages_from_imports = carregador_que_falha
    kernel_navegador.instalar_avisos(shell, modulo, "AVISO EM PORTUGUÊS")
    erro = ModuleNotFoundError("No module named 'numpy'", name="numpy")
    shell.tratador(shell, ModuleNotFoundError, erro, None)
    assert shell.mostrado == ["AVISO EM PORTUGUÊS"]
    outro = ModuleNotFoundError("x", name="pandas_que_nao_existe")
    shell.tratador(shell, ModuleNotFoundError, outro, None)
    assert shell.normal[1] is outro
    asyncio.run(modulo._load_packages_from_imports("import numpy"))   # não levanta


# -- busca -----------------------------------------------------------------------------
@pytest.mark.parametrize("sem, com", [("retropropagacao", "retropropagação"),
                                      ("funcoes", "funções"), ("introducao", "introdução"),
                                      ("inicializacao", "Inicialização")])
def test_busca_dobra_acentos_antes_do_stemmer(sem, com):
    lingua = busca.BuscaPortuguesSemAcentos({})
    assert lingua.stem(sem) == lingua.stem(com)
    assert "normalize(\"NFD\")" in lingua.js_stemmer_code
    assert "PortugueseStemmer" in lingua.js_stemmer_code


# -- o site construído ---------------------------------------------------------------------
def test_botao_navegador_em_capitulos_1_a_8_e_exercicios(site_construido):
    for nb in conteudo_lite.notebooks_lite():
        docname = nb.relative_to(RAIZ).with_suffix("").as_posix()
        pagina = (site_construido / f"{docname}.html").read_text(encoding="utf-8")
        url = sphinx_navegador.url_navegador(docname)
        assert pagina.count(url.replace("&", "&amp;")) >= 2, f"{docname}: sem 'Navegador'"
        assert "Executar no navegador" in pagina and "Baixar para entregar" in pagina
        assert (site_construido / "lite" / "files" / f"{docname}.ipynb").is_file()
    cap9 = (site_construido / "chapters" / "cap09_frameworks.html").read_text(encoding="utf-8")
    assert "não roda no navegador" in cap9 and "lite/notebooks" not in cap9
    for docname in conteudo_lite.SEM_NAVEGADOR:
        pagina = (site_construido / f"{docname}.html").read_text(encoding="utf-8")
        assert "não roda no navegador" in pagina and "lite/notebooks" not in pagina


def test_botoes_editar_e_abrir_issue(site_construido):
    pagina = (site_construido / "chapters" / "cap03_funcoes_de_ativacao.html").read_text("utf-8")
    assert "Editar esta página" in pagina and "Abrir uma issue" in pagina
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/chapters/cap03_funcoes', pagina)
    assert "issues/new?title=Problema%20na%20p" in pagina
    exercicio = (site_construido / "exercises" / "adam.html").read_text(encoding="utf-8")
    assert re.search(r'href="https://github\.com/[^"]+/edit/main/solutions/adam\.ipynb', exercicio)


def test_tamanho_do_lite(site_construido):
    total = sum(p.stat().st_size for p in (site_construido / "lite").rglob("*") if p.is_file())
    assert total <= 60 * 1024 * 1024, f"lite/ tem {total / 2**20:.1f} MB (limite 60 MB)"


def test_stemmer_do_javascript_igual_ao_do_python(tmp_path):
    """O JavaScript da consulta (language_data.js) dobra e reduz como o índice (Python)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js não instalado (o teste no Chromium cobre a busca de verdade)")
    lingua = busca.BuscaPortuguesSemAcentos({})
    palavras = ["retropropagação", "retropropagacao", "funções", "Inicialização", "época",
                "viés", "sobreajuste", "normalização"]
    script = tmp_path / "s.js"
    script.write_text(lingua.js_stemmer_code + "\nconst s = new Stemmer();\n"
                      f"console.log(JSON.stringify({json.dumps(palavras)}"
                      ".map(p => s.stemWord(p.toLowerCase()))));\n", encoding="utf-8")
    saida = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    assert json.loads(saida.stdout) == [lingua.stem(p) for p in palavras]


def test_pdf_explica_o_que_falta(tmp_path, capsys):
    from livro import pdf

    assert pdf.main([str(tmp_path / "nao_existe.html"), str(tmp_path / "x.pdf")]) == 1
    assert "scripts/pdf.sh" in capsys.readouterr().err
