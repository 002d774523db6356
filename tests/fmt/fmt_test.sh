#!/usr/bin/env bash
# decreec fmt on every decree, example and standard library module of the repository:
#  - the repository is in the canonical layout (fmt --check);
#  - formatting is idempotent, also after translating the keywords;
#  - translating the keywords into Vietnamese keeps the checked program (dump --ir) and the
#    decisions on every example case; translating back into English gives the original.
set -uo pipefail
decreec=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { echo "FAIL: $*"; failed=$((failed + 1)); }
files=$(git ls-files 'decrees/*.decree' 'examples/*.decree' 'stdlib/*.decree' 2>/dev/null || find decrees examples stdlib -name '*.decree')
if "$decreec" fmt --check $files > "$work/check.out"; then ok; else ko "not formatted: $(cat "$work/check.out")"; fi
for f in $files; do
    "$decreec" fmt --stdout "$f" > "$work/a.decree" || { ko "$f: fmt failed"; continue; }
    "$decreec" fmt --stdout "$work/a.decree" > "$work/b.decree"
    cmp -s "$work/a.decree" "$work/b.decree" && ok || ko "$f: not idempotent"
    dir=$(dirname "$f")
    vi="$dir/.fmt_test_vi.decree"
    "$decreec" fmt --stdout --keywords vi "$f" > "$vi"
    "$decreec" fmt --stdout "$vi" > "$work/c.decree"
    cmp -s "$vi" "$work/c.decree" && ok || ko "$f: Vietnamese version not idempotent"
    "$decreec" fmt --stdout --keywords en "$vi" > "$work/en.decree"
    cmp -s "$work/a.decree" "$work/en.decree" && ok || ko "$f: back into English differs from the original"
    if [[ $f != stdlib/* ]]; then  # stdlib modules may use native primitives only at their own path
        "$decreec" check "$vi" > /dev/null 2>&1 && ok || ko "$f: the Vietnamese version does not check clean"
        "$decreec" dump --ir "$f" | tail -n +2 > "$work/ir0"
        "$decreec" dump --ir "$vi" | tail -n +2 > "$work/ir1"
        cmp -s "$work/ir0" "$work/ir1" && ok || ko "$f: the Vietnamese version is another program"
        if grep -q '^input case : case_record' "$f"; then
            "$decreec" eval "$f" examples/cases/*.json --format json --quiet > "$work/e0" 2>/dev/null
            "$decreec" eval "$vi" examples/cases/*.json --format json --quiet > "$work/e1" 2>/dev/null
            cmp -s "$work/e0" "$work/e1" && ok || ko "$f: the Vietnamese version decides differently"
        fi
    fi
    rm -f "$vi"
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
