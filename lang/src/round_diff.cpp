// Two rounds compared provision by provision (round_diff.hpp): the matching of the old round's
// provisions to the new round's, and what changed in each pair, in the header, the `set` values
// and the declarations.
#include "decree/lang/round_diff.hpp"

#include <algorithm>
#include <map>

#include "checker.hpp"
#include "decree/lang/keywords.hpp"
#include "grammar/lexical.hpp"

namespace decree::rounds {

namespace {

// A reason as `diff` shows it: "Vietnamese / English", or the one text written for both.
std::optional<std::string> written(const std::optional<text>& t) {
    if (!t) return std::nullopt;
    return t->vi == t->en ? t->en : t->vi + " / " + t->en;
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && blank(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !blank(text[i])) ++i;
        if (i > start) out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

// Largest table of the word-level longest common subsequence; longer texts are compared by their
// common start and end only.
constexpr std::size_t max_cells = 1u << 22;

void push(std::vector<word_run>& out, word_run::kind k, const std::string& w) {
    if (out.empty() || out.back().what != k) out.push_back({k, {}});
    out.back().words.push_back(w);
}

}  // namespace

std::string source_text(const source_manager& sources, span s) {
    if (s.file == no_source || s.file >= sources.size()) return {};
    const std::string& t = sources.get(s.file).text();
    const std::size_t end = std::min<std::size_t>(std::max(s.begin, s.end), t.size());
    std::string out;
    bool gap = false;
    auto put = [&](std::string_view piece) {
        if (gap && !out.empty()) out += ' ';
        gap = false;
        out += piece;
    };
    for (std::size_t i = std::min<std::size_t>(s.begin, t.size()); i < end;) {
        if (t[i] == '"') {  // a string, kept as it is
            std::size_t j = i + 1;
            while (j < end && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, end);
            put(std::string_view(t).substr(i, j - i));
            i = j;
        } else if (t.compare(i, 2, "--") == 0) {  // a comment, to the end of its line
            while (i < end && t[i] != '\n') ++i;
            gap = true;
        } else if (blank(t[i])) {
            gap = true;
            ++i;
        } else {
            put(std::string_view(t).substr(i, 1));
            ++i;
        }
    }
    return out;
}

std::vector<word_run> word_diff(std::string_view before, std::string_view after) {
    const auto a = words_of(before), b = words_of(after);
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
    std::vector<word_run> out;
    for (std::size_t i = 0; i < head; ++i) push(out, word_run::kind::same, a[i]);
    const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
    if (n * m <= max_cells) {
        // lcs[i][j]: the longest common subsequence of a[head+i..] and b[head+j..].
        std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
        auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
        for (std::size_t i = n; i-- > 0;) {
            for (std::size_t j = m; j-- > 0;) {
                at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[head + i] == b[head + j]) {
                push(out, word_run::kind::same, a[head + i]);
                ++i;
                ++j;
            } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                push(out, word_run::kind::added, b[head + j++]);
            } else {
                push(out, word_run::kind::removed, a[head + i++]);
            }
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) push(out, word_run::kind::removed, a[head + i]);
        for (std::size_t j = 0; j < m; ++j) push(out, word_run::kind::added, b[head + j]);
    }
    for (std::size_t i = a.size() - tail; i < a.size(); ++i) push(out, word_run::kind::same, a[i]);
    // A removal next to an addition reads better removal first.
    for (std::size_t k = 0; k + 1 < out.size(); ++k) {
        if (out[k].what == word_run::kind::added && out[k + 1].what == word_run::kind::removed) std::swap(out[k], out[k + 1]);
    }
    return out;
}

int similarity(std::string_view before, std::string_view after) {
    std::size_t same = 0, total = 0;
    for (const auto& r : word_diff(before, after)) {
        total += r.words.size() * (r.what == word_run::kind::same ? 2 : 1);
        if (r.what == word_run::kind::same) same += r.words.size();
    }
    return total == 0 ? 100 : static_cast<int>(200 * same / total);
}

std::string path_of(const ir::program& p, std::uint32_t provision) {
    std::string out;
    for (int i = static_cast<int>(provision); i >= 0; i = p.provisions[static_cast<std::size_t>(i)].parent) {
        const auto& number = p.provisions[static_cast<std::size_t>(i)].number;
        out = out.empty() ? number : number + "/" + out;
    }
    return out;
}

std::string path_of(const ir::omission& o) {
    return o.article + (o.clause ? "/" + *o.clause : "") + (o.point ? "/" + *o.point : "");
}

std::vector<const ir::omission*> omitted(const ir::program& before, const std::vector<ir::omission>& omits) {
    std::vector<const ir::omission*> out(before.provisions.size(), nullptr);
    // INVARIANT: a provision comes after its parent in program::provisions.
    for (std::uint32_t i = 0; i < before.provisions.size(); ++i) {
        if (before.provisions[i].module != 0) continue;
        const auto path = path_of(before, i);
        for (const auto& o : omits) {
            if (out[i] == nullptr && path_of(o) == path) out[i] = &o;
        }
        const int parent = before.provisions[i].parent;
        if (out[i] == nullptr && parent >= 0) out[i] = out[static_cast<std::size_t>(parent)];
    }
    return out;
}

namespace {

// [text] (a source_text) with every keyword in its English spelling (and `year`, `month`, `day` as
// `years`, `months`, `days`, which Vietnamese does not distinguish), so that a rule written with
// Vietnamese keywords is the same as one written with English keywords. Field names (after `.`)
// and strings are kept; elsewhere in a rule a word that spells a keyword is that keyword.
std::string canonical(std::string_view text) {
    namespace lex = grammar::detail;
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, text.size());
            out.append(text.substr(i, j - i));
            i = j;
            continue;
        }
        const std::size_t len = lex::name_length(text.data() + i, text.size() - i);
        if (len == 0) {
            out += text[i++];
            continue;
        }
        std::size_t best = 0;
        const keyword_spelling* found = nullptr;
        if (i == 0 || text[i - 1] != '.') {
            for (const auto& k : keyword_table) {
                for (const auto sp : {k.en, k.vi}) {
                    if (const auto n = lex::match_spelling(text.data() + i, text.size() - i, sp); n > best) {
                        best = n;
                        found = &k;
                    }
                }
            }
        }
        if (found == nullptr) {
            out.append(text.substr(i, len));
            i += len;
            continue;
        }
        const auto& k = found->name == "year_"    ? spelling(keyword::years_)
                        : found->name == "month_" ? spelling(keyword::months_)
                        : found->name == "day_"   ? spelling(keyword::days_)
                                                  : *found;
        out += k.en;
        i += best;
    }
    return out;
}

// [c] with its new side made the old one when the two differ only in the keywords' language.
change settled(change c) {
    if (c.before && c.after && *c.before != *c.after && canonical(*c.before) == canonical(*c.after)) c.after = c.before;
    return c;
}

// Texts at least this similar (percent), or that open with the same words, are "mostly the same".
constexpr int similar_enough = 67;
constexpr std::size_t opening_words = 10;

bool same_opening(std::string_view a, std::string_view b) {
    const auto x = words_of(a), y = words_of(b);
    return x.size() >= opening_words && y.size() >= opening_words &&
           std::equal(x.begin(), x.begin() + opening_words, y.begin());
}

// What the matching knows of one round's provisions, by provision index.
struct side {
    const round_ref& round;
    std::vector<std::uint32_t> order;  // the root decree's provisions, in the decree's order
    std::vector<std::string> path, key, text;
    std::map<std::string, std::uint32_t> by_path;

    explicit side(const round_ref& r) : round(r) {
        const auto& p = r.program;
        path.resize(p.provisions.size());
        key.resize(p.provisions.size());
        text.resize(p.provisions.size());
        auto walk = [&](std::uint32_t i, auto&& self) -> void {
            order.push_back(i);
            const auto& pr = p.provisions[i];
            path[i] = path_of(p, i);
            by_path.emplace(path[i], i);
            for (const auto rule : pr.rules) key[i] += (key[i].empty() ? "" : "\n") + canonical(rule_text(rule));
            std::string all;
            for (const auto& t : pr.texts) all += (all.empty() ? "" : " ") + t.value;
            text[i] = joined(words_of(all));
            for (const auto c : pr.children) self(c, self);
        };
        for (const auto root : p.roots) walk(root, walk);
    }
    [[nodiscard]] const ir::provision& at(std::uint32_t i) const { return round.program.provisions[i]; }
    [[nodiscard]] std::string rule_text(std::uint32_t rule) const {
        return source_text(round.sources, round.program.rules[rule].body);
    }
    [[nodiscard]] std::optional<std::string> expr_text(const std::optional<ir::expr>& e) const {
        if (!e) return std::nullopt;
        return source_text(round.sources, e->loc);
    }
};

std::optional<std::string> text_or_none(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
}

class matcher {
public:
    matcher(const round_ref& before, const round_ref& after) : m_old(before), m_new(after) {
        m_out.old_to_new.assign(before.program.provisions.size(), -1);
        m_out.new_to_old.assign(after.program.provisions.size(), -1);
        m_by_rules.assign(before.program.provisions.size(), false);
    }

    comparison run() {
        match();
        header();
        sets();
        for (const auto o : m_old.order) {
            const int n = m_out.old_to_new[o];
            entry_for(static_cast<int>(o), n);
        }
        for (const auto n : m_new.order) {
            if (m_out.new_to_old[n] < 0) entry_for(-1, static_cast<int>(n));
        }
        decls();
        collect();
        return std::move(m_out);
    }

private:
    side m_old, m_new;
    comparison m_out;
    std::vector<bool> m_by_rules;
    std::map<std::pair<int, int>, provision_change> m_entries;  // (old, new) -> entry

    void link(std::uint32_t o, std::uint32_t n, bool by_rules) {
        m_out.old_to_new[o] = static_cast<int>(n);
        m_out.new_to_old[n] = static_cast<int>(o);
        m_by_rules[o] = by_rules;
    }
    [[nodiscard]] bool free_old(std::uint32_t o) const { return m_out.old_to_new[o] < 0; }
    [[nodiscard]] bool free_new(std::uint32_t n) const { return m_out.new_to_old[n] < 0; }
    [[nodiscard]] bool same_title(std::uint32_t o, std::uint32_t n) const {
        return m_old.at(o).title && m_new.at(n).title && *m_old.at(o).title == *m_new.at(n).title;
    }
    [[nodiscard]] bool similar_text(std::uint32_t o, std::uint32_t n) const {
        return similarity(m_old.text[o], m_new.text[n]) >= similar_enough || same_opening(m_old.text[o], m_new.text[n]);
    }

    void match() {
        // 1. The same rules at the same number.
        for (const auto o : m_old.order) {
            const auto it = m_new.by_path.find(m_old.path[o]);
            if (!m_old.key[o].empty() && it != m_new.by_path.end() && free_new(it->second) &&
                m_new.key[it->second] == m_old.key[o]) {
                link(o, it->second, true);
            }
        }
        // 2. The same rules at another number: renumbered.
        std::map<std::string, std::vector<std::uint32_t>> by_key;
        for (const auto n : m_new.order) {
            if (free_new(n) && !m_new.key[n].empty()) by_key[m_new.key[n]].push_back(n);
        }
        for (const auto o : m_old.order) {
            if (!free_old(o) || m_old.key[o].empty()) continue;
            auto it = by_key.find(m_old.key[o]);
            if (it == by_key.end()) continue;
            for (const auto n : it->second) {
                if (free_new(n)) {
                    link(o, n, true);
                    break;
                }
            }
        }
        // 3. The same number, with the same title or mostly the same text.
        for (const auto o : m_old.order) {
            const auto it = m_new.by_path.find(m_old.path[o]);
            if (free_old(o) && it != m_new.by_path.end() && free_new(it->second) &&
                (same_title(o, it->second) || similar_text(o, it->second))) {
                link(o, it->second, false);
            }
        }
        // 4. Another number, the same title and mostly the same text.
        for (const auto o : m_old.order) {
            if (!free_old(o) || !m_old.at(o).title) continue;
            for (const auto n : m_new.order) {
                if (free_new(n) && m_new.at(n).lvl == m_old.at(o).lvl && same_title(o, n) && similar_text(o, n)) {
                    link(o, n, false);
                    break;
                }
            }
        }
    }

    void header() {
        const auto& a = m_old.round.program.modules.front();
        const auto& b = m_new.round.program.modules.front();
        auto iso = [](const std::optional<date>& d) -> std::optional<std::string> {
            if (!d) return std::nullopt;
            return d->iso();
        };
        auto rounding = [](date_rounding r) -> std::optional<std::string> {
            if (r == date_rounding::reject) return std::nullopt;
            return r == date_rounding::up ? "up" : "down";
        };
        auto& h = m_out.header;
        h.citation = {a.citation, b.citation};
        h.title = {a.title, b.title};
        h.signed_on = {iso(a.signed_on), iso(b.signed_on)};
        h.effective_on = {iso(a.effective_on), iso(b.effective_on)};
        h.rounding = {rounding(m_old.round.program.rounding), rounding(m_new.round.program.rounding)};
        auto minus = [](const std::vector<std::string>& x, std::vector<std::string> y) {
            std::vector<std::string> out;
            for (const auto& s : x) {
                auto it = std::find(y.begin(), y.end(), s);
                if (it == y.end()) {
                    out.push_back(s);
                } else {
                    y.erase(it);
                }
            }
            return out;
        };
        h.sources_removed = minus(a.sources, b.sources);
        h.sources_added = minus(b.sources, a.sources);
    }

    // A value as written, and whether two values are equal (as constants when both fold).
    static change values(const side& a, const std::optional<ir::expr>& x, const side& b, const std::optional<ir::expr>& y) {
        change c = settled({a.expr_text(x), b.expr_text(y)});
        if (x && y && c.changed()) {
            const auto fx = detail::fold(*x, a.round.program), fy = detail::fold(*y, b.round.program);
            if (fx && fy && detail::compare(*fx, *fy) == 0) c.after = c.before;
        }
        return c;
    }

    void sets() {
        auto key = [](const ir::program& p, const ir::parameter& prm) { return p.modules[prm.module].path + "." + prm.name; };
        auto collect_sets = [&](const side& s) {
            std::map<std::string, const ir::parameter*> out;
            for (const auto& prm : s.round.program.params) {
                if (prm.module != 0 && prm.set_loc.file != no_source) out.emplace(key(s.round.program, prm), &prm);
            }
            return out;
        };
        const auto before = collect_sets(m_old), after = collect_sets(m_new);
        auto add = [&](const ir::parameter* x, const ir::parameter* y) {
            set_change c;
            c.name = y != nullptr ? y->set_name : x->set_name;
            c.value = values(m_old, x != nullptr ? x->value : std::nullopt, m_new, y != nullptr ? y->value : std::nullopt);
            c.assumed = {x != nullptr ? written(x->assumed) : std::nullopt, y != nullptr ? written(y->assumed) : std::nullopt};
            if (c.value.changed() || c.assumed.changed()) m_out.sets.push_back(std::move(c));
        };
        for (const auto& prm : m_new.round.program.params) {
            if (prm.module == 0 || prm.set_loc.file == no_source) continue;
            const auto it = before.find(key(m_new.round.program, prm));
            add(it == before.end() ? nullptr : it->second, &prm);
        }
        for (const auto& prm : m_old.round.program.params) {
            if (prm.module != 0 && prm.set_loc.file != no_source && after.count(key(m_old.round.program, prm)) == 0) {
                add(&prm, nullptr);
            }
        }
    }

    // The rules of a matched pair: identical ones paired first, then ones of the same kind in
    // order; the rest are removed or added.
    std::vector<rule_change> rules(int o, int n) const {
        std::vector<std::uint32_t> a, b;
        if (o >= 0) a = m_old.at(static_cast<std::uint32_t>(o)).rules;
        if (n >= 0) b = m_new.at(static_cast<std::uint32_t>(n)).rules;
        const auto& ra = m_old.round.program.rules;
        const auto& rb = m_new.round.program.rules;
        std::vector<int> pair(a.size(), -1);
        std::vector<bool> taken(b.size(), false);
        auto pass = [&](auto&& fits) {
            for (std::size_t i = 0; i < a.size(); ++i) {
                for (std::size_t j = 0; j < b.size() && pair[i] < 0; ++j) {
                    if (!taken[j] && fits(a[i], b[j])) {
                        pair[i] = static_cast<int>(j);
                        taken[j] = true;
                    }
                }
            }
        };
        pass([&](std::uint32_t x, std::uint32_t y) { return canonical(m_old.rule_text(x)) == canonical(m_new.rule_text(y)); });
        pass([&](std::uint32_t x, std::uint32_t y) { return ra[x].kind == rb[y].kind; });
        std::vector<rule_change> out;
        for (std::size_t i = 0; i < a.size(); ++i) {
            rule_change c;
            c.old_rule = static_cast<int>(a[i]);
            c.kind = ra[a[i]].kind;
            c.text.before = m_old.rule_text(a[i]);
            c.assumed.before = written(ra[a[i]].assumed);
            if (pair[i] >= 0) {
                const auto y = b[static_cast<std::size_t>(pair[i])];
                c.new_rule = static_cast<int>(y);
                c.kind = rb[y].kind;
                c.text = settled({c.text.before, m_new.rule_text(y)});
                c.assumed.after = written(rb[y].assumed);
            }
            if (c.text.changed() || c.assumed.changed()) out.push_back(std::move(c));
        }
        for (std::size_t j = 0; j < b.size(); ++j) {
            if (taken[j]) continue;
            rule_change c;
            c.new_rule = static_cast<int>(b[j]);
            c.kind = rb[b[j]].kind;
            c.text.after = m_new.rule_text(b[j]);
            c.assumed.after = written(rb[b[j]].assumed);
            out.push_back(std::move(c));
        }
        return out;
    }

    void entry_for(int o, int n) {
        provision_change e;
        e.old_provision = o;
        e.new_provision = n;
        e.kind = o < 0 ? change_kind::added : n < 0 ? change_kind::removed : change_kind::changed;
        const ir::provision* a = o >= 0 ? &m_old.at(static_cast<std::uint32_t>(o)) : nullptr;
        const ir::provision* b = n >= 0 ? &m_new.at(static_cast<std::uint32_t>(n)) : nullptr;
        if (a != nullptr && b != nullptr) {
            e.by_rules = m_by_rules[static_cast<std::size_t>(o)];
            if (m_old.path[static_cast<std::size_t>(o)] != m_new.path[static_cast<std::size_t>(n)]) e.kind = change_kind::moved;
        }
        e.title = {a != nullptr ? a->title : std::nullopt, b != nullptr ? b->title : std::nullopt};
        e.texts = {a != nullptr ? text_or_none(m_old.text[static_cast<std::size_t>(o)]) : std::nullopt,
                   b != nullptr ? text_or_none(m_new.text[static_cast<std::size_t>(n)]) : std::nullopt};
        e.applies = settled({a != nullptr ? m_old.expr_text(a->applies) : std::nullopt,
                             b != nullptr ? m_new.expr_text(b->applies) : std::nullopt});
        e.assumed = {a != nullptr ? written(a->assumed) : std::nullopt, b != nullptr ? written(b->assumed) : std::nullopt};
        e.number_assumed = {a != nullptr ? written(a->number_assumed) : std::nullopt, b != nullptr ? written(b->number_assumed) : std::nullopt};
        e.rules = rules(o, n);
        m_entries.emplace(std::pair{o, n}, std::move(e));
    }

    struct decl_ref {
        decl_change::kind what;
        std::uint32_t index;
        int provision;
        span loc;
    };
    static std::map<std::string, decl_ref> decls_of(const ir::program& p) {
        std::map<std::string, decl_ref> out;
        for (std::uint32_t i = 0; i < p.params.size(); ++i) {
            if (p.params[i].module == 0) out.emplace(p.params[i].name, decl_ref{decl_change::kind::parameter, i, p.params[i].provision, p.params[i].loc});
        }
        for (std::uint32_t i = 0; i < p.defs.size(); ++i) {
            if (p.defs[i].module == 0) out.emplace(p.defs[i].name, decl_ref{decl_change::kind::definition, i, p.defs[i].provision, p.defs[i].loc});
        }
        return out;
    }
    static std::string signature(const ir::definition& d) {
        if (!d.callable) return ir::to_string(d.ty);
        std::string out = "(";
        for (std::size_t i = 0; i < d.args.size(); ++i) out += (i ? ", " : "") + d.args[i].first + " : " + ir::to_string(d.args[i].second);
        return out + ") : " + ir::to_string(d.ty);
    }
    // Fills [c] with one side of a declaration: what it is on that side.
    void describe(decl_change& c, const side& s, const decl_ref& d, bool after) const {
        auto set = [after](change& ch, std::optional<std::string> v) { (after ? ch.after : ch.before) = std::move(v); };
        const auto& p = s.round.program;
        if (d.what == decl_change::kind::parameter) {
            const auto& prm = p.params[d.index];
            set(c.value, s.expr_text(prm.value));
            set(c.type, ir::to_string(prm.ty));
            set(c.at_least, s.expr_text(prm.at_least));
            set(c.at_most, s.expr_text(prm.at_most));
            set(c.assumed, written(prm.assumed));
        } else {
            const auto& def = p.defs[d.index];
            set(c.value, source_text(s.round.sources, def.body.loc));
            set(c.type, signature(def));
            set(c.assumed, written(def.assumed));
        }
        if (d.provision >= 0) {
            set(c.place_vi, p.provisions[static_cast<std::size_t>(d.provision)].citation_vi);
            set(c.place_en, p.provisions[static_cast<std::size_t>(d.provision)].citation_en);
        }
    }
    [[nodiscard]] static bool any_change(const decl_change& c) {
        return c.value.changed() || c.type.changed() || c.at_least.changed() || c.at_most.changed() || c.assumed.changed() ||
               c.place_vi.changed();
    }

    void decls() {
        const auto before = decls_of(m_old.round.program), after = decls_of(m_new.round.program);
        std::vector<std::pair<std::pair<int, std::uint32_t>, std::string>> names;  // (side order, position) -> name
        for (const auto& [name, d] : after) names.push_back({{0, d.loc.begin}, name});
        for (const auto& [name, d] : before) {
            if (after.count(name) == 0) names.push_back({{1, d.loc.begin}, name});
        }
        std::sort(names.begin(), names.end());
        for (const auto& [order, name] : names) {
            const auto x = before.find(name), y = after.find(name);
            const decl_ref* a = x == before.end() ? nullptr : &x->second;
            const decl_ref* b = y == after.end() ? nullptr : &y->second;
            if (a != nullptr && b != nullptr && a->what != b->what) {  // a parameter became a definition
                place(decl_for(a, nullptr), a, nullptr);
                place(decl_for(nullptr, b), nullptr, b);
                continue;
            }
            place(decl_for(a, b), a, b);
        }
    }
    decl_change decl_for(const decl_ref* a, const decl_ref* b) const {
        decl_change c;
        c.what = a != nullptr ? a->what : b->what;
        c.name = a != nullptr ? (c.what == decl_change::kind::parameter ? m_old.round.program.params[a->index].name
                                                                      : m_old.round.program.defs[a->index].name)
                              : (c.what == decl_change::kind::parameter ? m_new.round.program.params[b->index].name
                                                                      : m_new.round.program.defs[b->index].name);
        if (a != nullptr) {
            c.old_index = static_cast<int>(a->index);
            describe(c, m_old, *a, false);
        }
        if (b != nullptr) {
            c.new_index = static_cast<int>(b->index);
            describe(c, m_new, *b, true);
        }
        c.value = settled(c.value);
        c.at_least = settled(c.at_least);
        c.at_most = settled(c.at_most);
        if (a != nullptr && b != nullptr && a->what == decl_change::kind::parameter) {
            c.value = values(m_old, m_old.round.program.params[a->index].value, m_new, m_new.round.program.params[b->index].value);
        }
        return c;
    }
    // Puts [c] under the provision entry it belongs to, or with the declarations.
    void place(decl_change c, const decl_ref* a, const decl_ref* b) {
        const int o = a != nullptr ? a->provision : -1, n = b != nullptr ? b->provision : -1;
        const bool together = a != nullptr && b != nullptr && o >= 0 && n >= 0 && m_out.old_to_new[static_cast<std::size_t>(o)] == n;
        if (a != nullptr && b != nullptr && !together) {  // at the top level, or moved between provisions
            if (any_change(c)) m_out.decls.push_back(std::move(c));
            return;
        }
        if (together) c.place_vi = c.place_en = {};  // it moves with its provision
        if (!any_change(c)) return;
        int key_old = -1, key_new = -1;
        if (o >= 0) {
            key_old = o;
            key_new = m_out.old_to_new[static_cast<std::size_t>(o)];
        } else if (n >= 0) {
            key_new = n;
            key_old = m_out.new_to_old[static_cast<std::size_t>(n)];
        } else {
            m_out.decls.push_back(std::move(c));
            return;
        }
        c.place_vi = c.place_en = {};
        m_entries.at({key_old, key_new}).decls.push_back(std::move(c));
    }

    void collect() {
        auto emit = [&](int o, int n, bool keep_unchanged) {
            auto it = m_entries.find({o, n});
            if (it == m_entries.end()) return;
            auto& e = it->second;
            const bool changed = e.title.changed() || e.texts.changed() || e.applies.changed() || e.assumed.changed() ||
                                 e.number_assumed.changed() ||
                                 !e.rules.empty() || !e.decls.empty();
            if (changed || keep_unchanged) m_out.provisions.push_back(std::move(e));
            m_entries.erase(it);
        };
        for (const auto n : m_new.order) {
            if (m_out.new_to_old[n] < 0) emit(-1, static_cast<int>(n), true);
        }
        for (const auto o : m_old.order) {
            if (m_out.old_to_new[o] < 0) emit(static_cast<int>(o), -1, true);
        }
        for (const auto n : m_new.order) {
            const int o = m_out.new_to_old[n];
            if (o >= 0) emit(o, static_cast<int>(n), m_old.path[static_cast<std::size_t>(o)] != m_new.path[n]);
        }
    }
};

}  // namespace

comparison compare(const round_ref& before, const round_ref& after) { return matcher(before, after).run(); }

carried carried_over(const comparison& c, const round_ref& before, const round_ref& after, std::uint32_t old_provision,
                     std::vector<ir::rule_kind>* lost) {
    const int n = c.old_to_new[old_provision];
    if (n < 0) return carried::no;
    auto kinds = [](const ir::program& p, const ir::provision& pr) {
        std::vector<ir::rule_kind> out;
        for (const auto r : pr.rules) {
            if (std::find(out.begin(), out.end(), p.rules[r].kind) == out.end()) out.push_back(p.rules[r].kind);
        }
        return out;
    };
    const auto had = kinds(before.program, before.program.provisions[old_provision]);
    const auto has = kinds(after.program, after.program.provisions[static_cast<std::size_t>(n)]);
    bool all = true;
    for (const auto k : had) {
        if (std::find(has.begin(), has.end(), k) != has.end()) continue;
        all = false;
        if (lost != nullptr) lost->push_back(k);
    }
    return all ? carried::yes : carried::without_rules;
}

}  // namespace decree::rounds
