#!/usr/bin/env bash
# All tests: lint, unit tests, keyword docs, then the Robot acceptance suites
# against the hub named by HUB_URL or a local hub started here.
set -euo pipefail
source "$(dirname "$0")/setup.sh" "ui,dev"
cd "$ROOT"
RESULTS="$ROOT/results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
started=$(date +%s)

echo "==> ruff"
ruff check HubTaskLibrary utest benchmarks atest/tools scripts
ruff format --check HubTaskLibrary utest benchmarks atest/tools scripts

echo "==> mypy"
mypy HubTaskLibrary
mypy --strict --follow-imports=silent HubTaskLibrary/client

echo "==> robocop (check only: the formatter once broke data-driven tests)"
robocop check atest examples

echo "==> unit tests"
python -m pytest -q utest

echo "==> keyword documentation"
python -m robot.libdoc --quiet HubTaskLibrary "$RESULTS/docs/HubTaskLibrary.html"

ensure_chromium
local_hub=0
[ -z "${HUB_URL:-}" ] && local_hub=1
# A fresh, long admin password each run: the secrets scan at the end proves it
# never reached a log (a 5-letter "admin" would be too short to scan for).
ensure_hub --prefix /api/galaxy/ --password "hub-$(python -c 'import secrets; print(secrets.token_hex(12))')"

# Secrets the suites make up (test users, tokens) are written here for the
# final scan; it lives outside the results folder.
secrets_dir="$(mktemp -d)"
export HUBTASK_SECRETS_FILE="$secrets_dir/secrets.txt"
trap 'rm -rf "$secrets_dir"' EXIT

echo "==> acceptance tests (API prefix ${HUB_API_PREFIX:-discovered})"
rc=0
robot --outputdir "$RESULTS/atest" --loglevel DEBUG:INFO --exclude parallel "$@" atest 2>&1 \
  | tee "$RESULTS/atest-console.log" || rc=$?

if [ "$local_hub" = 1 ]; then
  # The same hub with the other API prefix (AAP's); the UI is rewritten for it too.
  echo "==> acceptance tests tagged 'prefix' with /api/automation-hub/"
  hubtask hub up --prefix /api/automation-hub/ >&2
  eval "$(hubtask hub env)"
  robot --outputdir "$RESULTS/atest-automation-hub" --include prefix --loglevel DEBUG:INFO \
    atest 2>&1 | tee "$RESULTS/atest-automation-hub-console.log" || rc=$?
  hubtask hub up --prefix /api/galaxy/ >&2
  eval "$(hubtask hub env)"
fi

echo "==> parallel suites (pabot, 4 processes, one hub)"
pabot --processes 4 --pabotlibport 0 --outputdir "$RESULTS/parallel" atest/30_resilience/parallel 2>&1 \
  | tee "$RESULTS/parallel-console.log" || rc=$?
# Each pabot process wrote its own hubtask-tasks.json; one summary for all of them.
hubtask report "$RESULTS/parallel" || rc=$?

echo "==> secrets scan of every output, log, report and console log"
python scripts/check-secrets.py --secrets-file "$HUBTASK_SECRETS_FILE" \
  --env HUB_PASSWORD --env HUB_TOKEN "$RESULTS" || rc=$?

echo "==> done in $(( $(date +%s) - started )) s"
# One closing line for all Robot runs (each output.xml's top-level totals).
python - "$RESULTS" <<'PY'
import pathlib, sys
import xml.etree.ElementTree as ET
passed = failed = 0
for out in pathlib.Path(sys.argv[1]).glob("*/output.xml"):
    total = ET.parse(out).find("statistics/total/stat")
    passed += int(total.get("pass"))
    failed += int(total.get("fail"))
print(f"acceptance: {passed} passed, {failed} failed")
PY
exit $rc
