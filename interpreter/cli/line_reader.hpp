// Lines of JSON Lines with a bound on their length: a longer line is skipped without being
// stored, so that one 100 MB line costs no memory, and reported with its length.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace decree::cli {

class line_reader {
  public:
    // Reads [in] line by line; lines longer than [limit] bytes are skipped. [number] is the
    // number of lines already read (for a reader that continues another). Holds a buffer of
    // [limit] bytes.
    line_reader(std::istream& in, std::size_t limit, std::size_t number = 0);

    // Moves to the next line; false at the end of the input or on a read error.
    bool next();
    // The line, without its line feed; empty when it was too long.
    [[nodiscard]] std::string_view line() const { return m_line; }
    // Moves the line out (the reader reuses its buffer otherwise).
    std::string take() { return std::move(m_line); }
    // The start of a line that was too long (limit + 1 bytes), until the next call of next().
    [[nodiscard]] std::string_view prefix() const {
        return m_too_long ? std::string_view(m_buffer.get(), m_limit + 1) : std::string_view();
    }
    // True when the line was longer than the limit; length() is then its full length.
    [[nodiscard]] bool too_long() const { return m_too_long; }
    [[nodiscard]] std::size_t length() const { return m_length; }
    // 1-based number of the line.
    [[nodiscard]] std::size_t number() const { return m_number; }

  private:
    std::istream& m_in;
    std::size_t m_limit;
    std::size_t m_number;
    std::unique_ptr<char[]> m_buffer;  // limit + 2 bytes
    std::string m_line;
    bool m_too_long = false;
    std::size_t m_length = 0;
};

}  // namespace decree::cli
