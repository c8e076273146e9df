"""Testes do corretor: soluções, exercícios intocados e entregas quebradas ou hostis."""

import csv
import hashlib
import json
import os
from pathlib import Path

import nbformat
import pytest
import shutil

from corretor import caixa, cli, comparacao, correcao, leitura
from corretor.casos import EXERCICIOS

RAIZ = Path(__file__).resolve().parent.parent
BWRAP = caixa.bwrap_disponivel()
# Sem bubblewrap, o corretor só corrige a pedido (--sem-isolamento): os testes que não
# são sobre o isolamento pedem, para rodar também numa máquina sem ele.
ISOLAR = BWRAP is not None
SEM_ISOLAMENTO = [] if ISOLAR else ["--sem-isolamento"]


def _hash_arvore(pasta: Path) -> dict:
    return {p.relative_to(pasta).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(pasta.rglob("*")) if p.is_file()}


def _ler_csv(caminho: Path) -> dict:
    with open(caminho, encoding="utf-8") as arq:
        return {linha["arquivo"]: linha for linha in csv.DictReader(arq)}


def test_solucoes_nota_maxima_e_exercicios_zero(tmp_path):
    """Toda solução tira nota máxima; todo exercício intocado tira zero, sem derrubar nada."""
    for nome in sorted(EXERCICIOS):
        pasta = tmp_path / nome
        (pasta / "solucao").mkdir(parents=True)
        (pasta / "intocado").mkdir()
        (pasta / "solucao" / f"{nome}.ipynb").write_bytes(
            (RAIZ / "solutions" / f"{nome}.ipynb").read_bytes())
        (pasta / "intocado" / f"{nome}.ipynb").write_bytes(
            (RAIZ / "exercises" / f"{nome}.ipynb").read_bytes())
        saida = tmp_path / f"{nome}.csv"
        correcao.corrigir_pasta(pasta, nome, saida, processos=2, isolar=ISOLAR,
                                avisar=lambda *_: None)
        linhas = _ler_csv(saida)
        sol, ex = linhas[f"solucao/{nome}.ipynb"], linhas[f"intocado/{nome}.ipynb"]
        assert sol["status"] == "ok" and sol["total"] == sol["maximo"], (nome, sol)
        assert ex["total"] == "0" and ex["status"] == "não implementada", (nome, ex)
        assert ex["aluno"] == "intocado"


# ------------------------------------------------------------------ bateria hostil

def _notebook(fontes: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f) for f in fontes]
    return nbformat.writes(nb)


def _solucao_gd() -> list[str]:
    nb = nbformat.read(RAIZ / "solutions" / "gradiente_descendente.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _com(*extras: str) -> str:
    """Solução correta seguida de células que redefinem/atacam."""
    return _notebook(_solucao_gd() + list(extras))


def _sem_funcao(nome: str) -> list[str]:
    return [f for f in _solucao_gd() if f"def {nome}(" not in f]


TODAS = ["sigmoide", "prever", "entropia_cruzada", "atualizar_pesos", "treinar"]


def _entregas(sentinela: Path, sentinela_repo: Path) -> dict:
    """arquivo -> (conteúdo, status esperado, funções que devem pontuar)."""
    quebra_numpy = (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\n"
        "np.isclose = lambda *a, **k: True\n"
        "def sigmoide(z):\n"
        "    import numpy, numpy.testing\n"
        "    numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "    print('passed'); print('Todas as verificações passaram! 100%')\n"
        "    return numpy.zeros_like(z) + 0.123\n"
        "def prever(X, w, b):\n    return np.zeros(len(X))\n"
        "def entropia_cruzada(y, y_hat):\n    return 0.0\n"
        "def atualizar_pesos(X, y, w, b, taxa):\n    return w, b\n"
        "def treinar(X, y, taxa, epocas):\n    return np.zeros(X.shape[1]), 0.0, np.zeros(epocas)\n"
        "verificar = lambda *a, **k: print('passed')\n")
    laco = (
        "import signal\n"
        "def treinar(X, y, taxa, epocas):\n"
        "    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU):\n"
        "        signal.signal(s, signal.SIG_IGN)\n"
        "    while True:\n"
        "        try:\n"
        "            pass\n"
        "        except BaseException:\n"
        "            pass\n")
    ataque_arquivos = (
        "import os, shutil\n"
        "def sigmoide(z):\n"
        f"    for alvo in ({str(sentinela)!r}, {str(sentinela_repo)!r}):\n"
        "        for acao in (lambda: open(alvo, 'w').write('hackeado'), lambda: os.remove(alvo),\n"
        "                     lambda: shutil.rmtree(os.path.dirname(alvo))):\n"
        "            try:\n"
        "                acao()\n"
        "            except BaseException:\n"
        "                pass\n"
        "    import numpy as np\n"
        "    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n")
    return {
        "01_correta.ipynb": (_com(), "ok", TODAS),
        "02_parcial.ipynb": (_com(
            "def entropia_cruzada(y, y_hat):\n"
            "    return float(-np.sum(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))\n",
            "def treinar(X, y, taxa, epocas):\n"
            "    return np.ones(X.shape[1]), 0.0, np.zeros(epocas)\n"),
            "resposta errada", ["sigmoide", "prever", "atualizar_pesos"]),
        "03_monkeypatch.ipynb": (_notebook([quebra_numpy]), "resposta errada", []),
        "04_laco_infinito.ipynb": (_com(laco), "tempo esgotado",
                                   ["sigmoide", "prever", "entropia_cruzada", "atualizar_pesos"]),
        "05_sys_exit.ipynb": (_com("import sys\nsys.exit(3)\n",
                                   "import sys\ndef treinar(X, y, taxa, epocas):\n    sys.exit(0)\n"),
                              "erro de execução", TODAS[:4]),
        "06_os_exit.ipynb": (_com("import os\ndef treinar(X, y, taxa, epocas):\n    os._exit(0)\n"),
                             "erro de execução", TODAS[:4]),
        "07_apaga_arquivos.ipynb": (_com(ataque_arquivos), "ok", TODAS),
        "08_fork_bomb.ipynb": (_com(
            "import os\ndef treinar(X, y, taxa, epocas):\n"
            "    while True:\n        try:\n            os.fork()\n"
            "        except BaseException:\n            pass\n"),
            # O RLIMIT_NPROC da entrega barra os fork() no limite e os processos que
            # existem giram até o prazo (o vigia do corretor só derruba acima do limite).
            ("tempo esgotado",) if BWRAP else ("processos demais", "tempo esgotado"),
            TODAS[:4]),
        "09_saida_enorme.ipynb": (_com(
            "import os, sys\ndef _falar():\n"
            "    for _ in range(200):\n        print('x' * 100_000)\n"
            "        sys.stderr.write('y' * 100_000)\n        os.write(1, b'z' * 100_000)\n",
            "_sig = sigmoide\n",
            "def sigmoide(z):\n    _falar()\n    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n"),
            "ok", TODAS),
        # Reserva memória sem tocar nas páginas (np.empty): assim o teste mede o limite
        # de memória e não o de CPU. Tocar 1 GB de páginas novas custa ~1,7 s de CPU de
        # sistema nesta VM, o que, com o limite de 3 s da bateria e duas entregas em
        # paralelo, às vezes esgotava o tempo antes de esgotar a memória.
        "10_bomba_memoria.ipynb": (_com(
            "def treinar(X, y, taxa, epocas):\n    lista = []\n    while True:\n"
            "        lista.append(np.empty(50_000_000, dtype=np.uint8))\n"),
            "memória excedida", TODAS[:4]),
        "11_sintaxe.ipynb": (_notebook(_sem_funcao("treinar") + [
            "def treinar(X, y, taxa, epocas)\n    return 1\n"]),
            "erro de sintaxe", TODAS[:4]),
        "12_json_invalido.ipynb": ('{"cells": [', "arquivo inválido", []),
        "13_vazio.ipynb": ("", "arquivo inválido", []),
        "14_nao_notebook.ipynb": (json.dumps([1, 2, 3]), "arquivo inválido", []),
        "15_binario.ipynb": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "arquivo inválido", []),
        # Um erro, um ponto: quem usa `prever` é julgado com a `prever` de referência.
        "16_funcao_ausente.ipynb": (_notebook(_sem_funcao("prever")), "função ausente",
                                    ["sigmoide", "entropia_cruzada", "atualizar_pesos", "treinar"]),
        "17_tipos_formas.ipynb": (_com(
            "def entropia_cruzada(y, y_hat):\n    return 'baixo'\n",
            "def sigmoide(z):\n    return (1 / (1 + np.exp(-np.asarray(z, dtype=float)))).reshape(-1, 1)\n",
            "def prever(X, w, b):\n    return 1 / (1 + np.exp(-(X @ w + b)))\n",
            "def atualizar_pesos(X, y, w, b, taxa):\n    return object()\n"),
            # treinar é julgada com a atualizar_pesos e a entropia_cruzada de referência
            "resposta errada", ["prever", "treinar"]),
        "18_nan.ipynb": (_com("def entropia_cruzada(y, y_hat):\n    return float('nan')\n"),
                         "resposta errada", ["sigmoide", "prever", "atualizar_pesos", "treinar"]),
        "19_magicas.ipynb": (_notebook(["%matplotlib inline\n!pip install nada\n"] + _solucao_gd()
                                       + ["%%bash\nrm -rf /\n", "x = !ls\n%time sigmoide(0)\n"]),
                             "ok", TODAS),
    }


def test_bateria_hostil(tmp_path):
    entregas = tmp_path / "entregas"
    entregas.mkdir()
    fora = tmp_path / "fora"
    fora.mkdir()
    sentinela = fora / "sentinela.txt"
    sentinela.write_text("intacto")
    pasta_repo = RAIZ / "tests" / "_sentinela_corretor"
    pasta_repo.mkdir(exist_ok=True)
    sentinela_repo = pasta_repo / "sentinela.txt"
    sentinela_repo.write_text("intacto")
    try:
        casos = _entregas(sentinela, sentinela_repo)
        for nome, (conteudo, _, _) in casos.items():
            destino = entregas / nome
            if isinstance(conteudo, bytes):
                destino.write_bytes(conteudo)
            else:
                destino.write_text(conteudo, encoding="utf-8")
        (entregas / "leia-me.txt").write_text("não é notebook, deve ser ignorado")
        antes = _hash_arvore(entregas)
        repo_antes = _hash_arvore(RAIZ / "curso") | _hash_arvore(RAIZ / "solutions")
        saida = tmp_path / "notas.csv"
        avisos = []
        correcao.corrigir_pasta(entregas, "gradiente_descendente", saida,
                                feedback=tmp_path / "feedback",
                                limites=caixa.Limites(tempo=3, memoria_mb=1024),
                                processos=2, semente=11, isolar=ISOLAR,
                                avisar=avisos.append)
        linhas = _ler_csv(saida)
        assert sorted(linhas) == sorted(casos)          # uma linha por .ipynb, nada perdido
        for nome, (_, status, certas) in casos.items():
            linha = linhas[nome]
            assert linha["status"] in (status if isinstance(status, tuple) else (status,)), \
                (nome, linha)
            for funcao in TODAS:
                esperado = "1" if funcao in certas else "0"
                assert linha[funcao] == esperado, (nome, funcao, linha)
            assert float(linha["total"]) == len(certas), (nome, linha)
        # Nada fora dos diretórios temporários do corretor mudou.
        if BWRAP:    # sem o bubblewrap a entrega roda com as permissões do professor (README)
            assert sentinela.read_text() == "intacto"
            assert sentinela_repo.read_text() == "intacto"
        assert _hash_arvore(entregas) == antes
        assert _hash_arvore(RAIZ / "curso") | _hash_arvore(RAIZ / "solutions") == repo_antes
        # Relatórios em português, sem o código da solução nem das entradas.
        relatorios = sorted((tmp_path / "feedback").glob("*.md"))
        assert len(relatorios) == len(casos)
        texto = (tmp_path / "feedback" / "02_parcial.md").read_text(encoding="utf-8")
        assert "entropia_cruzada" in texto and "parece uma soma: divida por m" in texto
        for trecho in ("np.exp", "X.T @", "rng.", "default_rng", "BEGIN SOLUTION"):
            assert all(trecho not in r.read_text(encoding="utf-8") for r in relatorios)
        # Rodar de novo dá as mesmas linhas (aqui, nas entregas que não dependem do relógio).
        rapidas = tmp_path / "rapidas"
        rapidas.mkdir()
        for nome in ("01_correta.ipynb", "02_parcial.ipynb", "03_monkeypatch.ipynb",
                     "11_sintaxe.ipynb", "13_vazio.ipynb", "18_nan.ipynb"):
            (rapidas / nome).write_bytes((entregas / nome).read_bytes())
        saida2 = tmp_path / "notas2.csv"
        correcao.corrigir_pasta(rapidas, "gradiente_descendente", saida2,
                                limites=caixa.Limites(tempo=3), processos=2, semente=11,
                                isolar=ISOLAR, avisar=lambda *_: None)
        primeira = {k: dict(v, relatorio="") for k, v in linhas.items()
                    if (rapidas / k).exists()}     # (sem --feedback, sem relatório)
        assert _ler_csv(saida2) == primeira
    finally:
        shutil.rmtree(pasta_repo, ignore_errors=True)   # sem bwrap, a entrega 07 a apaga


def test_excecoes_nao_vazam_entradas(tmp_path):
    """A mensagem da exceção (texto do aluno, com as entradas à mão) nunca sai da caixa.

    O código mostrado é o do próprio notebook do aluno, por isso o marcador é montado
    em tempo de execução ('VA' + 'ZOU'): só apareceria se a mensagem vazasse."""
    vaza = (
        "import numpy as np\n"
        "def sigmoide(z):\n"
        "    raise ValueError('VA' + 'ZOU ' + np.array2string(np.asarray(z)))\n"
        "def prever(X, w, b):\n"
        "    codigo = ''.join(chr(65 + int(d)) for d in str(abs(int(1e6 * X.flat[0]))))\n"
        "    raise type('VA' + 'ZOU' + codigo, (KeyError,), {})('VA' + 'ZOU')\n")
    (tmp_path / "entregas").mkdir()
    (tmp_path / "entregas" / "eva.ipynb").write_text(_com(vaza), encoding="utf-8")
    correcao.corrigir_pasta(tmp_path / "entregas", "gradiente_descendente",
                            tmp_path / "n.csv", feedback=tmp_path / "fb",
                            limites=caixa.Limites(tempo=5), semente=3, isolar=ISOLAR,
                            avisar=lambda *_: None)
    linha = _ler_csv(tmp_path / "n.csv")["eva.ipynb"]
    relatorio = (tmp_path / "fb" / "eva.md").read_text(encoding="utf-8")
    for texto in (linha["motivo"], relatorio):
        assert "VAZOU" not in texto
    assert linha["status"] == "erro de execução"
    celula = len(_solucao_gd()) + 1
    # O tipo embutido mais próximo (KeyError) e o lugar no próprio código do aluno.
    assert f"sigmoide: levantou ValueError na célula de código {celula}, linha 3:" in linha["motivo"]
    assert "`prever` (0/1): levantou KeyError" in relatorio and f"célula de código {celula}, linha 6" in relatorio


def test_montagens_da_caixa():
    """Como root, a caixa não cria espaço de usuários (nele o uid de dentro seria o root
    de fora): o lançador troca de uid. Como usuário comum, espaço de usuários próprio.
    Nos dois casos, o espaço de escrita é um tmpfs com tamanho e o /tmp aponta para ele."""
    raiz = caixa._montagens(True, 5 * 1024 * 1024)
    comum = caixa._montagens(False, 5 * 1024 * 1024)
    assert "--unshare-user" not in raiz and "--unshare-all" not in raiz
    assert "--unshare-user" in comum and "--unshare-net" in raiz
    for args in (raiz, comum):
        i = args.index("--tmpfs")
        assert args[i - 2:i] == ["--size", str(5 * 1024 * 1024)] and args[i + 1] == "/trabalho"
        assert ["--symlink", "/trabalho/tmp", "/tmp"] == args[i + 2:i + 5]
        assert "--remount-ro" in args


def test_aceite(tmp_path):
    """Correta, parcial, monkeypatch de numpy e laço infinito numa só execução."""
    pasta = tmp_path / "turma"
    for aluno in ("ana", "bruno", "carla", "davi"):
        (pasta / aluno).mkdir(parents=True)
    casos = _entregas(tmp_path / "x", tmp_path / "y")
    (pasta / "ana" / "ex.ipynb").write_text(casos["01_correta.ipynb"][0])
    (pasta / "bruno" / "ex.ipynb").write_text(casos["02_parcial.ipynb"][0])
    (pasta / "carla" / "ex.ipynb").write_text(casos["03_monkeypatch.ipynb"][0])
    (pasta / "davi" / "ex.ipynb").write_text(casos["04_laco_infinito.ipynb"][0])
    saida = tmp_path / "notas.csv"
    assert cli.main([str(pasta), "--exercicio", "gradiente_descendente", "--saida",
                          str(saida), "--tempo-limite", "3", "--processos", "2",
                     *SEM_ISOLAMENTO]) == 0
    linhas = {l["aluno"]: l for l in _ler_csv(saida).values()}
    assert linhas["ana"]["percentual"] == "100.0"
    assert linhas["bruno"]["percentual"] == "60.0"
    assert linhas["carla"]["percentual"] == "0.0"
    assert linhas["davi"]["status"] == "tempo esgotado"


def test_sem_isolamento_avisa(tmp_path):
    """Com --sem-isolamento: aviso na saída e cada linha marcada. Como root, o código do
    aluno roda com um uid sem
    privilégios; se esse uid não consegue rodar o Python (venv dentro de /root, por
    exemplo), o lote para com uma mensagem clara em vez de dar zero a todos."""
    (tmp_path / "a.ipynb").write_text(_com())
    avisos = []
    if os.geteuid() == 0 and not caixa.python_sem_privilegios():
        with pytest.raises(correcao.ErroDoLote, match="uid sem privilégios"):
            correcao.corrigir_pasta(tmp_path, "gradiente_descendente", tmp_path / "n.csv",
                                    isolar=False, avisar=avisos.append)
        assert not (tmp_path / "n.csv").exists()
    else:
        correcao.corrigir_pasta(tmp_path, "gradiente_descendente", tmp_path / "n.csv",
                                isolar=False, avisar=avisos.append)
        linha = _ler_csv(tmp_path / "n.csv")["a.ipynb"]
        assert linha["total"] == "5" and linha["isolamento"] == "nenhum"
    assert any("--sem-isolamento: sem caixa de areia" in a for a in avisos)


def test_ajuda_em_portugues(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    texto = capsys.readouterr().out
    assert "argumentos" in texto and "opções" in texto and "mostra esta ajuda" in texto
    assert texto.startswith("uso: python -m corretor")


def test_definicoes_por_nome_e_magicas():
    fontes = ["%load_ext autoreload\nimport numpy as np\nX = np.zeros(3)\nK = 3\n",
              "def f(x):\n    %time y = 1\n    return x\n",
              "%%writefile a.py\ndef g(): pass\n",
              "def h(:\n", "f(1)\nwhile True: pass\n"]
    instrucoes, com_erro, nomes = leitura.definicoes(fontes)
    codigo = "\n".join(i["codigo"] for i in instrucoes)
    assert "import numpy" in codigo and "K = 3" in codigo and "np.zeros" not in codigo
    assert "def f" in codigo and "def g" not in codigo and "while" not in codigo
    assert com_erro == [4] and nomes == {"f"}


def test_comparar_mensagens():
    import numpy as np
    assert comparacao.comparar(np.ones(3), np.ones(3), 1e-5, 1e-8) is None
    assert "formato (shape) errado" in comparacao.comparar(np.ones(3), np.ones((3, 1)), 1e-5, 1e-8)
    assert "NaN" in comparacao.comparar(np.ones(2), np.array([1.0, np.nan]), 1e-5, 1e-8)
    assert "faltam chaves" in comparacao.comparar({"a": 1.0}, {"b": 1.0}, 1e-5, 1e-8)
    assert "valores diferentes" in comparacao.comparar(1.0, 2.0, 1e-5, 1e-8)
    assert "não uma lista" in comparacao.comparar(np.ones(3), [1.0, 1.0, 1.0], 1e-5, 1e-8)
    assert comparacao.comparar(np.ones(3), [1.0, 1.0, 1.0], 1e-5, 1e-8, lista_ok=True) is None
    # Os textos são fixos: nada das formas nem dos valores (que viriam das entradas).
    for motivo in (comparacao.comparar(np.ones((7, 3)), np.ones((3, 7)), 1e-5, 1e-8),
                   comparacao.comparar(np.full(4, 2.5), np.full(4, 9.75), 1e-5, 1e-8)):
        assert not any(c in motivo for c in "379") and "2.5" not in motivo
