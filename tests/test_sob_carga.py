"""Com a máquina ocupada, nada muda de veredito: afirmações de tempo e notebook × corretor.

Um processo que gira sem parar em cada núcleo (iniciado e parado por este módulo, com prazo
próprio para nunca sobrar) faz o papel dos outros programas de um laptop ou de um CI
cheio. Com ele rodando, e com uma e com duas threads na BLAS do numpy:

- o nbval executa todo capítulo que mede tempo (as células de afirmação ocultas dizem o
  que o texto afirma; nenhuma pode depender da carga nem das threads);
- os exercícios cujos diagnósticos lidam com sorteios (``COM_SORTEIO`` de
  ``test_catalogo.py``; só aqui eles passam pelo catálogo de erros) mostram que o notebook e
  o corretor dão o mesmo veredito, e o teste de sementes repetidas também roda.

Cada rodada é um pytest separado: a BLAS lê o número de threads ao ser carregada.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_catalogo import COM_SORTEIO

RAIZ = Path(__file__).resolve().parent.parent
PRAZO_CARGA_S = 1800          # os processos de carga se encerram sozinhos depois disso
LIMITE_RODADA_S = 900

# Capítulos que medem tempo (o teste abaixo confere que a lista está completa).
COM_TEMPO = ["cap02a_notacao_e_grafos", "cap02b_retropropagacao_e_treino", "cap03_funcoes_de_ativacao",
             "cap06_otimizacao", "cap07_normalizacao_em_lote", "cap09_frameworks"]

GIRAR = "import time\nfim = time.monotonic() + {prazo}\nwhile time.monotonic() < fim:\n    pass\n"


@pytest.fixture(scope="module")
def maquina_ocupada():
    """Um processo de carga por núcleo durante o módulo inteiro; confere que não morreram."""
    carga = [subprocess.Popen([sys.executable, "-c", GIRAR.format(prazo=PRAZO_CARGA_S)])
             for _ in range(os.cpu_count() or 1)]
    try:
        yield carga
    finally:
        for p in carga:
            p.kill()
            p.wait()


def _rodar_pytest(alvos: list[str], threads: int, carga) -> None:
    ambiente = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
                "CURSO_CACHE_NBVAL": "0", "CURSO_SOB_CARGA": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    inicio = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *alvos],
                       cwd=RAIZ, env=ambiente, capture_output=True, text=True, timeout=LIMITE_RODADA_S)
    vivos = sum(p.poll() is None for p in carga)
    assert vivos == len(carga), f"a carga acabou antes da rodada ({vivos} de {len(carga)} processos vivos)"
    assert r.returncode == 0, (f"com a máquina ocupada e {threads} thread(s) na BLAS, falhou "
                               f"({time.monotonic() - inicio:.0f} s):\n{r.stdout[-6000:]}\n{r.stderr[-2000:]}")


def test_lista_de_capitulos_que_medem_tempo_completa():
    medem = sorted(p.stem for p in (RAIZ / "chapters").glob("*.ipynb")
                   if any(m in p.read_text(encoding="utf-8") for m in ("timeit", "perf_counter", "process_time")))
    assert medem == sorted(COM_TEMPO), f"atualize COM_TEMPO: os capítulos que medem tempo são {medem}"


@pytest.mark.parametrize("threads", [1, 2])
def test_capitulos_que_medem_tempo_sob_carga(threads, maquina_ocupada):
    _rodar_pytest([f"chapters/{nome}.ipynb" for nome in COM_TEMPO], threads, maquina_ocupada)


def test_catalogo_dos_sorteios_sob_carga_com_duas_threads(maquina_ocupada):
    # O corretor sempre roda a entrega com uma thread (corretor/caixa.py); as duas threads
    # valem para o lado do notebook, que roda no processo do teste.
    _rodar_pytest([f"tests/test_catalogo.py::test_notebook_e_corretor_concordam[{nome}]" for nome in COM_SORTEIO]
                  + ["tests/test_diagnosticos_aleatorios.py"], 2, maquina_ocupada)
