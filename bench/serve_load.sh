#!/usr/bin/env bash
# decreec serve under load, with wrk (Debian: `apt-get install wrk`): single-record decisions
# with keep-alive (decisions a second, p50 and p99 latency from wrk's --latency), then one
# roster through decide-batch against `decreec eval` on the same roster (the same machine, the
# same cores: the server and its load generator share them).
#   bench/serve_load.sh [DECREEC] [SECONDS] [CONNECTIONS] [ROSTER_RECORDS]
set -euo pipefail
decreec=${1:-build/interpreter/decreec}
seconds=${2:-10}
connections=${3:-32}
records=${4:-200000}
command -v wrk > /dev/null || { echo "serve_load.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "$server" 2> /dev/null || true; rm -rf "$work"' EXIT
decree=decrees/vn/2025/dot2_2025.decree
"$decreec" serve --addr 127.0.0.1:0 --no-watch --max-connections 1024 --max-batch 1000000 --max-body 4294967296 \
    "$decree" 2> "$work/log" &
server=$!
for _ in $(seq 100); do grep -q "listening" "$work/log" 2> /dev/null && break; sleep 0.05; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/log" | head -1 | sed 's/.*://')
url=http://127.0.0.1:$port/v1/decrees/dot2_2025
# One realistic record (round 2's generator), posted again and again.
python3 bench/gen_cases.py --seed 7 -n 1 > "$work/one.json"
cat > "$work/post.lua" <<LUA
local f = io.open("$work/one.json", "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
LUA
echo "== single records, keep-alive, $connections connections, 2 wrk threads, ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$url/decide" | grep -E "RESULT|Non-2xx" || true
echo "== single records with ?explain=1"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$url/decide?explain=1" | grep -E "RESULT|Non-2xx" || true
echo "== one roster of $records records: decide-batch against eval"
python3 bench/gen_cases.py --seed 1 -n "$records" > "$work/roster.jsonl"
t0=$(date +%s.%N)
"$decreec" eval --format json --quiet "$decree" "$work/roster.jsonl" > "$work/eval.out"
t1=$(date +%s.%N)
curl -sS --fail -X POST -H 'Content-Type: application/x-ndjson' -H 'Expect:' -T "$work/roster.jsonl" "$url/decide-batch" -o "$work/batch.out"
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$records" "$work/eval.out" "$work/batch.out" <<'PY'
import sys
t0, t1, t2, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
same = open(sys.argv[5], "rb").read() == open(sys.argv[6], "rb").read()
e, b = t1 - t0, t2 - t1
print(f"RESULT eval={e:.2f}s ({n / e:,.0f}/s) batch={b:.2f}s ({n / b:,.0f}/s) ratio={b / e:.2f} same_output={same}")
PY
