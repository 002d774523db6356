// Deciding one case record: its JSON text (or the parsed JSON) in, its case result out. This is
// the one way a record is decided: the C++ and C APIs, `decreec eval`, `test` and `diff`, the
// proofs' witnesses and the fuzzers all call it.
//
// A record is decoded straight from the parsed JSON into the machine's cells (eval/decode.cpp)
// and decided on the fused code. A record that does not decode cleanly, and one whose decision
// is a runtime error, is decoded again by the careful decoder (decode.hpp), which names every
// problem with its field path, and decided on the plain code, which names the expression that
// failed. Either way the result is the same: the differential tests hold the two paths equal.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/ir.hpp"
#include "eval/result.hpp"
#include "report.hpp"

namespace decree::eval {

class machine;
struct compiled;

// The program compiled once, for every thread (eval/compile.cpp).
std::shared_ptr<const compiled> compile(const ir::program& program);

// Per rule, the kind of the rule its chain of exceptions ends at (an exception's outcome reads
// differently under a condition and under an exclusion).
std::vector<int> root_kinds(const ir::program& program);

struct decide_options {
    bool explain = false;         // the trace of every rule, with the facts it used
    bool no_assumptions = false;  // withhold a verdict that rests on assumptions (withhold_assumed)
    // Name the fields the record type does not declare (case_result::undeclared, and with
    // [warnings] a warning each): such a record takes the careful decoder.
    bool undeclared = false;
    bool warnings = false;
    // Where the record is: its line (case_result::line; 0 for none) and, when given, its file,
    // which then starts the errors about its JSON ("cases.jsonl:7: not a JSON record: ...").
    std::string_view file{};
    std::size_t line = 0;
};

// The options with the explanation on.
inline decide_options explained() {
    decide_options o;
    o.explain = true;
    return o;
}

// Decides records of one program. Not thread-safe: one per thread.
class decider {
public:
    explicit decider(std::shared_ptr<const compiled> program);
    explicit decider(const ir::program& program);
    ~decider();
    decider(decider&&) noexcept;
    decider& operator=(decider&&) noexcept;

    // [json]: one record. Not JSON (a byte-order mark included: only the start of an input
    // may hold one, and its reader skips it), not an object, longer than max_record_bytes: an
    // error result that says so, with the record's id when it can be read. With [padded], [json] is followed by simdjson::SIMDJSON_PADDING readable
    // bytes and is parsed where it is.
    void decide(std::string_view json, const decide_options& o, case_result& out, bool padded = false);
    case_result decide(std::string_view json, const decide_options& o = {});

    // [record]: a parsed JSON value (an error result when it is not an object).
    void decide(const simdjson::dom::element& record, const decide_options& o, case_result& out);

    // A record already decoded (decode.hpp), for tools that build records as values.
    decision decide(const record_ptr& record, const decide_options& o = {});

    // The bulk form, for a caller that writes results itself (`eval --format json`): [out] gets
    // the decision by index and true. False when the record is not decided this way (not a
    // JSON object, not clean, a runtime error, or with [o].explain); decide() above then gives
    // its result. [json] as above.
    bool decide_compact(std::string_view json, const decide_options& o, outcome& out, bool padded = false);
    bool decide_compact(const simdjson::dom::element& record, const decide_options& o, outcome& out);
    // The compact decision as citations and identifiers, and its result line of
    // `decreec eval --format json` (without trace; line 0 for none), newline included.
    decision expand(outcome& o) const;
    void append_json(const outcome& o, std::size_t line, std::string& out) const;
    // The citation of provision [p] (Vietnamese, as in `failed` and `applied`) and the
    // identifier of assumption [a] (as in `assumptions`).
    const std::string& citation(std::uint32_t p) const;
    const std::string& assumption(std::uint32_t a) const;
    std::size_t provisions() const;
    std::size_t assumptions() const;

    // The result for a record too long to hold: its first bytes [start] (for its id) and its
    // length [bytes].
    case_result too_large(std::string_view start, std::size_t bytes, const decide_options& o) const;

    // Evaluates on the plain code only (`--no-fusion`).
    void set_fusion(bool on);
    // Whether the last record was evaluated again on the plain code (tests).
    bool reran() const;
    // The value of a definition without arguments for the last record decided (tests).
    value definition_value(const std::string& name);

    const compiled& program() const;

private:
    void careful(const simdjson::dom::element& record, const decide_options& o, case_result& out);
    decision expand(outcome& o, std::vector<rule_trace>* trace) const;

    std::unique_ptr<machine> m;
    std::unique_ptr<simdjson::dom::parser> m_parser;
    outcome m_outcome;
    std::vector<rule_trace> m_trace;
    record_ptr m_record;  // the last record decoded carefully, which the machine's cells point into
    int m_name_field = -1;  // the record's `name`, shown in the text output
};

}  // namespace decree::eval
