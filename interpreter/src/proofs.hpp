// Consistency proofs over the checked IR (decreec check): two exceptions of one rule that can
// both apply with the same priority and different results, found with the Z3 SMT solver, each
// with a case record that triggers the conflict (E0502 when evaluated).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "decree/lang/diagnostic.hpp"
#include "decree/lang/ir.hpp"
#include "eval/decide.hpp"

namespace decree::proofs {

struct options {
    unsigned list_bound = 3;     // lists in the case record have at most this many elements
    unsigned timeout_ms = 2000;  // per solver query
    unsigned budget_ms = 20000;  // for all the queries of one call: the rest are unanswered
    std::size_t search_records = 20000;  // diff_witnesses: records the bounded search evaluates at most
    // When given: the pairs of exceptions analysed for conflicts and those left out (not
    // expressible, or unanswered); the rules analysed for W0701, W0703 and W0704; the queries
    // the solver did not answer in time (W0702 from report()).
    struct counts {
        unsigned pairs = 0, left_out = 0, rules = 0, unanswered = 0;
        span first_unanswered;  // the exception of the first question unanswered
        // Questions that could not be put to the solver: a condition it cannot express exactly.
        // They prove nothing; `decreec check` says how many, as a note (not a warning: the
        // drafter has nothing to change).
        unsigned inexpressible = 0;
        span first_inexpressible;
    }* counted = nullptr;
};

struct finding {
    std::string code;  // "E0701"
    span where;
    span other;         // the other exception
    text message;
    text hint;
    std::string witness;  // the case record, one line of JSON
    bool bounded = false;  // the proof used the list bound
};

// The conflicts of [program] (checked without errors, with a case record type). Pairs whose
// conditions use a construct the encoder cannot express exactly are left out.
std::vector<finding> conflicts(const ir::program& program, const options& o = {});

// The exceptions of [program] that can never apply (W0701): their `when` is never definitely
// true where the rule they override is decided (its provisions' `applies when` not false, no
// exception of higher priority applying). Proved with the solver; exceptions whose conditions
// it cannot express exactly are left out.
std::vector<finding> dead(const ir::program& program, const options& o = {});

// The conditions of [program] that can never fail and its exclusions that can never apply
// (W0703), where the provisions holding them are decided. Conditions with exceptions are left out.
std::vector<finding> dead_rules(const ir::program& program, const options& o = {});

// The conditions and exclusions of [program] that never change a verdict (W0704): wherever one
// decides the case against the inmate another rule does too, and wherever it is unknown another
// is unknown or decides. Proved with the solver over the whole verdict (what it cannot express
// exactly taken as unknowns, which only widens the search).
std::vector<finding> redundant(const ir::program& program, const options& o = {});

// The conflicts of [program] reported to [sink] as E0701 errors (the case record in the hint),
// its dead exceptions as W0701 warnings and its dead conditions and exclusions as W0703, then sorted; nothing when [sink] already holds an error. Returns the findings.
std::vector<finding> report(const ir::program& program, diagnostic_sink& sink, const options& o = {});

// Whether [witness] decodes against the program's case record type and evaluates (general
// evaluator) to an E0502 error; the error text in [error] when asked.
bool triggers_conflict(const ir::program& program, const std::string& witness, std::string* error = nullptr);

// One kind of change between two rounds (eligible under the old, not eligible under the new, ...)
// and a case record that shows it, verified by evaluating it under both rounds.
struct change_witness {
    eval::verdict from = eval::verdict::eligible, to = eval::verdict::eligible;
    enum status { found, none, not_found } outcome = not_found;
    std::string method;   // found: "solver" or "search"
    bool bounded = false;  // none: proved for lists of at most options::list_bound elements
    std::string witness;  // found: the case record, one line of JSON
    std::vector<std::string> old_failed, new_failed, old_missing, new_missing;  // its decisions
};

struct diff_witnesses_result {
    std::vector<change_witness> changes;  // the six changes between eligible, not eligible, undetermined
    bool encoded = false;        // both rounds' verdicts were given to the solver
    unsigned approximated = 0;   // expressions the solver saw as unknowns of their type
    std::size_t searched = 0;    // records the bounded search evaluated
};

// For each change of verdict from round [old_round] to round [new_round], a case record that
// shows it: found by the SMT solver over the verdicts of both rounds, or else by a bounded
// search over records generated from the record types, starting from [seeds] (JSON case records,
// e.g. the rounds' test cases). Every witness is evaluated under both rounds before it is given;
// `none` only when the solver proves that no case record shows the change (the expressions it
// takes as unknowns only widen its search).
diff_witnesses_result diff_witnesses(const ir::program& old_round, const ir::program& new_round,
                                     const std::vector<std::string>& seeds, const options& o = {});

}  // namespace decree::proofs
