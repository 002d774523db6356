// Lexical rules: blanks and comments, names (UTF-8, Vietnamese letters), keywords from the
// one bilingual table, literals. Tokens own their trailing blanks.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "decree/lang/keywords.hpp"

namespace decree::grammar {
using namespace tao::pegtl;

namespace detail {
// Decodes one UTF-8 code point at [p] (at most [n] bytes); returns its length, 0 if invalid.
inline std::size_t decode(const char* p, std::size_t n, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(p[0]);
    if (b0 < 0x80) { cp = b0; return 1; }
    std::size_t len = (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
    if (len == 0 || len > n) return 0;
    cp = b0 & (0x7f >> len);
    for (std::size_t i = 1; i < len; ++i) {
        const auto b = static_cast<unsigned char>(p[i]);
        if ((b & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3f);
    }
    return len;
}
// Letters of names: ASCII letters, Latin-1 and Latin Extended letters, combining diacritics
// (decomposed Vietnamese) and Latin Extended Additional (precomposed Vietnamese).
inline bool is_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}
inline bool is_name_char(char32_t c) { return is_letter(c) || (c >= '0' && c <= '9'); }
// Length in bytes of the name starting at [p], 0 when none starts there.
inline std::size_t name_length(const char* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        char32_t c = 0;
        const std::size_t len = decode(p + i, n - i, c);
        if (len == 0 || !(i == 0 ? is_letter(c) : is_name_char(c))) break;
        i += len;
    }
    return i;
}
// Matches [s] at [p]; a space in [s] matches one or more blanks. Returns bytes consumed or 0.
inline std::size_t match_spelling(const char* p, std::size_t n, std::string_view s) {
    std::size_t i = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] == ' ') {
            if (i >= n || (p[i] != ' ' && p[i] != '\t')) return 0;
            while (i < n && (p[i] == ' ' || p[i] == '\t')) ++i;
        } else {
            if (i >= n || p[i] != s[k]) return 0;
            ++i;
        }
    }
    char32_t c = 0;
    if (i < n && decode(p + i, n - i, c) > 0 && is_name_char(c)) return 0;  // whole words only
    return i;
}
}  // namespace detail

// A keyword in either spelling of the table, as a whole word.
template <keyword K>
struct kw {
    using rule_t = kw;
    using subs_t = empty_list;
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) {
        const auto avail = in.size(64);
        for (const auto s : {spelling(K).en, spelling(K).vi}) {
            if (const auto len = detail::match_spelling(in.current(), avail, s); len > 0) {
                in.bump(len);
                return true;
            }
        }
        return false;
    }
};

// A name that is not a reserved word.
struct name_token {
    using rule_t = name_token;
    using subs_t = empty_list;
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) {
        const auto avail = in.size(4096);
        const auto len = detail::name_length(in.current(), avail);
        if (len == 0 || is_reserved_word(std::string_view(in.current(), len))) return false;
        in.bump(len);
        return true;
    }
};

// Any name-shaped word, keywords included: field names (`o.article`, `p.to`) may be keywords.
struct word_token {
    using rule_t = word_token;
    using subs_t = empty_list;
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) {
        const auto len = detail::name_length(in.current(), in.size(4096));
        if (len == 0) return false;
        in.bump(len);
        return true;
    }
};

// Succeeds, without consuming, when the input is not at the start of a line: the items of a
// provision are indented, and a declaration or rule written at the start of a line belongs to
// the file, whatever provision precedes it.
struct indented {
    using rule_t = indented;
    using subs_t = empty_list;
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) {
        return in.position().column > 1;
    }
};

// clang-format off
// comment ::= "--" { any character but a line end }      e.g.  -- Điều 1: tính đến 31/8/2025
struct comment : seq< two< '-' >, until< eolf > > {};
struct sp : star< sor< plus< one< ' ', '\t', '\r', '\n' > >, comment > > {};

template< typename R > struct tok : seq< R, sp > {};
template< keyword K > struct k : seq< kw< K >, sp > {};

struct name : tok< name_token > {};
struct word : tok< word_token > {};

// digits ::= digit { digit | "_" }                        e.g.  50_000_000
struct digits : seq< digit, star< sor< digit, seq< one< '_' >, digit > > > > {};
// date ::= digit{4} "-" digit{2} "-" digit{2}             e.g.  2025-08-31
// (A longer year is read as a date too, so that 10000-01-01 is a date out of range, not a
// subtraction.)
struct date_value : seq< rep< 4, digit >, star< digit >, one< '-' >, rep< 2, digit >, one< '-' >, rep< 2, digit > > {};
struct date_lit : tok< seq< date_value, not_at< digit > > > {};
// decimal ::= digits "." digits                           e.g.  0.5
struct decimal_value : seq< digits, one< '.' >, digit, star< digit > > {};
struct decimal_lit : tok< decimal_value > {};
// integer ::= digits                                     e.g.  12
struct integer_lit : tok< digits > {};
// string ::= '"' { char | escape } '"'                    e.g.  "Điều kiện được đề nghị đặc xá"
struct escape : seq< one< '\\' >, one< '"', '\\', 'n' > > {};
struct string_char : sor< escape, not_one< '"', '\\' > > {};
struct string_close : one< '"' > {};
struct string_raw : if_must< one< '"' >, star< string_char >, string_close > {};
struct string_lit : tok< string_raw > {};
// clang-format on

}  // namespace decree::grammar

namespace tao::pegtl {
// Keywords and names always consume input when they succeed.
template <typename Name, decree::keyword K>
struct analyze_traits<Name, decree::grammar::kw<K>> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, decree::grammar::name_token> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, decree::grammar::word_token> : analyze_any_traits<> {};
template <typename Name>
struct analyze_traits<Name, decree::grammar::indented> : analyze_opt_traits<> {};
}  // namespace tao::pegtl
