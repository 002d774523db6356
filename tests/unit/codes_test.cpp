// The table of diagnostic codes in both languages: every code has a Vietnamese title and
// explanation, written in Vietnamese, keeping the English's quoted fragments; `decreec explain`
// prints the language asked for.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "decree/lang/diagnostic.hpp"

using namespace decree;

namespace {

// The fragments of [t] between backticks (names, keywords, source), backticks included.
std::vector<std::string> quoted(std::string_view t) {
    std::vector<std::string> out;
    for (auto open = t.find('`'); open != std::string_view::npos; open = t.find('`', open)) {
        const auto close = t.find('`', open + 1);
        if (close == std::string_view::npos) break;
        out.emplace_back(t.substr(open, close - open + 1));
        open = close + 1;
    }
    return out;
}

// [t] without what is quoted in backticks.
std::string outside_quotes(std::string_view t) {
    std::string out;
    bool quoted = false;
    for (const char c : t) {
        if (c == '`') {
            quoted = !quoted;
        } else if (!quoted) {
            out += c;
        }
    }
    return out;
}

// A letter only Vietnamese writes: a vowel with a diacritic, or đ.
bool has_vietnamese_letter(std::string_view t) {
    static const std::string letters[] = {"à", "á", "ả", "ã", "ạ", "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ", "â", "ầ", "ấ", "ẩ",
                                          "ẫ", "ậ", "đ", "è", "é", "ẻ", "ẽ", "ẹ", "ê", "ề", "ế", "ể", "ễ", "ệ", "ì",
                                          "í", "ỉ", "ĩ", "ị", "ò", "ó", "ỏ", "õ", "ọ", "ô", "ồ", "ố", "ổ", "ỗ", "ộ",
                                          "ơ", "ờ", "ớ", "ở", "ỡ", "ợ", "ù", "ú", "ủ", "ũ", "ụ", "ư", "ừ", "ứ", "ử",
                                          "ữ", "ự", "ỳ", "ý", "ỷ", "ỹ", "ỵ", "Đ"};
    for (const auto& l : letters) {
        if (t.find(l) != std::string_view::npos) return true;
    }
    return false;
}

struct result {
    int rc;
    std::string out, err;
};

result run(const std::vector<std::string>& args, const cli::environment& env = {}) {
    std::ostringstream out, err;
    const int rc = cli::run(args, out, err, env);
    return {rc, out.str(), err.str()};
}

}  // namespace

TEST_SUITE("diagnostic codes") {
    TEST_CASE("every code has a Vietnamese title and explanation") {
        for (const auto& c : all_codes()) {
            CAPTURE(c.id);
            REQUIRE_FALSE(c.title_vi.empty());
            REQUIRE(c.explanation_vi.size() > 20);
            CHECK(c.title_vi != c.title);
            CHECK(c.explanation_vi != c.explanation);
            // (A title may be plain letters: "chia cho 0".)
            CHECK(has_vietnamese_letter(outside_quotes(c.explanation_vi)));
            // A title is one line, starts in lower case and has no final period, as in English.
            CHECK(c.title_vi.find('\n') == std::string_view::npos);
            CHECK_FALSE(c.title_vi.starts_with("Đ"));
            CHECK_FALSE((c.title_vi[0] >= 'A' && c.title_vi[0] <= 'Z'));
            CHECK(c.title_vi.back() != '.');
            CHECK(c.title_in(language::vi) == c.title_vi);
            CHECK(c.title_in(language::en) == c.title);
            CHECK(c.explanation_in(language::vi) == c.explanation_vi);
            CHECK(c.explanation_in(language::en) == c.explanation);
        }
    }

    TEST_CASE("the Vietnamese keeps every quoted fragment of the English") {
        for (const auto& c : all_codes()) {
            CAPTURE(c.id);
            for (const auto& q : quoted(c.title)) {
                CAPTURE(q);
                CHECK(c.title_vi.find(q) != std::string_view::npos);
            }
            for (const auto& q : quoted(c.explanation)) {
                CAPTURE(q);
                CHECK(c.explanation_vi.find(q) != std::string_view::npos);
            }
            // Backticks come in pairs.
            CHECK(std::count(c.explanation_vi.begin(), c.explanation_vi.end(), '`') % 2 == 0);
            CHECK(std::count(c.title_vi.begin(), c.title_vi.end(), '`') % 2 == 0);
        }
    }

    TEST_CASE("explain prints the language asked for, English by default") {
        const auto& c = *find_code("E0201");
        const auto en = run({"explain", "E0201"});
        CHECK(en.rc == cli::ok);
        CHECK(en.out.rfind("E0201 (error): unknown name\n\n", 0) == 0);
        const auto vi = run({"explain", "E0201", "--lang", "vi"});
        CHECK(vi.rc == cli::ok);
        CHECK(vi.out.rfind("E0201 (lỗi): " + std::string(c.title_vi) + "\n\n", 0) == 0);
        CHECK(vi.out.find("Tên này") != std::string::npos);
        // The environment's language, when no --lang is given.
        cli::environment env;
        env.lang = language::vi;
        CHECK(run({"explain", "w0704"}, env).out.rfind("W0704 (cảnh báo): ", 0) == 0);
        CHECK(run({"explain", "W0704", "--lang", "en"}, env).out.rfind("W0704 (warning): ", 0) == 0);
    }

    TEST_CASE("explain --list gives each code's title in the language asked for") {
        const auto en = run({"explain", "--list"});
        const auto vi = run({"explain", "--list", "--lang=vi"});
        for (const auto& c : all_codes()) {
            CAPTURE(c.id);
            CHECK(en.out.find(std::string(c.id) + "  " + std::string(c.title) + "\n") != std::string::npos);
            CHECK(vi.out.find(std::string(c.id) + "  " + std::string(c.title_vi) + "\n") != std::string::npos);
        }
    }

    TEST_CASE("explain wraps the Vietnamese at 80 characters") {
        const auto vi = run({"explain", "E0221", "--lang", "vi"});
        std::istringstream lines(vi.out);
        std::string line;
        while (std::getline(lines, line)) {
            CAPTURE(line);
            std::size_t chars = 0;
            for (const unsigned char ch : line) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
            CHECK(chars <= 80);
        }
    }
}
