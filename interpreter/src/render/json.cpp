// Results as JSON (renderer.hpp).
#include "renderer.hpp"

#include <charconv>

namespace decree::eval {

namespace {

void append_escaped(std::string& out, std::string_view s) {
    std::size_t plain = 0;
    while (plain < s.size()) {
        const auto ch = static_cast<unsigned char>(s[plain]);
        if (ch < 0x20 || ch == '"' || ch == '\\' || ch >= 0x80) break;
        ++plain;
    }
    if (plain == s.size()) {
        out.append(s);
    } else {
        out.append(s.substr(0, plain));
        out.append(json_escape(s.substr(plain)));
    }
}

void append_list(std::string& out, const std::vector<std::string>& xs) {
    out.push_back('[');
    for (std::size_t i = 0; i < xs.size(); ++i) {
        out.append(i ? ",\"" : "\"");
        append_escaped(out, xs[i]);
        out.push_back('"');
    }
    out.push_back(']');
}

}  // namespace

renderer::renderer(const ir::program& p, const source_manager& sources) : m_program(p), m_sources(sources) {
    m_rules.resize(p.rules.size());
    for (std::uint32_t i = 0; i < p.rules.size(); ++i) {
        auto& r = m_rules[i];
        const auto& rule = p.rules[i];
        r.json_head = "\"citation\":\"" + json_escape(eval::cite(p, i, language::vi)) + "\"";
        r.json_head += ",\"citation_en\":\"" + json_escape(eval::cite(p, i, language::en)) + "\"";
        r.json_head += ",\"kind\":\"" + std::string(rule.kind == ir::rule_kind::exclusion ? "exclusion" : "condition") + "\"";
        if (rule.test) r.json_body += ",\"rule\":\"" + json_escape(source_of(sources, rule.test->loc)) + "\"";
        const auto ex = excerpt(p, i, 200);
        if (!ex.text.empty()) r.json_body += ",\"text\":\"" + json_escape(ex.text) + "\"";
        if (ex.paraphrase) r.json_body += ",\"paraphrase\":true";
        r.json_cite = "\"" + json_escape(eval::cite(p, i, language::vi)) + "\"";
        text_parts(i, r);
    }
}

void renderer::json(const case_result& r, language lang, bool trace, std::string& out) const {
    const auto& d = r.outcome;
    if (r.id.empty()) {
        out.append("{\"id\":null");
    } else {
        out.append("{\"id\":\"");
        append_escaped(out, r.id);
        out.push_back('"');
    }
    if (r.line > 0) {
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, r.line).ptr;
        out.append(",\"line\":");
        out.append(buf, static_cast<std::size_t>(end - buf));
    }
    out.append(",\"verdict\":\"");
    out.append(name(d.result));
    out.append("\",\"failed\":");
    append_list(out, d.failed);
    out.append(",\"applied\":");
    append_list(out, d.applied);
    out.append(",\"missing\":");
    append_list(out, d.missing);
    out.append(",\"assumptions\":");
    append_list(out, d.assumptions);
    if (d.provisional) {
        out.append(",\"provisional\":\"");
        out.append(name(*d.provisional));
        out.push_back('"');
    }
    if (d.result == verdict::error) {
        out.append(",\"error\":\"");
        out.append(json_escape(error_text(d, m_sources)));
        out.push_back('"');
    }
    if (!r.warnings.empty()) {
        out.append(",\"warnings\":");
        append_list(out, r.warnings);
    }
    if (trace && d.result != verdict::error) {
        out.append(",\"trace\":[");
        bool first = true;
        for (const auto& t : d.trace) {
            const auto& parts = m_rules[t.rule];
            out.append(first ? "{" : ",{");
            first = false;
            out.append(parts.json_head);
            out.append(",\"outcome\":\"");
            out.append(status_name(t.status));
            out.push_back('"');
            out.append(parts.json_body);
            if (!t.applied.empty()) {
                out.append(",\"exceptions\":[");
                for (std::size_t i = 0; i < t.applied.size(); ++i) {
                    if (i > 0) out.push_back(',');
                    out.append(m_rules[t.applied[i]].json_cite);
                }
                out.push_back(']');
            }
            out.append(",\"facts\":{");
            for (std::size_t i = 0; i < t.facts.size(); ++i) {
                out.append(i ? ",\"" : "\"");
                append_escaped(out, t.facts[i].name);
                out.append("\":\"");
                append_escaped(out, display(t.facts[i].v, t.facts[i].ty, lang));
                out.push_back('"');
            }
            out.push_back('}');
            if (!t.missing.empty()) {
                out.append(",\"missing\":");
                append_list(out, t.missing);
            }
            out.push_back('}');
        }
        out.push_back(']');
    }
    out.push_back('}');
}

std::string render_json(const case_result& r, const ir::program& p, const source_manager& sources, language lang, bool trace) {
    std::string out;
    renderer(p, sources).json(r, lang, trace, out);
    return out;
}

}  // namespace decree::eval
