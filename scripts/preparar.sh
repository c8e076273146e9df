#!/usr/bin/env bash
# Prepara o ambiente do curso: ambiente virtual em .venv, dependências fixadas
# (requirements.txt), cópias locais do MathJax e dos scripts de widgets (_ativos/) e o
# Pyodide com as rodas do "Executar no navegador" (_lite/).
# Pode ser rodado quantas vezes quiser; o que já está pronto não é refeito.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "Erro: é preciso Python 3.10 ou mais novo (recomendado: 3.11). Defina PYTHON=..." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Criando o ambiente virtual em .venv ..."
  if ! "$PYTHON" -m venv .venv; then
    rm -rf .venv
    echo "Erro: não consegui criar o ambiente virtual com '$PYTHON -m venv'." >&2
    echo "No Debian/Ubuntu, instale o módulo venv (ex.: sudo apt install python3-venv)" >&2
    echo "e rode este comando de novo." >&2
    exit 1
  fi
fi
echo "Instalando as dependências (requirements.txt) ..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m livro.ativos
# "Executar no navegador": runtime do Pyodide (npm) e rodas do kernel (PyPI) em _lite/.
.venv/bin/python -m livro.navegador

# MNIST sem internet: se houver uma cópia em ../shared/data (máquinas do projeto e
# CI), ela vai para data/mnist.npz, onde curso.dados procura (o git ignora o arquivo).
if [ ! -f data/mnist.npz ] && [ -f ../shared/data/mnist.npz ]; then
  mkdir -p data
  cp ../shared/data/mnist.npz data/mnist.npz
  echo "MNIST local copiado de ../shared/data/mnist.npz para data/mnist.npz."
fi
