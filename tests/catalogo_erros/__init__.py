"""Catálogo de erros típicos de aluno, por exercício (usado por ``test_catalogo.py``).

Cada erro troca a resposta de UMA função da solução (o trecho entre as marcas BEGIN/END
SOLUTION) por ``corpo``, escrito como o aluno escreveria, sem a indentação da função.
Um módulo por exercício novo; os seis primeiros ficam em ``fundamentos``.
"""

from __future__ import annotations

from catalogo_erros import (ativacoes, fundamentos, inicializacao, keras, otimizacao,
                            regularizacao)
from catalogo_erros.erro import Erro, aplicar

__all__ = ["CATALOGO", "Erro", "aplicar"]

# Na ordem dos capítulos.
CATALOGO = {
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
