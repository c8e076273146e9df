"""A notação da tabela de intro.md não é redefinida nos capítulos (issue 22).

Cada símbolo reservado tem um só significado. Onde dá para reconhecer na prosa uma
redefinição (ou um símbolo que a tabela só permite com índice), a regra abaixo a acusa.
Olhamos as células de texto e, nas de código, os comentários e as cadeias de caracteres
(rótulos, títulos e legendas de figuras, mensagens).
"""

import json
import re
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parent.parent
CAPITULOS = sorted((RAIZ / "chapters").glob("cap*.ipynb"))

# Um "trecho" é uma frase (ou linha de tabela): as regras de vizinhança não atravessam frases.
_FIM_DE_FRASE = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZÀ-Ú0-9(*$])|\n\s*\n|\n\|")

# (nome, expressão, o que a tabela diz)
REGRAS = [
    ("a como inclinação ou parâmetro",
     re.compile(r"\$a\$[^$]{0,40}(inclina|parâmetro)|inclinação\s*\$a(\$|\s*=)"
                r"|(Leaky ReLU|PReLU|ELU)[^$]{0,15}\(a\s*=|com \$a\s*=\s*0"),
     "a é só a ativação; o parâmetro do lado negativo é ξ"),
    ("γ sem índice de camada",
     re.compile(r"\\gamma(?!\^\{\[)"),
     "γ só aparece como γ^{[l]} (escala da normalização em lote)"),
    ("β da normalização em lote sem índice de camada",
     re.compile(r"\\beta(?![_\^])(?=.*(deslocamento|normaliza|\\gamma|\\hat\s*z))"
                r"|(deslocamento|\\hat\s*z\s*\+)\s*\$?\\beta(?![_\^])", re.S),
     "o deslocamento da normalização em lote é β^{[l]}; β sem índice é o das médias móveis"),
    ("μ sem índice",
     re.compile(r"\\mu(?![_a-zA-Z])"),
     "μ só aparece com índice (μ_B, μ_j, μ_móvel); a margem é ρ"),
    ("σ como desvio-padrão sem índice",
     re.compile(r"\\sigma\s*\^\s*2(?!\s*_)|\\sigma\$?(?=\s*(pequeno|grande|muito|é o desvio))"
                r"|\\mathcal\s*N\(0,\s*\\sigma\^"),
     "desvio-padrão e variância levam índice (σ_w, σ_j, σ_B²); σ(z) é a sigmoide"),
    ("θ como valor de uma série",
     re.compile(r"\(1\s*-\s*\\beta\)\s*\\?,?\s*\\theta"),
     "θ são os parâmetros; o valor da série na média móvel é q_t"),
    ("φ como função de ativação",
     re.compile(r"\\phi\b|φ"),
     "a função de ativação é g"),
    ("s redefinido",
     re.compile(r"\bs\s*=\s*\\sqrt|\$s\s*\\in\s*\\\{0"),
     "s é o rótulo com sinal, 2y − 1"),
    ("β_m das médias móveis",
     re.compile(r"\\beta_\{?(\\text\{)?m\b"),
     "o coeficiente das médias móveis da normalização em lote é β_móvel"),
]


def trechos_de_caderno(caminho):
    """As frases de texto de um caderno: células markdown e, no código, comentários e cadeias."""
    return trechos_de_celulas(json.loads(Path(caminho).read_text(encoding="utf-8"))["cells"])


def trechos_de_celulas(celulas):
    for indice, celula in enumerate(celulas):
        fonte = "".join(celula["source"])
        if celula["cell_type"] == "markdown":
            texto = fonte
        elif celula["cell_type"] == "code":
            pedacos = re.findall(r"#[^\n]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'", fonte)
            texto = "\n\n".join(p.replace("\\\\", "\\") for p in pedacos)
        else:
            continue
        for trecho in _FIM_DE_FRASE.split(texto):
            if trecho and trecho.strip():
                yield indice, trecho


def violacoes(trechos):
    """Lista (célula, regra, explicação, trecho) para cada trecho que redefine um símbolo."""
    achadas = []
    for indice, trecho in trechos:
        for nome, expressao, explicacao in REGRAS:
            if expressao.search(trecho):
                achadas.append((indice, nome, explicacao, trecho.strip()[:160]))
    return achadas


def _relatorio(achadas):
    return "\n".join(f"  célula {i}: {nome} ({explicacao}): {trecho!r}"
                     for i, nome, explicacao, trecho in achadas)


@pytest.mark.parametrize("caminho", CAPITULOS, ids=lambda p: p.stem)
def test_capitulo_nao_redefine_a_notacao(caminho):
    achadas = violacoes(trechos_de_caderno(caminho))
    assert not achadas, f"{caminho.name} foge da notação de intro.md:\n{_relatorio(achadas)}"


@pytest.mark.parametrize("arquivo", ["glossario.md", "intro.md"])
def test_glossario_e_introducao_seguem_a_notacao(arquivo):
    texto = (RAIZ / arquivo).read_text(encoding="utf-8")
    # a perda hinge se escreve com o rótulo com sinal s, não com y
    assert not re.search(r"1\s*-\s*y\s*\\?,?\s*z", texto), f"{arquivo}: hinge com y z; use s z"
    linhas = [(0, linha) for linha in texto.splitlines()
              if not linha.startswith("| $\\") or "significado" in linha]
    # a própria tabela de notação declara os símbolos; o resto do texto não pode redefini-los
    achadas = violacoes(linhas) if arquivo == "glossario.md" else []
    assert not achadas, f"{arquivo}:\n{_relatorio(achadas)}"


# ---------------------------------------------------------------------------
# As regras acusam o que devem (textos estragados) e deixam passar o certo.

ESTRAGADOS = [
    "A derivada passa a ser $a$ na parte negativa, e $a$ é a inclinação da Leaky ReLU.",
    "A inclinação $a$ é aprendida.",
    'ax.plot(z, y, label="Leaky ReLU (a = 0,1)")',
    "Com $\\gamma$ e $\\beta$ aprendidos, a camada recupera a escala.",
    "O $\\beta$ da normalização em lote é somado depois.",
    "aplica $\\tilde z = \\gamma^{[l]} \\hat z + \\beta$, com os parâmetros aprendidos",
    "a margem $\\mu = s z$ mede a folga",
    "média $\\mu$ e variância $\\sigma^2$ do minilote",
    "Para $\\sigma$ pequeno, $\\tanh z \\approx z$.",
    "$v_t = \\beta v_{t-1} + (1-\\beta)\\theta_t$",
    "devolve $a = \\phi(z)$",
    "Com $s = \\sqrt{\\sigma^2_{\\text{móvel}}+\\varepsilon}$ (por unidade)",
    "Como função de $s \\in \\{0, 1, \\dots, n\\}$, a paridade",
    "em que $\\gamma_0 = 0{,}1$ é a margem",
    "ax.set(title=\"Médias ($\\\\beta_m$ = 0,9)\")",
]

CERTOS = [
    "A derivada passa a ser $\\xi$ na parte negativa: $\\xi$ é a inclinação da Leaky ReLU.",
    "aplica $\\tilde z = \\gamma^{[l]} \\hat z + \\beta^{[l]}$, com $\\gamma^{[l]}$ e $\\beta^{[l]}$ aprendidos",
    "O momento usa $v \\leftarrow \\beta v + (1-\\beta)\\, dW$ com $\\beta = 0{,}9$.",
    "média $\\mu_B$ e variância $\\sigma_B^2$ do minilote; $\\mu_{\\text{móvel}} \\leftarrow \\beta_{\\text{móvel}}\\,\\mu_{\\text{móvel}}$",
    "a margem $\\rho = s\\,z$ mede a folga; a sigmoide $\\sigma(z)$ e a derivada $\\sigma'(z)$",
    "$v_t = \\beta v_{t-1} + (1-\\beta)\\, q_t$ e $\\theta \\leftarrow \\theta - \\alpha\\, d\\theta$",
    "devolve $a = g(z)$, a ativação $a^{[l]}$; pesos com desvio $\\sigma_w$",
]


@pytest.mark.parametrize("texto", ESTRAGADOS)
def test_regras_acusam_texto_estragado(texto):
    assert violacoes(trechos_de_caderno_de_texto(texto)), f"nenhuma regra acusou: {texto!r}"


@pytest.mark.parametrize("texto", CERTOS)
def test_regras_deixam_passar_a_notacao_certa(texto):
    achadas = violacoes(trechos_de_caderno_de_texto(texto))
    assert not achadas, _relatorio(achadas)


def trechos_de_caderno_de_texto(texto):
    """Os trechos de uma célula só (de código se o texto parece código, senão de texto)."""
    tipo = "code" if re.match(r"\w+(\.\w+)*\(|ax\.", texto) else "markdown"
    return list(trechos_de_celulas([{"cell_type": tipo, "source": [texto]}]))


def test_capitulo_estragado_falha(tmp_path):
    """Um capítulo de verdade, estragado numa frase, é acusado pela verificação."""
    origem = RAIZ / "chapters" / "cap07_normalizacao_em_lote.ipynb"
    nb = json.loads(origem.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {},
                        "source": ["O deslocamento $\\beta$ é aprendido junto com a escala."]})
    estragado = tmp_path / origem.name
    estragado.write_text(json.dumps(nb), encoding="utf-8")
    achadas = violacoes(trechos_de_caderno(estragado))
    assert [nome for _, nome, _, _ in achadas] == ["β da normalização em lote sem índice de camada"]
