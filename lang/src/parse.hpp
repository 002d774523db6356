// Internal: text -> parse tree -> AST. Only parse.cpp and build_ast.cpp see PEGTL types.
#pragma once

#include <memory>
#include <string>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "decree/lang/ast.hpp"
#include "decree/lang/diagnostic.hpp"

namespace decree::detail {

using parse_node = tao::pegtl::parse_tree::node;

// Checks that [file] can be read as decree text: at most max_source_bytes, valid UTF-8, no NUL
// byte (E0100). Reports the first problem and returns false.
bool validate(const source_file& file, diagnostic_sink& sink);
// unreadable_reason (checker.hpp) in both languages: why the file at [path] could not be read,
// or empty when it does not exist.
text unreadable_reason_text(const std::string& path);
// Parses [file]; on a syntax error reports it and returns null.
std::unique_ptr<parse_node> parse_tree(const source_file& file, diagnostic_sink& sink);
// Builds the AST of [file] from its parse tree [root]; shape errors go to [sink].
ast::file build_ast(const source_file& file, const parse_node& root, diagnostic_sink& sink);

}  // namespace decree::detail
