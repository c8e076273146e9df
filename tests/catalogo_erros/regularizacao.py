"""Erros típicos do exercício ``regularizacao`` (L2, dropout invertido, parada antecipada)."""

from __future__ import annotations

from catalogo_erros.erro import Erro

_W = 'chave.startswith("W")'

REGULARIZACAO = [
    # ------------------------------------------------------------------ custo_l2
    Erro("custo_l2", "inclui os vieses b",
         "return float(lambd / (2 * m) * sum(np.sum(v ** 2) for v in parametros.values()))"),
    Erro("custo_l2", "divide por m, não por 2m",
         f"return float(lambd / m * sum(np.sum(v ** 2) for chave, v in parametros.items() if {_W}))"),
    Erro("custo_l2", "esquece λ",
         f"return float(1 / (2 * m) * sum(np.sum(v ** 2) for chave, v in parametros.items() if {_W}))"),
    Erro("custo_l2", "esquece m",
         f"return float(lambd / 2 * sum(np.sum(v ** 2) for chave, v in parametros.items() if {_W}))"),
    Erro("custo_l2", "valores absolutos (L1)",
         f"return float(lambd / (2 * m) * sum(np.sum(np.abs(v)) for chave, v in parametros.items() if {_W}))"),
    Erro("custo_l2", "norma sem o quadrado",
         f"return float(lambd / (2 * m) * sum(np.linalg.norm(v) for chave, v in parametros.items() if {_W}))"),
    Erro("custo_l2", "só duas camadas, fixas",
         'return float(lambd / (2 * m) * (np.sum(parametros["W1"] ** 2) + np.sum(parametros["W2"] ** 2)))'),
    Erro("custo_l2", "um termo por camada, sem somar",
         f"return np.array([lambd / (2 * m) * np.sum(v ** 2) for chave, v in parametros.items() if {_W}])"),
    # ------------------------------------------------------------------ gradiente_l2
    Erro("gradiente_l2", "2λ/m (esquece que o 2 cancela)",
         f"return {{'d' + chave: 2 * lambd / m * v for chave, v in parametros.items() if {_W}}}"),
    Erro("gradiente_l2", "λ/(2m) (copiou o fator do custo)",
         f"return {{'d' + chave: lambd / (2 * m) * v for chave, v in parametros.items() if {_W}}}"),
    Erro("gradiente_l2", "inclui os vieses (db = (λ/m)·b)",
         "return {'d' + chave: lambd / m * v for chave, v in parametros.items()}"),
    Erro("gradiente_l2", "sinal trocado",
         f"return {{'d' + chave: -lambd / m * v for chave, v in parametros.items() if {_W}}}"),
    Erro("gradiente_l2", "esquece m",
         f"return {{'d' + chave: lambd * v for chave, v in parametros.items() if {_W}}}"),
    Erro("gradiente_l2", "W *= λ/m no lugar",
         "grads = {}\nfor chave in parametros:\n    if chave.startswith('W'):\n"
         "        parametros[chave] *= lambd / m\n        grads['d' + chave] = parametros[chave]\n"
         "return grads"),
    Erro("gradiente_l2", "só dW1 e dW2, fixos",
         "return {'dW1': lambd / m * parametros['W1'], 'dW2': lambd / m * parametros['W2']}"),
    # ------------------------------------------------------------------ dropout_frente
    Erro("dropout_frente", "U <= p (desigualdade não estrita)",
         "D = U <= p\nreturn A * D / p, (D, p)"),
    Erro("dropout_frente", "dropout não invertido (não divide por p)",
         "D = U < p\nreturn A * D, (D, p)"),
    Erro("dropout_frente", "p como probabilidade de descartar (U < 1 − p, divide por 1 − p)",
         "D = U < 1 - p\nreturn A * D / (1 - p), (D, p)"),
    Erro("dropout_frente", "máscara certa, mas divide por 1 − p",
         "D = U < p\nreturn A * D / (1 - p), (D, p)"),
    Erro("dropout_frente", "descarta onde U < p (máscara invertida)",
         "D = U >= p\nreturn A * D / p, (D, p)"),
    Erro("dropout_frente", "sorteia uma máscara nova (ignora U)",
         "D = np.random.rand(*A.shape) < p\nreturn A * D / p, (D, p)"),
    Erro("dropout_frente", "A *= D / p no lugar",
         "D = U < p\nA *= D / p\nreturn A, (D, p)"),
    Erro("dropout_frente", "multiplica por p",
         "D = U < p\nreturn A * D * p, (D, p)"),
    Erro("dropout_frente", "guarda D / p no cache",
         "D = (U < p) / p\nreturn A * D, (D, p)"),
    Erro("dropout_frente", "p fixo em 0.5",
         "D = U < 0.5\nreturn A * D / 0.5, (D, p)"),
    # ------------------------------------------------------------------ dropout_tras
    Erro("dropout_tras", "nova máscara na volta",
         "D, p = cache\nD_nova = np.random.rand(*dA_til.shape) < p\nreturn dA_til * D_nova / p"),
    Erro("dropout_tras", "não divide por p",
         "D, p = cache\nreturn dA_til * D"),
    Erro("dropout_tras", "divide por 1 − p",
         "D, p = cache\nreturn dA_til * D / (1 - p)"),
    Erro("dropout_tras", "dA_til *= D / p no lugar",
         "D, p = cache\ndA_til *= D / p\nreturn dA_til"),
    Erro("dropout_tras", "ignora a máscara (só divide por p)",
         "D, p = cache\nreturn dA_til / p"),
    Erro("dropout_tras", "p fixo em 0.5",
         "D, p = cache\nreturn dA_til * D / 0.5"),
    # ------------------------------------------------------------------ parada_antecipada
    Erro("parada_antecipada", "empate conta como melhora (<=)",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo <= menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao)"),
    Erro("parada_antecipada", "devolve (parada, melhor), na ordem trocada",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return epoca, melhor\n"
         "return len(custos_validacao), melhor"),
    Erro("parada_antecipada", "devolve a época de parada no lugar da melhor",
         "menor, sem = np.inf, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, sem = custo, 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return epoca, epoca\n"
         "n = len(custos_validacao)\nreturn n, n"),
    Erro("parada_antecipada", "épocas contadas a partir de 0",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao) - 1"),
    Erro("parada_antecipada", "argmin da curva inteira",
         "menor, sem, parada = np.inf, 0, len(custos_validacao)\n"
         "for epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, sem = custo, 0\n    else:\n        sem += 1\n"
         "        if sem == paciencia:\n            parada = epoca\n            break\n"
         "return int(np.argmin(custos_validacao)) + 1, parada"),
    Erro("parada_antecipada", "compara com a época anterior, não com o melhor",
         "melhor, sem = 1, 0\nfor epoca in range(2, len(custos_validacao) + 1):\n"
         "    if custos_validacao[epoca - 1] < custos_validacao[epoca - 2]:\n        sem = 0\n"
         "        if custos_validacao[epoca - 1] < custos_validacao[melhor - 1]:\n            melhor = epoca\n"
         "    else:\n        sem += 1\n        if sem == paciencia:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao)"),
    Erro("parada_antecipada", "para uma época depois (sem > paciencia)",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem > paciencia:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao)"),
    Erro("parada_antecipada", "não zera a contagem na melhora",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor = custo, epoca\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao)"),
    Erro("parada_antecipada", "sem return quando a paciência não se esgota",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return melhor, epoca"),
    Erro("parada_antecipada", "épocas como float",
         "menor, melhor, sem = np.inf, 0.0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, float(epoca), 0\n    else:\n"
         "        sem += 1\n        if sem == paciencia:\n            return melhor, float(epoca)\n"
         "return melhor, float(len(custos_validacao))"),
    Erro("parada_antecipada", "paciência fixa em 3",
         "menor, melhor, sem = np.inf, 0, 0\nfor epoca, custo in enumerate(custos_validacao, start=1):\n"
         "    if custo < menor:\n        menor, melhor, sem = custo, epoca, 0\n    else:\n"
         "        sem += 1\n        if sem == 3:\n            return melhor, epoca\n"
         "return melhor, len(custos_validacao)"),
    Erro("parada_antecipada", "usa custos_validacao.index (só funciona com lista)",
         "parada = len(custos_validacao)\nsem = 0\nfor epoca in range(2, len(custos_validacao) + 1):\n"
         "    if custos_validacao[epoca - 1] < min(custos_validacao[:epoca - 1]):\n        sem = 0\n"
         "    else:\n        sem += 1\n        if sem == paciencia:\n            parada = epoca\n"
         "            break\n"
         "vistos = list(custos_validacao[:parada])\n"
         "return custos_validacao.index(min(vistos)) + 1, parada"),
]
