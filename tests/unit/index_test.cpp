// The source index (compile_options::index): what every name refers to, for the language server.
#include <doctest/doctest.h>

#include <string>

#include "decree/lang/front_end.hpp"

using namespace decree;

namespace {

const char* source = R"(decree "Index"
record person { name : string, term : duration, grades : list of grade }
enumeration grade { good "tốt", fair "khá" }
input case : person
-- The cut-off date.
parameter cutoff : date = 2025-08-31
definition third(p : person) : duration = 1/3 of p.term
article 3 "Conditions"
  clause 1
    point a
      text "All quarters good or fair"
      requires all g in case.grades: g = good or g = grade.fair
    point b
      requires between(2016-08-31, cutoff) >= third(case)
  clause 3
    exception to clause 1 point b when case.name = "x" requires true
)";

std::unique_ptr<compilation> indexed(const std::string& text) {
    compile_options o;
    o.index = true;
    return compile("index.decree", text, o);
}

// The symbol used at the [n]th occurrence of [what] in [text] (plus [shift] bytes).
const indexed_symbol* at(const compilation& c, const std::string& text, const std::string& what, int n = 0,
                         std::uint32_t shift = 0) {
    std::size_t pos = text.find(what);
    for (int i = 0; i < n && pos != std::string::npos; ++i) pos = text.find(what, pos + 1);
    REQUIRE(pos != std::string::npos);
    const auto* u = c.index.use_at(0, static_cast<std::uint32_t>(pos) + shift);
    return u == nullptr ? nullptr : &c.index.symbols[u->symbol];
}

}  // namespace

TEST_SUITE("index") {
    TEST_CASE("every use names its declaration, with kind and type") {
        const std::string text = source;
        const auto c = indexed(text);
        REQUIRE(c->ok());
        CHECK(c->index.parsed);
        CHECK(c->index.checked);
        CHECK(c->index.syntax.articles.size() == 1);

        const auto* s = at(*c, text, "cutoff)");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::parameter);
        CHECK(s->signature == "parameter cutoff : date = 2025-08-31");
        CHECK(s->decl.begin == text.find("cutoff :"));
        CHECK(s->extent.begin == text.find("parameter cutoff"));

        s = at(*c, text, "third(case)");
        REQUIRE(s != nullptr);
        CHECK(s->signature == "definition third(p : person) : duration");

        s = at(*c, text, "case.grades", 0, 6);
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::field);
        CHECK(s->owner == "person");
        CHECK(s->type == "list of grade");

        s = at(*c, text, "case.grades");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::input);
        REQUIRE(s->record != no_symbol);
        CHECK(c->index.symbols[s->record].name == "person");
        CHECK(c->index.symbols[s->record].members.size() == 3);

        s = at(*c, text, "g = good");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::local);
        CHECK(s->type == "grade");
        CHECK(s->scope.begin == text.find("all g in"));

        s = at(*c, text, "= good", 0, 2);
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::value);
        CHECK(s->doc.vi == "tốt");
        CHECK(s->decl.begin == text.find("good \"tốt\""));

        s = at(*c, text, "grade.fair", 0, 6);
        REQUIRE(s != nullptr);
        CHECK(s->signature == "grade.fair");
        s = at(*c, text, "grade.fair");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::enumeration);

        s = at(*c, text, "between");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::builtin);
        CHECK(s->decl.file == no_source);

        s = at(*c, text, "p.term", 0, 2);
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::field);

        s = at(*c, text, "list of grade", 0, 8);
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::enumeration);
    }

    TEST_CASE("a declaration names itself, exception targets name their provision") {
        const std::string text = source;
        const auto c = indexed(text);
        const auto* s = at(*c, text, "third(p");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::definition);
        CHECK(s->citation.empty());
        REQUIRE(c->index.provision_uses.size() == 1);
        const auto& pu = c->index.provision_uses.front();
        CHECK(text.substr(pu.where.begin, pu.where.end - pu.where.begin) == "clause 1 point b");
        CHECK(text.substr(pu.target.begin, pu.target.end - pu.target.begin) == "point b");
    }

    TEST_CASE("the names the root file sees, and imported modules") {
        const std::string text =
            "import vn/luat_dac_xa_2018 as luat\nimport vn/case_record\ninput case : case_record\n"
            "article 1\n  requires luat.served_fraction >= 1/3\n";
        const auto c = indexed(text);
        const auto* s = at(*c, text, "luat.served", 0, 1);
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::module);
        CHECK(s->name == "luat");
        CHECK(s->doc.in(language::vi).find("Luật Đặc xá 2018") == 0);
        CHECK(c->index.module_paths.at(s->module) == "vn/luat_dac_xa_2018");
        s = at(*c, text, "served_fraction");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::parameter);
        CHECK(s->citation == "Điều 11 khoản 1 điểm b Luật Đặc xá 2018");
        CHECK(c->index.module_paths.at(s->module) == "vn/luat_dac_xa_2018");
        bool sees_luat = false, sees_case = false, sees_between = false;
        for (const auto id : c->index.visible) {
            sees_luat = sees_luat || c->index.symbols[id].name == "luat";
            sees_case = sees_case || c->index.symbols[id].name == "case_record";
            sees_between = sees_between || c->index.symbols[id].name == "between";
        }
        CHECK(sees_luat);
        CHECK(sees_case);
        CHECK(sees_between);
    }

    TEST_CASE("with errors, as far as checking got, without the index, nothing") {
        const std::string text = "decree \"x\"\nparameter a : integer = b\nparameter c : date = 1\n";
        const auto c = indexed(text);
        CHECK(!c->ok());
        CHECK(c->index.checked);
        const auto* s = at(*c, text, "c :");
        REQUIRE(s != nullptr);
        CHECK(s->kind == symbol_kind::parameter);

        const auto broken = indexed("decree \"x\"\narticle\n");
        CHECK(!broken->index.parsed);
        CHECK(!broken->index.checked);
        CHECK(broken->index.symbols.empty());

        const auto missing = indexed("import vn/nothing\narticle 1\n  text \"t\"\n");
        CHECK(missing->index.parsed);
        CHECK(!missing->index.checked);
        CHECK(missing->index.syntax.articles.size() == 1);

        const auto plain = compile("x.decree", text);
        CHECK(plain->index.symbols.empty());
        CHECK(!plain->index.parsed);
    }
}
