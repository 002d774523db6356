// Legality against the enabling law (parameters within the bounds their module declares) and
// the lints: unused names, exceptions that can never apply, provisions without legal text,
// rules without citation, shadowed names.
#include <algorithm>

#include "checker.hpp"

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
                         "the decree does not exclude the case of " + where + " (`" + d.name + "`)",
                         "add an exclusion such as `excludes when " + alias + "." + d.name + "`")
                .labels.push_back({m.loc, "required here"});
        }
    }
    for (const auto& p : prog.params) {
        if (!p.value || (!p.at_least && !p.at_most)) continue;
        const span where = p.set_loc.file != no_source ? p.set_loc : p.loc;
        auto value = fold(*p.value, prog);
        if (!value) {
            sink().error(code::E0307, p.value->loc,
                         "the value of `" + p.name + "` must be a constant to be checked against its bounds");
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
                sink().error(code::E0307, bound->loc, "the bound of `" + p.name + "` must be a constant");
                return;
            }
            auto c = compare(*value, *limit);
            if (!c) return;
            if (lower ? *c < 0 : *c > 0) {
                auto& d = sink().error(lower ? code::E0402 : code::E0403, where,
                                       "`" + p.name + "` = " + show(*value) + " is " + (lower ? "below the floor " : "above the ceiling ") +
                                           show(*limit) + " set by " + source,
                                       lower ? "a round may be stricter than the law, never more lenient"
                                             : "the enabling law does not allow a larger value");
                d.labels.push_back({bound->loc, lower ? "floor declared here" : "ceiling declared here"});
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
                         "the decree is issued under `" + *root.under + "` but does not import it",
                         "add `import " + *root.under + "`: the law's floors and mandatory exclusions hold only when it is imported");
        } else if (it->syntax.kind != ast::file_kind::module) {
            sink().error(code::E0225, root.under_loc, "`" + *root.under + "` is a decree, not a law",
                         "`under` names the module of the law the decree is issued under, e.g. `under vn/luat_dac_xa_2018`");
        }
        return;
    }
    if (!options.lints) return;
    const bool on_stdlib = std::any_of(modules.begin() + 1, modules.end(), [](const module_ctx& m) { return m.is_stdlib; });
    if (on_stdlib) {
        sink().warning(code::W0115, root.header_loc, "the decree declares no enabling law",
                       "write `under vn/luat_dac_xa_2018` after the header and import it: without it the Law's floors "
                       "and mandatory exclusions are not required to hold");
    }
}

void checker::lint() {
    if (!options.lints) return;
    const bool exports = modules[0].syntax.kind == ast::file_kind::module;
    if (!exports) {
        for (const auto& d : prog.defs) {
            if (d.module == 0 && d.uses == 0) {
                sink().warning(code::W0101, d.loc, "definition `" + d.name + "` is never used",
                               "remove it, or use it in a rule");
            }
        }
        for (const auto& p : prog.params) {
            if (p.module == 0 && p.uses == 0 && !p.abstract) {
                sink().warning(code::W0102, p.loc, "parameter `" + p.name + "` is never used",
                               "remove it, or use it in a rule");
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
            sink().warning(code::W0105, r.loc, "this rule stands outside any article, so it cannot be cited",
                           "put it in the article, clause or point it encodes");
        }
        if (r.kind != ir::rule_kind::condition && r.kind != ir::rule_kind::exclusion &&
            r.kind != ir::rule_kind::exception) {
            continue;
        }
        for (const auto e : r.exceptions) {
            const auto& ex = prog.rules[e];
            bool never = false;
            std::string why;
            if (ex.when) {
                auto v = fold(*ex.when, prog);
                if (v && std::holds_alternative<bool>(*v) && !std::get<bool>(*v)) {
                    never = true;
                    why = "its `when` condition is always false";
                }
            }
            for (const auto other : r.exceptions) {
                const auto& o = prog.rules[other];
                if (other != e && o.priority > ex.priority && always(o.when)) {
                    never = true;
                    why = "an exception of higher priority always applies";
                }
            }
            if (never) {
                sink().warning(code::W0103, ex.loc, "this exception can never apply: " + why,
                               "remove it, or correct its condition or priority");
            }
        }
    }
    for (const auto& p : prog.provisions) {
        if (p.module == 0 && !p.rules.empty() && p.texts.empty()) {
            sink().warning(code::W0104, p.loc, "`" + p.citation_vi + "` holds a rule but no legal text",
                           "quote the provision with `text \"...\"`");
        }
    }
    for (const auto& [name, s] : modules[0].symbols) {
        if (s.k == symbol::kind::input) continue;  // every module's input is the same case record
        for (const auto m : modules[0].imports) {
            if (auto it = modules[m].symbols.find(name); it != modules[m].symbols.end()) {
                sink().warning(code::W0106, s.loc,
                               "`" + name + "` hides the declaration of the same name in `" + modules[m].path + "`",
                               "rename it, or use the imported one")
                    .labels.push_back({it->second.loc, "hidden declaration"});
            }
        }
    }
}

}  // namespace decree::detail
