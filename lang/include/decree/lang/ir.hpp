// The checked IR: resolved names (indices, never strings to look up again), types on every
// expression, provisions with their citations, rules linked to their exceptions. The
// interpreter's only input.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "decree/lang/source.hpp"
#include "decree/lang/text.hpp"
#include "decree/lang/values.hpp"

namespace decree::provenance {
struct table;
}

namespace decree::ir {

enum class tkind {
    error,  // after a reported error; suppresses cascades
    bool_,
    integer,
    decimal,
    fraction,
    money,
    date,
    duration,
    string,
    law_article,
    enumeration,
    record,
    list,
    set,
    any,  // the element type of an empty set literal
};

struct type;
struct record_type;
struct enum_type;

struct type {
    tkind kind = tkind::error;
    const record_type* rec = nullptr;  // record
    const enum_type* en = nullptr;     // enumeration
    const type* elem = nullptr;        // list, set
};

struct field {
    std::string name;
    const type* ty = nullptr;
    std::string doc;
    span loc;
    std::uint32_t module = 0;  // where it is declared: the record's module, or an `extend record`'s
    text label;  // what explanations call it: its label, else from its doc string (label_from_doc)
};
struct record_type {
    std::string name;
    std::vector<field> fields;
    span loc;
    std::uint32_t module = 0;
    // Index of the field named [n], or -1.
    [[nodiscard]] int find(std::string_view n) const;
};
struct enum_type {
    std::string name;
    std::vector<std::string> variants;
    std::vector<std::string> labels;     // display labels in Vietnamese (may be empty strings)
    std::vector<std::string> labels_en;  // and in English (may be empty strings)
    span loc;
    std::uint32_t module = 0;
    [[nodiscard]] int find(std::string_view n) const;
};

// Owns and interns types; pointers stay valid for the table's lifetime.
class type_table {
public:
    type_table();
    const type* builtin(tkind k) const { return &m_builtins[static_cast<std::size_t>(k)]; }
    const type* list_of(const type* elem);
    const type* set_of(const type* elem);
    const type* record(const record_type* r);
    const type* enumeration(const enum_type* e);
    record_type* new_record() { return &m_records.emplace_back(); }
    enum_type* new_enum() { return &m_enums.emplace_back(); }
    [[nodiscard]] const std::deque<record_type>& records() const { return m_records; }
    [[nodiscard]] const std::deque<enum_type>& enums() const { return m_enums; }

private:
    std::vector<type> m_builtins;
    std::deque<type> m_composite;
    std::deque<record_type> m_records;
    std::deque<enum_type> m_enums;
    std::map<std::pair<int, const void*>, const type*> m_interned;
};

// "integer", "list of offence", ...
std::string to_string(const type* t);

// A field's label from its doc string "Vietnamese — English explanation": the Vietnamese before
// " — ", the English after it up to its first comma, semicolon, colon or parenthesis, without a
// leading article ("loại hình phạt — the kind of sentence" gives "loại hình phạt" and "kind of
// sentence"). A doc without " — " gives no label.
text label_from_doc(std::string_view doc);
// [l] in [lang], else in the other language; empty when it has neither.
const std::string& label_in(const text& l, language lang);
// The same in both languages, as diagnostics name a type: each builtin type spelled as its
// keyword ("integer" / "số nguyên", "list of offence" / "danh sách của offence"); records and
// enumerations by their declared names. The English is to_string's.
text describe(const type* t);
bool is_numeric(const type* t);

// A law article value: the code's key ("BLHS2015") and the article number.
struct law_article {
    std::string code;
    big_int number;
    friend bool operator==(const law_article&, const law_article&) = default;
};
struct enum_value {
    const enum_type* en = nullptr;
    int index = 0;
    friend bool operator==(const enum_value&, const enum_value&) = default;
};
// A literal or constant value.
using constant =
    std::variant<bool, big_int, rational, date, duration, std::string, law_article, enum_value>;

// The order of two values of a variant holding the alternatives of `constant` (and possibly
// others, never ordered): numbers with numbers (whole numbers without rationals), durations by
// months then days, law articles by code then number, enumeration values of one enumeration.
// Nothing when the two cannot be compared. The one definition for checking and evaluation.
template <typename Variant>
std::optional<int> order(const Variant& a, const Variant& b) {
    auto sign = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
    const auto* ia = std::get_if<big_int>(&a);
    const auto* ib = std::get_if<big_int>(&b);
    if (ia != nullptr && ib != nullptr) return ia->compare(*ib) < 0 ? -1 : (ia->compare(*ib) > 0 ? 1 : 0);
    const auto* ra = std::get_if<rational>(&a);
    const auto* rb = std::get_if<rational>(&b);
    if ((ia != nullptr || ra != nullptr) && (ib != nullptr || rb != nullptr)) {
        return sign(ra != nullptr ? *ra : rational(*ia), rb != nullptr ? *rb : rational(*ib));
    }
    if (a.index() != b.index()) return std::nullopt;
    if (const auto* x = std::get_if<bool>(&a)) return sign(*x, std::get<bool>(b));
    if (const auto* x = std::get_if<date>(&a)) return sign(x->days, std::get<date>(b).days);
    if (const auto* x = std::get_if<duration>(&a)) return sign(x->key(), std::get<duration>(b).key());
    if (const auto* x = std::get_if<std::string>(&a)) return sign(*x, std::get<std::string>(b));
    if (const auto* x = std::get_if<law_article>(&a)) {
        const auto& y = std::get<law_article>(b);
        return x->code != y.code ? sign(x->code, y.code) : sign(x->number, y.number);
    }
    if (const auto* x = std::get_if<enum_value>(&a)) {
        const auto& y = std::get<enum_value>(b);
        if (x->en != y.en) return std::nullopt;
        return sign(x->index, y.index);
    }
    return std::nullopt;
}

enum class op {
    literal,   // value in `lit`
    param,     // index: parameter
    call,      // index: definition; args: arguments (none for a plain definition)
    local,     // index: frame slot (quantifier variable or definition argument)
    input,     // the case record
    field,     // args[0].field[index]
    builtin,   // index: builtin id; args
    neg, not_,
    add, sub, mul, div,
    eq, ne, lt, le, gt, ge,
    in, not_in,
    and_, or_,
    if_,       // args: cond, then, else
    any, all, count, sum,  // index: slot of the variable; args: list, body (count: optional)
    greatest, smallest,    // the largest / smallest value of the body over the list
    set,       // args: elements; ranges are `range` nodes
    range,     // args: lo, hi (inclusive)
};

enum class builtin_fn {
#define BUILTIN(id, name, arity, stdlib_only, signature, doc) id,
#include "decree/lang/builtins.def"
#undef BUILTIN
};
struct builtin_info {
    builtin_fn id;
    std::string_view name;
    int arity;
    bool stdlib_only;
    std::string_view signature;  // as docs/language.md §4.8 writes it: "between(a : date, b : date) : duration"
    std::string_view doc;
};
const std::vector<builtin_info>& builtins();

struct expr {
    op kind = op::literal;
    const type* ty = nullptr;
    span loc;
    std::uint32_t index = 0;
    std::vector<expr> args;
    constant lit;
};

enum class level { article, clause, point };

// A provision's `text` (verbatim) or `paraphrase`, as written.
struct legal_text {
    std::string value;
    bool paraphrase = false;
    span loc;
};

struct provision {
    level lvl = level::article;
    std::string number;
    std::optional<std::string> title;
    std::vector<legal_text> texts;  // verbatim texts and paraphrases, in order
    std::vector<std::string> sources;
    std::vector<std::string> source_files;  // `source file` names, as written
    std::optional<text> assumed;
    // `assumed number "reason"`: the number (and so the citation) is inferred. Listed with the
    // assumptions, never one a verdict rests on (docs/language.md §2.14).
    std::optional<text> number_assumed;
    span number_assumed_loc;
    std::optional<expr> applies;
    int parent = -1;
    std::uint32_t module = 0;
    std::string citation_vi;  // "Điều 3 khoản 1 điểm b" (+ module citation when imported)
    std::string citation_en;  // "Art. 3(1)(b)"
    span loc;
    std::vector<std::uint32_t> rules;     // rules held directly
    std::vector<std::uint32_t> children;  // sub-provisions
    std::uint32_t frame_size = 0;         // slots for `applies`
};

enum class rule_kind { condition, exclusion, exception };
// "condition", "exclusion", "exception".
const char* to_string(rule_kind k);

struct rule {
    rule_kind kind = rule_kind::condition;
    int provision = -1;  // -1: a rule outside any article
    std::uint32_t module = 0;
    std::optional<expr> test;    // requires / excludes when / exception's requires
    std::optional<expr> unless;  // requires ... unless / excludes ... unless
    std::optional<expr> when;    // exception
    int target = -1;             // exception: the rule it overrides
    big_int priority = 0;
    std::vector<std::uint32_t> exceptions;  // exceptions that override this rule
    std::optional<text> assumed;
    std::uint32_t frame_size = 0;
    span loc;
    span body;  // the rule as written, without its `assumed` reason
};

struct parameter {
    std::string name;
    const type* ty = nullptr;
    std::optional<expr> value;  // after `set`, the value set by the decree
    std::optional<constant> folded;
    std::optional<expr> at_least, at_most;
    std::optional<text> assumed;
    int provision = -1;
    std::uint32_t module = 0;
    span loc;
    span set_loc;  // where the decree set it (abstract parameters)
    std::string set_name;  // the `set` target as written there ("luat.served_fraction")
    bool assumed_by_set = false;  // `assumed` came with the decree's `set`, not the declaration
    bool abstract = false;
    std::uint32_t uses = 0;
    text label;  // what explanations call it (empty: it has none)
};

struct definition {
    std::string name;
    std::vector<std::pair<std::string, const type*>> args;
    bool callable = false;  // declared with an argument list
    const type* ty = nullptr;
    expr body;
    std::optional<text> assumed;
    int provision = -1;
    std::uint32_t module = 0;
    std::uint32_t frame_size = 0;
    span loc;
    std::uint32_t uses = 0;
    text label;  // what explanations call it (empty: it has none)
};

// `omits article 4 clause 8 "reason"` in a decree's header: a provision of the followed round.
struct omission {
    std::string article;
    std::optional<std::string> clause, point;
    std::string reason;
    span loc;
};

struct module_info {
    std::string path;      // "vn/luat_dac_xa_2018", or the file name for the root
    std::string citation;  // header string
    std::optional<std::string> title;
    std::optional<date> signed_on, effective_on;
    std::vector<std::string> sources;
    std::vector<std::string> source_files;  // header `source file` names
    std::optional<std::string> follows;  // the round this one follows, as written
    span follows_loc;
    std::vector<omission> omits;
    bool is_decree = false;
    bool is_stdlib = false;
    source_id source = no_source;
};

// A definition that every decree importing its module must use in an exclusion.
struct mandatory_exclusion {
    std::uint32_t definition = 0;
    int provision = -1;
    span loc;
};

struct code_info {
    std::string name;  // "BLHS"
    std::string key;   // "BLHS2015"
    std::string title;
};

struct program {
    type_table types;
    std::vector<module_info> modules;  // the root is modules[0]
    std::vector<parameter> params;
    std::vector<definition> defs;
    std::vector<provision> provisions;
    std::vector<std::uint32_t> roots;  // top-level articles of the root decree, in order
    std::vector<rule> rules;
    std::vector<code_info> codes;
    std::vector<mandatory_exclusion> mandatory;
    const type* input = nullptr;  // the case record type, if declared
    std::string input_name;
    date_rounding rounding = date_rounding::reject;
    // The assumptions each rule rests on (provenance.hpp), computed once when the program is
    // checked without errors.
    std::shared_ptr<const provenance::table> provenance;
};

}  // namespace decree::ir
