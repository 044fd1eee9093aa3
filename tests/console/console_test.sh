#!/usr/bin/env bash
# The console in a browser (SPEC §10): headless Chromium (Debian's) driven by
# playwright-core (from npm) through node's test runner, against a fresh server; a
# screenshot of each page goes to SHOTS_DIR.
#   console_test.sh INLET_BINARY TOOLS_DIR SHOTS_DIR
set -euo pipefail
inlet=$1
tools=$2
shots=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/tools/start_inlet.sh"

chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "console test: chromium is missing (scripts/test.sh installs it)" >&2; exit 1; }
if [ ! -d "$tools/node_modules/playwright-core" ]; then
  command -v npm >/dev/null || { echo "console test: npm is missing (scripts/test.sh installs it)" >&2; exit 1; }
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent playwright-core@1 >&2
fi

work=$(mktemp -d)
trap 'stop_inlet; rm -rf "$work"' EXIT
start_inlet "$inlet" "$work/data" "$work/serve.log"
mkdir -p "$shots"
INLET_URL="$inlet_url" ADMIN_TOKEN="$(cat "$work/data/admin.token")" CHROMIUM="$chromium" \
  SHOTS_DIR="$shots" NODE_PATH="$tools/node_modules" \
  node --test --test-reporter=spec "$root/tests/console/console.test.mjs"
