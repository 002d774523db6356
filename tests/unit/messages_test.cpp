// The message catalogue: every row in both languages, with the same placeholders, and the
// Vietnamese written as Vietnamese (full diacritics), the English without them.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "decree/lang/diagnostic.hpp"
#include "decree/lang/messages.hpp"

using namespace decree;

namespace {

// The placeholders of [t]: "{}" counted in order as 0, 1, ...; "{{" and "}}" are literal braces.
std::multiset<std::string> placeholders(std::string_view t) {
    std::multiset<std::string> out;
    int automatic = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.substr(i, 2) == "{{" || t.substr(i, 2) == "}}") {
            ++i;
            continue;
        }
        if (t[i] != '{') continue;
        const auto close = t.find('}', i);
        if (close == std::string_view::npos) {
            out.insert("<unclosed>");
            break;
        }
        std::string inside(t.substr(i + 1, close - i - 1));
        out.insert(inside.empty() || inside[0] == ':' ? std::to_string(automatic++) + inside : inside);
        i = close;
    }
    return out;
}

// A letter only Vietnamese writes (a vowel with a diacritic, đ): the text is Vietnamese.
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

// [t] without what is quoted in backticks (names, keywords and source, which may be either
// language's).
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

}  // namespace

TEST_SUITE("message catalogue") {
    TEST_CASE("every message is in English and in Vietnamese, with the same placeholders") {
        std::set<std::string_view> ids;
        for (const auto& m : all_messages()) {
            CAPTURE(m.id);
            CHECK(ids.insert(m.id).second);
            REQUIRE_FALSE(m.en.empty());
            REQUIRE_FALSE(m.vi.empty());
            CHECK(m.en != m.vi);
            CHECK(placeholders(m.en.substr(0, m.en.find('|'))) == placeholders(m.vi));
            // A count's two English forms take the same placeholders; Vietnamese has one form.
            if (const auto bar = m.en.find('|'); bar != std::string_view::npos) {
                CHECK(placeholders(m.en.substr(0, bar)) == placeholders(m.en.substr(bar + 1)));
            }
            CHECK(m.vi.find('|') == std::string_view::npos);
            CHECK_FALSE(has_vietnamese_letter(outside_quotes(m.en)));
            // The Vietnamese says something in Vietnamese, outside the quoted names.
            CHECK(has_vietnamese_letter(outside_quotes(m.vi)));
        }
    }

    TEST_CASE("say fills both languages, in each one's order") {
        const auto t = say(msg::did_you_mean, {"cutoff"});
        CHECK(t.en == "did you mean `cutoff`?");
        CHECK(t.vi == "có phải ý bạn là `cutoff`?");
        CHECK(say_count(msg::n_errors, 1).en == "1 error");
        CHECK(say_count(msg::n_errors, 2).en == "2 errors");
        CHECK(say_count(msg::n_errors, 2).vi == "2 lỗi");
        // A text argument is put in in its own language.
        const auto why = say(msg::cannot_read_file);
        const auto line = say(msg::file_error, {"a.decree", why});
        CHECK(line.en == "a.decree: error: cannot read the file");
        CHECK(line.vi == "a.decree: lỗi: không đọc được tệp");
    }
}
