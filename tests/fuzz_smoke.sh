#!/usr/bin/env bash
# The fuzzers' smoke run in the test suite: each fuzzer over its seeds and for a few more
# seconds (fuzz/run.sh --smoke). Skipped (exit 77) where clang-14 and libFuzzer are not
# installed; fuzz/run.sh installs them when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++-14 >/dev/null || ! compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
    echo "clang-14 and libclang-rt-14-dev are not installed: the fuzz smoke run is skipped"
    exit 77
fi
exec fuzz/run.sh --smoke "${1:-10}"
