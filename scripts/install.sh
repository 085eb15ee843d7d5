#!/bin/sh
# Install guidepress into the current Python: "sh scripts/install.sh" for the tool,
# "sh scripts/install.sh test" for the tool and its test tools (editable).
#
# As root on Debian or Ubuntu it also installs three optional system packages:
# libharfbuzz-subset0, which makes WeasyPrint's font subsetting 3-4x faster,
# fonts-droid-fallback, which prints Chinese, Japanese and Korean names (the fonts
# for Latin, Greek, Cyrillic and Arabic ship with guidepress), and ghostscript,
# whose CMYK profile (in libgs-common) serves --pdf-variant pdf/x-4 when the print
# shop's is not given, and which the tests use to draw every page of it. Without
# them everything else works, and this script says what is missing.
# With "test" it also installs qpdf, whose "qpdf --check" the tests run on every
# product (they skip that check without it), and chromium-headless-shell, the browser
# the tests of "guidepress serve" drive (they skip without it, but not under CI).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

has_subset() { ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0'; }
has_cjk() { fc-list :lang=zh 2>/dev/null | grep -q .; }
has_gs() { command -v gs >/dev/null 2>&1 && [ -f /usr/share/color/icc/ghostscript/default_cmyk.icc ]; }

if ! has_subset || ! has_cjk || ! has_gs; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing libharfbuzz-subset0, fonts-droid-fallback and ghostscript (optional)..."
        { apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0 fonts-droid-fallback \
            ghostscript; } >/dev/null 2>&1 || echo "note: the optional system packages could not be installed"
    fi
    has_subset || echo "note: without libharfbuzz-subset0 rendering is 3-4x slower"
    has_cjk || echo "note: without a CJK font (e.g. fonts-droid-fallback) Chinese, Japanese and Korean text cannot be printed"
    has_gs || echo "note: without ghostscript, --pdf-variant pdf/x-4 needs the print shop's CMYK profile (print_profile)"
fi

if [ "${1:-}" = "test" ] && ! command -v qpdf >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing qpdf (optional)..."
        { apt-get update -qq && apt-get install -y -qq qpdf; } \
            >/dev/null 2>&1 || echo "note: qpdf could not be installed"
    fi
    command -v qpdf >/dev/null 2>&1 || echo "note: without qpdf the tests skip checking each PDF's syntax with qpdf --check"
fi

has_browser() { command -v chromium-headless-shell >/dev/null 2>&1 || [ -x /usr/lib/chromium/chromium-headless-shell ]; }
if [ "${1:-}" = "test" ] && ! has_browser; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing chromium-headless-shell (for the composer's browser tests)..."
        { apt-get update -qq && apt-get install -y -qq chromium-headless-shell; } \
            >/dev/null 2>&1 || echo "note: chromium-headless-shell could not be installed"
    fi
    has_browser || echo "note: without chromium-headless-shell the composer's browser tests skip"
fi

if [ "${1:-}" = "test" ]; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]"
else
    "$PYTHON" -m pip install --quiet --disable-pip-version-check .
fi
