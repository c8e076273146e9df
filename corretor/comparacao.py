"""Uma só verdade para o notebook e para o corretor: transporte, comparação e estrutura.

Este módulo usa só a biblioteca padrão e o numpy. Ele é usado:

- pelo corretor, no processo confiável (comparar a saída com a esperada, conferir que
  os argumentos não mudaram) e dentro da caixa de areia (codificar os dados, achar
  objetos devolvidos que compartilham memória, classificar uma exceção);
- pelo notebook do aluno: ``python -m livro.exercicios gerar`` copia este arquivo, tal
  e qual, para a célula de ferramentas de cada exercício (um teste confere a cópia).

Toda mensagem daqui é um texto fixo: nada do que ela diz vem das entradas de correção.
"""

import base64
import json
import math

import numpy as np

TIPOS_ARRAY = {"float64": "<f8", "int64": "<i8", "bool": "|b1"}
MAX_ELEMENTOS = 2_000_000
MAX_PROFUNDIDADE = 12
MAX_TEXTO = 2000


class ErroCodificacao(ValueError):
    """Valor que não pode ser transportado entre processos."""


# ------------------------------------------------------------------ transporte (JSON)

def codificar(obj, profundidade=0):
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
        return {"t": "tuple" if isinstance(obj, tuple) else "list",
                "v": [codificar(x, profundidade + 1) for x in obj]}
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj):
            raise ErroCodificacao("dicionário com chaves que não são texto")
        return {"t": "dict",
                "v": {str(k): codificar(v, profundidade + 1) for k, v in obj.items()}}
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "b":
            nome = "bool"
        elif obj.dtype.kind in "iu":
            nome = "int64"
        elif obj.dtype.kind == "f":
            nome = "float64"
        else:
            raise ErroCodificacao("array de tipo não suportado")
        if obj.size > MAX_ELEMENTOS:
            raise ErroCodificacao("array grande demais")
        dados = np.ascontiguousarray(obj, dtype=TIPOS_ARRAY[nome]).tobytes()
        return {"t": "array", "dtype": nome, "shape": [int(n) for n in obj.shape],
                "dados": base64.b64encode(dados).decode("ascii")}
    raise ErroCodificacao("tipo de valor não suportado")


def _flutuante(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def decodificar(dado, profundidade=0, orcamento=None):
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
    if tipo == "int" and type(dado.get("v")) is int and abs(dado["v"]) <= 2**62:
        return dado["v"]
    if tipo == "float":
        v = dado.get("v")
        if v in ("nan", "inf", "-inf"):
            return float(v)
        if type(v) is float or (type(v) is int and abs(v) <= 2**62):
            return float(v)
    if tipo == "str" and isinstance(dado.get("v"), str):
        return dado["v"][:MAX_TEXTO]
    if tipo in ("list", "tuple") and isinstance(dado.get("v"), list):
        orcamento[0] -= len(dado["v"])
        if orcamento[0] < 0:
            raise ErroCodificacao("dado grande demais")
        itens = [decodificar(x, profundidade + 1, orcamento) for x in dado["v"]]
        return tuple(itens) if tipo == "tuple" else itens
    if tipo == "dict" and isinstance(dado.get("v"), dict):
        orcamento[0] -= len(dado["v"])
        if orcamento[0] < 0:
            raise ErroCodificacao("dado grande demais")
        return {str(k): decodificar(v, profundidade + 1, orcamento)
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
        dtype = np.dtype(TIPOS_ARRAY[nome])
        if len(b64) > 4 * (total * dtype.itemsize // 3 + 2):
            raise ErroCodificacao("array com tamanho incoerente")
        bruto = base64.b64decode(b64.encode("ascii"), validate=True)
        if len(bruto) != total * dtype.itemsize:
            raise ErroCodificacao("array com tamanho incoerente")
        return np.frombuffer(bruto, dtype=dtype).reshape(forma).copy()
    raise ErroCodificacao("dado malformado")


def para_texto(obj):
    return json.dumps(codificar(obj), separators=(",", ":"))


def de_texto(texto):
    return decodificar(json.loads(texto))


# ------------------------------------------------------------------ comparação

NAN = ("a saída tem NaN ou infinito: procure uma divisão por zero, um log de 0, uma "
       "exponencial que estourou ou um β^t com t = 0 na correção de viés.")


def comparar(esperado, obtido, rtol, atol, lista_ok=False):
    """``None`` se ``obtido`` confere com ``esperado``; senão, um texto fixo em português."""
    if isinstance(esperado, dict):
        if not isinstance(obtido, dict):
            return "devolva um dicionário, como diz o enunciado."
        if set(esperado) - set(obtido):
            return "faltam chaves no dicionário devolvido: confira os nomes das chaves."
        for chave in sorted(esperado):
            motivo = comparar(esperado[chave], obtido[chave], rtol, atol, lista_ok)
            if motivo:
                return motivo
        return None
    if isinstance(esperado, (list, tuple)):
        if not isinstance(obtido, (list, tuple)):
            return f"devolva uma tupla com {len(esperado)} itens, como diz o enunciado."
        if len(obtido) != len(esperado):
            return f"devolva uma tupla com {len(esperado)} itens, como diz o enunciado."
        for e, o in zip(esperado, obtido):
            motivo = comparar(e, o, rtol, atol, lista_ok)
            if motivo:
                return motivo
        return None
    if esperado is None or isinstance(esperado, str):
        return None if obtido == esperado else "valores diferentes dos esperados."
    if obtido is None:
        return "a função devolveu None: falta o `return`?"
    if isinstance(obtido, (dict, str)):
        return "devolva um número ou um array do numpy, como diz o enunciado."
    if isinstance(esperado, np.ndarray) and esperado.ndim > 0:
        if isinstance(obtido, (list, tuple)) and not lista_ok:
            return "devolva um array do numpy (np.array(...)), não uma lista."
        if not isinstance(obtido, (np.ndarray, list, tuple)):
            return "devolva um array do numpy, não um número só."
    elif isinstance(obtido, (list, tuple)) or (isinstance(obtido, np.ndarray) and obtido.size != 1):
        return "devolva um número só, não um array nem uma lista."
    try:
        e = np.asarray(esperado, dtype=np.float64)
        o = np.asarray(obtido, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return "a saída não é numérica (ou tem partes de formatos diferentes)."
    if e.shape != o.shape:
        if not (e.size == 1 and o.size == 1):
            return "formato (shape) errado na saída: confira o enunciado."
        o = o.reshape(e.shape)
    if not np.all(np.isfinite(o)) and np.all(np.isfinite(e)):
        return NAN
    if not np.allclose(o, e, rtol=rtol, atol=atol, equal_nan=True):
        return "valores diferentes dos esperados."
    return None


# ------------------------------------------------------------------ estrutura

def alterados(antes, depois):
    """Índices dos argumentos que a função mudou no lugar (``antes`` e ``depois`` decodificados)."""
    return [i for i, (a, d) in enumerate(zip(antes, depois)) if not _iguais(a, d)]


def _iguais(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(_iguais(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return (isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(_iguais(x, y) for x, y in zip(a, b)))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return (np.shape(a) == np.shape(b)
                    and bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)))
        except (TypeError, ValueError):
            return False
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _objetos(valor, profundidade=0):
    """Arrays, listas e dicionários dentro de ``valor`` (até uma profundidade razoável)."""
    if profundidade > MAX_PROFUNDIDADE:
        return []
    if isinstance(valor, np.ndarray):
        return [valor]
    if isinstance(valor, dict):
        filhos = list(valor.values())
    elif isinstance(valor, (list, tuple)):
        filhos = list(valor)
    else:
        return []
    saida = [valor] if not isinstance(valor, tuple) else []
    for filho in filhos:
        saida += _objetos(filho, profundidade + 1)
    return saida


def _mesma_memoria(a, b, compartilha):
    if a is b:
        return True
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.size and b.size:
        try:
            return bool(compartilha(a, b))
        except Exception:  # noqa: BLE001 - na dúvida, não acusa
            return False
    return False


APELIDO_SAIDA = ("dois dos objetos devolvidos são o mesmo objeto (ou dividem a memória): "
                 "crie cada um separadamente (por exemplo, v e s com dois np.zeros_like).")
APELIDO_ARGUMENTO = ("a saída é (ou divide a memória com) um dos argumentos recebidos: "
                     "devolva arrays novos, sem reaproveitar os de entrada.")


def apelidos(saida, argumentos, compartilha=None):
    """Código do problema de memória compartilhada (``"saida"``/``"argumento"``) ou ``None``."""
    compartilha = compartilha or np.shares_memory
    de_saida = _objetos(saida)
    for i, a in enumerate(de_saida):
        for b in de_saida[i + 1:]:
            if _mesma_memoria(a, b, compartilha) and not _contem(a, b) and not _contem(b, a):
                return "saida"
    de_argumentos = []
    for arg in argumentos:
        de_argumentos += _objetos(arg)
    for a in de_saida:
        for b in de_argumentos:
            if _mesma_memoria(a, b, compartilha):
                return "argumento"
    return None


def _contem(recipiente, objeto):
    if isinstance(recipiente, dict):
        return any(v is objeto or _contem(v, objeto) for v in recipiente.values())
    if isinstance(recipiente, (list, tuple)):
        return any(v is objeto or _contem(v, objeto) for v in recipiente)
    return False


def texto_apelido(codigo):
    return {"saida": APELIDO_SAIDA, "argumento": APELIDO_ARGUMENTO}.get(codigo)


def texto_alterado(nome_argumento):
    return (f"a função alterou o argumento `{nome_argumento}` no lugar (por exemplo, com "
            "`-=`, `+=` ou atribuindo a uma posição dele): calcule um valor novo e deixe o "
            "argumento como veio.")


# ------------------------------------------------------------------ exceções

DICAS = {
    "math": "funções do módulo math (math.exp, math.log, math.sqrt) só aceitam um número; "
            "com arrays use as do numpy: np.exp, np.log, np.sqrt.",
    "matmul": "as formas (shapes) não casam num produto de matrizes (@ ou np.dot): confira a "
              "forma de cada termo e a ordem do produto (cada exemplo é uma linha: X @ W).",
    "broadcast": "as formas (shapes) não casam numa operação elemento a elemento: confira as "
                 "formas; talvez falte keepdims=True ou o eixo certo (axis).",
    "chave": "uma chave não existe no dicionário: confira os nomes das chaves "
             "(\"W1\", \"b1\", \"dW1\", ...) e percorra as do dicionário recebido.",
    "nome": "um nome não está definido: dentro da função use só os argumentos e o que o "
            "notebook define antes dela (na correção, as variáveis globais do notebook não existem).",
    "none": "uma conta recebeu None: alguma função esqueceu o `return`?",
    "argumentos": "a função não aceitou os argumentos do enunciado: não mude os nomes, a "
                  "ordem nem a quantidade de argumentos.",
    "lista": "uma lista do Python não tem as operações de um array: converta com np.array(...).",
    "indice": "um índice saiu dos limites: confira as formas e os eixos.",
    "divisao": "divisão por zero.",
    "recursao": "recursão sem fim: a função chama a si mesma?",
    "concatenar": "arrays de formas diferentes não se juntam assim: achate cada um com "
                  "np.ravel antes de concatenar.",
    "desempacotar": "o número de valores devolvidos não é o esperado: confira o `return` "
                    "(e o que as funções chamadas devolvem).",
}


def classificar_excecao(erro):
    """Código (de :data:`DICAS`) de uma exceção comum, ou ``None``. Só olha tipo e texto."""
    try:
        texto = str(erro)[:500]
    except Exception:  # noqa: BLE001 - __str__ do aluno
        texto = ""
    if isinstance(erro, RecursionError):
        return "recursao"
    if isinstance(erro, NameError):
        return "nome"
    if isinstance(erro, KeyError):
        return "chave"
    if isinstance(erro, ZeroDivisionError):
        return "divisao"
    if isinstance(erro, IndexError):
        return "indice"
    if isinstance(erro, TypeError):
        if "size-1 array" in texto or "length-1 array" in texto or "only 0-dimensional" in texto:
            return "math"
        if "NoneType" in texto:
            return "none"
        if "positional argument" in texto or "keyword argument" in texto:
            return "argumentos"
        if "'list'" in texto or "list indices" in texto:
            return "lista"
    if isinstance(erro, AttributeError) and "'list'" in texto:
        return "lista"
    if isinstance(erro, ValueError):
        if "matmul" in texto or "not aligned" in texto:
            return "matmul"
        if "broadcast" in texto:
            return "broadcast"
        if "unpack" in texto:
            return "desempacotar"
        if "concatenat" in texto or "same number of dimensions" in texto \
                or "array dimensions" in texto:
            return "concatenar"
    return None


# ------------------------------------------------------------------ julgamento

def julgar_caso(info, esperado, obtido, antes, depois, apelido):
    """Texto fixo do primeiro problema de um caso (ou ``None``), igual no notebook e no corretor.

    ``info``: a verdade declarada da função (tolerâncias, nomes dos argumentos, se aceita
    lista, se a saída é comparada); ``antes``/``depois``: os argumentos antes e depois da
    chamada; ``apelido``: o código devolvido por :func:`apelidos`.
    """
    mudou = alterados(antes, depois)
    if mudou:
        nomes = info.get("argumentos") or []
        i = mudou[0]
        return texto_alterado(nomes[i] if i < len(nomes) else f"nº {i + 1}")
    if apelido:
        return texto_apelido(apelido) or APELIDO_SAIDA
    if not info.get("comparar", True):
        return None
    return comparar(esperado, obtido, info["rtol"], info["atol"], info.get("lista_ok", False))


def _do_aluno(erro, codigos):
    """A exceção passou por dentro de uma das funções corrigidas (``codigos``)?"""
    quadro = erro.__traceback__
    while quadro is not None:
        if quadro.tb_frame.f_code in codigos:
            return True
        quadro = quadro.tb_next
    return False


def rodar_diagnosticos(diagnosticos, codigos):
    """Roda em ordem os diagnósticos ``[(mensagem, teste), ...]`` de uma função.

    Devolve ``(None, None)`` se todos passam; ``(i, None)`` se o i-ésimo falhou (o teste
    devolveu falso, ou quebrou fora das funções do aluno); ``(i, erro)`` se uma função
    corrigida levantou ``erro`` durante o i-ésimo. ``NotImplementedError`` sobe.
    """
    for i, (_, teste) in enumerate(diagnosticos):
        try:
            with np.errstate(all="ignore"):
                certo = bool(teste())
        except NotImplementedError:
            raise
        except Exception as erro:  # noqa: BLE001 - vira dica
            if _do_aluno(erro, codigos):
                return i, erro
            certo = False
        if not certo:
            return i, None
    return None, None
