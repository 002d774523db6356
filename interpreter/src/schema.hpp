// The JSON Schema (draft 2020-12) of a record type, for tools that produce case records.
#pragma once

#include <string>

#include "decree/lang/ir.hpp"

namespace decree::eval {

// [root] and every record and enumeration it reaches, as one schema document ($defs). Each field
// has its label as `title` in [lang] and in both languages as `x-decree-label` ({"vi", "en"});
// each enumeration its values' labels as `x-decree-labels` ({value: {"vi", "en"}}), so that a
// form made from the schema can speak either language. Unknown keywords are annotations in
// draft 2020-12: validators ignore them.
std::string json_schema(const ir::record_type& root, const std::string& title, language lang = language::en);

// [root] as Markdown, for the case-record documentation (docs/case-record.md): one row per field
// path (`offences[].points`), its type, and its documentation string split at " — " into the
// Vietnamese term and the meaning; then every enumeration it reaches with its values' labels.
std::string markdown_doc(const ir::record_type& root, const std::string& title);

}  // namespace decree::eval
