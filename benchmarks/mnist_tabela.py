"""Reprodução da tabela MNIST do deck 002, mais uma quinta linha com as técnicas do curso.

    python benchmarks/mnist_tabela.py                       # os cinco modelos, orçamento completo
    python benchmarks/mnist_tabela.py --modelos LOGREG NN   # só alguns
    python benchmarks/mnist_tabela.py --modelos CDNN --epocas 3
    python benchmarks/mnist_tabela.py --modelos CDNN --tempo-max 900

Os quatro modelos do deck (``curso.modelos_keras``) usam a configuração exata do deck:
50 épocas, minilotes de 256, RMSprop (taxa de aprendizado 0,001) e saída softmax de 10
unidades. A quinta linha, ``CNN_CURSO``, é uma rede convolucional pequena com as técnicas
do curso: normalização em lote, Adam com decaimento da taxa de aprendizado, dropout e
aumento de dados (translações e rotações pequenas, só no treino).

Cada modelo é treinado com semente fixa no conjunto de treino inteiro (60 mil imagens) e
avaliado uma única vez, no fim, no conjunto de teste (10 mil). O resultado vai para
``benchmarks/resultados_mnist.json``, que **acumula**: rodar só um modelo atualiza a linha
dele e preserva as outras. Cada linha registra as épocas pedidas e as realmente rodadas,
o tempo de parede e a máquina, para que orçamentos menores fiquem explícitos.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import _comum  # noqa: E402  (põe a raiz do repositório no sys.path)

ARQUIVO = _comum.PASTA / "resultados_mnist.json"
EXTRA = "CNN_CURSO"
EPOCAS_EXTRA = 30
DESCRICAO_EXTRA = ("CNN do curso: conv 32 3×3 → normalização em lote → ReLU → max pooling → "
                   "conv 64 3×3 → normalização em lote → ReLU → max pooling → densa 128 → "
                   "normalização em lote → ReLU → dropout 0,3 → 10 softmax; Adam (0,001, "
                   "decaimento 0,85 por época), aumento de dados (translação ±2 px, "
                   "rotação ±8°), lote 256")


def construir_extra(semente: int):
    """A quinta linha: a melhor rede que as técnicas do curso dão com orçamento de CPU."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(semente)
    modelo = keras.Sequential([
        layers.Input(shape=(28, 28, 1)),
        layers.RandomTranslation(2 / 28, 2 / 28, fill_mode="constant", name="aumento_translacao"),
        layers.RandomRotation(8 / 360, fill_mode="constant", name="aumento_rotacao"),
        layers.Conv2D(32, 3, use_bias=False, name="conv_32"),
        layers.BatchNormalization(name="nl_1"),
        layers.ReLU(),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, use_bias=False, name="conv_64"),
        layers.BatchNormalization(name="nl_2"),
        layers.ReLU(),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, use_bias=False, name="densa_128"),
        layers.BatchNormalization(name="nl_3"),
        layers.ReLU(),
        layers.Dropout(0.3),
        layers.Dense(10, activation="softmax", name="saida_softmax"),
    ], name=EXTRA)
    modelo.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                   loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return modelo


def barra_de_progresso(nome: str, epocas: int, passos_por_epoca: int, tempo_max: float | None):
    """Callback do Keras que desenha uma barra única para o treino inteiro."""
    import keras

    class Barra(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.inicio = time.perf_counter()
            self.epoca = 0
            self.ultimo = 0.0
            self.interrompido = False
            self.historico = []

        def _desenhar(self, passo: int, logs, fim=False):
            total = epocas * passos_por_epoca
            feito = min(self.epoca * passos_por_epoca + passo, total)
            fracao = feito / total
            decorrido = time.perf_counter() - self.inicio
            restante = decorrido / fracao - decorrido if fracao > 0 else float("nan")
            cheio = int(30 * fracao)
            perda = logs.get("loss", float("nan")) if logs else float("nan")
            acc = logs.get("accuracy", float("nan")) if logs else float("nan")
            linha = (f"\r{nome:9s} [{'#' * cheio}{'.' * (30 - cheio)}] "
                     f"época {self.epoca + (0 if fim else 1)}/{epocas} "
                     f"perda {perda:.4f} acurácia {acc:.4f} "
                     f"{decorrido:6.0f} s (faltam ~{restante:5.0f} s)")
            sys.stdout.write(linha)
            sys.stdout.flush()

        def on_train_batch_end(self, batch, logs=None):
            agora = time.perf_counter()
            if agora - self.ultimo > 1.0:
                self.ultimo = agora
                self._desenhar(batch + 1, logs)

        def on_epoch_end(self, epoch, logs=None):
            self.epoca = epoch + 1
            logs = logs or {}
            self.historico.append({"epoca": epoch + 1,
                                   "perda_treino": round(float(logs.get("loss", float("nan"))), 5),
                                   "acuracia_treino": round(float(logs.get("accuracy", float("nan"))), 5),
                                   "segundos": round(time.perf_counter() - self.inicio, 1)})
            self._desenhar(0, logs, fim=True)
            if tempo_max is not None and time.perf_counter() - self.inicio > tempo_max \
                    and self.epoca < epocas:
                self.interrompido = True
                self.model.stop_training = True
                sys.stdout.write(f"\n{nome}: orçamento de tempo ({tempo_max:.0f} s) esgotado "
                                 f"depois de {self.epoca} época(s).")

        def on_train_end(self, logs=None):
            sys.stdout.write("\n")
            sys.stdout.flush()

    return Barra()


def treinar(nome: str, epocas: int, lote: int, semente: int, tempo_max: float | None,
            dados) -> dict:
    import keras

    from curso import modelos_keras as mk

    (xtr, ytr), (xte, yte) = dados
    if nome == EXTRA:
        modelo = construir_extra(semente)
        xtr_m, xte_m = xtr.reshape(-1, 28, 28, 1), xte.reshape(-1, 28, 28, 1)
        callbacks = [keras.callbacks.LearningRateScheduler(lambda e: 1e-3 * 0.85 ** e)]
    else:
        modelo = mk.construir_modelo(nome, semente=semente)
        xtr_m, xte_m = mk.formatar_entradas(nome, xtr), mk.formatar_entradas(nome, xte)
        callbacks = []
    parametros = int(modelo.count_params())
    maquina = _comum.maquina()            # carga da máquina no início do treino
    passos = -(-len(xtr_m) // lote)
    barra = barra_de_progresso(nome, epocas, passos, tempo_max)
    inicio = time.perf_counter()
    modelo.fit(xtr_m, ytr, batch_size=lote, epochs=epocas, shuffle=True, verbose=0,
               callbacks=callbacks + [barra])
    tempo_treino = time.perf_counter() - inicio
    perda, acuracia = modelo.evaluate(xte_m, yte, batch_size=1024, verbose=0)
    tempo_total = time.perf_counter() - inicio
    registro = {
        "modelo": nome,
        "acuracia_teste": round(float(acuracia), 5),
        "perda_teste": round(float(perda), 5),
        "epocas": barra.epoca,
        "epocas_pedidas": epocas,
        # Completo: as 50 épocas do deck (ou, na quinta linha, todas as épocas pedidas).
        "orcamento_completo": barra.epoca >= (50 if nome in mk.NOMES else epocas),
        "interrompido_por_tempo": barra.interrompido,
        "tamanho_lote": lote,
        "semente": semente,
        "parametros": parametros,
        "tempo_treino_s": round(tempo_treino, 1),
        "tempo_parede_s": round(tempo_total, 1),
        "segundos_por_epoca": round(tempo_treino / max(barra.epoca, 1), 2),
        "historico": barra.historico,
        "data": _comum.agora(),
        "maquina": maquina,
        "carga_media_no_fim": _comum.maquina()["carga_media_1_5_15min"],
        "versoes": _comum.versoes(("numpy", "tensorflow", "tensorflow-cpu", "keras")),
    }
    if nome in mk.NOMES:
        registro.update(otimizador="RMSprop (0,001)",
                        descricao=descricao_deck(nome),
                        acuracia_deck=mk.ACURACIAS_DECK[nome],
                        parametros_deck=mk.CONTAGENS_DECK[nome])
    else:
        registro.update(otimizador="Adam (0,001, decaimento 0,85 por época)",
                        descricao=DESCRICAO_EXTRA, meta_acuracia=99.2)
    keras.backend.clear_session()
    return registro


def descricao_deck(nome: str) -> str:
    """Arquitetura de uma linha do deck 002 em palavras (as colunas do deck entre [])."""
    from curso import modelos_keras as mk

    camadas, ativacoes = mk.ARQUITETURAS_DECK[nome]
    if camadas == "[]":
        return "deck 002: sem camada oculta (regressão logística multiclasse, softmax de 10)"
    nota = " (* = convolução 3×3)" if "*" in camadas else ""
    return f"deck 002: camadas ocultas {camadas}{nota}, ativações {ativacoes}; softmax de 10 na saída"


def imprimir_tabela(dados: dict) -> None:
    from curso import modelos_keras as mk

    linhas = []
    for nome, r in dados.get("modelos", {}).items():
        deck = mk.ACURACIAS_DECK.get(nome)
        alvo = deck if deck is not None else r.get("meta_acuracia")
        acc = 100 * r["acuracia_teste"]
        linhas.append([
            nome, f"{r['parametros']:,}".replace(",", "."),
            f"{acc:.2f}%", f"{deck:.2f}%" if deck is not None else f"meta ≥ {alvo}%",
            "sim" if alvo is not None and acc >= alvo else "não",
            f"{r['epocas']}/{r['epocas_pedidas']}", f"{r['tempo_parede_s']:.0f}",
            r["data"][:10],
        ])
    print(_comum.formatar_tabela(
        ["modelo", "parâmetros", "acurácia", "deck", "atingiu", "épocas", "parede (s)", "data"],
        linhas))


def main(argv=None) -> int:
    from curso.modelos_keras import NOMES

    todos = list(NOMES) + [EXTRA]
    parser = _comum.ArgumentParserPt(
        description="Treina os modelos da tabela MNIST do deck 002 (50 épocas, lote 256, "
                    "RMSprop, saída softmax de 10) e uma quinta rede com as técnicas do curso; "
                    f"grava {ARQUIVO.relative_to(_comum.RAIZ)} (acumulando por modelo).",
        epilog="Exemplo: nice -n 19 python benchmarks/mnist_tabela.py --modelos CDNN --epocas 3")
    parser.add_argument("--modelos", nargs="+", default=todos, metavar="NOME",
                        type=str.upper, choices=todos,
                        help=f"modelos a treinar, entre {', '.join(todos)} (padrão: todos)")
    parser.add_argument("--epocas", type=int, default=None,
                        help=f"épocas por modelo (padrão: 50, como no deck; {EPOCAS_EXTRA} "
                             f"para {EXTRA}); um valor menor fica registrado no JSON")
    parser.add_argument("--lote", type=int, default=256,
                        help="tamanho do minilote (padrão: 256, como no deck)")
    parser.add_argument("--semente", type=int, default=0, help="semente (padrão: 0)")
    parser.add_argument("--tempo-max", type=float, default=None, metavar="SEG",
                        help="orçamento de tempo por modelo, em segundos: o treino para ao "
                             "fim da primeira época que o ultrapassar (registrado no JSON)")
    parser.add_argument("--saida", default=str(ARQUIVO),
                        help="arquivo JSON de resultados (padrão: %(default)s)")
    parser.add_argument("--so-tabela", action="store_true",
                        help="não treina nada: só imprime a tabela do JSON existente")
    args = parser.parse_args(argv)

    saida = _comum.Path(args.saida)
    resultados = _comum.ler_json(saida)
    resultados.setdefault("modelos", {})
    if args.so_tabela:
        imprimir_tabela(resultados)
        return 0

    from curso.dados import preparar_mnist

    dados = preparar_mnist()
    import keras  # noqa: F401  (carrega o TensorFlow antes de medir o primeiro modelo)

    for nome in args.modelos:
        epocas = args.epocas if args.epocas is not None else (EPOCAS_EXTRA if nome == EXTRA else 50)
        print(f"\n== {nome}: {epocas} época(s), lote {args.lote}, semente {args.semente}")
        registro = treinar(nome, epocas, args.lote, args.semente, args.tempo_max, dados)
        print(f"{nome}: acurácia de teste {100 * registro['acuracia_teste']:.2f}% "
              f"em {registro['epocas']} época(s), {registro['tempo_parede_s']:.0f} s")
        # Relê o arquivo antes de gravar: outra execução pode ter atualizado outra linha.
        resultados = _comum.ler_json(saida)
        resultados.setdefault("modelos", {})
        resultados["modelos"][nome] = registro
        ordem = [n for n in todos if n in resultados["modelos"]]
        ordem += [n for n in resultados["modelos"] if n not in ordem]
        resultados["modelos"] = {n: resultados["modelos"][n] for n in ordem}
        resultados.update(
            descricao="Tabela MNIST do deck 002 reproduzida por benchmarks/mnist_tabela.py; "
                      "cada linha registra o próprio orçamento (épocas) e a máquina.",
            configuracao_deck="50 épocas, lote 256, RMSprop, saída softmax de 10",
            atualizado_em=_comum.agora(),
            cpus=os.cpu_count(),
            versoes=_comum.versoes(("numpy", "tensorflow", "tensorflow-cpu", "keras")),
        )
        _comum.gravar_json(saida, resultados)
    print()
    imprimir_tabela(resultados)
    print(f"\nResultados gravados em {saida}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
