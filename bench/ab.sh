#!/usr/bin/env bash
# A/B of two decreec binaries on round 2 of 2025, interleaved in one run so that the machine's
# drift affects both alike: wall time and peak RSS per run, for each output.
#   bench/ab.sh OLD_DECREEC NEW_DECREEC ROSTER.jsonl [RUNS] [OUTPUTS...]
# OUTPUTS are `json`, `trace` (--format json --trace) and `text` (the Vietnamese text);
# default: all three. Results go to /dev/null; outputs are compared separately (see README).
set -euo pipefail
old=$1 new=$2 roster=$3 runs=${4:-3}
shift $(( $# < 4 ? $# : 4 ))
outputs=("$@")
((${#outputs[@]} == 0)) && outputs=(json trace text)
decree=decrees/vn/2025/dot2_2025.decree
flags_of() {
    case $1 in
        json) echo "--format json" ;;
        trace) echo "--format json --trace" ;;
        text) echo "--format text" ;;
    esac
}
n=$(wc -l < "$roster")
printf '%-6s %-4s %4s %9s %12s %9s\n' output bin run wall_s records/s rss_MiB
for out in "${outputs[@]}"; do
    for ((r = 1; r <= runs; r++)); do
        for which in old new; do
            bin=${!which}
            # shellcheck disable=SC2046
            /usr/bin/time -f '%e %M' -o /tmp/ab.$$ "$bin" eval "$decree" "$roster" $(flags_of "$out") --quiet > /dev/null || true
            read -r wall rss < /tmp/ab.$$
            awk -v o="$out" -v w="$which" -v r="$r" -v t="$wall" -v m="$rss" -v n="$n" \
                'BEGIN { printf "%-6s %-4s %4d %9.2f %12.0f %9.1f\n", o, w, r, t, (t > 0 ? n / t : 0), m / 1024 }'
        done
    done
done
rm -f /tmp/ab.$$
