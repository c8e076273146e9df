"""Uma rede densa (MLP) em numpy escrita para ser **rápida**, não só legível.

Os capítulos montam redes camada por camada com ``curso.camadas`` (um ``forward`` e um
``backward`` por peça, com caches), que é o jeito mais claro de aprender. Aqui está a
mesma conta — camadas afins, ReLU nas camadas ocultas, softmax com entropia cruzada na
saída, linhas = exemplos — organizada para o treino no MNIST ser comparável ao de um
framework (``benchmarks/numpy_vs_keras.py``). As diferenças são só de engenharia:

- **tipo único** (``float32`` por padrão; ``float64`` para a verificação do gradiente):
  nada é promovido a ``float64`` no meio do caminho;
- **memória pré-alocada**: as ativações, os gradientes e o minilote têm buffers fixos,
  reaproveitados a cada passo; as multiplicações de matrizes escrevem direto neles
  (``np.matmul(..., out=...)``) e as operações elemento a elemento são *in-place*;
- a ReLU sobrescreve a própria pré-ativação (a máscara ``a > 0`` é a mesma de ``z > 0``);
- o gradiente da softmax com entropia cruzada sai direto, ``(ŷ − y)/m``, sem jacobiano;
- a primeira camada não calcula ``dx`` (ninguém usa o gradiente em relação à imagem);
- o otimizador Adam atualiza os pesos no lugar, com os estados ``m`` e ``v`` no mesmo tipo.

Quase todo o tempo vai para as oito multiplicações de matrizes de cada passo (três na
ida; na volta, três para os ``dW`` e duas para os ``dx``, já que a primeira camada não
calcula ``dx``), que o numpy entrega à biblioteca BLAS; :func:`flops_por_exemplo`
conta as operações de ponto flutuante para comparar com o pico da máquina.
"""

from __future__ import annotations

import numpy as np

__all__ = ["MLP", "Adam", "SGD", "treinar_epoca", "flops_por_exemplo"]


class MLP:
    """Rede densa ``tamanhos = [D, H1, ..., K]`` com ReLU nas ocultas e softmax na saída.

    ``W[i]`` tem forma ``(tamanhos[i], tamanhos[i+1])`` e ``b[i]`` forma
    ``(tamanhos[i+1],)``. Inicialização de He (normal com desvio ``sqrt(2/fan_in)``) e
    viés zero.
    """

    def __init__(self, tamanhos, semente: int = 0, dtype=np.float32):
        if len(tamanhos) < 2:
            raise ValueError("A rede precisa de pelo menos uma camada: tamanhos = [D, ..., K].")
        self.tamanhos = [int(t) for t in tamanhos]
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(semente)
        self.W = [(rng.standard_normal((d, m)) * np.sqrt(2.0 / d)).astype(self.dtype)
                  for d, m in zip(self.tamanhos[:-1], self.tamanhos[1:])]
        self.b = [np.zeros(m, dtype=self.dtype) for m in self.tamanhos[1:]]
        self.dW = [np.zeros_like(w) for w in self.W]
        self.db = [np.zeros_like(b) for b in self.b]
        self._capacidade = 0

    # -- parâmetros -----------------------------------------------------------------
    @property
    def parametros(self) -> list[np.ndarray]:
        """Lista ``[W0, b0, W1, b1, ...]`` (os próprios arrays, não cópias)."""
        return [p for par in zip(self.W, self.b) for p in par]

    @property
    def gradientes(self) -> list[np.ndarray]:
        """Gradientes na mesma ordem de :attr:`parametros` (preenchidos pelo último passo)."""
        return [g for par in zip(self.dW, self.db) for g in par]

    def contar_parametros(self) -> int:
        return int(sum(p.size for p in self.parametros))

    # -- buffers --------------------------------------------------------------------
    def _reservar(self, n: int) -> None:
        """Aloca (uma vez) os buffers para minilotes de até ``n`` exemplos."""
        if n <= self._capacidade:
            return
        self._a = [np.empty((n, m), dtype=self.dtype) for m in self.tamanhos[1:]]
        self._d = [np.empty((n, m), dtype=self.dtype) for m in self.tamanhos[1:]]
        self._x = np.empty((n, self.tamanhos[0]), dtype=self.dtype)
        self._y = np.empty(n, dtype=np.int64)
        self._capacidade = n

    # -- ida ------------------------------------------------------------------------
    def _forward(self, x: np.ndarray) -> np.ndarray:
        """Passo para a frente nos buffers; devolve as probabilidades (m, K)."""
        n = x.shape[0]
        entrada = x
        ultima = len(self.W) - 1
        for i, (w, b) in enumerate(zip(self.W, self.b)):
            a = self._a[i][:n]
            np.matmul(entrada, w, out=a)
            a += b
            if i < ultima:
                np.maximum(a, 0, out=a)              # ReLU no lugar
            entrada = a
        # softmax estável, no lugar
        p = entrada
        p -= p.max(axis=1, keepdims=True)
        np.exp(p, out=p)
        p /= p.sum(axis=1, keepdims=True)
        return p

    def probabilidades(self, x, lote: int = 4096) -> np.ndarray:
        """Probabilidades de cada classe para ``x`` (m, n), em pedaços de ``lote``."""
        x = np.asarray(x, dtype=self.dtype)
        saida = np.empty((len(x), self.tamanhos[-1]), dtype=self.dtype)
        self._reservar(min(lote, len(x)))
        for i in range(0, len(x), lote):
            saida[i:i + lote] = self._forward(x[i:i + lote])
        return saida

    def predizer(self, x, lote: int = 4096) -> np.ndarray:
        """Classe mais provável de cada exemplo."""
        return self.probabilidades(x, lote).argmax(axis=1)

    def acuracia(self, x, y, lote: int = 4096) -> float:
        return float(np.mean(self.predizer(x, lote) == np.asarray(y)))

    # -- ida e volta ------------------------------------------------------------------
    def perda_e_gradientes(self, x, y) -> float:
        """Custo médio (entropia cruzada) no minilote e gradientes em :attr:`dW`/:attr:`db`.

        ``x``: (m, n) do tipo da rede; ``y``: rótulos inteiros (m,). Os gradientes ficam
        nos arrays :attr:`dW` e :attr:`db` (sobrescritos a cada chamada).
        """
        x = np.asarray(x, dtype=self.dtype)
        y = np.asarray(y)
        n = x.shape[0]
        self._reservar(n)
        p = self._forward(x)
        linhas = np.arange(n)
        perda = float(-np.mean(np.log(np.maximum(p[linhas, y], np.finfo(self.dtype).tiny))))

        # Saída: dL/dz = (ŷ − y)/m, escrito por cima das probabilidades.
        delta = p
        delta[linhas, y] -= 1
        delta *= self.dtype.type(1.0 / n)
        for i in range(len(self.W) - 1, -1, -1):
            anterior = x if i == 0 else self._a[i - 1][:n]
            np.matmul(anterior.T, delta, out=self.dW[i])
            np.sum(delta, axis=0, out=self.db[i])
            if i == 0:
                break                                # dx da entrada não é necessário
            d_ant = self._d[i - 1][:n]
            np.matmul(delta, self.W[i].T, out=d_ant)
            d_ant *= anterior > 0                    # derivada da ReLU (a > 0 ⇔ z > 0)
            delta = d_ant
        return perda


class SGD:
    """Descida do gradiente com minilotes: ``w ← w − α·dw`` (no lugar)."""

    def __init__(self, taxa_aprendizado: float = 0.1):
        self.taxa_aprendizado = taxa_aprendizado

    def passo(self, parametros, gradientes) -> None:
        for p, g in zip(parametros, gradientes):
            p -= p.dtype.type(self.taxa_aprendizado) * g


class Adam:
    """Adam (Kingma & Ba, 2014) no lugar, na forma usada pelo Keras.

    ``m ← β₁m + (1−β₁)g``, ``v ← β₂v + (1−β₂)g²`` e
    ``w ← w − α_t · m / (√v + ε)`` com ``α_t = α·√(1−β₂ᵗ)/(1−β₁ᵗ)`` — a correção de
    viés aplicada à taxa de aprendizado, com ε fora da raiz (padrões do Keras:
    α = 0,001, β₁ = 0,9, β₂ = 0,999, ε = 1e-7).
    """

    def __init__(self, taxa_aprendizado: float = 1e-3, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-7):
        self.taxa_aprendizado = taxa_aprendizado
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.t = 0
        self._estado = None

    def passo(self, parametros, gradientes) -> None:
        if self._estado is None:
            self._estado = [(np.zeros_like(p), np.zeros_like(p), np.empty_like(p))
                            for p in parametros]
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        alfa_t = self.taxa_aprendizado * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        for p, g, (m, v, tmp) in zip(parametros, gradientes, self._estado):
            tipo = p.dtype.type
            m *= tipo(b1)
            np.multiply(g, tipo(1 - b1), out=tmp)
            m += tmp
            v *= tipo(b2)
            np.multiply(g, g, out=tmp)
            tmp *= tipo(1 - b2)
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += tipo(self.epsilon)
            np.divide(m, tmp, out=tmp)
            tmp *= tipo(alfa_t)
            p -= tmp


def treinar_epoca(modelo: MLP, x, y, lote: int, otimizador, rng=None) -> float:
    """Uma época de treino com minilotes embaralhados; devolve o custo médio da época.

    ``x`` deve estar no tipo da rede e contíguo (o minilote é copiado para um buffer
    fixo com ``np.take(..., out=...)``, sem alocação).
    """
    rng = np.random.default_rng() if rng is None else rng
    x = np.ascontiguousarray(x, dtype=modelo.dtype)
    y = np.asarray(y, dtype=np.int64)
    n = len(x)
    modelo._reservar(lote)
    ordem = rng.permutation(n)
    total = 0.0
    for inicio in range(0, n, lote):
        indices = ordem[inicio:inicio + lote]
        k = len(indices)
        xb = modelo._x[:k]
        yb = modelo._y[:k]
        np.take(x, indices, axis=0, out=xb)
        np.take(y, indices, out=yb)
        total += modelo.perda_e_gradientes(xb, yb) * k
        otimizador.passo(modelo.parametros, modelo.gradientes)
    return total / n


def flops_por_exemplo(tamanhos) -> int:
    """Operações de ponto flutuante de um passo de treino, por exemplo (só as matmuls).

    Cada camada ``D → M`` custa ``2·D·M`` na ida e ``2·D·M`` para ``dW`` na volta; as
    camadas depois da primeira custam mais ``2·D·M`` para o ``dx``. As operações elemento
    a elemento (ReLU, softmax, Adam) são desprezíveis perto disso e ficam de fora.
    """
    pares = list(zip(tamanhos[:-1], tamanhos[1:]))
    return int(sum((6 if i > 0 else 4) * d * m for i, (d, m) in enumerate(pares)))
