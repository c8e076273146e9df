"""Bateria hostil do corretor, classe "entregas ambíguas": todo arquivo encontrado é contado.

- ``.ipynb`` em qualquer caixa (``.IPYNB``, ``.Ipynb``) é notebook e ganha linha;
- um aluno com vários notebooks (``ana.ipynb``, ``ana/a.ipynb``, ``ana/b.IPYNB``) tem
  todos corrigidos, cada linha com ``notebooks_do_aluno`` = 3, e um aviso com os nomes;
- o resto (outros arquivos, links simbólicos, ``.ipynb_checkpoints``) é ignorado com um
  aviso que diz quantos e quais.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import nbformat

from corretor import caixa, correcao, entregas as mod_entregas

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"


def _solucao() -> str:
    return (RAIZ / "solutions" / f"{EXERCICIO}.ipynb").read_text(encoding="utf-8")


def _montar(pasta: Path) -> None:
    (pasta / "ana").mkdir(parents=True)
    (pasta / "carla").mkdir()
    (pasta / "carla" / ".ipynb_checkpoints").mkdir()
    (pasta / "ana.ipynb").write_text(_solucao())
    (pasta / "ana" / "a.ipynb").write_text(_solucao())
    (pasta / "ana" / "b.IPYNB").write_text("{quebrado")               # inválido: rápido
    (pasta / "BRUNO.IPYNB").write_text(_solucao())
    (pasta / "carla" / "x.Ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    (pasta / "carla" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    (pasta / "leia-me.txt").write_text("não é notebook")
    (pasta / "carla" / "dados.csv").write_text("1,2")
    (pasta / "atalho.ipynb").symlink_to(pasta / "ana.ipynb")


def test_todo_notebook_tem_linha_e_varios_sao_marcados(tmp_path):
    entregas, saida = tmp_path / "entregas", tmp_path / "notas.csv"
    _montar(entregas)
    avisos: list[str] = []
    correcao.corrigir_pasta(entregas, EXERCICIO, saida, feedback=tmp_path / "fb",
                            limites=caixa.Limites(tempo=5),
                            isolar=caixa.bwrap_disponivel() is not None,
                            avisar=avisos.append)
    with open(saida, encoding="utf-8") as arq:
        linhas = {l["arquivo"]: l for l in csv.DictReader(arq)}
    assert sorted(linhas) == ["BRUNO.IPYNB", "ana.ipynb", "ana/a.ipynb", "ana/b.IPYNB",
                              "carla/x.Ipynb"]
    assert {a: (l["aluno"], l["notebooks_do_aluno"]) for a, l in linhas.items()} == {
        "BRUNO.IPYNB": ("BRUNO", "1"), "ana.ipynb": ("ana", "3"),
        "ana/a.ipynb": ("ana", "3"), "ana/b.IPYNB": ("ana", "3"),
        "carla/x.Ipynb": ("carla", "1")}
    # Todos corrigidos (nenhum escolhido pelo corretor).
    assert linhas["ana.ipynb"]["total"] == linhas["ana/a.ipynb"]["total"] == "5"
    assert linhas["BRUNO.IPYNB"]["total"] == "5"
    assert linhas["ana/b.IPYNB"]["status"] == "arquivo inválido"
    assert linhas["BRUNO.IPYNB"]["relatorio"] == "BRUNO.md"      # sem ".IPYNB" no nome
    texto = "\n".join(avisos)
    assert ("AVISO: o aluno ana tem 3 notebooks: ana.ipynb, ana/a.ipynb, ana/b.IPYNB. "
            "Todos são corrigidos") in texto
    assert "2 arquivo(s) ignorado(s) por não ser(em) notebook (.ipynb): carla/dados.csv, " \
           "leia-me.txt." in texto
    assert "1 link(s) simbólico(s) ignorado(s) (nunca seguidos): atalho.ipynb." in texto
    assert "1 pasta(s) .ipynb_checkpoints ignorada(s)" in texto


def test_aluno_sem_diferenciar_caixa():
    """``Ana.ipynb`` e ``ana/x.ipynb`` são o mesmo aluno (num sistema que não diferencia a
    caixa seriam a mesma pasta); a lista de nomes do aviso tem limite."""
    avisos: list[str] = []
    contagem = mod_entregas.notebooks_por_aluno(
        ["Ana.ipynb", "ana/x.ipynb", "bia.ipynb"]
        + [f"zé/{i:02d}.ipynb" for i in range(12)], avisos.append)
    assert contagem == {"ana": 2, "bia": 1, "zé": 12}
    assert avisos[0].startswith("AVISO: o aluno Ana tem 2 notebooks: Ana.ipynb, ana/x.ipynb.")
    assert "zé/09.ipynb (e mais 2)." in avisos[1] and "zé/10.ipynb" not in avisos[1]
    assert mod_entregas.aluno_de("BIA.IPYNB") == "BIA"
    assert mod_entregas.aluno_de("ana/sub/x.ipynb") == "ana"


def test_nomes_estranhos_no_aviso(tmp_path):
    """Nomes de arquivo com quebra de linha ou bytes que não são UTF-8 saem legíveis."""
    (tmp_path / "a\nb.txt").write_text("x")
    (tmp_path / os.fsdecode(b"c\xff.ipynb")).write_text("x")
    avisos: list[str] = []
    achados = mod_entregas.listar_entregas(tmp_path, avisos.append)
    assert [p.name for p in achados] == [os.fsdecode(b"c\xff.ipynb")]
    assert avisos == ["AVISO: 1 arquivo(s) ignorado(s) por não ser(em) notebook (.ipynb): "
                      "a\\nb.txt."]
