// Explanations (machine.hpp): for each rule, the facts it used, named from the IR each plain
// node keeps (its parameter, definition, field chain) and valued by evaluating those nodes in
// the case just decided. Their evaluation has a step budget of its own: an explained case may
// take as many steps again as its verdict.
#include <algorithm>

#include "machine.hpp"

namespace decree::eval {

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

// What the text calls [e]: the label of its parameter, field or definition; empty when it has
// none (the fact is then in the trace only).
const text* label_of(const ir::expr& e, const ir::program& p) {
    const text* l = nullptr;
    switch (e.kind) {
        case ir::op::param: l = &p.params[e.index].label; break;
        case ir::op::field: l = &e.args[0].ty->rec->fields[e.index].label; break;
        case ir::op::call: l = &p.defs[e.index].label; break;
        default: return nullptr;
    }
    return l->empty() ? nullptr : l;
}

// The labels of a call's arguments that have one, joined: "hình phạt bổ sung là phạt tiền".
text arguments_of(const ir::expr& e, const ir::program& p) {
    text out;
    if (e.kind != ir::op::call || e.args.empty() || p.defs[e.index].label.empty()) return out;
    for (const auto& a : e.args) {
        const text* l = label_of(a, p);
        if (l == nullptr) continue;
        if (!out.empty()) out += text{", ", ", "};
        out += text{ir::label_in(*l, language::en), ir::label_in(*l, language::vi)};
    }
    return out;
}

bool is_comparison(ir::op k) {
    return k == ir::op::eq || k == ir::op::ne || k == ir::op::lt || k == ir::op::le || k == ir::op::gt || k == ir::op::ge;
}

// The fields of the variable in [slot] that [e] reads (`o.article`, `o.term`), once each, in
// the order they appear.
// A call on the variable alone (`blhs.article_of(o)`) counts as one of them.
void fields_read(const ir::expr& e, std::uint32_t slot, std::vector<const ir::expr*>& out, int depth = 0) {
    if (depth > 24) return;
    const bool field = e.kind == ir::op::field && e.args[0].kind == ir::op::local && e.args[0].index == slot;
    const bool call = e.kind == ir::op::call && e.args.size() == 1 && e.args[0].kind == ir::op::local && e.args[0].index == slot;
    if (field || call) {
        for (const auto* x : out) {
            if (x->kind == e.kind && x->index == e.index) return;
        }
        out.push_back(&e);
        return;
    }
    for (const auto& a : e.args) fields_read(a, slot, out, depth + 1);
}

}  // namespace

const std::string& machine::name_of(const ir::expr& e) {
    const auto it = m_names.find(&e);
    if (it != m_names.end()) return it->second;
    return m_names.emplace(&e, describe(e, prog)).first->second;
}

// [e] in the current case, by its plain node; frame [f] as the rule's.
cell machine::evaluate(const ir::expr& e, cell* f) {
    const auto it = c.plain.node_of.find(&e);
    if (it == c.plain.node_of.end()) return cell{};
    const code* code_was = m_code;
    const bool plain_was = m_plain;
    const std::uint64_t steps_was = m_steps;
    const int depth_was = m_depth;
    m_code = &c.plain;
    m_plain = true;
    m_steps = m_explain_steps;
    m_depth = 0;
    struct restore {
        machine& m;
        const code* code_was;
        bool plain_was;
        std::uint64_t steps_was;
        int depth_was;
        ~restore() {
            m.m_explain_steps = m.m_steps;
            m.m_code = code_was;
            m.m_plain = plain_was;
            m.m_steps = steps_was;
            m.m_depth = depth_was;
        }
    } guard{*this, code_was, plain_was, steps_was, depth_was};
    return eval(*it->second, f);
}

void machine::facts(const ir::expr& e, cell* f, std::vector<fact>& out, int depth) {
    if (depth > 12) return;
    auto add = [&](const std::string& n) {
        for (const auto& x : out) {
            if (x.name == n) return;
        }
        cell v;
        try {
            v = evaluate(e, f);
        } catch (const runtime_error&) {
            return;  // a branch the verdict did not take may fail: it explains nothing
        }
        if (v.t == tag::record) return;  // a record says nothing by itself
        out.push_back({n, shown(v, e.ty), e.ty, label_of(e, prog), arguments_of(e, prog), false});
    };
    switch (e.kind) {
        case ir::op::param:
        case ir::op::field:
        case ir::op::call: {
            const auto& n = name_of(e);
            if (!n.empty()) {
                add(n);
                // A condition named by a definition: show what it was made of, one level down.
                if (e.kind == ir::op::call && depth < 2 && e.args.empty()) {
                    facts(prog.defs[e.index].body, frame(c.plain.def_frames[e.index]), out, depth + 1);
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
            cell cond;
            try {
                cond = evaluate(e.args[0], f);
            } catch (const runtime_error&) {
            }
            if (!is_unknown(cond)) {
                facts(e.args[cond.a != 0 ? 1 : 2], f, out, depth + 1);
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

void machine::witnesses(const ir::expr& e, cell* f, std::vector<witness>& out, int depth) {
    if (depth > 8 || out.size() >= 4) return;
    switch (e.kind) {
        case ir::op::and_: case ir::op::or_: case ir::op::not_:
            for (const auto& a : e.args) witnesses(a, f, out, depth + 1);
            return;
        case ir::op::call:
            // A condition named by a definition: its quantifiers, as facts() looks one level down.
            if (e.args.empty() && depth < 4) witnesses(prog.defs[e.index].body, frame(c.plain.def_frames[e.index]), out, depth + 1);
            return;
        case ir::op::any: case ir::op::all: break;
        default: return;
    }
    if (f == nullptr) return;
    cell list;
    try {
        list = evaluate(e.args[0], f);
    } catch (const runtime_error&) {
        return;
    }
    if (list.t != tag::list || list.a <= 0) return;
    const auto* items = static_cast<const cell*>(list.p);
    const ir::type* elem = e.args[0].ty != nullptr ? e.args[0].ty->elem : nullptr;
    const bool want = e.kind == ir::op::any;
    std::vector<const ir::expr*> read;
    fields_read(e.args[1], e.index, read);
    // Calls first (the offence's article), then the fields in the record's order.
    std::stable_sort(read.begin(), read.end(), [](const ir::expr* a, const ir::expr* b) {
        if (a->kind != b->kind) return a->kind == ir::op::call;
        return a->kind == ir::op::field && a->index < b->index;
    });
    const cell saved = f[e.index];
    for (std::int64_t i = 0; i < list.a; ++i) {
        f[e.index] = items[i];
        cell b;
        try {
            b = evaluate(e.args[1], f);
        } catch (const runtime_error&) {
            continue;
        }
        if (is_unknown(b) || (b.a != 0) != want) continue;
        witness w;
        w.list = label_of(e.args[0], prog);
        if (list.b != 0) w.path = path_of(reinterpret_cast<const cell*>(list.b)) + "[" + std::to_string(i) + "]";
        w.failed = !want;
        for (const auto* x : read) {
            cell v;
            try {
                v = evaluate(*x, f);
            } catch (const runtime_error&) {
                continue;
            }
            if (v.t == tag::record || elem == nullptr || elem->rec == nullptr) continue;
            std::string n = x->kind == ir::op::call ? prog.defs[x->index].name
                            : elem != nullptr && elem->rec != nullptr ? elem->rec->fields[x->index].name
                                                                      : std::string();
            w.fields.push_back({std::move(n), value_of(v, x->ty), x->ty, label_of(*x, prog), {}, false});
        }
        out.push_back(std::move(w));
        break;
    }
    f[e.index] = saved;
}

// `a >= b`: the facts of its two sides, for the line that compares them. A side without a
// name is valued here and added as a value-only fact; nothing when neither side has a name.
void machine::comparison(const ir::expr& test, cell* f, rule_trace& t) {
    t.lhs = t.rhs = -1;
    t.compare = ir::op::literal;
    if (!is_comparison(test.kind) || test.args.size() != 2) return;
    int side[2] = {-1, -1};
    for (int s = 0; s < 2; ++s) {
        const auto& e = test.args[static_cast<std::size_t>(s)];
        const auto& n = name_of(e);
        for (std::size_t i = 0; i < t.facts.size() && !n.empty(); ++i) {
            if (t.facts[i].name == n && !t.facts[i].value_only) {
                side[s] = static_cast<int>(i);
                break;
            }
        }
        if (side[s] >= 0 || !n.empty()) continue;
        cell v;
        try {
            v = evaluate(e, f);
        } catch (const runtime_error&) {
            continue;
        }
        if (v.t == tag::record || v.t == tag::list) continue;
        if (v.t == tag::unknown && e.kind != ir::op::literal) continue;
        side[s] = static_cast<int>(t.facts.size());
        t.facts.push_back({{}, value_of(v, e.ty), e.ty, {}, {}, true});
    }
    if (side[0] < 0 || side[1] < 0) return;
    if (t.facts[static_cast<std::size_t>(side[0])].value_only && t.facts[static_cast<std::size_t>(side[1])].value_only) return;
    t.lhs = side[0];
    t.rhs = side[1];
    t.compare = test.kind;
}

void machine::explain_rule(std::uint32_t rule, rule_status status, const std::vector<std::uint32_t>& applied,
                           missing_facts missing) {
    rule_trace t;
    t.rule = rule;
    t.status = status;
    t.applied = applied;
    for (std::uint32_t i = 0; i < missing.n; ++i) t.missing.push_back(path_of(missing.at[i]));
    const auto& r = prog.rules[rule];
    cell* f = frame(c.plain.rules[rule].frame);
    if (r.test) {
        facts(*r.test, f, t.facts, 0);
        witnesses(*r.test, f, t.witnesses, 0);
        comparison(*r.test, f, t);
    }
    if (r.unless) facts(*r.unless, f, t.facts, 0);
    t.own_facts = t.facts.size();
    // When an exception applied, the comparison shown is its requirement's or none.
    if (!applied.empty()) {
        t.lhs = t.rhs = -1;
        t.compare = ir::op::literal;
    }
    for (const auto a : applied) {
        const auto& ex = prog.rules[a];
        cell* fx = frame(c.plain.rules[a].frame);
        if (ex.when) facts(*ex.when, fx, t.facts, 0);
        if (ex.test) {
            facts(*ex.test, fx, t.facts, 0);
            witnesses(*ex.test, fx, t.witnesses, 0);
        }
        // The requirement that decided is the innermost exception's: its comparison line.
        if (ex.test) comparison(*ex.test, fx, t);
    }
    m_trace->push_back(std::move(t));
}

// [v] as a fact shows it: a list of records by its length and path, each record by its type
// alone (a list is shown as its number of elements; copying every field of every element would
// cost more than the rest of the explanation), anything else as value_of.
value machine::shown(const cell& v, const ir::type* t) const {
    const ir::type* elem = t != nullptr ? t->elem : nullptr;
    if (v.t != tag::list || elem == nullptr || elem->kind != ir::tkind::record) return value_of(v, t);
    auto l = std::make_shared<list_value>();
    auto r = std::make_shared<record_value>();
    r->type = elem->rec;
    const record_ptr element(std::move(r));
    l->items.assign(static_cast<std::size_t>(v.a), element);
    if (v.b != 0) l->path = path_of(reinterpret_cast<const cell*>(v.b));
    return list_ptr(std::move(l));
}

// [v] as a value of type [t], for display.
value machine::value_of(const cell& v, const ir::type* t) const {
    const ir::type* elem = t != nullptr ? t->elem : nullptr;
    switch (v.t) {
        case tag::unknown: {
            unknown u;
            missing_facts ms;
            if (v.p != nullptr) {
                if (const auto* i = info_of(v)) ms = {i->missing, i->n_missing};
            }
            if (v.p != nullptr && info_of(v) == nullptr) u.missing.push_back(path_of(static_cast<const cell*>(v.p)));
            for (std::uint32_t i = 0; i < ms.n; ++i) u.missing.push_back(path_of(ms.at[i]));
            if (const auto* i = info_of(v); i != nullptr && i->n_options > 0) {
                auto l = std::make_shared<option_list>();
                for (std::uint32_t k = 0; k < i->n_options; ++k) l->items.push_back(value_of(i->options[k], t));
                u.options = std::move(l);
            }
            return u;
        }
        case tag::number:
        case tag::boxed:
        case tag::boolean:
        case tag::date:
        case tag::duration:
        case tag::string:
        case tag::article:
        case tag::enumeration: {
            auto k = m_num.constant_of(v);
            // Integers are whole numbers; decimals, fractions and money exact fractions.
            if (auto* i = std::get_if<big_int>(&k); i != nullptr && t != nullptr && t->kind != ir::tkind::integer) return rational(*i);
            return std::visit([](auto&& x) -> value { return x; }, std::move(k));
        }
        case tag::record: {
            auto r = std::make_shared<record_value>();
            r->type = t != nullptr ? t->rec : nullptr;
            if (r->type != nullptr) {
                const auto* fs = static_cast<const cell*>(v.p);
                for (std::size_t i = 0; i < r->type->fields.size(); ++i) r->fields.push_back(value_of(fs[i], r->type->fields[i].ty));
            }
            return record_ptr(std::move(r));
        }
        case tag::list: {
            auto l = std::make_shared<list_value>();
            const auto* items = static_cast<const cell*>(v.p);
            for (std::int64_t i = 0; i < v.a; ++i) l->items.push_back(value_of(items[i], elem));
            if (v.b != 0) l->path = path_of(reinterpret_cast<const cell*>(v.b));
            return list_ptr(std::move(l));
        }
        case tag::set: {
            const auto* s = static_cast<const cell_set*>(v.p);
            auto out = std::make_shared<eval::set_value>();
            for (std::size_t i = 0; i < s->n; ++i) out->items.push_back(value_of(s->items[i], elem));
            for (std::size_t i = 0; i < s->nr; ++i) out->ranges.emplace_back(value_of(s->ranges[i].first, elem), value_of(s->ranges[i].second, elem));
            return set_ptr(std::move(out));
        }
    }
    return unknown{};
}

value machine::definition_value(const std::string& n) {
    for (std::size_t i = 0; i < prog.defs.size(); ++i) {
        const auto& d = prog.defs[i];
        if (d.module == 0 && d.name == n && !d.callable) {
            ir::expr e;
            e.kind = ir::op::call;
            e.index = static_cast<std::uint32_t>(i);
            e.ty = d.ty;
            node x;
            x.k = node_kind::memo;
            x.index = e.index;
            x.src = &e;
            m_code = &c.plain;
            m_plain = true;
            m_steps = 0;
            m_depth = 0;
            const cell v = eval(x, nullptr);
            m_code = &c.fused;
            m_plain = false;
            return value_of(v, d.ty);
        }
    }
    return unknown{};
}

}  // namespace decree::eval
