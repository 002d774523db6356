// The evaluator: one per thread, over a compiled program (code.hpp). It decodes a case record
// into cells (decode.cpp), evaluates the rules' expressions (run.cpp), resolves exceptions and
// walks the provisions (rules.cpp) and, when asked, records why (explain.cpp).
//
// A case is evaluated on the fused code, which counts its steps and nesting in advance, per
// node, by what the node may cost at most. When that bound would pass a limit, or the case
// fails, it is evaluated again on the plain code, which counts exactly as the language defines
// (docs/language.md, limits): the limits and the errors are those of the plain code.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "code.hpp"
#include "eval/result.hpp"
#include "numbers.hpp"
#include "quarters.hpp"
#include "value.hpp"

namespace decree::eval {

// The limits of one case (docs/language.md): steps (expressions evaluated), nested calls,
// nested exceptions, and the elements of a set's ranges that can be gone through.
constexpr std::uint64_t max_steps = 10'000'000;
constexpr int max_depth = 400;
constexpr int max_exception_depth = 64;
constexpr std::uint64_t max_range_elements = 1'000'000;

class machine {
public:
    explicit machine(std::shared_ptr<const compiled> program);
    machine(const machine&) = delete;
    machine& operator=(const machine&) = delete;

    // Decides [record] as parsed JSON. False when the record does not decode cleanly (a type
    // error, an `id` that is not a string, or, with [name_undeclared], a field its type does
    // not declare): then the careful decoder (decode.hpp) says why, and decide(record_ptr)
    // decides what it decoded. [trace], when given, gets the explanation.
    bool decide(const simdjson::dom::element& record, bool name_undeclared, bool no_assumptions, outcome& out,
                std::vector<rule_trace>* trace);
    // Decides a record decoded by the careful decoder.
    void decide(const record_ptr& record, bool no_assumptions, outcome& out, std::vector<rule_trace>* trace);

    // The value of a definition without arguments for the last case decided (tests).
    value definition_value(const std::string& name);

    // Whether the last case was evaluated again on the plain code (tests, benchmarks).
    bool reran() const { return m_reran; }
    // Evaluates every case on the plain code only (`--no-fusion`).
    void set_fusion(bool on) { m_fusion = on; }

    const compiled& program() const { return c; }

private:
    struct rerun {};  // the fused code's bound would pass a limit

    // --- run.cpp
    cell eval(const node& x, cell* f);
    cell eval_plain(const node& x, cell* f);
    cell dispatch(const node& x, cell* f);
    cell operand(const node& x, cell* f);
    cell param(const node& x);
    cell memo_of(const node& x);
    cell call(const node& x, cell* f);
    void enter(const node& x);
    cell compare_literal(const node& x, cell* f);
    cell field(const node& x, cell* f);
    cell field_of_unknown(const cell& obj, std::uint32_t index);
    cell unary(const node& x, cell* f);
    cell and_or(const node& x, cell* f);
    cell if_then(const node& x, cell* f);
    cell operation(const node& x, cell* f);
    cell binary(const node& x, const cell& a, const cell& b);
    cell sets_equal(const node& x, const cell& a, const cell& b);
    cell make_set(const node& x, cell* f);
    cell builtin(const node& x, cell* f);
    // One function per built-in (builtins.def); [args] of `known` and `_quarter_run` are theirs
    // to evaluate, the others' are evaluated and known.
#define BUILTIN(id, name, arity, stdlib_only, signature, doc) cell builtin_##id(const node& x, cell* f, const cell* args);
#include "decree/lang/builtins.def"
#undef BUILTIN
    cell quantifier(const node& x, cell* f);
    cell membership(const node& x, cell* f);
    cell persist(const cell& v);
    // The elements of a list, or of a set with the integers (or articles) of its ranges after
    // its other elements, in order, each once; null when a bound of a range is unknown (its
    // missing facts in [ms]).
    const cell* elements(const cell& v, std::size_t& n, missing_facts& ms, const node& x);
    [[noreturn]] void fail(const char* code, text message, const node& x);
    void charge(const node& x) { charge(x.cost); }
    void charge(std::uint64_t cost) {
        if (m_plain) return;
        m_steps += cost;
        if (m_steps > max_steps) throw rerun{};
    }
    // Plain code: one step per node evaluated.
    void step(const node& x);

    // --- unknowns (run.cpp)
    static const unknown_info* info_of(const cell& v) { return v.b == 1 ? static_cast<const unknown_info*>(v.p) : nullptr; }
    static bool has_options(const cell& v) {
        const auto* u = info_of(v);
        return u != nullptr && u->n_options > 0;
    }
    missing_facts missing_of(const cell& v);
    missing_facts merged(missing_facts into, missing_facts from);
    cell unknown_value(missing_facts ms, const cell* options = nullptr, std::uint32_t n_options = 0);
    cell unknown_of(const cell& a, const cell& b) { return unknown_value(merged(missing_of(a), missing_of(b))); }
    cell with_missing(const cell& v, missing_facts ms);
    static bool options_of(const cell& v, const cell*& at, std::uint32_t& n);
    template <typename Op>
    cell combine(const cell& a, const cell& b, Op op);
    cell* frame(std::uint32_t n) { return n == 0 ? nullptr : m_tmp.make<cell>(n); }

    // --- rules.cpp
    tri truth(const node* e, std::uint32_t frame_size, missing_facts& missing);
    tri base(std::uint32_t rule, int depth, missing_facts& missing);
    tri resolve(std::uint32_t rule, int depth, std::vector<std::uint32_t>& applied, missing_facts& missing);
    void walk(std::uint32_t provision, missing_facts guard_missing, bool guard_unknown, outcome& o, missing_facts& case_missing);
    void skip(std::uint32_t provision);
    void rests_on(verdict v, provenance::index_set& out);
    // Evaluates the case in m_input on the current code; fills [o] (not its id).
    void run_case(bool no_assumptions, outcome& o);
    // run_case on the fused code, then on the plain code when needed; errors become results.
    void decide_input(bool no_assumptions, outcome& o);
    void start_case();

    // --- decode.cpp
    struct retry {};  // the record does not decode cleanly
    cell value_of(const simdjson::dom::element& e, const decode_type* d);
    void place_value(const simdjson::dom::element& e, const decode_type* d, cell& slot);
    cell record_of(const simdjson::dom::element& e, const decode_type& type);
    cell cell_of(const value& v, const ir::type* t);
    void place(const value& v, const ir::type* t, cell& slot);
    const std::string& path_of(const cell* slot) const;
    std::string find_path_of(const cell* slot) const;
    void index_paths() const;
    void index_fields(const cell* fields, const decode_type& type, std::uint32_t parent) const;
    void index_children(const cell& v, const decode_type& type, std::uint32_t self) const;

    // --- explain.cpp
    void explain_rule(std::uint32_t rule, rule_status status, const std::vector<std::uint32_t>& applied,
                      missing_facts missing);
    void facts(const ir::expr& e, cell* f, std::vector<fact>& out, int depth);
    void witnesses(const ir::expr& e, cell* f, std::vector<witness>& out, int depth);
    void comparison(const ir::expr& test, cell* f, rule_trace& t);
    cell evaluate(const ir::expr& e, cell* f);
    value value_of(const cell& v, const ir::type* t) const;
    value shown(const cell& v, const ir::type* t) const;

    std::shared_ptr<const compiled> m_owner;
    const compiled& c;
    const ir::program& prog;
    const code* m_code;  // the code being run: c.fused or c.plain
    bool m_plain = false;  // m_code is c.plain
    bool m_fusion = true;
    bool m_reran = false;
    numbers m_num;
    arena m_tmp;   // this record's cells
    arena m_keep;  // the parameters' cells, for the machine's life
    std::vector<cell> m_params;
    std::vector<bool> m_param_done;
    std::vector<cell> m_memo;
    std::vector<std::uint32_t> m_memo_gen;
    std::uint32_t m_gen = 0;
    cell m_input;
    int m_depth = 0;
    std::uint64_t m_steps = 0;
    std::size_t m_unknown_rules = 0;  // rules of this case whose outcome depends on missing facts
    bool m_name_undeclared = false;
    // The exceptions that applied to the rule being walked, and those of exceptions whose
    // outcome is only compared.
    std::vector<std::uint32_t> m_walk_applied, m_maybe_applied;
    std::vector<quarter_entry> m_quarter_entries;
    // The quarters found absent for the current record: the unknown's cell, the list, the quarter.
    struct absent_quarter {
        const cell* slot;
        const void* items;
        const cell* list;  // the list's cell in the record, when it is the record's
        std::int64_t last;
    };
    std::vector<absent_quarter> m_absent_quarters;
    // What provenance needs of the case: the rules that failed or excluded, the provisions
    // whose `applies when` was false. The assumptions of a verdict are kept per pattern of
    // these (a roster's cases fall into a handful), so that most cases only look theirs up.
    std::vector<std::uint32_t> m_decided, m_skipped;
    struct rests_entry {
        verdict v;
        std::vector<std::uint32_t> key;  // skipped (eligible) or decided (not eligible)
        provenance::index_set rests;
    };
    std::vector<rests_entry> m_rests_cache;
    // The paths found for this case's cells, and the names of the IR's expressions in
    // explanations (describe()).
    mutable std::vector<std::pair<const cell*, std::string>> m_paths;
    // Every cell of the decoded record with where it is in its parent (a field's name, or a
    // list index), in the order of the record: made on the first path asked for below the top.
    static constexpr std::uint32_t no_parent = 0xFFFFFFFF;
    struct path_step {
        const cell* at;
        std::uint32_t parent;  // index in m_path_steps; none for a field of the record itself
        const name_key* name;  // a field's, or null for a list element
        std::int64_t index;    // a list element's
    };
    mutable std::vector<path_step> m_path_steps;
    mutable bool m_paths_indexed = false;
    std::unordered_map<const ir::expr*, std::string> m_names;
    const std::string& name_of(const ir::expr& e);
    // The explanation being recorded, when asked for.
    std::vector<rule_trace>* m_trace = nullptr;
    std::uint64_t m_explain_steps = 0;
};

}  // namespace decree::eval
