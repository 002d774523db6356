// Helpers shared by the fuzz targets: the repository's files, compiled decrees, and one
// record's decision rendered every way the CLI renders it.
#pragma once

#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval/decide.hpp"
#include "json_input.hpp"
#include "report.hpp"

namespace decree::fuzz {

// The text of [path], relative to the repository root; aborts when it cannot be read (a
// fuzzer without its decrees would test nothing).
inline std::string repo_file(const std::string& path) {
    std::ifstream in(std::string(DECREE_SOURCE_DIR) + "/" + path, std::ios::binary);
    if (!in) {
        std::cerr << "fuzz: cannot read " << path << "\n";
        std::abort();
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A decree of the repository, compiled once; aborts when it does not compile.
struct compiled_decree {
    std::string path;
    std::unique_ptr<compilation> comp;
    const ir::record_type* input = nullptr;

    explicit compiled_decree(std::string p) : path(std::move(p)) {
        compile_options o;
        o.read_file = [](const std::string& f) -> std::optional<std::string> {
            return repo_file(f);
        };
        comp = compile(path, repo_file(path), o);
        if (!comp->ok() || comp->program->input == nullptr ||
            comp->program->input->rec == nullptr) {
            std::cerr << "fuzz: " << path << " does not compile to a decree with an input record\n";
            std::abort();
        }
        input = comp->program->input->rec;
    }
};

// Decides [e] with [ev] (explanations on) and renders the result as text and JSON in both
// languages, as `decreec eval` does. Returns the JSON rendering with the trace, in English.
inline std::string decide_and_render(const compiled_decree& d, const simdjson::dom::element& e,
                                     eval::decider& ev) {
    eval::case_result r;
    ev.decide(e, eval::explained(), r);
    const auto& prog = *d.comp->program;
    const auto& sources = d.comp->sources;
    std::string out;
    for (const auto lang : {eval::language::vi, eval::language::en}) {
        out += eval::render_text(r, prog, sources, lang);
        out += eval::render_json(r, prog, sources, lang, false);
    }
    eval::summary s;
    s.add(r);
    out += s.json();
    return out + eval::render_json(r, prog, sources, eval::language::en, true);
}

// The line `decreec eval --format json` writes for [e] decoded by the careful decoder and
// decided by [ev] without explanations (a record that does not decode: its first error);
// [r] gets the result. The other path to the same line: decider::decide_compact.
inline std::string careful_line(const compilation& comp, const ir::record_type& input,
                                const simdjson::dom::element& e, eval::decider& ev,
                                eval::case_result& r) {
    auto decoded = eval::decode(e, input);
    r.id = decoded.id;
    r.line = 1;
    if (!decoded.errors.empty()) {
        r.outcome.result = eval::verdict::error;
        r.outcome.error = decoded.errors.front().message;
    } else {
        r.outcome = ev.decide(std::get<eval::record_ptr>(decoded.record));
    }
    return eval::render_json(r, *comp.program, comp.sources, eval::language::vi, false) + "\n";
}

// The non-blank lines of [bytes] (spaces, tabs and carriage returns are blank), as the record
// readers count them: a byte-order mark that starts the input is not content, so a first line
// holding only one is blank.
inline std::size_t record_lines(std::string_view bytes) {
    if (bytes.starts_with(eval::byte_order_mark)) bytes.remove_prefix(eval::byte_order_mark.size());
    std::size_t n = 0, at = 0;
    while (at < bytes.size()) {
        auto eol = bytes.find('\n', at);
        if (eol == std::string_view::npos) eol = bytes.size();
        if (bytes.substr(at, eol - at).find_first_not_of(" \t\r") != std::string_view::npos) ++n;
        at = eol + 1;
    }
    return n;
}

}  // namespace decree::fuzz
