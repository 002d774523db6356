// The evaluator's interfaces (eval.hpp, fast.hpp) over the machine, and the result line of
// `decreec eval --format json` written from an outcome.
#include "eval.hpp"
#include "fast.hpp"
#include "machine.hpp"
#include "report.hpp"

namespace decree::eval {

evaluator::evaluator(const ir::program& program) : evaluator(compile(program)) {}
evaluator::evaluator(std::shared_ptr<const compiled> program) : m(std::make_unique<machine>(std::move(program))) {}
evaluator::~evaluator() = default;
evaluator::evaluator(evaluator&&) noexcept = default;
evaluator& evaluator::operator=(evaluator&&) noexcept = default;

void evaluator::set_fusion(bool on) { m->set_fusion(on); }

decision evaluator::decide(const record_ptr& record, bool explain, bool no_assumptions) {
    m_record = record;
    outcome o;
    std::vector<rule_trace> trace;
    m->decide(record, no_assumptions, o, explain ? &trace : nullptr);
    return fast::decision_of(m->program(), o, explain ? &trace : nullptr);
}

value evaluator::definition_value(const std::string& name) { return m->definition_value(name); }

}  // namespace decree::eval

namespace decree::eval::fast {

evaluator::evaluator(std::shared_ptr<const compiled> program) : m(std::make_unique<machine>(std::move(program))) {}
evaluator::~evaluator() = default;

void evaluator::set_fusion(bool on) { m->set_fusion(on); }
bool evaluator::reran() const { return m->reran(); }

bool evaluator::decide(const simdjson::dom::element& record, bool name_undeclared, outcome& out, bool no_assumptions,
                       std::vector<rule_trace>* trace) {
    return m->decide(record, name_undeclared, no_assumptions, out, trace) && out.result != verdict::error;
}

decision decision_of(const compiled& program, outcome& o, std::vector<rule_trace>* trace) {
    const auto& prog = program.prog;
    decision d;
    d.result = o.result;
    if (trace != nullptr) d.trace = std::move(*trace);
    if (o.result == verdict::error) {
        d.error = std::move(o.error);
        d.error_at = o.error_at;
        return d;
    }
    for (const auto p : o.failed) d.failed.push_back(prog.provisions[p].citation_vi);
    for (const auto p : o.applied) d.applied.push_back(prog.provisions[p].citation_vi);
    d.missing = std::move(o.missing);
    for (const auto a : o.assumptions) d.assumptions.push_back(program.assumptions.assumptions[a].id);
    d.provisional = o.provisional;
    return d;
}

const std::string& citation(const compiled& program, std::uint32_t p) { return program.prog.provisions[p].citation_vi; }

const std::string& assumption(const compiled& program, std::uint32_t a) { return program.assumptions.assumptions[a].id; }

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

void append_json(const compiled& program, const outcome& o, std::size_t line, std::string& out) {
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

}  // namespace decree::eval::fast
