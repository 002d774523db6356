// Two rounds compared provision by provision: which provisions of the old round the new one
// carries over (with the same rules, or at the same number), which it renumbers, changes, adds
// and leaves out, and what changed in the header, the `set` values and the declarations. One
// matching for `decreec diff OLD NEW` and for the `follows` check of `decreec check`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decree/lang/ir.hpp"
#include "decree/lang/source.hpp"

namespace decree::rounds {

// One compiled round: its program and the sources its spans point into. Both must outlive the
// comparison made from them.
struct round_ref {
    const ir::program& program;
    const source_manager& sources;
};

// The text of [s] as written, with comments removed and every run of blanks (outside strings)
// made one space: the form in which rules, conditions and values are compared and shown.
std::string source_text(const source_manager& sources, span s);

// One run of a word-level change: words kept, removed from the old text or added by the new.
struct word_run {
    enum class kind { same, removed, added } what = kind::same;
    std::vector<std::string> words;
};
// The word-level change from [before] to [after] (words are separated by blanks). Texts of
// more than a few thousand words are compared by their common start and end only.
std::vector<word_run> word_diff(std::string_view before, std::string_view after);
// How much two texts share, in percent: twice the words they have in common (in order) over the
// words of both; 100 for two empty texts.
int similarity(std::string_view before, std::string_view after);

// A value before and after; an absent side is nothing (no title, no such rule).
struct change {
    std::optional<std::string> before, after;
    [[nodiscard]] bool changed() const { return before != after; }
};

// A rule of a provision: gone, new, or rewritten (its text), or only its `assumed` changed.
struct rule_change {
    ir::rule_kind kind = ir::rule_kind::condition;  // of the new rule when there is one
    int old_rule = -1, new_rule = -1;               // into program::rules; -1 on the absent side
    change text;                                    // source_text of the rule without `assumed`
    change assumed;
};

// A parameter or definition of the root decree, matched by name.
struct decl_change {
    enum class kind { parameter, definition } what = kind::parameter;
    std::string name;
    int old_index = -1, new_index = -1;  // into program::params or program::defs
    change value;   // a parameter's value, a definition's body (as written)
    change type;    // the declared type; a definition's arguments before it: "(p : payment) : bool"
    change at_least, at_most, assumed;
    change place_vi, place_en;  // the provision holding it ("Điều 4 khoản 6"), nothing at the top level
};

// A `set` of the root decree (an imported module's abstract parameter), matched by module and name.
struct set_change {
    std::string name;  // as the new round writes it (`luat.served_fraction`), else the old
    change value, assumed;
};

enum class change_kind { added, removed, moved, changed };

// A provision of either round that is not carried over unchanged.
struct provision_change {
    change_kind kind = change_kind::changed;
    int old_provision = -1, new_provision = -1;  // into program::provisions; -1 on the absent side
    bool by_rules = false;                       // matched by identical rules (else by number)
    change title;
    change texts;  // the provision's `text` items joined with a space
    change applies;
    change assumed;
    change number_assumed;  // `assumed number`
    std::vector<rule_change> rules;
    std::vector<decl_change> decls;  // declared in this provision (either side)
};

struct header_change {
    change citation, title, signed_on, effective_on, rounding;
    std::vector<std::string> sources_removed, sources_added;
    [[nodiscard]] bool empty() const {
        return !citation.changed() && !title.changed() && !signed_on.changed() && !effective_on.changed() &&
               !rounding.changed() && sources_removed.empty() && sources_added.empty();
    }
};

// The comparison of two rounds. Provisions are those of the root decrees (not of the modules
// they import).
struct comparison {
    // For every provision of the old program, its match in the new one (-1: none, or not a
    // provision of the old root decree); and the reverse.
    std::vector<int> old_to_new, new_to_old;
    header_change header;
    std::vector<set_change> sets;     // in the new round's order, then the old's removed ones
    std::vector<decl_change> decls;   // declarations not reported under one provision
    // Added (new round's order), removed (old round's order), moved and changed (new round's order).
    std::vector<provision_change> provisions;
};

// Compares [before] with [after]. Rules, conditions and values are compared as their source_text
// with every keyword in one language (a round in Vietnamese keywords has the same rules as one in
// English keywords). Provisions are matched first by identical rules (each rule's text, in order:
// a renumbered provision is found), then at the same number (article,
// clause, point) when the titles are equal or the legal texts mostly the same (a similarity of
// 67 or more, or the same first ten words), then, for provisions with a title, by equal title
// and mostly the same text at another number.
comparison compare(const round_ref& before, const round_ref& after);

// Whether a provision of the old round is carried over into the new one.
enum class carried { no, without_rules, yes };
// [old_provision] is carried over when it is matched and its match holds a rule of every kind
// (condition, exclusion, exception) that it holds; [lost] receives the kinds the match lacks.
carried carried_over(const comparison& c, const round_ref& before, const round_ref& after,
                     std::uint32_t old_provision, std::vector<ir::rule_kind>* lost = nullptr);

// The number path of a provision of the root decree: "4/8", "3/1/b".
std::string path_of(const ir::program& p, std::uint32_t provision);
// The number path an `omits` names, in the followed round's numbering: "4/8".
std::string path_of(const ir::omission& o);
// For every provision of [before] (the followed round): the `omits` of [omits] that names it, or
// names a provision containing it; null when none does (and for provisions of imported modules).
std::vector<const ir::omission*> omitted(const ir::program& before, const std::vector<ir::omission>& omits);

}  // namespace decree::rounds
