"""Uma só verdade: o notebook e o corretor concordam, função por função, num catálogo de erros.

Cada erro típico é aplicado a UMA função da solução (troca o trecho entre as marcas
BEGIN/END SOLUTION dela). Para cada notebook com um erro:

- o notebook (as suas próprias células, executadas de verdade) reprova a função errada,
  e cada outra função sai "tudo certo" ou "corrija `<a errada>` primeiro";
- o corretor (``corrigir_pasta``, todas as entregas de um exercício num lote só) tira o
  ponto da função errada e só dela (um erro, um ponto), com status ``resposta errada``
  (ou de execução), e nomeia a função no motivo.

A solução tira nota máxima e "Parabéns" no notebook.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from corretor import caixa, correcao
from corretor.casos import EXERCICIOS
from catalogo_erros import CATALOGO, aplicar

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

RAIZ = Path(__file__).resolve().parent.parent

# Com o bubblewrap, a caixa de areia de verdade (como no uso do professor). Sem ele, só
# os limites de processo — que, rodando como root, exigem um Python legível pelo uid sem
# privilégios da entrega (veja o modelo de ameaça no README.md).
ISOLAR = caixa.bwrap_disponivel() is not None


DEMONSTRACAO = "Corrija-a usando as verificações acima"


def executar_notebook(nb: nbformat.NotebookNode, demonstracoes: bool = False) -> tuple[dict, str]:
    """Roda as células de código do notebook, como "Executar tudo"; devolve (as variáveis
    do notebook, texto impresso). As demonstrações (treinos e gráficos depois das
    verificações, que não julgam nada) ficam de fora, salvo ``demonstracoes=True``."""
    matplotlib.use("Agg")
    ambiente: dict = {"__name__": "__main__"}
    saida = io.StringIO()
    with contextlib.redirect_stdout(saida):
        for celula in nb.cells:
            if celula.cell_type == "code" and (demonstracoes or DEMONSTRACAO not in celula.source):
                exec(compile(celula.source, "<notebook>", "exec"), ambiente)
    import matplotlib.pyplot as plt
    plt.close("all")
    return ambiente, saida.getvalue()


def veredito_do_notebook(nb: nbformat.NotebookNode, demonstracoes: bool = False) -> tuple[dict, str]:
    """(_RESULTADOS, texto impresso) de :func:`executar_notebook`."""
    ambiente, texto = executar_notebook(nb, demonstracoes)
    return dict(ambiente["_RESULTADOS"]), texto


def _ler_csv(caminho: Path) -> dict:
    with open(caminho, encoding="utf-8") as arq:
        return {linha["arquivo"]: linha for linha in csv.DictReader(arq)}


def corrigir(pasta: Path, nome: str, notas: Path) -> dict:
    """Corrige as entregas de ``pasta`` como o professor (``corrigir_pasta``, semente 7, dois
    processos); devolve as linhas do CSV ``notas``, por arquivo."""
    correcao.corrigir_pasta(pasta, nome, notas, processos=2, isolar=ISOLAR, semente=7,
                            avisar=lambda *_: None)
    return _ler_csv(notas)


def dica(mensagem: str) -> str:
    """A parte da mensagem que o notebook e o corretor dão igual: a dica de uma exceção (depois
    de " — "; antes vem o lugar, que difere) ou o texto fixo, sem o número do caso público."""
    if " — " in mensagem:
        return mensagem.rsplit(" — ", 1)[1].strip()
    return re.sub(r" \(caso de teste \d+ de \d+, com as entradas deste notebook\)\.$", ".", mensagem).strip()


def _mensagem_do_notebook(texto: str, funcao: str) -> str:
    return next(l.split(": ", 1)[1] for l in texto.splitlines() if l.startswith(f"✘ {funcao}: "))


def _mensagem_do_csv(motivo: str, funcao: str, nomes: list[str]) -> str:
    partes = re.split("; (?=(?:" + "|".join(map(re.escape, nomes)) + "): )", motivo)
    return next(p.split(": ", 1)[1] for p in partes if p.startswith(f"{funcao}: "))


def _arquivo(i: int, funcao: str) -> str:
    return f"{i:02d}_{funcao}.ipynb"


# Os exercícios cujos diagnósticos lidam com sorteios são conferidos com a máquina ocupada
# (tests/test_sob_carga.py roda estes mesmos testes com um processo de carga em cada núcleo);
# aqui eles só rodam dentro daquela rodada, para não correr duas vezes no CI.
COM_SORTEIO = ("regularizacao", "otimizacao", "inicializacao", "verificacao_gradiente")
SOB_CARGA = os.environ.get("CURSO_SOB_CARGA") == "1"


def _exercicios():
    return [pytest.param(nome, marks=pytest.mark.skipif(
        nome in COM_SORTEIO and not SOB_CARGA, reason="conferido com a máquina ocupada em tests/test_sob_carga.py"))
        for nome in sorted(EXERCICIOS)]


@pytest.mark.parametrize("nome", _exercicios())
def test_notebook_e_corretor_concordam(nome, tmp_path):
    solucao = nbformat.read(RAIZ / "solutions" / f"{nome}.ipynb", as_version=4)
    nomes = [f.nome for f in EXERCICIOS[nome]]
    erros = CATALOGO[nome]
    assert len(erros) >= 8, "catálogo curto demais"
    assert {e.funcao for e in erros} == set(nomes) - set(CATALOGO.get("_sem_erros", {}).get(nome, ()))
    pasta = tmp_path / "entregas"
    pasta.mkdir()
    (pasta / "00_solucao.ipynb").write_text(nbformat.writes(solucao), encoding="utf-8")
    notebooks = {}
    for i, erro in enumerate(erros, start=1):
        nb = aplicar(solucao, erro.funcao, erro.corpo)
        notebooks[_arquivo(i, erro.funcao)] = (erro, veredito_do_notebook(nb))
        (pasta / _arquivo(i, erro.funcao)).write_text(nbformat.writes(nb), encoding="utf-8")

    linhas = corrigir(pasta, nome, tmp_path / "notas.csv")

    resultados, texto = veredito_do_notebook(solucao, demonstracoes=True)
    assert resultados == {n: "ok" for n in nomes} and "Parabéns" in texto, texto
    sol = linhas["00_solucao.ipynb"]
    assert sol["status"] == "ok" and sol["total"] == sol["maximo"], sol

    discordancias = []
    for arquivo, (erro, (resultados, texto)) in notebooks.items():
        linha = linhas[arquivo]
        rotulo = f"{arquivo} ({erro.descricao})"
        if resultados.get(erro.funcao) != "erro":
            discordancias.append(f"{rotulo}: o notebook não reprovou {erro.funcao}: {texto}")
        if linha[erro.funcao] != "0":
            discordancias.append(f"{rotulo}: o corretor deu ponto a {erro.funcao}: {linha}")
        elif f"{erro.funcao}: " not in linha["motivo"] or linha["status"] == "ok":
            discordancias.append(f"{rotulo}: o motivo não nomeia {erro.funcao}: {linha}")
        elif resultados.get(erro.funcao) == "erro":
            no_notebook = dica(_mensagem_do_notebook(texto, erro.funcao))
            no_csv = dica(_mensagem_do_csv(linha["motivo"], erro.funcao, nomes))
            if no_notebook != no_csv:
                discordancias.append(f"{rotulo}: dicas diferentes:\n  notebook: {no_notebook}"
                                     f"\n  CSV:      {no_csv}")
        for outra in nomes:
            if outra == erro.funcao:
                continue
            if linha[outra] == "0":
                discordancias.append(f"{rotulo}: o corretor tirou o ponto de {outra}: {linha['motivo']}")
            if resultados.get(outra) not in ("ok", "espera"):
                discordancias.append(f"{rotulo}: o notebook reprovou {outra}: {texto}")
            elif resultados[outra] == "espera" and f"corrija `{erro.funcao}` primeiro" not in texto:
                discordancias.append(f"{rotulo}: {outra} espera outra função: {texto}")
    assert not discordancias, "\n".join(discordancias)


def _gd_com(funcao: str, corpo: str) -> str:
    solucao = nbformat.read(RAIZ / "solutions" / "gradiente_descendente.ipynb", as_version=4)
    return nbformat.writes(aplicar(solucao, funcao, corpo))


def test_referencia_so_depois_de_julgada_e_laco_custa_uma_funcao(tmp_path):
    """Nenhuma referência está na caixa enquanto a função que ela substitui é julgada
    (uma sigmoide que procura a de referência na memória e no disco não acha nada), e um
    laço infinito numa função do meio custa só ela."""
    trapaca = '''import gc
for objeto in gc.get_objects():
    if (getattr(objeto, "__name__", "") == "sigmoide" and callable(objeto)
            and getattr(objeto, "__code__", None) is not sigmoide.__code__):
        return objeto(z)
for arquivo in ("tarefa.json", "/trabalho/tarefa.json"):
    try:
        with open(arquivo, encoding="utf-8") as f:
            # o texto da sigmoide de referência, montado para não estar neste código
            if "1.0 / (1.0 + " + "np.exp(-np.asarray(z" in f.read():
                return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    except OSError:
        pass
return np.zeros_like(np.asarray(z, dtype=float))'''
    pasta = tmp_path / "e"
    pasta.mkdir()
    (pasta / "trapaca.ipynb").write_text(_gd_com("sigmoide", trapaca), encoding="utf-8")
    (pasta / "laco.ipynb").write_text(_gd_com("atualizar_pesos", "while True:\n    pass"),
                                      encoding="utf-8")
    from corretor.caixa import Limites
    correcao.corrigir_pasta(pasta, "gradiente_descendente", tmp_path / "n.csv", processos=2,
                            isolar=ISOLAR, limites=Limites(tempo=2), avisar=lambda *_: None)
    linhas = _ler_csv(tmp_path / "n.csv")
    trap, laco = linhas["trapaca.ipynb"], linhas["laco.ipynb"]
    assert trap["sigmoide"] == "0" and trap["total"] == "4", trap
    assert laco["atualizar_pesos"] == "0" and laco["total"] == "4", laco
    assert laco["status"] == "tempo esgotado"


def test_estrutura_e_dicas_do_modulo_comum():
    """As regras de estrutura e as dicas de :mod:`corretor.comparacao` (as do notebook)."""
    import math

    import numpy as np

    from corretor import comparacao as cmp

    z = np.zeros(3)
    assert cmp.apelidos((z, z), ()) == "saida"
    assert cmp.apelidos(({"a": z}, {"a": z}), ()) == "saida"          # v e s com os mesmos arrays
    assert cmp.apelidos((z[:2], z[1:]), ()) == "saida"                # fatias do mesmo array
    assert cmp.apelidos(z, (z,)) == "argumento"
    assert cmp.apelidos(({"a": z}, {"a": np.zeros(3)}), ()) is None
    assert cmp.apelidos((np.zeros(2), 0.0, 0.0), (np.zeros(2),)) is None
    antes = (np.ones(2), {"W": np.ones(2)}, 3)
    assert cmp.alterados(antes, (np.ones(2), {"W": np.ones(2)}, 3)) == []
    assert cmp.alterados(antes, (np.ones(2), {"W": np.array([1.0, 0.5])}, 3)) == [1]
    assert cmp.alterados((np.array([np.nan]),), (np.array([np.nan]),)) == []
    info = {"rtol": 1e-5, "atol": 1e-8, "argumentos": ["X", "w"]}
    assert "`w`" in cmp.julgar_caso(info, 1.0, 1.0, (1, np.ones(2)), (1, np.zeros(2)), None)
    assert cmp.julgar_caso(info, 1.0, 1.0, (), (), "saida") == cmp.APELIDO_SAIDA
    assert cmp.julgar_caso(info, np.ones(2), np.array([1.0, np.nan]), (), (), None) == cmp.NAN

    def erro(funcao):
        try:
            funcao()
        except Exception as e:  # noqa: BLE001
            return cmp.classificar_excecao(e)

    assert erro(lambda: math.exp(np.ones(3))) == "math"
    assert erro(lambda: np.ones((2, 3)) @ np.ones((2, 3))) == "matmul"
    assert erro(lambda: np.ones((2, 3)) + np.ones((3, 2))) == "broadcast"
    assert erro(lambda: {}["dW1"]) == "chave"
    assert erro(lambda: None + np.ones(2)) == "none"
    assert erro(lambda: np.concatenate([np.ones((2, 2)), np.ones(2)])) == "concatenar"
    assert erro(lambda: [1, 2] - np.ones(3)) in ("broadcast", None)
    assert all(isinstance(t, str) and t for t in cmp.DICAS.values())


def test_limites_minimos_do_keras_sobem_com_aviso():
    """O exercício keras (TensorFlow na caixa) sobe tempo e memória aos mínimos dele e avisa;
    limites já maiores e os outros exercícios não mudam."""
    from corretor.avaliacao import limites_do_exercicio
    from corretor.caixa import Limites
    from corretor.casos import LIMITES_MINIMOS

    limites, avisos = limites_do_exercicio("keras", Limites(tempo=5, memoria_mb=1024, disco_mb=32))
    assert (limites.tempo, limites.memoria_mb) == (LIMITES_MINIMOS["keras"]["tempo"],
                                                   LIMITES_MINIMOS["keras"]["memoria_mb"])
    assert limites.disco_mb == 32 and limites.espaco_enderecos_mb > 1413   # pico medido
    assert len(avisos) == 2 and all("keras" in a and "TensorFlow" in a for a in avisos)
    folgados = Limites(tempo=100, memoria_mb=8192)
    assert limites_do_exercicio("keras", folgados) == (folgados, [])
    for nome in set(EXERCICIOS) - set(LIMITES_MINIMOS):
        assert limites_do_exercicio(nome, Limites(tempo=5)) == (Limites(tempo=5), [])
