// The compiled evaluator: the checked IR compiled once into a tree of specialised nodes over
// compact 64-bit values, and case records decoded straight from simdjson's DOM into slot-indexed
// arrays in a per-thread arena. No name lookups, no big numbers and no allocation per record.
//
// It decides what it can decide exactly as the general evaluator (eval.hpp) does, undetermined
// verdicts and their missing facts included, and declines the rest: a record that does not
// decode cleanly, a runtime error in the decree, a number beyond 64 bits, a field read from a
// value that may be one of several records. A declined record is then decided by the general
// evaluator. Explanations are the general evaluator's too. tests/unit/fast_test.cpp holds the
// two to the same results.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/ir.hpp"
#include "eval.hpp"

namespace decree::eval::fast {

struct compiled;

// Compiles [program] (which must outlive the result). Never fails: a construct it cannot run
// makes the records that reach it declined.
std::shared_ptr<const compiled> compile(const ir::program& program);

struct outcome {
    verdict result = verdict::eligible;
    std::vector<std::uint32_t> failed;   // provision of each unmet condition or applying exclusion
    std::vector<std::uint32_t> applied;  // provisions of the exceptions that applied, once each
    std::vector<std::string> missing;    // undetermined: the field paths that would decide it
    // The assumptions the verdict rests on: indices into the program's provenance table
    // (provenance.hpp), in the order of the text. See eval::decision::assumptions.
    std::vector<std::uint32_t> assumptions;
    std::optional<verdict> provisional;  // as eval::decision::provisional
    std::string_view id;                 // the record's `id` (valid until the next decide)
};

// One per thread.
class evaluator {
public:
    explicit evaluator(std::shared_ptr<const compiled> program);
    ~evaluator();
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    // Decides [record]; false when it declines (see above), and then [out] means nothing.
    // With [name_undeclared], a record holding a field its type does not declare is declined
    // too, so that the general decoder names the field (decreec eval counts them); with [no_assumptions], a verdict that rests on assumptions is
    // withheld (eval::withhold_assumed).
    bool decide(const simdjson::dom::element& record, bool name_undeclared, outcome& out, bool no_assumptions = false);

private:
    struct impl;
    std::unique_ptr<impl> m;
};

// Appends the result line of `decreec eval --format json` (without trace) for [o], newline
// included: byte for byte what render_json writes for the same decision.
void append_json(const compiled& program, const outcome& o, std::size_t line, std::string& out);

// The citation of provision [p] (Vietnamese, as in the decision's `failed` and `applied`).
const std::string& citation(const compiled& program, std::uint32_t p);

// The identifier of assumption [a] of an outcome (as in the decision's `assumptions`).
const std::string& assumption(const compiled& program, std::uint32_t a);

}  // namespace decree::eval::fast
