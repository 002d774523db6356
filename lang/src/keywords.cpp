// Reserved words from the keyword table.
#include <set>
#include <string>

#include "decree/lang/keywords.hpp"

namespace decree {

bool is_reserved_word(std::string_view word) {
    static const std::set<std::string, std::less<>> words = [] {
        std::set<std::string, std::less<>> out;
        for (const auto& k : keyword_table) {
            for (const auto s : {k.en, k.vi}) {
                if (s.find(' ') == std::string_view::npos) out.emplace(s);
            }
        }
        return out;
    }();
    return words.find(word) != words.end();
}

}  // namespace decree
