"""Fontes das entregas: leiautes do Moodle e do Canvas e o zip como entrada não confiável."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from corretor import fontes
from corretor.entregas import ErroDoLote
from corretor.fontes import zip_seguro


@pytest.mark.parametrize("relativo, esperado", [
    ("José da Silva_123_assignsubmission_file/sub/tarefa.ipynb",
     ("123", "José da Silva", "moodle", False)),
    ("Ana_Maria Çá_7_assignsubmission_file_tarefa.ipynb", ("7", "Ana_Maria Çá", "moodle", False)),
    ("silvajosé_LATE_2001_3001_tarefa_final.ipynb", ("2001", "silvajosé", "canvas", True)),
    ("souzaana_2002_3002_tarefa.ipynb", ("2002", "souzaana", "canvas", False)),
])
def test_leiautes(relativo, esperado):
    i = fontes.identificar(relativo)
    assert (i.id, i.nome, i.leiaute, i.atrasada) == esperado


@pytest.mark.parametrize("relativo", ["ana.ipynb", "ana/entrega.ipynb",
                                      "Nome_1_assignsubmission_file_/x.ipynb"])
def test_pasta_simples_sem_identidade(relativo):
    assert fontes.identificar(relativo) is None


def _zip(caminho: Path, entradas: dict[str, bytes], links: dict[str, str] = {}) -> Path:
    with zipfile.ZipFile(caminho, "w", zipfile.ZIP_DEFLATED) as z:
        for nome, dados in entradas.items():
            z.writestr(nome, dados)
        for nome, alvo in links.items():
            info = zipfile.ZipInfo(nome)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, alvo)
    return caminho


def test_nenhuma_entrada_escapa_do_rascunho(tmp_path):
    origem = _zip(tmp_path / "e.zip", {
        "../fora.ipynb": b"{}", "/absoluto.ipynb": b"{}", "a/../../fora2.ipynb": b"{}",
        "C:/win.ipynb": b"{}", "..\\fora3.ipynb": b"{}", "ok/bom.ipynb": b"{}",
        "leia.txt": b"x"}, links={"link.ipynb": "/etc/passwd"})
    rascunho = tmp_path / "r" / "s"
    rascunho.mkdir(parents=True)
    avisos = []
    assert zip_seguro.extrair(origem, rascunho, avisar=avisos.append) == 1
    tudo = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert tudo == ["e.zip", "r", "r/s", "r/s/ok", "r/s/ok/bom.ipynb"]
    texto = " ".join(avisos)
    assert "5 entrada(s) do zip recusada(s)" in texto and "1 link(s)" in texto
    assert "1 arquivo(s) do zip ignorado(s)" in texto


def test_zip_bomba_parada_pelo_tamanho_real(tmp_path):
    origem = _zip(tmp_path / "b.zip", {"a.ipynb": b"0" * (3 << 20)})
    limites = zip_seguro.LimitesZip(max_arquivo_mb=1)
    with pytest.raises(ErroDoLote, match="passa de 1 MB descompactada"):
        zip_seguro.extrair(origem, tmp_path, limites, avisar=lambda *_: None)
    origem = _zip(tmp_path / "c.zip", {f"{i}.ipynb": b"0" * (1 << 20) for i in range(3)})
    with pytest.raises(ErroDoLote, match="limite total"):
        zip_seguro.extrair(origem, tmp_path / "x", zip_seguro.LimitesZip(max_total_mb=2),
                           avisar=lambda *_: None)


def test_zip_com_entradas_demais_recusado_antes_de_ler(tmp_path):
    origem = _zip(tmp_path / "m.zip", {f"{i}.ipynb": b"{}" for i in range(30)})
    assert zip_seguro.entradas_declaradas(origem) == 30
    with pytest.raises(ErroDoLote, match="30 entradas, mais que o limite de 20"):
        zip_seguro.extrair(origem, tmp_path, zip_seguro.LimitesZip(max_entradas=20))


def test_abrir_zip_apaga_o_rascunho(tmp_path):
    origem = _zip(tmp_path / "e.zip", {"ana.ipynb": b"{}"})
    with fontes.abrir(origem, avisar=lambda *_: None) as pasta:
        assert (pasta / "ana.ipynb").read_bytes() == b"{}"
    assert not pasta.exists()
    (tmp_path / "t.txt").write_text("x")
    with pytest.raises(ErroDoLote, match="não é pasta nem arquivo .zip"):
        with fontes.abrir(tmp_path / "t.txt"):
            pass
