// Text in the two languages of Decree. What diagnostics say comes from the message catalogue
// (messages.hpp).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decree {

#ifndef DECREE_LANGUAGE_DEFINED  // defined once, here or in the front end's text.hpp
#define DECREE_LANGUAGE_DEFINED
enum class language { vi, en };
#endif

// A text in both languages. Every diagnostic message, note, hint and label is one.
struct text {
    std::string en;
    std::string vi;

    text() = default;
    text(std::string en_text, std::string vi_text) : en(std::move(en_text)), vi(std::move(vi_text)) {}
    // The same in both languages: a name, a number, a piece of source or of a record.
    static text same(std::string s) { return text{s, s}; }

    [[nodiscard]] const std::string& in(language l) const { return l == language::vi && !vi.empty() ? vi : en; }
    [[nodiscard]] bool empty() const { return en.empty() && vi.empty(); }
    // A text with only one language (an empty one) reads as the other in both.
    text& operator+=(const text& more) {
        if (vi.empty()) vi = en;
        vi += more.in(language::vi);
        en += more.en.empty() ? more.vi : more.en;
        return *this;
    }
    friend text operator+(text a, const text& b) { return a += b; }
    friend bool operator==(const text&, const text&) = default;
};

// [s] with its first letter in upper case ("đã chấp hành" gives "Đã chấp hành"): the start of a
// line of a dossier.
std::string capitalized(std::string_view s);

// The language the environment asks for, when a command is given no `--lang`: DECREE_LANG
// (`vi` or `en`), else Vietnamese when the first of LC_ALL, LC_MESSAGES and LANG that is set
// starts with `vi`; else none (each command's own default).
std::optional<language> language_from_environment();

}  // namespace decree
