# ------------------------------------------------------------------ verificações do notebook
# (Esta parte é de livro/verificacao.py; a de cima é corretor/comparacao.py, a mesma que o
# corretor usa. `python -m livro.exercicios gerar` junta as duas nesta célula.)
#
# O veredito de cada função é o mesmo da correção automática: os diagnósticos da célula
# de verificação (um teste por vez, com a dica) e, depois, os casos de teste deste
# notebook comparados com as saídas da solução, com as mesmas tolerâncias e as mesmas
# regras (não alterar argumentos, não devolver o mesmo objeto duas vezes). A correção
# usa outros casos, sorteados pelo mesmo gerador.

_RESULTADOS = {}
_DIAGNOSTICOS = {}
_DADOS = {}


def carregar_dados(texto):
    """Lê a célula de dados (casos de teste e saídas esperadas, gerados da solução)."""
    _DADOS.clear()
    _DADOS.update(json.loads(texto))


def diagnostico(nome, mensagem):
    """Registra um teste de `nome`: devolve verdadeiro quando está certo; `mensagem` é a dica."""
    def registrar(teste):
        _DIAGNOSTICOS.setdefault(nome, {})[teste.__name__] = (mensagem, teste)
        return teste
    return registrar


def _registrar(nome, situacao, mensagem):
    _RESULTADOS[nome] = situacao
    simbolo = {"ok": "✔", "pendente": "…", "erro": "✘", "espera": "⏸"}[situacao]
    print(f"{simbolo} {nome}: {mensagem}")


def _funcao(nome):
    funcao = globals().get(nome)
    return funcao if callable(funcao) else None


def _dependencias(nome):
    """As funções corrigidas de que `nome` depende, direta ou indiretamente, em ordem."""
    vistas, pilha = [], list(_DADOS["funcoes"][nome]["depende"])
    while pilha:
        d = pilha.pop(0)
        if d not in vistas:
            vistas.append(d)
            pilha += _DADOS["funcoes"][d]["depende"]
    return vistas


def _literal(valor, profundidade=0):
    """Valor que uma atribuição sem chamadas poderia criar (números, textos, listas deles...)."""
    if valor is None or isinstance(valor, (bool, int, float, complex, str, bytes)):
        return True
    if isinstance(valor, (list, tuple, set, frozenset)) and profundidade < 5:
        return all(_literal(v, profundidade + 1) for v in valor)
    if isinstance(valor, dict) and profundidade < 5:
        return all(_literal(k, profundidade + 1) and _literal(v, profundidade + 1)
                   for k, v in valor.items())
    return False


def _globais_de_dados(funcao):
    """Variáveis globais de dados (arrays etc.) que a função lê.

    Na correção só rodam as definições do notebook (imports, funções e atribuições sem
    chamadas): uma variável criada por uma chamada, como um array, não existe lá.
    """
    codigos, nomes = [getattr(funcao, "__code__", None)], []
    while codigos:
        codigo = codigos.pop()
        if codigo is None:
            continue
        for nome in codigo.co_names:
            if nome in globals() and nome not in nomes:
                valor = globals()[nome]
                if not (callable(valor) or isinstance(valor, type(np)) or _literal(valor)):
                    nomes.append(nome)
        codigos += [c for c in codigo.co_consts if hasattr(c, "co_names")]
    return nomes


def _nao_implementada(funcao, info):
    """A própria função (não uma que ela chama) ainda levanta NotImplementedError?"""
    casos = info.get("casos") or [codificar(())]
    try:
        with np.errstate(all="ignore"):
            funcao(*decodificar(casos[0]))
    except NotImplementedError as erro:
        quadro = erro.__traceback__
        while quadro.tb_next is not None:
            quadro = quadro.tb_next
        return quadro.tb_frame.f_code is getattr(funcao, "__code__", None)
    except Exception:  # noqa: BLE001
        return False
    return False


def _casos_publicos(funcao, info, nome):
    """Mensagem do primeiro caso de teste que falha (ou None)."""
    info = dict(info, argumentos=info.get("argumentos", []))
    total = len(info["casos"])
    for k, (caso, esperado) in enumerate(zip(info["casos"], info["esperados"])):
        argumentos, antes = decodificar(caso), decodificar(caso)
        with np.errstate(all="ignore"):
            saida = funcao(*argumentos)
        try:
            apelido = apelidos(saida, argumentos)
            obtido, depois = de_texto(para_texto(saida)), de_texto(para_texto(argumentos))
        except ErroCodificacao:
            return "tipo de retorno não suportado (devolva arrays do NumPy, números, tuplas ou dicionários)"
        motivo = julgar_caso(info, decodificar(esperado), obtido, antes, depois, apelido)
        if motivo:
            return f"{motivo.rstrip('.')} (caso de teste {k + 1} de {total}, com as entradas deste notebook)."
    return None


def verificar(nome):
    """Verifica a função `nome` (nunca levanta erro; o resultado vai para o resumo)."""
    info = _DADOS["funcoes"][nome]
    funcao = _funcao(nome)
    if funcao is None:
        _registrar(nome, "erro", f"não achei a função `{nome}`: não mude o nome dela.")
        return
    ruins = [d for d in _dependencias(nome) if _RESULTADOS.get(d) != "ok"]
    ruins.sort(key=lambda d: _RESULTADOS.get(d) == "espera")   # a causa vem primeiro
    if ruins:
        if _nao_implementada(funcao, info):
            _registrar(nome, "pendente", "ainda não implementado.")
        else:
            _registrar(nome, "espera", f"corrija `{ruins[0]}` primeiro: `{nome}` usa "
                                       f"`{ruins[0]}`, que ainda não passou na verificação.")
        return
    globais = _globais_de_dados(funcao)
    if globais:
        _registrar(nome, "erro", f"a função usa a variável global `{globais[0]}` do notebook — "
                                 + DICAS["nome"])
        return
    codigos = {f.__code__ for f in map(_funcao, _DADOS["funcoes"]) if hasattr(f, "__code__")}
    diagnosticos = list(_DIAGNOSTICOS.get(nome, {}).values())
    try:
        indice, erro = rodar_diagnosticos(diagnosticos, codigos)
        if indice is None:
            motivo = _casos_publicos(funcao, info, nome)
            if motivo:
                _registrar(nome, "erro", motivo)
                return
    except NotImplementedError:
        _registrar(nome, "pendente", "ainda não implementado.")
        return
    except Exception as excecao:  # noqa: BLE001 - levantada nos casos de teste
        indice, erro = -1, excecao
    if erro is not None:
        dica = DICAS.get(classificar_excecao(erro))
        _registrar(nome, "erro", f"a função levantou {type(erro).__name__}: {erro}"
                                 + (f" — {dica}" if dica else ""))
    elif indice is not None:
        _registrar(nome, "erro", diagnosticos[indice][0])
    else:
        _registrar(nome, "ok", "tudo certo!")


def resumo():
    """Resumo de todas as verificações rodadas até aqui."""
    contagem = {s: sum(v == s for v in _RESULTADOS.values())
                for s in ("ok", "pendente", "erro", "espera")}
    print(f"Verificações: {contagem['ok']} certas, {contagem['erro']} com erro, "
          f"{contagem['espera']} esperando outra função, {contagem['pendente']} ainda não "
          f"implementadas (de {len(_DADOS.get('funcoes', _RESULTADOS))}).")
    for nome, situacao in _RESULTADOS.items():
        print(f"  - {nome}: {situacao}")
    if _DADOS.get("funcoes") and all(_RESULTADOS.get(n) == "ok" for n in _DADOS["funcoes"]):
        print("Parabéns: todas as funções passaram nas verificações!")
