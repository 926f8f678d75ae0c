#!/usr/bin/env bash
# All tests: lint, unit tests, keyword docs, then the Robot acceptance suites
# against the hub named by HUB_URL or a local hub started here.
set -euo pipefail
source "$(dirname "$0")/setup.sh" "ui,dev"
cd "$ROOT"
RESULTS="$ROOT/results"
mkdir -p "$RESULTS"
started=$(date +%s)

echo "==> ruff"
ruff check HubTaskLibrary utest benchmarks
ruff format --check HubTaskLibrary utest benchmarks

echo "==> unit tests"
python -m pytest -q utest

echo "==> keyword documentation"
python -m robot.libdoc --quiet HubTaskLibrary "$RESULTS/docs/HubTaskLibrary.html"

ensure_chromium
local_hub=0
[ -z "${HUB_URL:-}" ] && local_hub=1
ensure_hub --prefix /api/galaxy/

echo "==> acceptance tests (API prefix ${HUB_API_PREFIX:-discovered})"
rc=0
robot --outputdir "$RESULTS/atest" --loglevel DEBUG:INFO "$@" atest || rc=$?

if [ "$local_hub" = 1 ]; then
  # The same hub with the other API prefix (AAP's); the UI is rewritten for it too.
  echo "==> acceptance tests tagged 'prefix' with /api/automation-hub/"
  hubtask hub up --prefix /api/automation-hub/ >&2
  eval "$(hubtask hub env)"
  robot --outputdir "$RESULTS/atest-automation-hub" --include prefix --loglevel DEBUG:INFO \
    atest || rc=$?
  hubtask hub up --prefix /api/galaxy/ >&2
fi

echo "==> done in $(( $(date +%s) - started )) s"
exit $rc
