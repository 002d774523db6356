// Results as JSON (renderer.hpp).
#include "renderer.hpp"

#include <charconv>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "decree/lang/source.hpp"

namespace decree::eval {

namespace {

// Whether [s] holds a byte that JSON must escape (a control character, a quote, a backslash);
// [ascii] tells whether it is all ASCII. Sixteen bytes at a time where SSE2 is there.
bool needs_escape(std::string_view s, bool& ascii) {
    std::size_t i = 0;
    unsigned high = 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    for (; i + 16 <= s.size(); i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
        const auto top = static_cast<unsigned>(_mm_movemask_epi8(v));  // bytes of 0x80 and up
        const auto below = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, space)));  // signed: those too
        const auto marks = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash))));
        if ((marks | (below & ~top)) != 0) return true;
        high |= top;
    }
#endif
    for (; i < s.size(); ++i) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (ch < 0x20 || ch == '"' || ch == '\\') return true;
        high |= ch & 0x80U;
    }
    ascii = high == 0;
    return false;
}

// [s] as the inside of a JSON string: as it is when it needs no escape and is valid UTF-8 (the
// usual case, Vietnamese included), else escaped by json_escape.
void append_escaped(std::string& out, std::string_view s) {
    bool ascii = true;
    if (!needs_escape(s, ascii) && (ascii || utf8_valid(s))) {
        out.append(s);
    } else {
        out.append(json_escape(s));
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
        const auto ex = excerpt(p, i, static_cast<std::size_t>(-1));  // the whole text: the text output cuts it
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
        const auto why = error_text(d, m_sources);
        out.append(",\"error\":\"");
        out.append(json_escape(why.en));
        out.append("\",\"error_vi\":\"");
        out.append(json_escape(why.in(language::vi)));
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
            // What the text calls each fact, by its identifier (those with a label).
            bool labelled = false;
            for (const auto& f : t.facts) {
                const auto& l = ir::label_in(f.named_as(), lang);
                if (l.empty()) continue;
                out.append(labelled ? ",\"" : ",\"labels\":{\"");
                labelled = true;
                append_escaped(out, f.name);
                out.append("\":\"");
                append_escaped(out, l);
                out.push_back('"');
            }
            if (labelled) out.push_back('}');
            if (!t.witnesses.empty()) {
                out.append(",\"witnesses\":[");
                for (std::size_t i = 0; i < t.witnesses.size(); ++i) {
                    const auto& w = t.witnesses[i];
                    out.append(i ? ",{\"path\":\"" : "{\"path\":\"");
                    append_escaped(out, w.path);
                    out.append(w.failed ? "\",\"fails\":true" : "\",\"fails\":false");
                    out.append(",\"fields\":{");
                    for (std::size_t j = 0; j < w.fields.size(); ++j) {
                        out.append(j ? ",\"" : "\"");
                        append_escaped(out, w.fields[j].name);
                        out.append("\":\"");
                        append_escaped(out, display(w.fields[j].v, w.fields[j].ty, lang));
                        out.push_back('"');
                    }
                    out.append("}}");
                }
                out.push_back(']');
            }
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
