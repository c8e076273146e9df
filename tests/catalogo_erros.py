"""Catálogo de erros típicos de aluno, por exercício (usado por ``test_catalogo.py``).

Cada erro troca a resposta de UMA função da solução (o trecho entre as marcas BEGIN/END
SOLUTION) por ``corpo``, escrito como o aluno escreveria, sem a indentação da função.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Erro:
    funcao: str
    descricao: str
    corpo: str


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


CATALOGO = {
    "gradiente_descendente": GRADIENTE_DESCENDENTE,
}
