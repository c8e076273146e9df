"""Correção de uma entrega e de uma pasta: pontos por função, status e motivo."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from corretor.avaliacao import Referencia, preparar_referencia, pontuar
from corretor.caixa import Limites, bwrap_disponivel
from corretor.casos import EXERCICIOS, FuncaoCorrigida
from corretor.leitura import ArquivoInvalido, definicoes, ler_celulas
from corretor.relatorio import Linha, gravar_csv, gravar_relatorios


def corrigir_arquivo(caminho: Path, raiz: Path, nome: str, referencia: Referencia,
                     limites: Limites, bwrap: str | None) -> Linha:
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
        pontuar(linha, referencia, instrucoes, fontes, com_erro, limites, bwrap)
    except Exception as erro:  # noqa: BLE001
        linha.status, linha.motivo = "erro de execução", f"falha ao executar ({type(erro).__name__})"
    return linha


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
    referencia = preparar_referencia(nome, semente, limites, bwrap)
    entregas = entregas.resolve()
    arquivos = sorted((p for p in entregas.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()),
                      key=lambda p: p.relative_to(entregas).as_posix())
    inicio = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, processos)) as grupo:
        linhas = list(grupo.map(lambda p: corrigir_arquivo(
            p, entregas, nome, referencia, limites, bwrap), arquivos))
    gravar_csv(saida, [f.nome for f in EXERCICIOS[nome]], linhas)
    if feedback:
        gravar_relatorios(feedback, linhas, nome)
    avisar(f"{len(linhas)} entrega(s) corrigida(s) em {time.perf_counter() - inicio:.1f} s; "
           f"notas em {saida}.")
    return linhas


