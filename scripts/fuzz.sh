#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build/fuzz (clang, ASan + UBSan) and runs
# each for SECONDS (default 20) from its seeds: scripts/fuzz.sh [SECONDS] [TARGET...].
# What a run adds to a corpus stays in build/fuzz/corpus/<target> for the next run; an
# input that crashes, leaks, hangs or passes the memory bounds is written to
# build/fuzz/artifacts/ and fails the script. Without a clang++ that links libFuzzer it
# says it skipped and succeeds. docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(http_request gzip_body ingest_body mapping clue record_framer)

probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
  >"$probe/probe.cc"
if ! command -v clang++ >/dev/null ||
  ! clang++ -fsanitize=fuzzer "$probe/probe.cc" -o "$probe/probe" 2>/dev/null; then
  echo "fuzz: skipped (no clang++ that links libFuzzer)"
  exit 0
fi

CXX=clang++ cmake -S . -B build/fuzz -DINLET_FUZZ=ON -DINLET_TESTS=OFF >/dev/null
cmake --build build/fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

# Compressed bodies made here (the fuzzer's first byte picks gzip or deflate, the second
# the slice size): gzip members, one cut short, two back to back, and raw deflate.
gzip_seeds=build/fuzz/seeds/gzip_body
mkdir -p "$gzip_seeds"
body='[{"id":1,"name":"Ann"},{"id":2,"name":"Bob"}]'
{ printf '\x00\x03'; printf '%s' "$body" | gzip -c; } >"$gzip_seeds/gzip"
{ printf '\x00\xff'; printf '%s' "$body" | gzip -c | head -c 30; } >"$gzip_seeds/gzip_cut"
{ printf '\x00\x00'; printf '[1,' | gzip -c; printf '2]' | gzip -c; } >"$gzip_seeds/gzip_two"
{ printf '\x01\x07'; printf '%s' "$body" | gzip -c | tail -c +11 | head -c -8; } \
  >"$gzip_seeds/deflate_raw"

seeds_of() {
  case "$1" in
    http_request) echo tests/fuzz/seeds/http_request ;;
    gzip_body) echo "$gzip_seeds" ;;
    ingest_body | record_framer) echo ../shared/testdata/JSONTestSuite/test_parsing ;;
  esac
}

mkdir -p build/fuzz/artifacts
for target in "${targets[@]}"; do
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  seeds=()
  if [ -n "$(seeds_of "$target")" ] && [ -d "$(seeds_of "$target")" ]; then
    seeds=("$(seeds_of "$target")")
  fi
  log="build/fuzz/$target.log"
  # -malloc_limit_mb: one allocation past 64 MiB is a bound broken, not a big input.
  if ! "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=16384 \
    -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=64 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/artifacts/$target-" "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $target failed; the input is in build/fuzz/artifacts/" >&2
    exit 1
  fi
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')"
  coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$')"
  echo "fuzz: $target ${seconds}s, ${runs} runs, coverage ${coverage} edges, corpus $(ls "$corpus" | wc -l)"
done
