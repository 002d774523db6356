// Evaluation of compiled nodes (machine.hpp): one handler per kind of node, over cells.
#include <algorithm>
#include <limits>

#include "decree/lang/messages.hpp"
#include "machine.hpp"

namespace decree::eval {

namespace {
__extension__ typedef __int128 i128;
}  // namespace

void machine::fail(const char* code, text message, const node& x) {
    throw runtime_error{code, std::move(message), x.src != nullptr ? x.src->loc : span{}};
}

void machine::step(const node& x) {
    if (++m_steps > max_steps) fail("E0503", say(msg::ev_too_many_steps), x);
}

// --- unknowns ------------------------------------------------------------------------------------

missing_facts machine::missing_of(const cell& v) {
    if (v.t != tag::unknown || v.p == nullptr) return {};
    if (const auto* u = info_of(v)) return {u->missing, u->n_missing};
    auto** at = m_tmp.make<const cell*>(1);
    at[0] = static_cast<const cell*>(v.p);
    return {at, 1};
}

// [into] then what [from] adds, first-seen order, no repeats.
missing_facts machine::merged(missing_facts into, missing_facts from) {
    if (from.n == 0) return into;
    if (into.n == 0) return from;
    auto** out = m_tmp.make<const cell*>(into.n + from.n);
    std::copy(into.at, into.at + into.n, out);
    std::uint32_t n = into.n;
    for (std::uint32_t i = 0; i < from.n; ++i) {
        if (std::find(out, out + n, from.at[i]) == out + n) out[n++] = from.at[i];
    }
    return n == into.n ? into : missing_facts{out, n};
}

cell machine::unknown_value(missing_facts ms, const cell* options, std::uint32_t n_options) {
    if (n_options == 0 && ms.n == 0) return cell{};
    if (n_options == 0 && ms.n == 1) return {tag::unknown, 0, 0, ms.at[0]};
    auto* u = m_tmp.make<unknown_info>(1);
    *u = {ms.at, ms.n, n_options, options};
    return {tag::unknown, 0, 1, u};
}

// [v], and when it is unknown, with the missing facts [ms] added to its own.
cell machine::with_missing(const cell& v, missing_facts ms) {
    if (!is_unknown(v) || ms.n == 0) return v;
    const auto* u = info_of(v);
    return unknown_value(merged(missing_of(v), ms), u != nullptr ? u->options : nullptr, u != nullptr ? u->n_options : 0);
}

// The values [v] may take: itself when known, its options when it has some; false when it is
// unknown without options.
bool machine::options_of(const cell& v, const cell*& at, std::uint32_t& n) {
    if (v.t != tag::unknown) {
        at = &v;
        n = 1;
        return true;
    }
    const auto* u = info_of(v);
    if (u == nullptr || u->n_options == 0) return false;
    at = u->options;
    n = u->n_options;
    return true;
}

// [op] over every pair of possible values of [a] and [b]; known when all results agree.
template <typename Op>
cell machine::combine(const cell& a, const cell& b, Op op) {
    const missing_facts ms = merged(missing_of(a), missing_of(b));
    const cell *xs = nullptr, *ys = nullptr;
    std::uint32_t nx = 0, ny = 0;
    if (!options_of(a, xs, nx) || !options_of(b, ys, ny) || nx * ny > max_options) return unknown_value(ms);
    cell results[max_options];
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < nx; ++i) {
        for (std::uint32_t j = 0; j < ny; ++j) {
            const cell r = op(xs[i], ys[j]);
            if (is_unknown(r)) return unknown_value(ms);
            bool seen = false;
            for (std::uint32_t k = 0; k < n && !seen; ++k) seen = m_num.same(results[k], r);
            if (!seen) results[n++] = r;
        }
    }
    if (n == 1) return results[0];
    cell* options = m_tmp.raw<cell>(n);
    for (std::uint32_t k = 0; k < n; ++k) new (&options[k]) cell(results[k]);
    return unknown_value(ms, options, n);
}

// --- the dispatcher ------------------------------------------------------------------------------

// Evaluates [x]; on the fused code the caller has charged its cost (node::cost), on the plain
// code each node counts one step (eval_plain). A thin dispatcher: the leaves are answered here,
// everything else is a call to its handler. The plain code's step is out of line so that the
// fused path stays a test and a jump.
[[gnu::always_inline]] inline cell machine::dispatch(const node& x, cell* f) {
    switch (x.k) {
        case node_kind::literal: return x.lit;
        case node_kind::local: return f[x.index];
        case node_kind::input: return m_input;
        case node_kind::input_field: return static_cast<const cell*>(m_input.p)[x.index];
        case node_kind::local_field: {
            const cell& obj = f[x.frame];
            if (is_unknown(obj)) return field_of_unknown(obj, x.index);
            return static_cast<const cell*>(obj.p)[x.index];
        }
        case node_kind::input_field2: {
            const cell& obj = static_cast<const cell*>(m_input.p)[x.frame];
            if (is_unknown(obj)) return field_of_unknown(obj, x.index);
            return static_cast<const cell*>(obj.p)[x.index];
        }
        case node_kind::param: return param(x);
        case node_kind::memo:
            if (m_memo_gen[x.index] == m_gen) return m_memo[x.index];
            return memo_of(x);
        case node_kind::call: return call(x, f);
        case node_kind::compare_literal: return compare_literal(x, f);
        case node_kind::field: return field(x, f);
        case node_kind::neg:
        case node_kind::not_: return unary(x, f);
        case node_kind::and_:
        case node_kind::or_: return and_or(x, f);
        case node_kind::if_: return if_then(x, f);
        case node_kind::any:
        case node_kind::all:
        case node_kind::count:
        case node_kind::count_all:
        case node_kind::sum:
        case node_kind::greatest:
        case node_kind::smallest: return quantifier(x, f);
        case node_kind::in:
        case node_kind::not_in: return membership(x, f);
        case node_kind::set:
        case node_kind::range: return make_set(x, f);
        case node_kind::builtin: return builtin(x, f);
        case node_kind::compare:
        case node_kind::arith: return operation(x, f);
    }
    return cell{};
}

cell machine::eval(const node& x, cell* f) {
    if (m_plain) [[unlikely]] return eval_plain(x, f);
    return dispatch(x, f);
}

[[gnu::noinline]] cell machine::eval_plain(const node& x, cell* f) {
    step(x);
    return dispatch(x, f);
}

// An operand: on the fused code the commonest leaves fetched in place, anything else evaluated.
[[gnu::always_inline]] inline cell machine::operand(const node& x, cell* f) {
    if (m_plain) return eval(x, f);
    if (x.k == node_kind::local_field) {
        const cell& obj = f[x.frame];
        if (is_unknown(obj)) return field_of_unknown(obj, x.index);
        return static_cast<const cell*>(obj.p)[x.index];
    }
    if (x.k == node_kind::input_field) return static_cast<const cell*>(m_input.p)[x.index];
    if (x.k == node_kind::literal) return x.lit;
    if (x.k == node_kind::local) return f[x.index];
    if (x.k == node_kind::compare_literal) return compare_literal(x, f);
    if (x.k == node_kind::memo && m_memo_gen[x.index] == m_gen) return m_memo[x.index];
    if (x.k == node_kind::and_ || x.k == node_kind::or_) return and_or(x, f);
    return eval(x, f);
}

// A parameter: the same for every record, computed once (its steps count for no case).
[[gnu::noinline]] cell machine::param(const node& x) {
    if (!m_param_done[x.index]) {
        const node* body = m_code->params[x.index];
        const std::uint64_t steps = m_steps;
        cell v;
        if (body != nullptr) {
            charge(*body);
            v = persist(eval(*body, frame(m_code->param_frames[x.index])));
        }
        m_steps = steps;
        m_params[x.index] = v;
        m_param_done[x.index] = true;
    }
    return m_params[x.index];
}

[[gnu::noinline]] cell machine::memo_of(const node& x) {
    if (m_memo_gen[x.index] != m_gen) {
        enter(x);
        charge(m_code->def_costs[x.index]);
        new (&m_memo[x.index]) cell(eval(*m_code->defs[x.index], frame(m_code->def_frames[x.index])));
        m_depth -= 1 + static_cast<int>(x.inlined);
        m_memo_gen[x.index] = m_gen;
    }
    return m_memo[x.index];
}

[[gnu::noinline]] cell machine::call(const node& x, cell* f) {
    cell* local = frame(x.frame);
    for (std::size_t i = 0; i < x.args.size(); ++i) new (&local[i]) cell(eval(*x.args[i], f));
    enter(x);
    charge(m_code->def_costs[x.index]);
    const cell v = eval(*m_code->defs[x.index], local);
    m_depth -= 1 + static_cast<int>(x.inlined);
    return v;
}

// A level of nesting. The plain code counts calls exactly; the fused code counts the calls
// compiled in place around this one too, and when those compiled into the body could pass the
// limit, the case is run again on the plain code.
void machine::enter(const node& x) {
    if (m_plain) {
        if (++m_depth > max_depth) fail("E0503", say(msg::ev_nested_too_deeply), x);
        return;
    }
    m_depth += 1 + static_cast<int>(x.inlined);
    if (m_depth + static_cast<int>(m_code->def_inlined[x.index]) > max_depth) throw rerun{};
}

// --- operations ----------------------------------------------------------------------------------

[[gnu::noinline]] cell machine::compare_literal(const node& x, cell* f) {
    const cell a = operand(*x.arg0, f);
    const cell& b = x.arg1->lit;
    if (is_unknown(a)) {
        if (!has_options(a)) return a;
        return combine(a, b, [&](const cell& p, const cell& q) { return binary(x, p, q); });
    }
    int o = 0;
    if (a.t == b.t && a.b == b.b && a.p == b.p && (a.t != tag::number || a.b == 1)) {
        o = a.a < b.a ? -1 : (a.a > b.a ? 1 : 0);  // whole numbers, enumerations, booleans, dates
    } else {
        o = m_num.order(a, b);
        if (o == incomparable) fail("E0503", say(msg::ev_incomparable), x);
    }
    return compared(x.op, o);
}

// A field of a value that may be one of several records: the field of each.
[[gnu::noinline]] cell machine::field_of_unknown(const cell& obj, std::uint32_t index) {
    if (!has_options(obj)) return obj;
    return combine(obj, boolean(true), [&](const cell& r, const cell&) { return static_cast<const cell*>(r.p)[index]; });
}

[[gnu::noinline]] cell machine::field(const node& x, cell* f) {
    const cell obj = operand(*x.arg0, f);
    if (is_unknown(obj)) return field_of_unknown(obj, x.index);
    return static_cast<const cell*>(obj.p)[x.index];
}

[[gnu::noinline]] cell machine::unary(const node& x, cell* f) {
    const cell v = operand(*x.arg0, f);
    const bool is_not = x.k == node_kind::not_;
    if (is_unknown(v)) {
        if (!has_options(v)) return v;
        return combine(v, boolean(true), [&](const cell& p, const cell&) { return is_not ? boolean(p.a == 0) : m_num.negated(p, x.src->loc); });
    }
    if (is_not) return boolean(v.a == 0);
    return m_num.negated(v, x.src->loc);
}

[[gnu::noinline]] cell machine::and_or(const node& x, cell* f) {
    const bool is_and = x.k == node_kind::and_;
    const cell a = operand(*x.arg0, f);
    if (!is_unknown(a) && (a.a != 0) != is_and) return a;
    const cell b = operand(*x.arg1, f);
    if (!is_unknown(b) && (b.a != 0) != is_and) return b;
    if (is_unknown(a) || is_unknown(b)) {
        return combine(a, b, [&](const cell& p, const cell& q) { return boolean(is_and ? p.a != 0 && q.a != 0 : p.a != 0 || q.a != 0); });
    }
    return boolean(is_and);
}

[[gnu::noinline]] cell machine::if_then(const node& x, cell* f) {
    const cell cond = operand(*x.arg0, f);
    if (!is_unknown(cond)) return operand(cond.a != 0 ? *x.arg1 : *x.arg2, f);
    // Unknown condition: known only when both branches agree; otherwise one of the two, which
    // later operations may still decide.
    const cell t = operand(*x.arg1, f);
    const cell el = operand(*x.arg2, f);
    if (!is_unknown(t) && !is_unknown(el) && m_num.order(t, el) == 0) return t;
    const missing_facts ms = merged(merged(missing_of(cond), missing_of(t)), missing_of(el));
    const cell *ts = nullptr, *es = nullptr;
    std::uint32_t nt = 0, ne = 0;
    if (!options_of(t, ts, nt) || !options_of(el, es, ne)) return unknown_value(ms);
    cell* options = m_tmp.raw<cell>(nt + ne);
    for (std::uint32_t i = 0; i < nt + ne; ++i) new (&options[i]) cell(i < nt ? ts[i] : es[i - nt]);
    return unknown_value(ms, options, nt + ne);
}

// Comparisons and arithmetic: 64-bit whole numbers here, the rest in binary().
[[gnu::noinline]] cell machine::operation(const node& x, cell* f) {
    const cell a = operand(*x.arg0, f);
    const cell b = operand(*x.arg1, f);
    if (is_unknown(a) || is_unknown(b)) return combine(a, b, [&](const cell& p, const cell& q) { return binary(x, p, q); });
    if (a.t == tag::number && b.t == tag::number && a.b == 1 && b.b == 1) {
        std::int64_t r = 0;
        switch (x.op) {
            case ir::op::add:
                if (!__builtin_add_overflow(a.a, b.a, &r)) return whole(r);
                break;
            case ir::op::sub:
                if (!__builtin_sub_overflow(a.a, b.a, &r)) return whole(r);
                break;
            case ir::op::mul:
                if (!__builtin_mul_overflow(a.a, b.a, &r)) return whole(r);
                break;
            case ir::op::div: break;
            default: return compared(x.op, a.a < b.a ? -1 : (a.a > b.a ? 1 : 0));
        }
    }
    return binary(x, a, b);
}

// A comparison or an arithmetic operation [x] of two known values.
[[gnu::noinline]] cell machine::binary(const node& x, const cell& a, const cell& b) {
    switch (x.op) {
        case ir::op::add: case ir::op::sub: case ir::op::mul: case ir::op::div:
            return m_num.arithmetic(x.op, a, b, x.src->ty, x.src->loc);
        default: break;
    }
    if (a.t == tag::set && b.t == tag::set) return sets_equal(x, a, b);  // = or ≠ (the checker)
    const int o = m_num.order(a, b);
    if (o == incomparable) fail("E0503", say(msg::ev_incomparable), x);
    return compared(x.op, o);
}

// Two sets are equal when they hold the same elements, each counted once, ranges as their
// integers; unknown when an element or a bound is unknown.
cell machine::sets_equal(const node& x, const cell& a, const cell& b) {
    missing_facts ms;
    std::size_t na = 0, nb = 0;
    const cell* xa = elements(a, na, ms, x);
    const cell* xb = elements(b, nb, ms, x);
    auto known = [&](const cell* xs, std::size_t n, std::vector<cell>& out) {
        for (std::size_t i = 0; xs != nullptr && i < n; ++i) {
            if (is_unknown(xs[i])) ms = merged(ms, missing_of(xs[i]));
            else out.push_back(xs[i]);
        }
        std::stable_sort(out.begin(), out.end(), [&](const cell& p, const cell& q) {
            const int o = m_num.order(p, q);
            return o != incomparable && o < 0;
        });
        out.erase(std::unique(out.begin(), out.end(), [&](const cell& p, const cell& q) { return m_num.same(p, q); }), out.end());
    };
    std::vector<cell> ka, kb;
    known(xa, na, ka);
    known(xb, nb, kb);
    if (ms.n > 0) return unknown_value(ms);
    const bool equal = std::equal(ka.begin(), ka.end(), kb.begin(), kb.end(), [&](const cell& p, const cell& q) { return m_num.same(p, q); });
    return boolean(x.op == ir::op::eq ? equal : !equal);
}

[[gnu::noinline]] cell machine::make_set(const node& x, cell* f) {
    if (x.k == node_kind::range) {
        auto* s = m_tmp.make<cell_set>(1);
        auto* ranges = m_tmp.make<std::pair<cell, cell>>(1);
        ranges[0] = {eval(*x.args[0], f), eval(*x.args[1], f)};
        *s = {nullptr, 0, ranges, 1, false};
        return {tag::set, 0, 0, s};
    }
    std::size_t n_items = 0, n_ranges = 0;
    for (const auto* a : x.args) (a->is_range ? n_ranges : n_items) += 1;
    auto* s = m_tmp.make<cell_set>(1);
    auto* items = m_tmp.make<cell>(n_items);
    auto* ranges = m_tmp.make<std::pair<cell, cell>>(n_ranges);
    std::size_t i = 0, r = 0;
    for (const auto* a : x.args) {
        if (a->is_range) {
            ranges[r++] = {eval(*a->args[0], f), eval(*a->args[1], f)};
        } else {
            items[i++] = eval(*a, f);
        }
    }
    *s = {items, n_items, ranges, n_ranges, false};
    return {tag::set, 0, 0, s};
}

// A value that outlives the record (a parameter's): copied out of the record's arena.
[[gnu::noinline]] cell machine::persist(const cell& v) {
    switch (v.t) {
        case tag::set: {
            const auto* s = static_cast<const cell_set*>(v.p);
            auto* out = m_keep.make<cell_set>(1);
            auto* items = m_keep.make<cell>(s->n);
            auto* ranges = m_keep.make<std::pair<cell, cell>>(s->nr);
            for (std::size_t i = 0; i < s->n; ++i) items[i] = persist(s->items[i]);
            for (std::size_t i = 0; i < s->nr; ++i) ranges[i] = {persist(s->ranges[i].first), persist(s->ranges[i].second)};
            *out = {items, s->n, ranges, s->nr, s->whole_numbers};
            return {tag::set, 0, 0, out};
        }
        case tag::list: {
            const auto n = static_cast<std::size_t>(v.a);
            auto* items = m_keep.make<cell>(n);
            for (std::size_t i = 0; i < n; ++i) items[i] = persist(static_cast<const cell*>(v.p)[i]);
            return {tag::list, v.a, 0, items};
        }
        case tag::unknown: {
            // A parameter reads no record: its unknowns miss no fact, they may have options.
            const auto* u = info_of(v);
            if (u == nullptr || u->n_options == 0) return cell{};
            auto* options = m_keep.raw<cell>(u->n_options);
            for (std::uint32_t i = 0; i < u->n_options; ++i) new (&options[i]) cell(persist(u->options[i]));
            auto* kept = m_keep.make<unknown_info>(1);
            *kept = {nullptr, 0, u->n_options, options};
            return {tag::unknown, 0, 1, kept};
        }
        case tag::boxed: return m_num.kept(v);
        default: return v;  // strings in parameters are the program's constants
    }
}

// --- built-in functions --------------------------------------------------------------------------

// A built-in function: its arguments evaluated (but for `known` and `_quarter_run`, which look
// at theirs), unknown when one is, else its function.
[[gnu::noinline]] cell machine::builtin(const node& x, cell* f) {
    using handler = cell (machine::*)(const node&, cell*, const cell*);
    static constexpr handler handlers[] = {
#define BUILTIN(id, name, arity, stdlib_only, signature, doc) &machine::builtin_##id,
#include "decree/lang/builtins.def"
#undef BUILTIN
    };
    const auto id = static_cast<ir::builtin_fn>(x.index);
    if (id == ir::builtin_fn::known || id == ir::builtin_fn::quarter_run) return (this->*handlers[x.index])(x, f, nullptr);
    cell args[4];
    bool unknown = false;
    missing_facts ms;
    for (std::size_t i = 0; i < x.args.size() && i < 4; ++i) {
        args[i] = eval(*x.args[i], f);
        if (is_unknown(args[i])) {
            unknown = true;
            ms = merged(ms, missing_of(args[i]));
        }
    }
    if (unknown) return unknown_value(ms);
    return (this->*handlers[x.index])(x, f, args);
}

cell machine::builtin_known(const node& x, cell* f, const cell*) { return boolean(!is_unknown(eval(*x.arg0, f))); }

cell machine::builtin_min(const node& x, cell*, const cell* args) {
    const int o = m_num.order(args[0], args[1]);
    if (o == incomparable) fail("E0503", say(msg::ev_incomparable), x);
    return args[o <= 0 ? 0 : 1];
}

cell machine::builtin_max(const node& x, cell*, const cell* args) {
    const int o = m_num.order(args[0], args[1]);
    if (o == incomparable) fail("E0503", say(msg::ev_incomparable), x);
    return args[o >= 0 ? 0 : 1];
}

cell machine::builtin_between(const node&, cell*, const cell* args) { return m_num.between(args[0].a, args[1].a); }

cell machine::builtin_round_down(const node&, cell*, const cell* args) { return m_num.rounded(ir::builtin_fn::round_down, args[0]); }
cell machine::builtin_round_up(const node&, cell*, const cell* args) { return m_num.rounded(ir::builtin_fn::round_up, args[0]); }
cell machine::builtin_round_half_up(const node&, cell*, const cell* args) {
    return m_num.rounded(ir::builtin_fn::round_half_up, args[0]);
}

cell machine::builtin_law_article(const node&, cell*, const cell* args) {
    return m_num.article(std::string_view(static_cast<const char*>(args[0].p), static_cast<std::size_t>(args[0].a)), args[1]);
}

cell machine::builtin_years_of(const node&, cell*, const cell* args) { return m_num.years_of(args[0]); }

cell machine::builtin_year_of(const node&, cell*, const cell* args) { return whole(date{args[0].a}.year()); }
cell machine::builtin_month_of(const node&, cell*, const cell* args) { return whole(date{args[0].a}.month()); }

cell machine::builtin_length(const node& x, cell*, const cell* args) {
    if (args[0].t == tag::list) return whole(args[0].a);
    std::size_t n = 0;
    missing_facts range_missing;
    if (elements(args[0], n, range_missing, x) == nullptr) return unknown_value(range_missing);
    return whole(static_cast<std::int64_t>(n));
}

// The run of consecutive quarters ending at quarter [last] (quarters.hpp): its length, or
// unknown when a quarter's place or grade is not known, or when the record stops before quarter
// [last] (the missing fact then names that quarter).
cell machine::builtin_quarter_run(const node& x, cell* f, const cell*) {
    cell args[4];
    missing_facts ms;
    for (std::size_t i = 0; i < 4; ++i) {
        args[i] = eval(*x.args[i], f);
        if (is_unknown(args[i])) ms = merged(ms, missing_of(args[i]));
    }
    if (ms.n > 0) return unknown_value(ms);
    if (args[1].t != tag::number || args[1].b != 1 || args[1].a < 1 || args[1].a > std::numeric_limits<std::int32_t>::max()) {
        fail("E0503", say(msg::ev_quarter_out_of_range), x);
    }
    const std::int64_t last = args[1].a;
    auto in = [](const cell& set, const cell& g) {
        const auto* s = static_cast<const cell_set*>(set.p);
        for (std::size_t i = 0; i < s->n; ++i) {
            if (s->items[i].t == tag::enumeration && s->items[i].a == g.a && s->items[i].p == g.p) return true;
        }
        return false;
    };
    const auto n = static_cast<std::size_t>(args[0].a);
    const cell* items = static_cast<const cell*>(args[0].p);
    auto& entries = m_quarter_entries;
    entries.clear();
    for (std::size_t i = 0; i < n; ++i) {
        if (is_unknown(items[i])) {
            ms = merged(ms, missing_of(items[i]));
            continue;
        }
        const cell* rec = static_cast<const cell*>(items[i].p);
        const cell& year = rec[x.from];
        const cell& q = rec[x.to];
        if (is_unknown(year) || is_unknown(q)) {
            ms = merged(merged(ms, missing_of(year)), missing_of(q));
            continue;
        }
        std::int64_t index = 0;
        if (year.t == tag::number && q.t == tag::number) {
            const i128 k = static_cast<i128>(year.a) * 4 + q.a;
            if (k > last || k < 0) continue;  // after the run's end, or not a quarter at all
            index = static_cast<std::int64_t>(k);
        } else {
            const big_int k = std::get<big_int>(m_num.constant_of(year)) * 4 + std::get<big_int>(m_num.constant_of(q));
            if (k > last || k < 0) continue;
            index = static_cast<std::int64_t>(k);
        }
        const cell& g = rec[x.grade];
        const quarter_state st = is_unknown(g)          ? quarter_state::unknown
                                 : in(args[2], g) ? quarter_state::counted
                                 : in(args[3], g) ? quarter_state::skipped
                                                  : quarter_state::breaks;
        entries.push_back({index, st, static_cast<std::uint32_t>(i)});
    }
    if (ms.n > 0) return unknown_value(ms);
    const auto r = eval::quarter_run(entries, last);
    switch (r.outcome) {
        case quarter_run_result::status::known: return whole(r.run);
        case quarter_run_result::status::grade_unknown: {
            const cell* rec = static_cast<const cell*>(items[r.item].p);
            return unknown_value(missing_of(rec[x.grade]));
        }
        case quarter_run_result::status::last_absent: break;
    }
    // The missing fact is the quarter itself: a cell of no record, spelled by path_of.
    const cell* absent = nullptr;
    for (const auto& a : m_absent_quarters) {
        if (a.items == args[0].p && a.last == last) absent = a.slot;  // the same quarter: one fact
    }
    if (absent == nullptr) {
        auto* made = m_tmp.make<cell>(1);
        absent = made;
        m_absent_quarters.push_back({absent, args[0].p, reinterpret_cast<const cell*>(args[0].b), last});
    }
    auto** at = m_tmp.make<const cell*>(1);
    at[0] = absent;
    return unknown_value({at, 1});
}

// Time held over [periods] up to [until]: each period clipped to the cut-off (an unknown end
// means still held), overlapping and adjacent periods merged, then the calendar durations of the
// merged periods added (one period: its exact calendar length; several: days carried with
// 30-day months).
cell machine::builtin_time_held(const node& x, cell*, const cell* args) {
    const cell& periods = args[0];
    const std::int64_t until = args[1].a;
    const auto n = static_cast<std::size_t>(periods.a);
    const cell* items = static_cast<const cell*>(periods.p);
    auto* spans = m_tmp.make<std::pair<std::int64_t, std::int64_t>>(n);
    std::size_t k = 0;
    missing_facts ms;  // the periods and starts not known
    for (std::size_t i = 0; i < n; ++i) {
        if (is_unknown(items[i])) {
            ms = merged(ms, missing_of(items[i]));
            continue;
        }
        const cell* rec = static_cast<const cell*>(items[i].p);
        const cell& from = rec[x.from];
        const cell& to = rec[x.to];
        if (is_unknown(from)) {
            ms = merged(ms, missing_of(from));
            continue;
        }
        const std::int64_t a = from.a;
        const std::int64_t b = is_unknown(to) ? until : std::min(to.a, until);
        if (a < b) spans[k++] = {a, b};
    }
    if (ms.n > 0) return unknown_value(ms);
    std::sort(spans, spans + k);
    std::int64_t total_days = 0;
    std::size_t parts = 0;
    cell first;
    for (std::size_t i = 0; i < k;) {
        const std::int64_t a = spans[i].first;
        std::int64_t b = spans[i].second;
        std::size_t j = i + 1;
        while (j < k && spans[j].first <= b) b = std::max(b, spans[j++].second);
        const cell part = m_num.between(a, b);
        if (parts++ == 0) first = part;
        total_days += part.a * 30 + part.b;  // dates are within years 1..9999: no overflow
        i = j;
    }
    if (parts == 1) return first;
    return duration_of(total_days / 30, total_days % 30);
}

// --- sets and quantifiers ------------------------------------------------------------------------

namespace {
// A number with a fraction: in no range (ranges hold integers and articles).
bool fractional(const cell& v) {
    if (v.t == tag::number) return v.b != 1;
    if (v.t != tag::boxed) return false;
    const auto* r = std::get_if<rational>(&boxed_value(v));
    return r != nullptr && denominator(*r) != 1;
}
}  // namespace

const cell* machine::elements(const cell& v, std::size_t& n, missing_facts& ms, const node& x) {
    if (v.t == tag::list) {
        n = static_cast<std::size_t>(v.a);
        return static_cast<const cell*>(v.p);
    }
    const auto& s = *static_cast<const cell_set*>(v.p);
    if (s.nr == 0) {
        n = s.n;
        return s.items;
    }
    // The integers lo..hi of each range (the numbers of law articles of one code), after the
    // other elements, each once.
    big_int total = 0;
    bool unknown_bound = false;
    for (std::size_t i = 0; i < s.nr; ++i) {
        const auto& [lo, hi] = s.ranges[i];
        if (is_unknown(lo) || is_unknown(hi)) {
            ms = merged(merged(ms, missing_of(lo)), missing_of(hi));
            unknown_bound = true;
            continue;
        }
        const auto a = m_num.constant_of(lo), b = m_num.constant_of(hi);
        const auto* alo = std::get_if<ir::law_article>(&a);
        const auto* ahi = std::get_if<ir::law_article>(&b);
        if (alo != nullptr && ahi != nullptr && alo->code != ahi->code) {
            fail("E0503", say(msg::ev_range_joins_codes, {alo->code + " " + alo->number.str(), ahi->code + " " + ahi->number.str()}), x);
        }
        const big_int first = alo != nullptr ? alo->number : std::get<big_int>(a);
        const big_int last = ahi != nullptr ? ahi->number : std::get<big_int>(b);
        if (last >= first) total += last - first + 1;
    }
    if (unknown_bound) return nullptr;
    if (total > max_range_elements) {
        fail("E0503", say(msg::ev_range_too_large, {total.str()}), x);
    }
    std::size_t unknowns = 0;
    for (std::size_t i = 0; i < s.n; ++i) unknowns += is_unknown(s.items[i]) ? 1 : 0;
    const std::size_t room = s.n + static_cast<std::size_t>(total);
    cell* out = m_tmp.raw<cell>(room);
    std::size_t k = 0;
    // Unknown elements first, then the others in increasing order, each once.
    for (std::size_t i = 0; i < s.n; ++i) {
        if (is_unknown(s.items[i])) new (&out[k++]) cell(s.items[i]);
    }
    for (std::size_t i = 0; i < s.n; ++i) {
        if (!is_unknown(s.items[i])) new (&out[k++]) cell(s.items[i]);
    }
    for (std::size_t i = 0; i < s.nr; ++i) {
        const auto& [lo, hi] = s.ranges[i];
        if (lo.t == tag::number && hi.t == tag::number) {
            for (std::int64_t j = lo.a; j <= hi.a; ++j) {
                new (&out[k++]) cell(whole(j));
                if (j == std::numeric_limits<std::int64_t>::max()) break;
            }
            continue;
        }
        const auto a = m_num.constant_of(lo), b = m_num.constant_of(hi);
        const auto* alo = std::get_if<ir::law_article>(&a);
        const big_int first = alo != nullptr ? alo->number : std::get<big_int>(a);
        const big_int last = alo != nullptr ? std::get<ir::law_article>(b).number : std::get<big_int>(b);
        for (big_int j = first; j <= last; ++j) {
            new (&out[k++]) cell(alo != nullptr ? m_num.cell_of(ir::law_article{alo->code, j}) : m_num.cell_of(j));
        }
    }
    n = k;
    if (s.n == 0 && s.nr == 1) return out;  // in order already, each once
    std::stable_sort(out + unknowns, out + k, [&](const cell& p, const cell& q) {
        const int o = m_num.order(p, q);
        return o != incomparable && o < 0;
    });
    n = static_cast<std::size_t>(std::unique(out + unknowns, out + k, [&](const cell& p, const cell& q) { return m_num.same(p, q); }) - out);
    return out;
}

[[gnu::noinline]] cell machine::quantifier(const node& x, cell* f) {
    const cell list = operand(*x.arg0, f);
    if (is_unknown(list)) return unknown_value(missing_of(list));  // not the lists it may be, but what decides it
    std::size_t n = 0;
    const cell* items = nullptr;
    if (list.t == tag::list) {  // the usual case, in place
        n = static_cast<std::size_t>(list.a);
        items = static_cast<const cell*>(list.p);
    } else {
        missing_facts range_missing;
        items = elements(list, n, range_missing, x);
        if (items == nullptr) return unknown_value(range_missing);  // a range's bound not known
    }
    if (x.k == node_kind::count_all) return whole(static_cast<std::int64_t>(n));
    bool any_unknown = false;
    missing_facts ms;  // of the elements whose value is unknown
    std::int64_t count = 0;
    std::size_t undecided = 0;  // count: elements whose condition is unknown
    cell total;
    bool has_total = false;
    for (std::size_t i = 0; i < n; ++i) {
        f[x.index] = items[i];
        charge(*x.arg1);
        const cell v = eval(*x.arg1, f);
        if (is_unknown(v)) {
            any_unknown = true;
            ms = merged(ms, missing_of(v));
        }
        switch (x.k) {
            case node_kind::any:
                if (!is_unknown(v) && v.a != 0) return boolean(true);
                break;
            case node_kind::all:
                if (!is_unknown(v) && v.a == 0) return boolean(false);
                break;
            case node_kind::count:
                if (is_unknown(v)) ++undecided;  // true or false: the count is one of a range
                else if (v.a != 0) ++count;
                break;
            default: {
                const auto pick = [&](const cell& t, const cell& y) {
                    if (x.k == node_kind::sum) return m_num.arithmetic(ir::op::add, t, y, x.src->ty, x.src->loc);
                    const int o = m_num.order(y, t);
                    return o != incomparable && (x.k == node_kind::greatest ? o > 0 : o < 0) ? y : t;
                };
                if (!has_total) {
                    total = v;
                    has_total = true;
                } else if (is_unknown(total) || is_unknown(v)) {
                    total = combine(total, v, pick);
                } else {
                    total = pick(total, v);
                }
                break;
            }
        }
    }
    switch (x.k) {
        case node_kind::any:
        case node_kind::all:
            if (any_unknown) return unknown_value(ms);
            return boolean(x.k == node_kind::all);
        case node_kind::count: {
            if (undecided == 0) return whole(count);
            // Between [count] and [count + undecided]: a comparison true for all is decided.
            if (undecided + 1 > max_options) return unknown_value(ms);
            cell* range = m_tmp.raw<cell>(undecided + 1);
            for (std::size_t k = 0; k <= undecided; ++k) new (&range[k]) cell(whole(count + static_cast<std::int64_t>(k)));
            return unknown_value(ms, range, static_cast<std::uint32_t>(undecided + 1));
        }
        case node_kind::greatest:
        case node_kind::smallest:
            if (has_total) return with_missing(total, ms);
            // No element: unknown, decided by the list's contents (when it is the record's).
            if (list.t == tag::list && list.b != 0) return {tag::unknown, 0, 0, reinterpret_cast<const cell*>(list.b)};
            return cell{};
        default:
            if (has_total) return with_missing(total, ms);
            if (x.ty == ir::tkind::duration) return duration_of(0, 0);
            return whole(0);
    }
}

[[gnu::noinline]] cell machine::membership(const node& x, cell* f) {
    const cell v = operand(*x.arg0, f);
    const cell s = operand(*x.arg1, f);
    if (is_unknown(v) || is_unknown(s)) return unknown_of(v, s);
    const bool positive = x.k == node_kind::in;
    bool maybe = false;
    missing_facts ms;
    const cell* items = nullptr;
    std::size_t n = 0;
    if (s.t == tag::set) {
        const auto* st = static_cast<const cell_set*>(s.p);
        if (st->whole_numbers && v.t == tag::number && v.b == 1) {
            for (std::size_t i = 0; i < st->nr; ++i) {
                if (st->ranges[i].first.a <= v.a && v.a <= st->ranges[i].second.a) return boolean(positive);
            }
            for (std::size_t i = 0; i < st->n; ++i) {
                if (st->items[i].a == v.a) return boolean(positive);
            }
            return boolean(!positive);
        }
        for (std::size_t i = 0; i < st->nr; ++i) {
            const cell& low = st->ranges[i].first;
            const cell& high = st->ranges[i].second;
            if (fractional(v)) continue;  // ranges hold integers only: 5/2 is in none
            if (is_unknown(low) || is_unknown(high)) {  // a bound not known: in the range or not, undecided
                maybe = true;
                ms = merged(merged(ms, missing_of(low)), missing_of(high));
                continue;
            }
            const int lo = m_num.order(low, v), hi = m_num.order(v, high);
            if (lo != incomparable && hi != incomparable && lo <= 0 && hi <= 0) return boolean(positive);
        }
        items = st->items;
        n = st->n;
    } else {
        items = static_cast<const cell*>(s.p);
        n = static_cast<std::size_t>(s.a);
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (is_unknown(items[i])) {
            maybe = true;
            ms = merged(ms, missing_of(items[i]));
            continue;
        }
        if (m_num.order(v, items[i]) == 0) return boolean(positive);
    }
    if (maybe) return unknown_value(ms);
    return boolean(!positive);
}

}  // namespace decree::eval
