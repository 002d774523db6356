// Fuzz target: the front end (`decreec check`) on arbitrary bytes, and the evaluators on every
// decree that checks.
//
// The input is the main file, `main.decree`. Lines `-- file: NAME` (a comment in the language)
// start further files that `import "./NAME"` can read, so imports, cycles and chains are
// exercised without touching the disk; the embedded standard library is always there. Every
// diagnostic is rendered in the three styles; a checked program is printed (`dump --ir`); the
// main file is formatted (`fmt`), in both keyword languages. A program that checks and reads
// case records decides a few records made from its input type (fields left out, null, at the
// edges of their type), with and without explanations; whenever the fast decoder and the fused
// code decide one, its result line must be the careful decoder's and the plain code's, byte for
// byte.
#include <simdjson.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/diagnostic.hpp"
#include "decree/lang/format.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/print.hpp"
#include "eval/decide.hpp"
#include "fuzz_common.hpp"

namespace {

struct file {
    std::string name;
    std::string text;
};

std::vector<file> split(std::string_view input) {
    std::vector<file> files{{"main.decree", {}}};
    constexpr std::string_view marker = "-- file: ";
    std::size_t at = 0;
    while (at <= input.size()) {
        const auto eol = input.find('\n', at);
        const auto line =
            input.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at + 1);
        if (line.starts_with(marker)) {
            std::string name(line.substr(marker.size()));
            while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
            files.push_back({std::move(name), {}});
        } else {
            files.back().text += line;
        }
        if (eol == std::string_view::npos) break;
        at = eol + 1;
    }
    return files;
}

// A JSON value of type [t]: null one time in six, otherwise a value at the edges the rules of a
// decree test (small numbers, month ends, leap days, every variant), lists of 0 to 3 elements.
void value_json(const decree::ir::type* t, std::mt19937& rng, int depth, std::string& out);

void record_json(const decree::ir::record_type& r, std::mt19937& rng, int depth, std::string& out) {
    out += '{';
    bool first = true;
    for (const auto& f : r.fields) {
        if (rng() % 6 == 0) continue;  // left out
        out += first ? "\"" : ",\"";
        first = false;
        out += f.name + "\":";
        value_json(f.ty, rng, depth + 1, out);
    }
    out += '}';
}

void value_json(const decree::ir::type* t, std::mt19937& rng, int depth, std::string& out) {
    using decree::ir::tkind;
    auto one_of = [&](std::initializer_list<const char*> xs) { out += *(xs.begin() + rng() % xs.size()); };
    if (t == nullptr || depth > 6 || rng() % 6 == 0) {
        out += "null";
        return;
    }
    switch (t->kind) {
        case tkind::bool_: one_of({"true", "false"}); return;
        case tkind::integer: one_of({"0", "1", "2", "3", "5", "7", "12", "18", "70"}); return;
        case tkind::decimal:
        case tkind::fraction: one_of({"0", "1", "3", "\"1/3\"", "\"0.5\""}); return;
        case tkind::money: one_of({"0", "1", "\"50000000\"", "20000"}); return;
        case tkind::date:
            one_of({"\"2016-08-31\"", "\"2025-08-31\"", "\"2025-02-28\"", "\"2024-02-29\"", "\"1955-01-01\"",
                    "\"2007-09-01\"", "\"2020-01-31\""});
            return;
        case tkind::duration:
            out += "{\"years\":" + std::to_string(rng() % 20) + ",\"months\":" + std::to_string(rng() % 13) +
                   ",\"days\":" + std::to_string(rng() % 31) + "}";
            return;
        case tkind::string: one_of({"\"BLHS2015\"", "\"x\"", "\"\""}); return;
        case tkind::law_article: one_of({"\"BLHS2015 168\"", "\"BLHS2015 173\"", "\"BLHS2015 299\"", "\"BLHS 108\""}); return;
        case tkind::enumeration:
            if (t->en == nullptr || t->en->variants.empty()) break;
            out += "\"" + t->en->variants[rng() % t->en->variants.size()] + "\"";
            return;
        case tkind::record:
            if (t->rec == nullptr) break;
            record_json(*t->rec, rng, depth, out);
            return;
        case tkind::list:
        case tkind::set: {
            out += '[';
            for (unsigned i = 0, n = rng() % 4; i < n; ++i) {
                if (i > 0) out += ',';
                value_json(t->elem, rng, depth + 1, out);
            }
            out += ']';
            return;
        }
        default: break;
    }
    out += "null";
}

// Decides records made from the input type of [comp]'s program with both evaluators. A decree
// that needs the whole evaluation budget (10,000,000 steps, seconds under the sanitizers) is
// decided once, and no more records are made once a second has gone by.
void evaluate(const decree::compilation& comp, std::uint32_t seed) {
    using namespace decree;
    const auto& prog = *comp.program;
    if (prog.input == nullptr || prog.input->rec == nullptr) return;
    std::mt19937 rng(seed);
    eval::decider plain(prog), compiled(prog);
    plain.set_fusion(false);
    simdjson::dom::parser parser;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 4 && std::chrono::steady_clock::now() - start < std::chrono::seconds(1); ++i) {
        std::string json;
        record_json(*prog.input->rec, rng, 0, json);
        simdjson::dom::element e;
        if (parser.parse(json).get(e) != simdjson::SUCCESS) std::abort();  // the maker's fault
        eval::case_result r;
        const auto careful_line = fuzz::careful_line(comp, *prog.input->rec, e, plain, r);
        if (r.outcome.error.en.find("10,000,000 steps") != std::string::npos) return;
        if (r.outcome.result != eval::verdict::error) {  // and with explanations
            auto decoded = eval::decode(e, *prog.input->rec);
            r.outcome = plain.decide(std::get<eval::record_ptr>(decoded.record), eval::explained());
            eval::render_text(r, prog, comp.sources, eval::language::en);
        }
        eval::outcome o;
        if (!compiled.decide_compact(e, {}, o)) continue;
        std::string fast_line;
        compiled.append_json(o, 1, fast_line);
        if (fast_line != careful_line) {
            std::cerr << "the fused code decides differently from the plain code on " << json << ":\n"
                      << fast_line << "---\n"
                      << careful_line;
            std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace decree;
    const auto files = split(std::string_view(reinterpret_cast<const char*>(data), size));
    compile_options options;
    options.read_file = [&files](const std::string& path) -> std::optional<std::string> {
        for (std::size_t i = 1; i < files.size(); ++i) {
            if (files[i].name == path) return files[i].text;
        }
        return std::nullopt;
    };
    auto comp = compile(files[0].name, files[0].text, options);
    std::string sink;
    for (const auto& d : comp->diagnostics.all()) {
        sink += render(d, comp->sources, render_style::rich, true);
        sink += render(d, comp->sources, render_style::short_);
    }
    sink += render_json(comp->diagnostics.all(), comp->sources);
    if (comp->ok()) {
        sink += print_ir(*comp->program);
        for (const auto& a : assumptions(*comp->program)) sink += a.what + a.reason.en + a.reason.vi;
        evaluate(*comp, static_cast<std::uint32_t>(std::hash<std::string_view>{}(
                            std::string_view(reinterpret_cast<const char*>(data), size))));
    }
    source_manager sources;
    const auto id = sources.add(files[0].name, files[0].text);
    for (const auto k : {keyword_language::keep, keyword_language::vi, keyword_language::en}) {
        diagnostic_sink fmt_sink;
        if (auto formatted = format(sources.get(id), fmt_sink, k)) sink += *formatted;
    }
    return 0;
}
