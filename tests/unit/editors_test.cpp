// The editor grammars name every keyword of the one keyword table, in both languages.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "decree/lang/keywords.hpp"

namespace {
std::string read(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
// How a grammar writes a spelling: multi-word spellings allow any blanks between the words.
bool names(const std::string& grammar, std::string_view spelling, const char* blank) {
    std::string pattern;
    for (const char c : spelling) pattern += c == ' ' ? std::string(blank) : std::string(1, c);
    return grammar.find(pattern) != std::string::npos;
}
}  // namespace

TEST_SUITE("editors") {
    TEST_CASE("the Vim and VS Code grammars name every keyword in both languages") {
        const auto vim = read("editors/vim/syntax/decree.vim");
        const auto tm = read("editors/vscode/syntaxes/decree.tmLanguage.json");
        REQUIRE(!vim.empty());
        REQUIRE(!tm.empty());
        for (const auto& k : decree::keyword_table) {
            for (const auto s : {k.en, k.vi}) {
                CAPTURE(s);
                CHECK(names(vim, s, "\\s\\+"));
                CHECK(names(tm, s, "\\\\s+"));
            }
        }
    }
}
