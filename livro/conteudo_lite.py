"""Monta e constrói o JupyterLite do site (``_build/html/lite``).

* :func:`elegivel` diz quais páginas ganham "Executar no navegador" (capítulos 1–8 e
  os exercícios; o capítulo 9 e o exercício ``keras`` usam o TensorFlow, que não roda no
  navegador).
* :func:`gerar_conteudo` copia esses notebooks para a pasta de conteúdo do JupyterLite,
  com um aviso no topo (edições guardadas no navegador; como entregar), a célula de
  preparação do navegador no lugar da do Colab/Binder e, nos metadados, ``curso``:
  o nome do exercício e a versão publicada (SHA-256), que ``lite-curso.js`` compara com
  a cópia do aluno para avisar de uma versão nova.
* :func:`injetar_script` põe ``livro/estatico/lite-curso.js`` (botões "Restaurar o
  original" e "Baixar para entregar"; aviso de versão nova) no app de notebooks.
* :func:`roda` monta rodas Python puras (``curso`` e ``curso_navegador``) sem pip.
* :func:`construir` roda ``jupyter lite build`` só quando algo mudou (carimbo).

Os arquivos baixados na preparação (runtime do Pyodide e rodas) vêm de ``_lite/``
(veja :mod:`livro.navegador`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import nbformat

from livro import cadernos, navegador

RAIZ = Path(__file__).resolve().parent.parent
PASTA_LITE = "lite"          # dentro da saída HTML
PADRAO_CAPITULOS = re.compile(r"^chapters/cap0[1-8]")
# Exercícios que importam o TensorFlow (não há TensorFlow no Pyodide): Colab, Binder ou local.
SEM_NAVEGADOR = frozenset({"exercises/keras"})
SCRIPT = Path(__file__).resolve().parent / "estatico" / "lite-curso.js"
TRADUCAO = Path(__file__).resolve().parent / "traducao_lite.json"
DATA_FIXA = (1980, 1, 1, 0, 0, 0)

AVISO_MD = """\
> **Você está rodando este notebook no navegador** (JupyterLite: Python no próprio
> navegador, sem servidor e sem conta). Rode as células de cima para baixo, começando
> pela célula de preparação logo abaixo.
>
> **Suas edições ficam guardadas neste navegador** (recarregar, fechar a aba ou reiniciar
> o navegador não as apaga; trocar de navegador ou limpar os dados do site, sim). Na barra
> do notebook: **Baixar para entregar** baixa o notebook com o nome do exercício (o
> arquivo que o professor corrige); **Restaurar o original** volta à versão publicada
> (a sua cópia fica guardada com outro nome)."""

PREPARACAO = '''\
# Preparação no navegador (só nesta cópia do JupyterLite): instala o pacote do curso,
# carrega o numpy e o matplotlib{mnist_txt}
# e avisa, em português, se algo falhar.
# Na primeira vez leva de alguns segundos a um minuto.
import piplite
await piplite.install("curso-navegador")
from curso_navegador import preparar
pronto = await preparar(curso={curso}, mnist={mnist}, origem={origem!r})'''


def elegivel(docname: str) -> bool:
    """Páginas com "Executar no navegador": capítulos 1–8 e exercícios (sem TensorFlow)."""
    if docname in SEM_NAVEGADOR:
        return False
    return bool(PADRAO_CAPITULOS.match(docname)) or docname.startswith("exercises/")


def notebooks_lite(raiz: Path = RAIZ) -> list[Path]:
    return [p for pasta in ("chapters", "exercises") for p in sorted((raiz / pasta).glob("*.ipynb"))
            if elegivel(p.relative_to(raiz).with_suffix("").as_posix())]


def origem_cientificos(lite: Path = navegador.DESTINO) -> str:
    """De onde o navegador baixa o numpy (URL da CDN ou cópia publicada com o site)."""
    lock = json.loads((lite / "static" / "pyodide" / "pyodide-lock.json").read_text("utf-8"))
    arquivo = lock["packages"]["numpy"]["file_name"]
    return arquivo.rsplit("/", 1)[0] + "/" if "://" in arquivo else "cópia publicada com o site"


def versao_lite(nb: nbformat.NotebookNode, usa_curso: bool, origem: str) -> nbformat.NotebookNode:
    """Cópia do notebook para o JupyterLite (o original não muda)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    codigo = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    mnist = "mnist" in codigo.lower()
    preparacao = nbformat.v4.new_code_cell(PREPARACAO.format(
        curso=usa_curso, mnist=mnist, origem=origem,
        mnist_txt=",\n# baixa o MNIST publicado com o site" if mnist else ""))
    preparacao.id = "navegador-preparacao"
    aviso = nbformat.v4.new_markdown_cell(AVISO_MD)
    aviso.id = "navegador-aviso"
    indice = next((i for i, c in enumerate(nb.cells)
                   if cadernos.ETIQUETA in c.metadata.get("tags", [])), None)
    if indice is not None:
        nb.cells[indice] = preparacao
    else:
        indice = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
        nb.cells.insert(indice, preparacao)
    nb.cells.insert(indice, aviso)
    nb.metadata["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                 "language": "python"}
    return nb


def carimbar(nb: nbformat.NotebookNode, docname: str) -> nbformat.NotebookNode:
    """Metadados ``curso``: nome para a entrega e versão publicada (hash do conteúdo)."""
    nb.metadata.pop("curso", None)
    versao = hashlib.sha256(json.dumps(nb, sort_keys=True).encode()).hexdigest()[:16]
    nb.metadata["curso"] = {"exercicio": docname.rsplit("/", 1)[-1], "versao": versao}
    return nb


def gerar_conteudo(destino: Path, raiz: Path = RAIZ, origem: str = "") -> list[Path]:
    """Escreve as cópias do JupyterLite em ``destino`` (mesmos caminhos relativos)."""
    shutil.rmtree(destino, ignore_errors=True)
    escritos = []
    for caminho in notebooks_lite(raiz):
        relativo = caminho.relative_to(raiz)
        nb = nbformat.read(caminho, as_version=4)
        usa_curso = relativo.parts[0] == "chapters"
        alvo = destino / relativo
        alvo.parent.mkdir(parents=True, exist_ok=True)
        docname = relativo.with_suffix("").as_posix()
        nbformat.write(carimbar(versao_lite(nb, usa_curso, origem), docname), alvo)
        escritos.append(alvo)
    return escritos


def roda(nome: str, versao: str, arquivos: dict[str, bytes], resumo: str) -> tuple[str, bytes]:
    """Roda ``py3-none-any`` mínima e reprodutível: devolve (nome do arquivo, bytes)."""
    distinfo = f"{nome.replace('-', '_')}-{versao}.dist-info"
    arquivos = dict(sorted(arquivos.items()))
    arquivos[f"{distinfo}/METADATA"] = (f"Metadata-Version: 2.1\nName: {nome}\nVersion: {versao}\n"
                                        f"Summary: {resumo}\n").encode()
    arquivos[f"{distinfo}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: livro.conteudo_lite\n"
                                     b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    linhas = []
    for caminho, dados in arquivos.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(dados).digest()).rstrip(b"=").decode()
        linhas.append(f"{caminho},sha256={digest},{len(dados)}")
    linhas.append(f"{distinfo}/RECORD,,")
    arquivos[f"{distinfo}/RECORD"] = ("\n".join(linhas) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for caminho, dados in arquivos.items():
            info = zipfile.ZipInfo(caminho, DATA_FIXA)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, dados)
    return f"{nome.replace('-', '_')}-{versao}-py3-none-any.whl", buffer.getvalue()


def rodas_do_curso(raiz: Path = RAIZ) -> dict[str, bytes]:
    """As rodas ``curso`` (pacote do aluno) e ``curso-navegador`` (preparação)."""
    versao = re.search(r'__version__\s*=\s*"([^"]+)"',
                       (raiz / "curso" / "__init__.py").read_text("utf-8")).group(1)
    fontes = {f"curso/{p.name}": p.read_bytes() for p in sorted((raiz / "curso").glob("*.py"))}
    kernel = (Path(__file__).parent / "kernel_navegador.py").read_bytes()
    return dict([
        roda("curso", versao, fontes, "Pacote do aluno do curso (no navegador)"),
        roda("curso-navegador", versao, {"curso_navegador.py": kernel},
             "Preparação dos notebooks do curso no JupyterLite"),
    ])


def _carimbo(pastas: list[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for pasta in pastas:
        for arquivo in sorted(p for p in pasta.rglob("*")
                              if p.is_file() and ".cache" not in p.relative_to(pasta).parts):
            h.update(str(arquivo.relative_to(pasta)).encode())
            h.update(hashlib.sha256(arquivo.read_bytes()).digest())
    return h.hexdigest()


def _hash_catalogos(distribuicao: metadata.Distribution) -> str:
    h = hashlib.sha256()
    for arquivo in sorted(distribuicao.files or [], key=str):
        if "/locale/" in str(arquivo) and str(arquivo).endswith(".json"):
            h.update(str(arquivo).encode())
            h.update(hashlib.sha256(Path(arquivo.locate()).read_bytes()).digest())
    return h.hexdigest()


def conferir_idioma() -> None:
    """O pacote de idioma pt-BR precisa estar instalado na construção (versão fixada e
    catálogos íntegros), com o jupyterlab-server, que o ``jupyter lite build`` usa."""
    nome, versao = navegador.PACOTE_IDIOMA
    try:
        distribuicao = metadata.distribution(nome)
        metadata.version("jupyterlab-server")
        problema = (None if distribuicao.version == versao
                    else f"a versão instalada é {distribuicao.version}")
        if problema is None and _hash_catalogos(distribuicao) != navegador.INTEGRIDADE_IDIOMA:
            problema = "os catálogos de tradução instalados não conferem (SHA-256)"
    except metadata.PackageNotFoundError as erro:
        problema = f"falta o pacote {erro.name}"
    if problema:
        raise navegador.ErroNavegador(
            f"A interface do navegador em português precisa de {nome}=={versao} e do "
            f"jupyterlab-server (requirements.txt), mas {problema}. Rode "
            "`bash scripts/preparar.sh` e construa o site de novo.")


def completar_traducao(saida: Path) -> int:
    """Acrescenta ao catálogo pt_BR do site as frases que o pacote de idioma não traduz
    (``livro/traducao_lite.json``); devolve quantas entraram."""
    catalogo = saida / "api" / "translations" / f"{navegador.IDIOMA}.json"
    dados = json.loads(catalogo.read_text("utf-8"))
    extras = json.loads(TRADUCAO.read_text("utf-8"))
    novas = 0
    for dominio, frases in extras.items():
        if dominio.startswith("_"):
            continue
        cabecalho = {"domain": dominio, "language": "pt-BR", "version": "jupyterlab",
                     "plural_forms": "nplurals=2; plural=(n != 1);"}
        alvo = dados["data"].setdefault(dominio, {"": cabecalho})
        for chave, traducao in frases.items():
            if chave not in alvo:
                alvo[chave] = [traducao]
                novas += 1
    catalogo.write_text(json.dumps(dados, ensure_ascii=False), encoding="utf-8")
    return novas


def injetar_script(saida: Path) -> None:
    """Copia ``lite-curso.js`` para ``saida`` e o carrega no app de notebooks."""
    shutil.copy2(SCRIPT, saida / SCRIPT.name)
    pagina = saida / "notebooks" / "index.html"
    texto = pagina.read_text("utf-8")
    marca = f'<script src="../{SCRIPT.name}" defer></script>'
    if marca not in texto:
        pagina.write_text(texto.replace("</head>", marca + "\n</head>", 1), encoding="utf-8")


def construir(saida_html: Path, trabalho: Path, raiz: Path = RAIZ,
              lite: Path = navegador.DESTINO) -> bool:
    """Constrói ``saida_html/lite``; devolve ``False`` se nada mudou (nada refeito)."""
    if not navegador.completos(lite):
        raise navegador.ErroNavegador(
            f"Faltam os arquivos do 'Executar no navegador' em {lite} (ou foram preparados "
            "com outras opções). Rode `bash scripts/preparar.sh` (ou "
            "`python -m livro.navegador`) e construa o site de novo.")
    conteudo = trabalho / "conteudo"
    conferir_idioma()
    (lite / "jupyter-lite.json").write_text(json.dumps(navegador.CONFIG_LITE, indent=2),
                                            encoding="utf-8")
    (lite / "overrides.json").write_text(json.dumps(navegador.OVERRIDES_LITE, indent=2),
                                         encoding="utf-8")
    gerar_conteudo(conteudo, raiz, origem_cientificos(lite))
    for arquivo, dados in rodas_do_curso(raiz).items():
        alvo = lite / "pypi" / arquivo
        if not alvo.is_file() or alvo.read_bytes() != dados:
            alvo.write_bytes(dados)
    mnist = raiz / "data" / "mnist.npz"
    saida = saida_html / PASTA_LITE
    comando = [sys.executable, "-m", "jupyter", "lite", "build", "--lite-dir", str(lite),
               "--contents", str(conteudo), "--output-dir", str(saida),
               "--apps", "notebooks", "--no-sourcemaps", "--no-unused-shared-packages"]
    carimbo = _carimbo([conteudo, lite], json.dumps(comando) + SCRIPT.read_text("utf-8")
                       + TRADUCAO.read_text("utf-8") + (
        f"{mnist.stat().st_size}:{mnist.stat().st_mtime_ns}" if mnist.is_file() else ""))
    marca = saida / ".carimbo-curso"
    if marca.is_file() and marca.read_text() == carimbo:
        return False
    # Construção limpa (o cache do doit não sabe das nossas trocas de configuração).
    shutil.rmtree(saida, ignore_errors=True)
    (trabalho / ".jupyterlite.doit.db").unlink(missing_ok=True)
    resultado = subprocess.run(comando, cwd=trabalho, capture_output=True, text=True)
    if resultado.returncode != 0:
        raise navegador.ErroNavegador("`jupyter lite build` falhou:\n"
                                      + (resultado.stdout + resultado.stderr)[-4000:])
    completar_traducao(saida)
    injetar_script(saida)
    if mnist.is_file():
        (saida / "dados").mkdir(exist_ok=True)
        shutil.copy2(mnist, saida / "dados" / "mnist.npz")
    marca.write_text(carimbo)
    return True
