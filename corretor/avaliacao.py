"""Avaliação de cada função corrigida: pontos, status e mensagem para o aluno.

A verdade de cada função é uma só (veja :mod:`corretor.casos`): os diagnósticos das
células de verificação da solução (rodados na caixa de areia, com as entradas públicas
deles) e a comparação, aqui no processo confiável, das saídas nos casos escondidos com
as da solução de referência, pelas mesmas funções de :mod:`corretor.comparacao` que o
notebook usa.

**Um erro, um ponto perdido.** Uma função é julgada com as funções corrigidas de que
ela depende na versão de referência quando a do aluno falhou. A primeira rodada usa as
funções do aluno; se uma dependência de ``f`` falhou, ``f`` é julgada de novo noutra
rodada (outro processo), com a referência da dependência injetada. A referência de uma
função só entra na caixa depois que a função do aluno já foi julgada.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from corretor import comparacao as cmp
from corretor.caixa import Execucao, Limites, executar
from corretor.casos import (EXERCICIOS, LIMITES_MINIMOS, SEMENTE_PUBLICA, FuncaoCorrigida,
                            dependencias)
from corretor.leitura import definicoes, ler_celulas
from corretor.relatorio import STATUS, Linha

import numpy as np

RAIZ = Path(__file__).resolve().parent.parent


def tipo_de_celula(fonte: str) -> str:
    """``ferramentas``, ``dados``, ``verificacao`` ou ``outra`` (pelo conteúdo)."""
    if "def rodar_diagnosticos(" in fonte and "def verificar(" in fonte:
        return "ferramentas"
    if fonte.lstrip().startswith("# Dados das verificações"):
        return "dados"
    if "@diagnostico(" in fonte or any(l.startswith("verificar(") for l in fonte.splitlines()):
        return "verificacao"
    return "outra"


def nomes_definidos(codigo: str) -> set[str]:
    try:
        arvore = ast.parse(codigo)
    except SyntaxError:
        return set()
    return {no.name for no in arvore.body if isinstance(no, (ast.FunctionDef, ast.AsyncFunctionDef))}


@dataclass
class Referencia:
    """Tudo o que a correção precisa da solução, calculado uma vez por lote."""
    especificacao: list
    funcoes: list                      # [{"nome", "casos", "publicos"}] (casos codificados:
                                       # os `publicos` primeiros são os do notebook)
    esperados: list                    # saídas da referência, decodificadas
    mensagens: dict                    # nome -> [mensagem de cada diagnóstico]
    apoio: list                        # células de ferramentas e verificação (confiáveis)
    definicoes: dict                   # nome -> instrução com a definição de referência
    dadas: list                        # demais definições da solução (código dado)
    argumentos: dict = field(default_factory=dict)   # nome -> nomes dos argumentos


def carregar_solucao(caminho: Path, nomes: list[str]):
    """(instruções, apoio, definições de referência, código dado, nomes dos argumentos)."""
    fontes = ler_celulas(caminho)
    instrucoes, com_erro, _ = definicoes(fontes)
    if com_erro:
        raise RuntimeError(f"a solução {caminho} tem erro de sintaxe nas células {com_erro}")
    apoio = []
    for i, fonte in enumerate(fontes, start=1):
        tipo = tipo_de_celula(fonte)
        if tipo in ("ferramentas", "verificacao"):
            apoio.append({"celula": i, "linha": 1, "codigo": fonte, "confiavel": tipo})
    # O código dado da solução (fora as células de dados e de verificação; as ferramentas
    # entram pelos imports) é o ambiente das definições de referência.
    confiaveis = {i for i, f in enumerate(fontes, start=1)
                  if tipo_de_celula(f) in ("dados", "verificacao")}
    defs, dadas, argumentos = {}, [], {}
    for instrucao in instrucoes:
        if instrucao["celula"] in confiaveis:
            continue
        definidos = nomes_definidos(instrucao["codigo"]) & set(nomes)
        if definidos:
            nome = definidos.pop()
            defs[nome] = dict(instrucao, referencia=True)
            no = ast.parse(instrucao["codigo"]).body[0]
            argumentos[nome] = [a.arg for a in no.args.args]
        else:
            dadas.append(dict(instrucao, referencia=True))
    return instrucoes, apoio, defs, dadas, argumentos


_LIMITES_DESCRITOS = {"memoria_mb": ("a memória por entrega (--memoria)", "MB"),
                      "tempo": ("o tempo de CPU por entrega (--tempo-limite)", "s")}


def limites_do_exercicio(nome: str, limites: Limites) -> tuple[Limites, list[str]]:
    """``limites`` elevados aos mínimos do exercício (``LIMITES_MINIMOS``) e os avisos
    (um por limite que subiu); sem mínimos, os mesmos limites e nenhum aviso."""
    minimos = LIMITES_MINIMOS.get(nome, {})
    novos, avisos = {}, []
    for campo, (descricao, unidade) in _LIMITES_DESCRITOS.items():
        atual = getattr(limites, campo)
        if campo in minimos and atual < minimos[campo]:
            novos[campo] = type(atual)(minimos[campo])
            avisos.append(f"AVISO: o exercício {nome} {minimos.get('motivo', 'precisa de mais')}: "
                          f"{descricao} subiu de {atual:g} para {novos[campo]:g} {unidade}.")
    return dataclasses.replace(limites, **novos), avisos


def preparar_referencia(nome: str, semente: int, limites: Limites, bwrap: str | None,
                        solucao: Path | None = None) -> Referencia:
    """Sorteia as entradas de correção e calcula as saídas da solução de referência
    (``limites`` já com os mínimos do exercício, como em ``corrigir_pasta``)."""
    especificacao = EXERCICIOS[nome]
    # Primeiro os casos públicos (os do notebook, mesma semente e mesma ordem de sorteio:
    # uma exceção neles pode ser mostrada com lugar e dica, como no notebook), depois os
    # ocultos (da semente do professor: deles o aluno só sabe passou/não passou e o tipo
    # da exceção).
    rng_publico, rng = np.random.default_rng(SEMENTE_PUBLICA), np.random.default_rng(semente)
    funcoes = []
    for f in especificacao:
        publicos = [cmp.codificar(tuple(a)) for a in f.gerar(rng_publico)]
        ocultos = [cmp.codificar(tuple(a)) for a in f.gerar(rng)]
        funcoes.append({"nome": f.nome, "casos": publicos + ocultos, "publicos": len(publicos)})
    solucao = solucao or RAIZ / "solutions" / f"{nome}.ipynb"
    instrucoes, apoio, defs, dadas, argumentos = carregar_solucao(
        solucao, [f.nome for f in especificacao])
    limites_ref = Limites(tempo=max(60.0, limites.tempo), memoria_mb=max(2048, limites.memoria_mb))
    execucao = executar(instrucoes + apoio, [dict(f, mensagens=True) for f in funcoes],
                        limites_ref, bwrap)
    esperados, mensagens = [], {}
    for k, funcao in enumerate(especificacao):
        dado = execucao.resultados.get(k, {})
        casos = dado.get("casos") if isinstance(dado, dict) else None
        if dado.get("diagnostico") or not isinstance(casos, list) \
                or len(casos) != len(funcoes[k]["casos"]) or any("erro" in c for c in casos):
            raise RuntimeError(f"a solução de referência falhou em {funcao.nome}: {dado}")
        mensagens[funcao.nome] = [str(m) for m in dado.get("mensagens", [])]
        esperados.append([cmp.decodificar(c["saida"]) for c in casos])
    return Referencia(especificacao, funcoes, esperados, mensagens, apoio, defs, dadas,
                      argumentos)


# ------------------------------------------------------------------ veredito de uma função

MALFORMADO = "resultado malformado"
INCOMPLETO = "resultado incompleto"
GRANDE_DEMAIS = "resultado grande demais (o retorno tem o tamanho esperado?)"
INTERROMPIDA_ESPACO = "não corrigida: interrompida por exceder o espaço de escrita"

@dataclass
class Veredito:
    certa: bool
    mensagem: str | None
    estado: str
    propria: bool = False      # falha da própria função, qualquer que seja a dependência


def _nome_excecao(tipo: str) -> str:
    """O tipo só é mostrado se for uma exceção embutida do Python (texto do aluno, não)."""
    classe = getattr(builtins, tipo, None)
    if isinstance(classe, type) and issubclass(classe, BaseException):
        return tipo
    return "uma exceção"


def _onde(erro: dict, fontes: list[str]) -> str:
    """" na célula N, linha L: `código`", com o código tirado do notebook do próprio aluno.

    A mensagem da exceção nunca é mostrada: ela é texto produzido pelo código do aluno
    com as entradas de correção à mão e poderia revelá-las no relatório.
    """
    celula, linha = erro.get("celula"), erro.get("linha")
    if not (isinstance(celula, int) and isinstance(linha, int)
            and 1 <= celula <= len(fontes)):
        return ""
    linhas = fontes[celula - 1].splitlines()
    if not 1 <= linha <= len(linhas):
        return f" (célula de código {celula})"
    codigo = linhas[linha - 1].strip()
    if len(codigo) > 80:
        codigo = codigo[:77] + "..."
    return f" na célula de código {celula}, linha {linha}: `{codigo}`"


OCULTO = " num caso de correção (as entradas de correção não são mostradas)"


def _excecao(erro, fontes: list[str], oculto: bool = False) -> Veredito:
    """Veredito de uma exceção. Num caso oculto (``oculto``) a mensagem diz só o tipo:
    lugar (célula, linha) e dica dependem do texto e do caminho que o código do aluno
    escolhe conforme a entrada, e por isso vazariam bits das entradas de correção."""
    erro = erro if isinstance(erro, dict) else {}
    tipo = str(erro.get("tipo", ""))[:60]
    if tipo == "NotImplementedError":
        return Veredito(False, "ainda não implementada (NotImplementedError)", "não implementada",
                        propria=erro.get("na_funcao") is True)
    if tipo == "MemoryError":
        return Veredito(False, "memória excedida", "memória excedida")
    if tipo == "RetornoInvalido":
        return Veredito(False, "tipo de retorno não suportado (devolva arrays do NumPy, "
                               "números, tuplas ou dicionários)", "resposta errada")
    if oculto:
        return Veredito(False, f"levantou {_nome_excecao(tipo)}{OCULTO}", "erro de execução")
    dica = cmp.DICAS.get(erro.get("dica")) if isinstance(erro.get("dica"), str) else None
    mensagem = f"levantou {_nome_excecao(tipo)}{_onde(erro, fontes)}"
    return Veredito(False, mensagem + (f" — {dica}" if dica else ""), "erro de execução")


def avaliar(ref: Referencia, k: int, dado, fontes: list[str]) -> Veredito:
    """Veredito da função ``k`` a partir do resultado (já lido) da caixa de areia."""
    funcao: FuncaoCorrigida = ref.especificacao[k]
    if not isinstance(dado, dict):
        return Veredito(False, MALFORMADO, "erro de execução")
    if dado.get("casos") == "grande demais":      # descartado pela caixa sem ser lido
        return Veredito(False, GRANDE_DEMAIS, "erro de execução")
    if dado.get("ausente") is True:
        return Veredito(False, "função ausente (nenhuma função com esse nome)", "função ausente",
                        propria=True)
    diagnostico = dado.get("diagnostico")
    if isinstance(diagnostico, dict):
        if "erro" in diagnostico:
            return _excecao(diagnostico["erro"], fontes)
        indice, mensagens = diagnostico.get("indice"), ref.mensagens.get(funcao.nome, [])
        if type(indice) is int and 0 <= indice < len(mensagens):
            return Veredito(False, mensagens[indice], "resposta errada")
        return Veredito(False, MALFORMADO, "erro de execução")
    casos = dado.get("casos")
    esperados = ref.esperados[k]
    if not isinstance(casos, list):
        return Veredito(False, MALFORMADO, "erro de execução")
    info = dict(funcao.info(), argumentos=ref.argumentos.get(funcao.nome, []))
    for i, esperado in enumerate(esperados):
        if i >= len(casos) or not isinstance(casos[i], dict):
            return Veredito(False, INCOMPLETO, "erro de execução")
        caso = casos[i]
        if "erro" in caso:
            return _excecao(caso["erro"], fontes,
                            oculto=i >= ref.funcoes[k].get("publicos", 0))
        try:
            obtido = cmp.decodificar(caso.get("saida"))
            depois = cmp.decodificar(caso.get("depois"))
            antes = cmp.decodificar(ref.funcoes[k]["casos"][i])
        except cmp.ErroCodificacao:
            return Veredito(False, "tipo de retorno não suportado", "resposta errada")
        apelido = caso.get("apelido") if caso.get("apelido") in ("saida", "argumento") else None
        if not isinstance(depois, (list, tuple)):
            return Veredito(False, MALFORMADO, "erro de execução")
        try:
            motivo = cmp.julgar_caso(info, esperado, obtido, antes, depois, apelido)
        except Exception as erro:  # noqa: BLE001 - nunca derruba o lote
            motivo = f"saída que não pôde ser comparada ({type(erro).__name__})"
        if motivo:
            return Veredito(False, motivo, "resposta errada")
    return Veredito(True, None, "ok")


def _espaco_excedido(execucao: Execucao) -> bool:
    """A caixa derrubou a entrega por espaço de escrita ou saída (e não por tempo/processos)."""
    return bool(execucao.espaco_excedido) and not (execucao.tempo_esgotado
                                                   or execucao.processos_demais)


def _explicar_espaco(motivo: str, limites: Limites) -> str:
    return {
        "arquivos demais": f"mais de {limites.arquivos} arquivos/pastas criados",
        "disco cheio": f"mais de {limites.disco_mb} MB gravados",
        "pastas profundas demais": "árvore de pastas com mais de 64 níveis",
        "saída grande demais": "a entrega devolveu dados demais",
    }.get(motivo, motivo)


def _interrupcao(execucao, limites: Limites, primeira: bool) -> Veredito:
    if _espaco_excedido(execucao):
        # O código de saída depende de quando o lançador derrubou a entrega; a mensagem, não.
        return Veredito(False, INTERROMPIDA_ESPACO, "disco excedido")
    if execucao.processos_demais:
        if primeira:
            return Veredito(False, f"processos demais (a entrega chegou a {limites.processos} "
                                   "processos; os.fork/subprocess em laço?)", "processos demais")
        return Veredito(False, "não corrigida: a entrega foi interrompida antes", "processos demais")
    if execucao.tempo_esgotado:
        if primeira:
            return Veredito(False, "tempo esgotado (laço infinito ou lento demais?)", "tempo esgotado")
        return Veredito(False, "não corrigida: o tempo acabou antes", "tempo esgotado")
    if primeira:
        return Veredito(False, "o processo terminou sem devolver resultado "
                               f"(código {execucao.codigo_saida}); chamou os._exit ou caiu?",
                        "erro de execução")
    return Veredito(False, "não corrigida: o processo terminou antes", "erro de execução")


def julgar(ref: Referencia, instrucoes: list[dict], fontes: list[str], limites: Limites,
           bwrap: str | None, maximos: list[int] | None = None,
           resumo: Execucao | None = None) -> dict[str, Veredito]:
    """Julga todas as funções, em rodadas, até cada uma ter um veredito válido.

    ``maximos[k]``: bytes permitidos ao resultado da função ``k``. ``resumo`` acumula o
    que a caixa relatou em todas as rodadas (espaço excedido, tempo, processos).
    """
    resumo = resumo if resumo is not None else Execucao()
    nomes = [f.nome for f in ref.especificacao]
    indice = {n: k for k, n in enumerate(nomes)}
    fechos = {n: dependencias(ref.especificacao, n) for n in nomes}
    final: dict[str, Veredito] = {}
    pendentes, interrupcoes = list(nomes), 0
    while pendentes:
        falhas = {n for n, v in final.items() if not v.certa}
        tarefa, nesta = [], []
        for n in pendentes:
            injetar = [d for d in fechos[n] if d in falhas]
            entrada = {"nome": n, "casos": ref.funcoes[indice[n]]["casos"], "injetar": injetar}
            if injetar:
                precisa = set(injetar)
                for d in injetar:
                    precisa.update(fechos[d])
                if not precisa <= set(final):
                    continue    # uma referência ainda por julgar: fica para a próxima rodada
                entrada["referencias"] = ref.dadas + [ref.definicoes[d] for d in nomes
                                                      if d in precisa and d in ref.definicoes]
            tarefa.append(entrada)
            nesta.append(n)
        execucao = executar(instrucoes + ref.apoio, tarefa, limites, bwrap,
                            [maximos[indice[n]] for n in nesta] if maximos else None)
        resumo.espaco_excedido = resumo.espaco_excedido or execucao.espaco_excedido
        resumo.tempo_esgotado |= execucao.tempo_esgotado
        resumo.processos_demais |= execucao.processos_demais
        restantes, interrompida = [n for n in pendentes if n not in nesta], False
        # Depois de uma interrupção (laço, os._exit...), as funções seguintes rodam de novo
        # numa rodada só, se a entrega chegou a devolver alguma coisa (senão, a culpa é das
        # definições, e rodar de novo só esgotaria o tempo outra vez).
        repetir = interrupcoes == 0 and any(j in execucao.resultados for j in range(len(nesta)))
        if any(j not in execucao.resultados for j in range(len(nesta))):
            interrupcoes += 1
        anterior_malformado = False
        for j, n in enumerate(nesta):
            dado = execucao.resultados.get(j)
            if dado is None:
                if not interrompida and anterior_malformado and repetir:
                    # O processo caiu depois de um resultado inválido da função anterior
                    # (gravado por ela mesma?): a culpa é dela, não desta, que roda de novo.
                    interrompida = True
                    restantes.append(n)
                elif not interrompida:
                    final[n] = _interrupcao(execucao, limites, primeira=True)
                    interrompida = True
                elif repetir:
                    restantes.append(n)      # nunca rodou: tenta de novo na próxima rodada
                else:
                    final[n] = _interrupcao(execucao, limites, primeira=False)
                continue
            veredito = avaliar(ref, indice[n], dado, fontes)
            anterior_malformado = veredito.mensagem in (MALFORMADO, INCOMPLETO, GRANDE_DEMAIS)
            valido = all((d in final and final[d].certa) or d in falhas for d in fechos[n])
            # (d em `falhas`: a referência de d foi injetada nesta rodada)
            if valido or veredito.propria:
                final[n] = veredito
            else:
                restantes.append(n)
        if sorted(restantes) == sorted(pendentes):   # nada avançou: não roda de novo
            for n in restantes:
                final[n] = _interrupcao(execucao, limites, primeira=False)
            break
        pendentes = sorted(restantes, key=indice.get)
    return {n: final[n] for n in nomes}


def pontuar(linha: Linha, ref: Referencia, instrucoes: list[dict], fontes: list[str],
            com_erro: list[int], limites: Limites, bwrap: str | None,
            maximos: list[int] | None = None) -> None:
    """Preenche pontos, detalhes, status e motivo da ``linha``."""
    estados, motivos = [], []
    if com_erro:
        estados.append("erro de sintaxe")
        motivos.append(f"erro de sintaxe na(s) célula(s) de código {com_erro} (ignorada(s))")
    resumo = Execucao()
    vereditos = julgar(ref, instrucoes, fontes, limites, bwrap, maximos, resumo)
    for funcao in ref.especificacao:
        v = vereditos[funcao.nome]
        if v.certa:
            linha.pontos[funcao.nome] = float(funcao.pontos)
            linha.detalhes.append((funcao.nome, float(funcao.pontos), funcao.pontos, "correta"))
        else:
            linha.detalhes.append((funcao.nome, 0.0, funcao.pontos, v.mensagem))
            estados.append(v.estado)
            motivos.append(f"{funcao.nome}: {v.mensagem}")
    if _espaco_excedido(resumo):
        estados.append("disco excedido")
        motivos.insert(0, "espaço de escrita excedido "
                          f"({_explicar_espaco(resumo.espaco_excedido, limites)})")
    if estados:
        linha.status = max(estados, key=STATUS.index)
    linha.motivo = "; ".join(motivos)[:1000]
