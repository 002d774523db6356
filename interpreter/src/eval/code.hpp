// The compiled form of a checked program: a tree of nodes per expression (node_kinds.def) and
// what the evaluator reads per rule and provision. Compiled once per program, read by every
// thread. With fusion (the default) the commonest shapes are fused into one node and small
// definitions are compiled in place; without it, the tree is the IR's, node for node.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cell.hpp"
#include "decree/lang/ir.hpp"
#include "decree/lang/provenance.hpp"

namespace decree::eval {

enum class node_kind : std::uint8_t {
#define NODE(kind, description) kind,
#include "node_kinds.def"
#undef NODE
};
std::string_view name(node_kind k);
std::string_view description(node_kind k);

// What evaluating a node reads is in its first 64 bytes (one cache line): the kind, the indices,
// the constant and the first two operands; the rest is read rarely.
struct alignas(64) node {
    node_kind k = node_kind::literal;
    ir::op op = ir::op::literal;      // compare, arith, compare_literal: the operation
    ir::tkind ty = ir::tkind::error;  // the expression's type
    bool is_range = false;            // a range (lo..hi), even when built once as a constant set
    std::uint32_t index = 0;          // as ir::expr::index (input_field2: the second field)
    std::uint32_t frame = 0;          // call: slots of the callee's frame; local_field, input_field2: the first slot or field
    cell lit;
    const node* arg0 = nullptr;  // args[0] and args[1], when there are
    const node* arg1 = nullptr;
    // --- read rarely
    const node* arg2 = nullptr;
    const ir::expr* src = nullptr;  // the expression it computes: its place, its type
    // The steps of one evaluation of this node, at most: its weight and its operands' costs, but
    // not a quantifier's body (counted at each element) nor a definition's (counted at the call).
    std::uint64_t cost = 0;
    // The steps of the IR this node stands for (at least): fused nodes, constant sets and
    // compiled-in calls stand for several.
    std::uint32_t weight = 1;
    std::int32_t from = -1, to = -1;  // time_held: the fields of a period; quarter_run: year, quarter
    std::int32_t grade = -1;          // quarter_run: the grade field
    // memo, call: the calls compiled in place around this one (up to the body of the definition
    // or rule it is in), each a level of nesting.
    std::uint32_t inlined = 0;
    std::vector<const node*> args;
};

// A field name or an enumeration variant: its first 32 bytes, zero-padded, and a bit per byte
// that counts, so that a key of the record is matched with two 16-byte comparisons (and
// memcmp only past 32 bytes).
struct name_key {
    alignas(16) char head[32] = {};
    std::uint32_t bits = 0;
    std::size_t len = 0;
    const char* text = nullptr;
};

// A type as the decoder needs it: a record's fields with their keys and types, a list's
// element type, an enumeration's variants.
struct decode_type {
    ir::tkind kind = ir::tkind::error;
    const ir::type* ty = nullptr;
    const decode_type* elem = nullptr;
    std::vector<name_key> names;            // record: field names; enumeration: variants
    std::vector<const decode_type*> fields;  // record: field types
};

// One tree of nodes for every expression of the program.
struct code {
    bool fused = true;
    std::vector<std::unique_ptr<node[]>> node_blocks;
    std::size_t block_used = 0;
    std::size_t nodes = 0;
    // The values of constant set literals ({108..121, 299}), built once.
    std::deque<std::vector<cell>> set_items;
    std::deque<std::vector<std::pair<cell, cell>>> set_ranges;
    std::deque<cell_set> sets;
    std::vector<const node*> params, defs;
    std::vector<std::uint32_t> param_frames, def_frames;
    std::vector<std::uint64_t> def_costs;  // the cost of each definition's body (node::cost)
    // Per definition: the most calls compiled in place one inside the other in its body, the
    // nesting its evaluation may add beyond the counted calls (node::inlined).
    std::vector<std::uint32_t> def_inlined;
    struct rule_code {
        const node* test = nullptr;
        const node* unless = nullptr;
        const node* when = nullptr;
        std::uint32_t frame = 0;
    };
    std::vector<rule_code> rules;
    std::vector<const node*> applies;  // per provision: its `applies when`
    std::vector<std::uint32_t> applies_frames;
    // Without fusion: the node of each expression (explanations evaluate sub-expressions).
    std::unordered_map<const ir::expr*, const node*> node_of;
};

// The program compiled: both trees, and what they share.
struct compiled {
    const ir::program& prog;
    code fused, plain;
    // Per rule: its kind, whether the root of its chain of exceptions is an exclusion, and
    // whether it has exceptions.
    struct rule_info {
        ir::rule_kind kind = ir::rule_kind::condition;
        bool exclusion_chain = false;
        bool has_exceptions = false;
    };
    std::vector<rule_info> rules;
    // Per provision, what the walk reads: its rules that are not exceptions (at rules_at, in
    // items) and its children (at children_at).
    struct provision_info {
        std::uint32_t rules_at = 0, rules_n = 0, children_at = 0, children_n = 0;
    };
    std::vector<provision_info> provisions;
    std::vector<std::uint32_t> items;
    std::deque<decode_type> decode_types;
    const decode_type* input_type = nullptr;
    std::vector<std::string> codes;  // law codes, sorted: an article's code is its index here
    std::deque<ir::constant> constants;  // the literals 64 bits cannot hold (boxed cells)
    std::vector<std::string> cites;  // per provision: the citation, JSON-escaped
    const provenance::table& assumptions;
    std::vector<std::string> assumption_ids;  // per assumption: the identifier, JSON-escaped
    int name_field = -1;                      // the input's `name`, shown in text results

    explicit compiled(const ir::program& p) : prog(p), assumptions(provenance::of(p)) {}
};

// Compiles [program] (which must outlive the result). Never fails.
std::shared_ptr<const compiled> compile(const ir::program& program);

// The listing of `decreec dump --code`: every definition, parameter and rule as its tree.
std::string listing(const compiled& c, bool fused);

}  // namespace decree::eval
