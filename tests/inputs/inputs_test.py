#!/usr/bin/env python3
"""Files that are not decree files, through the real binary: FIFOs, devices, directories,
symbolic links out of the tree, a closed or odd standard input, file names that are not UTF-8,
and --jobs. Every command must end (nothing waits on a FIFO), with the documented exit code and
message.

    inputs_test.py DECREEC        (from the repository root)
"""
import json
import os
import subprocess
import sys
import tempfile

DECREEC = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
ROUND2 = os.path.join(ROOT, "decrees/vn/2025/dot2_2025.decree")
CASE = os.path.join(ROOT, "examples/cases/r2_k3_aged_70.json")
TIMEOUT = 20

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


def run(args, cwd, stdin=subprocess.DEVNULL, pass_fds=()):
    try:
        p = subprocess.run([DECREEC] + args, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT, pass_fds=pass_fds)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out"


def main():
    d = tempfile.mkdtemp(prefix="decree-inputs-")
    os.mkfifo(os.path.join(d, "pipe.decree"))
    os.mkdir(os.path.join(d, "folder.decree"))
    with open(os.path.join(d, "law.decree"), "w") as f:
        f.write('module "Law"\nparameter cap : integer = 8\n')
    os.symlink(os.path.join(d, "law.decree"), os.path.join(d, "inside.decree"))
    # A file outside the tree, with a content no message could hold by chance (a short one such
    # as /etc/hostname may be part of the temporary folder's random name).
    outside_dir = tempfile.mkdtemp()
    secret = b"parameter leaked_3f9c27ab : integer = 1\n"
    with open(os.path.join(outside_dir, "target.decree"), "wb") as f:
        f.write(secret)
    os.symlink(os.path.join(outside_dir, "target.decree"), os.path.join(d, "outside.decree"))
    sub = os.path.join(d, "sub")
    os.mkdir(sub)

    def decree(name, text):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # 1. FIFOs, devices and directories are refused before they are read, on every path.
    imp = decree("imports_pipe.decree", 'import "./pipe.decree"\n')
    rc, out, err = run(["check", imp], d)
    check(rc == 65 and b"module `./pipe.decree` cannot be read: it is not a regular file" in err,
          "check: an import of a FIFO is refused, no hang (%s, %r)" % (rc, err[-200:]))
    for args in (["check", "pipe.decree"], ["fmt", "pipe.decree"], ["dump", "--ir", "pipe.decree"],
                 ["dump", "--ast", "pipe.decree"], ["graph", "pipe.decree"], ["eval", "pipe.decree", CASE],
                 ["diff", "pipe.decree", "pipe.decree"], ["schema", "pipe.decree"]):
        rc, out, err = run(args, d)
        check(rc == 74 and b"pipe.decree: error: cannot read the file: it is not a regular file" in err,
              "%s of a FIFO: exit 74, not a regular file (%s, %r)" % (" ".join(args), rc, err[-200:]))
    rc, out, err = run(["check", "folder.decree"], d)
    check(rc == 74 and b"folder.decree: error: cannot read the file: it is a directory" in err,
          "check of a directory: exit 74 (%s, %r)" % (rc, err[-200:]))
    zero = decree("imports_zero.decree", 'import "/dev/zero"\n')
    rc, out, err = run(["check", "--allow-imports", "/dev", zero], d)
    check(rc == 65 and b"module `/dev/zero` cannot be read: it is not a regular file" in err,
          "an allowed /dev/zero is still refused, without reading it (%s, %r)" % (rc, err[-200:]))
    os.mkfifo(os.path.join(d, "pipe.test.jsonl"))
    rc, out, err = run(["test", "pipe.test.jsonl"], d)
    check(rc is not None and b"cannot read the file: it is not a regular file" in err,
          "test: a FIFO test file is refused (%s, %r)" % (rc, err[-200:]))

    # 2. Imports stay in the decree's tree; symbolic links are resolved.
    rc, out, err = run(["check", decree("via_link.decree", 'import "./inside.decree" as law\n')], d)
    check(rc == 0, "a symbolic link to a file inside the tree is followed (%s, %r)" % (rc, err[-200:]))
    rc, out, err = run(["check", decree("via_outside_link.decree", 'import "./outside.decree"\n')], d)
    check(rc == 65 and b"is outside the folders a decree may import from" in err and
          b"leaked_3f9c27ab" not in err and outside_dir.encode() not in err,
          "a symbolic link out of the tree is refused, its target not shown (%s, %r)" % (rc, err[-200:]))
    up = decree("sub/up.decree", 'import "../law.decree" as law\n')
    rc, out, err = run(["check", up], d)
    check(rc == 65 and b"outside the folders" in err, "../ out of the decree's folder is refused")
    rc, out, err = run(["check", "--allow-imports", d, up], d)
    check(rc == 0, "--allow-imports DIR allows it (%s, %r)" % (rc, err[-200:]))

    # 5. Standard input: closed, a directory.
    closed = subprocess.run("exec %s eval %s - <&-" % (DECREEC, ROUND2), shell=True, cwd=d,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    check(closed.returncode == 74 and b"standard input: error: cannot read the input: it is closed" in closed.stderr,
          "eval - with standard input closed: exit 74 (%s, %r)" % (closed.returncode, closed.stderr[-200:]))
    root = os.open("/", os.O_RDONLY)
    rc, out, err = run(["eval", ROUND2, "-"], d, stdin=root)
    os.close(root)
    check(rc == 74 and b"standard input: error: cannot read the input: it is a directory" in err,
          "eval - < /: exit 74 (%s, %r)" % (rc, err[-200:]))
    rc, out, err = run(["eval", ROUND2, sub], d)
    check(rc == 74 and b"error: cannot read the file: it is a directory" in err, "eval DIR: exit 74")
    # A FIFO named as a case file is read, as a stream.
    cases = os.path.join(d, "cases.jsonl")
    os.mkfifo(cases)
    p = subprocess.Popen([DECREEC, "eval", ROUND2, cases, "--format", "json"], cwd=d,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with open(cases, "w") as f:
        f.write('{"id": "A"}\n{"id": "B"}\n')
    out, err = p.communicate(timeout=TIMEOUT)
    check(p.returncode == 0 and out.count(b"\n") == 2, "a FIFO case file is streamed (%s, %r)" % (p.returncode, err))

    # 3. --jobs
    for bad in ("0", "-1", "2.5", "x", "99999999999"):
        rc, out, err = run(["eval", ROUND2, CASE, "--jobs", bad], d)
        check(rc == 64 and ("not `%s`" % bad).encode() in err, "--jobs %s: usage error naming it (%s)" % (bad, rc))
    rc, out, err = run(["eval", ROUND2, CASE, "--jobs", "1000000", "--format", "json"], d)
    check(rc == 0 and b"--jobs 1000000 is more than 4 threads per core; using" in err and out.count(b"\n") == 1,
          "--jobs 1000000 is capped with a note (%s, %r)" % (rc, err[-200:]))

    # 6. File names that are not UTF-8 in JSON output.
    raw = os.path.join(d.encode(), b"bad\xffname.decree")
    with open(raw, "wb") as f:
        f.write(b"decree \"x\"\nparameter p : integer = true\n")
    p = subprocess.run([DECREEC.encode(), b"check", b"--diagnostics=json", raw], cwd=d, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=TIMEOUT)
    try:
        diags = json.loads(p.stdout.decode("utf-8"))
        ok = diags and "\ufffd" in diags[0]["file"] and bytes.fromhex(diags[0]["file_bytes"]) == raw
    except (UnicodeDecodeError, ValueError, KeyError, IndexError):
        ok = False
    check(ok, "check --diagnostics=json: a non-UTF-8 file name is U+FFFD, its bytes in file_bytes (%r)" % p.stdout[:300])
    rawcase = os.path.join(d.encode(), b"cases\xff.jsonl")
    with open(rawcase, "wb") as f:
        f.write(b"{not json\n")
    p = subprocess.run([DECREEC.encode(), b"eval", ROUND2.encode(), rawcase, b"--format", b"json"], cwd=d,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    try:
        line = json.loads(p.stdout.decode("utf-8"))
        ok = "cases\ufffd.jsonl" in line["error"]
    except (UnicodeDecodeError, ValueError, KeyError):
        ok = False
    check(ok, "eval --format json: a non-UTF-8 file name in an error is valid UTF-8 (%r)" % p.stdout[:300])

    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
