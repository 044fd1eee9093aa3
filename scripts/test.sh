#!/usr/bin/env bash
# Installs what is missing, builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test (unit and end-to-end); then, where clang
# links libFuzzer, a short run of each fuzz target (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# Test tools: Debian's nodejs and npm when there is no npm (the tests install newman, which
# runs the Postman collection of docs/clients, and playwright-core, which drives the
# console's browser test, into build/test/tools), Debian's chromium for that test, and
# PostgreSQL.
tools=()
command -v npm >/dev/null || tools+=(nodejs npm)
command -v chromium >/dev/null || tools+=(chromium)
# PostgreSQL 15, whose throwaway cluster the tests of the PostgreSQL store start
# (tests/tools/postgres_cluster.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || tools+=(postgresql-15)
if [ ${#tools[@]} -gt 0 ]; then
  echo "test: installing ${tools[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null
fi
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DINLET_SANITIZE=ON >/dev/null
cmake --build build/test -j "$(nproc)"
(cd build/test && ctest --output-on-failure -j "$(nproc)" --timeout 600)
scripts/fuzz.sh 20
