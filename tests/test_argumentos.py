"""A linha de comando do curso fala português: ajuda e erros de uso."""

import argparse

import pytest

from corretor.argumentos import ArgumentParserPt


def _parser():
    parser = ArgumentParserPt(prog="teste", description="Um comando de teste.")
    parser.add_argument("pasta", help="uma pasta")
    parser.add_argument("--modo", choices=["a", "b"], required=True)
    parser.add_argument("--n", type=int, default=1)
    return parser


def test_ajuda_em_portugues():
    texto = _parser().format_help()
    assert texto.startswith("uso: teste")
    assert "argumentos:" in texto and "opções:" in texto and "mostra esta ajuda e sai" in texto
    assert "usage" not in texto and "show this help" not in texto


@pytest.mark.parametrize("argv, trecho", [
    ([], "estes argumentos são obrigatórios: pasta, --modo"),
    (["p", "--modo", "c"], "escolha inválida: 'c' (escolha entre 'a', 'b')"),
    (["p", "--modo", "a", "--n", "x"], "valor inválido para int: 'x'"),
    (["p", "--modo", "a", "--extra"], "argumentos não reconhecidos: --extra"),
    (["p", "--modo"], "argumento --modo: esperava um valor"),
])
def test_erros_de_uso_em_portugues(argv, trecho, capsys):
    with pytest.raises(SystemExit) as saida:
        _parser().parse_args(argv)
    assert saida.value.code == 2
    erro = capsys.readouterr().err
    assert "teste: erro: " in erro and trecho in erro


def test_nao_muda_o_argparse_do_resto_do_programa():
    _parser().format_help()
    assert argparse._("usage: ") == "usage: "
    assert "usage:" in argparse.ArgumentParser(prog="x").format_usage()
