// Rendering of decisions: human text (Vietnamese or English) for dossiers, one JSON object per
// case for tools, and the run summary.
#pragma once

#include <map>
#include <string>

#include "decree/lang/diagnostic.hpp"
#include "decree/lang/provenance.hpp"
#include "eval/result.hpp"

namespace decree::eval {

struct case_result {
    std::string id;              // empty when the record has none (or could not be read)
    std::string name;            // the person's name, when the record has one
    std::size_t line = 0;        // 1-based line (JSON Lines) or element index (arrays); 0 for one object
    decision outcome;
    std::vector<std::string> warnings;
    // The fields of the record its type does not declare (ignored), list indices as `[]`:
    // "$.family", "$.offences[].weapon".
    std::vector<std::string> undeclared;
};

// The text of a verdict (docs/dossier-text.md): the verdict, then every rule that mattered with
// its citation, legal text and the facts used, by their labels; with [identifiers], a fact
// without a label by its identifier (the text for a decree's author).
std::string render_text(const case_result& r, const ir::program& p, const source_manager& sources,
                        language lang, bool identifiers = false);
// One JSON object on one line: id, verdict, failed, applied, missing, error, and with
// [trace] the structured explanation.
std::string render_json(const case_result& r, const ir::program& p, const source_manager& sources,
                        language lang, bool trace);

// Counts per verdict and per provision over a run.
class summary {
public:
    void add(const case_result& r);
    // Counts [n] records of verdict [v], [n] citations of a provision in `failed` or `applied`
    // (records decided without explanation, counted in bulk).
    void count(verdict v, std::size_t n);
    void count_failed(const std::string& citation, std::size_t n);
    void count_applied(const std::string& citation, std::size_t n);
    // Counts [n] verdicts [v] that rest on assumptions (a withheld verdict counts as the verdict
    // it would have been), and [n] verdicts resting on assumption [id].
    void count_resting(verdict v, std::size_t n);
    void count_assumption(const std::string& id, std::size_t n);
    // The program's assumptions: the order in which they are listed (the text's; identifiers
    // it does not hold come after, in byte order) and, in the report, their reasons.
    void describe_assumptions(const provenance::table& table);
    // The same, with what the text calls each assumption and provision: the labels of values,
    // the citations in each language.
    void describe(const ir::program& p);
    // Adds the counts of [other] (the records it counted come after those counted here).
    void merge(const summary& other);
    [[nodiscard]] std::size_t errors() const { return m_counts[3]; }
    // The fields no record type declares, each with the number of records that hold it.
    [[nodiscard]] const std::map<std::string, std::size_t>& undeclared() const { return m_undeclared; }
    std::string text(language lang) const;
    std::string json() const;
    // The impact report: one self-contained HTML page (no network): counts per verdict and per
    // provision with bar charts, the undetermined cases with their missing facts.
    struct undetermined_case {
        std::string id;
        std::size_t line = 0;
        std::vector<std::string> missing;
    };
    std::string html(const std::string& title, const std::vector<std::string>& inputs,
                     const std::vector<undetermined_case>& undetermined, std::size_t undetermined_total) const;

private:
    std::size_t m_counts[4] = {0, 0, 0, 0};
    std::size_t m_resting[4] = {0, 0, 0, 0};  // per verdict, those resting on assumptions
    std::map<std::string, std::size_t> m_assumed;
    std::vector<std::pair<std::string, decree::text>> m_known;  // identifier, reason: the text's order
    std::map<std::string, decree::text> m_names;  // identifier or Vietnamese citation: what the text calls it
    [[nodiscard]] const std::string& name_of(const std::string& id, language lang) const;
    [[nodiscard]] std::vector<std::string> assumptions_ordered() const;
    [[nodiscard]] std::string assumptions_html() const;
    std::map<std::string, std::size_t> m_failed, m_applied, m_missing, m_undeclared;
    std::vector<std::string> m_order;  // citations in first-seen order
    void note(const std::string& citation);
    // The citations in the decree's order (ties, which only differently written numbers can
    // make, in byte order: the same whatever order the records were counted in).
    [[nodiscard]] std::vector<std::string> ordered() const;
};

std::string json_escape(std::string_view s);

// Pieces of the renderings, for the embedding API.
std::string_view status_name(rule_status s);
// The outcome of a rule in words: "đạt", "không đạt" ... / "met", "not met" ...
std::string_view status_text(rule_status s, language lang);
std::string cite(const ir::program& p, std::uint32_t rule, language lang);
// The beginning (at most [max_chars] characters, cut after a whole word and ended with " …") of
// the first text of the rule's provision, and
// whether that text is a paraphrase rather than a verbatim quote. Empty when it has no text.
struct excerpt_text {
    std::string text;
    bool paraphrase = false;
};
excerpt_text excerpt(const ir::program& p, std::uint32_t rule, std::size_t max_chars);
// How explanations label a paraphrase: "(diễn giải)" or "(paraphrase)".
std::string_view paraphrase_label(language lang);
std::string source_of(const source_manager& sources, const span& s);
text error_text(const decision& d, const source_manager& sources);
// Citations in the order of the decree ("Điều 4 khoản 6" before "Điều 4 khoản 10").
bool citation_less(const std::string& a, const std::string& b);

}  // namespace decree::eval
