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
#include "cli/output.hpp"
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

// Every *.test.jsonl under [dir] (sorted), skipping, when [prune], build trees and hidden
// folders, and never following a symbolic link to a folder (no loops). An entry that cannot be
// read (a folder without permission, a link to an unreadable target) is skipped with a warning:
// the run goes on.
void find_tests(const fs::path& dir, bool prune, std::vector<std::string>& out, std::vector<text>& warnings, int depth = 0) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        warnings.push_back(say(msg::test_skipped_entry, {dir.lexically_normal().string(), os_reason(ec.value())}));
        return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            warnings.push_back(say(msg::test_skipped_entry, {dir.lexically_normal().string(), os_reason(ec.value())}));
            break;
        }
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) { return x.path() < y.path(); });
    for (const auto& e : entries) {
        const auto name = e.path().filename().string();
        const auto where = e.path().lexically_normal().string();
        std::error_code lec, sec;
        const bool link = e.is_symlink(lec);
        const auto st = e.status(sec);  // through a symbolic link
        if (sec) {
            warnings.push_back(say(msg::test_skipped_entry, {where, os_reason(sec.value())}));
            continue;
        }
        if (fs::is_directory(st)) {
            if (link || depth >= 64) continue;
            if (prune && (name.starts_with(".") || name.starts_with("build") || name == "node_modules")) continue;
            find_tests(e.path(), prune, out, warnings, depth + 1);
        } else if (fs::is_regular_file(st) && name.ends_with(".test.jsonl")) {
            out.push_back(where);
        }
    }
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

// One test and how it went.
struct test_outcome {
    std::size_t line = 0;
    std::string name;
    std::string expected;  // the verdict the test expects, when it says one
    std::optional<std::string> verdict;  // the verdict given, when the case was decided
    std::vector<text> problems;  // none: it passed
    std::string explanation;  // the actual explanation of a failed test, in the output's language
};

// One provision's rule over the tests of a decree.
struct coverage_row {
    std::string citation_vi, citation_en;
    ir::rule_kind kind = ir::rule_kind::condition;
    std::size_t yes = 0, no = 0, unknown = 0, skipped = 0, applied = 0;
    [[nodiscard]] bool exercised() const { return kind == ir::rule_kind::exception ? applied > 0 : yes > 0 && no > 0; }
};

struct test_file_result {
    std::string file;
    std::size_t passed = 0, failed = 0;
    bool broken = false;  // the decree or the file could not be used
    text problem;         // why, when broken
    std::string diagnostics;  // the decree's errors, when it is why
    std::vector<test_outcome> tests;
    std::vector<coverage_row> coverage;
    std::vector<std::string> no_rule_vi, no_rule_en, no_text_vi, no_text_en;
};

class tester {
public:
    tester(const environment& env, bool with_coverage) : m_env(env), m_coverage(with_coverage) {}

    test_file_result run(const std::string& path) {
        test_file_result res;
        res.file = path;
        const std::string decree_path = path.substr(0, path.size() - std::string(".test.jsonl").size()) + ".decree";
        decree::text why;
        const auto lang = m_env.messages();
        auto text = read(path, &why);
        if (!text) {
            res.problem = say(msg::file_error, {path, cannot_read_text(why)});
            res.broken = true;
            return res;
        }
        int code = ok;
        std::ostringstream diagnostics;
        auto comp = load_decree(decree_path, diagnostics, m_env, code, true, render_style::short_);
        if (!comp) {
            res.problem = say(msg::file_error, {path, say(msg::cli_test_cannot_use, {decree_path})});
            res.diagnostics = diagnostics.str();
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
            test_outcome t;
            t.line = n;
            t.name = say(msg::test_unnamed).in(lang);
            std::optional<eval::case_result> actual;
            run_one(line, *comp, ev, cov, t, actual);
            if (actual) t.verdict = std::string(eval::name(actual->outcome.result));
            if (t.problems.empty()) {
                ++res.passed;
            } else {
                ++res.failed;
                if (actual) t.explanation = eval::render_text(*actual, prog, comp->sources, lang, true);
            }
            res.tests.push_back(std::move(t));
        }
        if (m_coverage) measure_coverage(prog, cov, res);
        return res;
    }

private:
    void run_one(const std::string& line, const compilation& comp, eval::decider& ev, coverage& cov, test_outcome& out,
                 std::optional<eval::case_result>& actual) {
        auto& problems = out.problems;
        auto& name = out.name;
        auto problem = [&](const text& t) { problems.push_back(t); };
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
        out.expected = expected;
        if (got != expected) {
            auto differs = say(msg::test_verdict_differs, {expected, got});
            if (!r.outcome.error.empty()) differs += text{" (", " ("} + eval::error_text(r.outcome, comp.sources) + text{")", ")"};
            problems.push_back(differs);
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
                    problem(say(msg::test_value_differs, {k, v,
                                                          text{eval::display(it->second->v, it->second->ty, language::en),
                                                               eval::display(it->second->v, it->second->ty, language::vi)}}));
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

    static void measure_coverage(const ir::program& prog, const coverage& cov, test_file_result& res) {
        for (std::size_t i = 0; i < prog.provisions.size(); ++i) {
            const auto& p = prog.provisions[i];
            if (p.module != 0) continue;
            if (p.rules.empty() && p.children.empty()) {
                res.no_rule_vi.push_back(p.citation_vi);
                res.no_rule_en.push_back(p.citation_en);
            }
            for (const auto r : p.rules) {
                coverage_row row{p.citation_vi, p.citation_en, prog.rules[r].kind};
                if (row.kind == ir::rule_kind::exception) {
                    const auto it = cov.exceptions_applied.find(r);
                    row.applied = it == cov.exceptions_applied.end() ? 0 : it->second;
                } else {
                    const auto it = cov.rules.find(r);
                    auto count = [&](eval::rule_status st) {
                        if (it == cov.rules.end()) return std::size_t{0};
                        const auto f = it->second.find(st);
                        return f == it->second.end() ? std::size_t{0} : f->second;
                    };
                    const bool exclusion = row.kind == ir::rule_kind::exclusion;
                    row.yes = count(exclusion ? eval::rule_status::applies : eval::rule_status::holds);
                    row.no = count(exclusion ? eval::rule_status::not_applies : eval::rule_status::fails);
                    row.unknown = count(eval::rule_status::unknown);
                    row.skipped = count(eval::rule_status::skipped);
                }
                res.coverage.push_back(std::move(row));
            }
            if (!p.rules.empty() && p.texts.empty()) {
                res.no_text_vi.push_back(p.citation_vi);
                res.no_text_en.push_back(p.citation_en);
            }
        }
    }

    const environment& m_env;
    bool m_coverage;
    simdjson::dom::parser m_parser;
    simdjson::dom::parser m_case_parser;
    fs::path m_dir;  // of the test file being run: case files are relative to it
};

}  // namespace

namespace {

// The text of `decreec test`: a FAIL block per failed test, then the coverage.
void print_text(const test_file_result& r, std::ostream& out, language lang) {
    for (const auto& t : r.tests) {
        if (t.problems.empty()) continue;
        out << say(msg::test_fail, {fmt::format("{}:{}", r.file, t.line), t.name}).in(lang) << "\n";
        for (const auto& p : t.problems) out << "    " << p.in(lang) << "\n";
        if (t.explanation.empty()) continue;
        out << "    " << say(msg::test_actual_explanation).in(lang) << "\n";
        std::istringstream lines(t.explanation);
        std::string line;
        while (std::getline(lines, line)) out << "      " << line << "\n";
    }
}

void print_coverage(const test_file_result& r, const std::string& decree_path, std::ostream& out, language lang) {
    out << say(msg::test_coverage_of, {decree_path, say_count(msg::n_tests, r.tests.size())}).in(lang) << "\n";
    std::size_t both = 0;
    for (const auto& row : r.coverage) {
        std::string line = fmt::format("  {:<26} ", lang == language::vi ? row.citation_vi : row.citation_en);
        if (row.kind == ir::rule_kind::exception) {
            line += say(msg::test_coverage_exception, {say_count(msg::n_tests, row.applied)}).in(lang);
            if (!row.exercised()) line += say(msg::test_never_applied).in(lang);
        } else {
            line += say(row.kind == ir::rule_kind::exclusion ? msg::test_coverage_exclusion : msg::test_coverage_condition,
                        {row.yes, row.no, row.unknown, row.skipped})
                        .in(lang);
            if (!row.exercised()) line += say(msg::test_not_both_ways).in(lang);
        }
        if (row.exercised()) ++both;
        out << line << "\n";
    }
    out << say(msg::test_coverage_total, {both, r.coverage.size()}).in(lang) << "\n";
    const bool vi = lang == language::vi;
    if (!r.no_rule_vi.empty()) out << say(msg::test_provisions_without_rule, {list(vi ? r.no_rule_vi : r.no_rule_en)}).in(lang) << "\n";
    if (!r.no_text_vi.empty()) out << say(msg::test_provisions_without_text, {list(vi ? r.no_text_vi : r.no_text_en)}).in(lang) << "\n";
}

std::string json_strings(const std::vector<std::string>& xs) {
    std::string out = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ",\"" : "\"") + eval::json_escape(xs[i]) + "\"";
    return out + "]";
}

// `--format json`: one object a line — a test, a test file that cannot be used, the coverage
// of a decree — then the summary (docs/language.md §8.3).
void print_json(const test_file_result& r, const std::string& decree_path, bool with_coverage, std::ostream& out) {
    const auto file = eval::json_escape(r.file);
    if (r.broken) {
        out << fmt::format("{{\"type\":\"error\",\"file\":\"{}\",\"error\":\"{}\",\"error_vi\":\"{}\"}}\n", file,
                           eval::json_escape(r.problem.en), eval::json_escape(r.problem.in(language::vi)));
        return;
    }
    for (const auto& t : r.tests) {
        std::vector<std::string> en, vi;
        for (const auto& p : t.problems) {
            en.push_back(p.en);
            vi.push_back(p.in(language::vi));
        }
        out << fmt::format("{{\"type\":\"test\",\"file\":\"{}\",\"line\":{},\"name\":\"{}\",\"outcome\":\"{}\",\"expected\":{},"
                           "\"verdict\":{},\"problems\":{},\"problems_vi\":{}}}\n",
                           file, t.line, eval::json_escape(t.name), t.problems.empty() ? "passed" : "failed",
                           t.expected.empty() ? "null" : "\"" + eval::json_escape(t.expected) + "\"",
                           t.verdict ? "\"" + *t.verdict + "\"" : std::string("null"), json_strings(en), json_strings(vi));
    }
    if (!with_coverage) return;
    std::string rows;
    for (const auto& row : r.coverage) {
        const char* kind = row.kind == ir::rule_kind::exception ? "exception" : row.kind == ir::rule_kind::exclusion ? "exclusion" : "condition";
        rows += fmt::format("{}{{\"citation\":\"{}\",\"citation_en\":\"{}\",\"kind\":\"{}\",", rows.empty() ? "" : ",",
                            eval::json_escape(row.citation_vi), eval::json_escape(row.citation_en), kind);
        rows += row.kind == ir::rule_kind::exception
                    ? fmt::format("\"applied\":{},", row.applied)
                    : fmt::format("\"held\":{},\"not_held\":{},\"unknown\":{},\"not_applicable\":{},", row.yes, row.no, row.unknown, row.skipped);
        rows += fmt::format("\"exercised\":{}}}", row.exercised() ? "true" : "false");
    }
    out << fmt::format("{{\"type\":\"coverage\",\"file\":\"{}\",\"decree\":\"{}\",\"tests\":{},\"rules\":[{}],"
                       "\"without_rule\":{},\"without_text\":{}}}\n",
                       file, eval::json_escape(decree_path), r.tests.size(), rows, json_strings(r.no_rule_vi), json_strings(r.no_text_vi));
}

// XML text: the five escapes, and no character XML 1.0 forbids (a control character becomes U+FFFD).
std::string xml_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += "\xEF\xBF\xBD";
                else out += c;
        }
    }
    return out;
}

// `--junit FILE`: JUnit XML, a test suite per test file (a file that cannot be used is one
// error), as CI servers read it.
std::string junit(const std::vector<test_file_result>& results, language lang) {
    std::size_t tests = 0, failures = 0, errors = 0;
    for (const auto& r : results) {
        tests += r.broken ? 1 : r.tests.size();
        failures += r.failed;
        errors += r.broken ? 1 : 0;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"decreec test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", tests, failures, errors);
    for (const auto& r : results) {
        const auto suite = xml_escape(r.file);
        const auto classname = xml_escape(r.file.substr(0, r.file.size() - std::string_view(".test.jsonl").size()));
        out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n", suite,
                           r.broken ? 1 : r.tests.size(), r.failed, r.broken ? 1 : 0);
        if (r.broken) {
            out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n      <error message=\"{}\">{}</error>\n    </testcase>\n",
                               suite, classname, suite, xml_escape(r.problem.in(lang)), xml_escape(r.diagnostics));
        }
        for (const auto& t : r.tests) {
            out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"", xml_escape(t.name), classname, suite, t.line);
            if (t.problems.empty()) {
                out += "/>\n";
                continue;
            }
            std::string detail;
            for (const auto& p : t.problems) detail += p.in(lang) + "\n";
            if (!t.explanation.empty()) detail += say(msg::test_actual_explanation).in(lang) + "\n" + t.explanation;
            out += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml_escape(t.problems.front().in(lang)),
                               xml_escape(detail));
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

}  // namespace

int test_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const auto lang = env.messages();
    arguments given;
    if (const auto end = parse_arguments("test", args, given, out, err, lang)) return *end;
    const bool with_coverage = given.has("--coverage");
    const bool json = given.value("--format") == "json";
    const auto junit_file = given.value("--junit");
    const auto& paths = given.operands;
    std::vector<std::string> files;
    std::vector<text> warnings;
    if (paths.empty()) find_tests(".", true, files, warnings);
    for (const auto& p : paths) {
        std::error_code ec;
        if (p.ends_with(".test.jsonl")) {
            files.push_back(p);
        } else if (p.ends_with(".decree")) {
            files.push_back(p.substr(0, p.size() - 7) + ".test.jsonl");
        } else if (fs::is_directory(p, ec)) {
            find_tests(p, false, files, warnings);
        } else {
            files.push_back(p);
        }
    }
    for (const auto& w : warnings) err << w.in(lang) << "\n";
    if (files.empty()) {
        err << say(msg::cli_test_no_files).in(lang) << "\n";
        return usage;
    }
    tester t(env, with_coverage);
    std::size_t passed = 0, failed = 0, broken = 0;
    std::vector<test_file_result> results;
    for (const auto& f : files) {
        auto r = t.run(f);
        const std::string decree_path = f.substr(0, f.size() - std::string_view(".test.jsonl").size()) + ".decree";
        passed += r.passed;
        failed += r.failed;
        if (r.broken) {
            ++broken;
            err << r.diagnostics << r.problem.in(lang) << "\n";
        }
        if (json) {
            print_json(r, decree_path, with_coverage, out);
        } else {
            print_text(r, out, lang);
            if (with_coverage && !r.broken) print_coverage(r, decree_path, out, lang);
        }
        if (junit_file) results.push_back(std::move(r));
    }
    if (json) {
        out << fmt::format("{{\"type\":\"summary\",\"passed\":{},\"failed\":{},\"files\":{},\"unusable_files\":{},\"skipped_entries\":{}}}\n",
                           passed, failed, files.size(), broken, warnings.size());
    } else {
        out << say(msg::test_summary, {passed, failed}).in(lang) << "\n";
    }
    if (junit_file) {
        text why;
        if (!write_file(*junit_file, junit(results, lang), why)) {
            err << say(msg::file_error, {*junit_file, say(msg::cli_cannot_write_junit, {why})}).in(lang) << "\n";
            return io_error;
        }
    }
    if (broken > 0) return data_error;
    return failed > 0 ? exit_code::failed : ok;
}

}  // namespace decree::cli
