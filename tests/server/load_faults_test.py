#!/usr/bin/env python3
"""decreec serve under load: reloads while clients decide (no request fails, each answer from a
whole round), and SIGTERM while clients decide and log (every answered decision has its
decision-log line, no line is half written, the server exits 0).

    server/load_faults_test.py DECREEC
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

DECREEC = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUND2 = os.path.join(ROOT, "decrees/vn/2025/dot2_2025.decree")
CASE = os.path.join(ROOT, "examples/cases/guidance94_worked_example.json")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def start(*args):
    err = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    p = subprocess.Popen([DECREEC, "serve", "--addr", "127.0.0.1:0", *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.time() + 30
    while time.time() < deadline:
        err.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)", err.read())
        if m:
            return p, int(m.group(1)), err
        if p.poll() is not None:
            break
        time.sleep(0.05)
    err.seek(0)
    raise SystemExit("decreec serve did not start: " + err.read())


class client(threading.Thread):
    """Decides the worked example over one keep-alive connection until told to stop; counts what
    came back. [batch] also sends a small roster now and then."""

    def __init__(self, port, name, stop, batch=None):
        super().__init__(daemon=True)
        self.port, self.name, self.stop, self.batch = port, name, stop, batch
        self.answers = {}  # request id -> (status, verdict or line count)
        self.errors = []   # what went wrong other than a refused or closed connection after SIGTERM
        self.closed = 0    # requests the server would not take: connection refused or closed before an answer
        self.body = open(CASE, "rb").read()

    def run(self):
        conn = None
        n = 0
        while not self.stop.is_set():
            n += 1
            rid = f"{self.name}-{n}"
            batch = self.batch is not None and n % 5 == 0
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if batch:
                    conn.request("POST", "/v1/decrees/dot2_2025/decide-batch", body=self.batch,
                                 headers={"Content-Type": "application/x-ndjson", "X-Request-Id": rid})
                else:
                    conn.request("POST", "/v1/decrees/dot2_2025/decide", body=self.body,
                                 headers={"Content-Type": "application/json", "X-Request-Id": rid})
                r = conn.getresponse()
                data = r.read()
                if r.status == 200:
                    if batch:
                        lines = data.decode().splitlines()
                        self.answers[rid] = (200, len(lines), [json.loads(x)["verdict"] for x in lines])
                    else:
                        self.answers[rid] = (200, json.loads(data)["verdict"], None)
                else:
                    self.answers[rid] = (r.status, json.loads(data).get("type"), None)
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected,
                    http.client.CannotSendRequest) as e:
                self.closed += 1
                if conn is not None:
                    conn.close()
                conn = None
                if self.stop.is_set():
                    break
                time.sleep(0.01)
            except Exception as e:  # noqa: BLE001 - any other failure is the test's to report
                self.errors.append(f"{rid}: {type(e).__name__}: {e}")
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()


tmp = tempfile.mkdtemp(prefix="decree-load-")
try:
    roster = subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_cases.py"), "--seed", "4", "-n", "300"],
                            capture_output=True, check=True).stdout

    # --- 1. Reloads under load: no request fails -------------------------------------------------------------
    text = open(ROUND2, encoding="utf-8").read()
    copy = os.path.join(tmp, "dot2_2025.decree")
    with open(copy, "w", encoding="utf-8") as fh:
        fh.write(text)
    p, port, err = start(copy)
    stop = threading.Event()
    clients = [client(port, f"r{i}", stop, roster if i == 0 else None) for i in range(4)]
    for c in clients:
        c.start()
    # The round changes under them: its file rewritten (the watcher reloads it) and SIGHUP, in turns;
    # every version the same law, written differently (a comment more), so every answer is the same.
    reloads = 0
    for i in range(8):
        time.sleep(0.35)
        with open(copy + ".new", "w", encoding="utf-8") as fh:
            fh.write(text + f"\n-- phiên bản {i}\n")
        os.replace(copy + ".new", copy)
        if i % 2 == 1:
            p.send_signal(signal.SIGHUP)
        reloads += 1
    time.sleep(1.5)  # the watcher polls every second
    stop.set()
    for c in clients:
        c.join(timeout=60)
    answers = {k: v for c in clients for k, v in c.answers.items()}
    statuses = {}
    for v in answers.values():
        statuses[v[0]] = statuses.get(v[0], 0) + 1
    errors = [e for c in clients for e in c.errors]
    closed = sum(c.closed for c in clients)
    singles = [v for k, v in answers.items() if v[2] is None]
    batches = [v for k, v in answers.items() if v[2] is not None]
    check(len(answers) > 50 and statuses == {200: len(answers)} and not errors and closed == 0,
          f"{len(answers)} requests during {reloads} reloads: all 200 ({statuses}, {closed} refused, {errors[:2]})")
    check(all(v[1] == "eligible" for v in singles), "every single decision the same verdict, whatever the version")
    check(batches and all(v[1] == 300 and v[2] == batches[0][2] for v in batches),
          f"every roster decided whole: {len(batches)} batches of 300 lines, all alike")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/metrics")
    metrics = conn.getresponse().read().decode()
    conn.close()
    ok = re.search(r'decree_reloads_total\{result="ok"\} (\d+)', metrics)
    bad = re.search(r'decree_reloads_total\{result="failed"\} (\d+)', metrics)
    check(ok and bad and int(ok.group(1)) >= 4 and bad.group(1) == "0", f"the reloads happened ({ok and ok.group(0)}, {bad and bad.group(0)})")
    err.seek(0)
    versions = len(set(re.findall(r"sha256:[0-9a-f]{64}", err.read())))
    check(versions >= 4, f"each a new version, with its own digest ({versions} digests logged)")
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=30) == 0, "and the server stops cleanly")

    # --- 2. SIGTERM under load: no half-written decision-log line ---------------------------------------------
    log = os.path.join(tmp, "decisions.jsonl")
    p, port, err = start("--decision-log", log, ROUND2)
    stop = threading.Event()
    clients = [client(port, f"t{i}", stop, roster if i < 2 else None) for i in range(4)]
    for c in clients:
        c.start()
    time.sleep(1.5)
    p.send_signal(signal.SIGTERM)
    code = p.wait(timeout=60)
    stop.set()
    for c in clients:
        c.join(timeout=60)
    check(code == 0, f"SIGTERM under load: the server exits 0 (got {code})")
    raw = open(log, "rb").read()
    lines = raw.split(b"\n")
    check(raw.endswith(b"\n"), "the decision log ends with a whole line")
    entries = []
    broken = 0
    for x in lines[:-1]:
        try:
            entries.append(json.loads(x))
        except ValueError:
            broken += 1
    check(broken == 0 and len(entries) > 20, f"every one of its {len(entries)} lines is a whole JSON entry ({broken} broken)")
    answers = {k: v for c in clients for k, v in c.answers.items()}
    errors = [e for c in clients for e in c.errors]
    logged = {}
    for e in entries:
        logged[e["request_id"]] = logged.get(e["request_id"], 0) + 1
    answered = {k: v for k, v in answers.items() if v[0] == 200}
    missing = [k for k, v in answered.items() if logged.get(k, 0) != (v[1] if v[2] is not None else 1)]
    check(answered and not missing, f"every one of the {len(answered)} decisions answered has its log entries ({missing[:3]})")
    others = {v[0] for v in answers.values()} - {200}
    check(others <= {503}, f"a request after SIGTERM is refused 503 (draining), or not taken at all ({others})")
    check(not errors, f"no answer broken off ({errors[:2]})")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
