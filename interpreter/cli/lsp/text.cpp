// UTF-16 positions, file URIs and JSON fragments for the language server.
#include "cli/lsp/text.hpp"

#include <algorithm>
#include <filesystem>

#include "decree/lang/diagnostic.hpp"

namespace decree::lsp {

namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Length in bytes of the UTF-8 sequence starting with [lead] (1 for an invalid lead byte).
std::uint32_t sequence_length(char lead) {
    const auto b = static_cast<unsigned char>(lead);
    if (b >= 0xF0 && b < 0xF8) return 4;
    if (b >= 0xE0) return b < 0xF0 ? 3 : 1;
    if (b >= 0xC0) return 2;
    return 1;
}

}  // namespace

std::uint32_t utf16_length(std::string_view s) {
    std::uint32_t n = 0;
    for (const char c : s) {
        if (continuation(c)) continue;
        n += sequence_length(c) == 4 ? 2 : 1;
    }
    return n;
}

void text_lines::assign(std::string text) {
    m_text = std::move(text);
    m_starts.assign(1, 0);
    for (std::size_t i = 0; i < m_text.size(); ++i) {
        if (m_text[i] == '\n') m_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

std::string_view text_lines::line(std::uint32_t l) const {
    if (l >= m_starts.size()) return {};
    const auto begin = m_starts[l];
    auto end = l + 1 < m_starts.size() ? m_starts[l + 1] - 1 : static_cast<std::uint32_t>(m_text.size());
    if (end > begin && m_text[end - 1] == '\r') --end;
    return std::string_view(m_text).substr(begin, end - begin);
}

std::uint32_t text_lines::offset(position p) const {
    if (p.line >= m_starts.size()) return static_cast<std::uint32_t>(m_text.size());
    const auto begin = m_starts[p.line];
    const auto text = line(p.line);
    std::uint32_t units = 0;
    std::size_t i = 0;
    while (i < text.size() && units < p.character) {
        const auto len = std::min<std::size_t>(sequence_length(text[i]), text.size() - i);
        units += len == 4 ? 2 : 1;
        ++i;
        while (i < text.size() && continuation(text[i])) ++i;
    }
    return begin + static_cast<std::uint32_t>(i);
}

position text_lines::position_of(std::uint32_t offset) const {
    offset = std::min(offset, static_cast<std::uint32_t>(m_text.size()));
    while (offset > 0 && offset < m_text.size() && continuation(m_text[offset])) --offset;
    const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    const auto l = static_cast<std::uint32_t>(it - m_starts.begin()) - 1;
    return {l, utf16_length(std::string_view(m_text).substr(m_starts[l], offset - m_starts[l]))};
}

void text_lines::replace(range r, std::string_view replacement) {
    auto begin = offset(r.start);
    auto end = offset(r.end);
    if (end < begin) std::swap(begin, end);
    std::string text = m_text;
    text.replace(begin, end - begin, replacement);
    assign(std::move(text));
}

std::string uri_to_path(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.substr(0, scheme.size()) != scheme) return {};
    uri.remove_prefix(scheme.size());
    // file://host/path: only the local host (empty or "localhost") is a path here.
    const auto slash = uri.find('/');
    if (slash == std::string_view::npos) return {};
    const auto host = uri.substr(0, slash);
    if (!host.empty() && host != "localhost") return {};
    uri.remove_prefix(slash);
    std::string out;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
            out += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
            i += 2;
        } else if (uri[i] == '?' || uri[i] == '#') {
            break;
        } else {
            out += uri[i];
        }
    }
    return out;
}

std::string path_to_uri(std::string_view path) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(std::filesystem::path(path), ec);
    const std::string p = ec ? std::string(path) : abs.lexically_normal().generic_string();
    std::string out = "file://";
    static const char* hex = "0123456789ABCDEF";
    for (const char c : p) {
        const auto b = static_cast<unsigned char>(c);
        const bool plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                           c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 0xF];
        }
    }
    return out;
}

std::string quote(std::string_view s) { return "\"" + json_escape(s) + "\""; }

std::string to_json(position p) {
    return "{\"line\":" + std::to_string(p.line) + ",\"character\":" + std::to_string(p.character) + "}";
}

std::string to_json(const range& r) {
    return "{\"start\":" + to_json(r.start) + ",\"end\":" + to_json(r.end) + "}";
}

}  // namespace decree::lsp
