// The diagnostic table and sink.
#include <algorithm>

#include "decree/lang/diagnostic.hpp"

namespace decree {

const std::vector<code_info>& all_codes() {
    static const std::vector<code_info> table = {
#define DECREE_CODE(id, level, title, explanation, title_vi, explanation_vi) \
    code_info{#id, severity::level, title, explanation, title_vi, explanation_vi},
#include "decree/lang/diagnostic_codes.def"
#undef DECREE_CODE
    };
    return table;
}

std::string_view severity_name(severity s, language l) {
    if (l == language::vi) return s == severity::error ? "lỗi" : s == severity::warning ? "cảnh báo" : "ghi chú";
    return s == severity::error ? "error" : s == severity::warning ? "warning" : "note";
}

const code_info& info(code c) { return all_codes()[static_cast<std::size_t>(c)]; }

const code_info* find_code(std::string_view id) {
    for (const auto& c : all_codes()) {
        if (c.id == id) return &c;
    }
    return nullptr;
}

source_diagnostic& diagnostic_sink::report(source_diagnostic d) {
    if (d.level == severity::error) {
        if (m_errors >= m_cap) {
            ++m_dropped_errors;
            m_overflow = source_diagnostic{};
            return m_overflow;
        }
        ++m_errors;
    } else if (d.level == severity::warning) {
        if (m_warnings >= m_cap) {
            ++m_dropped_warnings;
            m_overflow = source_diagnostic{};
            return m_overflow;
        }
        ++m_warnings;
    }
    m_items.push_back(std::move(d));
    return m_items.back();
}

source_diagnostic& diagnostic_sink::error(code c, span where, text message, text hint) {
    return report(source_diagnostic{c, severity::error, where, std::move(message), {}, {}, std::move(hint)});
}

source_diagnostic& diagnostic_sink::warning(code c, span where, text message, text hint) {
    return report(source_diagnostic{c, severity::warning, where, std::move(message), {}, {}, std::move(hint)});
}

void diagnostic_sink::sort() {
    std::stable_sort(m_items.begin(), m_items.end(), [](const source_diagnostic& a, const source_diagnostic& b) {
        if (a.primary.file != b.primary.file) return a.primary.file < b.primary.file;
        if (a.primary.begin != b.primary.begin) return a.primary.begin < b.primary.begin;
        return a.id < b.id;
    });
}

}  // namespace decree
