// Every limit of the front end and of case record input, each at its boundary: what is just
// inside works, what is just outside is a clear error naming the place. Inputs too large to keep
// in the repository (a 17 MiB decree, a 100 MB JSON line, 100,000 nested brackets) are generated
// here, in memory or in the build directory.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"
#include "decree/decree.hpp"
#include "decree/decree_c.h"
#include "decree/lang/front_end.hpp"
#include "json_input.hpp"

using namespace decree;

namespace {

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

std::string short_diagnostics(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += render(d, c.sources, render_style::short_);
    return out;
}

struct cli_result {
    std::string out, err;
    int code = 0;
};

cli_result run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int code = cli::run(args, out, err, {});
    return {out.str(), err.str(), code};
}

// A file in the build directory, written by the test.
std::string work_file(const std::string& name, const std::string& content) {
    const auto dir = std::filesystem::path(DECREE_BINARY_DIR) / "limits";
    std::filesystem::create_directories(dir);
    const auto path = (dir / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

const std::string round2 = "decrees/vn/2025/dot2_2025.decree";

// A small valid record.
std::string record(const std::string& id) {
    return R"({"id": ")" + id + R"(", "status": "serving", "security_risk": false})";
}

// A chain of [n] imports: main.decree imports m1, which imports m2, ... up to mN.
compile_options chain_of(int n) {
    compile_options o;
    o.read_file = [n](const std::string& path) -> std::optional<std::string> {
        for (int i = 1; i <= n; ++i) {
            if (path == "m" + std::to_string(i) + ".decree") {
                std::string text = "module \"M" + std::to_string(i) + "\"\n";
                if (i < n) text += "import \"./m" + std::to_string(i + 1) + ".decree\"\n";
                return text;
            }
        }
        return std::nullopt;
    };
    return o;
}

}  // namespace

TEST_SUITE("limits: decrees") {
    TEST_CASE("a chain of 32 imports is accepted, 33 is E0218 at the import that goes too far") {
        auto ok = compile("main.decree", "module \"Main\"\nimport \"./m1.decree\"\n", chain_of(32));
        CHECK(codes(*ok) == "");
        auto deep =
            compile("main.decree", "module \"Main\"\nimport \"./m1.decree\"\n", chain_of(33));
        REQUIRE(codes(*deep) == "E0218 ");
        CHECK(short_diagnostics(*deep) ==
              "m32.decree:2:1: error[E0218]: imports nested too deeply: `./m33.decree` would be "
              "module number 34 of "
              "a chain that starts at `main.decree` (the limit is 32 imports)\n");
    }
    TEST_CASE("a module importing itself, directly or through others, is an import cycle") {
        compile_options o;
        o.read_file = [](const std::string& path) -> std::optional<std::string> {
            if (path == "a.decree") return "module \"A\"\nimport \"./b.decree\"\n";
            if (path == "b.decree") return "module \"B\"\nimport \"./a.decree\"\n";
            if (path == "self.decree") return "module \"Self\"\nimport \"./self.decree\"\n";
            return std::nullopt;
        };
        CHECK(codes(*compile("main.decree", "import \"./a.decree\"\n", o)) == "E0206 ");
        CHECK(codes(*compile("main.decree", "import \"./self.decree\"\n", o)) == "E0206 ");
        CHECK(codes(*compile("main.decree", "import \"./main.decree\"\n", o)) == "E0206 ");
    }
}

TEST_SUITE("limits: decree files") {
    TEST_CASE("a decree of 16 MiB is read, one byte more is E0100 at the start of the file") {
        std::string text = "module \"Large\"\n";
        const std::string comment = "-- " + std::string(76, 'x') + "\n";
        while (text.size() + comment.size() <= max_source_bytes) text += comment;
        text += std::string(max_source_bytes - text.size() - 1, '-') + "\n";
        REQUIRE(text.size() == max_source_bytes);
        CHECK(codes(*compile("large.decree", text)) == "");
        auto over = compile("large.decree", text + "\n");
        REQUIRE(codes(*over) == "E0100 ");
        CHECK(short_diagnostics(*over) ==
              "large.decree:1:1: error[E0100]: the file is larger than the limit of 16 MiB\n");
        // From the disk, a larger file is not even read whole.
        const auto path = work_file("17mib.decree", text + std::string(1 << 20, '\n'));
        const auto r = run({"check", path, "--diagnostics=short"});
        CHECK(r.code == 65);
        CHECK(r.err == path +
                           ":1:1: error[E0100]: the file is larger than the limit of 16 "
                           "MiB\nchecked 1 file: 1 error, 0 warnings\n");
    }
    TEST_CASE("hostile nesting of every kind is E0105, never a stack overflow") {
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"parentheses", std::string(100000, '(') + "1" + std::string(100000, ')')},
            {"negations",
             [] {
                 std::string t;
                 for (int i = 0; i < 100000; ++i) t += "not ";
                 return t + "true";
             }()},
            {"quantifiers",
             [] {
                 std::string t;
                 for (int i = 0; i < 20000; ++i) t += "any x in y: ";
                 return t + "true";
             }()},
            {"conditionals",
             [] {
                 std::string t;
                 for (int i = 0; i < 20000; ++i) t += "if true then 1 else ";
                 return t + "1";
             }()},
            {"sets", std::string(20000, '{') + "1" + std::string(20000, '}')},
            {"operator chain",
             [] {
                 std::string t = "1";
                 for (int i = 0; i < 100000; ++i) t += " + 1";
                 return t;
             }()},
            {"field chain",
             [] {
                 std::string t = "y";
                 for (int i = 0; i < 100000; ++i) t += ".a";
                 return t;
             }()},
            {"minus signs",
             [] {
                 std::string t;
                 for (int i = 0; i < 100000; ++i) t += "- ";
                 return t + "1";
             }()},
        };
        for (const auto& [what, expr] : cases) {
            CAPTURE(what);
            CHECK(codes(*compile("deep.decree", "parameter x = " + expr + "\n")) == "E0105 ");
        }
    }
    TEST_CASE("a number literal of 60 digits is exact, 61 digits is E0122") {
        const std::string sixty(60, '9');
        auto ok = compile("n.decree", "decree \"N\"\nparameter big : integer = " + sixty +
                                          "\nparameter twice : integer = big + big\n");
        CHECK(codes(*ok) == "W0102 ");  // `twice` is unused, but no error
        CHECK(codes(*compile("n.decree", "parameter big : integer = 1" + sixty + "\n")) ==
              "E0122 ");
        CHECK(codes(*compile("n.decree", "parameter big : money = 1" + sixty + " VND\n")) ==
              "E0122 ");
        CHECK(codes(*compile("n.decree", "parameter big : decimal = 0." + sixty + "1\n")) ==
              "E0122 ");
        CHECK(codes(*compile("n.decree", "parameter big : duration = 1" + sixty + " years\n")) ==
              "E0122 ");
    }
    TEST_CASE("dates from 0001-01-01 to 9999-12-31, outside is E0401") {
        CHECK(codes(*compile(
                  "d.decree",
                  "module \"D\"\nparameter a = 0001-01-01\nparameter b = 9999-12-31\n")) == "");
        for (const char* bad : {"0000-01-01", "10000-01-01", "99999999999999999999999-01-01",
                                "2025-02-29", "2025-13-01", "2025-00-10"}) {
            CAPTURE(bad);
            CHECK(codes(*compile("d.decree", std::string("parameter a = ") + bad + "\n")) ==
                  "E0401 ");
        }
    }
}

TEST_SUITE("limits: case records") {
    TEST_CASE(
        "a 100 MB JSON line is one error naming the limit, the records around it are decided") {
        const std::string huge =
            R"({"id": "HUGE", "name": ")" + std::string(100'000'000, 'x') + "\"}";
        const auto path =
            work_file("huge.jsonl", record("BEFORE") + "\n" + huge + "\n" + record("AFTER") + "\n");
        for (const char* jobs : {"1", "2"}) {
            CAPTURE(jobs);
            const auto r = run({"eval", round2, path, "--format", "json", "--jobs", jobs});
            const auto out = lines_of(r.out);
            REQUIRE(out.size() == 3);
            CHECK(out[0].find(R"("id":"BEFORE","line":1,"verdict":"undetermined")") !=
                  std::string::npos);
            CHECK(
                out[1] ==
                R"({"id":"HUGE","line":2,"verdict":"error","failed":[],"applied":[],"missing":[],"assumptions":[],"error":")" +
                    path +
                    R"(:2: the record has 100,000,026 bytes, more than the limit of 1 MiB (1,048,576 bytes) for one record",)"
                    R"("error_vi":")" + path + R"(:2: bản ghi có 100.000.026 byte, vượt quá giới hạn 1 MiB (1.048.576 byte) cho một bản ghi"})");
            CHECK(out[2].find(R"("id":"AFTER","line":3,"verdict":"undetermined")") !=
                  std::string::npos);
            CHECK(r.code == 1);
        }
    }
    TEST_CASE("a record of exactly 1 MiB is read, one byte more is an error") {
        auto padded = [](std::size_t size) {
            std::string r = record("EDGE");
            r.insert(r.size() - 1, std::string(size - r.size(), ' '));
            return r;
        };
        REQUIRE(padded(eval::max_record_bytes).size() == eval::max_record_bytes);
        const auto path = work_file("edge.jsonl", padded(eval::max_record_bytes) + "\n" +
                                                      padded(eval::max_record_bytes + 1) + "\n");
        const auto out = lines_of(run({"eval", round2, path, "--format", "json"}).out);
        REQUIRE(out.size() == 2);
        CHECK(out[0].find(R"("verdict":"undetermined")") != std::string::npos);
        CHECK(out[1].find("the record has 1,048,577 bytes, more than the limit") !=
              std::string::npos);
        // A file holding one record, and an element of an array, have the same limit.
        const auto one = work_file("one.json", padded(eval::max_record_bytes + 1));
        CHECK(run({"eval", round2, one, "--format", "json"})
                  .out.find("the record has 1,048,577 bytes") != std::string::npos);
        const auto array =
            work_file("array.json", "[" + record("SMALL") + ",{\"id\": \"BIG\", \"name\": \"" +
                                        std::string(eval::max_record_bytes, 'x') + "\"}]");
        const auto elements = lines_of(run({"eval", round2, array, "--format", "json"}).out);
        REQUIRE(elements.size() == 2);
        CHECK(elements[0].find(R"("id":"SMALL")") != std::string::npos);
        CHECK(elements[1].find(R"({"id":"BIG","line":2,"verdict":"error")") == 0);
        CHECK(
            elements[1].find(
                R"([1]: the record has 1,048,598 bytes, more than the limit of 1 MiB (1,048,576 bytes) for one record (counted without blanks))") !=
            std::string::npos);
    }
    TEST_CASE(
        "100,000 nested brackets are one error naming the depth, the records around it are "
        "decided") {
        const auto path = work_file(
            "nested.jsonl", record("BEFORE") + "\n" + "{\"id\": \"NESTED\", \"offences\": " +
                                std::string(100000, '[') + std::string(100000, ']') + "}\n" +
                                std::string(100000, '[') + "\n" + record("AFTER") + "\n");
        for (const char* jobs : {"1", "2"}) {
            CAPTURE(jobs);
            const auto out =
                lines_of(run({"eval", round2, path, "--format", "json", "--jobs", jobs}).out);
            REQUIRE(out.size() == 4);
            CHECK(out[1].find(R"({"id":"NESTED","line":2,"verdict":"error")") == 0);
            CHECK(out[1].find("): arrays and objects nested deeper than 1024 levels\",\"error_vi\"") !=
                  std::string::npos);
            CHECK(out[2].find(R"({"id":null,"line":3,"verdict":"error")") == 0);
            CHECK(out[2].find(":3: not a JSON record: column 1025 ($[0][0][0]") !=
                  std::string::npos);
            CHECK(out[2].find("[0][0]): arrays and objects nested deeper than 1024 levels\",\"error_vi\"") !=
                  std::string::npos);
            CHECK(out[3].find(R"("id":"AFTER")") != std::string::npos);
        }
    }
    TEST_CASE("standard input has the same limits") {
        const std::string huge =
            "{\"id\": \"HUGE\", \"name\": \"" + std::string(3 << 20, 'x') + "\"}";
        std::istringstream in(record("BEFORE") + "\n" + huge + "\n" + std::string(2000, '[') +
                              "\n" + record("AFTER") + "\n");
        auto* saved = std::cin.rdbuf(in.rdbuf());
        const auto r = run({"eval", round2, "-", "--format", "json"});
        std::cin.rdbuf(saved);
        std::cin.clear();
        const auto out = lines_of(r.out);
        REQUIRE(out.size() == 4);
        CHECK(out[1].find(R"({"id":"HUGE","line":2,"verdict":"error")") == 0);
        CHECK(out[1].find("-:2: the record has 3,145,754 bytes, more than the limit") !=
              std::string::npos);
        CHECK(out[2].find("-:3: not a JSON record: column 1025 ($[0][0]") != std::string::npos);
        CHECK(out[3].find(R"("id":"AFTER")") != std::string::npos);
    }
    TEST_CASE("the embedding API has the same limits") {
        decree::engine engine;
        auto loaded = engine.load_file(round2);
        REQUIRE(loaded.ok());
        const auto& program = loaded.compiled;
        const auto big = program.decide("{\"id\": \"BIG\", \"name\": \"" +
                                        std::string(eval::max_record_bytes, 'x') + "\"}");
        CHECK(big.result == decree::verdict::error);
        CHECK(big.error ==
              "the record has 1,048,601 bytes, more than the limit of 1 MiB (1,048,576 bytes) for "
              "one record");
        const auto deep =
            program.decide("{\"id\": \"DEEP\", \"custody\": " + std::string(100000, '[') + "}");
        CHECK(deep.result == decree::verdict::error);
        CHECK(deep.id == "DEEP");
        // The record's object is the first of the 1024 levels.
        CHECK(deep.error ==
              "not a JSON record: column 1050 "
              "($.custody[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]…"
              "[0][0][0][0][0][0][0][0][0][0]): arrays and objects nested deeper than 1024 levels");
        const auto bom = program.decide("\xEF\xBB\xBF" + record("BOM"));
        CHECK(bom.result == decree::verdict::undetermined);
        CHECK(bom.id == "BOM");
    }
}

namespace {

// "name0 ... nameN-1" lines: line(i) for each i.
template <typename F>
std::string lines(int n, F line) {
    std::string out;
    for (int i = 0; i < n; ++i) out += line(i) + "\n";
    return out;
}

std::string forward_chain(int n, bool cycle) {
    return "module \"Chain\"\n" + lines(n, [&](int i) {
               const auto next = i + 1 < n ? "d" + std::to_string(i + 1) + " + 1" : (cycle ? std::string("d0 + 1") : "1");
               return "definition d" + std::to_string(i) + " : integer = " + next;
           });
}

const std::string record_header = "decree \"Limits\"\nrecord r { id : string, n : integer }\ninput case : r\n";

// `decreec eval` of [decree] on one record, on the fused code (the default) and with
// --no-fusion: both outputs, which must be the same.
std::string eval_both(const std::string& name, const std::string& decree, const std::string& json = R"({"id": "a", "n": 2})") {
    const auto path = work_file(name + ".decree", decree);
    const auto records = work_file(name + ".jsonl", json + "\n");
    const auto fast = run({"eval", path, records, "--format", "json"});
    const auto general = run({"eval", "--no-fusion", path, records, "--format", "json"});
    CHECK(fast.out == general.out);
    CHECK(fast.code == general.code);
    return general.out;
}

std::string verdict_of(const std::string& json_line) {
    const auto at = json_line.find("\"verdict\":\"");
    if (at == std::string::npos) return json_line;
    return json_line.substr(at + 11, json_line.find('"', at + 11) - at - 11);
}

}  // namespace

TEST_SUITE("limits: definitions and parameters") {
    TEST_CASE("400 definitions used before they are declared are checked, 401 is E0221, and 10,000 never overflow the stack") {
        CHECK(codes(*compile("c.decree", forward_chain(400, false))) == "");
        const auto over = compile("c.decree", forward_chain(401, false));
        CHECK(codes(*over) == "E0221 ");
        CHECK(short_diagnostics(*over) ==
              "c.decree:402:12: error[E0221]: definitions nested too deeply: checking `d0` needs `d400` through a "
              "chain of 400 definitions and parameters used before they are declared (the limit is 400)\n");
        CHECK(codes(*compile("c.decree", forward_chain(10000, false))) == "E0221 ");
        CHECK(codes(*compile("c.decree", forward_chain(10000, true))) == "E0221 ");
        CHECK(codes(*compile("c.decree", forward_chain(400, true))) == "E0209 ");
        // Declared in order, a chain is bounded by the nesting of its evaluation: 2,000
        // operations (d_k nests 2k + 1; `top` adds 3 or 4 to d998's 1,997).
        auto in_order = [](int n, const std::string& top) {
            return "module \"M\"\ndefinition d0 : integer = 1\n" + lines(n - 1, [](int i) {
                       return "definition d" + std::to_string(i + 1) + " : integer = d" + std::to_string(i) + " + 1";
                   }) + "definition top : integer = " + top + "\n";
        };
        CHECK(codes(*compile("c.decree", in_order(999, "d998 + 1 + 1"))) == "");
        const auto long_chain = compile("c.decree", in_order(999, "d998 + 1 + 1 + 1"));
        CHECK(codes(*long_chain) == "E0221 ");
        CHECK(short_diagnostics(*long_chain) ==
              "c.decree:1001:12: error[E0221]: definitions nested too deeply: evaluating `top` nests 2001 operations, "
              "through the definitions and parameters it uses (the limit is 2,000)\n");
        CHECK(codes(*compile("c.decree", in_order(10000, "1"))) == "E0221 ");
    }

    TEST_CASE("the CLI, the C API and the C++ API report the chain of 10,000 as E0221") {
        for (const bool cycle : {false, true}) {
            const auto text = forward_chain(10000, cycle);
            const auto path = work_file("chain.decree", text);
            const auto r = run({"check", path, "--diagnostics=short"});
            CHECK(r.code == 65);
            CHECK(r.err.find("error[E0221]: definitions nested too deeply") != std::string::npos);
            decree_program* p = nullptr;
            char* diags = nullptr;
            CHECK(decree_program_load_text("chain.decree", text.data(), text.size(), &p, &diags) == DECREE_ERROR_COMPILE);
            REQUIRE(diags != nullptr);
            CHECK(std::string(diags).find("\"code\":\"E0221\"") != std::string::npos);
            decree_string_free(diags);
            decree::engine engine;
            CHECK_FALSE(engine.load_text("chain.decree", text).ok());
        }
    }

    TEST_CASE("a chain of 10,000 exceptions is checked (it took minutes, bench/limits times it)") {
        std::string d = record_header + "article 1\n  clause 1\n    text \"g\"\n    requires case.n >= 0\n";
        for (int k = 1; k <= 10000; ++k) {
            d += "  clause " + std::to_string(k + 1) + "\n    text \"e\"\n    exception to clause " + std::to_string(k) +
                 " when case.n >= " + std::to_string(k) + " requires case.n >= 0\n";
        }
        CHECK(codes(*compile("e.decree", d)) == "");
        // A cycle through all of them is one E0404.
        d.replace(d.find("exception to clause 1 when"), 26, "exception to clause 10001 when");
        CHECK(codes(*compile("e.decree", d)) == "E0404 ");
    }

    TEST_CASE("a chain of 400 parameters is accepted, 401 is E0221, a cycle closed by `set` is E0209") {
        auto params = [](int n) {
            return "module \"P\"\nparameter p0 : integer = 1\n" + lines(n - 1, [](int i) {
                       return "parameter p" + std::to_string(i + 1) + " : integer = p" + std::to_string(i) + " + p" + std::to_string(i);
                   });
        };
        CHECK(codes(*compile("p.decree", params(400))) == "");
        const auto over = compile("p.decree", params(401));
        CHECK(codes(*over) == "E0221 ");
        CHECK(short_diagnostics(*over).find("parameters nested too deeply: the value of `p400` uses a chain of 401 parameters (the limit is 400)") !=
              std::string::npos);
        compile_options o;
        o.read_file = [](const std::string& path) -> std::optional<std::string> {
            if (path == "m.decree") return "module \"M\"\nparameter a : integer\nparameter b : integer = a + 1\n";
            return std::nullopt;
        };
        const std::string head = "decree \"Limits\"\nimport \"./m.decree\" as m\n";
        const auto cycle = compile("main.decree", head + "set m.a = m.b\n", o);
        CHECK(codes(*cycle) == "E0209 ");
        CHECK(short_diagnostics(*cycle).find("parameters defined by each other: `a` -> `b` -> `a`") != std::string::npos);
        const auto fine = compile("main.decree", head + "set m.a = 3\n", o);
        CHECK(codes(*fine).find('E') == std::string::npos);
    }
}

TEST_SUITE("limits: evaluation, both evaluators") {
    TEST_CASE("calls nested 400 deep are evaluated, 401 is E0503, by both evaluators") {
        // Definitions without arguments, each used first inside the next.
        auto memo = [](int n) {
            return record_header + "definition c0 : integer = case.n\n" + lines(n - 1, [](int i) {
                       return "definition c" + std::to_string(i + 1) + " : integer = c" + std::to_string(i) + " + 1";
                   }) + "article 1\n  requires c" + std::to_string(n - 1) + " > 0\n";
        };
        // Small definitions with an argument, which the fused code compiles in place.
        auto calls = [](int n) {
            return record_header + "definition f0(x : integer) : integer = x + 1\n" + lines(n - 1, [](int i) {
                       return "definition f" + std::to_string(i + 1) + "(x : integer) : integer = f" + std::to_string(i) + "(x) + 1";
                   }) + "article 1\n  requires f" + std::to_string(n - 1) + "(case.n) > 0\n";
        };
        CHECK(verdict_of(eval_both("memo400", memo(400))) == "eligible");
        CHECK(eval_both("memo401", memo(401)).find("evaluation nested too deeply") != std::string::npos);
        CHECK(verdict_of(eval_both("calls400", calls(400))) == "eligible");
        const auto over = eval_both("calls401", calls(401));
        CHECK(verdict_of(over) == "error");
        CHECK(over.find("E0503") != std::string::npos);
        CHECK(over.find("evaluation nested too deeply") != std::string::npos);
    }

    TEST_CASE("an evaluation nested exactly 2,000 operations deep is decided by both evaluators") {
        // d0 nests 2 (case.n), d_k 5k + 2, each d_k 4 additions over d_(k-1); the rule adds 3 to
        // d399's 1,997: exactly 2,000, with 400 calls nested (the limit of those too).
        auto chain = [](const std::string& rule) {
            return record_header + "definition d0 : integer = case.n\n" + lines(399, [](int i) {
                       return "definition d" + std::to_string(i + 1) + " : integer = d" + std::to_string(i) + " + 1 + 1 + 1 + 1";
                   }) + "article 1\n  text \"x\"\n  requires " + rule + "\n";
        };
        CHECK(codes(*compile("n.decree", chain("d399 + 1 > 0"))) == "");
        CHECK(codes(*compile("n.decree", chain("d399 + 1 + 1 > 0"))) == "E0221 ");
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer's larger frames need more than 8 MiB here
        CHECK(verdict_of(eval_both("nesting2000", chain("d399 + 1 > 0"))) == "eligible");
#endif
    }

    TEST_CASE("exceptions nested 64 deep are decided, 65 is E0502, by both evaluators") {
        auto chain = [](int n) {
            return record_header + "article 1\n  clause 1\n    requires case.n >= 0\n" + lines(n, [](int i) {
                       return "  clause " + std::to_string(i + 2) + "\n    exception to clause " + std::to_string(i + 1) +
                              " when case.n >= 0 requires case.n >= 0";
                   });
        };
        CHECK(verdict_of(eval_both("exc64", chain(64))) == "eligible");
        const auto over = eval_both("exc65", chain(65));
        CHECK(verdict_of(over) == "error");
        CHECK(over.find("exceptions nested too deeply") != std::string::npos);
    }

    TEST_CASE("10,000,000 steps are the budget of one case, for both evaluators") {
        // Each use of d_i evaluates d_(i-1) twice over, through a definition with an argument
        // (not kept): 2^k evaluations of the body of d0.
        auto doubling = [](int k) {
            return record_header + "definition g0(x : integer) : integer = x + case.n\n" + lines(k, [](int i) {
                       const auto prev = "g" + std::to_string(i);
                       return "definition g" + std::to_string(i + 1) + "(x : integer) : integer = " + prev + "(x) + " + prev + "(x + 1)";
                   }) + "article 1\n  requires g" + std::to_string(k) + "(1) > 0\n";
        };
        CHECK(verdict_of(eval_both("steps_small", doubling(12))) == "eligible");
        const auto over = eval_both("steps_big", doubling(24));
        CHECK(over.find("took more than 10,000,000 steps") != std::string::npos);
    }

    TEST_CASE("numbers below 2^33,220 are exact, reaching it is E0503, quickly, by both evaluators") {
        std::string d = record_header + "definition e0 : integer = case.n\n" + lines(40, [](int i) {
                            return "definition e" + std::to_string(i + 1) + " : integer = e" + std::to_string(i) + " * e" + std::to_string(i);
                        });
        // With n = 2, e_i = 2^(2^i): 2^33,219 = e15 * e8 * e7 * e6 * 8.
        const auto below = d + "definition x : integer = (e15 * e8 * e7 * e6 * 8 - 1) * 2 + 1\narticle 1\n  requires x > 0\n";
        const auto at = d + "definition x : integer = e15 * e8 * e7 * e6 * 16\narticle 1\n  requires x > 0\n";
        const auto squared = d + "article 1\n  requires e40 > 0\n";
        CHECK(verdict_of(eval_both("num_below", below)) == "eligible");
        const auto over = eval_both("num_at", at);
        CHECK(verdict_of(over) == "error");
        CHECK(over.find("a number larger than the limit of 2^33,220 (about 10,000 digits) was computed") != std::string::npos);
        CHECK(eval_both("num_squared", squared).find("larger than the limit") != std::string::npos);
        // The same on parameters: the check does not fold them past the limit, a case is E0503.
        const auto params = record_header + "parameter p0 : integer = 2\n" + lines(40, [](int i) {
                                return "parameter p" + std::to_string(i + 1) + " : integer = p" + std::to_string(i) + " * p" + std::to_string(i);
                            }) + "article 1\n  requires p40 > case.n\n";
        CHECK(eval_both("num_params", params).find("larger than the limit") != std::string::npos);
    }

    TEST_CASE("ranges in sets are their integers, in both evaluators") {
        const auto sets = record_header +
                          "article 1\n"
                          "  requires length({1..5, 7}) = 6\n"
                          "  requires length({1..5, 3, 4..6}) = 6\n"
                          "  requires (sum x in {1..5, 7}: x) = 22\n"
                          "  requires any x in {1..5}: x = 3\n"
                          "  requires not (5/2 in {1..5})\n"
                          "  requires 4/2 in {1..5}\n"
                          "  requires (count x in {case.n..5}: x > 2) = 3\n"
                          "  requires length({1..1000000}) = 1000000\n"
                          "  requires 999999999999999999 in {1..1000000000000000000}\n"
                          "  requires {1..3} = {1, 2, 3}\n"
                          "  requires {1, 1, 2} = {2..case.n}  or case.n = 2\n"
                          "  requires {1..3} != {1..4}\n"
                          "  requires {2..case.n} = {2}\n";
        CHECK(verdict_of(eval_both("ranges", sets)) == "eligible");
        const auto wrong = record_header + "article 1\n  requires not (any x in {1..5}: x = 3)\n";
        CHECK(verdict_of(eval_both("ranges_any", wrong)) == "not_eligible");
        // Going through more than 1,000,000 elements is E0503, not a hang.
        const auto huge = record_header + "article 1\n  requires length({1..1000001}) > 0\n";
        CHECK(eval_both("ranges_over", huge).find("more than the limit of 1,000,000") != std::string::npos);
        const auto endless = record_header + "article 1\n  requires length({1..1000000000000000000}) > 0\n";
        CHECK(eval_both("ranges_endless", endless).find("more than the limit of 1,000,000") != std::string::npos);
    }
}
