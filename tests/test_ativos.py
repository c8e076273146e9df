"""Arquivos JavaScript locais do site (livro.ativos), sem acessar a rede."""

import base64
import hashlib
import io
import tarfile

import pytest

from livro import ativos


def _tarball(arquivos: dict[str, bytes]) -> bytes:
    memoria = io.BytesIO()
    with tarfile.open(fileobj=memoria, mode="w:gz") as tar:
        for nome, conteudo in arquivos.items():
            info = tarfile.TarInfo(nome)
            info.size = len(conteudo)
            tar.addfile(info, io.BytesIO(conteudo))
    return memoria.getvalue()


def _integridade(dados: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(dados).digest()).decode()


def test_extrai_so_o_necessario(tmp_path):
    dados = _tarball({"package/es5/tex.js": b"a", "package/es5/out/f.woff": b"b",
                      "package/README.md": b"c"})
    n = ativos._extrair(dados, {"package/es5/": "mathjax/"}, tmp_path)
    assert n == 2
    assert (tmp_path / "mathjax" / "tex.js").read_bytes() == b"a"
    assert (tmp_path / "mathjax" / "out" / "f.woff").is_file()
    assert not (tmp_path / "README.md").exists()


def test_integridade_errada_e_recusada():
    dados = _tarball({"package/x.js": b"x"})
    ativos._conferir_integridade(dados, _integridade(dados), "x")
    with pytest.raises(ativos.ErroAtivos, match="não confere"):
        ativos._conferir_integridade(dados + b"!", _integridade(dados), "x")


def test_caminho_malicioso_no_pacote(tmp_path):
    dados = _tarball({"package/es5/../../../fora.js": b"x"})
    with pytest.raises(ativos.ErroAtivos, match="suspeito"):
        ativos._extrair(dados, {"package/es5/": "mathjax/"}, tmp_path / "dest")


def test_falha_de_rede_vira_mensagem_clara(monkeypatch, tmp_path):
    def sem_rede(*a, **k):
        raise OSError("rede indisponível")

    monkeypatch.setattr(ativos.urllib.request, "urlopen", sem_rede)
    with pytest.raises(ativos.ErroAtivos, match="registro do npm"):
        ativos.instalar(tmp_path / "destino")
    assert not (tmp_path / "destino").exists(), "nada pela metade deve ficar no destino"


def test_url_respeita_o_registro_configurado(monkeypatch):
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://espelho.exemplo/npm")
    url = ativos._url_tarball("@jupyter-widgets/html-manager", "1.0.15")
    assert url == "https://espelho.exemplo/npm/@jupyter-widgets/html-manager/-/html-manager-1.0.15.tgz"


def test_ativos_do_repositorio_completos():
    """A preparação (scripts/preparar.sh) já baixou os arquivos do site."""
    assert ativos.completos(), "rode `python -m livro.ativos`"
