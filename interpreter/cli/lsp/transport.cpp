// Content-Length framing over POSIX file descriptors.
#include "cli/lsp/transport.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

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
        if (m_buffer.size() - m_pos > 65536) {  // no header is that long: drop it
            m_pos = m_buffer.size();
            return std::string("\x01");
        }
        if (!fill(true)) return std::nullopt;
    }
}

std::optional<transport::message> transport::read() {
    message out;
    std::size_t length = 0;
    bool has_length = false;
    bool any = false;
    for (;;) {
        auto line = header_line();
        if (!line) return std::nullopt;
        if (line->empty()) {
            if (!any) continue;  // blank lines between messages
            break;
        }
        any = true;
        const auto colon = line->find(':');
        if (colon == std::string::npos) {
            out.problem = "malformed header line";
            continue;
        }
        const auto name = trim(std::string_view(*line).substr(0, colon));
        const auto value = trim(std::string_view(*line).substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            std::size_t n = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (ec != std::errc() || end != value.data() + value.size()) {
                out.problem = "invalid Content-Length `" + std::string(value) + "`";
                has_length = false;
            } else {
                length = n;
                has_length = true;
            }
        }
    }
    if (!has_length) {
        if (out.problem.empty()) out.problem = "missing Content-Length header";
        return out;
    }
    // Read (or skip, when too large) the body.
    std::size_t left = length;
    const bool keep = left <= m_max_body;
    while (left > 0) {
        if (m_pos == m_buffer.size() && !fill(true)) {
            out.problem = "the input ended inside a message";
            out.body.clear();
            return out;
        }
        const auto take = std::min(left, m_buffer.size() - m_pos);
        if (keep) out.body.append(m_buffer, m_pos, take);
        m_pos += take;
        left -= take;
    }
    out.problem.clear();
    if (!keep) out.problem = "message of " + std::to_string(length) + " bytes is larger than the limit";
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
