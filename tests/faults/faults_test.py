#!/usr/bin/env python3
"""Fault injection: decreec never loses output in silence, and never claims a success that did
not happen.

  faults_test.py DECREEC SHIM

SHIM is the LD_PRELOAD library built from fault_shim.c (it fails the N-th write, fsync, rename
or close, or fills the disk after K bytes). Every case checks the exit status, the message, and
that the output holds exactly the results the message says were written in full, each whole
and in order (after a failed write, at most a part of the next one follows them)."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DECREEC, SHIM = sys.argv[1], sys.argv[2]
DECREE = "decrees/vn/2025/dot2_2025.decree"
OLD_DECREE = "decrees/vn/2025/dot1_2025.decree"
CASE = "examples/cases/guidance94_worked_example.json"
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(args, env=None, stdout=None, **kw):
    full_env = dict(os.environ)
    # ASan (sanitizer builds) accepts the shim ahead of it.
    full_env["ASAN_OPTIONS"] = full_env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    full_env.update(env or {})
    kw.setdefault("timeout", 120)  # a hang fails the command, whatever the whole test takes
    return subprocess.run([DECREEC] + args, env=full_env, stdout=stdout if stdout is not None else subprocess.PIPE,
                          stderr=subprocess.PIPE, **kw)


def shim(**settings):
    env = {"LD_PRELOAD": SHIM}
    env.update({"FAULT_" + k.upper(): str(v) for k, v in settings.items()})
    return env


WRITTEN = re.compile(r"decreec eval: error: cannot write to standard output: (.*); "
                     r"(?:no result was written in full|only the first (?:result was|(\d+) results were) written in full)\n")


def written_in_full(stderr):
    """The count of results the message says were written in full, or None without the message."""
    m = WRITTEN.search(stderr)
    if not m:
        return None
    if "no result" in m.group(0):
        return 0
    return int(m.group(2)) if m.group(2) else 1


def work():
    return tempfile.mkdtemp(prefix="decree-faults-")


def make_roster(path, n):
    """n distinct records (unique ids), from the example cases, as JSON Lines."""
    bases = []
    for name in sorted(os.listdir("examples/cases")):
        with open(os.path.join("examples/cases", name), encoding="utf-8") as f:
            data = json.load(f)
        for rec in data if isinstance(data, list) else [data]:
            if isinstance(rec, dict):
                bases.append(rec)
    lines = []
    for b in bases:
        b = dict(b)
        b["id"] = "@ID@"
        lines.append(json.dumps(b, ensure_ascii=False, separators=(",", ":")))
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(lines[i % len(lines)].replace("@ID@", "R%07d" % i, 1) + "\n")


# --- 1. Standard output is /dev/full: every command says so and exits 74 -------------------------

def dev_full():
    commands = [
        ["eval", DECREE, CASE],
        ["eval", DECREE, CASE, "--format", "json"],
        ["check", "--list-assumptions", DECREE],
        ["check", "--diagnostics=json", DECREE],
        ["schema"],
        ["schema", DECREE],
        ["graph", DECREE],
        ["fmt", "--stdout", DECREE],
        ["dump", "--ast", DECREE],
        ["dump", "--ir", DECREE],
        ["explain", "E0201"],
        ["explain", "--list"],
        ["diff", OLD_DECREE, DECREE],
        ["test", "decrees/vn/2025"],
        ["keywords"],
        ["modules"],
        ["version"],
        ["help"],
    ]
    for args in commands:
        with open("/dev/full", "wb") as full:
            p = run(args, stdout=full)
        err = p.stderr.decode("utf-8", "replace")
        what = "decreec " + " ".join(args) + " > /dev/full"
        check(p.returncode == 74, f"{what}: exit {p.returncode}, want 74 ({err[-300:]!r})")
        # The reason is given when the failure is seen at the last flush (a stream that failed
        # earlier, flushed by a message on standard error, keeps none).
        check(re.search(r"decreec(?: eval)?: error: cannot write to standard output(: No space left on device)?", err)
              is not None and err.count("cannot write") == 1, f"{what}: message: {err[-300:]!r}")
        if args[0] == "eval":
            check(written_in_full(err) == 0, f"{what}: written count: {err!r}")
            check("eligible" not in err.split("error:")[-1], f"{what}: a summary claims results: {err!r}")


# --- 2. The disk fills after K bytes (the shim), eval through write(2) --------------------------

def disk_fills(d):
    for fmt_name, records in (("json", 3000), ("text", 500)):
        roster = os.path.join(d, "roster.jsonl")
        make_roster(roster, records)
        ref_path = os.path.join(d, "ref." + fmt_name)
        with open(ref_path, "wb") as out:
            p = run(["eval", DECREE, roster, "--format", fmt_name, "--quiet"], stdout=out)
        check(p.returncode in (0, 1), f"reference run ({fmt_name}): exit {p.returncode}")
        with open(ref_path, "rb") as f:
            ref = f.read()
        # Where each result ends in the reference: a line (JSON) or a block ending in a blank line (text).
        sep = b"\n" if fmt_name == "json" else b"\n\n"
        ends, at = [], 0
        while True:
            at = ref.find(sep, at)
            if at < 0:
                break
            at += len(sep)
            ends.append(at)
        check(len(ends) == records, f"reference ({fmt_name}): {len(ends)} results, want {records}")
        cuts = (0, 1, len(ref) // 3, len(ref) - 1) if fmt_name == "json" else (4096, len(ref) // 2 + 17)
        for k in cuts:
            for jobs in ("1", "3"):
                out_path = os.path.join(d, "out")
                summary = os.path.join(d, "summary.json")
                with open(out_path, "wb") as out:
                    p = run(["eval", DECREE, roster, "--format", fmt_name, "--jobs", jobs, "--summary", summary],
                            env=shim(call="write", fd=1, bytes=k), stdout=out)
                with open(out_path, "rb") as f:
                    got = f.read()
                err = p.stderr.decode("utf-8", "replace")
                what = f"disk full after {k} bytes ({fmt_name}, --jobs {jobs})"
                check(p.returncode == 74, f"{what}: exit {p.returncode}, want 74")
                n = written_in_full(err)
                check(n is not None and "No space left on device" in err, f"{what}: message {err[-300:]!r}")
                check(got == ref[:k], f"{what}: the output is not the first {k} bytes of the results")
                whole = sum(1 for e in ends if e <= len(got))
                check(n == whole, f"{what}: says {n} results written in full, the output holds {whole}")
                with open(summary, encoding="utf-8") as f:
                    s = json.load(f)
                check(s.get("interrupted") is True and s.get("results_written") == whole
                      and "No space left on device" in s.get("stopped_by", "")
                      and "thiết bị lưu trữ đã hết chỗ trống" in s.get("stopped_by_vi", ""), f"{what}: summary {s!r}")


# --- 3. The summary or the report cannot be written ----------------------------------------------

def side_files(d):
    for flag, name in (("--summary", "summary.json"), ("--report", "report.html")):
        path = os.path.join(d, name)
        for call in ("write", "close"):
            with open(os.devnull, "wb") as null:
                p = run(["eval", DECREE, CASE, flag, path], env=shim(call=call, at=1, errno="EIO"), stdout=null)
            err = p.stderr.decode("utf-8", "replace")
            what = f"{flag} with a failing {call}"
            kind = "summary" if flag == "--summary" else "report"
            check(p.returncode == 74, f"{what}: exit {p.returncode}, want 74")
            check(f"{path}: error: cannot write the {kind}: Input/output error" in err, f"{what}: message {err!r}")
        # Disk full after 10 bytes.
        with open(os.devnull, "wb") as null:
            p = run(["eval", DECREE, CASE, flag, path], env=shim(call="write", bytes=10), stdout=null)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 74 and "No space left on device" in err, f"{flag} on a full disk: {p.returncode} {err!r}")
        check(os.path.getsize(path) == 10, f"{flag} on a full disk: {os.path.getsize(path)} bytes")


# --- 4. SIGPIPE ignored, the reader gone --------------------------------------------------------

def sigpipe(d):
    roster = os.path.join(d, "roster.jsonl")
    make_roster(roster, 1000)
    ignore = lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # noqa: E731
    for args in (["eval", DECREE, roster, "--format", "json"], ["eval", DECREE, roster], ["explain", "--list"],
                 ["dump", "--ir", DECREE]):
        what = "decreec " + " ".join(args) + " (SIGPIPE ignored)"
        if args[0] == "eval":
            sigpipe_after_10_bytes(args, what, ignore)
        # A reader gone before anything is written: nothing reached it.
        r, w = os.pipe()
        os.close(r)
        p = subprocess.run([DECREEC] + args, stdout=w, stderr=subprocess.PIPE, preexec_fn=ignore)
        os.close(w)
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 74 and "cannot write to standard output: Broken pipe" in err,
              f"{what}, no reader: exit {p.returncode} {err[-200:]!r}")
        if args[0] == "eval":
            check(written_in_full(err) == 0, f"{what}, no reader: count {err!r}")


def sigpipe_after_10_bytes(args, what, ignore):
    """A reader that reads 10 bytes of an output larger than a pipe holds, and goes."""
    p = subprocess.Popen([DECREEC] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=ignore)
    p.stdout.read(10)
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    code = p.wait()
    check(code == 74, f"{what}, reader gone after 10 bytes: exit {code}, want 74 ({err[-200:]!r})")
    check("cannot write to standard output: Broken pipe" in err, f"{what}: message {err[-200:]!r}")


# --- 5. SIGTERM, SIGINT and SIGKILL in the middle of a run ---------------------------------------

def whole_lines(data):
    """The complete lines of data, and what follows the last line feed."""
    cut = data.rfind(b"\n") + 1
    return data[:cut].split(b"\n")[:-1], data[cut:]


def signals(d):
    roster = os.path.join(d, "big.jsonl")
    total = 30000
    make_roster(roster, total)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL):
        out_path = os.path.join(d, "out.jsonl")
        summary = os.path.join(d, "summary.json")
        if os.path.exists(summary):
            os.remove(summary)
        with open(out_path, "wb") as out:
            # The plain code (--no-fusion), so that the run lasts a few seconds.
            p = subprocess.Popen([DECREEC, "eval", DECREE, roster, "--format", "json", "--no-fusion", "--jobs", "2",
                                  "--summary", summary],
                                 stdout=out, stderr=subprocess.PIPE)
            # Once results are flowing (a block of input decided and written), the signal.
            deadline = time.time() + 20
            while os.path.getsize(out_path) == 0 and time.time() < deadline and p.poll() is None:
                time.sleep(0.005)
            p.send_signal(sig)
            err = p.stderr.read().decode("utf-8", "replace")
            code = p.wait()
        name = signal.Signals(sig).name
        with open(out_path, "rb") as f:
            data = f.read()
        lines, rest = whole_lines(data)
        # Every whole line is one result, in order, from the first record on.
        in_order = True
        for i, line in enumerate(lines):
            try:
                r = json.loads(line)
            except ValueError:
                in_order = False
                break
            if r.get("line") != i + 1 or r.get("id") != "R%07d" % i:
                in_order = False
                break
        check(in_order, f"{name}: the whole lines are not the results in order")
        check(len(lines) < total, f"{name}: the run was not interrupted ({len(lines)} results)")
        if sig == signal.SIGKILL:
            # Nothing can be said then but this: whole results, then at most a part of one.
            check(code == -signal.SIGKILL, f"{name}: exit {code}")
            check(not os.path.exists(summary), f"{name}: a summary was written")
            continue
        check(code == 128 + sig, f"{name}: exit {code}, want {128 + sig} ({err[-300:]!r})")
        check(rest == b"", f"{name}: a half-written line at the end ({rest[:80]!r})")
        m = re.search(r"decreec eval: interrupted by " + name + r" after (\d+) results?, each written in full\n", err)
        check(m is not None and int(m.group(1)) == len(lines),
              f"{name}: the message does not give the {len(lines)} results written: {err[-300:]!r}")
        with open(summary, encoding="utf-8") as f:
            s = json.load(f)
        check(s.get("interrupted") is True and s.get("stopped_by") == name and s.get("stopped_by_vi") == name and s.get("results_written") == len(lines)
              and s.get("records") == len(lines), f"{name}: summary {json.dumps(s)[-200:]}")


# --- 6. fmt at every failure point: the file is untouched ---------------------------------------

def fmt_failures(d):
    with open(DECREE, encoding="utf-8") as f:
        text = f.read()
    # Not in the canonical layout: a `set` line indented and blank lines piled up at the end.
    messy = text.replace("\nset ", "\n    set ", 1) + "\n\n\n"
    path = os.path.join(d, "round.decree")
    with open(path, "w", encoding="utf-8") as f:
        f.write(messy)
    p = run(["fmt", "--stdout", path])
    formatted = p.stdout.decode("utf-8")
    check(p.returncode == 0 and formatted != messy, f"fmt --stdout: exit {p.returncode}, changed {formatted != messy}")
    points = 0
    for call in ("write", "fsync", "rename", "close"):
        for errno_name in ("ENOSPC", "EIO"):
            n = 1
            while True:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(messy)
                os.chmod(path, 0o640)
                before = open(path, "rb").read()
                fired = os.path.join(d, "fired")
                if os.path.exists(fired):
                    os.remove(fired)
                p = run(["fmt", "-w", path], env=shim(call=call, at=n, errno=errno_name, fired=fired))
                err = p.stderr.decode("utf-8", "replace")
                left = sorted(x for x in os.listdir(d) if x not in ("round.decree", "fired"))
                what = f"fmt with {call} #{n} failing ({errno_name})"
                if not os.path.exists(fired):
                    # Past the last call of this kind: the run succeeds.
                    check(p.returncode == 0, f"{what}: exit {p.returncode} without a failure ({err!r})")
                    check(open(path, encoding="utf-8").read() == formatted, f"{what}: not formatted")
                    check(os.stat(path).st_mode & 0o777 == 0o640, f"{what}: mode {oct(os.stat(path).st_mode)}")
                    check(left == [], f"{what}: left {left}")
                    break
                points += 1
                reason = "No space left on device" if errno_name == "ENOSPC" else "Input/output error"
                check(p.returncode == 74, f"{what}: exit {p.returncode}, want 74")
                check(f"{path}: error: cannot write the file: {reason}; it is unchanged" in err, f"{what}: message {err!r}")
                check(open(path, "rb").read() == before, f"{what}: the file changed")
                check(os.stat(path).st_mode & 0o777 == 0o640, f"{what}: mode changed")
                check(left == [], f"{what}: a temporary file is left: {left}")
                n += 1
                if n > 50:
                    check(False, f"fmt: {call} fails more than 50 times")
                    break
    check(points >= 4, f"fmt: only {points} failure points were reached")
    # The disk fills after K bytes of the new text.
    for k in (0, 1, len(formatted) // 2, len(formatted) - 1):
        with open(path, "w", encoding="utf-8") as f:
            f.write(messy)
        p = run(["fmt", "-w", path], env=shim(call="write", bytes=k))
        err = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 74 and "No space left on device; it is unchanged" in err, f"fmt, disk full at {k}: {err!r}")
        check(open(path, encoding="utf-8").read() == messy, f"fmt, disk full at {k}: the file changed")
        check(sorted(os.listdir(d)) == ["round.decree"] + (["fired"] if os.path.exists(os.path.join(d, "fired")) else []),
              f"fmt, disk full at {k}: {os.listdir(d)}")
    # Through a symbolic link, the target is rewritten and the link stays.
    with open(path, "w", encoding="utf-8") as f:
        f.write(messy)
    link = os.path.join(d, "link.decree")
    os.symlink("round.decree", link)
    p = run(["fmt", "-w", link])
    check(p.returncode == 0 and os.path.islink(link) and open(path, encoding="utf-8").read() == formatted,
          f"fmt through a symbolic link: exit {p.returncode}, link kept {os.path.islink(link)}")
    os.remove(link)


def main():
    started = time.time()
    dev_full()
    print(f"  /dev/full: {time.time() - started:.1f} s")
    for case in (disk_fills, side_files, sigpipe, signals, fmt_failures):
        d = work()
        t = time.time()
        try:
            case(d)
        finally:
            shutil.rmtree(d, ignore_errors=True)
        print(f"  {case.__name__}: {time.time() - t:.1f} s")
    print(f"faults: {len(FAILURES)} failure(s) in {time.time() - started:.1f} s")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
