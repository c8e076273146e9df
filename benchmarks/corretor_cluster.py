"""Benchmark do corretor num cluster Dask local de verdade contra o grupo local.

    python benchmarks/corretor_cluster.py [--entregas 300] [--tempo-limite 5]

Gera N entregas com a mesma mistura do benchmark de 1.000 (``benchmarks/corretor.py``),
sobe um scheduler e dois workers (uma thread cada) em 127.0.0.1 e corrige tudo com
``python -m corretor --cluster tcp://127.0.0.1:PORTA``; depois corrige as mesmas
entregas localmente com ``--processos 2``. Mede a vazão de cada um, a razão
cluster/local (meta ≥ 0,9), o pico de memória do cliente (o processo do professor) e
projeta 100.000 entregas em 128 núcleos (hipóteses no JSON). Confere que os dois CSV
são idênticos. Grava ``benchmarks/resultados_corretor_cluster.json``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _comum  # noqa: E402  (raiz do repositório no sys.path)
from _medicao import benchmark_de_1000, rodar_corretor  # noqa: E402

RAIZ = _comum.RAIZ
ARQUIVO = _comum.PASTA / "resultados_corretor_cluster.json"
META_RAZAO = 0.9
META_MEMORIA_MB = 300.0


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _iniciar(argumentos: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(RAIZ), OPENBLAS_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, "-m", *argumentos], cwd=RAIZ, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _rodar_no_cluster(argumentos: list[str], workers: int):
    from distributed import Client
    porta = _porta_livre()
    endereco = f"tcp://127.0.0.1:{porta}"
    processos = [_iniciar(["distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                           "--port", str(porta), "--no-dashboard"])]
    try:
        for _ in range(workers):
            processos.append(_iniciar(["distributed.cli.dask_worker", endereco, "--nthreads",
                                       "1", "--no-dashboard", "--host", "127.0.0.1"]))
        with Client(endereco, timeout=120, set_as_default=False) as cliente:
            cliente.wait_for_workers(workers, timeout=120)
        return endereco, rodar_corretor([*argumentos, "--cluster", endereco])
    finally:
        for processo in reversed(processos):
            if processo.poll() is None:
                os.killpg(processo.pid, signal.SIGTERM)
            try:
                processo.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(processo.pid, signal.SIGKILL)
                processo.wait()


def _diferencas(local: Path, cluster: Path) -> list:
    """As linhas que mudaram (arquivo, status e motivo local → cluster), até 20."""
    import csv
    with open(local, encoding="utf-8") as a, open(cluster, encoding="utf-8") as b:
        locais = {l["arquivo"]: l for l in csv.DictReader(a)}
        remotas = {l["arquivo"]: l for l in csv.DictReader(b)}
    return [{"arquivo": k, "local": [l["status"], l["motivo"][:120]],
             "cluster": [remotas.get(k, {}).get("status"), remotas.get(k, {}).get("motivo", "")[:120]]}
            for k, l in locais.items() if remotas.get(k) != l][:20]


def _resumo(rodada, n: int) -> dict:
    return {"codigo_saida": rodada.codigo_saida, "duracao_s": round(rodada.duracao_s, 2),
            "entregas_por_s": round(n / rodada.duracao_s, 3),
            "pico_memoria_cliente_mb": round(rodada.pico_corretor_kb / 1024, 1),
            "pico_memoria_total_mb": round(rodada.pico_total_kb / 1024, 1)}


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description=__doc__.splitlines()[0] + f" O resultado se grava em {ARQUIVO.relative_to(_comum.RAIZ)}.")
    parser.add_argument("--entregas", type=int, default=300, metavar="N",
                        help="quantas entregas gerar (padrão: 300; a issue pede ≥ 10.000)")
    parser.add_argument("--tempo-limite", type=float, default=5.0, metavar="S",
                        help="segundos de CPU por entrega (padrão: 5)")
    args = parser.parse_args(argv)
    mistura = benchmark_de_1000()
    workers = 2
    carga_inicio = _comum.maquina()
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base) / "entregas"
        contagem = mistura.gerar_entregas(pasta, args.entregas)
        comum = [str(pasta), "--exercicio", mistura.EXERCICIO,
                 "--tempo-limite", str(args.tempo_limite)]
        endereco, cluster = _rodar_no_cluster(
            comum + ["--saida", f"{base}/cluster.csv", "--feedback", f"{base}/rel_cluster"],
            workers)
        local = rodar_corretor(comum + ["--saida", f"{base}/local.csv", "--feedback",
                                        f"{base}/rel_local", "--processos", "2"])
        iguais = Path(f"{base}/cluster.csv").read_bytes() == Path(f"{base}/local.csv").read_bytes()
        diferentes = _diferencas(Path(f"{base}/local.csv"), Path(f"{base}/cluster.csv"))
    n = args.entregas
    dados_cluster, dados_local = _resumo(cluster, n), _resumo(local, n)
    razao = dados_cluster["entregas_por_s"] / dados_local["entregas_por_s"]
    # Projeção: vazão por núcleo medida aqui (cluster), núcleos independentes.
    por_nucleo = dados_cluster["entregas_por_s"] / workers
    projecao_s = 100_000 / (por_nucleo * 128)
    resultado = {
        "data": _comum.agora(), "cpus": os.cpu_count(), "maquina": carga_inicio,
        "carga_media_no_fim": _comum.maquina()["carga_media_1_5_15min"],
        "versoes": _comum.versoes(("numpy", "nbformat", "dask", "distributed")),
        "exercicio": mistura.EXERCICIO, "entregas": n, "variantes": contagem,
        "tempo_limite_cpu_s": args.tempo_limite,
        "motor": {"nome": "Dask distributed", "endereco": "tcp (127.0.0.1, sem TLS)",
                  "workers": workers, "threads_por_worker": 1},
        "cluster": dados_cluster, "local_processos_2": dados_local,
        "razao_vazao_cluster_local": round(razao, 3), "meta_razao": META_RAZAO,
        "meta_razao_atingida": razao >= META_RAZAO,
        "meta_memoria_cliente_mb": META_MEMORIA_MB,
        "meta_memoria_atingida": dados_cluster["pico_memoria_cliente_mb"] <= META_MEMORIA_MB,
        "csv_identicos": iguais,
        "linhas_diferentes": diferentes,
        "projecao_100000_em_128_nucleos": {
            "horas": round(projecao_s / 3600, 2),
            "hipoteses": ("128 workers de uma thread, cada um com um núcleo só seu e a "
                          "mesma vazão por núcleo medida aqui no cluster; mesma mistura de "
                          "entregas; o cliente e o scheduler não limitam (uma tarefa por "
                          "entrega, poucos KB de ida e volta); leitura dos arquivos pelo "
                          "cliente não limita"),
        },
    }
    print(_comum.formatar_tabela(
        ["motor", "entregas", "duração (s)", "entregas/s", "pico do cliente (MB)"],
        [["Dask, 2 workers", n, f"{cluster.duracao_s:.1f}", dados_cluster["entregas_por_s"],
          dados_cluster["pico_memoria_cliente_mb"]],
         ["local, --processos 2", n, f"{local.duracao_s:.1f}", dados_local["entregas_por_s"],
          dados_local["pico_memoria_cliente_mb"]]]))
    print(f"razão cluster/local: {razao:.3f}; CSV idênticos: {iguais}")
    _comum.gravar_json(ARQUIVO, resultado)
    print(f"gravado em {ARQUIVO.relative_to(RAIZ)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
