#!/usr/bin/env python3
"""The impact report of `decreec eval --report` on a generated 2,000-record roster: one
self-contained, well-formed HTML page (no network resources) whose counts (verdicts, provisions,
verdicts resting on assumptions) agree with the --summary JSON of the same run; rendered in headless Chromium when the machine has it.
Usage: report_test.py DECREEC"""
import json, os, re, shutil, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

decreec = sys.argv[1]
work = tempfile.mkdtemp()
roster, report, summary = (os.path.join(work, n) for n in ("roster.jsonl", "report.html", "summary.json"))
subprocess.run([sys.executable, "bench/gen_cases.py", "-n", "2000", "--seed", "7", "-o", roster], check=True)
run = subprocess.run([decreec, "eval", "decrees/vn/2025/dot2_2025.decree", roster, "--format", "json", "--quiet",
                      "--report", report, "--summary", summary], capture_output=True, text=True)
failures = []
if run.returncode != 0:
    failures.append(f"exit {run.returncode}: {run.stderr}")
html = open(report, encoding="utf-8").read()
counts = json.load(open(summary, encoding="utf-8"))
try:
    root = ET.fromstring(html.split("\n", 1)[1])  # after <!DOCTYPE html>
except ET.ParseError as e:
    failures.append(f"not well-formed: {e}")
    root = None
if re.search(r'(src|href)\s*=\s*"(https?:)?//', html) or "<script" in html or "<link" in html:
    failures.append("the report refers to outside resources")
if root is not None:
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    # The tables under each heading: first cell -> second cell, per table.
    tables, heading = {}, None
    for el in root.find("h:body", ns):
        if el.tag == "{http://www.w3.org/1999/xhtml}h2":
            heading = "".join(el.itertext())
        elif el.tag == "{http://www.w3.org/1999/xhtml}table":
            rows = [[(td.text or "") for td in tr.findall("h:td", ns)] for tr in el.findall("h:tr", ns)]
            tables.setdefault(heading, []).append({r[0]: r[1] for r in rows if len(r) >= 2})
    def table(prefix, k=0):
        found = [t for h, ts in tables.items() if h and h.startswith(prefix) for t in ts]
        if len(found) <= k:
            failures.append(f"no table {k} under a heading `{prefix}...`")
            return {}
        return found[k]
    verdicts = table("Kết quả / Verdicts")
    for key, label in [("eligible", "Đủ điều kiện / eligible"), ("not_eligible", "Không đủ điều kiện / not eligible"),
                       ("undetermined", "Chưa xác định / undetermined"), ("error", "Lỗi hồ sơ / error")]:
        if verdicts.get(label) != str(counts[key]):
            failures.append(f"{label}: report {verdicts.get(label)}, summary {counts[key]}")
    failed = table("Điều kiện không đạt")
    for citation, n in counts["failed"].items():
        if failed.get(citation) != str(n):
            failures.append(f"{citation}: report {failed.get(citation)}, summary {n}")
    resting, assumed = table("Kết quả dựa trên giả định"), table("Kết quả dựa trên giả định", 1)
    for key, label in [("eligible_on_assumptions", "Đủ điều kiện / eligible"),
                       ("not_eligible_on_assumptions", "Không đủ điều kiện / not eligible"),
                       ("rest_on_assumptions", "Tổng / total")]:
        if resting.get(label) != str(counts[key]):
            failures.append(f"{key}: report {resting.get(label)}, summary {counts[key]}")
    if not counts["assumptions"]:
        failures.append("round 2 rests on assumptions, and the summary counts none")
    for ident, n in counts["assumptions"].items():
        if assumed.get(ident) != str(n):
            failures.append(f"assumption {ident}: report {assumed.get(ident)}, summary {n}")
    if counts["undetermined"] and f"({counts['undetermined']})" not in html:
        failures.append("the undetermined list does not give its total")
if html.count("<svg") < 4:
    failures.append("expected bar charts for verdicts, provisions, exceptions and assumptions")
chromium = shutil.which("chromium")
if chromium and not failures:
    png = os.path.join(work, "report.png")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={work}/chromium", f"--screenshot={png}", "--window-size=1000,1400",
                    "file://" + report], capture_output=True, timeout=120)
    if not os.path.exists(png) or os.path.getsize(png) < 10000:
        failures.append("headless Chromium did not render the report")
    else:
        print(f"rendered in headless Chromium: {os.path.getsize(png)} bytes")
shutil.rmtree(work, ignore_errors=True)
for f in failures:
    print("FAIL:", f)
print(f"{counts['records']} records; report {'ok' if not failures else 'wrong'}")
sys.exit(1 if failures else 0)
