// The source index (compile_options::index): the names seen while checking become symbols with
// their kinds, types and documentation, and uses pointing at them, for the language server.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <tuple>

#include "checker.hpp"
#include "decree/lang/messages.hpp"

namespace decree {

std::string_view to_string(symbol_kind k) {
    switch (k) {
        case symbol_kind::parameter: return "parameter";
        case symbol_kind::definition: return "definition";
        case symbol_kind::input: return "input";
        case symbol_kind::record: return "record";
        case symbol_kind::enumeration: return "enumeration";
        case symbol_kind::value: return "value";
        case symbol_kind::field: return "field";
        case symbol_kind::code: return "code";
        case symbol_kind::local: return "variable";
        case symbol_kind::module: return "module";
        case symbol_kind::builtin: return "built-in function";
    }
    return "name";
}

const symbol_use* source_index::use_at(source_id file, std::uint32_t offset) const {
    const symbol_use* best = nullptr;
    for (const auto& u : uses) {
        if (u.where.file != file || u.where.begin > offset || offset > u.where.end) continue;
        // A use that contains the offset beats one that merely ends there; then the narrowest.
        const bool inside = offset < u.where.end;
        const bool best_inside = best != nullptr && offset < best->where.end;
        if (best == nullptr || (inside && !best_inside) ||
            (inside == best_inside && u.where.end - u.where.begin < best->where.end - best->where.begin)) {
            best = &u;
        }
    }
    return best;
}

namespace detail {

namespace {



// Where a module's declarations are in its AST: the whole declaration and the provision holding it.
struct decl_place {
    span extent;
    const ast::provision* owner = nullptr;
    const ast::enum_decl* enumeration = nullptr;
};

using place_map = std::map<std::pair<source_id, std::uint32_t>, decl_place>;

void collect_places(const ast::file& file, place_map& out) {
    auto visit = [&](const ast::decl& d, const ast::provision* owner) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, ast::set_decl> || std::is_same_v<T, ast::import_decl>) {
                    return;
                } else {
                    decl_place p{x.loc, owner, nullptr};
                    if constexpr (std::is_same_v<T, ast::enum_decl>) p.enumeration = &x;
                    out[{x.id.loc.file, x.id.loc.begin}] = p;
                }
            },
            d);
    };
    for (const auto& d : file.decls) visit(d, nullptr);
    std::function<void(const ast::provision&)> walk = [&](const ast::provision& p) {
        for (const auto& d : p.decls) visit(d, &p);
        for (const auto& c : p.children) walk(c);
    };
    for (const auto& a : file.articles) walk(a);
}

class index_builder {
public:
    index_builder(checker& ck, source_index& out) : m_ck(ck), m_out(out) {}

    void build() {
        for (const auto& m : m_ck.modules) collect_places(m.syntax, m_places);
        for (std::uint32_t m = 0; m < m_ck.modules.size(); ++m) globals(m);
        for (std::uint32_t m = 1; m < m_ck.modules.size(); ++m) module(m);
        builtins();
        locals();
        link_records();
        uses();
        visible();
    }

private:
    using key = std::tuple<symbol_kind, const void*, std::uint32_t>;

    checker& m_ck;
    source_index& m_out;
    place_map m_places;
    std::map<key, std::uint32_t> m_ids;
    std::map<std::pair<source_id, std::uint32_t>, std::uint32_t> m_local_ids;
    std::vector<const ir::type*> m_types;  // by symbol: its value's type, for link_records
    std::vector<std::vector<std::uint32_t>> m_module_names;

    std::uint32_t add(key k, indexed_symbol s, const ir::type* ty = nullptr) {
        const auto id = static_cast<std::uint32_t>(m_out.symbols.size());
        m_out.symbols.push_back(std::move(s));
        m_types.push_back(ty);
        m_ids.emplace(k, id);
        return id;
    }

    std::string_view text(span s) const {
        if (s.file == no_source || s.file >= m_ck.comp.sources.size()) return {};
        const auto& t = m_ck.comp.sources.get(s.file).text();
        if (s.begin > s.end || s.end > t.size()) return {};
        return std::string_view(t).substr(s.begin, s.end - s.begin);
    }

    // Fills the extent and holding provision of a declaration named at [decl].
    void place(indexed_symbol& s, std::uint32_t m) {
        const auto it = m_places.find({s.decl.file, s.decl.begin});
        s.extent = it != m_places.end() ? it->second.extent : s.decl;
        if (it == m_places.end() || it->second.owner == nullptr) return;
        const auto& owners = m_ck.modules[m].provision_of;
        if (const auto p = owners.find(it->second.owner); p != owners.end()) {
            s.citation = m_ck.prog.provisions[p->second].citation_vi;
        }
    }

    // The source text of [e] after [prefix], when it is short and on one line.
    std::string short_text(std::string_view prefix, const ast::expr* e) const {
        if (e == nullptr) return {};
        const auto t = text(e->loc);
        if (t.empty() || t.size() > 80 || t.find('\n') != std::string_view::npos) return {};
        return std::string(prefix) + std::string(t);
    }

    // " at least 1/3 = 1/3": the bounds and the value of a parameter (the value a `set` gives it).
    std::string param_tail(std::uint32_t param) const {
        const auto* syntax = m_ck.param_syntax[param];
        if (syntax == nullptr) return {};
        const auto* value = m_ck.param_set[param] != nullptr ? m_ck.param_set[param]->value.get() : syntax->value.get();
        return short_text(" at least ", syntax->at_least.get()) + short_text(" at most ", syntax->at_most.get()) +
               short_text(" = ", value);
    }

    void globals(std::uint32_t m) {
        auto& names = m_module_names.emplace_back();
        auto& prog = m_ck.prog;
        for (const auto& [name, s] : m_ck.modules[m].symbols) {
            indexed_symbol out;
            out.name = name;
            out.decl = s.loc;
            out.module = m;
            const ir::type* ty = nullptr;
            key k{symbol_kind::parameter, nullptr, s.index};
            switch (s.k) {
                case symbol::kind::param: {
                    const auto& p = prog.params[s.index];
                    ty = p.ty;
                    out.kind = symbol_kind::parameter;
                    out.type = ir::to_string(ty);
                    out.signature = "parameter " + name + " : " + out.type + param_tail(s.index);
                    if (p.assumed) out.assumed = *p.assumed;
                    break;
                }
                case symbol::kind::def: {
                    const auto& d = prog.defs[s.index];
                    ty = d.ty;
                    out.kind = symbol_kind::definition;
                    out.type = ir::to_string(ty);
                    out.signature = "definition " + name;
                    if (d.callable) {
                        std::string args;
                        for (const auto& [a, t] : d.args) args += (args.empty() ? "" : ", ") + a + " : " + ir::to_string(t);
                        out.signature += "(" + args + ")";
                    }
                    out.signature += " : " + out.type;
                    if (d.assumed) out.assumed = *d.assumed;
                    k = {symbol_kind::definition, nullptr, s.index};
                    break;
                }
                case symbol::kind::record:
                    out.kind = symbol_kind::record;
                    out.signature = "record " + name;
                    k = {symbol_kind::record, s.ty->rec, 0};
                    break;
                case symbol::kind::enumeration: {
                    out.kind = symbol_kind::enumeration;
                    std::string values;
                    for (const auto& v : s.ty->en->variants) values += (values.empty() ? "" : ", ") + v;
                    out.signature = "enumeration " + name + " { " + values + " }";
                    k = {symbol_kind::enumeration, s.ty->en, 0};
                    break;
                }
                case symbol::kind::code: {
                    const auto& c = prog.codes[s.index];
                    out.kind = symbol_kind::code;
                    out.signature = "code " + name + " \"" + c.key + "\"";
                    out.doc = text::same(c.title);
                    k = {symbol_kind::code, nullptr, s.index};
                    break;
                }
                case symbol::kind::input:
                    ty = s.ty;
                    out.kind = symbol_kind::input;
                    out.type = ir::to_string(ty);
                    out.signature = "input " + name + " : " + out.type;
                    k = {symbol_kind::input, nullptr, m};
                    break;
                case symbol::kind::ambiguous: continue;
            }
            place(out, m);
            const auto id = add(k, std::move(out), ty);
            names.push_back(id);
            if (s.k == symbol::kind::record) members(id, *s.ty->rec, m);
            if (s.k == symbol::kind::enumeration) members(id, *s.ty->en, m);
        }
    }

    void members(std::uint32_t owner, const ir::record_type& rec, std::uint32_t) {
        for (std::uint32_t i = 0; i < rec.fields.size(); ++i) {
            const auto& f = rec.fields[i];
            indexed_symbol out;
            out.kind = symbol_kind::field;
            out.name = f.name;
            out.type = ir::to_string(f.ty);
            out.signature = f.name + " : " + out.type;
            out.doc = text::same(f.doc);
            out.owner = rec.name;
            out.decl = out.extent = f.loc;
            out.module = f.module;
            const auto id = add({symbol_kind::field, &rec, i}, std::move(out), f.ty);
            m_out.symbols[owner].members.push_back(id);
        }
    }

    void members(std::uint32_t owner, const ir::enum_type& en, std::uint32_t m) {
        const auto place_it = m_places.find({en.loc.file, en.loc.begin});
        const ast::enum_decl* syntax = place_it != m_places.end() ? place_it->second.enumeration : nullptr;
        for (std::uint32_t i = 0; i < en.variants.size(); ++i) {
            indexed_symbol out;
            out.kind = symbol_kind::value;
            out.name = en.variants[i];
            out.type = en.name;
            out.signature = en.name + "." + en.variants[i];
            if (i < en.labels.size()) {
                out.doc = {i < en.labels_en.size() && !en.labels_en[i].empty() ? en.labels_en[i] : en.labels[i], en.labels[i]};
            }
            out.owner = en.name;
            out.decl = syntax != nullptr && i < syntax->variants.size() ? syntax->variants[i].id.loc : en.loc;
            out.extent = out.decl;
            out.module = m;
            const auto id = add({symbol_kind::value, &en, i}, std::move(out));
            m_out.symbols[owner].members.push_back(id);
        }
    }

    void module(std::uint32_t m) {
        const auto& ctx = m_ck.modules[m];
        indexed_symbol out;
        out.kind = symbol_kind::module;
        out.name = std::filesystem::path(ctx.path).stem().string();
        for (const auto& [alias, target] : m_ck.modules[0].aliases) {
            if (target == m) out.name = alias;
        }
        out.signature = "import " + (ctx.is_stdlib ? ctx.path : "\"" + ctx.path + "\"");
        if (out.name != std::filesystem::path(ctx.path).stem().string()) out.signature += " as " + out.name;
        std::string doc = ctx.syntax.citation;
        if (ctx.syntax.title) doc += (doc.empty() ? "" : " — ") + *ctx.syntax.title;
        out.doc = text::same(std::move(doc));
        out.owner = ctx.path;
        out.decl = out.extent = span{ctx.syntax.source, 0, 0};
        out.module = m;
        out.members = m_module_names[m];
        add({symbol_kind::module, nullptr, m}, std::move(out));
    }

    void builtins() {
        for (const auto& b : ir::builtins()) {
            indexed_symbol out;
            out.kind = symbol_kind::builtin;
            out.name = std::string(b.name);
            out.signature = std::string(b.signature);
            out.doc = text::same(std::string(b.doc));
            add({symbol_kind::builtin, nullptr, static_cast<std::uint32_t>(b.id)}, std::move(out));
        }
    }

    void locals() {
        if (m_ck.recorder == nullptr) return;
        for (const auto& l : m_ck.recorder->locals) {
            const std::pair<source_id, std::uint32_t> where{l.id.loc.file, l.id.loc.begin};
            if (m_local_ids.count(where) != 0) continue;
            indexed_symbol out;
            out.kind = symbol_kind::local;
            out.name = l.id.text;
            out.type = ir::to_string(l.ty);
            out.signature = l.id.text + " : " + out.type;
            out.doc = say(l.argument ? msg::lsp_argument_of_definition : msg::lsp_quantifier_variable);
            out.decl = out.extent = l.id.loc;
            out.scope = l.scope;
            out.module = 0;
            const auto id = static_cast<std::uint32_t>(m_out.symbols.size());
            m_out.symbols.push_back(std::move(out));
            m_types.push_back(l.ty);
            m_local_ids.emplace(where, id);
        }
    }

    // A value of record type points at its record, for completion after `.`.
    void link_records() {
        for (std::size_t i = 0; i < m_out.symbols.size(); ++i) {
            const auto* t = m_types[i];
            if (t == nullptr || t->kind != ir::tkind::record) continue;
            if (const auto it = m_ids.find({symbol_kind::record, t->rec, 0}); it != m_ids.end()) {
                m_out.symbols[i].record = it->second;
            }
        }
    }

    void uses() {
        auto& out = m_out.uses;
        if (m_ck.recorder != nullptr) {
            for (const auto& u : m_ck.recorder->uses) {
                if (u.kind == symbol_kind::local) {
                    if (const auto it = m_local_ids.find({u.decl.file, u.decl.begin}); it != m_local_ids.end()) {
                        out.push_back({u.where, it->second});
                    }
                } else if (const auto it = m_ids.find({u.kind, u.ptr, u.index}); it != m_ids.end()) {
                    out.push_back({u.where, it->second});
                }
            }
            m_out.provision_uses = m_ck.recorder->provision_uses;
        }
        // Every declaration names itself.
        for (std::uint32_t i = 0; i < m_out.symbols.size(); ++i) {
            const auto& s = m_out.symbols[i];
            if (s.decl.file != no_source && s.decl.end > s.decl.begin) out.push_back({s.decl, i});
        }
        auto order = [](const symbol_use& u) { return std::tuple(u.where.file, u.where.begin, u.where.end, u.symbol); };
        std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return order(a) < order(b); });
        out.erase(std::unique(out.begin(), out.end(), [&](const auto& a, const auto& b) { return order(a) == order(b); }),
                  out.end());
    }

    void visible() {
        std::vector<std::uint32_t> mods{0};
        for (const auto m : m_ck.modules[0].imports) mods.push_back(m);
        auto& out = m_out.visible;
        for (const auto m : mods) {
            for (const auto id : m_module_names[m]) {
                out.push_back(id);
                if (m_out.symbols[id].kind == symbol_kind::enumeration) {
                    for (const auto v : m_out.symbols[id].members) out.push_back(v);
                }
            }
            if (m != 0) out.push_back(m_ids.at({symbol_kind::module, nullptr, m}));
        }
        for (const auto& b : ir::builtins()) {
            if (!b.stdlib_only || m_ck.modules[0].is_stdlib) {
                out.push_back(m_ids.at({symbol_kind::builtin, nullptr, static_cast<std::uint32_t>(b.id)}));
            }
        }
    }
};

}  // namespace

void checker::note(span where, const symbol& s) {
    if (recorder == nullptr) return;
    switch (s.k) {
        case symbol::kind::param: note(where, symbol_kind::parameter, nullptr, s.index); break;
        case symbol::kind::def: note(where, symbol_kind::definition, nullptr, s.index); break;
        case symbol::kind::record: note(where, symbol_kind::record, s.ty->rec, 0); break;
        case symbol::kind::enumeration: note(where, symbol_kind::enumeration, s.ty->en, 0); break;
        case symbol::kind::code: note(where, symbol_kind::code, nullptr, s.index); break;
        case symbol::kind::input: note(where, symbol_kind::input, nullptr, s.module); break;
        case symbol::kind::ambiguous: break;
    }
}

void checker::note(span where, symbol_kind k, const void* ptr, std::uint32_t index) {
    if (recorder != nullptr) recorder->uses.push_back({where, k, ptr, index, {}});
}

void checker::note_local(span where, const local& l) {
    if (recorder != nullptr) recorder->uses.push_back({where, symbol_kind::local, nullptr, 0, l.loc});
}

void checker::note_local_decl(const ast::ident& id, const ir::type* ty, span scope, bool argument) {
    if (recorder != nullptr) recorder->locals.push_back({id, ty, scope, argument});
}

source_index checker::build_index(bool checked) {
    source_index out;
    out.parsed = !modules.empty() && modules[0].parsed;
    out.checked = checked;
    for (const auto& m : modules) out.module_paths.push_back(m.path);
    if (checked) index_builder(*this, out).build();
    // Last: the checker's syntax trees are not used after this.
    if (!modules.empty()) out.syntax = std::move(modules[0].syntax);
    return out;
}

}  // namespace detail

}  // namespace decree
