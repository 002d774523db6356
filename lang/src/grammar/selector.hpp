// Which grammar rules become parse-tree nodes, and which single-child nodes fold away.
#pragma once

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar.hpp"

namespace decree::grammar {

// clang-format off
template< typename Rule >
using selector = parse_tree::selector< Rule,
   parse_tree::store_content::on<
      file, decree_header, module_header, meta_title, meta_signed, meta_effective, meta_source, meta_source_file,
      meta_follows, meta_omits, meta_under, omit_ref,
      name_token, word_token, digits, date_value, decimal_value, string_raw, true_lit, false_lit, money_lit,
      duration_lit, duration_part, unit_years, unit_months, unit_days, law_ref, set_lit, set_elem,
      paren, close_paren, close_brace, quantified, q_any, q_all, q_count, q_sum, q_greatest, q_smallest, conditional, field_access, call_args, negation,
      op_neg, op_mul, op_div, op_of, op_add, op_sub, op_le, op_ge, op_ne, op_lt, op_gt, op_eq,
      op_in, op_not_in,
      t_bool, t_integer, t_decimal, t_money, t_fraction, t_date, t_duration, t_string,
      t_law_article, list_type, set_type, type_annotation,
      parameter, param_value, display_label, label_vi, label_en, at_least, at_most, assumed, assumed_number, set_decl, set_target, definition,
      arg_list, arg_decl, record_decl, extend_decl, field_decl, enum_decl, variant_decl, code_decl, input_decl,
      import_decl, module_path, import_alias, rounding_decl, round_up, round_down,
      requires_rule, excludes_rule, exception_rule, unless_clause, provision_ref, ref_article,
      ref_clause, ref_point, priority_value, exception_when, exception_requires,
      text_item, paraphrase_item, source_file_item, source_item, applies_item, must_exclude, point, clause, article >,
   parse_tree::fold_one::on< disjunction, conjunction, comparison, sum_expr, product, operand, postfix > >;
// clang-format on

}  // namespace decree::grammar
