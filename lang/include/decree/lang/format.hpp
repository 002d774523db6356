// The canonical layout of decree files (`decreec fmt`): indentation by structure, one blank
// line at most between items, no trailing blanks, LF line ends; comments and strings kept
// exactly. Optionally every keyword translated into one language.
#pragma once

#include <optional>
#include <string>

#include "decree/lang/diagnostic.hpp"

namespace decree {

enum class keyword_language { keep, en, vi };

// The formatted text of [file], or nothing when it does not parse (errors in [sink]).
std::optional<std::string> format(const source_file& file, diagnostic_sink& sink,
                                  keyword_language keywords = keyword_language::keep);

}  // namespace decree
