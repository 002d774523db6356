// The evaluator over the checked IR: exact arithmetic, calendar dates, three-valued logic with
// the missing field paths that would decide an unknown, default logic for exceptions.
#include "eval.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "quarters.hpp"

#include "decree/lang/provenance.hpp"

namespace decree::eval {

// INVARIANT: provenance::verdict has the values of verdict, in the same order.
static_assert(static_cast<int>(provenance::verdict::eligible) == static_cast<int>(verdict::eligible) &&
              static_cast<int>(provenance::verdict::not_eligible) == static_cast<int>(verdict::not_eligible) &&
              static_cast<int>(provenance::verdict::undetermined) == static_cast<int>(verdict::undetermined) &&
              static_cast<int>(provenance::verdict::error) == static_cast<int>(verdict::error));

std::string_view name(verdict v) {
    switch (v) {
        case verdict::eligible: return "eligible";
        case verdict::not_eligible: return "not_eligible";
        case verdict::undetermined: return "undetermined";
        case verdict::error: return "error";
    }
    return "error";
}

namespace {

constexpr int max_depth = 400;  // nested calls and quantifiers per evaluation
// Expressions evaluated for one case. A real round needs a few thousand; the budget stops a
// decree whose definitions call each other twice over (2^30 calls in 31 lines) or quantifiers
// nested over long lists, so that no case can hang a run.
constexpr std::uint64_t max_steps = 10'000'000;
// Most elements a set's ranges may hold when the set is gone through (quantifiers, `length`):
// `{1..1000000000000}` is a fine set to test membership in, not to count.
constexpr std::uint64_t max_range_elements = 1'000'000;

value from_constant(const ir::constant& c) {
    return std::visit([](const auto& x) -> value { return x; }, c);
}

std::optional<rational> as_number(const value& v) {
    if (const auto* i = std::get_if<big_int>(&v)) return rational(*i);
    if (const auto* r = std::get_if<rational>(&v)) return *r;
    return std::nullopt;
}

std::vector<std::string> missing_of(const value& v) {
    if (const auto* u = std::get_if<unknown>(&v)) return u->missing;
    return {};
}

// The values [v] may take: itself when known, its options when it has some. False when it is
// unknown without options.
bool options_of(const value& v, std::vector<value>& out) {
    if (const auto* u = std::get_if<unknown>(&v)) {
        if (!u->options) return false;
        for (const auto& o : u->options->items) out.push_back(o);
        return true;
    }
    out.push_back(v);
    return true;
}

std::shared_ptr<const option_list> make_options(std::vector<value> items) {
    auto l = std::make_shared<option_list>();
    l->items = std::move(items);
    return l;
}

unknown unknown_of(const value& a, const value& b) {
    unknown u;
    merge_missing(u.missing, missing_of(a));
    merge_missing(u.missing, missing_of(b));
    return u;
}

// The order of two runtime values (ir::order): unknowns, records, lists and sets are not ordered.
std::optional<int> order(const value& a, const value& b) { return ir::order(a, b); }

value number_result(const rational& r, const ir::type* t) {
    if (t->kind == ir::tkind::integer && denominator(r) == 1) return big_int(numerator(r));
    return r;
}

}  // namespace

namespace {

constexpr std::size_t max_options = 8;

bool same(const value& a, const value& b) {
    if (is_unknown(a) || is_unknown(b)) return false;
    auto o = order(a, b);
    return o && *o == 0;
}

}  // namespace

// [op] over every pair of possible values of [a] and [b]; known when all results agree.
template <typename Op>
value evaluator::combine(const value& a, const value& b, Op op) {
    std::vector<value> xs, ys;
    auto plain = unknown_of(a, b);
    if (!options_of(a, xs) || !options_of(b, ys) || xs.size() * ys.size() > max_options) return plain;
    std::vector<value> results;
    for (const auto& x : xs) {
        for (const auto& y : ys) {
            auto r = op(x, y);
            if (is_unknown(r)) return plain;
            if (std::none_of(results.begin(), results.end(), [&](const value& v) { return same(v, r); })) {
                results.push_back(std::move(r));
            }
        }
    }
    if (results.size() == 1) return results.front();
    plain.options = make_options(std::move(results));
    return plain;
}

std::vector<int> root_kinds(const ir::program& program) {
    std::vector<int> out(program.rules.size());
    for (std::size_t i = 0; i < program.rules.size(); ++i) {
        int r = static_cast<int>(i);
        for (int guard = 0; program.rules[static_cast<std::size_t>(r)].kind == ir::rule_kind::exception &&
                            program.rules[static_cast<std::size_t>(r)].target >= 0 && guard < 1000;
             ++guard) {
            r = program.rules[static_cast<std::size_t>(r)].target;
        }
        out[i] = static_cast<int>(program.rules[static_cast<std::size_t>(r)].kind);
    }
    return out;
}

evaluator::evaluator(const ir::program& program) : m_program(program) {
    m_params.resize(program.params.size());
    m_memo.resize(program.defs.size());
    m_root_kind = root_kinds(program);
}

void evaluator::fail(const char* code, std::string message, span where) {
    throw runtime_error{code, std::move(message), where};
}

value evaluator::eval(const ir::expr& e, frame& f) {
    if (++m_steps > max_steps) {
        fail("E0503", "the evaluation of this case took more than 10,000,000 steps", e.loc);
    }
    switch (e.kind) {
        case ir::op::literal: return from_constant(e.lit);
        case ir::op::param: {
            auto& slot = m_params[e.index];
            if (!slot) {
                const auto& p = m_program.params[e.index];
                frame none;
                slot = p.value ? eval(*p.value, none) : value(unknown{});
            }
            return *slot;
        }
        case ir::op::call: return call(e, f);
        case ir::op::local: return f.slots[e.index];
        case ir::op::input: return m_input;
        case ir::op::field: {
            auto obj = eval(e.args[0], f);
            if (is_unknown(obj)) {  // one of several records: the field of each
                return combine(obj, true, [&](const value& x, const value&) { return std::get<record_ptr>(x)->fields[e.index]; });
            }
            const auto& rec = std::get<record_ptr>(obj);
            return rec->fields[e.index];
        }
        case ir::op::builtin: return builtin(e, f);
        case ir::op::neg: {
            auto v = eval(e.args[0], f);
            auto negated = [](const value& x, const value&) -> value {
                if (const auto* d = std::get_if<duration>(&x)) return duration{-d->months, -d->days};
                if (const auto* i = std::get_if<big_int>(&x)) return big_int(-*i);
                return rational(-std::get<rational>(x));
            };
            if (is_unknown(v)) return combine(v, true, negated);  // one of several values: each negated
            return negated(v, v);
        }
        case ir::op::not_: {
            auto v = eval(e.args[0], f);
            if (is_unknown(v)) {
                return combine(v, true, [](const value& x, const value&) -> value { return !std::get<bool>(x); });
            }
            return !std::get<bool>(v);
        }
        case ir::op::and_:
        case ir::op::or_: {
            const bool is_and = e.kind == ir::op::and_;
            auto a = eval(e.args[0], f);
            if (const auto* x = std::get_if<bool>(&a); x && *x != is_and) return *x;  // short circuit
            auto b = eval(e.args[1], f);
            if (const auto* y = std::get_if<bool>(&b); y && *y != is_and) return *y;
            if (is_unknown(a) || is_unknown(b)) {
                return combine(a, b, [&](const value& x, const value& y) -> value {
                    return is_and ? std::get<bool>(x) && std::get<bool>(y) : std::get<bool>(x) || std::get<bool>(y);
                });
            }
            return is_and;
        }
        case ir::op::if_: {
            auto c = eval(e.args[0], f);
            if (const auto* b = std::get_if<bool>(&c)) return eval(e.args[*b ? 1 : 2], f);
            // Unknown condition: the value is known only when both branches agree; otherwise it
            // is one of the two, which later operations may still decide.
            auto t = eval(e.args[1], f);
            auto el = eval(e.args[2], f);
            if (!is_unknown(t) && !is_unknown(el)) {
                if (auto o = order(t, el); o && *o == 0) return t;
            }
            unknown u;
            u.missing = std::get<unknown>(c).missing;
            merge_missing(u.missing, missing_of(t));
            merge_missing(u.missing, missing_of(el));
            std::vector<value> opts;
            if (options_of(t, opts) && options_of(el, opts)) u.options = make_options(std::move(opts));
            return u;
        }
        case ir::op::any:
        case ir::op::all:
        case ir::op::count:
        case ir::op::sum:
        case ir::op::greatest:
        case ir::op::smallest: return quantifier(e, f);
        case ir::op::in:
        case ir::op::not_in: return membership(e, f);
        case ir::op::set: {
            auto s = std::make_shared<set_value>();
            for (const auto& a : e.args) {
                if (a.kind == ir::op::range) {
                    s->ranges.emplace_back(eval(a.args[0], f), eval(a.args[1], f));
                } else {
                    s->items.push_back(eval(a, f));
                }
            }
            return set_ptr(std::move(s));
        }
        case ir::op::range: {
            auto s = std::make_shared<set_value>();
            s->ranges.emplace_back(eval(e.args[0], f), eval(e.args[1], f));
            return set_ptr(std::move(s));
        }
        default: return binary(e, f);
    }
}

value evaluator::call(const ir::expr& e, frame& f) {
    const auto& d = m_program.defs[e.index];
    if (!d.callable) {
        auto& memo = m_memo[e.index];
        if (!memo) {
            if (++m_depth > max_depth) fail("E0503", "evaluation nested too deeply", e.loc);
            frame local;
            local.slots.resize(d.frame_size);
            memo = eval(d.body, local);
            --m_depth;
        }
        return *memo;
    }
    frame local;
    local.slots.resize(std::max<std::size_t>(d.frame_size, e.args.size()));
    for (std::size_t i = 0; i < e.args.size(); ++i) local.slots[i] = eval(e.args[i], f);
    if (++m_depth > max_depth) fail("E0503", "evaluation nested too deeply", e.loc);
    auto v = eval(d.body, local);
    --m_depth;
    return v;
}

value evaluator::binary(const ir::expr& e, frame& f) {
    auto a = eval(e.args[0], f);
    auto b = eval(e.args[1], f);
    if (is_unknown(a) || is_unknown(b)) {
        return combine(a, b, [&](const value& x, const value& y) { return binary_known(e, x, y); });
    }
    return binary_known(e, a, b);
}

value evaluator::binary_known(const ir::expr& e, const value& a, const value& b) {
    switch (e.kind) {
        case ir::op::add: case ir::op::sub: case ir::op::mul: case ir::op::div: return arithmetic(e, a, b);
        default: break;
    }
    if (std::holds_alternative<set_ptr>(a) && std::holds_alternative<set_ptr>(b)) {  // = or ≠ (the checker)
        // The same elements, each counted once, ranges as their integers; unknown when an
        // element or a bound is unknown.
        std::vector<value> sa, sb;
        std::vector<std::string> missing;
        const auto* xa = elements(a, sa, missing, e.loc);
        const auto* xb = elements(b, sb, missing, e.loc);
        auto known = [&](const std::vector<value>* xs) {
            if (xs == nullptr) return std::vector<value>{};
            std::vector<value> out;
            for (const auto& x : *xs) {
                if (is_unknown(x)) merge_missing(missing, missing_of(x));
                else out.push_back(x);
            }
            std::stable_sort(out.begin(), out.end(), [](const value& x, const value& y) {
                const auto o = ir::order(x, y);
                return o && *o < 0;
            });
            out.erase(std::unique(out.begin(), out.end(), [](const value& x, const value& y) { return same(x, y); }), out.end());
            return out;
        };
        const auto ka = known(xa), kb = known(xb);
        if (!missing.empty()) return unknown{missing};
        const bool equal = std::equal(ka.begin(), ka.end(), kb.begin(), kb.end(), [](const value& x, const value& y) { return same(x, y); });
        return e.kind == ir::op::eq ? equal : !equal;
    }
    const auto o = order(a, b);
    if (!o) fail("E0503", "values cannot be compared", e.loc);
    switch (e.kind) {
        case ir::op::eq: return *o == 0;
        case ir::op::ne: return *o != 0;
        case ir::op::lt: return *o < 0;
        case ir::op::le: return *o <= 0;
        case ir::op::gt: return *o > 0;
        default: return *o >= 0;
    }
}

value evaluator::arithmetic(const ir::expr& e, const value& a, const value& b) {
    auto r = arithmetic_exact(e, a, b);
    bool big = false;
    if (const auto* i = std::get_if<big_int>(&r)) big = too_big(*i);
    else if (const auto* q = std::get_if<rational>(&r)) big = too_big(*q);
    else if (const auto* d = std::get_if<duration>(&r)) big = too_big(d->months) || too_big(d->days);
    if (big) {
        fail("E0503", "a number larger than the limit of 2^33,220 (about 10,000 digits) was computed", e.loc);
    }
    return r;
}

value evaluator::arithmetic_exact(const ir::expr& e, const value& a, const value& b) {
    // Whole numbers stay whole: no rational (and no gcd) unless a division needs it.
    const auto* ia = std::get_if<big_int>(&a);
    const auto* ib = std::get_if<big_int>(&b);
    if (ia != nullptr && ib != nullptr && e.kind != ir::op::div && e.ty->kind == ir::tkind::integer) {
        if (e.kind == ir::op::add) return big_int(*ia + *ib);
        if (e.kind == ir::op::sub) return big_int(*ia - *ib);
        if (e.kind == ir::op::mul) return big_int(*ia * *ib);
    }
    const auto na = as_number(a), nb = as_number(b);
    const auto* da = std::get_if<duration>(&a);
    const auto* db = std::get_if<duration>(&b);
    const auto* ta = std::get_if<date>(&a);
    switch (e.kind) {
        case ir::op::add:
        case ir::op::sub: {
            const bool add_op = e.kind == ir::op::add;
            if (na && nb) return number_result(add_op ? rational(*na + *nb) : rational(*na - *nb), e.ty);
            if (da && db) return add_op ? *da + *db : *da - *db;
            if (ta && db) {
                const duration step = add_op ? *db : duration{-db->months, -db->days};
                if (auto r = add(*ta, step, m_program.rounding)) return *r;
                if (!add(*ta, step, date_rounding::down)) {  // no rounding would help: out of range
                    fail("E0503", ta->iso() + (add_op ? " + " : " - ") + db->literal() +
                                      " is outside the calendar (0001-01-01 to 9999-12-31)",
                         e.loc);
                }
                fail("E0501", ta->iso() + (add_op ? " + " : " - ") + db->literal() +
                                  " falls on a day that does not exist; declare `rounding up` or `rounding down`",
                     e.loc);
            }
            if (da && std::get_if<date>(&b)) {
                if (auto r = add(std::get<date>(b), *da, m_program.rounding)) return *r;
                if (!add(std::get<date>(b), *da, date_rounding::down)) {
                    fail("E0503", da->literal() + " + " + std::get<date>(b).iso() +
                                      " is outside the calendar (0001-01-01 to 9999-12-31)",
                         e.loc);
                }
                fail("E0501", "date arithmetic falls on a day that does not exist; declare `rounding up` or `rounding down`", e.loc);
            }
            if (ta && std::get_if<date>(&b)) return between(std::get<date>(b), *ta);
            break;
        }
        case ir::op::mul:
            if (na && nb) return number_result(rational(*na * *nb), e.ty);
            if (na && db) return scale(*db, *na);
            if (da && nb) return scale(*da, *nb);
            break;
        case ir::op::div:
            if (na && nb) {
                if (*nb == 0) fail("E0503", "division by zero", e.loc);
                return number_result(rational(*na / *nb), e.ty);
            }
            if (da && nb) {
                if (*nb == 0) fail("E0503", "division by zero", e.loc);
                return scale(*da, rational(1) / *nb);
            }
            if (da && db) {
                if (db->total_days() == 0) fail("E0503", "division by a zero duration", e.loc);
                return ratio(*da, *db);
            }
            break;
        default: break;
    }
    fail("E0503", "invalid operands", e.loc);
}

// Time held over [periods] up to [until]: each period clipped to the cut-off (an unknown or
// null end means still held), overlapping and adjacent periods merged, then the calendar
// durations of the merged periods added. Adjacent periods (detention ending the day prison
// starts) count once, so 31/08/2016 to 31/08/2025 is exactly 9 years however it is split.
value evaluator::time_held(const list_ptr& periods, date until) {
    std::vector<std::pair<date, date>> spans;
    unknown u;
    for (const auto& item : periods->items) {
        if (is_unknown(item)) {
            merge_missing(u.missing, std::get<unknown>(item).missing);
            continue;
        }
        const auto& rec = std::get<record_ptr>(item);
        const auto& from = rec->fields[static_cast<std::size_t>(rec->type->find("from"))];
        const auto& to = rec->fields[static_cast<std::size_t>(rec->type->find("to"))];
        if (is_unknown(from)) {
            merge_missing(u.missing, std::get<unknown>(from).missing);
            continue;
        }
        const date a = std::get<date>(from);
        const date b = is_unknown(to) ? until : std::min(std::get<date>(to), until);
        if (a < b) spans.emplace_back(a, b);
    }
    if (!u.missing.empty()) return u;
    std::sort(spans.begin(), spans.end());
    std::vector<duration> parts;
    for (std::size_t i = 0; i < spans.size();) {
        date a = spans[i].first, b = spans[i].second;
        std::size_t j = i + 1;
        while (j < spans.size() && spans[j].first <= b) b = std::max(b, spans[j++].second);
        parts.push_back(between(a, b));
        i = j;
    }
    if (parts.size() == 1) return parts.front();  // one period: its exact calendar length
    duration total;
    for (const auto& p : parts) total = total + p;  // several: days carried with 30-day months
    return total;
}

// The run of consecutive quarters ending at quarter [last] (quarters.hpp): its length, or unknown
// when a quarter's place or grade is not known, or when the record stops before quarter [last]
// (the missing fact then names that quarter).
value evaluator::quarter_run(const list_ptr& quarters, const big_int& last, const set_ptr& counted,
                             const set_ptr& skipped) {
    auto in = [](const set_ptr& s, const value& g) {
        const auto& grade = std::get<ir::enum_value>(g);
        return std::any_of(s->items.begin(), s->items.end(), [&](const value& x) {
            const auto* e = std::get_if<ir::enum_value>(&x);
            return e != nullptr && *e == grade;
        });
    };
    const auto lastq = static_cast<std::int64_t>(last);
    std::vector<quarter_entry> entries;
    unknown u;
    for (std::size_t i = 0; i < quarters->items.size(); ++i) {
        const auto& item = quarters->items[i];
        if (is_unknown(item)) {
            merge_missing(u.missing, std::get<unknown>(item).missing);
            continue;
        }
        const auto& rec = std::get<record_ptr>(item);
        auto field = [&](std::string_view n) -> const value& {
            return rec->fields[static_cast<std::size_t>(rec->type->find(n))];
        };
        const auto& year = field("year");
        const auto& q = field("quarter");
        if (is_unknown(year) || is_unknown(q)) {
            merge_missing(u.missing, missing_of(year));
            merge_missing(u.missing, missing_of(q));
            continue;
        }
        const big_int index = std::get<big_int>(year) * 4 + std::get<big_int>(q);
        if (index > last || index < 0) continue;  // after the run's end, or not a quarter at all
        const auto& g = field("grade");
        const quarter_state st = is_unknown(g)   ? quarter_state::unknown
                                 : in(counted, g) ? quarter_state::counted
                                 : in(skipped, g) ? quarter_state::skipped
                                                  : quarter_state::breaks;
        entries.push_back({static_cast<std::int64_t>(index), st, static_cast<std::uint32_t>(i)});
    }
    if (!u.missing.empty()) return u;
    const auto r = eval::quarter_run(entries, lastq);
    switch (r.outcome) {
        case quarter_run_result::status::known: return big_int(r.run);
        case quarter_run_result::status::grade_unknown: {
            const auto& rec = std::get<record_ptr>(quarters->items[r.item]);
            return unknown{missing_of(rec->fields[static_cast<std::size_t>(rec->type->find("grade"))])};
        }
        case quarter_run_result::status::last_absent: break;
    }
    const std::int64_t year = (lastq - 1) / 4, quarter = lastq - year * 4;
    return unknown{{fmt::format("{}[?(@.year=={} && @.quarter=={})]", quarters->path.empty() ? "$" : quarters->path, year,
                                quarter)}};
}

value evaluator::builtin(const ir::expr& e, frame& f) {
    const auto id = static_cast<ir::builtin_fn>(e.index);
    if (id == ir::builtin_fn::known) return !is_unknown(eval(e.args[0], f));
    std::vector<value> args;
    unknown u;
    for (const auto& a : e.args) {
        args.push_back(eval(a, f));
        merge_missing(u.missing, missing_of(args.back()));
    }
    for (const auto& a : args) {
        if (is_unknown(a)) return u;
    }
    switch (id) {
        case ir::builtin_fn::min:
        case ir::builtin_fn::max: {
            const auto o = order(args[0], args[1]);
            if (!o) fail("E0503", "values cannot be compared", e.loc);
            const bool first = id == ir::builtin_fn::min ? *o <= 0 : *o >= 0;
            return args[first ? 0 : 1];
        }
        case ir::builtin_fn::between: return between(std::get<date>(args[0]), std::get<date>(args[1]));
        case ir::builtin_fn::round_down:
        case ir::builtin_fn::round_up:
        case ir::builtin_fn::round_half_up: {
            const auto r = *as_number(args[0]);
            big_int q = numerator(r) / denominator(r);
            const big_int rem = numerator(r) - q * denominator(r);
            if (id == ir::builtin_fn::round_down && rem < 0) q -= 1;
            if (id == ir::builtin_fn::round_up && rem > 0) q += 1;
            if (id == ir::builtin_fn::round_half_up) {
                const rational frac = r - rational(q);
                if (frac >= rational(1, 2)) q += 1;
                if (frac < rational(-1, 2)) q -= 1;
            }
            if (e.ty->kind == ir::tkind::money) return rational(q);
            return q;
        }
        case ir::builtin_fn::law_article:
            return ir::law_article{std::get<std::string>(args[0]), std::get<big_int>(args[1])};
        case ir::builtin_fn::years_of: return big_int(std::get<duration>(args[0]).normalized().months / 12);
        case ir::builtin_fn::time_held: return time_held(std::get<list_ptr>(args[0]), std::get<date>(args[1]));
        case ir::builtin_fn::quarter_run: {
            const auto& last = std::get<big_int>(args[1]);
            if (last > big_int(std::numeric_limits<std::int32_t>::max()) || last < 1) {
                fail("E0503", "quarter number out of range", e.loc);
            }
            return quarter_run(std::get<list_ptr>(args[0]), last, std::get<set_ptr>(args[2]), std::get<set_ptr>(args[3]));
        }
        case ir::builtin_fn::length: {
            std::vector<value> storage;
            std::vector<std::string> missing;
            const auto* items = elements(args[0], storage, missing, e.loc);
            if (items == nullptr) return unknown{missing};
            return big_int(items->size());
        }
        default: break;
    }
    fail("E0503", "unknown builtin", e.loc);
}

const std::vector<value>* evaluator::elements(const value& v, std::vector<value>& storage,
                                              std::vector<std::string>& missing, span where) {
    if (const auto* l = std::get_if<list_ptr>(&v)) return &(*l)->items;
    const auto& s = *std::get<set_ptr>(v);
    if (s.ranges.empty()) return &s.items;
    // The integers lo..hi of each range (the numbers of law articles of one code), after the
    // other elements, each once.
    big_int total = 0;
    for (const auto& [lo, hi] : s.ranges) {
        if (is_unknown(lo) || is_unknown(hi)) {
            merge_missing(missing, missing_of(lo));
            merge_missing(missing, missing_of(hi));
            continue;
        }
        const auto* alo = std::get_if<ir::law_article>(&lo);
        const auto* ahi = std::get_if<ir::law_article>(&hi);
        if (alo != nullptr && ahi != nullptr && alo->code != ahi->code) {
            fail("E0503", "the range " + alo->code + " " + alo->number.str() + ".." + ahi->code + " " + ahi->number.str() +
                              " joins two codes; its articles cannot be listed",
                 where);
        }
        const big_int a = alo != nullptr ? alo->number : std::get<big_int>(lo);
        const big_int b = ahi != nullptr ? ahi->number : std::get<big_int>(hi);
        if (b >= a) total += b - a + 1;
    }
    if (!missing.empty()) return nullptr;
    if (total > max_range_elements) {
        fail("E0503", "the set holds " + total.str() + " elements in its ranges, more than the limit of 1,000,000 that can be gone through",
             where);
    }
    // Unknown elements first, then the others in increasing order, each once.
    for (const auto& x : s.items) {
        if (is_unknown(x)) storage.push_back(x);
    }
    const auto unknowns = static_cast<std::ptrdiff_t>(storage.size());
    for (const auto& x : s.items) {
        if (!is_unknown(x)) storage.push_back(x);
    }
    for (const auto& [lo, hi] : s.ranges) {
        const auto* alo = std::get_if<ir::law_article>(&lo);
        const big_int a = alo != nullptr ? alo->number : std::get<big_int>(lo);
        const big_int b = alo != nullptr ? std::get<ir::law_article>(hi).number : std::get<big_int>(hi);
        for (big_int k = a; k <= b; ++k) storage.push_back(alo != nullptr ? value(ir::law_article{alo->code, k}) : value(k));
    }
    const auto less = [](const value& x, const value& y) {
        const auto o = ir::order(x, y);
        return o && *o < 0;
    };
    if (s.items.empty() && s.ranges.size() == 1) return &storage;  // in order already, each once
    std::stable_sort(storage.begin() + unknowns, storage.end(), less);
    storage.erase(std::unique(storage.begin() + unknowns, storage.end(), [](const value& x, const value& y) { return same(x, y); }),
                  storage.end());
    return &storage;
}

value evaluator::quantifier(const ir::expr& e, frame& f) {
    auto list = eval(e.args[0], f);
    if (is_unknown(list)) return unknown{missing_of(list)};  // not the lists it may be, but what decides it
    std::vector<value> storage;
    std::vector<std::string> range_missing;
    const std::vector<value>* items = elements(list, storage, range_missing, e.loc);
    if (items == nullptr) return unknown{range_missing};  // a range's bound not known
    if (f.slots.size() <= e.index) f.slots.resize(e.index + 1);
    unknown u;
    bool any_unknown = false;
    big_int count = 0;
    std::size_t undecided = 0;  // count: elements whose condition is unknown
    value total;
    bool has_total = false;
    ir::expr plus;
    plus.kind = ir::op::add;
    plus.ty = e.ty;
    for (const auto& item : *items) {
        f.slots[e.index] = item;
        if (e.kind == ir::op::count && e.args.size() < 2) {
            ++count;
            continue;
        }
        auto v = eval(e.args[1], f);
        if (is_unknown(v)) {
            any_unknown = true;
            merge_missing(u.missing, std::get<unknown>(v).missing);
        }
        switch (e.kind) {
            case ir::op::any:
                if (const auto* b = std::get_if<bool>(&v); b && *b) return true;
                break;
            case ir::op::all:
                if (const auto* b = std::get_if<bool>(&v); b && !*b) return false;
                break;
            case ir::op::count:
                if (const auto* b = std::get_if<bool>(&v)) {
                    if (*b) ++count;
                } else {
                    ++undecided;  // true or false: the count is one of a range
                }
                break;
            case ir::op::greatest:
            case ir::op::smallest:
            case ir::op::sum:
                if (!has_total) {
                    total = v;
                    has_total = true;
                } else if (e.kind == ir::op::sum) {
                    total = combine(total, v, [&](const value& x, const value& y) { return arithmetic(plus, x, y); });
                } else {
                    const bool greatest = e.kind == ir::op::greatest;
                    total = combine(total, v, [&](const value& x, const value& y) -> value {
                        const auto o = order(y, x);
                        return o && (greatest ? *o > 0 : *o < 0) ? y : x;
                    });
                }
                break;
            default: break;
        }
    }
    switch (e.kind) {
        case ir::op::any:
        case ir::op::all:
            if (any_unknown) return u;
            return e.kind == ir::op::all;
        case ir::op::count: {
            if (undecided == 0) return count;
            // Between [count] and [count + undecided]: a comparison true for all is decided.
            if (undecided + 1 <= max_options) {
                std::vector<value> range;
                for (std::size_t k = 0; k <= undecided; ++k) range.push_back(big_int(count + k));
                u.options = make_options(std::move(range));
            }
            return u;
        }
        case ir::op::greatest:
        case ir::op::smallest: {
            if (has_total) {
                if (auto* tu = std::get_if<unknown>(&total)) merge_missing(tu->missing, u.missing);
                return total;
            }
            // No element: no greatest or smallest value. Unknown, decided by the list's contents.
            unknown none;
            if (const auto* l = std::get_if<list_ptr>(&list); l && !(*l)->path.empty()) none.missing.push_back((*l)->path);
            return none;
        }
        default:
            if (has_total) {
                if (auto* tu = std::get_if<unknown>(&total)) merge_missing(tu->missing, u.missing);
                return total;
            }
            if (e.ty->kind == ir::tkind::duration) return duration{};
            if (e.ty->kind == ir::tkind::integer) return big_int(0);
            return rational(0);
    }
}

value evaluator::membership(const ir::expr& e, frame& f) {
    auto x = eval(e.args[0], f);
    auto s = eval(e.args[1], f);
    if (is_unknown(x) || is_unknown(s)) return unknown_of(x, s);
    const bool positive = e.kind == ir::op::in;
    unknown u;
    bool maybe = false;
    auto test = [&](const value& item) {
        if (is_unknown(item)) {
            maybe = true;
            merge_missing(u.missing, std::get<unknown>(item).missing);
            return false;
        }
        auto o = order(x, item);
        return o && *o == 0;
    };
    const std::vector<value>* items = nullptr;
    if (const auto* l = std::get_if<list_ptr>(&s)) items = &(*l)->items;
    if (const auto* st = std::get_if<set_ptr>(&s)) {
        items = &(*st)->items;
        for (const auto& [lo, hi] : (*st)->ranges) {
            // Ranges hold integers (or law articles): 5/2 is in none.
            if (const auto* r = std::get_if<rational>(&x); r != nullptr && denominator(*r) != 1) continue;
            if (is_unknown(lo) || is_unknown(hi)) {  // a bound not known: in the range or not, undecided
                maybe = true;
                merge_missing(u.missing, missing_of(lo));
                merge_missing(u.missing, missing_of(hi));
                continue;
            }
            auto a = order(lo, x), b = order(x, hi);
            if (a && b && *a <= 0 && *b <= 0) return positive;
        }
    }
    for (const auto& item : *items) {
        if (test(item)) return positive;
    }
    if (maybe) return u;
    return !positive;
}

tri evaluator::truth(const ir::expr& e, frame& f, std::vector<std::string>& missing) {
    auto v = eval(e, f);
    if (const auto* b = std::get_if<bool>(&v)) return *b ? tri::yes : tri::no;
    merge_missing(missing, std::get<unknown>(v).missing);
    return tri::unknown;
}

// The outcome of [rule] ignoring its exceptions: for conditions, whether the requirement holds;
// for exclusions, whether the exclusion applies. An exception in a condition's chain replaces
// the requirement (or waives it); in an exclusion's chain it lifts the exclusion, and an
// exception to that exception restores it.
tri evaluator::base(std::uint32_t rule, int depth, std::vector<std::string>& missing) {
    const auto& r = m_program.rules[rule];
    frame f;
    f.slots.resize(r.frame_size);
    const bool exclusion_chain = m_root_kind[rule] == static_cast<int>(ir::rule_kind::exclusion);
    if (r.kind == ir::rule_kind::exception) {
        if (!exclusion_chain) return r.test ? truth(*r.test, f, missing) : tri::yes;
        if (depth % 2 == 1) return tri::no;
        std::uint32_t root = rule;
        while (m_program.rules[root].kind == ir::rule_kind::exception) root = static_cast<std::uint32_t>(m_program.rules[root].target);
        return base(root, 0, missing);
    }
    std::vector<std::string> test_missing, unless_missing;
    const tri t = r.test ? truth(*r.test, f, test_missing) : tri::yes;
    tri u = tri::no;
    if (r.unless) u = truth(*r.unless, f, unless_missing);
    tri out;
    if (r.kind == ir::rule_kind::condition) {  // A unless B == A or B
        out = t == tri::yes || u == tri::yes ? tri::yes : (t == tri::no && u == tri::no ? tri::no : tri::unknown);
    } else {  // excludes when A unless B == A and not B
        out = t == tri::no || u == tri::yes ? tri::no : (t == tri::yes && u == tri::no ? tri::yes : tri::unknown);
    }
    if (out == tri::unknown) {
        if (t == tri::unknown) merge_missing(missing, test_missing);
        if (u == tri::unknown) merge_missing(missing, unless_missing);
    }
    return out;
}

evaluator::resolved evaluator::resolve(std::uint32_t rule, int depth) {
    const auto& r = m_program.rules[rule];
    resolved out;
    if (depth > 64) fail("E0502", "exceptions nested too deeply", r.loc);
    struct candidate {
        std::uint32_t rule;
        tri when;
        std::vector<std::string> missing;
    };
    std::vector<candidate> fired, maybe;
    for (const auto x : r.exceptions) {
        const auto& ex = m_program.rules[x];
        candidate c{x, tri::yes, {}};
        if (ex.when) {
            frame f;
            f.slots.resize(ex.frame_size);
            c.when = truth(*ex.when, f, c.missing);
        }
        if (c.when == tri::yes) fired.push_back(std::move(c));
        if (c.when == tri::unknown) maybe.push_back(std::move(c));
    }
    std::optional<big_int> top;
    if (!fired.empty()) {
        top = m_program.rules[fired.front().rule].priority;
        for (const auto& c : fired) top = std::max(*top, m_program.rules[c.rule].priority);
        std::optional<std::pair<std::uint32_t, tri>> chosen;
        out.result = tri::unknown;
        bool first = true;
        for (const auto& c : fired) {
            if (m_program.rules[c.rule].priority != *top) continue;
            auto sub = resolve(c.rule, depth + 1);
            if (!first && sub.result != tri::unknown && out.result != tri::unknown && sub.result != out.result) {
                fail("E0502",
                     "exceptions " + m_program.provisions[static_cast<std::size_t>(m_program.rules[chosen->first].provision)].citation_vi +
                         " and " + m_program.provisions[static_cast<std::size_t>(m_program.rules[c.rule].provision)].citation_vi +
                         " both apply with different results and neither has priority",
                     m_program.rules[c.rule].loc);
            }
            if (first || out.result == tri::unknown) {
                out.result = sub.result;
                chosen = std::pair{c.rule, sub.result};
            }
            first = false;
            merge_missing(out.missing, sub.missing);
            out.applied.push_back(c.rule);
            for (const auto a : sub.applied) out.applied.push_back(a);
        }
    } else {
        out.result = base(rule, depth, out.missing);
    }
    // An exception whose `when` is unknown matters only if it would change the outcome.
    for (auto& c : maybe) {
        if (top && m_program.rules[c.rule].priority < *top) continue;
        auto sub = resolve(c.rule, depth + 1);
        if (sub.result != out.result || sub.result == tri::unknown) {
            if (out.result != tri::unknown) out.missing.clear();
            out.result = tri::unknown;
            merge_missing(out.missing, c.missing);
            merge_missing(out.missing, sub.missing);
        }
    }
    if (out.result != tri::unknown) out.missing.clear();
    return out;
}

namespace {

// A short name for a value in explanations: a parameter, a definition, a field chain from the
// case record, a call with such arguments; empty when the expression has no simple name.
std::string describe(const ir::expr& e, const ir::program& p) {
    switch (e.kind) {
        case ir::op::param: return p.params[e.index].name;
        case ir::op::input: return p.input_name;
        case ir::op::field: {
            const auto base = describe(e.args[0], p);
            if (base.empty()) return {};
            return base + "." + e.args[0].ty->rec->fields[e.index].name;
        }
        case ir::op::call: {
            std::string out = p.defs[e.index].name;
            if (!p.defs[e.index].callable) return out;
            out += "(";
            for (std::size_t i = 0; i < e.args.size(); ++i) {
                const auto a = describe(e.args[i], p);
                if (a.empty()) return {};
                out += (i ? ", " : "") + a;
            }
            return out + ")";
        }
        default: return {};
    }
}

}  // namespace

void evaluator::facts(const ir::expr& e, frame& f, std::vector<fact>& out, int depth) {
    if (depth > 12) return;
    auto add = [&](std::string n) {
        for (const auto& x : out) {
            if (x.name == n) return;
        }
        auto v = eval(e, f);
        if (std::holds_alternative<record_ptr>(v)) return;  // a record says nothing by itself
        out.push_back({std::move(n), std::move(v), e.ty});
    };
    switch (e.kind) {
        case ir::op::param:
        case ir::op::field:
        case ir::op::call: {
            auto n = describe(e, m_program);
            if (!n.empty()) {
                add(std::move(n));
                // A condition named by a definition: show what it was made of, one level down.
                if (e.kind == ir::op::call && depth < 2 && e.args.empty()) {
                    const auto& d = m_program.defs[e.index];
                    frame local;
                    local.slots.resize(d.frame_size);
                    facts(d.body, local, out, depth + 1);
                }
            } else {
                for (const auto& a : e.args) facts(a, f, out, depth + 1);
            }
            return;
        }
        case ir::op::any: case ir::op::all: case ir::op::count: case ir::op::sum:
        case ir::op::greatest: case ir::op::smallest:
            facts(e.args[0], f, out, depth + 1);
            return;
        case ir::op::if_: {
            // Only the branch taken explains the value.
            facts(e.args[0], f, out, depth + 1);
            const auto c = eval(e.args[0], f);
            if (const auto* taken = std::get_if<bool>(&c)) {
                facts(e.args[*taken ? 1 : 2], f, out, depth + 1);
            } else {
                facts(e.args[1], f, out, depth + 1);
                facts(e.args[2], f, out, depth + 1);
            }
            return;
        }
        case ir::op::literal: case ir::op::local: case ir::op::input: case ir::op::set: case ir::op::range: return;
        default:
            for (const auto& a : e.args) facts(a, f, out, depth + 1);
    }
}

// Records every rule under [provision] as not applicable (its `applies when` is false).
void evaluator::skip(std::uint32_t provision, decision& d) {
    const auto& p = m_program.provisions[provision];
    for (const auto r : p.rules) {
        if (m_program.rules[r].kind != ir::rule_kind::exception) d.trace.push_back({r, rule_status::skipped, {}, {}, {}});
    }
    for (const auto c : p.children) skip(c, d);
}

void evaluator::walk(std::uint32_t provision, const std::vector<std::string>& guard_missing, bool guard_unknown,
                     decision& d, bool explain) {
    const auto& p = m_program.provisions[provision];
    std::vector<std::string> gm = guard_missing;
    bool unknown_guard = guard_unknown;
    if (p.applies) {
        frame f;
        f.slots.resize(p.frame_size);
        const tri g = truth(*p.applies, f, gm);
        if (g == tri::no) {
            m_skipped.push_back(provision);
            if (explain) skip(provision, d);
            return;
        }
        unknown_guard = unknown_guard || g == tri::unknown;
    }
    for (const auto r : p.rules) {
        const auto& rule = m_program.rules[r];
        if (rule.kind == ir::rule_kind::exception) continue;
        auto res = resolve(r, 0);
        const bool exclusion = rule.kind == ir::rule_kind::exclusion;
        const tri neutral = exclusion ? tri::no : tri::yes;
        if (unknown_guard && res.result != neutral) {
            merge_missing(res.missing, gm);
            res.result = tri::unknown;
        }
        rule_status status = rule_status::unknown;
        if (res.result == tri::yes) status = exclusion ? rule_status::applies : rule_status::holds;
        if (res.result == tri::no) status = exclusion ? rule_status::not_applies : rule_status::fails;
        if (status == rule_status::fails || status == rule_status::applies) {
            d.failed.push_back(p.citation_vi);
            m_decided.push_back(r);
        }
        if (status == rule_status::unknown) {
            ++d.unknown_rules;
            merge_missing(d.missing, res.missing);
        }
        if (res.result != tri::unknown) {
            for (const auto a : res.applied) {
                const auto& cite = m_program.provisions[static_cast<std::size_t>(m_program.rules[a].provision)].citation_vi;
                if (std::find(d.applied.begin(), d.applied.end(), cite) == d.applied.end()) d.applied.push_back(cite);
            }
        }
        if (explain) {
            rule_trace t{r, status, res.applied, res.missing, {}};
            frame f;
            f.slots.resize(rule.frame_size);
            if (rule.test) facts(*rule.test, f, t.facts, 0);
            if (rule.unless) facts(*rule.unless, f, t.facts, 0);
            for (const auto a : res.applied) {
                const auto& ex = m_program.rules[a];
                frame fx;
                fx.slots.resize(ex.frame_size);
                if (ex.when) facts(*ex.when, fx, t.facts, 0);
                if (ex.test) facts(*ex.test, fx, t.facts, 0);
            }
            d.trace.push_back(std::move(t));
        }
    }
    for (const auto c : p.children) walk(c, gm, unknown_guard, d, explain);
}

decision evaluator::decide(const record_ptr& record, bool explain, bool no_assumptions) {
    m_input = record;
    std::fill(m_memo.begin(), m_memo.end(), std::nullopt);
    m_depth = 0;
    m_steps = 0;
    m_decided.clear();
    m_skipped.clear();
    decision d;
    try {
        for (const auto root : m_program.roots) walk(root, {}, false, d, explain);
    } catch (const runtime_error& e) {
        decision err;
        err.result = verdict::error;
        err.error = "error[" + e.code + "]: " + e.message;
        err.error_at = e.where;
        err.trace = std::move(d.trace);
        return err;
    }
    if (!d.failed.empty()) {
        d.result = verdict::not_eligible;
        d.missing.clear();
    } else if (d.unknown_rules > 0) {
        d.result = verdict::undetermined;
    } else {
        d.result = verdict::eligible;
    }
    const auto& table = provenance::of(m_program);
    provenance::rests_on(table, m_program, static_cast<provenance::verdict>(d.result), {m_decided, m_skipped}, m_rests);
    for (const auto a : m_rests) d.assumptions.push_back(table.assumptions[a].id);
    if (no_assumptions) withhold_assumed(d);
    return d;
}

value evaluator::definition_value(const std::string& n) {
    for (std::size_t i = 0; i < m_program.defs.size(); ++i) {
        const auto& d = m_program.defs[i];
        if (d.module == 0 && d.name == n && !d.callable) {
            ir::expr e;
            e.kind = ir::op::call;
            e.index = static_cast<std::uint32_t>(i);
            e.ty = d.ty;
            frame f;
            return call(e, f);
        }
    }
    return unknown{};
}

}  // namespace decree::eval
