#!/usr/bin/env bash
# The Postman guide, exercised (SPEC §9): newman (from npm) runs the collection of
# docs/clients/postman against a fresh server, with the environment file as shipped
# and only baseUrl and adminToken given, as a user fills them in.
#   postman_test.sh INLET_BINARY TOOLS_DIR
set -euo pipefail
inlet=$1
tools=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/tools/start_inlet.sh"

newman="$tools/node_modules/.bin/newman"
if [ ! -x "$newman" ]; then
  command -v npm >/dev/null || { echo "postman test: npm is missing (scripts/test.sh installs it)" >&2; exit 1; }
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent newman@6 >&2
fi

work=$(mktemp -d)
trap 'stop_inlet; rm -rf "$work"' EXIT
start_inlet "$inlet" "$work/data" "$work/serve.log"
"$newman" run "$root/docs/clients/postman/inlet.postman_collection.json" \
  --environment "$root/docs/clients/postman/inlet.postman_environment.json" \
  --env-var "baseUrl=$inlet_url" --env-var "adminToken=$(cat "$work/data/admin.token")" \
  --reporters cli --bail --color off
