#!/usr/bin/env bash
# Cold start: time from launching the release binary on an existing database to the first
# 200 from /healthz (migrations checked, pool open, socket bound). Prints each run and the
# median. Usage: bash bench/cold-start.sh [runs] (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
port=39232
dir="$(mktemp -d)"
bin="${CARGO_TARGET_DIR:-target}/release/dbcost"
[ -x "$bin" ] || cargo build --quiet -p server --release
export DBCOST_LOG=warn DBCOST_ADDR="127.0.0.1:$port" DBCOST_DATABASE_URL="sqlite://$dir/cold.db"
# First start creates and seeds the database; the runs below measure restarts.
"$bin" serve & pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.01; done
kill "$pid"; wait "$pid" 2>/dev/null || true
times=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  "$bin" serve & pid=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.005; done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "ready in ${ms} ms"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median_ms=" a[int((NR+1)/2)]}'
rm -rf "$dir"
