// The public embedding API (decree.hpp) over the front end and the evaluator.
#include <simdjson.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "decode.hpp"
#include "decree/decree.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "eval/decide.hpp"
#include "json_input.hpp"
#include "render/renderer.hpp"
#include "report.hpp"
#include "schema.hpp"

namespace decree {

// INVARIANT: the public verdict and the evaluator's have the same values in the same order.
static_assert(static_cast<int>(verdict::eligible) == static_cast<int>(eval::verdict::eligible) &&
              static_cast<int>(verdict::not_eligible) == static_cast<int>(eval::verdict::not_eligible) &&
              static_cast<int>(verdict::undetermined) == static_cast<int>(eval::verdict::undetermined) &&
              static_cast<int>(verdict::error) == static_cast<int>(eval::verdict::error));

std::string_view to_string(verdict v) noexcept { return eval::name(static_cast<eval::verdict>(v)); }

std::string version() {
    return std::to_string(version_major) + "." + std::to_string(version_minor) + "." + std::to_string(version_patch);
}

// ---- record_builder -------------------------------------------------------------------------

namespace {

// A small JSON tree for the builder: objects keep insertion order.
struct node {
    enum class kind { null, object, array, scalar } k = kind::null;
    std::string scalar;  // already JSON text
    std::vector<std::string> keys;  // of an object; keys[i] names values[i]
    std::vector<node> values;       // of an object (a vector of pairs would need node complete)
    std::vector<node> items;

    node& at(std::string_view path) {
        if (path.empty()) return *this;
        const auto dot = path.find('.');
        const std::string head(path.substr(0, dot));
        const std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
        if (k == kind::array) {
            std::size_t i = 0;
            for (const char c : head) {
                if (c < '0' || c > '9') throw std::invalid_argument("list index expected in path");
                i = i * 10 + static_cast<std::size_t>(c - '0');
            }
            if (i >= items.size()) throw std::out_of_range("no such list element: " + head);
            return items[i].at(rest);
        }
        if (k != kind::object) {
            k = kind::object;
            scalar.clear();
        }
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == head) return values[i].at(rest);
        }
        keys.push_back(head);
        values.emplace_back();
        return values.back().at(rest);
    }

    void write(std::string& out) const {
        switch (k) {
            case kind::null: out += "null"; break;
            case kind::scalar: out += scalar; break;
            case kind::array:
                out += '[';
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (i) out += ',';
                    items[i].write(out);
                }
                out += ']';
                break;
            case kind::object:
                out += '{';
                for (std::size_t i = 0; i < keys.size(); ++i) {
                    if (i) out += ',';
                    out += '"' + eval::json_escape(keys[i]) + "\":";
                    values[i].write(out);
                }
                out += '}';
                break;
        }
    }
};

}  // namespace

struct record_builder::impl {
    node root{node::kind::object, {}, {}, {}, {}};
    void set(std::string_view path, std::string json) {
        auto& n = root.at(path);
        n = node{};
        n.k = node::kind::scalar;
        n.scalar = std::move(json);
    }
};

record_builder::record_builder() : m_impl(std::make_unique<impl>()) {}
record_builder::~record_builder() = default;
record_builder::record_builder(const record_builder& other) : m_impl(std::make_unique<impl>(*other.m_impl)) {}
record_builder& record_builder::operator=(const record_builder& other) {
    if (this != &other) m_impl = std::make_unique<impl>(*other.m_impl);
    return *this;
}
record_builder::record_builder(record_builder&&) noexcept = default;
record_builder& record_builder::operator=(record_builder&&) noexcept = default;

record_builder& record_builder::set_string(std::string_view path, std::string_view value) {
    m_impl->set(path, "\"" + eval::json_escape(value) + "\"");
    return *this;
}
record_builder& record_builder::set_bool(std::string_view path, bool value) {
    m_impl->set(path, value ? "true" : "false");
    return *this;
}
record_builder& record_builder::set_integer(std::string_view path, std::int64_t value) {
    m_impl->set(path, std::to_string(value));
    return *this;
}
record_builder& record_builder::set_date(std::string_view path, int year, int month, int day) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "\"%04d-%02d-%02d\"", year, month, day);
    m_impl->set(path, buf);
    return *this;
}
record_builder& record_builder::set_duration(std::string_view path, int years, int months, int days) {
    m_impl->set(path, "{\"years\":" + std::to_string(years) + ",\"months\":" + std::to_string(months) +
                          ",\"days\":" + std::to_string(days) + "}");
    return *this;
}
record_builder& record_builder::set_money(std::string_view path, std::string_view vnd) {
    return set_string(path, vnd);
}
std::size_t record_builder::add(std::string_view path) {
    auto& n = m_impl->root.at(path);
    if (n.k != node::kind::array) n = node{node::kind::array, {}, {}, {}, {}};
    n.items.push_back(node{node::kind::object, {}, {}, {}, {}});
    return n.items.size() - 1;
}
std::string record_builder::json() const {
    std::string out;
    m_impl->root.write(out);
    return out;
}

// ---- program ----------------------------------------------------------------------------------

struct program::impl {
    std::unique_ptr<compilation> comp;
    const ir::program* prog = nullptr;
    const ir::record_type* input = nullptr;
    // The compiled program, for every decision; deciders are pooled so that threads deciding
    // at once each have their own.
    std::shared_ptr<const eval::compiled> code;
    std::unique_ptr<eval::renderer> writer;
    mutable std::mutex pool_mutex;
    mutable std::vector<std::unique_ptr<eval::decider>> pool;

    std::unique_ptr<eval::decider> acquire() const {
        {
            const std::lock_guard lock(pool_mutex);
            if (!pool.empty()) {
                auto ev = std::move(pool.back());
                pool.pop_back();
                return ev;
            }
        }
        return std::make_unique<eval::decider>(code);
    }
    void release(std::unique_ptr<eval::decider> ev) const {
        const std::lock_guard lock(pool_mutex);
        pool.push_back(std::move(ev));
    }
};

program::program() = default;

namespace {

std::vector<diagnostic> convert(const compilation& comp) {
    std::vector<diagnostic> out;
    for (const auto& d : comp.diagnostics.all()) {
        diagnostic x;
        x.code = std::string(info(d.id).id);
        x.severity = d.level == severity::error ? "error" : "warning";
        x.message = d.message.in(language::en);
        x.hint = d.hint.in(language::en);
        x.message_vi = d.message.in(language::vi);
        x.hint_vi = d.hint.in(language::vi);
        if (d.primary.file != no_source && d.primary.file < comp.sources.size()) {
            const auto& f = comp.sources.get(d.primary.file);
            const auto b = f.position(d.primary.begin), e = f.position(std::max(d.primary.begin, d.primary.end));
            x.begin = {f.name(), b.line, b.column};
            x.end = {f.name(), e.line, e.column};
        }
        x.rendered = render(d, comp.sources, render_style::rich);
        x.rendered_vi = render(d, comp.sources, render_style::rich, false, language::vi);
        out.push_back(std::move(x));
    }
    return out;
}

decision from(const eval::case_result& r, const program::impl& p, const decide_options& o) {
    decision d;
    d.result = static_cast<verdict>(r.outcome.result);
    d.id = r.id;
    d.failed = r.outcome.failed;
    d.applied = r.outcome.applied;
    d.missing = r.outcome.missing;
    d.assumptions = r.outcome.assumptions;
    if (r.outcome.provisional) d.provisional = static_cast<verdict>(*r.outcome.provisional);
    const auto lang = o.lang == language::vi ? eval::language::vi : eval::language::en;
    if (r.outcome.result == eval::verdict::error) d.error = eval::error_text(r.outcome, p.comp->sources).en;
    p.writer->json(r, lang, o.explain, d.json);
    if (!o.explain) return d;
    p.writer->text(r, lang, d.text);
    for (const auto& t : r.outcome.trace) {
        const auto& rule = p.prog->rules[t.rule];
        explanation_step s;
        s.citation = eval::cite(*p.prog, t.rule, eval::language::vi);
        s.citation_en = eval::cite(*p.prog, t.rule, eval::language::en);
        s.kind = rule.kind == ir::rule_kind::exclusion ? "exclusion" : "condition";
        s.outcome = std::string(eval::status_name(t.status));
        if (rule.test) s.rule = eval::source_of(p.comp->sources, rule.test->loc);
        auto ex = eval::excerpt(*p.prog, t.rule, 200);
        s.text = std::move(ex.text);
        s.text_is_paraphrase = ex.paraphrase;
        for (const auto a : t.applied) s.exceptions.push_back(eval::cite(*p.prog, a, eval::language::vi));
        for (const auto& f : t.facts) s.facts.emplace_back(f.name, eval::display(f.v, f.ty, lang));
        s.missing = t.missing;
        d.trace.push_back(std::move(s));
    }
    return d;
}

}  // namespace

decision program::decide(std::string_view json, const decide_options& options) const {
    if (!m_impl) throw std::logic_error("decree::program::decide on an empty program");
    if (json.starts_with(eval::byte_order_mark)) json.remove_prefix(eval::byte_order_mark.size());
    auto decider = m_impl->acquire();
    eval::decide_options how;
    how.explain = options.explain;
    how.no_assumptions = options.no_assumptions;
    decision d;
    eval::outcome o;
    if (decider->decide_compact(json, how, o)) {
        d.result = static_cast<verdict>(o.result);
        d.id = o.id;
        for (const auto p : o.failed) d.failed.push_back(decider->citation(p));
        for (const auto p : o.applied) d.applied.push_back(decider->citation(p));
        d.missing = o.missing;
        for (const auto a : o.assumptions) d.assumptions.push_back(decider->assumption(a));
        if (o.provisional) d.provisional = static_cast<verdict>(*o.provisional);
        decider->append_json(o, 0, d.json);
        d.json.pop_back();  // the newline
    } else {
        eval::case_result r;
        decider->decide(json, how, r);
        d = from(r, *m_impl, options);
    }
    m_impl->release(std::move(decider));
    return d;
}

decision program::decide(const record_builder& record, const decide_options& options) const {
    return decide(record.json(), options);
}

std::string program::citation() const {
    if (!m_impl) throw std::logic_error("decree::program::citation on an empty program");
    return m_impl->prog->modules.front().citation;
}

std::string program::schema() const {
    if (!m_impl) throw std::logic_error("decree::program::schema on an empty program");
    return eval::json_schema(*m_impl->input, citation());
}

std::string program::schema(language lang) const {
    if (!m_impl) throw std::logic_error("decree::program::schema on an empty program");
    return eval::json_schema(*m_impl->input, citation(), lang);
}

std::vector<std::string> program::assumptions() const {
    if (!m_impl) throw std::logic_error("decree::program::assumptions on an empty program");
    std::vector<std::string> out;
    for (const auto& a : decree::assumptions(*m_impl->prog)) {
        const auto& f = m_impl->comp->sources.get(a.where.file);
        const auto lc = f.position(a.where.begin);
        out.push_back(f.name() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + a.what +
                      (a.number_only ? " (number)" : "") + ": " + a.reason.en);
    }
    return out;
}

// ---- engine -----------------------------------------------------------------------------------

struct engine::impl {
    std::vector<std::string> search_path;
    std::vector<std::string> stdlib_dirs;
    std::vector<std::string> import_roots;
};

engine::engine() : m_impl(std::make_unique<impl>()) {}
engine::~engine() = default;
engine::engine(engine&&) noexcept = default;
engine& engine::operator=(engine&&) noexcept = default;

void engine::add_search_path(std::string directory) { m_impl->search_path.push_back(std::move(directory)); }
void engine::add_stdlib_dir(std::string directory) { m_impl->stdlib_dirs.push_back(std::move(directory)); }
void engine::allow_imports(std::string directory) { m_impl->import_roots.push_back(std::move(directory)); }

namespace {
load_result finish(std::unique_ptr<compilation> comp) {
    load_result out;
    out.diagnostics = convert(*comp);
    if (!comp->ok()) return out;
    const auto* input = comp->program->input;
    if (input == nullptr || input->kind != ir::tkind::record) {
        diagnostic d;
        d.code = "E0405";
        d.severity = "error";
        const auto message = say(msg::cli_no_input_record);
        d.message = message.en;
        d.message_vi = message.vi;
        d.rendered = d.message + "\n";
        d.rendered_vi = d.message_vi + "\n";
        out.diagnostics.push_back(std::move(d));
        return out;
    }
    auto p = std::make_shared<program::impl>();
    p->prog = comp->program.get();
    p->input = input->rec;
    p->code = eval::compile(*p->prog);
    p->writer = std::make_unique<eval::renderer>(*p->prog, comp->sources);
    p->comp = std::move(comp);
    out.compiled = program(std::move(p));
    return out;
}
}  // namespace

load_result engine::load_file(const std::string& path) const {
    compile_options o;
    o.search_path = m_impl->search_path;
    o.stdlib_dirs = m_impl->stdlib_dirs;
    o.import_roots = m_impl->import_roots;
    bool io = false;
    auto comp = compile_file(path, o, &io);
    if (io) {
        load_result out;
        diagnostic d;
        d.code = "E0100";
        d.severity = "error";
        const auto message = comp->io_problem.empty() ? say(msg::cannot_read_file) : say(msg::cannot_read_file_because, {comp->io_problem});
        d.message = message.en;
        d.message_vi = message.vi;
        d.begin = d.end = {path, 0, 0};
        const auto rendered = say(msg::file_error, {path, message});
        d.rendered = rendered.en + "\n";
        d.rendered_vi = rendered.vi + "\n";
        out.diagnostics.push_back(std::move(d));
        return out;
    }
    return finish(std::move(comp));
}

load_result engine::load_text(std::string_view name, std::string_view text) const {
    compile_options o;
    o.search_path = m_impl->search_path;
    o.stdlib_dirs = m_impl->stdlib_dirs;
    o.import_roots = m_impl->import_roots;
    return finish(compile(std::string(name), std::string(text), o));
}

}  // namespace decree
