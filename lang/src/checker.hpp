// Internal: the state shared by the checking stages (resolve, typecheck, lint) of one
// compilation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decree/lang/ast.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/ir.hpp"

namespace decree::detail {

struct symbol {
    enum class kind { param, def, record, enumeration, code, input, ambiguous } k = kind::param;
    std::uint32_t index = 0;  // into program params/defs/codes, or the type for record/enum
    span loc;
    std::uint32_t module = 0;
    const ir::type* ty = nullptr;  // record/enum/input type
    bool used = false;
};

struct module_ctx {
    ast::file syntax;
    std::string path;
    bool is_stdlib = false;
    std::map<std::string, symbol> symbols;          // own declarations
    std::map<std::string, std::uint32_t> aliases;   // import alias -> module
    std::vector<std::uint32_t> imports;             // direct imports, in order
    std::map<std::string, std::uint32_t> provision_index;  // "3", "3/1", "3/1/b"
    std::map<const ast::provision*, std::uint32_t> provision_of;  // syntax -> IR provision
};

struct local {
    std::string name;
    const ir::type* ty = nullptr;
    std::uint32_t slot = 0;
};

struct scope {
    std::uint32_t module = 0;
    std::vector<local> locals;
    std::uint32_t next_slot = 0;
    std::uint32_t max_slot = 0;
    bool constant = false;  // parameter values: no input, no definitions
};

struct checker {
    compilation& comp;
    const compile_options& options;
    ir::program& prog;
    std::vector<module_ctx> modules;  // modules[0] is the root
    // Definitions are checked on demand so that forward references work and recursion is
    // found: 0 unchecked, 1 in progress, 2 done.
    std::vector<const ast::def_decl*> def_syntax;
    std::vector<int> def_state;
    std::vector<std::uint32_t> def_stack;
    std::vector<const ast::param_decl*> param_syntax;
    std::vector<int> param_state;
    std::vector<const ast::set_decl*> param_set;  // the `set` giving an abstract parameter its value

    diagnostic_sink& sink() { return comp.diagnostics; }

    // resolve.cpp
    bool load(std::string name, std::string text);
    void declare_all();
    void build_provisions();
    const ir::type* resolve_type(const ast::type_expr& t, std::uint32_t module);
    std::optional<symbol> lookup_global(const std::string& name, std::uint32_t module, span where,
                                        bool report);

    // typecheck.cpp
    ir::expr check_expr(const ast::expr& e, scope& sc);
    ir::expr check_bool(const ast::expr& e, scope& sc, std::string_view what);
    void check_definition(std::uint32_t index);
    void check_parameter(std::uint32_t index);
    void check_all();

    // lint.cpp
    void check_legality();
    void lint();
};

// Constant folding (const_eval.cpp): the value of [e] when it depends only on literals and
// parameters with constant values.
std::optional<ir::constant> fold(const ir::expr& e, const ir::program& p);
// Total order / equality of constants of one comparable type; nothing when incomparable.
std::optional<int> compare(const ir::constant& a, const ir::constant& b);
std::string show(const ir::constant& c);

}  // namespace decree::detail
