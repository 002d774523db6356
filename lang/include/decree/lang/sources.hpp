// Verbatim texts checked against their legal sources (`decreec check --sources DIR`).
//
// A provision's `text` is a verbatim quote. It is looked up in the files named by `source file`
// in the provision, in the provisions around it and in the file's header, each name looked up in
// the sources directories in order. Both sides are compared after normalisation (Unicode NFC, each
// run of white space one space); the quote is split at its omission marks (`...`, `…`), and its
// passages must occur in one source file, in order. Case, punctuation and diacritics are exact.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/ast.hpp"
#include "decree/lang/diagnostic.hpp"

namespace decree {

// ---- matching ----------------------------------------------------------------------------------

// [text] for comparison: Unicode NFC (when [text] is valid UTF-8), every run of white space
// (line breaks, tabs, no-break and other Unicode spaces) one space, none at either end; the
// invisible U+200B and U+FEFF are dropped.
std::string normalize_text(std::string_view text);

// A source text prepared for matching: normalised as above, and each of the source's own omission
// markers (`[...]`, `[…]`, `[... bản lưu bị cắt ...]`: a bracket whose content starts with an
// ellipsis) replaced by a break that no passage of a quote can span.
std::string prepare_source(std::string_view text);

// The passages of a verbatim quote: [quote] split at its omission marks (a run of three or more
// dots, `…`, and these in square brackets or parentheses), each normalised; empty ones dropped.
std::vector<std::string> quote_passages(std::string_view quote);

// Where a quote was found in a prepared source, or where it departs from it.
struct quote_match {
    bool found = false;
    std::size_t passages = 0;  // number of passages of the quote
    // When not found: the first passage that was not found after the previous one,
    std::size_t failed = 0;
    std::string passage;
    // the length in bytes of its longest beginning found after the previous passage (0: none),
    std::size_t matched = 0;
    // the offset in the source just after that beginning,
    std::size_t source_at = 0;
    // and whether the whole passage is in the source, but before the previous passage.
    bool out_of_order = false;
};

// Looks up the passages of [quote] in the prepared source [source], each after the previous one.
quote_match match_quote(std::string_view quote, std::string_view source);

// What a drafter needs to see of a failed match: `the source has "… trở lên;" where the text has
// "… trở lên (Luật …)"`. Empty when [m] was found.
text describe_mismatch(const quote_match& m, std::string_view source);

// ---- the check ---------------------------------------------------------------------------------

// The sources directories and the files read from them, shared by the files being checked.
class source_library {
public:
    explicit source_library(std::vector<std::string> dirs);
    ~source_library();
    source_library(const source_library&) = delete;
    source_library& operator=(const source_library&) = delete;

    // A source file looked up by its name.
    struct entry {
        std::string path;      // the directory and the name
        text error;            // why it cannot be used (not found, unreadable, not UTF-8)
        std::string prepared;  // its text, by prepare_source()
    };
    // [name] looked up in each directory in order (read and prepared once).
    const entry& find(const std::string& name);
    // Every file of the directories (and their subdirectories), by its name relative to its
    // directory; the first directory's file wins when two have one name.
    const std::vector<std::string>& names();
    [[nodiscard]] const std::vector<std::string>& dirs() const { return m_dirs; }

private:
    std::vector<std::string> m_dirs;
    std::map<std::string, entry> m_entries;
    std::optional<std::vector<std::string>> m_names;
};

// Counts of a check, added up over the files checked.
struct source_check_stats {
    std::size_t checked = 0;    // verbatim texts looked up in at least one source file
    std::size_t not_found = 0;  // of those, not found (E0601)
    std::size_t unnamed = 0;    // verbatim texts whose provisions name no source file (E0602)
    std::size_t unchecked = 0;  // verbatim texts whose named source files are all missing (E0603)
    std::set<std::string> files;  // the source files looked in (their paths)
};

// Checks the verbatim texts of [file] (its own provisions and preamble) against the source files
// they name; reports E0601-E0603 into [sink] and counts into [stats].
void check_sources(const ast::file& file, source_library& library, diagnostic_sink& sink,
                   source_check_stats& stats);

// "12 verbatim texts checked against 3 source files: 1 not found" (with the texts that name no
// source file, or whose source files are missing, when there are some).
std::string summary_line(const source_check_stats& stats);

}  // namespace decree
