// The evaluator: decides one case record against a checked program, with three-valued logic
// (a missing fact is unknown, never false), prioritised exceptions, and an explanation trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "value.hpp"

namespace decree::eval {

enum class verdict { eligible, not_eligible, undetermined, error };
std::string_view name(verdict v);

enum class tri { no, yes, unknown };

// A named value the rule used: a definition, a parameter, a field of the record.
struct fact {
    std::string name;
    value v;
    const ir::type* ty = nullptr;
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
    std::string error;                 // when result is error
    span error_at;                     // the decree's expression that failed (runtime errors)
    std::size_t unknown_rules = 0;     // rules whose outcome depends on missing facts
    std::vector<rule_trace> trace;     // every rule evaluated, in decree order (when asked)
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
    std::string message;
    span where;
};

// Per rule, the kind of the rule its chain of exceptions ends at (an exception's outcome reads
// differently under a condition and under an exclusion). Shared with the compiled evaluator.
std::vector<int> root_kinds(const ir::program& program);

// Evaluates one program. Not thread-safe (it caches per case); use one per thread.
class evaluator {
public:
    explicit evaluator(const ir::program& program);

    // Decides [record] (a record of the program's input type). [explain] fills the trace;
    // [no_assumptions] withholds a verdict that rests on assumptions (withhold_assumed).
    decision decide(const record_ptr& record, bool explain, bool no_assumptions = false);

    // Evaluates a definition without arguments for the current case (after decide), for tests.
    value definition_value(const std::string& name);

private:
    struct frame {
        std::vector<value> slots;
    };
    struct resolved {
        tri result = tri::unknown;
        std::vector<std::string> missing;
        std::vector<std::uint32_t> applied;
    };

    value eval(const ir::expr& e, frame& f);
    value call(const ir::expr& e, frame& f);
    value binary(const ir::expr& e, frame& f);
    value binary_known(const ir::expr& e, const value& a, const value& b);
    template <typename Op>
    value combine(const value& a, const value& b, Op op);
    value arithmetic(const ir::expr& e, const value& a, const value& b);  // E0503 past max_number_bits
    value arithmetic_exact(const ir::expr& e, const value& a, const value& b);
    value builtin(const ir::expr& e, frame& f);
    value time_held(const list_ptr& periods, date until);
    value quarter_run(const list_ptr& quarters, const big_int& last, const set_ptr& counted, const set_ptr& skipped);
    value quantifier(const ir::expr& e, frame& f);
    // The elements of a list, or of a set with the integers (or law articles) of its ranges;
    // nothing when a bound of a range is unknown (its missing facts in [missing]).
    const std::vector<value>* elements(const value& v, std::vector<value>& storage, std::vector<std::string>& missing,
                                       span where);
    value membership(const ir::expr& e, frame& f);
    tri truth(const ir::expr& e, frame& f, std::vector<std::string>& missing);
    resolved resolve(std::uint32_t rule, int depth);
    tri base(std::uint32_t rule, int depth, std::vector<std::string>& missing);
    void facts(const ir::expr& e, frame& f, std::vector<fact>& out, int depth);
    void skip(std::uint32_t provision, decision& d);
    void walk(std::uint32_t provision, const std::vector<std::string>& guard_missing, bool guard_unknown,
              decision& d, bool explain);
    [[noreturn]] void fail(const char* code, std::string message, span where);

    const ir::program& m_program;
    record_ptr m_input;
    std::vector<std::optional<value>> m_params;  // per program
    std::vector<std::optional<value>> m_memo;    // per case: definitions without arguments
    std::vector<int> m_root_kind;                // per rule: kind of the rule its chain ends at
    int m_depth = 0;
    std::uint64_t m_steps = 0;  // expressions evaluated for the current case
    // What the current case's provenance needs: the rules that failed or excluded, and the
    // provisions whose `applies when` was false.
    std::vector<std::uint32_t> m_decided, m_skipped, m_rests;
};

}  // namespace decree::eval
