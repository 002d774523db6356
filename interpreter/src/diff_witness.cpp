// The symbolic diff of two rounds (decreec diff OLD NEW --witness): for each change of verdict
// (eligible under one round, not under the other, ...) one case record that shows it.
//
// The verdict of each round is encoded for the SMT solver as the evaluator computes it: the
// provisions' `applies when` guards, the exceptions resolved by priority (a fired exception of the
// highest priority decides; one whose `when` is unknown makes the outcome unknown when it could
// change it; two at the top with different results are E0502), conditions and exclusions with
// their `unless`, and the verdict from the failed and unknown rules. Both rounds share one case
// record: its facts are named by their path. An expression the encoding cannot express exactly
// becomes a fresh unknown of its type, so that what the solver finds is a candidate. Every
// candidate is evaluated under both rounds and shown only when the evaluator gives the claimed
// verdicts. When the solver finds none that holds, a bounded search over records generated from
// the record types (from the rounds' own test cases, the solver's candidates and the constants
// the rounds compare with) looks for one. "None" is claimed only from the solver: the unknowns
// stand for any value (the same unknown for the same expression in both rounds), so that no
// candidate at all is a proof that no case record shows the change.
#include <simdjson.h>
#include <z3++.h>

#include <fmt/format.h>

#include "decree/lang/messages.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "decode.hpp"
#include "eval/decide.hpp"
#include "proofs.hpp"
#include "smt_encoder.hpp"

namespace decree::proofs {

namespace {

using namespace detail;

struct tv {
    z3::expr def, val;
};

// One round's verdict over the shared case record.
class round_model {
    const ir::program& m_p;
    z3::context& m_c;

public:
    round_model(const ir::program& p, z3::context& c, unsigned bound, const std::string& tag)
        : m_p(p), m_c(c), en(p, c, bound), m_tag(tag), m_res(p.rules.size()), m_root(p.rules.size()),
          m_failed(c.bool_val(false)), m_unknown(c.bool_val(false)), m_error(c.bool_val(false)) {
        en.abstract = true;
        en.tag = tag;
        for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
            std::uint32_t x = r;
            for (int guard = 0; p.rules[x].kind == ir::rule_kind::exception && p.rules[x].target >= 0 && guard < 10000; ++guard) {
                x = static_cast<std::uint32_t>(p.rules[x].target);
            }
            m_root[r] = x;
        }
    }

    encoder en;
    std::vector<z3::expr> defs;  // the definitions of the named literals, to hold in every question
    // Per condition and exclusion, in the evaluator's order: whether it decides the case against
    // the inmate, whether it is left unknown.
    struct contribution {
        std::uint32_t rule;
        z3::expr failed, unknown;
    };
    std::vector<contribution> contributions;
    z3::expr error() const { return m_error; }

    // Builds the verdict; false when the round cannot be encoded at all.
    bool build() {
        try {
            auto T = m_c.bool_val(true), F = m_c.bool_val(false);
            for (const auto root : m_p.roots) walk(root, T, F);
            defs.push_back(en.facts());
            // Division by zero is left to the evaluator: asserting a divisor non-zero where the
            // evaluation never divides would rule out records that show a change.
            en.take_conds(0);
            const auto ok = !m_error;
            m_verdicts.clear();
            m_verdicts.push_back(ok && !m_failed && !m_unknown);
            m_verdicts.push_back(ok && m_failed);
            m_verdicts.push_back(ok && !m_failed && m_unknown);
            return true;
        } catch (const unsupported&) {
        } catch (const z3::exception&) {
        }
        return false;
    }
    // eligible, not_eligible, undetermined.
    z3::expr verdict(int k) const { return m_verdicts[static_cast<std::size_t>(k)]; }

private:
    struct resolved {
        z3::expr def, val, conflict;
    };

    tv truth(const ir::expr& e, std::uint32_t frame_size) {
        std::vector<std::optional<term>> frame(frame_size);
        auto t = en.enc(e, frame);
        if (!t.val.is_bool()) throw unsupported{};
        return {t.def, t.val};
    }
    // A literal named for [e], defined at the base level: the verdict refers to each rule's
    // outcome once, however many exceptions read it.
    z3::expr name(const z3::expr& e, const std::string& what) {
        auto lit = m_c.bool_const(("R" + m_tag + ":" + what + ":" + std::to_string(m_names++)).c_str());
        defs.push_back(lit == e);
        return lit;
    }

    int depth_of(std::uint32_t r) const {
        int d = 0;
        for (std::uint32_t x = r; m_p.rules[x].kind == ir::rule_kind::exception && m_p.rules[x].target >= 0 && d < 10000;
             x = static_cast<std::uint32_t>(m_p.rules[x].target)) {
            ++d;
        }
        return d;
    }

    // evaluator::base
    tv base(std::uint32_t r) {
        const auto& x = m_p.rules[r];
        auto T = m_c.bool_val(true), F = m_c.bool_val(false);
        const bool exclusion_chain = m_p.rules[m_root[r]].kind == ir::rule_kind::exclusion;
        if (x.kind == ir::rule_kind::exception) {
            if (!exclusion_chain) return x.test ? truth(*x.test, x.frame_size) : tv{T, T};
            if (depth_of(r) % 2 == 1) return {T, F};
            return base(m_root[r]);
        }
        const tv t = x.test ? truth(*x.test, x.frame_size) : tv{T, T};
        const tv u = x.unless ? truth(*x.unless, x.frame_size) : tv{T, F};
        auto yes = [](const tv& a) { return a.def && a.val; };
        auto no = [](const tv& a) { return a.def && !a.val; };
        if (x.kind == ir::rule_kind::condition) {
            auto is_yes = yes(t) || yes(u), is_no = no(t) && no(u);
            return {is_yes || is_no, is_yes};
        }
        auto is_no = no(t) || yes(u), is_yes = yes(t) && no(u);
        return {is_yes || is_no, is_yes};
    }

    // evaluator::resolve
    const resolved& resolve(std::uint32_t r, int depth = 0) {
        if (m_res[r]) return *m_res[r];
        if (depth > 64) throw unsupported{};
        const auto& x = m_p.rules[r];
        auto F = m_c.bool_val(false);
        if (x.exceptions.empty()) {
            const auto b = base(r);
            m_res[r] = resolved{name(b.def, "d"), name(b.val, "v"), F};
            return *m_res[r];
        }
        struct cand {
            std::uint32_t rule;
            z3::expr fired, maybe;
            resolved sub;
        };
        std::vector<cand> cs;
        for (const auto e : x.exceptions) {
            const auto& ex = m_p.rules[e];
            auto fired = m_c.bool_val(true), maybe = m_c.bool_val(false);
            if (ex.when) {
                const auto w = truth(*ex.when, ex.frame_size);
                fired = name(w.def && w.val, "w");
                maybe = !w.def;
            }
            cs.push_back({e, fired, maybe, resolve(e, depth + 1)});
        }
        auto fired_above = [&](const big_int& prio) {
            auto out = m_c.bool_val(false);
            for (const auto& c : cs) {
                if (m_p.rules[c.rule].priority > prio) out = out || c.fired;
            }
            return out;
        };
        std::set<big_int> prios;
        for (const auto& c : cs) prios.insert(m_p.rules[c.rule].priority);
        // No exception fired: the rule's own outcome.
        const auto b = base(r);
        z3::expr def = b.def, val = b.val, conflict = F;
        // The highest priority at which one fired: the first known result there, from the last
        // level down so that the highest one is outermost.
        for (const auto& prio : prios) {
            auto at = m_c.bool_val(false), known = m_c.bool_val(false), some_yes = F, some_no = F;
            z3::expr lv = m_c.bool_val(false);
            std::vector<const cand*> level;
            for (const auto& c : cs) {
                if (m_p.rules[c.rule].priority == prio) level.push_back(&c);
            }
            for (auto it = level.rbegin(); it != level.rend(); ++it) {
                const auto& c = **it;
                auto k = c.fired && c.sub.def;
                lv = z3::ite(k, c.sub.val, lv);
            }
            auto cf = F;
            for (const auto* c : level) {
                at = at || c->fired;
                known = known || (c->fired && c->sub.def);
                some_yes = some_yes || (c->fired && c->sub.def && c->sub.val);
                some_no = some_no || (c->fired && c->sub.def && !c->sub.val);
                cf = cf || (c->fired && c->sub.conflict);
            }
            const auto top = at && !fired_above(prio);
            def = z3::ite(top, known, def);
            val = z3::ite(top, lv, val);
            conflict = conflict || (top && ((some_yes && some_no) || cf));
        }
        // An exception whose `when` is unknown, of a priority not below the top: it makes the
        // outcome unknown when its own result differs or is unknown.
        auto spoiled = F;
        for (const auto& c : cs) {
            const auto relevant = c.maybe && !fired_above(m_p.rules[c.rule].priority);
            spoiled = spoiled || (relevant && (!c.sub.def || !def || c.sub.val != val));
            conflict = conflict || (relevant && c.sub.conflict);
        }
        m_res[r] = resolved{name(def && !spoiled, "d"), name(val, "v"), name(conflict, "c")};
        return *m_res[r];
    }

    // evaluator::walk
    void walk(std::uint32_t pr, z3::expr active, z3::expr unknown_guard) {
        const auto& p = m_p.provisions[pr];
        if (p.applies) {
            const auto g = truth(*p.applies, p.frame_size);
            active = name(active && !(g.def && !g.val), "a");
            unknown_guard = name(unknown_guard || !g.def, "u");
        }
        for (const auto r : p.rules) {
            const auto& rule = m_p.rules[r];
            if (rule.kind == ir::rule_kind::exception) continue;
            const auto& res = resolve(r);
            const bool exclusion = rule.kind == ir::rule_kind::exclusion;
            const auto decisive = res.def && (exclusion ? res.val : !res.val);
            auto failed = name(active && !unknown_guard && decisive, "f");
            auto unknown = name(active && (!res.def || (unknown_guard && decisive)), "k");
            contributions.push_back({r, failed, unknown});
            m_failed = m_failed || failed;
            m_unknown = m_unknown || unknown;
            m_error = m_error || (active && res.conflict);
        }
        for (const auto c : p.children) walk(c, active, unknown_guard);
    }

    std::string m_tag;
    std::vector<std::optional<resolved>> m_res;
    std::vector<std::uint32_t> m_root;
    z3::expr m_failed, m_unknown, m_error;
    std::vector<z3::expr> m_verdicts;
    unsigned m_names = 0;
};

// ---- JSON case records, as trees that the search edits ----

struct jv {
    enum kind { scalar, object, array } k = scalar;
    std::string text;  // a scalar as JSON
    std::vector<std::pair<std::string, jv>> obj;
    std::vector<jv> arr;

    jv* find(const std::string& key) {
        for (auto& [n, v] : obj) {
            if (n == key) return &v;
        }
        return nullptr;
    }
    void erase(const std::string& key) {
        obj.erase(std::remove_if(obj.begin(), obj.end(), [&](const auto& kv) { return kv.first == key; }), obj.end());
    }
    void set(const std::string& key, jv v) {
        if (auto* x = find(key)) *x = std::move(v);
        else obj.emplace_back(key, std::move(v));
    }
    std::string str() const {
        if (k == scalar) return text;
        std::string out = k == object ? "{" : "[";
        if (k == object) {
            for (std::size_t i = 0; i < obj.size(); ++i) {
                out += (i ? ",\"" : "\"") + json_escape(obj[i].first) + "\":" + obj[i].second.str();
            }
        } else {
            for (std::size_t i = 0; i < arr.size(); ++i) out += (i ? "," : "") + arr[i].str();
        }
        return out + (k == object ? "}" : "]");
    }
};

jv from_dom(const simdjson::dom::element& e) {
    jv out;
    simdjson::dom::object o;
    simdjson::dom::array a;
    if (e.get(o) == simdjson::SUCCESS) {
        out.k = jv::object;
        for (const auto field : o) out.obj.emplace_back(std::string(field.key), from_dom(field.value));
    } else if (e.get(a) == simdjson::SUCCESS) {
        out.k = jv::array;
        for (const auto x : a) out.arr.push_back(from_dom(x));
    } else {
        out.text = simdjson::minify(e);
    }
    return out;
}

std::optional<jv> parse(const std::string& text) {
    simdjson::dom::parser parser;
    simdjson::padded_string s(text);
    auto doc = parser.parse(s);
    if (doc.error()) return std::nullopt;
    return from_dom(doc.value());
}

// [a] with what [b] has and [a] lacks; [a]'s scalars win.
jv merge(const jv& a, const jv& b) {
    if (a.k == jv::object && b.k == jv::object) {
        jv out = a;
        for (const auto& [n, v] : b.obj) {
            if (auto* x = out.find(n)) *x = merge(*x, v);
            else out.obj.emplace_back(n, v);
        }
        return out;
    }
    if (a.k == jv::array && b.k == jv::array) {
        jv out = a;
        for (std::size_t i = 0; i < out.arr.size() && i < b.arr.size(); ++i) out.arr[i] = merge(out.arr[i], b.arr[i]);
        return out;
    }
    return a;
}

jv scalar(std::string text) {
    jv v;
    v.text = std::move(text);
    return v;
}

std::string quoted(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string duration_json(const duration& d) {
    const auto n = d.normalized();
    return fmt::format("{{\"months\":{},\"days\":{}}}", n.months.str(), n.days.str());
}

// The values the search tries, by kind: the constants the rounds compare with, their
// neighbours, and the values of the seeds.
struct pools {
    std::map<ir::tkind, std::set<std::string>> by_kind;
    std::set<std::string> strings;

    void constant(const ir::constant& k, const ir::type* t) {
        if (t == nullptr) return;
        if (const auto* i = std::get_if<big_int>(&k)) {
            if (t->kind == ir::tkind::integer) {
                for (int d = -1; d <= 1; ++d) {
                    const big_int v = *i + d;
                    if (v >= 0) by_kind[ir::tkind::integer].insert(v.str());
                }
            } else {
                by_kind[t->kind].insert(quoted(i->str()));
            }
        } else if (const auto* r = std::get_if<rational>(&k)) {
            by_kind[t->kind].insert(quoted(numerator(*r).str() + "/" + denominator(*r).str()));
        } else if (const auto* d = std::get_if<date>(&k)) {
            dates.push_back(*d);
        } else if (const auto* u = std::get_if<duration>(&k)) {
            durations.push_back(*u);
        } else if (const auto* s = std::get_if<std::string>(&k)) {
            strings.insert(quoted(*s));
        }
    }
    void expr(const ir::expr& e, int depth = 0) {
        if (depth > 200) return;
        if (e.kind == ir::op::literal) constant(e.lit, e.ty);
        for (const auto& a : e.args) expr(a, depth + 1);
    }
    void program(const ir::program& p) {
        for (const auto& r : p.rules) {
            for (const auto* e : {&r.test, &r.unless, &r.when}) {
                if (*e) expr(**e);
            }
        }
        for (const auto& d : p.defs) expr(d.body);
        for (const auto& x : p.params) {
            if (x.folded) constant(*x.folded, x.ty);
            if (x.value) expr(*x.value);
        }
        for (const auto& x : p.provisions) {
            if (x.applies) expr(*x.applies);
        }
    }
    // Dates a day either side of each constant date, and each constant date less each constant
    // duration (a term served by a cut-off day); durations a day either side of each constant.
    void finish() {
        auto& ds = by_kind[ir::tkind::date];
        auto& us = by_kind[ir::tkind::duration];
        for (const auto& d : dates) {
            for (int k = -1; k <= 1; ++k) ds.insert(quoted(date{d.days + k}.iso()));
            for (const auto& u : durations) {
                if (u.negative()) continue;
                const auto back = d.days - static_cast<std::int64_t>(u.total_days());
                if (back > 0) {
                    for (int k = -1; k <= 1; ++k) ds.insert(quoted(date{back + k}.iso()));
                }
            }
        }
        for (const auto& u : durations) {
            us.insert(duration_json(u));
            us.insert(duration_json(duration{u.months, u.days + 1}));
            if (u.total_days() > 0) us.insert(duration_json(duration{u.months, u.days - 1}));
        }
        for (const char* b : {"true", "false"}) by_kind[ir::tkind::bool_].insert(b);
        for (const char* i : {"0", "1", "2", "3"}) by_kind[ir::tkind::integer].insert(i);
        if (ds.empty()) ds.insert("\"2000-01-01\"");
        if (us.empty()) us.insert("{\"months\":12,\"days\":0}");
    }
    std::vector<date> dates;
    std::vector<duration> durations;
};

// The verdicts of [json] under the two rounds; nothing when it does not decode under one.
struct judged {
    eval::decision old_d, new_d;
};

class judge {
public:
    judge(const ir::program& a, const ir::program& b) : m_a(a), m_b(b), m_ea(a), m_eb(b) {}

    std::optional<judged> operator()(const std::string& json) {
        ++evaluated;
        simdjson::padded_string s(json);
        auto doc = m_parser.parse(s);
        if (doc.error()) return std::nullopt;
        auto da = eval::decode(doc.value(), *m_a.input->rec);
        auto db = eval::decode(doc.value(), *m_b.input->rec);
        if (!da.errors.empty() || !db.errors.empty()) return std::nullopt;
        judged out{m_ea.decide(std::get<eval::record_ptr>(da.record)),
                   m_eb.decide(std::get<eval::record_ptr>(db.record))};
        return out;
    }
    std::size_t evaluated = 0;

private:
    const ir::program &m_a, &m_b;
    eval::decider m_ea, m_eb;
    simdjson::dom::parser m_parser;
};

int verdict_index(eval::verdict v) {
    switch (v) {
        case eval::verdict::eligible: return 0;
        case eval::verdict::not_eligible: return 1;
        case eval::verdict::undetermined: return 2;
        default: return -1;
    }
}

const eval::verdict verdicts[3] = {eval::verdict::eligible, eval::verdict::not_eligible, eval::verdict::undetermined};

// Removes what [w] does not need to show its change: fields, then list elements, one by one,
// going into records and lists of the record types ([ta], [tb]: the two rounds'), never into a
// value written as an object (a duration).
jv minimize(jv w, eval::verdict from, eval::verdict to, judge& j, const ir::record_type* ta,
            const ir::record_type* tb, std::size_t budget) {
    auto shows = [&](const jv& x) {
        auto r = j(x.str());
        return r && r->old_d.result == from && r->new_d.result == to;
    };
    auto field_of = [](const ir::record_type* t, const std::string& n) -> const ir::type* {
        if (t == nullptr) return nullptr;
        const int i = t->find(n);
        return i < 0 ? nullptr : t->fields[static_cast<std::size_t>(i)].ty;
    };
    auto rec_of = [](const ir::type* t) -> const ir::record_type* {
        return t && t->kind == ir::tkind::record ? t->rec : nullptr;
    };
    auto elem_of = [](const ir::type* t) -> const ir::type* { return t && t->kind == ir::tkind::list ? t->elem : nullptr; };
    std::function<bool(jv&, jv&, const ir::record_type*, const ir::record_type*)> pass;
    std::function<bool(jv&, jv&, const ir::type*, const ir::type*)> into = [&](jv& root, jv& node, const ir::type* a,
                                                                              const ir::type* b) {
        if (node.k == jv::object && (rec_of(a) || rec_of(b))) return pass(root, node, rec_of(a), rec_of(b));
        if (node.k != jv::array || !(elem_of(a) || elem_of(b))) return false;
        bool changed = false;
        for (std::size_t i = node.arr.size(); i-- > 0 && budget > 0;) {
            auto keep = node.arr[i];
            node.arr.erase(node.arr.begin() + static_cast<std::ptrdiff_t>(i));
            --budget;
            if (shows(root)) {
                changed = true;
                continue;
            }
            node.arr.insert(node.arr.begin() + static_cast<std::ptrdiff_t>(i), keep);
            changed = into(root, node.arr[i], elem_of(a), elem_of(b)) || changed;
        }
        return changed;
    };
    pass = [&](jv& root, jv& node, const ir::record_type* a, const ir::record_type* b) {
        bool changed = false;
        for (std::size_t i = 0; i < node.obj.size() && budget > 0;) {
            const auto name = node.obj[i].first;
            if (&node == &root && name == "id") {
                ++i;
                continue;
            }
            auto keep = node.obj[i];
            node.obj.erase(node.obj.begin() + static_cast<std::ptrdiff_t>(i));
            --budget;
            if (shows(root)) {
                changed = true;
                continue;
            }
            node.obj.insert(node.obj.begin() + static_cast<std::ptrdiff_t>(i), keep);
            changed = into(root, node.obj[i].second, field_of(a, name), field_of(b, name)) || changed;
            ++i;
        }
        return changed;
    };
    for (int round = 0; round < 3 && budget > 0; ++round) {
        if (!pass(w, w, ta, tb)) break;
    }
    return w;
}

// A random edit of [w] guided by the record type [t]: a field set from the pools, removed, or a
// list grown or shrunk.
class mutator {
public:
    mutator(const pools& p, std::mt19937& rng) : m_p(p), m_rng(rng) {}

    void edit(jv& w, const ir::record_type& t) {
        if (w.k != jv::object) w = jv{jv::object, {}, {}, {}};
        edit_record(w, t, 0);
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
    bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

    std::optional<jv> value_of(const ir::type* t, int depth) {
        switch (t->kind) {
            case ir::tkind::record: {
                jv r{jv::object, {}, {}, {}};
                if (depth < 4) {
                    for (int k = 0; k < 3 && !t->rec->fields.empty(); ++k) edit_record(r, *t->rec, depth + 1);
                }
                return r;
            }
            case ir::tkind::list: {
                jv l{jv::array, {}, {}, {}};
                const auto n = pick(3) + 1;
                for (std::size_t i = 0; i < n; ++i) {
                    if (auto e = value_of(t->elem, depth + 1)) l.arr.push_back(*e);
                }
                return l;
            }
            case ir::tkind::enumeration: return scalar(quoted(t->en->variants[pick(t->en->variants.size())]));
            case ir::tkind::string: {
                if (m_p.strings.empty()) return scalar("\"\"");
                auto it = m_p.strings.begin();
                std::advance(it, static_cast<std::ptrdiff_t>(pick(m_p.strings.size())));
                return scalar(*it);
            }
            default: {
                auto f = m_p.by_kind.find(t->kind);
                if (f == m_p.by_kind.end() || f->second.empty()) return std::nullopt;
                auto it = f->second.begin();
                std::advance(it, static_cast<std::ptrdiff_t>(pick(f->second.size())));
                return scalar(*it);
            }
        }
    }

    void edit_record(jv& w, const ir::record_type& t, int depth) {
        if (t.fields.empty()) return;
        const auto& f = t.fields[pick(t.fields.size())];
        if (f.name == "id" && depth == 0) return;
        auto* cur = w.find(f.name);
        if (cur && depth < 5 && chance(60)) {
            if (f.ty->kind == ir::tkind::record && cur->k == jv::object) return edit_record(*cur, *f.ty->rec, depth + 1);
            if (f.ty->kind == ir::tkind::list && cur->k == jv::array) {
                if (!cur->arr.empty() && chance(50)) {
                    auto& e = cur->arr[pick(cur->arr.size())];
                    if (f.ty->elem->kind == ir::tkind::record && e.k == jv::object) return edit_record(e, *f.ty->elem->rec, depth + 1);
                    if (auto v = value_of(f.ty->elem, depth + 1)) e = *v;
                    return;
                }
                if (!cur->arr.empty() && chance(40)) {
                    cur->arr.pop_back();
                    return;
                }
                if (cur->arr.size() < 6) {
                    if (!cur->arr.empty() && chance(50)) cur->arr.push_back(cur->arr[pick(cur->arr.size())]);
                    else if (auto v = value_of(f.ty->elem, depth + 1)) cur->arr.push_back(*v);
                }
                return;
            }
        }
        if (cur && chance(25)) {
            w.erase(f.name);
            return;
        }
        if (auto v = value_of(f.ty, depth)) w.set(f.name, *v);
    }

    const pools& m_p;
    std::mt19937& m_rng;
};

}  // namespace

diff_witnesses_result diff_witnesses(const ir::program& a, const ir::program& b, const std::vector<std::string>& seeds,
                                     const options& o) {
    diff_witnesses_result out;
    if (a.input == nullptr || a.input->rec == nullptr || b.input == nullptr || b.input->rec == nullptr) return out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.budget_ms);
    for (int i = 0; i < 3; ++i) {
        for (int k = 0; k < 3; ++k) {
            if (i == k) continue;
            change_witness c;
            c.from = verdicts[i];
            c.to = verdicts[k];
            out.changes.push_back(c);
        }
    }
    judge j(a, b);
    std::vector<jv> candidates;
    auto label = [](const change_witness& c) {
        return fmt::format("{}-to-{}", eval::name(c.from), eval::name(c.to));
    };
    auto accept = [&](change_witness& c, jv w, const char* method) {
        // The record's `id` first, naming the change it shows (not the test case it came from);
        // a round that reads the id is still judged below, with this one.
        w.erase("id");
        w.obj.insert(w.obj.begin(), {"id", scalar(quoted(label(c)))});
        w = minimize(std::move(w), c.from, c.to, j, a.input->rec, b.input->rec, 400);
        auto r = j(w.str());
        if (!r || r->old_d.result != c.from || r->new_d.result != c.to) return false;
        c.outcome = change_witness::found;
        c.method = method;
        c.witness = w.str();
        c.old_failed = r->old_d.failed;
        c.new_failed = r->new_d.failed;
        c.old_missing = r->old_d.missing;
        c.new_missing = r->new_d.missing;
        return true;
    };

    // The solver.
    {
        z3::context ctx;
        round_model ma(a, ctx, o.list_bound, "o"), mb(b, ctx, o.list_bound, "n");
        ma.en.id_label = mb.en.id_label = "witness";
        if (ma.build() && mb.build()) {
            out.encoded = true;
            out.approximated = ma.en.abstracted + mb.en.abstracted;
            z3::solver s(ctx);
            for (const auto& d : ma.defs) s.add(d);
            for (const auto& d : mb.defs) s.add(d);
            // An enumeration whose variants differ between the rounds: the same variant by name.
            std::map<std::string, std::pair<const ir::type*, z3::expr>> enums_a;
            for (const auto& [path, t] : ma.en.types()) {
                if (t->kind != ir::tkind::enumeration) continue;
                if (auto it = ma.en.values().find(path); it != ma.en.values().end()) enums_a.emplace(path, std::pair{t, it->second});
            }
            for (const auto& [path, t] : mb.en.types()) {
                if (t->kind != ir::tkind::enumeration) continue;
                auto ia = enums_a.find(path);
                auto ib = mb.en.values().find(path);
                if (ia == enums_a.end() || ib == mb.en.values().end() || ia->second.first->en->variants == t->en->variants) continue;
                auto link = ctx.bool_val(false);
                const auto& vs = ia->second.first->en->variants;
                for (std::size_t x = 0; x < vs.size(); ++x) {
                    const auto& ws = t->en->variants;
                    for (std::size_t y = 0; y < ws.size(); ++y) {
                        if (vs[x] == ws[y]) link = link || (ia->second.second == static_cast<int>(x) && ib->second == static_cast<int>(y));
                    }
                }
                s.add(link);
            }
            for (auto& c : out.changes) {
                if (std::chrono::steady_clock::now() >= deadline) break;
                s.push();
                s.add(ma.verdict(verdict_index(c.from)) && mb.verdict(verdict_index(c.to)));
                for (int attempt = 0; attempt < 4; ++attempt) {
                    if (!limit_time(s, o, deadline)) break;
                    const auto answer = s.check();
                    if (answer == z3::unsat) {
                        // The unknowns only widen what the solver searches: no candidate at all
                        // is a proof. After a rejected candidate it is not.
                        if (attempt == 0) {
                            c.outcome = change_witness::none;
                            c.bounded = ma.en.used_lists || mb.en.used_lists;
                        }
                        break;
                    }
                    if (answer != z3::sat) break;
                    const auto m = s.get_model();
                    auto wa = parse(ma.en.witness(m)), wb = parse(mb.en.witness(m));
                    if (!wa || !wb) break;
                    auto w = merge(*wa, *wb);
                    if (accept(c, w, "solver")) break;
                    candidates.push_back(w);
                    // Another candidate: one that differs in the facts either round reads.
                    auto differ = ctx.bool_val(false);
                    for (const auto* en : {&ma.en, &mb.en}) {
                        for (const auto& [path, v] : en->values()) {
                            differ = differ || (v != m.eval(v, true));
                        }
                    }
                    s.add(differ);
                }
                s.pop();
            }
        }
    }

    // The bounded search.
    bool wanted = std::any_of(out.changes.begin(), out.changes.end(), [](const auto& c) { return c.outcome == change_witness::not_found; });
    if (!wanted) return out;
    pools pl;
    pl.program(a);
    pl.program(b);
    pl.finish();
    std::vector<jv> starts;
    for (const auto& s : seeds) {
        if (auto v = parse(s); v && v->k == jv::object) starts.push_back(*v);
    }
    const std::size_t n_seeds = starts.size();
    for (const auto& c : candidates) {
        starts.push_back(c);
        for (std::size_t i = 0; i < n_seeds; ++i) starts.push_back(merge(c, starts[i]));
    }
    starts.push_back(jv{jv::object, {}, {}, {}});
    std::mt19937 rng(20251);
    mutator mu(pl, rng);
    auto classify = [&](const jv& w) {
        const auto text = w.str();
        auto r = j(text);
        ++out.searched;
        if (!r) return;
        for (auto& c : out.changes) {
            if (c.outcome == change_witness::not_found && r->old_d.result == c.from && r->new_d.result == c.to) {
                accept(c, w, "search");
            }
        }
    };
    auto wanting = [&] {
        return std::any_of(out.changes.begin(), out.changes.end(), [](const auto& c) { return c.outcome == change_witness::not_found; });
    };
    for (const auto& s : starts) classify(s);
    // Each starting record without one of its facts, one at a time (a round that reads a fact the
    // other does not turns on its absence), before the random edits.
    std::size_t budget = o.search_records;
    std::function<void(jv&, jv&)> drop_each = [&](jv& whole, jv& at) {
        if (at.k == jv::object) {
            for (std::size_t f = 0; f < at.obj.size() && budget > 0 && wanting(); ++f) {
                if (&at == &whole && at.obj[f].first == "id") continue;
                auto kept = std::move(at.obj[f]);
                at.obj.erase(at.obj.begin() + static_cast<std::ptrdiff_t>(f));
                --budget;
                classify(whole);
                at.obj.insert(at.obj.begin() + static_cast<std::ptrdiff_t>(f), std::move(kept));
                drop_each(whole, at.obj[f].second);
            }
        } else if (at.k == jv::array) {
            for (auto& e : at.arr) drop_each(whole, e);
        }
    };
    for (std::size_t k = 0; k < n_seeds && budget > 0 && wanting() && std::chrono::steady_clock::now() < deadline; ++k) {
        jv w = starts[k];
        drop_each(w, w);
    }
    for (std::size_t i = 0; i < budget; ++i) {
        if ((i & 63) == 0 && std::chrono::steady_clock::now() >= deadline) break;
        if (!wanting()) break;
        jv w = starts[std::uniform_int_distribution<std::size_t>(0, starts.size() - 1)(rng)];
        const auto edits = std::uniform_int_distribution<int>(1, 4)(rng);
        for (int e = 0; e < edits; ++e) mu.edit(w, rng() % 2 ? *b.input->rec : *a.input->rec);
        classify(w);
    }
    return out;
}

std::vector<finding> redundant(const ir::program& p, const options& o) {
    z3::context ctx;
    return detail::redundant(ctx, p, o, std::chrono::steady_clock::now() + std::chrono::milliseconds(o.budget_ms));
}

std::vector<finding> detail::redundant(z3::context& ctx, const ir::program& p, const options& o,
                                       std::chrono::steady_clock::time_point deadline) {
    std::vector<finding> out;
    if (p.input == nullptr || p.input->rec == nullptr) return out;
    round_model m(p, ctx, o.list_bound, "r");
    if (!m.build()) {
        // The round as a whole cannot be expressed: no rule is proved redundant, and that is said.
        for (const auto& r : p.rules) {
            if (r.module != 0 || r.provision < 0 || !r.test || r.kind == ir::rule_kind::exception) continue;
            if (o.counted) ++o.counted->rules;
            inexpressible(o, r.loc, false);
        }
        return out;
    }
    z3::solver s(ctx);
    for (const auto& d : m.defs) s.add(d);
    s.add(!m.error());
    const auto& cs = m.contributions;
    // A rule held by a provision that appears twice in the walk is left out: one per rule.
    std::vector<unsigned> seen(p.rules.size());
    for (const auto& c : cs) ++seen[c.rule];
    // [goal] proved impossible; a question left unanswered is counted (W0702) and proves nothing.
    auto impossible = [&](const z3::expr& goal, const span& where) {
        auto answer = z3::unknown;
        if (limit_time(s, o, deadline)) {
            s.push();
            s.add(goal);
            answer = s.check();
            s.pop();
        }
        if (answer == z3::unknown) unanswered(o, where, false);
        return answer == z3::unsat;
    };
    // Whether a rule before (after) the k-th decides against the inmate or is unknown, named in
    // the solver so that "another rule" stays linear in the number of rules.
    const auto n = cs.size();
    std::vector<z3::expr> failed_before, failed_after, unknown_before, unknown_after;
    auto chain = [&](std::vector<z3::expr>& lits, bool forward, bool failed, const char* what) {
        lits.assign(n + 1, ctx.bool_val(false));
        for (std::size_t j = 0; j < n; ++j) {
            const std::size_t k = forward ? j : n - 1 - j;
            const auto& c = failed ? cs[k].failed : cs[k].unknown;
            auto lit = ctx.bool_const(fmt::format("R:{}:{}", what, j).c_str());
            s.add(lit == (lits[forward ? k : k + 1] || c));
            lits[forward ? k + 1 : k] = lit;
        }
    };
    chain(failed_before, true, true, "fb");
    chain(failed_after, false, true, "fa");
    chain(unknown_before, true, false, "kb");
    chain(unknown_after, false, false, "ka");
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = p.rules[cs[i].rule];
        if (r.module != 0 || r.provision < 0 || seen[cs[i].rule] != 1) continue;
        const auto others_failed = failed_before[i] || failed_after[i + 1];
        const auto others_unknown = unknown_before[i] || unknown_after[i + 1];
        // The verdict without the rule differs exactly when it is the only rule deciding against
        // the inmate, or, with none deciding, the only one left unknown.
        if (o.counted) ++o.counted->rules;
        if (!impossible(cs[i].failed && !others_failed, r.loc)) continue;
        if (!impossible(cs[i].unknown && !others_failed && !others_unknown, r.loc)) continue;
        finding f;
        f.code = "W0704";
        f.where = r.loc;
        f.bounded = m.en.used_lists;
        const bool cond = r.kind == ir::rule_kind::condition;
        f.message = say(cond ? msg::pr_redundant_condition : msg::pr_redundant_exclusion,
                        {citation(p, cs[i].rule), f.bounded ? say(msg::pr_proved_for_lists, {static_cast<std::size_t>(o.list_bound)}) : text{}});
        f.hint = say(msg::pr_redundant_hint);
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace decree::proofs
