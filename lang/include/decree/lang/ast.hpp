// The surface AST: what the file says, with a span on every node. Built by build_ast.cpp from
// the parse tree; names are resolved and types checked into ir::program by later stages.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "decree/lang/source.hpp"
#include "decree/lang/text.hpp"
#include "decree/lang/values.hpp"

namespace decree::ast {

struct expr;
using expr_ptr = std::unique_ptr<expr>;

// A name as written, with its place.
struct ident {
    std::string text;
    span loc;
};

enum class unary_op { neg, not_ };
enum class binary_op { add, sub, mul, div, of, eq, ne, lt, le, gt, ge, in, not_in, and_, or_ };
enum class quantifier { any, all, count, sum, greatest, smallest };

struct bool_lit { bool value; };
struct int_lit { big_int value; };
struct decimal_lit { rational value; std::string text; };
struct money_lit { big_int value; };
struct date_lit { date value; };
struct duration_lit { duration value; };
struct string_lit { std::string value; };
// `BLHS 168` or the range `BLHS 108..114`.
struct law_ref_lit { ident code; big_int first; std::optional<big_int> last; };
struct name { ident id; };
struct field { expr_ptr object; ident member; };
struct call { expr_ptr callee; std::vector<expr_ptr> args; };
struct unary { unary_op op; expr_ptr operand; };
struct binary { binary_op op; expr_ptr lhs; expr_ptr rhs; span op_loc; };
struct conditional { expr_ptr cond; expr_ptr then_; expr_ptr else_; };
// `any x in L: body`; body is null for `count x in L`.
struct quantified { quantifier kind; ident var; expr_ptr list; expr_ptr body; };
// `{a, b, lo..hi}`: elements may be ranges (hi set).
struct set_elem { expr_ptr lo; expr_ptr hi; };
struct set_lit { std::vector<set_elem> elems; };

struct expr {
    span loc;
    std::variant<bool_lit, int_lit, decimal_lit, money_lit, date_lit, duration_lit, string_lit,
                 law_ref_lit, name, field, call, unary, binary, conditional, quantified, set_lit>
        kind;
};

// A type as written.
struct type_expr {
    enum class form { named, builtin, list, set } shape = form::named;
    std::string builtin;  // "bool", "integer", ... (English table name) when builtin
    ident named;
    std::unique_ptr<type_expr> element;  // list/set
    span loc;
};

// What explanations call a declaration: `"Vietnamese" / "English"` (either may be empty).
struct display_label {
    std::string vi, en;
    span loc;
};
struct field_decl { ident id; type_expr type; std::string doc; display_label label; };
// `record` or, when [extension], `extend record`: fields added to the record type named [id].
struct record_decl { ident id; std::vector<field_decl> fields; span loc; bool extension = false; };
struct variant_decl { ident id; std::string label; std::string label_en; };
struct enum_decl { ident id; std::vector<variant_decl> variants; span loc; };
// `code BLHS "BLHS2015" "Bộ luật Hình sự 2015"`
struct code_decl { ident id; std::string key; std::string title; span loc; };
struct param_decl {
    ident id;
    std::optional<type_expr> type;
    expr_ptr value;  // null: abstract, to be `set` by the importing decree
    expr_ptr at_least;
    expr_ptr at_most;
    std::optional<text> assumed;
    span loc;
    display_label label;
};
// `set luat.served_fraction = 1/3`
struct set_decl { std::vector<ident> target; expr_ptr value; std::optional<text> assumed; span loc; };
struct arg_decl { ident id; type_expr type; };
struct def_decl {
    ident id;
    std::vector<arg_decl> args;
    bool has_args = false;  // `f()` versus `f`
    std::optional<type_expr> type;
    expr_ptr body;
    std::optional<text> assumed;
    span loc;
    display_label label;
};
struct input_decl { ident id; type_expr type; span loc; };
struct import_decl {
    std::string path;  // "vn/luat_dac_xa_2018" or "./common.decree"
    bool relative = false;
    std::optional<ident> alias;
    span loc;
};

enum class level { article, clause, point };

// `article 3 clause 1 point b`, parts absent when not written.
struct provision_ref {
    std::optional<std::string> article, clause, point;
    span loc;
};

enum class rule_kind { condition, exclusion, exception };
struct rule {
    rule_kind kind = rule_kind::condition;
    expr_ptr test;    // requires E / excludes when E
    expr_ptr unless;  // optional `unless E`
    // exception only
    provision_ref target;
    std::optional<big_int> priority;
    expr_ptr when;  // may be null: always
    std::optional<text> assumed;
    span loc;  // the keyword and the whole rule
    span keyword_loc;
    span body;  // the rule without its `assumed` reason
};

// A `text` (a verbatim quote of the law) or a `paraphrase` (a summary, a press paraphrase, a
// translation): its strings joined, and the place of the strings.
struct legal_text {
    std::string value;
    bool paraphrase = false;
    span loc;  // from the first string's opening quote to the last string's closing quote
};
// `source file "luat-dac-xa-2018.txt"`: a file of the sources directories that holds the verbatim
// texts of the provision (and of the provisions it contains) or, in the header, of the file.
struct source_file_ref {
    std::string name;
    span loc;  // the string
};

struct provision;
// Declarations that may appear at the top level and inside provisions.
using decl = std::variant<param_decl, set_decl, def_decl, record_decl, enum_decl, code_decl,
                          input_decl, import_decl>;

struct provision {
    level lvl = level::article;
    std::string number;  // "3", "1", "b", "đ"
    span number_loc;
    std::optional<std::string> title;
    std::vector<legal_text> texts;  // verbatim texts and paraphrases, in order
    std::vector<std::string> sources;
    std::vector<source_file_ref> source_files;
    expr_ptr applies;  // `applies when E`
    std::vector<ident> must_exclude;  // `must exclude NAME`: importing decrees must exclude on NAME
    std::optional<text> assumed;
    std::optional<text> number_assumed;  // `assumed number "reason"`
    span number_assumed_loc;
    std::vector<rule> rules;
    std::vector<decl> decls;
    std::vector<provision> children;
    span loc;     // the keyword and number
    span extent;  // the whole provision, through its last item
};

// The citation of the provision at the end of [chain] (an article, then a clause, then a point):
// "Điều 3 khoản 1 điểm b", and in English "Art. 3(1)(b)". Defined in print.cpp.
std::string citation_vi(const std::vector<const provision*>& chain);
std::string citation_en(const std::vector<const provision*>& chain);

enum class file_kind { script, decree, module };

// `omits article 4 clause 8 "reason"`: a provision of the followed round (in its numbering) that
// this round leaves out on purpose.
struct omission {
    provision_ref target;
    std::string reason;
    span loc;  // the whole item
};

struct file {
    file_kind kind = file_kind::script;
    std::string citation;  // decree "Quyết định 1244/2025/QĐ-CTN" or module "Luật Đặc xá 2018"
    span header_loc;
    std::optional<std::string> title;
    std::optional<date> signed_on;
    std::optional<date> effective_on;
    std::vector<std::string> sources;
    std::vector<source_file_ref> source_files;  // header `source file` items
    std::vector<legal_text> texts;              // the preamble: file-level `text` and `paraphrase`
    std::optional<std::string> under;    // `under vn/luat_dac_xa_2018`: the law it is issued under
    span under_loc;
    std::optional<std::string> follows;  // `follows "dot1_2025.decree"`: the round this one follows
    span follows_loc;                    // the `follows` item
    std::vector<omission> omits;
    std::optional<date_rounding> rounding;
    std::vector<decl> decls;
    std::vector<rule> loose_rules;  // rules outside any article
    std::vector<provision> articles;
    source_id source = no_source;
};

}  // namespace decree::ast
