#!/usr/bin/env bash
# Prepara o ambiente e constrói o site em _build/html (modo estrito: aviso = erro).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/preparar.sh
export TF_CPP_MIN_LOG_LEVEL=3
.venv/bin/jupyter-book build . -W -n --keep-going
echo "Site pronto: $(pwd)/_build/html/index.html"
