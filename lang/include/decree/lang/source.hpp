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

// 1-based line and column; the column counts Unicode characters as they are seen: code points,
// not bytes, and a combining mark (a diacritic typed apart from its letter) takes no column.
struct line_col {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

// One loaded file: its name as given (never made absolute), its text, and a line-start table.
//
// The text is read in Unicode NFC (composed characters), whatever form it was written in: a
// word typed with decomposed diacritics (`điều` as d-stroke, i, e, combining circumflex,
// combining grave, u) is the same word as its composed spelling, for the lexer, the names and
// the legal texts. Offsets (spans) are into the NFC text; positions, lines and offset_of are
// those of the text as written, so that a column points at the characters the user typed.
// Bytes that are not valid UTF-8 are kept as they are (the lexer reports them).
class source_file {
public:
    source_file(source_id id, std::string name, std::string text);

    [[nodiscard]] source_id id() const { return m_id; }
    [[nodiscard]] const std::string& name() const { return m_name; }
    // The text in NFC: what spans index.
    [[nodiscard]] const std::string& text() const { return m_text; }
    // The text as written (the same as text() when it was in NFC already).
    [[nodiscard]] const std::string& original() const { return m_changes.empty() ? m_text : m_original; }
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

    // Offset [offset] of text() as an offset of original(), and back. An offset inside a run of
    // characters that normalisation changed maps to the start of the run.
    [[nodiscard]] std::uint32_t to_original(std::uint32_t offset) const;
    [[nodiscard]] std::uint32_t from_original(std::uint32_t offset) const;

private:
    // A run of characters that NFC changed: [norm_begin, norm_end) of text(), [orig_begin,
    // orig_end) of original().
    struct change {
        std::uint32_t norm_begin, norm_end, orig_begin, orig_end;
    };
    source_id m_id;
    std::string m_name;
    std::string m_text;
    std::string m_original;
    std::vector<change> m_changes;
    std::vector<std::uint32_t> m_line_starts;  // of original()
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

// Whether the character that starts at byte [i] of [text] is a combining mark (Unicode
// categories Mn, Mc, Me), which takes no column of its own.
bool utf8_combining_at(std::string_view text, std::size_t i);
// The columns [text] takes: its code points but combining marks (invalid bytes one each).
std::size_t utf8_columns(std::string_view text);
// [text] in Unicode NFC ([text] itself when it is not valid UTF-8).
std::string utf8_nfc(std::string_view text);
// True when [text] is certainly in NFC without normalising it: every character is below
// U+0300 or in U+1E00-U+1EFF (Latin Extended Additional, the composed Vietnamese letters), none
// of which NFC changes or composes with a following character that is not itself outside
// those ranges. False means "normalise to know".
bool utf8_surely_nfc(std::string_view text);
// Number of Unicode code points in [text] (invalid bytes count as one each).
std::size_t utf8_length(std::string_view text);
// [text] when it has at most [chars] code points, else its first [chars] followed by `…`.
std::string utf8_shorten(std::string_view text, std::size_t chars);
// True when [text] is well-formed UTF-8 (no overlongs, no surrogates); [bad] receives the
// offset of the first offending byte.
bool utf8_valid(std::string_view text, std::size_t* bad = nullptr);

}  // namespace decree
