"""Erros típicos do exercício ``otimizacao`` (minilotes, momento, RMSProp e decaimento)."""

from __future__ import annotations

from catalogo_erros.erro import Erro, troca as _troca

_MINILOTES = """m = X.shape[0]
permutacao = np.random.default_rng(semente).permutation(m)
lotes = []
for inicio in range(0, m, tamanho):
    indices = permutacao[inicio:inicio + tamanho]
    lotes.append((X[indices], Y[indices]))
return lotes"""

_MOMENTO = """novos, v_novo = {}, {}
for chave, valor in parametros.items():
    d = "d" + chave
    v_novo[d] = beta * v[d] + (1 - beta) * gradientes[d]
    novos[chave] = valor - taxa * v_novo[d]
return novos, v_novo"""

_RMSPROP = """novos, s_novo = {}, {}
for chave, valor in parametros.items():
    d = "d" + chave
    s_novo[d] = beta * s[d] + (1 - beta) * gradientes[d] ** 2
    novos[chave] = valor - taxa * gradientes[d] / (np.sqrt(s_novo[d]) + epsilon)
return novos, s_novo"""


OTIMIZACAO = [
    # ------------------------------------------------------------------ minilotes
    Erro("minilotes", "X e Y com permutações diferentes",
         _troca(_troca(_MINILOTES, "permutacao = np.random.default_rng(semente).permutation(m)",
                       "rng = np.random.default_rng(semente)\npermutacao = rng.permutation(m)\n"
                       "permutacao_y = rng.permutation(m)"),
                "Y[indices]", "Y[permutacao_y[inicio:inicio + tamanho]]")),
    Erro("minilotes", "último minilote (parcial) descartado",
         _troca(_MINILOTES, "range(0, m, tamanho)", "range(0, m - tamanho + 1, tamanho)")),
    Erro("minilotes", "sem embaralhar",
         "m = X.shape[0]\nreturn [(X[i:i + tamanho], Y[i:i + tamanho]) for i in range(0, m, tamanho)]"),
    Erro("minilotes", "semente ignorada (np.random.permutation global)",
         _troca(_MINILOTES, "np.random.default_rng(semente).permutation(m)", "np.random.permutation(m)")),
    Erro("minilotes", "Y_lote achatado, forma (tamanho,)",
         _troca(_MINILOTES, "Y[indices]", "Y[indices, 0]")),
    Erro("minilotes", "embaralha X e Y no lugar com rng.shuffle",
         "np.random.default_rng(semente).shuffle(X)\nnp.random.default_rng(semente).shuffle(Y)\n"
         "return [(X[i:i + tamanho].copy(), Y[i:i + tamanho].copy()) for i in range(0, X.shape[0], tamanho)]"),
    Erro("minilotes", "índices sorteados com reposição",
         _troca(_MINILOTES, "np.random.default_rng(semente).permutation(m)",
                "np.random.default_rng(semente).integers(0, m, size=m)")),
    Erro("minilotes", "minilote vazio no fim quando m é múltiplo do tamanho",
         _troca(_MINILOTES, "for inicio in range(0, m, tamanho):",
                "for j in range(m // tamanho + 1):\n    inicio = j * tamanho")),
    Erro("minilotes", "np.random.seed(semente) em vez do gerador do enunciado",
         _troca(_MINILOTES, "permutacao = np.random.default_rng(semente).permutation(m)",
                "np.random.seed(semente)\npermutacao = np.random.permutation(m)")),
    # ------------------------------------------------------------------ momento
    Erro("atualizar_momento", "sem o fator (1 − β)",
         _troca(_MOMENTO, "(1 - beta) * gradientes[d]", "gradientes[d]")),
    Erro("atualizar_momento", "v novo sem β (v + (1 − β)·dW)",
         _troca(_MOMENTO, "beta * v[d] +", "v[d] +")),
    Erro("atualizar_momento", "atualiza com dW em vez de v",
         _troca(_MOMENTO, "valor - taxa * v_novo[d]", "valor - taxa * gradientes[d]")),
    Erro("atualizar_momento", "altera os parâmetros no lugar (-=)",
         _troca(_troca(_MOMENTO, "novos[chave] = valor - taxa * v_novo[d]", "parametros[chave] -= taxa * v_novo[d]"),
                "return novos, v_novo", "return parametros, v_novo")),
    Erro("atualizar_momento", "escreve no v recebido",
         _troca(_MOMENTO, "novos, v_novo = {}, {}", "novos, v_novo = {}, v")),
    Erro("atualizar_momento", "parâmetros e v no mesmo dicionário (novos = v_novo = {})",
         _troca(_MOMENTO, "novos, v_novo = {}, {}", "novos = v_novo = {}")),
    Erro("atualizar_momento", "0.9 fixo (ignora beta)",
         _troca(_MOMENTO, "beta * v[d] + (1 - beta)", "0.9 * v[d] + 0.1")),
    Erro("atualizar_momento", "forma do Keras (v ← βv − α·dW, W ← W + v)",
         _troca(_troca(_MOMENTO, "beta * v[d] + (1 - beta) * gradientes[d]", "beta * v[d] - taxa * gradientes[d]"),
                "valor - taxa * v_novo[d]", "valor + v_novo[d]")),
    Erro("atualizar_momento", "passo com o v anterior",
         _troca(_MOMENTO, "valor - taxa * v_novo[d]", "valor - taxa * v[d]")),
    # ------------------------------------------------------------------ RMSProp
    Erro("atualizar_rmsprop", "dW em vez de dW² na média",
         _troca(_RMSPROP, "gradientes[d] ** 2", "gradientes[d]")),
    Erro("atualizar_rmsprop", "sem a raiz",
         _troca(_RMSPROP, "(np.sqrt(s_novo[d]) + epsilon)", "(s_novo[d] + epsilon)")),
    Erro("atualizar_rmsprop", "ε dentro da raiz",
         _troca(_RMSPROP, "(np.sqrt(s_novo[d]) + epsilon)", "np.sqrt(s_novo[d] + epsilon)")),
    Erro("atualizar_rmsprop", "0.9 fixo (ignora beta)",
         _troca(_RMSPROP, "beta * s[d] + (1 - beta)", "0.9 * s[d] + 0.1")),
    Erro("atualizar_rmsprop", "soma do AdaGrad (s + dW²)",
         _troca(_RMSPROP, "beta * s[d] + (1 - beta) * gradientes[d] ** 2", "s[d] + gradientes[d] ** 2")),
    Erro("atualizar_rmsprop", "altera s no lugar (s[d] = ...)",
         _troca(_troca(_RMSPROP, "s_novo[d] = beta * s[d]", "s[d] = beta * s[d]"),
                "novos, s_novo = {}, {}", "novos, s_novo = {}, s")),
    Erro("atualizar_rmsprop", "ε fixo 1e-8 (ignora epsilon)",
         _troca(_RMSPROP, "np.sqrt(s_novo[d]) + epsilon", "np.sqrt(s_novo[d]) + 1e-8")),
    # ------------------------------------------------------------------ decaimento
    Erro("decaimento_inverso", "época contada a partir de 0 (epoca − 1)",
         "return taxa0 / (1 + taxa_decaimento * (epoca - 1))"),
    Erro("decaimento_inverso", "sem parênteses no denominador",
         "return taxa0 / 1 + taxa_decaimento * epoca"),
    Erro("decaimento_inverso", "taxa de decaimento 1 fixa",
         "return taxa0 / (1 + epoca)"),
    Erro("decaimento_exponencial", "0.95 fixo (ignora base)",
         "return 0.95 ** epoca * taxa0"),
    Erro("decaimento_exponencial", "base multiplicada pela época",
         "return base * epoca * taxa0"),
    Erro("decaimento_exponencial", "época + 1 no expoente",
         "return base ** (epoca + 1) * taxa0"),
    Erro("decaimento_raiz", "√ esquecida",
         "return k / epoca * taxa0"),
    Erro("decaimento_raiz", "math.sqrt num array",
         "import math\nreturn k / math.sqrt(epoca) * taxa0"),
    Erro("decaimento_raiz", "época + 1 (para não dividir por zero)",
         "return k / np.sqrt(epoca + 1) * taxa0"),
]
