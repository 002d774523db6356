#!/usr/bin/env python3
"""The conventions of command-line tools, through the real binary: `--help`/`-h` for every
command, `--version`/`-V`, `--opt=value` for every option that takes a value, `-` as standard
input for every file argument, fmt's standard output / `-w` / `--check`, colour only on a
terminal (NO_COLOR, TERM=dumb, `--color`), the man page and the bash completion.

    conventions_test.py DECREEC        (from the repository root)
"""
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile

DECREEC = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
MINIMAL = os.path.join(ROOT, "examples/minimal.decree")
ROUND2 = os.path.join(ROOT, "decrees/vn/2025/dot2_2025.decree")
CASE = os.path.join(ROOT, "examples/cases/guidance94_worked_example.json")
TIMEOUT = 300  # a sanitizer build is slow
ESC = b"\x1b["

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


def run(args, stdin=None, env=None, cwd=ROOT):
    e = dict(os.environ)
    e.pop("DECREE_LANG", None)
    e["LANG"] = "C.UTF-8"
    e.update(env or {})
    p = subprocess.run([DECREEC] + args, cwd=cwd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT, env=e)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def on_terminal(args, env):
    """Runs decreec with standard error on a pseudo-terminal: (exit code, what it wrote there)."""
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e["TERM"] = "xterm"
    e.update(env)
    master, slave = pty.openpty()
    p = subprocess.Popen([DECREEC] + args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=slave, env=e)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], TIMEOUT)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=TIMEOUT), out


def commands():
    code, out, _ = run(["--help"])
    check(code == 0, "decreec --help: exit 0")
    names = []
    section = False
    for line in out.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line == "commands:"
            continue
        m = re.match(r"^  ([a-z]+)\b", line)
        if section and m:
            names.append(m.group(1))
    check(len(names) >= 15, f"decreec --help lists the commands ({names})")
    return names


def help_and_version(names):
    for name in names:
        for flag in ("--help", "-h"):
            code, out, err = run([name, flag])
            check(code == 0 and out.startswith(f"usage: decreec {name}") and err == "",
                  f"decreec {name} {flag}: its usage on standard output, exit 0 ({code}, {err[:80]!r})")
        code, out, _ = run(["--lang", "vi", name, "--help"])
        check(code == 0 and out.startswith(f"cách dùng: decreec {name}") and "mã thoát:" in out,
              f"decreec {name} --help in Vietnamese")
        code, out, _ = run(["help", name])
        check(code == 0 and out.startswith(f"usage: decreec {name}"), f"decreec help {name}")
    code, out, _ = run(["eval", "--help"])
    for option in ("--format", "--trace", "--summary", "--report", "--jobs", "--no-assumptions", "--lang", "--color"):
        check(option in out, f"eval --help names {option}")
    check("exit status:" in out and "\n  74 " in out, "the help has the table of exit codes")
    # The table of exit codes in `--help` is the README's.
    helped = {}
    for line in run(["--help"])[1].split("exit status:\n", 1)[1].splitlines():
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if m:
            key = m.group(1)
            helped[key] = m.group(2)
        elif line.startswith("          ") and helped:
            helped[key] += " " + line.strip()
        elif not line.strip():
            break
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    rows = dict(re.findall(r"^\| (\d+|128 \+ N) \| (.*) \|$", readme, re.M))
    rows = {k.replace(" ", ""): v.replace("`", "").replace("eval: ", "") for k, v in rows.items()}
    helped = {k: v.replace("`", "") for k, v in helped.items()}
    check(set(rows) == set(helped) and all(rows[k] == helped[k] for k in rows),
          f"the README's exit codes are --help's ({sorted(set(rows) ^ set(helped))}, "
          f"{[k for k in rows if k in helped and rows[k] != helped[k]]})")
    version = run(["version"])[1]
    for flag in (["--version"], ["-V"], ["eval", "--version"]):
        code, out, _ = run(flag)
        check(code == 0 and out == version and re.match(r"^decreec \d+\.\d+\.\d+\n$", out), f"{' '.join(flag)}: {out!r}")
    code, _, err = run(["eval", "--trac", MINIMAL, CASE])
    check(code == 64 and "did you mean `--trace`?" in err, f"an option misspelt: the nearest one ({err[:90]!r})")
    code, _, err = run(["chekc", MINIMAL])
    check(code == 64 and "did you mean `check`?" in err, f"a command misspelt: the nearest one ({err[:90]!r})")
    code, _, err = run(["check", "--format=json", MINIMAL])
    check(code == 64 and "unknown option" in err, "an option of another command is refused")


def equals_forms(work):
    summary = os.path.join(work, "summary.json")
    cases = [
        (["check", "--diagnostics=json", MINIMAL], "--diagnostics=json", lambda c, o, e: c == 0 and o.strip() == "[]"),
        (["check", "--diagnostics", "json", MINIMAL], "--diagnostics json", lambda c, o, e: c == 0 and o.strip() == "[]"),
        (["check", "--max-errors=1", "--proofs-time=5", MINIMAL], "--max-errors=1 --proofs-time=5",
         lambda c, o, e: c == 0),
        (["eval", "--format=json", "--jobs=2", f"--summary={summary}", ROUND2, CASE], "eval --format=json --jobs=2 --summary=F",
         lambda c, o, e: c == 0 and o.startswith("{") and os.path.exists(summary)),
        (["eval", "-j1", "--format", "json", ROUND2, CASE], "eval -j1", lambda c, o, e: c == 0 and o.startswith("{")),
        (["--lang=en", "eval", ROUND2, CASE], "--lang=en", lambda c, o, e: c == 0 and "eligible" in o),
        (["diff", "--format=json", ROUND2, ROUND2], "diff --format=json", lambda c, o, e: c == 0 and o.startswith("{")),
        (["schema", "--format=markdown", ROUND2], "schema --format=markdown", lambda c, o, e: c == 0 and o.startswith("#")),
        (["fmt", "--keywords=vi", MINIMAL], "fmt --keywords=vi", lambda c, o, e: c == 0 and "yêu cầu" in o),
        (["--allow-imports=" + ROOT, "check", MINIMAL], "--allow-imports=DIR", lambda c, o, e: c == 0),
        (["--stdlib=" + os.path.join(ROOT, "stdlib"), "check", MINIMAL], "--stdlib=DIR", lambda c, o, e: c == 0),
    ]
    for args, what, ok in cases:
        code, out, err = run(args)
        check(ok(code, out, err), f"{what}: accepted ({code}, {err[:100]!r})")
    tests = os.path.join(ROOT, "tests")
    check(run(["check", "--sources=" + tests, MINIMAL]) == run(["check", "--sources", tests, MINIMAL]),
          "--sources=DIR is --sources DIR")
    code, _, err = run(["eval", "--format=xml", ROUND2, CASE])
    check(code == 64 and "`text`, `json` or `csv`" in err, "a wrong choice lists the right ones")
    code, _, err = run(["check", "--strict=yes", MINIMAL])
    check(code == 64 and "takes no value" in err, "a flag given a value is refused")


def standard_input(work):
    with open(MINIMAL, "rb") as f:
        minimal = f.read()
    with open(ROUND2, "rb") as f:
        round2 = f.read()
    with open(CASE, "rb") as f:
        case = f.read()
    code, _, err = run(["check", "-"], stdin=minimal)
    check(code == 0 and "checked 1 file" in err, f"check -: {err.strip()!r}")
    broken = minimal.replace(b"requires", b"requirs", 1)
    code, _, err = run(["check", "-"], stdin=broken)
    check(code == 65 and "<stdin>:" in err, "check - names the errors <stdin>:LINE:COL")
    code, out, _ = run(["fmt", "-"], stdin=minimal)
    check(code == 0 and out.encode() == minimal, "fmt - prints the formatted text")
    code, _, err = run(["fmt", "-w", "-"], stdin=minimal)
    check(code == 64, "fmt -w - is refused: standard input cannot be rewritten")
    code, out, _ = run(["graph", "-"], stdin=minimal)
    check(code == 0 and out.startswith("digraph"), "graph -")
    code, out, _ = run(["schema", "-"], stdin=minimal)
    check(code == 0 and '"$schema"' in out, "schema -")
    code, out, _ = run(["dump", "--ir", "-"], stdin=minimal)
    check(code == 0 and out.startswith("decree"), "dump --ir -")
    # The round read from standard input follows dot1_2025.decree: read from the current folder.
    code, out, err = run(["--lang", "en", "eval", "-", CASE], stdin=round2, cwd=os.path.dirname(ROUND2))
    check(code == 0 and "eligible" in out, f"eval - CASES: the decree from standard input ({err[:100]!r})")
    code, out, _ = run(["eval", "--format=json", ROUND2, "-"], stdin=case)
    check(code == 0 and '"verdict":"eligible"' in out, "eval DECREE -: the cases from standard input")
    code, out, _ = run(["diff", "-", ROUND2], stdin=round2, cwd=os.path.dirname(ROUND2))
    check(code == 0, "diff - NEW")
    code, _, err = run(["eval", "-", "-"], stdin=minimal)
    check(code == 64 and "only once" in err, "eval - -: standard input cannot be read twice")
    code, _, err = run(["check", "-"], stdin=b"")
    check(code in (0, 65) and "checked 1 file" in err, f"check - of an empty input ends ({code})")
    p = subprocess.run([DECREEC, "check", "-"], cwd=ROOT, stdin=os.open("/", os.O_RDONLY), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=TIMEOUT)
    err = p.stderr.decode()
    check(p.returncode == 74 and "<stdin>: error: cannot read the file: it is a directory" in err and "checked 0 files" in err,
          f"check - < /: exit 74, not counted ({err.strip()!r})")
    # A file that cannot be read is never counted as checked.
    code, _, err = run(["check", MINIMAL, os.path.join(work, "absent.decree")])
    check(code == 74 and "checked 1 file:" in err and "1 file could not be read" in err,
          f"an unreadable file is not counted as checked ({err.strip().splitlines()[-1]!r})")
    code, _, err = run(["check", "/tmp"])
    check(code == 74 and "checked 0 files" in err, "check of a directory: 0 files checked")


def fmt_modes(work):
    messy = os.path.join(work, "messy.decree")
    with open(MINIMAL, encoding="utf-8") as f:
        canonical = f.read()
    text = canonical.replace("\nparameter ", "\nparameter    ", 1).replace(" = ", "  =  ", 1)
    check(text != canonical, "the messy copy differs")
    with open(messy, "w", encoding="utf-8") as f:
        f.write(text)
    code, out, _ = run(["fmt", messy])
    check(code == 0 and out == canonical and open(messy, encoding="utf-8").read() == text,
          "fmt FILE prints the canonical text, the file untouched (spacing inside lines normalised)")
    code, out, _ = run(["fmt", "--check", messy])
    check(code == 1 and out.strip() == f"{messy}: not formatted", f"fmt --check lists it, exit 1 ({out.strip()!r})")
    code, out, _ = run(["fmt", "-w", messy])
    check(code == 0 and out == "" and open(messy, encoding="utf-8").read() == canonical, "fmt -w rewrites it")
    code, out, _ = run(["fmt", "--check", messy])
    check(code == 0 and out == "", "fmt --check of a formatted file: nothing, exit 0")
    with open(messy, "w", encoding="utf-8") as f:
        f.write(text)
    code, out, _ = run(["fmt", "--write", "--check", messy])
    check(code == 1 and open(messy, encoding="utf-8").read() == canonical, "fmt --write --check: rewrites and lists, exit 1")


def colour(work):
    bad = os.path.join(work, "bad.decree")
    with open(MINIMAL, encoding="utf-8") as f:
        text = f.read().replace("requires", "requirs", 1)
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text)
    args = ["check", "--no-proofs", bad]
    for env, extra, want, what in [
        ({}, [], True, "a terminal: colour"),
        ({"NO_COLOR": "1"}, [], False, "NO_COLOR=1: none"),
        ({"NO_COLOR": ""}, [], True, "NO_COLOR empty: colour (no-color.org)"),
        ({"TERM": "dumb"}, [], False, "TERM=dumb: none"),
        ({"NO_COLOR": "1"}, ["--color=always"], True, "--color=always over NO_COLOR"),
        ({}, ["--color", "never"], False, "--color never on a terminal: none"),
        ({}, ["--color=auto"], True, "--color=auto on a terminal: colour"),
    ]:
        code, out = on_terminal(extra + args, env)
        check(code == 65 and (ESC in out) == want, f"{what} ({code}, {len(out)} bytes)")
    code, _, err = run(args)
    check(code == 65 and "\x1b[" not in err, "a pipe: no colour")
    code, _, err = run(["--color=always"] + args)
    check(code == 65 and "\x1b[" in err, "a pipe with --color=always: colour")
    code, _, err = run(["--color=sometimes"] + args)
    check(code == 64 and "`auto`, `always` or `never`" in err, "--color=sometimes is refused")


def man_and_completion(work):
    code, out, _ = run(["man"])
    check(code == 0 and out.startswith(".\\\"") and ".TH DECREEC 1" in out, "decreec man: a man(7) page")
    for word in ("\\-\\-no\\-assumptions", "\\-\\-witness\\-dir", "EXIT STATUS", "NO_COLOR"):
        check(word in out, f"the man page has {word}")
    if shutil.which("groff") or shutil.which("nroff"):
        tool = shutil.which("nroff") or shutil.which("groff")
        p = subprocess.run([tool, "-man"] + (["-Tutf8"] if tool.endswith("groff") else []), input=out.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
        check(p.returncode == 0 and b"decreec" in p.stdout and p.stderr.strip() == b"",
              f"the man page renders without warnings ({p.stderr[:200]!r})")
    else:
        print("skip rendering the man page: no nroff or groff")
    code, out, _ = run(["--lang", "vi", "man"])
    check(code == 0 and "MÃ THOÁT" in out, "decreec --lang vi man: in Vietnamese")
    code, script, _ = run(["completion", "bash"])
    check(code == 0 and "complete -F _decreec decreec" in script, "decreec completion bash")
    bash = shutil.which("bash")
    if bash:
        path = os.path.join(work, "completion.bash")
        with open(path, "w") as f:
            f.write(script)

        def complete(*words):
            quoted = " ".join("'" + w + "'" for w in words)
            probe = ("source " + path + "; COMP_WORDS=(decreec " + quoted + "); COMP_CWORD=" + str(len(words)) +
                     "; _decreec; printf '%s\\n' \"${COMPREPLY[@]}\"")
            p = subprocess.run([bash, "-c", probe], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIMEOUT)
            return p.stdout.decode().split()

        check("eval" in complete("ev"), f"completion of a command: {complete('ev')}")
        check(complete("eval", "--tr") == ["--trace"], f"completion of an option: {complete('eval', '--tr')}")
        check(set(complete("eval", "--format", "")) >= {"text", "json", "csv"}, "completion of a choice")
        check("--lang" in complete("check", "--la"), "completion of an option of every command")
    code, _, err = run(["completion", "zsh"])
    check(code == 64, "completion of another shell: usage error")


def test_command(work):
    import json
    import xml.etree.ElementTree as ET
    d = os.path.join(work, "tests")
    os.makedirs(d)
    shutil.copy(MINIMAL, os.path.join(d, "m.decree"))
    with open(os.path.join(ROOT, "tests/golden/cli/cases/four_years.json")) as f:
        four = f.read()
    good = {"name": "the case of four years", "case": json.loads(four), "verdict": run(
        ["eval", "--format=json", MINIMAL, os.path.join(ROOT, "tests/golden/cli/cases/four_years.json")])[1].split('"verdict":"')[1].split('"')[0]}
    bad = dict(good, name="a <wrong> & \"expected\" verdict", verdict="eligible" if good["verdict"] != "eligible" else "not_eligible")
    with open(os.path.join(d, "m.test.jsonl"), "w") as f:
        f.write(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    # An entry that cannot be read: a symbolic link to itself (ELOOP), beside the tests.
    os.symlink("loop", os.path.join(d, "loop"))
    code, out, err = run(["test"], cwd=d)
    check(code == 1 and "1 passed, 1 failed" in out and "loop: warning: skipped:" in err and "Traceback" not in err,
          f"decreec test with an unreadable entry: skipped with a warning, the tests run ({code}, {err.strip()!r})")
    code, out, err = run(["test", "--format=json", "--coverage", d])
    lines = [json.loads(x) for x in out.splitlines()]
    kinds = [x["type"] for x in lines]
    check(code == 1 and kinds == ["test", "test", "coverage", "summary"], f"test --format json: {kinds}")
    check(lines[0]["outcome"] == "passed" and lines[1]["outcome"] == "failed" and lines[1]["problems"] and
          lines[1]["problems_vi"] and lines[1]["line"] == 2, "test JSON: each test with its outcome and problems in both languages")
    check(lines[-1]["passed"] == 1 and lines[-1]["failed"] == 1 and lines[-1]["skipped_entries"] == 1,
          f"test JSON summary {lines[-1]}")
    junit = os.path.join(work, "junit.xml")
    code, out, err = run(["test", "--junit", junit, d])
    root = ET.parse(junit).getroot()
    cases = root.findall("./testsuite/testcase")
    check(code == 1 and root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1" and
          len(cases) == 2 and cases[1].find("failure") is not None and cases[1].get("name") == bad["name"] and
          cases[0].find("failure") is None, "test --junit FILE: JUnit XML a CI server reads")
    os.remove(os.path.join(d, "m.decree"))
    code, out, err = run(["test", "--junit", junit, "--format", "json", d])
    root = ET.parse(junit).getroot()
    check(code == 65 and root.get("errors") == "1" and json.loads(out.splitlines()[0])["type"] == "error",
          "a test file whose decree is missing: an error in JSON and JUnit, exit 65")
    code, _, err = run(["test", "--junit", "/nonexistent/dir/j.xml", os.path.join(ROOT, "examples/round_2026")])
    check(code == 74 and "cannot write the JUnit report" in err, "an unwritable --junit FILE: exit 74")


def csv_output(work):
    import csv
    import io
    import json
    roster = os.path.join(work, "roster.jsonl")
    with open(CASE, encoding="utf-8") as f:
        worked = json.dumps(json.load(f), ensure_ascii=False)
    with open(roster, "w", encoding="utf-8") as f:
        f.write(worked + "\n")
        f.write('{"id":"X-2","name":"=HYPERLINK(\\"http://x\\")","status":"serving"}\n')
        f.write("not json\n")
        f.write('{"id":"X-4","name":"Lê, Thị \\"B\\""}\n')
    p = subprocess.run([DECREEC, "eval", "--format=csv", ROUND2, roster], cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=TIMEOUT)
    raw = p.stdout
    check(p.returncode == 1 and raw.startswith(b"\xef\xbb\xbfid,name,line,verdict,"), "eval --format csv: UTF-8 with a BOM, a header")
    check(raw.count(b"\r\n") == 5 and raw.replace(b"\r\n", b"").count(b"\n") == 0, "CSV rows end with CRLF")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    check([r["line"] for r in rows] == ["1", "2", "3", "4"], f"one row per record, in order ({[r['line'] for r in rows]})")
    check(rows[0]["verdict"] == "eligible" and rows[0]["verdict_text"] == "đủ điều kiện đề nghị đặc xá" and
          rows[0]["name"] == "Nguyễn Văn A" and "Điều 3 khoản 3" in rows[0]["assumptions"].split("; "),
          "the worked example: eligible, its name, its assumptions")
    check(rows[1]["name"].startswith("'="), f"a name that looks like a formula cannot run as one ({rows[1]['name']!r})")
    check(rows[2]["verdict"] == "error" and "not a JSON record" in rows[2]["error"], "a broken line: an error row")
    check(rows[3]["name"] == 'Lê, Thị "B"', "commas and quotes survive the quoting")
    code, out, _ = run(["--lang", "en", "eval", "--format", "csv", ROUND2, CASE])
    check(code == 0 and ",eligible,eligible," in out, "the verdict's words follow --lang")


def progress(work):
    roster = os.path.join(work, "progress.jsonl")
    with open(roster, "wb") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_cases.py"), "--seed", "2", "-n", "40000"], stdout=f,
                       check=True, timeout=TIMEOUT)
    args = ["eval", "-j1", ROUND2, roster]  # text on one thread: over a second, so the line shows
    code, out = on_terminal(args, {})
    text = out.decode("utf-8", "replace")
    check(code == 0 and "\rdecreec eval: " in text and " records, " in text and "% done" in text,
          f"eval on a terminal: the progress line ({text[:160]!r})")
    after = text.rsplit("\r\x1b[K", 1)
    check(len(after) == 2 and "records, " not in after[1] and "40000" in after[1].replace(",", "").replace(".", ""),
          "the line is erased before the summary")
    code, out = on_terminal(["eval", "--quiet"] + args[1:], {})
    check(code == 0 and b"records, " not in out, "--quiet on a terminal: no progress")
    code, out = on_terminal(args, {"TERM": "dumb"})
    check(code == 0 and b"records, " not in out, "TERM=dumb: no progress")
    code, _, err = run(args)
    check(code == 0 and " records, " not in err, "standard error not a terminal: no progress")
    code, _, err = run(["eval", "--progress"] + args[1:])
    lines = [l for l in err.splitlines() if l.startswith("decreec eval: ") and " records, " in l]
    check(code == 0 and lines and "\r" not in err, f"--progress into a pipe: whole lines ({len(lines)})")
    round1 = os.path.join(ROOT, "decrees/vn/2025/dot1_2025.decree")
    code, _, err = run(["diff", "--progress", round1, ROUND2, roster, roster, roster])
    lines = [l for l in err.splitlines() if l.startswith("decreec diff: ") and " records, " in l]
    check(code == 0 and lines and "% done" in lines[-1], f"diff --progress: its progress ({len(lines)} lines)")


def main():
    work = tempfile.mkdtemp()
    try:
        names = commands()
        help_and_version(names)
        equals_forms(work)
        standard_input(work)
        fmt_modes(work)
        colour(work)
        man_and_completion(work)
        test_command(work)
        csv_output(work)
        progress(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("all passed")


main()
