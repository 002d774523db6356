// The decreec command line as a function: testable in-process, writes only to the given
// streams, returns the exit code (0 ok, 1 failures, 64 usage, 65 decree errors, 70 runtime,
// 74 I/O).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "decree/lang/text.hpp"

namespace decree::cli {

enum exit_code : int { ok = 0, failed = 1, usage = 64, data_error = 65, software = 70, io_error = 74 };

struct environment {
    bool color = false;  // colour diagnostics (only on a terminal, NO_COLOR unset)
    // Standard error's file descriptor (-1 in-process) and whether it is a terminal: long runs
    // show their progress there (cli/progress.hpp).
    int err_fd = -1;
    bool err_terminal = false;
    // The file descriptor behind `out` (standard output in the decreec process), or -1: `eval`
    // writes its results to it directly, with every write checked and counted.
    int out_fd = -1;
    // `eval` catches SIGTERM and SIGINT to stop between results (the process, not in-process use).
    bool catch_signals = false;
    // `--allow-imports DIR` (any command, repeatable): folders that relative imports and
    // `follows` may read besides the decree's own folder (compile_options::import_roots).
    std::vector<std::string> allow_imports;
    // `--stdlib DIR` (any command, repeatable), then DECREE_STDLIB: a project's own
    // standard-library modules (compile_options::stdlib_dirs).
    std::vector<std::string> stdlib_dirs;
    // `--lang vi|en` (any command), else what the environment asks for (DECREE_LANG, LANG, ...;
    // set by main): the language of diagnostics (English when none) and of explanations and
    // listings (Vietnamese when none).
    std::optional<language> lang;
    [[nodiscard]] language messages() const { return lang.value_or(language::en); }
    [[nodiscard]] language explanations() const { return lang.value_or(language::vi); }
};

// "cannot read the file", with the reason when one is known (for `PATH: error: ...`).
// The same in both languages.
text cannot_read_text(const text& reason);

// Runs `decreec [args]` (without the program name).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const environment& env = {});

}  // namespace decree::cli
