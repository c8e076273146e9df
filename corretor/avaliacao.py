"""Avaliação de cada função corrigida: pontos, status e mensagem para o aluno.

Roda no processo confiável, sobre dados já validados que voltaram da caixa de areia.
"""

from __future__ import annotations

import builtins
from pathlib import Path

import numpy as np

from corretor import executor as _executor
from corretor.caixa import Execucao, Limites, executar
from corretor.casos import EXERCICIOS, FuncaoCorrigida
from corretor.comparacao import comparar
from corretor.leitura import definicoes, ler_celulas
from corretor.relatorio import STATUS, Linha

RAIZ = Path(__file__).resolve().parent.parent


def preparar_referencia(nome: str, semente: int, limites: Limites, bwrap: str | None,
                        solucao: Path | None = None):
    """Sorteia as entradas de correção e calcula as saídas da solução de referência."""
    especificacao = EXERCICIOS[nome]
    rng = np.random.default_rng(semente)
    funcoes = []
    for funcao in especificacao:
        casos = [_executor.codificar(list(args), np) for args in funcao.gerar(rng)]
        funcoes.append({"nome": funcao.nome, "casos": casos})
    solucao = solucao or RAIZ / "solutions" / f"{nome}.ipynb"
    instrucoes, com_erro, _ = definicoes(ler_celulas(solucao))
    if com_erro:
        raise RuntimeError(f"a solução {solucao} tem erro de sintaxe nas células {com_erro}")
    limites_ref = Limites(tempo=max(60.0, limites.tempo), memoria_mb=max(2048, limites.memoria_mb))
    execucao = executar(instrucoes, funcoes, limites_ref, bwrap)
    esperados = []
    for k, funcao in enumerate(especificacao):
        dado = execucao.resultados.get(k, {})
        casos = dado.get("casos") if isinstance(dado, dict) else None
        if not casos or len(casos) != len(funcoes[k]["casos"]) or any("erro" in c for c in casos):
            raise RuntimeError(f"a solução de referência falhou em {funcao.nome}: {dado}")
        esperados.append([funcao.transformar(_executor.decodificar(c["saida"], np),
                                             _executor.decodificar(a, np))
                          for c, a in zip(casos, funcoes[k]["casos"])])
    return funcoes, esperados


def pontuar(linha: Linha, especificacao: list[FuncaoCorrigida], execucao: Execucao,
            esperados: list, funcoes: list[dict], fontes: list[str], com_erro: list[int],
            limites: Limites) -> None:
    """Preenche pontos, detalhes, status e motivo da ``linha`` a partir da execução."""
    pontos = linha.pontos
    estados, motivos = [], []
    if com_erro:
        estados.append("erro de sintaxe")
        motivos.append(f"erro de sintaxe na(s) célula(s) de código {com_erro} (ignorada(s))")
    interrompida = False
    for k, funcao in enumerate(especificacao):
        dado = execucao.resultados.get(k)
        mensagem = None
        if dado is None:
            if execucao.processos_demais and not interrompida:
                mensagem = (f"processos demais (a entrega chegou a {limites.processos} "
                            "processos; os.fork/subprocess em laço?)")
                estado = "processos demais"
            elif execucao.processos_demais:
                mensagem, estado = "não corrigida: a entrega foi interrompida antes", "processos demais"
            elif execucao.tempo_esgotado and not interrompida:
                mensagem, estado = "tempo esgotado (laço infinito ou lento demais?)", "tempo esgotado"
            elif execucao.tempo_esgotado:
                mensagem, estado = "não corrigida: o tempo acabou antes", "tempo esgotado"
            elif not interrompida:
                mensagem = ("o processo terminou sem devolver resultado "
                            f"(código {execucao.codigo_saida}); chamou os._exit ou caiu?")
                estado = "erro de execução"
            else:
                mensagem, estado = "não corrigida: o processo terminou antes", "erro de execução"
            interrompida = True
        elif dado.get("ausente") is True:
            mensagem, estado = "função ausente (nenhuma função com esse nome)", "função ausente"
        else:
            mensagem, estado = _avaliar(funcao, dado.get("casos"), esperados[k], funcoes[k],
                                        fontes)
        if mensagem is None:
            pontos[funcao.nome] = float(funcao.pontos)
            linha.detalhes.append((funcao.nome, float(funcao.pontos), funcao.pontos, "correta"))
        else:
            linha.detalhes.append((funcao.nome, 0.0, funcao.pontos, mensagem))
            if estado != "ok":
                estados.append(estado)
            motivos.append(f"{funcao.nome}: {mensagem}")
    if estados:
        linha.status = max(estados, key=STATUS.index)
    linha.motivo = "; ".join(motivos)[:300]




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


def _avaliar(funcao: FuncaoCorrigida, casos, esperados: list, tarefa: dict,
             fontes: list[str] | None = None):
    """(mensagem ou None, estado) comparando cada caso fora do processo do aluno."""
    fontes = fontes or []
    if not isinstance(casos, list):
        return "resultado malformado", "erro de execução"
    for i, esperado in enumerate(esperados):
        if i >= len(casos) or not isinstance(casos[i], dict):
            return "resultado incompleto", "erro de execução"
        caso = casos[i]
        if "erro" in caso:
            erro = caso["erro"] if isinstance(caso["erro"], dict) else {}
            tipo = str(erro.get("tipo", ""))[:60]
            if tipo == "NotImplementedError":
                return "ainda não implementada (NotImplementedError)", "não implementada"
            if tipo == "RetornoInvalido":
                return ("tipo de retorno não suportado (devolva arrays do NumPy, números, "
                        "listas, tuplas ou dicionários)"), "ok"
            if tipo == "MemoryError":
                return "memória excedida", "memória excedida"
            return f"levantou {_nome_excecao(tipo)}{_onde(erro, fontes)}", "erro de execução"
        try:
            obtido = _executor.decodificar(caso.get("saida"), np)
            argumentos = _executor.decodificar(tarefa["casos"][i], np)
            obtido = funcao.transformar(obtido, argumentos)
        except _executor.ErroCodificacao as erro:
            return f"tipo de retorno não suportado ({erro})", "ok"
        except Exception as erro:  # noqa: BLE001 - saída em formato inesperado
            return f"retorno em formato inesperado ({type(erro).__name__})", "ok"
        motivo = comparar(esperado, obtido, funcao.rtol, funcao.atol)
        if motivo:
            return f"caso {i + 1} de {len(esperados)}: {motivo}", "ok"
    return None, "ok"
