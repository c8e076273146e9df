"""Pares de entregas com *respostas* suspeitamente parecidas (copydetect, winnowing).

A resposta de uma entrega são as células de código que não são idênticas a uma célula
do enunciado (``exercises/{exercicio}.ipynb``); o que sobra do enunciado dentro delas
(assinatura, docstring) sai como código-base (*boilerplate*) do copydetect. Uma
resposta correta é naturalmente parecida com outras corretas: por isso as impressões
digitais que aparecem em muitas respostas (mais de ``max(2, 10 %)`` da turma) são
descartadas antes de comparar, e um par só é marcado quando as DUAS respostas têm pelo
menos ``LIMIAR`` do seu código coberto pela outra.
"""

from __future__ import annotations

import io
import json
import itertools
from dataclasses import dataclass
from pathlib import Path

from copydetect import CodeFingerprint, compare_files

RAIZ = Path(__file__).resolve().parent.parent.parent
K, JANELA = 25, 6                 # os padrões do copydetect (noise_t=25, guarantee_t=30)
LIMIAR = 0.7
MIN_CARACTERES = 80               # respostas menores que isso não são comparadas
MAX_BYTES_NOTEBOOK = 16 << 20


@dataclass
class Par:
    arquivo_a: str
    arquivo_b: str
    semelhanca: float              # a menor das duas coberturas
    resposta_a: str
    resposta_b: str


def celulas_de_codigo(caminho: Path) -> list[str]:
    """As células de código de um notebook; ``[]`` se ilegível ou grande demais."""
    try:
        if caminho.stat().st_size > MAX_BYTES_NOTEBOOK:
            return []
        celulas = json.loads(caminho.read_text(encoding="utf-8")).get("cells", [])
        fontes = []
        for celula in celulas:
            if isinstance(celula, dict) and celula.get("cell_type") == "code":
                fonte = celula.get("source", "")
                fontes.append("".join(fonte) if isinstance(fonte, list) else str(fonte))
        return fontes
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):
        return []


def resposta(celulas: list[str], enunciado: set[str]) -> str:
    """O código que o aluno escreveu: as células diferentes das do enunciado."""
    return "\n\n".join(c for c in celulas if c.strip() and c.strip() not in enunciado)


def _impressao(texto: str, base) -> CodeFingerprint:
    return CodeFingerprint("resposta.py", K, JANELA, boilerplate=base, fp=io.StringIO(texto))


def pares_suspeitos(arquivos: dict[str, Path], exercicio: str) -> list[Par]:
    """Pares de entregas (caminho relativo → arquivo) com respostas parecidas demais."""
    celulas_enunciado = celulas_de_codigo(RAIZ / "exercises" / f"{exercicio}.ipynb")
    enunciado = {c.strip() for c in celulas_enunciado}
    base = list(_impressao("\n\n".join(celulas_enunciado), None).hashes) \
        if celulas_enunciado else []
    respostas, impressoes = {}, {}
    for relativo, caminho in arquivos.items():
        texto = resposta(celulas_de_codigo(caminho), enunciado)
        if len(texto) < MIN_CARACTERES:
            continue
        try:
            impressoes[relativo] = _impressao(texto, base)
        except Exception:  # noqa: BLE001 - o tokenizador não derruba o relatório
            continue
        respostas[relativo] = texto
    frequencia: dict[int, list[str]] = {}
    for relativo, impressao in impressoes.items():
        for h in impressao.hashes:
            frequencia.setdefault(h, []).append(relativo)
    comum = max(2, len(impressoes) // 10)
    candidatos: set[tuple[str, str]] = set()
    for h, donos in frequencia.items():
        if len(donos) > comum:
            for relativo in donos:
                impressoes[relativo].hashes.discard(h)
        else:
            candidatos.update(itertools.combinations(sorted(donos), 2))
    pares = []
    for a, b in sorted(candidatos):
        _, (sa, sb), _ = compare_files(impressoes[a], impressoes[b])
        if min(sa, sb) >= LIMIAR:
            pares.append(Par(a, b, float(min(sa, sb)), respostas[a], respostas[b]))
    return sorted(pares, key=lambda p: -p.semelhanca)
