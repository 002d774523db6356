// Stage 3: modules and names. Loads imports (embedded standard library, search path or
// relative files; cycles reported), declares every module's names, resolves types, builds
// the provision tree with citations and links exceptions to the rules they override.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "checker.hpp"
#include "decree/lang/messages.hpp"
#include "decree/lang/front_end.hpp"
#include "parse.hpp"

namespace decree::detail {

namespace {

// A field's label: as written, else from its doc string.
text field_label(const ast::field_decl& f) {
    if (!f.label.vi.empty() || !f.label.en.empty()) return {f.label.en, f.label.vi};
    return ir::label_from_doc(f.doc);
}

std::string alias_of(const std::string& path) {
    std::string base = std::filesystem::path(path).stem().string();
    return base;
}

// Calls [fn] for every declaration of [file], with the provision that holds it (or null).
void for_each_decl(const ast::file& file,
                   const std::function<void(const ast::decl&, const ast::provision*)>& fn) {
    for (const auto& d : file.decls) fn(d, nullptr);
    std::function<void(const ast::provision&)> walk = [&](const ast::provision& p) {
        for (const auto& d : p.decls) fn(d, &p);
        for (const auto& c : p.children) walk(c);
    };
    for (const auto& a : file.articles) walk(a);
}

struct loader {
    checker& ck;
    std::map<std::string, std::uint32_t> loaded;  // key -> module
    std::vector<std::uint32_t> stack;

    std::uint32_t add(std::string key, std::string display, std::string text, bool stdlib, std::string dir = {}) {
        const auto index = static_cast<std::uint32_t>(ck.modules.size());
        ck.modules.emplace_back();
        ck.modules[index].path = key;
        ck.modules[index].is_stdlib = stdlib;
        ck.modules[index].stdlib_dir = std::move(dir);
        loaded[key] = index;
        const source_id id = ck.comp.sources.add(std::move(display), std::move(text));
        const auto& file = ck.comp.sources.get(id);
        if (auto syntax = parse(file, ck.sink())) {
            ck.modules[index].syntax = std::move(*syntax);
            ck.modules[index].parsed = true;
        }
        ck.modules[index].syntax.source = id;
        return index;
    }

    // The standard-library module [key]: from [first] (the importing module's own directory),
    // then each of compile_options::stdlib_dirs in order, then the embedded library. [dir] is set
    // to the directory it was read from (empty when embedded).
    std::optional<std::pair<std::string, std::string>> find_stdlib(const std::string& key, const std::string& first,
                                                                   std::string& dir) {
        std::vector<std::string> dirs;
        if (!first.empty()) dirs.push_back(first);
        for (const auto& d : ck.options.stdlib_dirs) {
            if (d != first) dirs.push_back(d);
        }
        for (const auto& d : dirs) {
            const auto p = (std::filesystem::path(d) / (key + ".decree")).generic_string();
            if (!import_allowed(p, {d})) continue;
            if (auto text = ck.options.read_file ? ck.options.read_file(p) : std::nullopt) {
                dir = d;
                return std::pair{p, std::move(*text)};
            }
        }
        dir.clear();
        if (auto text = stdlib_module(key)) {
            return std::pair{"stdlib/" + key + ".decree", std::string(*text)};
        }
        return std::nullopt;
    }

    std::optional<std::pair<std::string, std::string>> find(const ast::import_decl& im,
                                                           const module_ctx& from,
                                                           bool& stdlib, std::string& key, bool& refused,
                                                           std::string& dir) {
        if (im.relative) {
            key = beside(ck.comp.sources.get(from.syntax.source).name(), im.path);
            stdlib = from.is_stdlib;
            if (from.is_stdlib) {
                auto base = std::filesystem::path(from.path).parent_path() / im.path;
                key = base.lexically_normal().replace_extension("").generic_string();
                if (loaded.count(key) != 0) return std::pair{key, std::string()};
                return find_stdlib(key, from.stdlib_dir, dir);
            }
            if (loaded.count(key) != 0) return std::pair{key, std::string()};
            if (!import_allowed(key, ck.options.import_roots)) {
                refused = true;
                return std::nullopt;
            }
            if (auto text = ck.options.read_file ? ck.options.read_file(key) : std::nullopt) {
                return std::pair{key, std::move(*text)};
            }
            return std::nullopt;
        }
        key = im.path;
        stdlib = true;
        if (loaded.count(key) != 0) return std::pair{key, std::string()};
        if (auto found = find_stdlib(key, {}, dir)) return found;
        for (const auto& d : ck.options.search_path) {
            const auto p = (std::filesystem::path(d) / (key + ".decree")).generic_string();
            if (!import_allowed(p, {d})) continue;
            if (auto text = ck.options.read_file ? ck.options.read_file(p) : std::nullopt) {
                stdlib = false;
                return std::pair{p, std::move(*text)};
            }
        }
        return std::nullopt;
    }

    void imports_of(std::uint32_t m) {
        stack.push_back(m);
        std::vector<const ast::import_decl*> list;
        for_each_decl(ck.modules[m].syntax, [&](const ast::decl& d, const ast::provision*) {
            if (const auto* im = std::get_if<ast::import_decl>(&d)) list.push_back(im);
        });
        for (const auto* im : list) {
            bool stdlib = false;
            std::string key;
            bool refused = false;
            std::string dir;
            auto found = find(*im, ck.modules[m], stdlib, key, refused, dir);
            if (!found && refused) {
                ck.sink().error(code::E0205, im->loc,
                                say(msg::nm_import_outside, {im->path}), say(msg::nm_import_outside_hint));
                continue;
            }
            if (!found) {
                const text why = im->relative && !ck.modules[m].is_stdlib ? unreadable_reason_text(key) : text();
                if (!why.empty()) {
                    ck.sink().error(code::E0205, im->loc, say(msg::nm_module_unreadable, {im->path, why}),
                                    say(msg::nm_import_names_file));
                    continue;
                }
                ck.sink().error(code::E0205, im->loc, say(msg::nm_module_not_found, {im->path}),
                                say(im->relative ? msg::nm_relative_import_hint : msg::nm_stdlib_hint));
                continue;
            }
            std::uint32_t target = 0;
            if (auto it = loaded.find(key); it != loaded.end()) {
                target = it->second;
                if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
                    std::string cycle;
                    for (auto s = std::find(stack.begin(), stack.end(), target); s != stack.end(); ++s) {
                        cycle += "`" + ck.modules[*s].path + "` -> ";
                    }
                    cycle += "`" + ck.modules[target].path + "`";
                    ck.sink().error(code::E0206, im->loc, say(msg::nm_import_cycle, {cycle}),
                                    say(msg::nm_import_cycle_hint));
                    continue;
                }
            } else if (stack.size() > max_import_depth) {
                ck.sink().error(code::E0218, im->loc,
                                say(msg::nm_imports_too_deep, {im->path, stack.size() + 1, ck.modules[stack.front()].path,
                                                               max_import_depth}),
                                say(msg::nm_imports_too_deep_hint));
                continue;
            } else {
                target = add(key, found->first, std::move(found->second), stdlib, dir);
                imports_of(target);
            }
            auto& ctx = ck.modules[m];
            const std::string alias = im->alias ? im->alias->text : alias_of(im->path);
            if (std::find(ctx.imports.begin(), ctx.imports.end(), target) != ctx.imports.end() ||
                ctx.aliases.count(alias) != 0) {
                ck.sink().error(code::E0217, im->loc,
                                say(msg::nm_duplicate_import, {im->path, alias}), say(msg::nm_duplicate_import_hint));
                continue;
            }
            if (ck.modules[target].syntax.kind == ast::file_kind::decree) {
                ck.sink().error(code::E0408, im->loc,
                                say(msg::nm_decree_not_importable, {im->path}),
                                say(msg::nm_decree_not_importable_hint));
            }
            ctx.imports.push_back(target);
            ctx.aliases[alias] = target;
            ck.note(im->loc, symbol_kind::module, nullptr, target);
        }
        stack.pop_back();
    }
};

std::string join_citation_vi(const std::vector<const ir::provision*>& chain) {
    std::string out;
    for (const auto* p : chain) {
        if (!out.empty()) out += ' ';
        out += p->lvl == ir::level::article  ? "Điều "
               : p->lvl == ir::level::clause ? "khoản "
                                             : "điểm ";
        out += p->number;
    }
    return out;
}

std::string join_citation_en(const std::vector<const ir::provision*>& chain) {
    std::string out = "Art. ";
    for (const auto* p : chain) {
        if (p->lvl == ir::level::article) {
            out += p->number;
        } else {
            out += "(" + p->number + ")";
        }
    }
    return out;
}

}  // namespace

bool checker::load(std::string name, std::string text) {
    loader ld{*this, {}, {}};
    // A standard library file checked directly (stdlib/vn/x.decree, or DIR/vn/x.decree in one of
    // the stdlib_dirs) keeps its privileges.
    bool stdlib = false;
    std::string key = name;
    std::string dir;
    if (const auto at = name.rfind("stdlib/"); at != std::string::npos && name.size() > 7 &&
        name.ends_with(".decree")) {
        key = name.substr(at + 7, name.size() - at - 7 - 7);
        stdlib = stdlib_module(key).has_value();
    }
    if (name.ends_with(".decree")) {
        namespace fs = std::filesystem;
        std::error_code ec;
        const auto file = fs::weakly_canonical(fs::absolute(name, ec), ec);
        for (const auto& d : options.stdlib_dirs) {
            if (ec || !import_allowed(name, {d})) continue;
            const auto base = fs::weakly_canonical(fs::absolute(d, ec), ec);
            if (ec) continue;
            const auto inside = file.lexically_relative(base).generic_string();
            if (inside.empty() || inside.starts_with("..")) continue;
            key = inside.substr(0, inside.size() - 7);
            stdlib = true;
            dir = d;
            break;
        }
    }
    const auto root = ld.add(stdlib ? key : name, name, std::move(text), stdlib, dir);
    if (sink().has_errors()) return false;
    ld.imports_of(root);
    return !sink().has_errors();
}

std::optional<symbol> checker::lookup_global(const std::string& name, std::uint32_t module,
                                             span where, bool report) {
    auto& ctx = modules[module];
    if (auto it = ctx.symbols.find(name); it != ctx.symbols.end()) {
        it->second.used = true;
        return it->second;
    }
    std::vector<std::pair<std::uint32_t, symbol*>> found;
    for (const auto m : ctx.imports) {
        if (auto it = modules[m].symbols.find(name); it != modules[m].symbols.end()) {
            found.emplace_back(m, &it->second);
        }
    }
    if (found.size() == 1) {
        found.front().second->used = true;
        return *found.front().second;
    }
    if (found.size() > 1 && report) {
        std::string which;
        for (const auto& [m, s] : found) which += (which.empty() ? "`" : ", `") + modules[m].path + "`";
        sink().error(code::E0210, where, say(msg::nm_ambiguous, {name, which}), say(msg::nm_ambiguous_hint, {name}));
        return symbol{symbol::kind::ambiguous, 0, where, module, prog.types.builtin(ir::tkind::error)};
    }
    return std::nullopt;
}

const ir::type* checker::resolve_type(const ast::type_expr& t, std::uint32_t module) {
    using form = ast::type_expr::form;
    switch (t.shape) {
        case form::builtin: {
            static const std::map<std::string, ir::tkind> kinds = {
                {"bool", ir::tkind::bool_},         {"integer", ir::tkind::integer},
                {"decimal", ir::tkind::decimal},    {"money", ir::tkind::money},
                {"fraction", ir::tkind::fraction},  {"date", ir::tkind::date},
                {"duration", ir::tkind::duration},  {"string", ir::tkind::string},
                {"law article", ir::tkind::law_article}};
            return prog.types.builtin(kinds.at(t.builtin));
        }
        case form::list: return prog.types.list_of(resolve_type(*t.element, module));
        case form::set: return prog.types.set_of(resolve_type(*t.element, module));
        case form::named: {
            auto s = lookup_global(t.named.text, module, t.named.loc, true);
            if (s && (s->k == symbol::kind::record || s->k == symbol::kind::enumeration)) {
                note(t.named.loc, *s);
                return s->ty;
            }
            if (!s || s->ty == nullptr || s->ty->kind != ir::tkind::error) {
                sink().error(code::E0203, t.named.loc, say(msg::nm_unknown_type, {t.named.text}),
                             say(msg::nm_unknown_type_hint));
            }
            return prog.types.builtin(ir::tkind::error);
        }
    }
    return prog.types.builtin(ir::tkind::error);
}

void checker::declare_all() {
    // `extend record`s, applied once every record of every module has its own fields.
    std::vector<std::pair<const ast::record_decl*, std::uint32_t>> extensions;
    for (std::uint32_t m = 0; m < modules.size(); ++m) {
        auto& ctx = modules[m];
        auto declare = [&](const ast::ident& id, symbol s) {
            s.loc = id.loc;
            s.module = m;
            auto [it, fresh] = ctx.symbols.emplace(id.text, s);
            if (!fresh) {
                const bool inputs = s.k == symbol::kind::input && it->second.k == symbol::kind::input;
                sink().error(code::E0202, id.loc, say(msg::nm_already_declared, {id.text}),
                             inputs ? input_hint_text(nullptr) : text())
                    .labels.push_back({it->second.loc, say(msg::previously_declared_here)});
                return false;
            }
            if (!ctx.is_stdlib && !id.text.empty() && id.text[0] == '_') {
                sink().error(code::E0212, id.loc,
                             say(msg::nm_reserved_underscore));
            }
            return true;
        };
        std::vector<std::pair<const ast::record_decl*, ir::record_type*>> records;
        std::vector<const ast::input_decl*> inputs;
        for_each_decl(ctx.syntax, [&](const ast::decl& d, const ast::provision* owner) {
            const int prov = owner == nullptr ? -1 : static_cast<int>(ctx.provision_of.at(owner));
            std::visit(
                [&](const auto& x) {
                    using T = std::decay_t<decltype(x)>;
                    if constexpr (std::is_same_v<T, ast::record_decl>) {
                        if (x.extension) {
                            extensions.emplace_back(&x, m);
                            return;
                        }
                        auto* r = prog.types.new_record();
                        r->name = x.id.text;
                        r->loc = x.id.loc;
                        r->module = m;
                        declare(x.id, {symbol::kind::record, 0, {}, m, prog.types.record(r)});
                        records.emplace_back(&x, r);
                    } else if constexpr (std::is_same_v<T, ast::enum_decl>) {
                        auto* e = prog.types.new_enum();
                        e->name = x.id.text;
                        e->loc = x.id.loc;
                        e->module = m;
                        for (const auto& v : x.variants) {
                            if (e->find(v.id.text) >= 0) {
                                sink().error(code::E0202, v.id.loc,
                                             say(msg::nm_duplicate_variant, {v.id.text, x.id.text}));
                            }
                            e->variants.push_back(v.id.text);
                            e->labels.push_back(v.label);
                            e->labels_en.push_back(v.label_en);
                        }
                        declare(x.id, {symbol::kind::enumeration, 0, {}, m, prog.types.enumeration(e)});
                    } else if constexpr (std::is_same_v<T, ast::code_decl>) {
                        if (declare(x.id, {symbol::kind::code, static_cast<std::uint32_t>(prog.codes.size()), {}, 0, nullptr})) {
                            prog.codes.push_back({x.id.text, x.key, x.title});
                        }
                    } else if constexpr (std::is_same_v<T, ast::param_decl>) {
                        const auto index = static_cast<std::uint32_t>(prog.params.size());
                        if (declare(x.id, {symbol::kind::param, index, {}, 0, nullptr})) {
                            ir::parameter p;
                            p.name = x.id.text;
                            p.module = m;
                            p.provision = prov;
                            p.loc = x.id.loc;
                            p.abstract = x.value == nullptr;
                            p.assumed = x.assumed;
                            p.label = {x.label.en, x.label.vi};
                            prog.params.push_back(std::move(p));
                            param_syntax.push_back(&x);
                            param_state.push_back(0);
                            param_set.push_back(nullptr);
                        }
                    } else if constexpr (std::is_same_v<T, ast::def_decl>) {
                        const auto index = static_cast<std::uint32_t>(prog.defs.size());
                        if (declare(x.id, {symbol::kind::def, index, {}, 0, nullptr})) {
                            ir::definition def;
                            def.name = x.id.text;
                            def.module = m;
                            def.provision = prov;
                            def.loc = x.id.loc;
                            def.callable = x.has_args;
                            def.assumed = x.assumed;
                            def.label = {x.label.en, x.label.vi};
                            prog.defs.push_back(std::move(def));
                            def_syntax.push_back(&x);
                            def_state.push_back(0);
                        }
                    } else if constexpr (std::is_same_v<T, ast::input_decl>) {
                        inputs.push_back(&x);
                    }
                },
                d);
        });
        for (auto& [syntax, rec] : records) {
            for (const auto& f : syntax->fields) {
                if (rec->find(f.id.text) >= 0) {
                    sink().error(code::E0202, f.id.loc, say(msg::nm_duplicate_field, {f.id.text}));
                    continue;
                }
                rec->fields.push_back({f.id.text, nullptr, f.doc, f.id.loc, m, field_label(f)});
            }
        }
        for (auto* in : inputs) {
            declare(in->id, {symbol::kind::input, 0, {}, m, nullptr});
        }
    }
    // Field and input types once every type name of every module is known.
    for (std::uint32_t m = 0; m < modules.size(); ++m) {
        const ast::input_decl* first_input = nullptr;  // of this module
        for_each_decl(modules[m].syntax, [&](const ast::decl& d, const ast::provision*) {
            if (const auto* r = std::get_if<ast::record_decl>(&d)) {
                auto s = modules[m].symbols.find(r->id.text);
                if (s == modules[m].symbols.end() || s->second.k != symbol::kind::record) return;
                auto* rec = const_cast<ir::record_type*>(s->second.ty->rec);
                for (const auto& f : r->fields) {
                    const int i = rec->find(f.id.text);
                    if (i >= 0 && rec->fields[static_cast<std::size_t>(i)].ty == nullptr) {
                        rec->fields[static_cast<std::size_t>(i)].ty = resolve_type(f.type, m);
                    }
                }
            } else if (const auto* in = std::get_if<ast::input_decl>(&d)) {
                auto& s = modules[m].symbols[in->id.text];
                if (s.k != symbol::kind::input || s.loc.file != in->id.loc.file || s.loc.begin != in->id.loc.begin) return;
                s.ty = resolve_type(in->type, m);
                // Two names for the one case record in one module: a new fact goes into its type.
                if (first_input != nullptr) {
                    auto& e = sink().error(code::E0405, in->id.loc,
                                           say(msg::nm_second_input, {in->id.text, first_input->id.text}),
                                           input_hint_text(prog.input != nullptr ? prog.input : s.ty));
                    e.labels.push_back({first_input->id.loc, say(msg::nm_case_record_read_here)});
                    return;
                }
                first_input = in;
                if (prog.input == nullptr) {
                    prog.input = s.ty;
                    prog.input_name = in->id.text;
                    input_loc = in->type.loc;
                } else if (s.ty != prog.input && s.ty->kind != ir::tkind::error &&
                           prog.input->kind != ir::tkind::error) {
                    auto& e = sink().error(code::E0405, in->type.loc,
                                           say(msg::nm_input_type_differs,
                                               {in->id.text, ir::describe(s.ty), ir::describe(prog.input)}),
                                           input_hint_text(prog.input));
                    e.labels.push_back({input_loc, say(msg::nm_case_record_read_here)});
                }
            }
        });
    }
    for (const auto& [x, m] : extensions) extend(*x, m);
    // Unused-name tracking starts after declarations.
    for (auto& ctx : modules) {
        for (auto& [n, s] : ctx.symbols) s.used = false;
    }
}


void checker::extend(const ast::record_decl& x, std::uint32_t m) {
    auto s = lookup_global(x.id.text, m, x.id.loc, false);
    if (!s || s->k != symbol::kind::record) {
        if (s && s->ty != nullptr && s->ty->kind == ir::tkind::error) return;
        sink().error(code::E0203, x.id.loc, say(!s ? msg::nm_unknown_record : msg::nm_not_a_record, {x.id.text}),
                     say(msg::nm_extend_record_hint));
        return;
    }
    note(x.id.loc, *s);
    auto* rec = const_cast<ir::record_type*>(s->ty->rec);
    std::map<std::string, span> here;
    for (const auto& f : x.fields) {
        if (const auto [it, fresh] = here.emplace(f.id.text, f.id.loc); !fresh) {
            sink()
                .error(code::E0202, f.id.loc, say(msg::nm_duplicate_field, {f.id.text}))
                .labels.push_back({it->second, say(msg::previously_declared_here)});
            continue;
        }
        const auto* ty = resolve_type(f.type, m);
        const int i = rec->find(f.id.text);
        if (i < 0) {
            rec->fields.push_back({f.id.text, ty, f.doc, f.id.loc, m, field_label(f)});
            continue;
        }
        // The same fact added by two modules is one field; the same name with two types is a clash.
        auto& old = rec->fields[static_cast<std::size_t>(i)];
        if (old.ty == ty || ty->kind == ir::tkind::error || old.ty == nullptr || old.ty->kind == ir::tkind::error) {
            if (old.doc.empty()) old.doc = f.doc;
            if (old.label.empty()) old.label = field_label(f);
            continue;
        }
        sink()
            .error(code::E0226, f.id.loc,
                   say(msg::nm_field_type_clash, {f.id.text, rec->name, ir::describe(old.ty), ir::describe(ty)}),
                   say(msg::nm_field_type_clash_hint))
            .labels.push_back({old.loc, say(msg::nm_declared_with_type, {ir::describe(old.ty)})});
    }
}

void checker::build_provisions() {
    for (std::uint32_t m = 0; m < modules.size(); ++m) {
        auto& ctx = modules[m];
        std::vector<const ir::provision*> chain;
        std::function<std::uint32_t(const ast::provision&, int, const std::string&)> walk =
            [&](const ast::provision& ap, int parent, const std::string& key_prefix) {
                const auto index = static_cast<std::uint32_t>(prog.provisions.size());
                ir::provision p;
                p.lvl = static_cast<ir::level>(ap.lvl);
                p.number = ap.number;
                p.title = ap.title;
                for (const auto& t : ap.texts) p.texts.push_back({t.value, t.paraphrase, t.loc});
                p.sources = ap.sources;
                for (const auto& f : ap.source_files) p.source_files.push_back(f.name);
                p.assumed = ap.assumed;
                p.number_assumed = ap.number_assumed;
                p.number_assumed_loc = ap.number_assumed_loc;
                p.parent = parent;
                p.module = m;
                p.loc = ap.loc;
                prog.provisions.push_back(std::move(p));
                chain.push_back(&prog.provisions.back());
                // Citations from the chain (rebuilt: the vector may have moved).
                std::vector<const ir::provision*> path;
                for (int i = static_cast<int>(index); i >= 0; i = prog.provisions[static_cast<std::size_t>(i)].parent) {
                    path.insert(path.begin(), &prog.provisions[static_cast<std::size_t>(i)]);
                }
                auto& self = prog.provisions[index];
                self.citation_vi = join_citation_vi(path);
                self.citation_en = join_citation_en(path);
                if (m != 0 && !ctx.syntax.citation.empty()) {
                    self.citation_vi += " " + ctx.syntax.citation;
                    self.citation_en += " " + ctx.syntax.citation;
                }
                chain.pop_back();
                const std::string key = key_prefix.empty() ? ap.number : key_prefix + "/" + ap.number;
                if (auto [it, fresh] = ctx.provision_index.emplace(key, index); !fresh) {
                    const msg what = ap.lvl == ast::level::article  ? msg::nm_duplicate_article
                                     : ap.lvl == ast::level::clause ? msg::nm_duplicate_clause
                                                                    : msg::nm_duplicate_point;
                    sink().error(code::E0211, ap.number_loc, say(what, {ap.number}))
                        .labels.push_back({prog.provisions[it->second].loc, say(msg::nm_first_declared_here)});
                }
                ctx.provision_of[&ap] = index;
                for (const auto& r : ap.rules) {
                    ir::rule ir;
                    ir.kind = static_cast<ir::rule_kind>(r.kind);
                    ir.provision = static_cast<int>(index);
                    ir.module = m;
                    ir.loc = r.loc;
                    ir.body = r.body;
                    ir.assumed = r.assumed;
                    if (r.priority) ir.priority = *r.priority;
                    prog.provisions[index].rules.push_back(static_cast<std::uint32_t>(prog.rules.size()));
                    prog.rules.push_back(std::move(ir));
                }
                for (const auto& c : ap.children) {
                    const auto ci = walk(c, static_cast<int>(index), key);
                    prog.provisions[index].children.push_back(ci);
                }
                return index;
            };
        for (const auto& a : ctx.syntax.articles) {
            const auto i = walk(a, -1, "");
            if (m == 0) prog.roots.push_back(i);
        }
        for (const auto& r : ctx.syntax.loose_rules) {
            ir::rule ir;
            ir.kind = static_cast<ir::rule_kind>(r.kind);
            ir.module = m;
            ir.loc = r.loc;
            ir.body = r.body;
            ir.assumed = r.assumed;
            prog.rules.push_back(std::move(ir));
        }
    }
}

}  // namespace decree::detail
