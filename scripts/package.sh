#!/usr/bin/env bash
# Builds a release inlet and its .deb (packaging/package.cmake): the binary,
# /etc/inlet/inlet.json, a hardened systemd unit running as user inlet with data in
# /var/lib/inlet. Then: sudo apt install ./build/release/inlet_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# The same configuration as scripts/run.sh, so the three share one build directory.
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DINLET_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build build/release --target inlet -j "$(nproc)"
(cd build/release && cpack -G DEB >/dev/null)
ls -1 build/release/inlet_*.deb
