// Fuzz target: the C API (decree_c.h). The input is decree text, a NUL byte, then a case record:
// the decree is loaded with decree_program_load_text and, when it loads, the record is decided
// with and without explanations and every accessor of the result is read.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "decree/decree_c.h"

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "C API: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nul = input.find('\0');
    const auto text = input.substr(0, nul);
    const auto record =
        nul == std::string_view::npos ? std::string_view("{}") : input.substr(nul + 1);

    decree_program* program = nullptr;
    char* diagnostics = nullptr;
    const auto status =
        decree_program_load_text("fuzz.decree", text.data(), text.size(), &program, &diagnostics);
    check(status == DECREE_OK || status == DECREE_ERROR_COMPILE,
          "load_text returned an unexpected status");
    check(diagnostics != nullptr && diagnostics[0] == '[', "load_text gave no diagnostics array");
    check((status == DECREE_OK) == (program != nullptr), "load_text status and program disagree");
    decree_string_free(diagnostics);
    if (program == nullptr) return 0;

    for (const int explain : {0, 1}) {
        decree_result* result = nullptr;
        const auto s = decree_decide_json(program, record.data(), record.size(), explain, &result);
        check(s == DECREE_OK || s == DECREE_ERROR_RUNTIME,
              "decide_json returned an unexpected status");
        check(result != nullptr, "decide_json gave no result");
        const std::string_view verdict = decree_result_verdict(result);
        check((s == DECREE_ERROR_RUNTIME) == (verdict == "error"), "status and verdict disagree");
        check(decree_result_json(result)[0] == '{', "result JSON is not an object");
        (void)std::strlen(decree_result_text(result));
        const auto n = decree_result_failed_count(result);
        for (std::size_t i = 0; i < n; ++i)
            check(decree_result_failed(result, i) != nullptr, "missing citation");
        check(decree_result_failed(result, n) == nullptr, "citation past the end");
        const auto a = decree_result_assumptions_count(result);
        for (std::size_t i = 0; i < a; ++i)
            check(decree_result_assumption(result, i) != nullptr, "missing assumption");
        check(decree_result_assumption(result, a) == nullptr, "assumption past the end");
        check(verdict != "error" || a == 0, "an error rests on assumptions");
        decree_result_free(result);
    }
    decree_program_free(program);
    return 0;
}
