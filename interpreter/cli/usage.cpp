// The table of decreec's commands and options, and what is made from it: the parser, the help,
// the manual page and the bash completion.
#include "cli/usage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ostream>

#include "decree/lang/source.hpp"

#ifndef DECREE_VERSION
#define DECREE_VERSION "0.0.0"
#endif

namespace decree::cli {

namespace {

using o = option_spec;

constexpr std::array common{
    o{"--lang", 0, "vi|en", msg::opt_lang, {}},
    o{"--color", 0, "auto|always|never", msg::opt_color, "auto"},
    o{"--allow-imports", 0, "DIR", msg::opt_allow_imports, {}},
    o{"--stdlib", 0, "DIR", msg::opt_stdlib, {}},
    o{"--help", 'h', {}, msg::opt_help, {}},
};

constexpr std::array check_options{
    o{"--diagnostics", 0, "rich|short|json", msg::opt_check_diagnostics, "rich"},
    o{"--list-assumptions", 0, {}, msg::opt_check_list_assumptions, {}},
    o{"--no-lints", 0, {}, msg::opt_check_no_lints, {}},
    o{"--strict", 0, {}, msg::opt_check_strict, {}},
    o{"--no-proofs", 0, {}, msg::opt_check_no_proofs, {}},
    o{"--proofs-time", 0, "SECS", msg::opt_check_proofs_time, {}},
    o{"--witness-dir", 0, "DIR", msg::opt_check_witness_dir, {}},
    o{"--sources", 0, "DIR", msg::opt_check_sources, {}},
    o{"--max-errors", 0, "N", msg::opt_check_max_errors, {}},
};
constexpr std::array fmt_options{
    o{"--write", 'w', {}, msg::opt_fmt_write, {}},
    o{"--check", 0, {}, msg::opt_fmt_check, {}},
    o{"--stdout", 0, {}, msg::opt_fmt_stdout, {}},
    o{"--keywords", 0, "en|vi", msg::opt_fmt_keywords, {}},
};
constexpr std::array dump_options{
    o{"--ast", 0, {}, msg::opt_dump_ast, {}},
    o{"--ir", 0, {}, msg::opt_dump_ir, {}},
    o{"--code", 0, {}, msg::opt_dump_code, {}},
    o{"--no-fusion", 0, {}, msg::opt_dump_no_fusion, {}},
};
constexpr std::array eval_options{
    o{"--format", 0, "text|json|csv", msg::opt_eval_format, "text"},
    o{"--trace", 0, {}, msg::opt_eval_trace, {}},
    o{"--summary", 0, "FILE", msg::opt_eval_summary, {}},
    o{"--report", 0, "FILE.html", msg::opt_eval_report, {}},
    o{"--strict", 0, {}, msg::opt_eval_strict, {}},
    o{"--jobs", 'j', "N", msg::opt_eval_jobs, {}},
    o{"--no-assumptions", 0, {}, msg::opt_eval_no_assumptions, {}},
    o{"--quiet", 'q', {}, msg::opt_quiet, {}},
    o{"--progress", 0, {}, msg::opt_progress, {}},
    o{"--no-fusion", 0, {}, msg::opt_eval_no_fusion, {}},
};
constexpr std::array test_options{
    o{"--coverage", 0, {}, msg::opt_test_coverage, {}},
    o{"--format", 0, "text|json", msg::opt_test_format, "text"},
    o{"--junit", 0, "FILE", msg::opt_test_junit, {}},
    o{"--quiet", 'q', {}, msg::opt_quiet, {}},
    o{"--progress", 0, {}, msg::opt_progress, {}},
};
constexpr std::array diff_options{
    o{"--format", 0, "text|json", msg::opt_diff_format, "text"},
    o{"--witness", 0, {}, msg::opt_diff_witness, {}},
    o{"--quiet", 'q', {}, msg::opt_quiet, {}},
    o{"--progress", 0, {}, msg::opt_progress, {}},
};
constexpr std::array schema_options{
    o{"--format", 0, "json|markdown", msg::opt_schema_format, "json"},
};
constexpr std::array serve_options{
    o{"--addr", 0, "HOST:PORT", msg::opt_serve_addr, "127.0.0.1:8181"},
    o{"--threads", 0, "N", msg::opt_serve_threads, {}},
    o{"--token-file", 0, "FILE", msg::opt_serve_token_file, {}},
    o{"--decision-log", 0, "FILE", msg::opt_serve_decision_log, {}},
    o{"--log-inputs", 0, {}, msg::opt_serve_log_inputs, {}},
    o{"--max-body", 0, "BYTES", msg::opt_serve_max_body, "67108864"},
    o{"--max-header", 0, "BYTES", msg::opt_serve_max_header, "16384"},
    o{"--max-batch", 0, "N", msg::opt_serve_max_batch, "100000"},
    o{"--max-connections", 0, "N", msg::opt_serve_max_connections, "512"},
    o{"--timeout", 0, "SECS", msg::opt_serve_timeout, "15"},
    o{"--no-watch", 0, {}, msg::opt_serve_no_watch, {}},
};
constexpr std::array lsp_options{
    o{"--stdio", 0, {}, msg::opt_lsp_stdio, {}},
};
constexpr std::array explain_options{
    o{"--list", 0, {}, msg::opt_explain_list, {}},
};
constexpr std::array<option_spec, 0> none{};

constexpr auto many = command_spec::many;
constexpr std::array command_table{
    command_spec{"check", "FILE...", msg::help_check, check_options, 1, many},
    command_spec{"eval", "DECREE CASES...", msg::help_eval, eval_options, 2, many},
    command_spec{"test", "[PATH...]", msg::help_test, test_options, 0, many},
    command_spec{"diff", "OLD NEW [CASES...]", msg::help_diff, diff_options, 2, many},
    command_spec{"fmt", "FILE...", msg::help_fmt, fmt_options, 1, many},
    command_spec{"schema", "[DECREE]", msg::help_schema, schema_options, 0, 1},
    command_spec{"graph", "DECREE", msg::help_graph, none, 1, 1},
    command_spec{"dump", "--ast|--ir|--code FILE", msg::help_dump, dump_options, 1, 1},
    command_spec{"explain", "CODE | --list", msg::help_explain, explain_options, 0, 1},
    command_spec{"serve", "DECREE...", msg::help_serve, serve_options, 1, many},
    command_spec{"lsp", "", msg::help_lsp, lsp_options, 0, 0},
    command_spec{"modules", "", msg::help_modules, none, 0, 0},
    command_spec{"keywords", "", msg::help_keywords, none, 0, 0},
    command_spec{"man", "", msg::help_man, none, 0, 0},
    command_spec{"completion", "bash", msg::help_completion, none, 1, 1},
    command_spec{"version", "", msg::help_version, none, 0, 0},
    command_spec{"help", "[COMMAND]", msg::help_help, none, 0, 1},
};

constexpr std::array exit_codes{std::pair{"0", msg::exit_0},   std::pair{"1", msg::exit_1},
                                std::pair{"64", msg::exit_64}, std::pair{"65", msg::exit_65},
                                std::pair{"70", msg::exit_70}, std::pair{"74", msg::exit_74},
                                std::pair{"128+N", msg::exit_128}};

std::string said(msg m, language lang) { return say(m).in(lang); }

std::string label(const std::string_view command) { return fmt::format("decreec {}", command); }

// "-j, --jobs N" or "    --trace".
std::string option_title(const option_spec& op) {
    std::string t = op.short_name != 0 ? fmt::format("-{}, ", op.short_name) : std::string("    ");
    t += op.name;
    if (op.takes_value()) t += fmt::format(" {}", op.value);
    return t;
}

// [text] in lines of at most [width] columns, the first after [first], the others after [indent].
void wrapped(std::ostream& out, std::string_view first, std::size_t indent, std::string_view text, std::size_t width = 80) {
    std::string line(first);
    std::size_t column = utf8_length(line);
    if (column + 2 > indent && indent > 0) {
        // A title longer than its column: the description starts on the next line.
        out << line << "\n";
        line.assign(indent, ' ');
        column = indent;
    } else {
        line.append(indent - column, ' ');
        column = indent;
    }
    bool at_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto space = text.find(' ', i);
        const auto word = text.substr(i, space == std::string_view::npos ? std::string_view::npos : space - i);
        i = space == std::string_view::npos ? text.size() : space + 1;
        if (word.empty()) continue;
        const auto n = utf8_length(word);
        if (!at_start && column + 1 + n > width) {
            out << line << "\n";
            line.assign(indent, ' ');
            column = indent;
            at_start = true;
        }
        if (!at_start) {
            line += ' ';
            ++column;
        }
        line += word;
        column += n;
        at_start = false;
    }
    out << line << "\n";
}

std::string option_help(const option_spec& op, language lang) {
    std::string h = said(op.help, lang);
    if (!op.fallback.empty()) h += fmt::format(" ({} {})", said(msg::help_default, lang), op.fallback);
    return h;
}

void print_options(std::ostream& out, std::span<const option_spec> options, language lang) {
    for (const auto& op : options) wrapped(out, "  " + option_title(op), 28, option_help(op, lang));
}

void print_exit_codes(std::ostream& out, language lang) {
    out << said(msg::help_exit_status, lang) << ":\n";
    for (const auto& [code, m] : exit_codes) wrapped(out, fmt::format("  {}", code), 10, said(m, lang));
}

std::string usage_line(const command_spec& c, language lang) {
    std::string line = fmt::format("{}: decreec {}", said(msg::help_usage, lang), c.name);
    if (!c.options.empty()) line += fmt::format(" [{}]", said(msg::help_options, lang));
    if (!c.operands.empty()) line += fmt::format(" {}", c.operands);
    return line;
}

// The edit distance of [a] and [b] (an adjacent swap counts one), for suggesting an option.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

const option_spec* find_option(std::span<const option_spec> options, std::string_view name) {
    for (const auto& op : options) {
        if (op.name == name || (name.size() == 2 && name[0] == '-' && op.short_name == name[1] && op.short_name != 0)) return &op;
    }
    return nullptr;
}

const option_spec* find_short(std::span<const option_spec> options, char c) {
    for (const auto& op : options) {
        if (op.short_name == c) return &op;
    }
    return nullptr;
}

// What may follow an option as its value: not another option, but `-` and `-1` (which the
// option then refuses with its own message).
bool looks_like_value(std::string_view a) {
    return a.empty() || a[0] != '-' || a == "-" || (a.size() > 1 && a[1] >= '0' && a[1] <= '9');
}

// man(7) text: backslashes and a leading dot or quote escaped, `quoted` in bold.
std::string troff(std::string_view text) {
    std::string out;
    bool bold = false;
    for (const char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else if (c == '`') {
            out += bold ? "\\fR" : "\\fB";
            bold = !bold;
        } else {
            out += c;
        }
    }
    if (bold) out += "\\fR";
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

// An option as a man(7) tagged paragraph: "-j, --jobs N", then its help.
void man_option(std::ostream& out, const option_spec& op, language lang) {
    out << ".TP\n\\fB" << (op.short_name ? fmt::format("\\-{}\\fR, \\fB", op.short_name) : "") << troff(op.name) << "\\fR"
        << (op.takes_value() ? " \\fI" + troff(op.value) + "\\fR" : "") << "\n"
        << troff(option_help(op, lang)) << "\n";
}

}  // namespace

std::vector<std::string_view> option_spec::choices() const {
    std::vector<std::string_view> out;
    if (value.find('|') == std::string_view::npos) return out;
    std::size_t i = 0;
    for (;;) {
        const auto bar = value.find('|', i);
        out.push_back(value.substr(i, bar == std::string_view::npos ? std::string_view::npos : bar - i));
        if (bar == std::string_view::npos) break;
        i = bar + 1;
    }
    return out;
}

std::span<const command_spec> commands() { return command_table; }
std::span<const option_spec> common_options() { return common; }

const command_spec* find_command(std::string_view name) {
    for (const auto& c : command_table) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

bool arguments::has(std::string_view option) const {
    return std::any_of(given.begin(), given.end(), [&](const auto& g) { return g.first == option; });
}

std::optional<std::string> arguments::value(std::string_view option) const {
    for (auto it = given.rbegin(); it != given.rend(); ++it) {
        if (it->first == option) return it->second;
    }
    return std::nullopt;
}

std::vector<std::string> arguments::values(std::string_view option) const {
    std::vector<std::string> out;
    for (const auto& [name, v] : given) {
        if (name == option) out.push_back(v);
    }
    return out;
}

void print_usage_hint(const command_spec* command, std::ostream& err, language lang) {
    if (command == nullptr) {
        err << said(msg::help_usage, lang) << ": " << said(msg::help_top_synopsis, lang) << "\n" << said(msg::help_try_top, lang) << "\n";
        return;
    }
    err << usage_line(*command, lang) << "\n" << say(msg::help_try, {command->name}).in(lang) << "\n";
}

void unknown_command(std::string_view name, std::ostream& err, language lang) {
    err << say(msg::cli_unknown_command, {name}).in(lang);
    const command_spec* best = nullptr;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const auto& c : command_table) {
        if (const auto d = distance(name, c.name); d < best_distance) {
            best = &c;
            best_distance = d;
        }
    }
    if (best != nullptr) err << "; " << say(msg::cli_did_you_mean_option, {best->name}).in(lang);
    err << "\n";
    print_usage_hint(nullptr, err, lang);
}

void unknown_option(const command_spec* command, std::string_view option, std::ostream& err, language lang) {
    const std::string who = command == nullptr ? "decreec" : label(command->name);
    err << say(msg::cli_unknown_option, {who, option}).in(lang);
    const auto name = option.substr(0, option.find('='));
    // The nearest option of this command or of every command, if near enough to be a slip.
    std::string_view best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 4) + 1;
    auto consider = [&](std::span<const option_spec> options) {
        for (const auto& op : options) {
            const auto d = distance(name, op.name);
            const bool prefix = name.size() >= 4 && op.name.starts_with(name);
            if (d < best_distance || (prefix && best.empty())) {
                best = op.name;
                best_distance = prefix ? 1 : d;
            }
        }
    };
    if (command != nullptr) consider(command->options);
    consider(common);
    if (!best.empty()) {
        err << "; " << say(msg::cli_did_you_mean_option, {best}).in(lang) << "\n";
    } else {
        // An option of another command, given to this one.
        const command_spec* owner = nullptr;
        for (const auto& c : command_table) {
            if (&c != command && find_option(c.options, name) != nullptr) {
                owner = &c;
                break;
            }
        }
        if (owner != nullptr) err << "; " << say(msg::cli_option_of_other_command, {name, owner->name}).in(lang);
        err << "\n";
    }
    print_usage_hint(command, err, lang);
}

std::optional<int> parse_arguments(std::string_view command, const std::vector<std::string>& args, arguments& into,
                                   std::ostream& out, std::ostream& err, language lang) {
    constexpr int help_shown = 0, mistake = 64;  // cli::ok and cli::usage
    const command_spec& spec = *find_command(command);
    const std::string who = label(spec.name);
    bool options_end = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_end || a == "-" || a.empty() || a[0] != '-') {
            into.operands.push_back(a);
            continue;
        }
        if (a == "--") {
            options_end = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            print_help(&spec, out, lang);
            return help_shown;
        }
        const option_spec* op = nullptr;
        std::optional<std::string> attached;  // `--opt=value`, `-jVALUE`
        if (a.starts_with("--")) {
            const auto eq = a.find('=');
            op = find_option(spec.options, std::string_view(a).substr(0, eq));
            if (eq != std::string::npos) attached = a.substr(eq + 1);
        } else {
            op = find_short(spec.options, a[1]);
            if (op != nullptr && a.size() > 2) {
                if (!op->takes_value()) op = nullptr;  // `-wq`: flags are not combined
                else attached = a.substr(2);
            }
        }
        if (op == nullptr) {
            unknown_option(&spec, a, err, lang);
            return mistake;
        }
        std::string value;
        if (op->takes_value()) {
            if (attached) {
                value = *attached;
            } else if (i + 1 < args.size() && looks_like_value(args[i + 1])) {
                value = args[++i];
            } else {
                err << say(msg::cli_option_needs_value, {who, op->name, op->value}).in(lang) << "\n";
                print_usage_hint(&spec, err, lang);
                return mistake;
            }
            if (const auto choices = op->choices(); !choices.empty() &&
                                                    std::find(choices.begin(), choices.end(), value) == choices.end()) {
                std::string list;
                for (std::size_t k = 0; k < choices.size(); ++k) {
                    list += k == 0 ? "" : k + 1 == choices.size() ? fmt::format(" {} ", said(msg::cli_or, lang)) : ", ";
                    list += fmt::format("`{}`", choices[k]);
                }
                err << say(msg::cli_option_choices, {who, op->name, list, value}).in(lang) << "\n";
                return mistake;
            }
        } else if (attached) {
            err << say(msg::cli_option_takes_no_value, {who, op->name}).in(lang) << "\n";
            return mistake;
        }
        into.given.emplace_back(op->name, std::move(value));
    }
    if (into.operands.size() < spec.min_operands) {
        err << say(msg::cli_missing_operands, {who}).in(lang) << "\n";
        print_usage_hint(&spec, err, lang);
        return mistake;
    }
    if (spec.max_operands != command_spec::many && into.operands.size() > spec.max_operands) {
        err << say(msg::cli_too_many_operands, {who, into.operands[spec.max_operands]}).in(lang) << "\n";
        print_usage_hint(&spec, err, lang);
        return mistake;
    }
    // Standard input is one stream: two operands cannot both be read from it.
    if (std::count(into.operands.begin(), into.operands.end(), "-") > 1) {
        err << say(msg::cli_stdin_twice, {who}).in(lang) << "\n";
        return mistake;
    }
    return std::nullopt;
}

std::optional<unsigned long> whole_number(std::string_view v, std::size_t digits) {
    if (v.empty() || v.size() > digits || v.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    return std::stoul(std::string(v));
}

void print_help(const command_spec* command, std::ostream& out, language lang) {
    if (command == nullptr) {
        out << said(msg::help_usage, lang) << ": " << said(msg::help_top_synopsis, lang) << "\n\n" << said(msg::help_commands, lang) << ":\n";
        for (const auto& c : command_table) {
            wrapped(out, fmt::format("  {} {}", c.name, c.operands), 28, said(c.help, lang));
        }
        out << "\n" << said(msg::help_common_options, lang) << ":\n";
        print_options(out, common, lang);
        wrapped(out, "  -V, --version", 28, said(msg::opt_version, lang));
        out << "\n";
        print_exit_codes(out, lang);
        out << "\n" << said(msg::help_more, lang) << "\n";
        return;
    }
    out << usage_line(*command, lang) << "\n\n";
    wrapped(out, "", 0, said(command->help, lang));
    if (!command->options.empty()) {
        out << "\n" << said(msg::help_options, lang) << ":\n";
        print_options(out, command->options, lang);
    }
    out << "\n" << said(msg::help_common_options, lang) << ":\n";
    print_options(out, common, lang);
    out << "\n";
    print_exit_codes(out, lang);
}

void print_man_page(std::ostream& out, language lang) {
    const bool vi = lang == language::vi;
    out << ".\\\" decreec(1): made by `decreec man` from the table of its options.\n"
        << ".TH DECREEC 1 \"\" \"decreec " << version() << "\" \"Decree\"\n"
        << ".SH " << (vi ? "TÊN" : "NAME") << "\n"
        << "decreec \\- " << (vi ? "kiểm tra quyết định đặc xá và xét hồ sơ theo quyết định" : "check amnesty decrees and decide case records by them")
        << "\n.SH " << (vi ? "CÁCH DÙNG" : "SYNOPSIS") << "\n";
    for (const auto& c : command_table) {
        out << ".B decreec " << c.name << "\n";
        if (!c.options.empty()) out << "[\\fI" << troff(said(msg::help_options, lang)) << "\\fR]\n";
        if (!c.operands.empty()) out << ".I " << troff(c.operands) << "\n";
        out << ".br\n";
    }
    out << ".SH " << (vi ? "CÁC LỆNH" : "COMMANDS") << "\n";
    for (const auto& c : command_table) {
        out << ".TP\n\\fBdecreec " << c.name << "\\fR" << (c.operands.empty() ? "" : " \\fI" + troff(c.operands) + "\\fR") << "\n"
            << troff(said(c.help, lang)) << "\n";
        if (c.options.empty()) continue;
        out << ".RS\n";
        for (const auto& op : c.options) man_option(out, op, lang);
        out << ".RE\n";
    }
    out << ".SH " << (vi ? "TÙY CHỌN CỦA MỌI LỆNH" : "OPTIONS OF EVERY COMMAND") << "\n";
    for (const auto& op : common) man_option(out, op, lang);
    out << ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n" << troff(said(msg::opt_version, lang)) << "\n";
    out << ".SH " << (vi ? "MÃ THOÁT" : "EXIT STATUS") << "\n";
    for (const auto& [code, m] : exit_codes) out << ".TP\n.B " << code << "\n" << troff(said(m, lang)) << "\n";
    out << ".SH " << (vi ? "BIẾN MÔI TRƯỜNG" : "ENVIRONMENT") << "\n"
        << ".TP\n.B DECREE_LANG\n"
        << (vi ? "ngôn ngữ (vi hoặc en), trước LC_ALL, LC_MESSAGES và LANG" : "the language (vi or en), before LC_ALL, LC_MESSAGES and LANG")
        << "\n.TP\n.B DECREE_STDLIB\n"
        << (vi ? "các thư mục thư viện chuẩn của dự án, cách nhau bởi dấu hai chấm" : "a project's standard-library folders, separated by colons")
        << "\n.TP\n.B NO_COLOR\n"
        << (vi ? "khác rỗng thì không tô màu (trừ khi \\fB\\-\\-color always\\fR)" : "when not empty, no colour (unless \\fB\\-\\-color always\\fR)")
        << "\n.TP\n.B TERM\n" << (vi ? "\\fBdumb\\fR thì không tô màu" : "\\fBdumb\\fR: no colour") << "\n"
        << ".SH " << (vi ? "XEM THÊM" : "SEE ALSO") << "\n"
        << "docs/language.md, docs/case-record.md, \\fBman\\fR(1)\n";
}

void print_bash_completion(std::ostream& out) {
    out << "# bash completion for decreec, made by `decreec completion bash`.\n"
           "_decreec() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
           "    done\n"
           "    case $prev in\n";
    // Options that take a value: their choices, or files or folders.
    std::vector<std::string> seen;
    auto values = [&](const option_spec& op) {
        const std::string name(op.name);
        if (!op.takes_value() || std::find(seen.begin(), seen.end(), name) != seen.end()) return;
        seen.push_back(name);
        const auto choices = op.choices();
        if (!choices.empty()) {
            // `--format` differs between commands: the choices of every command that has it.
            std::vector<std::string_view> all;
            for (const auto& c : command_table) {
                if (const auto* same = find_option(c.options, op.name)) {
                    for (const auto ch : same->choices()) {
                        if (std::find(all.begin(), all.end(), ch) == all.end()) all.push_back(ch);
                    }
                }
            }
            out << "        " << name << ") COMPREPLY=($(compgen -W \"";
            for (std::size_t k = 0; k < all.size(); ++k) out << (k ? " " : "") << all[k];
            out << "\" -- \"$cur\")); return ;;\n";
        } else if (op.value == "DIR") {
            out << "        " << name << ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
        } else if (op.value == "N" || op.value == "SECS") {
            out << "        " << name << ") return ;;\n";
        } else {
            out << "        " << name << ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        }
    };
    for (const auto& op : common) values(op);
    for (const auto& c : command_table) {
        for (const auto& op : c.options) values(op);
    }
    out << "    esac\n"
           "    local opts=\"";
    for (std::size_t k = 0; k < common.size(); ++k) out << (k ? " " : "") << common[k].name;
    out << "\"\n"
           "    case $cmd in\n"
           "        '') COMPREPLY=($(compgen -W \"";
    for (std::size_t k = 0; k < command_table.size(); ++k) out << (k ? " " : "") << command_table[k].name;
    out << " --version\" -- \"$cur\")); return ;;\n";
    for (const auto& c : command_table) {
        if (c.options.empty()) continue;
        out << "        " << c.name << ") opts=\"$opts";
        for (const auto& op : c.options) out << " " << op.name;
        out << "\" ;;\n";
    }
    out << "        help) COMPREPLY=($(compgen -W \"";
    for (std::size_t k = 0; k < command_table.size(); ++k) out << (k ? " " : "") << command_table[k].name;
    out << "\" -- \"$cur\")); return ;;\n"
           "        completion) COMPREPLY=($(compgen -W bash -- \"$cur\")); return ;;\n"
           "    esac\n"
           "    if [[ $cur == -* ]]; then\n"
           "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
           "    else\n"
           "        compopt -o filenames 2>/dev/null\n"
           "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "    fi\n"
           "}\n"
           "complete -F _decreec decreec\n";
}

std::string_view version() { return DECREE_VERSION; }

}  // namespace decree::cli
