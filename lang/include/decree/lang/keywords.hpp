// The keyword table (keywords.def) as data, for the grammar, the formatter and the editors test.
#pragma once

#include <array>
#include <string_view>

namespace decree {

enum class keyword {
#define DECREE_KEYWORD(name, en, vi) name,
#include "decree/lang/keywords.def"
#undef DECREE_KEYWORD
};

struct keyword_spelling {
    std::string_view name;  // the table's name, e.g. "article_"
    std::string_view en;    // "article"
    std::string_view vi;    // "điều"
};

inline constexpr std::array keyword_table = {
#define DECREE_KEYWORD(name, en, vi) keyword_spelling{#name, en, vi},
#include "decree/lang/keywords.def"
#undef DECREE_KEYWORD
};

inline constexpr const keyword_spelling& spelling(keyword k) {
    return keyword_table[static_cast<std::size_t>(k)];
}

// True when [word] (one word, no blanks) is a keyword spelling in either language, so that it
// cannot be used as a name.
bool is_reserved_word(std::string_view word);

}  // namespace decree
