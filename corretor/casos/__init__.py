"""A verdade declarada de cada função corrigida, uma vez, para o notebook e o corretor.

Para cada exercício, na ordem das dependências: as funções corrigidas (pelo nome),
quantos pontos valem, o gerador de entradas ``gerar(rng)`` (uma lista de tuplas de
argumentos; cada argumento documentado varia), as tolerâncias, se uma lista vale onde o
enunciado pede um array (``lista_ok``), se a saída é comparada (``comparar``; senão só
os diagnósticos julgam, como nos pesos de um perceptron, em que qualquer escolha certa
vale) e de quais outras funções corrigidas ela depende (``depende``).

O **mesmo** gerador dá os casos públicos do notebook (com :data:`SEMENTE_PUBLICA`; as
saídas esperadas são calculadas da solução por ``python -m livro.exercicios gerar`` e
guardadas numa célula de dados) e os casos escondidos da correção (com a semente do
professor; as saídas vêm da solução de referência rodada na hora, noutro processo). Os
diagnósticos com dicas (um teste por vez) ficam nas células de verificação da solução,
rodadas no notebook e, na correção, dentro da caixa de areia.

Em toda parte vale: a função não altera os argumentos no lugar e não devolve objetos
que sejam o mesmo (ou dividam a memória) entre si ou com um argumento.
"""

from __future__ import annotations

from corretor.casos import fundamentos
from corretor.casos import inicializacao
from corretor.casos import otimizacao
from corretor.casos import fundamentos, regularizacao
from corretor.casos import ativacoes, fundamentos
from corretor.casos.base import SEMENTE_PUBLICA, FuncaoCorrigida, dependencias

__all__ = ["EXERCICIOS", "SEMENTE_PUBLICA", "FuncaoCorrigida", "dependencias"]

# Um módulo por exercício novo (ou por grupo de exercícios), cada um com a sua lista.
EXERCICIOS: dict[str, list[FuncaoCorrigida]] = {
    "gradiente_descendente": fundamentos.GRADIENTE_DESCENDENTE,
    "xor": fundamentos.XOR,
    "adam": fundamentos.ADAM,
    "verificacao_gradiente": fundamentos.VERIFICACAO_GRADIENTE,
    "softmax": fundamentos.SOFTMAX,
    "normalizacao_lote": fundamentos.NORMALIZACAO_LOTE,
    "inicializacao": inicializacao.INICIALIZACAO,
    "otimizacao": otimizacao.OTIMIZACAO,
    "regularizacao": regularizacao.REGULARIZACAO,
    "ativacoes": ativacoes.ATIVACOES,
}
