// The embedding API, compiled against the public headers only (decree.hpp, decree_c.h) and
// linked with the shared library: one test per API function, many-thread evaluation, and
// hostile input through the C API.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "decree/decree.hpp"
#include "decree/decree_c.h"

namespace {

const char* round2 = "decrees/vn/2025/dot2_2025.decree";

std::string read(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const decree::program& loaded() {
    static const decree::program p = [] {
        decree::engine engine;
        auto r = engine.load_file(round2);
        REQUIRE(r.ok());
        return r.compiled;
    }();
    return p;
}

}  // namespace

TEST_SUITE("C++ API") {
    TEST_CASE("version") {
        CHECK(decree::version() == "0.1.0");
        CHECK(decree::version_major == 0);
    }
    TEST_CASE("to_string(verdict) gives the JSON contract's names") {
        CHECK(decree::to_string(decree::verdict::eligible) == "eligible");
        CHECK(decree::to_string(decree::verdict::not_eligible) == "not_eligible");
        CHECK(decree::to_string(decree::verdict::undetermined) == "undetermined");
        CHECK(decree::to_string(decree::verdict::error) == "error");
    }
    TEST_CASE("engine::load_file: a real round loads, a missing file is a diagnostic") {
        decree::engine engine;
        auto ok = engine.load_file(round2);
        CHECK(ok.ok());
        CHECK(ok.diagnostics.empty());
        auto missing = engine.load_file("no/such/file.decree");
        CHECK_FALSE(missing.ok());
        REQUIRE(missing.diagnostics.size() == 1);
        CHECK(missing.diagnostics[0].message == "cannot read the file: No such file or directory");
    }
    TEST_CASE("engine::load_text: errors come back as values with their place") {
        decree::engine engine;
        auto r = engine.load_text("bad.decree", "parameter x = 1 +\n");
        CHECK_FALSE(r.ok());
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].code == "E0106");
        CHECK(r.diagnostics[0].begin.file == "bad.decree");
        CHECK(r.diagnostics[0].begin.line == 1);  // just after the `+`
        CHECK(r.diagnostics[0].begin.column == 18);
        CHECK(r.diagnostics[0].rendered.find("error[E0106]") != std::string::npos);
        auto no_input = engine.load_text("x.decree", "parameter x = 1\n");
        CHECK_FALSE(no_input.ok());
    }
    TEST_CASE("engine::add_stdlib_dir: a project's own standard-library module") {
        decree::engine engine;
        engine.add_stdlib_dir("examples/own_stdlib/stdlib");
        auto own = engine.load_file("examples/own_stdlib/dot_x.decree");
        CHECK(own.ok());
        // Without the directory the hypothetical amended law is not found.
        auto without = decree::engine().load_file("examples/own_stdlib/dot_x.decree");
        REQUIRE(!without.ok());
        CHECK(without.diagnostics.front().code == "E0205");
    }
    TEST_CASE("engine::add_search_path: imports found in a directory") {
        decree::engine engine;
        engine.add_search_path("tests/golden/check/bad");
        auto r = engine.load_text("t.decree", "import E0214_helper_law as law\nrecord r { id : string }\ninput case : r\n");
        CHECK(r.ok());
    }
    TEST_CASE("program::decide(json): verdict, citations, trace and text") {
        const auto d = loaded().decide(read("examples/cases/guidance94_worked_example.json"));
        CHECK(d.result == decree::verdict::eligible);
        CHECK(d.id == "HD94-VIDU-A");
        CHECK(d.failed.empty());
        CHECK_FALSE(d.trace.empty());
        CHECK(d.text.find("đủ điều kiện") != std::string::npos);
        CHECK(d.json.find("\"verdict\":\"eligible\"") != std::string::npos);
        bool served = false;
        for (const auto& step : d.trace) {
            for (const auto& [name, value] : step.facts) served = served || (name == "served" && value == "9 năm 0 tháng 0 ngày");
        }
        CHECK(served);
        decree::decide_options quiet;
        quiet.explain = false;
        quiet.lang = decree::language::en;
        const auto q = loaded().decide(read("examples/cases/r2_b_one_day_short.json"), quiet);
        CHECK(q.result == decree::verdict::not_eligible);
        CHECK(q.trace.empty());
        REQUIRE(q.failed.size() == 1);
        CHECK(q.failed[0] == "Điều 3 khoản 1 điểm b");
    }
    TEST_CASE("program::decide(json): a step whose text is a paraphrase says so") {
        decree::engine engine;
        auto r = engine.load_text("p.decree",
                                  "record r { id : string, n : integer }\ninput case : r\n"
                                  "article 1\n  paraphrase \"in short\"\n  requires case.n > 0\n"
                                  "article 2\n  text \"verbatim\"\n  requires case.n > 1\n");
        REQUIRE(r.ok());
        const auto d = r.compiled.decide(R"({"id": "x", "n": 1})");
        REQUIRE(d.trace.size() == 2);
        CHECK(d.trace[0].text == "in short");
        CHECK(d.trace[0].text_is_paraphrase);
        CHECK(d.trace[1].text == "verbatim");
        CHECK_FALSE(d.trace[1].text_is_paraphrase);
        CHECK(d.text.find("\"in short\" (diễn giải)") != std::string::npos);
    }
    TEST_CASE("program::decide(json): broken records are errors with the field path") {
        CHECK(loaded().decide("{not json").result == decree::verdict::error);
        CHECK(loaded().decide("[1, 2]").result == decree::verdict::error);
        const auto d = loaded().decide(R"({"id": "X", "sentence": {"term": {"years": -3}}})");
        CHECK(d.result == decree::verdict::error);
        CHECK(d.error == "$.sentence.term.years: expected a non-negative integer, got -3; integers in case records are counts and lengths, never negative");
    }
    TEST_CASE("program::decide(record_builder): the typed builder") {
        decree::record_builder b;
        b.set_string("id", "B-1").set_string("status", "serving").set_string("sentence.kind", "fixed_term");
        b.set_duration("sentence.term", 12, 0, 0);
        const auto i = b.add("custody");
        b.set_string("custody." + std::to_string(i) + ".kind", "prison");
        b.set_date("custody.0.from", 2016, 8, 31);
        b.set_bool("history.previously_amnestied", true);
        b.set_integer("history.prior_convictions", 0);
        b.set_money("obligations.fine.amount", "0");
        CHECK(b.json().find("\"from\":\"2016-08-31\"") != std::string::npos);
        const auto d = loaded().decide(b);
        CHECK(d.result == decree::verdict::not_eligible);  // previously amnestied, whatever is missing
        CHECK(d.missing.empty());
        CHECK(std::find(d.failed.begin(), d.failed.end(), "Điều 4 khoản 4") != d.failed.end());
        // Điều 4 khoản 4 is the Law's Art. 12(4); only its number in round 2 is assumed
        // (`assumed number`), so the verdict is firm.
        CHECK(d.assumptions.empty());
        decree::record_builder copy = b;
        copy.set_bool("history.previously_amnestied", false);
        CHECK(loaded().decide(copy).result == decree::verdict::undetermined);
    }
    TEST_CASE("program::decide: the assumptions a verdict rests on, decide_options::no_assumptions") {
        const auto text = read("examples/cases/guidance94_worked_example.json");
        const auto d = loaded().decide(text);
        CHECK(d.result == decree::verdict::eligible);
        CHECK_FALSE(d.provisional);
        CHECK(std::find(d.assumptions.begin(), d.assumptions.end(), "luat.served_fraction") != d.assumptions.end());
        CHECK(std::find(d.assumptions.begin(), d.assumptions.end(), "Điều 4 khoản 6") != d.assumptions.end());
        CHECK(d.json.find(",\"assumptions\":[\"luat.served_fraction\",") != std::string::npos);
        for (const bool explain : {true, false}) {
            CAPTURE(explain);
            decree::decide_options o;
            o.explain = explain;
            CHECK(loaded().decide(text, o).assumptions == d.assumptions);
            o.no_assumptions = true;
            const auto withheld = loaded().decide(text, o);
            CHECK(withheld.result == decree::verdict::undetermined);
            REQUIRE(withheld.provisional);
            CHECK(*withheld.provisional == decree::verdict::eligible);
            CHECK(withheld.assumptions == d.assumptions);
            CHECK(withheld.missing.empty());
            CHECK(withheld.json.find(",\"provisional\":\"eligible\"") != std::string::npos);
        }
    }
    TEST_CASE("program::citation, schema, assumptions") {
        CHECK(loaded().citation() == "Quyết định 1244/2025/QĐ-CTN");
        CHECK(loaded().schema().find("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"") != std::string::npos);
        const auto a = loaded().assumptions();
        CHECK(a.size() > 5);
        CHECK(a.front().rfind("decrees/vn/2025/dot2_2025.decree:", 0) == 0);
    }
    TEST_CASE("an empty program is API misuse") {
        decree::program empty;
        CHECK(empty.empty());
        CHECK_THROWS_AS((void)empty.decide("{}"), std::logic_error);
    }
    TEST_CASE("decisions without explanations are the same decisions, from many threads") {
        std::vector<std::string> cases;
        for (const char* name : {"guidance94_worked_example", "r2_b_one_day_short", "r2_u_weapon_unknown", "r2_a_quarters_exactly_8",
                                 "r2_a_poor_quarter_in_run"}) {
            const auto text = read((std::string("examples/cases/") + name + ".json").c_str());
            if (!text.empty()) cases.push_back(text);
        }
        REQUIRE(cases.size() == 5);
        const decree::decide_options quick{false, decree::language::vi};
        std::vector<decree::decision> expected;
        for (const auto& c : cases) expected.push_back(loaded().decide(c));
        auto same = [](const decree::decision& a, const decree::decision& b) {
            return a.result == b.result && a.id == b.id && a.failed == b.failed && a.applied == b.applied && a.missing == b.missing &&
                   a.assumptions == b.assumptions;
        };
        for (std::size_t k = 0; k < cases.size(); ++k) {
            const auto d = loaded().decide(cases[k], quick);
            CHECK(same(d, expected[k]));
            CHECK(d.trace.empty());
            CHECK(d.text.empty());
            CHECK(d.json.find("\"trace\"") == std::string::npos);
            CHECK(d.json.rfind(expected[k].json.substr(0, expected[k].json.find(",\"trace\"")), 0) == 0);
        }
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 200; ++i) {
                    const auto k = static_cast<std::size_t>(i + t) % cases.size();
                    if (!same(loaded().decide(cases[k], quick), expected[k])) ++mismatches;
                }
            });
        }
        for (auto& th : threads) th.join();
        CHECK(mismatches == 0);
    }

    TEST_CASE("one program decides from many threads at once, with the same results") {
        std::vector<std::string> cases = {read("examples/cases/guidance94_worked_example.json"),
                                          read("examples/cases/r2_b_one_day_short.json"),
                                          read("examples/cases/r2_u_weapon_unknown.json")};
        std::vector<std::string> expected;
        for (const auto& c : cases) expected.push_back(loaded().decide(c).json);
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 60; ++i) {
                    const auto k = static_cast<std::size_t>((i + t) % 3);
                    if (loaded().decide(cases[k]).json != expected[k]) ++mismatches;
                }
            });
        }
        for (auto& th : threads) th.join();
        CHECK(mismatches == 0);
    }
}

TEST_SUITE("C API") {
    TEST_CASE("decree_version") { CHECK(std::strcmp(decree_version(), "0.1.0") == 0); }
    TEST_CASE("load, decide, read the result, free") {
        decree_program* p = nullptr;
        char* diags = nullptr;
        REQUIRE(decree_program_load_file(round2, &p, &diags) == DECREE_OK);
        CHECK(std::strcmp(diags, "[]") == 0);
        decree_string_free(diags);
        const auto json = read("examples/cases/r2_b_one_day_short.json");
        decree_result* r = nullptr;
        CHECK(decree_decide_json(p, json.data(), json.size(), 1, &r) == DECREE_OK);
        CHECK(std::strcmp(decree_result_verdict(r), "not_eligible") == 0);
        REQUIRE(decree_result_failed_count(r) == 1);
        CHECK(std::strcmp(decree_result_failed(r, 0), "Điều 3 khoản 1 điểm b") == 0);
        CHECK(decree_result_failed(r, 1) == nullptr);
        // Điều 3 khoản 1 điểm b rests on the round's fractions, which are assumed.
        REQUIRE(decree_result_assumptions_count(r) > 0);
        CHECK(std::strcmp(decree_result_assumption(r, 0), "luat.served_fraction") == 0);
        CHECK(decree_result_assumption(r, decree_result_assumptions_count(r)) == nullptr);
        CHECK(std::strstr(decree_result_json(r), "\"verdict\":\"not_eligible\"") != nullptr);
        CHECK(std::strlen(decree_result_text(r)) > 0);
        CHECK(decree_result_provisional(r) == nullptr);
        decree_result_free(r);
        // Withheld: undetermined, with the verdict it would have been and the same assumptions.
        CHECK(decree_decide_json_flags(p, json.data(), json.size(), DECREE_DECIDE_NO_ASSUMPTIONS, &r) == DECREE_OK);
        CHECK(std::strcmp(decree_result_verdict(r), "undetermined") == 0);
        REQUIRE(decree_result_provisional(r) != nullptr);
        CHECK(std::strcmp(decree_result_provisional(r), "not_eligible") == 0);
        CHECK(std::strcmp(decree_result_assumption(r, 0), "luat.served_fraction") == 0);
        CHECK(std::strlen(decree_result_text(r)) == 0);
        decree_result_free(r);
        CHECK(decree_decide_json_flags(p, json.data(), json.size(), 8u, &r) == DECREE_ERROR_ARGUMENT);
        CHECK(r == nullptr);
        decree_program_free(p);
    }
    TEST_CASE("the C API gives applied exceptions, missing facts, the error and the language without JSON") {
        decree_program* p = nullptr;
        REQUIRE(decree_program_load_file("decrees/vn/2025/dot2_2025.decree", &p, nullptr) == DECREE_OK);
        const auto worked = read("examples/cases/guidance94_worked_example.json");
        decree_result* r = nullptr;
        REQUIRE(decree_decide_json_flags(p, worked.data(), worked.size(), DECREE_DECIDE_EXPLAIN | DECREE_DECIDE_ENGLISH, &r) ==
                DECREE_OK);
        CHECK(std::strcmp(decree_result_verdict(r), "eligible") == 0);
        CHECK(std::strcmp(decree_result_language(r), "en") == 0);
        CHECK(std::string(decree_result_text(r)).find("eligible") != std::string::npos);
        CHECK(std::string(decree_result_text(r)).find("đủ điều kiện") == std::string::npos);
        CHECK(decree_result_missing_count(r) == 0);
        CHECK(decree_result_missing(r, 0) == nullptr);
        CHECK(std::strcmp(decree_result_error(r), "") == 0);
        decree_result_free(r);
        REQUIRE(decree_decide_json_flags(p, worked.data(), worked.size(), DECREE_DECIDE_EXPLAIN, &r) == DECREE_OK);
        CHECK(std::strcmp(decree_result_language(r), "vi") == 0);
        CHECK(std::string(decree_result_text(r)).find("đủ điều kiện") != std::string::npos);
        decree_result_free(r);
        // An exception that applies: a seriously ill inmate under Art. 3(3).
        const std::string ill = read("examples/cases/r2_k3_aged_70.json");
        REQUIRE(decree_decide_json(p, ill.data(), ill.size(), 0, &r) == DECREE_OK);
        REQUIRE(decree_result_applied_count(r) >= 1);
        CHECK(std::string(decree_result_applied(r, 0)).rfind("Điều 3", 0) == 0);
        CHECK(decree_result_applied(r, decree_result_applied_count(r)) == nullptr);
        decree_result_free(r);
        // An undetermined case: the facts that would decide it.
        const std::string unknown = R"({"id":"U-1","status":"serving"})";
        REQUIRE(decree_decide_json(p, unknown.data(), unknown.size(), 0, &r) == DECREE_OK);
        CHECK(std::strcmp(decree_result_verdict(r), "undetermined") == 0);
        REQUIRE(decree_result_missing_count(r) > 0);
        CHECK(decree_result_missing(r, 0)[0] == '$');
        decree_result_free(r);
        // An error: why.
        const std::string broken = R"({"id":"E-1","sentence":{"term":"ten years"}})";
        CHECK(decree_decide_json(p, broken.data(), broken.size(), 0, &r) == DECREE_ERROR_RUNTIME);
        CHECK(std::string(decree_result_error(r)).find("$.sentence") != std::string::npos);
        decree_result_free(r);
        CHECK(decree_result_applied_count(nullptr) == 0);
        CHECK(decree_result_missing_count(nullptr) == 0);
        CHECK(std::strcmp(decree_result_error(nullptr), "") == 0);
        decree_program_free(p);
    }
    TEST_CASE("decree_program_load_text with errors gives the diagnostics as JSON") {
        decree_program* p = nullptr;
        char* diags = nullptr;
        const char* text = "parameter x = ((((\n";
        CHECK(decree_program_load_text("bad.decree", text, std::strlen(text), &p, &diags) == DECREE_ERROR_COMPILE);
        CHECK(p == nullptr);
        CHECK(std::strstr(diags, "\"code\":\"E0106\"") != nullptr);
        decree_string_free(diags);
        CHECK(decree_program_load_file("no/such.decree", &p, nullptr) == DECREE_ERROR_IO);
    }
    TEST_CASE("decree_program_load_file refuses what is not a regular file, without reading it") {
        char dir[] = "/tmp/decree-api-XXXXXX";
        REQUIRE(mkdtemp(dir) != nullptr);
        const std::string fifo = std::string(dir) + "/pipe.decree";
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        decree_program* p = nullptr;
        char* diags = nullptr;
        CHECK(decree_program_load_file(fifo.c_str(), &p, &diags) == DECREE_ERROR_IO);  // before: waited for a writer
        REQUIRE(diags != nullptr);
        CHECK(std::strstr(diags, "cannot read the file: it is not a regular file") != nullptr);
        decree_string_free(diags);
        CHECK(decree_program_load_file("/dev/zero", &p, nullptr) == DECREE_ERROR_IO);
        CHECK(decree_program_load_file(dir, &p, nullptr) == DECREE_ERROR_IO);
        // A relative import out of the decree's folder is refused (E0205), unless allowed.
        const std::string importer = std::string(dir) + "/importer.decree";
        std::ofstream(importer) << "import \"/etc/hostname\"\n";
        CHECK(decree_program_load_file(importer.c_str(), &p, &diags) == DECREE_ERROR_COMPILE);
        CHECK(std::strstr(diags, "is outside the folders a decree may import from") != nullptr);
        decree_string_free(diags);
        ::unlink(importer.c_str());
        ::unlink(fifo.c_str());
        ::rmdir(dir);
    }
    TEST_CASE("hostile input never crashes: nulls, garbage, NUL bytes, deep nesting") {
        CHECK(decree_program_load_file(nullptr, nullptr, nullptr) == DECREE_ERROR_ARGUMENT);
        decree_program* p = nullptr;
        CHECK(decree_program_load_text(nullptr, nullptr, 0, &p, nullptr) == DECREE_ERROR_ARGUMENT);
        const std::string nul("decree \"x\"\0\xff\xfe", 14);
        CHECK(decree_program_load_text("nul", nul.data(), nul.size(), &p, nullptr) == DECREE_ERROR_COMPILE);
        const std::string deep = "parameter x = " + std::string(100000, '(');
        CHECK(decree_program_load_text("deep", deep.data(), deep.size(), &p, nullptr) == DECREE_ERROR_COMPILE);
        REQUIRE(decree_program_load_file(round2, &p, nullptr) == DECREE_OK);
        decree_result* r = nullptr;
        CHECK(decree_decide_json(p, nullptr, 0, 0, &r) == DECREE_ERROR_ARGUMENT);
        CHECK(decree_decide_json(nullptr, "{}", 2, 0, &r) == DECREE_ERROR_ARGUMENT);
        CHECK(decree_decide_json(p, "{}", 2, 0, nullptr) == DECREE_ERROR_ARGUMENT);
        const std::string inputs[] = {std::string("\0\0\0", 3), "{", "[[[[[[[[[[", std::string(200000, '['), "{\"id\": 1e999}",
                                      "{\"sentence\": {\"term\": {\"years\": 1e40}}}", "{\"offences\": 7}", "\xff\xfe{}",
                                      "{\"custody\": [{\"from\": \"2016-02-30\"}]}", "null"};
        for (const auto& in : inputs) {
            CHECK(decree_decide_json(p, in.data(), in.size(), 1, &r) == DECREE_ERROR_RUNTIME);
            CHECK(std::strcmp(decree_result_verdict(r), "error") == 0);
            decree_result_free(r);
        }
        CHECK(std::strcmp(decree_result_verdict(nullptr), "error") == 0);
        CHECK(decree_result_failed_count(nullptr) == 0);
        CHECK(decree_result_assumptions_count(nullptr) == 0);
        CHECK(decree_result_assumption(nullptr, 0) == nullptr);
        CHECK(decree_result_provisional(nullptr) == nullptr);
        decree_result_free(nullptr);
        decree_program_free(nullptr);
        decree_string_free(nullptr);
        decree_program_free(p);
    }

    TEST_CASE("from 8 threads: one program shared, programs loaded at the same time, results freed anywhere") {
        decree_program* shared = nullptr;
        REQUIRE(decree_program_load_file(round2, &shared, nullptr) == DECREE_OK);
        const std::vector<std::string> cases = {read("examples/cases/guidance94_worked_example.json"),
                                                read("examples/cases/r2_b_one_day_short.json"),
                                                read("examples/cases/r2_u_weapon_unknown.json")};
        std::vector<std::string> expected;
        for (const auto& c : cases) {
            decree_result* r = nullptr;
            REQUIRE(decree_decide_json_flags(shared, c.data(), c.size(), DECREE_DECIDE_EXPLAIN, &r) == DECREE_OK);
            expected.emplace_back(decree_result_json(r));
            decree_result_free(r);
        }
        std::atomic<int> mismatches{0}, failures{0};
        std::vector<decree_result*> handed_over(8, nullptr);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                // Half the threads load a program of their own while the others decide.
                decree_program* own = nullptr;
                if (t % 2 == 1 && decree_program_load_file(round2, &own, nullptr) != DECREE_OK) ++failures;
                const decree_program* p = own != nullptr ? own : shared;
                for (int i = 0; i < 20; ++i) {
                    const auto k = static_cast<std::size_t>((i + t) % 3);
                    decree_result* r = nullptr;
                    if (decree_decide_json_flags(p, cases[k].data(), cases[k].size(), DECREE_DECIDE_EXPLAIN, &r) != DECREE_OK) ++failures;
                    if (expected[k] != decree_result_json(r)) ++mismatches;
                    if (i == 19) {
                        handed_over[static_cast<std::size_t>(t)] = r;  // freed by the main thread
                    } else {
                        decree_result_free(r);
                    }
                }
                decree_program_free(own);
            });
        }
        for (auto& th : threads) th.join();
        CHECK(mismatches == 0);
        CHECK(failures == 0);
        for (auto* r : handed_over) {
            CHECK(r != nullptr);
            decree_result_free(r);
        }
        decree_program_free(shared);
    }
}
