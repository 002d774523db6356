// Verdict provenance: which `assumed` provisions, rules and values a verdict rests on
// (docs/language.md §2.13). The static part is computed once per program (compile() stores it
// in ir::program::provenance); an evaluator reports what it saw of one case — the rules that
// decided it, the provisions it skipped — and rests_on() turns that into the verdict's
// assumptions. Both evaluators call rests_on(): the rule is written once, here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "decree/lang/source.hpp"

namespace decree::provenance {

// One assumption a verdict may rest on. Assumptions with the same identifier (a provision
// marked `assumed` whose rule is marked too) are one, with both reasons.
struct assumption {
    // "Điều 4 khoản 7" (a rule or provision: its provision's Vietnamese citation),
    // "luat.served_fraction" (a parameter set by the decree: the target as written),
    // "quarters_required" (a parameter or definition of the decree),
    // "Luật Đặc xá 2018: name" (a parameter or definition of an imported module).
    std::string id;
    text reason;  // the `assumed` reasons, joined with "; " when several share the id
    span where;          // the first of them in the text
    // What the text calls it: the provision's citation, the value's label (empty: it has none).
    text label;
};

// Sorted, distinct indices into table::assumptions (so in the order of the decree's text).
using index_set = std::vector<std::uint32_t>;

struct table {
    std::vector<assumption> assumptions;  // in the order of the text: by file, then position
    // Per rule of the program: S(r), the assumptions the rule's outcome rests on (its own
    // `assumed`, its provision chain's, the values its expressions and its chain's `applies
    // when` reach, and S of each exception that overrides it).
    std::vector<index_set> rules;
    // Per provision: the union of S(r) over the conditions and exclusions it holds directly.
    std::vector<index_set> provisions;
    // The index of the assumption with identifier [id], or -1.
    [[nodiscard]] int find(std::string_view id) const;
};

// Computes the table of a checked program ([p] must be free of errors).
table build(const ir::program& p);

// The verdict kinds, with the values of eval::verdict.
enum class verdict { eligible, not_eligible, undetermined, error };

// What an evaluator saw of one case.
struct case_facts {
    // The top-level rules that decided a not-eligible verdict: conditions that failed and
    // exclusions that applied, in any order (repetitions allowed).
    std::span<const std::uint32_t> decided;
    // The provisions whose `applies when` was false (their sub-provisions were not visited).
    std::span<const std::uint32_t> skipped;
};

// The assumptions verdict [v] rests on, into [out] (cleared first; its capacity is reused):
//   eligible      the union of S(r) over every top-level rule evaluated (not under [skipped]);
//   not_eligible  nothing when some rule of [decided] has S(r) empty (the verdict is firm),
//                 else the union of S(r) over [decided];
//   undetermined, error: nothing.
void rests_on(const table& t, const ir::program& p, verdict v, const case_facts& facts, index_set& out);

// The table of [p], or an empty table when [p] has none.
const table& of(const ir::program& p);

}  // namespace decree::provenance
