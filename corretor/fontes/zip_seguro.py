"""Extração de um ``.zip`` de entregas (entrada NÃO confiável) para uma pasta de rascunho.

Só os notebooks (``.ipynb``) saem do zip; o resto é contado e avisado. Garantias:

- nenhuma entrada escapa do rascunho: caminhos absolutos, com unidade (``C:``), com
  ``..`` ou com caracteres de controle são recusados; links simbólicos nunca são criados;
- zip-bomba: o diretório central é medido **antes** de ser lido (quantidade de
  entradas), e cada byte descompactado é contado durante a cópia (nunca se confia no
  tamanho declarado): acima de ``max_arquivo_mb`` por arquivo ou ``max_total_mb`` no
  total, a extração para com uma mensagem clara;
- memória limitada: a cópia é em blocos de 1 MB.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from corretor.entregas import ErroDoLote
from corretor.relatorio import eh_notebook, texto_seguro

BLOCO = 1 << 20


@dataclass(frozen=True)
class LimitesZip:
    max_entradas: int = 20_000
    max_arquivo_mb: int = 64
    max_total_mb: int = 4096


def entradas_declaradas(caminho: Path) -> int | None:
    """Quantas entradas o fim do diretório central declara (lido sem carregar o zip)."""
    with open(caminho, "rb") as arq:
        arq.seek(0, os.SEEK_END)
        tamanho = arq.tell()
        arq.seek(max(0, tamanho - 65_557))
        cauda = arq.read()
    pos = cauda.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(cauda):
        return None
    total = struct.unpack("<H", cauda[pos + 10:pos + 12])[0]
    if total == 0xFFFF and pos >= 20 and cauda[pos - 20:pos - 16] == b"PK\x06\x07":
        inicio64 = struct.unpack("<Q", cauda[pos - 12:pos - 4])[0]
        with open(caminho, "rb") as arq:
            arq.seek(inicio64)
            registro = arq.read(56)
        if registro[:4] == b"PK\x06\x06" and len(registro) == 56:
            total = struct.unpack("<Q", registro[32:40])[0]
    return total


def caminho_seguro(nome: str) -> str | None:
    """O caminho relativo da entrada, ou ``None`` se ela sairia do rascunho."""
    nome = nome.replace("\\", "/")
    if not nome or nome.startswith("/") or (len(nome) > 1 and nome[1] == ":"):
        return None
    partes = [p for p in PurePosixPath(nome).parts if p not in ("", ".")]
    if not partes or any(p == ".." or not p.isprintable() or len(p.encode()) > 255
                         for p in partes):
        return None
    return "/".join(partes)


def _eh_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _copiar(zipado: zipfile.ZipFile, info, destino: Path, resta: int, limite: int) -> int:
    """Copia uma entrada contando os bytes; devolve quantos. Levanta ErroDoLote se passar."""
    copiados = 0
    with zipado.open(info) as origem, open(destino, "xb") as saida:
        while bloco := origem.read(BLOCO):
            copiados += len(bloco)
            if copiados > limite:
                raise ErroDoLote(f"a entrada {texto_seguro(info.filename)} do zip passa de "
                                 f"{limite >> 20} MB descompactada (zip-bomba?); nada foi "
                                 "corrigido")
            if copiados > resta:
                raise ErroDoLote("o zip descompactado passa do limite total de "
                                 "descompactação (zip-bomba?); nada foi corrigido")
            saida.write(bloco)
    return copiados


def extrair(caminho: Path, rascunho: Path, limites: LimitesZip = LimitesZip(),
            avisar=print) -> int:
    """Extrai os notebooks de ``caminho`` para ``rascunho``; devolve quantos extraiu."""
    declaradas = entradas_declaradas(caminho)
    if declaradas is None:
        raise ErroDoLote(f"{caminho} não é um zip válido (fim do diretório central ausente)")
    if declaradas > limites.max_entradas:
        raise ErroDoLote(f"o zip {caminho} tem {declaradas} entradas, mais que o limite de "
                         f"{limites.max_entradas}; nada foi corrigido")
    try:
        zipado = zipfile.ZipFile(caminho)
    except (zipfile.BadZipFile, OSError, ValueError) as erro:
        raise ErroDoLote(f"{caminho} não é um zip legível ({erro})") from None
    recusadas, links, outros, extraidos, total = [], [], 0, 0, 0
    resta = limites.max_total_mb << 20
    with zipado:
        infos = zipado.infolist()
        if len(infos) > limites.max_entradas:
            raise ErroDoLote(f"o zip {caminho} tem mais de {limites.max_entradas} entradas")
        vistos: set[str] = set()
        for info in infos:
            if info.is_dir():
                continue
            relativo = caminho_seguro(info.filename)
            if relativo is None:
                recusadas.append(texto_seguro(info.filename))
            elif _eh_link(info):
                links.append(relativo)
            elif not eh_notebook(relativo) or "/.ipynb_checkpoints/" in f"/{relativo}":
                outros += 1
            elif relativo in vistos:
                recusadas.append(relativo + " (repetida)")
            else:
                vistos.add(relativo)
                destino = rascunho / relativo
                try:
                    destino.parent.mkdir(parents=True, exist_ok=True)
                    copiados = _copiar(zipado, info, destino, resta - total,
                                       limites.max_arquivo_mb << 20)
                except (OSError, zipfile.BadZipFile, NotImplementedError,
                        RuntimeError, EOFError) as erro:
                    recusadas.append(f"{relativo} ({type(erro).__name__})")
                    continue
                total += copiados
                extraidos += 1
    if recusadas:
        avisar(f"AVISO: {len(recusadas)} entrada(s) do zip recusada(s) (sairiam da pasta de "
               f"rascunho, repetidas ou ilegíveis): {', '.join(recusadas[:10])}.")
    if links:
        avisar(f"AVISO: {len(links)} link(s) simbólico(s) no zip ignorado(s) (nunca "
               f"criados): {', '.join(links[:10])}.")
    if outros:
        avisar(f"AVISO: {outros} arquivo(s) do zip ignorado(s) por não ser(em) notebook.")
    return extraidos
