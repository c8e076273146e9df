"""Onde vai o tempo de CPU de uma entrega (issue 21, item 6): só mede, não muda a caixa.

    python benchmarks/perfil_corretor.py [--entregas 20]

Corrige, uma de cada vez e neste processo, entregas corretas e erradas do exercício
do benchmark de 1.000 e separa, por etapa: a análise do notebook (um subprocesso), as
rodadas da caixa (``caixa.executar``: uma por rodada, cada uma com seus processos) e o
resto (comparação no processo confiável). A solução de referência roda uma vez por
lote e é medida à parte. CPU = do próprio processo + dos filhos esperados
(``RUSAGE_CHILDREN``): processos que não são esperados pelo corretor (dentro do
bubblewrap) podem ficar de fora, então é um piso. Grava
``benchmarks/resultados_perfil_corretor.json``.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _comum  # noqa: E402

from corretor import avaliacao, caixa, correcao, leitura  # noqa: E402

ARQUIVO = _comum.PASTA / "resultados_perfil_corretor.json"


def _cpu() -> float:
    eu, filhos = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return eu.ru_utime + eu.ru_stime + filhos.ru_utime + filhos.ru_stime


class Medidor:
    def __init__(self):
        self.etapas: dict[str, list[float]] = {}
        self.processos = 0

    def embrulhar(self, modulo, nome: str, etapa: str):
        original = getattr(modulo, nome)

        def medido(*args, **kwargs):
            c0, t0 = _cpu(), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                soma = self.etapas.setdefault(etapa, [0.0, 0.0, 0])
                soma[0] += _cpu() - c0
                soma[1] += time.perf_counter() - t0
                soma[2] += 1
        setattr(modulo, nome, medido)

    def contar_processos(self):
        original = subprocess.Popen.__init__
        medidor = self

        def iniciar(self, *args, **kwargs):
            medidor.processos += 1
            return original(self, *args, **kwargs)
        subprocess.Popen.__init__ = iniciar


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description=__doc__.splitlines()[0] + f" O resultado se grava em {ARQUIVO.relative_to(_comum.RAIZ)}.")
    parser.add_argument("--entregas", type=int, default=20, metavar="N",
                        help="quantas entregas perfilar (padrão: 20)")
    args = parser.parse_args(argv)
    espec = importlib.util.spec_from_file_location("bench_corretor", _comum.PASTA / "corretor.py")
    mistura = importlib.util.module_from_spec(espec)
    espec.loader.exec_module(mistura)
    bwrap = caixa.bwrap_disponivel()
    limites, _ = avaliacao.limites_do_exercicio(mistura.EXERCICIO, caixa.Limites(tempo=5.0))
    medidor = Medidor()
    c0, t0 = _cpu(), time.perf_counter()
    referencia = avaliacao.preparar_referencia(mistura.EXERCICIO, 0, limites, bwrap)
    ref_cpu, ref_s = _cpu() - c0, time.perf_counter() - t0
    maximos = correcao.maximos_resultado(referencia.esperados)
    medidor.embrulhar(correcao, "analisar", "análise do notebook (subprocesso)")
    medidor.embrulhar(avaliacao, "executar", "rodadas na caixa (caixa.executar)")
    medidor.contar_processos()
    with tempfile.TemporaryDirectory() as base:
        pasta = Path(base)
        mistura.PROPORCAO = {"correta": 0.5, "errada": 0.5}
        mistura.HOSTIS = []
        mistura.gerar_entregas(pasta, args.entregas)
        arquivos = sorted(pasta.rglob("*.ipynb"))
        c0, t0 = _cpu(), time.perf_counter()
        for arquivo in arquivos:
            correcao.corrigir_arquivo(arquivo, pasta, mistura.EXERCICIO, referencia, limites,
                                      bwrap, maximos)
        total_cpu, total_s = _cpu() - c0, time.perf_counter() - t0
    n = len(arquivos)
    etapas = {nome: {"cpu_s_por_entrega": round(c / n, 3), "parede_s_por_entrega": round(s / n, 3),
                     "chamadas_por_entrega": round(k / n, 2)}
              for nome, (c, s, k) in medidor.etapas.items()}
    medido = sum(c for c, _, _ in medidor.etapas.values())
    etapas["resto (comparação e leitura dos resultados, no processo confiável)"] = {
        "cpu_s_por_entrega": round((total_cpu - medido) / n, 3)}
    resultado = {
        "data": _comum.agora(), "maquina": _comum.maquina(),
        "isolamento": "bubblewrap" if bwrap else "nenhum", "exercicio": mistura.EXERCICIO,
        "entregas": n, "mistura": "50 % corretas, 50 % erradas (numpy), uma de cada vez",
        "cpu_s_por_entrega": round(total_cpu / n, 3), "parede_s_por_entrega": round(total_s / n, 3),
        "processos_iniciados_pelo_corretor_por_entrega": round(medidor.processos / n, 2),
        "etapas": etapas,
        "referencia_uma_vez_por_lote": {"cpu_s": round(ref_cpu, 3), "parede_s": round(ref_s, 3)},
        "observacao": ("CPU por RUSAGE_CHILDREN: processos dentro da caixa que o corretor "
                       "não espera diretamente podem ficar de fora (um piso)."),
    }
    for nome, dados in etapas.items():
        print(f"{nome}: {dados}")
    print(f"total: {resultado['cpu_s_por_entrega']} CPU-s e {resultado['parede_s_por_entrega']} s "
          f"de parede por entrega; {resultado['processos_iniciados_pelo_corretor_por_entrega']} "
          "processos iniciados pelo corretor por entrega")
    _comum.gravar_json(ARQUIVO, resultado)
    return 0


if __name__ == "__main__":
    sys.exit(main())
