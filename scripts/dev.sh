#!/usr/bin/env bash
# Set up StegStudio from a source checkout (idempotent) and run it or its tests.
#   bash scripts/dev.sh app [ARGS...]    run the application (default: the desktop window, `stegstudio gui`)
#   bash scripts/dev.sh test [ARGS...]   ruff + the whole pytest suite + the wheel installed and run outside the
#                                        checkout (scripts/check_wheel.sh); with ARGS, only pytest ARGS
#   bash scripts/dev.sh installer        build the frozen app into dist/ (bundle, .tar.gz, .deb) and smoke-test it
#   bash scripts/dev.sh setup            only install
# Needs python3 (>= 3.10). As root on Debian it installs missing system packages with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
TORCH_VERSION=2.13.0  # the CPU wheel; a plain `torch` would pull a multi-GB CUDA build
# What Qt's xcb platform plugin, VTK's OpenGL view, QtMultimedia's sound (libpulse0) and Xvfb need on a bare Debian.
GUI_PACKAGES=(xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
    libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxcb-cursor0 libxkbcommon-x11-0 libegl1 libgl1-mesa-dri
    libfontconfig1 libdbus-1-3 libglib2.0-0 libpulse0)

log() { printf '[dev.sh] %s\n' "$*" >&2; }

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        log "please install these system packages: ${missing[*]}"
        return 1
    fi
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
    apt_install "${GUI_PACKAGES[@]}" || log "without these the window and the 3D view cannot start"
    if [ ! -x "$VENV/bin/python" ]; then
        if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$PYTHON" -m venv "$VENV"
        fi
    fi
    local stamp="$VENV/.stegstudio-installed" want
    want="$(cat pyproject.toml scripts/dev.sh | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "installing into $VENV (torch==$TORCH_VERSION first)"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q "torch==$TORCH_VERSION"
        "$VENV/bin/python" -m pip install -q -e ".[dev]"
        echo "$want" >"$stamp"
    fi
}

cmd=${1:-app}
shift || true
case "$cmd" in
    setup) setup ;;
    app)
        setup
        if [ $# -eq 0 ]; then set -- gui; fi
        if [ "$1" = gui ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
            log "no display: running on a virtual X screen (xvfb-run); use --screenshot PATH to see it"
            exec xvfb-run -a -s "-screen 0 1600x1000x24" "$VENV/bin/stegstudio" "$@"
        fi
        exec "$VENV/bin/stegstudio" "$@"
        ;;
    test)
        setup
        "$VENV/bin/ruff" check stegstudio tests benchmarks scripts
        export QT_QPA_PLATFORM=offscreen
        if [ $# -gt 0 ]; then exec "$VENV/bin/python" -m pytest -q "$@"; fi
        "$VENV/bin/python" -m pytest -q
        bash scripts/check_wheel.sh "$VENV/bin/python"
        ;;
    installer)
        bash installer/build.sh
        apt_install xvfb xauth desktop-file-utils || true
        exec bash installer/smoke.sh "$@"
        ;;
    *) log "unknown command '$cmd'; use app, test, installer or setup"; exit 2 ;;
esac
