# Sourced by the shell tests: start_inlet BINARY DATA_DIR LOG [ARGS...] starts
# `BINARY serve --data-dir DATA_DIR --listen 127.0.0.1:0 ARGS...` in the background and
# sets inlet_pid and inlet_url once it listens (returns 1, the log on stderr, when it does
# not within 10 s). stop_inlet ends it.
start_inlet() {
  local binary=$1 data=$2 log=$3
  shift 3
  "$binary" serve --data-dir "$data" --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  inlet_pid=$!
  inlet_url=""
  for _ in $(seq 100); do
    inlet_url=$(grep -o 'listening on http[s]*://[0-9.:]*' "$log" | head -1 | sed 's/listening on //') || true
    [ -n "$inlet_url" ] && return 0
    sleep 0.1
  done
  cat "$log" >&2
  return 1
}

stop_inlet() {
  if [ -n "${inlet_pid:-}" ]; then
    kill "$inlet_pid" 2>/dev/null || true
    wait "$inlet_pid" 2>/dev/null || true
    inlet_pid=""
  fi
}
