"""O que volta da caixa de areia: leitura limitada da saída do lançador e validação.

Tudo o que chega daqui é dado **não confiável** (o código do aluno pode ter escrito
qualquer coisa): a saída do lançador é lida até um teto, separada em quadros por nome
e cada JSON é validado antes de qualquer uso.
"""

from __future__ import annotations

import json
import os
import threading

MAX_DIGITOS_INTEIRO = 19                   # |n| < 10**19: cabe em int64/float64


class Leitor(threading.Thread):
    """Lê a saída do lançador até ``maximo`` bytes; além disso, marca ``excedeu`` e para."""

    def __init__(self, fluxo, maximo: int):
        super().__init__(daemon=True)
        self.fluxo, self.maximo = fluxo, maximo
        self.dados = bytearray()
        self.excedeu = False

    def run(self):
        try:
            while True:
                bloco = os.read(self.fluxo.fileno(), 1 << 16)
                if not bloco:
                    return
                if len(self.dados) + len(bloco) > self.maximo:
                    self.excedeu = True
                    return
                self.dados += bloco
        except (OSError, ValueError):
            return


def json_validado(dados: bytes):
    """JSON de uma fonte não confiável: inteiros de até 19 dígitos, sem NaN/Infinity."""
    def inteiro(texto):
        if len(texto.lstrip("-")) > MAX_DIGITOS_INTEIRO:
            raise ValueError("inteiro grande demais")
        return int(texto)

    def constante(texto):
        raise ValueError(f"constante {texto} não permitida")

    try:
        return json.loads(dados.decode("utf-8"), parse_int=inteiro, parse_constant=constante)
    except (ValueError, RecursionError, UnicodeDecodeError, MemoryError):
        return None


def quadros(dados: bytes, maximos: dict[str, int]) -> dict[str, bytes | None]:
    """Separa a saída do lançador em {nome: conteúdo}; ``None`` = acima do limite.

    Só nomes esperados, o primeiro quadro de cada nome vale; qualquer incoerência
    encerra a leitura (o que veio antes continua valendo).
    """
    vistos: dict[str, bytes | None] = {}
    pos = 0
    while pos < len(dados):
        fim = dados.find(b"\n", pos, pos + 512)
        if fim < 0:
            break
        cabecalho = json_validado(bytes(dados[pos:fim]))
        if not (isinstance(cabecalho, dict) and isinstance(cabecalho.get("nome"), str)
                and type(cabecalho.get("tamanho")) is int and cabecalho["tamanho"] >= 0):
            break
        nome, tamanho = cabecalho["nome"], cabecalho["tamanho"]
        conteudo = bytes(dados[fim + 1:fim + 1 + tamanho])
        if len(conteudo) < tamanho:
            break
        pos = fim + 1 + tamanho
        grande = nome.startswith("grande:")
        nome = nome.removeprefix("grande:")
        if nome in maximos and nome not in vistos:
            vistos[nome] = None if grande or tamanho > maximos[nome] else conteudo
    return vistos
