// Diagnostics are data: stages report them into a sink, one module renders them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/source.hpp"
#include "decree/lang/text.hpp"

namespace decree {

enum class severity { error, warning, note };

// Every diagnostic code; the list lives in diagnostic_codes.def.
enum class code {
#define DECREE_CODE(id, level, title, explanation, title_vi, explanation_vi) id,
#include "decree/lang/diagnostic_codes.def"
#undef DECREE_CODE
};

struct code_info {
    std::string_view id;              // "E0201"
    severity level;                   // default severity
    std::string_view title;           // one line
    std::string_view explanation;     // long text for `decreec explain`
    std::string_view title_vi;        // the title in Vietnamese
    std::string_view explanation_vi;  // the explanation in Vietnamese

    [[nodiscard]] std::string_view title_in(language l) const { return l == language::vi ? title_vi : title; }
    [[nodiscard]] std::string_view explanation_in(language l) const {
        return l == language::vi ? explanation_vi : explanation;
    }
};

// "error", "warning", "note" in [l] ("lỗi", "cảnh báo", "ghi chú").
std::string_view severity_name(severity s, language l);

// Table entry of [c].
const code_info& info(code c);
// All codes in table order.
const std::vector<code_info>& all_codes();
// Finds a code by its printed id ("E0201"); nullptr when unknown.
const code_info* find_code(std::string_view id);

// A secondary location: "previously declared here".
struct label {
    span where;
    decree::text text;
};

struct source_diagnostic {
    code id{};
    severity level = severity::error;
    span primary;
    text message;  // lowercase start, no final period, one line
    text note;     // text printed beside the caret (optional)
    std::vector<label> labels;
    text hint;  // optional "= hint:" line
};

// Collects diagnostics; stages keep going after an error. Stores at most [cap] errors and
// [cap] warnings; the others are only counted.
class diagnostic_sink {
public:
    explicit diagnostic_sink(std::size_t cap = 20) : m_cap(cap) {}

    // Reports [d]; returns a reference for adding labels or a hint (a dummy one past the cap).
    source_diagnostic& report(source_diagnostic d);
    source_diagnostic& error(code c, span where, text message, text hint = {});
    source_diagnostic& warning(code c, span where, text message, text hint = {});

    [[nodiscard]] bool has_errors() const { return m_errors > 0; }
    // Every error and warning reported, stored or not.
    [[nodiscard]] std::size_t error_count() const { return m_errors + m_dropped_errors; }
    [[nodiscard]] std::size_t warning_count() const { return m_warnings + m_dropped_warnings; }
    // True when a further diagnostic of [level] would only be counted: callers skip the work
    // of composing it (such as finding a "did you mean" suggestion).
    [[nodiscard]] bool full(severity level = severity::error) const {
        return (level == severity::error ? m_errors : m_warnings) >= m_cap;
    }
    [[nodiscard]] bool capped() const { return dropped() > 0; }
    [[nodiscard]] std::size_t dropped() const { return m_dropped_errors + m_dropped_warnings; }
    [[nodiscard]] std::size_t dropped_errors() const { return m_dropped_errors; }
    [[nodiscard]] std::size_t dropped_warnings() const { return m_dropped_warnings; }
    [[nodiscard]] std::size_t cap() const { return m_cap; }
    [[nodiscard]] const std::vector<source_diagnostic>& all() const { return m_items; }
    // Sorts by file, position and code (stable), for deterministic output.
    void sort();

private:
    std::size_t m_cap;
    std::size_t m_errors = 0;
    std::size_t m_warnings = 0;
    std::size_t m_dropped_errors = 0;
    std::size_t m_dropped_warnings = 0;
    std::vector<source_diagnostic> m_items;
    source_diagnostic m_overflow;
};

enum class render_style { rich, short_, json };

// Renders [d] as text: "file:line:col: error[E0201]: message", and in rich style the source
// line with a caret under the span, labels and the hint.
std::string render(const source_diagnostic& d, const source_manager& sources, render_style style,
                   bool color = false, language lang = language::en);
// [s] as the contents of a JSON string (quotes, backslashes and control characters escaped).
std::string json_escape(std::string_view s);
// `"file":"NAME"` for JSON, NAME escaped; a name that is not UTF-8 (bytes of a legacy encoding)
// has U+FFFD for each invalid byte, and its exact bytes in hexadecimal follow as
// `"file_bytes":"ff41..."`.
std::string json_file_field(std::string_view name);

// Renders a list of diagnostics as one JSON array (for --diagnostics=json).
// The message, hint and label texts are in [lang].
std::string render_json(const std::vector<source_diagnostic>& ds, const source_manager& sources,
                        language lang = language::en);

}  // namespace decree
