#!/usr/bin/env bash
# Builds every fuzzer (clang-14, libFuzzer, AddressSanitizer + UndefinedBehaviorSanitizer) and
# runs each for SECONDS over seed corpora generated from the repository's decrees and cases.
#
#   fuzz/run.sh SECONDS [FUZZER...]    default: all six, one after the other
#   FUZZ_JOBS=2 fuzz/run.sh 600        two fuzzers at a time
#   fuzz/run.sh --smoke SECONDS        from the seeds only, keeping nothing (the test suite's smoke run)
#
# Exits non-zero on any crash, leak, timeout (10 s per input), memory use above 2 GiB or
# sanitizer report; the reproducer is left in build-fuzz/artifacts/<fuzzer>/. One summary line
# per fuzzer. Installs clang-14 and libclang-rt-14-dev when missing (as root, like run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: fuzz/run.sh [--smoke] SECONDS [fuzz_check|fuzz_record|fuzz_eval|fuzz_capi|fuzz_lsp|fuzz_lines ...]" >&2; exit 64; }
smoke=0
if [[ ${1:-} == --smoke ]]; then
    smoke=1
    shift
fi
[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
seconds=$1
shift
fuzzers=("$@")
((${#fuzzers[@]})) || fuzzers=(fuzz_check fuzz_record fuzz_eval fuzz_capi fuzz_lsp fuzz_lines)
for f in "${fuzzers[@]}"; do
    [[ $f =~ ^fuzz_(check|record|eval|capi|lsp|lines)$ ]] || usage
done
jobs=${FUZZ_JOBS:-1}
out=build-fuzz

packages=(g++ cmake make git python3 tao-pegtl-dev libfmt-dev libboost-dev doctest-dev libsimdjson-dev
          clang-14 libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -ne 0 ]]; then
        echo "fuzz/run.sh: missing packages: ${missing[*]} (run as root to install them)" >&2
        exit 1
    fi
    echo "fuzz/run.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

CC=clang-14 CXX=clang++-14 cmake -S fuzz -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$out" -j2 --target "${fuzzers[@]}" >/dev/null

# Seed corpora, regenerated on every run from the repository (the fuzzers' own findings
# accumulate in $out/corpus/<fuzzer>, which is kept between runs).
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{fuzz_check,fuzz_record,fuzz_eval,fuzz_capi,fuzz_lsp,fuzz_lines}
n=0
while IFS= read -r -d '' f; do
    cp "$f" "$seeds/fuzz_check/$((n++)).decree"
done < <(find decrees examples stdlib bench tests/golden tests/bad-input -name '*.decree' -print0 | sort -z)
n=0
while IFS= read -r -d '' f; do
    cp "$f" "$seeds/fuzz_record/$((n++)).json"
done < <(find examples/cases tests/bad-input -name '*.json' -print0 | sort -z)
while IFS= read -r -d '' f; do
    cp "$f" "$seeds/fuzz_record/$((n++)).jsonl"
done < <(find tests/golden tests/bad-input -name '*.jsonl' -size -64k -print0 | sort -z)
cp examples/cases/*.json "$seeds/fuzz_eval/"
cp fuzz/seeds/fuzz_eval/*.json "$seeds/fuzz_eval/"  # records at the documented limits
n=0
for d in decrees/vn/2025/dot2_2025.decree decrees/vn/2025/dot1_2025.decree examples/hypothetical_round.decree; do
    for c in examples/cases/guidance94_worked_example.json examples/cases/r2_u_weapon_unknown.json \
             examples/cases/r1_three_crimes_one_intent_unknown.json examples/cases/r2_k3_aged_70.json; do
        { cat "$d"; printf '\0'; cat "$c"; } > "$seeds/fuzz_capi/$((n++))"
    done
done
cp examples/minimal.decree "$seeds/fuzz_capi/$((n++))"
# JSON Lines for the block pipeline; framed sessions for the language server (each decree of the
# repository opened, then hovered, listed and formatted).
n=0
while IFS= read -r -d '' f; do
    cp "$f" "$seeds/fuzz_lines/$((n++)).jsonl"
done < <(find tests/golden tests/bad-input/records -name '*.jsonl' -size -64k -print0 | sort -z)
python3 - "$seeds/fuzz_lsp" <<'PY'
import json, pathlib, sys
def frame(m):
    b = json.dumps(m, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
out = pathlib.Path(sys.argv[1])
paths = sorted(pathlib.Path("examples").glob("*.decree")) + sorted(pathlib.Path("tests/bad-input/decrees").glob("*.decree"))
for i, p in enumerate(paths):
    text = p.read_bytes().decode("utf-8", "replace")
    if len(text) > 60000:
        continue
    uri = "file:///tmp/decree-fuzz-lsp/" + p.name
    doc = {"uri": uri}
    msgs = [{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": dict(doc, languageId="decree", version=1, text=text)}},
            {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
             "params": {"textDocument": doc, "position": {"line": 1, "character": 4}}},
            {"jsonrpc": "2.0", "id": 3, "method": "textDocument/documentSymbol", "params": {"textDocument": doc}},
            {"jsonrpc": "2.0", "id": 4, "method": "textDocument/formatting", "params": {"textDocument": doc, "options": {}}},
            {"jsonrpc": "2.0", "id": 5, "method": "shutdown"},
            {"jsonrpc": "2.0", "method": "exit"}]
    (out / ("%d.session" % i)).write_bytes(b"".join(frame(m) for m in msgs))
PY
for name in fuzz_check fuzz_record fuzz_eval fuzz_capi fuzz_lsp fuzz_lines; do
    if [[ -d tests/bad-input/fuzz/$name ]]; then
        cp tests/bad-input/fuzz/$name/* "$seeds/$name/" 2>/dev/null || true
    fi
done

# The record dictionary: every field name and string value of the example cases.
python3 - "$out/record.dict" <<'PY'
import json, pathlib, sys
words = set()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            words.add(k); walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, str) and len(v) < 40:
        words.add(v)
for p in sorted(pathlib.Path("examples/cases").glob("*.json")):
    walk(json.loads(p.read_text(encoding="utf-8")))
def entry(text):
    out = ""
    for b in text.encode("utf-8"):
        c = chr(b)
        out += "\\" + c if c in '"\\' else c if 0x20 <= b < 0x7F else "\\x%02X" % b
    return '"' + out + '"'
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("# JSON tokens and the example cases' field names and values (generated by fuzz/run.sh)\n")
    for i, t in enumerate(['{', '}', '[', ']', ':', ',', '"', 'null', 'true', 'false', '-1', '0', '1e400',
                           '18446744073709551616', '"\\u0000"', '"\\ud800"', '\n', '\r\n']):
        out.write('json_%d=%s\n' % (i, entry(t)))
    for i, w in enumerate(sorted(words)):
        out.write('case_%d=%s\n' % (i, entry(json.dumps(w, ensure_ascii=False))))
PY

run_one() {
    local name=$1 dict=fuzz/decree.dict log=$out/logs/$1.log corpus=$out/corpus/$1
    [[ $name == fuzz_check ]] || dict=$out/record.dict
    [[ $name == fuzz_capi || $name == fuzz_lsp ]] && dict=fuzz/decree.dict
    if ((smoke)); then
        corpus=$out/smoke/$name
        rm -rf "$corpus"
    fi
    mkdir -p "$corpus" "$out/artifacts/$name" "$out/logs"
    local status=0
    "$out/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -dict="$dict" -artifact_prefix="$out/artifacts/$name/" "$corpus" "$seeds/$name" \
        >"$log" 2>&1 || status=$?
    local runs edges inputs
    runs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    edges=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    inputs=$(find "$corpus" -type f | wc -l)
    if ((status == 0)) && grep -aq 'runtime error:\|ERROR: \(Address\|Leak\|UndefinedBehavior\)Sanitizer' "$log"; then
        status=1
    fi
    if ((status == 0)); then
        printf '%-12s ok      %10s runs in %ss, %s edges, corpus %s inputs\n' "$name" "${runs:-0}" "$seconds" "${edges:-0}" "$inputs"
    else
        local what artifact
        what=$(grep -ao 'ERROR: [A-Za-z]*: [a-z-]*\|ERROR: libFuzzer: [a-z-]*\|runtime error: .*' "$log" | head -1 || true)
        artifact=$(grep -ao "$out/artifacts/$name/[a-z]*-[0-9a-f]*" "$log" | head -1 || true)
        printf '%-12s FAILED  %s; reproducer %s; log %s\n' "$name" "${what:-exit $status}" "${artifact:-none}" "$log"
        return 1
    fi
}

failed=0
running=0
pids=()
for name in "${fuzzers[@]}"; do
    run_one "$name" &
    pids+=($!)
    if ((++running >= jobs)); then
        wait -n || failed=1
        ((running--))
    fi
done
while ((running > 0)); do
    wait -n || failed=1
    ((running--))
done
exit "$failed"
