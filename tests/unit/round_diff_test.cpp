// Two rounds compared (round_diff.hpp) and the `follows` check of `decreec check`.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "decree/lang/format.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/round_diff.hpp"

using namespace decree;

namespace {

// In-memory files, read by relative imports and `follows`.
struct files {
    std::map<std::string, std::string> by_name;
    std::vector<std::string> read;  // every name asked for

    std::unique_ptr<compilation> compile_one(const std::string& name, bool follow = false, bool lints = true) {
        compile_options o;
        o.check_follows = follow;
        o.lints = lints;
        o.read_file = [this](const std::string& path) -> std::optional<std::string> {
            read.push_back(path);
            if (auto it = by_name.find(path); it != by_name.end()) return it->second;
            return std::nullopt;
        };
        return compile(name, by_name.at(name), o);
    }
};

// The two rounds of most tests: in round 2, clause 2 of article 4 became clause 3 (same rule),
// a new clause 2 was added, clause 4 was dropped, the rule of point b of clause 1 of article 3
// was rewritten and the cut-off date moved.
const char* round_1 = R"(decree "Round 1"
  title "Round one"
  signed 2025-03-03

record person { priors : integer, served : integer, drugs : bool, weapon : bool, term : integer }
input case : person

article 1 "Cut-off"
  text "Time served counts up to 30/4/2025."
  parameter cutoff : date = 2025-04-30

article 3 "Conditions"
  clause 1
    text "Persons serving a sentence must meet all of:"
    point b
      text "Served at least a third of the term."
      requires case.served * 3 >= case.term and cutoff > 2025-01-01

article 4 "Exclusions"
  clause 2
    text "Two or more prior convictions."
    excludes when case.priors >= 2
  clause 4 "Drugs"
    text "Evidence of drug use."
    excludes when case.drugs
)";

const char* round_2 = R"(decree "Round 2"
  title "Round two"
  signed 2025-07-03
  follows "round_1.decree"

record person { priors : integer, served : integer, drugs : bool, weapon : bool, term : integer }
input case : person

article 1 "Cut-off"
  text "Time served counts up to 31/8/2025."
  parameter cutoff : date = 2025-08-31

article 3 "Conditions"
  clause 1
    text "Persons serving a sentence must meet all of:"
    point b
      text "Served at least a third of the term."
      requires case.served * 2 >= case.term and cutoff > 2025-01-01

article 4 "Exclusions"
  clause 2
    text "Robbery with a weapon."
    excludes when case.weapon
  clause 3
    text "Two or more prior convictions."
    excludes when case.priors >= 2
)";

std::string codes(const compilation& c) {
    std::string out;
    for (const auto& d : c.diagnostics.all()) out += std::string(info(d.id).id) + " ";
    return out;
}

int provision(const ir::program& p, const std::string& path) {
    for (std::uint32_t i = 0; i < p.provisions.size(); ++i) {
        if (p.provisions[i].module == 0 && rounds::path_of(p, i) == path) return static_cast<int>(i);
    }
    return -1;
}

const rounds::provision_change* entry(const rounds::comparison& c, rounds::change_kind k, const std::string& citation,
                                      const ir::program& a, const ir::program& b) {
    for (const auto& e : c.provisions) {
        if (e.kind != k) continue;
        const auto& cite = e.new_provision >= 0 ? b.provisions[static_cast<std::size_t>(e.new_provision)].citation_vi
                                                : a.provisions[static_cast<std::size_t>(e.old_provision)].citation_vi;
        if (cite == citation) return &e;
    }
    return nullptr;
}

struct pair_of_rounds {
    files fs;
    std::unique_ptr<compilation> a, b;
    rounds::comparison cmp;
    pair_of_rounds(const std::string& old_text, const std::string& new_text) {
        fs.by_name["round_1.decree"] = old_text;
        fs.by_name["round_2.decree"] = new_text;
        a = fs.compile_one("round_1.decree");
        b = fs.compile_one("round_2.decree");
        REQUIRE(a->ok());
        REQUIRE(b->ok());
        cmp = rounds::compare({*a->program, a->sources}, {*b->program, b->sources});
    }
    [[nodiscard]] const ir::program& old_program() const { return *a->program; }
    [[nodiscard]] const ir::program& new_program() const { return *b->program; }
};

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_SUITE("round diff") {
    TEST_CASE("texts are compared word by word") {
        CHECK(rounds::similarity("a b c d", "a b c d") == 100);
        CHECK(rounds::similarity("", "") == 100);
        CHECK(rounds::similarity("a b c d", "w x y z") == 0);
        CHECK(rounds::similarity("a b c d", "a b x d") == 75);
        const auto runs = rounds::word_diff("tính đến 30/4/2025.", "tính đến ngày 31/8/2025.");
        REQUIRE(runs.size() == 3);
        CHECK(runs[0].what == rounds::word_run::kind::same);
        CHECK(runs[1].what == rounds::word_run::kind::removed);
        CHECK(runs[1].words == std::vector<std::string>{"30/4/2025."});
        CHECK(runs[2].what == rounds::word_run::kind::added);
        CHECK(runs[2].words == std::vector<std::string>{"ngày", "31/8/2025."});
    }

    TEST_CASE("long texts are shortened by characters, not bytes") {
        CHECK(utf8_shorten("điều", 4) == "điều");
        CHECK(utf8_shorten("điều 4", 4) == "điều…");
        CHECK(utf8_shorten("", 0).empty());
    }

    TEST_CASE("a rule's text is compared without its layout, comments and assumption") {
        files fs;
        fs.by_name["x.decree"] = "record r { a : bool, b : bool }\ninput case : r\narticle 1\n  text \"t\"\n"
                                 "  requires case.a   -- first\n      and case.b\n    assumed \"why\"\n";
        const auto c = fs.compile_one("x.decree");
        REQUIRE(c->ok());
        CHECK(rounds::source_text(c->sources, c->program->rules.front().body) == "requires case.a and case.b");
    }

    TEST_CASE("a round in Vietnamese keywords is the same round as in English keywords") {
        source_manager sm;
        diagnostic_sink sink;
        const auto english = replace(round_1, "cutoff > 2025-01-01", "cutoff > 2025-01-01 + 1 year");
        const auto vi = format(sm.get(sm.add("round_1.decree", english)), sink, keyword_language::vi);
        REQUIRE(vi);
        REQUIRE(vi->find("loại trừ khi case.priors >= 2") != std::string::npos);
        pair_of_rounds r(english, *vi);
        CHECK(r.cmp.provisions.empty());
        CHECK(r.cmp.decls.empty());
        CHECK(r.cmp.header.empty());
        // Renumbered in Vietnamese keywords: still found by its rule.
        pair_of_rounds moved(english, replace(*vi, "khoản 2\n", "khoản 7\n"));
        REQUIRE(moved.cmp.provisions.size() == 1);
        CHECK(moved.cmp.provisions[0].kind == rounds::change_kind::moved);
        CHECK(moved.cmp.provisions[0].by_rules);
    }

    TEST_CASE("a renumbered provision is found by its rules and reported as moved") {
        pair_of_rounds r(round_1, round_2);
        const int old_2 = provision(r.old_program(), "4/2"), new_3 = provision(r.new_program(), "4/3");
        REQUIRE(old_2 >= 0);
        CHECK(r.cmp.old_to_new[static_cast<std::size_t>(old_2)] == new_3);
        const auto* moved = entry(r.cmp, rounds::change_kind::moved, "Điều 4 khoản 3", r.old_program(), r.new_program());
        REQUIRE(moved != nullptr);
        CHECK(moved->old_provision == old_2);
        CHECK(moved->by_rules);
        CHECK(moved->rules.empty());
        CHECK(entry(r.cmp, rounds::change_kind::added, "Điều 4 khoản 2", r.old_program(), r.new_program()) != nullptr);
        CHECK(entry(r.cmp, rounds::change_kind::removed, "Điều 4 khoản 4", r.old_program(), r.new_program()) != nullptr);
        // Not the old clause 2 matched with the new clause 2 at the same number: other text, other rule.
        CHECK(entry(r.cmp, rounds::change_kind::changed, "Điều 4 khoản 2", r.old_program(), r.new_program()) == nullptr);
    }

    TEST_CASE("a rule rewritten at the same number is a change of that rule") {
        pair_of_rounds r(round_1, round_2);
        const auto* e = entry(r.cmp, rounds::change_kind::changed, "Điều 3 khoản 1 điểm b", r.old_program(), r.new_program());
        REQUIRE(e != nullptr);
        CHECK_FALSE(e->by_rules);
        CHECK_FALSE(e->texts.changed());
        REQUIRE(e->rules.size() == 1);
        CHECK(e->rules[0].kind == ir::rule_kind::condition);
        CHECK(e->rules[0].text.before == "requires case.served * 3 >= case.term and cutoff > 2025-01-01");
        CHECK(e->rules[0].text.after == "requires case.served * 2 >= case.term and cutoff > 2025-01-01");
    }

    TEST_CASE("the header, the legal text and a parameter's value") {
        pair_of_rounds r(round_1, round_2);
        CHECK(r.cmp.header.title.before == "Round one");
        CHECK(r.cmp.header.title.after == "Round two");
        CHECK(r.cmp.header.signed_on.after == "2025-07-03");
        const auto* e = entry(r.cmp, rounds::change_kind::changed, "Điều 1", r.old_program(), r.new_program());
        REQUIRE(e != nullptr);
        CHECK(e->texts.before == "Time served counts up to 30/4/2025.");
        CHECK(e->texts.after == "Time served counts up to 31/8/2025.");
        REQUIRE(e->decls.size() == 1);
        CHECK(e->decls[0].name == "cutoff");
        CHECK(e->decls[0].value.before == "2025-04-30");
        CHECK(e->decls[0].value.after == "2025-08-31");
        // Unchanged provisions are not listed.
        CHECK(entry(r.cmp, rounds::change_kind::changed, "Điều 3 khoản 1", r.old_program(), r.new_program()) == nullptr);
    }

    TEST_CASE("the same number matches with the same title or mostly the same text, not otherwise") {
        const std::string a = round_1;
        SUBCASE("same title, other text and rule: the same provision, changed") {
            pair_of_rounds r(a, replace(replace(a, "Evidence of drug use.", "Sale of drugs."), "excludes when case.drugs",
                                        "excludes when case.drugs and case.weapon"));
            const auto* e = entry(r.cmp, rounds::change_kind::changed, "Điều 4 khoản 4", r.old_program(), r.new_program());
            REQUIRE(e != nullptr);
            CHECK(e->texts.changed());
            CHECK(e->rules.size() == 1);
        }
        SUBCASE("no title, other text and rule: removed and added") {
            const auto untitled = replace(a, "clause 4 \"Drugs\"", "clause 4");
            pair_of_rounds r(untitled, replace(replace(untitled, "Evidence of drug use.", "Robbery with a weapon."),
                                               "excludes when case.drugs", "excludes when case.weapon"));
            CHECK(entry(r.cmp, rounds::change_kind::removed, "Điều 4 khoản 4", r.old_program(), r.new_program()) != nullptr);
            CHECK(entry(r.cmp, rounds::change_kind::added, "Điều 4 khoản 4", r.old_program(), r.new_program()) != nullptr);
        }
        SUBCASE("no title, mostly the same text: changed") {
            const auto untitled = replace(a, "clause 4 \"Drugs\"", "clause 4");
            pair_of_rounds r(untitled, replace(replace(untitled, "Evidence of drug use.", "Evidence of illegal drug use."),
                                               "excludes when case.drugs", "excludes when case.drugs and case.term > 1"));
            CHECK(entry(r.cmp, rounds::change_kind::changed, "Điều 4 khoản 4", r.old_program(), r.new_program()) != nullptr);
        }
    }

    TEST_CASE("a value written differently is the same value") {
        const std::string a = replace(round_1, "parameter cutoff : date = 2025-04-30",
                                      "parameter cutoff : date = 2025-04-30\n  parameter cap : duration = 1 year");
        pair_of_rounds same(a, replace(a, "cap : duration = 1 year", "cap : duration = 12 months"));
        CHECK(same.cmp.provisions.empty());
        pair_of_rounds other(a, replace(a, "cap : duration = 1 year", "cap : duration = 13 months"));
        REQUIRE(other.cmp.provisions.size() == 1);
        REQUIRE(other.cmp.provisions[0].decls.size() == 1);
        CHECK(other.cmp.provisions[0].decls[0].value.after == "13 months");
    }

    TEST_CASE("set values, matched by module and name") {
        files fs;
        fs.by_name["law.decree"] = "module \"Law\"\narticle 11\n  clause 1\n    parameter share : fraction at least 1/3\n";
        const std::string a = "decree \"A\"\nimport \"law.decree\" as law\nset law.share = 1/3\n";
        fs.by_name["a.decree"] = a;
        fs.by_name["b.decree"] = replace(replace(a, "law.decree\" as law", "law.decree\" as luat"), "set law.share = 1/3",
                                         "set luat.share = 1/2\n  assumed \"stricter\"");
        const auto x = fs.compile_one("a.decree"), y = fs.compile_one("b.decree");
        REQUIRE(x->ok());
        REQUIRE(y->ok());
        const auto c = rounds::compare({*x->program, x->sources}, {*y->program, y->sources});
        REQUIRE(c.sets.size() == 1);
        CHECK(c.sets[0].name == "luat.share");
        CHECK(c.sets[0].value.before == "1/3");
        CHECK(c.sets[0].value.after == "1/2");
        CHECK(c.sets[0].assumed.after == "stricter");
        CHECK(c.provisions.empty());
    }

    TEST_CASE("a declaration that moves out of its provision is listed with the declarations") {
        const std::string a = replace(round_1, "parameter cutoff : date = 2025-04-30", "parameter cutoff : date = 2025-04-30\n  parameter cap : integer = 8");
        pair_of_rounds r(a, replace(a, "\n  parameter cap : integer = 8", "") + "\nparameter cap : integer = 8\n");
        REQUIRE(r.cmp.decls.size() == 1);
        CHECK(r.cmp.decls[0].name == "cap");
        CHECK(r.cmp.decls[0].place_vi.before == "Điều 1");
        CHECK_FALSE(r.cmp.decls[0].place_vi.after.has_value());
        CHECK_FALSE(r.cmp.decls[0].value.changed());
    }
}

TEST_SUITE("follows") {
    TEST_CASE("an exclusion of the followed round that is not carried over is warned about at `follows`") {
        files fs;
        fs.by_name["round_1.decree"] = round_1;
        fs.by_name["round_2.decree"] = round_2;
        const auto c = fs.compile_one("round_2.decree", true);
        CHECK(codes(*c) == "W0107 ");
        REQUIRE(c->diagnostics.all().size() == 1);
        const auto& d = c->diagnostics.all().front();
        CHECK(d.message.en ==
              "provision `Điều 4 khoản 4` of the followed round `round_1.decree` (excludes when case.drugs) is not carried over and not omitted");
        CHECK(d.hint.en == "carry it over, or say why it was left out: `omits article 4 clause 4 \"reason, with the source that says it was lifted\"`");
        const auto& src = c->sources.get(d.primary.file);
        CHECK(src.text().substr(d.primary.begin, d.primary.end - d.primary.begin) == "follows \"round_1.decree\"");
        REQUIRE(d.labels.size() == 1);
        CHECK(c->sources.get(d.labels[0].where.file).name() == "round_1.decree");
        CHECK(c->sources.get(d.labels[0].where.file).position(d.labels[0].where.begin).line == 23);
        CHECK(c->ok());  // warnings only
    }

    TEST_CASE("an omitted provision is not warned about, nor are its points") {
        files fs;
        fs.by_name["round_1.decree"] = replace(round_1, "    excludes when case.drugs\n",
                                               "    excludes when case.drugs\n    point a\n      text \"Sale.\"\n      excludes when case.drugs and case.weapon\n");
        fs.by_name["round_2.decree"] = replace(round_2, "follows \"round_1.decree\"",
                                               "follows \"round_1.decree\"\n  omits article 4 clause 4 \"lifted by round 2 (press)\"");
        const auto c = fs.compile_one("round_2.decree", true);
        CHECK(codes(*c) == "");
    }

    TEST_CASE("a provision carried over without its exclusion is warned about") {
        files fs;
        fs.by_name["round_1.decree"] = round_1;
        fs.by_name["round_2.decree"] = std::string(round_2) + "  clause 4 \"Drugs\"\n    text \"Evidence of drug use.\"\n    requires not case.weapon\n";
        const auto c = fs.compile_one("round_2.decree", true);
        REQUIRE(codes(*c) == "W0107 ");
        CHECK(c->diagnostics.all().front().message.en ==
              "provision `Điều 4 khoản 4` of the followed round `round_1.decree` (excludes when case.drugs) is carried over as "
              "`Điều 4 khoản 4` without its exclusion, and not omitted");
    }

    TEST_CASE("an omits that names nothing, what is carried over, or a provision twice") {
        files fs;
        fs.by_name["round_1.decree"] = round_1;
        fs.by_name["round_2.decree"] = replace(round_2, "follows \"round_1.decree\"",
                                               "follows \"round_1.decree\"\n  omits article 4 clause 4 \"lifted\"\n"
                                               "  omits article 4 clause 9 \"no such clause\"\n  omits article 4 clause 2 \"renumbered, not lifted\"\n"
                                               "  omits article 4 clause 4 \"again\"");
        const auto c = fs.compile_one("round_2.decree", true);
        REQUIRE(codes(*c) == "W0108 W0108 W0108 ");
        const auto& ds = c->diagnostics.all();
        CHECK(ds[0].message.en == "`omits` names `Điều 4 khoản 9`, which the followed round `round_1.decree` does not have");
        CHECK(ds[1].message.en == "`omits` names `Điều 4 khoản 2` of the followed round `round_1.decree`, which is carried over as `Điều 4 khoản 3`");
        CHECK(ds[2].message.en == "`Điều 4 khoản 4` is omitted twice");
    }

    TEST_CASE("a followed round that cannot be read or does not check is an error at `follows`") {
        files fs;
        fs.by_name["dir/round_2.decree"] = round_2;
        SUBCASE("missing: read beside the decree") {
            const auto c = fs.compile_one("dir/round_2.decree", true);
            CHECK(codes(*c) == "E0219 ");
            CHECK(c->diagnostics.all().front().message.en == "cannot read the followed round `round_1.decree`");
            CHECK(std::find(fs.read.begin(), fs.read.end(), "dir/round_1.decree") != fs.read.end());
            CHECK_FALSE(c->ok());
        }
        SUBCASE("with errors: reported as they are, and at `follows`") {
            fs.by_name["dir/round_1.decree"] = replace(round_1, "case.drugs\n", "case.drug\n");
            const auto c = fs.compile_one("dir/round_2.decree", true);
            CHECK(codes(*c) == "E0220 E0204 ");
            CHECK(c->diagnostics.all()[0].message.en == "the followed round `round_1.decree` has 1 error");
            CHECK(c->sources.get(c->diagnostics.all()[1].primary.file).name() == "dir/round_1.decree");
        }
    }

    TEST_CASE("without check_follows, or without lints, nothing is warned about") {
        files fs;
        fs.by_name["round_1.decree"] = round_1;
        fs.by_name["round_2.decree"] = round_2;
        CHECK(codes(*fs.compile_one("round_2.decree", false)) == "");
        CHECK(fs.read.empty());
        CHECK(codes(*fs.compile_one("round_2.decree", true, false)) == "");
    }

    TEST_CASE("the hint is written in the keywords of the header") {
        files fs;
        fs.by_name["round_1.decree"] = round_1;
        fs.by_name["round_2.decree"] = replace(round_2, "follows \"round_1.decree\"", "kế tiếp \"round_1.decree\"");
        const auto c = fs.compile_one("round_2.decree", true);
        REQUIRE(codes(*c) == "W0107 ");
        CHECK(c->diagnostics.all().front().hint.en ==
              "carry it over, or say why it was left out: `bỏ điều 4 khoản 4 \"lý do, và nguồn cho biết đã bỏ\"`");
    }
}
