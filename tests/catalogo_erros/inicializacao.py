"""Erros típicos do exercício ``inicializacao`` (zeros, aleatória, Xavier, He e estatísticas)."""

from __future__ import annotations

from catalogo_erros.erro import Erro


def _inicializacao(fator: str, peso: str = "", vies: str = "np.zeros(dimensoes[l])",
                   antes: str = "rng = np.random.default_rng(semente)\n", dentro: str = "") -> str:
    """Corpo de uma inicialização aleatória com uma peça trocada (o resto como no enunciado)."""
    peso = peso or "rng.standard_normal((dimensoes[l - 1], dimensoes[l])) * fator"
    return (antes + "parametros = {}\nfor l in range(1, len(dimensoes)):\n" + dentro
            + f"    fator = {fator}\n    parametros[f\"W{{l}}\"] = {peso}\n"
            + f"    parametros[f\"b{{l}}\"] = {vies}\nreturn parametros")


def _estatisticas(corpo_do_laco: str, inicio: str = "L = len(parametros) // 2\nA = X\nmedias, desvios = [], []\n",
                  fim: str = "return np.array(medias), np.array(desvios)") -> str:
    return inicio + "for l in range(1, L + 1):\n" + corpo_do_laco + fim


_TANH_OU_RELU = "    A = np.tanh(Z) if ativacao == \"tanh\" else np.maximum(Z, 0)\n"
_FRENTE = "    Z = A @ parametros[f\"W{l}\"] + parametros[f\"b{l}\"]\n" + _TANH_OU_RELU
_GUARDAR = "    medias.append(A.mean())\n    desvios.append(A.std())\n"


INICIALIZACAO = [
    # ------------------------------------------------------------ inicializar_zeros
    Erro("inicializar_zeros", "b com forma (1, n)",
         "parametros = {}\nfor l in range(1, len(dimensoes)):\n"
         "    parametros[f\"W{l}\"] = np.zeros((dimensoes[l - 1], dimensoes[l]))\n"
         "    parametros[f\"b{l}\"] = np.zeros((1, dimensoes[l]))\nreturn parametros"),
    Erro("inicializar_zeros", "W transposta (n[l], n[l-1])",
         "parametros = {}\nfor l in range(1, len(dimensoes)):\n"
         "    parametros[f\"W{l}\"] = np.zeros((dimensoes[l], dimensoes[l - 1]))\n"
         "    parametros[f\"b{l}\"] = np.zeros(dimensoes[l])\nreturn parametros"),
    Erro("inicializar_zeros", "uma camada a menos",
         "parametros = {}\nfor l in range(1, len(dimensoes) - 1):\n"
         "    parametros[f\"W{l}\"] = np.zeros((dimensoes[l - 1], dimensoes[l]))\n"
         "    parametros[f\"b{l}\"] = np.zeros(dimensoes[l])\nreturn parametros"),
    Erro("inicializar_zeros", "zeros inteiros (dtype=int)",
         "parametros = {}\nfor l in range(1, len(dimensoes)):\n"
         "    parametros[f\"W{l}\"] = np.zeros((dimensoes[l - 1], dimensoes[l]), dtype=int)\n"
         "    parametros[f\"b{l}\"] = np.zeros(dimensoes[l], dtype=int)\nreturn parametros"),
    Erro("inicializar_zeros", "W e b como listas",
         "parametros = {}\nfor l in range(1, len(dimensoes)):\n"
         "    parametros[f\"W{l}\"] = [[0.0] * dimensoes[l] for _ in range(dimensoes[l - 1])]\n"
         "    parametros[f\"b{l}\"] = [0.0] * dimensoes[l]\nreturn parametros"),
    Erro("inicializar_zeros", "pesos iguais a 1 (constante)",
         "parametros = {}\nfor l in range(1, len(dimensoes)):\n"
         "    parametros[f\"W{l}\"] = np.ones((dimensoes[l - 1], dimensoes[l]))\n"
         "    parametros[f\"b{l}\"] = np.zeros(dimensoes[l])\nreturn parametros"),

    # ------------------------------------------------------------ inicializar_aleatoria
    Erro("inicializar_aleatoria", "escala ignorada (0,01 fixo)", _inicializacao("0.01")),
    Erro("inicializar_aleatoria", "semente ignorada (default_rng sem semente)",
         _inicializacao("escala", antes="rng = np.random.default_rng()\n")),
    Erro("inicializar_aleatoria", "semente fixa (default_rng(0))",
         _inicializacao("escala", antes="rng = np.random.default_rng(0)\n")),
    Erro("inicializar_aleatoria", "gerador recriado a cada camada",
         _inicializacao("escala", antes="", dentro="    rng = np.random.default_rng(semente)\n")),
    Erro("inicializar_aleatoria", "b aleatório",
         _inicializacao("escala", vies="rng.standard_normal(dimensoes[l]) * fator")),
    Erro("inicializar_aleatoria", "np.random.seed + np.random.randn",
         _inicializacao("escala", antes="np.random.seed(semente)\n",
                        peso="np.random.randn(dimensoes[l - 1], dimensoes[l]) * fator")),
    Erro("inicializar_aleatoria", "sorteio (n[l], n[l-1]) transposto",
         _inicializacao("escala", peso="rng.standard_normal((dimensoes[l], dimensoes[l - 1])).T * fator")),
    Erro("inicializar_aleatoria", "W transposta (n[l], n[l-1])",
         _inicializacao("escala", peso="rng.standard_normal((dimensoes[l], dimensoes[l - 1])) * fator")),
    Erro("inicializar_aleatoria", "b com forma (n, 1)",
         _inicializacao("escala", vies="np.zeros((dimensoes[l], 1))")),
    Erro("inicializar_aleatoria", "escala ao quadrado", _inicializacao("escala ** 2")),

    # ------------------------------------------------------------ inicializar_xavier
    Erro("inicializar_xavier", "n[l] no lugar de n[l-1]", _inicializacao("np.sqrt(1 / dimensoes[l])")),
    Erro("inicializar_xavier", "Xavier com 2/n (o de He)", _inicializacao("np.sqrt(2 / dimensoes[l - 1])")),
    Erro("inicializar_xavier", "variante de Glorot",
         _inicializacao("np.sqrt(2 / (dimensoes[l - 1] + dimensoes[l]))")),
    Erro("inicializar_xavier", "sem a raiz (1/n)", _inicializacao("1 / dimensoes[l - 1]")),
    Erro("inicializar_xavier", "semente ignorada (np.random.randn)",
         _inicializacao("np.sqrt(1 / dimensoes[l - 1])", antes="",
                        peso="np.random.randn(dimensoes[l - 1], dimensoes[l]) * fator")),
    Erro("inicializar_xavier", "b com forma (1, n)",
         _inicializacao("np.sqrt(1 / dimensoes[l - 1])", vies="np.zeros((1, dimensoes[l]))")),
    Erro("inicializar_xavier", "um sorteio a mais para b (descartado)",
         _inicializacao("np.sqrt(1 / dimensoes[l - 1])",
                        vies="rng.standard_normal(dimensoes[l]) * 0")),

    # ------------------------------------------------------------ inicializar_he
    Erro("inicializar_he", "He com 1/n (o de Xavier)", _inicializacao("np.sqrt(1 / dimensoes[l - 1])")),
    Erro("inicializar_he", "n[l] no lugar de n[l-1]", _inicializacao("np.sqrt(2 / dimensoes[l])")),
    Erro("inicializar_he", "sem a raiz (2/n)", _inicializacao("2 / dimensoes[l - 1]")),
    Erro("inicializar_he", "gerador recriado a cada camada",
         _inicializacao("np.sqrt(2 / dimensoes[l - 1])", antes="",
                        dentro="    rng = np.random.default_rng(semente)\n")),
    Erro("inicializar_he", "camadas contadas a partir de 0 (W0...)",
         "rng = np.random.default_rng(semente)\nparametros = {}\nfor l in range(len(dimensoes) - 1):\n"
         "    fator = np.sqrt(2 / dimensoes[l])\n"
         "    parametros[f\"W{l}\"] = rng.standard_normal((dimensoes[l], dimensoes[l + 1])) * fator\n"
         "    parametros[f\"b{l}\"] = np.zeros(dimensoes[l + 1])\nreturn parametros"),

    # ------------------------------------------------------------ estatisticas_ativacoes
    Erro("estatisticas_ativacoes", "estatísticas da pré-ativação Z",
         _estatisticas("    Z = A @ parametros[f\"W{l}\"] + parametros[f\"b{l}\"]\n" + _TANH_OU_RELU
                       + "    medias.append(Z.mean())\n    desvios.append(Z.std())\n")),
    Erro("estatisticas_ativacoes", "entrada X incluída",
         _estatisticas(_FRENTE + _GUARDAR,
                       inicio="L = len(parametros) // 2\nA = X\nmedias, desvios = [X.mean()], [X.std()]\n")),
    Erro("estatisticas_ativacoes", "média e desvio por unidade (axis=0)",
         _estatisticas(_FRENTE + "    medias.append(A.mean(axis=0))\n    desvios.append(A.std(axis=0))\n")),
    Erro("estatisticas_ativacoes", "desvio = média dos desvios das unidades",
         _estatisticas(_FRENTE + "    medias.append(A.mean())\n    desvios.append(A.std(axis=0).mean())\n")),
    Erro("estatisticas_ativacoes", "ativação ignorada (sempre tanh)",
         _estatisticas("    A = np.tanh(A @ parametros[f\"W{l}\"] + parametros[f\"b{l}\"])\n" + _GUARDAR)),
    Erro("estatisticas_ativacoes", "viés ignorado",
         _estatisticas("    Z = A @ parametros[f\"W{l}\"]\n" + _TANH_OU_RELU + _GUARDAR)),
    Erro("estatisticas_ativacoes", "X em todas as camadas (sem encadear)",
         _estatisticas("    Z = X @ parametros[f\"W{l}\"] + parametros[f\"b{l}\"]\n" + _TANH_OU_RELU + _GUARDAR)),
    Erro("estatisticas_ativacoes", "desvio com ddof=1",
         _estatisticas(_FRENTE + "    medias.append(A.mean())\n    desvios.append(A.std(ddof=1))\n")),
    Erro("estatisticas_ativacoes", "ReLU com np.max(Z, 0)",
         _estatisticas("    Z = A @ parametros[f\"W{l}\"] + parametros[f\"b{l}\"]\n"
                       "    A = np.tanh(Z) if ativacao == \"tanh\" else np.max(Z, 0)\n" + _GUARDAR)),
    Erro("estatisticas_ativacoes", "só o último exemplo do lote",
         _estatisticas(_FRENTE + "    medias.append(A[-1].mean())\n    desvios.append(A[-1].std())\n")),
    Erro("estatisticas_ativacoes", "listas em vez de arrays",
         _estatisticas(_FRENTE + _GUARDAR, fim="return medias, desvios")),
]
