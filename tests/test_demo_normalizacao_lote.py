"""A demonstração do exercício `normalizacao_lote` diz o que o texto dela afirma.

O texto da seção 4 da solução afirma: sem normalização em lote só a escala de He (0,2)
treina — 0,01 e 0,1 ficam parados em ln 3 e 0,5 diverge —; com normalização em lote as
quatro escalas treinam; e, com a escala certa, a rede sem BN chega mais baixo.
"""

from pathlib import Path

import matplotlib
import nbformat
import numpy as np

matplotlib.use("Agg")

RAIZ = Path(__file__).resolve().parents[1]


def _curvas():
    nb = nbformat.read(RAIZ / "solutions" / "normalizacao_lote.ipynb", as_version=4)
    codigo = [c.source for c in nb.cells if c.cell_type == "code"]
    frente = next(s for s in codigo if s.startswith("def normalizacao_lote_frente"))
    tras = next(s for s in codigo if s.startswith("def normalizacao_lote_tras"))
    demo = next(s for s in codigo if "def _treinar(" in s)
    ambiente = {"np": np}
    for fonte in (frente, tras, demo):
        exec(compile(fonte, "<normalizacao_lote>", "exec"), ambiente)   # noqa: S102
    return ambiente["curvas_bn"]


def test_demonstracao_confere_com_o_texto():
    curvas = _curvas()
    final = {chave: c[-30:].mean() for chave, c in curvas.items()}
    for escala in (0.01, 0.1):
        assert abs(final[(False, escala)] - np.log(3)) < 0.02, (escala, final[(False, escala)])
    assert not np.isfinite(curvas[(False, 0.5)]).all()
    assert final[(False, 0.2)] < 0.1
    for escala in (0.01, 0.1, 0.2, 0.5):
        assert final[(True, escala)] < 0.15, (escala, final[(True, escala)])
    assert final[(False, 0.2)] < final[(True, 0.2)]
