#!/usr/bin/env bash
# Installs what is missing, builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test (unit and end-to-end); then, where clang
# links libFuzzer, a short run of each fuzz target (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DINLET_SANITIZE=ON >/dev/null
cmake --build build/test -j "$(nproc)"
(cd build/test && ctest --output-on-failure -j "$(nproc)" --timeout 600)
scripts/fuzz.sh 20
