"""Do download do LMS à planilha do LMS: zip do Moodle (com e sem pastas) e planilha de
avaliação offline com nomes acentuados, zip do Canvas; ida e volta célula a célula."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from corretor import caixa, cli
from corretor.entregas import ErroDoLote
from corretor.relatorio import Linha
from corretor.saidas import moodle

RAIZ = Path(__file__).resolve().parent.parent
EXERCICIO = "gradiente_descendente"
SEM_ISOLAMENTO = [] if caixa.bwrap_disponivel() else ["--sem-isolamento"]
CABECALHO = ["Identificador", "Nome completo", "Endereço de email", "Status", "Nota",
             "Nota máxima", "Nota pode ser alterada", "Última modificação (envio)",
             "Última modificação (nota)", "Comentários de feedback"]
PLANILHA = [
    ["Participante 101", "José da Silva", "jose@ex.br", "Enviado para avaliação", "",
     "10,00", "Sim", "segunda, 7 dez 2026, 10:00", "-", ""],
    ["Participante 102", "Ana Çãmara", "ana@ex.br", "Enviado para avaliação", "", "10,00",
     "Sim", "segunda, 7 dez 2026, 11:00", "-", ""],
    ["Participante 103", "Márcio Ünal", "marcio@ex.br", "Enviado para avaliação", "",
     "10,00", "Sim", "segunda, 7 dez 2026, 12:00", "-", ""],
    ["Participante 104", "Zoé Não Entregou", "zoe@ex.br", "Nenhum envio", "", "10,00",
     "Sim", "-", "-", ""],
    ["Participante 105", "Lívia Travada", "livia@ex.br", "Enviado para avaliação", "7,50",
     "10,00", "Não", "segunda, 7 dez 2026, 9:00", "terça, 8 dez 2026, 8:00", "ok, nota"],
]


def _ler(caminho: Path, nome: str) -> bytes:
    return (RAIZ / caminho / f"{nome}.ipynb").read_bytes()


def _zip(destino: Path, entradas: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(destino, "w", zipfile.ZIP_DEFLATED) as z:
        for nome, dados in entradas.items():
            z.writestr(nome, dados)
    return destino


def _csv(caminho: Path) -> list[list[str]]:
    with open(caminho, encoding="utf-8-sig", newline="") as arq:
        return list(csv.reader(arq))


def test_moodle_ida_e_volta_celula_a_celula(tmp_path):
    certa, vazia = _ler(Path("solutions"), EXERCICIO), _ler(Path("exercises"), EXERCICIO)
    origem = _zip(tmp_path / "tarefa.zip", {
        "José da Silva_101_assignsubmission_file/pasta/tarefa.ipynb": certa,
        "Ana Çãmara_102_assignsubmission_file/tarefa.ipynb": vazia,
        "Márcio Ünal_103_assignsubmission_file_tarefa.ipynb": certa,       # sem pastas
        "Lívia Travada_105_assignsubmission_file/tarefa.ipynb": certa,
        "Lívia Travada_105_assignsubmission_file/notas.txt": b"ignorado"})
    planilha = tmp_path / "planilha.csv"
    texto = io.StringIO()
    csv.writer(texto, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
        [CABECALHO, *PLANILHA])
    planilha.write_text("\ufeff" + texto.getvalue(), encoding="utf-8")
    saida, volta = tmp_path / "notas.csv", tmp_path / "volta.csv"
    assert cli.main([str(origem), "--exercicio", EXERCICIO, "--saida", str(saida),
                     "--tempo-limite", "5", "--planilha-moodle", str(planilha),
                     "--saida-moodle", str(volta), "--relatorio-turma",
                     str(tmp_path / "turma"), *SEM_ISOLAMENTO]) == 0
    pagina = (tmp_path / "turma" / "index.html").read_text(encoding="utf-8")
    assert f"--saida-moodle {volta}" in pagina and "não implementaram" in pagina
    notas = {l["lms_id"]: l for l in csv.DictReader(open(saida, encoding="utf-8"))}
    assert {i: (l["lms_nome"], l["total"]) for i, l in notas.items()} == {
        "101": ("José da Silva", "5"), "102": ("Ana Çãmara", "0"),
        "103": ("Márcio Ünal", "5"), "105": ("Lívia Travada", "5")}
    devolvida = _csv(volta)
    assert devolvida[0] == CABECALHO and len(devolvida) == len(PLANILHA) + 1
    nota, comentario = CABECALHO.index("Nota"), CABECALHO.index("Comentários de feedback")
    esperado = [list(l) for l in PLANILHA]
    esperado[0][nota], esperado[1][nota], esperado[2][nota] = "10,00", "0,00", "10,00"
    for i, linha in enumerate(devolvida[1:]):
        for j, celula in enumerate(linha):
            if i in (0, 1, 2) and j == comentario:
                continue
            assert celula == esperado[i][j], (i, CABECALHO[j])
    assert devolvida[1][comentario].startswith("Correção automática: 10,00 de 10,00 (ok).")
    assert "não implementada" in devolvida[2][comentario]
    assert volta.read_bytes().startswith("\ufeff".encode())      # BOM mantido


def test_canvas(tmp_path):
    origem = _zip(tmp_path / "canvas.zip", {
        "silvajosé_LATE_2001_3001_tarefa.ipynb": _ler(Path("solutions"), EXERCICIO),
        "souzaana_2002_3002_tarefa-1.ipynb": b"{quebrado"})
    saida = tmp_path / "notas.csv"
    assert cli.main([str(origem), "--exercicio", EXERCICIO, "--saida", str(saida),
                     "--tempo-limite", "5", *SEM_ISOLAMENTO]) == 0
    notas = {l["lms_id"]: l for l in csv.DictReader(open(saida, encoding="utf-8"))}
    assert {i: (l["lms_nome"], l["total"], l["status"]) for i, l in notas.items()} == {
        "2001": ("silvajosé", "5", "ok"), "2002": ("souzaana", "0", "arquivo inválido")}


def test_planilha_em_ingles_com_ponto_decimal(tmp_path):
    planilha = tmp_path / "p.csv"
    planilha.write_text("Identifier,Full name,Grade,Maximum Grade,Feedback comments\n"
                        "Participant 7,Ann,,100.00,\nParticipant 8,Bob,12.5,100.00,bom\n",
                        encoding="utf-8")
    linha = Linha("x", "x.ipynb", {"f": 2.0}, 3.0, "resposta errada", "", lms_id="7")
    linha.detalhes = [("f", 2.0, 3, "valores errados")]
    lida = moodle.ler(planilha)
    assert lida.idioma == "en"
    assert moodle.gravar(lida, [linha], tmp_path / "s.csv", avisar=lambda *_: None) == 1
    assert _csv(tmp_path / "s.csv") == [
        ["Identifier", "Full name", "Grade", "Maximum Grade", "Feedback comments"],
        ["Participant 7", "Ann", "66.67", "100.00",
         "Correção automática: 66.67 de 100.00 (resposta errada). f (2/3): valores errados"],
        ["Participant 8", "Bob", "12.5", "100.00", "bom"]]


def test_planilha_que_nao_e_do_moodle(tmp_path):
    (tmp_path / "p.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ErroDoLote, match="Identificador"):
        moodle.ler(tmp_path / "p.csv")
    (tmp_path / "q.csv").write_bytes("Identificador,Nota\nPart\xe9".encode("latin-1"))
    with pytest.raises(ErroDoLote, match="UTF-8"):
        moodle.ler(tmp_path / "q.csv")


def test_zip_bomba_na_linha_de_comando(tmp_path, capsys):
    origem = _zip(tmp_path / "b.zip", {"ana.ipynb": b" " * (65 << 20)})   # ~64 KB zipado
    saida = tmp_path / "notas.csv"
    assert cli.main([str(origem), "--exercicio", EXERCICIO, "--saida", str(saida),
                     *SEM_ISOLAMENTO]) == 1
    assert "passa de 64 MB descompactada (zip-bomba?)" in capsys.readouterr().out
    assert not saida.exists()


def test_planilha_impossivel_de_gravar_da_codigo_3(tmp_path, capsys):
    pasta = tmp_path / "e"
    pasta.mkdir()
    (pasta / "Ana_1_assignsubmission_file_t.ipynb").write_bytes(b"{quebrado")
    planilha = tmp_path / "p.csv"
    planilha.write_text("Identificador,Nota\nParticipante 1,\n", encoding="utf-8")
    saida = tmp_path / "notas.csv"
    assert cli.main([str(pasta), "--exercicio", EXERCICIO, "--saida", str(saida),
                     "--planilha-moodle", str(planilha), "--saida-moodle",
                     str(tmp_path / "nao-existe" / "x.csv"), *SEM_ISOLAMENTO]) == 3
    assert "não consegui gravar a planilha do Moodle" in capsys.readouterr().out
    assert saida.exists()
