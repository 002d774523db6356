// Legality against the enabling law (parameters within the bounds their module declares) and
// the lints: unused names, exceptions that can never apply, provisions without legal text,
// rules without citation, shadowed names.
#include <algorithm>

#include "checker.hpp"
#include "decree/lang/messages.hpp"

namespace decree::detail {

namespace {
// Definitions used by [e], directly or through other definitions.
void uses(const ir::expr& e, const ir::program& p, std::vector<bool>& seen) {
    if (e.kind == ir::op::call && !seen[e.index]) {
        seen[e.index] = true;
        uses(p.defs[e.index].body, p, seen);
    }
    for (const auto& a : e.args) uses(a, p, seen);
}
// The values of the decree itself that the dossier text would name in [e] (a rule's test or
// `when`, as the explanation's facts are taken: a parameter, a field, a definition, and the parts
// of a definition without arguments two levels down) and that have no label: the text leaves
// them out. Each is reported once, where it is declared.
struct unlabelled_values {
    const ir::program& p;
    diagnostic_sink& sink;
    std::vector<bool> params, defs;
    std::vector<const ir::field*> fields;

    void report(const span& where, const std::string& name) {
        sink.warning(code::W0109, where, say(msg::lint_unlabelled, {name}), say(msg::lint_unlabelled_hint));
    }
    void walk(const ir::expr& e, int depth) {
        if (depth > 12) return;
        switch (e.kind) {
            case ir::op::param: {
                const auto& x = p.params[e.index];
                if (x.module == 0 && x.label.empty() && x.ty->kind != ir::tkind::record && !params[e.index]) {
                    params[e.index] = true;
                    report(x.loc, x.name);
                }
                return;
            }
            case ir::op::field: {
                const auto& f = e.args[0].ty->rec->fields[e.index];
                if (f.module == 0 && f.label.empty() && f.ty->kind != ir::tkind::record &&
                    std::find(fields.begin(), fields.end(), &f) == fields.end()) {
                    fields.push_back(&f);
                    report(f.loc, e.args[0].ty->rec->name + "." + f.name);
                }
                walk(e.args[0], depth + 1);
                return;
            }
            case ir::op::call: {
                const auto& d = p.defs[e.index];
                if (d.module == 0 && d.label.empty() && d.ty->kind != ir::tkind::record && !defs[e.index]) {
                    defs[e.index] = true;
                    report(d.loc, d.name);
                }
                if (e.args.empty() && depth < 2) walk(d.body, depth + 1);
                for (const auto& a : e.args) walk(a, depth + 1);
                return;
            }
            default:
                for (const auto& a : e.args) walk(a, depth + 1);
        }
    }
};
}  // namespace

void checker::check_legality() {
    if (modules[0].syntax.kind == ast::file_kind::decree && !prog.mandatory.empty()) {
        std::vector<bool> used(prog.defs.size(), false);
        for (const auto& r : prog.rules) {
            if (r.module == 0 && r.kind == ir::rule_kind::exclusion && r.test) uses(*r.test, prog, used);
        }
        for (const auto& m : prog.mandatory) {
            if (used[m.definition]) continue;
            const auto& d = prog.defs[m.definition];
            std::string alias = modules[d.module].path;
            for (const auto& [a, mi] : modules[0].aliases) {
                if (mi == d.module) alias = a;
            }
            const std::string where = m.provision >= 0 ? prog.provisions[static_cast<std::size_t>(m.provision)].citation_vi
                                                       : modules[d.module].path;
            sink().error(code::E0409, modules[0].syntax.header_loc,
                         say(msg::lint_mandatory_not_excluded, {where, d.name}), say(msg::lint_mandatory_hint, {alias, d.name}))
                .labels.push_back({m.loc, say(msg::lint_required_here)});
        }
    }
    for (const auto& p : prog.params) {
        if (!p.value || (!p.at_least && !p.at_most)) continue;
        const span where = p.set_loc.file != no_source ? p.set_loc : p.loc;
        auto value = fold(*p.value, prog);
        if (!value) {
            sink().error(code::E0307, p.value->loc,
                         say(msg::lint_value_not_constant, {p.name}));
            continue;
        }
        const auto& owner = modules[p.module];
        const std::string source =
            p.provision >= 0 ? prog.provisions[static_cast<std::size_t>(p.provision)].citation_vi
                             : (owner.syntax.citation.empty() ? owner.path : owner.syntax.citation);
        auto check = [&](const std::optional<ir::expr>& bound, bool lower) {
            if (!bound) return;
            auto limit = fold(*bound, prog);
            if (!limit) {
                sink().error(code::E0307, bound->loc, say(msg::lint_bound_not_constant, {p.name}));
                return;
            }
            auto c = compare(*value, *limit);
            if (!c) return;
            if (lower ? *c < 0 : *c > 0) {
                auto& d = sink().error(lower ? code::E0402 : code::E0403, where,
                                       say(lower ? msg::lint_below_floor : msg::lint_above_ceiling,
                                           {p.name, show(*value), show(*limit), source}),
                                       say(lower ? msg::lint_floor_hint : msg::lint_ceiling_hint));
                d.labels.push_back({bound->loc, say(lower ? msg::lint_floor_here : msg::lint_ceiling_here)});
            }
        };
        check(p.at_least, true);
        check(p.at_most, false);
    }
}

void checker::check_enabling_law() {
    const auto& root = modules[0].syntax;
    if (root.kind != ast::file_kind::decree) return;
    if (root.under) {
        const auto it = std::find_if(modules.begin() + 1, modules.end(), [&](const module_ctx& m) { return m.path == *root.under; });
        if (it == modules.end()) {
            sink().error(code::E0225, root.under_loc,
                         say(msg::lint_law_not_imported, {*root.under}), say(msg::lint_law_not_imported_hint, {*root.under}));
        } else if (it->syntax.kind != ast::file_kind::module) {
            sink().error(code::E0225, root.under_loc, say(msg::lint_under_decree, {*root.under}), say(msg::lint_under_hint));
        }
        return;
    }
    if (!options.lints) return;
    const bool on_stdlib = std::any_of(modules.begin() + 1, modules.end(), [](const module_ctx& m) { return m.is_stdlib; });
    if (on_stdlib) {
        sink().warning(code::W0115, root.header_loc, say(msg::lint_no_enabling_law), say(msg::lint_no_enabling_law_hint));
    }
}

void checker::lint() {
    if (!options.lints) return;
    const bool exports = modules[0].syntax.kind == ast::file_kind::module;
    if (!exports) {
        for (const auto& d : prog.defs) {
            if (d.module == 0 && d.uses == 0) {
                sink().warning(code::W0101, d.loc, say(msg::lint_unused_definition, {d.name}), say(msg::lint_remove_or_use));
            }
        }
        for (const auto& p : prog.params) {
            if (p.module == 0 && p.uses == 0 && !p.abstract) {
                sink().warning(code::W0102, p.loc, say(msg::lint_unused_parameter, {p.name}), say(msg::lint_remove_or_use));
            }
        }
    }
    auto always = [&](const std::optional<ir::expr>& when) {
        if (!when) return true;
        auto v = fold(*when, prog);
        return v && std::holds_alternative<bool>(*v) && std::get<bool>(*v);
    };
    for (const auto& r : prog.rules) {
        if (r.module != 0) continue;
        if (r.provision < 0) {
            sink().warning(code::W0105, r.loc, say(msg::lint_rule_outside_article), say(msg::lint_rule_outside_hint));
        }
        if (r.kind != ir::rule_kind::condition && r.kind != ir::rule_kind::exclusion &&
            r.kind != ir::rule_kind::exception) {
            continue;
        }
        for (const auto e : r.exceptions) {
            const auto& ex = prog.rules[e];
            bool never = false;
            text why;
            if (ex.when) {
                auto v = fold(*ex.when, prog);
                if (v && std::holds_alternative<bool>(*v) && !std::get<bool>(*v)) {
                    never = true;
                    why = say(msg::lint_when_always_false);
                }
            }
            for (const auto other : r.exceptions) {
                const auto& o = prog.rules[other];
                if (other != e && o.priority > ex.priority && always(o.when)) {
                    never = true;
                    why = say(msg::lint_higher_priority);
                }
            }
            if (never) {
                sink().warning(code::W0103, ex.loc, say(msg::lint_exception_never, {why}), say(msg::lint_exception_hint));
            }
        }
    }
    // Values the dossier text would leave out for want of a label (W0109), in an amnesty round:
    // a file that uses the standard library (as for W0115).
    if (std::any_of(modules.begin() + 1, modules.end(), [](const module_ctx& m) { return m.is_stdlib; })) {
        unlabelled_values unlabelled{prog, sink(), std::vector<bool>(prog.params.size()), std::vector<bool>(prog.defs.size()), {}};
        for (const auto& r : prog.rules) {
            if (r.module != 0) continue;
            if (r.test) unlabelled.walk(*r.test, 0);
            if (r.when) unlabelled.walk(*r.when, 0);
        }
    }
    for (const auto& p : prog.provisions) {
        if (p.module == 0 && !p.rules.empty() && p.texts.empty()) {
            sink().warning(code::W0104, p.loc, say(msg::lint_no_legal_text, {p.citation_vi}), say(msg::lint_no_legal_text_hint));
        }
    }
    for (const auto& [name, s] : modules[0].symbols) {
        if (s.k == symbol::kind::input) continue;  // every module's input is the same case record
        for (const auto m : modules[0].imports) {
            if (auto it = modules[m].symbols.find(name); it != modules[m].symbols.end()) {
                sink().warning(code::W0106, s.loc,
                               say(msg::lint_hides, {name, modules[m].path}), say(msg::lint_hides_hint))
                    .labels.push_back({it->second.loc, say(msg::lint_hidden_declaration)});
            }
        }
    }
}

}  // namespace decree::detail
