#!/usr/bin/env bash
# Check what installer/build.sh made, as a user would meet it, and report measurements as JSON:
#   - the .desktop entry validates (desktop-file-validate);
#   - the Debian package unpacks (or, with --install as root, really installs with dpkg -i) and its
#     launcher runs `gui --self-test` headless (Xvfb) from an unrelated working directory;
#   - start-to-window time of the frozen app (to its first screenshot), and a clear message, not a
#     Qt abort, when there is no display;
#   - bundle size and what dominates it.
#   bash installer/smoke.sh [--install]      -> dist/smoke.json  (bash scripts/dev.sh installer runs build + smoke)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

DEB=$(ls dist/stegstudio_*.deb 2>/dev/null | head -1)
[ -n "$DEB" ] || fail "no dist/stegstudio_*.deb; run bash installer/build.sh first"
for tool in desktop-file-validate xvfb-run dpkg-deb; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install desktop-file-utils xvfb dpkg)"
done
desktop-file-validate installer/linux/stegstudio.desktop || fail "the .desktop entry does not validate"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ "${1:-}" = --install ]; then
    log "dpkg -i $DEB"
    dpkg -i "$DEB" >/dev/null
    LAUNCHER=/usr/bin/stegstudio
    BUNDLE=/opt/stegstudio
else
    dpkg-deb -x "$DEB" "$WORK/root"
    BUNDLE="$WORK/root/opt/stegstudio"
    LAUNCHER="$BUNDLE/stegstudio"
    grep -q "exec /opt/stegstudio/stegstudio" "$WORK/root/usr/bin/stegstudio" || fail "launcher script is wrong"
fi
export STEGSTUDIO_SETTINGS_DIR="$WORK/settings"

cd /  # resources must come from the bundle, not from the working directory
log "no display: expect a plain message"
set +e
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$LAUNCHER" gui >"$WORK/nodisplay.out" 2>&1
NODISPLAY_RC=$?
set -e
grep -qi "display" "$WORK/nodisplay.out" || fail "no-display run said: $(cat "$WORK/nodisplay.out")"
! grep -qi "abort\|core dumped" "$WORK/nodisplay.out" || fail "no-display run aborted: $(cat "$WORK/nodisplay.out")"

log "self-test under Xvfb"
T0=$(date +%s%N)
xvfb-run -a -s "-screen 0 1600x1000x24" "$LAUNCHER" gui --self-test >"$WORK/selftest.out" 2>&1 \
    || fail "self-test: $(tail -20 "$WORK/selftest.out")"
SELFTEST_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
cat "$WORK/selftest.out" >&2

log "start to window (first screenshot), 3 runs"
STARTS=()
for i in 1 2 3; do
    T0=$(date +%s%N)
    xvfb-run -a -s "-screen 0 1600x1000x24" "$LAUNCHER" gui --screenshot "$WORK/shot$i.png" >/dev/null 2>&1 \
        || fail "screenshot run $i"
    STARTS+=("$(( ($(date +%s%N) - T0) / 1000000 ))")
done
[ -s "$WORK/shot1.png" ] || fail "no screenshot written"
log "CLI from the bundle"
"$LAUNCHER" cover sample --size 64 --seed 1 --out "$WORK/cover.png" --quiet || fail "cover sample"
cd "$ROOT"

"${PYTHON:-python3}" - "$BUNDLE" "$DEB" "$SELFTEST_MS" "$NODISPLAY_RC" "${STARTS[@]}" >dist/smoke.json <<'PY'
import json, os, statistics, subprocess, sys
bundle, deb, selftest_ms, nodisplay_rc, *starts = sys.argv[1:]
def mb(path):
    return round(int(subprocess.run(["du", "-sk", path], capture_output=True, text=True).stdout.split()[0]) / 1024, 1)
internal = os.path.join(bundle, "_internal")
parts = sorted(((mb(os.path.join(internal, n)), n) for n in os.listdir(internal)), reverse=True)[:8]
starts = [round(int(s) / 1000, 2) for s in starts]
print(json.dumps({
    "benchmark": "installer", "bundle_mb": mb(bundle), "deb_mb": round(os.path.getsize(deb) / 2**20, 1),
    "largest": [{"name": n, "mb": s} for s, n in parts],
    "start_to_window_s": starts, "start_to_window_median_s": statistics.median(starts), "target_s": 5.0,
    "self_test_s": round(int(selftest_ms) / 1000, 1), "no_display_exit_code": int(nodisplay_rc),
}, indent=1))
PY
cat dist/smoke.json
log "ok"
