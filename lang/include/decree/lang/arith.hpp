// The arithmetic of the language on exact values: + - * / of numbers, money, dates and
// durations, with the calendar of values.hpp. The one definition: constant folding calls it,
// and so does the evaluator for every operation its 64-bit values cannot hold.
#pragma once

#include <optional>
#include <string>

#include "decree/lang/ir.hpp"
#include "decree/lang/text.hpp"

namespace decree::arith {

// The result of an operation, or why there is none: E0501 (a day that does not exist and no
// `rounding` to settle it) or E0503 (division by zero, outside the calendar, a number past
// max_number_bits), with the message a case's error shows.
struct result {
    std::optional<ir::constant> value;
    const char* code = nullptr;
    std::string message;  // why.en, for the callers that say it in English only
    text why;
};

// [a] [op] [b] for op add, sub, mul or div, the result of type [type] (an integer result of
// integers stays a big_int).
result apply(ir::op op, const ir::constant& a, const ir::constant& b, const ir::type* type, date_rounding rounding);

}  // namespace decree::arith
