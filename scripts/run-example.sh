#!/usr/bin/env bash
# The library's main job: the seed scenario as a Robot suite, against the hub
# named by HUB_URL or a local hub started here.
set -euo pipefail
source "$(dirname "$0")/setup.sh" dev
ensure_hub
robot --outputdir "$ROOT/results/example" "$@" "$ROOT/examples"
