"""Prepara o "Executar no navegador": o Pyodide e as rodas que o JupyterLite usa.

O site do curso abre os notebooks dos capítulos 1–8 e dos exercícios num JupyterLite
servido pelo próprio site (Python no navegador, via Pyodide). Nada disso fica no
repositório: este módulo baixa, na preparação e com verificação de integridade,

* o runtime do Pyodide do registro do npm (``pyodide@314.0.6``, SHA-512 do registro);
* as rodas (*wheels*) Python puras que o kernel carrega ao iniciar (IPython, micropip,
  comm, ipywidgets...), do PyPI, pelo ``pip download`` com ``--require-hashes``.

e monta a pasta ``_lite/`` (ignorada pelo git) que o ``jupyter lite build`` usa. O
``pyodide-lock.json`` é reescrito: as rodas locais recebem o SHA-256 do arquivo baixado
(o do PyPI difere do da distribuição do Pyodide) e os pacotes científicos (numpy,
matplotlib e dependências, que não existem em nenhum registro) apontam para a CDN
oficial do Pyodide **nesta mesma versão**.

Opções (variáveis de ambiente, lidas na preparação):

``CURSO_PYODIDE_LOCAL=/caminho/da/distribuicao``
    pasta de uma distribuição *completa* do Pyodide 314.0.6 já extraída (o arquivo
    ``pyodide-314.0.6.tar.bz2`` das versões do Pyodide), para um espelho ou uma sala sem
    internet: numpy, matplotlib e as suas dependências são copiados dela para o site
    (conferidos com o SHA-256 do lock da própria distribuição) e nada sai do site.
``CURSO_PYODIDE_CDN=https://.../full/``
    outra URL base para os pacotes científicos (um espelho da CDN).

Uso: ``python -m livro.navegador`` (não refaz o que já está pronto; ``--forcar`` refaz).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from livro.ativos import (ErroAtivos, _baixar, _conferir_integridade, _extrair, _url_tarball,
                          executar_instalacao)

RAIZ = Path(__file__).resolve().parent.parent
DESTINO = RAIZ / "_lite"

VERSAO_PYODIDE = "314.0.6"
INTEGRIDADE_PYODIDE = ("sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGL"
                       "OtR4YrVOIFxbV8poyDOOmWwxQ==")
# Arquivos do runtime que o site serve (os mapas .map e os exemplos ficam de fora).
ARQUIVOS_PYODIDE = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                    "python_stdlib.zip", "pyodide-lock.json", "pyodide.js", "package.json"]
CDN_PADRAO = f"https://cdn.jsdelivr.net/pyodide/v{VERSAO_PYODIDE}/full/"

# Rodas puras que o kernel carrega ao iniciar, nas versões do pyodide-lock.json da
# 314.0.6, com o SHA-256 do arquivo no PyPI. Vão ao lado do runtime (static/pyodide).
RODAS_DO_LOCK = {
    "asttokens": ("3.0.1", "15a3ebc0f43c2d0a50eeafea25e19046c68398e487b9f1f5b517f7c0f40f976a"),
    "decorator": ("5.2.1", "d316bb415a2d9e2d2b3abcc4084c6502fc09240e292cd76a76afc106a1c8e04a"),
    "executing": ("2.2.1", "760643d3452b4d777d295bb167ccc74c64a81df23fb5e08eff250c425a4b2017"),
    "ipython": ("9.12.0", "0f2701e8ee86e117e37f50563205d36feaa259d2e08d4a6bc6b6d74b18ce128d"),
    "jedi": ("0.19.2", "a8ef22bde8490f57fe5c7681a3c83cb58874daf72b4784de3cce5b6ef6edb5b9"),
    "matplotlib-inline": ("0.2.1",
                          "d56ce5156ba6085e00a9d54fead6ed29a9c47e215cd1bba2e976ef39f5710a76"),
    "micropip": ("0.11.1", "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"),
    "packaging": ("26.1", "5d9c0669c6285e491e0ced2eee587eaf67b670d94a19e94e3984a481aba6802f"),
    "parso": ("0.8.6", "2c549f800b70a5c4952197248825584cb00f033b29c692671d3bf08bf380baff"),
    "prompt-toolkit": ("3.0.52",
                       "9aac639a3bbd33284347de5ad8d68ecc044b91a762dc39b7c21095fcd6a19955"),
    "pure-eval": ("0.2.3", "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0"),
    "pygments": ("2.20.0", "81a9e26dd42fd28a23a2d169d86d7ac03b46e2f8b59ed4698fb4785f946d0176"),
    "six": ("1.17.0", "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274"),
    "stack-data": ("0.6.3", "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695"),
    "traitlets": ("5.14.3", "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f"),
    "wcwidth": ("0.6.0", "1a3a1e510b553315f8e146c54764f4fb6264ffad731b3d78088cdb1478ffbdad"),
}
# Rodas que não estão na distribuição do Pyodide: vão para o índice do piplite (pypi/).
RODAS_PIPLITE = {
    "comm": ("0.2.3", "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    "ipywidgets": ("8.1.9", "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    "jupyterlab-widgets": ("3.0.17",
                           "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0"),
}
# O que os notebooks do curso usam da distribuição completa (e as dependências).
CIENTIFICOS = ["numpy", "matplotlib"]

# Configuração do JupyterLite. As edições ficam no armazenamento do navegador (IndexedDB,
# o padrão do JupyterLite): sobrevivem a recarregar, fechar a aba e reiniciar o navegador.
# Cópias antigas diante de uma versão nova publicada: veja livro/estatico/lite-curso.js.
CONFIG_LITE = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "Redes Neurais e Aprendizado Profundo",
        # window.jupyterapp: o teste no navegador e lite-curso.js conduzem o notebook por ele.
        "exposeAppInBrowser": True,
        "litePluginSettings": {
            "@jupyterlite/pyodide-kernel-extension:kernel": {
                "pyodideUrl": "./static/pyodide/pyodide.mjs",
                "disablePyPIFallback": True,
            },
        },
    },
}

# overrides.json: padrões das configurações da interface (o aluno ainda pode mudá-los).
# Português do Brasil (pacote jupyterlab-language-pack-pt-BR, fixado em requirements.txt)
# e o tema claro/escuro seguindo o do sistema, como o site (tema "auto"); o JupyterLite
# não tem como ler a escolha manual feita no site (outra página), só a do sistema.
OVERRIDES_LITE = {
    "@jupyterlab/translation-extension:plugin": {"locale": "pt_BR"},
    # Grava no IndexedDB 5 s depois de uma edição (o padrão do JupyterLab é 120 s).
    "@jupyterlab/docmanager-extension:plugin": {"autosave": True, "autosaveInterval": 5},
    "@jupyterlab/apputils-extension:themes": {
        "adaptive-theme": True,
        "preferred-light-theme": "JupyterLab Light",
        "preferred-dark-theme": "JupyterLab Dark",
    },
}
IDIOMA = "pt_BR"
PACOTE_IDIOMA = ("jupyterlab-language-pack-pt-BR", "4.5.post3")
# SHA-256 dos catálogos de tradução (locale/**/*.json) dessa versão, como baixados do PyPI
# (roda com SHA-256 15bad442fd7180d0...439b6): ver livro.conteudo_lite.conferir_idioma.
INTEGRIDADE_IDIOMA = "ef35b4944dd5237b426a748b0c16f8de6eaa1b2bfad881e2b8472653160b5d73"


class ErroNavegador(ErroAtivos):
    """Falha ao preparar os arquivos do "Executar no navegador"."""


def _sha256(caminho: Path) -> str:
    return hashlib.sha256(caminho.read_bytes()).hexdigest()


def _normalizar(nome: str) -> str:
    return nome.lower().replace("_", "-")


def _opcoes() -> dict:
    local = os.environ.get("CURSO_PYODIDE_LOCAL", "").strip()
    cdn = (os.environ.get("CURSO_PYODIDE_CDN", "").strip() or CDN_PADRAO).rstrip("/") + "/"
    return {"versao": VERSAO_PYODIDE, "local": str(Path(local).resolve()) if local else "",
            "cdn": cdn, "rodas": sorted({**RODAS_DO_LOCK, **RODAS_PIPLITE}.items())}


def _carimbo(opcoes: dict) -> str:
    return hashlib.sha256(json.dumps(opcoes, sort_keys=True).encode()).hexdigest()


def completos(destino: Path = DESTINO) -> bool:
    """Diz se ``destino`` está pronto para as opções atuais."""
    marca = destino / ".carimbo"
    return marca.is_file() and marca.read_text().strip() == _carimbo(_opcoes())


def _baixar_rodas(rodas: dict, pasta: Path) -> None:
    """``pip download`` das rodas exatas, conferindo o SHA-256 de cada uma."""
    pasta.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as req:
        for nome, (versao, sha) in rodas.items():
            req.write(f"{nome}=={versao} --hash=sha256:{sha}\n")
    comando = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
               "--disable-pip-version-check", "--only-binary=:all:", "--require-hashes",
               "--python-version", "3.14", "--implementation", "py", "--abi", "none",
               "--platform", "any", "--dest", str(pasta), "-r", req.name]
    resultado = subprocess.run(comando, capture_output=True, text=True)
    Path(req.name).unlink()
    if resultado.returncode != 0:
        erros = "\n".join(l for l in resultado.stderr.splitlines() if "is ignored" not in l)
        raise ErroNavegador(
            "Não consegui baixar do PyPI as rodas do kernel do navegador (ou o SHA-256 de "
            f"alguma não confere):\n{erros[-1500:]}\nA preparação precisa do PyPI uma vez; "
            "verifique a conexão (ou a configuração do pip) e rode de novo.")


def _fechamento(pacotes: dict, nomes: list[str]) -> list[str]:
    vistos: list[str] = []
    pilha = [_normalizar(n) for n in nomes]
    while pilha:
        nome = pilha.pop()
        if nome in vistos:
            continue
        if nome not in pacotes:
            raise ErroNavegador(f"O pacote '{nome}' não está no pyodide-lock.json.")
        vistos.append(nome)
        pilha += [_normalizar(d) for d in pacotes[nome].get("depends", [])]
    return vistos


def _copiar_da_distribuicao(local: Path, pacotes: dict, saida: Path) -> list[str]:
    """Copia numpy, matplotlib e dependências de uma distribuição completa local."""
    lock_local = local / "pyodide-lock.json"
    if not lock_local.is_file():
        raise ErroNavegador(f"CURSO_PYODIDE_LOCAL={local}: não achei {lock_local.name} ali. "
                            "Aponte para a pasta extraída da distribuição completa "
                            f"(pyodide-{VERSAO_PYODIDE}.tar.bz2).")
    dados = json.loads(lock_local.read_text(encoding="utf-8"))
    if dados.get("info", {}).get("python") != json.loads(
            (saida / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]["python"]:
        raise ErroNavegador(f"CURSO_PYODIDE_LOCAL={local} não é do Pyodide {VERSAO_PYODIDE} "
                            "(a versão do Python do lock é outra).")
    copiados = []
    for nome in _fechamento(dados["packages"], CIENTIFICOS):
        pacote = dados["packages"][nome]
        origem = local / pacote["file_name"]
        if not origem.is_file() or _sha256(origem) != pacote["sha256"]:
            raise ErroNavegador(f"{origem}: ausente ou com SHA-256 diferente do lock da "
                                "distribuição local.")
        shutil.copy2(origem, saida / pacote["file_name"])
        pacotes[nome] = pacote
        copiados.append(nome)
    return copiados


def reescrever_lock(lock: dict, pasta: Path, cdn: str, locais: set[str]) -> dict:
    """Rodas presentes em ``pasta`` ficam locais (SHA-256 do arquivo); o resto, na CDN."""
    for nome, pacote in lock["packages"].items():
        arquivo = pasta / Path(pacote["file_name"]).name
        if nome in locais and arquivo.is_file():
            pacote["file_name"] = arquivo.name
            pacote["sha256"] = _sha256(arquivo)
        elif "://" not in pacote["file_name"]:
            pacote["file_name"] = cdn + pacote["file_name"]
    return lock


def instalar(destino: Path = DESTINO, forcar: bool = False) -> None:
    """Monta ``destino`` (``_lite/``) de forma atômica."""
    if completos(destino) and not forcar:
        print(f"Arquivos do navegador (JupyterLite/Pyodide) já presentes em {destino}.")
        return
    opcoes = _opcoes()
    temporario = destino.with_name(destino.name + ".tmp")
    shutil.rmtree(temporario, ignore_errors=True)
    runtime = temporario / "static" / "pyodide"
    runtime.mkdir(parents=True)
    print(f"Baixando pyodide@{VERSAO_PYODIDE} (runtime, ~6 MB) ...")
    dados = _baixar(_url_tarball("pyodide", VERSAO_PYODIDE))
    _conferir_integridade(dados, INTEGRIDADE_PYODIDE, "pyodide")
    if _extrair(dados, {f"package/{a}": a for a in ARQUIVOS_PYODIDE}, runtime) \
            != len(ARQUIVOS_PYODIDE):
        raise ErroNavegador(f"Faltam arquivos no pacote pyodide@{VERSAO_PYODIDE}.")
    print("Baixando do PyPI as rodas do kernel do navegador (~5 MB) ...")
    _baixar_rodas(RODAS_DO_LOCK, runtime)
    _baixar_rodas(RODAS_PIPLITE, temporario / "pypi")

    lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    locais = set(RODAS_DO_LOCK)
    if opcoes["local"]:
        locais |= set(_copiar_da_distribuicao(Path(opcoes["local"]), lock["packages"], runtime))
        print(f"Pacotes científicos copiados de {opcoes['local']}.")
    reescrever_lock(lock, runtime, opcoes["cdn"], locais)
    (runtime / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (temporario / ".carimbo").write_text(_carimbo(opcoes))
    shutil.rmtree(destino, ignore_errors=True)
    temporario.rename(destino)
    origem = "locais" if opcoes["local"] else f"da CDN {opcoes['cdn']}"
    print(f"Arquivos do navegador instalados em {destino} (numpy/matplotlib {origem}).")


def main(argv: list[str] | None = None) -> int:
    return executar_instalacao(instalar, argv)


if __name__ == "__main__":
    raise SystemExit(main())
