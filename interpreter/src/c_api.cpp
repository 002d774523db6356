// The C API (decree_c.h): opaque handles over the C++ API, every entry point guarded so that no
// exception crosses `extern "C"`.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "decree/decree.hpp"
#include "decree/decree_c.h"
#include "decree/lang/diagnostic.hpp"
#include "report.hpp"

struct decree_program {
    decree::program program;
};

struct decree_result {
    decree::decision decision;
    std::string verdict;
    bool english = false;
};

namespace {

// The lists of a result (failed, applied, missing, assumptions): their length, and their i-th
// item or null past the end; 0 and null for no result.
using result_list = std::vector<std::string> decree::decision::*;
size_t count_of(const decree_result* result, result_list list) { return result != nullptr ? (result->decision.*list).size() : 0; }
const char* item_of(const decree_result* result, result_list list, size_t i) {
    if (result == nullptr || i >= (result->decision.*list).size()) return nullptr;
    return (result->decision.*list)[i].c_str();
}

char* copy(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out != nullptr) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

std::string json_string(const std::string& s) { return "\"" + decree::eval::json_escape(s) + "\""; }

std::string diagnostics_json(const std::vector<decree::diagnostic>& ds) {
    std::string out = "[";
    for (std::size_t i = 0; i < ds.size(); ++i) {
        const auto& d = ds[i];
        out += (i ? ",{" : "{");
        out += "\"code\":" + json_string(d.code) + ",\"severity\":" + json_string(d.severity) +
               ",\"message\":" + json_string(d.message) + "," + decree::json_file_field(d.begin.file) +
               ",\"line\":" + std::to_string(d.begin.line) + ",\"column\":" + std::to_string(d.begin.column) +
               ",\"hint\":" + json_string(d.hint) + ",\"rendered\":" + json_string(d.rendered) + "}";
    }
    return out + "]";
}

decree_status finish_load(decree::load_result&& r, decree_program** out, char** diagnostics) {
    if (diagnostics != nullptr) *diagnostics = copy(diagnostics_json(r.diagnostics));
    if (!r.ok()) return DECREE_ERROR_COMPILE;
    *out = new decree_program{std::move(r.compiled)};
    return DECREE_OK;
}

// [diagnostics], when given, receives one diagnostic saying what went wrong (when even that
// cannot be allocated, NULL).
template <typename F>
decree_status guard(F&& f, char** diagnostics = nullptr) noexcept {
    auto report = [&](const char* message) {
        if (diagnostics == nullptr) return;
        if (*diagnostics != nullptr) std::free(*diagnostics);
        const std::string text = std::string("[{\"code\":\"\",\"severity\":\"error\",\"message\":\"") + message +
                                 "\",\"file\":\"\",\"line\":0,\"column\":0,\"hint\":\"\",\"rendered\":\"error: " + message +
                                 "\"}]";
        *diagnostics = copy(text);
    };
    try {
        return f();
    } catch (const std::bad_alloc&) {
        try {
            report("out of memory");
        } catch (...) {
            if (diagnostics != nullptr) *diagnostics = nullptr;
        }
        return DECREE_ERROR_INTERNAL;
    } catch (...) {
        try {
            report("internal error");
        } catch (...) {
            if (diagnostics != nullptr) *diagnostics = nullptr;
        }
        return DECREE_ERROR_INTERNAL;
    }
}

}  // namespace

extern "C" {

const char* decree_version(void) { return DECREE_VERSION; }

decree_status decree_program_load_file(const char* path, decree_program** out, char** diagnostics) {
    return guard([&] {
        if (diagnostics != nullptr) *diagnostics = nullptr;
        if (path == nullptr || out == nullptr) return DECREE_ERROR_ARGUMENT;
        *out = nullptr;
        decree::engine engine;
        auto r = engine.load_file(path);
        const bool io = !r.ok() && r.diagnostics.size() == 1 &&
                        r.diagnostics.front().message.rfind("cannot read the file", 0) == 0 &&
                        r.diagnostics.front().begin.line == 0;
        const auto status = finish_load(std::move(r), out, diagnostics);
        return io ? DECREE_ERROR_IO : status;
    }, diagnostics);
}

decree_status decree_program_load_text(const char* name, const char* text, size_t length, decree_program** out,
                                       char** diagnostics) {
    return guard([&] {
        if (diagnostics != nullptr) *diagnostics = nullptr;
        if (text == nullptr || out == nullptr) return DECREE_ERROR_ARGUMENT;
        *out = nullptr;
        decree::engine engine;
        return finish_load(engine.load_text(name != nullptr ? name : "<text>", std::string_view(text, length)), out,
                           diagnostics);
    }, diagnostics);
}

void decree_program_free(decree_program* program) { delete program; }

decree_status decree_decide_json(const decree_program* program, const char* json, size_t length, int explain,
                                 decree_result** out) {
    return decree_decide_json_flags(program, json, length, explain != 0 ? DECREE_DECIDE_EXPLAIN : 0u, out);
}

decree_status decree_decide_json_flags(const decree_program* program, const char* json, size_t length, unsigned flags,
                                       decree_result** out) {
    return guard([&] {
        if (out == nullptr) return DECREE_ERROR_ARGUMENT;
        *out = nullptr;
        constexpr unsigned known = DECREE_DECIDE_EXPLAIN | DECREE_DECIDE_NO_ASSUMPTIONS | DECREE_DECIDE_ENGLISH;
        if (program == nullptr || json == nullptr || (flags & ~known) != 0) return DECREE_ERROR_ARGUMENT;
        decree::decide_options o;
        o.explain = (flags & DECREE_DECIDE_EXPLAIN) != 0;
        o.no_assumptions = (flags & DECREE_DECIDE_NO_ASSUMPTIONS) != 0;
        const bool english = (flags & DECREE_DECIDE_ENGLISH) != 0;
        o.lang = english ? decree::language::en : decree::language::vi;
        auto d = program->program.decide(std::string_view(json, length), o);
        auto* r = new decree_result{std::move(d), {}, english};
        r->verdict = std::string(decree::to_string(r->decision.result));
        *out = r;
        return r->decision.result == decree::verdict::error ? DECREE_ERROR_RUNTIME : DECREE_OK;
    });
}

const char* decree_result_verdict(const decree_result* result) {
    return result != nullptr ? result->verdict.c_str() : "error";
}

const char* decree_result_json(const decree_result* result) {
    return result != nullptr ? result->decision.json.c_str() : "";
}

const char* decree_result_text(const decree_result* result) {
    return result != nullptr ? result->decision.text.c_str() : "";
}

size_t decree_result_failed_count(const decree_result* result) { return count_of(result, &decree::decision::failed); }

const char* decree_result_failed(const decree_result* result, size_t i) { return item_of(result, &decree::decision::failed, i); }

size_t decree_result_applied_count(const decree_result* result) { return count_of(result, &decree::decision::applied); }

const char* decree_result_applied(const decree_result* result, size_t i) { return item_of(result, &decree::decision::applied, i); }

size_t decree_result_missing_count(const decree_result* result) { return count_of(result, &decree::decision::missing); }

const char* decree_result_missing(const decree_result* result, size_t i) { return item_of(result, &decree::decision::missing, i); }

const char* decree_result_error(const decree_result* result) {
    return result != nullptr ? result->decision.error.c_str() : "";
}

const char* decree_result_language(const decree_result* result) {
    return result != nullptr && result->english ? "en" : "vi";
}

size_t decree_result_assumptions_count(const decree_result* result) { return count_of(result, &decree::decision::assumptions); }

const char* decree_result_assumption(const decree_result* result, size_t i) {
    return item_of(result, &decree::decision::assumptions, i);
}

const char* decree_result_provisional(const decree_result* result) {
    if (result == nullptr || !result->decision.provisional) return nullptr;
    return *result->decision.provisional == decree::verdict::eligible ? "eligible" : "not_eligible";
}

void decree_result_free(decree_result* result) { delete result; }

void decree_string_free(char* s) { std::free(s); }

}  // extern "C"
