#!/usr/bin/env bash
# Builds a release inlet and its .deb (packaging/package.cmake): the binary,
# /etc/inlet/inlet.json, a hardened systemd unit running as user inlet with data in
# /var/lib/inlet. Then: sudo apt install ./build/release/inlet_<version>_<arch>.deb
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-release.sh inlet
(cd build/release && cpack -G DEB >/dev/null)
ls -1 build/release/inlet_*.deb
