// Subcommands, options and exit codes of decreec.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <ostream>

#include "decree/lang/format.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/keywords.hpp"
#include "decree/lang/messages.hpp"
#include "decree/lang/print.hpp"
#include "decree/lang/sources.hpp"
#include "eval/code.hpp"
#include "proofs.hpp"

namespace decree::cli {

namespace {

constexpr const char* usage_text =
    "usage: decreec <command> [options] [files]\n"
    "\n"
    "commands:\n"
    "  check FILE...          parse, resolve, type-check and lint decree files; a decree that\n"
    "                         `follows` another is compared with it (what it leaves out unsaid)\n"
    "      --diagnostics=rich|short|json   how to print diagnostics (default rich)\n"
    "      --list-assumptions  print every value and rule marked `assumed`, with its reason\n"
    "      --no-lints          report errors only\n"
    "      --strict            warnings fail the check too (exit 65)\n"
    "      --no-proofs         do not prove the exceptions consistent (E0701, with the SMT solver)\n"
    "      --proofs-time SECS  time for all the proofs of a file (default 20; W0702 when spent)\n"
    "      --witness-dir DIR   write the case record of each conflict found to DIR/<file>.E0701.<n>.json\n"
    "      --sources DIR       look every verbatim `text` up in the `source file` it names, searched\n"
    "                          in DIR (repeatable: each DIR in order)\n"
    "      --max-errors N      show at most N errors and N warnings per file (default 20)\n"
    "  fmt FILE...            rewrite files in the canonical layout (comments and strings kept)\n"
    "      --check             list the files that are not formatted; exit 1 if any\n"
    "      --stdout            print instead of rewriting\n"
    "      --keywords en|vi    also translate every keyword into that language\n"
    "  dump --ast|--ir FILE   print the syntax tree, or the checked program (resolved names, types,\n"
    "                         citations, exception links)\n"
    "  dump --code [--no-fusion] FILE\n"
    "                         print the compiled code the evaluator runs: each definition, parameter\n"
    "                         and rule as a tree of nodes (fused, or node for node the program)\n"
    "  eval DECREE CASES...   decide case records: eligible, not_eligible, undetermined or error,\n"
    "                         with the reasons cited article by article\n"
    "      --format text|json  text for dossiers (default) or one JSON object per line\n"
    "      --lang vi|en        language of the explanations (default vi)\n"
    "      --trace             include the explanation in JSON output\n"
    "      --summary FILE      write the counts per verdict and per provision as JSON\n"
    "      --report FILE.html  write the impact report: one self-contained HTML page\n"
    "      --strict            warn about fields the record type does not declare\n"
    "      --jobs N            threads deciding JSON Lines (default: one per core); output order kept\n"
    "      --no-assumptions    a verdict that rests on `assumed` values or provisions is undetermined\n"
    "                          (JSON: \"provisional\" gives the verdict it would have been)\n"
    "  test [PATHS]           run the tests beside the decrees (<round>.test.jsonl); with no path,\n"
    "                         every test under the current directory; ends with `N passed, N failed`\n"
    "      --coverage          how often each provision held and did not hold over the tests\n"
    "  diff OLD NEW           what changed between two rounds, provision by provision: added,\n"
    "                         removed, moved (renumbered) and changed provisions, the header, the\n"
    "                         `set` values and the declarations\n"
    "      --lang vi|en        language of the listing (default vi)\n"
    "      --format text|json  text (default) or one JSON document\n"
    "  diff OLD NEW --witness without a roster: one case record for each change of verdict, found\n"
    "                         by the SMT solver or a bounded search and evaluated under both\n"
    "                         rounds, or `none` when the solver proves no record makes it\n"
    "  diff OLD NEW CASES...  the cases whose verdict changes between two decrees, with the\n"
    "                         provisions responsible and counts per provision (--format json)\n"
    "  graph DECREE           the decree as a Graphviz DOT graph (provisions, rules, exceptions)\n"
    "  schema [DECREE] [--format json|markdown]\n"
    "                         the case record type as JSON Schema, or as the Markdown of docs/case-record.md\n"
    "  lsp                    the language server for editors (Language Server Protocol over\n"
    "                         standard input and output)\n"
    "  explain CODE           the long explanation of a diagnostic code (e.g. E0201)\n"
    "  explain --list         every diagnostic code with its title\n"
    "  modules                the standard library's modules; with --stdlib, where each one is read\n"
    "                         from and which copies shadow an embedded module\n"
    "  keywords               the keyword table (English and Vietnamese spellings)\n"
    "  version                the version of decreec\n"
    "\n"
    "options of every command that reads decrees:\n"
    "  --allow-imports DIR    relative imports and `follows` may also read files in DIR and below\n"
    "                         (repeatable); by default only the decree's own folder and below\n"
    "  --stdlib DIR           read `import a/b` from DIR/a/b.decree before the embedded standard\n"
    "                         library, as a standard-library module (repeatable: each DIR in order;\n"
    "                         then the directories in DECREE_STDLIB, separated by `:`)\n";

struct options {
    render_style style = render_style::rich;
    bool list_assumptions = false;
    bool lints = true;
    bool strict = false;  // warnings fail the check
    bool proofs = true;
    unsigned proof_seconds = 20;  // budget of all the solver's questions
    std::string witness_dir;
    std::size_t max_errors = 20;
    std::vector<std::string> source_dirs;
    std::vector<std::string> files;
};

// The value of option [name] at args[i] (`--name V` or `--name=V`, stepping [i] over V) when it
// is a whole number of at most [digits] digits; nothing otherwise, or when args[i] is another option.
std::optional<std::optional<unsigned long>> whole_option(const std::vector<std::string>& args, std::size_t& i,
                                                         const std::string& name, std::size_t digits) {
    const auto& a = args[i];
    if (a != name && a.rfind(name + "=", 0) != 0) return std::nullopt;
    const std::string v = a == name ? (i + 1 < args.size() ? args[++i] : "") : a.substr(name.size() + 1);
    if (v.empty() || v.size() > digits || v.find_first_not_of("0123456789") != std::string::npos) {
        return std::optional<unsigned long>();
    }
    return std::optional<unsigned long>(std::stoul(v));
}

bool parse_options(const std::vector<std::string>& args, options& o, std::ostream& err, language lang) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a.rfind("--diagnostics=", 0) == 0) {
            const auto v = a.substr(14);
            if (v == "rich") o.style = render_style::rich;
            else if (v == "short") o.style = render_style::short_;
            else if (v == "json") o.style = render_style::json;
            else {
                err << say(msg::cli_unknown_diagnostics_style, {v}).in(lang) << "\n";
                return false;
            }
        } else if (a == "--list-assumptions") {
            o.list_assumptions = true;
        } else if (a == "--no-lints") {
            o.lints = false;
        } else if (a == "--strict") {
            o.strict = true;
        } else if (a == "--no-proofs") {
            o.proofs = false;
        } else if (auto secs = whole_option(args, i, "--proofs-time", 5)) {
            if (!*secs) {
                err << say(msg::cli_proofs_time_seconds).in(lang) << "\n";
                return false;
            }
            o.proof_seconds = static_cast<unsigned>(**secs);
        } else if (a == "--witness-dir") {
            if (i + 1 == args.size()) {
                err << say(msg::cli_option_needs_directory, {"--witness-dir"}).in(lang) << "\n";
                return false;
            }
            o.witness_dir = args[++i];
        } else if (a == "--sources" || a.rfind("--sources=", 0) == 0) {
            if (a == "--sources" && i + 1 == args.size()) {
                err << say(msg::cli_option_needs_directory, {"--sources"}).in(lang) << "\n";
                return false;
            }
            o.source_dirs.push_back(a == "--sources" ? args[++i] : a.substr(10));
        } else if (auto n = whole_option(args, i, "--max-errors", 9)) {
            if (!*n || **n == 0) {
                err << say(msg::cli_max_errors_positive).in(lang) << "\n";
                return false;
            }
            o.max_errors = **n;
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            err << say(msg::cli_unknown_option, {"decreec", a}).in(lang) << "\n" << usage_text;
            return false;
        } else {
            o.files.push_back(a);
        }
    }
    return true;
}

int check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const language lang = env.messages();
    options o;
    if (!parse_options(args, o, err, lang)) return usage;
    if (o.files.empty()) {
        err << say(msg::cli_check_no_file).in(lang) << "\n" << usage_text;
        return usage;
    }
    for (const auto& dir : o.source_dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            err << say(msg::cli_sources_dir_missing, {dir}).in(lang) << "\n";
            return usage;
        }
    }
    source_library library(o.source_dirs);
    source_check_stats source_stats;
    std::size_t errors = 0, warnings = 0;
    bool io = false;
    std::string json = "[";
    for (const auto& path : o.files) {
        compile_options copt;
        copt.lints = o.lints;
        copt.max_errors = o.max_errors;
        copt.check_follows = true;
        copt.import_roots = env.allow_imports;
    copt.stdlib_dirs = env.stdlib_dirs;
        bool io_error = false;
        auto comp = compile_file(path, copt, &io_error);
        if (io_error) {
            const auto why = cannot_read_text(comp->io_problem);
            err << say(msg::file_error, {path, why}).in(lang) << "\n";
            io = true;
            continue;
        }
        if (!o.source_dirs.empty()) {
            diagnostic_sink reparse;  // the compilation has reported the file's syntax errors
            if (auto syntax = parse(comp->sources.get(0), reparse)) {
                check_sources(*syntax, library, comp->diagnostics, source_stats);
                comp->diagnostics.sort();
            }
        }
        if (o.proofs && comp->program) {
            proofs::options po;
            po.budget_ms = o.proof_seconds * 1000;
            const auto found = proofs::report(*comp->program, comp->diagnostics, po);
            for (std::size_t k = 0; k < found.size() && !o.witness_dir.empty(); ++k) {
                const auto file = (std::filesystem::path(o.witness_dir) /
                                   (std::filesystem::path(path).stem().string() + ".E0701." + std::to_string(k + 1) + ".json"))
                                      .string();
                text why;
                if (!write_file(file, found[k].witness + "\n", why)) {
                    err << say(msg::file_error, {file, say(msg::cli_cannot_write_case_record, {why})}).in(lang) << "\n";
                    io = true;
                }
            }
        }
        const auto& diags = comp->diagnostics;
        errors += diags.error_count();
        warnings += diags.warning_count();
        if (o.style == render_style::json) {
            auto part = render_json(diags.all(), comp->sources, lang);
            part = part.substr(1, part.size() - 3);  // strip "[" and "]\n"
            while (!part.empty() && part.back() == '\n') part.pop_back();
            if (!part.empty()) {
                if (json.size() > 1) json += ",";
                json += part;
            }
        } else {
            for (const auto& d : diags.all()) err << render(d, comp->sources, o.style, env.color, lang);
            for (const auto& [n, more, noun] : {std::tuple{diags.dropped_errors(), msg::more_errors, msg::n_errors},
                                                std::tuple{diags.dropped_warnings(), msg::more_warnings, msg::n_warnings}}) {
                if (n == 0) continue;
                err << say(msg::more_not_shown, {path, say_count(more, n), say_count(noun, diags.cap())}).in(lang) << "\n";
            }
        }
        if (o.list_assumptions && comp->program) {
            const auto list = assumptions(*comp->program);
            const auto numbers = std::count_if(list.begin(), list.end(), [](const auto& a) { return a.number_only; });
            out << path << ": " << say_count(msg::n_assumptions, list.size()).in(lang);
            if (numbers > 0) out << say_count(msg::n_provision_numbers, static_cast<std::size_t>(numbers)).in(lang);
            out << "\n";
            for (const auto& a : list) {
                const auto& f = comp->sources.get(a.where.file);
                const auto lc = f.position(a.where.begin);
                out << fmt::format("  {}:{}:{}: {}{}: {}\n", f.name(), lc.line, lc.column, a.what,
                                   a.number_only ? say(msg::cli_assumed_number_mark).in(lang) : "", a.reason.in(lang));
            }
        }
    }
    if (o.style == render_style::json) {
        out << json << (json.size() > 1 ? "\n]\n" : "]\n");
    } else {
        if (!o.source_dirs.empty()) err << summary_line(source_stats) << "\n";
        auto summary = say(msg::checked_summary, {say_count(msg::n_files, o.files.size()), say_count(msg::n_errors, errors),
                                                  say_count(msg::n_warnings, warnings)});
        if (o.strict && warnings > 0) summary += say(msg::strict_warnings_fail);
        err << summary.in(lang) << "\n";
    }
    if (io) return io_error;
    return errors > 0 || (o.strict && warnings > 0) ? data_error : ok;
}

// In the language of `--lang`, else of the environment, else English (as the diagnostics).
int explain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const language lang = env.messages();
    if (args.size() == 2 && args[1] == "--list") {
        for (const auto& c : all_codes()) out << c.id << "  " << c.title_in(lang) << "\n";
        return ok;
    }
    if (args.size() != 2) {
        err << "usage: decreec explain CODE   (e.g. decreec explain E0201)\n";
        return usage;
    }
    std::string wanted = args[1];  // in any case: e0201 is E0201
    for (auto& ch : wanted) {
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    const auto* c = find_code(wanted);
    if (c == nullptr) {
        err << "decreec explain: unknown code `" << args[1] << "`; `decreec explain --list` lists them\n";
        return usage;
    }
    out << c->id << " (" << severity_name(c->level, lang) << "): " << c->title_in(lang) << "\n\n";
    // Wrap the explanation at 80 columns.
    std::string line;
    std::string word;
    std::string text(c->explanation_in(lang));
    text += ' ';
    for (const char ch : text) {
        if (ch == ' ') {
            if (!line.empty() && utf8_length(line) + 1 + utf8_length(word) > 80) {
                out << line << "\n";
                line.clear();
            }
            line += (line.empty() ? "" : " ") + word;
            word.clear();
        } else {
            word += ch;
        }
    }
    if (!line.empty()) out << line << "\n";
    return ok;
}

int fmt_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const language lang = env.messages();
    bool check_only = false, to_stdout = false;
    keyword_language keywords = keyword_language::keep;
    std::vector<std::string> files;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--check") {
            check_only = true;
        } else if (a == "--stdout") {
            to_stdout = true;
        } else if (a == "--keywords=en" || a == "--keywords=vi" || (a == "--keywords" && i + 1 < args.size())) {
            const std::string v = a == "--keywords" ? args[++i] : a.substr(11);
            if (v != "en" && v != "vi") {
                err << say(msg::cli_fmt_keywords_en_vi).in(lang) << "\n";
                return usage;
            }
            keywords = v == "en" ? keyword_language::en : keyword_language::vi;
        } else if (a.size() > 1 && a[0] == '-') {
            err << say(msg::cli_unknown_option, {"decreec fmt", a}).in(lang) << "\n";
            return usage;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        err << say(msg::cli_usage, {"decreec fmt FILE... [--check] [--stdout] [--keywords en|vi]"}).in(lang) << "\n";
        return usage;
    }
    bool errors = false, io = false, changed = false;
    for (const auto& path : files) {
        decree::text why;
        auto text = read_source(path, &why);
        if (!text) {
            err << say(msg::file_error, {path, cannot_read_text(why)}).in(lang) << "\n";
            io = true;
            continue;
        }
        source_manager sm;
        const auto id = sm.add(path, std::move(*text));
        diagnostic_sink sink;
        auto formatted = format(sm.get(id), sink, keywords);
        if (!formatted) {
            for (const auto& d : sink.all()) err << render(d, sm, render_style::rich, env.color, env.messages());
            errors = true;
            continue;
        }
        const bool differs = *formatted != sm.get(id).text();
        if (to_stdout) {
            out << *formatted;
        } else if (check_only) {
            if (differs) {
                out << say(msg::cli_fmt_not_formatted, {path}).in(lang) << "\n";
                changed = true;
            }
        } else if (differs) {
            decree::text write_error;
            if (!replace_file(path, *formatted, write_error)) {
                err << say(msg::file_error, {path, say(msg::cli_cannot_write_file_unchanged, {write_error})}).in(lang) << "\n";
                io = true;
            }
        }
    }
    if (io) return io_error;
    if (errors) return data_error;
    return changed ? failed : ok;
}

int dump(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const bool code = args.size() >= 2 && args[1] == "--code";
    const bool plain = code && args.size() == 4 && args[2] == "--no-fusion";
    if (!(args.size() == 3 && (args[1] == "--ast" || args[1] == "--ir" || code)) && !plain) {
        err << say(msg::cli_usage, {"decreec dump --ast|--ir|--code [--no-fusion] FILE"}).in(env.messages()) << "\n";
        return usage;
    }
    const auto& path = args.back();
    bool io = false;
    compile_options copt;
    copt.import_roots = env.allow_imports;
    copt.stdlib_dirs = env.stdlib_dirs;
    auto comp = compile_file(path, copt, &io);
    if (io) {
        err << say(msg::file_error, {path, cannot_read_text(comp->io_problem)}).in(env.messages()) << "\n";
        return io_error;
    }
    for (const auto& d : comp->diagnostics.all()) err << render(d, comp->sources, render_style::rich, env.color, env.messages());
    if (args[1] == "--ast") {
        diagnostic_sink sink;
        if (auto f = parse(comp->sources.get(0), sink)) out << print_ast(*f);
        return comp->diagnostics.has_errors() ? data_error : ok;
    }
    if (!comp->program) return data_error;
    if (code) {
        out << eval::listing(*eval::compile(*comp->program), !plain);
        return ok;
    }
    out << print_ir(*comp->program);
    return ok;
}

// `decreec modules`: the embedded modules; with standard-library directories, every module
// with where it is read from, and the copies that shadow another.
int modules_command(const environment& env, std::ostream& out) {
    if (env.stdlib_dirs.empty()) {
        for (const auto m : stdlib_modules()) out << m << "\n";
        return ok;
    }
    namespace fs = std::filesystem;
    std::map<std::string, std::vector<std::string>> where;  // module path -> sources, first wins
    for (const auto& dir : env.stdlib_dirs) {
        std::error_code ec;
        std::vector<std::string> found;
        for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            if (!it->is_regular_file(ec) || it->path().extension() != ".decree") continue;
            const auto rel = it->path().lexically_relative(dir).replace_extension("").generic_string();
            found.push_back(rel);
        }
        std::sort(found.begin(), found.end());
        for (const auto& m : found) where[m].push_back((fs::path(dir) / (m + ".decree")).generic_string());
    }
    for (const auto m : stdlib_modules()) where[std::string(m)].push_back("embedded");
    std::size_t width = 0;
    for (const auto& [m, from] : where) width = std::max(width, m.size());
    for (const auto& [m, from] : where) {
        out << fmt::format("{:<{}}  {}", m, width, from.front());
        if (from.size() > 1) {
            out << " (shadows " << (from[1] == "embedded" ? std::string("the embedded module") : from[1]);
            if (from.size() > 2) out << fmt::format(" and {} more", from.size() - 2);
            out << ")";
        }
        out << "\n";
    }
    return ok;
}

}  // namespace

text cannot_read_text(const text& reason) {
    return reason.empty() ? say(msg::cannot_read_file) : say(msg::cannot_read_file_because, {reason});
}

namespace {

int dispatch(const std::vector<std::string>& all_args, std::ostream& out, std::ostream& err, const environment& base_env) {
    // `--allow-imports DIR` is an option of every command that reads decrees.
    environment env = base_env;
    // The language of the messages below: a valid `--lang` anywhere on the line, else the environment's.
    language lang = base_env.messages();
    for (std::size_t i = 1; i < all_args.size(); ++i) {
        const auto& a = all_args[i];
        const std::string l = a == "--lang" && i + 1 < all_args.size() ? all_args[i + 1] : a.rfind("--lang=", 0) == 0 ? a.substr(7) : "";
        if (l == "vi" || l == "en") lang = l == "vi" ? language::vi : language::en;
    }
    std::vector<std::string> args;
    for (std::size_t i = 0; i < all_args.size(); ++i) {
        const auto& a = all_args[i];
        if (i > 0 && (a == "--allow-imports" || a.rfind("--allow-imports=", 0) == 0)) {
            if (a == "--allow-imports" && i + 1 == all_args.size()) {
                err << say(msg::cli_option_needs_directory, {"--allow-imports"}).in(lang) << "\n";
                return usage;
            }
            const std::string dir = a == "--allow-imports" ? all_args[++i] : a.substr(16);
            std::error_code ec;
            if (dir.empty() || !std::filesystem::is_directory(dir, ec)) {
                err << say(msg::cli_directory_for_option_missing, {dir, "--allow-imports"}).in(lang) << "\n";
                return usage;
            }
            env.allow_imports.push_back(dir);
            continue;
        }
        if (i > 0 && (a == "--stdlib" || a.rfind("--stdlib=", 0) == 0)) {
            if (a == "--stdlib" && i + 1 == all_args.size()) {
                err << say(msg::cli_option_needs_directory, {"--stdlib"}).in(lang) << "\n";
                return usage;
            }
            const std::string dir = a == "--stdlib" ? all_args[++i] : a.substr(9);
            std::error_code ec;
            if (dir.empty() || !std::filesystem::is_directory(dir, ec)) {
                err << say(msg::cli_directory_for_option_missing, {dir, "--stdlib"}).in(lang) << "\n";
                return usage;
            }
            env.stdlib_dirs.push_back(dir);
            continue;
        }
        if (i > 0 && (a == "--lang" || a.rfind("--lang=", 0) == 0)) {
            if (a == "--lang" && i + 1 == all_args.size()) {
                err << say(msg::cli_lang_needs_language).in(lang) << "\n";
                return usage;
            }
            const std::string l = a == "--lang" ? all_args[++i] : a.substr(7);
            if (l != "vi" && l != "en") {
                err << say(msg::cli_unknown_language, {l}).in(lang) << "\n";
                return usage;
            }
            env.lang = l == "vi" ? language::vi : language::en;
            continue;
        }
        args.push_back(a);
    }
    // DECREE_STDLIB (colon-separated) comes after the `--stdlib` directories.
    if (const char* list = std::getenv("DECREE_STDLIB"); list != nullptr) {
        std::string rest = list;
        for (;;) {
            const auto colon = rest.find(':');
            const std::string dir = rest.substr(0, colon);
            if (!dir.empty()) {
                std::error_code ec;
                if (!std::filesystem::is_directory(dir, ec)) {
                    err << say(msg::cli_stdlib_env_dir_missing, {dir}).in(env.messages()) << "\n";
                    return usage;
                }
                env.stdlib_dirs.push_back(dir);
            }
            if (colon == std::string::npos) break;
            rest = rest.substr(colon + 1);
        }
    }
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? err : out) << usage_text;
        return args.empty() ? usage : ok;
    }
    const auto& cmd = args[0];
    if (cmd == "check") return check(args, out, err, env);
    if (cmd == "explain") return explain(args, out, err, env);
    if (cmd == "dump") return dump(args, out, err, env);
    if (cmd == "fmt") return fmt_command(args, out, err, env);
    if (cmd == "eval") return eval_command(args, out, err, env);
    if (cmd == "schema") return schema_command(args, out, err, env);
    if (cmd == "test") return test_command(args, out, err, env);
    if (cmd == "diff") return diff_command(args, out, err, env);
    if (cmd == "graph") return graph_command(args, out, err, env);
    if (cmd == "lsp") return lsp_command(args, err, env);
    if (cmd == "version" || cmd == "--version") {
        out << "decreec 0.1.0\n";
        return ok;
    }
    if (cmd == "modules") return modules_command(env, out);
    if (cmd == "keywords") {
        for (const auto& k : keyword_table) out << fmt::format("{:<14} {}\n", k.en, k.vi);
        return ok;
    }
    err << say(msg::cli_unknown_command, {cmd}).in(env.messages()) << "\n" << usage_text;
    return usage;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const int code = dispatch(args, out, err, env);
    // What the command wrote must have reached standard output: a failed write is an I/O error,
    // whatever the command found (a command that already failed on I/O has said why).
    errno = 0;
    out.flush();
    if (!out && code != io_error) {
        int e = errno;
        if (e == 0) {  // it failed earlier: flushed once more for the reason
            out.clear();
            out.flush();
            e = errno;
            out.setstate(std::ios::badbit);
        }
        err << (e != 0 ? say(msg::cli_cannot_write_stdout_because, {std::strerror(e)}) : say(msg::cli_cannot_write_stdout))
                   .in(env.messages())
            << "\n";
        return io_error;
    }
    return code;
}

}  // namespace decree::cli
