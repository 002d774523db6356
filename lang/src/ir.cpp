// IR support: type interning and names, builtin table.
#include "decree/lang/ir.hpp"

#include <algorithm>
#include "decree/lang/keywords.hpp"
#include "decree/lang/messages.hpp"

namespace decree::ir {

int record_type::find(std::string_view n) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == n) return static_cast<int>(i);
    }
    return -1;
}

int enum_type::find(std::string_view n) const {
    for (std::size_t i = 0; i < variants.size(); ++i) {
        if (variants[i] == n) return static_cast<int>(i);
    }
    return -1;
}

type_table::type_table() {
    for (int k = 0; k <= static_cast<int>(tkind::any); ++k) {
        type t;
        t.kind = static_cast<tkind>(k);
        m_builtins.push_back(t);
    }
}

namespace {
const type* intern(std::map<std::pair<int, const void*>, const type*>& map, std::deque<type>& store,
                   type t, const void* key) {
    const auto k = std::pair{static_cast<int>(t.kind), key};
    if (auto it = map.find(k); it != map.end()) return it->second;
    store.push_back(t);
    map[k] = &store.back();
    return &store.back();
}
}  // namespace

const type* type_table::list_of(const type* elem) {
    return intern(m_interned, m_composite, type{tkind::list, nullptr, nullptr, elem}, elem);
}
const type* type_table::set_of(const type* elem) {
    return intern(m_interned, m_composite, type{tkind::set, nullptr, nullptr, elem}, elem);
}
const type* type_table::record(const record_type* r) {
    return intern(m_interned, m_composite, type{tkind::record, r, nullptr, nullptr}, r);
}
const type* type_table::enumeration(const enum_type* e) {
    return intern(m_interned, m_composite, type{tkind::enumeration, nullptr, e, nullptr}, e);
}

const char* to_string(rule_kind k) {
    return k == rule_kind::condition ? "condition" : k == rule_kind::exclusion ? "exclusion" : "exception";
}

std::string to_string(const type* t) {
    if (t == nullptr) return "?";
    switch (t->kind) {
        case tkind::error: return "<error>";
        case tkind::bool_: return "bool";
        case tkind::integer: return "integer";
        case tkind::decimal: return "decimal";
        case tkind::fraction: return "fraction";
        case tkind::money: return "money";
        case tkind::date: return "date";
        case tkind::duration: return "duration";
        case tkind::string: return "string";
        case tkind::law_article: return "law article";
        case tkind::enumeration: return t->en->name;
        case tkind::record: return t->rec->name;
        case tkind::list: return "list of " + to_string(t->elem);
        case tkind::set: return "set of " + to_string(t->elem);
        case tkind::any: return "anything";
    }
    return "?";
}

namespace {
text spelled(keyword k) { return text{std::string(spelling(k).en), std::string(spelling(k).vi)}; }
}  // namespace

text describe(const type* t) {
    if (t == nullptr) return say(msg::ty_type_unknown);
    switch (t->kind) {
        case tkind::error: return say(msg::ty_type_error);
        case tkind::bool_: return spelled(keyword::bool_);
        case tkind::integer: return spelled(keyword::integer_);
        case tkind::decimal: return spelled(keyword::decimal_);
        case tkind::fraction: return spelled(keyword::fraction_);
        case tkind::money: return spelled(keyword::money_);
        case tkind::date: return spelled(keyword::date_);
        case tkind::duration: return spelled(keyword::duration_);
        case tkind::string: return spelled(keyword::string_);
        case tkind::law_article: return spelled(keyword::law_article_);
        case tkind::enumeration: return text{t->en->name, t->en->name};
        case tkind::record: return text{t->rec->name, t->rec->name};
        // "list of X" / "danh sách của X"; "set of X" / "tập hợp X": as a type is written.
        case tkind::list: {
            const text space{" ", " "};
            return spelled(keyword::list_) + space + spelled(keyword::of_) + space + describe(t->elem);
        }
        case tkind::set: return spelled(keyword::setof_) + text{" ", " "} + describe(t->elem);
        case tkind::any: return say(msg::ty_type_anything);
    }
    return say(msg::ty_type_unknown);
}

bool is_numeric(const type* t) {
    return t->kind == tkind::integer || t->kind == tkind::decimal || t->kind == tkind::fraction;
}

const std::vector<builtin_info>& builtins() {
    static const std::vector<builtin_info> table = {
#define BUILTIN(id, name, arity, stdlib_only, signature, doc) {builtin_fn::id, name, arity, stdlib_only, signature, doc},
#include "decree/lang/builtins.def"
#undef BUILTIN
    };
    return table;
}

text label_from_doc(std::string_view doc) {
    const auto dash = doc.find(" \u2014 ");
    if (dash == std::string_view::npos) return {};
    const std::string_view vi = doc.substr(0, dash);
    std::string_view en = doc.substr(dash + 5);
    en = en.substr(0, std::min(en.size(), en.find_first_of(",;:(")));
    while (!en.empty() && en.back() == ' ') en.remove_suffix(1);
    for (const std::string_view article : {"the ", "a ", "an "}) {
        if (en.substr(0, article.size()) == article) {
            en.remove_prefix(article.size());
            break;
        }
    }
    return text{std::string(en), std::string(vi)};
}

const std::string& label_in(const text& l, language lang) {
    const std::string& first = lang == language::vi ? l.vi : l.en;
    return first.empty() ? (lang == language::vi ? l.en : l.vi) : first;
}

}  // namespace decree::ir
