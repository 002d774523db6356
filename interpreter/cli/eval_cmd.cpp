// decreec eval: decide case records (one JSON object, a JSON array, or JSON Lines streamed in
// constant memory) against a decree; one result per record, in input order, errors included.
// decreec schema: the decree's record type as JSON Schema.
#include <simdjson.h>

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval.hpp"
#include "report.hpp"
#include "schema.hpp"

namespace decree::cli {

namespace {

struct eval_options {
    std::string decree;
    std::vector<std::string> cases;
    bool json = false;
    bool trace = false;
    bool strict = false;
    bool quiet = false;
    eval::language lang = eval::language::vi;
    std::string summary_file;
};

constexpr const char* eval_usage =
    "usage: decreec eval DECREE CASES... [--format text|json] [--lang vi|en] [--trace]\n"
    "                    [--summary FILE] [--strict] [--quiet]\n"
    "  CASES: a JSON object, a JSON array of objects, or JSON Lines (.jsonl); `-` reads stdin\n";

bool parse(const std::vector<std::string>& args, eval_options& o, std::ostream& err) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& a = args[i];
        auto value = [&](const std::string& flag) -> std::optional<std::string> {
            if (a.rfind(flag + "=", 0) == 0) return a.substr(flag.size() + 1);
            if (a == flag && i + 1 < args.size()) return args[++i];
            return std::nullopt;
        };
        if (auto v = value("--format")) {
            if (*v != "text" && *v != "json") {
                err << "decreec eval: unknown format `" << *v << "` (text or json)\n";
                return false;
            }
            o.json = *v == "json";
        } else if (auto l = value("--lang")) {
            if (*l != "vi" && *l != "en") {
                err << "decreec eval: unknown language `" << *l << "` (vi or en)\n";
                return false;
            }
            o.lang = *l == "vi" ? eval::language::vi : eval::language::en;
        } else if (auto s = value("--summary")) {
            o.summary_file = *s;
        } else if (a == "--trace") {
            o.trace = true;
        } else if (a == "--strict") {
            o.strict = true;
        } else if (a == "--quiet") {
            o.quiet = true;
        } else if (a.size() > 1 && a[0] == '-' ) {
            err << "decreec eval: unknown option `" << a << "`\n" << eval_usage;
            return false;
        } else if (o.decree.empty()) {
            o.decree = a;
        } else {
            o.cases.push_back(a);
        }
    }
    if (o.decree.empty() || o.cases.empty()) {
        err << eval_usage;
        return false;
    }
    return true;
}

// Calls [fn] for each record of one input: (JSON text, line or index, error message if the input
// could not be split into records). Returns false when the input cannot be read.
using record_fn = std::function<void(std::string_view json, std::size_t line)>;

bool each_line(std::istream& in, const record_fn& fn) {
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank: not a record
        fn(line, n);
    }
    return !in.bad();
}

struct runner {
    const eval_options& o;
    const compilation& comp;
    const ir::program& prog;
    const ir::record_type& type;
    std::ostream& out;
    std::ostream& err;
    eval::evaluator evaluator;
    eval::summary totals;
    simdjson::dom::parser parser;

    void emit(eval::case_result& r) {
        totals.add(r);
        if (o.json) {
            out << eval::render_json(r, prog, comp.sources, o.lang, o.trace) << '\n';
        } else {
            out << eval::render_text(r, prog, comp.sources, o.lang) << '\n';
        }
    }

    void error(std::size_t line, std::string id, std::string message) {
        eval::case_result r;
        r.id = std::move(id);
        r.line = line;
        r.outcome.result = eval::verdict::error;
        r.outcome.error = std::move(message);
        emit(r);
    }

    void element(const simdjson::dom::element& e, std::size_t line, const std::string& where) {
        auto d = eval::decode(e, type, prog);
        eval::case_result r;
        r.id = d.id;
        r.line = line;
        if (!d.errors.empty()) {
            std::string msg;
            for (const auto& p : d.errors) msg += (msg.empty() ? "" : "; ") + p.path + ": " + p.message;
            r.outcome.result = eval::verdict::error;
            r.outcome.error = msg;
            emit(r);
            return;
        }
        if (o.strict) {
            for (const auto& w : d.warnings) {
                r.warnings.push_back(w.path + ": " + w.message);
                err << where << (r.id.empty() ? "" : " (" + r.id + ")") << ": warning: " << w.path << ": " << w.message
                    << '\n';
            }
        }
        const auto& rec = std::get<eval::record_ptr>(d.record);
        const int name_field = type.find("name");
        if (name_field >= 0) {
            if (const auto* s = std::get_if<std::string>(&rec->fields[static_cast<std::size_t>(name_field)])) r.name = *s;
        }
        r.outcome = evaluator.decide(rec, o.trace || !o.json);
        emit(r);
    }

    void text(std::string_view json, std::size_t line, const std::string& file) {
        const std::string where = line > 0 ? fmt::format("{}:{}", file, line) : file;
        simdjson::dom::element e;
        const auto code = parser.parse(json.data(), json.size()).get(e);
        if (code != simdjson::SUCCESS) {
            error(line, "", where + ": not a JSON record: " + simdjson::error_message(code));
            return;
        }
        if (e.type() != simdjson::dom::element_type::OBJECT) {
            error(line, "", where + ": a case record must be a JSON object");
            return;
        }
        element(e, line, where);
    }

    // Returns false when the file cannot be read.
    bool file(const std::string& path) {
        auto by_line = [&](std::istream& in) {
            return each_line(in, [&](std::string_view json, std::size_t line) { text(json, line, path); });
        };
        const bool jsonl = path.size() > 6 && path.ends_with(".jsonl");
        if (path == "-") {
            // JSON Lines are streamed; anything else (an array, a pretty-printed object) is
            // read whole, once its first line shows it is not one record per line.
            std::string first;
            std::size_t skipped = 0;
            while (std::getline(std::cin, first)) {
                ++skipped;
                if (first.find_first_not_of(" \t\r") != std::string::npos) break;
            }
            if (first.find_first_not_of(" \t\r") == std::string::npos) return !std::cin.bad();
            simdjson::dom::element probe;
            if (parser.parse(first).get(probe) == simdjson::SUCCESS) {
                text(first, skipped, path);
                std::string line;
                std::size_t n = skipped;
                while (std::getline(std::cin, line)) {
                    ++n;
                    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
                    text(line, n, path);
                }
                return !std::cin.bad();
            }
            std::ostringstream ss;
            ss << first << '\n' << std::cin.rdbuf();
            return whole(ss.str(), path);
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        if (jsonl) return by_line(in);
        std::ostringstream ss;
        ss << in.rdbuf();
        if (in.bad()) return false;
        return whole(ss.str(), path);
    }

    bool whole(const std::string& content, const std::string& path) {
        const auto first = content.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return true;  // no record
        simdjson::dom::element e;
        const auto code = parser.parse(content).get(e);
        if (code == simdjson::SUCCESS && e.type() == simdjson::dom::element_type::ARRAY) {
            std::size_t i = 0;
            for (auto item : simdjson::dom::array(e)) {
                ++i;
                const std::string where = fmt::format("{}[{}]", path, i - 1);
                if (item.type() != simdjson::dom::element_type::OBJECT) {
                    error(i, "", where + ": a case record must be a JSON object");
                    continue;
                }
                element(item, i, where);
            }
            return true;
        }
        if (code == simdjson::SUCCESS) {
            if (e.type() != simdjson::dom::element_type::OBJECT) {
                error(0, "", path + ": a case record must be a JSON object");
            } else {
                element(e, 0, path);
            }
            return true;
        }
        if (content[first] == '[') {
            error(0, "", path + ": not a JSON array of records: " + simdjson::error_message(code));
            return true;
        }
        // Several objects, one per line: JSON Lines under another extension.
        std::istringstream lines(content);
        return each_line(lines, [&](std::string_view json, std::size_t line) { text(json, line, path); });
    }
};

std::optional<std::unique_ptr<compilation>> load(const std::string& path, std::ostream& err, const environment& env,
                                                 int& code) {
    bool io = false;
    auto comp = compile_file(path, {}, &io);
    if (io) {
        err << path << ": error: cannot read the file\n";
        code = io_error;
        return std::nullopt;
    }
    if (!comp->ok()) {
        for (const auto& d : comp->diagnostics.all()) err << render(d, comp->sources, render_style::rich, env.color);
        code = data_error;
        return std::nullopt;
    }
    return comp;
}

}  // namespace

int eval_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    eval_options o;
    if (!parse(args, o, err)) return usage;
    int code = ok;
    auto comp = load(o.decree, err, env, code);
    if (!comp) return code;
    const auto& prog = *(*comp)->program;
    if (prog.input == nullptr || prog.input->kind != ir::tkind::record) {
        err << o.decree << ": error: the decree declares no `input` record, so it cannot read case records\n";
        return data_error;
    }
    runner r{o, **comp, prog, *prog.input->rec, out, err, eval::evaluator(prog), {}, simdjson::dom::parser()};
    bool io = false;
    for (const auto& path : o.cases) {
        if (!r.file(path)) {
            err << path << ": error: cannot read the file\n";
            io = true;
        }
    }
    if (!o.quiet) err << r.totals.text(o.lang);
    if (o.summary_file == "-") {
        out << r.totals.json();
    } else if (!o.summary_file.empty()) {
        std::ofstream s(o.summary_file, std::ios::binary);
        s << r.totals.json();
        if (!s) {
            err << o.summary_file << ": error: cannot write the summary\n";
            io = true;
        }
    }
    if (io) return io_error;
    return r.totals.errors() > 0 ? failed : ok;
}

int schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    if (args.size() > 2) {
        err << "usage: decreec schema [DECREE]\n";
        return usage;
    }
    if (args.size() == 1) {
        // The standard library's case record.
        auto comp = compile("<schema>", "import vn/case_record\n");
        if (comp->program) {
            for (const auto& r : comp->program->types.records()) {
                if (r.name == "case_record") {
                    out << eval::json_schema(r, "Case record (vn/case_record)");
                    return ok;
                }
            }
        }
        err << "decreec schema: the standard library has no case record\n";
        return software;
    }
    int code = ok;
    auto comp = load(args[1], err, env, code);
    if (!comp) return code;
    const auto& prog = *(*comp)->program;
    if (prog.input == nullptr || prog.input->kind != ir::tkind::record) {
        err << args[1] << ": error: the decree declares no `input` record\n";
        return data_error;
    }
    out << eval::json_schema(*prog.input->rec, prog.modules.front().citation);
    return ok;
}

}  // namespace decree::cli
