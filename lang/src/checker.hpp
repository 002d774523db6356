// Internal: the state shared by the checking stages (resolve, typecheck, lint) of one
// compilation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "decree/lang/ast.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/index.hpp"
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
    std::string stdlib_dir;  // the compile_options::stdlib_dirs entry it was read from; empty if embedded
    bool parsed = false;
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
    span loc;  // where it is declared
};

struct scope {
    std::uint32_t module = 0;
    std::vector<local> locals;
    std::uint32_t next_slot = 0;
    std::uint32_t max_slot = 0;
    bool constant = false;  // parameter values: no input, no definitions
};

// Names seen while checking, kept when compile_options::index is set (index.cpp turns them into
// a source_index). A symbol is identified by its kind and a pointer or index into the program:
// parameter, definition, code: index into the program; record, enumeration: the type;
// field, value: the type and the member's index; input, module: the module; builtin: the
// builtin's id; local: the span of its declaration.
struct index_recorder {
    struct use {
        span where;
        symbol_kind kind;
        const void* ptr;
        std::uint32_t index;
        span decl;  // locals
    };
    struct local_decl {
        ast::ident id;
        const ir::type* ty;
        span scope;
        bool argument;
    };
    std::vector<use> uses;
    std::vector<local_decl> locals;
    std::vector<provision_use> provision_uses;
};

// Most operations nested in the evaluation of a rule, a definition or a parameter, through the
// definitions and parameters it uses (E0221): what the checker and the evaluators recurse on.
// An operator chain of 1,000 operands is 1,000 deep. 2,000 levels fit in the usual 8 MiB stack of
// a thread: the checker takes about 1.3 KiB of stack a level.
inline constexpr std::size_t max_nesting = 2'000;

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
    index_recorder* recorder = nullptr;           // set when building a source_index
    std::vector<std::uint32_t> param_stack;       // parameters being checked, for cycles
    bool nesting_reported = false;                // E0221 was reported (once is enough)
    span input_loc;                               // the type of the first `input` resolved

    diagnostic_sink& sink() { return comp.diagnostics; }

    // index.cpp: records that [where] names [s] (or the other things below), when indexing.
    void note(span where, const symbol& s);
    void note(span where, symbol_kind k, const void* ptr, std::uint32_t index);
    void note_local(span where, const local& l);
    void note_local_decl(const ast::ident& id, const ir::type* ty, span scope, bool argument);
    // The index of the compilation; [checked]: names were resolved (all imports found).
    source_index build_index(bool checked);

    // resolve.cpp
    bool load(std::string name, std::string text);
    void declare_all();
    void extend(const ast::record_decl& x, std::uint32_t module);
    // A decree reads one case record (typecheck.cpp): the hint of E0202 and of the `input` errors.
    static text input_hint_text(const ir::type* read);
    void build_provisions();
    const ir::type* resolve_type(const ast::type_expr& t, std::uint32_t module);
    std::optional<symbol> lookup_global(const std::string& name, std::uint32_t module, span where,
                                        bool report);

    // typecheck.cpp
    ir::expr check_expr(const ast::expr& e, scope& sc);
    // [what] names the condition: "the requirement", "operand of `and`" (a ty_what_* message).
    ir::expr check_bool(const ast::expr& e, scope& sc, const text& what);
    void check_definition(std::uint32_t index);
    void check_parameter(std::uint32_t index);
    // E0221 when checking one more definition or parameter at [where] would go past
    // max_check_nesting; [name] is the one that would be checked.
    bool too_deep(span where, const std::string& name);
    // Parameters whose values (`set` included) use each other (E0209), or chains of them longer
    // than max_check_nesting (E0221); iterative, after the parameters are checked.
    void check_parameter_chains();
    // Rules, definitions and parameters whose evaluation nests more than max_nesting operations,
    // through what they use (E0221); iterative, after everything is checked.
    void check_evaluation_nesting();
    std::size_t expr_depth = 0;  // expressions being checked inside one another (max_nesting)
    void check_all();

    // lint.cpp
    void check_legality();
    // `under PATH`: the declared law is imported (E0225); a decree on the standard library
    // declares one (W0115, a lint).
    void check_enabling_law();
    void lint();
};

// follows.cpp: the `follows` check of the root decree of [comp] (compiled into [prog]), with
// [options] (compile_options::check_follows). Run after the other checks.
void check_follows(compilation& comp, const compile_options& options, const ir::program& prog);

// True when the file [path] lies inside one of [roots] (compile_options::import_roots), symbolic
// links resolved: where a relative import or `follows` may read.
bool import_allowed(const std::string& path, const std::vector<std::string>& roots);
// Why the file at [path] could not be read, for E0205 and E0219: "it is a directory", "it is not
// a regular file ...", or empty when it does not exist.
std::string unreadable_reason(const std::string& path);

// Constant folding (const_eval.cpp): the value of [e] when it depends only on literals and
// parameters with constant values.
std::optional<ir::constant> fold(const ir::expr& e, const ir::program& p);
// Total order / equality of constants of one comparable type; nothing when incomparable.
std::optional<int> compare(const ir::constant& a, const ir::constant& b);
std::string show(const ir::constant& c);

}  // namespace decree::detail
