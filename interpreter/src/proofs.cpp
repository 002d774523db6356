// Conflict and dead-rule proofs with Z3, over the encoding of smt_encoder.hpp.
#include "proofs.hpp"

#include <simdjson.h>
#include <z3++.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "decode.hpp"
#include "decree/lang/messages.hpp"
#include "eval/decide.hpp"
#include "smt_encoder.hpp"

#include "decree/lang/diagnostic.hpp"

namespace decree::proofs {

namespace {

using namespace detail;

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
    // The solver's context and the end of the budget, for further questions of the same file: a
    // context costs tens of milliseconds to make.
    z3::context& context() { return m_c; }
    std::chrono::steady_clock::time_point deadline() const { return m_deadline; }

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
        if (!limit_time(m_s, m_o, m_deadline)) return z3::unknown;
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
                    inexpressible(o, p.rules[b].loc, true);
                    continue;  // not expressible exactly: no claim, and said (W0702)
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
                f.message = say(msg::pr_conflict, {citation(p, a), citation(p, b), citation(p, r)});
                f.hint = say(msg::pr_conflict_hint, {f.bounded ? say(msg::pr_lists_bound, {std::size_t{o.list_bound}}) : text{}, f.witness});
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
        if (o.counted) ++o.counted->rules;
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
        if (!goal) {
            inexpressible(o, ex.loc, false);
            continue;
        }
        const bool bounded = q.en().used_lists;
        const auto answer = q.ask(*goal);
        if (answer == z3::unknown) unanswered(o, ex.loc, false);
        if (answer != z3::unsat) continue;
        finding f;
        f.code = "W0701";
        f.where = ex.loc;
        f.bounded = bounded;
        f.message = say(msg::pr_dead_exception, {citation(p, x), citation(p, static_cast<std::uint32_t>(ex.target)),
                                                  f.bounded ? say(msg::pr_proved_for_lists, {std::size_t{o.list_bound}}) : text{}});
        f.hint = say(msg::pr_dead_exception_hint);
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
        if (o.counted) ++o.counted->rules;
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
        if (!goal) {
            inexpressible(o, r.loc, false);
            continue;
        }
        const bool bounded = q.en().used_lists;
        const auto answer = q.ask(*goal);
        if (answer == z3::unknown) unanswered(o, r.loc, false);
        if (answer != z3::unsat) continue;
        finding f;
        f.code = "W0703";
        f.where = r.loc;
        f.bounded = bounded;
        const bool cond = r.kind == ir::rule_kind::condition;
        const text bound = f.bounded ? say(msg::pr_proved_for_lists, {std::size_t{o.list_bound}}) : text{};
        f.message = say(cond ? msg::pr_condition_never_fails : msg::pr_exclusion_never_applies, {citation(p, x), bound});
        f.hint = say(cond ? msg::pr_condition_never_fails_hint : msg::pr_exclusion_never_applies_hint);
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
        sink.error(code::E0701, f.where, f.message, f.hint).labels.push_back({f.other, say(msg::pr_the_other_exception)});
    }
    // Exceptions the existing lint (W0103) already reports are left to it.
    for (const auto& f : dead(q, p, mine)) {
        const bool known = std::any_of(sink.all().begin(), sink.all().end(), [&](const source_diagnostic& d) {
            return d.id == code::W0103 && d.primary.file == f.where.file && d.primary.begin == f.where.begin;
        });
        if (!known) sink.warning(code::W0701, f.where, f.message, f.hint);
    }
    const auto dead_tests = dead_rules(q, p, mine);
    for (const auto& f : dead_tests) sink.warning(code::W0703, f.where, f.message, f.hint);
    // A rule that can never decide is reported as that (W0703), not again as redundant. The
    // redundancy questions share the file's context and budget with the others.
    for (const auto& f : detail::redundant(q.context(), p, mine, q.deadline())) {
        const bool known = std::any_of(dead_tests.begin(), dead_tests.end(), [&](const finding& d) {
            return d.where.file == f.where.file && d.where.begin == f.where.begin;
        });
        if (!known) sink.warning(code::W0704, f.where, f.message, f.hint);
    }
    if (const auto* c = mine.counted; c->unanswered > 0) {
        sink.warning(code::W0702, c->first_unanswered,
                     say(msg::pr_incomplete, {std::size_t{c->unanswered}, std::size_t{c->pairs + c->rules}, std::size_t{mine.timeout_ms}, std::size_t{mine.budget_ms}}),
                     say(msg::pr_incomplete_hint));
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
        if (error) *error = d.errors.front().path + ": " + d.errors.front().message.en;
        return false;
    }
    eval::decider ev(p);
    auto dec = ev.decide(std::get<eval::record_ptr>(d.record));
    if (error) *error = dec.error.en;
    return dec.result == eval::verdict::error && dec.error.en.rfind("error[E0502]", 0) == 0;
}

}  // namespace decree::proofs
