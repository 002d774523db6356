// decreec fmt: canonical layout from the parse tree. Pass 0 makes every run of blanks inside a
// line one space (outside strings and comments). Pass 1 (optional) translates keywords:
// every keyword token (a word of the source that the parse tree does not hold as a name, outside
// strings and comments) is replaced by its spelling in the target language. Pass 2 re-indents:
// each item starts at two spaces per level of structure (article, clause, point, item), its
// continuation lines keep their shape two spaces further in, comments take the indentation of
// what follows them, and strings are never touched.
#include "decree/lang/format.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "decree/lang/front_end.hpp"
#include "decree/lang/keywords.hpp"
#include "grammar/grammar.hpp"
#include "grammar/lexical.hpp"
#include "parse.hpp"

namespace decree {

namespace {

namespace g = grammar;
using detail::parse_node;

struct spans {
    std::vector<std::pair<std::size_t, std::size_t>> strings;  // [begin, end) of string literals
    std::set<std::size_t> names;                               // where names and field names begin
};

void collect(const parse_node& n, spans& out) {
    if (n.has_content()) {
        if (n.is_type<g::string_raw>()) out.strings.emplace_back(n.begin().byte, n.end().byte);
        if (n.is_type<g::name_token>() || n.is_type<g::word_token>()) out.names.insert(n.begin().byte);
    }
    for (const auto& c : n.children) collect(*c, out);
}

bool in_string(const spans& s, std::size_t at) {
    for (const auto& [b, e] : s.strings) {
        if (at > b && at < e) return true;
    }
    return false;
}

// Pass 0: spacing inside a line. Outside strings and comments, a run of spaces and tabs after
// the line's indentation becomes one space (`parameter   cutoff :  date` is `parameter cutoff :
// date`); the indentation is pass 2's, and strings (which may span lines) are kept whole.
std::string respace(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool in_str = false, line_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_str) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) {
                out += text[++i];
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '\n') {
            out += c;
            line_start = true;
            continue;
        }
        if (c == ' ' || c == '\t') {
            if (line_start) {
                out += c;
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
            // Trailing blanks are pass 2's to drop; a run before the end of the line is one space.
            if (j < text.size() && text[j] != '\n' && text[j] != '\r') out += ' ';
            else out.append(text, i, j - i);
            i = j - 1;
            continue;
        }
        line_start = false;
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {  // a comment, to the end of the line
            const auto eol = text.find('\n', i);
            const auto end = eol == std::string::npos ? text.size() : eol;
            out.append(text, i, end - i);
            i = end - 1;
            continue;
        }
        if (c == '"') in_str = true;
        out += c;
    }
    return out;
}

// Pass 1: keywords into one language.
std::string translate(const std::string& text, const spans& s, keyword_language to) {
    std::string out;
    std::size_t i = 0;
    std::string last_number;
    while (i < text.size()) {
        // Strings and comments are copied as they are.
        auto str = std::find_if(s.strings.begin(), s.strings.end(), [&](const auto& sp) { return sp.first == i; });
        if (str != s.strings.end()) {
            out.append(text, i, str->second - i);
            i = str->second;
            continue;
        }
        if (text.compare(i, 2, "--") == 0) {
            const auto eol = text.find('\n', i);
            const auto end = eol == std::string::npos ? text.size() : eol;
            out.append(text, i, end - i);
            i = end;
            continue;
        }
        const std::size_t name_len = g::detail::name_length(text.data() + i, text.size() - i);
        if (name_len == 0) {
            if (text[i] >= '0' && text[i] <= '9') {
                std::size_t j = i;
                while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '_')) ++j;
                last_number = text.substr(i, j - i);
                out.append(text, i, j - i);
                i = j;
                continue;
            }
            if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') last_number.clear();
            out += text[i++];
            continue;
        }
        if (s.names.count(i) != 0) {  // a name, never a keyword
            out.append(text, i, name_len);
            i += name_len;
            last_number.clear();
            continue;
        }
        // The longest keyword spelling, in either language, that matches here.
        std::size_t best_len = 0;
        const keyword_spelling* best = nullptr;
        for (const auto& k : keyword_table) {
            for (const auto sp : {k.en, k.vi}) {
                const auto len = g::detail::match_spelling(text.data() + i, text.size() - i, sp);
                if (len > best_len) {
                    best_len = len;
                    best = &k;
                }
            }
        }
        if (best == nullptr) {
            out.append(text, i, name_len);
            i += name_len;
            continue;
        }
        std::string_view spelled = to == keyword_language::en ? best->en : best->vi;
        // Vietnamese has one word for `year` and `years`: English takes the number's form.
        if (to == keyword_language::en) {
            const bool one = last_number == "1";
            if (best->name == "years_" || best->name == "year_") spelled = one ? "year" : "years";
            if (best->name == "months_" || best->name == "month_") spelled = one ? "month" : "months";
            if (best->name == "days_" || best->name == "day_") spelled = one ? "day" : "days";
        }
        out += spelled;
        i += best_len;
        last_number.clear();
    }
    return out;
}

// The depth of each line that starts an item, by its first byte.
struct layout {
    std::map<std::size_t, int> item_depth;  // line-start offset -> depth
    std::set<std::size_t> members;          // line starts of record fields and enumeration values
};

void items(const parse_node& n, int depth, const std::string& text, layout& out) {
    auto start_of_line = [&](std::size_t at) {
        std::size_t b = at;
        while (b > 0 && text[b - 1] != '\n') --b;
        for (std::size_t k = b; k < at; ++k) {
            if (text[k] != ' ' && text[k] != '\t') return std::size_t(-1);  // not first on its line
        }
        return b;
    };
    auto mark = [&](const parse_node& x, int d) {
        const auto b = start_of_line(x.begin().byte);
        if (b != std::size_t(-1)) out.item_depth[b] = d;
    };
    for (const auto& cp : n.children) {
        const auto& c = *cp;
        const bool provision = c.is_type<g::article>() || c.is_type<g::clause>() || c.is_type<g::point>();
        const bool header = c.is_type<g::decree_header>() || c.is_type<g::module_header>();
        const bool meta = c.is_type<g::meta_title>() || c.is_type<g::meta_signed>() || c.is_type<g::meta_effective>() ||
                          c.is_type<g::meta_source>() || c.is_type<g::meta_source_file>() || c.is_type<g::meta_follows>() ||
                          c.is_type<g::meta_omits>() || c.is_type<g::meta_under>();
        const bool item = c.is_type<g::text_item>() || c.is_type<g::paraphrase_item>() || c.is_type<g::source_file_item>() ||
                          c.is_type<g::source_item>() || c.is_type<g::applies_item>() ||
                          c.is_type<g::assumed>() || c.is_type<g::assumed_number>() || c.is_type<g::must_exclude>() || c.is_type<g::requires_rule>() ||
                          c.is_type<g::excludes_rule>() || c.is_type<g::exception_rule>() || c.is_type<g::parameter>() ||
                          c.is_type<g::set_decl>() || c.is_type<g::definition>() || c.is_type<g::record_decl>() || c.is_type<g::extend_decl>() ||
                          c.is_type<g::enum_decl>() || c.is_type<g::code_decl>() || c.is_type<g::input_decl>() ||
                          c.is_type<g::import_decl>() || c.is_type<g::rounding_decl>();
        const bool member = c.is_type<g::field_decl>() || c.is_type<g::variant_decl>();
        if (provision) {
            mark(c, depth);
            items(c, depth + 1, text, out);
        } else if (header) {
            mark(c, depth);
            items(c, depth + 1, text, out);
        } else if (meta || member) {
            mark(c, depth);
            if (member) {
                const auto b = start_of_line(c.begin().byte);
                if (b != std::size_t(-1)) out.members.insert(b);
            }
        } else if (item) {
            mark(c, depth);
            if (c.is_type<g::record_decl>() || c.is_type<g::extend_decl>() || c.is_type<g::enum_decl>()) items(c, depth + 1, text, out);
        } else if (c.is_type<g::file>()) {
            items(c, depth, text, out);
        }
    }
}

// True when [line] starts with [k] in either spelling.
bool starts_with_keyword(const std::string& line, keyword k) {
    for (const auto sp : {spelling(k).en, spelling(k).vi}) {
        if (g::detail::match_spelling(line.data(), line.size(), sp) > 0) return true;
    }
    return false;
}

std::size_t indent_of(const std::string& line) {
    std::size_t k = 0;
    while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
    return k;
}

// Pass 2: indentation.
std::string relayout(const std::string& text, const parse_node& root, const spans& s) {
    layout lay;
    items(root, 0, text, lay);
    struct line_info {
        std::size_t begin;
        std::string body;     // without indentation and trailing blanks (unless inside a string)
        std::size_t indent;   // original
        bool blank = false, comment = false, verbatim = false;
    };
    std::vector<line_info> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string raw = text.substr(pos, eol - pos);
        if (!raw.empty() && raw.back() == '\r' && !in_string(s, eol - 1)) raw.pop_back();
        line_info li{pos, {}, indent_of(raw)};
        li.verbatim = in_string(s, pos);  // inside a multi-line string: keep as it is
        if (li.verbatim) {
            li.body = raw;
        } else {
            li.body = raw.substr(li.indent);
            if (!in_string(s, eol)) {
                while (!li.body.empty() && (li.body.back() == ' ' || li.body.back() == '\t')) li.body.pop_back();
            }
        }
        li.blank = !li.verbatim && li.body.empty();
        li.comment = !li.verbatim && li.body.rfind("--", 0) == 0;
        lines.push_back(std::move(li));
        if (eol == text.size()) break;
        pos = eol + 1;
    }
    // New indentation of every line.
    std::vector<std::size_t> indent(lines.size(), 0);
    int owner_depth = 0;
    bool owner_member = false;
    std::size_t owner_quote_chars = std::string::npos;  // text items: where their first string starts
    std::size_t cont_base = std::string::npos;  // the original indent of the owner's first continuation
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto& li = lines[i];
        if (li.blank || li.verbatim) continue;
        if (auto it = lay.item_depth.find(li.begin); it != lay.item_depth.end()) {
            owner_depth = it->second;
            owner_member = lay.members.count(li.begin) != 0;
            indent[i] = static_cast<std::size_t>(owner_depth) * 2;
            const auto q = li.body.find('"');
            const bool text_item = starts_with_keyword(li.body, keyword::text_) || starts_with_keyword(li.body, keyword::paraphrase_);
            owner_quote_chars = text_item && q != std::string::npos ? utf8_length(li.body.substr(0, q)) : std::string::npos;
            cont_base = std::string::npos;
            continue;
        }
        if (li.comment) continue;  // decided below
        const std::size_t base = static_cast<std::size_t>(owner_depth) * 2;
        if (owner_quote_chars != std::string::npos && li.body.front() == '"') {
            indent[i] = base + owner_quote_chars;  // the strings of a text, one under the other
            continue;
        }
        if (li.body.front() == '}' || li.body.front() == ')') {  // a closing bracket under its opener
            indent[i] = owner_member && base >= 2 ? base - 2 : base;
            continue;
        }
        if (cont_base == std::string::npos) cont_base = li.indent;
        const std::size_t extra = li.indent > cont_base ? li.indent - cont_base : 0;
        indent[i] = base + 2 + extra;
    }
    // Comments take the indentation of the next line that is not a comment or blank.
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (!lines[i].comment) continue;
        std::size_t j = i + 1;
        while (j < lines.size() && (lines[j].blank || lines[j].comment)) ++j;
        indent[i] = j < lines.size() && !lines[j].verbatim ? indent[j] : 0;
    }
    std::string out;
    bool previous_blank = true;  // no blank lines at the start
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& li = lines[i];
        if (li.blank) {
            if (!previous_blank) out += '\n';
            previous_blank = true;
            continue;
        }
        previous_blank = false;
        if (li.verbatim) {
            out += li.body;
        } else {
            out += std::string(indent[i], ' ') + li.body;
        }
        out += '\n';
    }
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

std::unique_ptr<parse_node> tree(const source_file& file, diagnostic_sink& sink) {
    if (!detail::validate(file, sink)) return nullptr;
    return detail::parse_tree(file, sink);
}

// A text made by a pass, parsed again: its tree, and the source it points into.
struct reparsed {
    source_manager sources;
    std::unique_ptr<parse_node> root;  // null when it does not parse (the errors reported)
};

std::unique_ptr<reparsed> reparse(const std::string& name, const std::string& text, diagnostic_sink& sink) {
    auto r = std::make_unique<reparsed>();
    const auto id = r->sources.add(name, text);
    diagnostic_sink inner;
    r->root = tree(r->sources.get(id), inner);
    if (!r->root) {
        for (const auto& d : inner.all()) sink.report(d);
    }
    return r;
}

}  // namespace

std::optional<std::string> format(const source_file& file, diagnostic_sink& sink, keyword_language keywords) {
    auto root = tree(file, sink);
    if (!root) return std::nullopt;
    std::string text = file.text();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // the layout has no byte-order mark
    text = respace(text);
    if (keywords != keyword_language::keep) {
        const auto spaced = reparse(file.name(), text, sink);
        if (!spaced->root) return std::nullopt;
        spans s;
        collect(*spaced->root, s);
        text = translate(text, s, keywords);
    }
    // Re-parse the (translated) text for its layout.
    const auto again = reparse(file.name(), text, sink);
    if (!again->root) return std::nullopt;
    spans s2;
    collect(*again->root, s2);
    return relayout(text, *again->root, s2);
}

}  // namespace decree
