// Source files and positions. A span is a byte range into a source_file that the
// source_manager owns; line and column are computed only when rendering.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace decree {

using source_id = std::uint32_t;
inline constexpr source_id no_source = 0xffffffffu;

// A byte range [begin, end) in the source with id [file].
struct span {
    source_id file = no_source;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// 1-based line and column; the column counts Unicode characters (code points), not bytes.
struct line_col {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

// One loaded file: its name as given (never made absolute), its text, and a line-start table.
class source_file {
public:
    source_file(source_id id, std::string name, std::string text);

    [[nodiscard]] source_id id() const { return m_id; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] const std::string& text() const { return m_text; }
    // Line and character column of byte [offset] (clamped to the text).
    [[nodiscard]] line_col position(std::uint32_t offset) const;
    // Line and UTF-16 column (for the language server protocol).
    [[nodiscard]] line_col position_utf16(std::uint32_t offset) const;
    // The text of 1-based line [line], without its line terminator.
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
    [[nodiscard]] std::uint32_t line_count() const {
        return static_cast<std::uint32_t>(m_line_starts.size());
    }
    // Byte offset of 1-based line [line] and 0-based character column [column].
    [[nodiscard]] std::uint32_t offset_of(std::uint32_t line, std::uint32_t column) const;

private:
    source_id m_id;
    std::string m_name;
    std::string m_text;
    std::vector<std::uint32_t> m_line_starts;
};

// Owns every source file of one compilation; ids index into it.
class source_manager {
public:
    // Adds a file; returns its id. The text is kept for the manager's lifetime.
    source_id add(std::string name, std::string text);
    [[nodiscard]] const source_file& get(source_id id) const { return *m_files.at(id); }
    [[nodiscard]] std::size_t size() const { return m_files.size(); }

private:
    std::vector<std::unique_ptr<source_file>> m_files;
};

// Number of Unicode code points in [text] (invalid bytes count as one each).
std::size_t utf8_length(std::string_view text);
// [text] when it has at most [chars] code points, else its first [chars] followed by `…`.
std::string utf8_shorten(std::string_view text, std::size_t chars);
// True when [text] is well-formed UTF-8 (no overlongs, no surrogates); [bad] receives the
// offset of the first offending byte.
bool utf8_valid(std::string_view text, std::size_t* bad = nullptr);

}  // namespace decree
