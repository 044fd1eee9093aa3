#!/usr/bin/env bash
# Installs what is missing, builds a release binary and starts the server on its
# embedded defaults (SQLite under ./data, 127.0.0.1:8888). Extra arguments go to
# `inlet serve`, e.g. scripts/run.sh --listen 0.0.0.0:8888.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-release.sh inlet
exec build/release/src/inlet serve --config config/inlet.json "$@"
