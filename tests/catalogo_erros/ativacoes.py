"""Erros típicos do exercício ``ativacoes`` (Leaky ReLU, ELU, PReLU e unidades mortas)."""

from __future__ import annotations

from catalogo_erros.erro import Erro

_CACHE = "return saida, (z.copy(), a)"

ATIVACOES = [
    # ------------------------------------------------------------ leaky_relu_frente
    Erro("leaky_relu_frente", "ReLU: zera a parte negativa",
         "saida = np.maximum(z, 0)\n" + _CACHE),
    Erro("leaky_relu_frente", "a fixo 0.01 (ignora o argumento)",
         "saida = np.where(z > 0, z, 0.01 * z)\n" + _CACHE),
    Erro("leaky_relu_frente", "z[z < 0] *= a no lugar",
         "cache = (z.copy(), a)\nz[z < 0] *= a\nreturn z, cache"),
    Erro("leaky_relu_frente", "np.maximum(z, a * z, out=z)",
         "cache = (z.copy(), a)\nnp.maximum(z, a * z, out=z)\nreturn z, cache"),
    Erro("leaky_relu_frente", "cache com o próprio z (sem cópia)",
         "return np.where(z > 0, z, a * z), (z, a)"),
    Erro("leaky_relu_frente", "cache na ordem (a, z)",
         "return np.where(z > 0, z, a * z), (a, z.copy())"),
    Erro("leaky_relu_frente", "sem o cache",
         "return np.where(z > 0, z, a * z)"),
    # ------------------------------------------------------------ leaky_relu_tras
    Erro("leaky_relu_tras", "derivada 0 para z ≤ 0 (a da ReLU)",
         "z, a = cache\nreturn dsaida * (z > 0)"),
    Erro("leaky_relu_tras", "z ≥ 0 em vez de z > 0",
         "z, a = cache\nreturn np.where(z >= 0, dsaida, a * dsaida)"),
    Erro("leaky_relu_tras", "z < 0 e z > 0 estritos (z = 0 fica com 0)",
         "z, a = cache\nreturn dsaida * (z > 0) + a * dsaida * (z < 0)"),
    Erro("leaky_relu_tras", "a fixo 0.01",
         "z, a = cache\nreturn np.where(z > 0, dsaida, 0.01 * dsaida)"),
    Erro("leaky_relu_tras", "caso escolhido pelo sinal de dsaida",
         "z, a = cache\nreturn np.where(dsaida > 0, dsaida, a * dsaida)"),
    Erro("leaky_relu_tras", "sem multiplicar por dsaida",
         "z, a = cache\nreturn np.where(z > 0, 1.0, a)"),
    Erro("leaky_relu_tras", "dsaida alterado no lugar",
         "z, a = cache\ndsaida[z <= 0] *= a\nreturn dsaida"),
    # ------------------------------------------------------------ elu_frente
    Erro("elu_frente", "a·e^z sem o − 1",
         "saida = np.where(z > 0, z, a * np.exp(z))\n" + _CACHE),
    Erro("elu_frente", "a·e^z − 1 (parênteses)",
         "saida = np.where(z > 0, z, a * np.exp(z) - 1)\n" + _CACHE),
    Erro("elu_frente", "sem o a (a = 1 fixo)",
         "saida = np.where(z > 0, z, np.exp(z) - 1)\n" + _CACHE),
    Erro("elu_frente", "cache com a saída, (z, saida, a)",
         "saida = np.where(z > 0, z, a * (np.exp(z) - 1))\nreturn saida, (z.copy(), saida.copy(), a)"),
    Erro("elu_frente", "parte negativa escrita em z, no lugar",
         "cache = (z.copy(), a)\nnegativos = z <= 0\nz[negativos] = a * (np.exp(z[negativos]) - 1)\n"
         "return z, cache"),
    # ------------------------------------------------------------ elu_tras
    Erro("elu_tras", "a·e^z sem o caso z > 0",
         "z, a = cache\nreturn dsaida * a * np.exp(z)"),
    Erro("elu_tras", "derivada a·(e^z − 1) (a própria função)",
         "z, a = cache\nreturn np.where(z > 0, dsaida, dsaida * a * (np.exp(z) - 1))"),
    Erro("elu_tras", "z ≥ 0 em vez de z > 0",
         "z, a = cache\nreturn np.where(z >= 0, dsaida, dsaida * a * np.exp(z))"),
    Erro("elu_tras", "e^z sem o a",
         "z, a = cache\nreturn np.where(z > 0, dsaida, dsaida * np.exp(z))"),
    Erro("elu_tras", "sem multiplicar por dsaida",
         "z, a = cache\nreturn np.where(z > 0, 1.0, a * np.exp(z))"),
    # ------------------------------------------------------------ prelu_frente
    Erro("prelu_frente", "um a só (a[0]) para todas as unidades",
         "saida = np.where(z > 0, z, a[0] * z)\nreturn saida, (z.copy(), a.copy())"),
    Erro("prelu_frente", "a expandido nas linhas (a.reshape(-1, 1))",
         "saida = np.where(z > 0, z, a.reshape(-1, 1) * z)\nreturn saida, (z.copy(), a.copy())"),
    Erro("prelu_frente", "ReLU (ignora a)",
         "saida = np.maximum(z, 0)\nreturn saida, (z.copy(), a.copy())"),
    Erro("prelu_frente", "cache sem cópia de a",
         "saida = np.where(z > 0, z, a * z)\nreturn saida, (z.copy(), a)"),
    Erro("prelu_frente", "z multiplicado no lugar",
         "cache = (z.copy(), a.copy())\nz *= np.where(z > 0, 1.0, a)\nreturn z, cache"),
    # ------------------------------------------------------------ prelu_tras
    Erro("prelu_tras", "da sem somar nos exemplos",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\nreturn dz, dsaida * z * (z <= 0)"),
    Erro("prelu_tras", "da somado no eixo errado (axis=1)",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\n"
         "return dz, np.sum(dsaida * z * (z <= 0), axis=1)"),
    Erro("prelu_tras", "da soma dsaida sem multiplicar por z",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\n"
         "return dz, np.sum(dsaida * (z <= 0), axis=0)"),
    Erro("prelu_tras", "da com todos os z (também os positivos)",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\nreturn dz, np.sum(dsaida * z, axis=0)"),
    Erro("prelu_tras", "da com a média em vez da soma",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\n"
         "return dz, np.mean(dsaida * z * (z <= 0), axis=0)"),
    Erro("prelu_tras", "dz escolhido pelo sinal da saída (erra com a < 0)",
         "z, a = cache\nsaida = np.where(z > 0, z, a * z)\ndz = dsaida * np.where(saida > 0, 1.0, a)\n"
         "return dz, np.sum(dsaida * z * (z <= 0), axis=0)"),
    Erro("prelu_tras", "dz com derivada 0 na parte negativa",
         "z, a = cache\nreturn dsaida * (z > 0), np.sum(dsaida * z * (z <= 0), axis=0)"),
    Erro("prelu_tras", "devolve (da, dz)",
         "z, a = cache\ndz = dsaida * np.where(z > 0, 1.0, a)\n"
         "return np.sum(dsaida * z * (z <= 0), axis=0), dz"),
    # ------------------------------------------------------------ fracao_mortas
    Erro("fracao_mortas", "eixo errado (exemplos em vez de unidades)",
         "return float(np.mean(np.all(Z <= 0, axis=1)))"),
    Erro("fracao_mortas", "np.any em vez de np.all",
         "return float(np.mean(np.any(Z <= 0, axis=0)))"),
    Erro("fracao_mortas", "z < 0 em vez de z ≤ 0",
         "return float(np.mean(np.all(Z < 0, axis=0)))"),
    Erro("fracao_mortas", "contagem em vez de fração",
         "return int(np.sum(np.all(Z <= 0, axis=0)))"),
    Erro("fracao_mortas", "fração de elementos de Z ≤ 0",
         "return float(np.mean(Z <= 0))"),
    Erro("fracao_mortas", "fração de unidades vivas",
         "return float(np.mean(np.any(Z > 0, axis=0)))"),
    Erro("fracao_mortas", "um valor por unidade (sem a média)",
         "return np.all(Z <= 0, axis=0).astype(float)"),
]
