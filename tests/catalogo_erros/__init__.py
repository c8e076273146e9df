"""Catálogo de erros típicos de aluno, por exercício (usado por ``test_catalogo.py``).

Cada erro troca a resposta de UMA função da solução (o trecho entre as marcas BEGIN/END
SOLUTION) por ``corpo``, escrito como o aluno escreveria, sem a indentação da função.
Um módulo por exercício novo; os seis primeiros ficam em ``fundamentos``.
"""

from __future__ import annotations

from catalogo_erros import fundamentos, keras
from catalogo_erros.erro import Erro

__all__ = ["CATALOGO", "Erro"]

CATALOGO = {
    "gradiente_descendente": fundamentos.GRADIENTE_DESCENDENTE,
    "softmax": fundamentos.SOFTMAX,
    "normalizacao_lote": fundamentos.NORMALIZACAO_LOTE,
    "verificacao_gradiente": fundamentos.VERIFICACAO_GRADIENTE,
    "adam": fundamentos.ADAM,
    "xor": fundamentos.XOR,
    "keras": keras.KERAS,
}
