// The evaluator: decides one case record against a checked program, with three-valued logic
// (a missing fact is unknown, never false), prioritised exceptions, and an explanation trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "eval/result.hpp"

namespace decree::eval {

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
