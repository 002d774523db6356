#!/usr/bin/env python3
"""decreec diff OLD NEW --witness: every case record it gives, evaluated with `decreec eval` under
both rounds, has the verdicts it claims; a change it proves impossible is one that the test's
rounds cannot make; the same round against itself changes nothing; and the text speaks both
languages."""
import json
import os
import subprocess
import sys
import tempfile

decreec = sys.argv[1]
failures = []


def run(*args):
    return subprocess.run([decreec, *args], capture_output=True, text=True, timeout=300)


def verdict(decree, case_file):
    r = run("eval", decree, case_file, "--format", "json")
    line = r.stdout.strip().splitlines()[0] if r.stdout.strip() else ""
    try:
        return json.loads(line)["verdict"]
    except (ValueError, KeyError):
        return "unreadable: " + r.stdout + r.stderr


def witnesses(old, new):
    r = run("diff", old, new, "--witness", "--format", "json")
    if r.returncode != 0:
        failures.append(f"{old} -> {new}: exit {r.returncode}: {r.stderr}")
        return []
    rows = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
    if len(rows) != 6:
        failures.append(f"{old} -> {new}: {len(rows)} changes, not 6")
    return rows


def check_pair(old, new, expected=None):
    rows = witnesses(old, new)
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            change = f"{old} -> {new}: {row['old']} -> {row['new']}"
            if expected is not None and row["outcome"] != expected.get((row["old"], row["new"])):
                failures.append(f"{change}: {row['outcome']}, expected {expected.get((row['old'], row['new']))}")
            if row["outcome"] != "found":
                continue
            path = os.path.join(tmp, "case.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(row["case"], f, ensure_ascii=False)
            got = (verdict(old, path), verdict(new, path))
            if got != (row["old"], row["new"]):
                failures.append(f"{change}: the witness {json.dumps(row['case'], ensure_ascii=False)} evaluates to {got}")
    return rows


W = "tests/rounds/witness/"
# The new round adds an exclusion to the same condition: nobody becomes eligible, nobody leaves
# "not eligible", nobody becomes eligible from undetermined; the other three changes happen.
check_pair(W + "old.decree", W + "new.decree", {
    ("eligible", "not_eligible"): "found", ("eligible", "undetermined"): "found",
    ("undetermined", "not_eligible"): "found", ("not_eligible", "eligible"): "none",
    ("not_eligible", "undetermined"): "none", ("undetermined", "eligible"): "none"})
# Backwards, the impossible changes become possible and the others impossible.
check_pair(W + "new.decree", W + "old.decree", {
    ("eligible", "not_eligible"): "none", ("eligible", "undetermined"): "none",
    ("undetermined", "not_eligible"): "none", ("not_eligible", "eligible"): "found",
    ("not_eligible", "undetermined"): "found", ("undetermined", "eligible"): "found"})
# A round against itself: no change, proved, with the standard library's functions as unknowns.
same = {(a, b): "none" for a in ("eligible", "not_eligible", "undetermined")
        for b in ("eligible", "not_eligible", "undetermined") if a != b}
check_pair("decrees/vn/2025/dot2_2025.decree", "decrees/vn/2025/dot2_2025.decree", same)
# The real rounds and the worked example of a new round: whatever is shown really happens.
for old, new in [("decrees/vn/2025/dot1_2025.decree", "decrees/vn/2025/dot2_2025.decree"),
                 ("decrees/vn/2025/dot2_2025.decree", "examples/round_2026/dot_2026.decree"),
                 ("examples/minimal.decree", "examples/hypothetical_round.decree")]:
    rows = check_pair(old, new)
    if not any(r["outcome"] == "found" for r in rows):
        failures.append(f"{old} -> {new}: no change shown at all")

# The text, in both languages, and the refusal of case files with --witness.
en = run("diff", W + "old.decree", W + "new.decree", "--witness", "--lang", "en")
vi = run("diff", W + "old.decree", W + "new.decree", "--witness")
for r, words in [(en, ["found by the SMT solver", "none: the SMT solver proves", "3 proved impossible"]),
                 (vi, ["bộ giải SMT tìm được", "không có: bộ giải SMT chứng minh", "3 được chứng minh là không thể xảy ra"])]:
    for w in words:
        if w not in r.stdout + r.stderr:
            failures.append(f"the text lacks `{w}`:\n{r.stdout}{r.stderr}")
r = run("diff", W + "old.decree", W + "new.decree", "examples/cases/guidance94_worked_example.json", "--witness")
if r.returncode != 64 or "--witness" not in r.stderr:
    failures.append(f"--witness with case files: exit {r.returncode}, {r.stderr}")

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
