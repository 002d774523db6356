#!/usr/bin/env python3
"""Determinism: the same inputs give byte-identical outputs, whatever the thread count.

  determinism_test.py DECREEC WORKDIR

Generates a realistic roster (bench/gen_cases.py) with broken lines mixed in (malformed JSON, a
wrong field type, a repeated id, a record over the size limit, blank lines), then runs
`decreec eval` on it with --jobs 1, 2 and 8, in JSON (with and without the explanation) and in
text (Vietnamese and English), each time with --summary, and compares stdout, stderr and the
summary byte for byte. Every non-blank input line must give exactly one result line."""
import pathlib
import subprocess
import sys

DECREE = "decrees/vn/2025/dot2_2025.decree"


def main():
    decreec, work = sys.argv[1], pathlib.Path(sys.argv[2])
    work.mkdir(parents=True, exist_ok=True)
    roster = subprocess.run([sys.executable, "bench/gen_cases.py", "-n", "3000", "--seed", "7"],
                            check=True, capture_output=True, text=True).stdout.splitlines()
    broken = {
        100: '{"id": "BROKEN-JSON", "name": "x',
        700: '{"id": "WRONG-TYPE", "security_risk": "no"}',
        1300: roster[5],  # the id of line 6 again
        1900: '{"id": "TOO-LARGE", "name": "' + "x" * (1 << 20) + '"}',
        2500: "   ",
    }
    lines = [broken.get(i, line) for i, line in enumerate(roster)]
    path = work / "roster.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected_results = sum(1 for line in lines if line.strip())

    failures = 0
    for name, options in [("json", ["--format", "json"]),
                          ("json-trace", ["--format", "json", "--trace", "--lang", "en"]),
                          ("text-vi", []),
                          ("text-en", ["--lang", "en"])]:
        outputs = {}
        for jobs in ["1", "2", "8"]:
            summary = work / f"summary-{name}-{jobs}.json"
            run = subprocess.run([decreec, "eval", DECREE, str(path), *options, "--jobs", jobs, "--summary", str(summary)],
                                 capture_output=True)
            if run.returncode not in (0, 1):
                print(f"{name} --jobs {jobs}: exit {run.returncode}\n{run.stderr.decode(errors='replace')[-2000:]}")
                failures += 1
                continue
            outputs[jobs] = (run.stdout, run.stderr, summary.read_bytes())
            if name == "json":
                results = run.stdout.count(b"\n")
                if results != expected_results:
                    print(f"{name} --jobs {jobs}: {results} results for {expected_results} records")
                    failures += 1
        for jobs in ["2", "8"]:
            if jobs not in outputs or "1" not in outputs:
                continue
            for part, a, b in zip(["stdout", "stderr", "summary"], outputs["1"], outputs[jobs]):
                if a != b:
                    where = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                    print(f"{name}: {part} with --jobs {jobs} differs from --jobs 1 at byte {where}:\n"
                          f"  1: {a[max(0, where - 80):where + 80]!r}\n  {jobs}: {b[max(0, where - 80):where + 80]!r}")
                    failures += 1
        if "1" in outputs:
            print(f"{name}: {len(outputs['1'][0])} bytes of results, identical for --jobs 1, 2 and 8"
                  if failures == 0 else f"{name}: compared")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
