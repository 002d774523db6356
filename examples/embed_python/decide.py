#!/usr/bin/env python3
"""decide.py DECREE CASE.json [--lang vi|en]: decides one case record through the C API of
libdecree.so with Python's ctypes (no JSON parsing needed) and prints the verdict, the failed
and applied provisions, the missing facts, the assumptions and the explanation.

The library is found as DECREE_LIBRARY names it, else by the system (ctypes.util.find_library),
else beside an install prefix given as DECREE_PREFIX (PREFIX/lib/libdecree.so).
"""
import ctypes
import ctypes.util
import os
import sys


def load_library():
    path = os.environ.get("DECREE_LIBRARY")
    if not path and os.environ.get("DECREE_PREFIX"):
        path = os.path.join(os.environ["DECREE_PREFIX"], "lib", "libdecree.so")
    path = path or ctypes.util.find_library("decree")
    if not path:
        sys.exit("decide.py: libdecree.so not found (set DECREE_LIBRARY or DECREE_PREFIX)")
    lib = ctypes.CDLL(path)
    c = ctypes
    program, result = c.c_void_p, c.c_void_p
    signatures = {
        "decree_version": (c.c_char_p, []),
        "decree_program_load_file": (c.c_int, [c.c_char_p, c.POINTER(program), c.POINTER(c.c_void_p)]),
        "decree_program_free": (None, [program]),
        "decree_decide_json_flags": (c.c_int, [program, c.c_char_p, c.c_size_t, c.c_uint, c.POINTER(result)]),
        "decree_result_verdict": (c.c_char_p, [result]),
        "decree_result_text": (c.c_char_p, [result]),
        "decree_result_language": (c.c_char_p, [result]),
        "decree_result_error": (c.c_char_p, [result]),
        "decree_result_free": (None, [result]),
        "decree_string_free": (None, [c.c_void_p]),
    }
    for kind in ("failed", "applied", "missing", "assumption"):
        count = "decree_result_assumptions_count" if kind == "assumption" else f"decree_result_{kind}_count"
        signatures[count] = (c.c_size_t, [result])
        signatures[f"decree_result_{kind}"] = (c.c_char_p, [result, c.c_size_t])
    for name, (restype, argtypes) in signatures.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = restype, argtypes
    return lib


DECREE_OK, DECREE_ERROR_RUNTIME = 0, 2
DECREE_DECIDE_EXPLAIN, DECREE_DECIDE_ENGLISH = 1, 4


def items(lib, result, kind):
    count = lib.decree_result_assumptions_count if kind == "assumption" else getattr(lib, f"decree_result_{kind}_count")
    get = getattr(lib, f"decree_result_{kind}")
    return [get(result, i).decode("utf-8") for i in range(count(result))]


def main(argv):
    english = "--lang" in argv and argv[argv.index("--lang") + 1] == "en"
    args = [a for i, a in enumerate(argv) if a != "--lang" and (i == 0 or argv[i - 1] != "--lang")]
    if len(args) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 64
    lib = load_library()
    program = ctypes.c_void_p()
    diagnostics = ctypes.c_void_p()
    if lib.decree_program_load_file(args[0].encode(), ctypes.byref(program), ctypes.byref(diagnostics)) != DECREE_OK:
        print(ctypes.cast(diagnostics, ctypes.c_char_p).value.decode("utf-8") if diagnostics else "cannot load",
              file=sys.stderr)
        lib.decree_string_free(diagnostics)
        return 65
    lib.decree_string_free(diagnostics)
    with open(args[1], "rb") as f:
        record = f.read()
    result = ctypes.c_void_p()
    flags = DECREE_DECIDE_EXPLAIN | (DECREE_DECIDE_ENGLISH if english else 0)
    status = lib.decree_decide_json_flags(program, record, len(record), flags, ctypes.byref(result))
    print(lib.decree_result_verdict(result).decode())
    for kind in ("failed", "applied", "missing", "assumption"):
        for x in items(lib, result, kind):
            print(f"  {kind}: {x}")
    if status == DECREE_ERROR_RUNTIME:
        print("  error: " + lib.decree_result_error(result).decode("utf-8"))
    print(f"explanation ({lib.decree_result_language(result).decode()}):")
    print(lib.decree_result_text(result).decode("utf-8"))
    lib.decree_result_free(result)
    lib.decree_program_free(program)
    return 0 if status == DECREE_OK else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
