// Reading case records from the inputs of decreec: one JSON object, a JSON array of objects,
// or JSON Lines (streamed in constant memory); `-` is standard input. Every record, readable or
// not, reaches the sink once, in input order.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "decree/lang/text.hpp"

namespace simdjson::dom {
class element;
class parser;
}  // namespace simdjson::dom

namespace decree::cli {

struct record_event {
    const simdjson::dom::element* object = nullptr;  // the record; null when it could not be read
    std::size_t line = 0;   // 1-based line (JSON Lines) or element index (arrays); 0 for one object
    std::string where;      // "file:line" or "file[index]"
    text problem;           // why the record could not be read
    std::string id;         // the unreadable record's id, when it could be found
    std::size_t read = 0;   // bytes of the input read through this record (about, in an array)
};

using record_sink = std::function<void(const record_event&)>;

// Reads the records of [path] into [sink]; false when the input cannot be read at all. A
// record larger than eval::max_record_bytes, or a file read whole larger than
// eval::max_whole_file_bytes, is one event with a problem; a UTF-8 byte-order mark at the start
// of the input is skipped.
bool read_records(const std::string& path, simdjson::dom::parser& parser, const record_sink& sink);

// The message for an input [path] that read_records (or the JSON Lines reader) could not read:
// "PATH: error: cannot read the file[: it is a directory]", or for `-`, "standard input: error:
// cannot read the input: it is closed | it is a directory | a read error". A FIFO named as a case
// file is read (streamed), like a pipe on standard input.
text read_error(const std::string& path);

// The size of the regular file [path] (`-`: standard input, when it is one), else 0: what a
// progress line counts the part done against.
std::size_t file_size(const std::string& path);

// The name a decree read from standard input has in diagnostics (`<stdin>:3:5`); its relative
// imports are read from the current folder.
inline constexpr const char* stdin_name = "<stdin>";

// What diagnostics call the file [path]: `<stdin>` for `-`.
inline std::string input_name(const std::string& path) { return path == "-" ? std::string(stdin_name) : path; }

// The text of the decree file [path], or of standard input for `-` (named stdin_name then): at
// most max_source_bytes + 1 bytes, so that a larger input is reported as too large; nothing when
// it cannot be read (closed, a directory, a read error), with why.
std::optional<std::string> read_decree_text(const std::string& path, text& why);

}  // namespace decree::cli
