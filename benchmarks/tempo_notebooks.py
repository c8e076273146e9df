"""Orçamento de execução do curso: cada notebook a frio e a construção do site.

    python benchmarks/tempo_notebooks.py                  # notebooks + construção
    python benchmarks/tempo_notebooks.py --sem-construcao # só os notebooks
    python benchmarks/tempo_notebooks.py --so-construcao  # só a construção

Notebooks: cada ``.ipynb`` de ``chapters/``, ``exercises/`` e ``solutions/`` é executado
com o ``nbclient`` num kernel novo (a frio: o kernel é iniciado para ele e encerrado
depois), na pasta do próprio notebook, como o ``nbval`` e o Jupyter Book fazem. O tempo
inclui a partida do kernel. Metas: total ≤ 6 min em 2 núcleos e nenhum acima de 90 s.

Construção: o repositório é copiado para uma pasta temporária (sem ``.git``, ``.venv`` e
``_build``) e lá se roda ``jupyter-book build . -W -n --keep-going`` duas vezes: a frio
(sem cache, executando todos os notebooks) e de novo sem nenhuma mudança (meta ≤ 20 s).
O ``_build`` do repositório nunca é tocado. Grava ``benchmarks/resultados_tempo.json``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _comum  # noqa: E402

RAIZ = _comum.RAIZ
PASTAS = ("chapters", "exercises", "solutions")
META_TOTAL_S = 360
META_NOTEBOOK_S = 90
META_RECONSTRUCAO_S = 20
IGNORAR_NA_COPIA = (".git", ".venv", "_build", "__pycache__", ".ipynb_checkpoints",
                    ".pytest_cache", "_ativos.tmp")


def executar_notebook(caminho: Path, timeout_celula: int) -> dict:
    """Executa um notebook a frio; devolve segundos, células e erros."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(caminho, as_version=4)
    cliente = NotebookClient(nb, timeout=timeout_celula, kernel_name="python3",
                             allow_errors=True,
                             resources={"metadata": {"path": str(caminho.parent)}})
    inicio = time.perf_counter()
    falha = None
    try:
        # stderr do kernel descartado: só o aviso de "TCP sem criptografia" sairia ali;
        # erros das células ficam nas saídas do notebook e são contados abaixo.
        cliente.execute(stderr=subprocess.DEVNULL)
    except Exception as erro:  # noqa: BLE001 - tempo esgotado, kernel morto etc.
        falha = f"{type(erro).__name__}: {str(erro).splitlines()[0] if str(erro) else ''}"
    segundos = time.perf_counter() - inicio
    erros = [c for c in nb.cells if c.cell_type == "code"
             and any(s.get("output_type") == "error" for s in c.get("outputs", []))]
    return {"segundos": round(segundos, 2),
            "celulas_de_codigo": sum(c.cell_type == "code" for c in nb.cells),
            "celulas_com_erro": len(erros),
            "falha": falha}


def medir_notebooks(pastas, timeout_celula: int) -> dict:
    arquivos = [p for pasta in pastas for p in sorted((RAIZ / pasta).glob("*.ipynb"))]
    if not arquivos:
        print("Nenhum notebook encontrado.")
        return {}
    resultados = {}
    for i, arq in enumerate(arquivos, 1):
        rel = arq.relative_to(RAIZ).as_posix()
        print(f"[{i:2d}/{len(arquivos)}] {rel} ...", end=" ", flush=True)
        r = executar_notebook(arq, timeout_celula)
        resultados[rel] = r
        aviso = "" if r["segundos"] <= META_NOTEBOOK_S else "  (ACIMA DE 90 s)"
        erro = f"  [{r['celulas_com_erro']} célula(s) com erro]" if r["celulas_com_erro"] else ""
        falha = f"  [falhou: {r['falha']}]" if r["falha"] else ""
        print(f"{r['segundos']:.1f} s{aviso}{erro}{falha}", flush=True)
    return resultados


def _jupyter_book() -> str:
    candidato = Path(sys.executable).with_name("jupyter-book")
    return str(candidato) if candidato.exists() else "jupyter-book"


def construir(pasta: Path, timeout: int) -> dict:
    comando = [_jupyter_book(), "build", str(pasta), "-W", "-n", "--keep-going"]
    ambiente = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    inicio = time.perf_counter()
    try:
        proc = subprocess.run(comando, cwd=pasta, capture_output=True, text=True,
                              env=ambiente, timeout=timeout)
        codigo, saida = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired as erro:
        codigo = None
        saida = f"tempo esgotado ({timeout} s)\n" + str(erro.stdout or "")[-2000:]
    segundos = time.perf_counter() - inicio
    return {"segundos": round(segundos, 1), "codigo_de_saida": codigo,
            "ok": codigo == 0, "final_da_saida": saida[-1500:] if codigo != 0 else ""}


def medir_construcao(timeout: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="curso_build_") as tmp:
        copia = Path(tmp) / "repo"
        shutil.copytree(RAIZ, copia, symlinks=True,
                        ignore=shutil.ignore_patterns(*IGNORAR_NA_COPIA))
        print(f"Construção estrita a frio numa cópia temporária ({copia}) ...", flush=True)
        fria = construir(copia, timeout)
        print(f"  {fria['segundos']:.1f} s, {'ok' if fria['ok'] else 'FALHOU'}", flush=True)
        print("Reconstrução sem mudanças ...", flush=True)
        quente = construir(copia, timeout)
        print(f"  {quente['segundos']:.1f} s, {'ok' if quente['ok'] else 'FALHOU'}", flush=True)
    return {"a_frio": fria, "sem_mudancas": quente}


def main(argv=None) -> int:
    parser = _comum.ArgumentParserPt(
        description="Executa cada notebook do curso a frio (nbclient) e mede a construção "
                    "estrita do site (a frio e sem mudanças) numa cópia temporária do "
                    "repositório; grava benchmarks/resultados_tempo.json.")
    parser.add_argument("--pastas", nargs="+", default=list(PASTAS), metavar="PASTA",
                        help="pastas com notebooks (padrão: chapters exercises solutions)")
    parser.add_argument("--sem-construcao", action="store_true",
                        help="não mede a construção do site")
    parser.add_argument("--so-construcao", action="store_true",
                        help="só mede a construção do site (mantém os tempos de notebooks "
                             "já gravados)")
    parser.add_argument("--timeout-celula", type=int, default=300,
                        help="limite por célula, em segundos (padrão: 300)")
    parser.add_argument("--timeout-construcao", type=int, default=1800,
                        help="limite de cada construção, em segundos (padrão: 1800)")
    parser.add_argument("--saida", default=str(_comum.PASTA / "resultados_tempo.json"),
                        help="arquivo JSON (padrão: %(default)s)")
    args = parser.parse_args(argv)
    saida = Path(args.saida)
    anterior = _comum.ler_json(saida)
    resultado = {
        "descricao": "Notebooks executados a frio com nbclient (kernel novo por notebook, "
                     "partida incluída) e construção estrita do site numa cópia temporária.",
        "data": _comum.agora(),
        "cpus": os.cpu_count(),
        "maquina": _comum.maquina(),
        "versoes": _comum.versoes(("numpy", "tensorflow", "tensorflow-cpu", "keras",
                                   "nbclient", "jupyter-book")),
        "metas": {"total_notebooks_s": META_TOTAL_S, "por_notebook_s": META_NOTEBOOK_S,
                  "reconstrucao_sem_mudancas_s": META_RECONSTRUCAO_S},
    }

    if not args.so_construcao:
        notebooks = medir_notebooks(args.pastas, args.timeout_celula)
        total = sum(r["segundos"] for r in notebooks.values())
        resultado["notebooks"] = notebooks
        resultado["total_notebooks_s"] = round(total, 1)
        resultado["maior_notebook"] = max(notebooks, key=lambda k: notebooks[k]["segundos"],
                                          default=None)
        resultado["acima_de_90s"] = [k for k, r in notebooks.items()
                                     if r["segundos"] > META_NOTEBOOK_S]
        resultado["meta_total_atingida"] = total <= META_TOTAL_S
        resultado["meta_por_notebook_atingida"] = not resultado["acima_de_90s"]
    else:
        for chave in ("notebooks", "total_notebooks_s", "maior_notebook", "acima_de_90s",
                      "meta_total_atingida", "meta_por_notebook_atingida"):
            if chave in anterior:
                resultado[chave] = anterior[chave]
        resultado["data_notebooks"] = anterior.get("data_notebooks", anterior.get("data"))

    if not args.sem_construcao:
        resultado["construcao"] = medir_construcao(args.timeout_construcao)
        resultado["meta_reconstrucao_atingida"] = (
            resultado["construcao"]["sem_mudancas"]["ok"]
            and resultado["construcao"]["sem_mudancas"]["segundos"] <= META_RECONSTRUCAO_S)
    elif "construcao" in anterior:
        resultado["construcao"] = anterior["construcao"]
        resultado["meta_reconstrucao_atingida"] = anterior.get("meta_reconstrucao_atingida")
        resultado["data_construcao"] = anterior.get("data_construcao", anterior.get("data"))

    if "notebooks" in resultado:
        linhas = [[k, f"{r['segundos']:.1f}", r["celulas_com_erro"],
                   "sim" if r["segundos"] <= META_NOTEBOOK_S and not r["falha"] else "não"]
                  for k, r in resultado["notebooks"].items()]
        print()
        print(_comum.formatar_tabela(["notebook", "segundos", "células com erro", "≤ 90 s"],
                                     linhas))
        print(f"\ntotal: {resultado['total_notebooks_s']:.1f} s "
              f"(meta ≤ {META_TOTAL_S} s: {'atingida' if resultado['meta_total_atingida'] else 'NÃO atingida'})")
    if "construcao" in resultado:
        c = resultado["construcao"]
        print(f"construção estrita a frio: {c['a_frio']['segundos']:.1f} s "
              f"({'ok' if c['a_frio']['ok'] else 'falhou'}); reconstrução sem mudanças: "
              f"{c['sem_mudancas']['segundos']:.1f} s (meta ≤ {META_RECONSTRUCAO_S} s: "
              f"{'atingida' if resultado['meta_reconstrucao_atingida'] else 'NÃO atingida'})")
    _comum.gravar_json(saida, resultado)
    print(f"\nResultados gravados em {saida}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
