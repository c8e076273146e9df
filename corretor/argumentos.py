"""Linha de comando em português: ``--help`` e erros de uso do ``argparse`` traduzidos.

Todos os comandos do curso (``python -m corretor``, ``livro.exercicios``,
``livro.cadernos`` e os scripts de ``benchmarks/``) usam :class:`ArgumentParserPt`.
O ``argparse`` busca cada texto de interface pela função ``argparse._`` na hora de
usá-lo; a tradução troca essa função só enquanto o analisador trabalha, sem mudar o
``argparse`` para o resto do programa.
"""

from __future__ import annotations

import argparse
import contextlib

__all__ = ["ArgumentParserPt", "FormatoPt", "TRADUCOES"]

TRADUCOES = {
    "usage: ": "uso: ",
    "options": "opções",
    "optional arguments": "opções",
    "positional arguments": "argumentos",
    "show this help message and exit": "mostra esta ajuda e sai",
    "%(prog)s: error: %(message)s\n": "%(prog)s: erro: %(message)s\n",
    "the following arguments are required: %s": "estes argumentos são obrigatórios: %s",
    "unrecognized arguments: %s": "argumentos não reconhecidos: %s",
    "expected one argument": "esperava um valor",
    "expected at least one argument": "esperava pelo menos um valor",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "escolha inválida: %(value)r (escolha entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor inválido para %(type)s: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "opção ambígua: %(option)s pode ser %(matches)s",
    "not allowed with argument %s": "não pode ser usado junto com o argumento %s",
    "one of the arguments %s is required": "um destes argumentos é obrigatório: %s",
}


@contextlib.contextmanager
def _em_portugues():
    original = argparse._
    argparse._ = lambda texto: TRADUCOES.get(texto, original(texto))
    try:
        yield
    finally:
        argparse._ = original


class FormatoPt(argparse.HelpFormatter):
    """Formatador da ajuda com "uso:" no lugar de "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "uso: ")


class ArgumentParserPt(argparse.ArgumentParser):
    """``ArgumentParser`` com ajuda, títulos e mensagens de erro em português."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FormatoPt)
        ajuda = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opções"
        if ajuda:
            self.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")

    def parse_args(self, args=None, namespace=None):
        with _em_portugues():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _em_portugues():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with _em_portugues():
            return super().format_usage()

    def format_help(self):
        with _em_portugues():
            return super().format_help()

    def error(self, message):
        with _em_portugues():
            super().error(message)
