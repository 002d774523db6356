// The front end's entry points: text -> parse -> AST -> resolve -> type-check -> lower -> IR.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/ast.hpp"
#include "decree/lang/diagnostic.hpp"
#include "decree/lang/index.hpp"
#include "decree/lang/ir.hpp"

namespace decree {

// Largest decree file accepted (bytes); larger files are E0100.
inline constexpr std::size_t max_source_bytes = 16u << 20;
// Most digits in a number literal (E0122).
inline constexpr std::size_t max_literal_digits = 60;
// Longest chain of imports from the decree being checked (E0218).
inline constexpr std::size_t max_import_depth = 32;
// Most definitions and parameters checked inside one another: a chain of names used before
// they are declared (`definition a = b + 1` before `definition b = ...`), each waiting for the
// next (E0221). Also the longest chain of parameters whose values use one another.
inline constexpr std::size_t max_check_nesting = 400;

struct compile_options {
    // Reads a file for a relative import; returns nothing when it cannot be read.
    // Default: the file system.
    std::function<std::optional<std::string>(const std::string& path)> read_file;
    // A project's own standard-library modules: `import a/b` reads DIR/a/b.decree from the
    // first of these directories that has it, before the embedded standard library (a copy here
    // shadows the embedded module of the same path). Such a module is a standard-library module
    // (reserved built-ins allowed), named by its module path for `under`, and its relative
    // imports read its own directory first.
    std::vector<std::string> stdlib_dirs;
    // Directories searched for `import a/b` after the embedded standard library (modules found
    // here are not standard-library modules).
    std::vector<std::string> search_path;
    // Folders from which relative imports (`import "./x.decree"`) and `follows` may also read.
    // Without them, they read only inside the folder of the decree being compiled (and below)
    // and the search_path; a path that leaves them (`../`, an absolute path, a symbolic link
    // whose target is elsewhere) is E0205 (E0219 for `follows`) and is never opened.
    std::vector<std::string> import_roots;
    // Report lints (warnings).
    bool lints = true;
    std::size_t max_errors = 20;
    // Fill compilation::index: what every name refers to, for the language server.
    bool index = false;
    // Load the round named by the decree's `follows` (read with read_file), check it, and warn
    // about the provisions with rules it has that this round neither carries over nor `omits`
    // (W0107, W0108; E0219, E0220 when it cannot be read or has errors). Off: `follows` is only
    // recorded.
    bool check_follows = false;
};

// The result of compiling one decree: every source it read, every diagnostic, and the IR
// when there was no error.
struct compilation {
    source_manager sources;
    diagnostic_sink diagnostics{20};
    std::unique_ptr<ir::program> program;  // null when there were errors
    source_index index;                    // empty unless compile_options::index
    text io_problem;                       // compile_file: why the file could not be read
    [[nodiscard]] bool ok() const { return program != nullptr; }
};

// Compiles the decree in [text], named [name] (relative imports resolve against its folder).
std::unique_ptr<compilation> compile(std::string name, std::string text,
                                     const compile_options& options = {});
// Reads [path] and compiles it; an unreadable file is an I/O diagnostic (io_error set).
std::unique_ptr<compilation> compile_file(const std::string& path,
                                          const compile_options& options = {},
                                          bool* io_error = nullptr);

// The path of the file that [relative] names when written in the file [from]: relative to the
// folder of [from], normalised ("decrees/vn/2025/dot1_2025.decree"). For `import "..."` and
// `follows "..."`.
std::string beside(const std::string& from, const std::string& relative);

// Reads the decree file at [path]: at most max_source_bytes + 1 bytes, so that a larger file is
// reported by the check (E0100) instead of being read whole. Only a regular file is read: a
// directory, FIFO, device or socket is refused before anything is read from it (opened without
// blocking, checked with fstat on the open descriptor). Nothing when it cannot be read, with the
// reason in [why] ("it is a directory", or the system's message).
std::optional<std::string> read_source(const std::string& path, text* why = nullptr);

// Parses [file] into an AST (stages 1-2) for tools (formatter, language server).
std::optional<ast::file> parse(const source_file& file, diagnostic_sink& sink);

// The embedded standard library: module path ("vn/luat_dac_xa_2018") -> source text.
std::optional<std::string_view> stdlib_module(std::string_view path);
// Every embedded module path, sorted.
std::vector<std::string_view> stdlib_modules();

// The list of assumptions (`assumed`) in a compiled program: where, what, why.
struct assumption {
    span where;
    std::string what;  // citation or parameter name
    text reason;  // as written: Vietnamese and English, or one text for both
    // `assumed number`: only the provision's number is inferred; no verdict rests on it.
    bool number_only = false;
};
std::vector<assumption> assumptions(const ir::program& p);

}  // namespace decree
