#!/usr/bin/env bash
# Installs the Debian 12 packages inlet builds and tests with. Idempotent and silent
# when everything is present; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ccache
  libboost1.81-dev nlohmann-json3-dev libspdlog-dev libsqlite3-dev
  libgtest-dev libssl-dev zlib1g-dev libcurl4-openssl-dev libpq-dev
  curl openssl jq python3-yaml python3-jsonschema python3-requests
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
