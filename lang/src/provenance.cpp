// Verdict provenance: the assumptions of each rule, by static reachability over the checked
// program, and the assumptions of one verdict from what an evaluator saw of the case.
#include "decree/lang/provenance.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace decree::provenance {

namespace {

// Adds the elements of [from] to the sorted set [into].
void unite(index_set& into, const index_set& from) {
    if (from.empty()) return;
    if (into.empty()) {
        into = from;
        return;
    }
    index_set out;
    out.reserve(into.size() + from.size());
    std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(out));
    into = std::move(out);
}

void add(index_set& into, int index) {
    if (index < 0) return;
    const auto i = static_cast<std::uint32_t>(index);
    const auto at = std::lower_bound(into.begin(), into.end(), i);
    if (at == into.end() || *at != i) into.insert(at, i);
}

// The assumption marked on each parameter, definition, provision and rule, as an identifier
// and a place; then the table's entries, one per identifier in the order of the text.
struct marks {
    std::vector<int> param, def, provision, rule;  // index into table::assumptions, or -1

    marks(const ir::program& p, table& t) {
        struct raw {
            std::string id;
            const text* reason;
            span where;
            std::vector<int>* of;
            std::size_t index;
            text label;
        };
        param.assign(p.params.size(), -1);
        def.assign(p.defs.size(), -1);
        provision.assign(p.provisions.size(), -1);
        rule.assign(p.rules.size(), -1);
        auto value_id = [&](std::uint32_t module, const std::string& name) {
            return module == 0 ? name : p.modules[module].citation + ": " + name;
        };
        std::vector<raw> found;
        for (std::size_t i = 0; i < p.params.size(); ++i) {
            const auto& x = p.params[i];
            if (!x.assumed) continue;
            if (x.assumed_by_set) {
                found.push_back({x.set_name, &*x.assumed, x.set_loc, &param, i, x.label});
            } else {
                found.push_back({value_id(x.module, x.name), &*x.assumed, x.loc, &param, i, x.label});
            }
        }
        for (std::size_t i = 0; i < p.defs.size(); ++i) {
            const auto& x = p.defs[i];
            if (x.assumed) found.push_back({value_id(x.module, x.name), &*x.assumed, x.loc, &def, i, x.label});
        }
        for (std::size_t i = 0; i < p.provisions.size(); ++i) {
            const auto& x = p.provisions[i];
            if (x.assumed) found.push_back({x.citation_vi, &*x.assumed, x.loc, &provision, i, {x.citation_en, x.citation_vi}});
        }
        for (std::size_t i = 0; i < p.rules.size(); ++i) {
            const auto& x = p.rules[i];
            // A rule outside any article is never evaluated (and has no citation).
            if (x.assumed && x.provision >= 0) {
                const auto& pr = p.provisions[static_cast<std::size_t>(x.provision)];
                found.push_back({pr.citation_vi, &*x.assumed, x.loc, &rule, i, {pr.citation_en, pr.citation_vi}});
            }
        }
        std::stable_sort(found.begin(), found.end(), [](const raw& a, const raw& b) {
            return a.where.file != b.where.file ? a.where.file < b.where.file : a.where.begin < b.where.begin;
        });
        std::map<std::string, int> by_id;
        for (const auto& f : found) {
            auto [it, fresh] = by_id.emplace(f.id, static_cast<int>(t.assumptions.size()));
            if (fresh) {
                t.assumptions.push_back({f.id, *f.reason, f.where, f.label});
            } else if (auto& reason = t.assumptions[static_cast<std::size_t>(it->second)].reason; reason != *f.reason) {
                reason.en += "; " + f.reason->en;
                reason.vi += "; " + f.reason->vi;
            }
            (*f.of)[f.index] = it->second;
        }
    }
};

// S of every parameter, definition, provision chain and rule, each computed once, without
// recursion: a chain of 10,000 definitions or exceptions is as deep as the program allows.
struct closure {
    enum kind : std::uint8_t { param_k, def_k, chain_k, rule_k };
    struct item {
        kind k;
        std::uint32_t i;
    };
    const ir::program& p;
    const marks& m;
    std::vector<std::optional<index_set>> sets[4];
    std::vector<std::uint8_t> state[4];  // 0 not seen, 1 being computed, 2 done

    closure(const ir::program& prog, const marks& mk) : p(prog), m(mk) {
        const std::size_t sizes[4] = {prog.params.size(), prog.defs.size(), prog.provisions.size(), prog.rules.size()};
        for (int k = 0; k < 4; ++k) {
            sets[k].resize(sizes[k]);
            state[k].assign(sizes[k], 0);
        }
    }

    // The parameters and definitions [e] names, through its operands.
    static void refs(const std::optional<ir::expr>& root, std::vector<item>& out) {
        if (!root) return;
        std::vector<const ir::expr*> todo{&*root};
        while (!todo.empty()) {
            const auto* e = todo.back();
            todo.pop_back();
            if (e->kind == ir::op::param) out.push_back({param_k, e->index});
            if (e->kind == ir::op::call) out.push_back({def_k, e->index});
            for (const auto& a : e->args) todo.push_back(&a);
        }
    }
    // What S of [x] is made of: its own mark, and the items whose S it includes.
    std::vector<item> parts(item x, index_set& own) const {
        std::vector<item> out;
        switch (x.k) {
            case param_k:
                add(own, m.param[x.i]);
                refs(p.params[x.i].value, out);
                break;
            case def_k:
                add(own, m.def[x.i]);
                refs(p.defs[x.i].body, out);
                break;
            case chain_k: {
                const auto& pr = p.provisions[x.i];
                add(own, m.provision[x.i]);
                refs(pr.applies, out);
                if (pr.parent >= 0) out.push_back({chain_k, static_cast<std::uint32_t>(pr.parent)});
                break;
            }
            case rule_k: {
                const auto& r = p.rules[x.i];
                add(own, m.rule[x.i]);
                if (r.provision >= 0) out.push_back({chain_k, static_cast<std::uint32_t>(r.provision)});
                refs(r.test, out);
                refs(r.unless, out);
                refs(r.when, out);
                for (const auto e : r.exceptions) out.push_back({rule_k, e});
                break;
            }
        }
        return out;
    }

    // S of [x], after S of everything it includes (depth first, with an explicit stack). An
    // item met again while it is being computed adds nothing, so that a cycle ends there:
    // definitions, parameters and exception chains have none (E0209, E0404).
    const index_set& get(item x) {
        struct frame {
            item x;
            index_set own;
            std::vector<item> parts;
            std::size_t next = 0;
        };
        std::vector<frame> stack;
        auto open = [&](item y) {
            state[y.k][y.i] = 1;
            frame f{y, {}, {}, 0};
            f.parts = parts(y, f.own);
            stack.push_back(std::move(f));
        };
        if (state[x.k][x.i] != 2) open(x);
        while (!stack.empty()) {
            auto& top = stack.back();
            if (top.next < top.parts.size()) {
                const auto y = top.parts[top.next++];
                if (state[y.k][y.i] == 0) open(y);  // [top] is not used after this
                continue;
            }
            index_set s = std::move(top.own);
            for (const auto y : top.parts) {
                if (state[y.k][y.i] == 2) unite(s, *sets[y.k][y.i]);
            }
            sets[top.x.k][top.x.i] = std::move(s);
            state[top.x.k][top.x.i] = 2;
            stack.pop_back();
        }
        return *sets[x.k][x.i];
    }
    const index_set& rule(std::uint32_t i) { return get({rule_k, i}); }
};

// Adds S(r) of the conditions and exclusions of provision [i] and of those below it, but for
// the provisions in [skipped] and below them.
void gather(const table& t, const ir::program& p, std::uint32_t i, std::span<const std::uint32_t> skipped, index_set& out) {
    if (std::find(skipped.begin(), skipped.end(), i) != skipped.end()) return;
    out.insert(out.end(), t.provisions[i].begin(), t.provisions[i].end());
    for (const auto c : p.provisions[i].children) gather(t, p, c, skipped, out);
}

}  // namespace

int table::find(std::string_view id) const {
    for (std::size_t i = 0; i < assumptions.size(); ++i) {
        if (assumptions[i].id == id) return static_cast<int>(i);
    }
    return -1;
}

table build(const ir::program& p) {
    table t;
    const marks m(p, t);
    closure c(p, m);
    t.rules.reserve(p.rules.size());
    for (std::uint32_t i = 0; i < p.rules.size(); ++i) t.rules.push_back(c.rule(i));
    t.provisions.resize(p.provisions.size());
    for (std::size_t i = 0; i < p.provisions.size(); ++i) {
        for (const auto r : p.provisions[i].rules) {
            if (p.rules[r].kind != ir::rule_kind::exception) unite(t.provisions[i], t.rules[r]);
        }
    }
    return t;
}

void rests_on(const table& t, const ir::program& p, verdict v, const case_facts& facts, index_set& out) {
    out.clear();
    if (t.rules.size() != p.rules.size() || t.provisions.size() != p.provisions.size()) return;  // no table
    if (v == verdict::not_eligible) {
        for (const auto r : facts.decided) {
            if (t.rules[r].empty()) return;  // decided by a rule that rests on nothing: firm
        }
        for (const auto r : facts.decided) out.insert(out.end(), t.rules[r].begin(), t.rules[r].end());
    } else if (v == verdict::eligible) {
        for (const auto root : p.roots) gather(t, p, root, facts.skipped, out);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

const table& of(const ir::program& p) {
    static const table none;
    return p.provenance ? *p.provenance : none;
}

}  // namespace decree::provenance
