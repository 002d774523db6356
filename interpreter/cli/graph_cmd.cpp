// decreec graph DECREE: the decree as a Graphviz DOT graph. Articles, clauses and points nest as
// clusters; each rule is a node (conditions, exclusions, exceptions in their own shapes and
// colours) with the rule as written; dashed edges go from an exception to the rule it overrides.
#include <fmt/format.h>

#include <functional>

#include "cli/commands.hpp"
#include "cli/usage.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "report.hpp"

namespace decree::cli {

namespace {

std::string dot_escape(std::string_view s, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            if (++chars > max_chars) {
                out += "…";
                break;
            }
        }
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

// Breaks [s] into lines of about [width] characters for a node label.
std::string wrap(const std::string& s, std::size_t width) {
    std::string out, line;
    std::size_t len = 0;
    std::string word;
    auto flush_word = [&] {
        const std::size_t wl = utf8_length(word);
        if (len > 0 && len + 1 + wl > width) {
            out += line + "\n";
            line.clear();
            len = 0;
        }
        if (len > 0) {
            line += ' ';
            ++len;
        }
        line += word;
        len += wl;
        word.clear();
    };
    for (const char c : s) {
        if (c == ' ') {
            if (!word.empty()) flush_word();
        } else {
            word += c;
        }
    }
    if (!word.empty()) flush_word();
    return out + line;
}

}  // namespace

int graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    arguments given;
    if (const auto end = parse_arguments("graph", args, given, out, err, env.messages())) return *end;
    int code = ok;
    auto comp = load_decree(given.operands[0], err, env, code, false);
    if (!comp) return code;
    const auto& p = *comp->program;
    out << "digraph decree {\n  graph [rankdir=LR, fontname=\"sans-serif\", fontsize=11, label=\""
        << dot_escape(p.modules.front().citation, 200) << "\", labelloc=t];\n"
        << "  node [fontname=\"sans-serif\", fontsize=10];\n  edge [fontname=\"sans-serif\", fontsize=9];\n";
    std::vector<std::string> edges;
    std::function<void(std::uint32_t, int)> walk = [&](std::uint32_t i, int depth) {
        const auto& pr = p.provisions[i];
        const std::string pad(static_cast<std::size_t>(depth) * 2 + 2, ' ');
        std::string label = pr.citation_vi;
        if (pr.title) label += "\n" + wrap(*pr.title, 40);
        if (pr.applies) label += "\n[" + wrap("applies when " + eval::source_of(comp->sources, pr.applies->loc), 40) + "]";
        out << pad << "subgraph cluster_p" << i << " {\n" << pad << "  label=\"" << dot_escape(label, 300)
            << "\"; style=rounded; color=\"#888888\";\n";
        for (const auto r : pr.rules) {
            const auto& rule = p.rules[r];
            const char* shape = "box";
            const char* color = "#d8f0d8";
            std::string head = "requires";
            if (rule.kind == ir::rule_kind::exclusion) {
                color = "#f6d5d5";
                head = "excludes when";
            } else if (rule.kind == ir::rule_kind::exception) {
                shape = "hexagon";
                color = "#fbe7c6";
                head = "exception";
                if (rule.when) head += " when " + eval::source_of(comp->sources, rule.when->loc);
                if (rule.priority != 0) head += " (priority " + rule.priority.str() + ")";
                if (rule.test) head += "\nrequires";
            }
            std::string text = wrap(head, 44);
            if (rule.test) text += "\n" + wrap(eval::source_of(comp->sources, rule.test->loc), 44);
            if (rule.unless) text += "\n" + wrap("unless " + eval::source_of(comp->sources, rule.unless->loc), 44);
            if (rule.assumed) text += "\n(assumed)";
            out << pad << "  r" << r << " [shape=" << shape << ", style=filled, fillcolor=\"" << color << "\", label=\""
                << dot_escape(text, 400) << "\"];\n";
            if (rule.kind == ir::rule_kind::exception && rule.target >= 0) {
                edges.push_back(fmt::format("  r{} -> r{} [style=dashed, label=\"overrides\"];", r, rule.target));
            }
        }
        for (const auto c : pr.children) walk(c, depth + 1);
        out << pad << "}\n";
    };
    for (const auto r : p.roots) walk(r, 0);
    for (const auto& e : edges) out << e << "\n";
    out << "}\n";
    return ok;
}

}  // namespace decree::cli
