#!/usr/bin/env bash
# libdecree.so exports the public API and nothing else: every C function of decree_c.h, the
# classes and functions of decree.hpp (namespace decree, not its internal namespaces), and the
# vague-linkage instantiations of the C++ standard library that any C++ library shares; no
# PEGTL, fmt, simdjson or Z3 symbol, nothing of decree::eval, decree::cli, decree::lsp.
#   exports_test.sh LIBDECREE.so DECREE_C.h
set -euo pipefail
lib=$1
header=$2
exported=$(nm -D --defined-only "$lib" | awk '{ print $3 }')
demangled=$(c++filt <<< "$exported")
count=$(wc -l <<< "$exported")
echo "libdecree.so exports $count symbols"
status=0
while IFS= read -r s; do
    case $s in
        decree_*) ;;
        "decree::"*)
            if [[ $s =~ ^decree::(eval|cli|lsp|detail|grammar|ir|ast|provenance|proofs)"::" ]]; then
                echo "internal symbol exported: $s"; status=1
            fi ;;
        "std::"* | "void std::"* | "typeinfo for std::"* | "typeinfo name for std::"* | "vtable for std::"* ) ;;
        *) echo "unexpected export: $s"; status=1 ;;
    esac
done <<< "$demangled"
for bad in 'tao::' 'fmt::' 'simdjson' 'z3' 'utf8proc'; do
    if grep -qi "$bad" <<< "$demangled"; then echo "exports $bad symbols"; status=1; fi
done
# Every function the C header declares is exported.
for f in $(grep -o 'DECREE_API [a-z_ *]*\bdecree_[a-z_]*(' "$header" | grep -o 'decree_[a-z_]*(' | tr -d '('); do
    grep -qx "$f" <<< "$exported" || { echo "not exported: $f"; status=1; }
done
# And the C++ API's entry points.
for s in 'decree::engine::load_file' 'decree::program::decide' 'decree::version' 'decree::to_string'; do
    grep -q "$s" <<< "$demangled" || { echo "not exported: $s"; status=1; }
done
(( count < 150 )) || { echo "too many exports: $count"; status=1; }
exit $status
