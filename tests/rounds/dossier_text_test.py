#!/usr/bin/env python3
"""The text of the verdicts is fit for a dossier: `decreec eval` of the real round 2 of 2025 on
every example case, in Vietnamese (the default) and in English (--lang en), names facts by their
labels and never by the decree's identifiers or its source code.

What is scanned: every line, without the reasons of the assumptions (the drafter's `assumed`
strings, quoted as written) and without the JSON paths given in parentheses after a missing
fact's label or a witness. What counts as an identifier: any name the round or its modules
declare (definition, parameter, field, enumeration value) that has an underscore or is not a
word of the language shown, a name qualified by a module alias or by `case.`, and the shapes of
source code (`any o in`, `>=`, `!=`)."""
import pathlib
import re
import subprocess
import sys

decreec = sys.argv[1]
root = pathlib.Path(__file__).resolve().parents[2]
decree = root / "decrees/vn/2025/dot2_2025.decree"
cases = sorted(str(p) for p in (root / "examples/cases").glob("*.json"))
failures = []

# The names the round and the standard library declare.
names = set()
for src in [decree, *sorted((root / "stdlib/vn").glob("*.decree"))]:
    text = src.read_text(encoding="utf-8")
    names.update(re.findall(r"\b(?:definition|parameter)\s+([A-Za-z_][A-Za-z0-9_]*)", text))
    names.update(re.findall(r"^\s+([a-z_][a-z0-9_]*)\s*(?:\"[^\"]*\"(?:\s*/\s*\"[^\"]*\")?\s*)?:", text, re.M))
    for body in re.findall(r"enumeration\s+\w+\s*\{([^}]*)\}", text):
        names.update(re.findall(r"^\s*([a-z_][a-z0-9_]*)", body, re.M))
# Declared names that are also plain English words (they may appear in English prose).
english_words = {"served", "remaining", "commuted", "settled", "name", "id", "sex", "status", "sentence",
                 "kind", "term", "law", "article", "clause", "points", "victims", "weapon", "repeated",
                 "intentional", "from", "to", "amount", "paid", "exempted", "fine", "civil", "special",
                 "history", "conduct", "quarters", "quarter", "year", "grade", "good", "fair", "average",
                 "poor", "male", "female", "serving", "suspended", "life", "arrest", "detention", "prison",
                 "judgment", "indictment", "investigation", "restitution", "compensation", "support",
                 "other", "pregnant", "confirmed", "latest", "offences", "custody", "reductions",
                 "obligations", "corruption", "aged_70", "under_18"}
snake = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
qualified = re.compile(r"\b(?:case|luat|chung|nd52|nd118|blhs)\.[a-z_]")
code_shapes = re.compile(r"\b(?:any|all|count|sum) [a-z] in\b|>=|<=|!=|\bthen\b.*\belse\b")
paths = re.compile(r"\(\$[^)]*\)|\(\$\S*")


def scan(lang, out):
    for n, line in enumerate(out.splitlines(), 1):
        shown = line
        if re.match(r"\s+(giả định|assumption): ", shown):
            shown = shown.split(" — ", 1)[0]  # the reason is the drafter's text, quoted
        shown = paths.sub("", shown)
        found = snake.findall(shown) + qualified.findall(shown) + code_shapes.findall(shown)
        for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", shown):
            if word in names and (lang == "vi" or word not in english_words) and word not in found:
                if lang == "en" and "_" not in word:
                    continue
                found.append(word)
        if lang == "vi":
            found += [w for w in re.findall(r"\b[a-z]+\b", shown) if w in names and w not in found]
        if found:
            failures.append(f"--lang {lang}, line {n}: {', '.join(sorted(set(found)))}\n    {line}")


for lang in ["vi", "en"]:
    p = subprocess.run([decreec, "eval", str(decree), *cases, "--lang", lang], capture_output=True, text=True,
                       encoding="utf-8", cwd=root)
    if p.returncode not in (0, 1):
        failures.append(f"--lang {lang}: exit {p.returncode}\n{p.stderr}")
    if len(p.stdout.splitlines()) < 10 * len(cases):
        failures.append(f"--lang {lang}: only {len(p.stdout.splitlines())} lines for {len(cases)} cases")
    scan(lang, p.stdout)

# The scan itself must be able to fail: an identifier and a piece of source code are caught.
before = len(failures)
scan("vi", "  ✓ Điều 3: đạt\n      served = 9 năm; required_served\n      yêu cầu: case.sentence.term >= 1 year\n")
caught = len(failures) - before
del failures[before:]
if caught != 2:
    failures.append(f"the scan caught {caught} of 2 planted lines")

for f in failures[:40]:
    print(f)
if len(failures) > 40:
    print(f"... and {len(failures) - 40} more")
print(f"{len(cases)} cases in 2 languages, {len(failures)} problems")
sys.exit(1 if failures else 0)
