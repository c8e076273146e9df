"""Recorrigir sem recomeçar: a linha de uma entrega é reaproveitada quando nada que
decide a nota mudou.

A chave de uma entrega é o SHA-256 de: o conteúdo do notebook, a versão do exercício
(a solução de referência e o código do próprio corretor, fora as saídas), a semente,
os limites e se havia caixa de areia. As linhas ficam em ``<saida>.correcoes.json``, ao
lado do CSV. Não são guardadas linhas com ``erro do corretor`` nem ``tempo esgotado``
(podem ter vindo de uma máquina ocupada): essas são sempre corrigidas de novo.

Para forçar: ``--recorrigir ALUNO`` (o aluno, o id no LMS ou o arquivo; repetível) ou
``--recorrigir-tudo`` (ou apague o ``.correcoes.json``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from corretor.relatorio import Linha, gravar_atomico

RAIZ = Path(__file__).resolve().parent.parent
MAX_BYTES = 256 << 20
NAO_GUARDAR = {"erro do corretor", "tempo esgotado"}
_PASTAS_FORA_DA_VERSAO = {"saidas", "fontes"}


def versao_do_exercicio(nome: str) -> str:
    """Resumo da solução de referência e do código do corretor que corrige."""
    resumo = hashlib.sha256(nome.encode())
    arquivos = [RAIZ / "solutions" / f"{nome}.ipynb"]
    arquivos += sorted(p for p in (RAIZ / "corretor").rglob("*.py")
                       if not _PASTAS_FORA_DA_VERSAO & set(p.relative_to(RAIZ).parts))
    for caminho in arquivos:
        resumo.update(str(caminho.relative_to(RAIZ)).encode())
        try:
            resumo.update(caminho.read_bytes())
        except OSError:
            resumo.update(b"ausente")
    return resumo.hexdigest()


class Reaproveitamento:
    """As linhas já corrigidas de um CSV, pela chave de cada entrega."""

    def __init__(self, saida: Path, forcar_tudo: bool = False, forcar: tuple = ()):
        self.arquivo = Path(saida).with_name(Path(saida).name + ".correcoes.json")
        self.forcar_tudo, self.forcar = forcar_tudo, {f.casefold() for f in forcar}
        self.parametros = ""
        self.guardadas: dict[str, dict] = {}
        self.reaproveitadas = 0

    def preparar(self, nome: str, semente: int, limites, isolado: bool, avisar=print) -> None:
        """Fixa os parâmetros do lote e lê as linhas guardadas (se houver e servirem)."""
        self.parametros = json.dumps([versao_do_exercicio(nome), semente, repr(limites),
                                      isolado])
        if self.forcar_tudo or not self.arquivo.is_file():
            return
        try:
            if self.arquivo.stat().st_size > MAX_BYTES:
                raise ValueError("grande demais")
            dados = json.loads(self.arquivo.read_text(encoding="utf-8"))
            self.guardadas = {k: v for k, v in dados.items() if isinstance(v, dict)}
        except (OSError, ValueError, AttributeError) as erro:
            avisar(f"AVISO: {self.arquivo.name} ilegível ({erro}); tudo será corrigido.")

    def chave(self, caminho: Path) -> str:
        resumo = hashlib.sha256(self.parametros.encode())
        with open(caminho, "rb") as arq:
            while bloco := arq.read(1 << 20):
                resumo.update(bloco)
        return resumo.hexdigest()

    def _forcado(self, relativo: str, aluno: str, lms_id: str) -> bool:
        return bool(self.forcar & {relativo.casefold(), aluno.casefold(), lms_id.casefold()})

    def separar(self, arquivos: list[Path], relativos: list[str], identificar, aluno_de):
        """(linhas reaproveitadas por índice, arquivos a corrigir, chaves de todos)."""
        prontas, pendentes, chaves = {}, [], []
        for i, (caminho, relativo) in enumerate(zip(arquivos, relativos)):
            try:
                chave = self.chave(caminho)
            except OSError:
                chave = ""
            chaves.append(chave)
            identidade = identificar(relativo)
            aluno = aluno_de(relativo)
            guardada = self.guardadas.get(chave)
            if guardada and not self._forcado(relativo, aluno,
                                              identidade.id if identidade else ""):
                try:
                    linha = Linha(**guardada)
                    linha.detalhes = [tuple(d) for d in linha.detalhes]
                    linha.aluno, linha.arquivo = aluno, relativo
                    prontas[i] = linha
                    continue
                except TypeError:
                    pass
            pendentes.append(caminho)
        self.reaproveitadas = len(prontas)
        return prontas, pendentes, chaves

    @staticmethod
    def juntar(total: int, prontas: dict, novas: list[Linha]) -> list[Linha]:
        novas_iter = iter(novas)
        return [prontas[i] if i in prontas else next(novas_iter) for i in range(total)]

    def guardar(self, linhas: list[Linha], chaves: list[str]) -> None:
        dados = {}
        for linha, chave in zip(linhas, chaves):
            if chave and linha.status not in NAO_GUARDAR:
                dados[chave] = {k: v for k, v in asdict(linha).items()
                                if k not in ("relatorio",)}
        gravar_atomico(self.arquivo, json.dumps(dados, ensure_ascii=False))
