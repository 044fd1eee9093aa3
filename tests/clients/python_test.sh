#!/usr/bin/env bash
# The Python guide, exercised (SPEC §9): docs/clients/python/inlet_send.py sends 25,000
# NDJSON records in batches of 10,000 (gzip, an Idempotency-Key each) to a fresh server;
# run again with the same run id, it stores nothing twice.
#   python_test.sh INLET_BINARY
set -euo pipefail
inlet=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/tools/start_inlet.sh"
work=$(mktemp -d)
trap 'stop_inlet; rm -rf "$work"' EXIT
fail() { echo "python test: $*" >&2; exit 1; }

start_inlet "$inlet" "$work/data" "$work/serve.log"
admin=$(cat "$work/data/admin.token")
endpoint=$(curl -sS -X POST "$inlet_url/api/v1/endpoints" -H "Authorization: Bearer $admin" \
  -d '{"name":"customers","source":"Lakehouse","group":"Sales","mapping":{"entityType":"/Customer"}}')
post_url=$(jq -r .postUrl <<<"$endpoint")
endpoint_id=$(jq -r .id <<<"$endpoint")
token=$(curl -sS -X POST "$inlet_url/api/v1/tokens" -H "Authorization: Bearer $admin" \
  -d '{"name":"notebook","scopes":["ingest"]}' | jq -r .token)
python3 -c '
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(25000):
        f.write(json.dumps({"customerId": i, "name": f"customer {i}", "e mail": f"c{i}@x.com"}) + "\n")
' "$work/records.ndjson"

send() {
  python3 "$root/docs/clients/python/inlet_send.py" --url "$post_url" --token "$token" \
    --batch 10000 --run-id nightly-1 "$work/records.ndjson"
}
first=$(send) || fail "the first run failed: $first"
[ "$first" = "3 batches: accepted 25000, rejected 0, 25000 warnings" ] || fail "first run: $first"
again=$(send) || fail "the rerun failed: $again"
[ "$again" = "3 batches: accepted 25000, rejected 0, 25000 warnings" ] || fail "rerun: $again"
count=$(curl -sS "$inlet_url/api/v1/endpoints/$endpoint_id" -H "Authorization: Bearer $admin" | jq .recordCount)
[ "$count" = 25000 ] || fail "the endpoint holds $count records, not 25000: the rerun stored twice"
receipts=$(curl -sS "$inlet_url/api/v1/endpoints/$endpoint_id/receipts" -H "Authorization: Bearer $admin" | jq '.items | length')
[ "$receipts" = 3 ] || fail "$receipts receipts, not 3"
echo "python test: $first; rerun replayed, $count records stored in $receipts receipts"
