// Exact arithmetic on constants (arith.hpp).
#include "decree/lang/arith.hpp"

#include "decree/lang/messages.hpp"

namespace decree::arith {

namespace {

std::optional<rational> as_number(const ir::constant& v) {
    if (const auto* i = std::get_if<big_int>(&v)) return rational(*i);
    if (const auto* r = std::get_if<rational>(&v)) return *r;
    return std::nullopt;
}

ir::constant number_result(const rational& r, const ir::type* t) {
    if (t != nullptr && t->kind == ir::tkind::integer && denominator(r) == 1) return big_int(numerator(r));
    return r;
}

result fail(const char* code, text why) {
    std::string english = why.en;
    return {std::nullopt, code, std::move(english), std::move(why)};
}

result ok(ir::constant value) { return {std::move(value), nullptr, {}, {}}; }

result exact(ir::op op, const ir::constant& a, const ir::constant& b, const ir::type* type, date_rounding rounding) {
    // Whole numbers stay whole: no rational (and no gcd) unless a division needs it.
    const auto* ia = std::get_if<big_int>(&a);
    const auto* ib = std::get_if<big_int>(&b);
    if (ia != nullptr && ib != nullptr && op != ir::op::div && type != nullptr && type->kind == ir::tkind::integer) {
        if (op == ir::op::add) return ok(big_int(*ia + *ib));
        if (op == ir::op::sub) return ok(big_int(*ia - *ib));
        if (op == ir::op::mul) return ok(big_int(*ia * *ib));
    }
    const auto na = as_number(a), nb = as_number(b);
    const auto* da = std::get_if<duration>(&a);
    const auto* db = std::get_if<duration>(&b);
    const auto* ta = std::get_if<date>(&a);
    const auto* tb = std::get_if<date>(&b);
    switch (op) {
        case ir::op::add:
        case ir::op::sub: {
            const bool plus = op == ir::op::add;
            if (na && nb) return ok(number_result(plus ? rational(*na + *nb) : rational(*na - *nb), type));
            if (da && db) return ok(plus ? *da + *db : *da - *db);
            if (ta && db) {
                const duration step = plus ? *db : duration{-db->months, -db->days};
                if (auto r = add(*ta, step, rounding)) return ok(*r);
                if (!add(*ta, step, date_rounding::down)) {  // no rounding would help: out of range
                    return fail("E0503", say(msg::ar_outside_calendar, {ta->iso() + (plus ? " + " : " - ") + db->literal()}));
                }
                return fail("E0501", say(msg::ar_day_does_not_exist, {ta->iso() + (plus ? " + " : " - ") + db->literal()}));
            }
            if (da && tb && plus) {
                if (auto r = add(*tb, *da, rounding)) return ok(*r);
                if (!add(*tb, *da, date_rounding::down)) {
                    return fail("E0503", say(msg::ar_outside_calendar, {da->literal() + " + " + tb->iso()}));
                }
                return fail("E0501", say(msg::ar_date_arithmetic_day_does_not_exist));
            }
            if (ta && tb && !plus) return ok(between(*tb, *ta));
            break;
        }
        case ir::op::mul:
            if (na && nb) return ok(number_result(rational(*na * *nb), type));
            if (na && db) return ok(scale(*db, *na));
            if (da && nb) return ok(scale(*da, *nb));
            break;
        case ir::op::div:
            if (na && nb) {
                if (*nb == 0) return fail("E0503", say(msg::ar_division_by_zero));
                return ok(number_result(rational(*na / *nb), type));
            }
            if (da && nb) {
                if (*nb == 0) return fail("E0503", say(msg::ar_division_by_zero));
                return ok(scale(*da, rational(1) / *nb));
            }
            if (da && db) {
                if (db->total_days() == 0) return fail("E0503", say(msg::ar_division_by_zero_duration));
                return ok(ratio(*da, *db));
            }
            break;
        default: break;
    }
    return fail("E0503", say(msg::ar_invalid_operands));
}

}  // namespace

result apply(ir::op op, const ir::constant& a, const ir::constant& b, const ir::type* type, date_rounding rounding) {
    auto r = exact(op, a, b, type, rounding);
    if (!r.value) return r;
    bool big = false;
    if (const auto* i = std::get_if<big_int>(&*r.value)) big = too_big(*i);
    else if (const auto* q = std::get_if<rational>(&*r.value)) big = too_big(*q);
    else if (const auto* d = std::get_if<duration>(&*r.value)) big = too_big(d->months) || too_big(d->days);
    if (big) return fail("E0503", say(msg::ar_number_too_large));
    return r;
}

}  // namespace decree::arith
