"""Gradiente numérico e verificação do gradiente (*gradient checking*).

O gradiente analítico (as fórmulas do passo para trás) é rápido e exato, mas é
fácil errar ao deduzi-lo ou programá-lo. O gradiente numérico é lento e
aproximado, mas quase impossível de errar: basta avaliar a função. Na prática
usamos o analítico e, de vez em quando, conferimos com o numérico.

Diferenças centradas::

    ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / (2h)

têm erro da ordem de h², bem menor que o da diferença "para a frente" (ordem h).
"""

from __future__ import annotations

import numpy as np

__all__ = ["gradiente_numerico", "gradiente_numerico_array", "erro_relativo",
           "diferenca_relativa", "verificar_gradiente"]


def _indices(x, amostras, semente):
    todos = list(np.ndindex(x.shape))
    if amostras is None or amostras >= len(todos):
        return todos
    rng = np.random.default_rng(semente)
    escolhidos = rng.choice(len(todos), size=amostras, replace=False)
    return [todos[i] for i in escolhidos]


def gradiente_numerico(f, x, h=1e-5, amostras=None, semente=0):
    """Gradiente de uma função **escalar** ``f(x)`` por diferenças centradas.

    ``x`` é alterado no lugar (uma coordenada por vez) e restaurado em seguida;
    por isso ``f`` deve ler o valor atual de ``x`` (por exemplo, uma ``lambda``
    que usa o próprio array). Com ``amostras`` = k, só k coordenadas sorteadas
    são calculadas (as outras ficam ``nan``) — útil para arrays grandes.
    """
    grad = np.full(x.shape, np.nan) if amostras is not None else np.zeros(x.shape)
    for ix in _indices(x, amostras, semente):
        antigo = x[ix]
        x[ix] = antigo + h
        mais = float(f(x))
        x[ix] = antigo - h
        menos = float(f(x))
        x[ix] = antigo                      # restaura (muito importante!)
        grad[ix] = (mais - menos) / (2.0 * h)
    return grad


def gradiente_numerico_array(f, x, dout, h=1e-5, amostras=None, semente=0):
    """Gradiente numérico de ``L = Σ f(x)·dout`` quando ``f`` devolve um array.

    É o que o passo para trás de uma camada calcula: dado ``dout = ∂L/∂out``,
    ``∂L/∂x_i = Σ_j (∂out_j/∂x_i)·dout_j``.
    """
    grad = np.full(x.shape, np.nan) if amostras is not None else np.zeros(x.shape)
    for ix in _indices(x, amostras, semente):
        antigo = x[ix]
        x[ix] = antigo + h
        mais = np.array(f(x), dtype=float, copy=True)
        x[ix] = antigo - h
        menos = np.array(f(x), dtype=float, copy=True)
        x[ix] = antigo
        grad[ix] = np.sum((mais - menos) * dout) / (2.0 * h)
    return grad


def erro_relativo(a, b):
    """Erro relativo entre dois gradientes inteiros: ``‖a − b‖ / (‖a‖ + ‖b‖)``.

    É a única medida do curso para a verificação do gradiente (a da Deep Learning
    Specialization), com normas euclidianas de todos os elementos juntos. Regra
    prática em ``float64``: abaixo de 1e-7 os gradientes conferem; entre 1e-7 e
    1e-4, desconfie (a menos que haja "dobras", como na ReLU); acima disso, há
    erro. Posições ``nan`` (coordenadas não amostradas) são ignoradas; vetores
    nulos dão 0.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape and a.size != b.size:
        raise ValueError(f"tamanhos diferentes: {a.size} e {b.size} elementos")
    a, b = a.ravel(), b.ravel()
    validos = ~(np.isnan(a) | np.isnan(b))
    a, b = a[validos], b[validos]
    denominador = np.linalg.norm(a) + np.linalg.norm(b)
    if denominador == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominador)


#: Outro nome da mesma medida, usado no exercício de verificação do gradiente.
diferenca_relativa = erro_relativo


def verificar_gradiente(f, x, analitico, dout=None, h=1e-5, tolerancia=1e-7,
                        nome="gradiente", amostras=None, semente=0, imprimir=True):
    """Compara um gradiente analítico com o numérico e relata em português.

    Parâmetros
    ----------
    f : função de ``x`` — escalar, ou array quando ``dout`` é dado.
    x : array (float64) no qual o gradiente é avaliado (alterado e restaurado).
    analitico : o gradiente calculado pelo seu passo para trás (forma de ``x``).
    dout : gradiente que chega da saída, quando ``f`` devolve um array.
    tolerancia : erro relativo máximo aceito.
    amostras : confere só essa quantidade de coordenadas sorteadas.

    Devolve o erro relativo (``float``). Imprime uma linha com o resultado.
    """
    if dout is None:
        numerico = gradiente_numerico(f, x, h, amostras, semente)
    else:
        numerico = gradiente_numerico_array(f, x, dout, h, amostras, semente)
    analitico = np.asarray(analitico, dtype=float).reshape(np.shape(x))
    erro = erro_relativo(analitico, numerico)
    if imprimir:
        veredito = "ok" if erro < tolerancia else "FALHOU: confira o passo para trás"
        print(f"Verificação do gradiente de {nome}: erro relativo = {erro:.2e} "
              f"(tolerância {tolerancia:.0e}) → {veredito}")
    return erro
