// The legal sources check: every verbatim `text` of a file looked up in the source files its
// provisions name (`decreec check --sources DIR`). Runs on the syntax tree, after parsing.
#include "decree/lang/sources.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "suggest.hpp"

namespace decree {

namespace {

namespace fs = std::filesystem;

// In a prepared source, a break that no passage can span: where the source marks an omission.
constexpr char gap = '\x01';
constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026 …

// The code point starting at byte [i] of [s] and its length; an invalid byte is one U+FFFD.
std::size_t next_code_point(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
        cp = 0xFFFD;
        return 1;
    }
    cp = len == 1 ? b0 : b0 & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    return len;
}

bool is_space(char32_t c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
bool is_invisible(char32_t c) { return c == 0x200B || c == 0xFEFF; }

std::string nfc(std::string_view text) {
    if (!utf8_valid(text)) return std::string(text);
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return std::string(text);
    std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
    std::free(mapped);
    return out;
}

// The length of an omission marker of a source at [i]: `[` then an ellipsis (`...` or `…`) then
// anything up to `]` on the same line; 0 when there is none.
std::size_t source_marker(std::string_view s, std::size_t i) {
    if (s[i] != '[') return 0;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') ++j;
    if (s.compare(j, 3, "...") != 0 && s.compare(j, ellipsis.size(), ellipsis) != 0) return 0;
    const auto close = s.find_first_of("]\n", j);
    if (close == std::string_view::npos || s[close] != ']') return 0;
    return close + 1 - i;
}

// The length of an omission mark of a quote at [i]: three dots or more, `…`, or either of them in
// square brackets or parentheses; 0 when there is none.
std::size_t quote_marker(std::string_view s, std::size_t i) {
    auto bare = [&](std::size_t at) -> std::size_t {
        if (s.compare(at, ellipsis.size(), ellipsis) == 0) return ellipsis.size();
        std::size_t j = at;
        while (j < s.size() && s[j] == '.') ++j;
        return j - at >= 3 ? j - at : 0;
    };
    if (s[i] == '[' || s[i] == '(') {
        const char close = s[i] == '[' ? ']' : ')';
        std::size_t j = i + 1;
        while (j < s.size() && s[j] == ' ') ++j;
        if (const auto len = bare(j); len > 0) {
            j += len;
            while (j < s.size() && s[j] == ' ') ++j;
            if (j < s.size() && s[j] == close) return j + 1 - i;
        }
        return 0;
    }
    return bare(i);
}

// [text] (in NFC) with each run of white space one space and none at the ends; with [markers],
// the source's omission markers become gaps.
std::string collapse(std::string_view text, bool markers) {
    std::string out;
    out.reserve(text.size());
    bool pending = false;
    for (std::size_t i = 0; i < text.size();) {
        if (markers) {
            if (const auto len = source_marker(text, i); len > 0) {
                if (pending) out += ' ';
                out += gap;
                pending = true;
                i += len;
                continue;
            }
        }
        char32_t cp = 0;
        const auto len = next_code_point(text, i, cp);
        if (is_invisible(cp)) {
            i += len;
        } else if (is_space(cp)) {
            pending = !out.empty();
            i += len;
        } else {
            if (pending) out += ' ';
            pending = false;
            out.append(text, i, len);
            i += len;
        }
    }
    return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// At most [words] words of [s] from [at] (stopping at a gap), with "..." when cut.
std::string words_from(std::string_view s, std::size_t at, std::size_t words) {
    constexpr std::size_t max_bytes = 60;
    std::string out;
    std::size_t seen = 0;
    bool in_word = false;
    std::size_t i = at;
    for (; i < s.size(); ++i) {
        if (s[i] == gap) return out + "[...]";
        if (s[i] == ' ') {
            if (in_word && ++seen == words) break;
            in_word = false;
        } else {
            in_word = true;
        }
        if (out.size() >= max_bytes && !is_continuation(s[i])) break;
        out += s[i];
    }
    return i < s.size() ? out + " ..." : out;
}

// The beginning of [s] up to [end], from its [words]-th last word: "..." and that tail.
std::string tail_before(std::string_view s, std::size_t end, std::size_t words) {
    std::size_t b = end;
    std::size_t seen = 0;
    while (b > 0 && !(s[b - 1] == ' ' && ++seen == words)) --b;
    return (b > 0 ? "... " : "") + std::string(s.substr(b, end - b));
}

// `a`, `b` and `c` as a list for messages.
std::string backticked(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "`" : ", `") + names[i] + "`";
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A name that may be looked up: a relative path that stays inside its directory.
bool inside(const std::string& name) {
    if (name.empty()) return false;
    const fs::path p(name);
    if (p.is_absolute() || p.has_root_name() || p.has_root_directory()) return false;
    return std::none_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

}  // namespace

std::string normalize_text(std::string_view text) { return collapse(nfc(text), false); }

std::string prepare_source(std::string_view text) { return collapse(nfc(text), true); }

std::vector<std::string> quote_passages(std::string_view quote) {
    const std::string text = nfc(quote);
    std::vector<std::string> out;
    std::size_t start = 0;
    auto cut = [&](std::size_t end) {
        auto p = collapse(std::string_view(text).substr(start, end - start), false);
        if (!p.empty()) out.push_back(std::move(p));
    };
    for (std::size_t i = 0; i < text.size();) {
        if (const auto len = quote_marker(text, i); len > 0) {
            cut(i);
            i += len;
            start = i;
        } else {
            ++i;
        }
    }
    cut(text.size());
    return out;
}

quote_match match_quote(std::string_view quote, std::string_view source) {
    quote_match m;
    const auto passages = quote_passages(quote);
    m.passages = passages.size();
    std::size_t pos = 0;
    for (std::size_t k = 0; k < passages.size(); ++k) {
        const std::string& p = passages[k];
        if (const auto at = source.find(p, pos); at != std::string_view::npos) {
            pos = at + p.size();
            continue;
        }
        m.failed = k;
        m.passage = p;
        // The longest beginning of the passage found after the previous one: a beginning that is
        // found has all its own beginnings found, so the length can be searched by halving.
        std::size_t lo = 0, hi = p.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo + 1) / 2;
            if (source.find(std::string_view(p).substr(0, mid), pos) != std::string_view::npos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        while (lo > 0 && lo < p.size() && is_continuation(p[lo])) --lo;  // whole characters
        m.matched = lo;
        m.source_at = lo > 0 ? source.find(std::string_view(p).substr(0, lo), pos) + lo : pos;
        m.out_of_order = pos > 0 && source.find(p) != std::string_view::npos;
        return m;
    }
    m.found = true;
    return m;
}

text describe_mismatch(const quote_match& m, std::string_view source) {
    if (m.found) return {};
    const std::string_view p = m.passage;
    if (m.out_of_order) {
        return say(msg::src_out_of_order, {words_from(p, 0, 8)});
    }
    // Fewer than two words in common: there is no place of divergence worth showing.
    const auto common = p.substr(0, m.matched);
    const auto space = common.find(' ');
    if (space == std::string_view::npos || common.find_first_not_of(' ', space) == std::string_view::npos) {
        return say(msg::src_no_passage, {words_from(p, 0, 8)});
    }
    const std::string lead = tail_before(p, m.matched, 3);
    const std::string theirs = words_from(source, m.source_at, 4);
    const std::string ours = words_from(p, m.matched, 4);
    if (theirs.empty()) return say(msg::src_source_ends, {lead, lead + ours});
    return say(msg::src_source_has, {lead + theirs, lead + ours});
}

source_library::source_library(std::vector<std::string> dirs) : m_dirs(std::move(dirs)) {}
source_library::~source_library() = default;

const source_library::entry& source_library::find(const std::string& name) {
    if (auto it = m_entries.find(name); it != m_entries.end()) return it->second;
    entry e;
    if (!inside(name)) {
        e.error = say(msg::src_not_inside);
    } else {
        for (const auto& dir : m_dirs) {
            const fs::path path = fs::path(dir) / name;
            std::error_code ec;
            if (!fs::is_regular_file(path, ec)) continue;
            e.path = path.generic_string();
            auto text = read_source(e.path);
            if (!text) {
                e.error = say(msg::src_cannot_be_read);
            } else if (text->size() > max_source_bytes) {
                e.error = say(msg::src_too_large, {max_source_bytes >> 20});
            } else if (!utf8_valid(*text)) {
                e.error = say(msg::src_not_utf8);
            } else {
                e.prepared = prepare_source(*text);
            }
            break;
        }
        if (e.path.empty()) e.error = say(msg::src_not_found_in, {backticked(m_dirs)});
    }
    return m_entries.emplace(name, std::move(e)).first->second;
}

const std::vector<std::string>& source_library::names() {
    if (m_names) return *m_names;
    std::set<std::string> all;
    for (const auto& dir : m_dirs) {
        std::error_code ec;
        fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (!name.empty() && name[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec)) all.insert(fs::relative(it->path(), dir, ec).generic_string());
        }
    }
    m_names.emplace(all.begin(), all.end());
    return *m_names;
}

namespace {

class source_checker {
public:
    source_checker(source_library& library, diagnostic_sink& sink, source_check_stats& stats)
        : m_library(library), m_sink(sink), m_stats(stats) {}

    void run(const ast::file& file) {
        std::vector<const ast::source_file_ref*> names;
        for (const auto& f : file.source_files) names.push_back(&f);
        look_up(names);
        for (const auto& t : file.texts) check(t, names, say(msg::src_preamble));
        for (const auto& a : file.articles) provision(a, names);
    }

private:
    source_library& m_library;
    diagnostic_sink& m_sink;
    source_check_stats& m_stats;
    std::vector<const ast::provision*> m_chain;

    // Reports the named files that cannot be used (each at its own place).
    void look_up(const std::vector<const ast::source_file_ref*>& refs) {
        for (const auto* r : refs) {
            const auto& e = m_library.find(r->name);
            if (e.error.empty()) continue;
            text hint = say(msg::src_readable_hint, {max_source_bytes >> 20});
            if (e.path.empty()) {
                const auto s = m_sink.full() ? std::string() : detail::closest(r->name, m_library.names());
                hint = s.empty() ? say(msg::src_named_by_path_hint) : say(msg::did_you_mean, {s});
            }
            m_sink.error(code::E0603, r->loc, say(msg::src_source_file_unusable, {r->name, e.error}), hint);
        }
    }

    void provision(const ast::provision& p, std::vector<const ast::source_file_ref*> names) {
        m_chain.push_back(&p);
        std::vector<const ast::source_file_ref*> own;
        for (const auto& f : p.source_files) own.push_back(&f);
        look_up(own);
        names.insert(names.end(), own.begin(), own.end());
        const std::string cited = "`" + ast::citation_vi(m_chain) + "`";  // the same in both languages
        const text where(cited, cited);
        for (const auto& t : p.texts) check(t, names, where);
        for (const auto& c : p.children) provision(c, names);
        m_chain.pop_back();
    }

    // The first file of the sources directories, other than [tried], that holds [quote].
    std::string held_elsewhere(const std::string& quote, const std::vector<std::string>& tried) {
        if (m_sink.full()) return {};
        for (const auto& name : m_library.names()) {
            const auto& e = m_library.find(name);
            if (!e.error.empty() || std::find(tried.begin(), tried.end(), e.path) != tried.end()) continue;
            if (match_quote(quote, e.prepared).found) return name;
        }
        return {};
    }

    void check(const ast::legal_text& t, const std::vector<const ast::source_file_ref*>& refs,
               const text& where) {
        if (t.paraphrase) return;
        if (refs.empty()) {
            ++m_stats.unnamed;
            const auto elsewhere = held_elsewhere(t.value, {});
            m_sink.error(code::E0602, t.loc, say(msg::src_unnamed, {where}),
                         elsewhere.empty() ? say(msg::src_unnamed_hint)
                                           : say(msg::src_unnamed_elsewhere_hint, {elsewhere, elsewhere}));
            return;
        }
        std::vector<std::string> names, tried;
        quote_match best;
        std::string best_name;
        const std::string* best_source = nullptr;
        for (const auto* r : refs) {
            if (std::find(names.begin(), names.end(), r->name) != names.end()) continue;
            const auto& e = m_library.find(r->name);
            if (!e.error.empty()) continue;
            names.push_back(r->name);
            tried.push_back(e.path);
            m_stats.files.insert(e.path);
            auto m = match_quote(t.value, e.prepared);
            if (m.found) {
                ++m_stats.checked;
                return;
            }
            if (best_name.empty() || m.failed > best.failed || (m.failed == best.failed && m.matched > best.matched)) {
                best = std::move(m);
                best_name = r->name;
                best_source = &e.prepared;
            }
        }
        if (names.empty()) {  // every named file is missing: reported at its name
            ++m_stats.unchecked;
            return;
        }
        ++m_stats.checked;
        ++m_stats.not_found;
        const auto elsewhere = held_elsewhere(t.value, tried);
        text hint;
        if (!elsewhere.empty()) {
            hint = say(msg::src_elsewhere_hint, {elsewhere, elsewhere});
        } else {
            const text why = describe_mismatch(best, *best_source);
            hint = names.size() > 1 ? say(msg::src_in_file, {best_name, why}) : why;
        }
        m_sink.error(code::E0601, t.loc, say(msg::src_not_found, {where, backticked(names)}), hint);
    }
};

}  // namespace

void check_sources(const ast::file& file, source_library& library, diagnostic_sink& sink,
                   source_check_stats& stats) {
    source_checker(library, sink, stats).run(file);
}

std::string summary_line(const source_check_stats& stats) {
    std::string out = plural(stats.checked, "verbatim text", "verbatim texts") + " checked against " +
                      plural(stats.files.size(), "source file", "source files") + ": " +
                      std::to_string(stats.not_found) + " not found";
    if (stats.unnamed > 0) out += "; " + std::to_string(stats.unnamed) + " name no source file";
    if (stats.unchecked > 0) out += "; " + std::to_string(stats.unchecked) + " not checked (source files missing)";
    return out;
}

}  // namespace decree
