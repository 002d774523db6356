// Grammar hygiene: no infinite loops or left recursion (analyze), and rule tables in the
// PEGTL verify_rule style: input, expected result, bytes left.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/errors.hpp"
#include "grammar/grammar.hpp"

namespace g = decree::grammar;
namespace pegtl = tao::pegtl;

namespace {

enum class result { success, local_failure, global_failure };

template <typename Rule>
void verify(const std::string& input, result expected, std::size_t remaining = 0) {
    CAPTURE(input);
    pegtl::memory_input in(input, "test");
    result got = result::success;
    try {
        got = pegtl::parse<Rule, pegtl::nothing, g::control>(in) ? result::success : result::local_failure;
    } catch (const g::syntax_error&) {
        got = result::global_failure;
    }
    CHECK(static_cast<int>(got) == static_cast<int>(expected));
    if (got == result::success) CHECK(in.size() == remaining);
}

}  // namespace

TEST_SUITE("grammar") {
    TEST_CASE("the grammar has no cycles without progress") { CHECK(pegtl::analyze<g::file>() == 0); }

    TEST_CASE("keywords in both languages, whole words only") {
        verify<g::k<decree::keyword::article_>>("article 3", result::success, 1);
        verify<g::k<decree::keyword::article_>>("điều 3", result::success, 1);
        verify<g::k<decree::keyword::article_>>("articles", result::local_failure);
        verify<g::k<decree::keyword::article_>>("điềux", result::local_failure);
        verify<g::k<decree::keyword::unless_>>("trừ khi x", result::success, 1);
        verify<g::k<decree::keyword::unless_>>("trừ   khi x", result::success, 1);
        verify<g::k<decree::keyword::at_least_>>("at least 1/3", result::success, 3);
    }
    TEST_CASE("names") {
        verify<g::name>("thời_hạn_đã_chấp_hành rest", result::success, 4);
        verify<g::name>("served2", result::success);
        verify<g::name>("2served", result::local_failure);
        verify<g::name>("điều", result::local_failure);  // a keyword
        verify<g::name>("at", result::success);           // only "at least" is a keyword
    }
    TEST_CASE("literals") {
        verify<g::date_lit>("2025-08-31", result::success);
        verify<g::date_lit>("2025-8-31", result::local_failure);
        verify<g::duration_lit>("12 years 6 months", result::success);
        verify<g::duration_lit>("12 năm 6 tháng 3 ngày", result::success);
        verify<g::money_lit>("50_000_000 VND", result::success);
        verify<g::money_lit>("50000000 đồng", result::success);
        verify<g::law_ref>("BLHS 108..114", result::success);
        verify<g::law_ref>("BLHS 108..", result::global_failure);
        verify<g::string_lit>("\"Điều kiện\" x", result::success, 1);
        verify<g::string_lit>("\"unterminated", result::global_failure);
    }
    TEST_CASE("expressions") {
        verify<g::expression>("served >= 1/3 of sentence.term", result::success);
        verify<g::expression>("any o in case.offences: o.article in {BLHS 108..114, BLHS 299}", result::success);
        verify<g::expression>("a and", result::global_failure);
        verify<g::expression>("(a", result::global_failure);
        verify<g::expression>("if a then b", result::global_failure);
        verify<g::expression>("x not in S", result::success);
        verify<g::expression>("a ≥ b và không c", result::success);
    }
    TEST_CASE("provisions") {
        verify<g::article>("article 3 \"T\" clause 1 point a requires true", result::success);
        verify<g::article>("article \"T\"", result::global_failure);
        verify<g::article>("điều 3 khoản 1 điểm đ text \"x\"", result::success);
        verify<g::exception_rule>("exception to clause 1 point b when x requires y", result::success);
        verify<g::exception_rule>("exception when x", result::global_failure);
        // `source file` before `source`, whose keyword is its first word; both spellings.
        verify<g::article>("article 1 source file \"a.txt\" source \"b\" text \"x\"", result::success);
        verify<g::article>("điều 1 tệp nguồn \"a.txt\" nguồn \"b\" diễn giải \"x\" \"y\"", result::success);
        verify<g::article>("article 1 source file x", result::global_failure);
        verify<g::article>("article 1 paraphrase", result::global_failure);
        verify<g::header>("module \"m\" source file \"a.txt\" source \"b\"", result::success);
        verify<g::name>("file", result::success);  // only `source file` is a keyword
    }

    TEST_CASE("the header: metadata, then follows and its omits") {
        verify<g::header>("decree \"Đợt 2\" title \"T\" follows \"dot1.decree\" omits article 4 clause 8 \"lifted\"", result::success);
        verify<g::header>("quyết định \"Đợt 2\" kế tiếp \"dot1.decree\" bỏ điều 4 khoản 8 điểm a \"lifted\" bỏ điều 5 \"x\"", result::success);
        verify<g::header>("decree \"Đợt 2\" follows \"dot1.decree\" import x", result::success, 8);
        verify<g::header>("decree \"Đợt 2\" follows dot1", result::global_failure);
        verify<g::header>("decree \"Đợt 2\" follows \"a\" omits clause 8 \"x\"", result::global_failure);
        verify<g::header>("decree \"Đợt 2\" follows \"a\" omits article 4 clause 8", result::global_failure);
        verify<g::header>("decree \"Đợt 2\" follows \"a\" source \"b\"", result::global_failure);
        verify<g::header>("decree \"Đợt 2\" follows \"a\" follows \"b\"", result::global_failure);
        verify<g::file>("decree \"Đợt 2\"\nrecord r { a : bool }\nomits article 4 \"x\"\n", result::global_failure);
        verify<g::file>("follows \"a\"\n", result::global_failure);
    }
}
