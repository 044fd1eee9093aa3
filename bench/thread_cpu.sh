#!/usr/bin/env bash
# CPU used by each thread of a process between start and SIGINT/SIGTERM, in cores, with
# its voluntary context switches (a thread that waits on fsync or a queue switches
# often). inlet's threads carry no names; docs/performance.md says how to tell them apart.
#   inlet_bench --profile 'bench/thread_cpu.sh {pid} /tmp/threads.{scenario}.txt' ...
set -euo pipefail
pid=$1
out=$2

snapshot() {
  for task in /proc/"$pid"/task/*; do
    local stat switches
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    switches=$(awk '/^voluntary_ctxt_switches/ {print $2}' "$task/status" 2>/dev/null) || continue
    # Fields after "(comm) ": utime and stime are the 12th and 13th.
    read -r -a fields <<<"${stat##*) }"
    echo "${task##*/} $((fields[11] + fields[12])) $switches"
  done | sort
}

before=$(snapshot)
start=$(date +%s.%N)
report() {
  local after end
  after=$(snapshot)
  end=$(date +%s.%N)
  join <(echo "$before") <(echo "$after") |
    awk -v start="$start" -v end="$end" -v hz="$(getconf CLK_TCK)" '{
      printf "thread %s: %.2f cores, %d voluntary switches\n",
             $1, ($4 - $2) / hz / (end - start), $5 - $3
    }' >"$out"
  exit 0
}
trap report INT TERM
while true; do sleep 0.2; done
