"""O livro inteiro num PDF: a construção ``singlehtml`` impressa pelo Chromium headless.

Uso (depois de ``bash scripts/pdf.sh``, que faz tudo)::

    python -m livro.pdf [_build/singlehtml/index.html] [_build/livro.pdf]

Não faz parte da construção padrão. Precisa do Chromium (pacote ``chromium``). O
Chromium espera a página "assentar" (MathJax e widgets desenhados) por até
``--espera`` segundos de tempo virtual antes de imprimir.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from corretor.argumentos import ArgumentParserPt

RAIZ = Path(__file__).resolve().parent.parent
NAVEGADORES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def achar_chromium() -> str | None:
    """Caminho do Chromium (ou do Chrome), se instalado."""
    return next((shutil.which(n) for n in NAVEGADORES if shutil.which(n)), None)


def imprimir(html: Path, pdf: Path, espera: int = 120) -> int:
    if not html.is_file():
        print(f"Erro: {html} não existe; rode `bash scripts/pdf.sh` (constrói o singlehtml).",
              file=sys.stderr)
        return 1
    executavel = achar_chromium()
    if executavel is None:
        print("Erro: o PDF é impresso pelo Chromium, que não está instalado "
              "(no Debian/Ubuntu: apt install chromium).", file=sys.stderr)
        return 1
    # O index.html do singlehtml é só um redirecionamento para a página raiz (intro.html).
    destino = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"',
                        html.read_text(encoding="utf-8", errors="replace")[:500])
    if destino:
        html = html.parent / destino.group(1)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.unlink(missing_ok=True)
    comando = [executavel, "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run", "--disable-extensions", "--run-all-compositor-stages-before-draw",
               f"--virtual-time-budget={espera * 1000}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", html.resolve().as_uri()]
    resultado = subprocess.run(comando, capture_output=True, text=True, timeout=espera + 600)
    if resultado.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        print("Erro: o Chromium não gerou o PDF:\n" + resultado.stderr[-2000:], file=sys.stderr)
        return 1
    print(f"PDF pronto: {pdf} ({pdf.stat().st_size / 2**20:.1f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    analisador = ArgumentParserPt(prog="python -m livro.pdf",
                                  description="Imprime o livro (singlehtml) em PDF.")
    analisador.add_argument("html", nargs="?", type=Path,
                            default=RAIZ / "_build" / "singlehtml" / "index.html",
                            help="página do singlehtml (padrão: _build/singlehtml/index.html)")
    analisador.add_argument("pdf", nargs="?", type=Path, default=RAIZ / "_build" / "livro.pdf",
                            help="PDF a gravar (padrão: _build/livro.pdf)")
    analisador.add_argument("--espera", type=int, default=120,
                            help="segundos (virtuais) para a página assentar")
    argumentos = analisador.parse_args(argv)
    return imprimir(argumentos.html, argumentos.pdf, argumentos.espera)


if __name__ == "__main__":
    raise SystemExit(main())
