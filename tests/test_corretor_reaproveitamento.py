"""Recorrigir sem recomeçar: só o que mudou é corrigido de novo."""

from __future__ import annotations

import csv
from pathlib import Path

from corretor import caixa, cli, correcao

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"
SEM_ISOLAMENTO = [] if caixa.bwrap_disponivel() else ["--sem-isolamento"]


def test_so_o_que_mudou_e_corrigido(tmp_path, monkeypatch):
    pasta, saida = tmp_path / "entregas", tmp_path / "notas.csv"
    pasta.mkdir()
    certa = (RAIZ / "solutions" / f"{EXERCICIO}.ipynb").read_bytes()
    vazia = (RAIZ / "exercises" / f"{EXERCICIO}.ipynb").read_bytes()
    (pasta / "ana.ipynb").write_bytes(vazia)
    (pasta / "bruno.ipynb").write_bytes(certa)
    corrigidos: list[str] = []
    original = correcao.corrigir_arquivo

    def contar(caminho, *args, **kw):
        corrigidos.append(Path(caminho).name)
        return original(caminho, *args, **kw)

    monkeypatch.setattr(correcao, "corrigir_arquivo", contar)

    def rodar(*extra) -> dict[str, str]:
        corrigidos.clear()
        assert cli.main([str(pasta), "--exercicio", EXERCICIO, "--saida", str(saida),
                         "--tempo-limite", "5", *SEM_ISOLAMENTO, *extra]) == 0
        with open(saida, encoding="utf-8") as arq:
            return {l["arquivo"]: l["total"] for l in csv.DictReader(arq)}

    assert rodar() == {"ana.ipynb": "0", "bruno.ipynb": "5"}
    assert sorted(corrigidos) == ["ana.ipynb", "bruno.ipynb"]
    assert rodar() == {"ana.ipynb": "0", "bruno.ipynb": "5"} and corrigidos == []
    (pasta / "ana.ipynb").write_bytes(certa + b"\n")         # entrega atrasada, nova
    (pasta / "carla.ipynb").write_bytes(vazia + b"\n")
    assert rodar() == {"ana.ipynb": "5", "bruno.ipynb": "5", "carla.ipynb": "0"}
    assert sorted(corrigidos) == ["ana.ipynb", "carla.ipynb"]
    rodar("--recorrigir", "bruno")                            # um aluno sozinho
    assert corrigidos == ["bruno.ipynb"]
    rodar("--semente", "3")                                   # semente decide a nota
    assert len(corrigidos) == 3
    rodar("--recorrigir-tudo")
    assert len(corrigidos) == 3
    # Conteúdo igual ao de outra entrega (já corrigida): a linha é reaproveitada, com o
    # nome deste arquivo.
    (pasta / "davi.ipynb").write_bytes(certa)
    assert rodar()["davi.ipynb"] == "5" and corrigidos == []
