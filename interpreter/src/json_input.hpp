// Case records as JSON text: the limits of record input, and why a text is not a JSON record,
// told with its place (line, column and field path) and, when it could be read, the record's id.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "decree/lang/text.hpp"

namespace decree::eval {

// Largest case record, in bytes: a line of JSON Lines, a file holding one record, an element
// of a JSON array (measured without blanks), or a record given to the embedding API. A real
// inmate's file is a few kilobytes. A larger record is an error of its own (verdict `error`);
// the records around it are read as usual.
inline constexpr std::size_t max_record_bytes = std::size_t{1} << 20;
// Deepest nesting of arrays and objects in a record (the JSON parser's own limit).
inline constexpr std::size_t max_json_depth = 1024;
// Largest input file read whole (one JSON object or an array of them). JSON Lines are streamed,
// a line at a time, whatever their total size.
inline constexpr std::size_t max_whole_file_bytes = std::size_t{1} << 30;

// A UTF-8 byte-order mark, which a record file may start with (RFC 8259 lets readers ignore it).
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

struct json_problem {
    // "column 31 ($.status): expected a value (an object, array, string, number, true, false
    // or null), found `s`"
    text message;
    // The record's top-level "id" when it was read before the problem, else empty.
    std::string id;
};

// Why [text] is not one JSON record. [fallback] is the JSON parser's own message, used when
// no problem is found (the parser has limits of its own).
json_problem explain_json_error(std::string_view text, std::string_view fallback);

// "the record has 104,857,600 bytes, more than the limit of 1 MiB (1,048,576 bytes) for one
// record"
text record_too_large(std::size_t bytes);

// [n] with the thousands separators of each language: "1,048,576" and "1.048.576".
text with_separators(std::size_t n);

}  // namespace decree::eval
