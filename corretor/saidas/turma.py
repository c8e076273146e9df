"""Relatório da turma: ``PASTA/index.html``, uma página autocontida em português.

Histograma das notas (imagem PNG embutida, com texto alternativo), por função corrigida
quantos acertaram, erraram e não implementaram e as três mensagens mais frequentes
("o que reensinar"), as situações (tempo esgotado, erros...), os pares de respostas
parecidas demais (:mod:`corretor.saidas.copias`) e o comando que produziu a página.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path

from corretor.relatorio import Linha, gravar_atomico, texto_seguro
from corretor.saidas.copias import Par, pares_suspeitos

CSS = """body{font-family:sans-serif;max-width:70rem;margin:auto;padding:1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #bbb;padding:.3rem .6rem}
th{background:#eee}td.n{text-align:right}.lado{display:flex;gap:1rem}
.lado pre{flex:1;background:#f6f6f6;padding:.5rem;overflow:auto;max-height:30rem}"""


def virgula(valor: float, casas: int = 1) -> str:
    return f"{valor:.{casas}f}".replace(".", ",")


def _percentuais(linhas: list[Linha]) -> list[float]:
    return [100 * l.total / l.maximo for l in linhas if l.maximo]


def histograma_png(percentuais: list[float]) -> bytes:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.hist(percentuais, bins=[i * 10 for i in range(11)], color="#3b6ea5", edgecolor="white")
    ax.set_xlabel("nota (% do máximo)")
    ax.set_ylabel("entregas")
    ax.set_title("Distribuição das notas")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}".replace(".", ",")))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}".replace(".", ",")))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def texto_alternativo(percentuais: list[float]) -> str:
    if not percentuais:
        return "Histograma vazio: nenhuma entrega corrigida."
    media = sum(percentuais) / len(percentuais)
    faixas = Counter(min(int(p // 10), 9) for p in percentuais)
    moda = max(faixas, key=lambda f: (faixas[f], -f))
    return (f"Histograma das notas de {len(percentuais)} entrega(s), em faixas de 10 % do "
            f"máximo: média {virgula(media)} %, mínima {virgula(min(percentuais))} %, "
            f"máxima {virgula(max(percentuais))} %; a faixa mais cheia é de {moda * 10} a "
            f"{moda * 10 + 10} % ({faixas[moda]} entrega(s)).")


def por_funcao(linhas: list[Linha]) -> dict[str, dict]:
    """Para cada função: acertaram, erraram, não implementaram e as mensagens mais comuns."""
    resumo: dict[str, dict] = {}
    for linha in linhas:
        for funcao, pts, maximo, mensagem in linha.detalhes:
            r = resumo.setdefault(funcao, {"acertaram": 0, "erraram": 0,
                                           "nao_implementaram": 0, "mensagens": Counter()})
            if pts >= maximo:
                r["acertaram"] += 1
            elif "não implementada" in mensagem:
                r["nao_implementaram"] += 1
            else:
                r["erraram"] += 1
                r["mensagens"][texto_seguro(mensagem)[:300]] += 1
    return resumo


def _e(texto) -> str:
    return html.escape(texto_seguro(texto))


def _secao_funcoes(resumo: dict[str, dict]) -> list[str]:
    partes = ["<h2>Por função: o que reensinar</h2>", "<table><tr><th>função</th>"
              "<th>acertaram</th><th>erraram</th><th>não implementaram</th>"
              "<th>mensagens mais frequentes entre os erros</th></tr>"]
    for funcao, r in resumo.items():
        mais = "".join(f"<li>{_e(m)} ({n}×)</li>" for m, n in r["mensagens"].most_common(3))
        partes.append(f"<tr><td><code>{_e(funcao)}</code></td><td class=n>{r['acertaram']}"
                      f"</td><td class=n>{r['erraram']}</td><td class=n>"
                      f"{r['nao_implementaram']}</td><td><ol>{mais}</ol></td></tr>")
    partes.append("</table>")
    return partes


def _secao_copias(pares: list[Par]) -> list[str]:
    partes = ["<h2>Respostas parecidas demais</h2>"]
    if not pares:
        return partes + ["<p>Nenhum par de respostas parecidas demais (código do enunciado "
                         "descontado).</p>"]
    partes.append(f"<p>{len(pares)} par(es) com pelo menos 70 % do código de cada resposta "
                  "coberto pela outra (nomes de variáveis e comentários não contam; o código "
                  "do enunciado e o que quase toda a turma escreveu são descontados). "
                  "Semelhança não é prova: leia as duas respostas.</p>")
    for par in pares:
        partes.append(f"<h3><code>{_e(par.arquivo_a)}</code> e <code>{_e(par.arquivo_b)}"
                      f"</code>: {virgula(100 * par.semelhanca, 0)} %</h3><div class=lado>"
                      f"<pre>{_e_codigo(par.resposta_a)}</pre>"
                      f"<pre>{_e_codigo(par.resposta_b)}</pre></div>")
    return partes


def _e_codigo(texto: str) -> str:
    return html.escape(texto.encode("utf-8", "backslashreplace").decode("utf-8"))


def pagina(linhas: list[Linha], exercicio: str, comando: str, pares: list[Par]) -> str:
    percentuais = _percentuais(linhas)
    imagem = base64.b64encode(histograma_png(percentuais)).decode("ascii")
    situacoes = Counter(l.status for l in linhas)
    media = virgula(sum(percentuais) / len(percentuais)) if percentuais else "—"
    partes = [
        "<!DOCTYPE html>", "<html lang=\"pt-BR\"><head><meta charset=\"utf-8\">",
        f"<title>Turma: exercício {_e(exercicio)}</title><style>{CSS}</style></head><body>",
        f"<h1>Relatório da turma: exercício <code>{_e(exercicio)}</code></h1>",
        f"<p>{len(linhas)} entrega(s) corrigida(s); nota média {media} % do máximo.</p>",
        f"<img id=\"histograma\" src=\"data:image/png;base64,{imagem}\" "
        f"alt=\"{html.escape(texto_alternativo(percentuais))}\">",
        *_secao_funcoes(por_funcao(linhas)),
        "<h2>Situações</h2><table><tr><th>situação</th><th>entregas</th></tr>",
        *[f"<tr><td>{_e(s)}</td><td class=n>{n}</td></tr>"
          for s, n in sorted(situacoes.items(), key=lambda x: (-x[1], x[0]))],
        "</table>",
        *_secao_copias(pares),
        "<h2>Como esta página foi feita</h2>",
        f"<pre id=\"comando\">{_e(comando)}</pre>",
        "</body></html>", ""]
    return "\n".join(partes)


def gravar(pasta: Path, linhas: list[Linha], exercicio: str, comando: str,
           raiz: Path, avisar=print) -> Path:
    """Grava ``pasta/index.html``; ``raiz`` é a pasta das entregas (para as cópias)."""
    pasta = Path(pasta)
    pasta.mkdir(parents=True, exist_ok=True)
    arquivos = {l.arquivo: Path(raiz) / l.arquivo for l in linhas
                if l.status != "arquivo inválido"}
    pares = pares_suspeitos(arquivos, exercicio)
    destino = pasta / "index.html"
    gravar_atomico(destino, pagina(linhas, exercicio, comando, pares))
    avisar(f"Relatório da turma em {destino} ({len(pares)} par(es) de respostas parecidas).")
    return destino
