# Sourced by run-example.sh and run-tests.sh: a venv with the package installed.
# Usage: source scripts/setup.sh EXTRAS   (e.g. "dev" or "ui,dev")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${HUBTASK_VENV:-$ROOT/.venv}"
extras="${1:-dev}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating venv $VENV"
  python3 -m venv "$VENV"
fi
stamp="$VENV/.hubtask-installed-$extras"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  echo "==> installing HubTaskLibrary[$extras] into $VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$ROOT[$extras]" 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -c "import HubTaskLibrary" # fail here if the install failed
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
# An editable install leaves the package uncompiled, and with PYTHONDONTWRITEBYTECODE
# set (as on this CI) every robot process would compile it again: 60-90 ms of each
# start-up (measured: library import 0.10-0.14 s over Robot's, 0.05 s compiled).
# A wheel install compiles at install time; this does the same (skips what is current).
"$VENV/bin/python" -m compileall -q "$ROOT/HubTaskLibrary" >/dev/null

# Debian's chromium for the browser suites (Playwright's own download cannot work here).
ensure_chromium() {
  if [ -n "${HUBTASK_CHROMIUM:-}" ] && [ -x "$HUBTASK_CHROMIUM" ]; then return 0; fi
  if [ -x /usr/bin/chromium ]; then export HUBTASK_CHROMIUM=/usr/bin/chromium; return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Debian's chromium"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    export HUBTASK_CHROMIUM=/usr/bin/chromium
  else
    echo "chromium is missing: install Debian's 'chromium' package (or set HUBTASK_CHROMIUM)" >&2
    return 1
  fi
}

# Use the hub named by HUB_URL, or start (or reuse) the local one.
ensure_hub() {
  if [ -n "${HUB_URL:-}" ]; then
    echo "==> using the hub at $HUB_URL"
    return 0
  fi
  echo "==> starting the local hub (hubtask hub up)"
  hubtask hub up "$@" >&2
  eval "$(hubtask hub env)"
  export HUB_URL HUB_USERNAME HUB_PASSWORD HUB_API_PREFIX HUB_CONSOLE_COMMAND
}

# Plain pulpcore for the 'pulp' suites: the server named by PULP_URL (with
# PULP_USERNAME, PULP_PASSWORD, PULP_FILE_REMOTE_URL, PULP_STALL_REMOTE_URL), or
# the local one (`hubtask pulp up`), started in the background by start_pulp and
# waited for by ensure_pulp.
start_pulp() {
  if [ -n "${PULP_URL:-}" ]; then return 0; fi
  PULP_UP_LOG="$(mktemp)"
  echo "==> starting the local Pulp server in the background (hubtask pulp up; log $PULP_UP_LOG)"
  hubtask pulp up "$@" >"$PULP_UP_LOG" 2>&1 &
  PULP_UP_PID=$!
}

ensure_pulp() {
  if [ -n "${PULP_URL:-}" ]; then
    echo "==> using the Pulp server at $PULP_URL"
    return 0
  fi
  if [ -n "${PULP_UP_PID:-}" ]; then
    if ! wait "$PULP_UP_PID"; then
      cat "$PULP_UP_LOG" >&2
      return 1
    fi
    grep -v '^User:' "$PULP_UP_LOG" >&2 || true  # its password is in there
    rm -f "$PULP_UP_LOG"
  else
    hubtask pulp up "$@" >&2
  fi
  eval "$(hubtask pulp env)"
  export PULP_URL PULP_USERNAME PULP_PASSWORD PULP_CONSOLE_COMMAND PULP_FILE_REMOTE_URL \
    PULP_STALL_REMOTE_URL PULP_STATE_DIR PULP_VERSION
}
