"""Os scripts de ``benchmarks/`` aceitam ``--help`` e os JSON gravados têm os campos certos.

Nada é treinado nem medido aqui: os benchmarks são scripts, não testes cronometrados.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
PASTA = RAIZ / "benchmarks"
SCRIPTS = ["mnist_tabela.py", "numpy_vs_keras.py", "tempo_notebooks.py", "corretor.py",
           "corretor_exercicios.py", "corretor_moodle.py", "corretor_cluster.py",
           "perfil_corretor.py", "resumo.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_aceita_help_em_portugues(script):
    proc = subprocess.run([sys.executable, str(PASTA / script), "--help"],
                          capture_output=True, text=True, timeout=60, cwd=RAIZ)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("uso:")
    assert "mostra esta ajuda e sai" in proc.stdout
    assert "grava" in proc.stdout


def _ler(nome):
    arquivo = PASTA / nome
    if not arquivo.is_file():
        pytest.skip(f"{nome} ainda não foi gerado")
    with open(arquivo, encoding="utf-8") as f:
        return json.load(f)


def _maquina_ok(maquina):
    assert isinstance(maquina["cpus"], int) and maquina["cpus"] >= 1
    assert "processador" in maquina


def test_resultados_mnist_tem_os_campos():
    dados = _ler("resultados_mnist.json")
    assert isinstance(dados["cpus"], int)
    assert "numpy" in dados["versoes"] and "keras" in dados["versoes"]
    assert dados["atualizado_em"]
    assert dados["modelos"]
    for nome, r in dados["modelos"].items():
        assert r["modelo"] == nome
        assert 0.0 < r["acuracia_teste"] <= 1.0
        assert 1 <= r["epocas"] <= r["epocas_pedidas"]
        assert r["tempo_parede_s"] > 0 and r["data"]
        assert isinstance(r["orcamento_completo"], bool)
        _maquina_ok(r["maquina"])
        if "parametros_deck" in r:                 # linhas do deck: mesma arquitetura
            assert r["parametros"] == r["parametros_deck"]
            assert r["orcamento_completo"] == (r["epocas"] >= 50)


def test_resultados_mnist_legiveis_pelo_capitulo():
    dados = _ler("resultados_mnist.json")
    from curso import modelos_keras as mk

    acuracias = mk.acuracias_resultados(dados)
    assert set(acuracias) == set(dados["modelos"])


def test_resultados_numpy_vs_keras_tem_os_campos():
    dados = _ler("resultados_numpy_vs_keras.json")
    _maquina_ok(dados["maquina"])
    assert dados["cpus"] >= 1 and dados["data"] and "numpy" in dados["versoes"]
    assert dados["repeticoes"] >= 1
    for lado in ("numpy", "keras"):
        assert len(dados["segundos_por_epoca"][lado]) == dados["repeticoes"]
        assert dados["mediana_s"][lado] > 0
        assert dados["gflops"][lado] > 0
    razao = dados["mediana_s"]["numpy"] / dados["mediana_s"]["keras"]
    assert dados["razao_numpy_keras"] == pytest.approx(razao, rel=1e-2)
    assert dados["meta_atingida"] == (dados["razao_numpy_keras"] <= dados["meta_razao"])
    picos = [v for por_threads in dados["pico_matmul_gflops"].values()
             for v in por_threads.values()]
    assert picos and max(picos) > 0
    assert 0 < dados["fracao_do_pico"]["numpy"]


def test_resultados_tempo_tem_os_campos():
    dados = _ler("resultados_tempo.json")
    _maquina_ok(dados["maquina"])
    assert dados["cpus"] >= 1 and dados["data"]
    assert "notebooks" in dados or "construcao" in dados
    if "notebooks" in dados:
        total = sum(r["segundos"] for r in dados["notebooks"].values())
        assert dados["total_notebooks_s"] == pytest.approx(total, abs=0.5)
        for caminho, r in dados["notebooks"].items():
            assert caminho.split("/")[0] in ("chapters", "exercises", "solutions")
            assert r["segundos"] > 0
    if "construcao" in dados:
        for fase in ("a_frio", "sem_mudancas"):
            assert dados["construcao"][fase]["segundos"] > 0
            assert isinstance(dados["construcao"][fase]["ok"], bool)


def test_resultados_corretor_tem_os_campos():
    dados = _ler("resultados_corretor.json")
    _maquina_ok(dados["maquina"])
    assert dados["cpus"] >= 1 and dados["data"] and "numpy" in dados["versoes"]
    assert dados["entregas"] == sum(dados["variantes"].values()) == sum(dados["situacoes"].values())
    assert dados["entregas_por_s"] == pytest.approx(dados["entregas"] / dados["duracao_s"], rel=2e-2)
    assert dados["pico_memoria_corretor_mb"] > 0 and dados["pico_memoria_total_mb"] >= dados["pico_memoria_corretor_mb"] * 0.5
    assert dados["meta_atingida"] == (dados["duracao_s"] <= dados["meta_s"] * dados["entregas"] / 100)


def test_resultados_corretor_por_exercicio_cobrem_todos_os_exercicios():
    """O tempo por entrega está medido para todo exercício corrigido, com notas coerentes."""
    from corretor.casos import EXERCICIOS

    dados = _ler("resultados_corretor_exercicios.json")
    _maquina_ok(dados["maquina"])
    assert dados["data"] and "numpy" in dados["versoes"]
    assert set(dados["por_exercicio"]) == set(EXERCICIOS), "rode benchmarks/corretor_exercicios.py"
    for nome, r in dados["por_exercicio"].items():
        assert r["entregas"] == sum(r["tipos"].values()) == sum(r["situacoes"].values()), nome
        assert r["s_por_entrega"] == pytest.approx(r["correcao_s"] / r["entregas"], abs=1e-2), nome
        assert r["duracao_total_s"] >= r["correcao_s"] > 0 and r["pico_memoria_corretor_mb"] > 0
        assert r["solucoes_com_nota_maxima"] and r["erros_sem_nota_maxima"], nome
