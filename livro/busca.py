"""Busca do site que ignora acentos (Sphinx, português).

O Sphinx indexa o português com um *stemmer* (snowball) mas não dobra acentos: quem
digita ``retropropagacao``, ``funcoes`` ou ``introducao`` — como muita gente digita —
não acha nada. Aqui os acentos e a cedilha são removidos **antes** do stemmer, dos dois
lados: no índice (Python, :class:`BuscaPortuguesSemAcentos`) e na consulta (o
JavaScript de ``language_data.js``, gerado a partir de :data:`JS_DOBRAR`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import sphinx.search
from sphinx.search.pt import SearchPortuguese

_PASTA_JS = Path(sphinx.search.__file__).parent / "minified-js"

# Mesma dobra de :func:`dobrar`, no navegador: decompõe (NFD) e tira as marcas
# combinantes (acentos, til, cedilha: U+0300–U+036F).
JS_DOBRAR = """
var Stemmer = function () {
  var interno = new PortugueseStemmer();
  this.stemWord = function (palavra) {
    return interno.stemWord(palavra.normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""));
  };
};
"""


def dobrar(palavra: str) -> str:
    """``"Retropropagação"`` → ``"Retropropagacao"`` (sem acentos nem cedilha)."""
    return "".join(c for c in unicodedata.normalize("NFD", palavra)
                   if not unicodedata.combining(c))


class BuscaPortuguesSemAcentos(SearchPortuguese):
    """Português do Sphinx com a dobra de acentos antes do stemmer."""

    js_stemmer_rawcode = ""   # o JavaScript inteiro vem de js_stemmer_code
    js_stemmer_code = "\n".join([
        (_PASTA_JS / "base-stemmer.js").read_text(encoding="utf-8"),
        (_PASTA_JS / "portuguese-stemmer.js").read_text(encoding="utf-8"),
        JS_DOBRAR,
    ])
    stopwords = {dobrar(p) for p in SearchPortuguese.stopwords} | set(SearchPortuguese.stopwords)

    def stem(self, word: str) -> str:
        return self.stemmer.stemWord(dobrar(word.lower()))


def setup(app):
    # "pt_BR" tem prioridade sobre "pt" na escolha da língua da busca do Sphinx.
    sphinx.search.languages["pt_BR"] = BuscaPortuguesSemAcentos
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
