"""Diagramas do neurônio e de grafos computacionais com valores e gradientes.

Os grafos seguem o estilo das notas do CS231n: cada aresta leva, em cima (verde), o
valor calculado no passo para a frente e, embaixo (vermelho), o gradiente da saída em
relação a esse valor, calculado no passo para trás. O grafo é descrito por nós
(``nome → rótulo``) e arestas (``(origem, destino)``); a disposição é automática.
As funções também podem ser chamadas como ``curso.diagramas.neuronio`` etc.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.patches import FancyBboxPatch

from curso.diagramas import (COR_BLOCO, COR_BORDA, COR_PESO, COR_SAIDA, COR_UNIDADE,
                             COR_VIES, POLEGADAS_POR_UNIDADE, RAIO, _visiveis, circulo,
                             largura_texto, ligar, novo_eixo)

__all__ = ["neuronio", "grafo", "grafo_soma_produto", "grafo_neuronio_logistico"]

COR_VALOR, COR_GRADIENTE = "#1e7b34", "#c0392b"
ATIVACOES = {
    "g": None,
    "sigmoide": lambda t: 2 / (1 + np.exp(-5 * t)) - 1,
    "tanh": lambda t: np.tanh(3 * t),
    "relu": lambda t: 2 * np.maximum(t, 0) - 1,
    "degrau": lambda t: np.where(t >= 0, 1.0, -1.0),
    "identidade": lambda t: t,
}
SIMBOLOS = {"g": "g(z)", "sigmoide": "\\sigma(z)", "tanh": "\\tanh(z)",
            "relu": "\\max(0, z)", "identidade": "z"}


def neuronio(n_entradas: int = 3, *, ax=None, ativacao: str = "g", perceptron: bool = False,
             vies: bool = True, formula: bool = True):
    """Desenha um neurônio: entradas :math:`x_i`, pesos :math:`w_i`, a soma Σ com o viés
    :math:`b` (a pré-ativação :math:`z`), a função de ativação e a saída.

    ``ativacao``: ``"g"`` (genérica) ou o nome de uma função (``"sigmoide"``, ``"tanh"``,
    ``"relu"``, ``"degrau"``, ``"identidade"``), desenhada dentro da caixa.
    ``perceptron=True`` usa o degrau e escreve a saída :math:`\\hat{y} \\in \\{0, 1\\}`.

    >>> neuronio(2, perceptron=True)  # doctest: +SKIP
    """
    if isinstance(n_entradas, bool) or not isinstance(n_entradas, (int, np.integer)) or n_entradas < 1:
        raise ValueError(f"n_entradas deve ser um inteiro positivo; recebi {n_entradas!r}.")
    if perceptron:
        ativacao = "degrau"
    if ativacao not in ATIVACOES:
        raise ValueError(f"ativação desconhecida: {ativacao!r}; use uma de {sorted(ATIVACOES)}.")
    visiveis = _visiveis(int(n_entradas), 5)
    topo = (len(visiveis) - 1) / 2
    x_soma, x_g, x_saida, y_vies = 3.3, 5.8, 7.9, topo + 1.25
    ax = novo_eixo(ax, (-0.9, 8.7), (-topo - (1.9 if formula else 0.9), y_vies + 0.9))
    for k, i in enumerate(visiveis):
        xy = (0.0, topo - k)
        if i is None:
            ax.text(*xy, "$\\vdots$", ha="center", va="center", fontsize=16, gid="reticencias:0")
            continue
        circulo(ax, xy, f"$x_{{{i}}}$", gid=f"unidade:0:{i}")
        ligar(ax, xy, (x_soma, 0), gid=f"peso:1:{i}:1", raio_q=0.5, color=COR_PESO, lw=1.2)
        ax.text(0.36 * x_soma, xy[1] * 0.64 + 0.1, f"$w_{{{i}}}$", ha="center", va="bottom",
                fontsize=11, gid=f"rotulo-peso:{i}")
    if vies:
        circulo(ax, (0.0, y_vies), "$+1$", gid="vies:0", cor=COR_VIES, tamanho=9)
        ligar(ax, (0.0, y_vies), (x_soma, 0), gid="peso-vies:1:1", raio_q=0.5,
              color="#c9a227", lw=1.2, ls=(0, (4, 2)))
        ax.text(0.36 * x_soma, y_vies * 0.64 + 0.12, "$b$", ha="center", va="bottom", fontsize=11,
                gid="rotulo-vies")
    circulo(ax, (x_soma, 0), "$\\Sigma$", gid="soma", raio=0.5, tamanho=18)
    ax.text(x_soma, -0.65, "soma ponderada", ha="center", va="top", fontsize=8, color="#444444")
    ligar(ax, (x_soma, 0), (x_g, 0), gid="seta:z", raio_p=0.5, raio_q=0.55, seta=True,
          color=COR_BORDA, lw=1.2)
    ax.text((x_soma + x_g) / 2, 0.1, "$z$", ha="center", va="bottom", fontsize=12, gid="rotulo-z")
    ax.text((x_soma + x_g) / 2, -0.1, "pré-ativação", ha="center", va="top", fontsize=8,
            color="#444444")
    ax.add_patch(FancyBboxPatch((x_g - 0.55, -0.55), 1.1, 1.1, gid="ativacao",
                                boxstyle="round,pad=0,rounding_size=0.12", fc=COR_BLOCO,
                                ec=COR_BORDA, lw=1.2, zorder=3))
    funcao = ATIVACOES[ativacao]
    if funcao is None:
        ax.text(x_g, 0, "$g$", ha="center", va="center", fontsize=18, zorder=4, gid="rotulo-g")
    else:
        t = np.linspace(-1, 1, 201)
        ax.plot([x_g - 0.42, x_g + 0.42], [x_g * 0, 0], color="#b0b0b0", lw=0.6, zorder=4)
        ax.plot([x_g, x_g], [-0.42, 0.42], color="#b0b0b0", lw=0.6, zorder=4)
        ax.plot(x_g + 0.4 * t, 0.36 * funcao(t), color=COR_BORDA, lw=1.8, zorder=5, gid="curva-g")
        ax.text(x_g, 0.62, "$g$", ha="center", va="bottom", fontsize=11)
    ax.text(x_g, -0.65, ativacao if funcao else "ativação", ha="center", va="top", fontsize=8,
            color="#444444", gid="nome-ativacao")
    saida = "$\\hat{y}$" if perceptron else "$a$"
    ligar(ax, (x_g, 0), (x_saida, 0), gid="seta:a", raio_p=0.55, seta=True, color=COR_BORDA, lw=1.2)
    circulo(ax, (x_saida, 0), saida, gid="saida", cor=COR_SAIDA, tamanho=12)
    ax.text(x_saida, -0.5, "saída", ha="center", va="top", fontsize=8, color="#444444")
    if formula:
        n = int(n_entradas)
        soma = f"z = \\sum_{{i=1}}^{{{n}}} w_i x_i" + (" + b" if vies else "")
        fim = ("\\hat{y} = 1$ se $z \\geq 0$, senão $0" if perceptron
               else "a = " + SIMBOLOS.get(ativacao, f"\\mathrm{{{ativacao}}}(z)"))
        ax.text(x_g - 1.6, -topo - 1.05, f"${soma}, \\qquad {fim}$", ha="center", va="center",
                fontsize=11, gid="formula")
    return ax


def _disposicao(nomes, arestas):
    """Posições (x, y) dos nós: a saída à direita; cada nó logo antes do seu último uso."""
    antes = {n: [a for a, b in arestas if b == n] for n in nomes}
    depois = {n: [b for a, b in arestas if a == n] for n in nomes}
    coluna, visitando = {}, set()

    def col(n):  # distância até a saída (0 na saída)
        if n in coluna:
            return coluna[n]
        if n in visitando:
            raise ValueError(f"o grafo tem um ciclo passando por {n!r}; um grafo computacional "
                             "não pode ter ciclos.")
        visitando.add(n)
        filhos = [col(d) for d in depois[n]]
        coluna[n] = max(filhos, default=-1) + 1  # à esquerda de todos os seus usos
        return coluna[n]

    for n in nomes:
        col(n)
    y, vaga = {}, [0]

    def linha(n):
        if n not in y:
            y[n] = None
            ys = [linha(a) for a in antes[n]]
            ys = [v for v in ys if v is not None]
            if ys:
                y[n] = float(np.mean(ys))
            else:
                y[n], vaga[0] = -1.5 * vaga[0], vaga[0] + 1
        return y[n]

    for n in [n for n in nomes if not depois[n]]:
        linha(n)
    maximo = max(coluna.values())
    meio = (max(y.values()) + min(y.values())) / 2
    return {n: ((maximo - coluna[n]) * 2.6, y[n] - meio) for n in nomes}, antes, depois


def grafo(nos: Mapping[str, str], arestas: Sequence[tuple[str, str]], *, ax=None,
          valores: Mapping[str, float] | None = None,
          gradientes: Mapping | None = None, formato: str = "{:.3g}", legenda: bool = True):
    """Desenha um grafo computacional com valores (em cima) e gradientes (embaixo).

    ``nos``: ``{nome: rótulo}``; nós sem arestas de entrada são variáveis (escritas sem
    círculo), os outros são operações (círculos com o rótulo, por exemplo ``"+"``).
    ``valores[nome]``: valor do nó no passo para a frente, escrito nas arestas que saem
    dele. ``gradientes``: por nome (derivada da saída em relação ao nó) ou por aresta
    ``(origem, destino)``. A saída ganha uma aresta curta à direita.

    >>> grafo({"x": "$x$", "y": "$y$", "q": "+"}, [("x", "q"), ("y", "q")],
    ...       valores={"x": 1, "y": 2, "q": 3}, gradientes={"x": 1, "y": 1, "q": 1})  # doctest: +SKIP
    """
    nomes = list(nos)
    arestas = [tuple(a) for a in arestas]
    for a in arestas:
        if len(a) != 2 or a[0] not in nos or a[1] not in nos:
            raise ValueError(f"aresta {a!r} inválida: use pares (origem, destino) de nós em {nomes}.")
    valores, gradientes = dict(valores or {}), dict(gradientes or {})
    for nome in list(valores) + [g for g in gradientes if not isinstance(g, tuple)]:
        if nome not in nos:
            raise ValueError(f"valores/gradientes citam o nó {nome!r}, que não está em {nomes}.")
    pos, antes, depois = _disposicao(nomes, arestas)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    ax = novo_eixo(ax, (min(xs) - 0.8, max(xs) + 2.4),
                   (min(ys) - (1.3 if legenda else 0.7), max(ys) + 0.8))
    raio = 0.38

    def escrever(p, q, chave, origem):
        # Rótulos a 40% da aresta, afastados dela na direção normal o bastante para a
        # caixa do texto não tocar a linha (valor de um lado, gradiente do outro).
        p, q = np.asarray(p, float), np.asarray(q, float)
        meio = p + (0.4 if q[0] - p[0] > 2.0 else 0.5) * (q - p)
        normal = np.array([-(q - p)[1], (q - p)[0]]) / np.linalg.norm(q - p)
        normal = normal if normal[1] >= 0 else -normal
        g = gradientes.get(chave, gradientes.get(origem))
        for sinal, numero, cor, tipo in ((1, valores.get(origem), COR_VALOR, "valor"),
                                          (-1, g, COR_GRADIENTE, "gradiente")):
            if numero is None:
                continue
            texto = formato.format(numero)
            largura = largura_texto(texto, 10) / POLEGADAS_POR_UNIDADE
            folga = 0.06 + 0.11 * abs(normal[1]) + largura / 2 * abs(normal[0])
            ax.text(*(meio + sinal * folga * normal), texto, color=cor, ha="center",
                    va="center", fontsize=10, gid=f"{tipo}:{chave[0]}:{chave[1]}", zorder=6)

    for a, b in arestas:
        ligar(ax, pos[a], pos[b], gid=f"aresta:{a}:{b}", raio_p=raio if antes[a] else 0.3,
              raio_q=raio, seta=True, color=COR_PESO, lw=1.2)
        escrever(pos[a], pos[b], (a, b), a)
    for n in nomes:
        if antes[n]:
            rotulo = nos[n]
            circulo(ax, pos[n], rotulo, gid=f"no:{n}", raio=raio, cor=COR_UNIDADE,
                    tamanho=14 if largura_texto(rotulo, 14) < 0.3 else (
                        11 if largura_texto(rotulo, 11) < 0.42 else 9))
        else:
            ax.text(*pos[n], nos[n], ha="center", va="center", fontsize=13, gid=f"no:{n}")
        if not depois[n]:
            fim = (pos[n][0] + 1.9, pos[n][1])
            ligar(ax, pos[n], fim, gid=f"aresta:{n}:", raio_p=raio, raio_q=0, seta=True,
                  color=COR_PESO, lw=1.2)
            escrever(pos[n], fim, (n, ""), n)
    if legenda:
        base = min(ys) - 0.95
        ax.text(min(xs) - 0.6, base, "valor (passo para a frente)", color=COR_VALOR, fontsize=9,
                va="center", gid="legenda-valor")
        ax.text(min(xs) + 3.6, base, "gradiente (passo para trás)", color=COR_GRADIENTE,
                fontsize=9, va="center", gid="legenda-gradiente")
    return ax


def grafo_soma_produto(x: float = -2.0, y: float = 5.0, z: float = -4.0, *, ax=None):
    """Grafo de :math:`f = (x + y)\\,z` com valores e gradientes calculados aqui.

    >>> grafo_soma_produto(-2, 5, -4)  # doctest: +SKIP
    """
    x, y, z = (float(v) for v in (x, y, z))
    q = x + y
    f = q * z
    return grafo({"x": "$x$", "y": "$y$", "q": "$+$", "z": "$z$", "f": "$\\times$"},
                 [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f")], ax=ax,
                 valores={"x": x, "y": y, "z": z, "q": q, "f": f},
                 gradientes={"f": 1.0, "q": z, "z": q, "x": z, "y": z})


def grafo_neuronio_logistico(w: Sequence[float] = (2.0, -3.0), x: Sequence[float] = (-1.0, -2.0),
                             b: float = -3.0, *, y: float | None = None, ax=None):
    """Grafo do neurônio logístico :math:`a = \\sigma(w_1 x_1 + w_2 x_2 + b)`.

    Com ``y`` (0 ou 1), acrescenta a entropia cruzada :math:`\\mathcal{L}(a, y)`. Os
    valores e os gradientes são calculados por esta função (regra da cadeia).

    >>> grafo_neuronio_logistico((2, -3), (-1, -2), -3)  # doctest: +SKIP
    """
    w, x = np.asarray(w, float).ravel(), np.asarray(x, float).ravel()
    if w.shape != x.shape or not 1 <= w.size <= 3:
        raise ValueError(f"w e x precisam ter o mesmo tamanho (de 1 a 3); recebi {w.size} e {x.size}.")
    if y is not None and y not in (0, 1):
        raise ValueError(f"y deve ser 0 ou 1; recebi {y!r}.")
    z = float(w @ x + b)
    a = 1 / (1 + np.exp(-z))
    da = 1.0 if y is None else (-(y / a) + (1 - y) / (1 - a))
    dz = da * a * (1 - a)
    nos, arestas, valores = {}, [], {"z": z, "a": a, "b": float(b)}
    gradientes = {"z": dz, "a": da, "b": dz}
    for i in range(w.size):
        k = i + 1
        nos.update({f"w{k}": f"$w_{k}$", f"x{k}": f"$x_{k}$", f"m{k}": "$\\times$"})
        arestas += [(f"w{k}", f"m{k}"), (f"x{k}", f"m{k}"), (f"m{k}", "z")]
        valores.update({f"w{k}": w[i], f"x{k}": x[i], f"m{k}": w[i] * x[i]})
        gradientes.update({f"w{k}": dz * x[i], f"x{k}": dz * w[i], f"m{k}": dz})
    nos.update({"b": "$b$", "z": "$+$", "a": "$\\sigma$"})
    arestas += [("b", "z"), ("z", "a")]
    if y is not None:
        nos.update({"y": "$y$", "L": "$\\mathcal{L}$"})
        arestas += [("a", "L"), ("y", "L")]
        valores.update({"y": float(y), "L": float(-(y * np.log(a) + (1 - y) * np.log(1 - a)))})
        gradientes["L"] = 1.0
    return grafo(nos, arestas, ax=ax, valores=valores, gradientes=gradientes)
