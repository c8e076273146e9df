"""Resume os JSON de ``benchmarks/`` em tabelas Markdown e atualiza o README.

    python benchmarks/resumo.py            # imprime o resumo
    python benchmarks/resumo.py --gravar   # reescreve a seção de resultados do README

A seção fica entre os marcadores ``<!-- resultados:inicio -->`` e
``<!-- resultados:fim -->`` de ``benchmarks/README.md``; o resto do arquivo não muda.
Assim os números do README são sempre os dos arquivos de resultados, nunca digitados.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _comum  # noqa: E402

INICIO, FIM = "<!-- resultados:inicio -->", "<!-- resultados:fim -->"


def _maquina(m: dict | None) -> str:
    if not m:
        return "máquina não registrada"
    carga = m.get("carga_media_1_5_15min")
    gpu = "sem GPU" if str(m.get("gpu", "")).startswith("nenhuma") else f"GPU: {m.get('gpu')}"
    texto = f"{m.get('cpus')} núcleos ({m.get('processador')}), {gpu}"
    if carga:
        texto += f", carga média {carga[0]:.0f} (1 min) / {carga[2]:.0f} (15 min)"
    return texto


def _br(x: float, casas: int = 2) -> str:
    return f"{x:,.{casas}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def resumo_mnist() -> list[str]:
    dados = _comum.ler_json(_comum.PASTA / "resultados_mnist.json")
    if not dados.get("modelos"):
        return ["_Ainda sem `resultados_mnist.json`._"]
    linhas = ["| modelo | parâmetros | acurácia de teste | deck 002 | atingiu | épocas "
              "(rodadas/pedidas) | orçamento | tempo de parede | data | máquina |",
              "|---|---:|---:|---:|---|---:|---|---:|---|---|"]
    for nome, r in dados["modelos"].items():
        acc = 100 * r["acuracia_teste"]
        alvo = r.get("acuracia_deck", r.get("meta_acuracia"))
        rotulo = (f"{_br(r['acuracia_deck'])} %" if "acuracia_deck" in r
                  else f"meta ≥ {_br(r.get('meta_acuracia', 0), 1)} %")
        orc = "completo" if r["orcamento_completo"] else "**reduzido**"
        if r.get("interrompido_por_tempo"):
            orc += " (limite de tempo)"
        parametros = f"{r['parametros']:,}".replace(",", ".")
        linhas.append(
            f"| {nome} | {parametros} | {_br(acc)} % | {rotulo} | "
            f"{'sim' if alvo is not None and acc >= alvo else 'não'} | "
            f"{r['epocas']}/{r['epocas_pedidas']} | {orc} | "
            f"{_br(r['tempo_parede_s'] / 60, 1)} min | "
            f"{r['data'][:16].replace('T', ' ')} | {_maquina(r.get('maquina'))} |")
    extra = [r for r in dados["modelos"].values() if "acuracia_deck" not in r]
    for r in extra:
        linhas += ["", f"{r['modelo']}: {r.get('descricao', '')}."]
    linhas += ["", f"Versões: {', '.join(f'{k} {v}' for k, v in dados.get('versoes', {}).items())}."]
    return linhas


def resumo_numpy_keras() -> list[str]:
    d = _comum.ler_json(_comum.PASTA / "resultados_numpy_vs_keras.json")
    if not d:
        return ["_Ainda sem `resultados_numpy_vs_keras.json`._"]
    linhas = [f"Medido em {d['data'][:16].replace('T', ' ')}; {_maquina(d.get('maquina'))}; "
              f"{d['repeticoes']} épocas medidas de cada lado, alternadas.", "",
              "| lado | threads da BLAS | s/época (mediana) | s/época (mínimo) | GFLOP/s | "
              "% do pico do matmul* | acurácia de teste |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for lado, tempos in d["segundos_por_epoca"].items():
        threads = d.get("threads_blas_por_lado", {}).get(lado)
        linhas.append(f"| {lado} | {threads if threads else 'TF (próprias)'} | "
                      f"{_br(d['mediana_s'][lado])} | {_br(d['minimo_s'][lado])} | "
                      f"{_br(d['gflops'][lado], 1)} | {_br(100 * d['fracao_do_pico'][lado], 0)} % | "
                      f"{_br(100 * d['acuracia_teste'][lado])} % |")
    pico = "; ".join(f"{k.replace('_threads', ' thread(s)')}: "
                     + ", ".join(f"{f} {_br(v, 1)}" for f, v in p.items())
                     for k, p in d["pico_matmul_gflops"].items())
    linhas += ["", f"**Razão numpy/Keras (medianas): {_br(d['razao_numpy_keras'])}×** "
                   f"(meta ≤ 1,5×: {'atingida' if d['meta_atingida'] else 'não atingida'}). "
                   f"Uma época = {_br(d['gflop_por_epoca'], 1)} GFLOP nas multiplicações de "
                   "matrizes.",
               "",
               f"\\* Pico de `numpy.matmul` float32 medido na mesma execução (GFLOP/s), com o "
               f"mesmo número de threads do lado (Keras: o maior): {pico}."]
    return linhas


def resumo_tempo() -> list[str]:
    d = _comum.ler_json(_comum.PASTA / "resultados_tempo.json")
    if not d:
        return ["_Ainda sem `resultados_tempo.json`._"]
    linhas = [f"Medido em {d['data'][:16].replace('T', ' ')}; {_maquina(d.get('maquina'))}.", ""]
    if "notebooks" in d:
        linhas += ["| notebook | segundos | células com erro | ≤ 90 s |", "|---|---:|---:|---|"]
        for nome, r in d["notebooks"].items():
            ok = r["segundos"] <= 90 and not r.get("falha")
            linhas.append(f"| `{nome}` | {_br(r['segundos'], 1)} | {r['celulas_com_erro']} | "
                          f"{'sim' if ok else '**não**'} |")
        linhas += ["", f"**Total: {_br(d['total_notebooks_s'], 1)} s** "
                       f"({_br(d['total_notebooks_s'] / 60, 1)} min; meta ≤ 6 min: "
                       f"{'atingida' if d['meta_total_atingida'] else 'não atingida'}); "
                       f"acima de 90 s: {', '.join(d['acima_de_90s']) or 'nenhum'}."]
    if "construcao" in d:
        c = d["construcao"]
        linhas += ["", f"Construção estrita (`jupyter-book build -W -n --keep-going`, cópia "
                       f"temporária): a frio **{_br(c['a_frio']['segundos'], 1)} s** "
                       f"({'ok' if c['a_frio']['ok'] else 'falhou'}); reconstrução sem mudanças "
                       f"**{_br(c['sem_mudancas']['segundos'], 1)} s** "
                       f"({'ok' if c['sem_mudancas']['ok'] else 'falhou'}; meta ≤ 20 s: "
                       f"{'atingida' if d.get('meta_reconstrucao_atingida') else 'não atingida'})."]
    return linhas


def resumo_corretor() -> list[str]:
    d = _comum.ler_json(_comum.PASTA / "resultados_corretor.json")
    if not d:
        return ["_Ainda sem resultados: rode `benchmarks/corretor.py`._"]
    nomes = {"correta": "corretas", "errada": "erradas", "falha": "com exceção",
             "laco": "em laço infinito", "hostil": "hostis"}
    variantes = ", ".join(f"{v} {nomes.get(k, k)}" for k, v in d["variantes"].items())
    situacoes = ", ".join(f"{k}: {v}" for k, v in d["situacoes"].items())
    return [f"Medido em {d['data'][:16].replace('T', ' ')}; {_maquina(d.get('maquina'))}; "
            f"isolamento: {d['isolamento']}.", "",
            "| entregas | processos | limite de CPU | duração | entregas/s | "
            "pico do corretor | pico total (corretor + entregas) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {d['entregas']} ({variantes}) | {d['processos']} | "
            f"{_br(d['tempo_limite_cpu_s'], 0)} s | **{_br(d['duracao_s'], 1)} s** | "
            f"{_br(d['entregas_por_s'])} | {_br(d['pico_memoria_corretor_mb'], 0)} MB | "
            f"{_br(d['pico_memoria_total_mb'], 0)} MB |", "",
            f"Situações no CSV: {situacoes}. Meta de tempo (≤ {_br(d['meta_s'], 0)} s para 100 "
            f"entregas): {'atingida' if d['meta_atingida'] else '**não atingida**'}."
            + (f" Meta de memória (corretor ≤ {_br(d['meta_memoria_mb'], 0)} MB): "
               f"{'atingida' if d['meta_memoria_atingida'] else '**não atingida**'}."
               if "meta_memoria_mb" in d else "")]


def resumo_corretor_exercicios() -> list[str]:
    d = _comum.ler_json(_comum.PASTA / "resultados_corretor_exercicios.json")
    if not d.get("por_exercicio"):
        return ["_Ainda sem resultados: rode `benchmarks/corretor_exercicios.py`._"]
    linhas = [f"Medido em {d['data'][:16].replace('T', ' ')}; {_maquina(d.get('maquina'))}; "
              f"isolamento: {d['isolamento']}; {d['processos']} processo(s); limite de CPU "
              f"{_br(d['tempo_limite_cpu_s'], 0)} s. Entregas: 40 % a solução, 40 % um erro "
              "típico do catálogo, 20 % o exercício intocado.", "",
              "| exercício | entregas | s por entrega | preparação (s) | pico do corretor | "
              "pico total | notas coerentes |", "|---|---:|---:|---:|---:|---:|---|"]
    for nome, r in sorted(d["por_exercicio"].items()):
        coerentes = r["solucoes_com_nota_maxima"] and r["erros_sem_nota_maxima"]
        linhas.append(f"| `{nome}` | {r['entregas']} | **{_br(r['s_por_entrega'])}** | "
                      f"{_br(r['preparacao_s'], 1)} | {_br(r['pico_memoria_corretor_mb'], 0)} MB | "
                      f"{_br(r['pico_memoria_total_mb'], 0)} MB | "
                      f"{'sim' if coerentes else '**não**'} |")
    return linhas


def resumo() -> str:
    partes = [f"_Seção gerada por `python benchmarks/resumo.py --gravar` em {_comum.agora()[:16].replace('T', ' ')}._",
              "", "### MNIST (`mnist_tabela.py`)", "", *resumo_mnist(),
              "", "### numpy × Keras (`numpy_vs_keras.py`)", "", *resumo_numpy_keras(),
              "", "### Tempo de execução do curso (`tempo_notebooks.py`)", "", *resumo_tempo(),
              "", "### Corretor automático (`corretor.py`)", "", *resumo_corretor(),
              "", "### Tempo de correção por exercício (`corretor_exercicios.py`)", "",
              *resumo_corretor_exercicios()]
    return "\n".join(partes)


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Resume os arquivos de resultados em Markdown; com --gravar, reescreve a "
                    "seção entre os marcadores de benchmarks/README.md.")
    parser.add_argument("--gravar", action="store_true",
                        help="atualiza benchmarks/README.md em vez de só imprimir")
    args = parser.parse_args(argv)
    texto = resumo()
    if not args.gravar:
        print(texto)
        return 0
    readme = _comum.PASTA / "README.md"
    conteudo = readme.read_text(encoding="utf-8")
    if INICIO not in conteudo or FIM not in conteudo:
        print(f"O README não tem os marcadores {INICIO} / {FIM}.", file=sys.stderr)
        return 1
    antes, resto = conteudo.split(INICIO, 1)
    _, depois = resto.split(FIM, 1)
    readme.write_text(f"{antes}{INICIO}\n{texto}\n{FIM}{depois}", encoding="utf-8")
    print(f"Seção de resultados de {readme} atualizada.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
