// Results as text (renderer.hpp): the verdict, then every rule that mattered with its
// citation, legal text, the requirement as written and the facts used.
#include <fmt/format.h>

#include <algorithm>

#include "renderer.hpp"

namespace decree::eval {

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

namespace {

// What the text calls assumption [id]: its label (a provision's citation, a value's label),
// else its identifier.
const std::string& assumption_name(const provenance::table& table, const std::string& id, language lang) {
    const int a = table.find(id);
    if (a < 0) return id;
    const auto& l = ir::label_in(table.assumptions[static_cast<std::size_t>(a)].label, lang);
    return l.empty() ? id : l;
}

// The verdict, and how many assumptions it rests on (each is listed under it): "đủ điều kiện
// đề nghị đặc xá — dựa trên 3 giả định".
void verdict_line(const decision& d, language lang, std::string& out) {
    const bool vi = lang == language::vi;
    const std::size_t n = d.assumptions.size();
    const std::string count = vi ? fmt::format("{} giả định", n) : fmt::format("{} assumption{}", n, n == 1 ? "" : "s");
    if (d.provisional) {
        out += vi ? "chưa xác định — kết quả sẽ dựa trên " + count + ", không kết luận"
                  : "undetermined — the verdict would rest on " + count;
        return;
    }
    out.append(verdict_text(d.result, lang));
    if (n > 0) out += (vi ? " — dựa trên " : " — rests on ") + count;
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
        const std::string_view reason = a >= 0 ? std::string_view(table.assumptions[static_cast<std::size_t>(a)].reason.in(lang)) : "";
        out.append(vi ? "  giả định: " : "  assumption: ");
        out.append(assumption_name(table, id, lang));
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

// A duration as the text says it: its parts that are not zero ("9 năm", "4 years 8 months").
std::string spoken(const duration& d, language lang) {
    if (d.negative()) return "-" + spoken(duration{-d.months, -d.days}, lang);
    const bool vi = lang == language::vi;
    const auto [months, days] = d.key();
    const big_int years = months / 12, rest = months % 12;
    std::string out;
    auto part = [&](const big_int& v, const char* vi_unit, const char* one, const char* many) {
        if (v == 0) return;
        if (!out.empty()) out += ' ';
        out += v.str() + " " + (vi ? vi_unit : v == 1 ? one : many);
    };
    part(years, "năm", "year", "years");
    part(rest, "tháng", "month", "months");
    part(days, "ngày", "day", "days");
    return out.empty() ? (vi ? "0 ngày" : "0 days") : out;
}

// A value as the text shows it: durations without their zero parts, a list of plain values by
// its elements, the rest as display() writes it.
std::string shown(const value& v, const ir::type* t, language lang) {
    if (const auto* d = std::get_if<duration>(&v)) return spoken(*d, lang);
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* e = std::get_if<ir::enum_value>(&v); e != nullptr && e->en != nullptr && lang == language::en) {
        const auto i = static_cast<std::size_t>(e->index);
        if (i < e->en->labels_en.size() && !e->en->labels_en[i].empty()) return e->en->labels_en[i];
        if (i < e->en->labels.size() && !e->en->labels[i].empty()) return e->en->labels[i];
    }
    if (const auto* l = std::get_if<list_ptr>(&v); l != nullptr && *l && t != nullptr && t->elem != nullptr &&
                                                    t->elem->kind != ir::tkind::record) {
        std::string out;
        for (std::size_t i = 0; i < (*l)->items.size() && i < 8; ++i) {
            if (i > 0) out += ", ";
            out += shown((*l)->items[i], t->elem, lang);
        }
        if ((*l)->items.size() > 8) out += ", …";
        return out.empty() ? (lang == language::vi ? "(không có)" : "(none)") : out;
    }
    return display(v, t, lang);
}

// The comparison that is true of the facts: [k] itself when the test held (a condition met,
// an exclusion that applies), else its negation ("10 năm < 15 năm", not "10 năm ≥ 15 năm").
ir::op as_found(ir::op k, bool held) {
    if (held) return k;
    switch (k) {
        case ir::op::eq: return ir::op::ne;
        case ir::op::ne: return ir::op::eq;
        case ir::op::lt: return ir::op::ge;
        case ir::op::le: return ir::op::gt;
        case ir::op::gt: return ir::op::le;
        case ir::op::ge: return ir::op::lt;
        default: return k;
    }
}

std::string_view comparison_sign(ir::op k) {
    switch (k) {
        case ir::op::eq: return "=";
        case ir::op::ne: return "≠";
        case ir::op::lt: return "<";
        case ir::op::le: return "≤";
        case ir::op::gt: return ">";
        case ir::op::ge: return "≥";
        default: return "";
    }
}

// A list of records says nothing by its length: its elements that decided are the witnesses.
bool record_list(const fact& f) { return f.ty != nullptr && f.ty->kind == ir::tkind::list && f.ty->elem != nullptr && f.ty->elem->kind == ir::tkind::record; }

// "label value" of a fact, its first letter as written.
// What the text calls fact [f]: its label; with [identifiers], its identifier when it has none.
std::string call(const fact& f, language lang, bool identifiers) {
    const auto& l = ir::label_in(f.named_as(), lang);
    return l.empty() && identifiers ? f.name : l;
}

std::string named(const fact& f, language lang, bool identifiers) {
    if (f.value_only) return shown(f.v, f.ty, lang);
    return call(f, lang, identifiers) + " " + shown(f.v, f.ty, lang);
}

std::string sentence_case(const std::string& s) { return capitalized(s); }

// What a missing fact is called: the label of the field its path ends in, else nothing.
std::string missing_label(const ir::program& p, std::string_view path, language lang) {
    if (p.input == nullptr || p.input->rec == nullptr || path.substr(0, 1) != "$") return {};
    const ir::type* t = p.input;
    const ir::field* last = nullptr;
    std::size_t i = 1;
    while (i < path.size()) {
        if (path[i] == '.') {
            std::size_t j = i + 1;
            while (j < path.size() && path[j] != '.' && path[j] != '[') ++j;
            if (t == nullptr || t->rec == nullptr) return {};
            const int f = t->rec->find(path.substr(i + 1, j - i - 1));
            if (f < 0) return {};
            last = &t->rec->fields[static_cast<std::size_t>(f)];
            t = last->ty;
            i = j;
        } else if (path[i] == '[') {
            // An element (`[2]`) or a filter (`[?(@.year==2025 && @.quarter==2)]`).
            int depth = 0;
            while (i < path.size()) {
                if (path[i] == '[') ++depth;
                if (path[i] == ']' && --depth == 0) break;
                ++i;
            }
            ++i;
            if (t != nullptr) t = t->elem;
        } else {
            return {};
        }
    }
    return last != nullptr ? ir::label_in(last->label, lang) : std::string();
}

// The facts [from, to) of [t] on one line, by their labels, each once: a label two facts share
// is told apart by the call's arguments; a fact of a label and value already [said] (by the
// comparison line, or an inner definition of the same label) is not repeated.
void fact_line(const rule_trace& t, std::size_t from, std::size_t to, std::vector<std::string>& said, language lang,
               bool identifiers, std::string& out) {
    bool first = true;
    for (std::size_t i = from; i < to; ++i) {
        const auto& f = t.facts[i];
        if (record_list(f) || f.value_only) continue;
        std::string l = call(f, lang, identifiers);
        if (l.empty()) continue;
        const std::string v = shown(f.v, f.ty, lang);
        // Said already: this label and value without arguments (`served` before the call
        // that computes it), or with the same arguments.
        const std::string of = ir::label_in(f.of, lang);
        if (std::find(said.begin(), said.end(), l + "\x1f\x1f" + v) != said.end()) continue;
        if (std::find(said.begin(), said.end(), l + "\x1f" + of + "\x1f" + v) != said.end()) continue;
        said.push_back(l + "\x1f" + of + "\x1f" + v);
        bool shared = false;
        for (std::size_t j = 0; j < t.facts.size(); ++j) shared = shared || (j != i && ir::label_in(t.facts[j].named_as(), lang) == l);
        if (shared && !of.empty()) l += " (" + of + ")";
        out.append(first ? "      " : "; ");
        first = false;
        out += (f.label == nullptr ? l : sentence_case(l)) + ": " + v;  // an identifier as written
    }
    if (!first) out.push_back('\n');
}

}  // namespace

void renderer::text_parts(std::uint32_t i, rule_parts& r) const {
    const auto& p = m_program;
    for (const auto lang : {language::vi, language::en}) {
        const bool vi = lang == language::vi;
        const int k = vi ? 0 : 1;
        r.cite[k] = eval::cite(p, i, lang);
        r.line_tail[k] = quoted(excerpt(p, i, 110), lang) + "\n";
        // This rule as an exception that applied: it decided in place of the rule it overrides.
        r.exception_lines[k] = fmt::format("      {} {}", vi ? "↳ áp dụng ngoại lệ" : "↳ exception applied:", r.cite[k]) +
                               quoted(excerpt(p, i, 80), lang) + "\n";
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
        if (!t.applied.empty()) {
            // The exception decided: its citation and text first, the rule it replaced as a note.
            const auto& ex = m_rules[t.applied.back()];
            out.append(ex.cite[k]);
            out += vi ? " (ngoại lệ của " + parts.cite[k] + ")" : " (exception to " + parts.cite[k] + ")";
            out.append(": ");
            out.append(status_text(t.status, lang));
            out.append(ex.line_tail[k]);
        } else {
            out.append(parts.cite[k]);
            out.append(": ");
            out.append(status_text(t.status, lang));
            out.append(parts.line_tail[k]);
        }
        auto shows = [&](int i) {
            const auto& f = t.facts[static_cast<std::size_t>(i)];
            return f.value_only || f.label != nullptr || m_identifiers;
        };
        const bool compared = t.compare != ir::op::literal && t.lhs >= 0 && t.rhs >= 0 && shows(t.lhs) && shows(t.rhs);
        if (compared) {
            const auto& a = t.facts[static_cast<std::size_t>(t.lhs)];
            const auto& b = t.facts[static_cast<std::size_t>(t.rhs)];
            // Held or not: the status says so when nothing but the comparison decided it (no
            // `unless`); an undetermined one is shown as written.
            const auto& rule = m_program.rules[t.applied.empty() ? t.rule : t.applied.back()];
            const bool held = t.status == rule_status::holds || t.status == rule_status::applies;
            const bool decided = t.status != rule_status::unknown && !rule.unless;
            const ir::op shown_op = decided ? as_found(t.compare, held) : t.compare;
            out += "      " + sentence_case(named(a, lang, m_identifiers)) + " " + std::string(comparison_sign(shown_op)) + " " + named(b, lang, m_identifiers) + "\n";
        }
        for (const auto& w : t.witnesses) {
            out.append("      ");
            const std::string list = w.list != nullptr ? ir::label_in(*w.list, lang) : std::string();
            if (w.failed) out += vi ? "không đạt ở: " : "fails for: ";
            else out += vi ? "do: " : "because of: ";
            out += list.empty() ? (vi ? "phần tử" : "element") : list;
            if (!w.path.empty()) out += " (" + w.path + ")";
            bool first = true;
            for (const auto& f : w.fields) {
                const auto& l = ir::label_in(f.named_as(), lang);
                if (l.empty()) continue;
                out += first ? " — " : "; ";
                first = false;
                out += l + ": " + shown(f.v, f.ty, lang);
            }
            out.push_back('\n');
        }
        // The facts by their labels, each once (fact_line); when an exception decided, the
        // rule's own facts go with the note on the requirement it replaced.
        std::vector<std::string> said;
        if (compared) {
            for (const int i : {t.lhs, t.rhs}) {
                const auto& f = t.facts[static_cast<std::size_t>(i)];
                said.push_back(call(f, lang, m_identifiers) + "\x1f\x1f" + shown(f.v, f.ty, lang));
            }
        }
        const std::size_t own = t.applied.empty() ? t.facts.size() : std::min(t.own_facts, t.facts.size());
        std::string replaced;
        if (!t.applied.empty()) {
            fact_line(t, 0, own, said, lang, m_identifiers, replaced);
            fact_line(t, own, t.facts.size(), said, lang, m_identifiers, out);
        } else {
            fact_line(t, 0, t.facts.size(), said, lang, m_identifiers, out);
        }
        if (!t.missing.empty()) {
            out.append(vi ? "      thiếu: " : "      missing: ");
            for (std::size_t i = 0; i < t.missing.size(); ++i) {
                if (i > 0) out.append(", ");
                const auto l = missing_label(m_program, t.missing[i], lang);
                out += l.empty() ? t.missing[i] : l + " (" + t.missing[i] + ")";
            }
            out.push_back('\n');
        }
        if (!t.applied.empty()) {
            out += vi ? "      ghi chú: thay cho " : "      note: in place of ";
            out += parts.cite[k];
            out += quoted(excerpt(m_program, t.rule, 80), lang);
            out.push_back('\n');
            if (!replaced.empty()) out += "  " + replaced;
            for (std::size_t i = 0; i + 1 < t.applied.size(); ++i) out.append(m_rules[t.applied[i]].exception_lines[k]);
        }
    }
    if (any_clear) {
        out.append(vi ? "  ✓ không thuộc các trường hợp loại trừ: " : "  ✓ no exclusion applies: ");
        std::vector<const std::string*> listed;  // a provision with several exclusions, once
        for (const auto& t : r.outcome.trace) {
            if (t.status != rule_status::not_applies || !t.applied.empty()) continue;
            const std::string& c = m_rules[t.rule].cite[k];
            if (std::any_of(listed.begin(), listed.end(), [&](const std::string* x) { return *x == c; })) continue;
            if (!listed.empty()) out.append(", ");
            listed.push_back(&c);
            out.append(c);
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

std::string render_text(const case_result& r, const ir::program& p, const source_manager& sources, language lang,
                        bool identifiers) {
    std::string out;
    renderer writer(p, sources);
    writer.name_unlabelled_facts(identifiers);
    writer.text(r, lang, out);
    return out;
}

}  // namespace decree::eval
