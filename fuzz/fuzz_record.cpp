// Fuzz target: case record input. The bytes are decoded as one record against round 2's input
// type (decided and explained), then read as a file the way `decreec eval` reads its inputs:
// as JSON Lines (`.jsonl`), as a `.json` file (one object, an array, or lines), and from
// standard input. Whatever the bytes, every non-blank line of JSON Lines must yield exactly one
// record or one error: a reader that loses or invents a record aborts the run.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/records.hpp"
#include "fuzz_common.hpp"
#include "json_input.hpp"

namespace {

using namespace decree;

const fuzz::compiled_decree& round2() {
    static const fuzz::compiled_decree d("decrees/vn/2025/dot2_2025.decree");
    return d;
}

// A temporary file with [suffix], created once per process and removed at exit.
struct temp_file {
    std::string path;
    explicit temp_file(const char* suffix) {
        std::string pattern = "/tmp/decree-fuzz-XXXXXX" + std::string(suffix);
        const int fd = mkstemps(pattern.data(), static_cast<int>(std::string_view(suffix).size()));
        if (fd < 0) std::abort();
        close(fd);
        path = pattern;
    }
    ~temp_file() { unlink(path.c_str()); }
    void write(std::string_view bytes) const {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
};

bool blank(std::string_view bytes) {
    if (bytes.starts_with(eval::byte_order_mark)) bytes.remove_prefix(eval::byte_order_mark.size());
    return bytes.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Reads [path] as `decreec eval` does; decodes every record. Returns the number of records
// and errors the reader produced.
std::size_t read_all(const std::string& path, simdjson::dom::parser& parser) {
    std::size_t events = 0;
    const bool readable = cli::read_records(path, parser, [&](const cli::record_event& ev) {
        ++events;
        if (ev.object != nullptr) {
            auto decoded = eval::decode(*ev.object, *round2().input);
            (void)decoded;
        } else if (ev.problem.empty()) {
            std::cerr << "a record event with neither a record nor a problem\n";
            std::abort();
        }
    });
    if (!readable) {
        std::cerr << path << ": unreadable\n";
        std::abort();
    }
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static simdjson::dom::parser parser;
    static eval::decider evaluator(*round2().comp->program);

    // One record, decided and explained.
    simdjson::dom::element e;
    if (parser.parse(bytes.data(), bytes.size()).get(e) == simdjson::SUCCESS &&
        e.type() == simdjson::dom::element_type::OBJECT) {
        (void)fuzz::decide_and_render(round2(), e, evaluator);
    }

    // JSON Lines: one event per non-blank line, never more, never fewer.
    static const temp_file jsonl(".jsonl");
    jsonl.write(bytes);
    const auto lines = fuzz::record_lines(bytes);
    if (const auto events = read_all(jsonl.path, parser); events != lines) {
        std::cerr << "JSON Lines: " << lines << " non-blank lines gave " << events << " records\n";
        std::abort();
    }

    // A .json file: an object, an array or lines; something non-blank yields at least one event
    // unless it is an empty array.
    static const temp_file json(".json");
    json.write(bytes);
    const auto events = read_all(json.path, parser);
    simdjson::dom::element whole;
    const bool array = parser.parse(bytes.data(), bytes.size()).get(whole) == simdjson::SUCCESS &&
                       whole.type() == simdjson::dom::element_type::ARRAY;
    if (!blank(bytes) && !array && events == 0) {
        std::cerr << ".json: non-blank input gave no record\n";
        std::abort();
    }

    // Standard input.
    std::istringstream in{std::string(bytes)};
    auto* saved = std::cin.rdbuf(in.rdbuf());
    std::cin.clear();
    std::size_t stdin_events = 0;
    cli::read_records("-", parser, [&](const cli::record_event&) { ++stdin_events; });
    std::cin.rdbuf(saved);
    std::cin.clear();
    if (!blank(bytes) && !array && stdin_events == 0) {
        std::cerr << "stdin: non-blank input gave no record\n";
        std::abort();
    }
    return 0;
}
