// The language server's features over an analysis: hover (a name's declaration and type, a
// provision's citation and legal text), go to definition, the document outline, completion
// and formatting.
#include <algorithm>
#include <map>

#include "cli/lsp/server.hpp"
#include "decree/lang/format.hpp"
#include "decree/lang/keywords.hpp"
#include "decree/lang/messages.hpp"

namespace decree::lsp {

namespace {

// [s] with the characters that Markdown would interpret escaped.
std::string md_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The comment lines right above the declaration spanning [extent], and a comment after it on
// its last line: its documentation.
std::string comments_of(const compilation& comp, span extent) {
    if (extent.file >= comp.sources.size()) return {};
    const auto& f = comp.sources.get(extent.file);
    std::vector<std::string_view> above;
    for (auto line = f.position(extent.begin).line; line > 1; --line) {
        const auto t = trim(f.line_text(line - 1));
        if (!t.starts_with("--")) break;
        above.insert(above.begin(), trim(t.substr(2)));
    }
    std::string out;
    for (const auto l : above) out += (out.empty() ? "" : "\n") + std::string(l);
    const auto end = f.position(extent.end);
    const auto last = f.line_text(end.line);
    const auto start = f.offset_of(end.line, 0);
    if (extent.end >= start && extent.end - start <= last.size()) {
        const auto rest = trim(last.substr(extent.end - start));
        if (rest.starts_with("--")) out += (out.empty() ? "" : "\n\n") + std::string(trim(rest.substr(2)));
    }
    return out;
}

std::string markup(const std::string& markdown) {
    return R"({"kind":"markdown","value":)" + quote(markdown) + "}";
}

// What a hover calls a kind of name.
msg kind_name(symbol_kind k) {
    switch (k) {
        case symbol_kind::parameter: return msg::lsp_kind_parameter;
        case symbol_kind::definition: return msg::lsp_kind_definition;
        case symbol_kind::input: return msg::lsp_kind_input;
        case symbol_kind::record: return msg::lsp_kind_record;
        case symbol_kind::enumeration: return msg::lsp_kind_enumeration;
        case symbol_kind::value: return msg::lsp_kind_value;
        case symbol_kind::field: return msg::lsp_kind_field;
        case symbol_kind::code: return msg::lsp_kind_code;
        case symbol_kind::local: return msg::lsp_kind_variable;
        case symbol_kind::module: return msg::lsp_kind_module;
        case symbol_kind::builtin: return msg::lsp_kind_builtin;
    }
    return msg::lsp_kind_variable;
}

// "\n" + [m] with [args] in [lang] + "\n": a paragraph of a hover.
std::string paragraph(language lang, msg m, std::initializer_list<message_arg> args = {}) {
    return "\n" + say(m, args).in(lang) + "\n";
}

std::string describe(const compilation& comp, const indexed_symbol& s, language lang) {
    std::string out = "```decree\n" + s.signature + "\n```\n";
    switch (s.kind) {
        case symbol_kind::field: out += say(msg::lsp_field_of_record, {s.owner}).in(lang); break;
        case symbol_kind::value: out += say(msg::lsp_value_of_enumeration, {s.owner}).in(lang); break;
        case symbol_kind::local: out += "*" + s.doc.in(lang) + "*"; break;
        case symbol_kind::module: out += "*" + say(kind_name(s.kind)).in(lang) + "* `" + s.owner + "`"; break;
        default: out += "*" + say(kind_name(s.kind)).in(lang) + "*";
    }
    if (!s.citation.empty()) out += say(msg::lsp_in_provision, {s.citation}).in(lang);
    if (s.kind != symbol_kind::module && s.decl.file != no_source && s.decl.file < comp.sources.size()) {
        const auto& f = comp.sources.get(s.decl.file);
        out += s.decl.file == 0 ? "" : " · `" + f.name() + ":" + std::to_string(f.position(s.decl.begin).line) + "`";
    }
    out += "\n";
    if (!s.doc.empty() && s.kind != symbol_kind::local) out += "\n" + md_escape(s.doc.in(lang)) + "\n";
    switch (s.kind) {
        case symbol_kind::parameter: case symbol_kind::definition: case symbol_kind::record:
        case symbol_kind::enumeration: case symbol_kind::code: case symbol_kind::input: case symbol_kind::field:
            if (const auto c = comments_of(comp, s.extent); !c.empty()) out += "\n" + md_escape(c) + "\n";
            break;
        default: break;
    }
    if (!s.assumed.empty()) out += paragraph(lang, msg::lsp_assumed, {md_escape(s.assumed.in(lang))});
    return out;
}

// The chain of provisions from an article down to the one whose header is [loc].
bool chain_to(const ast::provision& p, span loc, std::vector<const ast::provision*>& chain) {
    chain.push_back(&p);
    if (p.loc.begin == loc.begin && p.loc.end == loc.end) return true;
    for (const auto& c : p.children) {
        if (chain_to(c, loc, chain)) return true;
    }
    chain.pop_back();
    return false;
}

std::string describe(const ast::file& file, const std::vector<const ast::provision*>& chain, language lang) {
    const auto& p = *chain.back();
    std::string out = "**" + md_escape(ast::citation_vi(chain)) + "** · " + md_escape(ast::citation_en(chain));
    if (file.kind == ast::file_kind::module && !file.citation.empty()) out += " · " + md_escape(file.citation);
    out += "\n";
    if (p.title) out += "\n*" + md_escape(*p.title) + "*\n";
    for (const auto& t : p.texts) out += std::string("\n> ") + (t.paraphrase ? say(msg::lsp_paraphrase).in(lang) : "") + md_escape(t.value) + "\n";
    if (p.texts.empty() && !p.children.empty()) {
        std::string parts;
        for (const auto& c : p.children) {
            parts += (parts.empty() ? "" : ", ") + std::string(c.lvl == ast::level::clause ? "khoản " : "điểm ") + c.number;
        }
        out += "\n" + md_escape(parts) + "\n";
    } else if (p.texts.empty()) {
        out += paragraph(lang, msg::lsp_no_legal_text);
    }
    for (const auto& f : p.source_files) out += paragraph(lang, msg::lsp_source_file, {md_escape(f.name)});
    for (const auto& s : p.sources) out += paragraph(lang, msg::lsp_source, {md_escape(s)});
    if (p.assumed) out += paragraph(lang, msg::lsp_assumed, {md_escape(p.assumed->in(lang))});
    if (p.number_assumed) out += paragraph(lang, msg::lsp_assumed_number, {md_escape(p.number_assumed->in(lang))});
    return out;
}

// The file's header: kind, citation, title, dates and sources.
std::string describe(const ast::file& file, language lang) {
    const auto kind = file.kind == ast::file_kind::module ? msg::lsp_module_header : msg::lsp_decree_header;
    std::string out = say(kind).in(lang) + " **" + md_escape(file.citation) + "**\n";
    if (file.title) out += "\n*" + md_escape(*file.title) + "*\n";
    auto day = [](const date& d) { return d.iso() + " (" + d.vietnamese() + ")"; };
    if (file.signed_on) out += paragraph(lang, msg::lsp_signed, {day(*file.signed_on)});
    if (file.effective_on) out += paragraph(lang, msg::lsp_effective, {day(*file.effective_on)});
    for (const auto& f : file.source_files) out += paragraph(lang, msg::lsp_source_file, {md_escape(f.name)});
    for (const auto& src : file.sources) out += paragraph(lang, msg::lsp_source, {md_escape(src)});
    if (file.follows) out += paragraph(lang, msg::lsp_follows, {md_escape(*file.follows)});
    for (const auto& o : file.omits) {
        const std::string target = "Điều " + o.target.article.value_or("") + (o.target.clause ? " khoản " + *o.target.clause : "") +
                                   (o.target.point ? " điểm " + *o.target.point : "");
        out += paragraph(lang, msg::lsp_omits, {md_escape(target), md_escape(o.reason)});
    }
    return out;
}

// The provision whose header (keyword, number and the rest of that line) holds [offset].
const ast::provision* header_at(const ast::file& file, const source_file& src, std::uint32_t offset) {
    const ast::provision* best = nullptr;
    const auto line = src.position(offset).line;
    auto visit = [&](const ast::provision& p, auto&& self) -> void {
        if (p.loc.begin <= offset && src.position(p.loc.begin).line == line &&
            (best == nullptr || p.loc.begin > best->loc.begin)) {
            best = &p;
        }
        for (const auto& c : p.children) self(c, self);
    };
    for (const auto& a : file.articles) visit(a, visit);
    return best;
}

std::vector<const ast::provision*> chain_of(const ast::file& file, span loc) {
    std::vector<const ast::provision*> chain;
    for (const auto& a : file.articles) {
        if (chain_to(a, loc, chain)) break;
    }
    return chain;
}

}  // namespace

std::string server::hover(document& doc, position p) {
    if (const auto at = locate(doc, p, true)) {
        const auto& comp = *at->comp;
        const auto& ix = comp.index;
        if (const auto* u = ix.use_at(0, at->offset)) {
            return R"({"contents":)" + markup(describe(comp, ix.symbols[u->symbol], m_lang)) + R"(,"range":)" +
                   to_json(span_range(comp, u->where)) + "}";
        }
        for (const auto& pu : ix.provision_uses) {
            if (pu.where.file != 0 || pu.where.begin > at->offset || at->offset > pu.where.end) continue;
            const auto chain = chain_of(ix.syntax, pu.target);
            if (chain.empty()) break;
            return R"({"contents":)" + markup(describe(ix.syntax, chain, m_lang)) + R"(,"range":)" +
                   to_json(span_range(comp, pu.where)) + "}";
        }
    }
    if (const auto at = locate(doc, p, false)) {
        const auto& comp = *at->comp;
        const auto& syntax = comp.index.syntax;
        const auto& src = comp.sources.get(0);
        if (syntax.kind != ast::file_kind::script && syntax.header_loc.file == 0 &&
            src.position(syntax.header_loc.begin).line == src.position(at->offset).line) {
            const span keyword{0, src.offset_of(src.position(syntax.header_loc.begin).line, 0), syntax.header_loc.end};
            return R"({"contents":)" + markup(describe(syntax, m_lang)) + R"(,"range":)" + to_json(span_range(comp, keyword)) + "}";
        }
        if (const auto* pr = header_at(comp.index.syntax, comp.sources.get(0), at->offset)) {
            const auto chain = chain_of(comp.index.syntax, pr->loc);
            if (!chain.empty()) {
                return R"({"contents":)" + markup(describe(comp.index.syntax, chain, m_lang)) + R"(,"range":)" +
                       to_json(span_range(comp, pr->loc)) + "}";
            }
        }
    }
    return "null";
}

std::string server::definition(document& doc, position p) {
    const auto at = locate(doc, p, true);
    if (!at) return "null";
    const auto& comp = *at->comp;
    const auto& ix = comp.index;
    auto location = [&](span s) {
        return R"({"uri":)" + quote(uri_of(comp, s.file, doc)) + R"(,"range":)" + to_json(span_range(comp, s)) + "}";
    };
    if (const auto* u = ix.use_at(0, at->offset)) {
        const auto& s = ix.symbols[u->symbol];
        if (s.decl.file == no_source) return "null";  // a built-in function
        return location(s.decl);
    }
    for (const auto& pu : ix.provision_uses) {
        if (pu.where.file == 0 && pu.where.begin <= at->offset && at->offset <= pu.where.end) return location(pu.target);
    }
    return "null";
}

namespace {

// LSP SymbolKind numbers.
enum symbol_number : int {
    k_module = 2, k_namespace = 3, k_package = 4, k_property = 7, k_field = 8, k_enum = 10,
    k_function = 12, k_variable = 13, k_constant = 14, k_object = 19, k_enum_member = 22, k_struct = 23,
};

struct outline_item {
    std::uint32_t begin = 0;
    std::string json;
};

class outline {
public:
    explicit outline(const compilation& comp) : m_comp(comp) {}

    std::string of(const ast::file& file) {
        auto items = decls(file.decls);
        for (const auto& a : file.articles) items.push_back({a.loc.begin, provision(a)});
        return join(items);
    }

private:
    const compilation& m_comp;

    std::string text(span s) const {
        if (s.file >= m_comp.sources.size()) return {};
        const auto& t = m_comp.sources.get(s.file).text();
        if (s.begin > s.end || s.end > t.size()) return {};
        return t.substr(s.begin, s.end - s.begin);
    }

    static std::string join(std::vector<outline_item>& items) {
        std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
        std::string out = "[";
        for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ",") + items[i].json;
        return out + "]";
    }

    std::string symbol(const std::string& name, const std::string& detail, int kind, span whole, span selection,
                       const std::string& children = "[]") const {
        // INVARIANT (protocol): the selection range lies inside the range.
        if (selection.begin < whole.begin || selection.end > whole.end) whole = selection;
        return R"({"name":)" + quote(name.empty() ? "?" : name) + R"(,"detail":)" + quote(detail) +
               R"(,"kind":)" + std::to_string(kind) + R"(,"range":)" + to_json(span_range(m_comp, whole)) +
               R"(,"selectionRange":)" + to_json(span_range(m_comp, selection)) + R"(,"children":)" + children + "}";
    }

    std::string provision(const ast::provision& p) {
        const char* word = p.lvl == ast::level::article ? "Điều " : p.lvl == ast::level::clause ? "khoản " : "điểm ";
        const int kind = p.lvl == ast::level::article ? k_module : p.lvl == ast::level::clause ? k_namespace : k_package;
        std::string detail = p.title.value_or("");
        if (detail.empty() && !p.texts.empty()) {
            detail = utf8_shorten((p.texts.front().paraphrase ? "(paraphrase) " : "") + p.texts.front().value, 60);
        }
        auto items = decls(p.decls);
        for (const auto& c : p.children) items.push_back({c.loc.begin, provision(c)});
        const span whole = p.extent.end > p.extent.begin ? p.extent : p.loc;
        return symbol(word + p.number, detail, kind, whole, p.loc, join(items));
    }

    std::vector<outline_item> decls(const std::vector<ast::decl>& list) {
        std::vector<outline_item> out;
        for (const auto& d : list) {
            std::visit(
                [&](const auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, ast::param_decl>) {
                        out.push_back({x.loc.begin, symbol(x.id.text, x.type ? text(x.type->loc) : "", k_constant, x.loc, x.id.loc)});
                    } else if constexpr (std::is_same_v<T, ast::def_decl>) {
                        out.push_back({x.loc.begin, symbol(x.id.text, x.type ? text(x.type->loc) : "", k_function, x.loc, x.id.loc)});
                    } else if constexpr (std::is_same_v<T, ast::record_decl>) {
                        std::vector<outline_item> fields;
                        for (const auto& f : x.fields) {
                            fields.push_back({f.id.loc.begin, symbol(f.id.text, text(f.type.loc), k_field, f.id.loc, f.id.loc)});
                        }
                        out.push_back({x.loc.begin, symbol(x.id.text, x.extension ? "extend record" : "record", k_struct, x.loc, x.id.loc, join(fields))});
                    } else if constexpr (std::is_same_v<T, ast::enum_decl>) {
                        std::vector<outline_item> values;
                        for (const auto& v : x.variants) {
                            values.push_back({v.id.loc.begin, symbol(v.id.text, v.label, k_enum_member, v.id.loc, v.id.loc)});
                        }
                        out.push_back({x.loc.begin, symbol(x.id.text, "enumeration", k_enum, x.loc, x.id.loc, join(values))});
                    } else if constexpr (std::is_same_v<T, ast::code_decl>) {
                        out.push_back({x.loc.begin, symbol(x.id.text, x.title, k_object, x.loc, x.id.loc)});
                    } else if constexpr (std::is_same_v<T, ast::input_decl>) {
                        out.push_back({x.loc.begin, symbol(x.id.text, text(x.type.loc), k_variable, x.loc, x.id.loc)});
                    } else if constexpr (std::is_same_v<T, ast::set_decl>) {
                        std::string name;
                        for (const auto& part : x.target) name += (name.empty() ? "" : ".") + part.text;
                        if (!x.target.empty()) {
                            const span sel{x.target.front().loc.file, x.target.front().loc.begin, x.target.back().loc.end};
                            out.push_back({x.loc.begin, symbol(name, "= " + (x.value ? text(x.value->loc) : ""), k_property, x.loc, sel)});
                        }
                    }
                },
                d);
        }
        return out;
    }
};

}  // namespace

std::string server::symbols(document& doc) {
    const auto& comp = doc.current && doc.current->index.parsed ? doc.current : doc.parsed;
    if (!comp) return "[]";
    return outline(*comp).of(comp->index.syntax);
}

namespace {

// LSP CompletionItemKind numbers.
int completion_kind(symbol_kind k) {
    switch (k) {
        case symbol_kind::parameter: return 21;    // Constant
        case symbol_kind::definition: return 3;    // Function
        case symbol_kind::input: return 6;         // Variable
        case symbol_kind::record: return 22;       // Struct
        case symbol_kind::enumeration: return 13;  // Enum
        case symbol_kind::value: return 20;        // EnumMember
        case symbol_kind::field: return 5;         // Field
        case symbol_kind::code: return 9;          // Module
        case symbol_kind::local: return 6;         // Variable
        case symbol_kind::module: return 9;        // Module
        case symbol_kind::builtin: return 3;       // Function
    }
    return 1;
}

bool name_byte(char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when [offset] is inside a string literal or a comment of [text].
bool in_string_or_comment(std::string_view text, std::size_t offset) {
    bool string = false;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (string) {
            if (text[i] == '\\') ++i;
            else if (text[i] == '"') string = false;
        } else if (text[i] == '"') {
            string = true;
        } else if (text[i] == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            const auto eol = text.find('\n', i);
            if (eol == std::string_view::npos || eol >= offset) return true;
            i = eol;
        }
    }
    return string;
}

// The names before a `.` at [dot] in [text]: "case.sentence." -> {"case", "sentence"}.
std::vector<std::string> qualifiers(std::string_view text, std::size_t dot) {
    std::vector<std::string> out;
    while (dot > 0 && text[dot] == '.') {
        std::size_t begin = dot;
        while (begin > 0 && name_byte(text[begin - 1])) --begin;
        if (begin == dot) break;
        out.insert(out.begin(), std::string(text.substr(begin, dot - begin)));
        if (begin == 0) break;
        dot = begin - 1;
    }
    return out;
}

std::string item(const std::string& label, int kind, const std::string& detail, const std::string& doc,
                 const std::string& sort, const std::string& edit = {}) {
    std::string out = R"({"label":)" + quote(label) + R"(,"kind":)" + std::to_string(kind) + R"(,"detail":)" + quote(detail) +
                      R"(,"sortText":)" + quote(sort + label);
    if (!doc.empty()) out += R"(,"documentation":)" + markup(doc);
    if (!edit.empty()) out += R"(,"filterText":)" + quote(label) + R"(,"textEdit":)" + edit;
    return out + "}";
}

// A keyword of several words (`yêu cầu`) whose first words are already typed before the cursor
// (`yêu c`): an edit replacing them, since editors take only the last word as typed.
std::string multiword_edit(const text_lines& text, position cursor, std::string_view spelling) {
    if (spelling.find(' ') == std::string_view::npos) return {};
    const auto line = text.line(cursor.line);
    const auto line_start = text.offset({cursor.line, 0});
    const auto before = line.substr(0, text.offset(cursor) - line_start);
    for (std::size_t start = before.size() > spelling.size() ? before.size() - spelling.size() : 0; start < before.size(); ++start) {
        const auto typed = before.substr(start);
        if (typed.find(' ') == std::string_view::npos || !spelling.starts_with(typed)) continue;
        if (start > 0 && name_byte(before[start - 1])) continue;
        const range r{text.position_of(line_start + static_cast<std::uint32_t>(start)), cursor};
        return R"({"range":)" + to_json(r) + R"(,"newText":)" + quote(spelling) + "}";
    }
    return {};
}

}  // namespace

std::string server::completion(document& doc, position p) {
    const auto& text = doc.text.text();
    const auto offset = doc.text.offset(p);
    if (in_string_or_comment(text, offset)) return R"({"isIncomplete":false,"items":[]})";
    std::size_t word = offset;
    while (word > 0 && name_byte(text[word - 1])) --word;
    std::vector<std::string> items;
    const auto at = locate(doc, p, true);
    const auto* comp = at ? at->comp.get() : (doc.checked ? doc.checked.get() : nullptr);
    auto symbol_item = [&](const indexed_symbol& s) {
        return item(s.name, completion_kind(s.kind), s.signature, s.doc.in(m_lang), "0");
    };
    if (word > 0 && text[word - 1] == '.') {
        // After `alias.`, `Enumeration.` or a value of record type: its members.
        const auto names = qualifiers(text, word - 1);
        if (comp != nullptr && !names.empty()) {
            const auto& ix = comp->index;
            std::uint32_t current = no_symbol;
            auto find = [&](const std::string& n, const std::vector<std::uint32_t>& among) {
                for (const auto id : among) {
                    if (ix.symbols[id].name == n) return id;
                }
                return no_symbol;
            };
            // Locals in scope first, then what the file sees.
            if (at) {
                for (std::uint32_t id = 0; id < ix.symbols.size(); ++id) {
                    const auto& s = ix.symbols[id];
                    if (s.kind == symbol_kind::local && s.name == names[0] && s.scope.file == 0 &&
                        s.scope.begin <= at->offset && at->offset <= s.scope.end + 1) {
                        current = id;
                    }
                }
            }
            if (current == no_symbol) current = find(names[0], ix.visible);
            for (std::size_t i = 1; i < names.size() && current != no_symbol; ++i) {
                const auto& s = ix.symbols[current];
                const auto& members = s.kind == symbol_kind::module ? s.members
                                      : s.record != no_symbol       ? ix.symbols[s.record].members
                                                                    : s.members;
                current = find(names[i], members);
            }
            if (current != no_symbol) {
                const auto& s = ix.symbols[current];
                const auto& members = s.kind == symbol_kind::module || s.kind == symbol_kind::enumeration ? s.members
                                      : s.record != no_symbol ? ix.symbols[s.record].members
                                                              : s.members;
                for (const auto id : members) items.push_back(symbol_item(ix.symbols[id]));
            }
        }
    } else {
        if (comp != nullptr) {
            const auto& ix = comp->index;
            for (const auto id : ix.visible) items.push_back(symbol_item(ix.symbols[id]));
            if (at) {
                for (const auto& s : ix.symbols) {
                    if (s.kind == symbol_kind::local && s.scope.file == 0 && s.scope.begin <= at->offset &&
                        at->offset <= s.scope.end) {
                        items.push_back(symbol_item(s));
                    }
                }
            }
        }
        // One item per spelling: `năm` is both `year` and `years`.
        std::map<std::string, std::string> keywords;  // spelling -> detail
        auto add = [&](std::string_view spelling, std::string_view other, const char* prefix) {
            auto& detail = keywords[std::string(spelling)];
            detail += (detail.empty() ? prefix : ", ") + std::string(other);
        };
        for (const auto& k : keyword_table) {
            add(k.en, k.vi, "keyword · ");
            add(k.vi, k.en, "từ khóa · ");
        }
        for (const auto& [spelling, detail] : keywords) {
            items.push_back(item(spelling, 14, detail, "", "1", multiword_edit(doc.text, p, spelling)));
        }
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    std::string out = R"({"isIncomplete":false,"items":[)";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ",") + items[i];
    return out + "]}";
}

std::string server::formatting(document& doc) {
    source_manager sources;
    const auto id = sources.add(doc.name, doc.text.text());
    diagnostic_sink sink;
    const auto formatted = format(sources.get(id), sink);
    if (!formatted) {
        log(say(msg::lsp_log_format_unparsed, {doc.uri}));
        return "[]";
    }
    if (*formatted == doc.text.text()) return "[]";
    const auto end = doc.text.position_of(static_cast<std::uint32_t>(doc.text.text().size()));
    return R"([{"range":)" + to_json(range{{0, 0}, end}) + R"(,"newText":)" + quote(*formatted) + "}]";
}

}  // namespace decree::lsp
