// Subcommands, options and exit codes of decreec.
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/records.hpp"
#include "cli/usage.hpp"

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

bool parse_options(const std::vector<std::string>& args, options& o, std::ostream& out, std::ostream& err, language lang,
                   int& code) {
    arguments given;
    if (const auto end = parse_arguments("check", args, given, out, err, lang)) {
        code = *end;
        return false;
    }
    for (const auto& [name, v] : given.given) {
        if (name == "--diagnostics") {
            o.style = v == "rich" ? render_style::rich : v == "short" ? render_style::short_ : render_style::json;
        } else if (name == "--list-assumptions") {
            o.list_assumptions = true;
        } else if (name == "--no-lints") {
            o.lints = false;
        } else if (name == "--strict") {
            o.strict = true;
        } else if (name == "--no-proofs") {
            o.proofs = false;
        } else if (name == "--proofs-time") {
            const auto secs = whole_number(v, 5);
            if (!secs) {
                err << say(msg::cli_proofs_time_seconds).in(lang) << "\n";
                code = usage;
                return false;
            }
            o.proof_seconds = static_cast<unsigned>(*secs);
        } else if (name == "--witness-dir") {
            o.witness_dir = v;
        } else if (name == "--sources") {
            o.source_dirs.push_back(v);
        } else if (name == "--max-errors") {
            const auto n = whole_number(v, 9);
            if (!n || *n == 0) {
                err << say(msg::cli_max_errors_positive).in(lang) << "\n";
                code = usage;
                return false;
            }
            o.max_errors = *n;
        }
    }
    o.files = given.operands;
    return true;
}

int check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const language lang = env.messages();
    options o;
    int code = ok;
    if (!parse_options(args, o, out, err, lang, code)) return code;
    for (const auto& dir : o.source_dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            err << say(msg::cli_sources_dir_missing, {dir}).in(lang) << "\n";
            return usage;
        }
    }
    source_library library(o.source_dirs);
    source_check_stats source_stats;
    std::size_t errors = 0, warnings = 0, unreadable = 0;
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
        text left_out;  // the proofs' questions that could not be asked, when any
        auto comp = compile_path(path, copt, io_error);
        if (io_error) {
            const auto why = cannot_read_text(comp->io_problem);
            err << say(msg::file_error, {input_name(path), why}).in(lang) << "\n";
            io = true;
            ++unreadable;
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
            proofs::options::counts asked;
            po.counted = &asked;
            const auto found = proofs::report(*comp->program, comp->diagnostics, po);
            if (asked.inexpressible > 0 && o.style != render_style::json) {
                // Said, never left out silently; after the file's diagnostics.
                const auto& f = comp->sources.get(asked.first_inexpressible.file);
                const auto lc = f.position(asked.first_inexpressible.begin);
                left_out = say(msg::pr_inexpressible, {fmt::format("{}:{}:{}", f.name(), lc.line, lc.column),
                                                       std::size_t{asked.inexpressible}, std::size_t{asked.pairs + asked.rules}});
            }
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
            if (!left_out.empty()) err << left_out.in(lang) << "\n";
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
        // A file that could not be read is not counted as checked.
        auto summary = say(msg::checked_summary, {say_count(msg::n_files, o.files.size() - unreadable), say_count(msg::n_errors, errors),
                                                  say_count(msg::n_warnings, warnings)});
        if (unreadable > 0) summary += say(msg::checked_unreadable, {say_count(msg::n_files, unreadable)});
        if (o.strict && warnings > 0) summary += say(msg::strict_warnings_fail);
        err << summary.in(lang) << "\n";
    }
    if (io) return io_error;
    return errors > 0 || (o.strict && warnings > 0) ? data_error : ok;
}

// In the language of `--lang`, else of the environment, else English (as the diagnostics).
int explain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    const language lang = env.messages();
    arguments given;
    if (const auto end = parse_arguments("explain", args, given, out, err, lang)) return *end;
    if (given.has("--list")) {
        for (const auto& c : all_codes()) out << c.id << "  " << c.title_in(lang) << "\n";
        return ok;
    }
    if (given.operands.size() != 1) {
        err << say(msg::cli_missing_operands, {"decreec explain"}).in(lang) << "\n";
        print_usage_hint(find_command("explain"), err, lang);
        return usage;
    }
    std::string wanted = given.operands[0];  // in any case: e0201 is E0201
    for (auto& ch : wanted) {
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
    const auto* c = find_code(wanted);
    if (c == nullptr) {
        err << say(msg::cli_explain_unknown_code, {given.operands[0]}).in(lang) << "\n";
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
    arguments given;
    if (const auto end = parse_arguments("fmt", args, given, out, err, lang)) return *end;
    // As gofmt: the formatted text on standard output, unless `-w` rewrites the files; `--check`
    // lists the files that are not formatted (and, with `-w`, rewrites them).
    const bool check_only = given.has("--check"), rewrite = given.has("--write");
    const bool to_stdout = !check_only && !rewrite;
    const auto kw = given.value("--keywords");
    const keyword_language keywords = !kw ? keyword_language::keep : *kw == "en" ? keyword_language::en : keyword_language::vi;
    const auto& files = given.operands;
    if (rewrite && std::find(files.begin(), files.end(), "-") != files.end()) {
        err << say(msg::cli_fmt_write_stdin).in(lang) << "\n";
        return usage;
    }
    bool errors = false, io = false, changed = false;
    for (const auto& path : files) {
        decree::text why;
        auto text = read_decree_text(path, why);
        const std::string name = input_name(path);
        if (!text) {
            err << say(msg::file_error, {name, cannot_read_text(why)}).in(lang) << "\n";
            io = true;
            continue;
        }
        source_manager sm;
        const auto id = sm.add(name, std::move(*text));
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
            continue;
        }
        if (check_only && differs) {
            out << say(msg::cli_fmt_not_formatted, {name}).in(lang) << "\n";
            changed = true;
        }
        if (rewrite && differs) {
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
    arguments given;
    if (const auto end = parse_arguments("dump", args, given, out, err, env.messages())) return *end;
    const bool ast = given.has("--ast"), ir = given.has("--ir"), code = given.has("--code"), plain = given.has("--no-fusion");
    if ((ast ? 1 : 0) + (ir ? 1 : 0) + (code ? 1 : 0) != 1 || (plain && !code)) {
        err << say(msg::cli_usage, {"decreec dump --ast|--ir|--code [--no-fusion] FILE"}).in(env.messages()) << "\n";
        return usage;
    }
    const auto& path = given.operands[0];
    bool io = false;
    compile_options copt;
    copt.import_roots = env.allow_imports;
    copt.stdlib_dirs = env.stdlib_dirs;
    auto comp = compile_path(path, copt, io);
    if (io) {
        err << say(msg::file_error, {input_name(path), cannot_read_text(comp->io_problem)}).in(env.messages()) << "\n";
        return io_error;
    }
    for (const auto& d : comp->diagnostics.all()) err << render(d, comp->sources, render_style::rich, env.color, env.messages());
    if (ast) {
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

// The value of the option of every command [name] at all_args[i] (`--name V`, `--name=V`),
// stepping [i] over V; nothing when all_args[i] is not it. [missing] is set when V is absent.
std::optional<std::string> common_value(const std::vector<std::string>& all_args, std::size_t& i, std::string_view name,
                                        bool& missing) {
    const auto& a = all_args[i];
    if (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=') return a.substr(name.size() + 1);
    if (a != name) return std::nullopt;
    if (i + 1 == all_args.size() || (all_args[i + 1].starts_with("-") && all_args[i + 1] != "-")) {
        missing = true;
        return std::string();
    }
    return all_args[++i];
}

int dispatch(const std::vector<std::string>& all_args, std::ostream& out, std::ostream& err, const environment& base_env) {
    environment env = base_env;
    // The language of the messages below: a valid `--lang` anywhere on the line, else the environment's.
    language lang = base_env.messages();
    for (std::size_t i = 0; i < all_args.size() && all_args[i] != "--"; ++i) {
        const auto& a = all_args[i];
        const std::string l = a == "--lang" && i + 1 < all_args.size() ? all_args[i + 1] : a.rfind("--lang=", 0) == 0 ? a.substr(7) : "";
        if (l == "vi" || l == "en") lang = l == "vi" ? language::vi : language::en;
    }
    // The options of every command, anywhere before `--`, are taken out here; the rest is the
    // command and its own arguments.
    std::vector<std::string> args;
    bool help = false, version_asked = false, options_end = false;
    for (std::size_t i = 0; i < all_args.size(); ++i) {
        const auto& a = all_args[i];
        if (options_end || a.empty() || a[0] != '-' || a == "-") {
            args.push_back(a);
            continue;
        }
        if (a == "--") {
            options_end = true;
            args.push_back(a);
            continue;
        }
        bool missing = false;
        // The two options of every command that name a folder, each into its list.
        std::optional<std::string> dir;
        std::vector<std::string>* folders = nullptr;
        const char* option = nullptr;
        for (auto [name, list] : {std::pair{"--allow-imports", &env.allow_imports}, std::pair{"--stdlib", &env.stdlib_dirs}}) {
            if (!dir && (dir = common_value(all_args, i, name, missing))) {
                folders = list;
                option = name;
            }
        }
        if (dir) {
            std::error_code ec;
            if (missing) {
                err << say(msg::cli_option_needs_directory, {option}).in(lang) << "\n";
                return usage;
            }
            if (dir->empty() || !std::filesystem::is_directory(*dir, ec)) {
                err << say(msg::cli_directory_for_option_missing, {*dir, option}).in(lang) << "\n";
                return usage;
            }
            folders->push_back(*dir);
        } else if (auto l = common_value(all_args, i, "--lang", missing)) {
            if (missing) {
                err << say(msg::cli_lang_needs_language).in(lang) << "\n";
                return usage;
            }
            if (*l != "vi" && *l != "en") {
                err << say(msg::cli_unknown_language, {*l}).in(lang) << "\n";
                return usage;
            }
            env.lang = *l == "vi" ? language::vi : language::en;
        } else if (auto c = common_value(all_args, i, "--color", missing)) {
            // `auto` keeps what the process found (a terminal, NO_COLOR, TERM); in-process, off.
            if (missing || (*c != "auto" && *c != "always" && *c != "never")) {
                err << say(msg::cli_option_choices, {"decreec", "--color", "`auto`, `always` " + say(msg::cli_or).in(lang) + " `never`", *c})
                           .in(lang)
                    << "\n";
                return usage;
            }
            env.color = *c == "always" ? true : *c == "never" ? false : base_env.color;
        } else if (a == "--help" || a == "-h") {
            help = true;
        } else if (a == "--version" || a == "-V") {
            version_asked = true;
        } else {
            args.push_back(a);
        }
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
    lang = env.messages();
    if (version_asked && (args.empty() || !help)) {
        out << "decreec " << version() << "\n";
        return ok;
    }
    if (args.empty()) {
        if (help) {
            print_help(nullptr, out, lang);
            return ok;
        }
        print_help(nullptr, err, lang);
        return usage;
    }
    const auto& cmd = args[0];
    const command_spec* spec = find_command(cmd);
    if (spec == nullptr) {
        if (cmd.starts_with("-") && cmd != "-") {
            unknown_option(nullptr, cmd, err, lang);
        } else {
            unknown_command(cmd, err, lang);
        }
        return usage;
    }
    if (help || (cmd == "help" && args.size() > 1)) {
        const command_spec* about = cmd == "help" && args.size() > 1 ? find_command(args[1]) : spec;
        if (about == nullptr) {
            unknown_command(args[1], err, lang);
            return usage;
        }
        print_help(about, out, lang);
        return ok;
    }
    if (cmd == "check") return check(args, out, err, env);
    if (cmd == "explain") return explain(args, out, err, env);
    if (cmd == "dump") return dump(args, out, err, env);
    if (cmd == "fmt") return fmt_command(args, out, err, env);
    if (cmd == "eval") return eval_command(args, out, err, env);
    if (cmd == "schema") return schema_command(args, out, err, env);
    if (cmd == "test") return test_command(args, out, err, env);
    if (cmd == "diff") return diff_command(args, out, err, env);
    if (cmd == "graph") return graph_command(args, out, err, env);
    if (cmd == "serve") return serve_command(args, out, err, env);
    if (cmd == "lsp") return lsp_command(args, out, err, env);
    // The commands without options of their own.
    arguments given;
    if (const auto end = parse_arguments(spec->name, args, given, out, err, lang)) return *end;
    if (cmd == "help") {
        print_help(nullptr, out, lang);
        return ok;
    }
    if (cmd == "version") {
        out << "decreec " << version() << "\n";
        return ok;
    }
    if (cmd == "man") {
        print_man_page(out, lang);
        return ok;
    }
    if (cmd == "completion") {
        if (given.operands[0] != "bash") {
            err << say(msg::cli_completion_shells).in(lang) << "\n";
            return usage;
        }
        print_bash_completion(out);
        return ok;
    }
    if (cmd == "modules") return modules_command(env, out);
    for (const auto& k : keyword_table) out << fmt::format("{:<14} {}\n", k.en, k.vi);  // keywords
    return ok;
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
