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

from corretor.casos import (ativacoes, fundamentos, inicializacao, keras, otimizacao,
                            regularizacao)
from corretor.casos.base import SEMENTE_PUBLICA, FuncaoCorrigida, dependencias

__all__ = ["EXERCICIOS", "LIMITES_MINIMOS", "SEMENTE_PUBLICA", "FuncaoCorrigida", "dependencias"]

# Um módulo por exercício novo (ou por grupo de exercícios), cada um com a sua lista; na
# ordem dos capítulos.
EXERCICIOS: dict[str, list[FuncaoCorrigida]] = {
    "gradiente_descendente": fundamentos.GRADIENTE_DESCENDENTE,
    "xor": fundamentos.XOR,
    "verificacao_gradiente": fundamentos.VERIFICACAO_GRADIENTE,
    "ativacoes": ativacoes.ATIVACOES,
    "inicializacao": inicializacao.INICIALIZACAO,
    "regularizacao": regularizacao.REGULARIZACAO,
    "otimizacao": otimizacao.OTIMIZACAO,
    "adam": fundamentos.ADAM,
    "normalizacao_lote": fundamentos.NORMALIZACAO_LOTE,
    "softmax": fundamentos.SOFTMAX,
    "keras": keras.KERAS,
}

# Recursos mínimos por entrega de um exercício (campos de corretor.caixa.Limites). A
# correção usa o maior entre o que o professor pediu (--tempo-limite, --memoria) e estes
# valores, e avisa quando sobe um limite; os outros exercícios não mudam.
#
# keras: cada entrega (e cada rodada dela) importa o TensorFlow na caixa de areia.
# Medido com o bubblewrap, como root, numa VM de 2 núcleos (quieta e carregada), com a
# solução, as 17 entregas do catálogo de erros e entregas que rodam duas rodadas (laço
# infinito, os._exit): 3,6 a 6,1 s de CPU por rodada (a importação sozinha leva ~3,5 s),
# pico do espaço de endereços (VmPeak) de 1.413 MB e memória residente (VmHWM) de
# 666 MB, 4 threads (com TF_NUM_*_THREADS=1 no ambiente da caixa). Com --memoria 1472
# (espaço de endereços de 1.408 MB) a CDNN já derruba o processo, e com o padrão, 1024,
# nem a importação passa. Mínimos: 2.560 MB (espaço de endereços de 2.496 MB, ~1,1 GB de
# folga) e 30 s de CPU por rodada (5 × o maior medido; parede até 50 s).
LIMITES_MINIMOS: dict[str, dict] = {
    "keras": {"memoria_mb": 2560, "tempo": 30.0, "motivo": "importa o TensorFlow"},
}
