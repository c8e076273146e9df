"""Nenhum veredito depende da sorte (issue 18): um erro que sorteia números recebe sempre a
mesma dica, no notebook e no corretor.

Os erros do catálogo que sorteiam sem a semente do enunciado (o gerador global
``np.random``, ou ``np.random.default_rng()`` sem semente) são julgados de novo com muitos
estados diferentes dos geradores:

- no notebook: cada notebook com um desses erros roda uma vez como "Executar tudo" (o
  caminho de ``test_catalogo``); depois ``verificar(função)`` roda de novo com cada uma de
  ``SEMENTES`` sementes do gerador global e dos ``default_rng()`` sem semente;
- no corretor: ``COPIAS`` cópias de cada entrega numa correção só; cada uma roda no seu
  processo, com geradores que partem da entropia do sistema, diferente a cada vez.

Antes da correção, ``_df_deterministico`` e ``_dt_deterministico`` (regularizacao)
comparavam duas chamadas numa entrada (3, 4) com p = 0,75: duas máscaras sorteadas
coincidiam em 0,625^12 ≈ 0,36 % das vezes, e a dica saía outra ("A_til errado"; "as
unidades desligadas..."); em minilotes, uma permutação sorteada de 10 exemplos deixava o
primeiro minilote na ordem original uma vez em 5040 ("os minilotes saíram na ordem
original"). Com aquelas verificações, este teste falha nos três erros: com as sementes 0 a
1999, a dica troca em 8, 6 e 1 delas (a 226, em minilotes).
"""

from __future__ import annotations

import collections
import contextlib
import io
import random
import re

import nbformat
import numpy as np
import pytest

from catalogo_erros import CATALOGO, aplicar
from corretor.casos import EXERCICIOS
from test_catalogo import (RAIZ, SOB_CARGA, _arquivo, _mensagem_do_csv, _mensagem_do_notebook, corrigir, dica,
                           executar_notebook)

# Roda dentro da rodada com a máquina ocupada de tests/test_sob_carga.py (não duas vezes no CI).
pytestmark = [pytest.mark.filterwarnings("ignore::RuntimeWarning"),
              pytest.mark.skipif(not SOB_CARGA, reason="roda com a máquina ocupada em tests/test_sob_carga.py")]

SEMENTES = 2000
COPIAS = 3

# Sorteia sem semente: usa np.random.<algo> (salvo np.random.default_rng(<semente>)) e não
# chama np.random.seed (que torna o gerador global previsível).
_SORTEIA = re.compile(r"np\.random\.(?!default_rng\(\w)")
SORTEADOS = [(nome, erro) for nome, erros in CATALOGO.items() for erro in erros
             if _SORTEIA.search(erro.corpo) and "np.random.seed(" not in erro.corpo]


@pytest.fixture
def sorteios(monkeypatch):
    """``semear(k)``: o gerador global do numpy, o do ``random`` e cada
    ``np.random.default_rng()`` sem semente passam a partir de ``k`` (cada um desses
    geradores com o seu fluxo, como sem a semente: dois nunca sorteiam igual). Os estados
    globais voltam ao que eram no fim."""
    estados = np.random.get_state(), random.getstate()
    original = np.random.default_rng
    fonte = [np.random.SeedSequence(0)]

    def default_rng(seed=None):
        return original(fonte[0].spawn(1)[0] if seed is None else seed)

    def semear(semente):
        np.random.seed(semente)
        random.seed(semente)
        fonte[0] = np.random.SeedSequence(semente)

    monkeypatch.setattr(np.random, "default_rng", default_rng)
    yield semear
    np.random.set_state(estados[0])
    random.setstate(estados[1])


def _linha(texto: str, funcao: str) -> str:
    """A linha do veredito de ``funcao`` ("✘ função: dica", "✔ função: tudo certo!"...)."""
    return re.search(rf"^\S {re.escape(funcao)}: .*$", texto, re.M).group(0)


def test_o_catalogo_tem_erros_que_sorteiam():
    """Os erros da issue 18 estão entre os julgados aqui (o teste não fica vazio sem avisar)."""
    assert {("regularizacao", "dropout_frente"), ("regularizacao", "dropout_tras"),
            ("otimizacao", "minilotes"), ("inicializacao", "inicializar_aleatoria"),
            ("inicializacao", "inicializar_xavier")} <= {(n, e.funcao) for n, e in SORTEADOS}


@pytest.mark.parametrize("nome, erro", SORTEADOS, ids=[f"{n}-{e.funcao}-{e.descricao}" for n, e in SORTEADOS])
def test_notebook_da_a_mesma_dica_com_qualquer_semente(nome, erro, sorteios):
    solucao = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
    sorteios(0)
    ambiente, texto = executar_notebook(aplicar(solucao, erro.funcao, erro.corpo))
    vereditos = collections.defaultdict(list)
    vereditos[_linha(texto, erro.funcao)].append("Executar tudo")
    for semente in range(SEMENTES):
        sorteios(semente)
        saida = io.StringIO()
        with contextlib.redirect_stdout(saida):
            ambiente["verificar"](erro.funcao)
        vereditos[_linha(saida.getvalue(), erro.funcao)].append(semente)
    resumo = "\n".join(f"  {len(s)} vez(es), por exemplo {s[:4]}: {linha}" for linha, s in vereditos.items())
    assert len(vereditos) == 1, f"{erro.descricao}: o veredito mudou com a semente:\n{resumo}"
    assert next(iter(vereditos)).startswith(f"✘ {erro.funcao}: "), resumo


@pytest.mark.parametrize("nome", sorted({nome for nome, _ in SORTEADOS}))
def test_corretor_da_a_dica_do_notebook_em_toda_rodada(nome, tmp_path, sorteios):
    solucao = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
    pasta = tmp_path / "entregas"
    pasta.mkdir()
    esperadas = {}
    for i, erro in enumerate(e for n, e in SORTEADOS if n == nome):
        nb = aplicar(solucao, erro.funcao, erro.corpo)
        sorteios(0)
        no_notebook = dica(_mensagem_do_notebook(executar_notebook(nb)[1], erro.funcao))
        for copia in range(COPIAS):
            arquivo = _arquivo(COPIAS * i + copia, erro.funcao)
            (pasta / arquivo).write_text(nbformat.writes(nb), encoding="utf-8")
            esperadas[arquivo] = (erro, no_notebook)
    linhas = corrigir(pasta, nome, tmp_path / "notas.csv")
    nomes = [f.nome for f in EXERCICIOS[nome]]
    diferentes = [f"{arquivo} ({erro.descricao}): notebook: {no_notebook} | CSV: {linhas[arquivo]['motivo']}"
                  for arquivo, (erro, no_notebook) in esperadas.items()
                  if linhas[arquivo][erro.funcao] != "0"
                  or dica(_mensagem_do_csv(linhas[arquivo]["motivo"], erro.funcao, nomes)) != no_notebook]
    assert not diferentes, "\n".join(diferentes)
