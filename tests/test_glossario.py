"""Termos do glossário: um nome por conceito em todo o curso.

A tabela "Termos" de ``CONTRIBUINDO.md`` diz qual forma usar e quais formas evitar
(coluna "não use"). Estes testes:

1. leem essa tabela (nada de lista duplicada aqui: mudou o CONTRIBUINDO, muda o teste);
2. procuram as formas proibidas no texto que o leitor vê — células de markdown e
   comentários/strings de código dos notebooks de ``chapters/``, ``exercises/`` e
   ``solutions/``, e todos os arquivos ``.md`` do repositório (menos o próprio
   ``CONTRIBUINDO.md``, que lista as formas proibidas de propósito);
3. conferem o próprio detector, para que o teste não seja incapaz de falhar;
4. conferem que ``glossario.md`` tem todos os termos canônicos.

Identificadores (``gradiente_descendente``, ``camada_escondida``) não contam: o
detector exige que a forma não esteja colada a letras, dígitos ou sublinhados.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from pathlib import Path

import nbformat
import pytest

RAIZ = Path(__file__).resolve().parent.parent
CONTRIBUINDO = RAIZ / "CONTRIBUINDO.md"
GLOSSARIO = RAIZ / "glossario.md"
PASTAS_DE_NOTEBOOKS = ("chapters", "exercises", "solutions")
PASTAS_IGNORADAS = {"_build", ".venv", "_ativos", "_ativos.tmp", ".git", "node_modules",
                    ".ipynb_checkpoints", ".pytest_cache", "__pycache__"}

# Exceções explícitas e mínimas: trechos que podem conter uma forma proibida.
EXCECOES = [
    # Título de uma fonte do curso (slides da PUC Minas), citado como está.
    "Redes Neurais e Aprendizagem Profunda",
]


# ----------------------------------------------------------------------------------
# Leitura da tabela de termos do CONTRIBUINDO.md
# ----------------------------------------------------------------------------------

def _sem_parenteses(texto: str) -> str:
    return re.sub(r"\([^()]*\)", "", texto)


def _normalizar(texto: str) -> str:
    return " ".join(unicodedata.normalize("NFC", texto).lower().split())


def tabela_de_termos(caminho: Path = CONTRIBUINDO) -> list[tuple[list[str], list[str]]]:
    """Linhas da tabela "Termos": (formas canônicas, formas proibidas)."""
    texto = caminho.read_text(encoding="utf-8")
    secao = re.search(r"^## Termos.*?$(.*?)(?=^## |\Z)", texto, re.M | re.S)
    assert secao, f"Não achei a seção '## Termos' em {caminho}."
    linhas = []
    for linha in secao.group(1).splitlines():
        if not linha.startswith("|"):
            continue
        colunas = [c.strip() for c in linha.strip().strip("|").split("|")]
        if len(colunas) < 3 or colunas[0] in ("use", "") or set(colunas[0]) <= set("-: "):
            continue
        canonicas = [_sem_parenteses(t).strip() for t in colunas[0].split("/")]
        proibidas = [_sem_parenteses(t).strip() for t in colunas[2].split(",")]
        linhas.append(([c for c in canonicas if c], [p for p in proibidas if p]))
    return linhas


def formas_proibidas(caminho: Path = CONTRIBUINDO) -> dict[str, str]:
    """Dicionário forma proibida -> forma correta (texto da coluna "use")."""
    formas = {}
    for canonicas, proibidas in tabela_de_termos(caminho):
        for forma in proibidas:
            formas[forma] = " / ".join(canonicas)
    return formas


def _padrao(forma: str) -> re.Pattern:
    # Palavras separadas por qualquer espaço (inclusive quebra de linha); a forma não
    # pode estar colada a letras, dígitos ou "_" (isso exclui identificadores).
    palavras = [re.escape(p) for p in forma.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(palavras) + r"(?!\w)", re.IGNORECASE)


_EXCECOES_RE = [_padrao(e) for e in EXCECOES]


# ----------------------------------------------------------------------------------
# Detector
# ----------------------------------------------------------------------------------

def procurar_em_texto(texto: str, formas: dict[str, str] | None = None):
    """Devolve [(linha, trecho encontrado, forma correta)] para um texto."""
    formas = formas_proibidas() if formas is None else formas
    texto = unicodedata.normalize("NFC", texto)
    for excecao in _EXCECOES_RE:  # apaga as exceções mantendo as posições e linhas
        texto = excecao.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), texto)
    achados = []
    for forma, correta in formas.items():
        for m in _padrao(forma).finditer(texto):
            linha = texto.count("\n", 0, m.start()) + 1
            achados.append((linha, " ".join(m.group(0).split()), correta))
    return sorted(achados)


def _textos_do_codigo(fonte: str):
    """Comentários e strings de uma célula de código: [(linha inicial, texto)]."""
    # Linhas de comando do IPython (%magia, !shell) não são Python: viram linhas vazias.
    limpa = "\n".join("" if l.lstrip().startswith(("%", "!")) else l
                      for l in fonte.splitlines())
    tipos = {tokenize.COMMENT, tokenize.STRING}
    tipos |= {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    try:
        return [(t.start[0], t.string)
                for t in tokenize.generate_tokens(io.StringIO(limpa).readline)
                if t.type in tipos]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return [(1, fonte)]  # não deu para separar: examina a célula inteira


def procurar_em_notebook(caminho: Path, formas: dict[str, str] | None = None) -> list[str]:
    nb = nbformat.read(caminho, as_version=4)
    mensagens = []
    for numero, celula in enumerate(nb.cells, start=1):
        if celula.cell_type == "code":
            pedacos = _textos_do_codigo(celula.source)
            tipo = "código"
        else:
            pedacos = [(1, celula.source)]
            tipo = celula.cell_type
        for linha0, texto in pedacos:
            for linha, trecho, correta in procurar_em_texto(texto, formas):
                mensagens.append(
                    f"{_relativo(caminho)}: célula {numero} ({tipo}), linha "
                    f"{linha0 + linha - 1}: encontrado “{trecho}”; use “{correta}”.")
    return mensagens


def procurar_em_markdown(caminho: Path, formas: dict[str, str] | None = None) -> list[str]:
    texto = caminho.read_text(encoding="utf-8")
    return [f"{_relativo(caminho)}: linha {linha}: encontrado “{trecho}”; use “{correta}”."
            for linha, trecho, correta in procurar_em_texto(texto, formas)]


def _relativo(caminho: Path) -> str:
    try:
        return str(caminho.relative_to(RAIZ))
    except ValueError:
        return str(caminho)


def arquivos_markdown(raiz: Path = RAIZ) -> list[Path]:
    achados = []
    for caminho in sorted(raiz.rglob("*.md")):
        partes = caminho.relative_to(raiz).parts
        if any(p in PASTAS_IGNORADAS for p in partes[:-1]):
            continue
        if caminho == raiz / CONTRIBUINDO.name:
            continue
        achados.append(caminho)
    return achados


def arquivos_notebook(raiz: Path = RAIZ) -> list[Path]:
    achados = []
    for pasta in PASTAS_DE_NOTEBOOKS:
        for caminho in sorted((raiz / pasta).rglob("*.ipynb")):
            if not any(p in PASTAS_IGNORADAS for p in caminho.relative_to(raiz).parts):
                achados.append(caminho)
    return achados


# ----------------------------------------------------------------------------------
# Testes
# ----------------------------------------------------------------------------------

def test_tabela_de_termos_foi_lida():
    formas = formas_proibidas()
    for esperada in ("taxa de aprendizagem", "descida gradiente", "gradiente descendente",
                     "aprendizagem profunda", "camada escondida", "mini-lote"):
        assert esperada in formas, f"A forma proibida '{esperada}' não foi lida do CONTRIBUINDO.md."
    assert formas["taxa de aprendizagem"] == "taxa de aprendizado"
    # Os parênteses explicativos não viram parte da forma.
    assert not any("(" in f or "`" in f for f in formas)
    assert len(formas) >= 20


def test_detector_acha_e_ignora_o_que_deve():
    formas = formas_proibidas()
    assert procurar_em_texto("Escolha a taxa de aprendizagem com cuidado.", formas)
    assert procurar_em_texto("A Taxa de Aprendizagem é um hiperparâmetro.", formas)
    assert procurar_em_texto("a taxa de\naprendizagem", formas) == [
        (1, "taxa de aprendizagem", "taxa de aprendizado")]
    assert procurar_em_texto("Escolha a taxa de aprendizado com cuidado.", formas) == []
    assert procurar_em_texto("a descida gradiente converge", formas)
    assert procurar_em_texto("a descida do gradiente converge", formas) == []
    assert procurar_em_texto("veja o exercício `gradiente_descendente`", formas) == []
    assert procurar_em_texto("o gradiente descendente", formas)
    assert procurar_em_texto("entropia-cruzada", formas)
    assert procurar_em_texto("entropia cruzada", formas) == []
    assert procurar_em_texto("um mini lote de 64 exemplos", formas)
    assert procurar_em_texto("um minilote de 64 exemplos", formas) == []
    # Exceção explícita: título de uma fonte citada.
    assert procurar_em_texto("slides “Redes Neurais e Aprendizagem Profunda”", formas) == []
    assert procurar_em_texto("introdução à aprendizagem profunda", formas)
    achados = procurar_em_texto("linha 1\nlinha 2 com sobre-ajuste", formas)
    assert achados == [(2, "sobre-ajuste", "sobreajuste")]


def test_detector_em_notebook_e_markdown(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Título\n\nA taxa de aprendizagem importa."),
        nbformat.v4.new_code_cell("%matplotlib inline\ncamada_escondida = 3\n"
                                  "# use um mini-lote pequeno\nprint('sem problemas')"),
        nbformat.v4.new_code_cell("titulo = \"Parada precoce\"\nx = 1"),
        nbformat.v4.new_code_cell("taxa_de_aprendizagem = 0.1  # nome de variável: pode"),
    ]
    caminho = tmp_path / "exemplo.ipynb"
    nbformat.write(nb, caminho)
    mensagens = procurar_em_notebook(caminho)
    assert len(mensagens) == 3, mensagens
    assert "célula 1 (markdown), linha 3" in mensagens[0]
    assert "“taxa de aprendizagem”" in mensagens[0] and "“taxa de aprendizado”" in mensagens[0]
    assert "célula 2 (código), linha 3" in mensagens[1] and "mini-lote" in mensagens[1]
    assert "célula 3 (código), linha 1" in mensagens[2] and "parada antecipada" in mensagens[2]

    md = tmp_path / "nota.md"
    md.write_text("# Nota\n\nSem erros aqui.\nMas aqui há retro-propagação.\n", encoding="utf-8")
    assert procurar_em_markdown(md) == [
        f"{md}: linha 4: encontrado “retro-propagação”; use “retropropagação”."]


def test_nenhuma_forma_proibida_no_curso():
    formas = formas_proibidas()
    notebooks = arquivos_notebook()
    markdowns = arquivos_markdown()
    assert markdowns, "Nenhum arquivo .md encontrado: o teste não estaria examinando nada."
    mensagens = []
    for caminho in notebooks:
        mensagens += procurar_em_notebook(caminho, formas)
    for caminho in markdowns:
        mensagens += procurar_em_markdown(caminho, formas)
    if mensagens:
        pytest.fail("Formas fora do glossário (veja a tabela 'Termos' do CONTRIBUINDO.md):\n"
                    + "\n".join(mensagens))


# ----------------------------------------------------------------------------------
# Página do glossário
# ----------------------------------------------------------------------------------

def linhas_do_glossario(caminho: Path = GLOSSARIO) -> list[list[str]]:
    linhas = []
    for linha in caminho.read_text(encoding="utf-8").splitlines():
        if not linha.startswith("|"):
            continue
        colunas = [c.strip() for c in linha.strip().strip("|").split("|")]
        if colunas[0] == "Termo" or set(colunas[0]) <= set("-: "):
            continue
        linhas.append(colunas)
    return linhas


def test_glossario_tem_formato_esperado():
    assert GLOSSARIO.is_file(), "Falta a página glossario.md na raiz do repositório."
    texto = GLOSSARIO.read_text(encoding="utf-8")
    assert texto.startswith("# Glossário\n"), "glossario.md deve começar com '# Glossário'."
    assert len(re.findall(r"^# ", texto, re.M)) == 1, "glossario.md deve ter um único título '# '."
    linhas = linhas_do_glossario()
    assert len(linhas) >= 40, f"O glossário tem só {len(linhas)} termos; esperava ao menos 40."
    for colunas in linhas:
        assert len(colunas) == 4 and all(colunas), f"Linha incompleta no glossário: {colunas}"
        assert colunas[3] in {str(n) for n in range(1, 10)}, (
            f"Capítulo inválido para '{colunas[0]}': {colunas[3]!r} (use um número de 1 a 9).")
    termos = [_normalizar(_sem_parenteses(c[0])) for c in linhas]
    repetidos = {t for t in termos if termos.count(t) > 1}
    assert not repetidos, f"Termos repetidos no glossário: {sorted(repetidos)}"


def test_glossario_tem_todos_os_termos_canonicos():
    termos = {_normalizar(_sem_parenteses(c[0])) for c in linhas_do_glossario()}
    faltando = [canonica
                for canonicas, _ in tabela_de_termos()
                for canonica in canonicas
                if _normalizar(canonica) not in termos]
    assert not faltando, ("Termos da tabela do CONTRIBUINDO.md que faltam em glossario.md: "
                          + ", ".join(faltando))
