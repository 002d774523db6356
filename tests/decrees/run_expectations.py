#!/usr/bin/env python3
"""Runs the test files written beside the decrees: every `<round>.test.jsonl` next to
`<round>.decree`. Each line is one test:

  {"name": "...", "source": "where the expectation comes from",
   "case": "examples/cases/x.json" | {inline case record},
   "verdict": "eligible" | "not_eligible" | "undetermined" | "error",
   "failed": [citations], "applied": [citations], "missing": [field paths],   (optional, exact sets)
   "facts": {"served": "9 years 0 months 0 days"}}                          (optional, English values)

Usage: run_expectations.py DECREEC [TEST_FILE...]   (default: every decrees/**/*.test.jsonl)
Prints each failure as expected vs actual and ends with `N passed, N failed`."""
import glob, json, os, subprocess, sys, tempfile

decreec = sys.argv[1]
files = sys.argv[2:] or sorted(glob.glob("decrees/**/*.test.jsonl", recursive=True))
passed = failed = 0

def load_case(spec):
    if isinstance(spec, dict):
        return spec
    with open(spec, encoding="utf-8") as f:
        return json.load(f)

for path in files:
    decree = path[: -len(".test.jsonl")] + ".decree"
    tests = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        for t in tests:
            tmp.write(json.dumps(load_case(t["case"]), ensure_ascii=False) + "\n")
    run = subprocess.run([decreec, "eval", decree, tmp.name, "--format", "json", "--trace", "--lang", "en"],
                         capture_output=True, text=True)
    os.unlink(tmp.name)
    results = [json.loads(l) for l in run.stdout.splitlines() if l.startswith("{")]
    if len(results) != len(tests):
        print(f"{path}: {len(results)} results for {len(tests)} tests\n{run.stderr}")
        failed += len(tests)
        continue
    for i, (t, r) in enumerate(zip(tests, results), start=1):
        problems = []
        if r["verdict"] != t["verdict"]:
            problems.append(f"verdict: expected {t['verdict']}, got {r['verdict']}" +
                            (f" ({r.get('error')})" if r.get("error") else ""))
        for key in ("failed", "applied", "missing"):
            if key in t and sorted(t[key]) != sorted(r.get(key, [])):
                problems.append(f"{key}: expected {sorted(t[key])}, got {sorted(r.get(key, []))}")
        facts = {}
        for step in r.get("trace", []):
            facts.update(step.get("facts", {}))
        for name, value in t.get("facts", {}).items():
            if facts.get(name) != value:
                problems.append(f"fact {name}: expected {value!r}, got {facts.get(name)!r}")
        if problems:
            failed += 1
            print(f"FAIL {path}:{i}: {t['name']}")
            for p in problems:
                print(f"    {p}")
        else:
            passed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
