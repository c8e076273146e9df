"""O corretor num cluster Dask de verdade: scheduler e workers em 127.0.0.1.

O teste inicia e para os processos (sempre, mesmo em falha), em portas livres que ele
mesmo escolhe. Verifica: CSV e relatórios idênticos aos de uma rodada local; um worker
morto no meio do lote não perde nenhuma entrega; um worker sem caixa de areia recusa
a entrega (falha fechada) e a linha diz isso.
"""

from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

pytest.importorskip("distributed")

from corretor import caixa, correcao, motores  # noqa: E402

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"
ESPERA_S = 120        # para subir scheduler e workers numa máquina carregada

VARIANTES = [
    "",
    "def entropia_cruzada(y, y_hat):\n    return float(-np.sum(y * np.log(y_hat)))\n",
    "def treinar(X, y, taxa, epocas):\n    raise ValueError('quebrou')\n",
]


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gerar(pasta: Path, n: int) -> None:
    solucao = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    fontes = [c.source for c in solucao.cells if c.cell_type == "code"]
    for i in range(n):
        destino = pasta / f"aluno{i:02d}" / "exercicio.ipynb"
        destino.parent.mkdir(parents=True)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(f) for f in fontes + [VARIANTES[i % 3]]]
        nbformat.write(nb, destino)


def _iniciar(argumentos: list[str], ambiente: dict | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(RAIZ), OPENBLAS_NUM_THREADS="1",
               **(ambiente or {}))
    return subprocess.Popen([sys.executable, "-m", *argumentos], cwd=RAIZ, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _parar(processo: subprocess.Popen) -> None:
    if processo.poll() is None:
        try:
            os.killpg(processo.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    processo.wait(timeout=30)


@contextmanager
def cluster(workers: int, ambiente_worker: dict | None = None):
    """(endereço, [processos dos workers]) de um scheduler local com ``workers`` workers."""
    from distributed import Client
    porta = _porta_livre()
    endereco = f"tcp://127.0.0.1:{porta}"
    processos = [_iniciar(["distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                           "--port", str(porta), "--no-dashboard"])]
    try:
        for _ in range(workers):
            processos.append(_iniciar(
                ["distributed.cli.dask_worker", endereco, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1"], ambiente_worker))
        with Client(endereco, timeout=ESPERA_S, set_as_default=False) as cliente:
            cliente.wait_for_workers(workers, timeout=ESPERA_S)
        yield endereco, processos[1:]
    finally:
        for processo in reversed(processos):
            _parar(processo)


def _corrigir(entregas: Path, saida: Path, endereco: str | None) -> list:
    with motores.usar(endereco):
        return correcao.corrigir_pasta(entregas, EXERCICIO, saida / "notas.csv",
                                       saida / "relatorios", processos=2,
                                       avisar=lambda _m: None)


def _arvore(pasta: Path) -> dict:
    return {p.relative_to(pasta).as_posix(): p.read_bytes()
            for p in sorted(pasta.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not caixa.bwrap_disponivel(), reason="sem bubblewrap aqui")
def test_cluster_igual_ao_local_e_worker_morto_nao_perde_nada(tmp_path, monkeypatch):
    entregas = tmp_path / "entregas"
    _gerar(entregas, 8)
    _corrigir(entregas, tmp_path / "local", None)
    with cluster(2) as (endereco, workers):
        _corrigir(entregas, tmp_path / "cluster", endereco)
        # Mata um worker assim que chega o primeiro resultado: o outro refaz o que ele tinha.
        avancar, mortos = motores.Progresso.avancar, []

        def matar_no_primeiro(self):
            if not mortos:
                os.killpg(workers[0].pid, signal.SIGKILL)
                mortos.append(workers[0].pid)
            avancar(self)

        monkeypatch.setattr(motores.Progresso, "avancar", matar_no_primeiro)
        _corrigir(entregas, tmp_path / "morto", endereco)
    assert mortos and workers[0].poll() is not None
    local = _arvore(tmp_path / "local")
    assert len(local) == 9            # CSV + 8 relatórios
    assert _arvore(tmp_path / "cluster") == local
    assert _arvore(tmp_path / "morto") == local
    with open(tmp_path / "morto" / "notas.csv", encoding="utf-8") as arq:
        arquivos = [l["arquivo"] for l in csv.DictReader(arq)]
    assert sorted(arquivos) == sorted(set(arquivos)) and len(arquivos) == 8


@pytest.mark.skipif(not caixa.bwrap_disponivel(), reason="sem bubblewrap aqui")
def test_worker_sem_caixa_recusa(tmp_path):
    entregas = tmp_path / "entregas"
    _gerar(entregas, 1)
    # Sem bwrap no PATH do worker: a caixa não funciona lá (o cliente tem a dele).
    with cluster(1, {"PATH": str(tmp_path / "sem-nada")}) as (endereco, _):
        linhas = _corrigir(entregas, tmp_path / "saida", endereco)
    assert [l.status for l in linhas] == ["erro do corretor"]
    assert "não tem caixa de areia" in linhas[0].motivo
    assert "recusou" in linhas[0].motivo


def test_endereco_pela_opcao_ou_pelo_ambiente(monkeypatch):
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    assert motores.endereco_escolhido(None) is None
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", "tcp://10.0.0.1:8786")
    assert motores.endereco_escolhido(None) == "tcp://10.0.0.1:8786"
    assert motores.endereco_escolhido("tls://a:8786") == "tls://a:8786"


def test_caminho_de_rascunho_sem_fuga(tmp_path):
    assert motores.caminho_de_rascunho(str(tmp_path), "ana/e.ipynb") == tmp_path / "ana" / "e.ipynb"
    for ruim in ("../x.ipynb", "/etc/passwd", "a/../../b.ipynb", ""):
        with pytest.raises(ValueError):
            motores.caminho_de_rascunho(str(tmp_path), ruim)


def test_scheduler_inexistente_e_erro_do_lote(tmp_path):
    entregas = tmp_path / "entregas"
    entregas.mkdir()
    from corretor.entregas import ErroDoLote
    porta = _porta_livre()
    motores_conexao = motores.CONEXAO_S
    try:
        motores.CONEXAO_S = 3
        with pytest.raises(ErroDoLote, match="não consegui conectar"):
            motores.conectar(f"tcp://127.0.0.1:{porta}")
    finally:
        motores.CONEXAO_S = motores_conexao
