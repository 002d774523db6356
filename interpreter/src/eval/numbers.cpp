// Arithmetic and order of cells (numbers.hpp).
#include "numbers.hpp"

#include "decree/lang/messages.hpp"

#include <algorithm>
#include <limits>

#include "eval/result.hpp"

namespace decree::eval {

namespace {

__extension__ typedef __int128 i128;  // products of two 64-bit numbers, exactly

bool narrow(i128 v, std::int64_t& out) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) return false;
    out = static_cast<std::int64_t>(v);
    return true;
}

i128 abs128(i128 v) { return v < 0 ? -v : v; }
i128 gcd128(i128 x, i128 y) {
    x = abs128(x);
    y = abs128(y);
    while (y != 0) {
        const i128 t = x % y;
        x = y;
        y = t;
    }
    return x;
}

// n/d in lowest terms with a positive denominator ([d] is not zero); false past 64 bits.
bool fraction(i128 n, i128 d, cell& out) {
    if (d < 0) {
        n = -n;
        d = -d;
    }
    if (d != 1) {
        const i128 g = gcd128(n, d);
        if (g > 1) {
            n /= g;
            d /= g;
        }
    }
    std::int64_t a = 0, b = 0;
    if (!narrow(n, a) || !narrow(d, b)) return false;
    out = {tag::number, a, b, nullptr};
    return true;
}

int sign(i128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

template <typename T>
int cmp(const T& x, const T& y) {
    return x < y ? -1 : (y < x ? 1 : 0);
}

i128 total_days(const cell& d) { return static_cast<i128>(d.a) * 30 + d.b; }

// (months, days) for comparison: days above 30 (or below 0) carried with 30-day months.
std::pair<i128, i128> key(const cell& d) {
    i128 m = d.a, days = d.b;
    if (days < 0) {
        const i128 k = (-days + 29) / 30;
        m -= k;
        days += 30 * k;
    } else if (days > 30) {
        const i128 k = days / 30;
        m += k;
        days -= 30 * k;
    }
    return {m, days};
}

// The duration of [total] days with 0 <= days < 30 (-30 < days <= 0 when negative).
bool normalized(i128 total, cell& out) {
    const bool neg = total < 0;
    const i128 a = neg ? -total : total;
    std::int64_t m = 0, d = 0;
    if (!narrow(a / 30, m) || !narrow(a % 30, d)) return false;
    out = neg ? duration_of(-m, -d) : duration_of(m, d);
    return true;
}

// [d] x [n]/[q], rounded up to a whole day (values.hpp's scale).
bool scale(const cell& d, std::int64_t n, std::int64_t q, cell& out) {
    const i128 days = total_days(d);
    if (abs128(days) > (i128{1} << 62) || n == std::numeric_limits<std::int64_t>::min()) return false;
    const i128 product = days * n;  // below 2^125
    i128 whole_days = product / q;
    if (whole_days * q != product && product > 0) whole_days += 1;
    std::int64_t w = 0;
    if (!narrow(whole_days, w)) return false;
    out = duration_of(w / 30, w % 30);
    return true;
}

// The 64-bit form of an operation: false when it does not fit, or fails (then the exact form
// gives the error).
bool small(ir::op op, const cell& a, const cell& b, date_rounding rounding, cell& out) {
    const bool na = a.t == tag::number, nb = b.t == tag::number;
    const bool da = a.t == tag::duration, db = b.t == tag::duration;
    const bool ta = a.t == tag::date, tb = b.t == tag::date;
    switch (op) {
        case ir::op::add:
        case ir::op::sub: {
            const bool plus = op == ir::op::add;
            if (na && nb) {
                if (a.b == 1 && b.b == 1) {
                    std::int64_t r = 0;
                    if (plus ? __builtin_add_overflow(a.a, b.a, &r) : __builtin_sub_overflow(a.a, b.a, &r)) return false;
                    out = whole(r);
                    return true;
                }
                const i128 n1 = static_cast<i128>(a.a) * b.b, n2 = static_cast<i128>(b.a) * a.b;
                return fraction(plus ? n1 + n2 : n1 - n2, static_cast<i128>(a.b) * b.b, out);
            }
            if (da && db) {
                const i128 m = plus ? static_cast<i128>(a.a) + b.a : static_cast<i128>(a.a) - b.a;
                const i128 d = plus ? static_cast<i128>(a.b) + b.b : static_cast<i128>(a.b) - b.b;
                return normalized(m * 30 + d, out);
            }
            if (ta && db) {
                if (b.a == std::numeric_limits<std::int64_t>::min() || b.b == std::numeric_limits<std::int64_t>::min()) return false;
                const auto r = calendar::add(a.a, plus ? b.a : -b.a, plus ? b.b : -b.b, rounding);
                if (!r) return false;
                out = date_of(*r);
                return true;
            }
            if (da && tb && plus) {
                const auto r = calendar::add(b.a, a.a, a.b, rounding);
                if (!r) return false;
                out = date_of(*r);
                return true;
            }
            if (ta && tb && !plus) {
                const auto [m, d] = calendar::between(b.a, a.a);
                out = duration_of(m, d);
                return true;
            }
            return false;
        }
        case ir::op::mul:
            if (na && nb) {
                if (a.b == 1 && b.b == 1) {
                    std::int64_t r = 0;
                    if (__builtin_mul_overflow(a.a, b.a, &r)) return false;
                    out = whole(r);
                    return true;
                }
                return fraction(static_cast<i128>(a.a) * b.a, static_cast<i128>(a.b) * b.b, out);
            }
            if (na && db) return scale(b, a.a, a.b, out);
            if (da && nb) return scale(a, b.a, b.b, out);
            return false;
        case ir::op::div:
            if (na && nb) {
                if (b.a == 0) return false;
                return fraction(static_cast<i128>(a.a) * b.b, static_cast<i128>(a.b) * b.a, out);
            }
            if (da && nb) {
                if (b.a == 0) return false;
                cell inverse;
                if (!fraction(b.b, b.a, inverse)) return false;
                return scale(a, inverse.a, inverse.b, out);
            }
            if (da && db) {
                const i128 d = total_days(b);
                if (d == 0) return false;
                return fraction(total_days(a), d, out);
            }
            return false;
        default: return false;
    }
}

}  // namespace

cell numbers::arithmetic(ir::op op, const cell& a, const cell& b, const ir::type* type, const span& where) {
    cell out;
    if (a.t != tag::boxed && b.t != tag::boxed && small(op, a, b, m_rounding, out)) return out;
    return exact(op, a, b, type, where);
}

namespace {

// [m] in both languages, the English standing for a Vietnamese not yet written: a message put
// into another (say) or after a place takes each language as it is.
text in_both(const text& m) { return text{m.en, m.in(language::vi)}; }

}  // namespace

cell numbers::exact(ir::op op, const cell& a, const cell& b, const ir::type* type, const span& where) {
    auto r = arith::apply(op, constant_of(a), constant_of(b), type, m_rounding);
    if (!r.value) throw runtime_error{r.code, in_both(r.why), where};
    return cell_of(std::move(*r.value));
}

cell numbers::negated(const cell& v, const span& where) {
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
    if (v.t == tag::duration && v.a != lowest && v.b != lowest) return duration_of(-v.a, -v.b);
    if (v.t == tag::number && v.a != lowest) return {tag::number, -v.a, v.b, nullptr};
    auto c = constant_of(v);
    if (auto* d = std::get_if<duration>(&c)) return cell_of(duration{-d->months, -d->days});
    if (auto* i = std::get_if<big_int>(&c)) return cell_of(big_int(-*i));
    if (auto* q = std::get_if<rational>(&c)) return cell_of(rational(-*q));
    throw runtime_error{"E0503", say(msg::ev_invalid_operands), where};
}

cell numbers::rounded(ir::builtin_fn how, const cell& v) {
    if (v.t == tag::number) {
        const std::int64_t n = v.a, d = v.b;
        std::int64_t q = n / d;
        const std::int64_t rem = n - q * d;
        if (how == ir::builtin_fn::round_down && rem < 0) q -= 1;
        if (how == ir::builtin_fn::round_up && rem > 0) q += 1;
        if (how == ir::builtin_fn::round_half_up) {
            if (static_cast<i128>(rem) * 2 >= d) q += 1;
            if (static_cast<i128>(rem) * 2 < -static_cast<i128>(d)) q -= 1;
        }
        return whole(q);
    }
    const auto c = constant_of(v);
    const rational r = std::holds_alternative<big_int>(c) ? rational(std::get<big_int>(c)) : std::get<rational>(c);
    big_int q = numerator(r) / denominator(r);
    const big_int rem = numerator(r) - q * denominator(r);
    if (how == ir::builtin_fn::round_down && rem < 0) q -= 1;
    if (how == ir::builtin_fn::round_up && rem > 0) q += 1;
    if (how == ir::builtin_fn::round_half_up) {
        const rational frac = r - rational(q);
        if (frac >= rational(1, 2)) q += 1;
        if (frac < rational(-1, 2)) q -= 1;
    }
    return cell_of(q);
}

cell numbers::years_of(const cell& d) {
    cell n;
    if (d.t == tag::duration && normalized(total_days(d), n)) return whole(n.a / 12);
    return cell_of(big_int(std::get<duration>(constant_of(d)).normalized().months / 12));
}

cell numbers::between(std::int64_t from, std::int64_t to) const {
    const auto [m, d] = calendar::between(from, to);
    return duration_of(m, d);
}

cell numbers::article(std::string_view code, const cell& n) {
    const int ci = code_index(code);
    if (ci >= 0 && n.t == tag::number && n.b == 1) return {tag::article, ci, n.a, nullptr};
    const auto number = constant_of(n);
    return cell_of(ir::law_article{std::string(code), std::get<big_int>(number)});
}

int numbers::code_index(std::string_view code) const {
    const auto it = std::lower_bound(m_codes.begin(), m_codes.end(), code);
    return it != m_codes.end() && *it == code ? static_cast<int>(it - m_codes.begin()) : -1;
}

int numbers::order(const cell& x, const cell& y) const {
    if (x.t != y.t || x.t == tag::boxed) {
        if (x.t != tag::boxed && y.t != tag::boxed) return incomparable;
        const auto o = ir::order(constant_of(x), constant_of(y));
        return o ? *o : incomparable;
    }
    switch (x.t) {
        case tag::number:
            if (x.b == 1 && y.b == 1) return cmp(x.a, y.a);
            return sign(static_cast<i128>(x.a) * y.b - static_cast<i128>(y.a) * x.b);
        case tag::boolean:
        case tag::date: return cmp(x.a, y.a);
        case tag::duration: return cmp(key(x), key(y));
        case tag::string: {
            const std::string_view s(static_cast<const char*>(x.p), static_cast<std::size_t>(x.a));
            const std::string_view t(static_cast<const char*>(y.p), static_cast<std::size_t>(y.a));
            const int c = s.compare(t);
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        case tag::article: return x.a != y.a ? cmp(x.a, y.a) : cmp(x.b, y.b);
        case tag::enumeration: return x.p != y.p ? incomparable : cmp(x.a, y.a);
        default: return incomparable;
    }
}

ir::constant numbers::constant_of(const cell& v) const {
    switch (v.t) {
        case tag::boolean: return v.a != 0;
        case tag::number:
            if (v.b == 1) return big_int(v.a);
            return rational(big_int(v.a), big_int(v.b));
        case tag::date: return date{v.a};
        case tag::duration: return duration{v.a, v.b};
        case tag::string: return std::string(static_cast<const char*>(v.p), static_cast<std::size_t>(v.a));
        case tag::article: return ir::law_article{m_codes[static_cast<std::size_t>(v.a)], v.b};
        case tag::enumeration: return ir::enum_value{static_cast<const ir::enum_type*>(v.p), static_cast<int>(v.a)};
        case tag::boxed: return boxed_value(v);
        default: return false;  // unknowns, records, lists and sets are never operands here
    }
}

namespace {
bool fits(const big_int& v, std::int64_t& out) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) return false;
    out = static_cast<std::int64_t>(v);
    return true;
}
}  // namespace

cell numbers::cell_of(ir::constant c, std::deque<ir::constant>& pool) {
    if (const auto* b = std::get_if<bool>(&c)) return boolean(*b);
    if (const auto* d = std::get_if<date>(&c)) return date_of(d->days);
    if (const auto* e = std::get_if<ir::enum_value>(&c)) return {tag::enumeration, e->index, 0, e->en};
    std::int64_t x = 0, y = 0;
    if (const auto* i = std::get_if<big_int>(&c); i && fits(*i, x)) return whole(x);
    if (const auto* r = std::get_if<rational>(&c); r && fits(numerator(*r), x) && fits(denominator(*r), y)) {
        return {tag::number, x, y, nullptr};
    }
    if (const auto* d = std::get_if<duration>(&c); d && fits(d->months, x) && fits(d->days, y)) return duration_of(x, y);
    if (const auto* a = std::get_if<ir::law_article>(&c)) {
        const int ci = code_index(a->code);
        if (ci >= 0 && fits(a->number, x)) return {tag::article, ci, x, nullptr};
    }
    const auto& kept = pool.emplace_back(std::move(c));
    if (const auto* s = std::get_if<std::string>(&kept)) return {tag::string, static_cast<std::int64_t>(s->size()), 0, s->data()};
    return {tag::boxed, 0, 0, &kept};
}

}  // namespace decree::eval
