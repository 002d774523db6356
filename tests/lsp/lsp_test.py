#!/usr/bin/env python3
"""decreec lsp, end to end: a client on the real binary's standard input and output.

Opens round 2 of 2025, breaks it and checks the published diagnostics (line, code, message
as `decreec check` gives them, UTF-16 columns after Vietnamese text), then hover, go to
definition (into the standard library), the outline, completion, formatting, the lifecycle
(shutdown and exit codes) and robustness (malformed JSON, bad framing, unknown methods,
every prefix of the decree as if typed, never a crash).

usage: lsp_test.py DECREEC   (from the repository root)
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import threading
import time

DECREEC = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
ROUND2 = os.path.join(ROOT, "decrees/vn/2025/dot2_2025.decree")
TIMEOUT = 30  # seconds for any one answer

failures = []


def check(ok, what):
    if ok:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)
    return ok


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def path_of(uri):
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(uri).path)


def utf16(s):
    return len(s.encode("utf-16-le")) // 2


class Server:
    """A language client speaking to `decreec lsp` over pipes."""

    def __init__(self, env=None):
        # Elsewhere than the repository: nothing may depend on the working directory.
        self.proc = subprocess.Popen([DECREEC, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
        self.next_id = 0
        self.notifications = []
        self.stderr = b""
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            self.stderr += line

    def write_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message, extra_headers=b""):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.write_raw(b"Content-Length: %d\r\n" % len(body) + extra_headers + b"\r\n" + body)

    def read(self):
        deadline = time.time() + TIMEOUT
        length = None
        while True:
            if time.time() > deadline:
                raise TimeoutError("no answer")
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server closed its output (exit code %s)" % self.proc.poll())
            line = line.strip()
            if not line:
                if length is None:
                    continue
                break
            name, value = line.split(b":", 1)
            if name.strip().lower() == b"content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length).decode("utf-8"))

    def request(self, method, params, raw=None):
        self.next_id += 1
        if raw is None:
            self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        else:
            self.write_raw(raw)
        return self.answer(self.next_id)

    def answer(self, wanted):
        while True:
            m = self.read()
            if "method" not in m and m.get("id") == wanted:
                return m
            self.notifications.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        """The next diagnostics published for [uri] and [version] (None: published without one)."""
        while True:
            for i, m in enumerate(self.notifications):
                if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and (
                        m["params"].get("version") == version):
                    del self.notifications[i]
                    return m["params"]["diagnostics"]
            self.notifications.append(self.read())

    def initialize(self, locale=None):
        params = {"processId": os.getpid(), "rootUri": uri_of(ROOT),
                  "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}
        if locale is not None:
            params["locale"] = locale
        r = self.request("initialize", params)
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "decree",
                                                              "version": version, "text": text}})

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def at(self, method, uri, line, character):
        return self.request(method, {"textDocument": {"uri": uri},
                                     "position": {"line": line, "character": character}})

    def finish(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        return self.proc.wait(timeout=TIMEOUT)


def check_json(text, name):
    """`decreec check --diagnostics=json` of [text] saved as [name] in a temporary folder."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        out = subprocess.run([DECREEC, "check", "--diagnostics=json", path], capture_output=True, text=True)
        return json.loads(out.stdout)


def line_col(lines, needle, start=0):
    """(0-based line, UTF-16 character) of the first [needle] on or after line [start]."""
    for i in range(start, len(lines)):
        if needle in lines[i]:
            return i, utf16(lines[i][:lines[i].index(needle)])
    raise AssertionError("not in the document: " + needle)


def range_text(path, r):
    """The text a protocol range covers in the file at [path] (UTF-16 columns)."""
    lines = open(path, encoding="utf-8").read().split("\n")

    def offset(p):
        line = lines[p["line"]].encode("utf-16-le")
        return len(line[:2 * p["character"]].decode("utf-16-le"))

    s, e = r["start"], r["end"]
    if s["line"] != e["line"]:
        return None
    return lines[s["line"]][offset(s):offset(e)]


def session():
    text = open(ROUND2, encoding="utf-8").read()
    lines = text.split("\n")
    uri = uri_of(ROUND2)
    srv = Server()

    # Lifecycle: nothing before initialize; then the capabilities.
    early = srv.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    check(early.get("error", {}).get("code") == -32002, "a request before initialize is refused (-32002)")
    init = srv.initialize()
    caps = init.get("result", {}).get("capabilities", {})
    sync = caps.get("textDocumentSync", {})
    check((sync.get("change") if isinstance(sync, dict) else sync) == 1, "full document sync")
    check(all(caps.get(k) for k in ("hoverProvider", "definitionProvider", "documentSymbolProvider",
                                    "completionProvider", "documentFormattingProvider")),
          "capabilities: hover, definition, symbols, completion, formatting")

    # The round as it is: no errors.
    srv.open(uri, text)
    diags = srv.diagnostics(uri, 1)
    check([d for d in diags if d.get("severity") == 1] == [], "round 2 opens without errors")

    # A missing `)`: the same diagnostic as `decreec check`, on the same line (0-based here).
    broken = lines[:]
    l44 = next(i for i, l in enumerate(lines) if l.rstrip().endswith("life_commuted)"))  # Art. 2's rule
    assert broken[l44].rstrip().endswith("life_commuted)"), broken[l44]
    broken[l44] = broken[l44].rstrip()[:-1]
    broken_text = "\n".join(broken)
    srv.change(uri, broken_text, 2)
    diags = srv.diagnostics(uri, 2)
    expected = check_json(broken_text, "dot2_2025.decree")
    check(len(diags) == len(expected) == 1, "one diagnostic for the missing `)` (got %d)" % len(diags))
    if diags and expected:
        d, e = diags[0], expected[0]
        check(d.get("code") == "E0107" == e["code"], "its code is E0107, as check says (got %s)" % d.get("code"))
        # Just after the rule's last token (its second line, `and (...)`), as check says.
        check(d["range"]["start"]["line"] == e["line"] - 1 == l44 + 1,
              "on line %d (check's line %d) (got %d)" % (l44 + 1, l44 + 2, d["range"]["start"]["line"]))
        check(d["message"].split("\n")[0] == e["message"], "with check's message: " + d["message"])
        check(d.get("severity") == 1 and d.get("source") == "decree", "severity error, source decree")

    # An unknown name after Vietnamese text and a character outside the BMP: UTF-16 columns.
    viet = lines[:]
    i = line_col(lines, "parameter cutoff")[0]
    prefix = '  parameter ghi_chú : string = "Người được đặc xá 𝔸 tính đến ngày" + '
    viet.insert(i + 1, prefix + "mẫu_sai")
    i += 1
    viet_text = "\n".join(viet)
    srv.change(uri, viet_text, 3)
    diags = [d for d in srv.diagnostics(uri, 3) if d.get("code") == "E0201"]
    expected = [e for e in check_json(viet_text, "dot2_2025.decree") if e["code"] == "E0201"]
    if check(len(diags) == 1 and len(expected) == 1, "one E0201 for `mẫu_sai`"):
        r = diags[0]["range"]
        check(r["start"]["line"] == i, "E0201 on line %d (got %d)" % (i, r["start"]["line"]))
        check(r["start"]["character"] == utf16(prefix) == 70,
              "starts at UTF-16 character %d (got %d; bytes would give %d)" % (
                  utf16(prefix), r["start"]["character"], len(prefix.encode())))
        check(r["end"]["character"] - r["start"]["character"] == 7, "spans the 7 characters of `mẫu_sai`")
        check(expected[0]["column"] == len(prefix) + 1, "check counts the same place in characters")
        check(diags[0]["message"].startswith("unknown name `mẫu_sai`"), "message: " + diags[0]["message"].split("\n")[0])

    # Back to the round as it is.
    srv.change(uri, text, 4)
    check([d for d in srv.diagnostics(uri, 4) if d.get("severity") == 1] == [], "fixed again: no errors")

    # Hover on a name: its declaration and type.
    ln, ch = line_col(lines, "definition served \"")
    ln2, ch2 = line_col(lines, "requires served >= luat.required_served")
    h = srv.at("textDocument/hover", uri, ln2, ch2 + len("requires ") + 2)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("definition served : duration" in value, "hover on `served`: its definition and type")
    check("Time actually served" in value, "hover on `served`: the comment above its definition")
    hr = (h.get("result") or {}).get("range", {})
    check(hr.get("start") == {"line": ln2, "character": ch2 + 9}, "hover range is the name")

    # Hover on a stdlib name: type, provision and file.
    h = srv.at("textDocument/hover", uri, ln2, ch2 + len("requires served >= luat.") + 3)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("definition required_served : duration" in value and "Điều 11 khoản 1 điểm b Luật Đặc xá 2018" in value,
          "hover on `luat.required_served`: type and the Law's provision")

    # Hover on a field reached through the input record.
    fl, fc = line_col(lines, "case.status = serving")
    h = srv.at("textDocument/hover", uri, fl, fc + len("case.") + 1)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("*field* of record `case_record`" in value, "hover on `case.status`: a field of case_record")

    # Hover on an article header: citation and verbatim legal text.
    al, _ = line_col(lines, 'article 1 "Thời điểm đặc xá"')
    h = srv.at("textDocument/hover", uri, al, 3)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("**Điều 1** · Art. 1" in value, "hover on `article 1`: its citation")
    check("Thời gian đã chấp hành án phạt tù để xét đặc xá tính đến ngày 31/8/2025." in value,
          "hover on `article 1`: its legal text, verbatim")
    pl, _ = line_col(lines, "    point b", line_col(lines, 'article 3 "')[0])
    h = srv.at("textDocument/hover", uri, pl, 6)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("**Điều 3 khoản 1 điểm b** · Art. 3(1)(b)" in value, "hover on a point: its full citation")

    # Hover on the header: the decision.
    h = srv.at("textDocument/hover", uri, line_col(lines, 'decree "Quyết định')[0], 2)
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("**Quyết định 1244/2025/QĐ-CTN**" in value and "signed 2025-07-03" in value and "đợt 2" in value,
          "hover on the header: citation, title, date of signature")

    # Hover on an exception's target: the provision it overrides.
    el, ec = line_col(lines, "exception to clause 1 point b")
    h = srv.at("textDocument/hover", uri, el, ec + len("exception to cla"))
    value = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("**Điều 3 khoản 1 điểm b**" in value, "hover on `exception to clause 1 point b`: the target")

    # Go to definition of a stdlib name: the stdlib file, on the name.
    d = srv.at("textDocument/definition", uri, ln2, ch2 + len("requires served >= luat.") + 3).get("result") or {}
    target = path_of(d.get("uri", "file:///none"))
    check(target.endswith("stdlib/vn/luat_dac_xa_2018.decree") and os.path.exists(target),
          "definition of `luat.required_served` is in stdlib/vn/luat_dac_xa_2018.decree: " + target)
    if os.path.exists(target):
        check(range_text(target, d["range"]) == "required_served", "its range covers the declared name")
    # ... and of a local definition.
    d = srv.at("textDocument/definition", uri, ln2, ch2 + 10).get("result") or {}
    check(d.get("uri") == uri and d.get("range", {}).get("start") == {"line": ln, "character": ch + 11},
          "definition of `served` is its declaration in the round")
    # ... and of an exception's target.
    d = srv.at("textDocument/definition", uri, el, ec + len("exception to cla")).get("result") or {}
    check(d.get("range", {}).get("start") == {"line": pl, "character": 4}, "definition of an exception's target")

    # The outline: articles, their clauses, their points.
    syms = srv.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}).get("result") or []
    names = [s["name"] for s in syms]
    check([n for n in names if n.startswith("Điều")] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4"],
          "outline: articles 1-4 in order (%s)" % names)
    art3 = next((s for s in syms if s["name"] == "Điều 3"), {})
    clauses = [c["name"] for c in art3.get("children", [])]
    check(clauses[:4] == ["khoản 1", "khoản 2", "khoản 3", "khoản 4"], "outline: Điều 3 has khoản 1-4 (%s)" % clauses)
    k1 = next((c for c in art3.get("children", []) if c["name"] == "khoản 1"), {})
    check([p["name"] for p in k1.get("children", [])] == ["điểm a", "điểm b", "điểm c", "điểm d", "điểm đ", "điểm e"],
          "outline: Điều 3 khoản 1 has điểm a-e with đ")
    check(art3.get("range", {}).get("start", {}).get("line") == line_col(lines, 'article 3 "')[0] and
          art3["range"]["end"]["line"] > k1.get("range", {}).get("end", {}).get("line", 1e9) - 1,
          "outline: an article's range holds its clauses")
    check(any(s["name"] == "served" and s["kind"] == 12 for s in syms), "outline: definitions too")

    # Completion: keywords in both languages, names in scope, members after `alias.`.
    items = (srv.at("textDocument/completion", uri, ln2, ch2 + 10).get("result") or {}).get("items", [])
    labels = {i["label"] for i in items}
    for word in ("requires", "yêu cầu", "article", "điều", "excludes", "loại trừ", "served", "case", "luat", "between"):
        check(word in labels, "completion offers `%s`" % word)
    items = (srv.at("textDocument/completion", uri, ln2, ch2 + len("requires served >= luat.")).get("result") or {}).get("items", [])
    labels = {i["label"] for i in items}
    check("required_served" in labels and "served_fraction" in labels and "article" not in labels,
          "completion after `luat.`: the module's names only")
    typing = lines[:]
    typing[fl] = typing[fl][:fc] + "case.sentence."
    srv.change(uri, "\n".join(typing), 5)
    items = (srv.at("textDocument/completion", uri, fl, utf16(typing[fl])).get("result") or {}).get("items", [])
    labels = {i["label"] for i in items}
    check("term" in labels and "kind" in labels, "completion after `case.sentence.` while typing: its fields")
    typing[fl] = "    yêu c"
    srv.change(uri, "\n".join(typing), 5)
    items = (srv.at("textDocument/completion", uri, fl, utf16(typing[fl])).get("result") or {}).get("items", [])
    edit = next((i.get("textEdit") for i in items if i["label"] == "yêu cầu"), None)
    check(edit == {"range": {"start": {"line": fl, "character": 4}, "end": {"line": fl, "character": 9}},
                   "newText": "yêu cầu"}, "completing `yêu c`: `yêu cầu` replaces both words (%s)" % edit)
    nam = [i for i in items if i["label"] == "năm"]
    check(len(nam) == 1 and nam[0]["detail"] == "từ khóa · years, year", "one item for `năm` (years, year)")

    # Formatting: one edit giving `decreec fmt`'s text; none when the text does not parse.
    messy = text.replace("\n  parameter cutoff", "\n      parameter   cutoff", 1)
    check(messy != text, "the messy text differs from the canonical one")
    srv.change(uri, messy, 6)
    edits = srv.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                    "options": {"tabSize": 2, "insertSpaces": True}}).get("result")
    check(isinstance(edits, list) and len(edits) == 1 and edits[0]["newText"] == text and
          edits[0]["range"]["start"] == {"line": 0, "character": 0} and
          edits[0]["range"]["end"]["line"] == len(lines) - 1, "formatting: one edit back to the canonical layout")
    srv.change(uri, broken_text, 7)
    edits = srv.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {}}).get("result")
    check(edits == [], "formatting a text that does not parse: no edit")

    # Robustness: malformed JSON, framing, unknown methods, and the decree typed character by character.
    srv.write_raw(b"Content-Length: 9\r\n\r\n{\"a\": [1,")
    err = srv.answer(None)
    check(err.get("error", {}).get("code") == -32700, "malformed JSON: ParseError -32700")
    srv.write_raw(b"Content-Length: 2\r\n\r\n[]")
    err = srv.answer(None)
    check(err.get("error", {}).get("code") == -32600, "a JSON array: InvalidRequest -32600")
    r = srv.request("textDocument/unknownThing", {})
    check(r.get("error", {}).get("code") == -32601, "unknown method: MethodNotFound -32601")
    r = srv.request("textDocument/hover", {"textDocument": {"uri": uri}})
    check(r.get("error", {}).get("code") == -32602, "a hover without a position: InvalidParams -32602")
    srv.notify("some/notification", {"x": 1})
    body = json.dumps({"jsonrpc": "2.0", "id": 999, "method": "textDocument/documentSymbol",
                       "params": {"textDocument": {"uri": uri}}}).encode()
    srv.write_raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body))
    check("result" in srv.answer(999), "Content-Type header and lower-case content-length are accepted")

    srv.change(uri, text[: len(text) // 2], 8)
    r = srv.at("textDocument/hover", uri, al, 3)
    check("result" in r, "a truncated document: the server answers")

    step = 23
    answered = 0
    total = 0
    for n in range(0, len(text) + 1, step):
        total += 1
        srv.change(uri, text[:n], 100 + n)
        pos = text[:n].split("\n")
        r = srv.at("textDocument/hover" if n % 2 else "textDocument/completion", uri, len(pos) - 1, utf16(pos[-1]))
        answered += "result" in r
        if n % (step * 8) == 0:
            answered += "result" in srv.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
            total += 1
    check(answered == total, "every %dth-character prefix of the round: %d of %d requests answered" % (step, answered, total))

    # The server is still well: the round is clean again.
    srv.change(uri, text, 10 ** 6)
    check([d for d in srv.diagnostics(uri, 10 ** 6) if d.get("severity") == 1] == [], "after all that, no errors")

    # Close: diagnostics cleared.
    srv.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    check(srv.diagnostics(uri, None) == [], "closing a document clears its diagnostics")

    # Shutdown then exit: exit code 0; nothing but the protocol on standard output.
    r = srv.request("shutdown", None)
    check("result" in r and r["result"] is None, "shutdown answers null")
    r = srv.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    check(r.get("error", {}).get("code") == -32600, "requests after shutdown are refused")
    srv.notify("exit", None)
    code = srv.proc.wait(timeout=TIMEOUT)
    rest = srv.proc.stdout.read()
    check(code == 0, "exit after shutdown: exit code 0 (got %s)" % code)
    check(rest == b"", "standard output holds only protocol messages")


def vietnamese_keywords():
    """A decree in Vietnamese keywords: hover and definition at UTF-16 positions."""
    text = (
        'quyết định "Ví dụ 01/2025"\n'
        "\n"
        "nhập vn/case_record\n"
        "\n"
        "đầu vào hồ_sơ : case_record\n"
        "\n"
        "định nghĩa đã_chấp_hành : thời hạn = between(hồ_sơ.birth_date, ngày_mốc)\n"
        "\n"
        'điều 1 "Thời điểm"\n'
        '  nội dung "Tính đến ngày 31/8/2025 𝔸."\n'
        "  tham số ngày_mốc : ngày tháng = 2025-08-31\n"
        "\n"
        'điều 3 "Điều kiện"\n'
        "  khoản 1\n"
        "    điểm b\n"
        '      nội dung "Đã chấp hành án phạt tù ít nhất là một phần ba thời gian."\n'
        "      yêu cầu đã_chấp_hành >= 1/3 của hồ_sơ.sentence.term\n"
    )
    lines = text.split("\n")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "vi_dụ.decree")
        uri = uri_of(path)
        srv = Server(env=dict(os.environ, XDG_CACHE_HOME=os.path.join(d, "cache")))
        srv.initialize()
        srv.open(uri, text)
        diags = srv.diagnostics(uri, 1)
        check([x for x in diags if x.get("severity") == 1] == [], "the Vietnamese decree has no errors: %s" % diags)
        ln, ch = line_col(lines, "hồ_sơ.sentence.term")
        h = srv.at("textDocument/hover", uri, ln, ch + len("hồ_sơ.sentence.") + 1)
        value = (h.get("result") or {}).get("contents", {}).get("value", "")
        check("term : duration" in value, "hover after Vietnamese text, at a UTF-16 column: the field `term`")
        h = srv.at("textDocument/hover", uri, ln, ch + 1)
        check("input hồ_sơ : case_record" in (h.get("result") or {}).get("contents", {}).get("value", ""),
              "hover on `hồ_sơ`: the input")
        ml, mc = line_col(lines, "ngày_mốc)")
        d_ = srv.at("textDocument/definition", uri, ml, mc + 3).get("result") or {}
        dl, dc = line_col(lines, "ngày_mốc : ngày tháng")
        check(d_.get("range") == {"start": {"line": dl, "character": dc}, "end": {"line": dl, "character": dc + 8}},
              "definition of `ngày_mốc` (used before it is declared): its declaration, in UTF-16 units")
        h = srv.at("textDocument/hover", uri, line_col(lines, "khoản 1")[0], 3)
        check("**Điều 3 khoản 1**" in (h.get("result") or {}).get("contents", {}).get("value", ""),
              "hover on `khoản 1`: its citation")
        # A stdlib definition resolves to a file with the embedded text, here in the cache.
        sl, sc = line_col(lines, ": case_record")
        d_ = srv.at("textDocument/definition", uri, sl, sc + 2).get("result") or {}
        target = path_of(d_.get("uri", "file:///none"))
        check(target.endswith("stdlib/vn/case_record.decree") and os.path.exists(target),
              "definition of the type `case_record`: a stdlib file on disk (%s)" % target)
        # Exit without shutdown: exit code 1.
        srv.notify("exit", None)
        check(srv.proc.wait(timeout=TIMEOUT) == 1, "exit without shutdown: exit code 1")


def decomposed_text():
    """A decree typed with decomposed diacritics (NFD): positions are UTF-16 units of the text as typed."""
    text = unicodedata.normalize("NFD", (
        'quyết định "Ví dụ"\n'
        "nhập vn/case_record\n"
        "đầu vào hồ_sơ : case_record\n"
        "định nghĩa đã_chấp_hành : thời hạn = between(hồ_sơ.birth_date, ngày_mốc)\n"
        "tham số ngày_mốc : ngày tháng = 2025-08-31\n"
        'điều 1\n'
        '  nội dung "Đã chấp hành án phạt tù."\n'
        "  yêu cầu đã_chấp_hành >= 1/3 của hồ_sơ.sentence.term\n"
    ))
    check(text != unicodedata.normalize("NFC", text), "the decree really is decomposed")
    lines = text.split("\n")
    with tempfile.TemporaryDirectory() as d:
        uri = uri_of(os.path.join(d, "nfd.decree"))
        srv = Server(env=dict(os.environ, XDG_CACHE_HOME=os.path.join(d, "cache")))
        srv.initialize()
        srv.open(uri, text)
        diags = srv.diagnostics(uri, 1)
        check([x for x in diags if x.get("severity") == 1] == [], "the decomposed decree has no errors: %s" % diags)
        ln, ch = line_col(lines, unicodedata.normalize("NFD", "hồ_sơ.sentence.term"))
        h = srv.at("textDocument/hover", uri, ln, ch + utf16(unicodedata.normalize("NFD", "hồ_sơ.sentence.")) + 1)
        check("term : duration" in (h.get("result") or {}).get("contents", {}).get("value", ""),
              "hover after decomposed text: the field `term`")
        name = unicodedata.normalize("NFD", "ngày_mốc")
        ml, mc = line_col(lines, name + ")")
        d_ = srv.at("textDocument/definition", uri, ml, mc + 3).get("result") or {}
        dl, dc = line_col(lines, name + " : ")
        check(d_.get("range") == {"start": {"line": dl, "character": dc}, "end": {"line": dl, "character": dc + utf16(name)}},
              "definition of a decomposed name: its declaration, in UTF-16 units of the text as typed: %s" % d_)
        srv.request("shutdown", None)
        srv.finish()


def write_files(folder, files):
    """Writes [files] (name -> text) into [folder]; returns their URIs, in order."""
    uris = []
    for name, text in files:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
        uris.append(uri_of(os.path.join(folder, name)))
    return uris


def relative_imports():
    """A round importing a module of its own: unsaved edits of the module reach the round."""
    common = (
        'module "Định nghĩa dùng chung"\n'
        "\n"
        "import vn/case_record\n"
        "\n"
        "-- The person is at least [age] old on [reference].\n"
        "definition aged(person : case_record, age : duration, reference : date) : bool =\n"
        "  between(person.birth_date, reference) >= age\n"
    )
    round_ = (
        "import vn/case_record\n"
        'import "common.decree" as common\n'
        "\n"
        "input case : case_record\n"
        "\n"
        "article 3\n"
        "  clause 3\n"
        '    text "Người từ đủ 70 tuổi trở lên."\n'
        "    requires common.aged(case, 70 years, 2025-08-31)\n"
    )
    with tempfile.TemporaryDirectory() as d:
        cu, ru = write_files(d, (("common.decree", common), ("round.decree", round_)))
        srv = Server()
        srv.initialize()
        srv.open(ru, round_)
        check([x for x in srv.diagnostics(ru, 1) if x.get("severity") == 1] == [], "a round with a relative import: no errors")
        lines = round_.split("\n")
        ln, ch = line_col(lines, "aged(")
        h = srv.at("textDocument/hover", ru, ln, ch + 1)
        value = (h.get("result") or {}).get("contents", {}).get("value", "")
        check("definition aged(person : case_record, age : duration, reference : date) : bool" in value and
              "The person is at least" in value, "hover on `common.aged`: signature and comment")
        d_ = srv.at("textDocument/definition", ru, ln, ch + 1).get("result") or {}
        check(d_.get("uri") == cu and d_.get("range", {}).get("start") == {"line": 5, "character": 11},
              "definition of `common.aged`: in common.decree")
        # The module, edited in the editor and not saved: the round is analysed again.
        srv.open(cu, common)
        srv.diagnostics(cu, 1)
        check(srv.diagnostics(ru, 1) == [], "opening the module analyses the round again, from the editor's text")
        srv.change(cu, common.replace("definition aged(", "definition is_aged("), 2)
        srv.diagnostics(cu, 2)
        diags = srv.diagnostics(ru, 1)
        check([x["code"] for x in diags] == ["E0201"] and diags[0]["range"]["start"]["line"] == ln,
              "renaming `aged` in the unsaved module: E0201 in the round at its use (%s)" % diags)
        # An error inside the module: shown on the round's import line, with the real place.
        srv.change(cu, common.replace(">= age", ">= age +"), 3)
        srv.diagnostics(cu, 3)
        diags = srv.diagnostics(ru, 1)
        il = line_col(lines, 'import "common.decree"')[0]
        check(len(diags) >= 1 and diags[0]["range"]["start"]["line"] == il and "common.decree:" in diags[0]["message"]
              and diags[0].get("relatedInformation", [{}])[0].get("location", {}).get("uri") == cu,
              "an error in the imported module: on the import line, pointing at the module (%s)" % diags)
        srv.request("shutdown", None)
        srv.notify("exit", None)
        check(srv.proc.wait(timeout=TIMEOUT) == 0, "exit code 0")


def followed_round():
    """A round that follows another: what it leaves out is shown on its `follows` line, and edits
    of the followed round, unsaved, reach it."""
    old = (
        'decree "Đợt 1"\n'
        "record inmate { priors : integer, drugs : bool }\n"
        "input case : inmate\n"
        "article 4\n"
        "  clause 1\n"
        '    text "Có từ 02 tiền án trở lên."\n'
        "    excludes when case.priors >= 2\n"
        "  clause 2\n"
        '    text "Sử dụng trái phép chất ma túy."\n'
        "    excludes when case.drugs\n"
    )
    new = (
        'decree "Đợt 2"\n'
        '  follows "old.decree"\n'
        "record inmate { priors : integer, drugs : bool }\n"
        "input case : inmate\n"
        "article 4\n"
        "  clause 1\n"
        '    text "Có từ 02 tiền án trở lên."\n'
        "    excludes when case.priors >= 2\n"
    )
    with tempfile.TemporaryDirectory() as d:
        ou, nu = write_files(d, (("old.decree", old), ("new.decree", new)))
        srv = Server()
        srv.initialize()
        srv.open(nu, new)
        diags = srv.diagnostics(nu, 1)
        check([x["code"] for x in diags] == ["W0107"] and diags[0]["range"]["start"] == {"line": 1, "character": 2}
              and "`Điều 4 khoản 2`" in diags[0]["message"]
              and diags[0].get("relatedInformation", [{}])[0].get("location", {}).get("uri") == ou,
              "a provision the round leaves out: W0107 on the `follows` line, pointing at the followed round (%s)" % diags)
        # The followed round, edited in the editor and not saved: the round is analysed again.
        srv.open(ou, old)
        srv.diagnostics(ou, 1)
        check([x["code"] for x in srv.diagnostics(nu, 1)] == ["W0107"], "opening the followed round analyses the round again")
        srv.change(ou, old.replace("case.drugs\n", "case.drug\n"), 2)
        srv.diagnostics(ou, 2)
        diags = srv.diagnostics(nu, 1)
        check(sorted(x["code"] for x in diags) == ["E0204", "E0220"] and
              all(x["range"]["start"]["line"] == 1 for x in diags),
              "an error in the unsaved followed round: E0220 and the error, on the `follows` line (%s)" % diags)
        srv.request("shutdown", None)
        srv.notify("exit", None)
        check(srv.proc.wait(timeout=TIMEOUT) == 0, "exit code 0")


def end_of_input():
    srv = Server()
    srv.initialize()
    check(srv.finish() == 1, "the input ends without shutdown: the server ends (exit code 1), no crash")
    srv = Server()
    srv.initialize()
    srv.request("shutdown", None)
    check(srv.finish() == 0, "the input ends after shutdown: exit code 0")
    srv = Server()
    srv.write_raw(b"Content-Length: 40\r\n\r\n{\"jsonrpc\": \"2.0\"")
    check(srv.finish() == 1, "the input ends inside a message: the server ends, no crash")


def long_chains():
    """A chain of 10,000 definitions used before they are declared, or a cycle of 10,000: E0221,
    never a stack overflow of the server."""
    for cycle in (False, True):
        lines = ['module "Chain"']
        for i in range(10000):
            nxt = "d%d + 1" % (i + 1) if i + 1 < 10000 else ("d0 + 1" if cycle else "1")
            lines.append("definition d%d : integer = %s" % (i, nxt))
        srv = Server()
        srv.initialize()
        uri = uri_of(os.path.join(ROOT, "chain.decree"))
        srv.open(uri, "\n".join(lines) + "\n")
        diags = srv.diagnostics(uri, 1)
        check([d.get("code") for d in diags] == ["E0221"], "a chain of 10,000 definitions is E0221 (cycle: %s)" % cycle)
        srv.request("shutdown", None)
        check(srv.finish() == 0, "the server goes on after the chain of 10,000 and ends cleanly")


def framing_and_files():
    """A wrong Content-Length (too large, too small, none) loses that message only: the server
    resynchronises on the next header and answers; an import of a FIFO, a device or a file out of
    the workspace is refused without reading it (no hang, no 6 GB read of /dev/zero)."""
    srv = Server()
    srv.initialize()
    hover = json.dumps({"jsonrpc": "2.0", "id": 500, "method": "shutdown_not"}).encode()
    # Too large: the body runs into the next message's header.
    srv.write_raw(b"Content-Length: 100000\r\n\r\n" + hover)
    r = srv.request("textDocument/unknownThing", {})
    check(r.get("error", {}).get("code") == -32601, "a Content-Length too large: the next request is answered")
    # Too small: the end of the body is skipped up to the next header; the cut body is a parse error.
    body = json.dumps({"jsonrpc": "2.0", "id": 501, "method": "textDocument/unknownThing"}).encode()
    srv.write_raw(b"Content-Length: 10\r\n\r\n" + body)
    err = srv.answer(None)
    check(err.get("error", {}).get("code") == -32700, "a Content-Length too small: ParseError -32700")
    r = srv.request("textDocument/unknownThing", {})
    check(r.get("error", {}).get("code") == -32601, "a Content-Length too small: the next request is answered")
    # None at all.
    srv.write_raw(b"Content-Type: application/vscode-jsonrpc\r\n\r\n" + body)
    r = srv.request("textDocument/unknownThing", {})
    check(r.get("error", {}).get("code") == -32601, "no Content-Length: the next request is answered")
    with tempfile.TemporaryDirectory() as d:
        os.mkfifo(os.path.join(d, "pipe.decree"))
        text = 'import "./pipe.decree"\nimport "/dev/zero"\nimport "../outside.decree"\n'
        path = os.path.join(d, "imports.decree")
        with open(path, "w") as f:
            f.write(text)
        uri = uri_of(path)
        srv.open(uri, text)
        diags = srv.diagnostics(uri, 1)
        messages = [x["message"] for x in diags]
        check(any("`./pipe.decree` cannot be read: it is not a regular file" in m for m in messages),
              "an import of a FIFO: refused, no hang (%r)" % messages)
        check(any("`/dev/zero` is outside the folders" in m for m in messages) and
              any("`../outside.decree` is outside the folders" in m for m in messages),
              "imports out of the decree's folder and the workspace: refused (%r)" % messages)
    srv.request("shutdown", None)
    check(srv.finish() == 0, "after framing errors: shutdown, exit code 0")


def conflict_proofs():
    """The consistency proofs of `decreec check` run in the server too: E0701 with its record."""
    path = os.path.join(ROOT, "tests/golden/check/bad/E0701_conflicting_exceptions.decree")
    text = open(path, encoding="utf-8").read()
    uri = uri_of(path)
    srv = Server()
    srv.initialize()
    srv.open(uri, text)
    diags = [d for d in srv.diagnostics(uri, 1) if d.get("code") == "E0701"]
    expected = [e for e in check_json(text, "E0701_conflicting_exceptions.decree") if e["code"] == "E0701"]
    check(len(diags) == len(expected) == 1, "one E0701, as check says (got %d)" % len(diags))
    if diags:
        check('"ill":true' in diags[0]["message"], "its message holds the case record")
    srv.request("shutdown", None)
    srv.finish()


def client_locale():
    """Diagnostics in the language of the client's `initialize.locale`; English without one."""
    text = "parameter cutoff : date = 2025-08-31\nparameter late : bool = cutof > 2025-01-01\n"
    for locale, wanted in [("vi-VN", "gợi ý: có phải ý bạn là `cutoff`?"), ("en-US", "hint: did you mean `cutoff`?"),
                           (None, "hint: did you mean `cutoff`?")]:
        with tempfile.TemporaryDirectory() as d:
            uri = uri_of(os.path.join(d, "locale.decree"))
            env = dict(os.environ, XDG_CACHE_HOME=os.path.join(d, "cache"))
            env.pop("DECREE_LANG", None)
            for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
                env.pop(name, None)
            srv = Server(env=env)
            srv.initialize(locale)
            srv.open(uri, text)
            errors = [x for x in srv.diagnostics(uri, 1) if x.get("severity") == 1]
            check(len(errors) == 1 and wanted in errors[0]["message"],
                  "locale %s: the unknown name's hint reads %r: %s" % (locale, wanted, errors))
            srv.request("shutdown", None)
            srv.finish()


def main():
    session()
    client_locale()
    long_chains()
    conflict_proofs()
    vietnamese_keywords()
    decomposed_text()
    relative_imports()
    followed_round()
    end_of_input()
    framing_and_files()
    if failures:
        print("\n%d check(s) failed" % len(failures))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
