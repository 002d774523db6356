// Arithmetic and order of cells. Like Lua's arithmetic, each operation tries 64-bit integers
// first, with overflow checks, and in the same operation goes on with exact big numbers
// (arith::apply, the arithmetic constant folding uses) when they do not fit or when the
// operation fails, so that the error is the one arith.hpp gives. Never approximate.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cell.hpp"
#include "decree/lang/arith.hpp"

namespace decree::eval {

// The order of two values: -1, 0, 1, or this when they cannot be compared (ir::order).
constexpr int incomparable = 2;

// The comparison [op] (eq ... ge) of two values whose order is [o].
[[gnu::always_inline]] inline cell compared(ir::op op, int o) {
    switch (op) {
        case ir::op::eq: return boolean(o == 0);
        case ir::op::ne: return boolean(o != 0);
        case ir::op::lt: return boolean(o < 0);
        case ir::op::le: return boolean(o <= 0);
        case ir::op::gt: return boolean(o > 0);
        default: return boolean(o >= 0);
    }
}

class numbers {
public:
    // [codes]: the law codes, sorted (an article cell's code is its index here).
    numbers(const std::vector<std::string>& codes, date_rounding rounding) : m_codes(codes), m_rounding(rounding) {}

    // Forgets the boxed values made for the last record.
    void reset() { m_boxes.clear(); }

    // a [op] b for add, sub, mul, div; [type] the result's. Throws runtime_error at [where].
    cell arithmetic(ir::op op, const cell& a, const cell& b, const ir::type* type, const span& where);
    cell negated(const cell& v, const span& where);
    // round_down, round_up, round_half_up of a number, whole.
    cell rounded(ir::builtin_fn how, const cell& v);
    cell years_of(const cell& d);
    cell between(std::int64_t from, std::int64_t to) const;
    // An article of [code] and number [n] (a whole number).
    cell article(std::string_view code, const cell& n);

    int order(const cell& x, const cell& y) const;
    bool same(const cell& x, const cell& y) const { return !is_unknown(x) && !is_unknown(y) && order(x, y) == 0; }

    // Conversions between cells and exact values. cell_of keeps the value compact when it fits.
    ir::constant constant_of(const cell& v) const;
    cell cell_of(ir::constant c) { return cell_of(std::move(c), m_boxes); }
    // A boxed value that outlives the record (a parameter's).
    cell kept(const cell& v) { return v.t == tag::boxed ? cell_of(boxed_value(v), m_kept) : v; }
    int code_index(std::string_view code) const;
    const std::vector<std::string>& codes() const { return m_codes; }

private:
    cell cell_of(ir::constant c, std::deque<ir::constant>& pool);
    cell exact(ir::op op, const cell& a, const cell& b, const ir::type* type, const span& where);

    const std::vector<std::string>& m_codes;
    date_rounding m_rounding;
    std::deque<ir::constant> m_boxes;  // this record's
    std::deque<ir::constant> m_kept;   // the parameters'
};

}  // namespace decree::eval
