#!/usr/bin/env bash
# Install the Debian packages Win-Loss Studio needs, for one use of the app.
#
#   scripts/system-deps.sh PROFILE [PROFILE...]
#
# Profiles (each includes the ones before it where noted):
#   qt       Qt's libraries for the offscreen platform (tests, --screenshot)
#   desktop  qt + the xcb libraries a real window needs (make run)
#   window   desktop + xvfb and xauth, for a virtual screen (xvfb-run)
#   ci       window + postgresql (PostgreSQL tests) + poppler-utils + make
#            + LibreOffice Writer (the report tests open each .docx in a real client)
#   venv     python3-venv (Debian's python3 needs it for `python3 -m venv`)
#
# Only missing packages are installed: as root, `apt-get update` once and then
# `apt-get install -y --no-install-recommends`; as anyone else it names the
# packages and the sudo command, and exits 1. Without dpkg (not Debian or
# Ubuntu) it prints a note and exits 0. Package facts: shared/FRESH-MACHINE.md.
set -euo pipefail

# Without these, importing PySide6 fails or aborts (exit 134). Name the font:
# with no font at all every glyph is drawn as a box.
QT_PKGS="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0 fonts-dejavu-core"
# The xcb platform plugin (a real window). Qt names libxcb-cursor0 whichever of
# these is missing: `ldd .venv/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so`.
XCB_PKGS="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0"
XVFB_PKGS="xvfb xauth"
CI_PKGS="postgresql poppler-utils make"
VENV_PKGS="python3-venv"
# LibreOffice, to open generated Word reports in a real client (docx -> pdf), and
# Carlito, metrically Calibri (the reports' font): without it LibreOffice prints
# them in DejaVu Sans, wider, and words break inside the table cells sized for Calibri.
REPORT_RENDER_PKGS="libreoffice-writer-nogui fonts-crosextra-carlito"

usage() {
    echo "usage: $0 qt|desktop|window|ci|venv [...]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
wanted=""
for profile in "$@"; do
    case "$profile" in
        qt)      wanted="$wanted $QT_PKGS" ;;
        desktop) wanted="$wanted $QT_PKGS $XCB_PKGS" ;;
        window)  wanted="$wanted $QT_PKGS $XCB_PKGS $XVFB_PKGS" ;;
        ci)      wanted="$wanted $QT_PKGS $XCB_PKGS $XVFB_PKGS $CI_PKGS $REPORT_RENDER_PKGS" ;;
        venv)    wanted="$wanted $VENV_PKGS" ;;
        *)       usage ;;
    esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: no dpkg here (not Debian/Ubuntu); skipping the check for: $*." \
         "If Qt fails to start, install your system's equivalents of:$wanted" >&2
    exit 0
fi

missing=""
for pkg in $wanted; do
    case " $missing " in *" $pkg "*) continue ;; esac
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $pkg"
done
missing="${missing# }"
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: missing Debian packages: $missing" >&2
    echo "system-deps: install them with:  sudo apt-get install --no-install-recommends $missing" >&2
    exit 1
fi

echo "system-deps: installing $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing </dev/null >/dev/null
echo "system-deps: installed $missing"
