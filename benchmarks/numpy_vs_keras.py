"""A mesma MLP [784, 128, 64, 10] treinada em numpy (``curso.mlp``) e em Keras, na CPU.

    python benchmarks/numpy_vs_keras.py [--repeticoes 3] [--threads-blas N]

Configuração igual para os dois lados: MNIST inteiro (60 mil imagens), minilotes de 256,
``float32``, ReLU nas camadas ocultas, softmax com entropia cruzada, Adam (0,001; padrões
do Keras), uma época por execução. As execuções se **alternam** no mesmo processo
(numpy, Keras, numpy, Keras, ...), depois de uma época de aquecimento de cada lado (que
inclui a compilação do passo de treino do Keras e é relatada à parte); assim uma
mudança de carga na máquina afeta os dois lados por igual. Relata segundos por época
(mediana e mínimo), a razão numpy/Keras (meta: ≤ 1,5) e os GFLOP/s alcançados, comparados
com o pico de ``numpy.matmul`` medido na mesma máquina. Grava
``benchmarks/resultados_numpy_vs_keras.json``.

Threads da BLAS: o lado ``numpy`` usa 1 thread por padrão (``--threads-blas``). Com
matrizes deste tamanho, dividir cada multiplicação entre threads quase não ajuda numa
máquina livre e, numa máquina disputada, as threads que esperam umas pelas outras deixam
o treino várias vezes mais lento; o lado ``numpy_todas_threads`` mede exatamente isso.
O lado ``numpy_camadas`` é a mesma rede escrita com ``curso.camadas`` e ``curso.softmax``
(o código legível dos capítulos), como referência do que a engenharia de ``curso.mlp``
economiza.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _comum  # noqa: E402  (raiz no sys.path; argparse em português)


def _argumentos(argv=None):
    parser = _comum.ArgumentParserPt(
        description="Compara o tempo por época da MLP [784, 128, 64, 10] em numpy (curso.mlp) "
                    "e em Keras, com execuções alternadas no mesmo processo, e mede os GFLOP/s "
                    "contra o pico de numpy.matmul; grava "
                    "benchmarks/resultados_numpy_vs_keras.json.")
    parser.add_argument("--repeticoes", type=int, default=3,
                        help="épocas medidas de cada lado, alternadas (padrão: 3; mínimo 1)")
    parser.add_argument("--lote", type=int, default=256, help="tamanho do minilote (padrão: 256)")
    parser.add_argument("--threads-blas", type=int, default=1, metavar="N",
                        help="threads da BLAS (OpenBLAS) no lado numpy principal (padrão: 1; "
                             "o lado 'numpy_todas_threads' usa todos os núcleos)")
    parser.add_argument("--semente", type=int, default=0, help="semente (padrão: 0)")
    parser.add_argument("--saida", default=None,
                        help="arquivo JSON (padrão: benchmarks/resultados_numpy_vs_keras.json)")
    return parser.parse_args(argv)


def pico_matmul(np, n: int = 1024, repeticoes: int = 15) -> dict:
    """Melhor GFLOP/s de ``numpy.matmul`` em float32: quadrada n×n e as formas da MLP.

    Cada medida dura pouco (~0,5 GFLOP) e fica a melhor de ``repeticoes``: numa máquina
    disputada, janelas curtas têm mais chance de pegar a CPU livre.
    """
    rng = np.random.default_rng(0)
    saida = {}
    formas = {"quadrada_%d" % n: (n, n, n),
              "camada1_ida_256x784x128": (256, 784, 128),
              "camada1_dW_784x256x128": (784, 256, 128)}
    for nome, (m, k, p) in formas.items():
        a = rng.standard_normal((m, k)).astype(np.float32)
        b = rng.standard_normal((k, p)).astype(np.float32)
        c = np.empty((m, p), dtype=np.float32)
        np.matmul(a, b, out=c)
        vezes = max(1, int(5e8 / (2 * m * k * p)))
        melhor = float("inf")
        for _ in range(repeticoes):
            t0 = time.perf_counter()
            for _ in range(vezes):
                np.matmul(a, b, out=c)
            melhor = min(melhor, (time.perf_counter() - t0) / vezes)
        saida[nome] = round(2 * m * k * p / melhor / 1e9, 1)
    return saida


def main(argv=None) -> int:
    args = _argumentos(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    import numpy as np

    from curso.dados import preparar_mnist
    from curso.mlp import MLP, Adam, flops_por_exemplo, treinar_epoca

    saida = _comum.Path(args.saida) if args.saida else _comum.PASTA / "resultados_numpy_vs_keras.json"
    tamanhos = [784, 128, 64, 10]
    repeticoes = max(1, args.repeticoes)
    (xtr, ytr), (xte, yte) = preparar_mnist(dtype=np.float32)
    xtr = np.ascontiguousarray(xtr)

    todas = os.cpu_count() or 1
    pico = {}
    for n in sorted({1, args.threads_blas, todas}):
        _comum.threads_blas(n)
        print(f"Medindo o pico de numpy.matmul (float32, {n} thread(s) da BLAS)...")
        pico[f"{n}_threads"] = pico_matmul(np)
        print("  " + ", ".join(f"{k}: {v} GFLOP/s" for k, v in pico[f"{n}_threads"].items()))
    _comum.threads_blas(args.threads_blas)

    import keras
    from keras import layers

    keras.utils.set_random_seed(args.semente)
    modelo_keras = keras.Sequential([
        layers.Input(shape=(784,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    modelo_keras.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                         loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    rede = MLP(tamanhos, semente=args.semente, dtype=np.float32)
    otimizador = Adam(taxa_aprendizado=1e-3)
    rng = np.random.default_rng(args.semente)

    def epoca_numpy():
        _comum.threads_blas(args.threads_blas)
        t0 = time.perf_counter()
        treinar_epoca(rede, xtr, ytr, args.lote, otimizador, rng)
        return time.perf_counter() - t0

    # Referência: a mesma rede montada com as camadas legíveis dos capítulos
    # (curso.camadas + curso.softmax, com alocação nova a cada operação).
    from curso import camadas, softmax as sm

    legivel = MLP(tamanhos, semente=args.semente, dtype=np.float32)
    otim_legivel = Adam(taxa_aprendizado=1e-3)

    def epoca_camadas():
        _comum.threads_blas(args.threads_blas)
        t0 = time.perf_counter()
        ordem = rng.permutation(len(xtr))
        for i in range(0, len(xtr), args.lote):
            idx = ordem[i:i + args.lote]
            a, caches = xtr[idx], []
            for j, (w, b) in enumerate(zip(legivel.W, legivel.b)):
                a, c_afim = camadas.afim_forward(a, w, b)
                c_relu = None
                if j < len(legivel.W) - 1:
                    a, c_relu = camadas.relu_forward(a)
                caches.append((c_afim, c_relu))
            _, d = sm.softmax_entropia_cruzada(a, ytr[idx])
            grads = []
            for c_afim, c_relu in reversed(caches):
                if c_relu is not None:
                    d = camadas.relu_backward(d, c_relu)
                d, dw, db = camadas.afim_backward(d, c_afim)
                grads = [dw.astype(np.float32), db.astype(np.float32)] + grads
            otim_legivel.passo(legivel.parametros, grads)
        return time.perf_counter() - t0

    rede_n = MLP(tamanhos, semente=args.semente, dtype=np.float32)
    otim_n = Adam(taxa_aprendizado=1e-3)

    def epoca_numpy_todas():
        _comum.threads_blas(todas)
        t0 = time.perf_counter()
        treinar_epoca(rede_n, xtr, ytr, args.lote, otim_n, rng)
        dt = time.perf_counter() - t0
        _comum.threads_blas(args.threads_blas)
        return dt

    def epoca_keras():
        t0 = time.perf_counter()
        modelo_keras.fit(xtr, ytr, batch_size=args.lote, epochs=1, shuffle=True, verbose=0)
        return time.perf_counter() - t0

    print("Aquecimento (uma época de cada; o Keras compila o passo de treino aqui)...")
    aquecimento = {"numpy": round(epoca_numpy(), 3), "keras": round(epoca_keras(), 3)}
    lados = [("numpy", epoca_numpy), ("keras", epoca_keras), ("numpy_camadas", epoca_camadas)]
    if todas != args.threads_blas:
        lados.append(("numpy_todas_threads", epoca_numpy_todas))
    tempos = {lado: [] for lado, _ in lados}
    for i in range(repeticoes):
        for lado, funcao in lados:
            tempos[lado].append(round(funcao(), 3))
            print(f"  rodada {i + 1}/{repeticoes} {lado:5s}: {tempos[lado][-1]:.2f} s/época")

    acuracia_todos = {"numpy": rede.acuracia(xte, yte),
                "numpy_camadas": legivel.acuracia(xte, yte),
                "numpy_todas_threads": rede_n.acuracia(xte, yte),
                "keras": float(modelo_keras.evaluate(xte, yte, batch_size=1024, verbose=0)[1])}
    acuracia = {k: v for k, v in acuracia_todos.items() if k in tempos}
    flops_epoca = flops_por_exemplo(tamanhos) * len(xtr)
    mediana = {k: statistics.median(v) for k, v in tempos.items()}
    minimo = {k: min(v) for k, v in tempos.items()}
    razao = mediana["numpy"] / mediana["keras"]
    gflops = {k: flops_epoca / mediana[k] / 1e9 for k in tempos}
    pico_max = max(v for p in pico.values() for v in p.values())
    threads_lado = {"numpy": args.threads_blas, "numpy_camadas": args.threads_blas,
                    "numpy_todas_threads": todas, "keras": None}
    pico_lado = {k: max(pico[f"{n}_threads"].values()) if n else pico_max
                 for k, n in threads_lado.items()}

    linhas = []
    for lado in tempos:
        linhas.append([lado, threads_lado[lado] or "TF", f"{mediana[lado]:.2f}",
                       f"{minimo[lado]:.2f}",
                       f"{aquecimento[lado]:.2f}" if lado in aquecimento else "-",
                       f"{gflops[lado]:.1f}", f"{100 * gflops[lado] / pico_lado[lado]:.0f}%",
                       f"{100 * acuracia[lado]:.2f}%"])
    print()
    print(_comum.formatar_tabela(
        ["lado", "threads BLAS", "s/época (mediana)", "s/época (mín.)", "aquecimento (s)",
         "GFLOP/s", "% do pico*", "acurácia teste"], linhas))
    print("\nnumpy = curso.mlp (buffers fixos, operações no lugar); numpy_camadas = a mesma rede "
          "com curso.camadas e curso.softmax, como nos capítulos (referência)")
    print(f"razão numpy/Keras (medianas): {razao:.2f}× — meta ≤ 1,5× "
          f"({'atingida' if razao <= 1.5 else 'NÃO atingida'})")
    print("* pico de numpy.matmul com o mesmo número de threads (Keras: o maior pico medido)")
    print(f"pico de numpy.matmul float32: {pico_max:.1f} GFLOP/s; "
          f"conta de uma época: {flops_epoca / 1e9:.1f} GFLOP (só as multiplicações de matrizes)")

    resultado = {
        "descricao": "MLP [784, 128, 64, 10], ReLU, softmax + entropia cruzada, Adam (0,001), "
                     "lote 256, float32, 1 época por execução, execuções alternadas no mesmo "
                     "processo depois de uma época de aquecimento de cada lado",
        "data": _comum.agora(),
        "cpus": os.cpu_count(),
        "maquina": _comum.maquina(),
        "versoes": _comum.versoes(("numpy", "tensorflow", "tensorflow-cpu", "keras")),
        "threads_blas": args.threads_blas,
        "repeticoes": repeticoes,
        "tamanho_lote": args.lote,
        "segundos_por_epoca": tempos,
        "aquecimento_s": aquecimento,
        "mediana_s": {k: round(v, 3) for k, v in mediana.items()},
        "minimo_s": {k: round(v, 3) for k, v in minimo.items()},
        "razao_numpy_keras": round(razao, 3),
        "razao_numpy_camadas_keras": round(mediana["numpy_camadas"] / mediana["keras"], 3),
        "lados": {"numpy": "curso.mlp (buffers fixos, operações no lugar, Adam no lugar)",
                  "keras": "keras.Sequential com Dense(128, relu), Dense(64, relu), "
                           "Dense(10, softmax); fit de 1 época",
                  "numpy_camadas": "curso.camadas + curso.softmax (código dos capítulos), "
                                   "mesmo Adam; sem aquecimento próprio",
                  "numpy_todas_threads": "curso.mlp com a BLAS em todos os núcleos; sem "
                                         "aquecimento próprio"},
        "meta_razao": 1.5,
        "meta_atingida": razao <= 1.5,
        "gflop_por_epoca": round(flops_epoca / 1e9, 2),
        "gflops": {k: round(v, 1) for k, v in gflops.items()},
        "pico_matmul_gflops": pico,
        "fracao_do_pico": {k: round(v / pico_lado[k], 3) for k, v in gflops.items()},
        "fracao_do_pico_maximo": {k: round(v / pico_max, 3) for k, v in gflops.items()},
        "threads_blas_por_lado": threads_lado,
        "acuracia_teste": {k: round(v, 4) for k, v in acuracia.items()},
        "epocas_de_treino_de_cada_lado": repeticoes + 1,
    }
    _comum.gravar_json(saida, resultado)
    print(f"\nResultados gravados em {saida}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
