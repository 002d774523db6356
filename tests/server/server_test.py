#!/usr/bin/env python3
"""decreec serve through real HTTP: the API against `decreec eval`, the problems, the limits,
authentication, the decision log, reloading and the drain on SIGTERM.

    server_test.py DECREEC
"""
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

DECREEC = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROUND2 = os.path.join(ROOT, "decrees/vn/2025/dot2_2025.decree")
ROUND1 = os.path.join(ROOT, "decrees/vn/2025/dot1_2025.decree")
CASES = os.path.join(ROOT, "examples/cases")
failures = []
seen = []  # (method, path, status, content type, body) of every response, checked against docs/openapi.json


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


class server:
    """decreec serve on a free port of the loopback; its standard error kept."""

    def __init__(self, *args):
        self.err = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.p = subprocess.Popen([DECREEC, "serve", "--addr", "127.0.0.1:0", *args], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None:
            if self.p.poll() is not None:
                break
            m = re.search(r"http://127\.0\.0\.1:(\d+)", self.log())
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            raise SystemExit("decreec serve did not start: " + self.log())

    def log(self):
        self.err.seek(0)
        return self.err.read()

    def conn(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        c = conn or self.conn()
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        seen.append((method, path, r.status, r.getheader("Content-Type", ""), data))
        return r.status, dict(r.getheaders()), data

    def json(self, method, path, body=None, headers=None):
        status, h, data = self.request(method, path, body, headers)
        return status, h, json.loads(data) if data else None

    def stop(self, sig=signal.SIGTERM):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            code = self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            code = self.p.wait()
        return code


def eval_json(decree, path, *flags):
    r = subprocess.run([DECREEC, "eval", "--format", "json", "--quiet", *flags, decree, path], cwd=ROOT,
                       capture_output=True)
    return r.stdout


def is_problem(status, headers, body, want_status, want_type):
    return (status == want_status and headers.get("Content-Type") == "application/problem+json"
            and isinstance(body, dict) and body.get("status") == want_status
            and body.get("type") == "urn:decree:problem:" + want_type
            and body.get("title") and body.get("title_vi") and body.get("detail") and body.get("detail_vi")
            and body["detail"] != body["detail_vi"])


def raw(port, data, read_timeout=5, close_after=False):
    """Sends [data] on a fresh socket; what comes back until the server closes or the timeout."""
    s = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    s.sendall(data)
    if close_after:
        s.close()
        return b""
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    s.close()
    return out


tmp = tempfile.mkdtemp(prefix="decree-serve-")
try:
    # --- 1. The API, against eval ---------------------------------------------------------------
    srv = server(ROUND2, ROUND1)
    status, h, health = srv.json("GET", "/health")
    check(status == 200 and health["status"] == "ok" and [d["id"] for d in health["decrees"]] == ["dot2_2025", "dot1_2025"],
          "GET /health: ok, both rounds")
    status, h, listing = srv.json("GET", "/v1/decrees")
    ids = [d["id"] for d in listing["decrees"]]
    check(status == 200 and ids == ["dot2_2025", "dot1_2025"] and listing["decrees"][0]["citation"] == "Quyết định 1244/2025/QĐ-CTN",
          "GET /v1/decrees lists the rounds with their citations")
    digest = listing["decrees"][0]["digest"]
    check(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) is not None, "each with a SHA-256 content digest: " + digest)
    status, h, one = srv.json("GET", "/v1/decrees/dot2_2025")
    check(status == 200 and one["digest"] == digest and one["signed"] == "2025-07-03"
          and any(p["citation"] == "Điều 3 khoản 1 điểm b" and p["citation_en"] == "Art. 3(1)(b)" for p in one["provisions"])
          and len(one["assumptions"]) > 0 and all(a["reason"] and a["reason_en"] for a in one["assumptions"]),
          "GET /v1/decrees/{id}: dates, provisions in both citation styles, the assumptions with their reasons")
    status, h, schema = srv.json("GET", "/v1/decrees/dot2_2025/schema")
    props = schema["$defs"]["case_record"]["properties"]
    check(status == 200 and h.get("Content-Type") == "application/schema+json"
          and props["security_risk"]["x-decree-label"]["vi"] and props["security_risk"]["title"] == props["security_risk"]["x-decree-label"]["en"],
          "GET /v1/decrees/{id}/schema: the JSON Schema with both languages' labels")
    status, h, schema_vi = srv.json("GET", "/v1/decrees/dot2_2025/schema?lang=vi")
    check(schema_vi["$defs"]["case_record"]["properties"]["birth_date"]["title"] == "ngày sinh", "?lang=vi: titles in Vietnamese")

    cases = sorted(f for f in os.listdir(CASES) if f.endswith(".json"))
    same = same_trace = same_text = 0
    for f in cases:
        path = os.path.join(CASES, f)
        with open(path, "rb") as fh:
            body = fh.read()
        want = eval_json(ROUND2, path)
        if want.startswith(b"["):
            continue
        status, h, got = srv.request("POST", "/v1/decrees/dot2_2025/decide", body)
        same += status == 200 and got == want
        status, h, got = srv.request("POST", "/v1/decrees/dot2_2025/decide?explain=1", body)
        same_trace += got == eval_json(ROUND2, path, "--trace")
        status, h, got = srv.request("POST", "/v1/decrees/dot2_2025/decide?text=vi", body)
        text = subprocess.run([DECREEC, "eval", "--lang", "vi", "--quiet", ROUND2, path], cwd=ROOT, capture_output=True).stdout.decode()
        same_text += json.loads(got).get("text", "") + "\n" == text
    check(same == len(cases), f"decide: byte for byte `eval --format json` on {same} of {len(cases)} example cases")
    check(same_trace == len(cases), f"decide?explain=1: `eval --format json --trace` on {same_trace} of {len(cases)}")
    check(same_text == len(cases), f"decide?text=vi: the text of `eval --lang vi` on {same_text} of {len(cases)}")

    # An array: one result each, in order; one that is no record is an error result, not a problem.
    with open(os.path.join(CASES, cases[0]), encoding="utf-8") as fh:
        first = json.load(fh)
    status, h, arr = srv.json("POST", "/v1/decrees/dot2_2025/decide", json.dumps([first, 7, first]).encode())
    drop_line = lambda r: {k: v for k, v in r.items() if k != "line"}
    check(status == 200 and len(arr) == 3 and arr[1]["verdict"] == "error" and [r["line"] for r in arr] == [1, 2, 3]
          and drop_line(arr[0]) == drop_line(arr[2]),
          "decide with an array: a result for each element, the one that is no record an error")

    # A roster as JSON Lines, with a broken line and a blank one: every line accounted for.
    roster = os.path.join(tmp, "roster.jsonl")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_cases.py"), "--seed", "5", "-n", "1500"],
                   stdout=open(roster, "wb"), check=True)
    with open(roster, "rb") as fh:
        lines = fh.read().split(b"\n")
    lines.insert(700, b"{\"id\": \"broken\", ")
    lines.insert(10, b"")
    with open(roster, "wb") as fh:
        fh.write(b"\n".join(lines))
    want = eval_json(ROUND2, roster)
    status, h, got = srv.request("POST", "/v1/decrees/dot2_2025/decide-batch", open(roster, "rb").read(),
                                 {"Content-Type": "application/x-ndjson"})
    got_lines = got.decode().splitlines()
    check(status == 200 and h.get("Content-Type") == "application/x-ndjson" and len(got_lines) == 1501
          and [json.loads(x)["line"] for x in got_lines] == [json.loads(x)["line"] for x in want.decode().splitlines()],
          "decide-batch: one result per record line (1,501 with the broken one), their line numbers those of eval")
    want_lines = [re.sub(re.escape(roster) + r":\d+: ", "", x) for x in want.decode().splitlines()]
    check(got_lines == want_lines,
          "decide-batch: the results of eval (the broken line's error without eval's file name)")

    # --- 2. Problems --------------------------------------------------------------------------------
    status, h, b = srv.json("POST", "/v1/decrees/dot9/decide", b"{}")
    check(is_problem(status, h, b, 404, "unknown-decree") and "dot2_2025" in b["detail"], "an unknown decree: 404, naming the rounds served")
    status, h, b = srv.json("GET", "/v1/nothing")
    check(is_problem(status, h, b, 404, "not-found") and b["instance"] == "/v1/nothing", "an unknown path: 404 with its instance")
    status, h, b = srv.json("GET", "/v1/decrees/dot2_2025/decide")
    check(is_problem(status, h, b, 405, "method-not-allowed") and h.get("Allow") == "POST", "GET on decide: 405 with Allow: POST")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", b"{\"id\": ")
    check(is_problem(status, h, b, 400, "bad-request") and "JSON" in b["detail"], "malformed JSON: 400")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", b"{\"id\":\"x\",\"sentence\":{\"term\":\"ten years\"}}")
    check(is_problem(status, h, b, 422, "invalid-record") and "$.sentence.term" in b["detail"] and "$.sentence.term" in b["detail_vi"],
          "a record of the wrong shape: 422 with the field path, as the CLI says it")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", b"{}", {"Content-Type": "text/csv"})
    check(is_problem(status, h, b, 415, "unsupported-media-type"), "a body that is not JSON by its type: 415")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide?explian=1", b"{}")
    check(is_problem(status, h, b, 400, "bad-query") and "explain" in b["detail"], "an unknown query parameter: 400 listing the known ones")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide?text=fr", b"{}")
    check(is_problem(status, h, b, 400, "bad-query"), "?text=fr: 400")
    status, h, b = srv.request("POST", "/v1/decrees/dot2_2025/decide", b"{}", {"X-Request-Id": "abc-123"})
    check(h.get("X-Request-Id") == "abc-123", "the client's X-Request-Id comes back")

    # The metrics count what was asked.
    status, h, m = srv.request("GET", "/metrics")
    m = m.decode()
    check(status == 200 and h.get("Content-Type", "").startswith("text/plain; version=0.0.4")
          and re.search(r'decree_decisions_total\{decree="dot2_2025",verdict="eligible"\} [1-9]', m)
          and 'decree_http_requests_total{route="/v1/decrees/{id}/decide",status="422"} 1' in m
          and "decree_http_request_duration_seconds_bucket{le=\"+Inf\"}" in m,
          "GET /metrics: decisions by verdict, requests by route and status, the latency histogram")

    # A client that goes away mid-response, a truncated chunked body: the server goes on.
    big = open(roster, "rb").read()
    req = (b"POST /v1/decrees/dot2_2025/decide-batch?explain=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
           b"Content-Length: " + str(len(big)).encode() + b"\r\n\r\n" + big)
    raw(srv.port, req, close_after=True)
    raw(srv.port, b"POST /v1/decrees/dot2_2025/decide HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                  b"Content-Type: application/json\r\n\r\n10\r\n{\"id\": \"a\", ", close_after=True)
    out = raw(srv.port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(out.count(b"HTTP/1.1 200 OK") == 2, "after a client left mid-response and a truncated chunked body, two pipelined requests on one connection are answered")
    code = srv.stop()
    check(code == 0 and "stopped after" in srv.log(), f"SIGTERM: exit 0 after the drain (got {code})")

    # --- 3. Limits --------------------------------------------------------------------------------
    srv = server("--max-body", "4000", "--max-header", "2048", "--max-batch", "2", "--max-connections", "3", "--timeout", "2", ROUND2)
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", b"[" + b"{}," * 2000 + b"{}]")
    check(is_problem(status, h, b, 413, "body-too-large"), "a body over --max-body: 413")
    status, h, b = srv.json("GET", "/health", headers={"X-Padding": "x" * 4000})
    check(is_problem(status, h, b, 431, "headers-too-large"), "headers over --max-header: 431")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide-batch", b"{}\n{}\n{}\n", {"Content-Type": "application/x-ndjson"})
    check(is_problem(status, h, b, 413, "too-many-records"), "more records than --max-batch: 413")
    # Slowloris: half a request, then nothing: 408 within the timeout, and the connection closed.
    t0 = time.time()
    out = raw(srv.port, b"POST /v1/decrees/dot2_2025/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\"", read_timeout=10)
    check(out.startswith(b"HTTP/1.1 408") and time.time() - t0 < 6, f"a request that stalls: 408 after --timeout ({time.time() - t0:.1f} s)")
    # Connections over the limit get 429; the ones held stay served.
    held = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(3)]
    time.sleep(0.2)
    out = raw(srv.port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    check(out.startswith(b"HTTP/1.1 429") and b"too-many-connections" in out, "a connection over --max-connections: 429")
    held[0].sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(held[0].recv(100).startswith(b"HTTP/1.1 200"), "a connection within the limit is served")
    for s in held:
        s.close()
    # Idle connections are closed after the timeout: the room comes back.
    time.sleep(2.5)
    status, h, b = srv.json("GET", "/health")
    check(status == 200, "after the idle ones were closed, a new connection is served")
    srv.stop()

    # --- 4. Authentication ----------------------------------------------------------------------------
    token = os.path.join(tmp, "token")
    with open(token, "w") as fh:
        fh.write("s3cret-token\n")
    srv = server("--token-file", token, ROUND2)
    status, h, b = srv.json("GET", "/v1/decrees")
    check(is_problem(status, h, b, 401, "unauthorized") and h.get("WWW-Authenticate") == "Bearer", "no token: 401 with WWW-Authenticate: Bearer")
    status, h, b = srv.json("GET", "/v1/decrees", headers={"Authorization": "Bearer s3cret-tokeN"})
    check(status == 401, "a wrong token: 401")
    status, h, b = srv.json("GET", "/v1/decrees", headers={"Authorization": "Bearer s3cret-token"})
    check(status == 200, "the right token: 200")
    status, h, b = srv.json("GET", "/health")
    check(status == 200, "/health needs no token")
    status, h, b = srv.request("GET", "/")
    check(status == 200, "the council page needs no token (it holds no data; its API calls do)")
    srv.stop()

    # --- 4b. The council page's files and the roster endpoints -----------------------------------------
    srv = server(ROUND2)
    status, h, page = srv.request("GET", "/")
    csp = h.get("Content-Security-Policy", "")
    check(status == 200 and h.get("Content-Type") == "text/html; charset=utf-8" and b'src="/assets/app.js"' in page,
          "GET /: the page, which loads its script from /assets/")
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and h.get("X-Content-Type-Options") == "nosniff",
          "the page: a Content-Security-Policy that loads nothing from elsewhere, nosniff")
    for name, media in (("app.js", "text/javascript"), ("app.css", "text/css"), ("icon.svg", "image/svg+xml")):
        status, h, body = srv.request("GET", "/assets/" + name)
        check(status == 200 and h.get("Content-Type", "").startswith(media) and len(body) > 100, f"GET /assets/{name}: {media}")
    for bad in ("/assets/nope.js", "/assets/index.html", "/assets/", "/assets/%2e%2e/app.js", "/index.htm"):
        status, h, b = srv.json("GET", bad)
        check(is_problem(status, h, b, 404, "not-found"), f"GET {bad}: 404, a problem")
    out = raw(srv.port, b"GET /assets/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    check(out.startswith(b"HTTP/1.1 404") and b"root:" not in out, "a path out of the assets: 404, no file read")
    status, h, b = srv.json("POST", "/", body=b"{}")
    check(is_problem(status, h, b, 405, "method-not-allowed") and h.get("Allow") == "GET", "POST /: 405, Allow: GET")

    page_roster = os.path.join(tmp, "page-roster.jsonl")
    with open(page_roster, "wb") as fh:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench/gen_cases.py"), "--seed", "9", "-n", "400"], stdout=fh, check=True)
    with open(page_roster, "rb") as fh:
        page_roster_bytes = fh.read()
    page_lines = page_roster_bytes.split(b"\n")
    page_broken = b"\n".join(page_lines[:100] + [b'{"id": "broken"', b""] + page_lines[100:])
    with open(os.path.join(tmp, "broken.jsonl"), "wb") as fh:
        fh.write(page_broken)
    ndjson = {"Content-Type": "application/x-ndjson"}
    status, h, body = srv.request("POST", "/v1/decrees/dot2_2025/decide-batch?format=csv&lang=en", body=page_roster_bytes, headers=ndjson)
    cli = subprocess.run([DECREEC, "eval", "--format", "csv", "--lang", "en", "--quiet", ROUND2, page_roster], capture_output=True).stdout
    check(status == 200 and h.get("Content-Type") == "text/csv; charset=utf-8" and body == cli and body.startswith(b"\xef\xbb\xbf"),
          f"decide-batch?format=csv: byte for byte `eval --format csv` ({len(body)} bytes)")
    status, h, body = srv.request("POST", "/v1/decrees/dot2_2025/decide-batch?format=csv", body=page_broken, headers=ndjson)
    csv_rows = body.decode("utf-8-sig").split("\r\n")
    check(status == 200 and len(csv_rows) == 1 + 401 + 1 and ",101,error," in body.decode(), "format=csv with a broken line: 401 rows, line 101 an error")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide-batch?format=csv&explain=1", body=page_roster_bytes, headers=ndjson)
    check(is_problem(status, h, b, 400, "bad-query"), "format=csv with explain: 400")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide-batch?format=xml", body=page_roster_bytes, headers=ndjson)
    check(is_problem(status, h, b, 400, "bad-query"), "format=xml: 400")
    for name, data in (("page-roster.jsonl", page_roster_bytes), ("broken.jsonl", page_broken)):
        status, h, report = srv.request("POST", "/v1/decrees/dot2_2025/report?name=" + name, body=data, headers=ndjson)
        subprocess.run([DECREEC, "eval", "--quiet", "--format", "json", "--report", "cli-report.html", ROUND2, name], cwd=tmp,
                       capture_output=True)
        with open(os.path.join(tmp, "cli-report.html"), "rb") as fh:
            want = fh.read()
        check(status == 200 and h.get("Content-Type") == "text/html; charset=utf-8" and report == want and
              "default-src 'none'" in h.get("Content-Security-Policy", ""),
              f"POST …/report of {name}: byte for byte `eval --report` ({len(report)} bytes)")
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/report?explain=1", body=page_roster_bytes, headers=ndjson)
    check(is_problem(status, h, b, 400, "bad-query"), "report?explain: 400, not one of its parameters")
    status, h, metrics = srv.request("GET", "/metrics")
    check(b'route="/v1/decrees/{id}/report",status="200"' in metrics and b'route="/",status="200"' in metrics,
          "the metrics count the report and the page")
    srv.stop()

    # --- 5. The decision log ----------------------------------------------------------------------------
    log = os.path.join(tmp, "decisions.jsonl")
    srv = server("--decision-log", log, ROUND2)
    body = open(os.path.join(CASES, "guidance94_worked_example.json"), "rb").read()
    status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", body, {"X-Request-Id": "audit-1"})
    _, _, one = srv.json("GET", "/v1/decrees/dot2_2025")
    srv.request("POST", "/v1/decrees/dot2_2025/decide-batch", open(roster, "rb").read(), {"Content-Type": "application/x-ndjson"})
    srv.stop()
    entries = [json.loads(x) for x in open(log, encoding="utf-8")]
    e = entries[0]
    check(len(entries) == 1 + 1501 and e["request_id"] == "audit-1" and e["decree"] == "dot2_2025" and e["digest"] == one["digest"]
          and e["input_digest"] == "sha256:" + hashlib.sha256(body).hexdigest() and e["verdict"] == b["verdict"]
          and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["time"]),
          "the decision log: time, request id, decree id and digest, the record's digest, the verdict; one entry per record")
    check(all("input" not in x and "id" not in x and "name" not in x for x in entries), "no personal field without --log-inputs")
    srv = server("--decision-log", log, "--log-inputs", ROUND2)
    srv.json("POST", "/v1/decrees/dot2_2025/decide", body)
    srv.stop()
    last = json.loads(open(log, encoding="utf-8").read().splitlines()[-1])
    check(last.get("input", {}).get("id") == json.loads(body)["id"], "with --log-inputs, the record itself")
    # A log that cannot be written: no decision is returned without its entry.
    full = "/dev/full"
    if os.path.exists(full):
        srv = server("--decision-log", full, ROUND2)
        status, h, b = srv.json("POST", "/v1/decrees/dot2_2025/decide", body)
        check(is_problem(status, h, b, 500, "decision-log"), "a decision log that cannot be written: 500, no decision returned")
        srv.stop()

    # --- 6. Reloading ------------------------------------------------------------------------------------
    work = os.path.join(tmp, "rounds")
    os.makedirs(work)
    mini = os.path.join(work, "mini.decree")
    shutil.copy(os.path.join(ROOT, "examples/minimal.decree"), mini)
    record = b'{"id": "m1", "term": {"years": 9}, "served": {"years": 4}, "amnestied_before": false, "aged_70": false}'
    srv = server(mini)
    status, h, b = srv.json("POST", "/v1/decrees/mini/decide", record)
    check(b["verdict"] == "eligible", "the round as first loaded: 4 of 9 years is a third")
    d0 = srv.json("GET", "/v1/decrees/mini")[2]["digest"]
    text = open(mini, encoding="utf-8").read()
    with open(mini, "w", encoding="utf-8") as fh:
        fh.write(text.replace("fraction = 1/3", "fraction = 1/2"))
    deadline = time.time() + 10
    while time.time() < deadline and srv.json("GET", "/v1/decrees/mini")[2]["digest"] == d0:
        time.sleep(0.2)
    status, h, b = srv.json("POST", "/v1/decrees/mini/decide", record)
    check(b["verdict"] == "not_eligible", "a changed file is reloaded: one half now, 4 of 9 years is not enough")
    d1 = srv.json("GET", "/v1/decrees/mini")[2]["digest"]
    with open(mini, "w", encoding="utf-8") as fh:
        fh.write(text.replace("requires case.served", "requires case.servd"))
    deadline = time.time() + 10
    health = {}
    while time.time() < deadline:
        health = srv.json("GET", "/health")[2]
        if health["reload_problems"]:
            break
        time.sleep(0.2)
    check(health.get("status") == "degraded" and "servd" in health["reload_problems"][0]["detail"]
          and health["reload_problems"][0]["detail_vi"], "a round that no longer checks: /health degraded, with its error in both languages")
    status, h, b = srv.json("POST", "/v1/decrees/mini/decide", record)
    check(b["verdict"] == "not_eligible" and srv.json("GET", "/v1/decrees/mini")[2]["digest"] == d1,
          "and the version loaded before goes on serving")
    check("no longer checks" in srv.log(), "the failed reload is logged")
    srv.stop()
    # SIGHUP, with the watcher off.
    with open(mini, "w", encoding="utf-8") as fh:
        fh.write(text)
    srv = server("--no-watch", mini)
    with open(mini, "w", encoding="utf-8") as fh:
        fh.write(text.replace("fraction = 1/3", "fraction = 1/2"))
    time.sleep(1.5)
    check(srv.json("POST", "/v1/decrees/mini/decide", record)[2]["verdict"] == "eligible", "--no-watch: a changed file is not reloaded by itself")
    srv.p.send_signal(signal.SIGHUP)
    deadline = time.time() + 10
    while time.time() < deadline and srv.json("POST", "/v1/decrees/mini/decide", record)[2]["verdict"] != "not_eligible":
        time.sleep(0.1)
    check(srv.json("POST", "/v1/decrees/mini/decide", record)[2]["verdict"] == "not_eligible", "SIGHUP reloads")
    srv.stop()

    # --- 7. The drain: a request in flight when SIGTERM comes is answered whole -----------------------------
    srv = server(ROUND2)
    big = open(roster, "rb").read() * 4
    c = srv.conn()
    c.request("POST", "/v1/decrees/dot2_2025/decide-batch?explain=1", body=big, headers={"Content-Type": "application/x-ndjson"})
    time.sleep(0.05)
    srv.p.send_signal(signal.SIGTERM)
    r = c.getresponse()
    data = r.read()
    check(r.status == 200 and len(data.decode().splitlines()) == 4 * 1501, "SIGTERM during a batch: the batch is answered whole")
    code = srv.p.wait(timeout=30)
    check(code == 0, f"then the server exits 0 (got {code})")
    try:
        socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
        refused = False
    except OSError:
        refused = True
    check(refused, "and no longer accepts connections")

    # --- 8. Start-up errors ---------------------------------------------------------------------------------
    broken = os.path.join(work, "broken.decree")
    with open(broken, "w", encoding="utf-8") as fh:
        fh.write(text.replace("requires case.served", "requires case.servd"))
    r = subprocess.run([DECREEC, "serve", "--addr", "127.0.0.1:0", broken], capture_output=True, text=True, timeout=30)
    check(r.returncode == 65 and "servd" in r.stderr, "a round that does not check at the start: exit 65 with its error")
    r = subprocess.run([DECREEC, "serve", "--addr", "localhost", ROUND2], capture_output=True, text=True, timeout=30)
    check(r.returncode == 64 and "HOST:PORT" in r.stderr, "--addr without a port: usage error")

    # --- 9. Every response as docs/openapi.json says -------------------------------------------------------
    import jsonschema
    with open(os.path.join(ROOT, "docs/openapi.json"), encoding="utf-8") as fh:
        api = json.load(fh)
    def template(path):
        path = path.split("?")[0]
        m = re.fullmatch(r"/v1/decrees/[^/]+(/schema|/decide|/decide-batch|/report)?", path)
        if m:
            return "/v1/decrees/{id}" + (m.group(1) or "")
        if path.startswith("/assets/"):
            return "/assets/{name}"
        return path
    checked, undocumented, invalid = 0, [], []
    used = set()
    for method, path, status, ctype, data in seen:
        t = template(path)
        op = api["paths"].get(t, {}).get(method.lower())
        if op is None:
            continue  # a path the API does not have (the 404 tests)
        resp = op["responses"].get(str(status))
        media = ctype.split(";")[0]
        if resp is None or media not in resp.get("content", {}):
            undocumented.append(f"{method} {path} {status} {media}")
            continue
        used.add(t)
        schema = resp["content"][media]["schema"]
        if media in ("application/json", "application/problem+json", "application/schema+json"):
            docs = [json.loads(data)]
        elif media in ("text/html", "text/css", "text/javascript", "text/csv", "image/svg+xml"):
            docs = [data.decode("utf-8")]
        elif media == "application/x-ndjson":
            docs = [json.loads(x) for x in data.decode().splitlines()]
            schema = api["components"]["schemas"]["Result"]
        else:
            docs = [data.decode()]
        v = jsonschema.Draft202012Validator({**schema, "components": api["components"]})
        for d in docs:
            errs = list(v.iter_errors(d))
            checked += 1
            if errs:
                invalid.append(f"{method} {path} {status}: {errs[0].message[:200]}")
    check(not undocumented, "every response's status and media type are in docs/openapi.json: " + "; ".join(undocumented[:5]))
    check(not invalid and checked > 1000, f"{checked} response bodies valid against docs/openapi.json: " + "; ".join(invalid[:3]))
    check(used == set(api["paths"]), "every path of docs/openapi.json was exercised: " + ", ".join(sorted(set(api["paths"]) - used)))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
