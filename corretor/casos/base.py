"""Peças comuns da verdade declarada: :class:`FuncaoCorrigida` e a semente pública."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

SEMENTE_PUBLICA = 20240601   # casos públicos (no notebook); a correção usa a do professor


@dataclass(frozen=True)
class FuncaoCorrigida:
    nome: str
    gerar: Callable
    pontos: float = 1.0
    rtol: float = 1e-5
    atol: float = 1e-8
    depende: tuple = ()
    lista_ok: bool = False
    comparar: bool = True

    def info(self) -> dict:
        """A parte da verdade que o notebook também usa (vai para a célula de dados)."""
        return {"rtol": self.rtol, "atol": self.atol, "depende": list(self.depende),
                "lista_ok": self.lista_ok, "comparar": self.comparar}


def dependencias(especificacao: list[FuncaoCorrigida], nome: str) -> list[str]:
    """Todas as funções corrigidas de que ``nome`` depende, direta ou indiretamente."""
    por_nome = {f.nome: f for f in especificacao}
    vistas, pilha = [], list(por_nome[nome].depende)
    while pilha:
        d = pilha.pop()
        if d not in vistas:
            vistas.append(d)
            pilha += list(por_nome[d].depende)
    ordem = [f.nome for f in especificacao]
    return sorted(vistas, key=ordem.index)


def rede_aleatoria(rng, dims, media_b: float = 0.0) -> dict:
    """Parâmetros gaussianos ``{"W1": (dims[0], dims[1]), "b1": (dims[1],), ...}``, sorteados
    camada por camada (W e depois b); ``media_b`` desloca os vieses."""
    p = {}
    for l in range(1, len(dims)):
        p[f"W{l}"] = rng.normal(size=(dims[l - 1], dims[l]))
        p[f"b{l}"] = rng.normal(media_b, 1.0, size=dims[l])
    return p
