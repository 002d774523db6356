// compile_options::stdlib_dirs / engine::add_stdlib_dir: a project's own standard-library modules.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <simdjson.h>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"

using namespace decree;

namespace {

namespace fs = std::filesystem;

// A fresh directory under the system's temporary folder, removed at the end of the test.
struct temp_dir {
    fs::path root;
    explicit temp_dir(const std::string& name) : root(fs::temp_directory_path() / ("decree_stdlib_dirs_" + name)) {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
    void write(const std::string& relative, const std::string& text) const {
        fs::create_directories((root / relative).parent_path());
        std::ofstream(root / relative) << text;
    }
    [[nodiscard]] std::string path(const std::string& relative = "") const {
        return (relative.empty() ? root : root / relative).generic_string();
    }
};

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

// A module that uses a built-in reserved for the standard library.
const char* privileged = "module \"Own\"\nimport vn/case_record\n"
                         "definition first_article(o : offence) : law article = _law_article(o.law, o.article)\n";

const char* round_using_own = "decree \"R\"\nimport proj/own as own\ninput case : case_record\nimport vn/case_record\n"
                              "article 1\n  text \"t\"\n  requires true\n";

// The verdict of [program] on the case record in [json].
std::string verdict(const ir::program& program, const std::string& json) {
    simdjson::dom::parser parser;
    simdjson::dom::element e;
    REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
    auto rec = eval::decode(e, *program.input->rec);
    REQUIRE(rec.errors.empty());
    eval::decider ev(program);
    return std::string(eval::name(ev.decide(std::get<eval::record_ptr>(rec.record), eval::explained()).result));
}

}  // namespace

TEST_SUITE("stdlib dirs") {
    TEST_CASE("a module in a stdlib dir has the standard library's privileges, elsewhere it is E0212") {
        temp_dir t("privileges");
        t.write("lib/proj/own.decree", privileged);
        t.write("search/proj/own.decree", privileged);
        t.write("round.decree", round_using_own);
        compile_options in_stdlib;
        in_stdlib.stdlib_dirs = {t.path("lib")};
        in_stdlib.lints = false;
        auto ok = compile_file(t.path("round.decree"), in_stdlib);
        CHECK(codes(*ok) == "");
        CHECK(ok->ok());
        compile_options in_search;
        in_search.search_path = {t.path("search")};
        in_search.lints = false;
        auto refused = compile_file(t.path("round.decree"), in_search);
        CHECK(codes(*refused) == "E0212 ");
        // The file itself, imported relatively.
        t.write("own.decree", privileged);
        t.write("relative.decree", "decree \"R\"\nimport \"own.decree\" as own\n");
        auto relative = compile_file(t.path("relative.decree"), in_stdlib);
        CHECK(codes(*relative) == "E0212 ");
    }
    TEST_CASE("errors in a stdlib dir module name its file") {
        temp_dir t("names");
        t.write("lib/proj/own.decree", "module \"Own\"\ndefinition x : integer = y\n");
        t.write("round.decree", "decree \"R\"\nimport proj/own\n");
        compile_options o;
        o.stdlib_dirs = {t.path("lib")};
        o.lints = false;
        auto c = compile_file(t.path("round.decree"), o);
        INFO(codes(*c));
        REQUIRE(c->diagnostics.all().size() == 1);
        const auto& d = c->diagnostics.all().front();
        CHECK(c->sources.get(d.primary.file).name() == t.path("lib") + "/proj/own.decree");
    }
    TEST_CASE("a copy in a stdlib dir shadows the embedded module, and its relative imports read the dir") {
        temp_dir t("shadow");
        // vn/dac_xa_chung shadowed by a module whose value comes from a relative import in the dir.
        t.write("lib/vn/dac_xa_chung.decree", "module \"Copy\"\nimport \"./limit.decree\" as limit\n"
                                              "parameter min_term : duration = limit.value\n");
        t.write("lib/vn/limit.decree", "module \"Limit\"\nparameter value : duration = 3 years\n");
        const std::string round = "decree \"R\"\nimport vn/dac_xa_chung as chung\n"
                                  "record c { term : duration }\ninput case : c\n"
                                  "article 1\n  text \"t\"\n  requires case.term >= chung.min_term\n";
        t.write("round.decree", round);
        compile_options o;
        o.stdlib_dirs = {t.path("lib")};
        auto c = compile_file(t.path("round.decree"), o);
        INFO(codes(*c));
        REQUIRE(c->ok());
        CHECK(verdict(*c->program, R"({"term": {"years": 4}})") == "eligible");
        CHECK(verdict(*c->program, R"({"term": {"years": 2}})") == "not_eligible");
        // The relative import read the dir's vn/limit, a standard-library module like its importer.
        const auto limit = std::find_if(c->program->modules.begin(), c->program->modules.end(),
                                        [](const ir::module_info& m) { return m.path == "vn/limit"; });
        REQUIRE(limit != c->program->modules.end());
        CHECK(limit->is_stdlib);
        // Without the dir the embedded module has no `min_term`.
        CHECK(!compile_file(t.path("round.decree"))->ok());
    }
}
