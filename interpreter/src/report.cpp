// Text and JSON renderings of decisions, and the run summary.
#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "decree/lang/provenance.hpp"

namespace decree::eval {

std::string json_escape(std::string_view s) { return decree::json_escape(s); }

namespace {

}  // namespace

std::string_view status_name(rule_status s) {
    switch (s) {
        case rule_status::holds: return "holds";
        case rule_status::fails: return "fails";
        case rule_status::applies: return "applies";
        case rule_status::not_applies: return "does_not_apply";
        case rule_status::unknown: return "unknown";
        case rule_status::skipped: return "not_applicable";
    }
    return "";
}

std::string_view status_text(rule_status s, language lang) {
    const bool vi = lang == language::vi;
    switch (s) {
        case rule_status::holds: return vi ? "đạt" : "met";
        case rule_status::fails: return vi ? "không đạt" : "not met";
        case rule_status::applies: return vi ? "thuộc trường hợp loại trừ" : "exclusion applies";
        case rule_status::not_applies: return vi ? "không thuộc" : "does not apply";
        case rule_status::unknown: return vi ? "chưa xác định" : "undetermined";
        case rule_status::skipped: return vi ? "không áp dụng" : "not applicable";
    }
    return "";
}

std::string cite(const ir::program& p, std::uint32_t rule, language lang) {
    const auto& r = p.rules[rule];
    if (r.provision < 0) return lang == language::vi ? "(quy tắc không trích dẫn)" : "(uncited rule)";
    const auto& pr = p.provisions[static_cast<std::size_t>(r.provision)];
    return lang == language::vi ? pr.citation_vi : pr.citation_en;
}

excerpt_text excerpt(const ir::program& p, std::uint32_t rule, std::size_t max) {
    const auto& r = p.rules[rule];
    if (r.provision < 0) return {};
    const auto& pr = p.provisions[static_cast<std::size_t>(r.provision)];
    if (pr.texts.empty()) return {};
    const std::string& t = pr.texts.front().value;
    std::size_t chars = 0, i = 0;
    while (i < t.size() && chars < max) {
        ++i;
        while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) ++i;
        ++chars;
    }
    if (i >= t.size()) return {t, pr.texts.front().paraphrase};
    // Cut at the last word boundary, never inside a word, and say that the text goes on.
    std::size_t cut = t.rfind(' ', i);
    if (cut == std::string::npos || cut == 0) cut = i;
    while (cut > 0 && (t[cut - 1] == ' ' || t[cut - 1] == ',' || t[cut - 1] == ';' || t[cut - 1] == ':')) --cut;
    return {t.substr(0, cut) + " …", pr.texts.front().paraphrase};
}

std::string_view paraphrase_label(language lang) { return lang == language::vi ? "(diễn giải)" : "(paraphrase)"; }

std::string source_of(const source_manager& sources, const span& s) {
    if (s.file == no_source || s.file >= sources.size()) return {};
    std::string text = sources.get(s.file).text().substr(s.begin, s.end - s.begin);
    std::string out;
    bool blank = false;
    for (const char c : text) {  // one line: collapse blanks and line ends
        const bool b = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (b && !blank && !out.empty()) out += ' ';
        if (!b) out += c;
        blank = b;
    }
    return out;
}

// The error of a decision, prefixed with the place in the decree for runtime errors.
text error_text(const decision& d, const source_manager& sources) {
    if (d.error_at.file == no_source || d.error_at.file >= sources.size()) return d.error;
    const auto& f = sources.get(d.error_at.file);
    const auto lc = f.position(d.error_at.begin);
    const auto where = fmt::format("{}:{}:{}: ", f.name(), lc.line, lc.column);
    return text{where, where} + d.error;
}

void summary::note(const std::string& c) {
    if (m_failed.count(c) == 0 && m_applied.count(c) == 0 && std::find(m_order.begin(), m_order.end(), c) == m_order.end()) {
        m_order.push_back(c);
    }
}

void summary::add(const case_result& r) {
    ++m_counts[static_cast<int>(r.outcome.result)];
    for (const auto& c : r.outcome.failed) count_failed(c, 1);
    for (const auto& c : r.outcome.applied) count_applied(c, 1);
    for (const auto& c : r.outcome.missing) ++m_missing[c];
    if (!r.outcome.assumptions.empty()) count_resting(r.outcome.provisional.value_or(r.outcome.result), 1);
    for (const auto& a : r.outcome.assumptions) ++m_assumed[a];
    for (const auto& f : r.undeclared) ++m_undeclared[f];
}

void summary::count_resting(verdict v, std::size_t n) { m_resting[static_cast<int>(v)] += n; }

void summary::count_assumption(const std::string& id, std::size_t n) { m_assumed[id] += n; }

void summary::describe_assumptions(const provenance::table& table) {
    m_known.clear();
    for (const auto& a : table.assumptions) {
        m_known.emplace_back(a.id, a.reason);
        if (!a.label.empty()) m_names[a.id] = a.label;
    }
}

void summary::describe(const ir::program& p) {
    describe_assumptions(provenance::of(p));
    for (const auto& pr : p.provisions) m_names.emplace(pr.citation_vi, decree::text{pr.citation_en, pr.citation_vi});
}

const std::string& summary::name_of(const std::string& id, language lang) const {
    const auto it = m_names.find(id);
    if (it == m_names.end()) return id;
    const auto& l = ir::label_in(it->second, lang);
    return l.empty() ? id : l;
}

std::vector<std::string> summary::assumptions_ordered() const {
    std::vector<std::string> out;
    for (const auto& [id, reason] : m_known) {
        if (m_assumed.count(id) != 0) out.push_back(id);
    }
    for (const auto& counted : m_assumed) {
        const auto& id = counted.first;
        if (std::none_of(m_known.begin(), m_known.end(), [&](const auto& k) { return k.first == id; })) out.push_back(id);
    }
    return out;
}

void summary::count(verdict v, std::size_t n) { m_counts[static_cast<int>(v)] += n; }

void summary::count_failed(const std::string& c, std::size_t n) {
    note(c);
    m_failed[c] += n;
}

void summary::count_applied(const std::string& c, std::size_t n) {
    note(c);
    m_applied[c] += n;
}

void summary::merge(const summary& other) {
    for (int i = 0; i < 4; ++i) m_counts[i] += other.m_counts[i];
    for (const auto& c : other.m_order) note(c);
    for (const auto& [c, n] : other.m_failed) m_failed[c] += n;
    for (const auto& [c, n] : other.m_applied) m_applied[c] += n;
    for (const auto& [c, n] : other.m_missing) m_missing[c] += n;
    for (int i = 0; i < 4; ++i) m_resting[i] += other.m_resting[i];
    for (const auto& [a, n] : other.m_assumed) m_assumed[a] += n;
    for (const auto& [f, n] : other.m_undeclared) m_undeclared[f] += n;
    if (m_known.empty()) m_known = other.m_known;
    if (m_names.empty()) m_names = other.m_names;
}

std::vector<std::string> summary::ordered() const {
    std::vector<std::string> order = m_order;
    std::sort(order.begin(), order.end(), [](const std::string& a, const std::string& b) {
        if (citation_less(a, b)) return true;
        if (citation_less(b, a)) return false;
        return a < b;
    });
    return order;
}

// Citations in the order of the decree: numbers compare as numbers, `đ` comes after `d`.
bool citation_less(const std::string& a, const std::string& b) {
    auto key = [](const std::string& s) {
        std::vector<std::pair<int, std::string>> parts;
        std::size_t i = 0;
        while (i < s.size()) {
            if (s[i] >= '0' && s[i] <= '9') {
                std::size_t j = i;
                while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
                parts.emplace_back(0, std::string(10 - std::min<std::size_t>(10, j - i), '0') + s.substr(i, j - i));
                i = j;
            } else {
                std::size_t j = i;
                while (j < s.size() && !(s[j] >= '0' && s[j] <= '9')) ++j;
                std::string word = s.substr(i, j - i);
                for (std::size_t k = word.find("đ"); k != std::string::npos; k = word.find("đ", k)) {
                    word.replace(k, std::string("đ").size(), "d\x7f");
                }
                parts.emplace_back(1, word);
                i = j;
            }
        }
        return parts;
    };
    return key(a) < key(b);
}

std::string summary::text(language lang) const {
    const bool vi = lang == language::vi;
    const std::size_t total = m_counts[0] + m_counts[1] + m_counts[2] + m_counts[3];
    std::string out = vi ? fmt::format("{} hồ sơ: {} đủ điều kiện, {} không đủ điều kiện, {} chưa xác định, {} lỗi\n",
                                       total, m_counts[0], m_counts[1], m_counts[2], m_counts[3])
                         : fmt::format("{} {}: {} eligible, {} not eligible, {} undetermined, {} {}\n", total,
                                       total == 1 ? "record" : "records", m_counts[0], m_counts[1], m_counts[2],
                                       m_counts[3], m_counts[3] == 1 ? "error" : "errors");
    const std::vector<std::string> order = ordered();
    for (const auto& c : order) {
        if (auto it = m_failed.find(c); it != m_failed.end()) {
            out += fmt::format("  {}: {} {}\n", name_of(c, lang), it->second, vi ? "hồ sơ không đạt / bị loại trừ" : "not met or excluded");
        }
    }
    for (const auto& c : order) {
        if (auto it = m_applied.find(c); it != m_applied.end()) {
            out += fmt::format("  {}: {} {}\n", name_of(c, lang), it->second, vi ? "hồ sơ được áp dụng ngoại lệ" : "exception applied");
        }
    }
    const std::size_t resting = m_resting[0] + m_resting[1] + m_resting[2] + m_resting[3];
    if (resting > 0) {
        out += vi ? fmt::format("  {} kết quả dựa trên giả định ({} đủ điều kiện, {} không đủ điều kiện)\n", resting,
                                m_resting[0], m_resting[1])
                  : fmt::format("  {} {} on assumptions ({} eligible, {} not eligible)\n", resting,
                                resting == 1 ? "verdict rests" : "verdicts rest", m_resting[0], m_resting[1]);
        for (const auto& a : assumptions_ordered()) {
            const std::size_t n = m_assumed.at(a);
            out += fmt::format("  {} {}: {} {}\n", vi ? "giả định" : "assumption", name_of(a, lang), n,
                               vi ? "kết quả" : n == 1 ? "verdict" : "verdicts");
        }
    }
    for (const auto& [f, n] : m_undeclared) {
        out += vi ? fmt::format("  trường không được khai báo (bị bỏ qua) {}: {} hồ sơ\n", f, n)
                  : fmt::format("  undeclared field (ignored) {}: {} {}\n", f, n, n == 1 ? "record" : "records");
    }
    return out;
}

std::string summary::json() const {
    const std::vector<std::string> order = ordered();
    auto object = [&](const std::map<std::string, std::size_t>& m) {
        std::string out = "{";
        bool first = true;
        for (const auto& c : order) {
            if (auto it = m.find(c); it != m.end()) {
                out += (first ? "\"" : ",\"") + json_escape(c) + "\":" + std::to_string(it->second);
                first = false;
            }
        }
        return out + "}";
    };
    auto by_path = [](const std::map<std::string, std::size_t>& m) {  // in byte order of the paths
        std::string out = "{";
        for (const auto& [path, n] : m) out += (out.size() > 1 ? ",\"" : "\"") + json_escape(path) + "\":" + std::to_string(n);
        return out + "}";
    };
    std::string assumed = "{";
    for (const auto& a : assumptions_ordered()) {
        assumed += (assumed.size() > 1 ? ",\"" : "\"") + json_escape(a) + "\":" + std::to_string(m_assumed.at(a));
    }
    assumed += "}";
    return fmt::format(
        "{{\"records\":{},\"eligible\":{},\"not_eligible\":{},\"undetermined\":{},\"error\":{},\"failed\":{},"
        "\"applied\":{},\"missing\":{},\"rest_on_assumptions\":{},\"eligible_on_assumptions\":{},"
        "\"not_eligible_on_assumptions\":{},\"assumptions\":{},\"undeclared\":{}}}\n",
        m_counts[0] + m_counts[1] + m_counts[2] + m_counts[3], m_counts[0], m_counts[1], m_counts[2], m_counts[3],
        object(m_failed), object(m_applied), by_path(m_missing), m_resting[0] + m_resting[1] + m_resting[2] + m_resting[3],
        m_resting[0], m_resting[1], assumed, by_path(m_undeclared));
}

namespace {

std::string html_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// A horizontal bar chart as inline SVG.
std::string bars(const std::vector<std::pair<std::string, std::size_t>>& rows, const char* color) {
    std::size_t top = 1;
    for (const auto& r : rows) top = std::max(top, r.second);
    const int row_h = 22, label_w = 230, bar_w = 420;
    const int height = static_cast<int>(rows.size()) * row_h + 10;
    std::string out = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">", label_w + bar_w + 80, height);
    int y = 5;
    for (const auto& [label, n] : rows) {
        const int w = static_cast<int>(static_cast<double>(n) / static_cast<double>(top) * bar_w);
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>", label_w - 6, y + 15,
                           html_escape(label));
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\"/>", label_w, y + 2, std::max(w, 1), color);
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>", label_w + w + 6, y + 15, n);
        y += row_h;
    }
    return out + "</svg>";
}

}  // namespace

// The verdicts resting on assumptions: how many of each verdict, and how many on each
// assumption, with its reason.
std::string summary::assumptions_html() const {
    const std::size_t resting = m_resting[0] + m_resting[1] + m_resting[2] + m_resting[3];
    std::string out =
        "<h2>Kết quả dựa trên giả định / Verdicts resting on assumptions</h2>\n"
        "<p class=\"note\">Giá trị hoặc điều khoản được đánh dấu <code>giả định</code> (văn bản gốc không quy định) mà kết quả "
        "dựa vào / values or provisions marked <code>assumed</code> (the legal sources do not state them) that the verdict "
        "rests on.</p>\n<table>\n<tr><th>Kết quả / verdict</th><th>Số hồ sơ / records</th></tr>\n";
    out += fmt::format("<tr><td>Đủ điều kiện / eligible</td><td class=\"n\">{}</td></tr>\n", m_resting[0]);
    out += fmt::format("<tr><td>Không đủ điều kiện / not eligible</td><td class=\"n\">{}</td></tr>\n", m_resting[1]);
    out += fmt::format("<tr><td>Tổng / total</td><td class=\"n\">{}</td></tr>\n</table>\n", resting);
    out += "<table>\n<tr><th>Giả định / assumption</th><th>Số hồ sơ / records</th><th>Lý do / reason</th></tr>\n";
    std::vector<std::pair<std::string, std::size_t>> rows;
    for (const auto& a : assumptions_ordered()) {
        const auto known = std::find_if(m_known.begin(), m_known.end(), [&](const auto& k) { return k.first == a; });
        std::string reason;  // in Vietnamese, then in English when it has its own
        if (known != m_known.end()) {
            const auto& r = known->second;
            reason = html_escape(r.vi);
            if (r.en != r.vi) reason += "<br/>\n<i lang=\"en\">" + html_escape(r.en) + "</i>";
        }
        out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n", html_escape(a), m_assumed.at(a), reason);
        rows.emplace_back(a, m_assumed.at(a));
    }
    return out + "</table>\n" + bars(rows, "#8064a2") + "\n";
}

std::string summary::html(const std::string& title, const std::vector<std::string>& inputs,
                          const std::vector<undetermined_case>& undetermined, std::size_t undetermined_total) const {
    const std::size_t total = m_counts[0] + m_counts[1] + m_counts[2] + m_counts[3];
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"vi\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<title>Báo cáo tác động / Impact report: " + html_escape(title) + "</title>\n<style>\n"
        "body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}\n"
        "table{border-collapse:collapse;margin:1em 0}\ntd,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}\n"
        "td.n{text-align:right}\nh1{font-size:1.4em}\nh2{font-size:1.15em;margin-top:2em}\n.note{color:#666}\n"
        "</style>\n</head>\n<body>\n";
    out += "<h1>Báo cáo tác động / Impact report: " + html_escape(title) + "</h1>\n<p class=\"note\">";
    for (std::size_t i = 0; i < inputs.size(); ++i) out += (i ? ", " : "") + html_escape(inputs[i]);
    out += fmt::format(" — {} hồ sơ / records</p>\n", total);
    static const char* names[] = {"Đủ điều kiện / eligible", "Không đủ điều kiện / not eligible",
                                  "Chưa xác định / undetermined", "Lỗi hồ sơ / error"};
    out += "<h2>Kết quả / Verdicts</h2>\n<table>\n<tr><th>Kết quả / verdict</th><th>Số hồ sơ / records</th><th>%</th></tr>\n";
    std::vector<std::pair<std::string, std::size_t>> verdict_rows;
    for (int i = 0; i < 4; ++i) {
        const auto pct = total == 0 ? std::string("0") : to_decimal(rational(m_counts[i] * 100, total), 1);
        out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n", names[i], m_counts[i], pct);
        verdict_rows.emplace_back(names[i], m_counts[i]);
    }
    out += "</table>\n" + bars(verdict_rows, "#4a7bb7") + "\n";
    const std::vector<std::string> order = ordered();
    std::vector<std::pair<std::string, std::size_t>> failed_rows, applied_rows;
    for (const auto& c : order) {
        if (auto it = m_failed.find(c); it != m_failed.end()) failed_rows.emplace_back(c, it->second);
        if (auto it = m_applied.find(c); it != m_applied.end()) applied_rows.emplace_back(c, it->second);
    }
    out += "<h2>Điều kiện không đạt, trường hợp loại trừ / Conditions not met, exclusions applied</h2>\n"
           "<p class=\"note\">Một hồ sơ có thể bị nhiều điều khoản loại / a record may be cited by several provisions.</p>\n<table>\n"
           "<tr><th>Điều khoản / provision</th><th>Số hồ sơ / records</th></tr>\n";
    for (const auto& [c, n] : failed_rows) out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", html_escape(c), n);
    out += "</table>\n" + bars(failed_rows, "#c0504d") + "\n";
    out += "<h2>Ngoại lệ được áp dụng / Exceptions applied (special cases admitted)</h2>\n<table>\n"
           "<tr><th>Điều khoản / provision</th><th>Số hồ sơ / records</th></tr>\n";
    for (const auto& [c, n] : applied_rows) out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", html_escape(c), n);
    out += "</table>\n" + bars(applied_rows, "#e0a040") + "\n";
    out += assumptions_html();
    std::vector<std::pair<std::string, std::size_t>> missing_rows(m_missing.begin(), m_missing.end());
    std::stable_sort(missing_rows.begin(), missing_rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out += "<h2>Thông tin còn thiếu / Missing facts of undetermined cases</h2>\n<table>\n"
           "<tr><th>Trường / field</th><th>Số hồ sơ / records</th></tr>\n";
    for (const auto& [p, n] : missing_rows) out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td></tr>\n", html_escape(p), n);
    out += "</table>\n";
    out += fmt::format("<h2>Hồ sơ chưa xác định / Undetermined cases ({})</h2>\n", undetermined_total);
    if (undetermined.size() < undetermined_total) {
        out += fmt::format("<p class=\"note\">The first {} are listed.</p>\n", undetermined.size());
    }
    out += "<table>\n<tr><th>Mã hồ sơ / id</th><th>Dòng / line</th><th>Thiếu / missing</th></tr>\n";
    for (const auto& u : undetermined) {
        std::string missing;
        for (std::size_t i = 0; i < u.missing.size(); ++i) missing += (i ? ", " : "") + html_escape(u.missing[i]);
        out += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n", html_escape(u.id), u.line, missing);
    }
    out += "</table>\n</body>\n</html>\n";
    return out;
}

}  // namespace decree::eval
