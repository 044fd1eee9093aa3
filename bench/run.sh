#!/usr/bin/env bash
# Builds a Release inlet and its load generator, then runs the benchmark of
# docs/performance.md against them.
#   bench/run.sh           the full benchmark (under 10 minutes on 2 cores)
#   bench/run.sh --smoke   about 20 s: every check, no target judged
# Other arguments go to inlet_bench (sizes, --scenarios, --profile; see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-release.sh inlet inlet_bench
exec build/release/bench/inlet_bench --inlet build/release/src/inlet "$@"
