#!/usr/bin/env bash
# Build the frozen StegStudio into dist/: the onedir bundle, a .tar.gz of it and a Debian package
# (bundle under /opt/stegstudio, a `stegstudio` launcher on the PATH, a .desktop entry and the icon).
#   bash installer/build.sh            (or: bash scripts/dev.sh installer)
# Uses the project's .venv (scripts/dev.sh setup) plus PyInstaller; about 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
log() { printf '[installer] %s\n' "$*" >&2; }

bash scripts/dev.sh setup
"$VENV/bin/python" -m pip install -q "pyinstaller>=6.10" "pyinstaller-hooks-contrib>=2025.2"
VERSION=$("$VENV/bin/python" -c "import stegstudio; print(stegstudio.__version__)")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)

log "freezing with PyInstaller (onedir)"
rm -rf build/pyinstaller dist/stegstudio
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --workpath build/pyinstaller --distpath dist \
    installer/stegstudio.spec

TARBALL="dist/stegstudio-$VERSION-linux-$(uname -m).tar.gz"
log "writing $TARBALL"
tar -C dist -czf "$TARBALL.part" stegstudio && mv "$TARBALL.part" "$TARBALL"

log "writing the Debian package"
STAGE=build/deb/stegstudio
rm -rf build/deb
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/256x256/apps"
cp -a dist/stegstudio "$STAGE/opt/stegstudio"
install -m 0755 installer/linux/stegstudio-launcher.sh "$STAGE/usr/bin/stegstudio"
install -m 0644 installer/linux/stegstudio.desktop "$STAGE/usr/share/applications/stegstudio.desktop"
install -m 0644 resources/icons/stegstudio.png "$STAGE/usr/share/icons/hicolor/256x256/apps/stegstudio.png"
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE_KB@/$SIZE_KB/" installer/linux/control.in \
    >"$STAGE/DEBIAN/control"
DEB="dist/stegstudio_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz -z1 --build "$STAGE" "$DEB" >/dev/null
rm -rf build/deb
log "done: dist/stegstudio/ ($(du -sh dist/stegstudio | cut -f1)), $TARBALL, $DEB ($(du -sh "$DEB" | cut -f1))"
