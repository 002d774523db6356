// The language server's building blocks: UTF-16 positions, URIs, framing, the stdlib's files.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/lsp/server.hpp"
#include "cli/lsp/text.hpp"
#include "cli/lsp/transport.hpp"

using namespace decree::lsp;

TEST_SUITE("lsp") {
    TEST_CASE("positions count UTF-16 code units") {
        // "đ" and "ề" are one unit each (two and three bytes), "𝔸" two units (four bytes).
        const text_lines t("điều 𝔸x\r\nb\n");
        CHECK(t.line_count() == 3);
        CHECK(t.line(0) == "điều 𝔸x");
        CHECK(t.line(1) == "b");
        CHECK(t.line(5).empty());
        const auto x = static_cast<std::uint32_t>(std::string("điều 𝔸").size());
        CHECK(t.offset({0, 7}) == x);
        CHECK(t.position_of(x).character == 7);
        CHECK(t.offset({0, 6}) == x);  // inside the surrogate pair: after the character
        CHECK(t.position_of(x - 2).character == 5);  // inside a UTF-8 sequence: its start
        CHECK(t.offset({0, 99}) == x + 1);  // past the end of the line: the line end
        CHECK(t.offset({1, 0}) == x + 3);
        CHECK(t.offset({9, 0}) == t.text().size());
        const auto p = t.position_of(static_cast<std::uint32_t>(t.text().size()));
        CHECK(p.line == 2);
        CHECK(p.character == 0);
        CHECK(utf16_length("hồ_sơ 𝔸") == 8);
    }

    TEST_CASE("incremental changes") {
        text_lines t("khoản 1\nđiểm a\n");
        t.replace({{1, 0}, {1, 4}}, "point");
        CHECK(t.text() == "khoản 1\npoint a\n");
        t.replace({{0, 5}, {1, 0}}, " 2\n");
        CHECK(t.text() == "khoản 2\npoint a\n");
        CHECK(t.line(1) == "point a");
    }

    TEST_CASE("file URIs") {
        CHECK(uri_to_path("file:///work/x%20y/%C4%91i%E1%BB%81u.decree") == "/work/x y/điều.decree");
        CHECK(uri_to_path("file://localhost/a.decree") == "/a.decree");
        CHECK(uri_to_path("untitled:Untitled-1").empty());
        CHECK(uri_to_path("file://server/share/a.decree").empty());
        CHECK(path_to_uri("/work/x y/điều.decree") == "file:///work/x%20y/%C4%91i%E1%BB%81u.decree");
        CHECK(uri_to_path(path_to_uri("/a b/c#d?.decree")) == "/a b/c#d?.decree");
    }

    TEST_CASE("Content-Length framing") {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const std::string input =
            "Content-Length: 2\r\n\r\n{}"                                  // plain
            "content-type: application/vscode-jsonrpc\r\nCONTENT-LENGTH:  3 \r\n\r\n[1]"  // case, blanks
            "Content-Length: 4\n\n\"ok\""                                 // LF line ends
            "Content-Length: x\r\n\r\n"                                     // invalid length
            "Content-Length: 5\r\n\r\nab";                                  // ends inside the body
        REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
        ::close(fds[1]);
        transport t(fds[0], -1);
        CHECK(t.pending());
        auto m = t.read();
        REQUIRE(m);
        CHECK(m->body == "{}");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "[1]");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "\"ok\"");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body.empty());
        CHECK(m->problem.en.find("invalid Content-Length") == 0);
        m = t.read();
        REQUIRE(m);
        CHECK(m->body.empty());
        CHECK(m->problem.en == "the input ended inside a message");
        CHECK(m->problem.vi == "đầu vào kết thúc giữa một thông điệp");  // the log speaks the client's language
        CHECK(!t.read());
        ::close(fds[0]);
    }

    TEST_CASE("a message too large is skipped, and the next one read") {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const std::string input = "Content-Length: 10\r\n\r\n0123456789Content-Length: 1\r\n\r\n7";
        REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
        ::close(fds[1]);
        transport t(fds[0], -1, 4);
        auto m = t.read();
        REQUIRE(m);
        CHECK(m->body.empty());
        CHECK(m->problem.en.find("larger than the limit") != std::string::npos);
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "7");
        ::close(fds[0]);
    }

    TEST_CASE("a wrong Content-Length loses one message only: the next header is found") {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const std::string input =
            "Content-Length: 1000\r\n\r\n{\"a\":\"Content-Length: 9\"}"  // too long; a header inside a string is text
            "Content-Length: 2\r\n\r\n[]"
            "Content-Length: 3\r\n\r\n{\"b\":1}"                         // too short: `"b"` read, `:1}` left
            "Content-Length: 4\r\n\r\n[11]"
            "\r\n\r\n{\"no\":\"header\"}"                                // no header at all
            "content-length: 1\r\n\r\n7";
        REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
        ::close(fds[1]);
        transport t(fds[0], -1);
        auto m = t.read();
        REQUIRE(m);
        CHECK(m->body == "{\"a\":\"Content-Length: 9\"}");
        CHECK(m->problem.en == "Content-Length 1000 is larger than the message (25 bytes before the next header)");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "[]");
        CHECK(m->problem.en.empty());
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "{\"b");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "[11]");
        CHECK(m->problem.en == "4 bytes outside any message before a header");
        m = t.read();
        REQUIRE(m);
        CHECK(m->body == "7");
        CHECK(m->problem.en == "15 bytes outside any message before a header");
        CHECK(!t.read());
        ::close(fds[0]);
    }

    TEST_CASE("the stdlib's files: an identical copy, else one written to the cache") {
        const auto key = "vn/case_record";
        const auto embedded = decree::stdlib_module(key);
        REQUIRE(embedded);
        const auto dir = std::filesystem::temp_directory_path() / ("decree-lsp-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir / "tree" / "stdlib" / "vn");
        const auto cache = dir / "cache";
        ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
        auto read = [](const std::string& p) {
            std::ifstream in(p, std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            return ss.str();
        };
        SUBCASE("a root with the same text is used") {
            std::ofstream(dir / "tree" / "stdlib" / "vn" / "case_record.decree", std::ios::binary) << *embedded;
            CHECK(stdlib_path(key, {(dir / "tree").string()}) == (dir / "tree" / "stdlib" / "vn" / "case_record.decree").string());
        }
        SUBCASE("a root with another text is not; the cache is written once") {
            std::ofstream(dir / "tree" / "stdlib" / "vn" / "case_record.decree", std::ios::binary) << "edited";
            const auto p = stdlib_path(key, {(dir / "tree").string()});
            CHECK(p == (cache / "decree" / "0.1.0" / "stdlib" / "vn" / "case_record.decree").string());
            CHECK(read(p) == *embedded);
            const auto when = std::filesystem::last_write_time(p);
            CHECK(stdlib_path(key, {}) == p);
            CHECK(std::filesystem::last_write_time(p) == when);
        }
        SUBCASE("an unknown module has no file") {
            CHECK(stdlib_path("vn/nothing", {}).empty());
        }
        ::unsetenv("XDG_CACHE_HOME");
        std::filesystem::remove_all(dir);
    }
}
