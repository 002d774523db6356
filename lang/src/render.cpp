// Stage 7: renders diagnostics as rich text (source line and caret), short GNU-style lines,
// or JSON for tools. Columns count characters, not bytes.
#include <algorithm>
#include <string>

#include "decree/lang/diagnostic.hpp"

namespace decree {

namespace {

// The severity as JSON names it (in either language), and as the text says it.
const char* level_name(severity s) {
    return s == severity::error ? "error" : s == severity::warning ? "warning" : "note";
}

const char* level_name(severity s, language lang) {
    if (lang == language::en) return level_name(s);
    return s == severity::error ? "lỗi" : s == severity::warning ? "cảnh báo" : "ghi chú";
}

std::string place(const source_manager& sources, const span& s) {
    if (s.file == no_source || s.file >= sources.size()) return "<input>";
    const auto& f = sources.get(s.file);
    const auto lc = f.position(s.begin);
    return f.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// Source lines longer than this many characters are shown as a window of 2 * window_context
// characters around the start of the span, cut with `…`, so that a diagnostic on a file of one
// 16 MiB line stays one screen long.
constexpr std::uint32_t max_line_shown = 500;
constexpr std::uint32_t window_context = 80;

// Byte offset of the character after the first [chars] characters of [line] (or its size).
std::size_t byte_after(std::string_view line, std::uint32_t chars) {
    std::size_t i = 0;
    for (std::uint32_t c = 0; i < line.size(); ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80 || utf8_combining_at(line, i)) continue;
        if (c++ == chars) break;
    }
    return i;
}

// [line] for a terminal: control characters (but tabs) and bytes that are not UTF-8 are shown as
// U+FFFD, one character each, so that the caret line stays aligned.
std::string printable(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
        const auto b = static_cast<unsigned char>(line[i]);
        const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > line.size() || !utf8_valid(line.substr(i, len)) ||
            (len == 1 && ((b < 0x20 && b != '\t') || b == 0x7F))) {
            out += "\uFFFD";
            ++i;
            continue;
        }
        out += line.substr(i, len);
        i += len;
    }
    return out;
}

void snippet(std::string& out, const source_file& f, const span& s, std::string_view note) {
    const auto begin = f.position(s.begin);
    const auto end = f.position(std::max(s.begin, s.end));
    auto line = f.line_text(begin.line);
    const auto chars = static_cast<std::uint32_t>(utf8_columns(line));
    std::uint32_t first = 1;  // column of the first character shown
    std::uint32_t last = chars;  // column of the last character shown
    std::string before, after;
    if (chars > max_line_shown) {
        first = begin.column > window_context ? begin.column - window_context : 1;
        last = std::min(chars, first + 2 * window_context - 1);
        const auto from = byte_after(line, first - 1);
        line = line.substr(from, byte_after(line, last) - from);
        if (first > 1) before = "…";
        if (last < chars) after = "…";
    }
    const std::string number = std::to_string(begin.line);
    const std::string gutter(number.size() + 1, ' ');
    out += gutter + "|\n";
    out += number + " | " + before + printable(line) + after + "\n";
    std::string marks = before.empty() ? "" : " ";
    std::uint32_t col = first;
    for (std::size_t i = 0; i < line.size() && col < begin.column; ++i) {
        if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80 || utf8_combining_at(line, i)) continue;
        marks += line[i] == '\t' ? '\t' : ' ';
        ++col;
    }
    std::uint32_t width = 1;
    if (end.line == begin.line && end.column > begin.column) {
        width = end.column - begin.column;
    } else if (end.line > begin.line) {
        width = chars >= begin.column ? chars - begin.column + 1 : 1;
    }
    if (begin.column <= last) width = std::min(width, last - begin.column + 1);
    marks += std::string(width, '^');
    if (!note.empty()) marks += " " + std::string(note);
    out += gutter + "| " + marks + "\n";
}

}  // namespace

std::string json_escape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            // JSON is UTF-8: a byte that starts no valid sequence (a file name in a legacy
            // encoding) is written as U+FFFD.
            const auto b = static_cast<unsigned char>(c);
            const std::size_t len = (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
            if (len != 0 && i + len <= s.size() && utf8_valid(s.substr(i, len))) {
                out.append(s, i, len);
                i += len - 1;
            } else {
                out += "\\ufffd";
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[(c >> 4) & 0xF];
                    out += hex[c & 0xF];
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string json_file_field(std::string_view name) {
    std::string out = "\"file\":\"" + json_escape(name) + "\"";
    if (!utf8_valid(name)) {
        static const char* hex = "0123456789abcdef";
        out += ",\"file_bytes\":\"";
        for (const char c : name) {
            out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            out += hex[static_cast<unsigned char>(c) & 0xF];
        }
        out += "\"";
    }
    return out;
}

std::string render(const source_diagnostic& d, const source_manager& sources, render_style style, bool color,
                   language lang) {
    if (style == render_style::json) return render_json({d}, sources, lang);
    const bool vi = lang == language::vi;
    const char* on = "";
    const char* off = "";
    if (color) {
        on = d.level == severity::error ? "\033[1;31m" : "\033[1;33m";
        off = "\033[0m";
    }
    std::string out = place(sources, d.primary) + ": " + on + level_name(d.level, lang) + "[" +
                      std::string(info(d.id).id) + "]" + off + ": " + d.message.in(lang) + "\n";
    if (style == render_style::short_) return out;
    // A file that is not decree text (E0100: binary, not UTF-8, too large) is never quoted: it
    // may be anything, and its content is not the reader's to see.
    if (d.primary.file != no_source && d.primary.file < sources.size() && d.id != code::E0100) {
        snippet(out, sources.get(d.primary.file), d.primary, d.note.in(lang));
    }
    const std::string gutter = "   ";
    for (const auto& l : d.labels) {
        out += gutter + (vi ? "= ghi chú: " : "= note: ") + l.text.in(lang) + (vi ? " tại " : " at ") +
               place(sources, l.where) + "\n";
    }
    if (!d.hint.empty()) out += gutter + (vi ? "= gợi ý: " : "= hint: ") + d.hint.in(lang) + "\n";
    return out;
}

std::string render_json(const std::vector<source_diagnostic>& ds, const source_manager& sources, language lang) {
    std::string out = "[";
    bool first = true;
    auto position = [&](const span& s, std::string& o) {
        if (s.file == no_source || s.file >= sources.size()) {
            o += "\"file\":null";
            return;
        }
        const auto& f = sources.get(s.file);
        const auto b = f.position(s.begin), e = f.position(std::max(s.begin, s.end));
        o += json_file_field(f.name()) + ",\"line\":" + std::to_string(b.line) +
             ",\"column\":" + std::to_string(b.column) + ",\"end_line\":" + std::to_string(e.line) +
             ",\"end_column\":" + std::to_string(e.column);
    };
    for (const auto& d : ds) {
        out += first ? "\n  {" : ",\n  {";
        first = false;
        out += "\"code\":\"" + std::string(info(d.id).id) + "\",\"severity\":\"" + level_name(d.level) +
               "\",\"message\":\"" + json_escape(d.message.in(lang)) + "\",";
        position(d.primary, out);
        if (!d.hint.empty()) out += ",\"hint\":\"" + json_escape(d.hint.in(lang)) + "\"";
        out += ",\"labels\":[";
        for (std::size_t i = 0; i < d.labels.size(); ++i) {
            out += i == 0 ? "{" : ",{";
            position(d.labels[i].where, out);
            out += ",\"text\":\"" + json_escape(d.labels[i].text.in(lang)) + "\"}";
        }
        out += "]}";
    }
    out += ds.empty() ? "]\n" : "\n]\n";
    return out;
}

}  // namespace decree
