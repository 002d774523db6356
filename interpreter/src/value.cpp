// Runtime values: missing-path bookkeeping and display.
#include "value.hpp"

#include <algorithm>

namespace decree::eval {

void merge_missing(std::vector<std::string>& into, const std::vector<std::string>& from) {
    for (const auto& m : from) {
        if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
    }
}

namespace {
std::string law_code_short(const std::string& key) {
    // "BLHS2015" -> "BLHS": the code as drafters write it.
    auto end = key.find_first_of("0123456789");
    return end == std::string::npos || end == 0 ? key : key.substr(0, end);
}
}  // namespace

std::string display(const value& v, const ir::type* t, language lang) {
    const bool vi = lang == language::vi;
    const bool money = t != nullptr && t->kind == ir::tkind::money;
    return std::visit(
        [&](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, unknown>) {
                return vi ? "chưa rõ" : "unknown";
            } else if constexpr (std::is_same_v<T, bool>) {
                return x ? (vi ? "đúng" : "true") : (vi ? "sai" : "false");
            } else if constexpr (std::is_same_v<T, big_int>) {
                return money ? group_thousands(x, vi ? '.' : ',') + (vi ? " đồng" : " VND") : x.str();
            } else if constexpr (std::is_same_v<T, rational>) {
                if (money) {
                    if (denominator(x) == 1) {
                        return group_thousands(numerator(x), vi ? '.' : ',') + (vi ? " đồng" : " VND");
                    }
                    return to_decimal(x, 2) + (vi ? " đồng" : " VND");
                }
                if (denominator(x) == 1) return numerator(x).str();
                if (t != nullptr && t->kind == ir::tkind::decimal) return to_string(x);
                return numerator(x).str() + "/" + denominator(x).str();
            } else if constexpr (std::is_same_v<T, date>) {
                return vi ? x.vietnamese() : x.iso();
            } else if constexpr (std::is_same_v<T, duration>) {
                return vi ? x.vietnamese() : x.english();
            } else if constexpr (std::is_same_v<T, std::string>) {
                return "\"" + x + "\"";
            } else if constexpr (std::is_same_v<T, ir::law_article>) {
                return law_code_short(x.code) + " " + x.number.str();
            } else if constexpr (std::is_same_v<T, ir::enum_value>) {
                if (x.en == nullptr) return "?";
                const auto i = static_cast<std::size_t>(x.index);
                if (vi && !x.en->labels[i].empty()) return x.en->labels[i];
                return x.en->variants[i];
            } else if constexpr (std::is_same_v<T, record_ptr>) {
                return x ? x->path : "{}";
            } else if constexpr (std::is_same_v<T, list_ptr>) {
                const std::size_t n = x ? x->items.size() : 0;
                return "[" + std::to_string(n) + (vi ? " phần tử]" : n == 1 ? " item]" : " items]");
            } else {
                return vi ? "{tập hợp}" : "{set}";
            }
        },
        v);
}

}  // namespace decree::eval
