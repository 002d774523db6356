#!/usr/bin/env bash
# Mutation test of the rounds' tests: each change of a fraction, a cap or a cut-off date, made
# to a copy of the round, must make `decreec test` fail on the round's own test file.
set -uo pipefail
decreec=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
caught=0 missed=0
mutate() {  # round, description, sed expression
    local round=$1 what=$2 expr=$3 copy
    copy="$work/$(basename "$round")_$((caught + missed))"
    sed "$expr" "$round.decree" > "$copy.decree"
    cp "$round.test.jsonl" "$copy.test.jsonl"
    if cmp -s "$round.decree" "$copy.decree"; then
        echo "MUTATION NOT APPLIED: $round: $what"; missed=$((missed + 1)); return
    fi
    if "$decreec" test "$copy.test.jsonl" > "$copy.out" 2>&1; then
        echo "NOT CAUGHT: $round: $what"; missed=$((missed + 1))
    else
        echo "caught: $round: $what ($(tail -1 "$copy.out"))"; caught=$((caught + 1))
    fi
}
for round in decrees/vn/2025/dot1_2025 decrees/vn/2025/dot2_2025; do
    mutate $round "served fraction 1/3 -> 2/5" 's|set luat.served_fraction = 1/3|set luat.served_fraction = 2/5|'
    mutate $round "special fraction 1/4 -> 1/5" 's|set luat.special_served_fraction = 1/4|set luat.special_served_fraction = 1/5|'
    mutate $round "remaining-term cap 8 -> 7 years" 's|^\( *parameter remaining_cap "[^"]*" / "[^"]*" : duration = \)8 years|\17 years|'
done
mutate decrees/vn/2025/dot1_2025 "cut-off 30/04 -> 29/04" 's|^\(  parameter cutoff "[^"]*" / "[^"]*" : date = \)2025-04-30|\12025-04-29|'
mutate decrees/vn/2025/dot2_2025 "cut-off 31/08 -> 30/08" 's|^\(  parameter cutoff "[^"]*" / "[^"]*" : date = \)2025-08-31|\12025-08-30|'
echo "$caught passed, $missed failed"
[[ $missed -eq 0 ]]
