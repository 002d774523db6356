// decreec test: runs the tests written beside decrees. `<round>.test.jsonl` next to
// `<round>.decree` holds one test per line (docs/language.md §8.3):
//   {"name": "...", "source": "...", "case": "../../cases/x.json" | {inline record},
//    "verdict": "...", "failed": [...], "applied": [...], "missing": [...], "facts": {"served": "..."}}
// A case file is named relative to the test file. `failed`, `applied` and `missing` are
// compared as sets when present; `facts` by value with the values the explanation uses. Any
// other key is an error. With --coverage, every provision of the decree is reported with how
// often its rule held and did not hold over the tests.
#include <simdjson.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "eval/decide.hpp"
#include "report.hpp"

namespace decree::cli {

namespace {

namespace fs = std::filesystem;

// A test file or a case file: a regular file (never a FIFO, device or directory) of at most
// max_source_bytes.
std::optional<std::string> read(const std::string& path, decree::text* why = nullptr) {
    auto text = read_source(path, why);
    if (text && text->size() > max_source_bytes) {
        if (why != nullptr) *why = say(msg::cli_larger_than_limit, {std::size_t{max_source_bytes >> 20}});
        return std::nullopt;
    }
    return text;
}

// Every *.test.jsonl under the current directory, skipping build trees and hidden folders.
std::vector<std::string> find_tests() {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(".", ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const auto name = it->path().filename().string();
        if (it->is_directory() && (name.starts_with(".") || name.starts_with("build") || name == "node_modules")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && name.ends_with(".test.jsonl")) out.push_back(it->path().lexically_normal().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The keys of a test, in the order of the documentation.
constexpr std::array<std::string_view, 8> test_keys = {"name", "source", "case", "verdict", "failed", "applied", "missing", "facts"};

// Reads a whole number at [s]: the digits, or nothing.
std::optional<big_int> whole(std::string_view s) {
    if (s.empty() || s.size() > 60 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return big_int(std::string(s));
}

std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        const auto b = i;
        while (i < s.size() && s[i] != ' ') ++i;
        if (i > b) out.push_back(s.substr(b, i - b));
    }
    return out;
}

// [text] as a duration: "4 years", "4 năm 0 tháng", "1 year 15 days", in either language.
std::optional<duration> duration_of(std::string_view text) {
    const auto ws = words_of(text);
    if (ws.empty() || ws.size() % 2 != 0) return std::nullopt;
    duration d;
    for (std::size_t i = 0; i < ws.size(); i += 2) {
        const auto n = whole(ws[i]);
        if (!n) return std::nullopt;
        const auto u = ws[i + 1];
        if (u == "years" || u == "year" || u == "năm") {
            d.months += *n * 12;
        } else if (u == "months" || u == "month" || u == "tháng") {
            d.months += *n;
        } else if (u == "days" || u == "day" || u == "ngày") {
            d.days += *n;
        } else {
            return std::nullopt;
        }
    }
    return d;
}

// [text] as a number: "3", "1/3", "2.5", "50,000,000 VND", "50.000.000 đồng" (money: the
// thousands separators of either language).
std::optional<rational> number_of(std::string_view text, bool money) {
    std::string s(text);
    for (const std::string_view unit : {" VND", " đồng"}) {
        if (s.size() > unit.size() && s.ends_with(unit)) s.resize(s.size() - unit.size());
    }
    if (money) std::erase_if(s, [](char c) { return c == ',' || c == '.'; });
    if (const auto slash = s.find('/'); slash != std::string::npos) {
        const auto a = whole(std::string_view(s).substr(0, slash));
        const auto b = whole(std::string_view(s).substr(slash + 1));
        if (!a || !b || *b == 0) return std::nullopt;
        return rational(*a, *b);
    }
    if (const auto dot = s.find('.'); dot != std::string::npos) {
        const auto a = whole(std::string_view(s).substr(0, dot));
        const auto f = std::string_view(s).substr(dot + 1);
        const auto b = whole(f);
        if (!a || !b) return std::nullopt;
        return rational(*a) + rational(*b, boost::multiprecision::pow(big_int(10), static_cast<unsigned>(f.size())));
    }
    if (const auto a = whole(s)) return rational(*a);
    return std::nullopt;
}

// Whether [expected], as a test writes it, is the value [v] of type [t]: its display in
// either language, or the same value spelt otherwise ("4 years" for 4 years 0 months 0 days,
// "31/08/2025" for 2025-08-31, "1/2" for 0.5, an enumeration's label for its value).
bool same_fact(const eval::value& v, const ir::type* t, std::string_view expected) {
    if (expected == eval::display(v, t, eval::language::en) || expected == eval::display(v, t, eval::language::vi)) return true;
    const bool money = t != nullptr && t->kind == ir::tkind::money;
    if (const auto* d = std::get_if<duration>(&v)) {
        const auto e = duration_of(expected);
        return e && *e == *d;
    }
    if (const auto* d = std::get_if<date>(&v)) return expected == d->iso() || expected == d->vietnamese();
    if (const auto* n = std::get_if<big_int>(&v)) {
        const auto e = number_of(expected, money);
        return e && *e == rational(*n);
    }
    if (const auto* r = std::get_if<rational>(&v)) {
        const auto e = number_of(expected, money);
        return e && *e == *r;
    }
    if (const auto* b = std::get_if<bool>(&v)) {
        return *b ? (expected == "true" || expected == "đúng") : (expected == "false" || expected == "sai");
    }
    if (const auto* s = std::get_if<std::string>(&v)) return expected == *s;
    if (const auto* e = std::get_if<ir::enum_value>(&v); e != nullptr && e->en != nullptr) {
        const auto i = static_cast<std::size_t>(e->index);
        return expected == e->en->variants[i] || (!e->en->labels[i].empty() && expected == e->en->labels[i]);
    }
    return false;
}

std::vector<std::string> strings(const simdjson::dom::element& e) {
    std::vector<std::string> out;
    if (e.type() != simdjson::dom::element_type::ARRAY) return out;
    for (auto x : simdjson::dom::array(e)) {
        if (x.type() == simdjson::dom::element_type::STRING) out.emplace_back(std::string_view(x));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string list(const std::vector<std::string>& xs) {
    std::string out = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + xs[i];
    return out + "]";
}

// How often each rule held or not over the tests of one decree.
struct coverage {
    std::map<std::uint32_t, std::map<eval::rule_status, std::size_t>> rules;
    std::map<std::uint32_t, std::size_t> exceptions_applied;
};

struct test_file_result {
    std::size_t passed = 0, failed = 0;
    bool broken = false;  // the decree or the file could not be used
};

class tester {
public:
    tester(std::ostream& out, std::ostream& err, const environment& env, bool with_coverage)
        : m_out(out), m_err(err), m_env(env), m_coverage(with_coverage) {}

    test_file_result run(const std::string& path) {
        test_file_result res;
        const std::string decree_path = path.substr(0, path.size() - std::string(".test.jsonl").size()) + ".decree";
        decree::text why;
        const auto lang = m_env.messages();
        auto text = read(path, &why);
        if (!text) {
            m_err << say(msg::file_error, {path, cannot_read_text(why)}).in(lang) << "\n";
            res.broken = true;
            return res;
        }
        int code = ok;
        auto comp = load_decree(decree_path, m_err, m_env, code, true, render_style::short_);
        if (!comp) {
            m_err << say(msg::file_error, {path, say(msg::cli_test_cannot_use, {decree_path})}).in(lang) << "\n";
            res.broken = true;
            return res;
        }
        const auto& prog = *comp->program;
        m_dir = fs::path(path).parent_path();
        eval::decider ev(prog);
        coverage cov;
        std::istringstream lines(*text);
        std::string line;
        std::size_t n = 0;
        while (std::getline(lines, line)) {
            ++n;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            const std::string where = fmt::format("{}:{}", path, n);
            std::vector<std::string> problems;
            std::string name = say(msg::test_unnamed).in(lang);
            std::optional<eval::case_result> actual;
            run_one(line, *comp, ev, cov, name, problems, actual, lang);
            if (problems.empty()) {
                ++res.passed;
                continue;
            }
            ++res.failed;
            m_out << say(msg::test_fail, {where, name}).in(lang) << "\n";
            for (const auto& p : problems) m_out << "    " << p << "\n";
            if (actual) {
                m_out << "    " << say(msg::test_actual_explanation).in(lang) << "\n";
                std::istringstream t(eval::render_text(*actual, prog, comp->sources, lang, true));
                std::string tl;
                while (std::getline(t, tl)) m_out << "      " << tl << "\n";
            }
        }
        if (m_coverage) report_coverage(decree_path, prog, cov, res.passed + res.failed, lang);
        return res;
    }

private:
    void run_one(const std::string& line, const compilation& comp,
                 eval::decider& ev, coverage& cov, std::string& name, std::vector<std::string>& problems,
                 std::optional<eval::case_result>& actual, language lang) {
        auto problem = [&](const text& t) { problems.push_back(t.in(lang)); };
        simdjson::dom::element t;
        if (m_parser.parse(line).get(t) != simdjson::SUCCESS || t.type() != simdjson::dom::element_type::OBJECT) {
            problem(say(msg::test_not_an_object));
            return;
        }
        if (auto v = t["name"]; !v.error() && v.value().is_string()) name = std::string(std::string_view(v.value()));
        for (auto [key, value] : simdjson::dom::object(t)) {
            if (std::find(test_keys.begin(), test_keys.end(), key) == test_keys.end()) {
                std::string known;
                for (const auto k : test_keys) known += (known.empty() ? "" : ", ") + std::string(k);
                problem(say(msg::test_unknown_key, {std::string(key), known}));
            }
        }
        if (!problems.empty()) return;
        auto c = t["case"];
        auto want = t["verdict"];
        if (c.error() || want.error() || !want.value().is_string()) {
            problem(say(msg::test_needs_case_and_verdict));
            return;
        }
        // The case: a file name, or the record itself.
        std::string record_text;
        if (c.value().is_string()) {
            // Relative to the test file, from whatever directory the tests run.
            const fs::path named(std::string(std::string_view(c.value())));
            const auto file = named.is_absolute() ? named : (m_dir / named).lexically_normal();
            auto r = read(file.string());
            if (!r) {
                problem(say(msg::test_cannot_read_case, {named.string(), file.string()}));
                return;
            }
            record_text = std::move(*r);
        } else {
            record_text = simdjson::minify(c.value());
        }
        // Keep the test's own element alive: parse the case with a second parser.
        simdjson::dom::element rec;
        if (m_case_parser.parse(record_text).get(rec) != simdjson::SUCCESS || rec.type() != simdjson::dom::element_type::OBJECT) {
            problem(say(msg::test_case_not_an_object));
            return;
        }
        eval::case_result r;
        ev.decide(rec, eval::explained(), r);
        const std::string got(eval::name(r.outcome.result));
        const std::string expected(std::string_view(want.value()));
        if (got != expected) {
            problems.push_back(say(msg::test_verdict_differs, {expected, got}).in(lang) +
                               (r.outcome.error.empty() ? "" : " (" + eval::error_text(r.outcome, comp.sources).in(lang) + ")"));
        }
        auto compare = [&](const char* key, std::vector<std::string> actual_list) {
            auto e = t[key];
            if (e.error()) return;
            auto exp = strings(e.value());
            std::sort(actual_list.begin(), actual_list.end());
            if (exp != actual_list) problem(say(msg::test_list_differs, {std::string(key), list(exp), list(actual_list)}));
        };
        compare("failed", r.outcome.failed);
        compare("applied", r.outcome.applied);
        compare("missing", r.outcome.missing);
        if (auto facts = t["facts"]; !facts.error() && facts.value().type() == simdjson::dom::element_type::OBJECT) {
            std::map<std::string, const eval::fact*> seen;
            for (const auto& step : r.outcome.trace) {
                for (const auto& f : step.facts) seen.emplace(f.name, &f);
            }
            for (auto [key, value] : simdjson::dom::object(facts.value())) {
                const std::string k(key);
                if (!value.is_string()) {
                    problem(say(msg::test_value_as_string, {k}));
                    continue;
                }
                const std::string v{std::string_view(value)};
                auto it = seen.find(k);
                if (it == seen.end()) {
                    problem(say(msg::test_value_not_used, {k, v}));
                } else if (!same_fact(it->second->v, it->second->ty, v)) {
                    problem(say(msg::test_value_differs, {k, v, eval::display(it->second->v, it->second->ty, lang)}));
                }
            }
        } else if (!facts.error()) {
            problem(say(msg::test_facts_object));
        }
        for (const auto& step : r.outcome.trace) {
            ++cov.rules[step.rule][step.status];
            for (const auto a : step.applied) ++cov.exceptions_applied[a];
        }
        actual = std::move(r);
    }

    void report_coverage(const std::string& decree_path, const ir::program& prog, const coverage& cov, std::size_t tests,
                         language lang) {
        m_out << say(msg::test_coverage_of, {decree_path, say_count(msg::n_tests, tests)}).in(lang) << "\n";
        std::size_t both = 0, total = 0;
        std::vector<std::string> no_text, no_rule;
        for (std::size_t i = 0; i < prog.provisions.size(); ++i) {
            const auto& p = prog.provisions[i];
            if (p.module != 0) continue;
            const auto& citation = lang == language::vi ? p.citation_vi : p.citation_en;
            if (p.rules.empty() && p.children.empty()) no_rule.push_back(citation);
            for (const auto r : p.rules) {
                const auto& rule = prog.rules[r];
                std::string line = fmt::format("  {:<26} ", citation);
                if (rule.kind == ir::rule_kind::exception) {
                    auto it = cov.exceptions_applied.find(r);
                    const std::size_t applied = it == cov.exceptions_applied.end() ? 0 : it->second;
                    line += say(msg::test_coverage_exception, {say_count(msg::n_tests, applied)}).in(lang);
                    ++total;
                    if (applied > 0) ++both;
                    m_out << line << (applied > 0 ? "" : say(msg::test_never_applied).in(lang)) << "\n";
                    continue;
                }
                const auto it = cov.rules.find(r);
                auto count = [&](eval::rule_status s) {
                    if (it == cov.rules.end()) return std::size_t{0};
                    auto f = it->second.find(s);
                    return f == it->second.end() ? std::size_t{0} : f->second;
                };
                const bool exclusion = rule.kind == ir::rule_kind::exclusion;
                const auto yes = count(exclusion ? eval::rule_status::applies : eval::rule_status::holds);
                const auto no = count(exclusion ? eval::rule_status::not_applies : eval::rule_status::fails);
                const auto unknown = count(eval::rule_status::unknown);
                const auto skipped = count(eval::rule_status::skipped);
                line += say(exclusion ? msg::test_coverage_exclusion : msg::test_coverage_condition, {yes, no, unknown, skipped}).in(lang);
                ++total;
                if (yes > 0 && no > 0) ++both;
                m_out << line << (yes > 0 && no > 0 ? "" : say(msg::test_not_both_ways).in(lang)) << "\n";
            }
            if (!p.rules.empty() && p.texts.empty()) no_text.push_back(citation);
        }
        m_out << say(msg::test_coverage_total, {both, total}).in(lang) << "\n";
        if (!no_rule.empty()) m_out << say(msg::test_provisions_without_rule, {list(no_rule)}).in(lang) << "\n";
        if (!no_text.empty()) m_out << say(msg::test_provisions_without_text, {list(no_text)}).in(lang) << "\n";
    }

    std::ostream& m_out;
    std::ostream& m_err;
    const environment& m_env;
    bool m_coverage;
    simdjson::dom::parser m_parser;
    simdjson::dom::parser m_case_parser;
    fs::path m_dir;  // of the test file being run: case files are relative to it
};

}  // namespace

int test_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    arguments given;
    if (const auto r = parse_arguments(*find_command("test"), args, given, out, err, env.messages()); r != parse_result::ok) {
        return r == parse_result::help ? ok : usage;
    }
    const bool with_coverage = given.has("--coverage");
    const auto& paths = given.operands;
    std::vector<std::string> files;
    if (paths.empty()) files = find_tests();
    for (const auto& p : paths) {
        if (p.ends_with(".test.jsonl")) {
            files.push_back(p);
        } else if (p.ends_with(".decree")) {
            files.push_back(p.substr(0, p.size() - 7) + ".test.jsonl");
        } else if (fs::is_directory(p)) {
            for (const auto& e : fs::recursive_directory_iterator(p)) {
                if (e.path().string().ends_with(".test.jsonl")) files.push_back(e.path().string());
            }
        } else {
            files.push_back(p);
        }
    }
    if (files.empty()) {
        err << say(msg::cli_test_no_files).in(env.messages()) << "\n";
        return usage;
    }
    tester t(out, err, env, with_coverage);
    std::size_t passed = 0, failed = 0;
    bool broken = false;
    for (const auto& f : files) {
        const auto r = t.run(f);
        passed += r.passed;
        failed += r.failed;
        broken = broken || r.broken;
    }
    out << say(msg::test_summary, {passed, failed}).in(env.messages()) << "\n";
    if (broken) return data_error;
    return failed > 0 ? exit_code::failed : ok;
}

}  // namespace decree::cli
