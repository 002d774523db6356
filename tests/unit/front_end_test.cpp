#include <doctest/doctest.h>

#include "decree/lang/front_end.hpp"
#include "decree/lang/keywords.hpp"

using namespace decree;

namespace {

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

const char* english = R"(decree "Test" title "Keywords" signed 2025-07-03
record person { name : string, term : duration, grades : list of grade }
enumeration grade { good, fair }
input case : person
parameter cutoff : date = 2025-08-31
definition third : duration = 1/3 of case.term
article 3 "Conditions"
  clause 1
    point a
      text "All quarters good or fair"
      requires all g in case.grades: g = good or g = fair
    point b
      text "One third served"
      requires between(2016-08-31, cutoff) >= third
  clause 3
    text "Special cases"
    exception to clause 1 point b when not (case.name = "x") requires true
article 4
  clause 1
    text "Excluded"
    excludes when count g in case.grades: g = fair > 3 unless case.term < 1 year
)";

const char* vietnamese = R"(quyết định "Test" tiêu đề "Keywords" ký ngày 2025-07-03
bản ghi person { name : chuỗi, term : thời hạn, grades : danh sách của grade }
liệt kê grade { good, fair }
đầu vào case : person
tham số cutoff : ngày tháng = 2025-08-31
định nghĩa third : thời hạn = 1/3 của case.term
điều 3 "Conditions"
  khoản 1
    điểm a
      nội dung "All quarters good or fair"
      yêu cầu mọi g thuộc case.grades: g = good hoặc g = fair
    điểm b
      nội dung "One third served"
      yêu cầu between(2016-08-31, cutoff) >= third
  khoản 3
    nội dung "Special cases"
    ngoại lệ cho khoản 1 điểm b khi không (case.name = "x") yêu cầu đúng
điều 4
  khoản 1
    nội dung "Excluded"
    loại trừ khi đếm g thuộc case.grades: g = fair > 3 trừ khi case.term < 1 năm
)";

}  // namespace

TEST_SUITE("front end") {
    TEST_CASE("English and Vietnamese keywords give the same program") {
        auto en = compile("en.decree", english);
        auto vi = compile("vi.decree", vietnamese);
        INFO(codes(*en) << " / " << codes(*vi));
        REQUIRE(en->ok());
        REQUIRE(vi->ok());
        CHECK(en->diagnostics.all().empty());
        CHECK(vi->diagnostics.all().empty());
        CHECK(en->program->rules.size() == vi->program->rules.size());
        CHECK(en->program->provisions.size() == vi->program->provisions.size());
        CHECK(vi->program->provisions[3].citation_vi == "Điều 3 khoản 1 điểm b");
        CHECK(vi->program->provisions[3].citation_en == "Art. 3(1)(b)");
        // The exception is linked to the rule of point b.
        const auto& b = vi->program->rules[1];
        REQUIRE(b.exceptions.size() == 1);
        CHECK(vi->program->rules[b.exceptions[0]].target == 1);
    }
    TEST_CASE("every keyword spelling is distinct within its language") {
        for (std::size_t i = 0; i < keyword_table.size(); ++i) {
            for (std::size_t j = i + 1; j < keyword_table.size(); ++j) {
                CAPTURE(keyword_table[i].name);
                CHECK(keyword_table[i].en != keyword_table[j].en);
                // Vietnamese has one word for "year" and "years" (năm) and the like.
                if (keyword_table[i].vi == keyword_table[j].vi) {
                    CHECK(keyword_table[i].en.substr(0, 3) == keyword_table[j].en.substr(0, 3));
                }
            }
        }
    }
    TEST_CASE("10,000 open parentheses are a clean error") {
        std::string text = "parameter x = " + std::string(10000, '(') + "1\n";
        auto comp = compile("deep.decree", text);
        CHECK(codes(*comp) == "E0105 ");
    }
    TEST_CASE("a long operator chain is a clean error") {
        std::string text = "parameter x = 1";
        for (int i = 0; i < 5000; ++i) text += " + 1";
        auto comp = compile("long.decree", text + "\n");
        CHECK(codes(*comp) == "E0105 ");
    }
    TEST_CASE("byte-order mark and CRLF line ends are accepted") {
        auto comp = compile("crlf.decree", "\xEF\xBB\xBFparameter x : integer = 1\r\nparameter y = x + 1\r\n");
        CHECK(comp->ok());
    }
    TEST_CASE("NUL bytes and invalid UTF-8 are rejected with their place") {
        auto nul = compile("nul.decree", std::string("parameter x = 1\n\0", 17));
        CHECK(codes(*nul) == "E0100 ");
        auto bad = compile("bad.decree", "parameter x = \"\xC3\x28\"\n");
        CHECK(codes(*bad) == "E0100 ");
        CHECK(bad->diagnostics.all().front().primary.begin == 15);
    }
    TEST_CASE("a round below the enabling law's floor is rejected at its own line") {
        compile_options opt;
        opt.read_file = [](const std::string& path) -> std::optional<std::string> {
            if (path == "law.decree") {
                return "module \"Law\"\narticle 11\n  clause 1\n    point b\n      parameter share : fraction at least 1/3\n";
            }
            return std::nullopt;
        };
        auto ok = compile("round.decree", "decree \"R\"\nimport \"law.decree\" as law\nset law.share = 1/3\n", opt);
        CHECK(codes(*ok) == "");
        auto low = compile("round.decree", "decree \"R\"\nimport \"law.decree\" as law\nset law.share = 1/5\n", opt);
        REQUIRE(codes(*low) == "E0402 ");
        const auto& d = low->diagnostics.all().front();
        CHECK(low->sources.get(d.primary.file).name() == "round.decree");
        CHECK(low->sources.get(d.primary.file).position(d.primary.begin).line == 3);
        CHECK(d.message.en == "`share` = 1/5 is below the floor 1/3 set by Điều 11 khoản 1 điểm b Law");
        auto unset = compile("round.decree", "decree \"R\"\nimport \"law.decree\" as law\n", opt);
        CHECK(codes(*unset) == "E0214 ");
    }
    TEST_CASE("the embedded standard library is reachable") {
        CHECK(!stdlib_modules().empty());
        CHECK(stdlib_module("vn/case_record"));
    }
}
