// Explanations of malformed JSON records: a small validating scanner that stops at the first
// problem and knows where it is (line, column in characters, field path). It runs only after
// the JSON parser has rejected a record, so it may be simple rather than fast; it is iterative,
// so that hostile nesting cannot exhaust the stack.
#include "json_input.hpp"

#include "decree/lang/messages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <vector>

namespace decree::eval {

namespace {

struct level {
    bool object = false;
    std::size_t index = 0;  // of the current element (arrays)
    std::string key;        // of the current member (objects), once read
    bool has_key = false;
};

class scanner {
  public:
    explicit scanner(std::string_view text) : m_s(text) {}

    // The first problem, if any; the id is captured on the way.
    std::optional<text> run();
    [[nodiscard]] const std::string& id() const { return m_id; }
    // Where the problem is: "line 2, column 7 ($.custody[0].from)".
    [[nodiscard]] text place() const;

  private:
    enum class state { value, after_value, key };

    std::string_view m_s;
    std::size_t m_i = 0;
    std::size_t m_at = 0;  // where the problem is
    std::vector<level> m_stack;
    std::string m_id;

    [[nodiscard]] bool end() const { return m_i >= m_s.size(); }
    void blanks() {
        while (!end() &&
               (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\n' || m_s[m_i] == '\r'))
            ++m_i;
    }
    text fail(std::size_t at, text what) {
        m_at = at;
        return what;
    }
    [[nodiscard]] std::string path() const;
    [[nodiscard]] text character(std::size_t at) const;
    std::optional<text> string(std::string* out);
    std::optional<text> number(std::string* out);
    std::optional<text> value_start(state& st);
};

std::string scanner::path() const {
    std::string out = "$";
    for (const auto& l : m_stack) {
        if (l.object) {
            if (l.has_key) out += "." + l.key;
        } else {
            out += "[" + std::to_string(l.index) + "]";
        }
    }
    return out;
}

text scanner::place() const {
    std::size_t line = 1, column = 1;
    for (std::size_t k = 0; k < m_at && k < m_s.size(); ++k) {
        if (m_s[k] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(m_s[k]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    text out = line > 1 ? say(msg::rec_line_column, {line, column}) : say(msg::rec_column, {column});
    auto p = path();
    if (p.size() >
        100) {  // deep nesting: the start and the end of the path, cut between characters
        auto boundary = [&](std::size_t at) {
            while (at > 0 && (static_cast<unsigned char>(p[at]) & 0xC0) == 0x80) --at;
            return at;
        };
        const auto head = boundary(60), tail = boundary(p.size() - 30);
        p = p.substr(0, head) + "…" + p.substr(tail);
    }
    if (p == "$") return out;
    const std::string where = " (" + p + ")";
    return out + text{where, where};
}

text scanner::character(std::size_t at) const {
    const auto c = static_cast<unsigned char>(m_s[at]);
    if (c == 0) return say(msg::rec_nul_byte);
    if (c >= 0x21 && c < 0x7F) {
        const std::string quoted = "`" + std::string(1, static_cast<char>(c)) + "`";
        return text{quoted, quoted};
    }
    if (m_s.substr(at).starts_with(byte_order_mark)) return say(msg::rec_bom_char);
    static const char* hex = "0123456789ABCDEF";
    return say(msg::rec_the_byte, {std::string{hex[c >> 4], hex[c & 0xF]}});
}

std::optional<text> scanner::string(std::string* out) {
    const std::size_t start = m_i++;
    while (true) {
        if (end()) return fail(start, say(msg::rec_string_not_closed));
        const auto c = static_cast<unsigned char>(m_s[m_i]);
        if (c == '"') {
            ++m_i;
            return std::nullopt;
        }
        if (c == '\\') {
            if (m_i + 1 >= m_s.size()) return fail(start, say(msg::rec_string_not_closed));
            const char e = m_s[m_i + 1];
            if (e == 'u') {
                auto hex4 = [&](std::size_t at, unsigned& v) {
                    if (at + 4 > m_s.size()) return false;
                    v = 0;
                    for (std::size_t k = at; k < at + 4; ++k) {
                        const char h = m_s[k];
                        const int d = h >= '0' && h <= '9'   ? h - '0'
                                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                             : -1;
                        if (d < 0) return false;
                        v = v * 16 + static_cast<unsigned>(d);
                    }
                    return true;
                };
                unsigned v = 0;
                if (!hex4(m_i + 2, v))
                    return fail(m_i, say(msg::rec_u_needs_hex));
                if (v >= 0xDC00 && v <= 0xDFFF)
                    return fail(m_i, say(msg::rec_lone_low_surrogate, {m_s.substr(m_i + 2, 4)}));
                if (v >= 0xD800 && v <= 0xDBFF) {
                    unsigned low = 0;
                    if (m_s.substr(m_i + 6, 2) != "\\u" || !hex4(m_i + 8, low) || low < 0xDC00 ||
                        low > 0xDFFF) {
                        return fail(m_i, say(msg::rec_high_surrogate_alone, {m_s.substr(m_i + 2, 4)}));
                    }
                    m_i += 6;
                }
                if (out != nullptr) *out += '?';
                m_i += 6;
                continue;
            }
            static constexpr std::string_view escapes = "\"\\/bfnrt";
            if (escapes.find(e) == std::string_view::npos)
                return fail(m_i, say(msg::rec_invalid_escape, {std::string(1, e)}));
            if (out != nullptr)
                *out += e == 'n'   ? '\n'
                        : e == 't' ? '\t'
                        : e == 'r' ? '\r'
                        : e == 'b' ? '\b'
                        : e == 'f' ? '\f'
                                   : e;
            m_i += 2;
            continue;
        }
        if (c < 0x20)
            return fail(m_i, say(msg::rec_control_character));
        std::size_t len = 1;
        if (c >= 0x80) {
            len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
            bool ok = len > 0 && m_i + len <= m_s.size();
            char32_t cp = c & (0x7Fu >> len);
            for (std::size_t k = 1; ok && k < len; ++k) {
                const auto b = static_cast<unsigned char>(m_s[m_i + k]);
                ok = (b & 0xC0) == 0x80;
                cp = (cp << 6) | (b & 0x3F);
            }
            static constexpr char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
            if (!ok || cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return fail(m_i, say(msg::rec_invalid_utf8, {character(m_i)}));
            }
        }
        if (out != nullptr) out->append(m_s.substr(m_i, len));
        m_i += len;
    }
}

std::optional<text> scanner::number(std::string* out) {
    const std::size_t start = m_i;
    auto digits = [&] {
        const auto from = m_i;
        while (!end() && m_s[m_i] >= '0' && m_s[m_i] <= '9') ++m_i;
        return m_i - from;
    };
    const bool negative = m_s[m_i] == '-';
    if (negative) ++m_i;
    const std::size_t int_start = m_i;
    const std::size_t int_digits = digits();
    if (int_digits == 0) return fail(start, say(msg::rec_digits_after_minus));
    if (int_digits > 1 && m_s[int_start] == '0')
        return fail(start, say(msg::rec_leading_zero));
    bool whole = true;
    if (!end() && m_s[m_i] == '.') {
        ++m_i;
        if (digits() == 0) return fail(start, say(msg::rec_digits_after_dot));
        whole = false;
    }
    if (!end() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
        ++m_i;
        if (!end() && (m_s[m_i] == '+' || m_s[m_i] == '-')) ++m_i;
        if (digits() == 0) return fail(start, say(msg::rec_digits_in_exponent));
        whole = false;
    }
    const std::string text(m_s.substr(start, m_i - start));
    if (out != nullptr) *out = text;
    std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
    if (whole) {
        // simdjson reads whole numbers as 64-bit integers: from -2^63 to 2^64 - 1.
        static constexpr std::string_view max_positive = "18446744073709551615",
                                          max_negative = "9223372036854775808";
        const auto magnitude = std::string_view(text).substr(negative ? 1 : 0);
        const auto limit = negative ? max_negative : max_positive;
        if (magnitude.size() > limit.size() ||
            (magnitude.size() == limit.size() && magnitude > limit)) {
            return fail(start, say(msg::rec_integer_out_of_range, {shown}));
        }
    } else if (std::isinf(std::strtod(text.c_str(), nullptr))) {
        return fail(start, say(msg::rec_number_out_of_range, {shown}));
    }
    return std::nullopt;
}

// A value starts at m_i (blanks skipped): a container is entered, a scalar read.
std::optional<text> scanner::value_start(state& st) {
    const char c = m_s[m_i];
    const bool capture = m_stack.size() == 1 && m_stack.back().object && m_stack.back().key == "id";
    if (c == '{' || c == '[') {
        if (m_stack.size() >= max_json_depth) {
            return fail(m_i, say(msg::rec_nested_too_deeply, {max_json_depth}));
        }
        m_stack.push_back(level{c == '{', 0, {}, false});
        ++m_i;
        blanks();
        if (!end() && m_s[m_i] == (c == '{' ? '}' : ']')) {
            ++m_i;
            m_stack.pop_back();
            st = state::after_value;
        } else {
            st = c == '{' ? state::key : state::value;
        }
        return std::nullopt;
    }
    st = state::after_value;
    if (c == '"') {
        std::string text;
        auto problem = string(capture ? &text : nullptr);
        if (!problem && capture) m_id = text;
        return problem;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        std::string text;
        auto problem = number(&text);
        if (!problem && capture) m_id = text;
        return problem;
    }
    for (const std::string_view word : {"true", "false", "null"}) {
        if (m_s.substr(m_i, word.size()) == word) {
            m_i += word.size();
            return std::nullopt;
        }
    }
    return fail(m_i, say(msg::rec_expected_json_value, {character(m_i)}));
}

std::optional<text> scanner::run() {
    if (m_s.starts_with(byte_order_mark)) m_i = byte_order_mark.size();
    auto st = state::value;
    while (true) {
        blanks();
        if (st == state::value) {
            if (end()) {
                return fail(m_i, m_stack.empty()           ? say(msg::rec_no_json_value)
                                 : m_stack.back().object ? say(msg::rec_ends_inside_object)
                                                         : say(msg::rec_ends_inside_array));
            }
            if (auto p = value_start(st)) return p;
            continue;
        }
        if (st == state::key) {
            if (end()) return fail(m_i, say(msg::rec_ends_inside_object));
            if (m_s[m_i] != '"')
                return fail(m_i, say(msg::rec_expected_field_name, {character(m_i)}));
            std::string key;
            if (auto p = string(&key)) return p;
            auto& top = m_stack.back();
            top.key = std::move(key);
            top.has_key = true;
            blanks();
            if (end() || m_s[m_i] != ':') {
                return fail(m_i, end() ? say(msg::rec_expected_colon) : say(msg::rec_expected_colon_found, {character(m_i)}));
            }
            ++m_i;
            st = state::value;
            continue;
        }
        // after a value
        if (m_stack.empty()) {
            if (!end()) return fail(m_i, say(msg::rec_text_after_record, {character(m_i)}));
            return std::nullopt;
        }
        auto& top = m_stack.back();
        if (end())
            return fail(m_i, top.object ? say(msg::rec_ends_inside_object) : say(msg::rec_ends_inside_array));
        const char c = m_s[m_i];
        if (c == ',') {
            ++m_i;
            if (top.object) {
                top.has_key = false;
                st = state::key;
            } else {
                ++top.index;
                st = state::value;
            }
        } else if (c == (top.object ? '}' : ']')) {
            ++m_i;
            m_stack.pop_back();
        } else {
            return fail(m_i, say(msg::rec_expected_comma_or, {top.object ? "}" : "]", character(m_i)}));
        }
    }
}

}  // namespace

// [n] with the thousands separators of each language: "1,048,576" and "1.048.576".
text with_separators(std::size_t n) {
    std::string digits = std::to_string(n), en, vi;
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) {
            en += ',';
            vi += '.';
        }
        en += digits[k];
        vi += digits[k];
    }
    return text{en, vi};
}

namespace {

// UTF-16 text: a UTF-16 byte-order mark, or (a line of a UTF-16 file past the first) every other
// byte of its start NUL and the others not.
bool looks_utf16(std::string_view text) {
    if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) return true;
    // What the line feed at the end of a UTF-16 file leaves as a last line: its NUL byte.
    if (!text.empty() && text.size() <= 2 && text.front() == '\0' && text.find_first_not_of(std::string_view("\0\r", 2)) == std::string_view::npos) return true;
    const std::size_t n = std::min<std::size_t>(text.size() & ~std::size_t{1}, 16);
    if (n < 4) return false;
    for (std::size_t parity = 0; parity < 2; ++parity) {
        bool pattern = true;
        for (std::size_t i = 0; i < n && pattern; ++i) pattern = (text[i] == '\0') == (i % 2 == parity);
        if (pattern) return true;
    }
    return false;
}

}  // namespace

json_problem explain_json_error(std::string_view text, std::string_view fallback) {
    if (looks_utf16(text)) {
        return {say(msg::rec_utf16_file), {}};
    }
    scanner sc(text);
    const auto problem = sc.run();
    json_problem out;
    out.id = sc.id();
    if (problem) {
        out.message = sc.place() + decree::text{": ", ": "} + *problem;
    } else if (text.starts_with(byte_order_mark)) {
        // The input's own byte-order mark is taken off before a record is read: this one is
        // further on, at the start of a line.
        out.message = say(msg::rec_bom_inside);
    } else {
        out.message = decree::text{std::string(fallback), std::string(fallback)};  // the JSON parser's own words
    }
    return out;
}

text record_too_large(std::size_t bytes) {
    return say(msg::rec_too_large, {with_separators(bytes), with_separators(max_record_bytes >> 20), with_separators(max_record_bytes)});
}

}  // namespace decree::eval
