"""Erros típicos dos seis primeiros exercícios."""

from __future__ import annotations

from catalogo_erros.erro import Erro, troca as _troca


GRADIENTE_DESCENDENTE = [
    Erro("sigmoide", "sinal trocado na exponencial",
         "return 1.0 / (1.0 + np.exp(np.asarray(z, dtype=float)))"),
    Erro("sigmoide", "math.exp num array",
         "import math\nreturn 1.0 / (1.0 + math.exp(-z))"),
    Erro("prever", "sem o viés", "return sigmoide(X @ w)"),
    Erro("prever", "w @ X.T com formas trocadas", "return sigmoide(w @ X + b)"),
    Erro("entropia_cruzada", "soma em vez de média",
         "return float(-np.sum(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))"),
    Erro("entropia_cruzada", "sem o sinal de menos",
         "return float(np.mean(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))"),
    Erro("entropia_cruzada", "só o termo da classe 1",
         "return float(-np.mean(y * np.log(y_hat)))"),
    Erro("atualizar_pesos", "w -= ... no lugar",
         "erro = prever(X, w, b) - y\nw -= taxa * (X.T @ erro) / len(y)\n"
         "b_novo = b - taxa * float(np.mean(erro))\nreturn w, b_novo"),
    Erro("atualizar_pesos", "sem dividir por m",
         "erro = prever(X, w, b) - y\nreturn w - taxa * (X.T @ erro), b - taxa * float(np.sum(erro))"),
    Erro("atualizar_pesos", "sinal trocado",
         "erro = prever(X, w, b) - y\n"
         "return w + taxa * (X.T @ erro) / len(y), b + taxa * float(np.mean(erro))"),
    Erro("atualizar_pesos", "b_novo como array (1,)",
         "erro = prever(X, w, b) - y\n"
         "return w - taxa * (X.T @ erro) / len(y), b - taxa * np.mean(erro, keepdims=True)"),
    Erro("treinar", "custo guardado depois do passo",
         "w, b = np.zeros(X.shape[1]), 0.0\ncustos = []\nfor _ in range(epocas):\n"
         "    w, b = atualizar_pesos(X, y, w, b, taxa)\n"
         "    custos.append(entropia_cruzada(y, prever(X, w, b)))\nreturn w, b, np.array(custos)"),
    Erro("treinar", "custos como lista",
         "w, b = np.zeros(X.shape[1]), 0.0\ncustos = []\nfor _ in range(epocas):\n"
         "    custos.append(entropia_cruzada(y, prever(X, w, b)))\n"
         "    w, b = atualizar_pesos(X, y, w, b, taxa)\nreturn w, b, custos"),
    Erro("treinar", "taxa fixa 0.5 (ignora o argumento)",
         "w, b = np.zeros(X.shape[1]), 0.0\ncustos = []\nfor _ in range(epocas):\n"
         "    custos.append(entropia_cruzada(y, prever(X, w, b)))\n"
         "    w, b = atualizar_pesos(X, y, w, b, 0.5)\nreturn w, b, np.array(custos)"),
    Erro("treinar", "uma época a menos",
         "w, b = np.zeros(X.shape[1]), 0.0\ncustos = [entropia_cruzada(y, prever(X, w, b))]\n"
         "for _ in range(epocas - 1):\n    w, b = atualizar_pesos(X, y, w, b, taxa)\n"
         "    custos.append(entropia_cruzada(y, prever(X, w, b)))\nreturn w, b, np.array(custos)"),
]


SOFTMAX = [
    Erro("softmax", "sem subtrair o máximo",
         "E = np.exp(Z)\nreturn E / np.sum(E, axis=1, keepdims=True)"),
    Erro("softmax", "soma nas colunas (axis=0)",
         "E = np.exp(Z - np.max(Z, axis=0, keepdims=True))\nreturn E / np.sum(E, axis=0, keepdims=True)"),
    Erro("softmax", "máximo de cada coluna",
         "E = np.exp(Z - np.max(Z, axis=0, keepdims=True))\nreturn E / np.sum(E, axis=1, keepdims=True)"),
    Erro("softmax", "máximo global",
         "E = np.exp(Z - np.max(Z))\nreturn E / np.sum(E, axis=1, keepdims=True)"),
    Erro("softmax", "soma sem keepdims",
         "E = np.exp(Z - np.max(Z, axis=1, keepdims=True))\nreturn E / np.sum(E, axis=1)"),
    Erro("softmax", "Z -= max no lugar",
         "Z -= np.max(Z, axis=1, keepdims=True)\nE = np.exp(Z)\nreturn E / np.sum(E, axis=1, keepdims=True)"),
    Erro("one_hot", "K tirado dos rótulos",
         "y = np.asarray(y, dtype=int)\nY = np.zeros((y.size, y.max() + 1))\n"
         "Y[np.arange(y.size), y] = 1.0\nreturn Y"),
    Erro("one_hot", "transposta (K, m)",
         "y = np.asarray(y, dtype=int)\nY = np.zeros((K, y.size))\nY[y, np.arange(y.size)] = 1.0\nreturn Y"),
    Erro("one_hot", "coluna inteira marcada",
         "y = np.asarray(y, dtype=int)\nY = np.zeros((y.size, K))\nY[:, y] = 1.0\nreturn Y"),
    Erro("entropia_cruzada_categorica", "np.mean na matriz inteira",
         "return float(-np.mean(Y * np.log(A)))"),
    Erro("entropia_cruzada_categorica", "soma sem dividir por m",
         "return float(-np.sum(Y * np.log(A)))"),
    Erro("entropia_cruzada_categorica", "sem o sinal de menos",
         "return float(np.sum(Y * np.log(A)) / Y.shape[0])"),
    Erro("entropia_cruzada_categorica", "divide por K",
         "return float(-np.sum(Y * np.log(A)) / Y.shape[1])"),
    Erro("gradiente_softmax", "sem dividir por m", "return A - Y"),
    Erro("gradiente_softmax", "sinal trocado", "return (Y - A) / Y.shape[0]"),
    Erro("gradiente_softmax", "divide por K", "return (A - Y) / Y.shape[1]"),
]


NORMALIZACAO_LOTE = [
    Erro("normalizacao_lote_frente", "média por linha (axis=1)",
         "media = X.mean(axis=1, keepdims=True)\nvariancia = X.var(axis=1, keepdims=True)\n"
         "return gama * (X - media) / np.sqrt(variancia + epsilon) + beta"),
    Erro("normalizacao_lote_frente", "variância com ddof=1",
         "return gama * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + epsilon) + beta"),
    Erro("normalizacao_lote_frente", "ignora epsilon (1e-5 fixo)",
         "return gama * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + 1e-5) + beta"),
    Erro("normalizacao_lote_frente", "ε fora da raiz",
         "return gama * (X - X.mean(axis=0)) / (np.sqrt(X.var(axis=0)) + epsilon) + beta"),
    Erro("normalizacao_lote_frente", "X -= média no lugar",
         "X -= X.mean(axis=0)\nreturn gama * X / np.sqrt(X.var(axis=0) + epsilon) + beta"),
    Erro("normalizacao_lote_tras", "ignora que μ e σ² dependem de X",
         "desvio = np.sqrt(X.var(axis=0) + epsilon)\nX_hat = (X - X.mean(axis=0)) / desvio\n"
         "return gama * dY / desvio, (dY * X_hat).sum(axis=0), dY.sum(axis=0)"),
    Erro("normalizacao_lote_tras", "dbeta com a média",
         "m = X.shape[0]\ndesvio = np.sqrt(X.var(axis=0) + epsilon)\nX_hat = (X - X.mean(axis=0)) / desvio\n"
         "dbeta = dY.sum(axis=0)\ndgama = (dY * X_hat).sum(axis=0)\n"
         "dX = gama / (m * desvio) * (m * dY - dbeta - X_hat * dgama)\nreturn dX, dgama, dY.mean(axis=0)"),
    Erro("normalizacao_lote_tras", "ignora epsilon",
         "m = X.shape[0]\ndesvio = np.sqrt(X.var(axis=0) + 1e-5)\nX_hat = (X - X.mean(axis=0)) / desvio\n"
         "dbeta = dY.sum(axis=0)\ndgama = (dY * X_hat).sum(axis=0)\n"
         "dX = gama / (m * desvio) * (m * dY - dbeta - X_hat * dgama)\nreturn dX, dgama, dbeta"),
    Erro("atualizar_medias_moveis", "pesos trocados",
         "return ((1 - momento) * media_movel + momento * X.mean(axis=0),\n"
         "        (1 - momento) * var_movel + momento * X.var(axis=0))"),
    Erro("atualizar_medias_moveis", "desvio padrão no lugar da variância",
         "return (momento * media_movel + (1 - momento) * X.mean(axis=0),\n"
         "        momento * var_movel + (1 - momento) * X.std(axis=0))"),
    Erro("atualizar_medias_moveis", "momento 0.9 fixo",
         "return (0.9 * media_movel + 0.1 * X.mean(axis=0), 0.9 * var_movel + 0.1 * X.var(axis=0))"),
    Erro("atualizar_medias_moveis", "atualiza no lugar (*=, +=)",
         "media_movel *= momento\nmedia_movel += (1 - momento) * X.mean(axis=0)\n"
         "var_movel *= momento\nvar_movel += (1 - momento) * X.var(axis=0)\nreturn media_movel, var_movel"),
    Erro("normalizacao_lote_inferencia", "média e variância do lote",
         "return gama * (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + epsilon) + beta"),
    Erro("normalizacao_lote_inferencia", "divide pela variância",
         "return gama * (X - media_movel) / (var_movel + epsilon) + beta"),
    Erro("normalizacao_lote_inferencia", "sem γ e β",
         "return (X - media_movel) / np.sqrt(var_movel + epsilon)"),
    Erro("normalizacao_lote_inferencia", "ignora epsilon",
         "return gama * (X - media_movel) / np.sqrt(var_movel) + beta"),
]


_NUMERICO = """grads = {}
for chave, valor in parametros.items():
    g = np.zeros_like(valor, dtype=float)
    for i in np.ndindex(valor.shape):
{miolo}
    grads[chave] = g
return grads"""


def _numerico(miolo: str) -> str:
    return _NUMERICO.replace("{miolo}", miolo)


_CENTRAL = ("        mais = {k: v.copy() for k, v in parametros.items()}\n"
            "        menos = {k: v.copy() for k, v in parametros.items()}\n"
            "        mais[chave][i] += epsilon\n        menos[chave][i] -= epsilon\n")
_VERIFICAR = """numerico = gradiente_numerico(parametros, X, Y, epsilon)
chaves = sorted(parametros)
a = np.concatenate([np.ravel(grads[k]) for k in chaves])
n = np.concatenate([np.ravel(numerico[k]) for k in chaves])
return diferenca_relativa(a, n)"""

VERIFICACAO_GRADIENTE = [
    Erro("gradiente_numerico", "diferença para a frente", _numerico((
        "        mais = {k: v.copy() for k, v in parametros.items()}\n"
        "        mais[chave][i] += epsilon\n"
        "        g[i] = (custo(mais, X, Y) - custo(parametros, X, Y)) / epsilon"))),
    Erro("gradiente_numerico", "divide por ε e não por 2ε",
         _numerico(_CENTRAL + "        g[i] = (custo(mais, X, Y) - custo(menos, X, Y)) / epsilon")),
    Erro("gradiente_numerico", "ε fixo (ignora o argumento)",
         _numerico(_CENTRAL.replace("epsilon", "1e-7")
                          + "        g[i] = (custo(mais, X, Y) - custo(menos, X, Y)) / (2 * 1e-7)")),
    Erro("gradiente_numerico", "perturba os parâmetros recebidos sem cópia", _numerico((
        "        parametros[chave][i] += epsilon\n        J_mais = custo(parametros, X, Y)\n"
        "        parametros[chave][i] -= 2 * epsilon\n        J_menos = custo(parametros, X, Y)\n"
        "        g[i] = (J_mais - J_menos) / (2 * epsilon)"))),
    Erro("gradiente_numerico", "uma cópia só, sem desfazer a perturbação", """grads = {}
mais = {k: v.copy() for k, v in parametros.items()}
menos = {k: v.copy() for k, v in parametros.items()}
for chave, valor in parametros.items():
    g = np.zeros_like(valor, dtype=float)
    for i in np.ndindex(valor.shape):
        mais[chave][i] += epsilon
        menos[chave][i] -= epsilon
        g[i] = (custo(mais, X, Y) - custo(menos, X, Y)) / (2 * epsilon)
    grads[chave] = g
return grads"""),
    Erro("gradiente_numerico", "devolve uma lista",
         _numerico(_CENTRAL + "        g[i] = (custo(mais, X, Y) - custo(menos, X, Y)) / (2 * epsilon)"
                          ).replace("return grads", "return list(grads.values())")),
    Erro("diferenca_relativa", "sem parênteses no denominador",
         "return float(np.linalg.norm(g1 - g2) / np.linalg.norm(g1) + np.linalg.norm(g2))"),
    Erro("diferenca_relativa", "norma da soma",
         "return float(np.linalg.norm(g1 - g2) / np.linalg.norm(g1 + g2))"),
    Erro("diferenca_relativa", "quadrados das normas",
         "return float(np.sum((g1 - g2) ** 2) / (np.sum(g1 ** 2) + np.sum(g2 ** 2)))"),
    Erro("diferenca_relativa", "só a norma de g1 no denominador",
         "return float(np.linalg.norm(g1 - g2) / np.linalg.norm(g1))"),
    Erro("verificar_gradiente", "recalcula o gradiente analítico (ignora grads)",
         _VERIFICAR.replace("np.ravel(grads[k])", "np.ravel(retropropagar(parametros, X, Y)[k])")),
    Erro("verificar_gradiente", "ignora epsilon",
         _VERIFICAR.replace("gradiente_numerico(parametros, X, Y, epsilon)",
                            "gradiente_numerico(parametros, X, Y)")),
    Erro("verificar_gradiente", "chaves em ordens diferentes",
         _VERIFICAR.replace("for k in chaves])\nn =", "for k in chaves])\nn =").replace(
             "np.ravel(numerico[k]) for k in chaves", "np.ravel(v) for v in numerico.values()")),
    Erro("verificar_gradiente", "concatena sem achatar",
         _VERIFICAR.replace("np.ravel(grads[k])", "grads[k]").replace("np.ravel(numerico[k])", "numerico[k]")),
]


_ADAM = """t = t + 1
novos, v_novo, s_novo = {}, {}, {}
for chave in parametros:
    d = "d" + chave
    v_novo[d] = beta1 * v[d] + (1 - beta1) * grads[d]
    s_novo[d] = beta2 * s[d] + (1 - beta2) * grads[d] ** 2
    v_corr = v_novo[d] / (1 - beta1 ** t)
    s_corr = s_novo[d] / (1 - beta2 ** t)
    novos[chave] = parametros[chave] - taxa * v_corr / (np.sqrt(s_corr) + epsilon)
return novos, v_novo, s_novo, t"""
_TREINO = """parametros = inicializar_rede(dimensoes, semente)
v, s = inicializar_adam(parametros)
t = 0
custos = []
for _ in range(epocas):
    AL, ativacoes = propagar_rede(X, parametros)
    custos.append(custo_rede(AL, Y))
    grads = retropropagar_rede(Y, parametros, ativacoes)
    if otimizador == "adam":
        parametros, v, s, t = atualizar_adam(parametros, grads, v, s, t, taxa)
    else:
        parametros = atualizar_gd(parametros, grads, taxa)
return parametros, np.array(custos)"""


ADAM = [
    Erro("inicializar_adam", "v e s o mesmo dicionário",
         'v = {"d" + k: np.zeros_like(x, dtype=float) for k, x in parametros.items()}\nreturn v, v'),
    Erro("inicializar_adam", "v e s dividem os arrays",
         'v = {"d" + k: np.zeros_like(x, dtype=float) for k, x in parametros.items()}\nreturn v, dict(v)'),
    Erro("inicializar_adam", "duas camadas fixas",
         'v = {k: np.zeros_like(parametros[k[1:]], dtype=float) for k in ("dW1", "db1", "dW2", "db2")}\n'
         's = {k: np.zeros_like(parametros[k[1:]], dtype=float) for k in ("dW1", "db1", "dW2", "db2")}\n'
         'return v, s'),
    Erro("atualizar_adam", "0.9 e 0.999 fixos (ignora beta1 e beta2)",
         _troca(_troca(_ADAM, "v_novo[d] = beta1 * v[d] + (1 - beta1)", "v_novo[d] = 0.9 * v[d] + 0.1"),
                "s_novo[d] = beta2 * s[d] + (1 - beta2)", "s_novo[d] = 0.999 * s[d] + 0.001")
         .replace("beta1 ** t", "0.9 ** t").replace("beta2 ** t", "0.999 ** t")),
    Erro("atualizar_adam", "ε dentro da raiz",
         _troca(_ADAM, "(np.sqrt(s_corr) + epsilon)", "np.sqrt(s_corr + epsilon)")),
    Erro("atualizar_adam", "sem correção de viés",
         _troca(_troca(_ADAM, "/ (1 - beta1 ** t)", ""), "/ (1 - beta2 ** t)", "")),
    Erro("atualizar_adam", "t incrementado depois de usado (NaN com t = 0)",
         _troca(_troca(_ADAM, "t = t + 1\n", ""), "return novos, v_novo, s_novo, t",
                "return novos, v_novo, s_novo, t + 1")),
    Erro("atualizar_adam", "altera os parâmetros no lugar (-=)",
         _troca(_ADAM, "novos[chave] = parametros[chave] - taxa", "parametros[chave] -= taxa")
         .replace("return novos,", "return parametros,")),
    Erro("atualizar_adam", "escreve v e s nos dicionários recebidos",
         _troca(_troca(_ADAM, "novos, v_novo, s_novo = {}, {}, {}", "novos, v_novo, s_novo = {}, v, s"),
                "t = t + 1", "t = t + 1")),
    Erro("atualizar_adam", "devolve v no lugar de s",
         _troca(_ADAM, "return novos, v_novo, s_novo, t", "return novos, v_novo, v_novo, t")),
    Erro("atualizar_gd", "sinal trocado",
         'return {chave: valor + taxa * grads["d" + chave] for chave, valor in parametros.items()}'),
    Erro("atualizar_gd", "altera os parâmetros no lugar",
         'for chave in parametros:\n    parametros[chave] -= taxa * grads["d" + chave]\nreturn parametros'),
    Erro("treinar", "custo guardado depois da atualização",
         _troca(_troca(_TREINO, "    custos.append(custo_rede(AL, Y))\n", ""),
                "return parametros, np.array(custos)",
                "    custos.append(custo_rede(propagar_rede(X, parametros)[0], Y))\n"
                "return parametros, np.array(custos)")),
    Erro("treinar", "X_luas global no lugar do argumento X",
         _TREINO.replace("propagar_rede(X, parametros)", "propagar_rede(X_luas, parametros)")
         .replace("retropropagar_rede(Y,", "retropropagar_rede(Y_luas,").replace("custo_rede(AL, Y)", "custo_rede(AL, Y_luas)")),
    Erro("treinar", "t = 0 a cada época",
         _troca(_TREINO, "    if otimizador", "    t = 0\n    if otimizador")),
    Erro("treinar", "custos como lista", _troca(_TREINO, "np.array(custos)", "custos")),
    Erro("treinar", "v e s reiniciados a cada época",
         _troca(_TREINO, "    if otimizador", "    v, s = inicializar_adam(parametros)\n    if otimizador")),
]


_RETRO = """m = X.shape[0]
dZ2 = A2 - Y
dW2 = A1.T @ dZ2 / m
db2 = np.sum(dZ2, axis=0) / m
dZ1 = (dZ2 @ parametros["W2"].T) * (1 - A1 ** 2)
dW1 = X.T @ dZ1 / m
db1 = np.sum(dZ1, axis=0) / m
return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}"""
_TREINO_MLP = """parametros = inicializar_mlp(X.shape[1], n_oculta, Y.shape[1], semente)
for _ in range(epocas):
    A1, A2 = propagar(X, parametros)
    grads = retropropagar(X, Y, parametros, A1, A2)
    for chave in ("W1", "b1", "W2", "b2"):
        parametros[chave] = parametros[chave] - taxa * grads["d" + chave]
return parametros"""

XOR = [
    Erro("pesos_e", "sinais trocados (NÃO-E)", "return np.array([-1.0, -1.0]), 1.5"),
    Erro("pesos_e", "viés de OU", "return np.array([1.0, 1.0]), -0.5"),
    Erro("pesos_ou", "viés alto demais (vira E)", "return np.array([1.0, 1.0]), -1.5"),
    Erro("pesos_ou", "viés positivo (sempre 1)", "return np.array([1.0, 1.0]), 0.5"),
    Erro("pesos_nao", "w escalar", "return -1.0, 0.5"),
    Erro("pesos_nao", "w com duas entradas", "return np.array([-1.0, -1.0]), 0.5"),
    Erro("xor_perceptrons", "usa ENTRADAS e não o argumento X",
         "ou = perceptron(ENTRADAS, *pesos_ou())\n"
         "nao_e = perceptron(perceptron(ENTRADAS, *pesos_e())[:, None], *pesos_nao())\n"
         "return perceptron(np.column_stack([ou, nao_e]), *pesos_e())"),
    Erro("xor_perceptrons", "composição errada (E do OU com o E)",
         "ou = perceptron(X, *pesos_ou())\ne = perceptron(X, *pesos_e())\n"
         "return perceptron(np.column_stack([ou, e]), *pesos_e())"),
    Erro("propagar", "sem o viés b1",
         'A1 = np.tanh(X @ parametros["W1"])\nA2 = sigmoide(A1 @ parametros["W2"] + parametros["b2"])\nreturn A1, A2'),
    Erro("propagar", "sigmoide na camada oculta",
         'A1 = sigmoide(X @ parametros["W1"] + parametros["b1"])\n'
         'A2 = sigmoide(A1 @ parametros["W2"] + parametros["b2"])\nreturn A1, A2'),
    Erro("propagar", "exemplos em colunas (W @ X)",
         'A1 = np.tanh(parametros["W1"] @ X + parametros["b1"])\n'
         'A2 = sigmoide(parametros["W2"] @ A1 + parametros["b2"])\nreturn A1, A2'),
    Erro("retropropagar", "sem dividir por m", _RETRO.replace(" / m", "")),
    Erro("retropropagar", "derivada da tanh esquecida (1 − A1)", _RETRO.replace("(1 - A1 ** 2)", "(1 - A1)")),
    Erro("retropropagar", "db com keepdims", _RETRO.replace("axis=0)", "axis=0, keepdims=True)")),
    Erro("retropropagar", "db somando as colunas", _RETRO.replace("axis=0)", "axis=1)")),
    Erro("treinar_mlp", "semente fixa (ignora o argumento)", _TREINO_MLP.replace("Y.shape[1], semente)", "Y.shape[1], 1)")),
    Erro("treinar_mlp", "só os pesos W são atualizados", _TREINO_MLP.replace('("W1", "b1", "W2", "b2")', '("W1", "W2")')),
    Erro("treinar_mlp", "inicializa com o número de exemplos",
         _TREINO_MLP.replace("inicializar_mlp(X.shape[1]", "inicializar_mlp(X.shape[0]")),
    Erro("treinar_mlp", "taxa fixa 1.0", _TREINO_MLP.replace("- taxa *", "- 1.0 *")),
]
