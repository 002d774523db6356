// Results as CSV (renderer.hpp), for councils that work in spreadsheets: one row per case.
#include "renderer.hpp"

namespace decree::eval {

namespace {

// One field: quoted when it holds a comma, a quote or a line end (quotes doubled); a field that
// a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`, so a
// name in a record can never run as a formula in the council's spreadsheet.
void field(std::string& out, std::string_view v, bool first = false) {
    if (!first) out.push_back(',');
    const bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
    const bool quote = formula || v.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
        out.append(v);
        return;
    }
    out.push_back('"');
    if (formula) out.push_back('\'');
    for (const char c : v) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void list_field(std::string& out, const std::vector<std::string>& xs) {
    std::string joined;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) joined += "; ";
        joined += xs[i];
    }
    field(out, joined);
}

}  // namespace

std::string renderer::csv_header() {
    return "id,name,line,verdict,verdict_text,provisional,failed,applied,missing,assumptions,error\r\n";
}

void renderer::csv(const case_result& r, language lang, language messages, std::string& out) const {
    const auto& d = r.outcome;
    field(out, r.id, true);
    field(out, r.name);
    field(out, r.line > 0 ? std::to_string(r.line) : std::string());
    field(out, name(d.result));
    field(out, verdict_text(d.result, lang));
    field(out, d.provisional ? name(*d.provisional) : std::string_view());
    list_field(out, d.failed);
    list_field(out, d.applied);
    list_field(out, d.missing);
    list_field(out, d.assumptions);
    const std::string error = d.result == verdict::error ? error_text(d, m_sources).in(messages) : std::string();
    field(out, error);
    out.append("\r\n");
}

}  // namespace decree::eval
