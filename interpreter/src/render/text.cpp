// Results as text (renderer.hpp): the verdict, then every rule that mattered with its
// citation, legal text, the requirement as written and the facts used.
#include <fmt/format.h>

#include "renderer.hpp"

namespace decree::eval {

namespace {

std::string_view verdict_text(verdict v, language lang) {
    if (lang == language::vi) {
        switch (v) {
            case verdict::eligible: return "đủ điều kiện đề nghị đặc xá";
            case verdict::not_eligible: return "không đủ điều kiện đề nghị đặc xá";
            case verdict::undetermined: return "chưa xác định được (thiếu thông tin)";
            case verdict::error: return "lỗi hồ sơ";
        }
    }
    switch (v) {
        case verdict::eligible: return "eligible";
        case verdict::not_eligible: return "not eligible";
        case verdict::undetermined: return "undetermined (facts missing)";
        case verdict::error: return "error";
    }
    return "";
}

// The verdict, and the assumptions it rests on: "đủ điều kiện đề nghị đặc xá — dựa trên giả
// định: Điều 4 khoản 7, luat.served_fraction".
void verdict_line(const decision& d, language lang, std::string& out) {
    const bool vi = lang == language::vi;
    auto ids = [&] {
        for (std::size_t i = 0; i < d.assumptions.size(); ++i) {
            if (i > 0) out.append(", ");
            out.append(d.assumptions[i]);
        }
    };
    if (d.provisional) {
        out.append(vi ? "chưa xác định — kết quả dựa trên giả định, không kết luận: " : "undetermined — the verdict would rest on assumptions: ");
        ids();
        return;
    }
    out.append(verdict_text(d.result, lang));
    if (!d.assumptions.empty()) {
        out.append(vi ? " — dựa trên giả định: " : " — rests on assumptions: ");
        ids();
    }
}

// Under the verdict: the verdict withheld, and the reason of each assumption it rests on.
void assumption_lines(const decision& d, const ir::program& p, language lang, std::string& out) {
    const bool vi = lang == language::vi;
    if (d.provisional) {
        out += fmt::format("  {}: {}\n", vi ? "kết quả tạm thời" : "provisional verdict", verdict_text(*d.provisional, lang));
    }
    const auto& table = provenance::of(p);
    for (const auto& id : d.assumptions) {
        const int a = table.find(id);
        const std::string_view reason = a >= 0 ? std::string_view(table.assumptions[static_cast<std::size_t>(a)].reason) : "";
        out.append(vi ? "  giả định: " : "  assumption: ");
        out.append(id);
        out.append(" — ");
        out.append(reason);
        out.push_back('\n');
    }
}

const char* mark(rule_status s) {
    switch (s) {
        case rule_status::holds: case rule_status::not_applies: return "✓";
        case rule_status::fails: case rule_status::applies: return "✗";
        case rule_status::unknown: return "?";
        case rule_status::skipped: return "·";
    }
    return " ";
}

// ` — "the excerpt"`, labelled when it is a paraphrase; nothing when there is no text.
std::string quoted(const excerpt_text& ex, language lang) {
    if (ex.text.empty()) return {};
    return " — \"" + ex.text + "\"" + (ex.paraphrase ? " " + std::string(paraphrase_label(lang)) : "");
}

}  // namespace

void renderer::text_parts(std::uint32_t i, rule_parts& r) const {
    const auto& p = m_program;
    const auto& rule = p.rules[i];
    for (const auto lang : {language::vi, language::en}) {
        const bool vi = lang == language::vi;
        const int k = vi ? 0 : 1;
        r.cite[k] = eval::cite(p, i, lang);
        auto& tail = r.line_tail[k];
        tail = quoted(excerpt(p, i, 110), lang) + "\n";
        if (rule.test) {
            tail += fmt::format("      {}: {}", rule.kind == ir::rule_kind::exclusion ? (vi ? "loại trừ khi" : "excludes when")
                                                                                     : (vi ? "yêu cầu" : "requires"),
                                source_of(m_sources, rule.test->loc));
            if (rule.unless) tail += (vi ? " trừ khi " : " unless ") + source_of(m_sources, rule.unless->loc);
            tail += "\n";
        }
        auto& ex = r.exception_lines[k];
        ex = fmt::format("      ↳ {} {}", vi ? "áp dụng ngoại lệ" : "exception applied:", r.cite[k]);
        ex += quoted(excerpt(p, i, 80), lang);
        ex += "\n";
        if (rule.when) ex += fmt::format("        {}: {}\n", vi ? "khi" : "when", source_of(m_sources, rule.when->loc));
        if (rule.test) ex += fmt::format("        {}: {}\n", vi ? "yêu cầu" : "requires", source_of(m_sources, rule.test->loc));
    }
}

void renderer::text_unfiltered(const case_result& r, language lang, std::string& out) const {
    const bool vi = lang == language::vi;
    const int k = vi ? 0 : 1;
    out.append(r.id.empty() ? (vi ? "(không có mã hồ sơ)" : "(no id)") : r.id);
    if (r.line > 0) out += vi ? fmt::format(" [dòng {}]", r.line) : fmt::format(" [line {}]", r.line);
    if (!r.name.empty()) {
        out.push_back(' ');
        out.append(r.name);
    }
    out.append(": ");
    verdict_line(r.outcome, lang, out);
    out.push_back('\n');
    for (const auto& w : r.warnings) out += "  ! " + w + "\n";
    assumption_lines(r.outcome, m_program, lang, out);
    if (r.outcome.result == verdict::error) {
        out += "  " + error_text(r.outcome, m_sources).in(lang) + "\n";
        return;
    }
    bool any_clear = false;
    for (const auto& t : r.outcome.trace) any_clear = any_clear || (t.status == rule_status::not_applies && t.applied.empty());
    for (const auto& t : r.outcome.trace) {
        if (t.status == rule_status::not_applies && t.applied.empty()) continue;
        if (t.status == rule_status::skipped) continue;
        const auto& parts = m_rules[t.rule];
        out.append("  ");
        out.append(mark(t.status));
        out.push_back(' ');
        out.append(parts.cite[k]);
        out.append(": ");
        out.append(status_text(t.status, lang));
        out.append(parts.line_tail[k]);
        for (const auto a : t.applied) out.append(m_rules[a].exception_lines[k]);
        if (!t.facts.empty()) {
            out.append("      ");
            for (std::size_t i = 0; i < t.facts.size(); ++i) {
                if (i > 0) out.append("; ");
                out.append(t.facts[i].name);
                out.append(" = ");
                out.append(display(t.facts[i].v, t.facts[i].ty, lang));
            }
            out.push_back('\n');
        }
        if (!t.missing.empty()) {
            out.append(vi ? "      thiếu: " : "      missing: ");
            for (std::size_t i = 0; i < t.missing.size(); ++i) {
                if (i > 0) out.append(", ");
                out.append(t.missing[i]);
            }
            out.push_back('\n');
        }
    }
    if (any_clear) {
        out.append(vi ? "  ✓ không thuộc các trường hợp loại trừ: " : "  ✓ no exclusion applies: ");
        bool first = true;
        for (const auto& t : r.outcome.trace) {
            if (t.status != rule_status::not_applies || !t.applied.empty()) continue;
            if (!first) out.append(", ");
            first = false;
            out.append(m_rules[t.rule].cite[k]);
        }
        out.push_back('\n');
    }
}

// The text goes to terminals and dossiers: control characters that came with a record (an
// escape sequence in a name) are shown as U+FFFD, never sent as they are.
void renderer::text(const case_result& r, language lang, std::string& out) const {
    const std::size_t start = out.size();
    text_unfiltered(r, lang, out);
    std::size_t i = start;
    const auto control = [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return (b < 0x20 && c != '\n' && c != '\t') || b == 0x7F;
    };
    while (i < out.size() && !control(out[i])) ++i;
    if (i == out.size()) return;
    std::string filtered = out.substr(i);
    out.resize(i);
    for (const char c : filtered) {
        if (control(c)) out += "\uFFFD";
        else out += c;
    }
}

std::string render_text(const case_result& r, const ir::program& p, const source_manager& sources, language lang) {
    std::string out;
    renderer(p, sources).text(r, lang, out);
    return out;
}

}  // namespace decree::eval
