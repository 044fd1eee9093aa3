#!/usr/bin/env bash
# The .deb (SPEC §9, scripts/package.sh): packs this build with CPack, unpacks it into a
# temporary root as dpkg would lay it out, checks what it holds (binary, conffile, the
# hardened unit, maintainer scripts, dependencies) and runs the packaged binary with the
# packaged configuration until it answers /healthz.
#   package_test.sh BUILD_DIR
set -euo pipefail
build=$1
source "$(dirname "$0")/../tools/start_inlet.sh"
work=$(mktemp -d)
trap 'stop_inlet; rm -rf "$work"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

cpack -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/inlet_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no inlet_*.deb in $work/out"
dpkg-deb -x "$deb" "$work/root"
dpkg-deb -e "$deb" "$work/control"

[ -x "$work/root/usr/bin/inlet" ] || fail "no /usr/bin/inlet"
[ -f "$work/root/etc/inlet/inlet.json" ] || fail "no /etc/inlet/inlet.json"
grep -qx '/etc/inlet/inlet.json' "$work/control/conffiles" || fail "the configuration is not a conffile"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "no executable $script"
done
grep -q 'adduser --system' "$work/control/postinst" || fail "postinst does not create the user"
grep -q '^Depends:.*libsqlite3' "$work/control/control" || fail "Depends lacks libsqlite3: $(cat "$work/control/control")"
grep -q '^Depends:.*libssl' "$work/control/control" || fail "Depends lacks libssl"
grep -q '^Depends:.*libcurl4' "$work/control/control" || fail "Depends lacks libcurl4 (the client's HTTP)"
grep -q '^Depends:.*libpq5' "$work/control/control" || fail "Depends lacks libpq5 (the PostgreSQL store's client library)"
unit="$work/root/lib/systemd/system/inlet.service"
[ -f "$unit" ] || fail "no systemd unit"
for line in 'User=inlet' 'NoNewPrivileges=yes' 'ProtectSystem=strict' \
            'ReadWritePaths=/var/lib/inlet' \
            'ExecStart=/usr/bin/inlet serve --config /etc/inlet/inlet.json --data-dir /var/lib/inlet'; do
  grep -qxF "$line" "$unit" || fail "the unit lacks $line"
done
[ -f "$work/root/usr/share/doc/inlet/docs/api.md" ] || fail "no docs"

# The packaged binary with the packaged configuration, as the unit starts it (another
# data directory and port: this is not a system install).
"$work/root/usr/bin/inlet" --check-config "$work/root/etc/inlet/inlet.json" >/dev/null ||
  fail "the packaged configuration does not check"
start_inlet "$work/root/usr/bin/inlet" "$work/data" "$work/serve.log" \
  --config "$work/root/etc/inlet/inlet.json" || fail "the packaged server did not start"
url=$inlet_url
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")" = 200 ] || fail "/healthz did not answer 200"
[ -s "$work/data/admin.token" ] || fail "no admin token in the data directory"
echo "package test: $(basename "$deb") holds the binary, /etc/inlet/inlet.json, the unit; the packaged server answered $url/healthz"
