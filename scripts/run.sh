#!/usr/bin/env bash
# Installs what is missing, builds a release binary and starts the server on its
# embedded defaults (SQLite under ./data, 127.0.0.1:8888). Extra arguments go to
# `inlet serve`, e.g. scripts/run.sh --listen 0.0.0.0:8888.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DINLET_TESTS=OFF >/dev/null
cmake --build build/release --target inlet -j "$(nproc)"
exec build/release/src/inlet serve --config config/inlet.json "$@"
