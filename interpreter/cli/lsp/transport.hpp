// JSON-RPC framing of the language server protocol over two file descriptors: each message is
// a header block ("Content-Length: N", other fields ignored, CRLF or LF line ends, a blank line)
// followed by N bytes of JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "decree/lang/text.hpp"

namespace decree::lsp {

// Bounds of the framing: a header line, a header block, and one message's body (larger
// bodies are skipped, not held).
inline constexpr std::size_t max_header_line = 65536;
inline constexpr std::size_t max_header_block = 65536;
inline constexpr std::size_t default_max_body = std::size_t{256} << 20;

// A wrong Content-Length never leaves the server deaf: a body declared too long ends where the
// next "Content-Length:" header starts outside a JSON string, and bytes before a header (what a
// body declared too short, or sent without a header, leaves) are skipped up to it. Each such
// message has a problem; its body, when any, goes on to the server (which answers invalid JSON
// with a JSON-RPC parse error, -32700).
class transport {
public:
    // Reads from [in] and writes to [out]; [max_body] bounds one message (larger ones are
    // skipped and reported by read()).
    transport(int in, int out, std::size_t max_body = default_max_body)
        : m_in(in), m_out(out), m_max_body(max_body) {}

    struct message {
        std::string body;
        text problem;  // a framing problem: bad or missing length (the body is then empty, or cut)
    };
    // The next message; nothing at the end of the input.
    std::optional<message> read();
    // True when a message can be read without waiting.
    [[nodiscard]] bool pending();
    // Writes [body] with its header; false when the output is closed.
    bool write(std::string_view body);

private:
    bool fill(bool wait);  // reads more input; false at the end of the input
    std::optional<std::string> header_line();

    int m_in;
    int m_out;
    std::size_t m_max_body;
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false;
};

}  // namespace decree::lsp
