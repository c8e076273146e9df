#!/usr/bin/env bash
# Prepara o ambiente e constrói o site em _build/html (modo estrito: aviso = erro).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/preparar.sh
export TF_CPP_MIN_LOG_LEVEL=3
# Uma thread na BLAS do numpy ao executar os notebooks (a célula de preparação dos capítulos
# faz o mesmo no Jupyter do leitor): numa máquina ocupada, duas threads disputando os núcleos
# levaram o capítulo 5.2 de 30 s a mais de 100 s, e a 300 s (o limite) com a carga do CI.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
.venv/bin/jupyter-book build . -W -n --keep-going
echo "Site pronto: $(pwd)/_build/html/index.html"
