// Deciding one case record (decide.hpp), and the result line of `decreec eval --format json`
// written from a compact decision.
#include "decide.hpp"

#include <algorithm>

#include "decode.hpp"
#include "decree/lang/messages.hpp"
#include "json_input.hpp"
#include "machine.hpp"

namespace decree::eval {

namespace {

// "$.offences[2].weapon" as the field it names: "$.offences[].weapon".
std::string field_of(const std::string& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        out += path[i];
        if (path[i] != '[') continue;
        std::size_t j = i + 1;
        while (j < path.size() && path[j] >= '0' && path[j] <= '9') ++j;
        if (j > i + 1 && j < path.size() && path[j] == ']') i = j - 1;
    }
    return out;
}

// "cases.jsonl:7: " before an error about the record's JSON, when the caller says where it is.
std::string place(const decide_options& o) {
    if (o.file.empty()) return {};
    return std::string(o.file) + ":" + std::to_string(o.line) + ": ";
}

void error_result(case_result& out, text message) {
    out.outcome.result = verdict::error;
    out.outcome.error = std::move(message);
}

}  // namespace

decider::decider(std::shared_ptr<const compiled> program)
    : m(std::make_unique<machine>(std::move(program))), m_parser(std::make_unique<simdjson::dom::parser>()) {
    const auto* input = m->program().prog.input;
    if (input != nullptr && input->rec != nullptr) m_name_field = input->rec->find("name");
}
decider::decider(const ir::program& program) : decider(compile(program)) {}
decider::~decider() = default;
decider::decider(decider&&) noexcept = default;
decider& decider::operator=(decider&&) noexcept = default;

const compiled& decider::program() const { return m->program(); }
void decider::set_fusion(bool on) { m->set_fusion(on); }
bool decider::reran() const { return m->reran(); }
value decider::definition_value(const std::string& name) { return m->definition_value(name); }

case_result decider::decide(std::string_view json, const decide_options& o) {
    case_result out;
    decide(json, o, out);
    return out;
}

void decider::decide(std::string_view json, const decide_options& o, case_result& out, bool padded) {
    if (json.size() > max_record_bytes) {
        out = too_large(json.substr(0, max_record_bytes + 1), json.size(), o);
        return;
    }
    simdjson::dom::element e;
    const auto code = m_parser->parse(json.data(), json.size(), !padded).get(e);
    if (code != simdjson::SUCCESS) {
        auto why = explain_json_error(json, simdjson::error_message(code));
        out = case_result{};
        out.line = o.line;
        out.id = std::move(why.id);
        error_result(out, say(msg::rec_not_json_record, {place(o), why.message}));
        return;
    }
    decide(e, o, out);
}

void decider::decide(const simdjson::dom::element& record, const decide_options& o, case_result& out) {
    // The trace's capacity is kept from one record to the next: a trace is kilobytes.
    if (out.outcome.trace.capacity() > m_trace.capacity()) m_trace = std::move(out.outcome.trace);
    m_trace.clear();
    out.id.clear();
    out.name.clear();
    out.line = o.line;
    out.warnings.clear();
    out.undeclared.clear();
    out.outcome = decision{};
    if (record.type() != simdjson::dom::element_type::OBJECT) {
        error_result(out, say(msg::rec_must_be_object, {place(o)}));
        return;
    }
    auto* trace = o.explain ? &m_trace : nullptr;
    if (m->decide(record, o.undeclared || o.warnings, o.no_assumptions, m_outcome, trace) &&
        m_outcome.result != verdict::error) {
        out.id = m_outcome.id;
        if (m_name_field >= 0) {
            const auto& field = m->program().prog.input->rec->fields[static_cast<std::size_t>(m_name_field)];
            const auto n = record[field.name];
            if (!n.error() && n.value_unsafe().is_string()) out.name = std::string(n.value_unsafe().get_string().value_unsafe());
        }
        out.outcome = expand(m_outcome, trace);
        return;
    }
    careful(record, o, out);
}

void decider::careful(const simdjson::dom::element& record, const decide_options& o, case_result& out) {
    const auto& type = *m->program().prog.input->rec;
    auto d = decode(record, type);
    out.id = d.id;
    if (!d.errors.empty()) {
        text message;
        for (const auto& p : d.errors) {
            const std::string head = (message.empty() ? "" : "; ") + p.path + ": ";
            message += text{head, head} + p.message;
        }
        error_result(out, std::move(message));
        return;
    }
    for (const auto& w : d.warnings) {
        if (o.warnings) out.warnings.push_back(w.path + ": " + w.message.en);
        auto f = field_of(w.path);
        if (std::find(out.undeclared.begin(), out.undeclared.end(), f) == out.undeclared.end()) out.undeclared.push_back(std::move(f));
    }
    m_record = std::get<record_ptr>(d.record);
    if (m_name_field >= 0) {
        if (const auto* n = std::get_if<std::string>(&m_record->fields[static_cast<std::size_t>(m_name_field)])) out.name = *n;
    }
    auto* trace = o.explain ? &m_trace : nullptr;
    m->decide(m_record, o.no_assumptions, m_outcome, trace);
    out.outcome = expand(m_outcome, trace);
}

decision decider::decide(const record_ptr& record, const decide_options& o) {
    m_record = record;
    m_trace.clear();
    auto* trace = o.explain ? &m_trace : nullptr;
    m->decide(record, o.no_assumptions, m_outcome, trace);
    return expand(m_outcome, trace);
}

bool decider::decide_compact(std::string_view json, const decide_options& o, outcome& out, bool padded) {
    if (o.explain) return false;
    if (json.size() > max_record_bytes) return false;
    simdjson::dom::element e;
    if (m_parser->parse(json.data(), json.size(), !padded).get(e) != simdjson::SUCCESS) return false;
    return decide_compact(e, o, out);
}

bool decider::decide_compact(const simdjson::dom::element& record, const decide_options& o, outcome& out) {
    if (o.explain || record.type() != simdjson::dom::element_type::OBJECT) return false;
    return m->decide(record, o.undeclared || o.warnings, o.no_assumptions, out, nullptr) && out.result != verdict::error;
}

case_result decider::too_large(std::string_view start, std::size_t bytes, const decide_options& o) const {
    case_result out;
    out.line = o.line;
    out.id = explain_json_error(start, {}).id;
    const auto where = place(o);
    error_result(out, text{where, where} + record_too_large(bytes));
    return out;
}

decision decider::expand(outcome& o) const { return expand(o, nullptr); }

decision decider::expand(outcome& o, std::vector<rule_trace>* trace) const {
    const auto& program = m->program();
    decision d;
    d.result = o.result;
    if (trace != nullptr) d.trace = std::move(*trace);
    if (o.result == verdict::error) {
        d.error = std::move(o.error);
        d.error_at = o.error_at;
        return d;
    }
    for (const auto p : o.failed) d.failed.push_back(program.prog.provisions[p].citation_vi);
    for (const auto p : o.applied) d.applied.push_back(program.prog.provisions[p].citation_vi);
    d.missing = std::move(o.missing);
    for (const auto a : o.assumptions) d.assumptions.push_back(program.assumptions.assumptions[a].id);
    d.provisional = o.provisional;
    return d;
}

const std::string& decider::citation(std::uint32_t p) const { return m->program().prog.provisions[p].citation_vi; }
const std::string& decider::assumption(std::uint32_t a) const { return m->program().assumptions.assumptions[a].id; }
std::size_t decider::provisions() const { return m->program().prog.provisions.size(); }
std::size_t decider::assumptions() const { return m->program().assumptions.assumptions.size(); }

namespace {

void append_escaped(std::string& out, std::string_view s) {
    std::size_t plain = 0;
    while (plain < s.size()) {
        const auto ch = static_cast<unsigned char>(s[plain]);
        if (ch < 0x20 || ch == '"' || ch == '\\') break;
        ++plain;
    }
    if (plain == s.size()) {
        out.append(s);
    } else {
        out.append(json_escape(s));
    }
}

void append_number(std::string& out, std::size_t v) {
    char buf[24];
    char* e = buf + sizeof buf;
    char* p = e;
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    out.append(p, static_cast<std::size_t>(e - p));
}

}  // namespace

void decider::append_json(const outcome& o, std::size_t line, std::string& out) const {
    const auto& program = m->program();
    if (o.id.empty()) {
        out.append("{\"id\":null");
    } else {
        out.append("{\"id\":\"");
        append_escaped(out, o.id);
        out.push_back('"');
    }
    if (line > 0) {
        out.append(",\"line\":");
        append_number(out, line);
    }
    out.append(o.result == verdict::eligible       ? ",\"verdict\":\"eligible\",\"failed\":["
               : o.result == verdict::not_eligible ? ",\"verdict\":\"not_eligible\",\"failed\":["
                                                   : ",\"verdict\":\"undetermined\",\"failed\":[");
    for (std::size_t i = 0; i < o.failed.size(); ++i) {
        out.append(i == 0 ? "\"" : ",\"");
        out.append(program.cites[o.failed[i]]);
        out.push_back('"');
    }
    out.append("],\"applied\":[");
    for (std::size_t i = 0; i < o.applied.size(); ++i) {
        out.append(i == 0 ? "\"" : ",\"");
        out.append(program.cites[o.applied[i]]);
        out.push_back('"');
    }
    out.append("],\"missing\":[");
    for (std::size_t i = 0; i < o.missing.size(); ++i) {
        out.append(i == 0 ? "\"" : ",\"");
        append_escaped(out, o.missing[i]);
        out.push_back('"');
    }
    out.append("],\"assumptions\":[");
    for (std::size_t i = 0; i < o.assumptions.size(); ++i) {
        out.append(i == 0 ? "\"" : ",\"");
        out.append(program.assumption_ids[o.assumptions[i]]);
        out.push_back('"');
    }
    if (o.provisional) {
        out.append(*o.provisional == verdict::eligible ? "],\"provisional\":\"eligible\"}\n"
                                                       : "],\"provisional\":\"not_eligible\"}\n");
    } else {
        out.append("]}\n");
    }
}

}  // namespace decree::eval
