// The syntax error table: for every error point (a rule under must<> / if_must<>), the
// diagnostic code, message and hint (rows of the message catalogue, messages/syntax.def). A custom control refuses to compile a must<> point
// without an entry, so PEGTL's generic messages can never reach users.
#pragma once

#include <optional>

#include "decree/lang/messages.hpp"
#include "grammar.hpp"

namespace decree::grammar {

struct error_entry {
    const char* code = nullptr;  // none: the rule has no entry
    msg message{};
    std::optional<msg> hint;
    const char* hint_arg = nullptr;  // what the hint's placeholder says, if it has one
};

inline constexpr std::optional<msg> no_hint{};

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
    template<> inline constexpr error_entry error_for< rule >{ code, msg::message, hint };
DECREE_SYNTAX(end_of_file, "E0101", syn_unexpected_declaration, msg::syn_file_holds_hint)
DECREE_SYNTAX(article_number, "E0102", syn_article_number, msg::syn_article_number_hint)
DECREE_SYNTAX(clause_number, "E0103", syn_clause_number, msg::syn_clause_number_hint)
template<> inline constexpr error_entry error_for< point_letter >{ "E0104", msg::syn_point_letter, msg::syn_point_letter_hint, "a, b, c, d, đ, e, ..." };
DECREE_SYNTAX(expression, "E0106", syn_expected_expression, msg::syn_expression_hint)
DECREE_SYNTAX(value_expr, "E0106", syn_expected_expression, msg::syn_expression_hint)
DECREE_SYNTAX(set_hi, "E0106", syn_range_end, no_hint)
DECREE_SYNTAX(q_list, "E0106", syn_quantifier_list, msg::syn_quantifier_hint)
DECREE_SYNTAX(q_body, "E0106", syn_expression_after_colon, no_hint)
DECREE_SYNTAX(cond_expr, "E0106", syn_expected_expression, no_hint)
DECREE_SYNTAX(rhs_operand, "E0106", syn_operand_after_operator, no_hint)
DECREE_SYNTAX(rhs_product, "E0106", syn_operand_after_operator, no_hint)
DECREE_SYNTAX(rhs_sum, "E0106", syn_operand_after_comparison, no_hint)
DECREE_SYNTAX(rhs_conjunct, "E0106", syn_operand_after_and, no_hint)
DECREE_SYNTAX(rhs_conjunction, "E0106", syn_operand_after_or, no_hint)
DECREE_SYNTAX(paren_close, "E0107", syn_close_paren, no_hint)
DECREE_SYNTAX(call_args_close, "E0107", syn_close_arguments, msg::syn_arguments_hint)
DECREE_SYNTAX(args_close, "E0107", syn_close_arguments, msg::syn_parameters_hint)
DECREE_SYNTAX(set_close, "E0107", syn_close_set, msg::syn_elements_hint)
DECREE_SYNTAX(record_close, "E0107", syn_close_record, msg::syn_fields_hint)
DECREE_SYNTAX(enum_close, "E0107", syn_close_enumeration, msg::syn_variants_hint)
DECREE_SYNTAX(string_close, "E0108", syn_unterminated_string, msg::syn_string_hint)
DECREE_SYNTAX(decl_name, "E0109", syn_expected_name, msg::syn_name_hint)
DECREE_SYNTAX(word, "E0109", syn_expected_name, no_hint)
DECREE_SYNTAX(name, "E0109", syn_expected_name, msg::syn_name_hint)
DECREE_SYNTAX(q_var, "E0109", syn_quantifier_variable, msg::syn_quantifier_hint)
DECREE_SYNTAX(member, "E0109", syn_field_after_dot, no_hint)
DECREE_SYNTAX(set_target, "E0109", syn_set_target, msg::syn_set_target_hint)
DECREE_SYNTAX(import_target, "E0109", syn_import_target, msg::syn_import_target_hint)
DECREE_SYNTAX(set_equals, "E0110", syn_set_equals, no_hint)
DECREE_SYNTAX(def_equals, "E0110", syn_definition_equals, msg::syn_definition_equals_hint)
DECREE_SYNTAX(type, "E0111", syn_expected_type, msg::syn_type_hint)
DECREE_SYNTAX(type_required, "E0111", syn_type_after_colon, msg::syn_type_hint)
DECREE_SYNTAX(type_annotation, "E0112", syn_type_annotation, msg::syn_type_annotation_hint)
DECREE_SYNTAX(q_in, "E0117", syn_quantifier_in, msg::syn_quantifier_hint)
DECREE_SYNTAX(assumed_reason, "E0113", syn_assumed_reason, msg::syn_assumed_reason_hint)
DECREE_SYNTAX(label_en_text, "E0113", syn_label_en, msg::syn_label_en_hint)
DECREE_SYNTAX(assumed_reason_en_text, "E0113", syn_assumed_reason_en, msg::syn_assumed_reason_en_hint)
DECREE_SYNTAX(header_citation, "E0113", syn_expected_string, no_hint)
DECREE_SYNTAX(code_key, "E0113", syn_code_key, msg::syn_code_key_hint)
DECREE_SYNTAX(text_string, "E0113", syn_legal_text, no_hint)
DECREE_SYNTAX(plus< text_string >, "E0113", syn_legal_text, no_hint)
DECREE_SYNTAX(source_file_name, "E0113", syn_source_file_name, msg::syn_source_file_name_hint)
DECREE_SYNTAX(must_exclude_target, "E0109", syn_must_exclude_target, msg::syn_must_exclude_hint)
DECREE_SYNTAX(excludes_when, "E0114", syn_excludes_when, msg::syn_excludes_when_hint)
DECREE_SYNTAX(applies_when, "E0114", syn_applies_when, msg::syn_applies_when_hint)
DECREE_SYNTAX(exception_to, "E0115", syn_exception_to, msg::syn_exception_to_hint)
DECREE_SYNTAX(provision_ref, "E0115", syn_provision_ref, msg::syn_provision_ref_hint)
DECREE_SYNTAX(if_then, "E0116", syn_if_then, msg::syn_if_hint)
DECREE_SYNTAX(if_else, "E0116", syn_if_else, msg::syn_if_hint)
DECREE_SYNTAX(date_lit, "E0118", syn_malformed_date, msg::syn_date_literal_hint)
DECREE_SYNTAX(meta_date, "E0118", syn_expected_date, msg::syn_date_hint)
DECREE_SYNTAX(range_end, "E0119", syn_range_last_article, msg::syn_range_hint)
DECREE_SYNTAX(priority_value, "E0119", syn_priority_value, msg::syn_priority_hint)
DECREE_SYNTAX(record_open, "E0120", syn_record_open, msg::syn_record_open_hint)
DECREE_SYNTAX(enum_open, "E0120", syn_enum_open, msg::syn_enum_open_hint)
DECREE_SYNTAX(module_path, "E0109", syn_module_path, msg::syn_module_path_hint)
DECREE_SYNTAX(follows_path, "E0113", syn_follows_path, msg::syn_follows_path_hint)
DECREE_SYNTAX(omit_ref, "E0115", syn_omit_ref, msg::syn_omit_ref_hint)
DECREE_SYNTAX(omit_reason, "E0113", syn_omit_reason, msg::syn_omit_reason_hint)
DECREE_SYNTAX(header_order, "E0101", syn_header_order, msg::syn_header_order_hint)
DECREE_SYNTAX(follows_place, "E0101", syn_follows_place, msg::syn_follows_place_hint)
DECREE_SYNTAX(rounding_mode, "E0121", syn_rounding_mode, msg::syn_rounding_hint)
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
        static_assert(cannot_fail<Rule> || error_for<Rule>.code != nullptr,
                      "every must<> point needs an error_for<> entry");
        throw syntax_error{error_for<Rule>, in.byte()};
    }
};

}  // namespace decree::grammar
