// The decider's two paths decide alike: the fast decoder with the fused code writes the result
// line of the careful decoder with the plain code (`--no-fusion`) for every record it accepts, over the repository's decrees, its example cases and variants of them with
// facts removed, made null or made wrong. (tests/fast/differential_test.py does the same on
// generated rosters through decreec.)
#include <doctest/doctest.h>

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"
#include "report.hpp"

using namespace decree;

namespace {

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct both {
    std::unique_ptr<compilation> comp;
    std::shared_ptr<const eval::compiled> code;
    std::unique_ptr<eval::decider> plain;
    std::unique_ptr<eval::decider> compiled;
    simdjson::dom::parser parser;
    std::size_t accepted = 0, declined = 0;
    std::size_t decided = 0, decided_accepted = 0;  // records the careful path decides

    explicit both(const std::string& path) {
        bool io = false;
        comp = compile_file(path, {}, &io);
        REQUIRE_FALSE(io);
        start();
    }
    // A decree given as text.
    both(const std::string& name, const std::string& text) {
        comp = compile(name, text);
        start();
    }
    void start() {
        REQUIRE(comp->ok());
        code = eval::compile(*comp->program);
        // The careful decoder and the plain code against the fast decoder and the fused code.
        plain = std::make_unique<eval::decider>(*comp->program);
        plain->set_fusion(false);
        compiled = std::make_unique<eval::decider>(code);
    }

    // The careful path's result line for [json], as `decreec eval --format json` writes it.
    std::string careful_line(const simdjson::dom::element& e, std::size_t line) {
        eval::case_result r;
        auto d = eval::decode(e, *comp->program->input->rec);
        r.id = d.id;
        r.line = line;
        if (!d.errors.empty()) {
            r.outcome.result = eval::verdict::error;
            r.outcome.error = d.errors.front().message;
        } else {
            r.outcome = plain->decide(std::get<eval::record_ptr>(d.record));
        }
        return eval::render_json(r, *comp->program, comp->sources, eval::language::vi, false) + "\n";
    }

    // False when the fast path declines [json].
    bool check(const std::string& json, std::size_t line, bool count = true) {
        simdjson::dom::element e;
        if (parser.parse(json).get(e) != simdjson::SUCCESS) return false;
        const auto expected = careful_line(e, line);
        const bool decidable = count && expected.find("\"verdict\":\"error\"") == std::string::npos;
        decided += decidable ? 1 : 0;
        eval::outcome o;
        if (!compiled->decide_compact(e, {}, o)) {
            ++declined;
            return false;
        }
        ++accepted;
        decided_accepted += decidable ? 1 : 0;
        std::string fast_line;
        compiled->append_json(o, line, fast_line);
        INFO(json);
        CHECK(fast_line == expected);
        return true;
    }
};

// The example cases (first [originals] of the result), and per case variants: each top-level
// field removed, made null, and made a value of the wrong kind.
std::vector<std::string> cases_and_variants(std::size_t& originals) {
    std::vector<std::filesystem::path> files;
    for (const auto& f : std::filesystem::directory_iterator("examples/cases")) {
        if (f.path().extension() == ".json") files.push_back(f.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    simdjson::dom::parser parser;
    for (const auto& f : files) {
        simdjson::dom::element e;
        if (parser.parse(read(f)).get(e) == simdjson::SUCCESS && e.type() == simdjson::dom::element_type::OBJECT) {
            out.push_back(simdjson::minify(e));
        }
    }
    originals = out.size();
    for (const auto& f : files) {
        const auto text = read(f);
        simdjson::dom::element e;
        if (parser.parse(text).get(e) != simdjson::SUCCESS || e.type() != simdjson::dom::element_type::OBJECT) continue;
        std::vector<std::pair<std::string, std::string>> fields;
        for (auto [k, v] : simdjson::dom::object(e)) fields.emplace_back(std::string(k), simdjson::minify(v));
        for (std::size_t skip = 0; skip < fields.size(); ++skip) {
            for (const char* replacement : {"", "null", "\"x\"", "[]", "7"}) {
                std::string j = "{";
                bool first = true;
                for (std::size_t i = 0; i < fields.size(); ++i) {
                    if (i == skip && *replacement == '\0') continue;
                    j += (first ? "\"" : ",\"") + fields[i].first + "\":" + (i == skip ? replacement : fields[i].second);
                    first = false;
                }
                out.push_back(j + "}");
            }
        }
    }
    return out;
}

}  // namespace

TEST_SUITE("fast path") {
    TEST_CASE("decides every example case and its variants as the careful path does") {
        std::size_t originals = 0;
        const auto records = cases_and_variants(originals);
        REQUIRE(records.size() > 1000);
        for (const std::string decree : {"decrees/vn/2025/dot1_2025.decree", "decrees/vn/2025/dot2_2025.decree",
                                         "examples/hypothetical_round.decree"}) {
            CAPTURE(decree);
            both b(decree);
            std::size_t line = 0;
            for (const auto& r : records) {
                b.check(r, line + 1, line < originals);
                ++line;
            }
            MESSAGE(decree << ": " << b.accepted << " accepted, " << b.declined << " declined; of the "
                           << b.decided << " example cases the careful path decides, " << b.decided_accepted << " accepted");
            // It must take nearly every complete case the careful path decides, or it is no faster.
            CHECK(b.decided_accepted * 100 >= b.decided * 90);
        }
    }

    TEST_CASE("declines what it cannot decide, and decides the rest like the careful path") {
        both b("bench/b1.decree");
        const std::string base =
            R"({"id":"P1","sentence_days":900,"life_commuted":false,"served_days":300,"reduced_days":0,)"
            R"("grades":["tot","kha"],"offences":[{"article":173,"clause":2,"points":[]}],"weapon_used":false,)"
            R"("fine_unpaid":0,"fee_unpaid":0,"civil_unpaid":0,"civil_hardship_certified":false,"drug_use":false,)"
            R"("recidivism":"none","special":[],"pending_case":false,"security_risk":false})";
        eval::outcome o;
        simdjson::dom::parser parser;
        auto decide = [&](const std::string& json) {
            simdjson::dom::element e;
            REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
            return b.compiled->decide_compact(e, {}, o);
        };
        REQUIRE(decide(base));
        CHECK(o.result == eval::verdict::eligible);
        CHECK(o.id == "P1");
        // One day short of a third.
        auto short_of = base;
        short_of.replace(short_of.find("\"served_days\":300"), 17, "\"served_days\":299");
        REQUIRE(decide(short_of));
        CHECK(o.result == eval::verdict::not_eligible);
        REQUIRE(o.failed.size() == 1);
        CHECK(b.compiled->citation(o.failed[0]) == "Điều 2");
        // A missing fact that decides nothing on its own: undetermined, and what is missing.
        auto missing = base;
        missing.replace(missing.find("\"drug_use\":false,"), 17, "");
        REQUIRE(decide(missing));
        CHECK(o.result == eval::verdict::undetermined);
        CHECK(o.missing == std::vector<std::string>{"$.drug_use"});
        // ... but a failing condition decides the case all the same.
        auto missing_and_short = short_of;
        missing_and_short.replace(missing_and_short.find("\"drug_use\":false,"), 17, "");
        REQUIRE(decide(missing_and_short));
        CHECK(o.result == eval::verdict::not_eligible);
        // Numbers beyond 64 bits and wrong types go to the careful path.
        auto huge = base;
        huge.replace(huge.find("\"fine_unpaid\":0"), 15, "\"fine_unpaid\":10000000000000000000");
        CHECK_FALSE(decide(huge));
        auto wrong = base;
        wrong.replace(wrong.find("\"weapon_used\":false"), 19, "\"weapon_used\":\"no\"");
        CHECK_FALSE(decide(wrong));
        for (const auto& j : {base, short_of, missing, missing_and_short, huge, wrong}) b.check(j, 1);
    }

    TEST_CASE("unknowns: missing facts, choices between values, ranges, as the careful path") {
        const std::string flags = R"(decree "T"
record d { years : integer, ok : bool }
record r { id : string, a : bool, b : bool, n : integer, first : d, second : d, xs : list of bool, ds : list of d, es : list of d }
input case : r
article 1
  text "t"
)";
        // Each rule, and the records it is tried on; the fast path must decide them all
        // (but where it is said to decline) and write the careful path's line.
        struct probe {
            std::string rule;
            std::vector<std::string> records;
            bool declined = false;
        };
        const std::vector<probe> probes = {
            {"requires case.a and case.b", {R"({})", R"({"a": true})", R"({"b": true})", R"({"a": false})"}},
            {"requires case.a or not case.b", {R"({})", R"({"b": true})", R"({"b": false})"}},
            {"excludes when case.n > (if case.a then 10 else 8)", {R"({"n": 5})", R"({"n": 9})", R"({"n": 12})", R"({})"}},
            {"requires case.n >= (if case.a then 1/2 else 1/3) * 12", {R"({"n": 7})", R"({"n": 5})", R"({"n": 3})"}},
            {"requires -(if case.a then 5 else 6) > -5.5", {R"({})", R"({"a": true})"}},
            {"requires not (if case.a then case.b else false)", {R"({})", R"({"b": false})", R"({"b": true})"}},
            {"requires (if case.a then case.n else 3) < (if case.b then 4 else 5)", {R"({})", R"({"n": 1})", R"({"n": 9})", R"({"a": true})"}},
            {"excludes when (count x in case.xs: x) >= 2",
             {R"({"xs": [true, true, null]})", R"({"xs": [true, null, false]})", R"({"xs": [false, null, false]})",
              R"({"xs": [null, null, null, null, null, null, null, null, null]})"}},
            {"requires (any x in case.xs: x) or (all x in case.xs: not x)", {R"({"xs": [null, false]})", R"({"xs": [null, true]})", R"({"xs": []})"}},
            {"excludes when (sum x in case.ds: if case.a then 0 else x.years) + 14 > 8", {R"({"ds": [{"years": 2}]})", R"({"ds": []})"}},
            {"requires (sum x in case.ds: x.years) < 5", {R"({"ds": [{"years": 2}, {"years": null}]})", R"({"ds": [{"years": 9}, {}]})"}},
            {"requires (greatest x in case.ds: x.years) < 5",
             {R"({"ds": []})", R"({"ds": [{"years": 2}, {}]})", R"({"ds": [{"years": 7}, {}]})", R"({"ds": [null]})"}},
            {"requires (smallest x in case.ds: if x.ok then x.years else 1) < 5", {R"({"ds": [{"years": 7}]})", R"({"ds": [{"years": 7, "ok": true}]})"}},
            {"excludes when 5 in {case.n..10}", {R"({})", R"({"n": 3})", R"({"n": 6})"}},
            {"excludes when case.n in {1, case.first.years, 3}", {R"({"n": 2})", R"({"n": 1})", R"({"first": {}})"}},
            {"requires (any x in (if case.a then case.ds else case.es): x.years > 3) or case.b",
             {R"({"ds": [{"years": 1}], "es": [{"years": 5}]})", R"({"b": true, "ds": [], "es": []})"}},
            {"requires length(case.ds) + case.n > 2 or case.b", {R"({"ds": []})", R"({"n": 5})"}},
            // A field of a value that may be one of two records: the field of each.
            {"requires (if case.a then case.first else case.second).years > 3",
             {R"({"first": {"years": 4}, "second": {"years": 5}})", R"({"first": {"years": 2}, "second": {"years": 5}})",
              R"({"first": {}, "second": {"years": 5}})", R"({"a": false, "first": {"years": 2}, "second": {"years": 5}})"}},
        };
        for (const auto& p : probes) {
            CAPTURE(p.rule);
            both b("t.decree", flags + "  " + p.rule + "\n");
            std::size_t line = 0;
            for (const auto& r : p.records) {
                CAPTURE(r);
                CHECK(b.check(r, ++line) != p.declined);
            }
        }
    }

    TEST_CASE("an exception under a provision whose `applies when` is false is not applied, on either path") {
        const std::string text = R"(decree "T"
record r { id : string, n : integer, g : bool }
input case : r
article 1
  clause 1
    requires case.n >= 5
  clause 2
    applies when case.g
    exception to clause 1 requires case.n >= 2
)";
        both b("t.decree", text);
        const std::vector<std::pair<std::string, std::string>> expected = {
            {R"({"id": "a", "n": 3, "g": false})", "\"verdict\":\"not_eligible\""},
            {R"({"id": "b", "n": 3, "g": true})", "\"verdict\":\"eligible\""},
            {R"({"id": "c", "n": 3})", "\"verdict\":\"undetermined\""},
            {R"({"id": "d", "n": 6, "g": false})", "\"verdict\":\"eligible\""},
        };
        std::size_t line = 0;
        for (const auto& [record, verdict] : expected) {
            CAPTURE(record);
            simdjson::dom::element e;
            REQUIRE(b.parser.parse(record).get(e) == simdjson::SUCCESS);
            const auto careful = b.careful_line(e, ++line);
            CHECK(careful.find(verdict) != std::string::npos);
            CHECK(b.check(record, line));  // and the fast path writes the same line
        }
    }
}
