// Printers of the front end's stages, for `decreec dump` and golden tests.
#pragma once

#include <string>

#include "decree/lang/ast.hpp"
#include "decree/lang/ir.hpp"

namespace decree {

// The AST of one file as an indented outline: header, declarations, provisions and rules,
// expressions as fully parenthesised text.
std::string print_ast(const ast::file& f);
// The checked IR of the root decree: parameters with their values, definitions with their
// types, provisions with their citations, rules with their exceptions; expressions with types.
std::string print_ir(const ir::program& p);
// One IR expression, fully parenthesised, names resolved.
std::string print_expr(const ir::expr& e, const ir::program& p);

}  // namespace decree
