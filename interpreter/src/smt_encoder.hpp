// The SMT encoding of the checked IR shared by the consistency proofs (proofs.cpp) and the
// symbolic diff (diff_witness.cpp). Each fact of the case record is a pair (present, value): an
// absent field is unknown, as in the evaluator, and an expression is encoded in three-valued
// logic as (defined, value). Dates are day numbers, durations days with 30-day months (the order
// of duration::key), money and fractions reals, enumerations their variant's index, lists at
// most a bound of elements (quantifiers expanded over the bound). Constants are named by the
// field path, so that two programs encoded in one context share the facts of one case record.
#pragma once

#include <z3++.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/decide.hpp"
#include "proofs.hpp"

#include "decree/lang/ir.hpp"

namespace decree::proofs::detail {

struct unsupported {};

struct term {
    z3::expr def;
    z3::expr val;        // scalar value; list: its length
    std::string path;    // record or list: where it is in the case record
    const ir::type* ty = nullptr;
    bool scalar_elem_list = false;
    std::string key{};   // abstract encodings: what the expression is, the same in two programs
};

inline std::string decimal(const big_int& n) { return n.str(); }

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
        // An enumeration is its variant's index: named with its variants, so that two programs
        // whose enumerations differ do not share an index that means two things.
        auto name = "v:" + path;
        if (t->kind == ir::tkind::enumeration) {
            name += "|";
            for (const auto& x : t->en->variants) name += x + ",";
        }
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

    // When set, an expression the encoding cannot express exactly (of a scalar type) becomes a
    // fresh unknown of its type instead of failing the whole encoding: what the solver then finds
    // is a candidate to be checked by evaluation, and what it rules out is ruled out only when
    // [abstracted] stayed 0.
    bool abstract = false;
    unsigned abstracted = 0;
    // The `id` a witness gets when the decree never reads it.
    std::string id_label = "conflict";
    // Names the fresh unknowns of this encoder apart from another's in the same context.
    std::string tag;

    term enc(const ir::expr& e, std::vector<std::optional<term>>& frame, int depth = 0) {
        if (!abstract) return enc_exact(e, frame, depth);
        std::optional<term> t;
        try {
            t = enc_exact(e, frame, depth);
        } catch (const unsupported&) {
        } catch (const z3::exception&) {
        }
        const auto k = key(e, frame);
        if (!t) return fresh(e.ty, k);
        if (t->key.empty()) t->key = k;
        return *t;
    }

    // What [e] is, in words that mean the same in another program: field paths, constants,
    // parameters by name and value, definitions by their bodies; empty when it depends on a value
    // with no such words.
    std::string key(const ir::expr& e, const std::vector<std::optional<term>>& frame) {
        std::vector<std::string> kf(frame.size());
        for (std::size_t i = 0; i < frame.size(); ++i) {
            if (frame[i]) kf[i] = frame[i]->key;
        }
        std::size_t budget = 4000;
        try {
            return key_of(e, kf, budget, 0);
        } catch (const unsupported&) {
            return {};
        }
    }

    term fresh(const ir::type* t, const std::string& k = {}) {
        if (t == nullptr) throw unsupported{};
        // The same expression in the two programs of a diff is the same unknown.
        const auto n = k.empty() ? tag + std::to_string(m_fresh++)
                                 : fmt::format("k{:x}.{}", std::hash<std::string>{}(k), k.size());
        z3::expr v = m_c.bool_val(true);
        switch (t->kind) {
            case ir::tkind::bool_: v = m_c.bool_const(("a:" + n).c_str()); break;
            case ir::tkind::integer: case ir::tkind::date: case ir::tkind::duration: case ir::tkind::enumeration:
                v = m_c.int_const(("a:" + n).c_str());
                break;
            case ir::tkind::decimal: case ir::tkind::fraction: case ir::tkind::money: v = m_c.real_const(("a:" + n).c_str()); break;
            case ir::tkind::string: v = m_c.string_const(("a:" + n).c_str()); break;
            default: throw unsupported{};
        }
        ++abstracted;
        return {m_c.bool_const(("a:" + n + "?").c_str()), v, {}, t};
    }

    static std::string constant_key(const ir::constant& k) {
        if (const auto* b = std::get_if<bool>(&k)) return *b ? "T" : "F";
        if (const auto* i = std::get_if<big_int>(&k)) return "i" + i->str();
        if (const auto* r = std::get_if<rational>(&k)) return "r" + numerator(*r).str() + "/" + denominator(*r).str();
        if (const auto* d = std::get_if<date>(&k)) return "d" + d->iso();
        if (const auto* u = std::get_if<duration>(&k)) return "u" + u->months.str() + "m" + u->days.str();
        if (const auto* x = std::get_if<std::string>(&k)) return "s" + std::to_string(x->size()) + ":" + *x;
        if (const auto* a = std::get_if<ir::law_article>(&k)) return "l" + a->code + ":" + a->number.str();
        if (const auto* v = std::get_if<ir::enum_value>(&k)) return "e" + v->en->variants.at(static_cast<std::size_t>(v->index));
        throw unsupported{};
    }
    std::string key_of(const ir::expr& e, std::vector<std::string>& kf, std::size_t& budget, int depth) {
        if (budget == 0 || depth > 80) throw unsupported{};
        --budget;
        std::string out = std::to_string(static_cast<int>(e.kind)) + ":" + std::to_string(e.ty ? static_cast<int>(e.ty->kind) : -1);
        if (e.ty && e.ty->kind == ir::tkind::enumeration) {
            for (const auto& v : e.ty->en->variants) out += "," + v;
        }
        switch (e.kind) {
            case ir::op::literal: return out + "(" + constant_key(e.lit) + ")";
            case ir::op::input: return out + "$";
            case ir::op::param: {
                const auto& p = m_p.params[e.index];
                if (p.folded) return out + "(" + constant_key(*p.folded) + ")";
                if (!p.value) throw unsupported{};
                std::vector<std::string> none;
                return out + "(" + key_of(*p.value, none, budget, depth + 1) + ")";
            }
            case ir::op::local:
                if (e.index >= kf.size() || kf[e.index].empty()) throw unsupported{};
                return kf[e.index];
            case ir::op::field:
                return key_of(e.args[0], kf, budget, depth + 1) + "." + e.args[0].ty->rec->fields[e.index].name;
            case ir::op::call: {
                const auto& d = m_p.defs[e.index];
                std::vector<std::string> local(std::max<std::size_t>(d.frame_size, e.args.size()));
                for (std::size_t i = 0; i < e.args.size(); ++i) local[i] = key_of(e.args[i], kf, budget, depth + 1);
                return key_of(d.body, local, budget, depth + 1);
            }
            case ir::op::any: case ir::op::all: case ir::op::count: case ir::op::sum:
            case ir::op::greatest: case ir::op::smallest: {
                if (kf.size() <= e.index) kf.resize(e.index + 1);
                const auto saved = kf[e.index];
                kf[e.index] = "@" + std::to_string(depth);
                out += "(";
                for (const auto& a : e.args) out += key_of(a, kf, budget, depth + 1) + ";";
                kf[e.index] = saved;
                return out + ")";
            }
            default: {
                out += "#" + std::to_string(e.index) + "(";
                for (const auto& a : e.args) out += key_of(a, kf, budget, depth + 1) + ";";
                return out + ")";
            }
        }
    }

    // The scalar variables encoded so far, by path, with their types.
    const std::map<std::string, z3::expr>& values() const { return m_values; }
    const std::map<std::string, const ir::type*>& types() const { return m_types; }

    term enc_exact(const ir::expr& e, std::vector<std::optional<term>>& frame, int depth = 0) {
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
        if (elem->kind == ir::tkind::record) return {def, m_c.bool_val(true), path, elem, false, path};
        if (elem->kind == ir::tkind::list) throw unsupported{};
        auto v = scalar(path, elem);
        m_facts.push_back(present(path));  // an element of a list is a value, never absent
        return {def, v, {}, elem, false, path};
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
                out += "\"id\":\"" + json_escape(id_label) + "\"";
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
    unsigned m_fresh = 0;
};

// The citation of rule [r], for the messages of the proofs.
inline std::string citation(const ir::program& p, std::uint32_t r) {
    const int pr = p.rules[r].provision;
    return pr < 0 ? std::string("(outside any article)") : p.provisions[static_cast<std::size_t>(pr)].citation_vi;
}

// Gives the next question to [s] at most the per-question limit of [o], and no more than is left
// until [deadline]; false when nothing is left.
inline bool limit_time(z3::solver& s, const options& o, std::chrono::steady_clock::time_point deadline) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    z3::params prm(s.ctx());
    prm.set("timeout", static_cast<unsigned>(std::min<long long>(o.timeout_ms, std::max<long long>(left, 1))));
    s.set(prm);
    return true;
}

// Counts a question the solver left unanswered at [where] (a pair of exceptions when [pair]).
inline void unanswered(const options& o, const span& where, bool pair) {
    if (!o.counted) return;
    if (o.counted->unanswered++ == 0) o.counted->first_unanswered = where;
    if (pair) ++o.counted->left_out;
}

// Counts a question at [where] that could not be put to the solver (a pair of exceptions when
// [pair]): one of its conditions is not expressible exactly, so it proves nothing.
inline void inexpressible(const options& o, const span& where, bool pair) {
    if (!o.counted) return;
    if (o.counted->inexpressible++ == 0) o.counted->first_inexpressible = where;
    if (pair) ++o.counted->left_out;
}

// proofs::redundant with the solver context [ctx] of the file's other questions, until [deadline].
std::vector<finding> redundant(z3::context& ctx, const ir::program& program, const options& o,
                               std::chrono::steady_clock::time_point deadline);

}  // namespace decree::proofs::detail
