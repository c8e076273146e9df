"""Correção de uma entrega e de uma pasta: pontos por função, status e motivo.

Cada etapa da correção de um arquivo (leitura, análise, execução, avaliação) está
protegida: uma falha vira a linha daquele arquivo, com status ``erro do corretor`` se
a falha for do próprio corretor, e o lote continua.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from corretor import comparacao as cmp
from corretor import motores
from corretor.avaliacao import Referencia, limites_do_exercicio, preparar_referencia, pontuar
from corretor.caixa import Limites, diagnosticar_bwrap, python_sem_privilegios
from corretor.casos import EXERCICIOS, FuncaoCorrigida
from corretor import fontes
from corretor.entregas import ErroDoLote, aluno_de, listar_entregas, notebooks_por_aluno
from corretor.leitura import ArquivoInvalido, analisar
from corretor.reaproveitamento import Reaproveitamento
from corretor.relatorio import Linha, gravar_csv, gravar_relatorios
from corretor.trava import SaidaOcupada, travar_saidas

__all__ = ["ErroDoLote", "corrigir_arquivo", "corrigir_pasta", "listar_entregas",
           "maximos_resultado"]

MIN_BYTES_RESULTADO = 64 * 1024
FATOR_RESULTADO = 16          # folga sobre o tamanho do resultado da referência


def maximos_resultado(esperados: list) -> list[int]:
    """Bytes permitidos ao resultado de cada função: folga sobre o da referência.

    Um resultado correto tem o tamanho do esperado (listas de números em vez de array
    ocupam ~4×); acima de ``FATOR_RESULTADO`` × isso (ou de 64 KB), o resultado é
    descartado sem ser lido, e o corretor nunca guarda na memória o que a entrega quis.
    """
    maximos = []
    for casos in esperados:
        try:
            tamanho = len(json.dumps([cmp.codificar(e) for e in casos]))
        except (ValueError, TypeError, RecursionError):
            tamanho = 256 * 1024
        maximos.append(max(MIN_BYTES_RESULTADO, FATOR_RESULTADO * (tamanho + 256 * len(casos))))
    return maximos


def _linha_vazia(caminho_relativo: str, especificacao: list[FuncaoCorrigida]) -> Linha:
    aluno = aluno_de(caminho_relativo)
    pontos = {f.nome: 0.0 for f in especificacao}
    maximo = float(sum(f.pontos for f in especificacao))
    return Linha(aluno, caminho_relativo, pontos, maximo, "ok", "")


def _zerar(linha: Linha, especificacao: list[FuncaoCorrigida], status: str, motivo: str,
           mensagem: str) -> Linha:
    linha.pontos = {f.nome: 0.0 for f in especificacao}
    linha.status, linha.motivo = status, motivo[:300]
    linha.detalhes = [(f.nome, 0.0, f.pontos, mensagem) for f in especificacao]
    return linha


def corrigir_arquivo(caminho: Path, raiz: Path, nome: str, referencia: Referencia,
                     limites: Limites, bwrap: str | None,
                     maximos: list[int] | None = None) -> Linha:
    """Corrige uma entrega; nunca levanta exceção (tudo vira status e motivo)."""
    especificacao: list[FuncaoCorrigida] = EXERCICIOS[nome]
    try:
        relativo = Path(os.path.relpath(caminho, raiz)).as_posix()
    except ValueError:
        relativo = caminho.name
    linha = _linha_vazia(relativo, especificacao)
    etapa = "leitura"
    try:
        try:
            fontes, instrucoes, com_erro = analisar(
                caminho, tempo_s=max(10.0, limites.tempo), memoria_mb=max(1024, limites.memoria_mb))
        except ArquivoInvalido as erro:
            return _zerar(linha, especificacao, "arquivo inválido", str(erro),
                          "não corrigida: arquivo inválido")
        etapa = "execução e avaliação"
        pontuar(linha, referencia, instrucoes, fontes, com_erro, limites, bwrap, maximos)
        return linha
    except Exception as erro:  # noqa: BLE001 - falha do corretor: vira a linha deste arquivo
        return _zerar(linha, especificacao, "erro do corretor",
                      f"falha do corretor na etapa de {etapa} ({type(erro).__name__}); "
                      "avise o professor", "não corrigida: falha do corretor")


def _afastar_anterior(saida: Path, avisar) -> None:
    """Renomeia um CSV anterior para ``.anterior``: se o lote cair, nada parece atual."""
    if saida.exists():
        anterior = saida.with_name(saida.name + ".anterior")
        os.replace(saida, anterior)
        avisar(f"O CSV anterior foi renomeado para {anterior.name}.")


def _isolamento(isolar: bool, avisar) -> str | None:
    """O ``bwrap`` a usar, ou ``None`` só se o professor pediu ``--sem-isolamento``.

    **Sem caixa de areia, nada é corrigido** (a não ser a pedido): se o bubblewrap não
    funciona aqui, levanta :class:`ErroDoLote` com o motivo, em vez de rodar o código dos
    alunos com as permissões do professor.
    """
    if isolar:
        bwrap, motivo = diagnosticar_bwrap()
        if not bwrap:
            raise ErroDoLote(
                "a caixa de areia não funciona aqui, e sem ela nada é corrigido (o código "
                "dos alunos leria e gravaria os arquivos deste usuário: soluções, outras "
                f"entregas). Motivo: {motivo}. Conserte o bubblewrap (veja \"O corretor\" "
                "no README.md) ou, aceitando o risco, rode de novo com --sem-isolamento (só "
                "limites de processo; cada linha do CSV sai com isolamento \"nenhum\")")
        avisar(f"Isolamento: bubblewrap ({bwrap}) + limites de processo.")
        return bwrap
    avisar("AVISO: --sem-isolamento: sem caixa de areia, só limites de processo (tempo, "
           "CPU, memória, arquivos, processos). O código dos alunos enxerga o sistema de "
           "arquivos com as permissões deste usuário (veja o modelo de ameaça no "
           "README.md); cada linha do CSV sai com isolamento \"nenhum\".")
    if os.name == "posix" and os.geteuid() == 0 and not python_sem_privilegios():
        raise ErroDoLote(
            "rodando como root e sem bubblewrap, o código dos alunos roda com um uid sem "
            f"privilégios, e esse uid não consegue executar o Python ({sys.executable}: "
            "pastas sem permissão de leitura para todos). Rode como usuário comum, "
            "conserte o bubblewrap ou use um Python legível por todos")
    return None


def corrigir_pasta(entregas: Path, nome: str, saida: Path, feedback: Path | None = None,
                   limites: Limites | None = None, processos: int = 1, semente: int = 0,
                   isolar: bool = True, avisar=print,
                   reaproveitar: Reaproveitamento | None = None) -> list[Linha]:
    """Corrige todas as entregas da pasta e grava o CSV (e os relatórios).

    Com ``isolar`` (o padrão), sem um bubblewrap que funcione nada é corrigido
    (:class:`ErroDoLote`); ``isolar=False`` é o ``--sem-isolamento``. O CSV e a pasta de
    relatórios ficam travados enquanto o lote roda: outra correção com a mesma saída é
    recusada (:class:`ErroDoLote`) antes de mexer em qualquer arquivo.
    O CSV só é gravado no fim, inteiro e de uma vez (arquivo temporário + rename); um
    CSV que já existia é renomeado para ``<saida>.anterior`` antes de começar.
    Os limites sobem aos mínimos do exercício (``corretor.casos.LIMITES_MINIMOS``), com
    um aviso. Levanta :class:`ErroDoLote` se o lote inteiro não puder ser corrigido.
    Com ``reaproveitar``, as entregas em que nada que decide a nota mudou não são
    corrigidas de novo (:mod:`corretor.reaproveitamento`).
    """
    limites, avisos = limites_do_exercicio(nome, limites or Limites())
    for aviso in avisos:
        avisar(aviso)
    bwrap = _isolamento(isolar, avisar)
    saida = Path(saida)
    saida.parent.mkdir(parents=True, exist_ok=True)
    if feedback:
        Path(feedback).parent.mkdir(parents=True, exist_ok=True)
    try:
        with travar_saidas(saida, feedback):
            return _corrigir_travado(Path(os.path.abspath(entregas)), nome, saida, feedback,
                                     limites, processos, semente, bwrap, avisar,
                                     reaproveitar)
    except SaidaOcupada as erro:
        raise ErroDoLote(str(erro)) from None


def _corrigir_travado(entregas: Path, nome: str, saida: Path, feedback: Path | None,
                      limites: Limites, processos: int, semente: int, bwrap: str | None,
                      avisar, reaproveitar: Reaproveitamento | None = None) -> list[Linha]:
    arquivos = listar_entregas(entregas, avisar)
    relativos = [Path(os.path.relpath(p, entregas)).as_posix() for p in arquivos]
    por_aluno = notebooks_por_aluno(relativos, avisar)
    try:
        referencia = preparar_referencia(nome, semente, limites, bwrap)
    except Exception as erro:  # noqa: BLE001
        raise ErroDoLote(f"a solução de referência não rodou: {erro}") from None
    maximos = maximos_resultado(referencia.esperados)
    _afastar_anterior(saida, avisar)
    prontas, pendentes, chaves = {}, arquivos, []
    if reaproveitar is not None:
        reaproveitar.preparar(nome, semente, limites, bwrap is not None, avisar)
        prontas, pendentes, chaves = reaproveitar.separar(arquivos, relativos,
                                                          fontes.identificar, aluno_de)
    inicio = time.perf_counter()
    novas = motores.corrigir_lote(pendentes, entregas, nome, referencia, limites, bwrap,
                                  maximos, processos, avisar)
    linhas = Reaproveitamento.juntar(len(arquivos), prontas, novas)
    for linha, relativo in zip(linhas, relativos):
        linha.notebooks_do_aluno = por_aluno[aluno_de(relativo).casefold()]
        linha.isolamento = "bubblewrap" if bwrap else "nenhum"
        identidade = fontes.identificar(relativo)
        if identidade is not None:
            linha.lms_id, linha.lms_nome = identidade.id, identidade.nome
    if feedback:
        try:
            gravar_relatorios(Path(feedback), linhas, nome, avisar)
        except OSError as erro:   # pasta impossível de criar: o CSV sai assim mesmo
            avisar(f"AVISO: não consegui gravar os relatórios em {feedback} ({erro.strerror})")
    gravar_csv(saida, [f.nome for f in EXERCICIOS[nome]], linhas)
    if reaproveitar is not None:
        reaproveitar.guardar(linhas, chaves)
        avisar(f"{len(prontas)} entrega(s) reaproveitada(s) da correção anterior "
               f"({reaproveitar.arquivo.name}); {len(pendentes)} corrigida(s) agora.")
    avisar(f"{len(linhas)} entrega(s) corrigida(s) em {time.perf_counter() - inicio:.1f} s; "
           f"notas em {saida}.")
    return linhas
