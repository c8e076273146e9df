"""Correção de uma entrega e de uma pasta: pontos por função, status e motivo."""

from __future__ import annotations

import builtins
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from corretor import executor as _executor
from corretor.caixa import Execucao, Limites, bwrap_disponivel, executar
from corretor.casos import EXERCICIOS, FuncaoCorrigida
from corretor.comparacao import comparar
from corretor.leitura import ArquivoInvalido, definicoes, ler_celulas
from corretor.relatorio import Linha, gravar_csv, gravar_relatorios

RAIZ = Path(__file__).resolve().parent.parent


# Ordem de gravidade: o status da linha é o mais grave encontrado.
STATUS = ["ok", "não implementada", "erro de execução", "função ausente", "erro de sintaxe",
          "memória excedida", "processos demais", "tempo esgotado", "arquivo inválido"]



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


def corrigir_arquivo(caminho: Path, raiz: Path, nome: str, funcoes: list[dict],
                     esperados: list, limites: Limites, bwrap: str | None) -> Linha:
    """Corrige uma entrega; nunca levanta exceção (tudo vira status e motivo)."""
    especificacao: list[FuncaoCorrigida] = EXERCICIOS[nome]
    relativo = caminho.relative_to(raiz)
    aluno = relativo.parts[0] if len(relativo.parts) > 1 else caminho.stem
    pontos = {f.nome: 0.0 for f in especificacao}
    maximo = float(sum(f.pontos for f in especificacao))
    linha = Linha(aluno, relativo.as_posix(), pontos, maximo, "ok", "")
    try:
        fontes = ler_celulas(caminho)
        instrucoes, com_erro, _ = definicoes(fontes)
    except ArquivoInvalido as erro:
        linha.status, linha.motivo = "arquivo inválido", str(erro)
        linha.detalhes = [(f.nome, 0.0, f.pontos, "não corrigida: arquivo inválido")
                          for f in especificacao]
        return linha
    except Exception as erro:  # noqa: BLE001 - entrada hostil não derruba o corretor
        linha.status, linha.motivo = "arquivo inválido", f"não consegui analisar ({type(erro).__name__})"
        return linha
    try:
        execucao = executar(instrucoes, funcoes, limites, bwrap)
    except Exception as erro:  # noqa: BLE001
        linha.status, linha.motivo = "erro de execução", f"falha ao executar ({type(erro).__name__})"
        return linha

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
    return linha


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


def corrigir_pasta(entregas: Path, nome: str, saida: Path, feedback: Path | None = None,
                   limites: Limites | None = None, processos: int = 1, semente: int = 0,
                   isolar: bool = True, avisar=print) -> list[Linha]:
    """Corrige todas as entregas da pasta e grava o CSV (e os relatórios)."""
    limites = limites or Limites()
    bwrap = bwrap_disponivel() if isolar else None
    if bwrap:
        avisar(f"Isolamento: bubblewrap ({bwrap}) + limites de processo.")
    else:
        avisar("AVISO: bubblewrap indisponível; só limites de processo (tempo, CPU, "
               "memória, arquivos, processos). O código dos alunos enxerga o sistema de "
               "arquivos com as permissões deste usuário (veja o modelo de ameaça no README.md).")
    funcoes, esperados = preparar_referencia(nome, semente, limites, bwrap)
    entregas = entregas.resolve()
    arquivos = sorted((p for p in entregas.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()),
                      key=lambda p: p.relative_to(entregas).as_posix())
    inicio = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, processos)) as grupo:
        linhas = list(grupo.map(lambda p: corrigir_arquivo(
            p, entregas, nome, funcoes, esperados, limites, bwrap), arquivos))
    gravar_csv(saida, [f.nome for f in EXERCICIOS[nome]], linhas)
    if feedback:
        gravar_relatorios(feedback, linhas, nome)
    avisar(f"{len(linhas)} entrega(s) corrigida(s) em {time.perf_counter() - inicio:.1f} s; "
           f"notas em {saida}.")
    return linhas


