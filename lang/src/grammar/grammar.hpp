// The decree grammar: file structure, declarations, provisions, rules and expressions.
// The top rule is `file`. Error points (must<>) name rules listed in errors.hpp.
#pragma once

#include "lexical.hpp"

namespace decree::grammar {

// clang-format off
using K = keyword;

struct expression;

// ---- punctuation ---------------------------------------------------------------------------
struct lparen : tok< one< '(' > > {};
struct rparen : tok< one< ')' > > {};
struct lbrace : tok< one< '{' > > {};
struct rbrace : tok< one< '}' > > {};
struct comma : tok< one< ',' > > {};
struct colon : tok< one< ':' > > {};
struct equals_sign : tok< seq< one< '=' >, not_at< one< '=' > > > > {};
struct dot : tok< seq< one< '.' >, not_at< one< '.' > > > > {};
struct dotdot : tok< two< '.' > > {};
struct slash : tok< one< '/' > > {};

// ---- literals ------------------------------------------------------------------------------
// unit ::= "years" | "year" | "months" | "month" | "days" | "day"  (năm, tháng, ngày)
struct unit_years : sor< k< K::years_ >, k< K::year_ > > {};
struct unit_months : sor< k< K::months_ >, k< K::month_ > > {};
struct unit_days : sor< k< K::days_ >, k< K::day_ > > {};
struct duration_part : seq< integer_lit, sor< unit_years, unit_months, unit_days > > {};
// duration ::= integer unit { integer unit }             e.g.  12 years 6 months / 12 năm 6 tháng
struct duration_lit : plus< duration_part > {};
// money ::= integer "VND"                                e.g.  50_000_000 VND / 50_000_000 đồng
struct money_lit : seq< integer_lit, k< K::vnd_ > > {};
struct true_lit : k< K::true_ > {};
struct false_lit : k< K::false_ > {};
// law_ref ::= CODE integer [ ".." integer ]               e.g.  BLHS 168 / BLHS 108..114
struct code_name : seq< name > {};
struct range_end : seq< integer_lit > {};
struct law_ref : seq< code_name, integer_lit, opt< if_must< dotdot, range_end > > > {};

// ---- expressions (lowest to highest precedence) --------------------------------------------
struct operand;
struct close_paren : one< ')' > {};
struct close_brace : one< '}' > {};
struct paren_close : seq< close_paren, sp > {};
struct paren : if_must< lparen, expression, paren_close > {};
struct set_close : seq< close_brace, sp > {};
struct set_hi : seq< expression > {};
struct set_elem : seq< expression, opt< if_must< dotdot, set_hi > > > {};
// set ::= "{" [ elem { "," elem } ] "}"                   e.g.  {BLHS 108..114, BLHS 299}
struct set_lit : if_must< lbrace, opt< list< set_elem, comma > >, set_close > {};

struct q_any : k< K::any_ > {};
struct q_all : k< K::all_ > {};
struct q_count : k< K::count_ > {};
struct q_sum : k< K::sum_ > {};
struct q_greatest : k< K::greatest_ > {};
struct q_smallest : k< K::smallest_ > {};
struct q_kind : sor< q_any, q_all, q_count, q_sum, q_greatest, q_smallest > {};
struct q_var : seq< name > {};
struct q_in : k< K::in_ > {};
struct q_list : seq< operand > {};
struct q_colon : seq< colon > {};
struct q_body : seq< expression > {};
// quantified ::= ("any"|"all"|"count"|"sum"|"greatest"|"smallest") name "in" list [":" expression]
//   e.g.  any o in case.offences: o.weapon
struct quantified : if_must< q_kind, q_var, q_in, q_list, opt< q_colon, must< q_body > > > {};

struct if_then : k< K::then_ > {};
struct if_else : k< K::else_ > {};
struct cond_expr : seq< expression > {};
// conditional ::= "if" expression "then" expression "else" expression
struct conditional : if_must< k< K::if_ >, cond_expr, if_then, cond_expr, if_else, cond_expr > {};

struct call_args_close : seq< close_paren, sp > {};
struct call_args : if_must< lparen, opt< list< expression, comma > >, call_args_close > {};
struct member : seq< word > {};
struct field_access : if_must< dot, member > {};
struct postfix_op : sor< field_access, call_args > {};
struct variable : seq< name > {};
// A number shaped like a date but not written YYYY-MM-DD (2025-8-31) is an error, not a subtraction.
struct malformed_date : seq< rep< 4, digit >, star< digit >, one< '-' >, digit, opt< digit >, one< '-' >, digit > {};
struct bad_date : seq< at< malformed_date >, raise< date_lit > > {};
struct primary : sor< paren, set_lit, quantified, conditional, date_lit, bad_date, money_lit, duration_lit,
                      decimal_lit, integer_lit, true_lit, false_lit, string_lit, law_ref, variable > {};
struct postfix : seq< primary, star< postfix_op > > {};

struct op_neg : tok< one< '-' > > {};
struct op_not : k< K::not_ > {};
// operand ::= { "-" } postfix
struct operand : seq< star< op_neg >, postfix > {};
struct rhs_operand : seq< operand > {};

struct op_mul : tok< sor< one< '*' >, utf8::one< 0xD7 > > > {};
struct op_div : tok< sor< seq< one< '/' >, not_at< one< '/' > > >, utf8::one< 0xF7 > > > {};
struct op_of : k< K::of_ > {};
// product ::= operand { ("*" | "/" | "of") operand }     e.g.  1/3 of sentence.term
struct product : seq< operand, star< sor< op_mul, op_div, op_of >, must< rhs_operand > > > {};
struct rhs_product : seq< product > {};
struct op_add : tok< one< '+' > > {};
struct op_sub : tok< seq< one< '-' >, not_at< one< '-' > > > > {};
struct sum_expr : seq< product, star< sor< op_add, op_sub >, must< rhs_product > > > {};
struct rhs_sum : seq< sum_expr > {};

struct op_le : tok< sor< string< '<', '=' >, utf8::one< 0x2264 > > > {};
struct op_ge : tok< sor< string< '>', '=' >, utf8::one< 0x2265 > > > {};
struct op_ne : tok< sor< string< '!', '=' >, utf8::one< 0x2260 > > > {};
struct op_lt : tok< one< '<' > > {};
struct op_gt : tok< one< '>' > > {};
struct op_eq : tok< one< '=' > > {};
struct op_in : k< K::in_ > {};
struct op_not_in : seq< k< K::not_ >, k< K::in_ > > {};
struct compare_op : sor< op_le, op_ge, op_ne, op_lt, op_gt, op_eq, op_in, op_not_in > {};
// comparison ::= sum [ compare_op sum ]                   e.g.  served >= 1/3 of term
struct comparison : seq< sum_expr, opt< compare_op, must< rhs_sum > > > {};
struct negation : seq< op_not, sor< negation, comparison > > {};
struct conjunct : sor< negation, comparison > {};
struct rhs_conjunct : seq< conjunct > {};
struct op_and : k< K::and_ > {};
struct conjunction : seq< conjunct, star< op_and, must< rhs_conjunct > > > {};
struct rhs_conjunction : seq< conjunction > {};
struct op_or : k< K::or_ > {};
// expression ::= conjunction { "or" conjunction }
struct disjunction : seq< conjunction, star< op_or, must< rhs_conjunction > > > {};
struct expression : seq< disjunction > {};

// ---- types ---------------------------------------------------------------------------------
struct type;
struct t_bool : k< K::bool_ > {};
struct t_integer : k< K::integer_ > {};
struct t_decimal : k< K::decimal_ > {};
struct t_money : k< K::money_ > {};
struct t_fraction : k< K::fraction_ > {};
struct t_date : k< K::date_ > {};
struct t_duration : k< K::duration_ > {};
struct t_string : k< K::string_ > {};
struct t_law_article : k< K::law_article_ > {};
struct builtin_type : sor< t_bool, t_integer, t_decimal, t_money, t_fraction, t_date, t_duration,
                           t_string, t_law_article > {};
struct list_type : if_must< seq< k< K::list_ >, k< K::of_ > >, type > {};
struct set_type : if_must< k< K::setof_ >, type > {};
struct named_type : seq< name > {};
// type ::= builtin | "list of" type | "set of" type | name
struct type : sor< list_type, set_type, builtin_type, named_type > {};
struct type_required : seq< type > {};

// ---- declarations --------------------------------------------------------------------------
struct decl_name : seq< name > {};
struct value_expr : seq< expression > {};
// reason ::= string ["/" string]: why a value or provision is assumed, in Vietnamese, then in
// English (one string: the same in both).
struct assumed_reason_en_text : seq< string_lit > {};
struct assumed_reason_en : if_must< slash, assumed_reason_en_text > {};
struct assumed_reason : seq< string_lit, opt< assumed_reason_en > > {};
// `assumed number "..."` is a provision item of its own (below), not an `assumed`.
struct assumed : if_must< seq< not_at< k< K::assumed_number_ > >, k< K::assumed_ > >, assumed_reason > {};
struct type_colon : seq< colon > {};
struct type_annotation : if_must< type_colon, type_required > {};

struct at_least : if_must< k< K::at_least_ >, value_expr > {};
struct at_most : if_must< k< K::at_most_ >, value_expr > {};
struct param_value : if_must< equals_sign, value_expr > {};
// label ::= string ["/" string]: what explanations call a parameter, definition, field or value,
// in Vietnamese, then in English.  e.g.  "thời gian đã chấp hành án phạt tù" / "time served"
struct label_vi : seq< string_lit > {};
struct label_en_text : seq< string_lit > {};
struct label_en : if_must< slash, label_en_text > {};
struct display_label : seq< label_vi, opt< label_en > > {};
// parameter ::= "parameter" name [label] [":" type] ["=" expression] {"at least" e | "at most" e} [assumed]
//   e.g.  parameter cutoff "ngày tính thời gian chấp hành án" / "cut-off date" : date = 2025-08-31
struct parameter : if_must< k< K::parameter_ >, decl_name, opt< display_label >, opt< type_annotation >, opt< param_value >,
                            star< sor< at_least, at_most > >, opt< assumed > > {};
struct set_target : seq< name, star< dot, word > > {};
struct set_equals : seq< equals_sign > {};
// set ::= "set" name {"." name} "=" expression [assumed]  e.g.  set luat.served_fraction = 1/3
struct set_decl : if_must< k< K::set_ >, set_target, set_equals, value_expr, opt< assumed > > {};
struct arg_decl : seq< name, type_annotation > {};
struct args_close : seq< rparen > {};
struct arg_list : if_must< lparen, opt< list< arg_decl, comma > >, args_close > {};
struct def_equals : seq< equals_sign > {};
// definition ::= "definition" name ["(" args ")"] [label] [":" type] "=" expression [assumed]
//   e.g.  definition served "thời gian đã chấp hành án phạt tù" / "time served" : duration =
//           time_served(case.custody, cutoff)
struct definition : if_must< k< K::definition_ >, decl_name, opt< arg_list >, opt< display_label >,
                             opt< type_annotation >, def_equals, value_expr, opt< assumed > > {};
struct field_doc : seq< string_lit > {};
struct field_decl : seq< word, opt< display_label >, type_annotation, opt< field_doc >, opt< comma > > {};
struct record_close : seq< rbrace > {};
struct record_open : seq< lbrace > {};
// record ::= "record" name "{" { name [label] ":" type [string] [","] } "}"
//   (without a label, a field is called by its doc string: the text before " — " in Vietnamese,
//   the text after it, to its first comma or parenthesis, in English)
struct record_decl : if_must< k< K::record_ >, decl_name, record_open, star< field_decl >, record_close > {};
// extend ::= "extend record" name "{" { name ":" type [string] [","] } "}"
//   e.g.  extend record case_record { sole_carer : bool "nuôi con dưới 36 tháng một mình" }
//   (adds fields to a record type declared here or in an imported module)
struct extend_decl : if_must< k< K::extend_record_ >, decl_name, record_open, star< field_decl >, record_close > {};
struct variant_decl : seq< name, opt< display_label >, opt< comma > > {};
struct enum_close : seq< rbrace > {};
struct enum_open : seq< lbrace > {};
// enumeration ::= "enumeration" name "{" name [label] { [","] name [label] } "}"
struct enum_decl : if_must< k< K::enumeration_ >, decl_name, enum_open, star< variant_decl >, enum_close > {};
struct code_key : seq< string_lit > {};
struct code_title : seq< string_lit > {};
// code ::= "code" NAME string [string]                    e.g.  code BLHS "BLHS2015" "Bộ luật Hình sự 2015"
struct code_decl : if_must< k< K::code_ >, decl_name, code_key, opt< code_title > > {};
// input ::= "input" name ":" type                         e.g.  input case : case_record
struct input_decl : if_must< k< K::input_ >, decl_name, type_annotation > {};
struct module_path : seq< name_token, star< one< '/' >, name_token >, sp > {};
struct import_target : sor< string_lit, module_path > {};
struct import_alias : if_must< k< K::as_ >, name > {};
// import ::= "import" (path | string) ["as" name]        e.g.  import vn/luat_dac_xa_2018 as luat
struct import_decl : if_must< k< K::import_ >, import_target, opt< import_alias > > {};
struct round_up : k< K::up_ > {};
struct round_down : k< K::down_ > {};
struct rounding_mode : sor< round_up, round_down > {};
// rounding ::= "rounding" ("up" | "down")
struct rounding_decl : if_must< k< K::rounding_ >, rounding_mode > {};

// ---- rules ---------------------------------------------------------------------------------
struct unless_clause : if_must< k< K::unless_ >, value_expr > {};
// requires ::= "requires" expression ["unless" expression] [assumed]
struct requires_rule : if_must< k< K::requires_ >, value_expr, opt< unless_clause >, opt< assumed > > {};
struct excludes_when : k< K::when_ > {};
// excludes ::= "excludes" "when" expression ["unless" expression] [assumed]
struct excludes_rule : if_must< k< K::excludes_ >, excludes_when, value_expr, opt< unless_clause >,
                                opt< assumed > > {};
struct article_number : seq< integer_lit > {};
struct clause_number : seq< integer_lit > {};
struct point_letter : seq< name > {};
struct ref_article : if_must< k< K::article_ >, article_number > {};
struct ref_clause : if_must< k< K::clause_ >, clause_number > {};
struct ref_point : if_must< k< K::point_ >, point_letter > {};
struct provision_ref : sor< seq< ref_article, opt< ref_clause >, opt< ref_point > >,
                            seq< ref_clause, opt< ref_point > >, ref_point > {};
struct exception_to : if_must< k< K::to_ >, provision_ref > {};
struct priority_value : seq< integer_lit > {};
struct priority : if_must< k< K::priority_ >, priority_value > {};
struct exception_when : if_must< k< K::when_ >, value_expr > {};
struct exception_requires : if_must< k< K::requires_ >, value_expr > {};
// exception ::= "exception" "to" ref ["priority" n] ["when" e] ["requires" e] [assumed]
//   e.g.  exception to clause 1 point b when special_case requires served >= 1/4 of term
struct exception_rule : if_must< k< K::exception_ >, exception_to, opt< priority >, opt< exception_when >,
                                 opt< exception_requires >, opt< assumed > > {};
struct rule : sor< requires_rule, excludes_rule, exception_rule > {};

// ---- provisions ----------------------------------------------------------------------------
struct text_string : seq< string_lit > {};
// text ::= "text" string { string }                      (a verbatim quote; `...` marks omissions)
struct text_item : if_must< k< K::text_ >, plus< text_string > > {};
// paraphrase ::= "paraphrase" string { string }          (a summary, a press paraphrase, a translation)
struct paraphrase_item : if_must< k< K::paraphrase_ >, plus< text_string > > {};
struct source_file_name : seq< string_lit > {};
// source_file ::= "source file" string                   e.g.  source file "luat-dac-xa-2018.txt"
//   (tried before `source`, whose keyword is its first word)
struct source_file_item : if_must< k< K::source_file_ >, source_file_name > {};
struct source_item : if_must< k< K::source_ >, text_string > {};
struct applies_when : k< K::when_ > {};
// assumed_number ::= "assumed number" string             e.g.  assumed number "the Law's order"
//   (the provision's number is inferred; what it says is not thereby assumed)
struct assumed_number : if_must< k< K::assumed_number_ >, assumed_reason > {};
// applies ::= "applies" "when" expression                 e.g.  applies when case.status = serving
struct applies_item : if_must< k< K::applies_ >, applies_when, value_expr > {};
struct declaration : sor< parameter, set_decl, definition, record_decl, extend_decl, enum_decl, code_decl,
                          input_decl, import_decl > {};
struct must_exclude_target : seq< name > {};
// must_exclude ::= "must exclude" name     e.g.  must exclude previously_amnestied
//   (in a module: every decree that imports it must exclude on that definition)
struct must_exclude : if_must< k< K::must_exclude_ >, must_exclude_target > {};
// provision_item ::= (indented) text | paraphrase | source file | source | applies | assumed
//                    | assumed number | must exclude | rule | declaration
struct provision_item : seq< indented, sor< text_item, paraphrase_item, source_file_item, source_item, applies_item,
                                            assumed_number, assumed, must_exclude, rule, declaration > > {};
struct title : seq< string_lit > {};
// point ::= "point" letter [title] { item }               e.g.  point a "Có nhiều tiến bộ ..."
struct point : if_must< k< K::point_ >, point_letter, opt< title >, star< provision_item > > {};
// clause ::= "clause" number [title] { item | point }
struct clause : if_must< k< K::clause_ >, clause_number, opt< title >, star< sor< provision_item, point > > > {};
// article ::= "article" number [title] { item | clause }  e.g.  article 3 "Điều kiện ..."
struct article : if_must< k< K::article_ >, article_number, opt< title >,
                          star< sor< provision_item, clause, point > > > {};

// ---- file ----------------------------------------------------------------------------------
struct header_citation : seq< string_lit > {};
struct meta_date : seq< date_lit > {};
struct meta_title : if_must< k< K::title_ >, header_citation > {};
struct meta_signed : if_must< k< K::signed_ >, meta_date > {};
struct meta_effective : if_must< k< K::effective_ >, meta_date > {};
struct meta_source : if_must< k< K::source_ >, header_citation > {};
struct meta_source_file : if_must< k< K::source_file_ >, source_file_name > {};
// under ::= "under" module_path                         e.g.  under vn/luat_dac_xa_2018
//   (the law the decree is issued under: its floors and mandatory exclusions apply)
struct meta_under : if_must< k< K::under_ >, module_path > {};
// meta ::= "title" string | "signed" date | "effective" date | "source file" string | "source" string
//        | under
struct meta : sor< meta_title, meta_signed, meta_effective, meta_source_file, meta_source, meta_under > {};
struct follows_path : seq< string_lit > {};
// follows ::= "follows" string                           e.g.  follows "dot1_2025.decree"
//   (the round this one follows, relative to this file's folder)
struct meta_follows : if_must< k< K::follows_ >, follows_path > {};
struct omit_ref : seq< ref_article, opt< ref_clause >, opt< ref_point > > {};
struct omit_reason : seq< string_lit > {};
// omits ::= "omits" "article" integer ["clause" integer] ["point" letter] string
//   e.g.  omits article 4 clause 8 "lifted by round 2 (SGGP 07/2025)"
//   (a provision of the followed round, in its numbering, left out on purpose)
struct meta_omits : if_must< k< K::omits_ >, omit_ref, omit_reason > {};
// Metadata or a second `follows` after `follows` and its `omits`: an error, not the end of the header.
struct header_order : failure {};
struct misplaced_meta : seq< at< sor< k< K::title_ >, k< K::signed_ >, k< K::effective_ >, k< K::source_ >,
                                      k< K::under_ >, k< K::follows_ > > >, raise< header_order > > {};
struct follows_block : seq< meta_follows, star< meta_omits >, opt< misplaced_meta > > {};
// header ::= ("decree" | "module") string { meta } [ follows { omits } ]
struct decree_header : if_must< k< K::decree_ >, header_citation, star< meta >, opt< follows_block > > {};
struct module_header : if_must< k< K::module_ >, header_citation, star< meta >, opt< follows_block > > {};
struct header : sor< decree_header, module_header > {};
// `follows` or `omits` outside the header: an error that says where they go.
struct follows_place : failure {};
struct misplaced_follows : seq< at< sor< k< K::follows_ >, k< K::omits_ > > >, raise< follows_place > > {};
struct top_item : sor< article, declaration, rounding_decl, rule, text_item, paraphrase_item, misplaced_follows > {};
struct end_of_file : seq< eof > {};
struct bom : string< '\xEF', '\xBB', '\xBF' > {};
// file ::= [header] { article | declaration | rule } EOF
struct file : seq< opt< bom >, sp, opt< header >, star< top_item >, must< end_of_file > > {};
// clang-format on

}  // namespace decree::grammar
