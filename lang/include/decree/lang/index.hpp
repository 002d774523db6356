// What is where in a compilation, for tools (the language server): every declared name with
// its kind, type and documentation, every use of a name with the declaration it resolves to,
// and every `exception to` reference with the provision it names. Built by compile() when
// compile_options::index is set, also when the decree has errors (as far as checking got).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decree/lang/ast.hpp"
#include "decree/lang/source.hpp"

namespace decree {

enum class symbol_kind {
    parameter,
    definition,
    input,
    record,
    enumeration,
    value,     // a value of an enumeration
    field,     // a field of a record
    code,      // a law code (`code BLHS ...`)
    local,     // a quantifier variable or a definition's argument
    module,    // an imported module (its alias)
    builtin,   // a built-in function (`between`, `min`, ...)
};

// "parameter", "definition", ...
std::string_view to_string(symbol_kind k);

inline constexpr std::uint32_t no_symbol = 0xffffffffu;

struct indexed_symbol {
    symbol_kind kind = symbol_kind::parameter;
    std::string name;
    std::string type;       // "date", "list of offence"; a definition's result; empty for types
    std::string signature;  // one line of declaration: "definition aged(p : person, age : duration) : bool"
    text doc;               // a field's documentation, a value's label, a code's title, a module's citation
    text assumed;           // the `assumed` reason, when the declaration has one
    std::string owner;      // the record or enumeration of a field or value; a module's path
    span decl;              // the declaring name (file no_source for built-ins)
    span extent;            // the whole declaration (fields, values and locals: the name)
    span scope;             // locals only: the expression or definition where the name is visible
    std::uint32_t module = 0;  // the module that declares it (index into module_paths)
    std::string citation;   // the provision holding the declaration ("Điều 1"), empty at file level
    std::uint32_t record = no_symbol;         // a value of record type: the record's symbol
    std::vector<std::uint32_t> members;       // a record's fields, an enumeration's values, a module's names
};

// A name as written in a source, and the symbol it names.
struct symbol_use {
    span where;
    std::uint32_t symbol = 0;
};

// An `exception to clause 1 point b` reference and the header span (ast::provision::loc) of the
// provision it names.
struct provision_use {
    span where;
    span target;
};

struct source_index {
    bool parsed = false;   // the root file parsed: [syntax] holds its AST
    bool checked = false;  // names were resolved and types checked (imports all found)
    ast::file syntax;      // the root file's AST
    std::vector<indexed_symbol> symbols;
    std::vector<symbol_use> uses;  // sorted by file, then position
    std::vector<provision_use> provision_uses;
    std::vector<std::uint32_t> visible;  // symbols the root file can name without qualification
    std::vector<std::string> module_paths;  // by module index: "vn/luat_dac_xa_2018", root's name

    // The use at byte [offset] of [file] (the innermost when several overlap), or nullptr.
    [[nodiscard]] const symbol_use* use_at(source_id file, std::uint32_t offset) const;
};

}  // namespace decree
