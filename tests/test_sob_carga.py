"""Com a máquina ocupada, nada muda de veredito: afirmações de tempo e notebook × corretor.

Um processo que gira sem parar em cada núcleo (iniciado e parado por este módulo, com prazo
próprio para nunca sobrar) faz o papel dos outros programas de um laptop ou de um CI
cheio. Com ele rodando, e com uma e com duas threads na BLAS do numpy:

- o nbval executa todo capítulo que mede tempo (as células de afirmação ocultas dizem o
  que o texto afirma; nenhuma pode depender da carga nem das threads);
- os exercícios cujos diagnósticos lidam com sorteios (``COM_SORTEIO`` de
  ``test_catalogo.py``; só aqui eles passam pelo catálogo de erros) mostram que o notebook e
  o corretor dão o mesmo veredito, e o teste de sementes repetidas também roda.

Cada rodada é um pytest separado (a BLAS lê o número de threads ao ser carregada), e as
rodadas correm ao mesmo tempo, o que carrega a máquina ainda mais.
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


RODADAS = {   # nome: (alvos do pytest, threads na BLAS)
    "capítulos que medem tempo, 1 thread": ([f"chapters/{nome}.ipynb" for nome in COM_TEMPO], 1),
    # O capítulo 9 não entra na rodada de 2 threads: ele mede tempo só para mostrar (nenhuma
    # afirmação usa esses tempos) e o treino dele é do TensorFlow, com threads próprias.
    "capítulos que medem tempo, 2 threads": ([f"chapters/{nome}.ipynb" for nome in COM_TEMPO
                                              if nome != "cap09_frameworks"], 2),
    # O corretor sempre roda a entrega com uma thread (corretor/caixa.py); as duas threads
    # valem para o lado do notebook, que roda no processo do teste.
    "catálogo dos exercícios com sorteios, 2 threads": (
        [f"tests/test_catalogo.py::test_notebook_e_corretor_concordam[{nome}]" for nome in COM_SORTEIO]
        + ["tests/test_diagnosticos_aleatorios.py"], 2),
}


def _iniciar_pytest(alvos: list[str], threads: int) -> subprocess.Popen:
    ambiente = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
                "CURSO_CACHE_NBVAL": "0", "CURSO_SOB_CARGA": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *alvos],
                            cwd=RAIZ, env=ambiente, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def rodadas():
    """Liga um processo de carga por núcleo, roda as rodadas ao mesmo tempo (mais carga ainda,
    e o CI não espera uma depois da outra) e devolve, por rodada, (código de saída, saída)."""
    carga = [subprocess.Popen([sys.executable, "-c", GIRAR.format(prazo=PRAZO_CARGA_S)])
             for _ in range(os.cpu_count() or 1)]
    processos = {}
    try:
        processos = {nome: _iniciar_pytest(*rodada) for nome, rodada in RODADAS.items()}
        fim = time.monotonic() + LIMITE_RODADA_S
        resultados = {}
        for nome, processo in processos.items():
            try:
                saida, _ = processo.communicate(timeout=max(1.0, fim - time.monotonic()))
                resultados[nome] = (processo.returncode, saida)
            except subprocess.TimeoutExpired:
                resultados[nome] = (None, f"passou de {LIMITE_RODADA_S} s")
        vivos = sum(p.poll() is None for p in carga)
        assert vivos == len(carga), f"a carga acabou antes das rodadas ({vivos} de {len(carga)} processos vivos)"
        yield resultados
    finally:
        for p in [*carga, *processos.values()]:
            p.kill()
            p.wait()


def test_lista_de_capitulos_que_medem_tempo_completa():
    medem = sorted(p.stem for p in (RAIZ / "chapters").glob("*.ipynb")
                   if any(m in p.read_text(encoding="utf-8") for m in ("timeit", "perf_counter", "process_time")))
    assert medem == sorted(COM_TEMPO), f"atualize COM_TEMPO: os capítulos que medem tempo são {medem}"


@pytest.mark.parametrize("rodada", list(RODADAS), ids=["capitulos-1-thread", "capitulos-2-threads", "catalogo-sorteios-2-threads"])
def test_rodada_com_a_maquina_ocupada(rodada, rodadas):
    codigo, saida = rodadas[rodada]
    assert codigo == 0, f"com a máquina ocupada, falhou a rodada '{rodada}':\n{saida[-6000:]}"
