"""Bateria hostil do corretor, classe "isolamento": sem caixa de areia, nada é corrigido.

- Sem um bubblewrap que funcione, o corretor recusa o lote (código 1, mensagem em
  português), a não ser com ``--sem-isolamento``, e então cada linha do CSV diz
  ``isolamento = nenhum``.
- A caixa funciona onde quer que estejam o projeto, a venv e os temporários: um usuário
  comum (criado para o teste quando ele roda como root), com o projeto, a venv, as
  entregas e o TMPDIR em ``/tmp`` e a venv chamada por um link simbólico, corrige uma
  entrega-sonda que tenta ler o projeto (``solutions/``), a outra entrega, a pasta
  pessoal, e gravar fora do seu espaço de trabalho: nada disso funciona, e o espaço de
  trabalho dela funciona. Com ``--sem-isolamento`` a mesma sonda lê e grava (prova de que
  ela detecta o vazamento).
"""

from __future__ import annotations

import csv
import importlib.metadata as metadata
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import nbformat
import pytest

from corretor import caixa, cli, montagens

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"
TODAS = ["sigmoide", "prever", "entropia_cruzada", "atualizar_pesos", "treinar"]
RAIZ_DO_SISTEMA = os.geteuid() == 0


def _notebook(*extras: str) -> str:
    nb = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    fontes = [c.source for c in nb.cells if c.cell_type == "code"] + list(extras)
    novo = nbformat.v4.new_notebook()
    novo.cells = [nbformat.v4.new_code_cell(f) for f in fontes]
    return nbformat.writes(novo)


def _ler_csv(caminho: Path) -> dict:
    with open(caminho, encoding="utf-8") as arq:
        return {linha["arquivo"]: linha for linha in csv.DictReader(arq)}


# ------------------------------------------------------------------ bwrap que não monta

@pytest.fixture
def bwrap_quebrado(tmp_path, monkeypatch):
    """Um ``bwrap`` no PATH que falha como um sem user namespaces."""
    pasta = tmp_path / "bin"
    pasta.mkdir()
    falso = pasta / "bwrap"
    falso.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\n"
                     "exit 1\n")
    falso.chmod(0o755)
    monkeypatch.setenv("PATH", f"{pasta}{os.pathsep}{os.environ.get('PATH', '')}")
    return falso


def _entregas(tmp_path: Path) -> Path:
    pasta = tmp_path / "entregas"
    pasta.mkdir()
    (pasta / "ana.ipynb").write_text(_notebook())
    return pasta


def test_sem_caixa_nada_e_corrigido(tmp_path, bwrap_quebrado, capsys):
    """O bwrap não monta a caixa: código 1, mensagem em português com o motivo e a saída
    (--sem-isolamento), nenhum CSV novo e o anterior intocado (nem renomeado)."""
    entregas, saida = _entregas(tmp_path), tmp_path / "notas.csv"
    saida.write_text("anterior")
    assert cli.main([str(entregas), "--exercicio", EXERCICIO, "--saida", str(saida)]) == 1
    texto = capsys.readouterr().out
    assert "ERRO: a caixa de areia não funciona aqui, e sem ela nada é corrigido" in texto
    assert "No permissions to create new namespace" in texto     # o motivo, citado
    assert "--sem-isolamento" in texto and "Traceback" not in texto
    assert saida.read_text() == "anterior"
    assert not (tmp_path / "notas.csv.anterior").exists()


def test_sem_bwrap_nada_e_corrigido(tmp_path, monkeypatch, capsys):
    """Sem o comando bwrap no PATH: a mesma recusa, com o motivo certo."""
    monkeypatch.setenv("PATH", str(tmp_path / "vazio"))
    entregas, saida = _entregas(tmp_path), tmp_path / "notas.csv"
    assert cli.main([str(entregas), "--exercicio", EXERCICIO, "--saida", str(saida)]) == 1
    texto = capsys.readouterr().out
    assert "o comando bwrap (pacote bubblewrap) não foi encontrado" in texto
    assert not saida.exists()


def test_sem_isolamento_so_a_pedido_e_marcado(tmp_path, bwrap_quebrado, capsys):
    """Com --sem-isolamento o lote roda sem a caixa (aviso na saída) e cada linha diz
    isolamento = nenhum. Como root, com um Python que um uid sem privilégios não executa,
    o lote é recusado (mensagem clara)."""
    entregas, saida = _entregas(tmp_path), tmp_path / "notas.csv"
    codigo = cli.main([str(entregas), "--exercicio", EXERCICIO, "--saida", str(saida),
                       "--sem-isolamento", "--tempo-limite", "5"])
    texto = capsys.readouterr().out
    assert "AVISO: --sem-isolamento: sem caixa de areia" in texto
    if RAIZ_DO_SISTEMA and not caixa.python_sem_privilegios():
        assert codigo == 1 and "uid sem privilégios" in texto and not saida.exists()
        return
    assert codigo == 0
    assert [l["isolamento"] for l in _ler_csv(saida).values()] == ["nenhum"]


def test_python_em_tmp_montado_sob_o_tmpfs(monkeypatch):
    """Uma venv em /tmp é montada em /trabalho/tmp/... (o /tmp da caixa é um link para
    /trabalho/tmp; criar pastas através do link falhava: "Can't mkdir /tmp/...")."""
    monkeypatch.setattr(montagens, "prefixos_python", lambda: ["/tmp/clone/.venv", "/opt/py"])
    args = montagens.montagens(False, 1024)
    assert ["--ro-bind", "/tmp/clone/.venv", "/trabalho/tmp/clone/.venv"] == \
        args[args.index("/tmp/clone/.venv") - 1:][:3]
    assert ["--perms", "0755", "--dir", "/trabalho/tmp/clone"] == \
        args[args.index("/trabalho/tmp/clone") - 3:][:4]
    assert ["--ro-bind", "/opt/py", "/opt/py"] == args[args.index("/opt/py") - 1:][:3]
    destinos = [args[i + 1] for i, a in enumerate(args) if a == "--dir"] + \
        [args[i + 2] for i, a in enumerate(args) if a == "--symlink"]
    assert not any(d.startswith("/tmp/") for d in destinos)


# ------------------------------------------------------------------ usuário comum, /tmp

def _executar(comando, usuario, **kwargs):
    """Roda ``comando`` como o usuário do teste (``None``: este mesmo)."""
    if usuario:
        kwargs.update(user=usuario, group=usuario, extra_groups=[])
    return subprocess.run(comando, capture_output=True, timeout=kwargs.pop("timeout", 60),
                          **kwargs)


@pytest.fixture(scope="module")
def usuario():
    """Um usuário comum: este, se o teste não roda como root; senão, um descartável."""
    if not RAIZ_DO_SISTEMA:
        yield None
        return
    if not shutil.which("useradd") or not shutil.which("userdel"):
        pytest.skip("rodando como root sem useradd/userdel: não há como criar o usuário "
                    "comum do teste")
    nome = "corretor" + uuid.uuid4().hex[:8]
    criado = subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin",
                             nome], capture_output=True, text=True)
    if criado.returncode != 0:
        pytest.skip(f"não consegui criar um usuário comum ({criado.stderr.strip()})")
    try:
        yield nome
    finally:
        subprocess.run(["userdel", nome], capture_output=True)


def _python_base(usuario) -> str:
    """Um Python desta versão que o usuário do teste executa (o desta venv, se der)."""
    versao = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidato in (getattr(sys, "_base_executable", sys.executable),
                      f"/usr/bin/python{versao}", f"/usr/local/bin/python{versao}"):
        try:
            if _executar([candidato, "-I", "-c", "import venv"], usuario,
                         cwd="/").returncode == 0:
                return candidato
        except OSError:          # inexistente ou numa pasta que o usuário não lê
            continue
    pytest.skip(f"nenhum Python {versao} que um usuário comum consiga executar (o desta "
                f"venv, {sys.executable}, fica numa pasta que só o root lê)")


def _pacotes(*nomes: str) -> dict:
    """As distribuições instaladas ``nomes`` e as de que elas dependem."""
    vistas, pilha = {}, list(nomes)
    while pilha:
        nome = re.split(r"[\s;<>=!~\[(]", pilha.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if nome in vistas:
            continue
        try:
            vistas[nome] = metadata.distribution(nome)
        except metadata.PackageNotFoundError:
            continue
        pilha += [r for r in vistas[nome].requires or [] if "extra ==" not in r]
    return vistas


def _venv_em_tmp(destino: Path, usuario) -> None:
    """Uma venv do usuário em ``destino``, com o numpy e o matplotlib desta (ligações
    físicas: nada é copiado; cópia se ``/tmp`` for outro sistema de arquivos)."""
    criada = _executar([_python_base(usuario), "-m", "venv", "--without-pip", str(destino)],
                       usuario, cwd="/")
    assert criada.returncode == 0, criada.stderr
    site = Path(_executar([str(destino / "bin" / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          usuario, cwd="/", text=True).stdout.strip())
    for dist in _pacotes("numpy", "matplotlib").values():
        for arquivo in dist.files or []:
            origem = Path(dist.locate_file(arquivo))
            if str(arquivo).startswith("..") or not origem.is_file():
                continue
            alvo = site / arquivo
            alvo.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(origem, alvo)
            except OSError:
                shutil.copy2(origem, alvo)


def _retrato(pasta: Path, fora: tuple[str, ...]) -> dict:
    """Nome, tamanho e data de modificação de tudo sob ``pasta`` (sem ler o conteúdo)."""
    retrato = {}
    for atual, pastas, arquivos in os.walk(pasta):
        pastas[:] = [p for p in pastas if p != "__pycache__"
                     and os.path.join(atual, p) not in fora]
        for nome in [""] + pastas + arquivos:
            info = os.lstat(os.path.join(atual, nome))
            retrato[os.path.join(atual, nome)] = (info.st_size, info.st_mtime_ns)
    return retrato


def _sonda(base: Path, marca: str) -> str:
    """Solução correta + redefinições: `sigmoide` erra se a sonda leu algo de fora;
    `prever` tenta gravar fora; `entropia_cruzada` só acerta se o espaço de trabalho
    e o /tmp da caixa aceitam escrita (controle positivo)."""
    clone, casa = base / "clone", base / "casa"
    # (A sentinela não está em `ler`: `prever` a grava no /tmp da caixa, onde a sonda
    # depois a leria sem que nada tivesse vazado.)
    ler = [clone / "solutions" / f"{EXERCICIO}.ipynb", clone / "corretor" / "caixa.py",
           clone / "entregas" / "outra.ipynb", casa / "segredo.txt"]
    listar = [(clone, "solutions"), (clone / "entregas", "outra.ipynb"), (casa, "segredo.txt")]
    gravar = [clone / "entregas" / "outra.ipynb", base / "sentinela.txt",
              base / "gravavel" / marca, casa / marca, clone / ".venv" / marca,
              Path("/var/tmp") / marca, Path("/dev/shm") / marca]
    return (
        "import os\n"
        f"_LER = {[str(p) for p in ler]!r}\n"
        f"_LISTAR = {[(str(p), n) for p, n in listar]!r}\n"
        f"_GRAVAR = {[str(p) for p in gravar]!r}\n"
        "_sigmoide_ok, _prever_ok, _entropia_ok = sigmoide, prever, entropia_cruzada\n"
        "def _vazou():\n"
        "    for alvo in _LER:\n"
        "        try:\n"
        "            with open(alvo, 'rb') as arq:\n"
        "                arq.read(1)\n"
        "            return True\n"
        "        except BaseException:\n"
        "            pass\n"
        "    for pasta, nome in _LISTAR:\n"
        "        try:\n"
        "            if nome in os.listdir(pasta):\n"
        "                return True\n"
        "        except BaseException:\n"
        "            pass\n"
        "    return False\n"
        "def sigmoide(z):\n"
        "    return _sigmoide_ok(z) + (1.0 if _vazou() else 0.0)\n"
        "def prever(X, w, b):\n"
        "    for alvo in _GRAVAR:\n"
        "        try:\n"
        "            with open(alvo, 'w') as arq:\n"
        "                arq.write('hackeado')\n"
        "        except BaseException:\n"
        "            pass\n"
        "    return _prever_ok(X, w, b)\n"
        "def entropia_cruzada(y, y_hat):\n"
        f"    for alvo in ('rascunho.txt', '/tmp/{marca}'):\n"
        "        with open(alvo, 'w') as arq:\n"
        "            arq.write('ok')\n"
        "        with open(alvo) as arq:\n"
        "            assert arq.read() == 'ok'\n"
        "    return _entropia_ok(y, y_hat)\n")


@pytest.fixture(params=["usuário comum", "root"])
def quem(request):
    """Quem roda o corretor: o usuário comum do teste, ou o root (só se o teste é root)."""
    if request.param == "root":
        if not RAIZ_DO_SISTEMA:
            pytest.skip("o teste não roda como root")
        return None
    return request.getfixturevalue("usuario")


@pytest.fixture
def em_tmp(quem):
    """Projeto (corretor + soluções), venv, entregas e TMPDIR de um usuário comum em
    /tmp; a venv é chamada pelo link ``atalho`` → ``clone``."""
    usuario = quem
    base = Path(tempfile.mkdtemp(prefix="corretor-isolamento-", dir="/tmp"))
    marca = "sonda_" + uuid.uuid4().hex
    try:
        base.chmod(0o755)
        clone = base / "clone"
        clone.mkdir()
        ignorar = shutil.ignore_patterns("__pycache__")
        shutil.copytree(RAIZ / "corretor", clone / "corretor", ignore=ignorar)
        shutil.copytree(RAIZ / "solutions", clone / "solutions", ignore=ignorar)
        (base / "atalho").symlink_to(clone)
        (clone / "entregas").mkdir()
        (clone / "entregas" / "outra.ipynb").write_text(_notebook())
        (clone / "entregas" / "sonda.ipynb").write_text(_notebook(_sonda(base, marca)))
        (base / "sentinela.txt").write_text("intacto")
        for pasta in ("casa", "gravavel", "saida", "tmpdir"):
            (base / pasta).mkdir()
        (base / "casa" / "segredo.txt").write_text("segredo")
        if usuario:     # do usuário, para só a caixa impedir a sonda (não as permissões)
            dono = pwd.getpwnam(usuario)
            for caminho in [clone, clone / "entregas", *(clone / "entregas").iterdir(),
                            base / "sentinela.txt", *(base / p for p in (
                                "casa", "gravavel", "saida", "tmpdir")),
                            base / "casa" / "segredo.txt"]:
                os.chown(caminho, dono.pw_uid, dono.pw_gid)
        os.chmod(base / "casa" / "segredo.txt", 0o600)
        _venv_em_tmp(clone / ".venv", usuario)
        yield base, marca
    finally:
        shutil.rmtree(base, ignore_errors=True)
        # O que a sonda gravou fora quando rodou sem a caixa (o controle).
        for pasta in ("/var/tmp", "/dev/shm", "/tmp"):
            if (Path(pasta) / marca).exists():
                (Path(pasta) / marca).unlink()


def _corrigir(base: Path, usuario, *extras: str) -> tuple[subprocess.CompletedProcess, dict]:
    saida = base / "saida" / "notas.csv"
    python = base / "atalho" / ".venv" / "bin" / "python"
    rodada = _executar(
        [str(python), "-m", "corretor", str(base / "atalho" / "entregas"), "--exercicio",
         EXERCICIO, "--saida", str(saida), "--tempo-limite", "5", "--semente", "3", *extras],
        usuario, cwd=base / "atalho", text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(base / "casa"), "LANG": "C.UTF-8",
             "TMPDIR": str(base / "tmpdir"), "PYTHONDONTWRITEBYTECODE": "1"})
    return rodada, (_ler_csv(saida) if saida.exists() else {})


def test_tudo_em_tmp(em_tmp, quem):
    """A caixa funciona com o projeto, a venv (por um link) e os temporários em /tmp, como
    usuário comum e como root: a sonda não lê o projeto, a outra entrega nem a pasta
    pessoal, e não grava fora do seu espaço de trabalho (que funciona)."""
    base, marca = em_tmp
    usuario = quem
    como_root = usuario is None and RAIZ_DO_SISTEMA
    if not como_root:
        teste = _executar(["bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"],
                          usuario, cwd="/")
        if teste.returncode != 0:
            pytest.skip("o núcleo não deixa um usuário comum criar user namespaces (o bwrap "
                        f"não roda sem privilégios aqui: {teste.stderr.decode().strip()})")
    fora = (str(base / "saida"), str(base / "tmpdir"))
    antes = _retrato(base, fora)
    rodada, linhas = _corrigir(base, usuario)
    assert rodada.returncode == 0, rodada.stdout + rodada.stderr
    assert "Isolamento: bubblewrap" in rodada.stdout
    sonda, outra = linhas["sonda.ipynb"], linhas["outra.ipynb"]
    assert [sonda[f] for f in TODAS] == ["1"] * 5, sonda     # nada vazou; rascunho ok
    assert outra["total"] == "5" and outra["status"] == "ok"
    assert {l["isolamento"] for l in linhas.values()} == {"bubblewrap"}
    assert _retrato(base, fora) == antes                     # nada mudou fora da caixa
    assert not any((Path(p) / marca).exists() for p in ("/var/tmp", "/dev/shm", "/tmp"))

    # Controle: sem a caixa (a pedido), a mesma sonda lê o projeto e grava fora: ela
    # detecta o vazamento. (Só como usuário comum: como root, sem a caixa a sonda roda
    # com um uid sem privilégios, que pode nem conseguir executar este Python.)
    if como_root:
        return
    rodada, linhas = _corrigir(base, usuario, "--sem-isolamento")
    assert rodada.returncode == 0, rodada.stdout + rodada.stderr
    assert linhas["sonda.ipynb"]["sigmoide"] == "0"
    assert (base / "sentinela.txt").read_text() == "hackeado"
    assert {l["isolamento"] for l in linhas.values()} == {"nenhum"}
