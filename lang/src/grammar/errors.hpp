// The syntax error table: for every error point (a rule under must<> / if_must<>), the
// diagnostic code, message and hint. A custom control refuses to compile a must<> point
// without an entry, so PEGTL's generic messages can never reach users.
#pragma once

#include "grammar.hpp"

namespace decree::grammar {

struct error_entry {
    const char* code = nullptr;
    const char* message = nullptr;
    const char* hint = nullptr;
};

template <typename Rule>
inline constexpr error_entry error_for{};

// Rules that cannot fail need no message.
template <typename Rule>
inline constexpr bool cannot_fail = false;
template <typename... R>
inline constexpr bool cannot_fail<opt<R...>> = true;
template <typename... R>
inline constexpr bool cannot_fail<star<R...>> = true;

// clang-format off
#define DECREE_SYNTAX(rule, code, message, hint) \
    template<> inline constexpr error_entry error_for< rule >{ code, message, hint };
DECREE_SYNTAX(end_of_file, "E0101", "unexpected text where a declaration was expected", "a file holds declarations (`parameter`, `definition`, `record`, ...), articles, clauses, points and rules; check for text pasted by mistake")
DECREE_SYNTAX(article_number, "E0102", "expected an article number after `article`", "articles are numbered as in the legal text, e.g. `article 3`")
DECREE_SYNTAX(clause_number, "E0103", "expected a clause number after `clause`", "clauses are numbered, e.g. `clause 1`")
DECREE_SYNTAX(point_letter, "E0104", "expected a point letter after `point`", "points are lettered a, b, c, d, đ, e, ...")
DECREE_SYNTAX(expression, "E0106", "expected an expression", "an expression is a literal, a name, a parenthesised expression, a quantifier or an `if`")
DECREE_SYNTAX(value_expr, "E0106", "expected an expression", "an expression is a literal, a name, a parenthesised expression, a quantifier or an `if`")
DECREE_SYNTAX(set_hi, "E0106", "expected the end of the range after `..`", nullptr)
DECREE_SYNTAX(q_list, "E0106", "expected the list to range over after `in`", "e.g. `any o in case.offences: o.weapon`")
DECREE_SYNTAX(q_body, "E0106", "expected an expression after `:`", nullptr)
DECREE_SYNTAX(cond_expr, "E0106", "expected an expression", nullptr)
DECREE_SYNTAX(rhs_operand, "E0106", "expected an operand after the operator", nullptr)
DECREE_SYNTAX(rhs_product, "E0106", "expected an operand after the operator", nullptr)
DECREE_SYNTAX(rhs_sum, "E0106", "expected an operand after the comparison", nullptr)
DECREE_SYNTAX(rhs_conjunct, "E0106", "expected an operand after `and`", nullptr)
DECREE_SYNTAX(rhs_conjunction, "E0106", "expected an operand after `or`", nullptr)
DECREE_SYNTAX(paren_close, "E0107", "expected `)` to close `(`", nullptr)
DECREE_SYNTAX(call_args_close, "E0107", "expected `)` to close the argument list", "arguments are separated by `,`")
DECREE_SYNTAX(args_close, "E0107", "expected `)` to close the argument list", "arguments are declared as `name : type`, separated by `,`")
DECREE_SYNTAX(set_close, "E0107", "expected `}` to close the set", "elements are separated by `,`")
DECREE_SYNTAX(record_close, "E0107", "expected `}` to close the record", "fields are declared as `name : type`")
DECREE_SYNTAX(enum_close, "E0107", "expected `}` to close the enumeration", "values are names, optionally followed by a label string")
DECREE_SYNTAX(string_close, "E0108", "unterminated string", "strings end with `\"`; the only escapes are `\\\"`, `\\\\` and `\\n`")
DECREE_SYNTAX(decl_name, "E0109", "expected a name", "names start with a letter or `_` and are not keywords")
DECREE_SYNTAX(word, "E0109", "expected a name", nullptr)
DECREE_SYNTAX(name, "E0109", "expected a name", "names start with a letter or `_` and are not keywords")
DECREE_SYNTAX(q_var, "E0109", "expected a variable name after the quantifier", "e.g. `any o in case.offences: o.weapon`")
DECREE_SYNTAX(member, "E0109", "expected a field name after `.`", nullptr)
DECREE_SYNTAX(set_target, "E0109", "expected the parameter to set", "e.g. `set luat.served_fraction = 1/3`")
DECREE_SYNTAX(import_target, "E0109", "expected a module path or a quoted file name after `import`", "e.g. `import vn/luat_dac_xa_2018` or `import \"./common.decree\"`")
DECREE_SYNTAX(set_equals, "E0110", "expected `=` after the parameter name", nullptr)
DECREE_SYNTAX(def_equals, "E0110", "expected `=` before the definition's value", "e.g. `definition served : duration = ...`")
DECREE_SYNTAX(type, "E0111", "expected a type", "e.g. `integer`, `duration`, `list of offence`")
DECREE_SYNTAX(type_required, "E0111", "expected a type after `:`", "e.g. `integer`, `duration`, `list of offence`")
DECREE_SYNTAX(type_annotation, "E0112", "expected `:` and a type", "e.g. `input case : case_record`")
DECREE_SYNTAX(q_in, "E0117", "expected `in` after the quantifier's variable", "e.g. `any o in case.offences: o.weapon`")
DECREE_SYNTAX(assumed_reason, "E0113", "expected a string giving the reason after `assumed`", "say why the value is assumed and from which source")
DECREE_SYNTAX(label_en_text, "E0113", "expected the English label after `/`", "a label is written in Vietnamese, then in English: `\"thời gian đã chấp hành án phạt tù\" / \"time served\"`")
DECREE_SYNTAX(header_citation, "E0113", "expected a string", nullptr)
DECREE_SYNTAX(code_key, "E0113", "expected the code's identifier as a string", "e.g. `code BLHS \"BLHS2015\" \"Bộ luật Hình sự 2015\"`")
DECREE_SYNTAX(text_string, "E0113", "expected the legal text as a string", nullptr)
DECREE_SYNTAX(plus< text_string >, "E0113", "expected the legal text as a string", nullptr)
DECREE_SYNTAX(source_file_name, "E0113", "expected the name of the source file as a string after `source file`", "e.g. `source file \"luat-dac-xa-2018.txt\"`, a path relative to the sources directories")
DECREE_SYNTAX(must_exclude_target, "E0109", "expected the name of a definition after `must exclude`", "e.g. `must exclude previously_amnestied`")
DECREE_SYNTAX(excludes_when, "E0114", "expected `when` after `excludes`", "e.g. `excludes when case.history.previously_amnestied`")
DECREE_SYNTAX(applies_when, "E0114", "expected `when` after `applies`", "e.g. `applies when case.status = serving`")
DECREE_SYNTAX(exception_to, "E0115", "expected `to` and a provision after `exception`", "e.g. `exception to clause 1 point b`")
DECREE_SYNTAX(provision_ref, "E0115", "expected a provision after `to`", "e.g. `article 3 clause 1 point b`, or `point b` within the same clause")
DECREE_SYNTAX(if_then, "E0116", "expected `then` after the condition", "a conditional is `if C then A else B`")
DECREE_SYNTAX(if_else, "E0116", "expected `else`: a conditional needs both branches", "a conditional is `if C then A else B`")
DECREE_SYNTAX(date_lit, "E0118", "malformed date", "dates are written YYYY-MM-DD with two-digit months and days, e.g. `2025-08-31`")
DECREE_SYNTAX(meta_date, "E0118", "expected a date", "dates are written YYYY-MM-DD, e.g. `2025-07-03`")
DECREE_SYNTAX(range_end, "E0119", "expected the last article number of the range after `..`", "e.g. `BLHS 108..114`")
DECREE_SYNTAX(priority_value, "E0119", "expected a number after `priority`", "higher numbers win, e.g. `priority 2`")
DECREE_SYNTAX(record_open, "E0120", "expected `{` after the record name", "e.g. `record offence { article : integer }`")
DECREE_SYNTAX(enum_open, "E0120", "expected `{` after the enumeration name", "e.g. `enumeration grade { good, fair }`")
DECREE_SYNTAX(module_path, "E0109", "expected a module path after `under`", "e.g. `under vn/luat_dac_xa_2018`: the module of the law the decree is issued under")
DECREE_SYNTAX(follows_path, "E0113", "expected the followed round's file name as a string after `follows`", "e.g. `follows \"dot1_2025.decree\"`, relative to this decree's folder")
DECREE_SYNTAX(omit_ref, "E0115", "expected the omitted provision after `omits`", "name it in the followed round's numbering, e.g. `omits article 4 clause 8 \"reason\"`")
DECREE_SYNTAX(omit_reason, "E0113", "expected a string giving the reason after the omitted provision", "say why the provision was left out and which source says so")
DECREE_SYNTAX(header_order, "E0101", "misplaced header item: `follows` and its `omits` end the header", "write `title`, `signed`, `effective` and `source` before `follows`, and `follows` once: a round follows one earlier round")
DECREE_SYNTAX(follows_place, "E0101", "`follows` and `omits` belong to the decree's header", "write them at the end of the header, before the first import: `follows \"dot1_2025.decree\"`, then one `omits article N clause N \"reason\"` per provision left out")
DECREE_SYNTAX(rounding_mode, "E0121", "expected `up` or `down` after `rounding`", "e.g. `rounding down`")
#undef DECREE_SYNTAX
// clang-format on

// Thrown by raise() at an error point; caught in parse.cpp and never seen elsewhere.
struct syntax_error {
    error_entry entry;
    std::size_t byte;
};

template <typename Rule>
struct control : normal<Rule> {
    template <typename ParseInput, typename... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&... /*unused*/) {
        static_assert(cannot_fail<Rule> || error_for<Rule>.message != nullptr,
                      "every must<> point needs an error_for<> entry");
        throw syntax_error{error_for<Rule>, in.byte()};
    }
};

}  // namespace decree::grammar
