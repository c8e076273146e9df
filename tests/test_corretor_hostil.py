"""Bateria hostil do corretor, por classe de ataque (cada caso, um teste).

Todas as entregas hostis e três entregas de referência (uma correta antes, uma no meio
e uma depois delas, na ordem de correção) são corrigidas num mesmo lote, duas vezes.
Cada caso confere: a sua linha, com o status e os pontos certos; o lote terminou; as
linhas e os relatórios das entregas de referência são idênticos aos de um lote só com
elas; a pasta de entregas e os arquivos-sentinela não mudaram; a segunda correção dá o
mesmo CSV, byte a byte.

As classes: custo da análise, resultados malformados, nomes, armazenamento, memória,
processos, tempo, saída, vazamentos e código correto que parece estranho. Outras
classes têm arquivo próprio: isolamento (``test_corretor_isolamento.py``), saídas
disputadas (``test_corretor_trava.py``) e entregas ambíguas
(``test_corretor_entregas.py``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest

from corretor import caixa, cli, correcao, leitura, relatorio
from corretor.casos import EXERCICIOS, SEMENTE_PUBLICA

RAIZ = Path(__file__).resolve().parent.parent
BWRAP = caixa.bwrap_disponivel()
ISOLAR = BWRAP is not None                  # sem bubblewrap: só a pedido (--sem-isolamento)
SEM_ISOLAMENTO = [] if ISOLAR else ["--sem-isolamento"]
EXERCICIO = "gradiente_descendente"
TODAS = ["sigmoide", "prever", "entropia_cruzada", "atualizar_pesos", "treinar"]
# 3 s de CPU: a célula de 40.000 linhas (caso "celula_gigante") gasta 1 a 1,5 s de CPU na
# caixa nesta VM de 2 núcleos; com 2 s, a folga era menor que 2× e o caso esgotou o tempo
# numa rodada completa da suíte (o lote roda duas vezes e os CSVs divergiram).
LIMITES = caixa.Limites(tempo=3, memoria_mb=1024)
SEM_ARGS = {"t": "list", "v": []}
MARCADOR = "fugitivo_" + uuid.uuid4().hex
REFERENCIAS = ["00_correta.ipynb", "m_meio_correta.ipynb", "zz_correta.ipynb"]


# ------------------------------------------------------------------ notebooks

def _solucao() -> list[str]:
    nb = nbformat.read(RAIZ / "solutions" / f"{EXERCICIO}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _notebook(fontes: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f) for f in fontes]
    return nbformat.writes(nb)


def _com(*extras: str) -> str:
    """Solução correta seguida de células que redefinem ou atacam."""
    return _notebook(_solucao() + list(extras))


def _forja(conteudo: str) -> str:
    """`prever` grava um resultado forjado no lugar do executor e sai sem deixá-lo gravar.

    ``conteudo`` grava em ``resultado_1.json``; a gravação é feita num temporário e
    renomeada, como a do executor (gravado aos poucos, o lançador poderia repassar o
    arquivo pela metade — a linha continua com 0 em `prever`, mas com outro motivo)."""
    conteudo = conteudo.replace("'resultado_1.json'", "'forjado.tmp'")
    return ("import os\n"
            "def prever(X, w, b):\n"
            f"    {conteudo}\n"
            "    os.replace('forjado.tmp', 'resultado_1.json')\n"
            "    os._exit(0)\n")


def _trata_treinar(corpo: str) -> str:
    """`treinar` correto, mas que antes faz `corpo` (e engole qualquer erro)."""
    return ("import os, sys\n"
            "_treinar_ok = treinar\n"
            "def treinar(X, y, taxa, epocas):\n"
            "    try:\n"
            + "".join(f"        {l}\n" for l in corpo.splitlines()) +
            "    except BaseException:\n"
            "        pass\n"
            "    return _treinar_ok(X, y, taxa, epocas)\n")


def _celula_malformada() -> str:
    nb = json.loads(_com())
    nb["cells"].insert(2, {"cell_type": "code", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": 42})
    nb["cells"].insert(3, "não sou uma célula")
    return json.dumps(nb)


def _linha_com_surrogate() -> str:
    """Uma célula com um surrogate solto (inválida; ignorada) e uma função que faz o
    traceback apontar para ela: o relatório cita essa linha."""
    fontes = _solucao()
    n = len(fontes) + 1
    fontes += ["x = '\udcff\x00\x1b[31m'\n",
               "def treinar(X, y, taxa, epocas):\n"
               f"    exec(compile('raise ValueError', '<célula {n}>', 'exec'))\n"]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                  "execution_count": None, "source": f} for f in fontes]})


# Um erro, um ponto: só `prever` (a função forjada) perde; as que dependem dela são
# corrigidas de novo com a `prever` de referência.
TODAS_MENOS_PREVER = [f for f in TODAS if f != "prever"]


# `prever` certa com as entradas públicas (chamada do código das verificações ou das
# células, ou nos primeiros casos, os do notebook) e, num caso oculto, levanta numa linha
# escolhida pela entrada: antes, a linha citada na mensagem vazava bits das entradas de
# correção.
_PUBLICOS_PREVER = len(next(f for f in EXERCICIOS[EXERCICIO] if f.nome == "prever")
                       .gerar(np.random.default_rng(SEMENTE_PUBLICA)))
LINHA_OCULTA = ("import sys\n_prever_ok = prever\n_chamadas = [0]\n"
                "def prever(X, w, b):\n"
                "    if sys._getframe(1).f_code.co_filename.startswith('<'):\n"
                "        return _prever_ok(X, w, b)\n"
                "    _chamadas[0] += 1\n"
                f"    if _chamadas[0] <= {_PUBLICOS_PREVER}:\n"
                "        return _prever_ok(X, w, b)\n"
                "    k = int(abs(float(X.flat[0])) * 1e6) % 4\n"
                "    if k == 0:\n"
                "        raise ValueError\n"
                "    if k == 1:\n"
                "        raise ValueError\n"
                "    if k == 2:\n"
                "        raise ValueError\n"
                "    raise ValueError\n")


@dataclass
class Caso:
    classe: str
    conteudo: object          # str, bytes ou função que devolve str
    status: str | tuple
    certas: list
    arquivo: object = None    # caminho relativo (str ou bytes); padrão: <nome>.ipynb


def _casos(sentinela: Path, entregas: Path) -> dict[str, Caso]:
    correta = _com()
    sol = _solucao()
    try_import = [f.replace("import numpy as np",
                            "try:\n    import numpy as np\nexcept ImportError:\n    np = None", 1)
                  for f in sol]
    continua = _com("_prever_ok = prever\n"
                    "def prever(X, w, b):\n"
                    "    assert (X.shape[1]\n"
                    "            != -1), 'nunca'\n"
                    "    ok = (w\n"
                    "          != None) is not False\n"
                    "    return _prever_ok(X, w, b)\n")
    decorada = _com("def _identidade(f):\n    return f\n\n"
                    "_sig = sigmoide\n"
                    "@_identidade\n"
                    "def sigmoide(z):\n    return _sig(z)\n")
    return {
        # ---------------------------------------------------- custo da análise
        "celula_gigante": Caso("custo da análise", _com("x = 1\n" * 40_000), "ok", TODAS),
        "linha_de_espacos": Caso("custo da análise",
                                 _com(" " * 200_000 + "x = 1\n"), "erro de sintaxe", TODAS),
        "parenteses_aninhados": Caso("custo da análise", _com("(" * 100_000 + "\n"),
                                     "erro de sintaxe", TODAS),
        "codigo_grande_demais": Caso("custo da análise",
                                     _com("x = 1\n" * (leitura.MAX_CARACTERES_CODIGO // 6 + 10)),
                                     "arquivo inválido", []),
        # ---------------------------------------------------- resultados malformados
        "inteiro_400_digitos": Caso("resultados malformados", _com(_forja(
            "open('resultado_1.json', 'w').write('{\"casos\": [{\"saida\": {\"t\": \"int\", "
            "\"v\": ' + '9' * 400 + '}}]}')")), "erro de execução", TODAS_MENOS_PREVER),
        "json_aninhado": Caso("resultados malformados", _com(_forja(
            "open('resultado_1.json', 'w').write('[' * 20_000 + ']' * 20_000)")),
            "erro de execução", TODAS_MENOS_PREVER),
        "nan_literal": Caso("resultados malformados", _com(_forja(
            "open('resultado_1.json', 'w').write('{\"casos\": [{\"saida\": "
            "{\"t\": \"float\", \"v\": NaN}}]}')")), "erro de execução", TODAS_MENOS_PREVER),
        "resultado_link": Caso("resultados malformados", _com(_forja(
            "os.symlink('/etc/passwd', 'resultado_1.json')")),
            "erro de execução", TODAS_MENOS_PREVER),
        # Gravado no lugar do resultado de `prever`, acima do limite de tamanho: descartado
        # sem ser lido (um retorno enorme de verdade já falharia nos diagnósticos).
        "resultado_gigante": Caso("resultados malformados", _com(_forja(
            "open('resultado_1.json', 'w').write('{\"casos\": [' + '0,' * 1_000_000 + '0]}')")),
            "erro de execução", TODAS_MENOS_PREVER),
        # ---------------------------------------------------- nomes
        "formula_igual": Caso("nomes", correta, "ok", TODAS, "=HYPERLINK(1).ipynb"),
        "formula_mais": Caso("nomes", correta, "ok", TODAS, "+1.ipynb"),
        "formula_menos": Caso("nomes", correta, "ok", TODAS, "-1.ipynb"),
        "formula_arroba": Caso("nomes", correta, "ok", TODAS, "@SUM(1).ipynb"),
        "formula_pasta": Caso("nomes", correta, "ok", TODAS, "=cmd/entrega.ipynb"),
        "nome_nao_utf8": Caso("nomes", correta, "ok", TODAS, b"caf\xe9\xff.ipynb"),
        "nome_com_quebra": Caso("nomes", correta, "ok", TODAS, "linha\nnova\tx.ipynb"),
        "colisao_pasta": Caso("nomes", correta, "ok", TODAS, "ana/entrega.ipynb"),
        "colisao_sublinhado": Caso("nomes", _com("def treinar(X, y, taxa, epocas):\n"
                                                 "    raise ValueError\n"),
                                   "erro de execução", TODAS[:4], "ana_entrega.ipynb"),
        "colisao_caixa": Caso("nomes", _com("def treinar(X, y, taxa, epocas):\n"
                                            "    raise ValueError\n"),
                              "erro de execução", TODAS[:4], "ANA_ENTREGA.ipynb"),
        "linha_citada_invalida": Caso("nomes", _linha_com_surrogate(), "erro de sintaxe",
                                      TODAS[:4]),
        # Extensão em outra caixa: notebook também. Um aluno, dois notebooks (a pasta com
        # outra caixa): os dois corrigidos e marcados.
        "extensao_maiuscula": Caso("nomes", correta, "ok", TODAS, "MAIUSCULA.IPYNB"),
        "varios_na_raiz": Caso("nomes", correta, "ok", TODAS, "bruno.ipynb"),
        "varios_na_pasta": Caso("nomes", _com("def treinar(X, y, taxa, epocas):\n"
                                              "    raise ValueError\n"),
                                "erro de execução", TODAS[:4], "Bruno/outra.Ipynb"),
        # ---------------------------------------------------- armazenamento
        "disco_cheio": Caso("armazenamento", _com(_trata_treinar(
            "with open('lixo', 'wb') as a:\n"
            "    for _ in range(400):\n"
            "        a.write(b'x' * 1_000_000)\n")), "disco excedido", TODAS[:4]),
        "arvore_profunda": Caso("armazenamento", _com(_trata_treinar(
            "for _ in range(5000):\n"
            "    os.mkdir('a')\n"
            "    os.chdir('a')\n")), "disco excedido", TODAS[:4]),
        "muitos_arquivos": Caso("armazenamento", _com(_trata_treinar(
            "for i in range(50_000):\n"
            "    open(f'/tmp/f{i}', 'w').close()\n")), "disco excedido", TODAS[:4]),
        "grava_fora": Caso("armazenamento", _com(_trata_treinar(
            f"alvos = [{str(sentinela)!r}, {str(entregas / '00_correta.ipynb')!r}, '/x',\n"
            "         '/dev/shm/x', '/usr/x', '/etc/x', os.path.expanduser('~/../x')]\n"
            "for alvo in alvos:\n"
            "    try:\n"
            "        open(alvo, 'w').write('hackeado')\n"
            "    except BaseException:\n"
            "        pass\n")), "ok", TODAS),
        # ---------------------------------------------------- memória
        "bomba_memoria": Caso("memória", _com(
            "def treinar(X, y, taxa, epocas):\n    lista = []\n    while True:\n"
            "        lista.append(np.empty(50_000_000, dtype=np.uint8))\n"),
            "memória excedida", TODAS[:4]),
        "tmp_na_memoria": Caso("memória", _com(_trata_treinar(
            "with open('/tmp/lixo', 'wb') as a:\n"
            "    for _ in range(2000):\n"
            "        a.write(b'x' * 1_000_000)\n")), "disco excedido", TODAS[:4]),
        # ---------------------------------------------------- processos
        "fork_bomb": Caso("processos", _com(
            "import os\ndef treinar(X, y, taxa, epocas):\n"
            "    while True:\n        try:\n            os.fork()\n"
            "        except BaseException:\n            pass\n"),
            # O RLIMIT_NPROC segura os processos; os que existem giram até o fim do prazo.
            "tempo esgotado",
            TODAS[:4]),
        # Um só processo fugido (os diagnósticos chamam `treinar` várias vezes).
        "processo_fugitivo": Caso("processos", _com(_trata_treinar(
            "if not globals().get('_FUGIU') and not globals().update(_FUGIU=True) \\\n"
            "        and os.fork() == 0:\n"
            "    os.setsid()\n"
            "    os.execv(sys.executable, [sys.executable, '-c',\n"
            f"             'import time\\nwhile True: time.sleep(0.2)', {MARCADOR!r}])\n")),
            "ok", TODAS),
        # 200 filhos dormindo de dentro de uma função corrigida: o RLIMIT_NPROC faz o
        # fork passar do limite falhar sempre no mesmo ponto (antes, a contagem por
        # amostragem dava "processos demais" numa rodada e "ok" na outra).
        "duzentos_filhos": Caso("processos", _com(_trata_treinar(
            "for _ in range(200):\n"
            "    try:\n"
            "        if os.fork() == 0:\n"
            "            import time\n"
            "            time.sleep(60)\n"
            "            os._exit(0)\n"
            "    except OSError:\n"
            "        pass\n")), "ok", TODAS),
        "muitos_descritores": Caso("processos", _com(_trata_treinar(
            "abertos = []\n"
            "for _ in range(5000):\n"
            "    for alvo in ('/dev/ptmx', '/dev/null'):\n"
            "        try:\n"
            "            abertos.append(open(alvo, 'rb'))\n"
            "        except OSError:\n"
            "            pass\n"
            "if len(abertos) > 300:   # (sem o limite, treinar perderia o ponto)\n"
            "    os._exit(0)\n")), "ok", TODAS),
        # ---------------------------------------------------- tempo
        "laco_infinito": Caso("tempo", _com(
            "import signal\ndef treinar(X, y, taxa, epocas):\n"
            "    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU):\n"
            "        signal.signal(s, signal.SIG_IGN)\n"
            "    while True:\n        try:\n            pass\n"
            "        except BaseException:\n            pass\n"),
            "tempo esgotado", TODAS[:4]),
        "dorme": Caso("tempo", _com("import time\ndef treinar(X, y, taxa, epocas):\n"
                                    "    time.sleep(1000)\n"), "tempo esgotado", TODAS[:4]),
        # ---------------------------------------------------- saída
        "saida_enorme": Caso("saída", _com(
            "import os, sys\n_sig = sigmoide\ndef sigmoide(z):\n"
            "    for _ in range(50):\n        print('x' * 100_000)\n"
            "        sys.stderr.write('y' * 100_000)\n        os.write(1, b'z' * 100_000)\n"
            "    return _sig(z)\n"), "ok", TODAS),
        "saida_binaria": Caso("saída", _com(
            "import os\n_sig = sigmoide\ndef sigmoide(z):\n"
            "    os.write(1, bytes(range(256)) * 100)\n    os.write(2, b'\\xff\\xfe\\x00')\n"
            "    return _sig(z)\n"), "ok", TODAS),
        # ---------------------------------------------------- vazamentos
        "linha_oculta": Caso("vazamentos", _com(LINHA_OCULTA), "erro de execução",
                             TODAS_MENOS_PREVER),
        "mensagem_com_entradas": Caso("vazamentos", _com(
            "def treinar(X, y, taxa, epocas):\n    raise ValueError('VA' + 'ZOU ' + repr(X))\n"),
            "erro de execução", TODAS[:4]),
        "forma_errada": Caso("vazamentos", _com(
            "_tr = treinar\ndef treinar(X, y, taxa, epocas):\n"
            "    w, b, custos = _tr(X, y, taxa, epocas)\n"
            "    return w.reshape(-1, 1), b, custos\n"),
            # (status "ok" ou, com a verdade declarada por função, "resposta errada")
            ("ok", "resposta errada"), TODAS[:4]),
        "valores_errados": Caso("vazamentos", _com(
            "_tr = treinar\ndef treinar(X, y, taxa, epocas):\n"
            "    w, b, custos = _tr(X, y, taxa, epocas)\n"
            "    return w + 0.123456, b, custos\n"),
            ("ok", "resposta errada"), TODAS[:4]),
        # ---------------------------------------------------- código correto estranho
        "continuacao_diferente": Caso("código correto estranho", continua, "ok", TODAS),
        "import_em_try": Caso("código correto estranho", _notebook(try_import), "ok", TODAS),
        "celula_malformada": Caso("código correto estranho", _celula_malformada(), "ok", TODAS),
        "fim_de_linha_crlf": Caso("código correto estranho",
                                  _notebook([f.replace("\n", "\r\n") for f in sol]), "ok", TODAS),
        "magicas": Caso("código correto estranho", _notebook(
            ["%matplotlib inline\n!pip install nada\n"] + sol
            + ["%%bash\nrm -rf /\n", "x = !ls\n%time sigmoide(0)\n"]), "ok", TODAS),
        "decorador": Caso("código correto estranho", decorada, "ok", TODAS),
    }


# ------------------------------------------------------------------ o lote

def _hash_arvore(pasta: Path) -> dict:
    return {os.fsencode(p.relative_to(pasta)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(pasta.rglob("*")) if p.is_file()}


def _ler_csv(caminho: Path) -> dict:
    texto = caminho.read_bytes().decode("utf-8")           # UTF-8 válido, sempre
    return {linha["arquivo"]: linha for linha in csv.DictReader(io.StringIO(texto))}


def _chave(arquivo) -> str:
    """Como o caminho aparece na coluna ``arquivo`` do CSV."""
    texto = os.fsdecode(arquivo) if isinstance(arquivo, bytes) else arquivo
    return relatorio.campo_csv(texto)


def _gravar(destino: Path, conteudo) -> None:
    destino.parent.mkdir(parents=True, exist_ok=True)
    dados = conteudo.encode("utf-8", "surrogatepass") if isinstance(conteudo, str) else conteudo
    with open(os.fsencode(destino), "wb") as arq:
        arq.write(dados)


def _processos_com(marcador: str) -> list[int]:
    achados = []
    for nome in os.listdir("/proc"):
        if nome.isdigit():
            try:
                with open(f"/proc/{nome}/cmdline", "rb") as arq:
                    if marcador.encode() in arq.read():
                        achados.append(int(nome))
            except OSError:
                pass
    return achados


@pytest.fixture(scope="module")
def lote(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostil")
    entregas, referencia = base / "entregas", base / "referencia"
    sentinela = base / "fora" / "sentinela.txt"
    sentinela.parent.mkdir()
    sentinela.write_text("intacto")
    casos = _casos(sentinela, entregas)
    for nome in REFERENCIAS:
        _gravar(entregas / nome, _com())
        _gravar(referencia / nome, _com())
    for nome, caso in casos.items():
        _gravar(entregas / os.fsdecode(caso.arquivo or f"{nome}.ipynb"), caso.conteudo)
    antes = _hash_arvore(entregas)

    def corrigir(pasta, saida, feedback):
        inicio = time.monotonic()
        correcao.corrigir_pasta(pasta, EXERCICIO, saida, feedback=feedback, limites=LIMITES,
                                processos=2, semente=5, avisar=lambda *_: None)
        return time.monotonic() - inicio

    duracao_ref = corrigir(referencia, base / "ref.csv", base / "fb_ref")
    duracao = corrigir(entregas, base / "notas.csv", base / "fb")
    depois = _hash_arvore(entregas)
    corrigir(entregas, base / "notas2.csv", base / "fb2")
    time.sleep(0.5)
    return {"base": base, "casos": casos, "antes": antes, "depois": depois,
            "sentinela": sentinela, "csv": _ler_csv(base / "notas.csv"),
            "csv_ref": _ler_csv(base / "ref.csv"), "duracao": duracao,
            "duracao_ref": duracao_ref, "fugitivos": _processos_com(MARCADOR)}


def _confere_lote(lote) -> None:
    """O que vale para todo caso: o lote terminou e nada além da própria linha mudou."""
    base, linhas = lote["base"], lote["csv"]
    esperadas = {_chave(c.arquivo or f"{n}.ipynb") for n, c in lote["casos"].items()}
    assert set(linhas) == esperadas | set(REFERENCIAS)        # uma linha por .ipynb
    for nome in REFERENCIAS:                                  # as outras linhas intactas
        assert linhas[nome] == lote["csv_ref"][nome]
        assert (base / "fb" / f"{nome[:-6]}.md").read_bytes() == \
            (base / "fb_ref" / f"{nome[:-6]}.md").read_bytes()
        assert linhas[nome]["total"] == "5"
    assert lote["depois"] == lote["antes"]                    # entregas intactas
    assert lote["sentinela"].read_text() == "intacto"
    relatorios = [linha["relatorio"] for linha in linhas.values()]
    assert len(set(r.casefold() for r in relatorios)) == len(linhas)   # um por linha
    assert sorted(p.name for p in (base / "fb").iterdir()) == sorted(relatorios)
    assert (base / "notas2.csv").read_bytes() == (base / "notas.csv").read_bytes()


NOMES_CASOS = list(_casos(Path("/s"), Path("/e")))


SEM_CAIXA = pytest.mark.skipif(
    not BWRAP, reason="bubblewrap indisponível: sem caixa de areia, o corretor não promete "
    "estas garantias (veja o modelo de ameaça no README.md)")


@SEM_CAIXA
@pytest.mark.parametrize("nome", NOMES_CASOS)
def test_caso_hostil(lote, nome):
    caso = lote["casos"][nome]
    linha = lote["csv"][_chave(caso.arquivo or f"{nome}.ipynb")]
    status = caso.status if isinstance(caso.status, tuple) else (caso.status,)
    assert linha["status"] in status, (caso.classe, nome, linha)
    for funcao in TODAS:
        assert linha[funcao] == ("1" if funcao in caso.certas else "0"), (nome, funcao, linha)
    texto = (lote["base"] / "fb" / linha["relatorio"]).read_bytes().decode("utf-8")
    assert f"- Situação: {linha['status']}" in texto
    _confere_lote(lote)
    _especifico(nome, linha, texto, lote)


# Alunos com dois notebooks no lote (o aluno não diferencia a caixa das letras).
VARIOS_NOTEBOOKS = {"varios_na_raiz", "varios_na_pasta", "colisao_sublinhado", "colisao_caixa"}


def _especifico(nome: str, linha: dict, texto: str, lote) -> None:
    """Verificações próprias de alguns casos."""
    assert linha["notebooks_do_aluno"] == ("2" if nome in VARIOS_NOTEBOOKS else "1"), linha
    assert linha["isolamento"] == "bubblewrap"
    if nome == "extensao_maiuscula":
        assert linha["aluno"] == "MAIUSCULA" and linha["relatorio"] == "MAIUSCULA.md"
    if nome.startswith("formula_"):
        assert linha["aluno"].startswith("'") and linha["arquivo"].startswith("'")
        bruto = (lote["base"] / "notas.csv").read_text(encoding="utf-8")
        for campos in csv.reader(io.StringIO(bruto)):
            assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in campos)
    if nome == "linha_citada_invalida":
        assert "\\udcff" in texto and "\x00" not in texto and "\x1b" not in texto
    if nome in ("colisao_pasta", "colisao_sublinhado", "colisao_caixa"):
        assert linha["relatorio"] not in ("ana_entrega.md", "ANA_ENTREGA.md")
    if nome == "resultado_gigante":
        assert "resultado grande demais" in linha["motivo"]
    if nome in ("inteiro_400_digitos", "json_aninhado", "nan_literal"):
        assert "prever: resultado malformado" in linha["motivo"]
    if nome in ("disco_cheio", "tmp_na_memoria"):
        assert "espaço de escrita excedido" in linha["motivo"]
    if nome == "muitos_arquivos":
        assert "arquivos/pastas" in linha["motivo"]
    if nome == "arvore_profunda":
        assert "árvore de pastas com mais de 64 níveis" in linha["motivo"]
    if nome == "processo_fugitivo":
        assert lote["fugitivos"] == []      # nenhum processo da entrega sobrevive ao lote
    if nome == "linha_oculta":
        assert "prever: levantou ValueError num caso de correção" in linha["motivo"]
        assert "linha" not in linha["motivo"] and "célula" not in linha["motivo"]
    if nome == "mensagem_com_entradas":
        assert "VAZOU" not in texto and "VAZOU" not in linha["motivo"]
    if nome in ("forma_errada", "valores_errados"):
        for trecho in (texto, linha["motivo"]):
            assert not re.search(r"\(\d+,\s*\d*\)", trecho), trecho     # formas ocultas
            assert "maior diferença" not in trecho and "e-0" not in trecho
        # A dica é a mesma do notebook (diagnóstico com entradas públicas), nunca um valor
        # ou uma forma das entradas ocultas.
        assert "✘ `treinar` (0/1)" in texto
        assert ("formato (n,)" if nome == "forma_errada" else "um passo de atualizar_pesos") in texto
    if nome == "codigo_grande_demais":
        assert "código grande demais" in linha["motivo"]


@SEM_CAIXA
def test_lote_hostil_em_tempo_razoavel(lote):
    """O lote hostil inteiro cabe em alguns minutos (2 processos, limite de 2 s de CPU)."""
    assert lote["duracao"] < 240, lote["duracao"]


# ------------------------------------------------------------------ unidades

def test_analise_linear_celula_longa(tmp_path):
    """240 KB de instruções triviais numa célula: análise em poucos segundos (antes,
    dezenas de minutos: posições recalculadas a cada instrução)."""
    arquivo = tmp_path / "longa.ipynb"
    arquivo.write_text(_notebook(["x = 1\n" * 40_000, "y = 2; " * 40_000]))
    inicio = time.monotonic()
    fontes, instrucoes, com_erro = leitura.analisar(arquivo)
    assert time.monotonic() - inicio < 15
    assert len(instrucoes) == 80_000 and com_erro == []


def test_magicas_sem_retrocesso():
    """Uma linha longa de espaços (antes: horas de retrocesso na regex) é linear."""
    inicio = time.monotonic()
    for linha in (" " * 500_000 + "x", " " * 500_000 + "= !", "a" * 500_000 + " = 1"):
        leitura.sem_magicas(linha)
    assert time.monotonic() - inicio < 5
    assert leitura.sem_magicas("y = (1\n     != 2)\n!ls\n") == "y = (1\n     != 2)\npass\n"
    assert leitura.sem_magicas("s = '''\n!ls\n'''\n") == "s = '''\n!ls\n'''\n"


def test_analise_patologica_vira_arquivo_invalido(tmp_path):
    """O texto do aluno é analisado num subprocesso limitado: uma célula que explode a
    memória do ``ast`` (1,9 milhão de caracteres numa lista, com 100 MB) vira célula com
    erro ou `arquivo inválido`, em tempo limitado, sem levar o processo confiável junto."""
    arquivo = tmp_path / "bomba.ipynb"
    arquivo.write_text(_notebook(["def f():\n    return 1\n",
                                  "x = [" + "1," * 950_000 + "]\n"]))
    inicio = time.monotonic()
    try:
        _, instrucoes, com_erro = leitura.analisar(arquivo, tempo_s=5, memoria_mb=100)
        assert com_erro == [2] and [i["celula"] for i in instrucoes] == [1]
    except leitura.ArquivoInvalido as erro:
        assert "limite" in str(erro)
    assert time.monotonic() - inicio < 60


def test_caixa_nunca_e_root_fora(tmp_path, monkeypatch):
    """Um arquivo só do root (0600), visível dentro da caixa, não pode ser lido: quando
    o professor é root, a entrega roda com um uid sem privilégios lá fora."""
    if not BWRAP:
        pytest.skip("sem bubblewrap funcionando aqui, não há caixa de areia a testar")
    segredo = tmp_path / "segredo.txt"
    segredo.write_text("segredo do professor")
    os.chmod(segredo, 0o600)
    montagens = caixa._montagens
    monkeypatch.setattr(caixa, "_montagens", lambda raiz, disco: montagens(raiz, disco) + [
        "--ro-bind", str(segredo), "/segredo"])
    codigo = ("import os\n"
              "def ler():\n"
              "    try:\n"
              "        return open('/segredo').read()\n"
              "    except PermissionError:\n"
              "        return 'negado'\n"
              "def ids():\n"
              "    return [os.getuid(), os.geteuid(), os.getgid(), list(os.getgroups()),\n"
              "            open('/proc/self/status').read().split('CapEff:')[1].split()[0]]\n")
    execucao = caixa.executar([{"celula": 1, "linha": 1, "codigo": codigo}],
                              [{"nome": "ler", "casos": [SEM_ARGS]}, {"nome": "ids", "casos": [SEM_ARGS]}],
                              caixa.Limites(tempo=5), BWRAP)
    from corretor import comparacao
    import numpy as np
    lido = comparacao.decodificar(execucao.resultados[0]["casos"][0]["saida"])
    ids = comparacao.decodificar(execucao.resultados[1]["casos"][0]["saida"])
    assert lido == "negado"
    if os.geteuid() == 0:
        # uid, gid e grupos sem privilégios e nenhuma capability efetiva.
        assert ids[0] == ids[1] >= caixa.UID_BASE and ids[2] >= caixa.UID_BASE
        assert ids[3] == [] and int(ids[4], 16) == 0
    else:
        assert ids[0] == 65534


def test_erro_do_corretor_vira_linha(tmp_path, monkeypatch):
    """Uma falha do próprio corretor numa entrega vira a linha dela (`erro do corretor`),
    o lote segue, o CSV é gravado e o código de saída é 3."""
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "boa.ipynb").write_text(_com())
    (tmp_path / "e" / "quebra.ipynb").write_text(_com())
    original = correcao.pontuar

    def pontuar(linha, *args, **kwargs):
        if linha.arquivo == "quebra.ipynb":
            raise OverflowError("simulada")
        return original(linha, *args, **kwargs)

    monkeypatch.setattr(correcao, "pontuar", pontuar)
    saida = tmp_path / "notas.csv"
    codigo = cli.main([str(tmp_path / "e"), "--exercicio", EXERCICIO, "--saida", str(saida),
                       "--tempo-limite", "3", "--feedback", str(tmp_path / "fb"),
                       *SEM_ISOLAMENTO])
    assert codigo == 3
    linhas = _ler_csv(saida)
    assert linhas["boa.ipynb"]["total"] == "5" and linhas["boa.ipynb"]["status"] == "ok"
    assert linhas["quebra.ipynb"]["status"] == "erro do corretor"
    assert "avaliação" in linhas["quebra.ipynb"]["motivo"]
    assert (tmp_path / "fb" / "quebra.md").exists()


def test_csv_anterior_nao_parece_atual(tmp_path, monkeypatch):
    """Se o lote cai no meio, não fica um notas.csv velho com cara de atual: o anterior
    vira notas.csv.anterior antes de começar e o novo só aparece inteiro, no fim."""
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "a.ipynb").write_text(_com())
    saida = tmp_path / "notas.csv"
    saida.write_text("velho")

    def cai(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(correcao, "corrigir_arquivo", cai)
    with pytest.raises(KeyboardInterrupt):
        correcao.corrigir_pasta(tmp_path / "e", EXERCICIO, saida, isolar=ISOLAR,
                                avisar=lambda *_: None)
    assert not saida.exists()
    assert (tmp_path / "notas.csv.anterior").read_text() == "velho"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_referencia_quebrada_codigo_1(tmp_path, monkeypatch, capsys):
    """Se a solução de referência não roda, nada é corrigido: mensagem clara e código 1."""
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "a.ipynb").write_text(_com())

    def quebra(*_args, **_kwargs):
        raise RuntimeError("simulada")

    monkeypatch.setattr(correcao, "preparar_referencia", quebra)
    assert cli.main([str(tmp_path / "e"), "--exercicio", EXERCICIO,
                     "--saida", str(tmp_path / "n.csv"), *SEM_ISOLAMENTO]) == 1
    assert "ERRO: a solução de referência não rodou" in capsys.readouterr().out
    assert not (tmp_path / "n.csv").exists()


@SEM_CAIXA
def test_caso_oculto_mesmo_texto_com_outra_semente(tmp_path):
    """Duas sementes (entradas de correção diferentes), o mesmo texto: da exceção num
    caso oculto o aluno sabe a função, que não passou e o tipo, nada mais."""
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "a.ipynb").write_text(_com(LINHA_OCULTA))
    textos = []
    for semente in (3, 4, 5):
        correcao.corrigir_pasta(tmp_path / "e", EXERCICIO, tmp_path / f"n{semente}.csv",
                                feedback=tmp_path / f"fb{semente}", limites=LIMITES,
                                semente=semente, avisar=lambda *_: None)
        linha = _ler_csv(tmp_path / f"n{semente}.csv")["a.ipynb"]
        textos.append((linha["motivo"], linha["prever"],
                       (tmp_path / f"fb{semente}" / "a.md").read_text(encoding="utf-8")))
    assert textos[0][0].startswith("prever: levantou ValueError num caso de correção")
    assert textos[0][1] == "0"
    assert textos[1:] == textos[:1] * 2


def test_campos_csv_e_nomes_de_relatorio():
    assert relatorio.campo_csv("=1+1") == "'=1+1" and relatorio.campo_csv("\tx") == "'\\tx"
    assert relatorio.campo_csv("ana") == "ana"
    assert relatorio.texto_seguro("a\udcffb\x00") == "a\\udcffb\\x00"
    linhas = [relatorio.Linha("a", arq, {}, 1.0, "ok", "") for arq in
              ("ana/entrega.ipynb", "ana_entrega.ipynb", "Ana_Entrega.ipynb", "eva.ipynb",
               "caf\udce9.ipynb")]
    nomes = relatorio.nomes_relatorios(linhas)
    assert len({n.casefold() for n in nomes}) == len(nomes)
    assert nomes[3] == "eva.md" and all(n.isascii() for n in nomes)
    assert relatorio.nomes_relatorios(linhas) == nomes            # determinístico


@pytest.mark.parametrize("modulo", ["lancador.py", "leitura.py", "executor.py"])
def test_o_que_roda_em_subprocesso_so_usa_a_biblioteca_padrao(modulo):
    """O lançador (dentro da caixa) e a análise (subprocesso limitado) rodam como
    scripts com ``python -I``: nenhuma importação, em nenhum nível, fora da biblioteca
    padrão (o executor importa o numpy dentro de ``principal``, para os argumentos)."""
    import ast
    import sys
    arvore = ast.parse((RAIZ / "corretor" / modulo).read_text(encoding="utf-8"))
    nomes = set()
    for no in ast.walk(arvore):
        if isinstance(no, ast.Import):
            nomes.update(a.name.split(".")[0] for a in no.names)
        elif isinstance(no, ast.ImportFrom) and no.module and no.level == 0:
            nomes.add(no.module.split(".")[0])
    permitidos = set(sys.stdlib_module_names) | {"__future__"}
    if modulo == "executor.py":
        permitidos.add("numpy")
    assert nomes <= permitidos, nomes - permitidos


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="só o root troca de uid (e só ele precisa derrubar o uid inteiro)")
def test_root_sem_caixa_derruba_o_uid_inteiro():
    """Root sem bwrap: ao fim da entrega, todo processo do uid dela morre, inclusive o
    que fugiu do grupo de processos com setsid."""
    import subprocess
    uid = caixa._proximo_uid()
    fugido = subprocess.Popen(["sleep", "300"], user=uid, group=uid, extra_groups=[],
                              cwd="/", start_new_session=True)
    outro = subprocess.Popen(["sleep", "300"], start_new_session=True)   # do professor
    try:
        caixa._matar_uid(uid)
        assert fugido.wait(timeout=10) == -9
        assert outro.poll() is None
    finally:
        outro.kill()
        outro.wait()
        fugido.kill()
        fugido.wait()
