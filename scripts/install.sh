#!/bin/sh
# Install guidepress into the current Python: "sh scripts/install.sh" for the tool,
# "sh scripts/install.sh test" for the tool and its test tools (editable).
#
# As root on Debian or Ubuntu it also installs libharfbuzz-subset0, which makes
# WeasyPrint's font subsetting 3-4x faster. It is optional: without it everything
# works, more slowly, and "guidepress --version" says it is missing.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if ! ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0'; then
        echo "installing libharfbuzz-subset0 (optional, faster rendering)..."
        if ! { apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0; } >/dev/null 2>&1; then
            echo "note: libharfbuzz-subset0 could not be installed; rendering will be 3-4x slower"
        fi
    fi
else
    ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset\.so\.0' ||
        echo "note: install libharfbuzz-subset0 with your system's package manager for 3-4x faster rendering"
fi

if [ "${1:-}" = "test" ]; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]"
else
    "$PYTHON" -m pip install --quiet --disable-pip-version-check .
fi
