// Bounded line reading for JSON Lines, with istream::getline (which scans the stream's buffer
// for the line feed) and istream::ignore for the rest of a line that is too long.
#include "cli/line_reader.hpp"

#include <limits>

namespace decree::cli {

line_reader::line_reader(std::istream& in, std::size_t limit, std::size_t number)
    : m_in(in), m_limit(limit), m_number(number), m_buffer(new char[limit + 2]) {}

bool line_reader::next() {
    m_too_long = false;
    m_length = 0;
    if (!m_in.good()) return false;
    m_line.clear();
    // Room for one byte more than the limit, and getline's terminating NUL.
    m_in.getline(m_buffer.get(), static_cast<std::streamsize>(m_limit + 2));
    const auto got = static_cast<std::size_t>(m_in.gcount());  // with the line feed, if read
    if (got == 0) return false;                                // end of input
    if (m_in.fail() && !m_in.eof()) {
        // More than limit + 1 bytes before the line feed: skip the rest of the line.
        m_in.clear();
        m_in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
        const auto rest = static_cast<std::size_t>(m_in.gcount());
        m_length = got + rest - (m_in.eof() ? 0 : 1);
    } else {
        m_length = m_in.eof() ? got : got - 1;
    }
    ++m_number;
    m_too_long = m_length > m_limit;
    if (!m_too_long) m_line.assign(m_buffer.get(), m_length);
    if (m_in.eof() && !m_in.bad()) m_in.clear(std::ios::eofbit);
    return true;
}

}  // namespace decree::cli
