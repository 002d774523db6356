// Stage 1: runs the PEGTL grammar over a source file. The only translation unit that calls
// pegtl::parse; syntax errors become diagnostics here.
#include "parse.hpp"

#include <tao/pegtl/contrib/limit_depth.hpp>

#include "grammar/errors.hpp"
#include "grammar/selector.hpp"

namespace decree::detail {

namespace {
// Bounds the grammar's rule nesting, so that hostile input (10,000 open parentheses) is a
// clean error rather than a stack overflow. About 30 rule levels per parenthesis.
constexpr std::size_t max_rule_depth = 3000;

template <typename Rule>
struct depth_action : tao::pegtl::limit_depth<max_rule_depth> {};

code code_of(std::string_view id) {
    const code_info* c = find_code(id);
    for (std::size_t i = 0; i < all_codes().size(); ++i) {
        if (&all_codes()[i] == c) return static_cast<code>(i);
    }
    return code::E0101;
}

// The span of the token starting at [byte]: up to the end of the line or the next blank.
span token_at(const source_file& file, std::size_t byte) {
    const auto& text = file.text();
    std::size_t end = byte;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n' && text[end] != '\r' &&
           text[end] != '\t' && end - byte < 40) {
        ++end;
    }
    if (end == byte && end < text.size()) ++end;
    return span{file.id(), static_cast<std::uint32_t>(byte), static_cast<std::uint32_t>(end)};
}
}  // namespace

std::unique_ptr<parse_node> parse_tree(const source_file& file, diagnostic_sink& sink) {
    namespace pegtl = tao::pegtl;
    // The source name is a view of the source_file's own name, which outlives the parse tree
    // (parse-tree nodes keep a view of it to build positions).
    pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, std::string_view> in(
        file.text(), std::string_view(file.name()));
    try {
        auto root = pegtl::parse_tree::parse<grammar::file, grammar::selector, depth_action,
                                             grammar::control>(in);
        if (!root) {
            sink.error(code::E0101, token_at(file, 0), "unexpected text at the start of the file");
        }
        return root;
    } catch (const grammar::syntax_error& e) {
        const std::string_view hint = e.entry.hint != nullptr ? e.entry.hint : "";
        sink.error(code_of(e.entry.code), token_at(file, e.byte), e.entry.message,
                   std::string(hint));
    } catch (const pegtl::parse_error& e) {
        const auto byte = e.positions().empty() ? 0 : e.positions().front().byte;
        sink.error(code::E0105, token_at(file, byte),
                   "nesting too deep: the parser's depth limit was reached",
                   "split the expression with named definitions");
    }
    return nullptr;
}

}  // namespace decree::detail
