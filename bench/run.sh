#!/usr/bin/env bash
# Builds a Release inlet and its load generator, then runs the benchmark of
# docs/performance.md against them.
#   bench/run.sh           the full benchmark (under 10 minutes on 2 cores)
#   bench/run.sh --smoke   about 20 s: every check, no target judged
# Other arguments go to inlet_bench (sizes, --scenarios, --profile; see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# The same configuration as scripts/run.sh, so the two share one build directory.
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DINLET_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build build/release --target inlet inlet_bench -j "$(nproc)"
exec build/release/bench/inlet_bench --inlet build/release/src/inlet "$@"
