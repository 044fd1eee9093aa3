#!/usr/bin/env bash
# Installs what is missing and builds the given targets of the one Release build
# directory, build/release, that scripts/run.sh, scripts/package.sh and bench/run.sh
# share (so each builds only what changed since another ran).
#   scripts/build-release.sh inlet [inlet_bench]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# The top-level CMakeLists.txt uses ccache by itself when it is installed.
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DINLET_TESTS=OFF >/dev/null
cmake --build build/release --target "$@" -j "$(nproc)"
