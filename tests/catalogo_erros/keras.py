"""Erros típicos do exercício keras (cap. 9): contagens, modelos do Keras e a fita.

Cada entrega do catálogo importa o TensorFlow na caixa de areia (alguns segundos de CPU
cada): o catálogo cobre os erros da issue e poucos outros.
"""

from __future__ import annotations

from catalogo_erros.erro import Erro

_CONTAR = """forma = tuple(entrada)
contagens = []
for camada in camadas:
    if camada[0] == "densa":
        contagens.append({densa})
        forma = (camada[1],)
    elif camada[0] == "conv":
        f, k = camada[1], camada[2]
        h, w, c = forma
        contagens.append({conv})
        forma = {saida_conv}
    else:
        contagens.append(0)
        forma = (int(np.prod(forma)),)
return np.array(contagens)"""


def _contar(densa="forma[-1] * camada[1] + camada[1]", conv="k * k * c * f + f",
            saida_conv="(h - k + 1, w - k + 1, f)"):
    return _CONTAR.format(densa=densa, conv=conv, saida_conv=saida_conv)


_PASSO = """W_var, b_var = {variaveis}
with tf.GradientTape() as fita:
    Z = tf.constant(X) @ W_var + b_var
    perda = {perda}
dW, db = fita.gradient(perda, [W_var, b_var])
W_var.assign_sub({sinal}taxa * dW)
b_var.assign_sub({sinal}taxa * db)
return {retorno}"""

_PERDA = "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=Z))"


def _passo(variaveis="tf.Variable(W), tf.Variable(b)", perda=_PERDA, sinal="",
           retorno="W_var.numpy(), b_var.numpy(), float(perda)"):
    return _PASSO.format(variaveis=variaveis, perda=perda, sinal=sinal, retorno=retorno)


KERAS = [
    Erro("contar_parametros", "contar sem os vieses",
         _contar(densa="forma[-1] * camada[1]", conv="k * k * c * f")),
    Erro("contar_parametros", "convolução sem os canais da entrada",
         _contar(conv="k * k * f + f")),
    Erro("contar_parametros", "convolução que não encolhe a imagem (como padding='same')",
         _contar(saida_conv="(h, w, f)")),
    Erro("modelo_logreg", "Dense sem ativação na saída (logits)",
         "return keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10)])"),
    Erro("modelo_nn", "ativação errada na oculta (ReLU em vez de sigmoide)",
         "return keras.Sequential([keras.Input(shape=(784,)), layers.Dense(32, activation=\"relu\"),\n"
         "                         layers.Dense(10, activation=\"softmax\")])"),
    Erro("modelo_dnn", "camadas ocultas com os tamanhos trocados (64 e 128)",
         "return keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64, activation=\"relu\"),\n"
         "                         layers.Dense(128, activation=\"relu\"),\n"
         "                         layers.Dense(10, activation=\"softmax\")])"),
    Erro("modelo_cdnn", "esquecer o Flatten",
         "return keras.Sequential([keras.Input(shape=(28, 28, 1)),\n"
         "                         layers.Conv2D(32, 3, activation=\"relu\"),\n"
         "                         layers.Conv2D(64, 3, activation=\"relu\"),\n"
         "                         layers.Dense(128, activation=\"relu\"),\n"
         "                         layers.Dense(10, activation=\"softmax\")])"),
    Erro("modelo_cdnn", "max pooling depois das convoluções",
         "return keras.Sequential([keras.Input(shape=(28, 28, 1)),\n"
         "                         layers.Conv2D(32, 3, activation=\"relu\"),\n"
         "                         layers.Conv2D(64, 3, activation=\"relu\"),\n"
         "                         layers.MaxPooling2D(2), layers.Flatten(),\n"
         "                         layers.Dense(128, activation=\"relu\"),\n"
         "                         layers.Dense(10, activation=\"softmax\")])"),
    Erro("gradiente_manual", "gradiente sem dividir por m",
         "Z = X @ W + b\nE = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
         "A = E / E.sum(axis=1, keepdims=True)\ndZ = A - Y\nreturn X.T @ dZ, dZ.sum(axis=0)"),
    Erro("gradiente_manual", "softmax sem subtrair o máximo",
         "Z = X @ W + b\nA = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n"
         "dZ = (A - Y) / X.shape[0]\nreturn X.T @ dZ, dZ.sum(axis=0)"),
    Erro("passo_gradient_tape", "perda com soma em vez de média",
         _passo(perda="tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=Z))")),
    Erro("passo_gradient_tape", "perda calculada fora da fita (gradiente None)",
         "W_var, b_var = tf.Variable(W), tf.Variable(b)\n"
         "Z = tf.constant(X) @ W_var + b_var\n" + f"perda = {_PERDA}\n"
         "with tf.GradientTape() as fita:\n    pass\n"
         "dW, db = fita.gradient(perda, [W_var, b_var])\n"
         "return W - taxa * dW.numpy(), b - taxa * db.numpy(), float(perda)"),
    Erro("passo_gradient_tape", "tf.constant no lugar de tf.Variable, sem fita.watch",
         _passo(variaveis="tf.constant(W), tf.constant(b)").replace(
             "W_var.assign_sub(taxa * dW)\nb_var.assign_sub(taxa * db)\n"
             "return W_var.numpy(), b_var.numpy(), float(perda)",
             "return (W_var - taxa * dW).numpy(), (b_var - taxa * db).numpy(), float(perda)")),
    Erro("passo_gradient_tape", "atualização com o sinal trocado", _passo(sinal="-")),
    Erro("passo_gradient_tape", "devolve tensores do TensorFlow em vez de arrays",
         _passo(retorno="W_var, b_var, perda")),
    Erro("passo_gradient_tape", "from_logits errado (logits tratados como probabilidades)",
         _passo(perda="tf.reduce_mean(keras.losses.categorical_crossentropy(Y, Z))")),
    Erro("passo_gradient_tape", "perda do Keras em float32 (o padrão dela)",
         _passo(perda="keras.losses.CategoricalCrossentropy(from_logits=True)(Y, Z)")),
]
