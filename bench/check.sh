#!/usr/bin/env bash
# Checker benchmark: whole-process `decreec check` of round 2 of 2025 (with its stdlib) and of a
# large generated decree; prints the median of RUNS runs and the lines per second.
#   bench/check.sh [RUNS]        (after ./run.sh; uses build/interpreter/decreec)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
decreec=${DECREEC:-build/interpreter/decreec}
large=build/bench_large.decree
python3 bench/gen_large_decree.py 400 > "$large"

median_ms() {  # median wall time in ms of `decreec check FILE`
    local file=$1 times=()
    for ((i = 0; i < runs; i++)); do
        local t0 t1
        t0=$(date +%s%N)
        "$decreec" check "$file" >/dev/null 2>&1
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.2f", $1 / 1000 }'
}

"$decreec" check "$large" >/dev/null 2>&1 || { echo "the generated decree does not check clean" >&2; exit 1; }
lines_round2=$(cat decrees/vn/2025/dot2_2025.decree stdlib/vn/*.decree | wc -l)
lines_large=$(wc -l < "$large")
m2=$(median_ms decrees/vn/2025/dot2_2025.decree)
ml=$(median_ms "$large")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "runs per measurement: $runs (median)"
printf 'round 2 of 2025 + stdlib (%d lines): %s ms per whole-process check (target < 50 ms)\n' "$lines_round2" "$m2"
awk -v l="$lines_large" -v ms="$ml" 'BEGIN { printf "generated decree (%d lines): %s ms, %.0f lines/s\n", l, ms, l / (ms / 1000) }'
