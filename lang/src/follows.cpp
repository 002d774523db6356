// The `follows` check: loads and checks the round a decree follows, compares the two rounds
// (round_diff.hpp), and warns about every provision of the followed round that holds a rule and
// is neither carried over nor named by an `omits` (W0107), and about `omits` that name nothing
// or what is carried over (W0108). A followed round that cannot be read (E0219) or has errors
// (E0220, with its errors) is an error at the `follows` line.
#include <map>

#include "checker.hpp"
#include "decree/lang/messages.hpp"
#include "decree/lang/round_diff.hpp"
#include "parse.hpp"

namespace decree::detail {

namespace {

// Copies spans of [from]'s sources into [into], adding each source file once.
struct adopter {
    compilation& into;
    const compilation& from;
    std::map<source_id, source_id> ids;

    span map(span s) {
        if (s.file == no_source || s.file >= from.sources.size()) return s;
        auto it = ids.find(s.file);
        if (it == ids.end()) {
            const auto& f = from.sources.get(s.file);
            it = ids.emplace(s.file, into.sources.add(f.name(), f.text())).first;
        }
        return span{it->second, s.begin, s.end};
    }
};

// "Điều 4 khoản 8" for an `omits` reference.
std::string citation_of(const ir::omission& o) {
    return "Điều " + o.article + (o.clause ? " khoản " + *o.clause : "") + (o.point ? " điểm " + *o.point : "");
}

// How to write `omits` for provision [i] of [p], in the language the header's `follows` is written in.
std::string omits_for(const ir::program& p, std::uint32_t i, bool vietnamese) {
    std::string ref;
    for (int at = static_cast<int>(i); at >= 0; at = p.provisions[static_cast<std::size_t>(at)].parent) {
        const auto& pr = p.provisions[static_cast<std::size_t>(at)];
        const char* word = pr.lvl == ir::level::article ? (vietnamese ? "điều" : "article")
                           : pr.lvl == ir::level::clause ? (vietnamese ? "khoản" : "clause")
                                                         : (vietnamese ? "điểm" : "point");
        ref = std::string(word) + " " + pr.number + (ref.empty() ? "" : " " + ref);
    }
    return vietnamese ? "bỏ " + ref + " \"lý do, và nguồn cho biết đã bỏ\""
                      : "omits " + ref + " \"reason, with the source that says it was lifted\"";
}

// The rules of provision [i], as written, cut to a readable length.
std::string rules_of(const rounds::round_ref& r, std::uint32_t i) {
    constexpr std::size_t most = 72;  // characters
    std::string out;
    for (const auto rule : r.program.provisions[i].rules) {
        out += (out.empty() ? "" : "; ") + rounds::source_text(r.sources, r.program.rules[rule].body);
    }
    return utf8_shorten(out, most);
}

// A kind of rule, as W0107 names what a provision lost.
text kind_name(ir::rule_kind k) {
    return say(k == ir::rule_kind::condition   ? msg::lint_rule_condition
               : k == ir::rule_kind::exclusion ? msg::lint_rule_exclusion
                                               : msg::lint_rule_exception);
}

// Reports the followed round's errors in [comp] as they are, then E0220 at [at].
void followed_round_errors(compilation& comp, const compilation& old, span at, const std::string& written,
                           const std::string& path) {
    adopter ad{comp, old, {}};
    for (const auto& d : old.diagnostics.all()) {
        if (d.level != severity::error) continue;
        auto copy = d;
        copy.primary = ad.map(d.primary);
        for (auto& l : copy.labels) l.where = ad.map(l.where);
        comp.diagnostics.report(std::move(copy));
    }
    const auto n = old.diagnostics.error_count();
    comp.diagnostics.error(code::E0220, at, say(msg::lint_followed_has_errors, {written, say_count(msg::n_errors, n)}),
                           say(msg::lint_followed_has_errors_hint, {path}));
}

}  // namespace

void check_follows(compilation& comp, const compile_options& options, const ir::program& prog) {
    const auto& self = prog.modules.front();
    const std::string& written = *self.follows;
    const span at = self.follows_loc;
    const std::string path = beside(comp.sources.get(self.source).name(), written);
    if (!import_allowed(path, options.import_roots)) {
        comp.diagnostics.error(code::E0219, at, say(msg::lint_followed_outside, {written}), say(msg::lint_followed_outside_hint));
        return;
    }
    auto text = options.read_file(path);
    if (!text) {
        if (const auto why = unreadable_reason_text(path); !why.empty()) {
            comp.diagnostics.error(code::E0219, at, say(msg::lint_followed_unreadable, {written, why}),
                                   say(msg::lint_followed_unreadable_hint));
            return;
        }
        comp.diagnostics.error(code::E0219, at, say(msg::lint_followed_not_found, {written}),
                               say(msg::lint_followed_not_found_hint, {path}));
        return;
    }
    compile_options nested = options;
    nested.lints = false;
    nested.index = false;
    nested.check_follows = false;  // the round before the followed one is not read
    const auto old = compile(path, std::move(*text), nested);
    if (!old->ok()) {
        followed_round_errors(comp, *old, at, written, path);
        return;
    }
    adopter ad{comp, *old, {}};
    ad.map(span{0, 0, 0});  // the followed round is one of this compilation's sources (the language server reads it again when it changes)
    if (comp.diagnostics.has_errors() || !options.lints) return;
    const rounds::round_ref before{*old->program, old->sources}, after{prog, comp.sources};
    const auto cmp = rounds::compare(before, after);
    const auto& old_prog = *old->program;
    std::map<std::string, std::uint32_t> old_paths;
    for (std::uint32_t i = 0; i < old_prog.provisions.size(); ++i) {
        if (old_prog.provisions[i].module == 0) old_paths.emplace(rounds::path_of(old_prog, i), i);
    }
    const auto omitted = rounds::omitted(old_prog, self.omits);
    const bool vietnamese = comp.sources.get(at.file).text().compare(at.begin, 4, "kế") == 0;
    for (std::uint32_t i = 0; i < old_prog.provisions.size(); ++i) {
        const auto& pr = old_prog.provisions[i];
        if (pr.module != 0 || pr.rules.empty() || omitted[i] != nullptr) continue;
        std::vector<ir::rule_kind> lost;
        const auto state = rounds::carried_over(cmp, before, after, i, &lost);
        if (state == rounds::carried::yes) continue;
        const int n = cmp.old_to_new[i];
        decree::text what;
        if (state == rounds::carried::no) {
            what = say(msg::lint_not_carried_over, {pr.citation_vi, written, rules_of(before, i)});
        } else {
            decree::text kinds;
            for (std::size_t k = 0; k < lost.size(); ++k) kinds = k == 0 ? kind_name(lost[k]) : say(msg::lint_and_its, {kinds, kind_name(lost[k])});
            what = say(msg::lint_carried_over_without, {pr.citation_vi, written, rules_of(before, i),
                                                        prog.provisions[static_cast<std::size_t>(n)].citation_vi, kinds});
        }
        auto& d = comp.diagnostics.warning(code::W0107, at, std::move(what),
                                           say(msg::lint_carry_over_hint, {omits_for(old_prog, i, vietnamese)}));
        d.labels.push_back({ad.map(pr.loc), say(msg::lint_provision_in_followed)});
        if (n >= 0) d.labels.push_back({prog.provisions[static_cast<std::size_t>(n)].loc, say(msg::lint_match_in_this_round)});
    }
    std::map<std::string, const ir::omission*> seen;
    for (const auto& o : self.omits) {
        const auto key = rounds::path_of(o);
        if (auto [first, fresh] = seen.emplace(key, &o); !fresh) {
            comp.diagnostics.warning(code::W0108, o.loc, say(msg::lint_omitted_twice, {citation_of(o)}), say(msg::lint_remove_one))
                .labels.push_back({first->second->loc, say(msg::lint_first_omitted_here)});
            continue;
        }
        const auto it = old_paths.find(key);
        if (it == old_paths.end()) {
            comp.diagnostics.warning(code::W0108, o.loc,
                                     say(msg::lint_omits_unknown, {citation_of(o), written}), say(msg::lint_omits_unknown_hint));
            continue;
        }
        if (rounds::carried_over(cmp, before, after, it->second) == rounds::carried::yes) {
            const auto& now = prog.provisions[static_cast<std::size_t>(cmp.old_to_new[it->second])];
            comp.diagnostics.warning(code::W0108, o.loc,
                                     say(msg::lint_omits_carried, {citation_of(o), written, now.citation_vi}),
                                     say(msg::lint_omits_carried_hint))
                .labels.push_back({now.loc, say(msg::lint_carried_over_here)});
        }
    }
}

}  // namespace decree::detail
