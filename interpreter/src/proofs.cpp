// Conflict proofs with Z3. Each fact of the case record is a pair (present, value): an absent
// field is unknown, as in the evaluator, and an expression is encoded in three-valued logic as
// (defined, value). Dates are day numbers, durations days with 30-day months (the order of
// duration::key), money and fractions reals, enumerations their variant's index, lists at most
// options::list_bound elements (quantifiers expanded over the bound).
#include "proofs.hpp"

#include <simdjson.h>
#include <z3++.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "decode.hpp"
#include "eval.hpp"

#include "decree/lang/diagnostic.hpp"

namespace decree::proofs {

namespace {

struct unsupported {};

struct term {
    z3::expr def;
    z3::expr val;        // scalar value; list: its length
    std::string path;    // record or list: where it is in the case record
    const ir::type* ty = nullptr;
    bool scalar_elem_list = false;
};

std::string decimal(const big_int& n) { return n.str(); }

class encoder {
public:
    encoder(const ir::program& p, z3::context& c, unsigned bound) : m_p(p), m_c(c), m_bound(bound) {}

    z3::context& ctx() { return m_c; }
    bool used_lists = false;

    // Present-flag and value of the scalar at [path] of type [t].
    z3::expr present(const std::string& path) {
        auto it = m_present.find(path);
        if (it == m_present.end()) it = m_present.emplace(path, m_c.bool_const(("p:" + path).c_str())).first;
        return it->second;
    }
    z3::expr scalar(const std::string& path, const ir::type* t) {
        auto it = m_values.find(path);
        if (it != m_values.end()) return it->second;
        z3::expr v = m_c.bool_val(true);
        const auto name = "v:" + path;
        switch (t->kind) {
            case ir::tkind::bool_: v = m_c.bool_const(name.c_str()); break;
            case ir::tkind::integer: case ir::tkind::date: case ir::tkind::duration: case ir::tkind::enumeration:
                v = m_c.int_const(name.c_str());
                break;
            case ir::tkind::decimal: case ir::tkind::fraction: case ir::tkind::money: v = m_c.real_const(name.c_str()); break;
            case ir::tkind::string: v = m_c.string_const(name.c_str()); break;
            default: throw unsupported{};
        }
        // What a case record can hold: natural numbers and amounts, dates of the calendar, durations with
        // fewer than 30 days over the months (the decoder's forms).
        switch (t->kind) {
            case ir::tkind::integer: case ir::tkind::duration: case ir::tkind::money:  // decimals may be negative
                m_facts.push_back(v >= 0);
                break;
            case ir::tkind::date:
                m_facts.push_back(v >= m_c.int_val(static_cast<int64_t>(date::from_ymd(1, 1, 1)->days)));
                m_facts.push_back(v <= m_c.int_val(static_cast<int64_t>(date::from_ymd(9999, 12, 31)->days)));
                break;
            case ir::tkind::enumeration:
                m_facts.push_back(v >= 0 && v < static_cast<int>(t->en->variants.size()));
                break;
            default: break;
        }
        m_values.emplace(path, v);
        m_types.emplace(path, t);
        return v;
    }
    z3::expr length(const std::string& path) {
        auto it = m_values.find(path + "#");
        if (it != m_values.end()) return it->second;
        auto v = m_c.int_const(("n:" + path).c_str());
        m_facts.push_back(v >= 0 && v <= static_cast<int>(m_bound));
        m_values.emplace(path + "#", v);
        used_lists = true;
        return v;
    }

    term lit(const ir::constant& k, const ir::type* t) {
        auto T = m_c.bool_val(true);
        if (const auto* b = std::get_if<bool>(&k)) return {T, m_c.bool_val(*b), {}, t};
        if (const auto* i = std::get_if<big_int>(&k)) {
            if (t->kind == ir::tkind::integer) return {T, m_c.int_val(decimal(*i).c_str()), {}, t};
            return {T, m_c.real_val(decimal(*i).c_str()), {}, t};
        }
        if (const auto* r = std::get_if<rational>(&k)) {
            return {T, m_c.real_val((decimal(numerator(*r)) + "/" + decimal(denominator(*r))).c_str()), {}, t};
        }
        if (const auto* d = std::get_if<date>(&k)) return {T, m_c.int_val(static_cast<int64_t>(d->days)), {}, t};
        if (const auto* d = std::get_if<duration>(&k)) return {T, m_c.int_val(decimal(d->total_days()).c_str()), {}, t};
        if (const auto* s = std::get_if<std::string>(&k)) return {T, m_c.string_val(*s), {}, t};
        if (const auto* e = std::get_if<ir::enum_value>(&k)) return {T, m_c.int_val(e->index), {}, t};
        throw unsupported{};
    }

    static bool real_kind(const ir::type* t) {
        return t->kind == ir::tkind::decimal || t->kind == ir::tkind::fraction || t->kind == ir::tkind::money;
    }
    z3::expr as_real(const term& x) {
        if (x.val.is_int()) return z3::to_real(x.val);
        return x.val;
    }

    term enc(const ir::expr& e, std::vector<std::optional<term>>& frame, int depth = 0) {
        if (depth > 60) throw unsupported{};
        auto T = m_c.bool_val(true);
        switch (e.kind) {
            case ir::op::literal: return lit(e.lit, e.ty);
            case ir::op::param: {
                const auto& p = m_p.params[e.index];
                if (p.folded) return lit(*p.folded, p.ty);
                if (!p.value) throw unsupported{};
                std::vector<std::optional<term>> none;
                return enc(*p.value, none, depth + 1);
            }
            case ir::op::call: {
                const auto& d = m_p.defs[e.index];
                std::vector<std::optional<term>> local(std::max<std::size_t>(d.frame_size, e.args.size()));
                for (std::size_t i = 0; i < e.args.size(); ++i) local[i] = enc(e.args[i], frame, depth + 1);
                return enc(d.body, local, depth + 1);
            }
            case ir::op::local:
                if (e.index >= frame.size() || !frame[e.index]) throw unsupported{};
                return *frame[e.index];
            case ir::op::input: return {T, T, "$", e.ty};
            case ir::op::field: {
                auto base = enc(e.args[0], frame, depth + 1);
                if (base.path.empty()) throw unsupported{};
                const auto& f = e.args[0].ty->rec->fields[e.index];
                const auto path = base.path + "." + f.name;
                auto def = base.def && present(path);
                m_types.emplace(path, f.ty);
                switch (f.ty->kind) {
                    case ir::tkind::record: return {def, T, path, f.ty};
                    case ir::tkind::list: return {def, length(path), path, f.ty};
                    default: return {def, scalar(path, f.ty), {}, f.ty};
                }
            }
            case ir::op::builtin: {
                const auto id = static_cast<ir::builtin_fn>(e.index);
                if (id == ir::builtin_fn::known) {
                    auto x = enc(e.args[0], frame, depth + 1);
                    return {T, x.def, {}, e.ty};
                }
                if (id == ir::builtin_fn::length) {
                    auto x = enc(e.args[0], frame, depth + 1);
                    if (x.path.empty()) throw unsupported{};
                    return {x.def, x.val, {}, e.ty};
                }
                if (id == ir::builtin_fn::min || id == ir::builtin_fn::max) {
                    auto a = enc(e.args[0], frame, depth + 1), b = enc(e.args[1], frame, depth + 1);
                    if (!a.path.empty() || !b.path.empty() || a.val.is_bool()) throw unsupported{};
                    const bool r = !a.val.is_int() || !b.val.is_int();
                    auto x = r ? as_real(a) : a.val, y = r ? as_real(b) : b.val;
                    auto first = id == ir::builtin_fn::min ? x <= y : x >= y;
                    return {a.def && b.def, z3::ite(first, x, y), {}, e.ty};
                }
                throw unsupported{};
            }
            case ir::op::not_: {
                auto x = enc(e.args[0], frame, depth + 1);
                return {x.def, !x.val, {}, e.ty};
            }
            case ir::op::and_:
            case ir::op::or_: {
                auto a = enc(e.args[0], frame, depth + 1), b = enc(e.args[1], frame, depth + 1);
                if (e.kind == ir::op::and_) {
                    auto def = (a.def && b.def) || (a.def && !a.val) || (b.def && !b.val);
                    return {def, a.def && b.def && a.val && b.val, {}, e.ty};
                }
                auto def = (a.def && b.def) || (a.def && a.val) || (b.def && b.val);
                return {def, (a.def && a.val) || (b.def && b.val), {}, e.ty};
            }
            case ir::op::if_: {
                auto c = enc(e.args[0], frame, depth + 1), t = enc(e.args[1], frame, depth + 1),
                     f = enc(e.args[2], frame, depth + 1);
                if (!t.path.empty() || !f.path.empty()) throw unsupported{};
                auto tv = t.val, fv = f.val;
                if (tv.is_int() != fv.is_int() && !tv.is_bool()) tv = as_real(t), fv = as_real(f);
                return {c.def && z3::ite(c.val, t.def, f.def), z3::ite(c.val, tv, fv), {}, e.ty};
            }
            case ir::op::neg: {
                auto x = enc(e.args[0], frame, depth + 1);
                return {x.def, -x.val, {}, e.ty};
            }
            case ir::op::add: case ir::op::sub: case ir::op::mul: case ir::op::div: {
                auto a = enc(e.args[0], frame, depth + 1), b = enc(e.args[1], frame, depth + 1);
                const auto ka = e.args[0].ty->kind, kb = e.args[1].ty->kind;
                auto def = a.def && b.def;
                const bool na = ka == ir::tkind::integer || real_kind(e.args[0].ty);
                const bool nb = kb == ir::tkind::integer || real_kind(e.args[1].ty);
                if (na && nb) {
                    if (e.kind == ir::op::div) {
                        m_conds.push_back(z3::implies(def, as_real(b) != 0));  // E0503 otherwise
                        return {def, as_real(a) / as_real(b), {}, e.ty};
                    }
                    const bool r = !a.val.is_int() || !b.val.is_int();
                    auto x = r ? as_real(a) : a.val, y = r ? as_real(b) : b.val;
                    auto v = e.kind == ir::op::add ? x + y : e.kind == ir::op::sub ? x - y : x * y;
                    return {def, v, {}, e.ty};
                }
                if (ka == ir::tkind::duration && kb == ir::tkind::duration &&
                    (e.kind == ir::op::add || e.kind == ir::op::sub)) {
                    return {def, e.kind == ir::op::add ? a.val + b.val : a.val - b.val, {}, e.ty};
                }
                if (e.kind == ir::op::mul && (ka == ir::tkind::duration) != (kb == ir::tkind::duration)) {
                    // scale: rounded up to a whole day
                    auto d = ka == ir::tkind::duration ? a.val : b.val;
                    auto f = ka == ir::tkind::duration ? as_real(b) : as_real(a);
                    auto exact = z3::to_real(d) * f;
                    z3::expr neg = -exact;
                    z3::expr fl(m_c, Z3_mk_real2int(m_c, neg));
                    return {def, -fl, {}, e.ty};
                }
                throw unsupported{};
            }
            case ir::op::eq: case ir::op::ne: case ir::op::lt: case ir::op::le: case ir::op::gt: case ir::op::ge: {
                auto a = enc(e.args[0], frame, depth + 1), b = enc(e.args[1], frame, depth + 1);
                if (!a.path.empty() || !b.path.empty()) throw unsupported{};
                const auto ka = e.args[0].ty->kind;
                if (ka == ir::tkind::law_article) throw unsupported{};
                auto x = a.val, y = b.val;
                if (x.is_int() != y.is_int() && x.is_arith() && y.is_arith()) x = as_real(a), y = as_real(b);
                if (x.is_bool() && e.kind != ir::op::eq && e.kind != ir::op::ne) {
                    x = z3::ite(x, m_c.int_val(1), m_c.int_val(0));
                    y = z3::ite(y, m_c.int_val(1), m_c.int_val(0));
                }
                if (ka == ir::tkind::string && e.kind != ir::op::eq && e.kind != ir::op::ne) throw unsupported{};
                z3::expr v = m_c.bool_val(true);
                switch (e.kind) {
                    case ir::op::eq: v = x == y; break;
                    case ir::op::ne: v = x != y; break;
                    case ir::op::lt: v = x < y; break;
                    case ir::op::le: v = x <= y; break;
                    case ir::op::gt: v = x > y; break;
                    default: v = x >= y; break;
                }
                return {a.def && b.def, v, {}, e.ty};
            }
            case ir::op::in:
            case ir::op::not_in: {
                auto x = enc(e.args[0], frame, depth + 1);
                if (!x.path.empty()) throw unsupported{};
                const auto& s = e.args[1];
                auto any = m_c.bool_val(false);
                auto def = x.def;
                auto item = [&](const term& t) { return x.val.is_int() != t.val.is_int() && x.val.is_arith() ? as_real(x) == as_real(t) : x.val == t.val; };
                if (s.kind == ir::op::set || s.kind == ir::op::range) {
                    std::vector<const ir::expr*> parts;
                    if (s.kind == ir::op::range) parts.push_back(&s);
                    else for (const auto& a : s.args) parts.push_back(&a);
                    for (const auto* a : parts) {
                        if (a->kind == ir::op::range) {
                            auto lo = enc(a->args[0], frame, depth + 1), hi = enc(a->args[1], frame, depth + 1);
                            def = def && lo.def && hi.def;
                            auto xv = x.val;
                            if (!xv.is_int() || !lo.val.is_int() || !hi.val.is_int()) {
                                any = any || (as_real(lo) <= as_real(x) && as_real(x) <= as_real(hi));
                            } else {
                                any = any || (lo.val <= xv && xv <= hi.val);
                            }
                        } else {
                            auto t = enc(*a, frame, depth + 1);
                            def = def && t.def;
                            any = any || item(t);
                        }
                    }
                } else {
                    auto l = enc(s, frame, depth + 1);
                    if (l.path.empty() || s.ty->kind != ir::tkind::list) throw unsupported{};
                    def = def && l.def;
                    for (unsigned i = 0; i < m_bound; ++i) {
                        auto el = element(l, s.ty->elem, i);
                        any = any || (static_cast<int>(i) < l.val && item(el));
                    }
                }
                return {def, e.kind == ir::op::in ? any : !any, {}, e.ty};
            }
            case ir::op::any:
            case ir::op::all:
            case ir::op::count: {
                auto l = enc(e.args[0], frame, depth + 1);
                if (l.path.empty() || e.args[0].ty->kind != ir::tkind::list) throw unsupported{};
                if (frame.size() <= e.index) frame.resize(e.index + 1);
                const bool is_any = e.kind == ir::op::any;
                auto all_def = m_c.bool_val(true), decided = m_c.bool_val(false), val = m_c.bool_val(!is_any);
                auto count = m_c.int_val(0);
                for (unsigned i = 0; i < m_bound; ++i) {
                    auto in = static_cast<int>(i) < l.val;
                    frame[e.index] = element(l, e.args[0].ty->elem, i);
                    if (e.kind == ir::op::count && e.args.size() < 2) {
                        count = count + z3::ite(in, m_c.int_val(1), m_c.int_val(0));
                        continue;
                    }
                    auto b = enc(e.args[1], frame, depth + 1);
                    all_def = all_def && z3::implies(in, b.def);
                    if (is_any) {
                        decided = decided || (in && b.def && b.val);
                        val = val || (in && b.def && b.val);
                    } else if (e.kind == ir::op::all) {
                        decided = decided || (in && b.def && !b.val);
                        val = val && z3::implies(in, b.def && b.val);
                    } else {
                        count = count + z3::ite(in && b.val, m_c.int_val(1), m_c.int_val(0));
                    }
                }
                frame[e.index].reset();
                if (e.kind == ir::op::count) return {l.def && all_def, count, {}, e.ty};
                return {l.def && (all_def || decided), val, {}, e.ty};
            }
            default: throw unsupported{};
        }
    }

    term element(const term& list, const ir::type* elem, unsigned i) {
        const auto path = list.path + "[" + std::to_string(i) + "]";
        auto def = list.def && static_cast<int>(i) < list.val;
        m_types.emplace(path, elem);
        if (elem->kind == ir::tkind::record) return {def, m_c.bool_val(true), path, elem};
        if (elem->kind == ir::tkind::list) throw unsupported{};
        auto v = scalar(path, elem);
        m_facts.push_back(present(path));  // an element of a list is a value, never absent
        return {def, v, {}, elem};
    }

    // The facts every case record satisfies, from the [from]th on (the domains of the fields
    // encoded so far).
    std::size_t fact_count() const { return m_facts.size(); }
    z3::expr facts(std::size_t from = 0) {
        auto out = m_c.bool_val(true);
        for (std::size_t i = from; i < m_facts.size(); ++i) out = out && m_facts[i];
        return out;
    }
    // What the expressions encoded since [mark] need to be evaluated without error (no division
    // by zero): they hold only in the questions that use those expressions.
    std::size_t cond_count() const { return m_conds.size(); }
    std::vector<z3::expr> take_conds(std::size_t mark) {
        std::vector<z3::expr> out(m_conds.begin() + static_cast<std::ptrdiff_t>(mark), m_conds.end());
        m_conds.erase(m_conds.begin() + static_cast<std::ptrdiff_t>(mark), m_conds.end());
        return out;
    }

    // The case record of [m]: the facts the encoding used, present ones only.
    std::string witness(const z3::model& m) {
        std::string out;
        object(m, *m_p.input->rec, "$", out);
        return out;
    }

private:
    bool is_present(const z3::model& m, const std::string& path) {
        auto it = m_present.find(path);
        return it != m_present.end() && m.eval(it->second, true).is_true();
    }
    void object(const z3::model& m, const ir::record_type& r, const std::string& path, std::string& out) {
        out += "{";
        bool first = true;
        if (path == "$") {
            if (const int id = r.find("id"); id >= 0 && r.fields[static_cast<std::size_t>(id)].ty->kind == ir::tkind::string &&
                                                  !m_values.contains("$.id")) {
                out += "\"id\":\"conflict\"";
                first = false;
            }
        }
        for (const auto& f : r.fields) {
            const auto p = path + "." + f.name;
            if (!is_present(m, p)) continue;
            out += first ? "" : ",";
            first = false;
            out += "\"" + json_escape(f.name) + "\":";
            value(m, f.ty, p, out);
        }
        out += "}";
    }
    void value(const z3::model& m, const ir::type* t, const std::string& path, std::string& out) {
        if (t->kind == ir::tkind::record) return object(m, *t->rec, path, out);
        if (t->kind == ir::tkind::list) {
            int n = 0;
            if (auto it = m_values.find(path + "#"); it != m_values.end()) n = m.eval(it->second, true).get_numeral_int();
            out += "[";
            for (int i = 0; i < n; ++i) {
                out += i ? "," : "";
                value(m, t->elem, path + "[" + std::to_string(i) + "]", out);
            }
            out += "]";
            return;
        }
        auto it = m_values.find(path);
        if (it == m_values.end()) {  // an element whose value the decree never reads
            switch (t->kind) {
                case ir::tkind::bool_: out += "false"; return;
                case ir::tkind::string: out += "\"\""; return;
                case ir::tkind::enumeration: out += "\"" + t->en->variants.front() + "\""; return;
                case ir::tkind::date: out += "\"2000-01-01\""; return;
                case ir::tkind::duration: out += "{\"days\":0}"; return;
                case ir::tkind::money: case ir::tkind::decimal: case ir::tkind::fraction: out += "\"0\""; return;
                default: out += "0"; return;
            }
        }
        auto v = m.eval(it->second, true);
        switch (t->kind) {
            case ir::tkind::bool_: out += v.is_true() ? "true" : "false"; return;
            case ir::tkind::string: out += "\"" + json_escape(v.get_string()) + "\""; return;
            case ir::tkind::enumeration: out += "\"" + t->en->variants.at(static_cast<std::size_t>(v.get_numeral_int())) + "\""; return;
            case ir::tkind::date: out += "\"" + date{v.get_numeral_int64()}.iso() + "\""; return;
            case ir::tkind::duration: {
                const auto d = v.get_numeral_int64();
                out += fmt::format("{{\"months\":{},\"days\":{}}}", d / 30, d % 30);
                return;
            }
            case ir::tkind::integer: out += v.get_decimal_string(0); return;
            default: {  // an exact number as "n/d"
                auto n = v.numerator().get_decimal_string(0), d = v.denominator().get_decimal_string(0);
                out += "\"" + n + (d == "1" ? "" : "/" + d) + "\"";
                return;
            }
        }
    }

    const ir::program& m_p;
    z3::context& m_c;
    unsigned m_bound;
    std::map<std::string, z3::expr> m_present, m_values;
    std::map<std::string, const ir::type*> m_types;
    std::vector<z3::expr> m_facts, m_conds;
};

// Whether every rule at the end of [rule]'s chain is a condition (exceptions to exclusions all
// lift it: they never disagree).
bool condition_chain(const ir::program& p, std::uint32_t rule) {
    std::uint32_t r = rule;
    for (int guard = 0; p.rules[r].kind == ir::rule_kind::exception && p.rules[r].target >= 0 && guard < 1000; ++guard) {
        r = static_cast<std::uint32_t>(p.rules[r].target);
    }
    return p.rules[r].kind == ir::rule_kind::condition;
}

// The same expression, node for node: it has the same value in every case.
bool same_expr(const ir::expr& a, const ir::expr& b) {
    if (a.kind != b.kind || a.index != b.index || a.ty != b.ty || !(a.lit == b.lit) || a.args.size() != b.args.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.args.size(); ++i) {
        if (!same_expr(a.args[i], b.args[i])) return false;
    }
    return true;
}

std::string citation(const ir::program& p, std::uint32_t r) {
    const int pr = p.rules[r].provision;
    return pr < 0 ? std::string("(outside any article)") : p.provisions[static_cast<std::size_t>(pr)].citation_vi;
}

// The questions of one `decreec check` to one solver. What each rule's `when` is, and whether
// the evaluation reaches the resolution of its exceptions, is encoded once (a literal defined at
// the solver's base level, so a chain of 10,000 exceptions is 10,000 definitions, not 10,000²
// nodes) and each question is a check under assumptions. What an encoded expression needs to
// be evaluated without error holds under a guard literal that the questions using it assume.
class session {
public:
    session(const ir::program& p, const options& o)
        : m_p(p), m_o(o), m_en(p, m_c, o.list_bound), m_s(m_c), m_fires(p.rules.size()), m_reached(p.rules.size()),
          m_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(o.budget_ms)) {}

    encoder& en() { return m_en; }
    z3::solver& solver() { return m_s; }

    // The rule's `when` is definitely true (true when it has none).
    z3::expr fires(std::uint32_t r) { return use(fires_memo(r)); }
    // The evaluation reaches the resolution of [r]'s exceptions.
    z3::expr reached(std::uint32_t r) {
        // Outermost first, so that a long chain of exceptions is no deep recursion.
        std::vector<std::uint32_t> todo;
        for (std::uint32_t x = r;;) {
            if (m_reached[x].st != memo::none) break;
            todo.push_back(x);
            const auto& rule = m_p.rules[x];
            if (rule.kind != ir::rule_kind::exception || rule.target < 0) break;
            x = static_cast<std::uint32_t>(rule.target);
        }
        for (auto it = todo.rbegin(); it != todo.rend(); ++it) m_reached[*it] = build([&] { return reached_def(*it); }, true);
        return use(m_reached[r]);
    }
    // The condition (exclusion) [r] definitely fails (applies) by its own test and `unless`.
    z3::expr decides(std::uint32_t r) {
        if (m_decides.size() != m_p.rules.size()) m_decides.resize(m_p.rules.size());
        if (m_decides[r].st == memo::none) {
            m_decides[r] = build(
                [&] {
                    const auto& x = m_p.rules[r];
                    std::vector<std::optional<term>> frame(x.frame_size);
                    auto no = [](const term& t) { return t.def && !t.val; };
                    auto yes = [](const term& t) { return t.def && t.val; };
                    auto t = x.test ? m_en.enc(*x.test, frame) : term{m_c.bool_val(true), m_c.bool_val(true), {}, nullptr};
                    auto unless_no = m_c.bool_val(true);
                    if (x.unless) unless_no = no(m_en.enc(*x.unless, frame));
                    return (x.kind == ir::rule_kind::condition ? no(t) : yes(t)) && unless_no;
                },
                false);
        }
        return use(m_decides[r]);
    }
    // The exception's result when none of its own exceptions applies: its `requires`, or met.
    term result(std::uint32_t r) {
        const auto& x = m_p.rules[r];
        std::vector<std::optional<term>> frame(x.frame_size);
        if (!x.test) return {m_c.bool_val(true), m_c.bool_val(true), {}, nullptr};
        return m_en.enc(*x.test, frame);
    }

    // A new question: what it uses is gathered from here on.
    void begin() {
        m_guards.clear();
        m_cond_mark = m_en.cond_count();
        m_en.used_lists = false;
    }
    // Whether [goal] (built since begin()) can hold in a case record; unknown when the solver gave
    // no answer within its time limit or the budget of the whole check is spent.
    z3::check_result ask(const z3::expr& goal) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= m_deadline) return z3::unknown;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - now).count();
        z3::params prm(m_c);
        prm.set("timeout", static_cast<unsigned>(std::min<long long>(m_o.timeout_ms, std::max<long long>(left, 1))));
        m_s.set(prm);
        add_facts();
        auto conds = m_en.take_conds(m_cond_mark);
        z3::expr_vector assumed(m_c);
        for (const auto& g : m_guards) assumed.push_back(g);
        m_s.push();
        auto all = goal;
        for (const auto& c : conds) all = all && c;
        m_s.add(all);
        const auto answer = m_s.check(assumed);
        if (answer == z3::sat) m_model = m_s.get_model();
        m_s.pop();
        return answer;
    }
    const z3::model& model() const { return *m_model; }
    bool out_of_time() const { return std::chrono::steady_clock::now() >= m_deadline; }

private:
    struct memo {
        enum state : unsigned char { none, ok, bad } st = none;
        std::optional<z3::expr> e, guard;
        bool lists = false;
    };

    // Encodes [f] once: as a literal of its own defined at the base level when [named].
    template <class F>
    memo build(F f, bool named) {
        std::vector<z3::expr> inner;
        auto* outer = m_sink;
        m_sink = &inner;
        const auto mark = m_en.cond_count();
        const bool lists = m_en.used_lists;
        m_en.used_lists = false;
        memo m;
        try {
            m.e = f();
            m.st = memo::ok;
        } catch (const unsupported&) {
            m.st = memo::bad;
        } catch (const z3::exception&) {
            m.st = memo::bad;
        }
        for (auto& c : m_en.take_conds(mark)) inner.push_back(c);
        m.lists = m_en.used_lists;
        m_en.used_lists = lists;
        m_sink = outer;
        if (m.st != memo::ok) return m;
        add_facts();
        if (!inner.empty()) {
            m.guard = m_c.bool_const(("g:" + std::to_string(m_names++)).c_str());
            z3::expr_vector v(m_c);
            for (const auto& c : inner) v.push_back(c);
            m_s.add(z3::implies(*m.guard, z3::mk_and(v)));
        }
        if (named) {
            auto lit = m_c.bool_const(("r:" + std::to_string(m_names++)).c_str());
            m_s.add(lit == *m.e);
            m.e = lit;
        }
        return m;
    }
    z3::expr use(const memo& m) {
        if (m.st != memo::ok) throw unsupported{};
        m_en.used_lists = m_en.used_lists || m.lists;
        if (m.guard) (m_sink ? m_sink : &m_guards)->push_back(*m.guard);
        return *m.e;
    }
    memo& fires_memo(std::uint32_t r) {
        if (m_fires[r].st == memo::none) {
            m_fires[r] = build(
                [&] {
                    const auto& x = m_p.rules[r];
                    if (!x.when) return m_c.bool_val(true);
                    std::vector<std::optional<term>> frame(x.frame_size);
                    auto w = m_en.enc(*x.when, frame);
                    return w.def && w.val;
                },
                false);
        }
        return m_fires[r];
    }
    z3::expr reached_def(std::uint32_t r) {
        const auto& x = m_p.rules[r];
        if (x.kind != ir::rule_kind::exception || x.target < 0) {
            auto out = m_c.bool_val(true);
            for (int pr = x.provision; pr >= 0; pr = m_p.provisions[static_cast<std::size_t>(pr)].parent) {
                const auto& prov = m_p.provisions[static_cast<std::size_t>(pr)];
                if (!prov.applies) continue;
                std::vector<std::optional<term>> frame(prov.frame_size);
                auto g = m_en.enc(*prov.applies, frame);
                out = out && !(g.def && !g.val);
            }
            return out;
        }
        const auto t = static_cast<std::uint32_t>(x.target);
        auto out = use(m_reached[t]) && fires(r);
        for (const auto s : m_p.rules[t].exceptions) {
            if (m_p.rules[s].priority > x.priority) out = out && !fires(s);
        }
        return out;
    }
    // The domains of the fields encoded so far hold in every question.
    void add_facts() {
        if (m_en.fact_count() == m_facts_added) return;
        m_s.add(m_en.facts(m_facts_added));
        m_facts_added = m_en.fact_count();
    }

    const ir::program& m_p;
    const options& m_o;
    z3::context m_c;
    encoder m_en;
    z3::solver m_s;
    std::vector<memo> m_fires, m_reached, m_decides;
    std::vector<z3::expr>* m_sink = nullptr;  // the guards of the definition being built
    std::vector<z3::expr> m_guards;           // the guards of the question being built
    std::size_t m_cond_mark = 0, m_facts_added = 0;
    unsigned m_names = 0;
    std::optional<z3::model> m_model;
    std::chrono::steady_clock::time_point m_deadline;
};

void unanswered(const options& o, const span& where, bool pair) {
    if (!o.counted) return;
    if (o.counted->unanswered++ == 0) o.counted->first_unanswered = where;
    if (pair) ++o.counted->left_out;
}

std::vector<finding> conflicts(session& q, const ir::program& p, const options& o) {
    std::vector<finding> out;
    if (p.input == nullptr || p.input->rec == nullptr) return out;
    auto& en = q.en();
    for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
        const auto& rule = p.rules[r];
        if (rule.module != 0 || rule.exceptions.size() < 2 || !condition_chain(p, r)) continue;
        for (std::size_t i = 0; i < rule.exceptions.size(); ++i) {
            for (std::size_t j = i + 1; j < rule.exceptions.size(); ++j) {
                const auto a = rule.exceptions[i], b = rule.exceptions[j];
                if (p.rules[a].priority != p.rules[b].priority || (!p.rules[a].test && !p.rules[b].test)) continue;
                if (o.counted) ++o.counted->pairs;
                // The same `requires` and no exceptions of their own: the same result in every case.
                if (p.rules[a].test && p.rules[b].test && same_expr(*p.rules[a].test, *p.rules[b].test) &&
                    p.rules[a].exceptions.empty() && p.rules[b].exceptions.empty()) {
                    continue;
                }
                if (q.out_of_time()) {
                    unanswered(o, p.rules[b].loc, true);
                    continue;
                }
                q.begin();
                std::optional<z3::expr> goal;
                try {
                    auto g = q.reached(r) && q.fires(a) && q.fires(b);
                    for (const auto x : rule.exceptions) {
                        if (p.rules[x].priority > p.rules[a].priority) g = g && !q.fires(x);
                    }
                    for (const auto x : p.rules[a].exceptions) g = g && !q.fires(x);
                    for (const auto x : p.rules[b].exceptions) g = g && !q.fires(x);
                    auto ra = q.result(a), rb = q.result(b);
                    goal = g && ra.def && rb.def && ra.val != rb.val;
                } catch (const unsupported&) {
                } catch (const z3::exception&) {
                }
                if (!goal) {
                    if (o.counted) ++o.counted->left_out;
                    continue;  // not expressible exactly: no claim
                }
                const bool bounded = en.used_lists;
                const auto answer = q.ask(*goal);
                if (answer == z3::unknown) unanswered(o, p.rules[b].loc, true);
                if (answer != z3::sat) continue;
                finding f;
                f.code = "E0701";
                f.where = p.rules[b].loc;
                f.other = p.rules[a].loc;
                f.witness = en.witness(q.model());
                f.bounded = bounded;
                f.message = fmt::format(
                    "exceptions `{}` and `{}` to `{}` can both apply with different results and neither has priority",
                    citation(p, a), citation(p, b), citation(p, r));
                f.hint = "give one of them a higher `priority`, or make their `when` conditions exclusive; "
                         "this case record (found by the SMT solver" +
                         (f.bounded ? fmt::format(", lists of at most {} elements", o.list_bound) : std::string()) +
                         ") triggers the conflict: " + f.witness;
                out.push_back(std::move(f));
            }
        }
    }
    return out;
}

std::vector<finding> dead(session& q, const ir::program& p, const options& o) {
    std::vector<finding> out;
    if (p.input == nullptr || p.input->rec == nullptr) return out;
    for (std::uint32_t x = 0; x < p.rules.size(); ++x) {
        const auto& ex = p.rules[x];
        if (ex.module != 0 || ex.kind != ir::rule_kind::exception || ex.target < 0 || !ex.when) continue;
        if (o.counted) ++o.counted->exceptions;
        if (q.out_of_time()) {
            unanswered(o, ex.loc, false);
            continue;
        }
        q.begin();
        std::optional<z3::expr> goal;
        try {
            goal = q.reached(x);
        } catch (const unsupported&) {
        } catch (const z3::exception&) {
        }
        if (!goal) continue;
        const bool bounded = q.en().used_lists;
        const auto answer = q.ask(*goal);
        if (answer == z3::unknown) unanswered(o, ex.loc, false);
        if (answer != z3::unsat) continue;
        finding f;
        f.code = "W0701";
        f.where = ex.loc;
        f.bounded = bounded;
        f.message = fmt::format("exception `{}` can never apply: no case record meets its `when` where `{}` is decided{}",
                                citation(p, x), citation(p, static_cast<std::uint32_t>(ex.target)),
                                f.bounded ? fmt::format(" (proved for lists of at most {} elements)", o.list_bound)
                                          : std::string());
        f.hint = "its condition contradicts itself, the provisions it sits in, or an exception of higher priority "
                 "that then applies; correct the condition, or remove the exception";
        out.push_back(std::move(f));
    }
    return out;
}

// The conditions that can never fail and the exclusions that can never apply (W0703): no case
// record where the provision holding them is decided makes the test definitely decide against
// the case. A condition with exceptions is left out (an exception's `requires` may fail it);
// the exceptions to an exclusion only lift it.
std::vector<finding> dead_rules(session& q, const ir::program& p, const options& o) {
    std::vector<finding> out;
    if (p.input == nullptr || p.input->rec == nullptr) return out;
    for (std::uint32_t x = 0; x < p.rules.size(); ++x) {
        const auto& r = p.rules[x];
        if (r.module != 0 || r.provision < 0 || !r.test) continue;
        if (r.kind == ir::rule_kind::exception || (r.kind == ir::rule_kind::condition && !r.exceptions.empty())) continue;
        if (o.counted) ++o.counted->exceptions;
        if (q.out_of_time()) {
            unanswered(o, r.loc, false);
            continue;
        }
        q.begin();
        std::optional<z3::expr> goal;
        try {
            goal = q.reached(x) && q.decides(x);
        } catch (const unsupported&) {
        } catch (const z3::exception&) {
        }
        if (!goal) continue;
        const bool bounded = q.en().used_lists;
        const auto answer = q.ask(*goal);
        if (answer == z3::unknown) unanswered(o, r.loc, false);
        if (answer != z3::unsat) continue;
        finding f;
        f.code = "W0703";
        f.where = r.loc;
        f.bounded = bounded;
        const bool cond = r.kind == ir::rule_kind::condition;
        f.message = fmt::format("{} `{}` can never {}: no case record {} where its provision is decided{}",
                                cond ? "condition" : "exclusion", citation(p, x), cond ? "fail" : "apply",
                                cond ? "fails it" : "meets it",
                                f.bounded ? fmt::format(" (proved for lists of at most {} elements)", o.list_bound)
                                          : std::string());
        f.hint = cond ? "it never decides a verdict: its test holds (or is unknown) in every case, or contradicts "
                        "the `applies when` of the provisions it sits in; correct the test, or remove the condition"
                      : "it excludes no one: its test contradicts itself, its `unless`, or the `applies when` of the "
                        "provisions it sits in; correct the test, or remove the exclusion";
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace

std::vector<finding> dead_rules(const ir::program& p, const options& o) {
    session q(p, o);
    return dead_rules(q, p, o);
}

std::vector<finding> conflicts(const ir::program& p, const options& o) {
    session q(p, o);
    return conflicts(q, p, o);
}

std::vector<finding> dead(const ir::program& p, const options& o) {
    session q(p, o);
    return dead(q, p, o);
}

std::vector<finding> report(const ir::program& p, diagnostic_sink& sink, const options& o) {
    if (sink.has_errors()) return {};
    options mine = o;
    options::counts n;
    if (!mine.counted) mine.counted = &n;
    session q(p, mine);
    auto found = conflicts(q, p, mine);
    for (const auto& f : found) {
        sink.error(code::E0701, f.where, f.message, f.hint).labels.push_back({f.other, "the other exception"});
    }
    // Exceptions the existing lint (W0103) already reports are left to it.
    for (const auto& f : dead(q, p, mine)) {
        const bool known = std::any_of(sink.all().begin(), sink.all().end(), [&](const source_diagnostic& d) {
            return d.id == code::W0103 && d.primary.file == f.where.file && d.primary.begin == f.where.begin;
        });
        if (!known) sink.warning(code::W0701, f.where, f.message, f.hint);
    }
    for (const auto& f : dead_rules(q, p, mine)) sink.warning(code::W0703, f.where, f.message, f.hint);
    if (const auto* c = mine.counted; c->unanswered > 0) {
        sink.warning(code::W0702, c->first_unanswered,
                     fmt::format("the consistency proofs are incomplete: {} of {} questions to the SMT solver went "
                                 "unanswered (at most {} ms each, {} ms in all)",
                                 c->unanswered, c->pairs + c->exceptions, mine.timeout_ms, mine.budget_ms),
                     "conflicting or dead exceptions among them are not ruled out; simplify the conditions that the "
                     "solver could not decide, or check with `--no-proofs` to skip the proofs knowingly");
    }
    sink.sort();
    return found;
}

bool triggers_conflict(const ir::program& p, const std::string& witness, std::string* error) {
    simdjson::dom::parser parser;
    simdjson::padded_string text(witness);
    auto doc = parser.parse(text);
    if (doc.error() || p.input == nullptr || p.input->rec == nullptr) return false;
    auto d = eval::decode(doc.value(), *p.input->rec);
    if (!d.errors.empty()) {
        if (error) *error = d.errors.front().path + ": " + d.errors.front().message;
        return false;
    }
    eval::evaluator ev(p);
    auto dec = ev.decide(std::get<eval::record_ptr>(d.record), false);
    if (error) *error = dec.error;
    return dec.result == eval::verdict::error && dec.error.rfind("error[E0502]", 0) == 0;
}

}  // namespace decree::proofs
