// decreec diff OLD NEW (no case files): what changed between two rounds, provision by provision
// (the matching of decree/lang/round_diff.hpp), as text in Vietnamese or English, or as one
// JSON document.
#include <filesystem>
#include <ostream>

#include "cli/commands.hpp"
#include "decree/lang/round_diff.hpp"

namespace decree::cli {

namespace {

using rounds::change;
using rounds::change_kind;

// The words of the listing in one language.
struct vocabulary {
    const char *header, *citation, *title, *signed_on, *effective, *rounding, *source_removed, *source_added;
    const char *sets, *declarations, *added, *removed, *moved, *changed;
    const char *none, *top_level, *text, *applies, *assumed, *number_assumed, *parameter, *definition, *type, *at_least, *at_most;
    const char *place, *omitted, *summary, *nothing;
};

constexpr vocabulary english{"header", "citation", "title", "signed", "effective", "rounding", "source removed",
                             "source added", "set", "declarations", "added", "removed", "moved", "changed",
                             "none", "top level", "text", "applies when", "assumed", "assumed number", "parameter", "definition",
                             "type", "at least", "at most", "place", "omitted by the new round", "summary",
                             "no differences"};
constexpr vocabulary vietnamese{"phần đầu", "số hiệu", "tiêu đề", "ký ngày", "hiệu lực", "làm tròn", "bỏ nguồn",
                                "thêm nguồn", "đặt", "khai báo", "thêm", "bỏ", "chuyển số", "sửa đổi",
                                "không có", "ngoài các điều", "nội dung", "áp dụng khi", "giả định", "giả định số hiệu", "tham số",
                                "định nghĩa", "kiểu", "tối thiểu", "tối đa", "vị trí", "đợt mới ghi bỏ", "tổng",
                                "không có khác biệt"};

constexpr std::size_t context_words = 4;     // words shown around a change of legal text
constexpr std::size_t text_characters = 100;  // of a provision's text, for an added or removed one

std::string words(const std::vector<std::string>& ws, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + ws[i];
    return out;
}

// The change from [before] to [after] word by word, `[-removed-]` and `{+added+}`, with a few
// words of context around each change and `…` for the rest.
std::string compact(const std::string& before, const std::string& after) {
    const auto runs = rounds::word_diff(before, after);
    std::string out;
    auto add = [&](const std::string& piece) { out += (out.empty() ? "" : " ") + piece; };
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto& ws = runs[k].words;
        if (runs[k].what == rounds::word_run::kind::removed) {
            add("[-" + words(ws, 0, ws.size()) + "-]");
        } else if (runs[k].what == rounds::word_run::kind::added) {
            add("{+" + words(ws, 0, ws.size()) + "+}");
        } else {
            const bool first = k == 0, last = k + 1 == runs.size();
            const std::size_t keep_head = first ? 0 : context_words, keep_tail = last ? 0 : context_words;
            if (ws.size() <= keep_head + keep_tail) {
                add(words(ws, 0, ws.size()));
                continue;
            }
            if (keep_head > 0) add(words(ws, 0, keep_head));
            add("…");
            if (keep_tail > 0) add(words(ws, ws.size() - keep_tail, ws.size()));
        }
    }
    return out;
}

std::string quoted(const std::optional<std::string>& s, const vocabulary& v) {
    return s ? "\"" + *s + "\"" : std::string(v.none);
}
std::string plain(const std::optional<std::string>& s, const vocabulary& v) { return s ? *s : std::string(v.none); }

std::string json_string(const std::optional<std::string>& s) {
    return s ? "\"" + json_escape(*s) + "\"" : "null";
}
std::string json_change(const change& c) {
    return "{\"old\":" + json_string(c.before) + ",\"new\":" + json_string(c.after) + "}";
}

struct round_file {
    std::string path;
    std::unique_ptr<compilation> comp;
    [[nodiscard]] const ir::program& program() const { return *comp->program; }
};

class listing {
public:
    listing(const round_file& a, const round_file& b, bool en)
        : m_old(a), m_new(b), m_en(en), m_v(en ? english : vietnamese),
          m_cmp(rounds::compare({a.program(), a.comp->sources}, {b.program(), b.comp->sources})) {
        find_omissions();
    }

    std::string text() const;
    std::string json() const;

private:
    const round_file& m_old;
    const round_file& m_new;
    bool m_en;
    const vocabulary& m_v;
    rounds::comparison m_cmp;
    std::vector<const ir::omission*> m_omitted;  // old provision -> the new round's `omits` of it

    // The new round's `omits`, when its `follows` names the old round's file.
    void find_omissions() {
        const auto& self = m_new.program().modules.front();
        std::error_code ec;
        const bool follows = self.follows && std::filesystem::equivalent(beside(m_new.path, *self.follows), m_old.path, ec);
        static const std::vector<ir::omission> none;
        m_omitted = rounds::omitted(m_old.program(), follows ? self.omits : none);
    }

    [[nodiscard]] std::string cite(const ir::program& p, int i) const {
        const auto& pr = p.provisions[static_cast<std::size_t>(i)];
        return m_en ? pr.citation_en : pr.citation_vi;
    }
    // Where [d] is declared on one side: a provision's citation, or the top level.
    [[nodiscard]] std::string place(const rounds::decl_change& d, bool after) const {
        const auto& c = m_en ? d.place_en : d.place_vi;
        return (after ? c.after : c.before).value_or(m_v.top_level);
    }
    [[nodiscard]] std::size_t count(change_kind k) const {
        std::size_t n = 0;
        for (const auto& e : m_cmp.provisions) n += e.kind == k ? 1 : 0;
        return n;
    }
    void header_text(std::string& out) const;
    void decl_text(std::string& out, const rounds::decl_change& d, const std::string& pad) const;
    void entry_text(std::string& out, const rounds::provision_change& e) const;
    [[nodiscard]] std::string decl_json(const rounds::decl_change& d) const;
    [[nodiscard]] std::string entry_json(const rounds::provision_change& e) const;
};

void line(std::string& out, const std::string& pad, const std::string& label, const change& c, const vocabulary& v,
          bool quote = true) {
    if (!c.changed()) return;
    out += pad + label + ": " + (quote ? quoted(c.before, v) : plain(c.before, v)) + " → " +
           (quote ? quoted(c.after, v) : plain(c.after, v)) + "\n";
}

void listing::header_text(std::string& out) const {
    const auto& h = m_cmp.header;
    if (h.empty()) return;
    out += std::string(m_v.header) + "\n";
    line(out, "  ", m_v.citation, h.citation, m_v);
    line(out, "  ", m_v.title, h.title, m_v);
    line(out, "  ", m_v.signed_on, h.signed_on, m_v, false);
    line(out, "  ", m_v.effective, h.effective_on, m_v, false);
    line(out, "  ", m_v.rounding, h.rounding, m_v, false);
    for (const auto& s : h.sources_removed) out += std::string("  ") + m_v.source_removed + ": \"" + s + "\"\n";
    for (const auto& s : h.sources_added) out += std::string("  ") + m_v.source_added + ": \"" + s + "\"\n";
}

void listing::decl_text(std::string& out, const rounds::decl_change& d, const std::string& pad) const {
    const std::string what = std::string(d.what == rounds::decl_change::kind::parameter ? m_v.parameter : m_v.definition) +
                             " " + d.name;
    auto whole = [&](bool after) {
        const std::string& type = *(after ? d.type.after : d.type.before);
        std::string s = what + (type.starts_with("(") ? "" : " : ") + type;
        if (const auto& v = after ? d.value.after : d.value.before) s += " = " + *v;
        if (const auto& v = after ? d.at_least.after : d.at_least.before) s += " " + std::string(m_v.at_least) + " " + *v;
        if (const auto& v = after ? d.at_most.after : d.at_most.before) s += " " + std::string(m_v.at_most) + " " + *v;
        return s;
    };
    if (d.old_index < 0 || d.new_index < 0) {
        const bool after = d.old_index < 0;
        out += pad + (after ? "+ " : "- ") + whole(after) + "\n";
        if (const auto& a = after ? d.assumed.after : d.assumed.before) out += pad + "  " + m_v.assumed + ": \"" + *a + "\"\n";
        return;
    }
    if (d.value.changed()) out += pad + what + ": " + plain(d.value.before, m_v) + " → " + plain(d.value.after, m_v) + "\n";
    auto aspect = [&](const char* label, const change& c, bool quote) {
        if (c.changed()) line(out, pad, what + " (" + label + ")", c, m_v, quote);
    };
    aspect(m_v.type, d.type, false);
    aspect(m_v.at_least, d.at_least, false);
    aspect(m_v.at_most, d.at_most, false);
    aspect(m_v.assumed, d.assumed, true);
    if (d.place_vi.changed()) {
        out += pad + what + " (" + m_v.place + "): " + place(d, false) + " → " + place(d, true) + "\n";
    }
}

void listing::entry_text(std::string& out, const rounds::provision_change& e) const {
    const auto& a = m_old.program();
    const auto& b = m_new.program();
    const bool added = e.kind == change_kind::added, removed = e.kind == change_kind::removed;
    std::string head = "  ";
    if (e.kind == change_kind::moved) {
        head += cite(a, e.old_provision) + " → " + cite(b, e.new_provision);
    } else {
        head += removed ? cite(a, e.old_provision) : cite(b, e.new_provision);
        const auto& title = removed ? e.title.before : e.title.after;
        if (title && (added || removed || !e.title.changed())) head += " \"" + *title + "\"";
    }
    if (const auto* o = removed ? m_omitted[static_cast<std::size_t>(e.old_provision)] : nullptr) {
        head += " (" + std::string(m_v.omitted) + ": \"" + o->reason + "\")";
    }
    out += head + "\n";
    const std::string pad = "    ";
    if (added || removed) {
        const auto& t = added ? e.texts.after : e.texts.before;
        if (t) out += pad + m_v.text + ": \"" + utf8_shorten(*t, text_characters) + "\"\n";
        if (const auto& x = added ? e.applies.after : e.applies.before) out += pad + m_v.applies + ": " + *x + "\n";
        if (const auto& x = added ? e.assumed.after : e.assumed.before) out += pad + m_v.assumed + ": \"" + *x + "\"\n";
        if (const auto& x = added ? e.number_assumed.after : e.number_assumed.before) {
            out += pad + m_v.number_assumed + ": \"" + *x + "\"\n";
        }
    } else {
        line(out, pad, m_v.title, e.title, m_v);
        if (e.texts.changed()) {
            out += pad + m_v.text + ": ";
            if (e.texts.before && e.texts.after) {
                out += compact(*e.texts.before, *e.texts.after) + "\n";
            } else {
                out += quoted(e.texts.before ? std::optional(utf8_shorten(*e.texts.before, text_characters)) : std::nullopt, m_v) +
                       " → " + quoted(e.texts.after ? std::optional(utf8_shorten(*e.texts.after, text_characters)) : std::nullopt, m_v) + "\n";
            }
        }
        line(out, pad, m_v.applies, e.applies, m_v, false);
        line(out, pad, m_v.assumed, e.assumed, m_v);
        line(out, pad, m_v.number_assumed, e.number_assumed, m_v);
    }
    for (const auto& r : e.rules) {
        if (r.text.changed()) {
            if (r.text.before) out += pad + "- " + *r.text.before + "\n";
            if (r.text.after) out += pad + "+ " + *r.text.after + "\n";
        } else {
            out += pad + "  " + *r.text.after + "\n";
        }
        if (!r.text.before || !r.text.after) {
            const auto& x = r.text.after ? r.assumed.after : r.assumed.before;
            if (x) out += pad + "  " + m_v.assumed + ": \"" + *x + "\"\n";
        } else {
            line(out, pad + "  ", m_v.assumed, r.assumed, m_v);
        }
    }
    for (const auto& d : e.decls) decl_text(out, d, pad);
}

std::string listing::text() const {
    std::string out = "--- " + m_old.path + "\n+++ " + m_new.path + "\n";
    header_text(out);
    if (!m_cmp.sets.empty()) {
        out += std::string(m_v.sets) + "\n";
        for (const auto& s : m_cmp.sets) {
            if (s.value.changed()) out += "  " + s.name + ": " + plain(s.value.before, m_v) + " → " + plain(s.value.after, m_v) + "\n";
            line(out, "  ", s.name + " (" + m_v.assumed + ")", s.assumed, m_v);
        }
    }
    if (!m_cmp.decls.empty()) {
        out += std::string(m_v.declarations) + "\n";
        for (const auto& d : m_cmp.decls) decl_text(out, d, "  ");
    }
    for (const auto k : {change_kind::added, change_kind::removed, change_kind::moved, change_kind::changed}) {
        const auto n = count(k);
        if (n == 0) continue;
        const char* title = k == change_kind::added ? m_v.added : k == change_kind::removed ? m_v.removed
                            : k == change_kind::moved ? m_v.moved : m_v.changed;
        out += std::string(title) + " (" + std::to_string(n) + ")\n";
        for (const auto& e : m_cmp.provisions) {
            if (e.kind == k) entry_text(out, e);
        }
    }
    const bool none = m_cmp.header.empty() && m_cmp.sets.empty() && m_cmp.decls.empty() && m_cmp.provisions.empty();
    if (none) return out + m_v.nothing + "\n";
    return out + m_v.summary + ": " + std::to_string(count(change_kind::added)) + " " + m_v.added + ", " +
           std::to_string(count(change_kind::removed)) + " " + m_v.removed + ", " + std::to_string(count(change_kind::moved)) +
           " " + m_v.moved + ", " + std::to_string(count(change_kind::changed)) + " " + m_v.changed + "\n";
}

std::string listing::decl_json(const rounds::decl_change& d) const {
    auto side = [&](bool after) -> std::string {
        if ((after ? d.new_index : d.old_index) < 0) return "null";
        auto get = [after](const change& c) { return json_string(after ? c.after : c.before); };
        const auto& vi = after ? d.place_vi.after : d.place_vi.before;
        const auto& en = after ? d.place_en.after : d.place_en.before;
        std::string place = vi ? "{\"vi\":" + json_string(vi) + ",\"en\":" + json_string(en) + "}" : "null";
        return "{\"place\":" + place + ",\"type\":" + get(d.type) + ",\"value\":" + get(d.value) +
               (d.what == rounds::decl_change::kind::parameter ? ",\"at_least\":" + get(d.at_least) + ",\"at_most\":" + get(d.at_most) : "") +
               ",\"assumed\":" + get(d.assumed) + "}";
    };
    return "{\"name\":\"" + json_escape(d.name) + "\",\"kind\":\"" +
           (d.what == rounds::decl_change::kind::parameter ? "parameter" : "definition") + "\",\"place_changed\":" +
           (d.place_vi.changed() ? "true" : "false") + ",\"old\":" + side(false) + ",\"new\":" + side(true) + "}";
}

std::string listing::entry_json(const rounds::provision_change& e) const {
    auto cite_json = [&](const ir::program& p, int i) -> std::string {
        if (i < 0) return "null";
        const auto& pr = p.provisions[static_cast<std::size_t>(i)];
        return "{\"vi\":\"" + json_escape(pr.citation_vi) + "\",\"en\":\"" + json_escape(pr.citation_en) + "\"}";
    };
    const bool matched = e.old_provision >= 0 && e.new_provision >= 0;
    std::string out = "{\"old\":" + cite_json(m_old.program(), e.old_provision) + ",\"new\":" +
                      cite_json(m_new.program(), e.new_provision);
    if (matched) out += std::string(",\"matched_by\":\"") + (e.by_rules ? "rules" : "number") + "\"";
    if (const auto* o = e.old_provision >= 0 && !matched ? m_omitted[static_cast<std::size_t>(e.old_provision)] : nullptr) {
        out += ",\"omitted\":\"" + json_escape(o->reason) + "\"";
    }
    auto field = [&](const char* name, const change& c) {
        if (!matched ? (c.before || c.after) : c.changed()) out += std::string(",\"") + name + "\":" + json_change(c);
    };
    field("title", e.title);
    if (!matched ? (e.texts.before || e.texts.after) : e.texts.changed()) {
        out += ",\"text\":{\"old\":" + json_string(e.texts.before) + ",\"new\":" + json_string(e.texts.after);
        if (e.texts.before && e.texts.after) out += ",\"diff\":\"" + json_escape(compact(*e.texts.before, *e.texts.after)) + "\"";
        out += "}";
    }
    field("applies_when", e.applies);
    field("assumed", e.assumed);
    field("assumed_number", e.number_assumed);
    out += ",\"rules\":[";
    for (std::size_t i = 0; i < e.rules.size(); ++i) {
        const auto& r = e.rules[i];
        out += std::string(i ? "," : "") + "{\"kind\":\"" + ir::to_string(r.kind) + "\",\"old\":" + json_string(r.text.before) +
               ",\"new\":" + json_string(r.text.after) + ",\"assumed\":" + json_change(r.assumed) + "}";
    }
    out += "],\"declarations\":[";
    for (std::size_t i = 0; i < e.decls.size(); ++i) out += (i ? "," : "") + decl_json(e.decls[i]);
    return out + "]}";
}

std::string listing::json() const {
    auto file = [](const round_file& f) {
        return "{\"file\":\"" + json_escape(f.path) + "\",\"citation\":\"" + json_escape(f.program().modules.front().citation) + "\"}";
    };
    const auto& h = m_cmp.header;
    auto strings = [](const std::vector<std::string>& xs) {
        std::string out = "[";
        for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ",\"" : "\"") + json_escape(xs[i]) + "\"";
        return out + "]";
    };
    std::string out = "{\"old\":" + file(m_old) + ",\"new\":" + file(m_new) + ",\"header\":{";
    std::string fields;
    auto field = [&](const char* name, const change& c) {
        if (c.changed()) fields += std::string(fields.empty() ? "" : ",") + "\"" + name + "\":" + json_change(c);
    };
    field("citation", h.citation);
    field("title", h.title);
    field("signed", h.signed_on);
    field("effective", h.effective_on);
    field("rounding", h.rounding);
    if (!h.sources_removed.empty()) fields += std::string(fields.empty() ? "" : ",") + "\"sources_removed\":" + strings(h.sources_removed);
    if (!h.sources_added.empty()) fields += std::string(fields.empty() ? "" : ",") + "\"sources_added\":" + strings(h.sources_added);
    out += fields + "},\"set\":[";
    for (std::size_t i = 0; i < m_cmp.sets.size(); ++i) {
        const auto& s = m_cmp.sets[i];
        out += std::string(i ? "," : "") + "{\"name\":\"" + json_escape(s.name) + "\",\"value\":" + json_change(s.value) +
               ",\"assumed\":" + json_change(s.assumed) + "}";
    }
    out += "],\"declarations\":[";
    for (std::size_t i = 0; i < m_cmp.decls.size(); ++i) out += (i ? "," : "") + decl_json(m_cmp.decls[i]);
    out += "]";
    for (const auto k : {change_kind::added, change_kind::removed, change_kind::moved, change_kind::changed}) {
        out += std::string(",\"") + (k == change_kind::added ? "added" : k == change_kind::removed ? "removed"
                                      : k == change_kind::moved ? "moved" : "changed") + "\":[";
        bool first = true;
        for (const auto& e : m_cmp.provisions) {
            if (e.kind != k) continue;
            out += (first ? "" : ",") + entry_json(e);
            first = false;
        }
        out += "]";
    }
    return out + "}\n";
}

}  // namespace

int structure_diff(const std::string& old_path, const std::string& new_path, bool json, bool english, std::ostream& out,
                   std::ostream& err, const environment& env) {
    round_file rounds[2] = {{old_path, nullptr}, {new_path, nullptr}};
    for (auto& r : rounds) {
        int code = ok;
        r.comp = load_decree(r.path, err, env, code, false);
        if (!r.comp) return code;
    }
    const listing l(rounds[0], rounds[1], english);
    out << (json ? l.json() : l.text());
    return ok;
}

}  // namespace decree::cli
