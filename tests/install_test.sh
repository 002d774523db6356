#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds examples/embed_cpp and
# examples/embed_c out of tree against it with find_package(decree), and runs both.
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in include/decree/decree.hpp include/decree/decree_c.h lib/libdecree.a bin/decreec \
         lib/cmake/decree/decreeConfig.cmake lib/cmake/decree/decreeConfigVersion.cmake \
         lib/pkgconfig/decree.pc share/decree/stdlib/vn/luat_dac_xa_2018.decree; do
    [[ -e $work/prefix/$f ]] || { echo "not installed: $f"; exit 1; }
done
ls "$work"/prefix/lib/libdecree.so* >/dev/null
for name in embed_cpp embed_c; do
    cmake -S examples/$name -B "$work/$name" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
    cmake --build "$work/$name" -j2 >/dev/null
    out=$(LD_LIBRARY_PATH="$work/prefix/lib" "$work/$name/$name" decrees/vn/2025/dot2_2025.decree \
          examples/cases/r2_b_one_day_short.json || true)
    echo "$name: $out"
    [[ $out == not_eligible*"failed: Điều 3 khoản 1 điểm b"* ]] || { echo "$name: unexpected output"; exit 1; }
done
# The installed CLI works from another directory, with the embedded standard library.
(cd "$work" && "$work/prefix/bin/decreec" check "$OLDPWD/decrees/vn/2025/dot2_2025.decree" >/dev/null 2>&1)
echo "install: ok"
