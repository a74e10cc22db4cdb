#!/usr/bin/env bash
# API load benchmark: wrk against a release build on loopback, POST /api/v1/estimate (the same
# scenario, then a new scenario every request) and GET /healthz in the same run. Prints
# requests/s, p99 latency, the ratio, CPU per request (the server's and wrk's), errors and the
# server's memory (sampled every 5 s while under load). Usage: bash bench/api.sh [seconds] [rounds]
# (default 60 and 6: that many seconds of load on each endpoint, in `rounds` slices that take
# turns, healthz, estimate, new-scenario estimate, healthz, ..., so that the machine's speed
# drifting during the run (this VM's does, by a third within minutes) weighs on all three
# alike; the rates are each endpoint's requests over its seconds, all slices together).
# Needs: wrk (apt-get install wrk), a release build (cargo build -p server --release).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
rounds="${2:-6}"
slice_secs=$(( secs / rounds ))
[ "$slice_secs" -ge 1 ] || { echo "seconds must be at least rounds" >&2; exit 1; }
port=39231
db="$(mktemp -d)/bench.db"
bin="${CARGO_TARGET_DIR:-target}/release/dbcost"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[ -x "$bin" ] || cargo build --quiet -p server --release

DBCOST_LOG=warn DBCOST_ADDR="127.0.0.1:$port" DBCOST_DATABASE_URL="sqlite://$db" "$bin" serve &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
cat > /tmp/dbcost-estimate.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"scenario": {"traffic": {"reads_per_second": "1500", "writes_per_second": "300"}}}'
done = function(summary, latency, requests)
  io.write(string.format("p99_ms=%.2f\n", latency:percentile(99) / 1000))
end
LUA
# Every request a different scenario (1,500.<thread><round><request> reads/s, the round in 3
# digits and the request in 8, so no two requests of a run share one): the answer cache never
# hits, so this measures the engine and serialisation. The request is formatted once, around
# an 8-digit placeholder, and each request only puts its number in (wrk shares the server's two
# cores; the other two runs send one fixed request).
cat > /tmp/dbcost-estimate-distinct.lua <<'LUA'
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  n = 0
  local body = string.format('{"scenario": {"traffic": {"reads_per_second": "1500.%d%03d########", "writes_per_second": "300"}}}', id, tonumber(args[1]) or 0)
  local request = wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
  local at = string.find(request, "########", 1, true)
  head = string.sub(request, 1, at - 1)
  tail = string.sub(request, at + 8)
end
request = function()
  n = n + 1
  return head .. string.format("%08d", n) .. tail
end
done = function(summary, latency, requests)
  io.write(string.format("p99_ms=%.2f\n", latency:percentile(99) / 1000))
end
LUA
cat > /tmp/dbcost-get.lua <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p99_ms=%.2f\n", latency:percentile(99) / 1000))
end
LUA
before=$(rss)
( while kill -0 "$pid" 2>/dev/null; do rss; sleep 5; done ) > /tmp/dbcost-rss.txt &
sampler=$!
rm -f /tmp/wrk-health.txt /tmp/wrk-estimate.txt /tmp/wrk-distinct.txt /tmp/cpu-*.txt
# One slice of load: wrk's output appended to /tmp/wrk-NAME.txt, and the CPU seconds the slice
# cost (the server's user and system time from /proc, wrk's from bash's `time`) to
# /tmp/cpu-NAME.txt. Both share two cores, so a rate is what CPU per request allows.
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{printf "%.2f %.2f", $14 / t, $15 / t}' "/proc/$pid/stat"; }
slice() {
  local name=$1; shift
  local before after wrk_cpu
  before=$(cpu)
  wrk_cpu=$( { TIMEFORMAT='%U %S'; time wrk "$@" > /tmp/wrk-slice.txt 2>&1; } 2>&1 )
  after=$(cpu)
  tee -a "/tmp/wrk-$name.txt" < /tmp/wrk-slice.txt
  echo "$before $after $wrk_cpu" >> "/tmp/cpu-$name.txt"
}
for round in $(seq 1 "$rounds"); do
  echo "== round $round of $rounds: ${slice_secs}s each, 2 threads, 32 connections"
  echo "-- GET /healthz"
  slice health -t2 -c32 -d"${slice_secs}s" -s /tmp/dbcost-get.lua "http://127.0.0.1:$port/healthz"
  echo "-- POST /api/v1/estimate"
  slice estimate -t2 -c32 -d"${slice_secs}s" -s /tmp/dbcost-estimate.lua "http://127.0.0.1:$port/api/v1/estimate"
  echo "-- POST /api/v1/estimate, a new scenario every request"
  slice distinct -t2 -c32 -d"${slice_secs}s" -s /tmp/dbcost-estimate-distinct.lua "http://127.0.0.1:$port/api/v1/estimate" -- "$round"
done
after=$(rss)
kill "$sampler" 2>/dev/null || true
# Requests over seconds, all slices together ("N requests in 10.00s"), and the worst slice's p99.
rate() {
  awk '/requests in/ {
    n += $1; d = $4; sub(/,$/, "", d)
    if (d ~ /m$/) { sub(/m$/, "", d); d *= 60 } else { sub(/s$/, "", d) }
    t += d
  } END {printf "%.2f", n / t}' "$1"
}
p99() { awk -F= '/p99_ms/ {if ($2 > m) m = $2} END {printf "%.2f", m}' "$1"; }
h=$(rate /tmp/wrk-health.txt)
e=$(rate /tmp/wrk-estimate.txt)
d=$(rate /tmp/wrk-distinct.txt)
echo "healthz_rps=$h (p99 $(p99 /tmp/wrk-health.txt) ms, worst slice)"
echo "estimate_rps=$e (p99 $(p99 /tmp/wrk-estimate.txt) ms) ratio=$(awk -v e="$e" -v h="$h" 'BEGIN {printf "%.3f", e / h}')"
echo "estimate_distinct_rps=$d (p99 $(p99 /tmp/wrk-distinct.txt) ms) ratio=$(awk -v e="$d" -v h="$h" 'BEGIN {printf "%.3f", e / h}')"
echo "per slice, req/s (healthz / estimate / new scenario):"
paste <(awk '/Requests\/sec/ {print $2}' /tmp/wrk-health.txt) <(awk '/Requests\/sec/ {print $2}' /tmp/wrk-estimate.txt) <(awk '/Requests\/sec/ {print $2}' /tmp/wrk-distinct.txt)
# CPU per request, all slices together: the server's user and system time, and wrk's.
per_request() {
  local requests
  requests=$(awk '/requests in/ {n += $1} END {print n}' "/tmp/wrk-$1.txt")
  awk -v n="$requests" '{su += $3 - $1; ss += $4 - $2; wu += $5; ws += $6}
    END {printf "server %.0f us (user %.0f, system %.0f), wrk %.0f us", (su + ss) * 1e6 / n, su * 1e6 / n, ss * 1e6 / n, (wu + ws) * 1e6 / n}' "/tmp/cpu-$1.txt"
}
echo "cpu_per_request healthz: $(per_request health)"
echo "cpu_per_request estimate: $(per_request estimate)"
echo "cpu_per_request new scenario: $(per_request distinct)"
echo "errors: $(grep -h -E 'Non-2xx|Socket errors' /tmp/wrk-health.txt /tmp/wrk-estimate.txt /tmp/wrk-distinct.txt || echo none)"
echo "rss_kib_before=$before rss_kib_after=$after"
echo "rss_kib_samples_every_5s: $(tr '\n' ' ' < /tmp/dbcost-rss.txt)"
