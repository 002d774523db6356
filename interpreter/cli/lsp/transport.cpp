// Content-Length framing over POSIX file descriptors.
#include "cli/lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <charconv>

#include "decree/lang/messages.hpp"

namespace decree::lsp {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool transport::fill(bool wait) {
    if (m_eof) return false;
    if (!wait) {
        pollfd p{m_in, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
    }
    // Drop what was consumed before growing the buffer.
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    char chunk[65536];
    for (;;) {
        const auto n = ::read(m_in, chunk, sizeof chunk);
        if (n > 0) {
            m_buffer.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        m_eof = true;
        return false;
    }
}

std::optional<std::string> transport::header_line() {
    for (;;) {
        const auto eol = m_buffer.find('\n', m_pos);
        if (eol != std::string::npos) {
            std::string line = m_buffer.substr(m_pos, eol - m_pos);
            m_pos = eol + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (m_buffer.size() - m_pos > max_header_line) {  // no header is that long: drop it
            m_pos = m_buffer.size();
            return std::string("\x01");
        }
        if (!fill(true)) return std::nullopt;
    }
}

namespace {

constexpr std::string_view length_field = "content-length:";

// Where "Content-Length:" (any case) starts in [line], or npos.
std::size_t find_length_field(std::string_view line) {
    for (std::size_t i = 0; i + length_field.size() <= line.size(); ++i) {
        if (iequals(line.substr(i, length_field.size()), length_field)) return i;
    }
    return std::string_view::npos;
}

}  // namespace

std::optional<transport::message> transport::read() {
    message out;
    std::size_t length = 0;
    bool has_length = false;
    bool any = false;
    std::size_t header_bytes = 0;
    text skipped;  // bytes skipped to find this message's header, when any
    for (;;) {
        auto line = header_line();
        if (!line) return std::nullopt;
        if (line->empty()) {
            if (!any) continue;  // blank lines between messages
            break;
        }
        header_bytes += line->size() + 1;
        if (header_bytes > max_header_block) {
            // A header block never ends: start again at the next header that gives a length.
            out.problem = say(msg::lsp_frame_header_too_long, {max_header_block});
            has_length = false;
            any = false;
            header_bytes = 0;
            continue;
        }
        // Resynchronisation: a message whose Content-Length was too small leaves the end of its
        // body before the next header ("...}Content-Length: 52"); a message sent without one
        // leaves all of it. The header is read from where it starts.
        std::string_view text(*line);
        if (const auto at = find_length_field(text); at != std::string_view::npos && at > 0) {
            if (skipped.empty()) skipped = say(msg::lsp_frame_bytes_outside, {at});
            text.remove_prefix(at);
            has_length = false;
        }
        any = true;
        const auto colon = text.find(':');
        if (colon == std::string::npos) {
            out.problem = say(msg::lsp_frame_malformed_header);
            continue;
        }
        const auto name = trim(text.substr(0, colon));
        const auto value = trim(text.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || end != value.data() + value.size()) {
                out.problem = say(msg::lsp_frame_invalid_length, {value});
                has_length = false;
            } else {
                length = n;
                has_length = true;
            }
        }
    }
    if (!has_length) {
        if (out.problem.empty()) out.problem = skipped.empty() ? say(msg::lsp_frame_missing_length) : skipped;
        return out;
    }
    // Read (or skip, when too large) the body. In JSON, letters outside strings are only those of
    // true, false and null: "Content-Length:" outside a string is the next message's header, and
    // this one's Content-Length was too large. The body then ends there, so that the next message
    // is read (a client that waits for an answer would otherwise wait for ever).
    std::size_t left = length;
    const bool keep = left <= m_max_body;
    bool in_string = false, escaped = false;
    out.problem = skipped;
    while (left > 0) {
        if (m_pos == m_buffer.size() && !fill(true)) {
            out.problem = say(msg::lsp_frame_input_ended);
            out.body.clear();
            return out;
        }
        const std::size_t avail = std::min(left, m_buffer.size() - m_pos);
        std::size_t i = 0;
        bool next_header = false, need_more = false;
        for (; i < avail; ++i) {
            const char c = m_buffer[m_pos + i];
            if (in_string) {
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') {
                in_string = true;
            } else if (c == 'C' || c == 'c') {
                const std::size_t room = std::min(left - i, m_buffer.size() - m_pos - i);
                const std::string_view here(m_buffer.data() + m_pos + i, std::min(room, length_field.size()));
                if (!iequals(here, length_field.substr(0, here.size()))) continue;
                if (here.size() == length_field.size()) {
                    next_header = true;
                    break;
                }
                if (room < left - i) {  // the buffer ends inside what may be a header: read on
                    need_more = true;
                    break;
                }
            }
        }
        if (keep) out.body.append(m_buffer, m_pos, i);
        m_pos += i;
        left -= i;
        if (next_header) {
            out.problem = say(msg::lsp_frame_length_too_large, {length, length - left});
            if (!keep) out.body.clear();
            return out;
        }
        if (need_more && !fill(true)) {
            out.problem = say(msg::lsp_frame_input_ended);
            out.body.clear();
            return out;
        }
    }
    if (!keep) out.problem = say(msg::lsp_frame_over_limit, {length});
    return out;
}

bool transport::pending() {
    if (m_buffer.find('\n', m_pos) != std::string::npos) return true;
    return fill(false) || m_buffer.size() > m_pos;
}

bool transport::write(std::string_view body) {
    std::string framed = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    framed.append(body);
    std::size_t done = 0;
    while (done < framed.size()) {
        const auto n = ::write(m_out, framed.data() + done, framed.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace decree::lsp
