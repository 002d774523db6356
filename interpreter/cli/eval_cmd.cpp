// decreec eval: decide case records (one JSON object, a JSON array, or JSON Lines streamed in
// constant memory) against a decree; one result per record, in input order, errors included.
// decreec schema: the decree's record type as JSON Schema.
#include <simdjson.h>

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/records.hpp"
#include "cli/usage.hpp"
#include "decree/lang/messages.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/provenance.hpp"
#include "eval/decide.hpp"
#include "json_input.hpp"
#include "render/renderer.hpp"
#include "report.hpp"
#include "schema.hpp"

namespace decree::cli {

namespace {

enum class output_format { text, json, csv };

struct eval_options {
    std::string decree;
    output_format format = output_format::text;
    bool progress = false;  // even when standard error is not a terminal
    std::vector<std::string> cases;
    bool json = false;
    bool trace = false;
    bool strict = false;
    bool quiet = false;
    bool no_fusion = false;  // every case on the plain code
    bool no_assumptions = false;  // withhold the verdicts that rest on assumptions
    std::size_t jobs = 0;  // threads deciding JSON Lines (0: one per core)
    eval::language lang = eval::language::vi;
    language messages = language::en;  // of diagnostics and errors (`--lang`, else English)
    std::string summary_file;
    std::string report_file;
};

// The options of `decreec eval` (see the table in usage.cpp); 0 to go on, else the exit code.
int parse(const std::vector<std::string>& args, eval_options& o, std::ostream& out, std::ostream& err, language lang) {
    arguments given;
    if (const auto end = parse_arguments("eval", args, given, out, err, lang)) return *end;
    for (const auto& [name, v] : given.given) {
        if (name == "--format") {
            o.format = v == "json" ? output_format::json : v == "csv" ? output_format::csv : output_format::text;
        } else if (name == "--summary") {
            o.summary_file = v;
        } else if (name == "--jobs") {
            // A whole number from 1; more than 4 threads a core is cut to that (with a note).
            const auto n = whole_number(v, 9);
            if (!n || *n == 0) {
                err << say(msg::cli_eval_jobs_whole, {v}).in(lang) << "\n";
                return usage;
            }
            o.jobs = *n;
            const std::size_t cap = 4 * std::max(1u, std::thread::hardware_concurrency());
            if (o.jobs > cap) {
                err << say(msg::cli_eval_jobs_capped, {o.jobs, cap}).in(lang) << "\n";
                o.jobs = cap;
            }
        } else if (name == "--report") {
            o.report_file = v;
        } else if (name == "--trace") {
            o.trace = true;
        } else if (name == "--strict") {
            o.strict = true;
        } else if (name == "--quiet") {
            o.quiet = true;
        } else if (name == "--progress") {
            o.progress = true;
        } else if (name == "--no-fusion") {
            o.no_fusion = true;
        } else if (name == "--no-assumptions") {
            o.no_assumptions = true;
        }
    }
    o.decree = given.operands[0];
    o.cases.assign(given.operands.begin() + 1, given.operands.end());
    o.json = o.format == output_format::json;
    return -1;
}

struct runner {
    const eval_options& o;
    const compilation& comp;
    const ir::program& prog;
    const ir::record_type& type;
    result_output& out;
    std::ostream& err;
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

    // How every record is decided: its explanation when the output shows one, its undeclared
    // fields named (the summary lists them), with --strict a warning each.
    eval::decide_options options(std::size_t line, std::string_view file = {}) const {
        eval::decide_options d;
        d.explain = explained();
        d.no_assumptions = o.no_assumptions;
        d.undeclared = true;
        d.warnings = o.strict;
        d.file = file;
        d.line = line;
        return d;
    }

    outcome decide(const simdjson::dom::element& e, std::size_t line, const std::string& where, eval::decider& d) const {
        outcome res;
        res.where = where;
        d.decide(e, options(line), res.result);
        res.rendered = render(res.result);
        return res;
    }

    outcome problem(std::size_t line, const text& message, const std::string& id = {}) const {
        outcome res;
        res.result.id = id;
        res.result.line = line;
        res.result.outcome.result = eval::verdict::error;
        res.result.outcome.error = message;
        res.rendered = render(res.result);
        return res;
    }

    std::string render(const eval::case_result& r) const {
        std::string text;
        render(r, text);
        return text;
    }
    void render(const eval::case_result& r, std::string& to) const {
        if (o.format == output_format::csv) {
            writer.csv(r, o.lang, o.messages, to);
            return;
        }
        if (o.json) {
            writer.json(r, o.lang, o.trace, to);
        } else if (r.outcome.result == eval::verdict::error && o.lang != o.messages) {
            // A case's error is a message: in the language of messages, whatever the explanations'.
            auto said = r;
            const auto& m = r.outcome.error.in(o.messages);
            said.outcome.error = text{m, m};
            writer.text(said, o.lang, to);
        } else {
            writer.text(r, o.lang, to);
        }
        to.push_back('\n');
    }

    // Counts it, and writes it: always in input order, on the main thread.
    void emit(const outcome& x) {
        const auto& r = x.result;
        totals.add(r);
        if (shown) {
            if (!r.warnings.empty()) shown->clear();
            shown->add_one(static_cast<std::size_t>(r.outcome.result));
            shown->update();
        }
        if (r.outcome.result == eval::verdict::undetermined && !o.report_file.empty()) {
            if (undetermined.size() < 5000) undetermined.push_back({r.id, r.line, r.outcome.missing});
            ++undetermined_total;
        }
        for (const auto& w : r.warnings) {
            err << say(msg::cli_warning_line, {x.where + (r.id.empty() ? "" : " (" + r.id + ")"), w}).in(o.messages) << '\n';
        }
        if (!r.id.empty() && !ids.insert(r.id)) {
            err << say(msg::cli_duplicate_record_id, {x.where, r.id}).in(o.messages) << "\n";
        }
        out.put_result(x.rendered);
    }

    // Thrown out of a reader's sink to stop reading: the output failed, or a signal asked to stop.
    struct stop_reading {};
    bool stopping() const { return out.failed() || stop_signal() != 0; }

    // The ids seen, as 64-bit hashes in an open-addressing table: 16 bytes a record at most,
    // so that a national roster streams in bounded memory.
    struct id_set {
        std::vector<std::uint64_t> slots = std::vector<std::uint64_t>(1024, 0);
        std::size_t used = 0;
        static std::uint64_t hash(const std::string& id) { return std::hash<std::string>{}(id) | 1; }  // 0: empty
        bool insert(const std::string& id) { return insert_hash(hash(id)); }
        void prefetch(std::uint64_t h) const { __builtin_prefetch(&slots[h & (slots.size() - 1)]); }
        // False when the id of hash [h] was seen before (or, once in 2^64, shares its hash).
        bool insert_hash(std::uint64_t h) {
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

    // The program compiled once, for every thread's decider (eval/decide.hpp).
    std::shared_ptr<const eval::compiled> program = eval::compile(prog);
    const eval::renderer writer{prog, comp.sources};
    std::unique_ptr<eval::decider> single{};  // for the records of whole JSON files

    // JSON Lines, read in blocks of whole lines; each block's lines are decided in runs of
    // consecutive lines, and their results written in input order.
    // What a run of lines gives: results, counts, and per record what the main thread needs in
    // input order (the id for the duplicate check, warnings).
    struct run_result {
        std::string out;
        std::vector<std::size_t> ends;  // where each result ends in out
        eval::summary totals;
        struct note {
            std::string id;
            std::uint64_t hash = 0;  // of the id
            std::size_t line = 0;
            std::string warnings;
        };
        std::vector<note> notes;
        std::vector<eval::summary::undetermined_case> undetermined;
        std::size_t undetermined_total = 0;
        progress::counts verdicts{};  // of this run, for the progress line
    };
    struct worker {
        std::unique_ptr<eval::decider> decider;
        eval::outcome fo;  // the last compact decision
        eval::case_result last;  // the last full result (its trace's capacity is reused)
        run_result* res = nullptr;  // where the current run goes
        // What was decided without explanation, counted per provision and per assumption over the
        // whole input and folded into the totals at its end (the summary's order does not depend
        // on when).
        std::vector<std::size_t> failed, applied, assumed;
        std::size_t eligible = 0, not_eligible = 0, withheld = 0;
        std::size_t resting[2] = {0, 0};  // eligible, not eligible verdicts resting on assumptions
    };

    // Decides one line: [text] and [len] (with the parser's padding readable after it), or for
    // a line too long to hold, its length [len] and its start [text] (max_record_bytes + 1 bytes).
    void line_record(worker& w, const std::string& path, const char* text, std::size_t len, std::size_t line) {
        auto& res_of_run = *w.res;
        auto& note = res_of_run.notes.emplace_back();
        note.line = line;
        const auto how = options(line, path);
        if (len > eval::max_record_bytes) {
            w.last = w.decider->too_large(std::string_view(text, eval::max_record_bytes + 1), len, how);
        } else if (o.json && !o.trace && w.decider->decide_compact(std::string_view(text, len), how, w.fo, true)) {
            compact_record(w, res_of_run, note, line);
            return;
        } else {
            w.decider->decide(std::string_view(text, len), how, w.last, true);
        }
        const auto& r = w.last;
        note.id = r.id;
        note.hash = id_set::hash(note.id);
        for (const auto& warning : r.warnings) {
            const auto where = fmt::format("{}:{}{}", path, line, r.id.empty() ? "" : " (" + r.id + ")");
            note.warnings += say(msg::cli_warning_line, {where, warning}).in(o.messages) + "\n";
        }
        count_result(res_of_run, r);
        render(r, res_of_run.out);  // in place: a trace is kilobytes
        res_of_run.ends.push_back(res_of_run.out.size());
    }

    // A record decided without explanation: its line written, its verdict counted by index.
    void compact_record(worker& w, run_result& res_of_run, run_result::note& note, std::size_t line) {
        w.decider->append_json(w.fo, line, res_of_run.out);
        res_of_run.ends.push_back(res_of_run.out.size());
        note.id = w.fo.id;
        note.hash = id_set::hash(note.id);
        if (w.fo.result == eval::verdict::undetermined && !w.fo.provisional) {  // rare: counted one by one, with its missing facts
            eval::case_result r;
            r.id = w.fo.id;
            r.line = line;
            r.outcome.result = w.fo.result;
            for (const auto p : w.fo.applied) r.outcome.applied.push_back(w.decider->citation(p));
            r.outcome.missing = w.fo.missing;
            count_result(res_of_run, r);
            return;
        }
        ++res_of_run.verdicts[static_cast<std::size_t>(w.fo.provisional ? eval::verdict::undetermined : w.fo.result)];
        if (w.fo.provisional) {  // undetermined: it would rest on assumptions
            ++w.withheld;
            if (!o.report_file.empty()) {
                if (res_of_run.undetermined.size() < 5000) res_of_run.undetermined.push_back({std::string(w.fo.id), line, {}});
                ++res_of_run.undetermined_total;
            }
        } else {
            (w.fo.result == eval::verdict::eligible ? w.eligible : w.not_eligible) += 1;
        }
        if (!w.fo.assumptions.empty()) {
            ++w.resting[w.fo.provisional.value_or(w.fo.result) == eval::verdict::eligible ? 0 : 1];
            for (const auto a : w.fo.assumptions) ++w.assumed[a];
        }
        for (const auto p : w.fo.failed) ++w.failed[p];
        for (const auto p : w.fo.applied) ++w.applied[p];
    }

    // Whether results carry explanations (the text output always does).
    bool explained() const { return o.trace || o.format == output_format::text; }

    // Counts [r] in its run's summary, and in the report's list when it is undetermined.
    void count_result(run_result& res_of_run, const eval::case_result& r) const {
        res_of_run.totals.add(r);
        ++res_of_run.verdicts[static_cast<std::size_t>(r.outcome.result)];
        if (r.outcome.result == eval::verdict::undetermined && !o.report_file.empty()) {
            if (res_of_run.undetermined.size() < 5000) res_of_run.undetermined.push_back({r.id, r.line, r.outcome.missing});
            ++res_of_run.undetermined_total;
        }
    }

    // Folds the counts of results without explanation into the totals.
    void fold(worker& w) {
        totals.count(eval::verdict::eligible, w.eligible);
        totals.count(eval::verdict::not_eligible, w.not_eligible);
        totals.count(eval::verdict::undetermined, w.withheld);
        totals.count_resting(eval::verdict::eligible, w.resting[0]);
        totals.count_resting(eval::verdict::not_eligible, w.resting[1]);
        w.eligible = w.not_eligible = w.withheld = w.resting[0] = w.resting[1] = 0;
        for (std::uint32_t a = 0; a < w.assumed.size(); ++a) {
            if (w.assumed[a] > 0) totals.count_assumption(w.decider->assumption(a), w.assumed[a]);
            w.assumed[a] = 0;
        }
        for (std::uint32_t p = 0; p < w.failed.size(); ++p) {
            const auto& c = w.decider->citation(p);
            if (w.failed[p] > 0) totals.count_failed(c, w.failed[p]);
            if (w.applied[p] > 0) totals.count_applied(c, w.applied[p]);
            w.failed[p] = w.applied[p] = 0;
        }
    }

    // A block of whole lines of the input, and the results of deciding it.
    struct block {
        std::vector<char> buf;
        std::size_t end = 0;  // the block's lines are buf[0, end)
        std::size_t have = 0;  // bytes read into buf (what follows end starts the next block)
        struct line_ref {
            std::size_t at, len, line;
            bool held = true;  // in buf at [at]; else too long to hold, its start in starts[at]
        };
        std::vector<line_ref> lines;
        std::vector<std::string> starts;  // of lines too long to hold (max_record_bytes + 1 bytes)
        std::vector<run_result> results;  // one per run of lines
        std::size_t run_lines = 128;      // lines per run
    };

    // Reads the next block of [in] into [b], starting with what followed the previous block
    // ([carry], [carry_len] bytes). A line longer than the buffer is passed over in constant
    // memory, keeping its start. False at the end of the input with nothing left.
    bool read_block(std::FILE* in, block& b, const char* carry, std::size_t carry_len, bool& eof, bool& failed,
                    std::size_t& line_no) {
        constexpr std::size_t pad = simdjson::SIMDJSON_PADDING;
        // More than max_record_bytes; with explanations, whose results are some 10 KB a record
        // and held for a block until it is written, blocks of 1.5 MiB.
        constexpr std::size_t plain_size = std::size_t{4} << 20, explained_size = std::size_t{3} << 19;
        static_assert(explained_size > eval::max_record_bytes + pad && plain_size >= explained_size);
        const std::size_t size = explained() ? explained_size : plain_size;
        if (b.buf.size() < size + pad) b.buf.resize(size + pad);
        if (carry_len > 0) std::memmove(b.buf.data(), carry, carry_len);
        b.have = carry_len;
        b.lines.clear();
        b.starts.clear();
        const bool first = line_no == 0;
        for (;;) {
            while (!eof && b.have < size) {
                const std::size_t got = std::fread(b.buf.data() + b.have, 1, size - b.have, in);
                b.have += got;
                if (got == 0) {
                    eof = true;
                    failed = std::ferror(in) != 0;
                }
            }
            // The block ends after the last newline (or at the end of the input).
            b.end = b.have;
            if (!eof) {
                while (b.end > 0 && b.buf[b.end - 1] != '\n') --b.end;
            }
            if (b.end > 0 || b.have == 0) break;
            // A full buffer without a line feed: one line longer than any record may be. Keep its
            // start, count the rest up to its line feed, and go on with what follows.
            b.starts.emplace_back(b.buf.data(), eval::max_record_bytes + 1);
            std::size_t length = b.have, rest = 0;
            b.have = 0;
            while (!eof) {
                const std::size_t got = std::fread(b.buf.data(), 1, size, in);
                if (got == 0) {
                    eof = true;
                    failed = std::ferror(in) != 0;
                    break;
                }
                const char* nl = static_cast<const char*>(std::memchr(b.buf.data(), '\n', got));
                if (nl == nullptr) {
                    length += got;
                    continue;
                }
                const auto at = static_cast<std::size_t>(nl - b.buf.data());
                length += at;
                rest = got - at - 1;
                std::memmove(b.buf.data(), nl + 1, rest);
                break;
            }
            b.have = rest;
            b.lines.push_back({b.starts.size() - 1, length, ++line_no, false});
        }
        std::memset(b.buf.data() + b.have, 0, pad);
        std::size_t at = 0;
        // A byte-order mark may start the input.
        if (first && b.lines.empty() && std::string_view(b.buf.data(), b.end).starts_with(eval::byte_order_mark)) {
            at = eval::byte_order_mark.size();
        }
        while (at < b.end) {
            const char* nl = static_cast<const char*>(std::memchr(b.buf.data() + at, '\n', b.end - at));
            const std::size_t stop = nl == nullptr ? b.end : static_cast<std::size_t>(nl - b.buf.data());
            ++line_no;
            bool blank = true;
            for (std::size_t i = at; i < stop && blank; ++i) blank = b.buf[i] == ' ' || b.buf[i] == '\t' || b.buf[i] == '\r';
            if (!blank) b.lines.push_back({at, stop - at, line_no, true});
            at = stop + 1;
        }
        return b.end > 0 || !b.lines.empty();
    }

    // JSON Lines: each block's lines are decided in runs of about 64 KiB (8 to 128 lines), which
    // the deciding threads take in turn (so a slow run or a busy core holds no one up). With N
    // jobs, N - 1 threads start on a block while the main thread writes the previous block's
    // results and reads the next one, then takes runs too. Results are written in input order.
    // False when the file cannot be read.
    bool lines_file(const std::string& path) {
        std::FILE* in = std::fopen(path.c_str(), "rb");
        if (in == nullptr) return false;
        const std::size_t threads_wanted = std::max<std::size_t>(1, o.jobs);
        // One state per deciding thread, the main thread's last.
        std::vector<worker> workers(threads_wanted);
        for (auto& w : workers) {
            w.decider = std::make_unique<eval::decider>(program);
            w.decider->set_fusion(!o.no_fusion);
            w.failed.assign(prog.provisions.size(), 0);
            w.applied.assign(prog.provisions.size(), 0);
            w.assumed.assign(provenance::of(prog).assumptions.size(), 0);
        }
        block blocks[2];
        bool eof = false, failed = false;
        std::size_t line_no = 0;
        std::atomic<std::size_t> next_run{0};
        // Decides runs of [b] until none is left, with the state of worker [k].
        auto work = [&](block& b, std::size_t k) {
            auto& w = workers[k];
            const std::size_t n = b.lines.size(), run_lines = b.run_lines;
            for (;;) {
                const std::size_t r = next_run.fetch_add(1, std::memory_order_relaxed);
                if (r * run_lines >= n) break;
                w.res = &b.results[r];
                for (std::size_t i = r * run_lines; i < std::min(n, (r + 1) * run_lines); ++i) {
                    const auto& l = b.lines[i];
                    line_record(w, path, l.held ? b.buf.data() + l.at : b.starts[l.at].data(), l.len, l.line);
                }
            }
        };
        auto runs_of = [&](block& b) { return (b.lines.size() + b.run_lines - 1) / b.run_lines; };
        std::size_t cur = 0;
        bool more = read_block(in, blocks[0], nullptr, 0, eof, failed, line_no);
        if (shown) shown->read_bytes(blocks[0].have);
        bool pending = false;  // the other block's results are still to be written
        // Once the output fails or a signal asks to stop, the block being decided is written
        // and no other is read.
        while (more && !stopping()) {
            block& b = blocks[cur];
            block& next = blocks[1 - cur];
            // Runs of about 64 KiB: short enough that the threads finish a block together.
            b.run_lines = std::clamp<std::size_t>((std::size_t{64} << 10) * b.lines.size() / std::max<std::size_t>(1, b.end), 8, 128);
            if (b.results.size() < runs_of(b)) b.results.resize(runs_of(b));
            next_run.store(0);
            std::vector<std::thread> threads;
            const bool parallel = threads_wanted > 1 && b.lines.size() > b.run_lines;
            if (parallel) {
                for (std::size_t k = 0; k + 1 < threads_wanted; ++k) threads.emplace_back(work, std::ref(b), k);
            } else {
                work(b, 0);
            }
            if (pending) {
                for (std::size_t r = 0; r < runs_of(next); ++r) emit_run(next.results[r], path);
            }
            more = read_block(in, next, b.buf.data() + b.end, b.have - b.end, eof, failed, line_no);
            if (shown) shown->read_bytes(next.have - (b.have - b.end));
            if (parallel) work(b, threads_wanted - 1);
            for (auto& t : threads) t.join();
            pending = true;
            cur = 1 - cur;
        }
        if (pending) {
            block& last = blocks[1 - cur];
            for (std::size_t r = 0; r < runs_of(last); ++r) emit_run(last.results[r], path);
        }
        if (program) {
            for (auto& w : workers) fold(w);
        }
        std::fclose(in);
        return !failed;
    }

    // Writes a worker's run: warnings and duplicate ids in record order, then its results.
    void emit_run(run_result& w, const std::string& path) {
        for (std::size_t i = 0; i < w.notes.size(); ++i) {
            const auto& n = w.notes[i];
            if (i + 16 < w.notes.size()) ids.prefetch(w.notes[i + 16].hash);
            if (!n.warnings.empty()) {
                if (shown) shown->clear();
                err << n.warnings;
            }
            if (!n.id.empty() && !ids.insert_hash(n.hash)) {
                if (shown) shown->clear();
                err << say(msg::cli_duplicate_record_id, {fmt::format("{}:{}", path, n.line), n.id}).in(o.messages) << "\n";
            }
        }
        if (shown) {
            shown->add(w.verdicts);
            shown->update();
        }
        w.verdicts = {};
        w.notes.clear();
        out.put(w.out, w.ends.data(), w.ends.size());
        w.out.clear();
        w.ends.clear();
        totals.merge(w.totals);
        w.totals = eval::summary();
        for (auto& u : w.undetermined) {
            if (undetermined.size() < 5000) undetermined.push_back(std::move(u));
        }
        undetermined_total += w.undetermined_total;
        w.undetermined.clear();
        w.undetermined_total = 0;
    }

    progress* shown = nullptr;  // the progress line, when shown

    // Returns false when the file cannot be read.
    bool file(const std::string& path) {
        if (path.size() > 6 && path.ends_with(".jsonl")) return lines_file(path);
        try {
            if (!single) {
                single = std::make_unique<eval::decider>(program);
                single->set_fusion(!o.no_fusion);
            }
            const bool read = read_records(path, parser, [&](const record_event& ev) {
                if (stopping()) throw stop_reading{};
                emit(ev.object == nullptr ? problem(ev.line, ev.problem, ev.id) : decide(*ev.object, ev.line, ev.where, *single));
            });
            if (shown) shown->read_bytes(file_size(path));
            return read;
        } catch (const stop_reading&) {
            return true;
        }
    }
};

}  // namespace

std::unique_ptr<compilation> compile_path(const std::string& path, const compile_options& options, bool& io_error) {
    if (path != "-") return compile_file(path, options, &io_error);
    text why;
    auto source = read_decree_text(path, why);
    io_error = !source;
    if (!source) {
        auto comp = std::make_unique<compilation>();
        comp->io_problem = why;
        return comp;
    }
    return compile(stdin_name, std::move(*source), options);
}

std::unique_ptr<compilation> load_decree(const std::string& path, std::ostream& err, const environment& env, int& code,
                                         bool need_input, render_style style) {
    bool io = false;
    compile_options copt;
    copt.import_roots = env.allow_imports;
    copt.stdlib_dirs = env.stdlib_dirs;
    auto comp = compile_path(path, copt, io);
    if (io) {
        err << say(msg::file_error, {input_name(path), cannot_read_text(comp->io_problem)}).in(env.messages()) << "\n";
        code = io_error;
        return nullptr;
    }
    if (!comp->ok()) {
        for (const auto& d : comp->diagnostics.all()) err << render(d, comp->sources, style, env.color, env.messages());
        code = data_error;
        return nullptr;
    }
    const auto* input = comp->program->input;
    if (need_input && (input == nullptr || input->kind != ir::tkind::record)) {
        err << say(msg::file_error, {path, say(msg::cli_no_input_record)}).in(env.messages()) << "\n";
        code = data_error;
        return nullptr;
    }
    return comp;
}

int eval_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    eval_options o;
    o.lang = env.explanations();  // `--lang` is taken by the command line for every command
    o.messages = env.messages();
    if (const int code = parse(args, o, out, err, env.messages()); code >= 0) return code;
    if (o.jobs == 0) o.jobs = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    int code = ok;
    auto comp = load_decree(o.decree, err, env, code, true);
    if (!comp) return code;
    const auto& prog = *comp->program;
    if (env.catch_signals) catch_stop_signals();
    result_output results(out, env.out_fd);
    runner r{o, *comp, prog, *prog.input->rec, results, err, {}, simdjson::dom::parser(), {}, 0, {}};
    r.totals.describe(prog);
    // A spreadsheet opens UTF-8 as such when it starts with a byte-order mark; then the header.
    if (o.format == output_format::csv) results.put("\xEF\xBB\xBF" + eval::renderer::csv_header(), nullptr, 0);
    // Progress on standard error: on a terminal unless --quiet, or asked for with --progress.
    std::unique_ptr<progress> shown;
    if (env.err_fd >= 0 && !o.quiet && (o.progress || env.err_terminal)) {
        shown = std::make_unique<progress>(env.err_fd, env.err_terminal, o.messages, "decreec eval");
        std::size_t total = 0;
        for (const auto& path : o.cases) total += file_size(path);
        shown->expect_bytes(total);
        r.shown = shown.get();
    }
    bool io = false;
    for (const auto& path : o.cases) {
        if (r.stopping()) break;
        if (!r.file(path)) {
            err << read_error(path).in(env.messages()) << "\n";
            io = true;
        }
    }
    results.flush();
    shown.reset();  // the line erased before the summary
    r.shown = nullptr;
    // A run cut short says so, with the results written whole (the output holds those, and at
    // most a part of the next one after a failed write).
    const int sig = stop_signal();
    const bool cut_short = results.failed() || sig != 0;
    const std::size_t written = results.results_written();
    const auto lang = o.messages;
    text stopped_by;  // in the summary's JSON, in both languages
    if (results.failed()) {
        stopped_by = say(msg::cli_eval_stopped_by_write, {results.reason()});
        const text how_many = written == 0   ? say(msg::cli_no_result_written)
                              : written == 1 ? say(msg::cli_first_result_written)
                                             : say(msg::cli_first_results_written, {written});
        err << say(msg::cli_eval_stdout_failed, {results.reason(), how_many}).in(lang) << "\n";
    } else if (sig != 0) {
        stopped_by = text::same(signal_name(sig));
        err << say(msg::cli_eval_interrupted, {stopped_by, say_count(msg::n_results, written)}).in(lang) << "\n";
    }
    // Fields the case record type does not declare are ignored: said once per field, on every run.
    for (const auto& [field, n] : r.totals.undeclared()) {
        // In the language of the results (the summary below is too).
        err << say(o.strict ? msg::cli_eval_undeclared_error : msg::cli_eval_undeclared_warning,
                   {field, prog.input->rec->name, say_count(msg::n_records, n)})
                   .in(o.lang)
            << "\n";
    }
    if (!o.quiet && !results.failed()) err << r.totals.text(o.lang);
    if (!o.report_file.empty() && cut_short) {
        err << say(msg::cli_report_not_written, {o.report_file}).in(lang) << "\n";
    } else if (!o.report_file.empty()) {
        text why;
        if (!write_file(o.report_file, r.totals.html(prog.modules.front().citation, o.cases, r.undetermined, r.undetermined_total),
                        why)) {
            err << say(msg::file_error, {o.report_file, say(msg::cli_cannot_write_report, {why})}).in(lang) << "\n";
            io = true;
        }
    }
    std::string summary = r.totals.json();
    if (cut_short) {
        // {..., "interrupted": true, "stopped_by": "SIGTERM", "stopped_by_vi": "SIGTERM", "results_written": N}
        summary.erase(summary.size() - 2);
        summary += fmt::format(",\"interrupted\":true,\"stopped_by\":\"{}\",\"stopped_by_vi\":\"{}\",\"results_written\":{}}}\n",
                               eval::json_escape(stopped_by.en), eval::json_escape(stopped_by.in(language::vi)), written);
    }
    if (o.summary_file == "-") {
        results.put(summary, nullptr, 0);
        results.flush();
    } else if (!o.summary_file.empty()) {
        text why;
        if (!write_file(o.summary_file, summary, why)) {
            err << say(msg::file_error, {o.summary_file, say(msg::cli_cannot_write_summary, {why})}).in(lang) << "\n";
            io = true;
        }
    }
    if (results.failed() && !cut_short) {  // the summary, written after the results
        err << say(msg::cli_eval_summary_stdout_failed, {results.reason()}).in(lang) << "\n";
    }
    if (results.failed() || io) return io_error;
    if (sig != 0) return 128 + sig;
    return r.totals.errors() > 0 || (o.strict && !r.totals.undeclared().empty()) ? failed : ok;
}

int schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    arguments given;
    if (const auto end = parse_arguments("schema", args, given, out, err, env.messages())) return *end;
    const bool markdown = given.value("--format") == "markdown";
    const auto& files = given.operands;
    auto write = [&](const ir::record_type& r, const std::string& title) {
        out << (markdown ? eval::markdown_doc(r, title) : eval::json_schema(r, title, env.messages()));
    };
    if (files.empty()) {
        // The standard library's case record.
        auto comp = compile("<schema>", "import vn/case_record\n");
        if (comp->program) {
            for (const auto& r : comp->program->types.records()) {
                if (r.name == "case_record") {
                    write(r, "Case record (vn/case_record)");
                    return ok;
                }
            }
        }
        err << say(msg::cli_schema_no_case_record).in(env.messages()) << "\n";
        return software;
    }
    int code = ok;
    auto comp = load_decree(files[0], err, env, code, true);
    if (!comp) return code;
    const auto& prog = *comp->program;
    write(*prog.input->rec, prog.modules.front().citation);
    return ok;
}

}  // namespace decree::cli
