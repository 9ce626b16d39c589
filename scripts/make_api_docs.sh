#!/usr/bin/env bash
# Write the Python API reference (docs/api/, HTML) from the docstrings of stegstudio.api with pdoc.
#   bash scripts/make_api_docs.sh [OUT_DIR]   (default docs/api; tests/test_api.py checks it is current)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/api}
PYTHON=${PYTHON:-.venv/bin/python}
rm -rf "$out"
"$PYTHON" -m pdoc --docformat markdown --no-show-source --no-search --footer-text "StegStudio" -o "$out" stegstudio.api
