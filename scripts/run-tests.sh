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
# Plain pulpcore (newest on PyPI) for the 'pulp' suites, installed and started in
# the background while the hub is: the two installs overlap (see ensure_pulp).
start_pulp --password "pulp-$(python -c 'import secrets; print(secrets.token_hex(12))')"
local_hub=0
[ -z "${HUB_URL:-}" ] && local_hub=1
# A fresh, long admin password each run: the secrets scan at the end proves it
# never reached a log (a 5-letter "admin" would be too short to scan for).
ensure_hub --prefix /api/galaxy/ --password "hub-$(python -c 'import secrets; print(secrets.token_hex(12))')"
ensure_pulp

# Execution environment suites sync from a loopback registry (Debian's
# docker-registry, seeded offline); installed here when missing, stopped at the end.
echo "==> loopback container registry (hubtask registry up)"
hubtask registry up >&2
trap 'hubtask registry down >&2 || true' EXIT

# Secrets the suites make up (test users, tokens) are written here for the
# final scan; it lives outside the results folder.
secrets_dir="$(mktemp -d)"
export HUBTASK_SECRETS_FILE="$secrets_dir/secrets.txt"
trap 'rm -rf "$secrets_dir"; hubtask registry down >&2 || true' EXIT

echo "==> acceptance tests (API prefix ${HUB_API_PREFIX:-discovered})"
rc=0
robot --outputdir "$RESULTS/atest" --loglevel DEBUG:INFO --exclude parallel --exclude chaos "$@" atest 2>&1 \
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

echo "==> acceptance tests tagged 'pulp' against plain pulpcore ${PULP_VERSION:-} at $PULP_URL"
# The same task suite as against the hub above; the API prefix is left to discovery.
( export HUB_URL="$PULP_URL" HUB_USERNAME="$PULP_USERNAME" HUB_PASSWORD="$PULP_PASSWORD" \
    HUB_CONSOLE_COMMAND="${PULP_CONSOLE_COMMAND:-}"
  unset HUB_API_PREFIX
  robot --outputdir "$RESULTS/atest-pulp" --include pulp --variable SERVER:pulp \
    --loglevel DEBUG:INFO atest/40_pulp 2>&1 | tee "$RESULTS/atest-pulp-console.log" ) || rc=$?

echo "==> parallel suites (pabot, 4 processes, one hub)"
pabot --processes 4 --pabotlibport 0 --outputdir "$RESULTS/parallel" atest/30_resilience/parallel 2>&1 \
  | tee "$RESULTS/parallel-console.log" || rc=$?
# Each pabot process wrote its own hubtask-tasks.json; one summary for all of them.
hubtask report "$RESULTS/parallel" || rc=$?

if [ "$local_hub" = 1 ]; then
  # It restarts the hub it runs on: alone, after every other suite; it leaves the hub up.
  echo "==> chaos suite (restarts of the local hub; CHAOS_SEED=${CHAOS_SEED:-default})"
  robot --outputdir "$RESULTS/chaos" --include chaos --loglevel DEBUG:INFO atest/50_chaos 2>&1 \
    | tee "$RESULTS/chaos-console.log" || rc=$?
  hubtask hub status >&2 || rc=$?
else
  echo "==> chaos suite skipped: it restarts the local hub, and HUB_URL names another hub"
fi

echo "==> secrets scan of every output, log, report and console log"
python scripts/check-secrets.py --secrets-file "$HUBTASK_SECRETS_FILE" \
  --env HUB_PASSWORD --env HUB_TOKEN --env PULP_PASSWORD "$RESULTS" || rc=$?

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
