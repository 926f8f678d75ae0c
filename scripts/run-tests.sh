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
ensure_hub

echo "==> acceptance tests"
rc=0
robot --outputdir "$RESULTS/atest" --loglevel DEBUG:INFO \
  --variable "HUB_API_PREFIX:${HUB_API_PREFIX:-}" \
  "$@" atest || rc=$?

echo "==> done in $(( $(date +%s) - started )) s"
exit $rc
