// Deciding one case record against a checked program, with three-valued logic (a missing fact
// is unknown, never false), prioritised exceptions, and an explanation trace. The evaluator is
// eval/machine.hpp; this is its interface for a record decoded by the careful decoder
// (decode.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "eval/result.hpp"

namespace decree::eval {

class machine;
struct compiled;

// Per rule, the kind of the rule its chain of exceptions ends at (an exception's outcome reads
// differently under a condition and under an exclusion).
std::vector<int> root_kinds(const ir::program& program);

// Evaluates one program. Not thread-safe; use one per thread.
class evaluator {
public:
    explicit evaluator(const ir::program& program);
    explicit evaluator(std::shared_ptr<const compiled> program);
    ~evaluator();
    evaluator(evaluator&&) noexcept;
    evaluator& operator=(evaluator&&) noexcept;

    // Decides [record] (a record of the program's input type). [explain] fills the trace;
    // [no_assumptions] withholds a verdict that rests on assumptions (withhold_assumed).
    decision decide(const record_ptr& record, bool explain, bool no_assumptions = false);

    // Evaluates a definition without arguments for the current case (after decide), for tests.
    value definition_value(const std::string& name);

    // Evaluates on the plain code only (`--no-fusion`).
    void set_fusion(bool on);

private:
    std::unique_ptr<machine> m;
    record_ptr m_record;  // the last case, which its cells point into
};

}  // namespace decree::eval
