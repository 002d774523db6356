// Deciding a case record straight from parsed JSON: the record decoded into the evaluator's
// cells (eval/machine.hpp) without building values, and the result line written without
// building a decision. A record that does not decode cleanly, or whose evaluation fails, is
// declined: the careful decoder (decode.hpp) and eval::evaluator then say why.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "decree/lang/ir.hpp"
#include "eval/result.hpp"

namespace decree::eval {
class machine;
struct compiled;
std::shared_ptr<const compiled> compile(const ir::program& program);
}  // namespace decree::eval

namespace decree::eval::fast {

using eval::compiled;
using eval::compile;
using eval::outcome;

// One per thread.
class evaluator {
public:
    explicit evaluator(std::shared_ptr<const compiled> program);
    ~evaluator();
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    // Decides [record]; false when it declines (see above), and then [out] means nothing.
    // With [name_undeclared], a record holding a field its type does not declare is declined
    // too, so that the careful decoder names the field; with [no_assumptions], a verdict that
    // rests on assumptions is withheld (eval::withhold_assumed). [trace], when given, gets the
    // explanation.
    bool decide(const simdjson::dom::element& record, bool name_undeclared, outcome& out, bool no_assumptions = false,
                std::vector<rule_trace>* trace = nullptr);

    // Evaluates on the plain code only (`--no-fusion`).
    void set_fusion(bool on);
    // Whether the last case was evaluated again on the plain code.
    bool reran() const;

private:
    std::unique_ptr<machine> m;
};

// Appends the result line of `decreec eval --format json` (without trace) for [o], newline
// included: byte for byte what render_json writes for the same decision.
void append_json(const compiled& program, const outcome& o, std::size_t line, std::string& out);

// The decision [o] stands for (citations and assumption identifiers by name), with [trace]
// moved into it when given.
decision decision_of(const compiled& program, outcome& o, std::vector<rule_trace>* trace = nullptr);

// The citation of provision [p] (Vietnamese, as in the decision's `failed` and `applied`).
const std::string& citation(const compiled& program, std::uint32_t p);

// The identifier of assumption [a] of an outcome (as in the decision's `assumptions`).
const std::string& assumption(const compiled& program, std::uint32_t a);

}  // namespace decree::eval::fast
