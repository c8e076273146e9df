"""Relatório da turma e cópias: respostas copiadas marcadas, corretas independentes não;
a página abre no Chromium com o histograma."""

from __future__ import annotations

import json
from pathlib import Path

from corretor.relatorio import Linha
from corretor.saidas import copias, turma

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"

ERRADA = '''def atualizar_pesos(X, y, w, b, taxa):
    """Um passo."""
    residuo = prever(X, w, b) - y
    passo_w = taxa * (X.T @ residuo)          # esqueceu de dividir por m
    novo_w = w + passo_w                        # e trocou o sinal
    novo_b = b + taxa * float(np.sum(residuo))
    return novo_w, novo_b
'''
# A mesma resposta errada, com nomes e comentários trocados (cópia disfarçada).
ERRADA_RENOMEADA = '''def atualizar_pesos(X, y, w, b, taxa):
    """Um passo."""
    dif = prever(X, w, b) - y
    delta = taxa * (X.T @ dif)
    w2 = w + delta
    b2 = b + taxa * float(np.sum(dif))
    return w2, b2
'''
CORRETA_1 = '''def atualizar_pesos(X, y, w, b, taxa):
    """Um passo."""
    m = X.shape[0]
    p = sigmoide(X @ w + b)
    grad_w = X.T.dot(p - y) / m
    grad_b = np.mean(p - y)
    return w - taxa * grad_w, b - taxa * grad_b
'''
CORRETA_2 = '''def atualizar_pesos(X, y, w, b, taxa):
    """Um passo."""
    erros = [prever(X, w, b)[i] - y[i] for i in range(len(y))]
    novo = np.array(w, dtype=float)
    for j in range(len(w)):
        novo[j] -= taxa * sum(erros[i] * X[i, j] for i in range(len(y))) / len(y)
    return novo, b - taxa * sum(erros) / len(y)
'''


def _notebook(pasta: Path, nome: str, codigo: str) -> Path:
    enunciado = json.loads((RAIZ / "exercises" / f"{EXERCICIO}.ipynb").read_text())
    for celula in enunciado["cells"]:
        if celula["cell_type"] == "code" and "def atualizar_pesos" in "".join(celula["source"]):
            celula["source"] = codigo
    caminho = pasta / nome
    caminho.write_text(json.dumps(enunciado), encoding="utf-8")
    return caminho


def test_copias_disfarcadas_marcadas_corretas_independentes_nao(tmp_path):
    arquivos = {n: _notebook(tmp_path, n, c) for n, c in [
        ("ana.ipynb", ERRADA), ("bruno.ipynb", ERRADA_RENOMEADA),
        ("carla.ipynb", CORRETA_1), ("davi.ipynb", CORRETA_2)]}
    arquivos["enunciado.ipynb"] = RAIZ / "exercises" / f"{EXERCICIO}.ipynb"
    pares = copias.pares_suspeitos(arquivos, EXERCICIO)
    assert [(p.arquivo_a, p.arquivo_b) for p in pares] == [("ana.ipynb", "bruno.ipynb")]
    assert pares[0].semelhanca >= copias.LIMIAR
    # A resposta mostrada é só o que o aluno escreveu (sem as células do enunciado).
    assert "residuo" in pares[0].resposta_a and "carregar_dados" not in pares[0].resposta_a


def _linhas() -> list[Linha]:
    linhas = []
    for i, (pts, status, msg) in enumerate([(5, "ok", "correta"), (0, "resposta errada",
                                            "valores errados: confira o sinal"),
                                            (0, "não implementada",
                                             "ainda não implementada (NotImplementedError)"),
                                            (0, "tempo esgotado", "tempo esgotado")]):
        linha = Linha(f"aluno{i}", f"aluno{i}.ipynb", {"f": float(pts)}, 5.0, status, "")
        linha.detalhes = [("f", float(pts), 5, msg)]
        linhas.append(linha)
    return linhas


def test_resumo_por_funcao():
    r = turma.por_funcao(_linhas())["f"]
    assert (r["acertaram"], r["erraram"], r["nao_implementaram"]) == (1, 2, 1)
    assert r["mensagens"].most_common(1)[0][1] == 1


def test_pagina_abre_no_chromium_com_o_histograma(tmp_path):
    from cdp import Navegador, chromium_ou_pular
    destino = turma.gravar(tmp_path / "turma", _linhas(), EXERCICIO,
                           "python -m corretor x.zip --relatorio-turma turma", tmp_path,
                           avisar=lambda *_: None)
    texto = destino.read_text(encoding="utf-8")
    assert "<img" in texto and "data:image/png;base64," in texto and "http" not in texto
    assert "média 25,0 %" in texto           # vírgula decimal no texto alternativo
    with Navegador(chromium_ou_pular()) as nav:
        nav.na_aba("Runtime.enable")
        nav.abrir(destino.as_uri())
        assert nav.esperar("document.readyState === 'complete'", 30)
        assert nav.esperar("document.getElementById('histograma').complete", 30)
        largura = nav.avaliar("document.getElementById('histograma').naturalWidth")
        alt = nav.avaliar("document.getElementById('histograma').alt")
        corpo = nav.avaliar("document.body.innerText")
    assert largura >= 300
    assert alt.startswith("Histograma das notas de 4 entrega(s)")
    assert "o que reensinar" in corpo and "valores errados: confira o sinal (1×)" in corpo
    assert "tempo esgotado" in corpo and "--relatorio-turma turma" in corpo
