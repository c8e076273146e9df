"""Saídas para o professor e para o aluno: o CSV de notas e um relatório por entrega.

Tudo é gravado de forma atômica (arquivo temporário na mesma pasta + ``os.replace``):
quem abre o CSV ou um relatório vê a versão anterior inteira ou a nova inteira, nunca
um arquivo pela metade. O texto sai sempre em UTF-8 válido, quaisquer que sejam os
nomes dos arquivos, e os campos do CSV nunca começam como fórmula de planilha.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Ordem de gravidade: o status da linha é o mais grave encontrado.
STATUS = [
    "ok",
    "resposta errada",
    "não implementada",
    "erro de execução",
    "função ausente",
    "erro de sintaxe",
    "memória excedida",
    "disco excedido",
    "processos demais",
    "tempo esgotado",
    "arquivo inválido",
    "erro do corretor",
]

MAX_NOME_RELATORIO = 80
_INICIO_FORMULA = ("=", "+", "-", "@", "\t", "\r")
EXTENSAO = ".ipynb"
# Colunas depois das de cada função corrigida (veja o README.md, "O CSV").
COLUNAS_FINAIS = ["total", "maximo", "percentual", "status", "motivo", "relatorio",
                  "notebooks_do_aluno", "isolamento", "lms_id", "lms_nome"]


def eh_notebook(nome: str) -> bool:
    """Nome de notebook: termina em ``.ipynb``, em qualquer caixa (``A.IPYNB`` também)."""
    return nome.lower().endswith(EXTENSAO)


def sem_extensao(nome: str) -> str:
    return nome[:-len(EXTENSAO)] if eh_notebook(nome) else nome


@dataclass
class Linha:
    aluno: str
    arquivo: str
    pontos: dict
    maximo: float
    status: str
    motivo: str
    detalhes: list = field(default_factory=list)   # (função, pontos, máximo, mensagem)
    relatorio: str = ""                            # nome do relatório .md (com --feedback)
    notebooks_do_aluno: int = 1                    # > 1: o aluno entregou vários
    isolamento: str = ""                           # "bubblewrap" ou "nenhum"
    lms_id: str = ""                               # participante no Moodle / user_id no Canvas
    lms_nome: str = ""                             # nome do aluno no LMS

    @property
    def total(self) -> float:
        return float(sum(self.pontos.values()))


def texto_seguro(valor) -> str:
    """Texto que sempre vira UTF-8 válido e sem caracteres de controle.

    Nomes de arquivo que não são UTF-8 chegam do sistema com *surrogates* (PEP 383) e
    o JSON de um notebook pode trazer surrogates soltos: viram ``\\udcXX`` visível.
    """
    texto = str(valor).encode("utf-8", "backslashreplace").decode("utf-8")
    if texto.isprintable():
        return texto
    return "".join(c if c.isprintable() or c == " " else
                   ("\\t" if c == "\t" else "\\n" if c == "\n" else "\\r" if c == "\r"
                    else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
                   for c in texto)


def campo_csv(valor) -> str:
    """Campo de texto do CSV: UTF-8 válido e nunca interpretado como fórmula."""
    texto = str(valor)
    if texto.startswith(_INICIO_FORMULA):
        texto = "'" + texto
    return texto_seguro(texto)


def gravar_atomico(destino: Path, conteudo: str) -> None:
    """Grava ``conteudo`` (UTF-8) em ``destino`` por arquivo temporário + ``os.replace``."""
    destino = Path(destino)
    descritor, temporario = tempfile.mkstemp(prefix=f".{destino.name[:40]}.",
                                             suffix=".tmp", dir=destino.parent)
    try:
        with os.fdopen(descritor, "w", encoding="utf-8", newline="") as arq:
            arq.write(conteudo)
            arq.flush()
            os.fsync(arq.fileno())
        os.chmod(temporario, 0o644)
        os.replace(temporario, destino)
    except BaseException:
        try:
            os.unlink(temporario)
        except OSError:
            pass
        raise


def relatorio(linha: Linha, nome: str) -> str:
    """Relatório em português para o aluno (sem entradas de correção nem solução)."""
    partes = [f"# Correção do exercício `{nome}`", "",
              f"- Arquivo: `{texto_seguro(linha.arquivo)}`",
              f"- Nota: {linha.total:g} de {linha.maximo:g} "
              f"({100 * linha.total / linha.maximo:.0f} %)",
              f"- Situação: {linha.status}", "", "## Funções", ""]
    for funcao, pts, maximo, mensagem in linha.detalhes:
        marca = "✔" if pts == maximo else "✘"
        partes.append(f"- {marca} `{funcao}` ({pts:g}/{maximo:g}): {texto_seguro(mensagem)}")
    if linha.status in ("arquivo inválido", "erro do corretor"):
        partes.append(f"- O arquivo não pôde ser corrigido: {texto_seguro(linha.motivo)}")
    partes += ["", "As entradas usadas na correção são sorteadas na hora e diferem das "
               "do notebook; compare o seu código com o enunciado e com as dicas das "
               "células de verificação.", ""]
    return "\n".join(partes)


def conteudo_csv(funcoes: list[str], linhas: list[Linha]) -> str:
    """O CSV de notas como texto: uma linha por entrega, uma coluna por função."""
    saida = io.StringIO()
    escritor = csv.writer(saida, lineterminator="\r\n")
    escritor.writerow(["aluno", "arquivo", *funcoes, *COLUNAS_FINAIS])
    for linha in linhas:
        escritor.writerow([campo_csv(linha.aluno), campo_csv(linha.arquivo),
                           *[f"{linha.pontos.get(f, 0.0):g}" for f in funcoes],
                           f"{linha.total:g}", f"{linha.maximo:g}",
                           f"{100 * linha.total / linha.maximo:.1f}",
                           campo_csv(linha.status), campo_csv(linha.motivo),
                           campo_csv(linha.relatorio), str(linha.notebooks_do_aluno),
                           campo_csv(linha.isolamento), campo_csv(linha.lms_id),
                           campo_csv(linha.lms_nome)])
    return saida.getvalue()


def gravar_csv(saida: Path, funcoes: list[str], linhas: list[Linha]) -> None:
    """Grava o CSV de notas de uma vez, atomicamente."""
    saida.parent.mkdir(parents=True, exist_ok=True)
    gravar_atomico(saida, conteudo_csv(funcoes, linhas))


def _base_relatorio(arquivo: str) -> str:
    seguro = "".join(c if (c.isascii() and (c.isalnum() or c in "._-")) else "_"
                     for c in sem_extensao(arquivo))
    return seguro.lstrip("._-").rstrip("._")[:MAX_NOME_RELATORIO] or "entrega"


def nomes_relatorios(linhas: list[Linha]) -> list[str]:
    """Um nome de relatório por linha, todos distintos (também sem diferenciar caixa).

    ``ana.ipynb`` → ``ana.md``. Quando o nome simplificado perde informação (pastas,
    acentos, caracteres estranhos) ou coincidiria com o de outra linha, ganha um sufixo
    tirado do caminho completo: ``ana/entrega.ipynb`` e ``ana_entrega.ipynb`` não
    escrevem o mesmo arquivo. Determinístico: a mesma pasta dá os mesmos nomes.
    """
    bases = [_base_relatorio(linha.arquivo) for linha in linhas]
    contagem: dict[str, int] = {}
    for base in bases:
        contagem[base.casefold()] = contagem.get(base.casefold(), 0) + 1
    exatos = [contagem[b.casefold()] == 1 and b == sem_extensao(l.arquivo)
              for l, b in zip(linhas, bases)]
    usados = {b.casefold() for b, exato in zip(bases, exatos) if exato}
    nomes = []
    for linha, base, exato in zip(linhas, bases, exatos):
        nome = base
        if not exato:
            resumo = hashlib.sha256(linha.arquivo.encode("utf-8", "surrogatepass")).hexdigest()
            n = 8
            nome = f"{base}-{resumo[:n]}"
            while nome.casefold() in usados and n < len(resumo):
                n += 4
                nome = f"{base}-{resumo[:n]}"
            usados.add(nome.casefold())
        nomes.append(nome + ".md")
    return nomes


def gravar_relatorios(pasta: Path, linhas: list[Linha], nome: str, avisar=print) -> int:
    """Um relatório ``.md`` por entrega na ``pasta``; devolve quantos não foram gravados.

    Cada relatório é gravado atomicamente; um que falhe (disco cheio, permissão) vira
    aviso e não impede os outros nem o CSV.
    """
    pasta.mkdir(parents=True, exist_ok=True)
    falhas = 0
    for linha, nome_arq in zip(linhas, nomes_relatorios(linhas)):
        linha.relatorio = nome_arq
        try:
            gravar_atomico(pasta / nome_arq, relatorio(linha, nome))
        except Exception as erro:  # noqa: BLE001 - um relatório não derruba o lote
            falhas += 1
            linha.relatorio = ""
            avisar(f"AVISO: não consegui gravar o relatório {nome_arq} "
                   f"({getattr(erro, 'strerror', None) or type(erro).__name__})")
    return falhas
