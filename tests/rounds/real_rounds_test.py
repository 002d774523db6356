#!/usr/bin/env python3
"""decreec diff and the follows check on the real rounds of 2025 (decrees/vn/2025/dot1_2025 and
dot2_2025). The rounds are still being written, so their output is not pinned: the diff runs in
both languages and as JSON, names facts that do not change (the dates of signature and the
cut-off dates), agrees with the check, and a copy of round 2 that follows round 1 is warned about
exactly the provisions the diff removes (or keeps without their rules), and is clean once each
warning's `omits` is written."""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

decreec = sys.argv[1]
old, new = "decrees/vn/2025/dot1_2025.decree", "decrees/vn/2025/dot2_2025.decree"
failures = []


def run(*args):
    p = subprocess.run([decreec, *args], capture_output=True, text=True, encoding="utf-8")
    return p.returncode, p.stdout, p.stderr


def expect(condition, what):
    if not condition:
        failures.append(what)


rc, en, err = run("diff", old, new, "--lang", "en")
expect(rc == 0, f"diff --lang en exits {rc}: {err}")
expect(en.startswith(f"--- {old}\n+++ {new}\n"), "diff names the two files first")
expect("  signed: 2025-03-03 → 2025-07-03\n" in en, "diff shows the dates of signature")
expect("    parameter cutoff: 2025-04-30 → 2025-08-31\n" in en, "diff shows the cut-off dates under Art. 1")
expect(re.search(r"^summary: \d+ added, \d+ removed, \d+ moved, \d+ changed$", en, re.M), "diff ends with a summary")
rc, vi, err = run("diff", old, new)
expect(rc == 0 and "  ký ngày: 2025-03-03 → 2025-07-03\n" in vi, "diff in Vietnamese by default")
rc, out, err = run("diff", old, new, "--format", "json")
expect(rc == 0, f"diff --format json exits {rc}: {err}")
doc = json.loads(out)
for key in ("header", "set", "declarations", "added", "removed", "moved", "changed"):
    expect(key in doc, f"the JSON document has `{key}`")
art1 = [e for e in doc["changed"] if e["new"] and e["new"]["vi"] == "Điều 1"]
expect(len(art1) == 1 and art1[0]["old"]["en"] == "Art. 1", "Art. 1 is changed, cited in both languages")
gone = {e["old"]["vi"] for e in doc["removed"]}
kept = {e["old"]["vi"] for e in doc["moved"] + doc["changed"]}

with tempfile.TemporaryDirectory() as work:
    shutil.copy(old, work)
    text = pathlib.Path(new).read_text(encoding="utf-8")
    if not re.search(r"^\s*(follows|kế\s+tiếp)\s", text, re.M):
        lines = text.split("\n")
        start = next(i for i, l in enumerate(lines) if l.startswith("decree ") or l.startswith("quyết định "))
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        lines.insert(end, '  follows "dot1_2025.decree"')
        text = "\n".join(lines)
    copy = pathlib.Path(work) / "dot2_2025.decree"
    copy.write_text(text, encoding="utf-8")
    rc, _, err = run("check", str(copy), "--diagnostics=short")
    expect(rc == 0, f"check of round 2 following round 1 exits {rc}: {err}")
    warned = re.findall(r"warning\[W0107\]: provision `([^`]*)` of the followed round `dot1_2025.decree`", err)
    for w in warned:
        expect(w in gone or w in kept, f"W0107 for `{w}`, which the diff neither removes nor keeps")
    for e in doc["removed"]:
        if e["rules"] and "omitted" not in e:
            expect(e["old"]["vi"] in warned, f"`{e['old']['vi']}` is removed by the diff with its rules, and not warned about")
    rc, _, rich = run("check", str(copy))
    omits = re.findall(r'= hint: carry it over, or say why it was left out: `(omits [^`]*)`', rich)
    expect(len(omits) == len(warned), "every W0107 says how to write its `omits`")
    lines = text.split("\n")
    at = next(i for i, l in enumerate(lines) if re.match(r"\s*(follows|kế\s+tiếp)\s", l)) + 1
    while at < len(lines) and re.match(r"\s*(omits|bỏ)\s", lines[at]):
        at += 1
    for o in omits:
        lines.insert(at, "  " + o)
    copy.write_text("\n".join(lines), encoding="utf-8")
    rc, _, err = run("check", str(copy), "--diagnostics=short")
    expect(rc == 0 and "W0107" not in err and "W0108" not in err, f"with the omits written, no W0107 or W0108: {err}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
