#!/usr/bin/env bash
# Installs what is missing, builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs every test (unit and end-to-end); then, where clang
# links libFuzzer, a short run of each fuzz target (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# Test tools from npm (newman runs the Postman collection of docs/clients): Debian's
# nodejs and npm when there is no npm; the tests install newman into build/test/tools.
if ! command -v npm >/dev/null; then
  echo "test: installing nodejs npm" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=Debug -DINLET_SANITIZE=ON >/dev/null
cmake --build build/test -j "$(nproc)"
(cd build/test && ctest --output-on-failure -j "$(nproc)" --timeout 600)
scripts/fuzz.sh 20
