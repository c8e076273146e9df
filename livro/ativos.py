"""Baixa os arquivos JavaScript de terceiros que o site usa sem internet.

O site do curso precisa funcionar offline: a matemática é desenhada por uma cópia
local do MathJax e os widgets por cópias locais dos scripts do ipywidgets. Esses
arquivos **não** ficam no repositório; este módulo os baixa do registro do npm (com
verificação de integridade SHA-512) para a pasta ``_ativos/``, que o
``_config.yml`` publica como arquivos estáticos.

Uso: ``python -m livro.ativos`` (não faz nada se os arquivos já estiverem lá).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
DESTINO = RAIZ / "_ativos"

# (pacote, versão, integridade do tarball publicada pelo registro, {origem no pacote: destino})
PACOTES = [
    (
        "mathjax",
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {"package/es5/": "mathjax/"},
    ),
    (
        "@jupyter-widgets/html-manager",
        "1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {"package/dist/embed-amd.js": "widgets/embed-amd.js"},
    ),
    (
        "requirejs",
        "2.3.7",
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        {"package/require.js": "widgets/require.js"},
    ),
]

# Arquivos cuja presença indica que tudo já foi baixado.
MARCADORES = ["mathjax/tex-mml-chtml.js", "widgets/embed-amd.js", "widgets/require.js"]


class ErroAtivos(RuntimeError):
    """Falha ao obter os arquivos JavaScript do site."""


def _registro() -> str:
    registro = os.environ.get("NPM_CONFIG_REGISTRY") or "https://registry.npmjs.org/"
    return registro.rstrip("/") + "/"


def _url_tarball(pacote: str, versao: str) -> str:
    nome = pacote.split("/")[-1]
    return f"{_registro()}{pacote}/-/{nome}-{versao}.tgz"


def _baixar(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as resposta:
            return resposta.read()
    except OSError as erro:
        raise ErroAtivos(
            f"Não consegui baixar {url} ({erro}).\n"
            "O site precisa de acesso ao registro do npm uma única vez, na preparação; "
            "depois funciona sem internet. Verifique a conexão ou defina "
            "NPM_CONFIG_REGISTRY com o endereço de um espelho do registro."
        ) from None


def _conferir_integridade(dados: bytes, integridade: str, pacote: str) -> None:
    algoritmo, esperado = integridade.split("-", 1)
    obtido = base64.b64encode(hashlib.new(algoritmo, dados).digest()).decode()
    if obtido != esperado:
        raise ErroAtivos(
            f"O arquivo baixado de {pacote} não confere com a integridade esperada "
            f"({algoritmo}). Nada foi instalado; tente de novo."
        )


def _extrair(dados: bytes, mapa: dict[str, str], destino: Path) -> int:
    quantos = 0
    with tarfile.open(fileobj=io.BytesIO(dados), mode="r:gz") as tar:
        for membro in tar.getmembers():
            if not membro.isfile():
                continue
            for origem, alvo in mapa.items():
                if origem.endswith("/") and membro.name.startswith(origem):
                    relativo = alvo + membro.name[len(origem):]
                elif membro.name == origem:
                    relativo = alvo
                else:
                    continue
                caminho = (destino / relativo).resolve()
                if destino.resolve() not in caminho.parents:
                    raise ErroAtivos(f"Caminho suspeito no pacote: {membro.name}")
                caminho.parent.mkdir(parents=True, exist_ok=True)
                arquivo = tar.extractfile(membro)
                assert arquivo is not None
                caminho.write_bytes(arquivo.read())
                quantos += 1
    return quantos


def completos(destino: Path = DESTINO) -> bool:
    """Diz se todos os arquivos necessários já estão em ``destino``."""
    return all((destino / m).is_file() for m in MARCADORES)


def instalar(destino: Path = DESTINO, forcar: bool = False) -> None:
    """Baixa e extrai os pacotes em ``destino`` (de forma atômica)."""
    if completos(destino) and not forcar:
        print(f"Arquivos do site já presentes em {destino}.")
        return
    temporario = destino.with_name(destino.name + ".tmp")
    shutil.rmtree(temporario, ignore_errors=True)
    temporario.mkdir(parents=True)
    for pacote, versao, integridade, mapa in PACOTES:
        url = _url_tarball(pacote, versao)
        print(f"Baixando {pacote}@{versao} ...")
        dados = _baixar(url)
        _conferir_integridade(dados, integridade, pacote)
        if _extrair(dados, mapa, temporario) == 0:
            raise ErroAtivos(f"Nenhum arquivo esperado encontrado em {pacote}@{versao}.")
    shutil.rmtree(destino, ignore_errors=True)
    temporario.rename(destino)
    print(f"Arquivos do site instalados em {destino}.")


def executar_instalacao(instalar_, argv: list[str] | None = None) -> int:
    """Linha de comando dos instaladores de arquivos locais (``--forcar`` refaz tudo)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        instalar_(forcar="--forcar" in argv)
    except ErroAtivos as erro:
        print(f"Erro: {erro}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    return executar_instalacao(instalar, argv)


if __name__ == "__main__":
    raise SystemExit(main())
