// Stage 1: runs the PEGTL grammar over a source file. The only translation unit that calls
// pegtl::parse; syntax errors become diagnostics here.
#include "parse.hpp"

#include <tao/pegtl/contrib/limit_depth.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <utf8proc.h>

#include "decree/lang/keywords.hpp"
#include "decree/lang/messages.hpp"
#include "grammar/errors.hpp"
#include "grammar/selector.hpp"

namespace decree::detail {

namespace {
// Bounds the grammar's rule nesting, so that hostile input (10,000 open parentheses) is a
// clean error rather than a stack overflow. About 30 rule levels per parenthesis.
constexpr std::size_t max_rule_depth = 3000;

template <typename Rule>
struct depth_action : tao::pegtl::limit_depth<max_rule_depth> {};

code code_of(std::string_view id) {
    const code_info* c = find_code(id);
    for (std::size_t i = 0; i < all_codes().size(); ++i) {
        if (&all_codes()[i] == c) return static_cast<code>(i);
    }
    return code::E0101;
}

// The span of the token starting at [byte]: up to the end of the line or the next blank.
span token_at(const source_file& file, std::size_t byte) {
    const auto& text = file.text();
    std::size_t end = byte;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\r' &&
           text[end] != '\t' && end - byte < 40) {
        ++end;
    }
    if (end == byte && end < text.size()) ++end;
    return span{file.id(), static_cast<std::uint32_t>(byte), static_cast<std::uint32_t>(end)};
}
// The code point at [at] and its length in bytes (0 when the bytes are not UTF-8).
std::pair<char32_t, std::size_t> code_point(std::string_view t, std::size_t at) {
    const auto b = static_cast<unsigned char>(t[at]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || at + len > t.size()) return {0, 0};
    char32_t cp = len == 1 ? b : b & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(t[at + k]) & 0x3F);
    return {cp, len};
}

bool digit(std::string_view t, std::size_t at) { return at < t.size() && t[at] >= '0' && t[at] <= '9'; }

// A specific hint when the text at [at] is a typical typing or pasting mistake: a character
// that looks like a blank or a quote but is not, a decimal comma, a thousands separator.
text mistake_hint(std::string_view t, std::size_t at) {
    if (at >= t.size()) return {};
    const auto [cp, len] = code_point(t, at);
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
    switch (cp) {
        case 0x00A0:
        case 0x2002: case 0x2003: case 0x2009: case 0x202F: case 0x3000:
            return say(msg::syn_special_space, {name});
        case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
            return say(msg::syn_invisible_character, {name});
        case 0x201C: case 0x201D: case 0x201E:
            return say(msg::syn_typographic_quote);
        case 0x2018: case 0x2019:
            return say(msg::syn_typographic_apostrophe);
        case 0x2013: case 0x2014:
            return say(msg::syn_typographic_dash);
        case '\f': case '\v':
            return say(msg::syn_control_character);
        case ',':
            if (at > 0 && digit(t, at - 1) && digit(t, at + 1)) return say(msg::syn_decimal_comma);
            break;
        case '%':
            if (at > 0 && digit(t, at - 1)) return say(msg::syn_percentage);
            break;
        default:
            if (at >= 2 && digit(t, at) && t[at - 1] == '.' && digit(t, at - 2)) {
                return say(msg::syn_thousands_separator);
            }
    }
    return {};
}

// [s] as a keyword is compared when misspelt: lower case, without diacritics (đ as d).
std::string folded(std::string_view s) {
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &out,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                                               UTF8PROC_CASEFOLD));
    if (n < 0) return std::string(s);
    std::string r(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    std::string plain;  // đ as d
    plain.reserve(r.size());
    for (std::size_t i = 0; i < r.size();) {
        if (r.compare(i, 2, "\u0111") == 0) {
            plain += 'd';
            i += 2;
        } else {
            plain += r[i++];
        }
    }
    return plain;
}

// The edit distance of [a] and [b] (insertions, deletions, substitutions and transpositions of
// bytes), or [cap] + 1 once it is known to pass [cap].
std::size_t distance(std::string_view a, std::string_view b, std::size_t cap) {
    if (a.size() > b.size() + cap || b.size() > a.size() + cap) return cap + 1;
    std::vector<std::size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        std::size_t best = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            best = std::min(best, cur[j]);
        }
        if (best > cap) return cap + 1;
        prev2.swap(prev);
        prev.swap(cur);
    }
    return prev[b.size()];
}

// The keyword that the words at [at] misspell (a letter wrong, missing, extra or swapped, or its
// diacritics left out), as a hint naming both its spellings; empty when they look like none.
text keyword_hint(std::string_view t, std::size_t at) {
    const auto letter = [&](std::size_t i) {
        const auto b = static_cast<unsigned char>(t[i]);
        return b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-';
    };
    // Up to three words from [at], one space apart.
    std::vector<std::size_t> ends;
    std::size_t i = at;
    while (ends.size() < 3 && i < t.size() && letter(i)) {
        while (i < t.size() && letter(i)) ++i;
        ends.push_back(i);
        if (i + 1 < t.size() && t[i] == ' ' && letter(i + 1)) ++i;
        else break;
    }
    const keyword_spelling* best = nullptr;
    std::string_view best_spelling;
    std::size_t best_distance = 3, best_words = 0;
    for (std::size_t w = ends.size(); w >= 1; --w) {
        const auto phrase = t.substr(at, ends[w - 1] - at);
        const auto f = folded(phrase);
        for (const auto& k : keyword_table) {
            for (const auto sp : {k.en, k.vi}) {
                if (static_cast<std::size_t>(std::count(sp.begin(), sp.end(), ' ')) + 1 != w) continue;
                if (sp == phrase) return {};  // the keyword itself: the mistake is elsewhere
                const auto fs = folded(sp);
                const std::size_t cap = fs.size() <= 3 ? 0 : fs.size() <= 7 ? 1 : 2;
                const auto d = distance(f, fs, cap);
                if (d <= cap && (d < best_distance || (d == best_distance && w > best_words))) {
                    best = &k;
                    best_spelling = sp;
                    best_distance = d;
                    best_words = w;
                }
            }
        }
    }
    if (best == nullptr) return {};
    const auto other = best_spelling == best->en ? best->vi : best->en;
    return say(msg::syn_did_you_mean_keyword, {best_spelling, other});
}

// The last string literal that closes before [byte] (comments skipped), as [open, close].
std::optional<std::pair<std::size_t, std::size_t>> last_string(std::string_view t, std::size_t byte) {
    std::optional<std::pair<std::size_t, std::size_t>> last;
    for (std::size_t i = 0; i < byte && i < t.size();) {
        if (t.substr(i, 2) == "--") {
            i = t.find('\n', i);
            if (i == std::string_view::npos) break;
        } else if (t[i] == '"') {
            std::size_t j = i + 1;
            while (j < t.size() && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
            if (j >= t.size() || j >= byte) break;
            last = std::pair{i, j};
            i = j + 1;
        } else {
            ++i;
        }
    }
    return last;
}

// When a syntax error follows a string that swallowed lines of declarations (its closing quote
// is missing, so it ends at the next string's opening quote), the place where it opened.
std::optional<span> runaway_string(const source_file& file, std::size_t byte) {
    const std::string_view t = file.text();
    const auto s = last_string(t, byte);
    if (!s) return std::nullopt;
    static constexpr keyword structural[] = {keyword::article_, keyword::clause_, keyword::point_, keyword::text_,
                                             keyword::requires_, keyword::excludes_, keyword::applies_,
                                             keyword::exception_, keyword::parameter_, keyword::definition_,
                                             keyword::import_, keyword::set_, keyword::input_};
    for (auto nl = t.find('\n', s->first); nl != std::string_view::npos && nl < s->second; nl = t.find('\n', nl + 1)) {
        const auto start = t.find_first_not_of(" \t\r", nl + 1);
        if (start == std::string_view::npos || start >= s->second) continue;
        for (const auto k : structural) {
            for (const auto word : {spelling(k).en, spelling(k).vi}) {
                const auto after = start + word.size();
                if (t.substr(start, word.size()) == word && after < t.size() && (t[after] == ' ' || t[after] == '\n' || t[after] == '\r')) {
                    return span{file.id(), static_cast<std::uint32_t>(s->first), static_cast<std::uint32_t>(s->first + 1)};
                }
            }
        }
    }
    return std::nullopt;
}

// The `(` that is still open at [byte]: the innermost one not closed before it (strings and
// comments skipped), if any.
std::optional<span> open_paren(const source_file& file, std::size_t byte) {
    const std::string_view t = file.text();
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < byte && i < t.size(); ++i) {
        if (t[i] == '"') {
            for (++i; i < byte && i < t.size() && t[i] != '"' && t[i] != '\n'; ++i) {
                if (t[i] == '\\') ++i;
            }
        } else if (t[i] == '-' && i + 1 < t.size() && t[i + 1] == '-') {
            while (i < byte && i < t.size() && t[i] != '\n') ++i;
        } else if (t[i] == '(') {
            open.push_back(i);
        } else if (t[i] == ')' && !open.empty()) {
            open.pop_back();
        }
    }
    if (open.empty()) return std::nullopt;
    return span{file.id(), static_cast<std::uint32_t>(open.back()), static_cast<std::uint32_t>(open.back() + 1)};
}

// When only blanks, line ends and comments lie between the last token before [byte] and
// [byte], and they hold a line end: the place just after that token. "Expected the English
// reason after `/`" is about the `/` at the end of its line, not about the next line's
// declaration.
std::optional<std::size_t> end_of_previous_line(std::string_view t, std::size_t byte) {
    std::size_t at = std::min(byte, t.size());
    while (at > 0) {
        const char c = t[at - 1];
        if (c == ' ' || c == '\t' || c == '\r') {
            --at;
            continue;
        }
        if (c != '\n') break;
        // The line before: its text up to a comment (`--` outside a string).
        const std::size_t end = at - 1;
        const std::size_t newline = end == 0 ? std::string_view::npos : t.rfind('\n', end - 1);
        const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
        std::size_t content = start;
        bool in_string = false;
        for (std::size_t i = start; i < end; ++i) {
            if (in_string) {
                if (t[i] == '\\') ++i;
                else if (t[i] == '"') in_string = false;
                content = i + 1;
                continue;
            }
            if (t[i] == '"') in_string = true;
            if (t[i] == '-' && i + 1 < end && t[i + 1] == '-') break;
            if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') content = i + 1;
        }
        if (content > start) return content;
        at = start;  // a blank or comment-only line: look above it
    }
    return std::nullopt;
}

// Reports the syntax error [message] of [c] at [byte], with the most specific hint.
void report(const source_file& file, diagnostic_sink& sink, code c, std::size_t byte, text message, text hint,
            std::optional<label> extra = std::nullopt) {
    const auto open = runaway_string(file, byte);
    span where = token_at(file, byte);
    if (auto specific = mistake_hint(file.text(), byte); !specific.empty()) {
        hint = std::move(specific);
    } else if (auto word = open ? text() : keyword_hint(file.text(), byte); !word.empty()) {
        hint = std::move(word);  // not inside the text of a string that runs on: that is no keyword
    } else if (const auto after = c == code::E0101 ? std::nullopt : end_of_previous_line(file.text(), byte)) {
        // What is missing belongs at the end of the line before, not on the next declaration.
        where = span{file.id(), static_cast<std::uint32_t>(*after), static_cast<std::uint32_t>(*after + 1)};
    }
    auto& d = sink.error(c, where, std::move(message), std::move(hint));
    if (open) d.labels.push_back({*open, say(msg::syn_runaway_string)});
    if (extra) d.labels.push_back(std::move(*extra));
}

}  // namespace

std::unique_ptr<parse_node> parse_tree(const source_file& file, diagnostic_sink& sink) {
    namespace pegtl = tao::pegtl;
    // The source name is a view of the source_file's own name, which outlives the parse tree
    // (parse-tree nodes keep a view of it to build positions).
    pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, std::string_view> in(
        file.text(), std::string_view(file.name()));
    try {
        auto root = pegtl::parse_tree::parse<grammar::file, grammar::selector, depth_action,
                                             grammar::control>(in);
        if (!root) report(file, sink, code::E0101, 0, say(msg::syn_unexpected_start), {});
        return root;
    } catch (const grammar::syntax_error& e) {
        const auto& entry = e.entry;
        const text hint = !entry.hint                     ? text()
                          : entry.hint_arg != nullptr ? say(*entry.hint, {entry.hint_arg})
                                                      : say(*entry.hint);
        // A `)` missing: where its `(` opened, which may be lines above.
        std::optional<label> opened;
        if (entry.message == msg::syn_close_paren) {
            if (const auto at = open_paren(file, e.byte)) opened = label{*at, say(msg::syn_opened_here)};
        }
        report(file, sink, code_of(entry.code), e.byte, say(entry.message), hint, std::move(opened));
    } catch (const pegtl::parse_error& e) {
        const auto byte = e.positions().empty() ? 0 : e.positions().front().byte;
        sink.error(code::E0105, token_at(file, byte),
                   say(msg::syn_nesting_too_deep), say(msg::syn_split_expression));
    }
    return nullptr;
}

}  // namespace decree::detail
