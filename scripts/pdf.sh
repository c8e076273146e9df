#!/usr/bin/env bash
# O livro inteiro num PDF (fora da construção padrão): constrói a versão de página única
# (singlehtml, reaproveitando o cache de execução dos notebooks) e a imprime com o
# Chromium headless em _build/livro.pdf.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/preparar.sh
export TF_CPP_MIN_LOG_LEVEL=3
.venv/bin/jupyter-book build . --builder singlehtml -n --keep-going
.venv/bin/python -m livro.pdf _build/singlehtml/index.html _build/livro.pdf "$@"
