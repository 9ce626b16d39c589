#!/usr/bin/env bash
# Build the sdist and the wheel (`python -m build`: the wheel is built from the sdist, so both carry
# resources/), install the wheel into a fresh virtualenv outside the checkout and use it from there:
# `stegstudio demo --preset tiny` and a three-line script on the Python API. Run by `dev.sh test`.
#   bash scripts/check_wheel.sh [PYTHON]   PYTHON builds (default: .venv/bin/python, which has `build`)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PYTHON=${1:-.venv/bin/python}
TORCH_VERSION=2.13.0
log() { printf '[check_wheel] %s\n' "$*" >&2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
log "building sdist and wheel into $scratch/dist"
"$BUILD_PYTHON" -m build --outdir "$scratch/dist" . >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; exit 1; }
wheel=$(ls "$scratch"/dist/stegstudio-*.whl)
for resource in key.schema.json models/gasp-covers/generator.pt samples/cover.png icons/stegstudio.png; do
    unzip -l "$wheel" "stegstudio/resources/$resource" >/dev/null || { log "the wheel lacks resources/$resource"; exit 1; }
done

log "installing $(basename "$wheel") into a fresh virtualenv"
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q "torch==$TORCH_VERSION"
"$scratch/venv/bin/python" -m pip install -q "$wheel"

cd "$scratch"  # nothing of the checkout on the path: the installed package alone
"$scratch/venv/bin/python" -c 'import stegstudio, sys; assert stegstudio.__file__.startswith(sys.prefix), stegstudio.__file__'
"$scratch/venv/bin/stegstudio" demo --preset tiny --out-dir "$scratch" --json >"$scratch/demo.json"
"$scratch/venv/bin/python" - "$scratch/demo.json" <<'PY'
import json, pathlib, sys
report = json.loads(pathlib.Path(sys.argv[1]).read_text())
assert report["metrics"]["cover_psnr"] > 20 and pathlib.Path(report["revealed"]).is_file(), report
PY
cat >"$scratch/api_example.py" <<'PY'
import stegstudio as ss
stego = ss.embed(ss.sample_cover(size=64, seed=1), "hello from the wheel", password="pw").image
assert ss.extract(stego, password="pw").text == "hello from the wheel"
PY
"$scratch/venv/bin/python" "$scratch/api_example.py"
log "ok: the wheel installs and runs outside the checkout"
