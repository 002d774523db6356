// Verdict provenance (docs/language.md §2.13): the assumptions each verdict rests on, at the
// edges of the definition, on both paths of the decider — the careful decoder with the plain
// code and the fast decoder with the fused code must give the same list, and the same result
// line.
#include <doctest/doctest.h>

#include <simdjson.h>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/provenance.hpp"
#include "eval/decide.hpp"
#include "report.hpp"

using namespace decree;

namespace {

std::string joined(const std::vector<std::string>& xs) {
    std::string out;
    for (const auto& x : xs) out += (out.empty() ? "" : " | ") + x;
    return out;
}

// A decree, compiled once, decided on both paths.
struct decree_under_test {
    std::unique_ptr<compilation> comp;
    std::shared_ptr<const eval::compiled> code;
    std::unique_ptr<eval::decider> plain;
    std::unique_ptr<eval::decider> compiled;
    simdjson::dom::parser parser;

    explicit decree_under_test(const std::string& text,
                               const std::function<std::optional<std::string>(const std::string&)>& files = {}) {
        compile_options o;
        if (files) o.read_file = files;
        comp = compile("t.decree", text, o);
        std::string diags;
        for (const auto& x : comp->diagnostics.all()) diags += render(x, comp->sources, render_style::short_);
        INFO(diags);
        REQUIRE(comp->ok());
        code = eval::compile(*comp->program);
        plain = std::make_unique<eval::decider>(code);
        plain->set_fusion(false);
        compiled = std::make_unique<eval::decider>(code);
    }

    struct result {
        std::string verdict;
        std::string assumptions;  // the identifiers, joined with " | "
        std::string provisional;
    };

    // Decides [json] on both paths; checks that they agree (list and result line) and returns
    // the careful path's result.
    result decide(const std::string& json, bool no_assumptions = false) {
        simdjson::dom::element e;
        REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
        auto rec = eval::decode(e, *comp->program->input->rec);
        REQUIRE(rec.errors.empty());
        eval::case_result r;
        r.id = rec.id;
        eval::decide_options how;
        how.no_assumptions = no_assumptions;
        r.outcome = plain->decide(std::get<eval::record_ptr>(rec.record), how);
        const auto careful_line = eval::render_json(r, *comp->program, comp->sources, eval::language::vi, false) + "\n";
        eval::outcome o;
        REQUIRE(compiled->decide_compact(e, how, o));
        std::vector<std::string> fast_ids;
        for (const auto a : o.assumptions) fast_ids.push_back(compiled->assumption(a));
        std::string fast_line;
        compiled->append_json(o, 0, fast_line);
        INFO(json);
        CHECK(fast_ids == r.outcome.assumptions);
        CHECK(fast_line == careful_line);
        CHECK(o.provisional == r.outcome.provisional);
        return {std::string(eval::name(r.outcome.result)), joined(r.outcome.assumptions),
                r.outcome.provisional ? std::string(eval::name(*r.outcome.provisional)) : ""};
    }
};

const std::string header = R"(decree "T"
record r { id : string, a : bool, b : bool, c : bool, g : bool, n : integer }
input case : r
)";

// An assumed condition and an exclusion that rests on nothing.
const std::string assumed_condition = header + R"(
article 1
  text "t"
  requires case.a
    assumed "a guess"
article 2
  text "x"
  excludes when case.b
)";

}  // namespace

TEST_SUITE("provenance") {
    TEST_CASE("an assumed exclusion that did not apply still counts for an eligible verdict") {
        decree_under_test t(header + R"(
article 1
  text "t"
  requires case.a
article 2
  text "x"
  excludes when case.b
    assumed "wording not found"
)");
        const auto ok = t.decide(R"({"a": true, "b": false})");
        CHECK(ok.verdict == "eligible");
        CHECK(ok.assumptions == "Điều 2");
        // It did not decide a verdict of not eligible made by another rule.
        const auto no = t.decide(R"({"a": false, "b": false})");
        CHECK(no.verdict == "not_eligible");
        CHECK(no.assumptions.empty());
    }

    TEST_CASE("a verdict of not eligible decided by an assumption-free rule is firm") {
        decree_under_test t(assumed_condition);
        // Excluded by article 2 (no assumption) and failing article 1 (assumed): firm.
        const auto both = t.decide(R"({"a": false, "b": true})");
        CHECK(both.verdict == "not_eligible");
        CHECK(both.assumptions.empty());
        // Failing article 1 only: it rests on it.
        const auto one = t.decide(R"({"a": false, "b": false})");
        CHECK(one.verdict == "not_eligible");
        CHECK(one.assumptions == "Điều 1");
    }

    TEST_CASE("a verdict of not eligible decided only by assumed rules lists them all, in the text's order") {
        decree_under_test t(header + R"(
parameter limit : integer = 3
  assumed "the round's limit was not found"
article 1
  clause 1
    text "t"
    requires case.a
      assumed "first guess"
  clause 2
    text "u"
    requires case.n < limit
article 2
  text "x"
  excludes when case.b
    assumed "second guess"
)");
        const auto r = t.decide(R"({"a": false, "b": true, "n": 5})");
        CHECK(r.verdict == "not_eligible");
        CHECK(r.assumptions == "limit | Điều 1 khoản 1 | Điều 2");
        CHECK(t.decide(R"({"a": false, "b": false, "n": 1})").assumptions == "Điều 1 khoản 1");
    }

    TEST_CASE("the rules of a provision whose applies when is false do not count, nor does its guard") {
        decree_under_test t(header + R"(
parameter threshold : integer = 10
  assumed "the threshold was not found"
article 1
  text "t"
  requires case.a
article 2
  text "s"
  applies when case.n > threshold
  clause 1
    text "u"
    requires case.c
      assumed "a guess about clause 1"
)");
        const auto skipped = t.decide(R"({"a": true, "c": false, "n": 3})");
        CHECK(skipped.verdict == "eligible");
        CHECK(skipped.assumptions.empty());
        // Applied: its rule and its guard's value count.
        const auto applied = t.decide(R"({"a": true, "c": true, "n": 30})");
        CHECK(applied.verdict == "eligible");
        CHECK(applied.assumptions == "threshold | Điều 2 khoản 1");
        const auto failed = t.decide(R"({"a": true, "c": false, "n": 30})");
        CHECK(failed.verdict == "not_eligible");
        CHECK(failed.assumptions == "threshold | Điều 2 khoản 1");
    }

    TEST_CASE("an assumed parameter reached through definitions and other parameters counts") {
        decree_under_test t(header + R"(
parameter base : integer = 4
  assumed "base not found"
parameter doubled : integer = base * 2
definition helper(k : integer) : bool = case.n >= k
definition long_enough : bool = helper(doubled)
definition rated : integer = 3
  assumed "rating scale not found"
article 1
  text "t"
  requires long_enough
article 2
  text "u"
  requires case.a or rated > 1
)");
        // `rated` is in a branch the case does not take (case.a is true): static reachability
        // counts it all the same.
        const auto r = t.decide(R"({"a": true, "n": 9})");
        CHECK(r.verdict == "eligible");
        CHECK(r.assumptions == "base | rated");
        CHECK(t.decide(R"({"a": true, "n": 2})").assumptions == "base");
    }

    TEST_CASE("the exceptions of a rule, nested ones included, count whether or not they applied") {
        decree_under_test t(header + R"(
article 1
  clause 1
    text "t"
    requires case.a
  clause 2
    text "e"
    exception to clause 1 when case.b
  clause 3
    text "f"
    assumed "clause 3 is a guess"
    exception to clause 2 when case.c requires case.g
article 2
  text "x"
  excludes when case.n > 5
article 3
  text "y"
  exception to article 2 when case.g
    assumed "the lifting is a guess"
)");
        // Clause 1 fails; the exception of clause 2 did not apply; clause 3's is in the chain.
        const auto r = t.decide(R"({"a": false, "b": false, "c": false, "g": false, "n": 1})");
        CHECK(r.verdict == "not_eligible");
        CHECK(r.assumptions == "Điều 1 khoản 3");
        // Waived by clause 2, restored by clause 3 and met by its own test.
        const auto waived = t.decide(R"({"a": false, "b": true, "c": true, "g": true, "n": 9})");
        CHECK(waived.verdict == "eligible");
        CHECK(waived.assumptions == "Điều 1 khoản 3 | Điều 3");
        // Article 2 excludes; its exception (assumed) did not lift it, and counts.
        const auto excluded = t.decide(R"({"a": true, "g": false, "n": 9})");
        CHECK(excluded.verdict == "not_eligible");
        CHECK(excluded.assumptions == "Điều 3");
    }

    TEST_CASE("an assumed ancestor provision counts for the rules beneath it") {
        decree_under_test t(header + R"(
article 1 "Điều kiện"
  text "t"
  assumed "the article is reconstructed from the press"
  clause 1
    point a
      text "u"
      requires case.a
article 2
  text "x"
  excludes when case.b
)");
        CHECK(t.decide(R"({"a": false, "b": false})").assumptions == "Điều 1");
        CHECK(t.decide(R"({"a": true, "b": true})").assumptions.empty());
        CHECK(t.decide(R"({"a": true, "b": false})").assumptions == "Điều 1");
    }

    TEST_CASE("undetermined verdicts rest on nothing, a provision and its rule both assumed are one") {
        decree_under_test t(header + R"(
article 1
  clause 1
    text "t"
    assumed "the clause is a guess"
    requires case.a
      assumed "and so is its rule"
)");
        const auto unknown = t.decide(R"({})");
        CHECK(unknown.verdict == "undetermined");
        CHECK(unknown.assumptions.empty());
        CHECK(t.decide(R"({"a": true})").assumptions == "Điều 1 khoản 1");
        const auto& table = provenance::of(*t.comp->program);
        REQUIRE(table.assumptions.size() == 1);
        CHECK(table.assumptions[0].reason.en == "the clause is a guess; and so is its rule");
    }

    TEST_CASE("a reason in Vietnamese and English, joined in each language, and one string for both") {
        decree_under_test t(header + R"(
article 1
  clause 1
    text "t"
    assumed "không tìm được nguyên văn khoản này"
          / "the clause's wording was not found"
    requires case.a
      assumed "theo báo chí thuật lại" / "press paraphrase"
  clause 2
    text "t"
    assumed "round 1's value"
    requires case.b
)");
        const auto& table = provenance::of(*t.comp->program);
        REQUIRE(table.assumptions.size() == 2);
        CHECK(table.assumptions[0].reason.vi == "không tìm được nguyên văn khoản này; theo báo chí thuật lại");
        CHECK(table.assumptions[0].reason.en == "the clause's wording was not found; press paraphrase");
        CHECK(table.assumptions[1].reason.vi == "round 1's value");
        CHECK(table.assumptions[1].reason.en == "round 1's value");
        const auto listed = assumptions(*t.comp->program);
        REQUIRE(listed.size() == 3);
        CHECK(listed[0].reason.in(language::vi) == "không tìm được nguyên văn khoản này");
        CHECK(listed[0].reason.in(language::en) == "the clause's wording was not found");
    }

    TEST_CASE("identifiers: the set target as written, a module's values with its citation") {
        const std::string law = R"(module "Luật mẫu"
article 11
  text "t"
  parameter served_fraction : fraction at least 1/3
  parameter special_fraction : fraction = 1/4
    assumed "round 1's value"
  definition exempt : bool = false
    assumed "nobody is exempt"
)";
        auto files = [&](const std::string& path) -> std::optional<std::string> {
            if (path.ends_with("law.decree")) return law;
            return std::nullopt;
        };
        decree_under_test t(R"(decree "T"
import "law.decree" as luat
record r { id : string, served : integer, term : integer }
input case : r
set luat.served_fraction = 2/5
  assumed "stricter than the floor"
article 1
  text "t"
  requires case.served >= luat.served_fraction * case.term or luat.exempt
article 2
  text "u"
  requires case.served >= luat.special_fraction * case.term
)",
                            files);
        CHECK(t.decide(R"({"served": 5, "term": 10})").assumptions ==
              "luat.served_fraction | Luật mẫu: special_fraction | Luật mẫu: exempt");
        // Through its evaluation: the same identifiers in --list-assumptions.
        bool listed = false;
        for (const auto& a : assumptions(*t.comp->program)) listed = listed || a.what == "luat.served_fraction";
        CHECK(listed);
    }

    TEST_CASE("--no-assumptions withholds the verdicts that rest on assumptions, and only those") {
        decree_under_test t(assumed_condition);
        const auto withheld = t.decide(R"({"a": true, "b": false})", true);
        CHECK(withheld.verdict == "undetermined");
        CHECK(withheld.provisional == "eligible");
        CHECK(withheld.assumptions == "Điều 1");
        const auto withheld_no = t.decide(R"({"a": false, "b": false})", true);
        CHECK(withheld_no.verdict == "undetermined");
        CHECK(withheld_no.provisional == "not_eligible");
        const auto firm = t.decide(R"({"a": false, "b": true})", true);
        CHECK(firm.verdict == "not_eligible");
        CHECK(firm.provisional.empty());
        CHECK(t.decide(R"({"b": false})", true).provisional.empty());  // undetermined already
    }

    TEST_CASE("an assumed number is listed but no verdict rests on it, its content, marked apart, does") {
        decree_under_test t(header + R"(
article 4
  clause 1
    text "x"
    excludes when case.a
    assumed number "the Law's order"
  clause 2
    paraphrase "y"
    giả định số hiệu "thứ tự của báo chí"
    assumed "wording not found"
    excludes when case.b
)");
        // Excluded by clause 1 only: firm, its number notwithstanding (an `assumed number` after a
        // rule belongs to the provision, never to the rule).
        const auto firm = t.decide(R"({"a": true, "b": false})");
        CHECK(firm.verdict == "not_eligible");
        CHECK(firm.assumptions.empty());
        CHECK(t.decide(R"({"a": true, "b": false})", true).verdict == "not_eligible");
        // Eligible: clause 2's content is assumed; its number and clause 1's are not counted.
        const auto ok = t.decide(R"({"a": false, "b": false})");
        CHECK(ok.verdict == "eligible");
        CHECK(ok.assumptions == "Điều 4 khoản 2");
        // Both are listed, marked as numbers, beside the content assumption (a provision's own
        // `assumed` at the provision's place, its `assumed number` at its line).
        std::string listed;
        for (const auto& a : assumptions(*t.comp->program)) {
            listed += (listed.empty() ? "" : " | ") + a.what + (a.number_only ? " (number): " : ": ") + a.reason.en;
        }
        CHECK(listed ==
              "Điều 4 khoản 1 (number): the Law's order | Điều 4 khoản 2: wording not found | "
              "Điều 4 khoản 2 (number): thứ tự của báo chí");
    }
}
