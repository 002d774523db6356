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
chain=build/bench_chain.decree  # 10,000 exceptions, each to the one before (once minutes to check)
python3 - > "$chain" <<'PY'
print('decree "Chain"\nrecord r { id : string, n : integer }\ninput case : r\narticle 1\n  clause 1\n    text "g"\n    requires case.n >= 0')
for k in range(1, 10001):
    print(f'  clause {k + 1}\n    text "e"\n    exception to clause {k} when case.n >= {k} requires case.n >= 0')
PY

median_ms() {  # median wall time in ms of `decreec check FILE [FLAG...]`
    local file=$1 times=()
    shift
    for ((i = 0; i < runs; i++)); do
        local t0 t1
        t0=$(date +%s%N)
        "$decreec" check "$file" "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=($(((t1 - t0) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.2f", $1 / 1000 }'
}

"$decreec" check "$large" >/dev/null 2>&1 || { echo "the generated decree does not check clean" >&2; exit 1; }
lines_round2=$(cat decrees/vn/2025/dot2_2025.decree stdlib/vn/*.decree | wc -l)
lines_large=$(wc -l < "$large")
m2=$(median_ms decrees/vn/2025/dot2_2025.decree)
m2n=$(median_ms decrees/vn/2025/dot2_2025.decree --no-proofs)
ml=$(median_ms "$large")
mln=$(median_ms "$large" --no-proofs)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "runs per measurement: $runs (median)"
printf 'round 2 of 2025 + stdlib (%d lines): %s ms per whole-process check with the proofs (target <= 2 s), %s ms without (target < 50 ms)\n' "$lines_round2" "$m2" "$m2n"
awk -v l="$lines_large" -v ms="$ml" -v msn="$mln" 'BEGIN { printf "generated decree (%d lines): %s ms with the proofs; %s ms without, %.0f lines/s\n", l, ms, msn, l / (msn / 1000) }'
mc=$(runs=3 median_ms "$chain" --no-proofs)
mp=$(runs=1 median_ms "$chain")
printf 'chain of 10,000 exceptions: %s ms without the proofs; %s ms with them (bounded by their 20 s budget, then W0702)\n' "$mc" "$mp"
