#!/usr/bin/env bash
# Prepara o ambiente e roda todos os testes: unidades do pacote, nbval em todos os
# notebooks, construção estrita do site (que fica em _build/html) e teste no navegador.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/preparar.sh
export TF_CPP_MIN_LOG_LEVEL=3
# Uma thread na BLAS do numpy ao executar os notebooks (a célula de preparação dos capítulos
# faz o mesmo no Jupyter do leitor): numa máquina ocupada, duas threads disputando os núcleos
# levaram o capítulo 5.2 de 30 s a mais de 100 s, e a 300 s (o limite) com a carga do CI.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1}
exec .venv/bin/python -m pytest "$@"
