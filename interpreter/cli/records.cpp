// Case record inputs: objects, arrays, JSON Lines; streamed line by line when possible.
#include "cli/records.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace decree::cli {

namespace {

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

struct reader {
    simdjson::dom::parser& parser;
    const record_sink& sink;
    const std::string& path;

    void text(std::string_view json, std::size_t line) {
        record_event ev;
        ev.line = line;
        ev.where = line > 0 ? fmt::format("{}:{}", path, line) : path;
        simdjson::dom::element e;
        const auto code = parser.parse(json.data(), json.size()).get(e);
        if (code != simdjson::SUCCESS) {
            ev.problem = ev.where + ": not a JSON record: " + simdjson::error_message(code);
        } else if (e.type() != simdjson::dom::element_type::OBJECT) {
            ev.problem = ev.where + ": a case record must be a JSON object";
        } else {
            ev.object = &e;
        }
        sink(ev);
    }

    bool lines(std::istream& in, std::size_t n = 0) {
        std::string line;
        while (std::getline(in, line)) {
            ++n;
            if (!blank(line)) text(line, n);
        }
        return !in.bad();
    }

    bool whole(const std::string& content) {
        const auto first = content.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return true;  // no record
        simdjson::dom::element e;
        const auto code = parser.parse(content).get(e);
        if (code == simdjson::SUCCESS && e.type() == simdjson::dom::element_type::ARRAY) {
            std::size_t i = 0;
            for (auto item : simdjson::dom::array(e)) {
                record_event ev;
                ev.line = ++i;
                ev.where = fmt::format("{}[{}]", path, i - 1);
                if (item.type() != simdjson::dom::element_type::OBJECT) {
                    ev.problem = ev.where + ": a case record must be a JSON object";
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
            if (e.type() != simdjson::dom::element_type::OBJECT) {
                ev.problem = path + ": a case record must be a JSON object";
            } else {
                ev.object = &e;
            }
            sink(ev);
            return true;
        }
        if (content[first] == '[') {
            record_event ev;
            ev.where = path;
            ev.problem = path + ": not a JSON array of records: " + simdjson::error_message(code);
            sink(ev);
            return true;
        }
        // Several objects, one per line: JSON Lines under another extension.
        std::istringstream in(content);
        return lines(in);
    }
};

}  // namespace

bool read_records(const std::string& path, simdjson::dom::parser& parser, const record_sink& sink) {
    reader r{parser, sink, path};
    if (path == "-") {
        // JSON Lines are streamed; anything else (an array, a pretty-printed object) is read
        // whole, once its first line shows it is not one record per line.
        std::string first;
        std::size_t n = 0;
        while (std::getline(std::cin, first)) {
            ++n;
            if (!blank(first)) break;
        }
        if (blank(first)) return !std::cin.bad();
        simdjson::dom::element probe;
        if (parser.parse(first).get(probe) == simdjson::SUCCESS) {
            r.text(first, n);
            return r.lines(std::cin, n);
        }
        std::ostringstream ss;
        ss << first << '\n' << std::cin.rdbuf();
        return r.whole(ss.str());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    if (path.size() > 6 && path.ends_with(".jsonl")) return r.lines(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return false;
    return r.whole(ss.str());
}

}  // namespace decree::cli
