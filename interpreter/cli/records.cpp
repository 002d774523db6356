// Case record inputs: objects, arrays, JSON Lines; streamed line by line when possible.
#include "cli/records.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <array>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/line_reader.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "json_input.hpp"

namespace decree::cli {

namespace {

// A place or a name, the same in both languages.
text same(const std::string& s) { return text{s, s}; }

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view without_bom(std::string_view text) {
    return text.starts_with(eval::byte_order_mark) ? text.substr(eval::byte_order_mark.size()) : text;
}

// The "id" of a record that is not decided, when it is a string.
std::string id_of(const simdjson::dom::element& record) {
    std::string_view id;
    return record["id"].get(id) == simdjson::SUCCESS ? std::string(id) : std::string();
}

// The rest of [in], or nothing when it holds more than eval::max_whole_file_bytes.
std::optional<std::string> read_whole(std::istream& in, std::string text = {}) {
    std::array<char, 1 << 16> buffer{};
    while (text.size() <= eval::max_whole_file_bytes) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (!in) break;
    }
    if (text.size() > eval::max_whole_file_bytes) return std::nullopt;
    return text;
}

struct reader {
    simdjson::dom::parser& parser;
    const record_sink& sink;
    const std::string& path;
    std::size_t consumed = 0;  // bytes of the input read so far

    void text(std::string_view json, std::size_t line) {
        record_event ev;
        ev.line = line;
        ev.where = line > 0 ? fmt::format("{}:{}", path, line) : path;
        simdjson::dom::element e;
        const auto code = parser.parse(json.data(), json.size()).get(e);
        if (code != simdjson::SUCCESS) {
            auto why = eval::explain_json_error(json, simdjson::error_message(code));
            ev.problem = say(msg::rec_not_json_record, {ev.where + ": ", why.message});
            ev.id = std::move(why.id);
        } else if (e.type() != simdjson::dom::element_type::OBJECT) {
            ev.problem = say(msg::rec_must_be_object, {ev.where + ": "});
        } else {
            ev.object = &e;
        }
        ev.read = consumed;
        sink(ev);
    }

    // A line or a file longer than the limit, reported without being read; the record's id is
    // looked for in [start], the beginning of the record.
    void too_large(std::size_t line, std::string where, const decree::text& problem, std::string_view start = {}) {
        record_event ev;
        ev.line = line;
        ev.where = std::move(where);
        ev.problem = same(ev.where + ": ") + problem;
        if (!start.empty()) ev.id = eval::explain_json_error(start, {}).id;
        ev.read = consumed;
        sink(ev);
    }

    bool lines(std::istream& in, std::size_t n = 0) {
        line_reader input(in, eval::max_record_bytes, n);
        while (input.next()) {
            const auto at = input.number();
            consumed += (input.too_long() ? input.length() : input.line().size()) + 1;
            if (input.too_long()) {
                too_large(at, fmt::format("{}:{}", path, at), eval::record_too_large(input.length()), input.prefix());
            } else if (const auto line = at == 1 ? without_bom(input.line()) : input.line(); !blank(line)) {
                text(line, at);
            }
        }
        return !in.bad();
    }

    // True when [content], which is not one JSON document, reads as JSON Lines: its first line
    // is a JSON value on its own, or another line that starts with `{` (unindented, unlike the
    // lines of a pretty-printed record) is an object on its own.
    bool json_lines(std::string_view content, std::size_t first) {
        for (std::size_t at = first; at < content.size();) {
            const auto eol = std::min(content.find('\n', at), content.size());
            const auto line = content.substr(at, eol - at);
            simdjson::dom::element probe;
            if ((at == first || line.starts_with('{')) &&
                parser.parse(line.data(), line.size()).get(probe) == simdjson::SUCCESS &&
                (at == first || probe.type() == simdjson::dom::element_type::OBJECT)) {
                return true;
            }
            at = eol + 1;
        }
        return false;
    }

    bool whole(std::string_view content) {
        content = without_bom(content);
        const auto first = content.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return true;  // no record
        simdjson::dom::element e;
        const auto code = parser.parse(content.data(), content.size()).get(e);
        if (code == simdjson::SUCCESS && e.type() == simdjson::dom::element_type::ARRAY) {
            std::size_t i = 0;
            const auto count = std::max<std::size_t>(1, simdjson::dom::array(e).size());
            for (auto item : simdjson::dom::array(e)) {
                record_event ev;
                ev.line = ++i;
                ev.read = consumed + content.size() * i / count;
                ev.where = fmt::format("{}[{}]", path, i - 1);
                if (item.type() != simdjson::dom::element_type::OBJECT) {
                    ev.problem = say(msg::rec_must_be_object, {ev.where + ": "});
                } else if (const auto size = content.size() > eval::max_record_bytes ? simdjson::minify(item).size() : 0;
                           size > eval::max_record_bytes) {
                    ev.problem = same(ev.where + ": ") + eval::record_too_large(size) + say(msg::rec_counted_without_blanks);
                    ev.id = id_of(item);
                } else {
                    ev.object = &item;
                }
                sink(ev);
            }
            return true;
        }
        if (code == simdjson::SUCCESS) {
            record_event ev;
            ev.where = path;
            const auto size = content.find_last_not_of(" \t\r\n") + 1 - first;
            if (e.type() != simdjson::dom::element_type::OBJECT) {
                ev.problem = say(msg::rec_must_be_object, {path + ": "});
            } else if (size > eval::max_record_bytes) {
                ev.problem = same(path + ": ") + eval::record_too_large(size);
                ev.id = id_of(e);
            } else {
                ev.object = &e;
            }
            sink(ev);
            return true;
        }
        if (content[first] == '[') {
            record_event ev;
            ev.where = path;
            auto why = eval::explain_json_error(content, simdjson::error_message(code));
            ev.problem = say(msg::rec_not_json_array, {path + ": ", why.message});
            sink(ev);
            return true;
        }
        // Several records, one per line (JSON Lines under another extension), or one broken
        // document, reported once: a pretty-printed record with a missing comma is not dozens
        // of broken lines.
        if (json_lines(content, first)) {
            std::istringstream in{std::string(content)};
            return lines(in);
        }
        record_event ev;
        ev.where = path;
        auto why = eval::explain_json_error(content, simdjson::error_message(code));
        ev.problem = say(msg::rec_not_json_record, {path + ": ", why.message});
        ev.id = std::move(why.id);
        sink(ev);
        return true;
    }
};

}  // namespace

text read_error(const std::string& path) {
    if (path == "-") {
        struct stat st {};
        const auto why = ::fstat(0, &st) != 0 ? say(msg::cli_it_is_closed)
                         : S_ISDIR(st.st_mode) ? say(msg::cli_it_is_a_directory)
                                               : say(msg::cli_a_read_error);
        return say(msg::file_error, {say(msg::cli_standard_input), say(msg::cli_cannot_read_input, {why})});
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return say(msg::file_error, {path, say(msg::cannot_read_file_because, {say(msg::cli_it_is_a_directory)})});
    }
    return say(msg::file_error, {path, say(msg::cannot_read_file)});
}

std::size_t file_size(const std::string& path) {
    struct stat st {};
    const int rc = path == "-" ? ::fstat(0, &st) : ::stat(path.c_str(), &st);
    return rc == 0 && S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
}

namespace {

std::optional<std::string> read_standard_input(std::size_t limit, text& why) {
    std::clearerr(stdin);
    struct stat st {};
    if (::fstat(0, &st) != 0 || S_ISDIR(st.st_mode)) {
        why = ::fstat(0, &st) != 0 ? say(msg::cli_it_is_closed) : say(msg::cli_it_is_a_directory);
        return std::nullopt;
    }
    std::string text;
    char buffer[1 << 16];
    while (text.size() <= limit && std::cin.read(buffer, sizeof buffer).gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    }
    if (std::ferror(stdin) || std::cin.bad()) {
        why = say(msg::cli_a_read_error);
        return std::nullopt;
    }
    if (text.size() > limit + 1) text.resize(limit + 1);
    return text;
}

}  // namespace

std::optional<std::string> read_decree_text(const std::string& path, text& why) {
    if (path == "-") return read_standard_input(max_source_bytes, why);
    return read_source(path, &why);
}

bool read_records(const std::string& path, simdjson::dom::parser& parser, const record_sink& sink) {
    reader r{parser, sink, path};
    if (path == "-") {
        // A closed standard input (`<&-`), a directory (`< /`) or a read error fails like the
        // same file given by name: std::cin reads through C's stdin, whose error flag tells.
        std::clearerr(stdin);
        struct stat st {};
        if (::fstat(0, &st) != 0 || S_ISDIR(st.st_mode)) return false;
        const auto ok = [&](bool result) { return result && !std::ferror(stdin) && !std::cin.bad(); };
        // JSON Lines are streamed; anything else (an array, a pretty-printed object) is read
        // whole, once its first line shows it is not one record per line.
        line_reader reader(std::cin, eval::max_record_bytes);
        bool found = false;
        while (!found && reader.next()) {
            found = reader.too_long() || !blank(reader.number() == 1 ? without_bom(reader.line()) : reader.line());
        }
        if (!found) return ok(true);
        const auto n = reader.number();
        if (reader.too_long()) {
            r.too_large(n, fmt::format("{}:{}", path, n), eval::record_too_large(reader.length()), reader.prefix());
            return ok(r.lines(std::cin, n));
        }
        std::string first = reader.take();
        const auto json = n == 1 ? without_bom(first) : std::string_view(first);
        simdjson::dom::element probe;
        if (parser.parse(json.data(), json.size()).get(probe) == simdjson::SUCCESS) {
            r.text(json, n);
            return ok(r.lines(std::cin, n));
        }
        auto content = read_whole(std::cin, std::string(n - 1, '\n') + first + '\n');
        if (!content) {
            r.too_large(0, path, say(msg::rec_input_too_large, {eval::max_whole_file_bytes >> 30}));
            return ok(true);
        }
        return ok(r.whole(*content));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    if (path.size() > 6 && path.ends_with(".jsonl")) return r.lines(in);
    auto content = read_whole(in);
    if (in.bad()) return false;
    if (!content) {
        r.too_large(0, path, say(msg::rec_file_too_large, {eval::max_whole_file_bytes >> 30}));
        return true;
    }
    return r.whole(*content);
}

}  // namespace decree::cli
