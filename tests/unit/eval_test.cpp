// The evaluator: three-valued logic, exceptions, exact arithmetic, calendar arithmetic, each
// case decided from its JSON text by eval::decider, the path every caller takes.
#include <doctest/doctest.h>

#include <simdjson.h>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"

using namespace decree;

namespace {

struct run {
    std::unique_ptr<compilation> comp;
    eval::decision d;
    std::unique_ptr<eval::decider> ev;

    run(const std::string& decree, const std::string& json) {
        comp = compile("t.decree", decree);
        std::string diags;
        for (const auto& x : comp->diagnostics.all()) diags += render(x, comp->sources, render_style::short_);
        INFO(diags);
        REQUIRE(comp->ok());
        // The record must decode: the careful decoder says so.
        simdjson::dom::parser parser;
        simdjson::dom::element e;
        REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
        auto rec = eval::decode(e, *comp->program->input->rec);
        REQUIRE(rec.errors.empty());
        // Decided as every caller decides it: from the JSON text, by the shipped path.
        ev = std::make_unique<eval::decider>(*comp->program);
        d = ev->decide(json, eval::explained()).outcome;
    }
    [[nodiscard]] std::string verdict() const { return std::string(eval::name(d.result)); }
    [[nodiscard]] std::string missing() const {
        std::string out;
        for (const auto& m : d.missing) out += (out.empty() ? "" : " ") + m;
        return out;
    }
    [[nodiscard]] std::string failed() const {
        std::string out;
        for (const auto& m : d.failed) out += (out.empty() ? "" : ", ") + m;
        return out;
    }
};

const std::string flags = R"(decree "T"
record r { id : string, a : bool, b : bool, c : bool, n : integer, xs : list of bool }
input case : r
)";

}  // namespace

TEST_SUITE("three-valued logic") {
    TEST_CASE("a known failing condition decides even when other facts are missing") {
        const auto decree = flags + "article 1\n  text \"t\"\n  requires case.a and case.b\n";
        CHECK(run(decree, R"({"a": false})").verdict() == "not_eligible");
        run unknown(decree, R"({"a": true})");
        CHECK(unknown.verdict() == "undetermined");
        CHECK(unknown.missing() == "$.b");
        CHECK(run(decree, R"({"a": true, "b": true})").verdict() == "eligible");
        CHECK(run(decree, R"({"a": true, "b": null})").missing() == "$.b");  // null is unknown too
    }
    TEST_CASE("or with one true side is true whatever the other") {
        const auto decree = flags + "article 1\n  text \"t\"\n  requires case.a or case.b\n";
        CHECK(run(decree, R"({"b": true})").verdict() == "eligible");
        CHECK(run(decree, R"({"b": false})").missing() == "$.a");
        CHECK(run(decree, R"({})").missing() == "$.a $.b");
    }
    TEST_CASE("an applying exclusion decides not_eligible despite missing facts elsewhere") {
        const auto decree = flags +
                            "article 1\n  text \"t\"\n  requires case.a\narticle 2\n  text \"x\"\n  excludes when case.c\n";
        run r(decree, R"({"c": true})");
        CHECK(r.verdict() == "not_eligible");
        CHECK(r.failed() == "Điều 2");
        CHECK(r.missing().empty());
    }
    TEST_CASE("quantifiers over lists with unknown elements") {
        const auto any = flags + "article 1\n  text \"t\"\n  requires any x in case.xs: x\n";
        CHECK(run(any, R"({"xs": [false, null, true]})").verdict() == "eligible");
        CHECK(run(any, R"({"xs": [false, null]})").missing() == "$.xs[1]");
        CHECK(run(any, R"({"xs": []})").verdict() == "not_eligible");
        const auto all = flags + "article 1\n  text \"t\"\n  requires all x in case.xs: x\n";
        CHECK(run(all, R"({"xs": [true, null, false]})").verdict() == "not_eligible");
        CHECK(run(all, R"({"xs": [true, null]})").verdict() == "undetermined");
        CHECK(run(all, R"({})").missing() == "$.xs");
    }
    TEST_CASE("unless: requires A unless B is A or B, excludes when A unless B is A and not B") {
        const auto req = flags + "article 1\n  text \"t\"\n  requires case.a unless case.b\n";
        CHECK(run(req, R"({"a": false, "b": true})").verdict() == "eligible");
        CHECK(run(req, R"({"a": false, "b": false})").verdict() == "not_eligible");
        const auto exc = flags + "article 1\n  text \"t\"\n  excludes when case.a unless case.b\n";
        CHECK(run(exc, R"({"a": true, "b": true})").verdict() == "eligible");
        CHECK(run(exc, R"({"a": true, "b": false})").verdict() == "not_eligible");
        CHECK(run(exc, R"({"a": false})").verdict() == "eligible");
        CHECK(run(exc, R"({"a": true})").missing() == "$.b");
    }
    TEST_CASE("applies when: a false guard skips, an unknown guard matters only if the rule would fail") {
        const auto decree = flags + "article 1\n  text \"t\"\n  applies when case.a\n  requires case.b\n";
        CHECK(run(decree, R"({"a": false, "b": false})").verdict() == "eligible");
        CHECK(run(decree, R"({"b": true})").verdict() == "eligible");
        CHECK(run(decree, R"({"b": false})").missing() == "$.a");
    }
    TEST_CASE("if with an unknown condition is known when both branches agree") {
        const auto decree = flags + "article 1\n  text \"t\"\n  requires (if case.a then 1 else 1) = 1\n";
        CHECK(run(decree, R"({})").verdict() == "eligible");
    }
    TEST_CASE("an unknown choice between values is decided when every choice gives the same result") {
        // A cap of 8 or 10 depending on a missing fact: 5 is below both, 9 is not decided.
        const auto decree = flags + "article 1\n  text \"t\"\n  excludes when case.n > (if case.a then 10 else 8)\n";
        CHECK(run(decree, R"({"n": 5})").verdict() == "eligible");
        CHECK(run(decree, R"({"n": 12})").verdict() == "not_eligible");
        run mid(decree, R"({"n": 9})");
        CHECK(mid.verdict() == "undetermined");
        CHECK(mid.missing() == "$.a");
        // Through arithmetic too: 1/2 or 1/3 of 12 is 6 or 4; 7 is enough either way.
        const auto frac = flags + "article 1\n  text \"t\"\n  requires case.n >= (if case.a then 1/2 else 1/3) * 12\n";
        CHECK(run(frac, R"({"n": 7})").verdict() == "eligible");
        CHECK(run(frac, R"({"n": 5})").missing() == "$.a");
        CHECK(run(frac, R"({"n": 3})").verdict() == "not_eligible");
    }
    TEST_CASE("count and sum over elements with unknown facts give a range that can still decide") {
        const auto count = flags + "article 1\n  text \"t\"\n  excludes when (count x in case.xs: x) >= 2\n";
        CHECK(run(count, R"({"xs": [true, true, null]})").verdict() == "not_eligible");  // 2 or 3
        run maybe(count, R"({"xs": [true, null, false]})");                              // 1 or 2
        CHECK(maybe.verdict() == "undetermined");
        CHECK(maybe.missing() == "$.xs[1]");
        CHECK(run(count, R"({"xs": [false, null, false]})").verdict() == "eligible");  // 0 or 1
        CHECK(run(count, R"({"xs": [false, false]})").verdict() == "eligible");
        const std::string sum = R"(decree "T"
record d { years : integer }
record r { id : string, a : bool, ds : list of d }
input case : r
article 1
  text "t"
  excludes when (sum x in case.ds: if case.a then 0 else x.years) + 14 > 8
)";
        CHECK(run(sum, R"({"ds": [{"years": 2}]})").verdict() == "not_eligible");  // 14 or 16
    }
    TEST_CASE("a negated choice is the choice of the negations") {
        // -5 or -6: one above -5.5, one below.
        const auto decree = flags + "article 1\n  text \"t\"\n  requires -(if case.a then 5 else 6) > -5.5\n";
        run r(decree, R"({})");
        CHECK(r.verdict() == "undetermined");
        CHECK(r.missing() == "$.a");
        CHECK(run(decree, R"({"a": true})").verdict() == "eligible");
        const auto both_above = flags + "article 1\n  text \"t\"\n  requires -(if case.a then 5 else 6) > -7\n";
        CHECK(run(both_above, R"({})").verdict() == "eligible");
    }
    const std::string two_lists = R"(decree "T"
record d { years : integer }
record r { id : string, a : bool, b : bool, n : integer, first : d, second : d, xs : list of d, ys : list of d }
input case : r
)";
    TEST_CASE("a quantifier over one of two lists is unknown, never a crash") {
        const auto decree = two_lists + "article 1\n  text \"t\"\n  requires (any x in (if case.a then case.xs else case.ys): x.years > 3) or case.b\n";
        run r(decree, R"({"xs": [{"years": 1}], "ys": [{"years": 5}]})");
        CHECK(r.verdict() == "undetermined");
        CHECK(r.missing() == "$.a $.b");
        CHECK(run(decree, R"({"b": true, "xs": [], "ys": []})").verdict() == "eligible");
        CHECK(run(decree, R"({"a": true, "b": false, "xs": [{"years": 1}], "ys": []})").verdict() == "not_eligible");
    }
    TEST_CASE("a field of one of two records is one of their fields") {
        const auto decree = two_lists + "article 1\n  text \"t\"\n  requires (if case.a then case.first else case.second).years > 3\n";
        CHECK(run(decree, R"({"first": {"years": 4}, "second": {"years": 5}})").verdict() == "eligible");
        run r(decree, R"({"first": {"years": 4}, "second": {"years": 2}})");
        CHECK(r.verdict() == "undetermined");
        CHECK(r.missing() == "$.a");
        CHECK(run(decree, R"({"first": {"years": 1}, "second": {"years": 2}})").verdict() == "not_eligible");
    }
    TEST_CASE("a value in a range with an unknown bound is undecided") {
        const auto decree = flags + "article 1\n  text \"t\"\n  excludes when 5 in {case.n..10}\n";
        run r(decree, R"({})");
        CHECK(r.verdict() == "undetermined");
        CHECK(r.missing() == "$.n");
        CHECK(run(decree, R"({"n": 3})").verdict() == "not_eligible");
        CHECK(run(decree, R"({"n": 6})").verdict() == "eligible");
    }
}

TEST_SUITE("exceptions") {
    const std::string decree = R"(decree "T"
record r { id : string, served : integer, ill : bool, old : bool }
input case : r
article 1
  clause 1
    text "10 years"
    requires case.served >= 10
  clause 2
    text "ill: 5"
    exception to clause 1 priority 2 when case.ill requires case.served >= 5
  clause 3
    text "old: 8"
    exception to clause 1 priority 1 when case.old requires case.served >= 8
)";
    TEST_CASE("the exception of higher priority wins") {
        run r(decree, R"({"served": 6, "ill": true, "old": true})");
        CHECK(r.verdict() == "eligible");
        REQUIRE(r.d.applied.size() == 1);
        CHECK(r.d.applied[0] == "Điều 1 khoản 2");
    }
    TEST_CASE("an exception whose condition is unknown matters only if it would change the outcome") {
        CHECK(run(decree, R"({"served": 12, "old": false})").verdict() == "eligible");  // holds anyway
        run r(decree, R"({"served": 6, "old": false})");
        CHECK(r.verdict() == "undetermined");
        CHECK(r.missing() == "$.ill");
        CHECK(run(decree, R"({"served": 4, "old": false})").verdict() == "not_eligible");  // fails anyway
    }
    TEST_CASE("an exception to an exclusion lifts it") {
        const std::string lift = R"(decree "T"
record r { id : string, amnestied : bool, merit : bool }
input case : r
article 4
  clause 1
    text "previously amnestied"
    excludes when case.amnestied
  clause 2
    text "great merit lifts it"
    exception to clause 1 when case.merit
)";
        CHECK(run(lift, R"({"amnestied": true, "merit": true})").verdict() == "eligible");
        CHECK(run(lift, R"({"amnestied": true, "merit": false})").verdict() == "not_eligible");
        CHECK(run(lift, R"({"amnestied": true})").missing() == "$.merit");
        CHECK(run(lift, R"({"amnestied": false})").verdict() == "eligible");
    }
    TEST_CASE("nested exceptions: the innermost that applies decides") {
        const std::string nested = R"(decree "T"
record r { id : string, served : integer, ill : bool, violent : bool }
input case : r
article 1
  clause 1
    text "10"
    requires case.served >= 10
  clause 2
    text "ill: 5"
    exception to clause 1 when case.ill requires case.served >= 5
  clause 3
    text "but violent and ill: 8"
    exception to clause 2 when case.violent requires case.served >= 8
)";
        CHECK(run(nested, R"({"served": 6, "ill": true, "violent": false})").verdict() == "eligible");
        run r(nested, R"({"served": 6, "ill": true, "violent": true})");
        CHECK(r.verdict() == "not_eligible");
        CHECK(run(nested, R"({"served": 9, "ill": true, "violent": true})").d.applied.size() == 2);
    }
}

TEST_SUITE("arithmetic") {
    const std::string decree = R"(decree "T"
record r { id : string, start : date, term : duration, fine : money, paid : money }
input case : r
definition third : duration = 1/3 of case.term
definition owed : money = case.fine - case.paid
definition next_month : date = case.start + 1 month
article 1
  text "t"
  requires third > 0 days and owed >= 0 VND and next_month > case.start
)";
    TEST_CASE("fractions of durations and exact money") {
        run r(decree, R"({"start": "2024-01-15", "term": {"years": 10}, "fine": "100000000000000000000000000000000000000000", "paid": "1"})");
        CHECK(r.verdict() == "eligible");
        CHECK(std::get<duration>(r.ev->definition_value("third")) == duration{40, 0});
        CHECK(std::get<rational>(r.ev->definition_value("owed")) ==
              rational(big_int("99999999999999999999999999999999999999999")));
    }
    TEST_CASE("month ends need a rounding policy") {
        run r(decree, R"({"start": "2024-01-31", "term": {"years": 1}, "fine": "0", "paid": "0"})");
        CHECK(r.verdict() == "error");
        CHECK(r.d.error.en.find("E0501") != std::string::npos);
        run down("decree \"T\"\nrounding down\n" + decree.substr(decree.find('\n') + 1),
                 R"({"start": "2024-01-31", "term": {"years": 1}, "fine": "0", "paid": "0"})");
        CHECK(std::get<date>(down.ev->definition_value("next_month")).iso() == "2024-02-29");
    }
    TEST_CASE("leap days") {
        const std::string leap = R"(decree "T"
rounding down
record r { id : string, start : date }
input case : r
definition anniversary : date = case.start + 1 year
article 1
  text "t"
  requires anniversary > case.start
)";
        run r(leap, R"({"start": "2024-02-29"})");
        CHECK(std::get<date>(r.ev->definition_value("anniversary")).iso() == "2025-02-28");
    }
    TEST_CASE("the quarters of Decree 118/2024 Art. 18(1)(c): quarter I from 1 December") {
        const std::string quarters = R"(decree "T"
import vn/nd_118_2024 as nd118
record r { d : date }
input case : r
definition q : integer = nd118.quarter_of(case.d)
definition y : integer = year_of(case.d)
definition m : integer = month_of(case.d)
article 1
  text "t"
  requires q > 0
)";
        const std::pair<const char*, std::int64_t> days[] = {
            {"2024-11-30", 2024 * 4 + 4}, {"2024-12-01", 2025 * 4 + 1}, {"2025-01-15", 2025 * 4 + 1},
            {"2025-02-28", 2025 * 4 + 1}, {"2025-03-01", 2025 * 4 + 2}, {"2025-05-31", 2025 * 4 + 2},
            {"2025-06-01", 2025 * 4 + 3}, {"2025-08-31", 2025 * 4 + 3}, {"2025-09-01", 2025 * 4 + 4},
            {"2025-12-31", 2026 * 4 + 1}, {"2028-02-29", 2028 * 4 + 1},
        };
        for (const auto& [day, number] : days) {
            INFO(day);
            run r(quarters, std::string(R"({"d": ")") + day + "\"}");
            CHECK(std::get<big_int>(r.ev->definition_value("q")) == number);
            const auto d = *date::from_ymd(std::stoll(std::string(day).substr(0, 4)), std::stoll(std::string(day).substr(5, 2)), 1);
            CHECK(std::get<big_int>(r.ev->definition_value("y")) == d.year());
            CHECK(std::get<big_int>(r.ev->definition_value("m")) == d.month());
        }
    }
    TEST_CASE("time held merges adjacent custody periods") {
        const std::string held = R"(import vn/case_record
import vn/luat_dac_xa_2018 as luat
import vn/dac_xa_chung as chung
input case : case_record
set luat.served_fraction = 1/3
set luat.served_life_commuted = 14 years
set luat.serious_served_fraction = 1/2
set luat.serious_served_life_commuted = 17 years
set luat.special_served_fraction = 1/4
set luat.special_served_life_commuted = 12 years
definition served : duration = chung.time_served(case.custody, 2025-08-31)
article 1
  text "t"
  requires served >= 9 years
)";
        // Guidance 94: arrested 31/08/2016, 9 years served by 31/08/2025, split in two periods.
        run r(held, R"({"custody": [{"kind": "detention", "from": "2016-08-31", "to": "2017-05-10"},
                                    {"kind": "prison", "from": "2017-05-10", "to": null}]})");
        CHECK(r.verdict() == "eligible");
        CHECK(std::get<duration>(r.ev->definition_value("served")) == duration{108, 0});
        // One day less is not enough.
        run s(held, R"({"custody": [{"kind": "prison", "from": "2016-09-01", "to": null}]})");
        CHECK(s.verdict() == "not_eligible");
        // A gap (bail) does not count; a period after the cut-off does not count.
        run g(held, R"({"custody": [{"kind": "detention", "from": "2016-08-31", "to": "2016-09-30"},
                                    {"kind": "prison", "from": "2017-08-31", "to": null},
                                    {"kind": "prison", "from": "2026-01-01", "to": null}]})");
        CHECK(std::get<duration>(g.ev->definition_value("served")) == duration{97, 0});
    }
}
