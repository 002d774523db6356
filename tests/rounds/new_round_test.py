#!/usr/bin/env python3
"""The worked example of docs/language.md, "Writing a new round" (examples/round_2026): it adds a
fact by `extend record`, imports the Law, checks clean under --strict and passes its tests from
any working directory. The three mistakes a new drafter makes first are each a clear diagnostic
that names the fix: the `under` line removed (W0115, an error under --strict), a second `input`
instead of the extension (E0405), and the new fact used without the extension (E0204)."""
import pathlib
import subprocess
import sys
import tempfile

decreec = sys.argv[1]
root = pathlib.Path(__file__).resolve().parents[2]
example = root / "examples/round_2026/dot_2026.decree"
text = example.read_text(encoding="utf-8")
failures = []
checks = 0


def run(*args, cwd=None):
    p = subprocess.run([decreec, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd)
    return p.returncode, p.stdout + p.stderr


def expect(condition, what, output=""):
    global checks
    checks += 1
    if not condition:
        failures.append(what + ("\n" + output if output else ""))


def variant(name, new_text):
    path = pathlib.Path(tmp) / name
    path.write_text(new_text, encoding="utf-8")
    return str(path)


code, out = run("check", "--strict", str(example))
expect(code == 0 and "0 errors, 0 warnings" in out, "the example checks clean under --strict", out)
with tempfile.TemporaryDirectory() as elsewhere:
    code, out = run("test", str(example.parent), cwd=elsewhere)
    expect(code == 0 and "9 passed, 0 failed" in out, "the example's tests pass from another directory", out)

with tempfile.TemporaryDirectory() as tmp:
    assert "  under vn/luat_dac_xa_2018\n" in text
    no_under = variant("no_under.decree", text.replace("  under vn/luat_dac_xa_2018\n", ""))
    code, out = run("check", no_under)
    expect(code == 0 and "warning[W0115]" in out and "write `under vn/luat_dac_xa_2018`" in out,
           "without `under`: a warning that names the fix", out)
    code, out = run("check", "--strict", no_under)
    expect(code == 65 and "W0115" in out, "without `under`, --strict fails", out)

    extension = text[text.index("extend record case_record {"):]
    extension = extension[:extension.index("}\n") + 2]
    second_input = text.replace(extension, "record carer_facts {\n  sole_carer : bool\n}\ninput carer : carer_facts\n")
    second_input = second_input.replace("case.sole_carer", "carer.sole_carer")
    code, out = run("check", variant("second_input.decree", second_input))
    expect(code == 65 and "error[E0405]" in out and "write `extend record case_record {" in out,
           "a second input: an error that says to extend the record", out)

    code, out = run("check", variant("no_extension.decree", text.replace(extension, "")))
    expect(code == 65 and "error[E0204]" in out and "sole_carer" in out,
           "the new fact without the extension: unknown field", out)

for f in failures:
    print("FAIL:", f)
print(f"{checks - len(failures)} checks passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
