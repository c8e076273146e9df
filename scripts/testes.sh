#!/usr/bin/env bash
# Prepara o ambiente e roda todos os testes: unidades do pacote, nbval em todos os
# notebooks, construção estrita do site (que fica em _build/html) e teste no navegador.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/preparar.sh
export TF_CPP_MIN_LOG_LEVEL=3
exec .venv/bin/python -m pytest "$@"
