"""Sends records to an inlet endpoint in batches, from any Python 3 with `requests`: a
Databricks or Fabric notebook, a cron job (docs/clients/python.md).

Each batch goes gzip-compressed with an Idempotency-Key, so a retry never stores it twice;
429, 503 and connection errors are retried, waiting as Retry-After says.

    python3 inlet_send.py --url POST_URL --token INGEST_TOKEN records.ndjson [--batch 10000]

In a notebook:

    from inlet_send import send_records
    totals = send_records(post_url, token, df.to_dict("records"))
"""
import argparse
import gzip
import json
import sys
import time
import uuid

import requests

RETRIES = 10


def batches(records, size):
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def post_batch(session, url, token, batch, key):
    """POSTs one batch until it gets an answer that is not 'try again'; returns it."""
    body = gzip.compress(json.dumps(batch).encode("utf-8"))
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "Idempotency-Key": key,
    }
    for attempt in range(RETRIES):
        try:
            answer = session.post(url, data=body, headers=headers, timeout=300)
        except requests.ConnectionError:
            time.sleep(min(2 ** attempt, 30))
            continue
        if answer.status_code in (429, 503):
            time.sleep(float(answer.headers.get("Retry-After", "1")))
            continue
        return answer
    raise RuntimeError(f"batch {key}: no answer after {RETRIES} tries")


def send_records(url, token, records, batch_size=10000, run_id=None):
    """Sends `records` (an iterable of dicts) in batches of `batch_size`. The same
    `run_id` sends the same batches with the same keys: running it again stores nothing
    twice. Returns {"batches", "accepted", "rejected", "warnings", "errors"}."""
    run_id = run_id or uuid.uuid4().hex
    totals = {"batches": 0, "accepted": 0, "rejected": 0, "warnings": 0, "errors": []}
    with requests.Session() as session:
        for number, batch in enumerate(batches(records, batch_size)):
            answer = post_batch(session, url, token, batch, f"{run_id}-{number}")
            totals["batches"] += 1
            envelope = answer.json()
            if answer.status_code not in (200, 400):
                raise RuntimeError(f"batch {number}: {answer.status_code} {answer.text[:500]}")
            totals["accepted"] += envelope.get("accepted", 0)
            totals["rejected"] += envelope.get("rejected", 0)
            # An answer lists at most limits.maxIssues of each and counts the rest.
            totals["warnings"] += len(envelope.get("warnings", [])) + envelope.get(
                "warningsOmitted", 0)
            totals["errors"] += envelope.get("errors", [])
    return totals


def read_records(path):
    """A JSON array or NDJSON (one object per line), told apart by the first character."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description="Send records to an inlet endpoint.")
    parser.add_argument("--url", required=True, help="the endpoint's postUrl")
    parser.add_argument("--token", required=True, help="a token with the ingest scope")
    parser.add_argument("--batch", type=int, default=10000, help="records per request")
    parser.add_argument("--run-id", help="the same id sends the same keys again (a rerun)")
    parser.add_argument("file")
    args = parser.parse_args()
    totals = send_records(args.url, args.token, read_records(args.file), args.batch, args.run_id)
    print(f"{totals['batches']} batches: accepted {totals['accepted']}, rejected "
          f"{totals['rejected']}, {totals['warnings']} warnings")
    for error in totals["errors"][:20]:
        print(f"error: row {error.get('rowIndex')}: {error.get('errorMessage')}", file=sys.stderr)
    return 2 if totals["rejected"] else 0


if __name__ == "__main__":
    sys.exit(main())
