#!/usr/bin/env bash
# Installs the build into a temporary prefix and moves the tree elsewhere (a relocated install),
# then builds the C and C++ examples against it through find_package(decree) — the shared
# library and the static archive — and through pkg-config (decree, decree-static), runs them,
# and runs the Python ctypes example; checks what the install holds and does not hold.
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/staging" >/dev/null
mv "$work/staging" "$work/prefix"  # nothing in the tree may name the prefix it was installed to
prefix=$work/prefix
libdir=$(cd "$prefix" && ls -d lib*/libdecree.a | xargs dirname)
for f in include/decree/decree.hpp include/decree/decree_c.h "$libdir/libdecree.a" bin/decreec \
         "$libdir/cmake/decree/decreeConfig.cmake" "$libdir/cmake/decree/decreeConfigVersion.cmake" \
         "$libdir/pkgconfig/decree.pc" "$libdir/pkgconfig/decree-static.pc" \
         share/decree/stdlib/vn/luat_dac_xa_2018.decree share/man/man1/decreec.1 share/man/vi/man1/decreec.1 \
         share/bash-completion/completions/decreec share/vim/vimfiles/syntax/decree.vim \
         share/vim/vimfiles/ftdetect/decree.vim share/vim/vimfiles/ftplugin/decree.vim; do
    [[ -e $prefix/$f ]] || { echo "not installed: $f"; exit 1; }
done
ls "$prefix/$libdir"/libdecree.so* >/dev/null
# Only the public headers: no internal header is installed.
headers=$(cd "$prefix/include" && find . -type f | sort | tr '\n' ' ')
[[ $headers == "./decree/decree.hpp ./decree/decree_c.h " ]] || { echo "installed headers: $headers"; exit 1; }
# The embedding library carries no command line or language server.
if nm -C "$prefix/$libdir/libdecree.a" 2>/dev/null | grep -q 'decree::cli::\|decree::lsp::'; then
    echo "libdecree.a holds decree::cli or decree::lsp symbols"; exit 1
fi

expect() {  # NAME OUTPUT
    echo "$1: $(head -1 <<< "$2")"
    [[ $2 == not_eligible*"failed: Điều 3 khoản 1 điểm b"* ]] || { echo "$1: unexpected output: $2"; exit 1; }
}
case=examples/cases/r2_b_one_day_short.json
round=decrees/vn/2025/dot2_2025.decree
# find_package, shared and static.
for name in embed_cpp embed_c; do
    for static in OFF ON; do
        dir=$work/$name-$static
        cmake -S examples/$name -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" -DDECREE_STATIC=$static >/dev/null
        cmake --build "$dir" -j2 >/dev/null
        if [[ $static == ON ]] && ldd "$dir/$name" | grep -q libdecree; then
            echo "$name (static): linked to libdecree.so"; exit 1
        fi
        out=$(LD_LIBRARY_PATH="$prefix/$libdir" "$dir/$name" "$round" "$case" || true)
        expect "find_package $name static=$static" "$out"
    done
done
# pkg-config: the prefix follows the moved tree.
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
[[ $(pkg-config --variable=prefix decree) -ef $prefix ]] || { echo "pkg-config prefix: $(pkg-config --variable=prefix decree)"; exit 1; }
cc -std=c11 examples/embed_c/main.c -o "$work/c_shared" $(pkg-config --cflags --libs decree)
cc -std=c11 examples/embed_c/main.c -o "$work/c_static" $(pkg-config --cflags --libs decree-static)
c++ -std=c++20 examples/embed_cpp/main.cpp -o "$work/cpp_shared" $(pkg-config --cflags --libs decree)
c++ -std=c++20 examples/embed_cpp/main.cpp -o "$work/cpp_static" $(pkg-config --cflags --libs decree-static)
for b in c_shared c_static cpp_shared cpp_static; do
    expect "pkg-config $b" "$(LD_LIBRARY_PATH="$prefix/$libdir" "$work/$b" "$round" "$case" || true)"
done
if ldd "$work/c_static" | grep -q libdecree; then echo "c_static: linked to libdecree.so"; exit 1; fi
# Python ctypes, against the relocated library.
if command -v python3 >/dev/null; then
    out=$(DECREE_PREFIX="$prefix" python3 examples/embed_python/decide.py "$round" "$case" || true)
    expect "ctypes" "$out"
    [[ $out == *"explanation (vi):"* ]] || { echo "ctypes: no explanation"; exit 1; }
fi
# The installed CLI works from another directory, with the embedded standard library.
(cd "$work" && "$prefix/bin/decreec" check "$OLDPWD/$round" >/dev/null 2>&1)
echo "install: ok"
