"""Bateria hostil do corretor, classe "saídas disputadas": duas correções na mesma saída.

A segunda correção que grava no mesmo CSV (``--saida``) ou na mesma pasta de relatórios
(``--feedback``) é recusada na hora (código 1, mensagem em português), sem mexer nas
saídas da primeira; a trava some com o processo que a tinha, também num ``kill -9``.
"""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from corretor import caixa, cli, trava

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"
SEM_ISOLAMENTO = [] if caixa.bwrap_disponivel() else ["--sem-isolamento"]


def _notebook(*extras: str) -> str:
    nb = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    novo = nbformat.v4.new_notebook()
    novo.cells = [nbformat.v4.new_code_cell(c.source) for c in nb.cells
                  if c.cell_type == "code"]
    novo.cells += [nbformat.v4.new_code_cell(f) for f in extras]
    return nbformat.writes(novo)


def _argumentos(entregas: Path, saida: Path, *extras: str) -> list[str]:
    return [str(entregas), "--exercicio", EXERCICIO, "--saida", str(saida),
            "--tempo-limite", "1", *SEM_ISOLAMENTO, *extras]


def _esperar(condicao, prazo_s: float = 120) -> None:
    fim = time.monotonic() + prazo_s
    while not condicao():
        assert time.monotonic() < fim, "a condição não chegou a tempo"
        time.sleep(0.05)


def test_segunda_correcao_na_mesma_saida_e_recusada(tmp_path, capsys):
    """Uma correção de verdade (outro processo, com uma entrega que dorme) está gravando
    notas.csv: a segunda, com a mesma --saida, sai com código 1 e não toca no CSV
    anterior; a primeira termina normalmente e grava o dela."""
    entregas = tmp_path / "entregas"
    entregas.mkdir()
    (entregas / "dorme.ipynb").write_text(_notebook(
        "import time\ndef treinar(X, y, taxa, epocas):\n    time.sleep(1000)\n"))
    saida = tmp_path / "notas.csv"
    saida.write_text("anterior")
    primeira = subprocess.Popen([sys.executable, "-m", "corretor",
                                 *_argumentos(entregas, saida)], cwd=RAIZ,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        # A primeira já travou a saída e afastou o CSV anterior: está corrigindo.
        _esperar(lambda: (tmp_path / "notas.csv.anterior").exists()
                 or primeira.poll() is not None)
        assert primeira.poll() is None, primeira.stdout.read()
        assert cli.main(_argumentos(entregas, saida, "--semente", "9")) == 1
        texto = capsys.readouterr().out
        assert "ERRO: outra correção (processo" in texto and str(saida) in texto
        assert "Traceback" not in texto
        assert (tmp_path / "notas.csv.anterior").read_text() == "anterior"
        assert not saida.exists()
        assert primeira.wait(timeout=120) == 0
    finally:
        primeira.kill()
        primeira.wait()
    with open(saida, encoding="utf-8") as arq:
        linha = next(csv.DictReader(arq))
    assert linha["arquivo"] == "dorme.ipynb" and linha["status"] == "tempo esgotado"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "entregas", "notas.csv", "notas.csv.anterior",
        "notas.csv.correcoes.json"]                             # nenhuma trava sobrou


def test_mesma_pasta_de_relatorios_e_recusada(tmp_path, capsys):
    """Outra --saida, mas a mesma --feedback: recusada também (a pasta da trava é a real,
    então um link para a mesma pasta não engana)."""
    entregas = tmp_path / "entregas"
    entregas.mkdir()
    (tmp_path / "relatorios").mkdir()
    (tmp_path / "atalho").symlink_to(tmp_path)
    with trava.travar_saidas(tmp_path / "a.csv", tmp_path / "relatorios"):
        codigo = cli.main(_argumentos(entregas, tmp_path / "b.csv", "--feedback",
                                      str(tmp_path / "atalho" / "relatorios")))
    assert codigo == 1
    assert "outra correção" in capsys.readouterr().out
    assert not (tmp_path / "b.csv").exists()
    assert list((tmp_path / "relatorios").iterdir()) == []


def test_trava_solta_quando_o_processo_morre(tmp_path, capsys):
    """Um processo que travou a saída e morreu com kill -9 (sem soltar nada) não a deixa
    presa: o arquivo de trava sobra, mas não trava, e a próxima correção o apaga."""
    saida = tmp_path / "notas.csv"
    codigo = ("import sys, time\nfrom corretor import trava\n"
              f"with trava.travar_saidas({str(saida)!r}):\n"
              "    print('travado', flush=True)\n    time.sleep(600)\n")
    dono = subprocess.Popen([sys.executable, "-c", codigo], cwd=RAIZ,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert dono.stdout.readline().strip() == "travado"
        assert cli.main(_argumentos(tmp_path, saida)) == 1
        assert f"processo {dono.pid})" in capsys.readouterr().out
    finally:
        dono.send_signal(signal.SIGKILL)
        dono.wait()
    arquivo = trava.arquivo_da_trava(saida)
    assert arquivo.exists()                                    # sobrou da queda...
    with trava.travar_saidas(saida):                           # ...mas não trava
        pass
    assert not arquivo.exists()
