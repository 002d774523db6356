// The JSON Schema (draft 2020-12) of a record type, for tools that produce case records.
#pragma once

#include <string>

#include "decree/lang/ir.hpp"

namespace decree::eval {

// [root] and every record and enumeration it reaches, as one schema document ($defs).
std::string json_schema(const ir::record_type& root, const std::string& title);

}  // namespace decree::eval
