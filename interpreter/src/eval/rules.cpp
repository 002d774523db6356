// Rules, exceptions and provisions (machine.hpp): the three-valued outcome of each rule, the
// default logic of its exceptions, the walk over the articles, and the case's verdict.
#include <algorithm>
#include <array>

#include "decree/lang/messages.hpp"
#include "machine.hpp"

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

namespace {

// A few values in place, more on the heap.
template <typename T, std::size_t N>
class small_list {
public:
    void push_back(const T& v) {
        if (m_n < N) m_inline[m_n] = v;
        else m_more.push_back(v);
        ++m_n;
    }
    std::size_t size() const { return m_n; }
    const T& operator[](std::size_t i) const { return i < N ? m_inline[i] : m_more[i - N]; }

private:
    std::array<T, N> m_inline{};
    std::vector<T> m_more;
    std::size_t m_n = 0;
};

}  // namespace

machine::machine(std::shared_ptr<const compiled> program)
    : m_owner(std::move(program)), c(*m_owner), prog(c.prog), m_code(&c.fused), m_num(c.codes, prog.rounding),
      m_params(prog.params.size()), m_param_done(prog.params.size(), false), m_memo(prog.defs.size()),
      m_memo_gen(prog.defs.size(), 0) {}

// The truth of [e]; when unknown, the facts that would decide it are added to [missing].
tri machine::truth(const node* e, std::uint32_t frame_size, missing_facts& missing) {
    charge(*e);
    const cell v = eval(*e, frame(frame_size));
    if (is_unknown(v)) {
        missing = merged(missing, missing_of(v));
        return tri::unknown;
    }
    return v.a != 0 ? tri::yes : tri::no;
}

// The outcome of [rule] ignoring its exceptions: for conditions, whether the requirement holds;
// for exclusions, whether the exclusion applies. An exception in a condition's chain replaces
// the requirement (or waives it); in an exclusion's chain it lifts the exclusion, and an
// exception to that exception restores it.
tri machine::base(std::uint32_t rule, int depth, missing_facts& missing) {
    const auto& info = c.rules[rule];
    const auto& rc = m_code->rules[rule];
    if (info.kind == ir::rule_kind::exception) {
        if (!info.exclusion_chain) return rc.test != nullptr ? truth(rc.test, rc.frame, missing) : tri::yes;
        if (depth % 2 == 1) return tri::no;
        std::uint32_t root = rule;
        while (prog.rules[root].kind == ir::rule_kind::exception) root = static_cast<std::uint32_t>(prog.rules[root].target);
        return base(root, 0, missing);
    }
    missing_facts test_missing, unless_missing;
    const tri t = rc.test != nullptr ? truth(rc.test, rc.frame, test_missing) : tri::yes;
    const tri u = rc.unless != nullptr ? truth(rc.unless, rc.frame, unless_missing) : tri::no;
    tri out;
    if (info.kind == ir::rule_kind::condition) {  // A unless B == A or B
        out = t == tri::yes || u == tri::yes ? tri::yes : (t == tri::no && u == tri::no ? tri::no : tri::unknown);
    } else {  // excludes when A unless B == A and not B
        out = t == tri::no || u == tri::yes ? tri::no : (t == tri::yes && u == tri::no ? tri::yes : tri::unknown);
    }
    if (out == tri::unknown) {
        if (t == tri::unknown) missing = merged(missing, test_missing);
        if (u == tri::unknown) missing = merged(missing, unless_missing);
    }
    return out;
}

// The outcome of [rule] with its exceptions; [applied] gets the exceptions that applied (each
// followed by those under it) and, when the outcome is unknown, [missing] (empty on entry) the
// facts that would decide it.
tri machine::resolve(std::uint32_t rule, int depth, std::vector<std::uint32_t>& applied, missing_facts& missing) {
    const auto& r = prog.rules[rule];
    if (depth > max_exception_depth) throw runtime_error{"E0502", say(msg::ev_exceptions_nested_too_deeply), r.loc};
    if (!c.rules[rule].has_exceptions) return base(rule, depth, missing);
    small_list<std::uint32_t, 16> fired, maybe;
    small_list<missing_facts, 16> maybe_missing;
    for (const auto x : r.exceptions) {
        const auto& rc = m_code->rules[x];
        missing_facts when_missing;
        const tri when = rc.when != nullptr ? truth(rc.when, rc.frame, when_missing) : tri::yes;
        if (when == tri::yes) {
            fired.push_back(x);
        } else if (when == tri::unknown) {
            maybe.push_back(x);
            maybe_missing.push_back(when_missing);
        }
    }
    tri out = tri::unknown;
    const big_int* top = nullptr;
    if (fired.size() > 0) {
        for (std::size_t i = 0; i < fired.size(); ++i) {
            const auto& p = prog.rules[fired[i]].priority;
            if (top == nullptr || *top < p) top = &p;
        }
        bool first = true;
        std::uint32_t chosen = 0;
        for (std::size_t i = 0; i < fired.size(); ++i) {
            const auto x = fired[i];
            if (prog.rules[x].priority != *top) continue;
            applied.push_back(x);  // then the exceptions under it that applied
            missing_facts sub_missing;
            const tri sub = resolve(x, depth + 1, applied, sub_missing);
            if (!first && sub != tri::unknown && out != tri::unknown && sub != out) {
                const auto cite = [&](std::uint32_t k) -> const std::string& {
                    return prog.provisions[static_cast<std::size_t>(prog.rules[k].provision)].citation_vi;
                };
                throw runtime_error{"E0502", say(msg::ev_exceptions_conflict, {cite(chosen), cite(x)}), prog.rules[x].loc};
            }
            if (first || out == tri::unknown) {
                out = sub;
                chosen = x;
            }
            first = false;
            missing = merged(missing, sub_missing);
        }
    } else {
        out = base(rule, depth, missing);
    }
    // An exception whose `when` is unknown matters only if it would change the outcome.
    for (std::size_t i = 0; i < maybe.size(); ++i) {
        const auto x = maybe[i];
        if (top != nullptr && prog.rules[x].priority < *top) continue;
        missing_facts sub_missing;
        const std::size_t mark = m_maybe_applied.size();
        const tri sub = resolve(x, depth + 1, m_maybe_applied, sub_missing);
        m_maybe_applied.resize(mark);
        if (sub != out || sub == tri::unknown) {
            if (out != tri::unknown) missing = {};
            out = tri::unknown;
            missing = merged(merged(missing, maybe_missing[i]), sub_missing);
        }
    }
    if (out != tri::unknown) missing = {};
    return out;
}

// Records every rule under [provision] as not applicable (its `applies when` is false).
void machine::skip(std::uint32_t provision) {
    const auto& p = prog.provisions[provision];
    for (const auto r : p.rules) {
        if (prog.rules[r].kind != ir::rule_kind::exception) {
            rule_trace t;
            t.rule = r;
            t.status = rule_status::skipped;
            m_trace->push_back(std::move(t));
        }
    }
    for (const auto ch : p.children) skip(ch);
}

// [guard_missing]: what would decide the guards above, when one of them is unknown.
void machine::walk(std::uint32_t provision, missing_facts guard_missing, bool guard_unknown, outcome& o,
                   missing_facts& case_missing) {
    const auto& p = c.provisions[provision];
    bool unknown_guard = guard_unknown;
    if (const node* g = m_code->applies[provision]) {
        const tri t = truth(g, m_code->applies_frames[provision], guard_missing);
        if (t == tri::no) {
            m_skipped.push_back(provision);
            if (m_trace != nullptr) skip(provision);
            return;
        }
        unknown_guard = unknown_guard || t == tri::unknown;
    }
    for (std::uint32_t i = 0; i < p.rules_n; ++i) {
        const std::uint32_t r = c.items[p.rules_at + i];
        m_walk_applied.clear();
        missing_facts rule_missing;
        tri res = resolve(r, 0, m_walk_applied, rule_missing);
        const bool exclusion = c.rules[r].kind == ir::rule_kind::exclusion;
        const tri neutral = exclusion ? tri::no : tri::yes;
        if (unknown_guard && res != neutral) {
            rule_missing = merged(rule_missing, guard_missing);
            res = tri::unknown;
        }
        rule_status status = rule_status::unknown;
        if (res == tri::yes) status = exclusion ? rule_status::applies : rule_status::holds;
        if (res == tri::no) status = exclusion ? rule_status::not_applies : rule_status::fails;
        if (res == tri::unknown) {
            ++m_unknown_rules;
            case_missing = merged(case_missing, rule_missing);
        } else {
            if ((res == tri::no) != exclusion) {
                o.failed.push_back(provision);
                m_decided.push_back(r);
            }
            for (const auto a : m_walk_applied) {
                const auto pa = static_cast<std::uint32_t>(prog.rules[a].provision);
                const auto& cite = prog.provisions[pa].citation_vi;
                bool seen = false;
                for (const auto q : o.applied) seen = seen || prog.provisions[q].citation_vi == cite;
                if (!seen) o.applied.push_back(pa);
            }
        }
        if (m_trace != nullptr) explain_rule(r, status, m_walk_applied, rule_missing);
    }
    for (std::uint32_t i = 0; i < p.children_n; ++i) {
        walk(c.items[p.children_at + i], guard_missing, unknown_guard, o, case_missing);
    }
}

// The assumptions verdict [v] of this case rests on (provenance::rests_on), into [out].
void machine::rests_on(verdict v, provenance::index_set& out) {
    out.clear();
    if (v != verdict::eligible && v != verdict::not_eligible) return;
    const auto& key = v == verdict::eligible ? m_skipped : m_decided;
    for (const auto& e : m_rests_cache) {
        if (e.v == v && e.key == key) {
            out.assign(e.rests.begin(), e.rests.end());
            return;
        }
    }
    provenance::rests_on(c.assumptions, prog, static_cast<provenance::verdict>(v), {m_decided, m_skipped}, out);
    if (m_rests_cache.size() < 64) m_rests_cache.push_back({v, key, out});
}

// Forgets the last case, keeping the arena's blocks.
void machine::start_case() {
    m_tmp.reset();
    m_num.reset();
}

void machine::run_case(bool no_assumptions, outcome& o) {
    if (++m_gen == 0) {  // after 2^32 runs: forget every memo for real
        std::fill(m_memo_gen.begin(), m_memo_gen.end(), 0);
        m_gen = 1;
    }
    m_depth = 0;
    m_steps = 0;
    m_explain_steps = 0;
    m_unknown_rules = 0;
    m_absent_quarters.clear();
    m_paths.clear();
    m_paths_indexed = false;
    m_decided.clear();
    m_skipped.clear();
    m_maybe_applied.clear();
    o.result = verdict::eligible;
    o.failed.clear();
    o.applied.clear();
    o.missing.clear();
    o.assumptions.clear();
    o.provisional.reset();
    o.error.en.clear();
    o.error.vi.clear();
    o.error_at = {};
    if (m_trace != nullptr) m_trace->clear();
    missing_facts missing;
    for (const auto root : prog.roots) walk(root, {}, false, o, missing);
    if (!o.failed.empty()) {
        o.result = verdict::not_eligible;
    } else if (m_unknown_rules > 0) {
        o.result = verdict::undetermined;
        for (std::uint32_t i = 0; i < missing.n; ++i) o.missing.push_back(path_of(missing.at[i]));
    } else {
        o.result = verdict::eligible;
    }
    rests_on(o.result, o.assumptions);
    if (no_assumptions) withhold_assumed(o);
}

void machine::decide_input(bool no_assumptions, outcome& o) {
    m_reran = false;
    if (m_fusion) {
        m_code = &c.fused;
        m_plain = false;
        try {
            run_case(no_assumptions, o);
            return;
        } catch (const rerun&) {
        } catch (const runtime_error&) {
        }
        m_reran = true;
    }
    m_code = &c.plain;
    m_plain = true;
    try {
        run_case(no_assumptions, o);
    } catch (const runtime_error& e) {
        o.result = verdict::error;
        o.failed.clear();
        o.applied.clear();
        o.missing.clear();
        o.assumptions.clear();
        o.provisional.reset();
        o.error = say(msg::ev_runtime_error, {e.code, e.message});
        o.error_at = e.where;
    }
    m_code = &c.fused;
    m_plain = false;
}

bool machine::decide(const simdjson::dom::element& record, bool name_undeclared, bool no_assumptions, outcome& out,
                     std::vector<rule_trace>* trace) {
    start_case();
    out.id = {};
    if (c.input_type == nullptr || record.type() != simdjson::dom::element_type::OBJECT) return false;
    const auto id = record["id"];
    if (!id.error()) {
        if (id.value_unsafe().type() == simdjson::dom::element_type::STRING) {
            out.id = id.value_unsafe().get_string().value_unsafe();
        } else if (!id.value_unsafe().is_null()) {
            return false;  // an id that is not a string: shown as the careful decoder shows it
        }
    }
    m_name_undeclared = name_undeclared;
    try {
        m_input = record_of(record, *c.input_type);
    } catch (const retry&) {
        return false;
    }
    m_trace = trace;
    decide_input(no_assumptions, out);
    m_trace = nullptr;
    return true;
}

void machine::decide(const record_ptr& record, bool no_assumptions, outcome& out, std::vector<rule_trace>* trace) {
    start_case();
    out.id = {};
    m_input = cell_of(value(record), prog.input);
    m_trace = trace;
    decide_input(no_assumptions, out);
    m_trace = nullptr;
}

}  // namespace decree::eval
