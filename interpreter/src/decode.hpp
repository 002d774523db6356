// Case records: JSON text -> runtime values, validated against the record type the decree
// declares. Errors name the field path ("$.sentence.term.years: expected a non-negative
// integer, got -3"); absent or null fields are unknown, never false or zero.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/text.hpp"
#include "value.hpp"

namespace simdjson::dom {
class element;
}

namespace decree::eval {

struct field_problem {
    std::string path;
    text message;
};

struct decoded_record {
    value record;                         // a record_ptr when there was no error
    std::string id;                       // the record's `id`, if it has one
    std::vector<field_problem> errors;    // type errors: the record cannot be evaluated
    std::vector<field_problem> warnings;  // fields the record type does not declare
};

// Decodes one case record from a parsed JSON element, checking it against [type].
decoded_record decode(const simdjson::dom::element& json, const ir::record_type& type);

}  // namespace decree::eval
