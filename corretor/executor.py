"""Executor de uma entrega, rodado DENTRO da caixa de areia do corretor.

Este arquivo é copiado para o diretório de trabalho descartável de cada entrega e
executado por um Python isolado (``python -I``). Ele não importa o pacote ``curso``.

Protocolo (só dados, nunca pickle):

- lê ``tarefa.json``: as instruções de definição (imports, ``def``, ``class`` e
  atribuições simples) de cada célula e, para cada função corrigida, a lista de
  casos (argumentos codificados);
- executa as definições, chama cada função com cada caso e grava
  ``resultado_<k>.json`` logo depois da função ``k`` (assim um laço infinito na
  função ``k`` não apaga os resultados das anteriores).

O codificador/decodificador de dados (``codificar``/``decodificar``) também é usado
pelo processo confiável, que valida tudo o que lê.
"""

import base64
import json
import math
import os
import sys

TIPOS_ARRAY = {"float64": "<f8", "int64": "<i8", "bool": "|b1"}
MAX_ELEMENTOS = 2_000_000
MAX_PROFUNDIDADE = 12
MAX_TEXTO = 2000


class ErroCodificacao(ValueError):
    """Valor que não pode ser transportado entre processos."""


def codificar(obj, np, profundidade=0):
    """Transforma ``obj`` em estrutura JSON pura (arrays em base64)."""
    if profundidade > MAX_PROFUNDIDADE:
        raise ErroCodificacao("estrutura aninhada demais")
    if obj is None:
        return {"t": "none"}
    if isinstance(obj, (bool, np.bool_)):
        return {"t": "bool", "v": bool(obj)}
    if isinstance(obj, (int, np.integer)):
        valor = int(obj)
        if abs(valor) > 2**62:
            return {"t": "float", "v": _flutuante(float(valor))}
        return {"t": "int", "v": valor}
    if isinstance(obj, (float, np.floating)):
        return {"t": "float", "v": _flutuante(float(obj))}
    if isinstance(obj, str):
        return {"t": "str", "v": str(obj)[:MAX_TEXTO]}
    if isinstance(obj, (list, tuple)):
        if len(obj) > 10_000:
            raise ErroCodificacao("lista longa demais")
        return {"t": "list", "v": [codificar(x, np, profundidade + 1) for x in obj]}
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise ErroCodificacao("dicionário com chaves que não são texto")
        return {"t": "dict",
                "v": {str(k): codificar(v, np, profundidade + 1) for k, v in obj.items()}}
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "b":
            nome = "bool"
        elif obj.dtype.kind in "iu":
            nome = "int64"
        elif obj.dtype.kind == "f":
            nome = "float64"
        else:
            raise ErroCodificacao(f"array de tipo não suportado ({obj.dtype})")
        if obj.size > MAX_ELEMENTOS:
            raise ErroCodificacao("array grande demais")
        dados = np.ascontiguousarray(obj, dtype=TIPOS_ARRAY[nome]).tobytes()
        return {"t": "array", "dtype": nome, "shape": [int(n) for n in obj.shape],
                "dados": base64.b64encode(dados).decode("ascii")}
    raise ErroCodificacao(f"tipo de valor não suportado ({type(obj).__name__})")


def _flutuante(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def decodificar(dado, np, profundidade=0, orcamento=None):
    """Inverso de :func:`codificar`, validando cada campo (seguro para dados hostis)."""
    if orcamento is None:
        orcamento = [MAX_ELEMENTOS]
    if profundidade > MAX_PROFUNDIDADE + 2 or not isinstance(dado, dict):
        raise ErroCodificacao("dado malformado")
    tipo = dado.get("t")
    if tipo == "none":
        return None
    if tipo == "bool" and isinstance(dado.get("v"), bool):
        return dado["v"]
    if tipo == "int" and type(dado.get("v")) is int:
        return dado["v"]
    if tipo == "float":
        v = dado.get("v")
        if v in ("nan", "inf", "-inf"):
            return float(v)
        if type(v) in (int, float):
            return float(v)
    if tipo == "str" and isinstance(dado.get("v"), str):
        return dado["v"][:MAX_TEXTO]
    if tipo == "list" and isinstance(dado.get("v"), list):
        orcamento[0] -= len(dado["v"])
        if orcamento[0] < 0:
            raise ErroCodificacao("dado grande demais")
        return [decodificar(x, np, profundidade + 1, orcamento) for x in dado["v"]]
    if tipo == "dict" and isinstance(dado.get("v"), dict):
        return {str(k): decodificar(v, np, profundidade + 1, orcamento)
                for k, v in dado["v"].items()}
    if tipo == "array":
        nome, forma, b64 = dado.get("dtype"), dado.get("shape"), dado.get("dados")
        if (nome not in TIPOS_ARRAY or not isinstance(forma, list) or len(forma) > 8
                or not all(type(n) is int and 0 <= n <= MAX_ELEMENTOS for n in forma)
                or not isinstance(b64, str)):
            raise ErroCodificacao("array malformado")
        total = 1
        for n in forma:
            total *= n
        orcamento[0] -= total
        if orcamento[0] < 0:
            raise ErroCodificacao("dado grande demais")
        bruto = base64.b64decode(b64.encode("ascii"), validate=True)
        dtype = np.dtype(TIPOS_ARRAY[nome])
        if len(bruto) != total * dtype.itemsize:
            raise ErroCodificacao("array com tamanho incoerente")
        return np.frombuffer(bruto, dtype=dtype).reshape(forma).copy()
    raise ErroCodificacao("dado malformado")


class _SaidaLimitada:
    """Substitui stdout/stderr: aceita escrita e descarta tudo (saída enorme é inócua)."""

    encoding = "utf-8"

    def write(self, texto):
        return len(texto) if isinstance(texto, str) else 0

    def flush(self):
        pass

    def isatty(self):
        return False


def _gravar(caminho, conteudo):
    temporario = caminho + ".tmp"
    with open(temporario, "w", encoding="utf-8") as arq:
        json.dump(conteudo, arq)
    os.replace(temporario, caminho)


def _descrever(erro):
    """Descreve uma exceção da entrega **sem a mensagem** (que poderia carregar as entradas).

    Vão só o tipo (a primeira classe embutida do Python na hierarquia da exceção) e o
    lugar, no código do próprio aluno, onde ela surgiu: célula e linha.
    """
    import builtins

    tipo = "Exception"
    for classe in type(erro).__mro__:
        if getattr(builtins, classe.__name__, None) is classe:
            tipo = classe.__name__
            break
    celula = linha = None
    quadro = erro.__traceback__
    while quadro is not None:
        arquivo = quadro.tb_frame.f_code.co_filename
        if arquivo.startswith("<célula ") and arquivo.endswith(">"):
            try:
                celula, linha = int(arquivo[8:-1]), int(quadro.tb_lineno)
            except ValueError:
                pass
        quadro = quadro.tb_next
    return {"tipo": tipo, "celula": celula, "linha": linha}


def _compilar(instrucao):
    """Compila uma instrução com os números de linha que ela tem na célula."""
    import ast

    arvore = ast.parse(instrucao["codigo"])
    deslocamento = int(instrucao.get("linha", 1)) - 1
    if deslocamento > 0:
        ast.increment_lineno(arvore, deslocamento)
    return compile(arvore, f"<célula {instrucao['celula']}>", "exec")


def principal(pasta):
    import numpy as np  # importado antes de qualquer código da entrega

    with open(os.path.join(pasta, "tarefa.json"), encoding="utf-8") as arq:
        tarefa = json.load(arq)
    nulo = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nulo, 1)
    os.dup2(nulo, 2)
    sys.stdout = sys.stderr = _SaidaLimitada()
    sys.stdin = open(os.devnull, encoding="utf-8")

    ambiente = {"__name__": "__main__", "__builtins__": __builtins__}
    erros_definicao = []
    for instrucao in tarefa["instrucoes"]:
        try:
            exec(_compilar(instrucao), ambiente)
        except BaseException as erro:  # noqa: BLE001 - tudo vira dado
            erros_definicao.append({"celula": instrucao["celula"], **_descrever(erro)})
    _gravar(os.path.join(pasta, "definicoes.json"), {"erros": erros_definicao[:20]})

    for k, funcao in enumerate(tarefa["funcoes"]):
        nome = funcao["nome"]
        alvo = ambiente.get(nome)
        if not callable(alvo):
            _gravar(os.path.join(pasta, f"resultado_{k}.json"), {"ausente": True})
            continue
        casos = []
        for caso in funcao["casos"]:
            try:
                argumentos = decodificar(caso, np)
                saida = alvo(*argumentos)
            except BaseException as erro:  # noqa: BLE001 - inclui SystemExit e afins
                casos.append({"erro": _descrever(erro)})
                if isinstance(erro, (MemoryError, NotImplementedError)):
                    break
                continue
            try:
                casos.append({"saida": codificar(saida, np)})
            except BaseException as erro:  # noqa: BLE001 - retorno que não é dado puro
                casos.append({"erro": {"tipo": "RetornoInvalido"}})
        _gravar(os.path.join(pasta, f"resultado_{k}.json"), {"casos": casos})
    _gravar(os.path.join(pasta, "fim.json"), {"fim": True})


if __name__ == "__main__":
    principal(sys.argv[1])
    sys.stdout.flush()
    os._exit(0)
