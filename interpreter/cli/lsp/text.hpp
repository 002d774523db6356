// Text positions as the language server protocol counts them (0-based lines, UTF-16 code units
// within a line), file URIs, and the JSON fragments the server writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace decree::lsp {

struct position {
    std::uint32_t line = 0;
    std::uint32_t character = 0;  // UTF-16 code units
};

struct range {
    position start;
    position end;
};

// A text with its line table. Lines end at '\n' (a '\r' before it belongs to the line end).
class text_lines {
public:
    text_lines() = default;
    explicit text_lines(std::string text) { assign(std::move(text)); }

    void assign(std::string text);
    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] std::uint32_t line_count() const { return static_cast<std::uint32_t>(m_starts.size()); }
    // The text of 0-based line [line], without its line end; empty past the end.
    [[nodiscard]] std::string_view line(std::uint32_t line) const;
    // Byte offset of [p]: a line past the end clamps to the end of the text, a character past
    // the end of its line to the line end, one inside a UTF-16 surrogate pair to the character's end.
    [[nodiscard]] std::uint32_t offset(position p) const;
    // Position of byte [offset] (clamped to the text; inside a UTF-8 sequence: its start).
    [[nodiscard]] position position_of(std::uint32_t offset) const;
    [[nodiscard]] range range_of(std::uint32_t begin, std::uint32_t end) const {
        return {position_of(begin), position_of(end)};
    }
    // Replaces [r] with [replacement] (an incremental change).
    void replace(range r, std::string_view replacement);

private:
    std::string m_text;
    std::vector<std::uint32_t> m_starts{0};
};

// Number of UTF-16 code units of the UTF-8 text [s] (an invalid byte counts as one unit).
std::uint32_t utf16_length(std::string_view s);

// "file:///a/b%20c.decree" -> "/a/b c.decree"; empty when [uri] is not a file URI.
std::string uri_to_path(std::string_view uri);
// "/a/b c.decree" -> "file:///a/b%20c.decree" (the path made absolute first).
std::string path_to_uri(std::string_view path);

// JSON fragments.
std::string quote(std::string_view s);  // a JSON string literal
std::string to_json(position p);
std::string to_json(const range& r);

}  // namespace decree::lsp
