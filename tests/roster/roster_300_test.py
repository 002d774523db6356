#!/usr/bin/env python3
"""A 300-line roster with truncated, non-JSON and wrongly typed lines must give exactly 300
results, in input order, each carrying its line number; broken lines get verdict `error`.
Usage: roster_300_test.py DECREEC"""
import copy, json, random, subprocess, sys, tempfile

decreec = sys.argv[1]
base = json.load(open("examples/cases/guidance94_worked_example.json", encoding="utf-8"))
rng = random.Random(300)
lines, expect_error = [], []
for i in range(1, 301):
    r = copy.deepcopy(base)
    r["id"] = f"R{i:04d}"
    kind = i % 10
    if kind == 3:  # truncated line
        text = json.dumps(r, ensure_ascii=False)[: rng.randrange(5, 200)]
        err = True
    elif kind == 5:  # not JSON at all
        text, err = f"this is not JSON, line {i}", True
    elif kind == 7:  # wrongly typed field
        r["sentence"]["term"] = {"years": -3}
        text, err = json.dumps(r, ensure_ascii=False), True
    elif kind == 9:  # a missing fact: undetermined, not an error
        del r["obligations"]["fine"]
        text, err = json.dumps(r, ensure_ascii=False), False
    else:
        text, err = json.dumps(r, ensure_ascii=False), False
    lines.append(text)
    expect_error.append(err)

with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
    path = f.name

run = subprocess.run([decreec, "eval", "decrees/vn/2025/dot2_2025.decree", path, "--format", "json"],
                     capture_output=True, text=True)
out = [json.loads(l) for l in run.stdout.splitlines()]
failures = []
if run.returncode != 1:
    failures.append(f"exit code {run.returncode}, expected 1 (some records are errors)")
if len(out) != 300:
    failures.append(f"{len(out)} results for 300 lines")
for i, (o, err) in enumerate(zip(out, expect_error), start=1):
    if o.get("line") != i:
        failures.append(f"result {i} carries line {o.get('line')}")
    if (o["verdict"] == "error") != err:
        failures.append(f"line {i}: verdict {o['verdict']}, expected {'error' if err else 'a decision'}")
    if not err and o.get("id") != f"R{i:04d}":
        failures.append(f"line {i}: id {o.get('id')}")
    if i % 10 == 7 and "$.sentence.term.years: expected a non-negative integer, got -3" not in o.get("error", ""):
        failures.append(f"line {i}: error message {o.get('error')!r}")
summary = run.stderr.strip().splitlines()[0] if run.stderr else ""
if not summary.startswith("300 "):
    failures.append(f"summary line {summary!r}")
for f in failures[:20]:
    print("FAIL:", f)
print(f"{300 - len(failures) if len(failures) < 300 else 0} of 300 lines checked; summary: {summary}")
sys.exit(1 if failures else 0)
