#!/usr/bin/env bash
# scripts/official-venv.sh — .venv-official/: Python 3.12 with the official unit list (tools/official-requirements.txt).
#
# Called by scripts/setup.sh --test. The package vietnam-provinces is GPL-3.0-or-later and this project is MIT, so
# it lives in a virtual environment of its own that only tests/content/test_official_localities.py runs, as a
# subprocess (tools/official_localities.py); site_builder never imports it and no build ships it. Its 2026
# releases need Python >= 3.12, newer than the 3.11 the project itself runs on.
# Without a Python 3.12 this prints why and exits 0: the test then skips, saying so (and fails under CI=true).
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-official"
REQUIREMENTS="$ROOT/tools/official-requirements.txt"
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

is_312() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; }

# `python3.12` on PATH may be a pyenv shim that refuses to run when 3.12 is not selected: try it, then
# pyenv's own installs, newest first.
find_python312() {
  local candidate
  for candidate in "$(command -v python3.12 || true)" \
      $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python 2>/dev/null | sort -rV) \
      /usr/bin/python3.12 /usr/local/bin/python3.12; do
    if is_312 "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

stamp() { echo "$("$VENV/bin/python" -V 2>&1) $(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"; }

if [ -x "$VENV/bin/python" ] && [ -f "$VENV/.setup-stamp" ] && [ "$(cat "$VENV/.setup-stamp")" = "$(stamp)" ]; then
  say "official unit list up to date (.venv-official)"
  exit 0
fi
if ! PY312="$(find_python312)"; then
  say "no Python 3.12 found (python3.12 on PATH, ~/.pyenv/versions/3.12*): the check of localities.yml" \
      "against the official unit list will be skipped"
  exit 0
fi
say "installing the official unit list into .venv-official with $("$PY312" -V 2>&1)"
rm -rf "$VENV"
"$PY312" -m venv "$VENV" || die "$PY312 -m venv failed"
LOG="$(mktemp -t site-builder-official.XXXXXX)"
if ! PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$VENV/bin/python" -m pip install -r "$REQUIREMENTS" >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  die "pip install -r tools/official-requirements.txt failed (full log: $LOG)"
fi
rm -f "$LOG"
"$VENV/bin/python" -c 'import vietnam_provinces.legacy' || die "vietnam_provinces does not import from .venv-official"
stamp >"$VENV/.setup-stamp"
