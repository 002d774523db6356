// What the evaluator decides of one case: the verdict, the provisions that decided it, the
// facts that would decide an undetermined case, the assumptions it rests on and, when asked,
// the trace of every rule with the facts it used.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "decree/lang/text.hpp"
#include "value.hpp"

namespace decree::eval {

enum class verdict { eligible, not_eligible, undetermined, error };
std::string_view name(verdict v);

enum class tri { no, yes, unknown };

// A named value the rule used: a definition, a parameter, a field of the record. A list of
// records is kept as it is shown, by its length and path: its elements carry their type but
// not their fields.
struct fact {
    std::string name;  // the identifiers as written: `served`, `case.sentence.term`
    value v;
    const ir::type* ty = nullptr;
    // What the text calls it: the declaration's label, in the program; none: not in the text.
    const text* label = nullptr;
    // A call's arguments by their labels ("hình phạt bổ sung là phạt tiền"): what tells apart
    // two facts of one label (`settled(case.obligations.fine)`, `settled(...court_fee)`).
    text of;
    // A side of the comparison that has no name (`1/2 of case.sentence.term`): shown by its
    // value alone, on the comparison line only.
    bool value_only = false;
    [[nodiscard]] const text& named_as() const {
        static const text none;
        return label != nullptr ? *label : none;
    }
};

// The element of a list that decided a quantifier: the offence that made an exclusion apply
// (`any`), the obligation that is not performed (`all`). Shown by the fields the condition reads.
struct witness {
    const text* list = nullptr;  // the list's label ("các tội bị kết án"), in the program
    std::string path;          // the element in the record: "$.offences[1]"
    std::vector<fact> fields;  // its fields that the condition reads
    bool failed = false;       // `all`: the element that fails it; else the one that satisfies `any`
};

enum class rule_status {
    holds,         // condition met
    fails,         // condition not met
    applies,       // exclusion applies
    not_applies,   // exclusion does not apply
    unknown,       // depends on missing facts
    skipped,       // `applies when` of its provision is false
};

struct rule_trace {
    std::uint32_t rule = 0;
    rule_status status = rule_status::unknown;
    std::vector<std::uint32_t> applied;  // exceptions that applied, innermost last
    std::vector<std::string> missing;
    std::vector<fact> facts;
    std::vector<witness> witnesses;
    // When the condition is a comparison of two facts (`served >= required_served`): their
    // indices in [facts] and the operator, for the line that compares them.
    int lhs = -1, rhs = -1;
    ir::op compare = ir::op::literal;
    // [facts] before this index are the rule's own, the others its exceptions' (when some
    // applied): the text shows the rule's as the note on the requirement replaced.
    std::size_t own_facts = 0;
};

struct decision {
    verdict result = verdict::eligible;
    std::vector<std::string> failed;   // citations of unmet conditions and applying exclusions
    std::vector<std::string> applied;  // citations of exceptions that applied
    std::vector<std::string> missing;  // field paths that would decide an undetermined case
    // The identifiers of the assumptions the verdict rests on (provenance.hpp), in the order of
    // the decree's text; empty for a firm verdict, an undetermined one and an error.
    std::vector<std::string> assumptions;
    // With assumptions withheld (withhold_assumed): the verdict this undetermined one would
    // have been.
    std::optional<verdict> provisional;
    text error;                        // when result is error
    span error_at;                     // the decree's expression that failed (runtime errors)
    std::size_t unknown_rules = 0;     // rules whose outcome depends on missing facts
    std::vector<rule_trace> trace;     // every rule evaluated, in decree order (when asked)
};

// What a decision is, by index: the provisions and assumptions of the program.
struct outcome {
    verdict result = verdict::eligible;
    std::vector<std::uint32_t> failed;   // provision of each unmet condition or applying exclusion
    std::vector<std::uint32_t> applied;  // provisions of the exceptions that applied, once each
    std::vector<std::string> missing;    // undetermined: the field paths that would decide it
    // The assumptions the verdict rests on: indices into the program's provenance table
    // (provenance.hpp), in the order of the text. See decision::assumptions.
    std::vector<std::uint32_t> assumptions;
    std::optional<verdict> provisional;  // as decision::provisional
    std::string_view id;                 // the record's `id` (valid until the next decide)
    text error;                          // result error: "error[E0503]: ..."
    span error_at;
};

// `eval --no-assumptions`: a verdict that rests on assumptions is not given. It becomes
// undetermined, keeps its assumptions (and failed and applied), and says in [provisional]
// what it would have been. For eval::decision and fast::outcome alike.
template <typename Result>
void withhold_assumed(Result& r) {
    if ((r.result == verdict::eligible || r.result == verdict::not_eligible) && !r.assumptions.empty()) {
        r.provisional = r.result;
        r.result = verdict::undetermined;
    }
}

// Runtime problems in a decree for one case (E05xx): ambiguous date arithmetic, conflicting
// exceptions, division by zero.
struct runtime_error {
    std::string code;
    text message;
    span where;
};

}  // namespace decree::eval
