"""Manutenção dos notebooks (livro.cadernos)."""

import nbformat

from livro import cadernos


def test_url_vem_do_config():
    url = cadernos.url_repositorio()
    assert url.startswith("https://github.com/")
    assert url in cadernos.celula_preparacao()


def test_url_de_um_config_qualquer(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  url: https://github.com/fork/curso\n  branch: main\n")
    assert cadernos.url_repositorio(config) == "https://github.com/fork/curso"


def test_celula_de_preparacao_nao_faz_nada_localmente(tmp_path, monkeypatch):
    """Fora do Colab, a célula só acrescenta a raiz do repositório ao sys.path."""
    import sys

    monkeypatch.chdir(cadernos.RAIZ / "chapters")
    chamadas = []

    class Falso:
        def system(self, comando):
            chamadas.append(comando)

    caminho_antes = list(sys.path)
    try:
        exec(cadernos.celula_preparacao(), {"get_ipython": lambda: Falso()})
        assert chamadas == []
        assert str(cadernos.RAIZ) in sys.path
    finally:
        sys.path[:] = caminho_antes


def test_sincronizar_insere_e_e_idempotente(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Título"), nbformat.v4.new_code_cell("1")]
    caminho = tmp_path / "c.ipynb"
    nbformat.write(nb, caminho)
    assert cadernos.sincronizar(caminho, url="https://github.com/a/b") is True
    lido = nbformat.read(caminho, as_version=4)
    assert lido.cells[1].source == cadernos.celula_preparacao("https://github.com/a/b")
    assert lido.cells[1].metadata["tags"] == ["remove-cell", "preparacao"]
    assert cadernos.sincronizar(caminho, url="https://github.com/a/b") is False
    # Trocar o endereço atualiza a mesma célula, sem duplicar.
    assert cadernos.sincronizar(caminho, url="https://github.com/c/d") is True
    lido = nbformat.read(caminho, as_version=4)
    assert len(lido.cells) == 3 and "github.com/c/d" in lido.cells[1].source


def test_limpar_pela_linha_de_comando(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    celula = nbformat.v4.new_code_cell("print(1)", execution_count=3)
    celula.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb.cells = [celula]
    caminho = tmp_path / "s.ipynb"
    nbformat.write(nb, caminho)
    assert cadernos.main(["--limpar", str(caminho)]) == 0
    assert cadernos.tem_saidas(nbformat.read(caminho, as_version=4)) == []


def test_limpar_arquivo_invalido_nao_estraga_nada(tmp_path, capsys):
    caminho = tmp_path / "ruim.ipynb"
    caminho.write_text("{ isto não é json")
    assert cadernos.main(["--limpar", str(caminho)]) == 1
    assert "não consegui ler" in capsys.readouterr().err
    assert caminho.read_text() == "{ isto não é json"
