// The result of one case, written out: one JSON object on one line for tools (`--format json`,
// with `--trace` the structured explanation), or the text a prison council reads, in Vietnamese
// or English. What does not depend on the case (each rule's citations, legal text, requirement
// as written) is written once per program, when the renderer is made; a renderer is then read
// by every thread.
#pragma once

#include <string>
#include <vector>

#include "report.hpp"

namespace decree::eval {

// What the text says of a verdict: "đủ điều kiện đề nghị đặc xá", "eligible".
std::string_view verdict_text(verdict v, language lang);

class renderer {
public:
    renderer(const ir::program& p, const source_manager& sources);

    // Appends [r] as JSON (no newline); with [trace], its explanation.
    void json(const case_result& r, language lang, bool trace, std::string& out) const;
    // Appends [r] as one CSV row (RFC 4180, CRLF): the verdict's words in [lang], an error's
    // message in [messages]; see csv_header.
    void csv(const case_result& r, language lang, language messages, std::string& out) const;
    // The header row of csv: id, name, line, verdict, verdict_text, provisional, failed,
    // applied, missing, assumptions, error.
    static std::string csv_header();
    // Appends [r] as text, its last line ended.
    void text(const case_result& r, language lang, std::string& out) const;
    // The text for a decree's author (`decreec test`): a fact without a label is named by its
    // identifier instead of being left out.
    void name_unlabelled_facts(bool on) { m_identifiers = on; }

private:
    struct rule_parts {
        std::string json_head;  // "citation":"…","citation_en":"…","kind":"…"
        std::string json_body;  // ,"rule":"…","text":"…","paraphrase":true
        std::string json_cite;  // "…" (the Vietnamese citation, as an exception applied)
        std::string cite[2];    // per language (vi, en)
        std::string line_tail[2];       // ` — "excerpt" (diễn giải)`, then the requirement line(s)
        std::string exception_lines[2];  // this rule as an exception applied: its lines
    };
    void text_parts(std::uint32_t rule, rule_parts& out) const;
    void text_unfiltered(const case_result& r, language lang, std::string& out) const;
    const ir::program& m_program;
    const source_manager& m_sources;
    std::vector<rule_parts> m_rules;
    bool m_identifiers = false;
};

}  // namespace decree::eval
