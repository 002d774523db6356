#!/usr/bin/env bash
# Out of memory is a clear error, never an abort: `decreec check` of a decree too large for an
# address-space limit exits 70 with `decreec: out of memory` on standard error, and the C API
# returns DECREE_ERROR_INTERNAL with the diagnostic (tests/limits/out_of_memory.cpp).
# Not run in the sanitizer build: AddressSanitizer reserves terabytes of address space.
set -u
decreec=$1
capi=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# About 12 MiB of definitions: several hundred MiB once checked, more than the limit below.
python3 - "$dir/big.decree" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('module "Big"\n')
    for i in range(300000):
        f.write("definition d%d : integer = %d + %d * 2\n" % (i, i, i))
PY
limit=$((400 * 1024))  # KiB
fail=0
(ulimit -v $limit; exec "$decreec" check "$dir/big.decree") >"$dir/out" 2>"$dir/err"
code=$?
if [[ $code -ne 70 ]] || ! grep -qx 'decreec: out of memory' "$dir/err"; then
    echo "decreec check under a $((limit / 1024)) MiB limit: exit $code, stderr:"; tail -c 2000 "$dir/err"
    fail=1
fi
(ulimit -v $limit; exec "$capi" "$dir/big.decree") >"$dir/capi" 2>&1
code=$?
if [[ $code -ne 0 ]]; then
    echo "C API under a $((limit / 1024)) MiB limit: exit $code:"; tail -c 2000 "$dir/capi"
    fail=1
fi
# Without the limit, the same decree is fine (the test would prove nothing if it were broken).
"$decreec" check "$dir/big.decree" >/dev/null 2>"$dir/err2"
code=$?
if [[ $code -ne 0 ]]; then
    echo "decreec check without a limit: exit $code"; tail -c 2000 "$dir/err2"
    fail=1
fi
[[ $fail -eq 0 ]] && echo "out of memory: exit 70 and a C API diagnostic"
exit $fail
