// Decree: the public C++ embedding API.
//
// One self-contained header (standard library only): load a decree once, then decide many
// case records with it, from any number of threads. Problems in a decree or in a record are
// returned as values; no exception crosses this API for them (only std::bad_alloc, and
// std::logic_error for misuse such as deciding with an empty program).
//
//   decree::engine engine;                                  // the embedded standard library
//   auto loaded = engine.load_file("decrees/vn/2025/dot2_2025.decree");
//   if (!loaded.ok()) { for (auto& d : loaded.diagnostics) std::cerr << d.rendered; return 65; }
//   decree::decision d = loaded.compiled.decide(json_text); // thread-safe, any number of times
//   std::cout << decree::to_string(d.result) << '\n';       // eligible | not_eligible | ...
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What the library exports: everything declared here, nothing else (it is built with hidden
// visibility).
#ifndef DECREE_API
#define DECREE_API __attribute__((visibility("default")))
#endif

namespace decree {

inline constexpr int version_major = 0;  // incompatible API changes
inline constexpr int version_minor = 1;  // compatible additions
inline constexpr int version_patch = 0;  // fixes

// A place in a source file: the file name as given, 1-based line and column (characters).
struct DECREE_API position {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

// A problem in a decree (E01xx-E04xx) or a lint (W01xx).
struct DECREE_API diagnostic {
    std::string code;      // "E0201"
    std::string severity;  // "error" or "warning"
    std::string message;   // one line, lowercase start
    position begin, end;   // the span the message is about
    std::string hint;      // may be empty
    std::string rendered;  // the full text as `decreec check` prints it (source line and caret)
    std::string message_vi;   // the message in Vietnamese
    std::string hint_vi;      // the hint in Vietnamese (empty when there is no hint)
    std::string rendered_vi;  // as `decreec check --lang vi` prints it
};

// The verdict on one case record.
enum class verdict { eligible, not_eligible, undetermined, error };

// "eligible", "not_eligible", "undetermined" or "error": the names of the JSON contract.
DECREE_API std::string_view to_string(verdict v) noexcept;

// The language of explanations and displayed values.
#ifndef DECREE_LANGUAGE_DEFINED  // defined once, here or in the front end's text.hpp
#define DECREE_LANGUAGE_DEFINED
enum class language { vi, en };
#endif

// One rule of the decree as it applied to a case.
struct DECREE_API explanation_step {
    std::string citation;     // "Điều 3 khoản 1 điểm b"
    std::string citation_en;  // "Art. 3(1)(b)"
    std::string kind;         // "condition" or "exclusion"
    std::string outcome;      // holds | fails | applies | does_not_apply | unknown | not_applicable
    std::string rule;         // the rule's expression as written in the decree
    std::string text;         // the beginning of the provision's legal text
    bool text_is_paraphrase = false;  // that text is a paraphrase (`paraphrase`), not a verbatim quote
    std::vector<std::string> exceptions;  // citations of the exceptions that applied
    std::vector<std::pair<std::string, std::string>> facts;  // values used, e.g. {"served", "9 năm ..."}
    std::vector<std::string> missing;                        // field paths, when unknown
};

// The decision on one case record; fields as in the JSON contract of `decreec eval`.
struct DECREE_API decision {
    verdict result = verdict::error;
    std::string id;                    // the record's `id`, when it has one
    std::vector<std::string> failed;   // citations of unmet conditions and applying exclusions
    std::vector<std::string> applied;  // citations of exceptions that applied
    std::vector<std::string> missing;  // field paths that would decide an undetermined case
    // The `assumed` provisions and values the verdict rests on, in the order of the decree's
    // text: a provision's citation ("Điều 4 khoản 7"), a parameter set by the decree as written
    // there ("luat.served_fraction"), a name of the decree ("quarters_required"), or "<module
    // citation>: name". Empty when the verdict is firm, undetermined or an error.
    std::vector<std::string> assumptions;
    // With decide_options::no_assumptions, for an undetermined verdict that would rest on
    // assumptions: the verdict it would have been (eligible or not_eligible); else empty.
    std::optional<verdict> provisional;
    std::string error;                 // why, when result is verdict::error
    std::vector<explanation_step> trace;  // filled when explanations are asked for
    std::string text;                  // the human explanation, when asked for
    std::string json;                  // the JSON result line of `decreec eval --format json`
};

// How to decide.
struct DECREE_API decide_options {
    bool explain = true;              // fill trace and text (slower)
    language lang = language::vi;     // of text and displayed values
    // A verdict that rests on assumptions becomes verdict::undetermined, keeping its
    // assumptions, with decision::provisional set (`decreec eval --no-assumptions`).
    bool no_assumptions = false;
};

// A typed builder for a case record, as an alternative to JSON text. Field paths use dots
// ("sentence.term"); list elements are appended with `add` and addressed by index
// ("offences.0.article"). Values are checked against the decree's record type when deciding.
class DECREE_API record_builder {
public:
    record_builder();
    ~record_builder();
    record_builder(const record_builder&);
    record_builder& operator=(const record_builder&);
    record_builder(record_builder&&) noexcept;
    record_builder& operator=(record_builder&&) noexcept;

    record_builder& set_string(std::string_view path, std::string_view value);
    record_builder& set_bool(std::string_view path, bool value);
    record_builder& set_integer(std::string_view path, std::int64_t value);
    record_builder& set_date(std::string_view path, int year, int month, int day);
    record_builder& set_duration(std::string_view path, int years, int months, int days);
    // Money in whole VND, as decimal digits (any size): "50000000".
    record_builder& set_money(std::string_view path, std::string_view vnd);
    // Appends an empty element to the list at [path]; returns its index.
    std::size_t add(std::string_view path);
    // The record as JSON text (the case record format).
    [[nodiscard]] std::string json() const;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

// A checked decree, ready to decide. Immutable: safe to use from many threads at once.
// Copies share the compiled program.
class DECREE_API program {
public:
    program();  // empty: decide() on it throws std::logic_error
    [[nodiscard]] bool empty() const noexcept { return m_impl == nullptr; }

    // Decides one case record given as JSON text. A record that is not valid JSON or does
    // not fit the record type gives verdict::error with the field path in `error`; so does a
    // record larger than 1 MiB. A leading UTF-8 byte-order mark is ignored.
    [[nodiscard]] decision decide(std::string_view json, const decide_options& options = {}) const;
    [[nodiscard]] decision decide(const record_builder& record, const decide_options& options = {}) const;

    // The decree's citation ("Quyết định 1244/2025/QĐ-CTN").
    [[nodiscard]] std::string citation() const;
    // The record type of the decree as JSON Schema (draft 2020-12), its titles in English; with
    // [lang], in that language (both languages' labels are in either, `x-decree-label`).
    [[nodiscard]] std::string schema() const;
    [[nodiscard]] std::string schema(language lang) const;
    // Every value and rule of the decree marked `assumed`: "file:line:col: what: reason".
    [[nodiscard]] std::vector<std::string> assumptions() const;

    // Internal: programs are made by engine::load_file and engine::load_text.
    struct impl;
    explicit program(std::shared_ptr<const impl> p) : m_impl(std::move(p)) {}

private:
    std::shared_ptr<const impl> m_impl;
};

// The result of loading a decree: the program when it checked without errors, and every
// diagnostic (errors and warnings) in either case.
struct DECREE_API load_result {
    program compiled;  // empty when the decree has errors
    std::vector<diagnostic> diagnostics;
    [[nodiscard]] bool ok() const noexcept { return !compiled.empty(); }
};

// Loads and checks decrees. Imports resolve to the stdlib directories first, then to the
// embedded standard library, then to the search path; relative imports resolve beside the importing file.
class DECREE_API engine {
public:
    engine();
    ~engine();
    engine(engine&&) noexcept;
    engine& operator=(engine&&) noexcept;

    // Adds a directory searched for `import a/b` (as a/b.decree) after the standard library.
    void add_search_path(std::string directory);
    // Adds a directory of the project's own standard-library modules: `import a/b` reads
    // directory/a/b.decree, in the order added, before the embedded standard library (a copy
    // shadows the embedded module), with a standard-library module's privileges.
    void add_stdlib_dir(std::string directory);
    // Allows relative imports (`import "./x.decree"`) and `follows` to read files in [directory]
    // and below. Without it they read only in the loaded decree's own folder and below and in
    // the search path; a path that leaves them (`../`, absolute, a symbolic link pointing
    // elsewhere) is diagnostic E0205 (E0219 for `follows`) and is never opened.
    void allow_imports(std::string directory);
    // Loads the decree in the file at [path]. A file that cannot be read is a diagnostic; only a
    // regular file is read (a directory, FIFO, device or socket is refused before reading).
    [[nodiscard]] load_result load_file(const std::string& path) const;
    // Loads the decree in [text], named [name] in diagnostics (relative imports resolve beside it).
    [[nodiscard]] load_result load_text(std::string_view name, std::string_view text) const;

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

// The version of the library, "0.1.0".
DECREE_API std::string version();

}  // namespace decree
