"""Executor de uma entrega, rodado DENTRO da caixa de areia do corretor.

Este arquivo é copiado, junto com ``comparacao.py``, para o diretório de trabalho
descartável de cada entrega e executado por um Python isolado (``python -I``). No nível
do módulo ele só usa a biblioteca padrão; o numpy e ``comparacao.py`` (transporte dos
dados, memória compartilhada, classificação de exceções) são carregados em
:func:`principal`, antes de qualquer código da entrega.

Protocolo (só dados, nunca pickle). ``tarefa.json`` traz:

- ``instrucoes``: as definições de cada célula da entrega (imports, ``def``, ``class`` e
  atribuições sem chamadas) e, marcadas ``"confiavel"``, as células de ferramentas e de
  verificação da solução de referência (código público, o mesmo do notebook do aluno),
  que registram os diagnósticos de cada função;
- ``funcoes``: para cada função a corrigir, os casos (argumentos codificados) e,
  opcionalmente, ``referencias``/``injetar``: as definições de referência de funções
  **já corrigidas** de que ela depende, postas no lugar das do aluno antes de chamá-la.

Para cada função ``k``, roda os diagnósticos (até o primeiro que falha) e, se todos
passam, os casos; grava ``resultado_<k>.json`` logo depois (um laço infinito na função
``k`` não apaga os resultados das anteriores). Do diagnóstico que falhou vai só o
índice (a mensagem é um texto fixo que o processo confiável conhece); de uma exceção,
só o tipo, o lugar e o código de uma dica fixa.
"""

import json
import os
import sys

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
    if instrucao.get("confiavel") or instrucao.get("referencia"):
        return compile(arvore, "<verificação>", "exec")   # não é código do aluno
    return compile(arvore, f"<célula {instrucao['celula']}>", "exec")


def _carregar_comparacao():
    """Carrega ``comparacao.py`` (ao lado deste arquivo) sem depender do ``sys.path``."""
    import importlib.util

    caminho = os.path.join(os.path.dirname(os.path.abspath(__file__)), "comparacao.py")
    especificacao = importlib.util.spec_from_file_location("_comparacao_corretor", caminho)
    modulo = importlib.util.module_from_spec(especificacao)
    especificacao.loader.exec_module(modulo)
    return modulo


def _executar(instrucoes, ambiente):
    erros = []
    for instrucao in instrucoes:
        try:
            exec(_compilar(instrucao), ambiente)
        except BaseException as erro:  # noqa: BLE001 - tudo vira dado
            erros.append({"celula": instrucao.get("celula"), **_descrever(erro)})
    return erros


def _erro(erro, cmp, alvo=None):
    dado = _descrever(erro)
    quadro = erro.__traceback__
    while quadro is not None and quadro.tb_next is not None:
        quadro = quadro.tb_next
    # levantada no próprio código da função (e não numa dependência)?
    dado["na_funcao"] = bool(quadro is not None and alvo is not None
                             and quadro.tb_frame.f_code is getattr(alvo, "__code__", None))
    try:
        dado["dica"] = cmp.classificar_excecao(erro)
    except BaseException:  # noqa: BLE001
        dado["dica"] = None
    return dado


def _codigos(ambiente, nomes):
    codigos = set()
    for nome in nomes:
        codigo = getattr(ambiente.get(nome), "__code__", None)
        if codigo is not None:
            codigos.add(codigo)
    return codigos


def _corrigir(funcao, alvo, diagnosticos, ambiente, nomes, cmp, np, compartilha):
    """Diagnósticos e casos de uma função; devolve o dicionário do resultado."""
    resultado = {}
    if funcao.get("mensagens"):   # só na rodada da solução de referência
        resultado["mensagens"] = [str(m)[:2000] for m, _ in diagnosticos]
    try:
        indice, erro = cmp.rodar_diagnosticos(diagnosticos, _codigos(ambiente, nomes))
    except NotImplementedError as erro:
        resultado["diagnostico"] = {"indice": -1, "erro": _erro(erro, cmp, alvo)}
        return resultado
    except BaseException as erro:  # noqa: BLE001 - SystemExit, KeyboardInterrupt...
        resultado["diagnostico"] = {"indice": -1, "erro": _erro(erro, cmp)}
        return resultado
    if indice is not None:
        resultado["diagnostico"] = {"indice": indice}
        if erro is not None:
            resultado["diagnostico"]["erro"] = _erro(erro, cmp)
        return resultado
    casos = []
    for caso in funcao["casos"]:
        try:
            argumentos = cmp.decodificar(caso)
            with np.errstate(all="ignore"):
                saida = alvo(*argumentos)
        except BaseException as erro:  # noqa: BLE001 - inclui SystemExit e afins
            casos.append({"erro": _erro(erro, cmp, alvo)})
            if isinstance(erro, (MemoryError, NotImplementedError)):
                break
            continue
        try:
            apelido = cmp.apelidos(saida, argumentos, compartilha)
            casos.append({"saida": cmp.codificar(saida), "depois": cmp.codificar(argumentos),
                          "apelido": apelido})
        except BaseException:  # noqa: BLE001 - retorno que não é dado puro
            casos.append({"erro": {"tipo": "RetornoInvalido"}})
    resultado["casos"] = casos
    return resultado


def principal(pasta):
    import numpy as np  # importado antes de qualquer código da entrega

    cmp = _carregar_comparacao()
    compartilha = np.shares_memory
    with open(os.path.join(pasta, "tarefa.json"), encoding="utf-8") as arq:
        tarefa = json.load(arq)
    nulo = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nulo, 1)
    os.dup2(nulo, 2)
    sys.stdout = sys.stderr = _SaidaLimitada()
    sys.stdin = open(os.devnull, encoding="utf-8")

    ambiente = {"__name__": "__main__", "__builtins__": __builtins__}
    do_aluno = [i for i in tarefa["instrucoes"] if not i.get("confiavel")]
    ferramentas = [i for i in tarefa["instrucoes"] if i.get("confiavel") == "ferramentas"]
    verificacoes = [i for i in tarefa["instrucoes"] if i.get("confiavel") == "verificacao"]
    erros_definicao = _executar(do_aluno, ambiente)
    _gravar(os.path.join(pasta, "definicoes.json"), {"erros": erros_definicao[:20]})

    # As células de ferramentas e de verificação da solução (públicas, as mesmas do
    # notebook) rodam depois das definições do aluno: os diagnósticos chamam as funções
    # dele pelo nome. `verificar(...)` não roda nada aqui: só os registros importam.
    _executar(ferramentas, ambiente)
    ambiente["verificar"] = lambda *args, **kwargs: None
    _executar(verificacoes, ambiente)
    registrados = ambiente.get("_DIAGNOSTICOS")
    registrados = registrados if isinstance(registrados, dict) else {}
    diagnosticos = {nome: list(d.values()) for nome, d in registrados.items()
                    if isinstance(d, dict)}
    nomes = [f["nome"] for f in tarefa["funcoes"]] + list(tarefa.get("corrigidas", []))

    referencias = {"__name__": "__referencia__", "__builtins__": __builtins__}
    for k, funcao in enumerate(tarefa["funcoes"]):
        nome = funcao["nome"]
        if funcao.get("referencias"):
            _executar(funcao["referencias"], referencias)
        for dependencia in funcao.get("injetar", []):
            if dependencia in referencias:
                ambiente[dependencia] = referencias[dependencia]
        alvo = ambiente.get(nome)
        if not callable(alvo):
            _gravar(os.path.join(pasta, f"resultado_{k}.json"), {"ausente": True})
            continue
        resultado = _corrigir(funcao, alvo, diagnosticos.get(nome, []), ambiente, nomes,
                              cmp, np, compartilha)
        _gravar(os.path.join(pasta, f"resultado_{k}.json"), resultado)
    _gravar(os.path.join(pasta, "fim.json"), {"fim": True})


if __name__ == "__main__":
    principal(sys.argv[1])
    sys.stdout.flush()
    os._exit(0)
