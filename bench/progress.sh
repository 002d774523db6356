#!/usr/bin/env bash
# The cost of the progress line: `decreec eval` on a roster with and without `--progress`
# (standard error to a file, so that both runs do the same work otherwise), interleaved runs,
# medians and their ratio.
#   bench/progress.sh [DECREEC] [ROSTER.jsonl] [RUNS]
set -euo pipefail
decreec=${1:-build/interpreter/decreec}
roster=${2:-}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z $roster ]]; then
    roster=$work/roster.jsonl
    python3 bench/gen_cases.py --seed 1 -n 200000 > "$roster"
fi
decree=decrees/vn/2025/dot2_2025.decree
time_one() {  # seconds of one run
    local start end
    start=$(date +%s.%N)
    "$decreec" eval --format json "$@" "$decree" "$roster" > /dev/null 2> "$work/err"
    end=$(date +%s.%N)
    python3 -c "print(round($end - $start, 3))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
: > "$work/plain"; : > "$work/shown"
for ((i = 0; i < runs; i++)); do
    time_one --quiet >> "$work/plain"
    time_one --progress >> "$work/shown"
done
p=$(median < "$work/plain"); s=$(median < "$work/shown")
echo "records: $(wc -l < "$roster"), runs: $runs each (interleaved)"
echo "without progress (--quiet): median ${p} s"
echo "with --progress:            median ${s} s"
echo "ratio: $(python3 -c "print(round($s / $p, 3))")"
