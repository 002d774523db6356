// The fuzzers' dictionary (fuzz/decree.dict, written by fuzz/make_dict.py) names every keyword
// of the one keyword table in both languages, so that it cannot fall behind the language.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "decree/lang/keywords.hpp"

namespace {

// The values of a libFuzzer dictionary: `name="value"` lines, with \\, \" and \xNN escapes.
std::set<std::string> dictionary_values(const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto open = line.find('"');
        if (line.empty() || line[0] == '#' || open == std::string::npos || line.back() != '"')
            continue;
        std::string value;
        for (std::size_t i = open + 1; i + 1 < line.size(); ++i) {
            if (line[i] != '\\') {
                value += line[i];
            } else if (line[i + 1] == 'x' && i + 3 < line.size()) {
                value += static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16));
                i += 3;
            } else {
                value += line[++i];
            }
        }
        out.insert(value);
    }
    return out;
}

}  // namespace

TEST_SUITE("fuzz dictionary") {
    TEST_CASE("fuzz/decree.dict holds every keyword in both languages") {
        std::ifstream in("fuzz/decree.dict", std::ios::binary);
        REQUIRE(in);
        std::ostringstream ss;
        ss << in.rdbuf();
        const auto values = dictionary_values(ss.str());
        CHECK(values.size() > decree::keyword_table.size());
        for (const auto& k : decree::keyword_table) {
            for (const auto s : {k.en, k.vi}) {
                CAPTURE(s);
                CHECK(values.count(std::string(s)) == 1);
            }
        }
    }
}
