// Source files: line tables, UTF-8 aware positions.
#include "decree/lang/source.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include <utf8proc.h>

namespace decree {

namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// [text] in NFC by utf8proc; nothing when it is not valid UTF-8 or utf8proc fails.
std::optional<std::string> composed(std::string_view text) {
    if (!utf8_valid(text)) return std::nullopt;
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return std::nullopt;
    std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
    std::free(mapped);
    return out;
}

}  // namespace

source_file::source_file(source_id id, std::string name, std::string text) : m_id(id), m_name(std::move(name)) {
    // Each run of non-ASCII bytes, with the ASCII character before it (the base a combining
    // mark may go with), is normalised on its own: the runs that change are recorded, so that
    // offsets map between the two texts.
    std::string norm;
    std::size_t copied = 0;  // text[0, copied) is in norm already
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t begin = i, end = i;
        while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) ++end;
        if (begin > copied && text[begin - 1] != '\n') --begin;
        i = end;
        const std::string_view run(text.data() + begin, end - begin);
        auto c = composed(run);
        if (!c || *c == run) continue;
        norm.append(text, copied, begin - copied);
        const auto nb = static_cast<std::uint32_t>(norm.size());
        norm += *c;
        m_changes.push_back({nb, static_cast<std::uint32_t>(norm.size()), static_cast<std::uint32_t>(begin),
                             static_cast<std::uint32_t>(end)});
        copied = end;
    }
    if (m_changes.empty()) {
        m_text = std::move(text);
    } else {
        norm.append(text, copied, std::string::npos);
        m_text = std::move(norm);
        m_original = std::move(text);
    }
    const auto& o = original();
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < o.size(); ++i) {
        if (o[i] == '\n') m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

std::uint32_t source_file::to_original(std::uint32_t offset) const {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(m_text.size()));
    std::int64_t shift = 0;
    for (const auto& c : m_changes) {
        if (offset <= c.norm_begin) break;
        if (offset < c.norm_end) return c.orig_begin;
        shift = static_cast<std::int64_t>(c.orig_end) - c.norm_end;
    }
    return static_cast<std::uint32_t>(offset + shift);
}

std::uint32_t source_file::from_original(std::uint32_t offset) const {
    std::int64_t shift = 0;
    for (const auto& c : m_changes) {
        if (offset <= c.orig_begin) break;
        if (offset < c.orig_end) return c.norm_begin;
        shift = static_cast<std::int64_t>(c.norm_end) - c.orig_end;
    }
    return static_cast<std::uint32_t>(std::min<std::int64_t>(offset + shift, static_cast<std::int64_t>(m_text.size())));
}

line_col source_file::position(std::uint32_t offset) const {
    const auto& t = original();
    offset = to_original(offset);
    const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());
    const auto start = m_line_starts[line - 1];
    std::uint32_t column = 1;
    for (auto i = start; i < offset; ++i) {
        if (!continuation(t[i]) && !utf8_combining_at(t, i)) ++column;
    }
    return {line, column};
}

line_col source_file::position_utf16(std::uint32_t offset) const {
    const auto& t = original();
    offset = to_original(offset);
    const auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());
    std::uint32_t column = 1;
    for (auto i = m_line_starts[line - 1]; i < offset; ++i) {
        const auto b = static_cast<unsigned char>(t[i]);
        if (!continuation(t[i])) column += b >= 0xF0 ? 2 : 1;
    }
    return {line, column};
}

std::string_view source_file::line_text(std::uint32_t line) const {
    const auto& t = original();
    if (line == 0 || line > m_line_starts.size()) return {};
    const auto begin = m_line_starts[line - 1];
    auto end = line < m_line_starts.size() ? m_line_starts[line] - 1 : static_cast<std::uint32_t>(t.size());
    if (end > begin && t[end - 1] == '\r') --end;
    return std::string_view(t).substr(begin, end - begin);
}

std::uint32_t source_file::offset_of(std::uint32_t line, std::uint32_t column) const {
    const auto& t = original();
    if (line == 0) return 0;
    if (line > m_line_starts.size()) return static_cast<std::uint32_t>(m_text.size());
    auto i = m_line_starts[line - 1];
    for (std::uint32_t c = 0; c < column && i < t.size() && t[i] != '\n';) {
        ++i;
        while (i < t.size() && continuation(t[i])) ++i;
        ++c;
    }
    return from_original(i);
}

source_id source_manager::add(std::string name, std::string text) {
    const auto id = static_cast<source_id>(m_files.size());
    m_files.push_back(std::make_unique<source_file>(id, std::move(name), std::move(text)));
    return id;
}

bool utf8_combining_at(std::string_view text, std::size_t i) {
    if (i >= text.size() || static_cast<unsigned char>(text[i]) < 0xCC) return false;  // below U+0300
    utf8proc_int32_t c = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                    static_cast<utf8proc_ssize_t>(text.size() - i), &c);
    if (n <= 0) return false;
    const auto k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

std::size_t utf8_columns(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!continuation(text[i]) && !utf8_combining_at(text, i)) ++n;
    }
    return n;
}

std::string utf8_nfc(std::string_view text) {
    auto c = composed(text);
    return c ? std::move(*c) : std::string(text);
}

bool utf8_surely_nfc(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80 || continuation(text[i])) continue;
        if (b >= 0xC2 && b <= 0xCB) continue;  // U+0080-U+02FF
        if (b == 0xE1 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xB8 &&
            static_cast<unsigned char>(text[i + 1]) <= 0xBB) {
            continue;  // U+1E00-U+1EFF
        }
        return false;
    }
    return true;
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
