// `extend record`: a round adds the facts it needs to a record type it imports, and the
// imported modules' definitions and exclusions still read the same case.
#include <doctest/doctest.h>

#include <simdjson.h>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"

using namespace decree;

namespace {

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

// The Law's parameters and its mandatory exclusions, as every round under it states them.
const std::string round_head = R"(decree "Đợt giả định"
  under vn/luat_dac_xa_2018
import vn/case_record
import vn/luat_dac_xa_2018 as luat
input case : case_record
set luat.served_fraction = 1/3
set luat.served_life_commuted = 14 years
set luat.serious_served_fraction = 1/2
set luat.serious_served_life_commuted = 17 years
set luat.special_served_fraction = 1/4
set luat.special_served_life_commuted = 12 years
article 2 "Loại trừ"
  text "Các trường hợp của Luật Đặc xá Điều 12."
  excludes when luat.convicted_of_excluded_crime or luat.protest_pending
    or luat.prosecuted_for_other_crime or luat.previously_amnestied
    or luat.two_or_more_prior_convictions
)";

const std::string extended = round_head + R"(extend record case_record {
  sole_carer : bool "người duy nhất nuôi con dưới 36 tháng tuổi"
  family : family_facts
}
record family_facts {
  children_under_3 : integer "số con dưới 36 tháng tuổi"
}
article 1 "Điều kiện"
  text "Người nuôi con nhỏ một mình."
  requires case.sole_carer and case.family.children_under_3 > 0
)";

struct decided {
    std::string verdict, failed, missing;
};

decided decide(const compilation& c, const std::string& json) {
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
    auto rec = eval::decode(e, *c.program->input->rec);
    REQUIRE(rec.errors.empty());
    eval::decider ev(*c.program);
    const auto d = ev.decide(std::get<eval::record_ptr>(rec.record), eval::explained());
    decided out{std::string(eval::name(d.result)), {}, {}};
    for (const auto& f : d.failed) out.failed += (out.failed.empty() ? "" : ", ") + f;
    for (const auto& m : d.missing) out.missing += (out.missing.empty() ? "" : " ") + m;
    return out;
}

const std::string clean_history =
    R"("offences": [], "history": {"previously_amnestied": false, "prior_convictions": 0, "protest_pending": false, "prosecuted_for_other_crime": false})";

}  // namespace

TEST_SUITE("extend record") {
    TEST_CASE("a round's new fact is read from the same case as the Law's exclusions") {
        auto c = compile("round.decree", extended);
        INFO(codes(*c));
        REQUIRE(c->ok());
        const auto& rec = *c->program->input->rec;
        REQUIRE(rec.find("sole_carer") >= 0);
        CHECK(rec.fields[static_cast<std::size_t>(rec.find("sole_carer"))].doc ==
              "người duy nhất nuôi con dưới 36 tháng tuổi");
        CHECK(rec.find("status") >= 0);  // the Law's own fields are still there
        const std::string carer = R"("sole_carer": true, "family": {"children_under_3": 1})";
        CHECK(decide(*c, "{" + carer + ", " + clean_history + "}").verdict == "eligible");
        // The Law's exclusion still applies to the extended case.
        auto amnestied = decide(*c, "{" + carer + R"(, "offences": [], "history": {"previously_amnestied": true}})");
        CHECK(amnestied.verdict == "not_eligible");
        CHECK(amnestied.failed == "Điều 2");
        // The new fact is optional like every other: absent is unknown.
        auto unknown = decide(*c, "{" + clean_history + "}");
        CHECK(unknown.verdict == "undetermined");
        CHECK(unknown.missing == "$.sole_carer $.family");
        CHECK(decide(*c, R"({"sole_carer": false, )" + clean_history + "}").verdict == "not_eligible");
    }
    TEST_CASE("extensions from several modules compose, a field with two types is an error at both places") {
        compile_options opt;
        opt.read_file = [](const std::string& path) -> std::optional<std::string> {
            if (path == "base.decree") return "module \"Base\"\nrecord person { id : string, age : integer }\n";
            if (path == "carer.decree") {
                return "module \"Carer\"\nimport \"base.decree\"\nextend record person { sole_carer : bool \"nuôi con\" }\n";
            }
            if (path == "other.decree") {
                return "module \"Other\"\nimport \"base.decree\"\nextend record person { sole_carer : integer }\n";
            }
            return std::nullopt;
        };
        const std::string use = "input case : person\narticle 1\n  text \"t\"\n  requires case.sole_carer and case.age > 1\n";
        auto both = compile("r.decree",
                            "decree \"R\"\nimport \"base.decree\"\nimport \"carer.decree\"\n"
                            "extend record person { sole_carer : bool, weeks : integer }\n" + use,
                            opt);
        CHECK(codes(*both) == "");
        REQUIRE(both->program->input != nullptr);
        CHECK(both->program->input->rec->fields.size() == 4);  // id, age, sole_carer once, weeks
        auto clash = compile("r.decree",
                             "decree \"R\"\nimport \"base.decree\"\nimport \"carer.decree\"\nimport \"other.decree\"\n" + use,
                             opt);
        REQUIRE(codes(*clash) == "E0226 ");
        const auto& d = clash->diagnostics.all().front();
        CHECK(clash->sources.get(d.primary.file).name() == "other.decree");
        CHECK(d.message.en == "field `sole_carer` of `person` is already declared with type `bool`; this extension gives it "
                           "type `integer`");
        REQUIRE(d.labels.size() == 1);
        CHECK(clash->sources.get(d.labels[0].where.file).name() == "carer.decree");
    }
    TEST_CASE("what cannot be extended, and a second input, say how to add a fact") {
        auto unknown = compile("r.decree", "decree \"R\"\nextend record nobody { x : bool }\n");
        CHECK(codes(*unknown) == "E0203 ");
        auto en = compile("r.decree", "decree \"R\"\nenumeration e { a }\nextend record e { x : bool }\n");
        REQUIRE(codes(*en) == "E0203 ");
        CHECK(en->diagnostics.all().front().message.en == "`e` is not a record: only a record's fields can be extended");
        auto twice = compile("r.decree", round_head + "record family_facts { n : integer }\ninput family : family_facts\n");
        REQUIRE(codes(*twice) == "E0405 ");
        const auto& d = twice->diagnostics.all().front();
        CHECK(d.hint.en.find("extend record case_record") != std::string::npos);
        REQUIRE(d.labels.size() == 1);
        CHECK(twice->sources.get(d.labels[0].where.file).name() == "r.decree");
        auto same = compile("r.decree", "decree \"R\"\nrecord p { a : bool }\ninput case : p\ninput case : p\n");
        REQUIRE(codes(*same) == "E0202 ");
        CHECK(same->diagnostics.all().front().hint.en.find("extend record") != std::string::npos);
        auto dup = compile("r.decree", "decree \"R\"\nrecord p { a : bool }\nextend record p { b : bool, b : bool }\n");
        CHECK(codes(*dup) == "E0202 ");
    }
}
