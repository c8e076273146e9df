"""Planilha de avaliação offline do Moodle (mod/assign/feedback/offline): ler e devolver.

O Moodle casa as colunas pelo cabeçalho exato no idioma de quem baixou a planilha
(pt-BR ou inglês) e lê a nota com o separador decimal desse idioma. A planilha
devolvida tem as mesmas colunas, na mesma ordem, com todas as linhas; só mudam "Nota"
e "Comentários de feedback" dos participantes corrigidos (que tenham "Nota pode ser
alterada" diferente de "Não").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from corretor.entregas import ErroDoLote
from corretor.relatorio import Linha, gravar_atomico, texto_seguro

MAX_BYTES = 64 << 20
IDIOMAS = {
    "pt-BR": {"id": "Identificador", "nota": "Nota", "maxima": "Nota máxima",
              "alteravel": "Nota pode ser alterada", "comentario": "Comentários de feedback",
              "nao": "Não", "decimal": ","},
    "en": {"id": "Identifier", "nota": "Grade", "maxima": "Maximum Grade",
           "alteravel": "Grade can be changed", "comentario": "Feedback comments",
           "nao": "No", "decimal": "."},
}
_PARTICIPANTE = re.compile(r"(\d+)\s*$")


@dataclass
class Planilha:
    caminho: Path
    cabecalho: list[str]
    linhas: list[list[str]]
    idioma: str
    bom: bool

    def coluna(self, chave: str) -> int | None:
        nome = IDIOMAS[self.idioma][chave]
        return self.cabecalho.index(nome) if nome in self.cabecalho else None


def ler(caminho: Path) -> Planilha:
    """Lê a planilha; levanta :class:`ErroDoLote` com mensagem clara se não servir."""
    caminho = Path(caminho)
    try:
        if caminho.stat().st_size > MAX_BYTES:
            raise ErroDoLote(f"a planilha {caminho} passa de {MAX_BYTES >> 20} MB")
        texto = caminho.read_bytes().decode("utf-8")
    except OSError as erro:
        raise ErroDoLote(f"não consegui ler a planilha {caminho} ({erro.strerror})") from None
    except UnicodeDecodeError:
        raise ErroDoLote(f"a planilha {caminho} não está em UTF-8 (baixe-a de novo do "
                         "Moodle; não a salve de outro programa em outra codificação)") from None
    bom = texto.startswith("\ufeff")
    linhas = list(csv.reader(io.StringIO(texto.removeprefix("\ufeff"), newline="")))
    if not linhas:
        raise ErroDoLote(f"a planilha {caminho} está vazia")
    cabecalho = linhas[0]
    for idioma, nomes in IDIOMAS.items():
        if nomes["id"] in cabecalho and nomes["nota"] in cabecalho:
            return Planilha(caminho, cabecalho, linhas[1:], idioma, bom)
    raise ErroDoLote(f"a planilha {caminho} não parece a planilha de avaliação offline do "
                     "Moodle: faltam as colunas \"Identificador\" e \"Nota\" (ou "
                     "\"Identifier\" e \"Grade\")")


def _numero(texto: str) -> float | None:
    try:
        return float(texto.strip().replace(",", "."))
    except ValueError:
        return None


def _formatar(valor: float, decimal: str) -> str:
    return f"{valor:.2f}".replace(".", decimal)


def comentario(linha: Linha, nota: str, maxima: str) -> str:
    """O comentário de feedback: nota, situação e uma frase por função corrigida."""
    funcoes = [f"{funcao} ({pts:g}/{maximo:g}): {texto_seguro(mensagem)}"
               for funcao, pts, maximo, mensagem in linha.detalhes]
    return f"Correção automática: {nota} de {maxima} ({linha.status}). " + "; ".join(funcoes)


def _melhor_por_participante(linhas: list[Linha], avisar) -> dict[str, Linha]:
    melhores: dict[str, Linha] = {}
    for linha in linhas:
        if not linha.lms_id:
            continue
        atual = melhores.get(linha.lms_id)
        if atual is not None:
            avisar(f"AVISO: o participante {linha.lms_id} tem mais de um notebook; a "
                   "planilha do Moodle recebe a maior nota (confira no CSV).")
        if atual is None or linha.total > atual.total:
            melhores[linha.lms_id] = linha
    return melhores


def gravar(planilha: Planilha, linhas: list[Linha], destino: Path, avisar=print) -> int:
    """Grava a planilha com notas e comentários; devolve quantos participantes recebeu."""
    nomes = IDIOMAS[planilha.idioma]
    c_id, c_nota = planilha.coluna("id"), planilha.coluna("nota")
    c_max, c_alt, c_com = (planilha.coluna(k) for k in ("maxima", "alteravel", "comentario"))
    por_id = _melhor_por_participante(linhas, avisar)
    preenchidos, travados, vistos = 0, [], set()
    saida = []
    for original in planilha.linhas:
        celulas = list(original)
        achado = _PARTICIPANTE.search(celulas[c_id]) if c_id < len(celulas) else None
        linha = por_id.get(achado.group(1)) if achado else None
        if linha is not None:
            vistos.add(linha.lms_id)
            maxima = _numero(celulas[c_max]) if c_max is not None else None
            if c_alt is not None and celulas[c_alt].strip() == nomes["nao"]:
                travados.append(linha.lms_id)
            else:
                maxima = 100.0 if maxima is None else maxima
                nota = _formatar(linha.total / linha.maximo * maxima, nomes["decimal"])
                celulas[c_nota] = nota
                if c_com is not None:
                    celulas[c_com] = comentario(linha, nota,
                                                _formatar(maxima, nomes["decimal"]))
                preenchidos += 1
        saida.append(celulas)
    fora = sorted(set(por_id) - vistos)
    if fora:
        avisar(f"AVISO: {len(fora)} participante(s) corrigido(s) sem linha na planilha do "
               f"Moodle (baixada antes de novas inscrições?): {', '.join(fora[:10])}.")
    if travados:
        avisar(f"AVISO: {len(travados)} nota(s) não podem ser alteradas no Moodle e ficaram "
               f"como estavam: {', '.join(travados[:10])}.")
    texto = io.StringIO()
    escritor = csv.writer(texto, lineterminator="\n")
    escritor.writerow(planilha.cabecalho)
    escritor.writerows(saida)
    gravar_atomico(Path(destino), ("\ufeff" if planilha.bom else "") + texto.getvalue())
    avisar(f"Planilha do Moodle: {preenchidos} nota(s) preenchida(s) em {destino}.")
    return preenchidos
