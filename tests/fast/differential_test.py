#!/usr/bin/env python3
"""The evaluator with fusion against itself without (`--no-fusion`: no fused operations, no
definitions compiled in place), through decreec: on generated rosters for every
round in the repository and for bench/b1.decree, with records perturbed at random (fields removed,
made null, given the wrong type, numbers beyond 64 bits, escapes in strings), `decreec eval
--format json` must write byte for byte what `decreec eval --format json --no-fusion` writes (and
so with `--trace`), and
the same summary, whatever the number of threads; for round 2 also with --no-assumptions.

  differential_test.py DECREEC"""
import json, os, random, subprocess, sys, tempfile

DECREEC = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
failures = []


def perturb(obj, rng):
    """One random change somewhere in the record (nested too)."""
    target = obj
    path = []
    while isinstance(target, (dict, list)) and target and rng.random() < 0.6:
        key = rng.choice(list(target.keys())) if isinstance(target, dict) else rng.randrange(len(target))
        if not isinstance(target[key], (dict, list)):
            break
        path.append(key)
        target = target[key]
    if isinstance(target, dict) and target:
        key = rng.choice(list(target.keys()))
        change = rng.choice(["drop", "null", "string", "number", "huge", "list", "bool"])
        if change == "drop":
            del target[key]
        else:
            target[key] = {"null": None, "string": "x\"\\\u00e9", "number": 7, "huge": 10**20,
                           "list": [], "bool": True}[change]
    elif isinstance(target, list) and target:
        rng.choice([lambda: target.pop(), lambda: target.append(None), lambda: target.append({})])()
    return obj


def b1_record(i, rng):
    special = rng.random() < 0.2
    life = rng.random() < 0.05
    sentence = 0 if life else rng.randint(30, 9000)
    boundary = rng.random() < 0.1
    served = (rng.choice([4380, 4379, 5110, 5109]) if boundary else rng.randint(3000, 7000)) if life else \
        ((sentence // 3 - rng.randint(0, 1)) if boundary else rng.randint(sentence // 5, sentence))
    return {
        "id": f"P{i:07d}", "sentence_days": sentence, "life_commuted": life, "served_days": max(served, 0),
        "reduced_days": rng.randint(0, 100),
        "grades": [rng.choice(["tot", "kha"] * 12 + ["tb", "kem"]) for _ in range(rng.randint(0, 8))],
        "offences": [{"article": rng.choice([108, 121, 123, 168, 173, 250, 251, 252, 299, 353, 359, 364, 365, 425]),
                      "clause": rng.randint(1, 9), "points": [rng.choice("abcd")]} for _ in range(rng.randint(1, 3))],
        "weapon_used": rng.random() < 0.1, "fine_unpaid": rng.choice([0] * 9 + [5_000_000_000]),
        "fee_unpaid": rng.choice([0] * 9 + [1]), "civil_unpaid": rng.choice([0, 0, 20000]),
        "civil_hardship_certified": rng.random() < 0.5, "drug_use": rng.random() < 0.05,
        "recidivism": rng.choice(["none", "none", "tai_pham", "nguy_hiem"]),
        "special": rng.sample(["great_merit", "serious_illness", "age70", "under18", "only_labourer", "disability"],
                              rng.randint(0, 2)) if special else [],
        "pending_case": rng.random() < 0.03, "security_risk": rng.random() < 0.02,
    }


def run(decree, roster, jobs, general, summary, extra=()):
    args = [DECREEC, "eval", decree, roster, "--format", "json", "--quiet", "--jobs", str(jobs), "--summary", summary]
    args += extra
    if general:
        args.append("--no-fusion")
    p = subprocess.run(args, capture_output=True, cwd=ROOT)
    if p.returncode not in (0, 1):
        failures.append(f"{decree}: exit {p.returncode}: {p.stderr.decode()[:500]}")
    with open(summary, "rb") as f:
        return p.stdout, p.stderr, f.read()


def compare(name, decree, lines, work, extra=()):
    roster = os.path.join(work, name + ".jsonl")
    with open(roster, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    reference = run(decree, roster, 1, True, os.path.join(work, "s0.json"), extra)
    for jobs in (1, 3):
        got = run(decree, roster, jobs, False, os.path.join(work, f"s{jobs}.json"), extra)
        for what, a, b in zip(("results", "warnings", "summary"), reference, got):
            if a != b:
                al, bl = a.splitlines(), b.splitlines()
                diff = next((k for k in range(min(len(al), len(bl))) if al[k] != bl[k]), min(len(al), len(bl)))
                failures.append(f"{name} --jobs {jobs}: {what} differ at line {diff + 1}:\n"
                                f"  no fusion: {al[diff] if diff < len(al) else '<end>'}\n"
                                f"  fused:     {bl[diff] if diff < len(bl) else '<end>'}")
    verdicts = {}
    for line in reference[0].splitlines():
        v = json.loads(line)["verdict"]
        verdicts[v] = verdicts.get(v, 0) + 1
    print(f"{name}: {len(lines)} records, {verdicts}")
    return verdicts


def main():
    rng = random.Random(20251122)
    with tempfile.TemporaryDirectory() as work:
        generated = os.path.join(work, "cases.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_cases.py"), "-n", "4000", "--seed", "5",
                        "--missing", "0.1", "-o", generated], check=True)
        with open(generated, encoding="utf-8") as f:
            cases = [line.rstrip("\n") for line in f if line.strip()]
        perturbed = [json.dumps(perturb(json.loads(c), rng), ensure_ascii=False) for c in cases[:1500]]
        broken = ["{\"id\": \"B1\", \"sentence\": ", "[1, 2]", "", "   ", "{\"id\": 12}", "{\"id\": null}"]
        for decree in ("decrees/vn/2025/dot1_2025.decree", "decrees/vn/2025/dot2_2025.decree",
                       "examples/hypothetical_round.decree"):
            name = os.path.basename(decree).removesuffix(".decree")
            v = compare(name, decree, cases + perturbed + broken, work)
            if v.get("eligible", 0) == 0 or v.get("not_eligible", 0) == 0:
                failures.append(f"{name}: the roster decides too little to compare ({v})")
        # Verdicts resting on assumptions withheld: undetermined with "provisional", counted apart.
        compare("dot2_2025_no_assumptions", "decrees/vn/2025/dot2_2025.decree", cases + perturbed + broken, work,
                ["--no-assumptions"])
        # Explanations: the facts of each rule, evaluated expression by expression either way.
        compare("dot2_2025_trace", "decrees/vn/2025/dot2_2025.decree", cases[:800] + perturbed[:400] + broken, work,
                ["--trace"])
        b1 = [json.dumps(b1_record(i, rng)) for i in range(1, 6001)]
        b1 += [json.dumps(perturb(json.loads(r), rng)) for r in b1[:1500]]
        v = compare("b1", "bench/b1.decree", b1 + broken, work)
        if v.get("eligible", 0) < 300:
            failures.append(f"b1: the roster decides too little to compare ({v})")
    for f in failures:
        print("FAIL:", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    sys.exit(1 if failures else 0)


main()
