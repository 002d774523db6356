// decreec eval: decide case records (one JSON object, a JSON array, or JSON Lines streamed in
// constant memory) against a decree; one result per record, in input order, errors included.
// decreec schema: the decree's record type as JSON Schema.
#include <simdjson.h>

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/line_reader.hpp"
#include "cli/records.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval.hpp"
#include "json_input.hpp"
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
    std::size_t jobs = 0;  // threads deciding JSON Lines (0: one per core)
    eval::language lang = eval::language::vi;
    std::string summary_file;
    std::string report_file;
};

constexpr const char* eval_usage =
    "usage: decreec eval DECREE CASES... [--format text|json] [--lang vi|en] [--trace]\n"
    "                    [--summary FILE] [--report FILE.html] [--strict] [--quiet] [--jobs N]\n"
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
        } else if (auto j = value("--jobs")) {
            try {
                o.jobs = static_cast<std::size_t>(std::max(1, std::stoi(*j)));
            } catch (const std::exception&) {
                err << "decreec eval: --jobs takes a number\n";
                return false;
            }
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

    // One record's result, rendered. Touches no shared state: workers call it in parallel.
    struct outcome {
        eval::case_result result;
        std::string where;
        std::string rendered;
    };

    outcome decide(const simdjson::dom::element& e, std::size_t line, const std::string& where, eval::evaluator& ev) const {
        outcome res;
        res.where = where;
        auto d = eval::decode(e, type);
        auto& r = res.result;
        r.id = d.id;
        r.line = line;
        if (!d.errors.empty()) {
            for (const auto& p : d.errors) r.outcome.error += (r.outcome.error.empty() ? "" : "; ") + p.path + ": " + p.message;
            r.outcome.result = eval::verdict::error;
        } else {
            if (o.strict) {
                for (const auto& w : d.warnings) r.warnings.push_back(w.path + ": " + w.message);
            }
            const auto& rec = std::get<eval::record_ptr>(d.record);
            if (name_field >= 0) {
                if (const auto* n = std::get_if<std::string>(&rec->fields[static_cast<std::size_t>(name_field)])) r.name = *n;
            }
            r.outcome = ev.decide(rec, o.trace || !o.json);
        }
        res.rendered = render(r);
        return res;
    }

    outcome problem(std::size_t line, const std::string& message, const std::string& id = {}) const {
        outcome res;
        res.result.id = id;
        res.result.line = line;
        res.result.outcome.result = eval::verdict::error;
        res.result.outcome.error = message;
        res.rendered = render(res.result);
        return res;
    }

    std::string render(const eval::case_result& r) const {
        return o.json ? eval::render_json(r, prog, comp.sources, o.lang, o.trace) + "\n"
                      : eval::render_text(r, prog, comp.sources, o.lang) + "\n";
    }

    // Counts it, and writes it: always in input order, on the main thread.
    void emit(const outcome& x) {
        const auto& r = x.result;
        totals.add(r);
        if (r.outcome.result == eval::verdict::undetermined && !o.report_file.empty()) {
            if (undetermined.size() < 5000) undetermined.push_back({r.id, r.line, r.outcome.missing});
            ++undetermined_total;
        }
        for (const auto& w : r.warnings) {
            err << x.where << (r.id.empty() ? "" : " (" + r.id + ")") << ": warning: " << w << '\n';
        }
        if (!r.id.empty() && !ids.insert(r.id)) {
            err << x.where << ": warning: duplicate record id `" << r.id << "`\n";
        }
        out << x.rendered;
    }

    // The ids seen, as 64-bit hashes in an open-addressing table: 16 bytes a record at most,
    // so that a national roster streams in bounded memory.
    struct id_set {
        std::vector<std::uint64_t> slots = std::vector<std::uint64_t>(1024, 0);
        std::size_t used = 0;
        // False when [id] was seen before (or, once in 2^64, shares its hash).
        bool insert(const std::string& id) {
            std::uint64_t h = std::hash<std::string>{}(id) | 1;  // 0 marks an empty slot
            if ((used + 1) * 2 > slots.size()) grow();
            for (std::size_t i = h & (slots.size() - 1);; i = (i + 1) & (slots.size() - 1)) {
                if (slots[i] == h) return false;
                if (slots[i] == 0) {
                    slots[i] = h;
                    ++used;
                    return true;
                }
            }
        }
        void grow() {
            std::vector<std::uint64_t> old(slots.size() * 2, 0);
            old.swap(slots);
            for (const auto h : old) {
                if (h == 0) continue;
                std::size_t i = h & (slots.size() - 1);
                while (slots[i] != 0) i = (i + 1) & (slots.size() - 1);
                slots[i] = h;
            }
        }
    } ids;

    const int name_field = type.find("name");  // the person's name, shown in the text output

    // JSON Lines with several workers: batches of lines decided in parallel, written in order.
    bool parallel_lines(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return false;
        struct worker {
            simdjson::dom::parser parser;
            std::unique_ptr<eval::evaluator> ev;
        };
        std::vector<worker> workers(o.jobs);
        for (auto& w : workers) w.ev = std::make_unique<eval::evaluator>(prog);
        // A batch holds at most 4096 lines and 64 MiB of them.
        constexpr std::size_t batch_size = 4096, batch_bytes = std::size_t{64} << 20;
        std::size_t bytes = 0;
        struct line_text {
            std::size_t line = 0;
            std::string text;
            std::size_t too_long = 0;  // the length of a line over the limit, else 0
            std::string id;            // the id of a line over the limit, if its start has one
        };
        std::vector<line_text> batch;
        std::vector<outcome> results;
        std::size_t n = 0;
        auto flush = [&] {
            results.assign(batch.size(), outcome{});
            auto work = [&](std::size_t k) {
                auto& w = workers[k];
                for (std::size_t i = k; i < batch.size(); i += workers.size()) {
                    const auto& [line, text, too_long, id] = batch[i];
                    const std::string where = fmt::format("{}:{}", path, line);
                    if (too_long > 0) {
                        results[i] = problem(line, where + ": " + eval::record_too_large(too_long), id);
                        continue;
                    }
                    simdjson::dom::element e;
                    const auto code = w.parser.parse(text).get(e);
                    if (code != simdjson::SUCCESS) {
                        const auto why = eval::explain_json_error(text, simdjson::error_message(code));
                        results[i] = problem(line, where + ": not a JSON record: " + why.message, why.id);
                    } else if (e.type() != simdjson::dom::element_type::OBJECT) {
                        results[i] = problem(line, where + ": a case record must be a JSON object");
                    } else {
                        results[i] = decide(e, line, where, *w.ev);
                    }
                }
            };
            std::vector<std::thread> threads;
            for (std::size_t k = 1; k < workers.size(); ++k) threads.emplace_back(work, k);
            work(0);
            for (auto& t : threads) t.join();
            for (const auto& r : results) emit(r);
            batch.clear();
            bytes = 0;
        };
        line_reader reader(in, eval::max_record_bytes);
        while (reader.next()) {
            n = reader.number();
            auto text = reader.take();
            if (n == 1 && std::string_view(text).starts_with(eval::byte_order_mark)) text.erase(0, eval::byte_order_mark.size());
            if (!reader.too_long() && text.find_first_not_of(" \t\r") == std::string::npos) continue;
            bytes += text.size();
            batch.push_back({n, std::move(text), reader.too_long() ? reader.length() : 0,
                             reader.too_long() ? eval::explain_json_error(reader.prefix(), {}).id : std::string()});
            if (batch.size() == batch_size || bytes >= batch_bytes) flush();
        }
        flush();
        return !in.bad();
    }

    // Returns false when the file cannot be read.
    bool file(const std::string& path) {
        if (o.jobs > 1 && path.size() > 6 && path.ends_with(".jsonl")) return parallel_lines(path);
        return read_records(path, parser, [&](const record_event& ev) {
            emit(ev.object == nullptr ? problem(ev.line, ev.problem, ev.id) : decide(*ev.object, ev.line, ev.where, evaluator));
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
    if (o.jobs == 0) o.jobs = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    int code = ok;
    auto comp = load_decree(o.decree, err, env, code, true);
    if (!comp) return code;
    const auto& prog = *comp->program;
    runner r{o, *comp, prog, *prog.input->rec, out, err, eval::evaluator(prog), {}, simdjson::dom::parser(), {}, 0, {}};
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
