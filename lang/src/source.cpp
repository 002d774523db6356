// Source files: line tables, UTF-8 aware positions.
#include "decree/lang/source.hpp"

#include <algorithm>

namespace decree {

source_file::source_file(source_id id, std::string name, std::string text)
    : m_id(id), m_name(std::move(name)), m_text(std::move(text)) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < m_text.size(); ++i) {
        if (m_text[i] == '\n') m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

namespace {
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

line_col source_file::position(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
    const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());
    const auto start = m_line_starts[line - 1];
    std::uint32_t column = 1;
    for (auto i = start; i < offset; ++i) {
        if (!continuation(m_text[i])) ++column;
    }
    return {line, column};
}

line_col source_file::position_utf16(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
    const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());
    std::uint32_t column = 1;
    for (auto i = m_line_starts[line - 1]; i < offset; ++i) {
        const auto b = static_cast<unsigned char>(m_text[i]);
        if (!continuation(m_text[i])) column += b >= 0xF0 ? 2 : 1;
    }
    return {line, column};
}

std::string_view source_file::line_text(std::uint32_t line) const {
    if (line == 0 || line > m_line_starts.size()) return {};
    const auto begin = m_line_starts[line - 1];
    auto end = line < m_line_starts.size() ? m_line_starts[line] - 1 : static_cast<std::uint32_t>(m_text.size());
    if (end > begin && m_text[end - 1] == '\r') --end;
    return std::string_view(m_text).substr(begin, end - begin);
}

std::uint32_t source_file::offset_of(std::uint32_t line, std::uint32_t column) const {
    if (line == 0) return 0;
    if (line > m_line_starts.size()) return static_cast<std::uint32_t>(m_text.size());
    auto i = m_line_starts[line - 1];
    for (std::uint32_t c = 0; c < column && i < m_text.size() && m_text[i] != '\n';) {
        ++i;
        while (i < m_text.size() && continuation(m_text[i])) ++i;
        ++c;
    }
    return i;
}

source_id source_manager::add(std::string name, std::string text) {
    const auto id = static_cast<source_id>(m_files.size());
    m_files.push_back(std::make_unique<source_file>(id, std::move(name), std::move(text)));
    return id;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) {
        if (!continuation(c)) ++n;
    }
    return n;
}

std::string utf8_shorten(std::string_view text, std::size_t chars) {
    std::size_t bytes = 0;
    for (std::size_t n = 0; bytes < text.size(); ++bytes) {
        if (!continuation(text[bytes]) && n++ == chars) return std::string(text.substr(0, bytes)) + "…";
    }
    return std::string(text);
}

bool utf8_valid(std::string_view s, std::size_t* bad) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        char32_t cp = 0;
        if (b < 0x80) {
            if (b == 0) break;
            ++i;
            continue;
        }
        if ((b >> 5) == 6) { len = 2; cp = b & 0x1F; }
        else if ((b >> 4) == 14) { len = 3; cp = b & 0x0F; }
        else if ((b >> 3) == 30) { len = 4; cp = b & 0x07; }
        else break;
        if (i + len > s.size()) break;
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) ok = false;
            cp = (cp << 6) | (c & 0x3F);
        }
        const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (!ok || cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) break;
        i += len;
    }
    if (i == s.size()) return true;
    if (bad != nullptr) *bad = i;
    return false;
}

}  // namespace decree
