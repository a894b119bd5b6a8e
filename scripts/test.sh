#!/usr/bin/env bash
# scripts/test.sh [PYTEST ARGS...] — install everything the tests need, check the code with
# ruff (lint) and mypy (types), then run pytest. A lint or type error fails the run.
# pytest's exit 5 (no tests collected) counts as a failure.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --test || { echo "test: setup failed (exit $?)" >&2; exit 1; }

.venv/bin/ruff check . || { echo "test: ruff found problems (above); fix them first" >&2; exit 1; }
.venv/bin/mypy || { echo "test: mypy found type errors (above); fix them first" >&2; exit 1; }

# On every core (pytest-xdist): -n auto starts one worker per CPU; with --dist loadgroup a module
# with module-scoped fixtures stays on one worker (tests/conftest.py). Arguments given after
# these win, e.g. `bash scripts/test.sh -n 0` for one process.
.venv/bin/python -m pytest -n auto --dist loadgroup "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "test: error: pytest collected no tests (exit 5); failing, since no test ran" >&2
fi
exit "$rc"
