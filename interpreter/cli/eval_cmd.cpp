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
#include "cli/records.hpp"
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
    std::string report_file;
};

constexpr const char* eval_usage =
    "usage: decreec eval DECREE CASES... [--format text|json] [--lang vi|en] [--trace]\n"
    "                    [--summary FILE] [--report FILE.html] [--strict] [--quiet]\n"
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
        } else if (auto rp = value("--report")) {
            o.report_file = *rp;
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

    std::vector<eval::summary::undetermined_case> undetermined;
    std::size_t undetermined_total = 0;

    void emit(eval::case_result& r) {
        totals.add(r);
        if (r.outcome.result == eval::verdict::undetermined && !o.report_file.empty()) {
            if (undetermined.size() < 5000) undetermined.push_back({r.id, r.line, r.outcome.missing});
            ++undetermined_total;
        }
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

    // Returns false when the file cannot be read.
    bool file(const std::string& path) {
        return read_records(path, parser, [&](const record_event& ev) {
            if (ev.object == nullptr) {
                error(ev.line, "", ev.problem);
            } else {
                element(*ev.object, ev.line, ev.where);
            }
        });
    }
};

}  // namespace

std::unique_ptr<compilation> load_decree(const std::string& path, std::ostream& err, const environment& env, int& code,
                                         bool need_input, render_style style) {
    bool io = false;
    auto comp = compile_file(path, {}, &io);
    if (io) {
        err << path << ": error: cannot read the file\n";
        code = io_error;
        return nullptr;
    }
    if (!comp->ok()) {
        for (const auto& d : comp->diagnostics.all()) err << render(d, comp->sources, style, env.color);
        code = data_error;
        return nullptr;
    }
    const auto* input = comp->program->input;
    if (need_input && (input == nullptr || input->kind != ir::tkind::record)) {
        err << path << ": error: the decree declares no `input` record, so it cannot read case records\n";
        code = data_error;
        return nullptr;
    }
    return comp;
}

int eval_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    eval_options o;
    if (!parse(args, o, err)) return usage;
    int code = ok;
    auto comp = load_decree(o.decree, err, env, code, true);
    if (!comp) return code;
    const auto& prog = *comp->program;
    runner r{o, *comp, prog, *prog.input->rec, out, err, eval::evaluator(prog), {}, simdjson::dom::parser(), {}, 0};
    bool io = false;
    for (const auto& path : o.cases) {
        if (!r.file(path)) {
            err << path << ": error: cannot read the file\n";
            io = true;
        }
    }
    if (!o.quiet) err << r.totals.text(o.lang);
    if (!o.report_file.empty()) {
        std::ofstream rep(o.report_file, std::ios::binary);
        rep << r.totals.html(prog.modules.front().citation, o.cases, r.undetermined, r.undetermined_total);
        if (!rep) {
            err << o.report_file << ": error: cannot write the report\n";
            io = true;
        }
    }
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
    auto comp = load_decree(args[1], err, env, code, true);
    if (!comp) return code;
    const auto& prog = *comp->program;
    out << eval::json_schema(*prog.input->rec, prog.modules.front().citation);
    return ok;
}

}  // namespace decree::cli
