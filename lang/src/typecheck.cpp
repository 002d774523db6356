// Stage 4: names in expressions, types and units. Produces typed IR expressions directly
// (lowering of expressions), checks definitions on demand (which finds recursion), checks
// parameters, `set`, rules and exception links.
#include <algorithm>
#include <functional>

#include "checker.hpp"
#include "decree/lang/keywords.hpp"
#include "decree/lang/messages.hpp"
#include "suggest.hpp"

namespace decree::detail {

namespace {

using ir::tkind;

bool numeric(const ir::type* t) {
    return t->kind == tkind::integer || t->kind == tkind::decimal || t->kind == tkind::fraction;
}
bool is_error(const ir::type* t) { return t == nullptr || t->kind == tkind::error; }
int rank(const ir::type* t) { return t->kind == tkind::integer ? 0 : t->kind == tkind::decimal ? 1 : 2; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t prev = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cur = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
            prev = cur;
        }
    }
    return row[b.size()];
}

std::string closest(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const auto& c : candidates) {
        const auto d = edit_distance(name, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

struct typer {
    checker& ck;
    ir::program& prog;
    diagnostic_sink& sink;

    const ir::type* T(tkind k) const { return prog.types.builtin(k); }
    const ir::type* err() const { return T(tkind::error); }

    ir::expr node(ir::op k, const ir::type* ty, span loc) {
        ir::expr e;
        e.kind = k;
        e.ty = ty;
        e.loc = loc;
        return e;
    }
    ir::expr lit(ir::constant c, const ir::type* ty, span loc) {
        auto e = node(ir::op::literal, ty, loc);
        e.lit = std::move(c);
        return e;
    }
    ir::expr bad(span loc) { return lit(false, err(), loc); }

    // Two types that can meet (numbers join; `any` joins everything); nullptr when not.
    const ir::type* join(const ir::type* a, const ir::type* b) {
        if (is_error(a) || is_error(b)) return err();
        if (a == b) return a;
        if (numeric(a) && numeric(b)) return rank(a) >= rank(b) ? a : b;
        if (a->kind == tkind::any) return b;
        if (b->kind == tkind::any) return a;
        if ((a->kind == tkind::set || a->kind == tkind::list) && a->kind == b->kind) {
            const auto* e = join(a->elem, b->elem);
            if (e == nullptr) return nullptr;
            return a->kind == tkind::set ? prog.types.set_of(e) : prog.types.list_of(e);
        }
        return nullptr;
    }
    // [actual] may be used where [expected] is declared.
    bool fits(const ir::type* actual, const ir::type* expected) {
        if (is_error(actual) || is_error(expected)) return true;
        if (actual == expected) return true;
        if (numeric(actual) && numeric(expected)) return rank(actual) <= rank(expected);
        if ((actual->kind == tkind::set || actual->kind == tkind::list) && actual->kind == expected->kind) {
            return actual->elem->kind == tkind::any || fits(actual->elem, expected->elem);
        }
        return false;
    }
    // [what] has the type [got], not [expected]: [what] is a ty_what_* message.
    void mismatch(span loc, const text& what, const ir::type* expected, const ir::type* got) {
        // A number where a date or a duration is wanted: how those are written.
        const bool number = got != nullptr && (got->kind == ir::tkind::integer || got->kind == ir::tkind::decimal);
        const text hint = !number || expected == nullptr           ? text()
                          : expected->kind == ir::tkind::date     ? say(msg::ty_write_a_date)
                          : expected->kind == ir::tkind::duration ? say(msg::ty_write_a_duration)
                                                                  : text();
        sink.error(code::E0301, loc, say(msg::ty_has_type_expected, {what, ir::describe(got), ir::describe(expected)}), hint);
    }

    std::vector<std::string> visible_names(const scope& sc) {
        std::vector<std::string> out;
        for (const auto& l : sc.locals) out.push_back(l.name);
        for (const auto& [n, s] : ck.modules[sc.module].symbols) out.push_back(n);
        for (const auto m : ck.modules[sc.module].imports) {
            for (const auto& [n, s] : ck.modules[m].symbols) out.push_back(n);
        }
        for (const auto& [a, m] : ck.modules[sc.module].aliases) out.push_back(a);
        return out;
    }

    // A module alias named by [e] when it is a bare name not hidden by a local or global.
    std::optional<std::uint32_t> alias_of(const ast::expr& e, const scope& sc) {
        const auto* n = std::get_if<ast::name>(&e.kind);
        if (n == nullptr) return std::nullopt;
        for (const auto& l : sc.locals) {
            if (l.name == n->id.text) return std::nullopt;
        }
        if (ck.modules[sc.module].symbols.count(n->id.text) != 0) return std::nullopt;
        if (auto it = ck.modules[sc.module].aliases.find(n->id.text); it != ck.modules[sc.module].aliases.end()) {
            return it->second;
        }
        return std::nullopt;
    }

    ir::expr from_symbol(const symbol& s, const ast::ident& id, scope& sc) {
        ck.note(id.loc, s);
        switch (s.k) {
            case symbol::kind::param: {
                ck.check_parameter(s.index);
                auto& p = prog.params[s.index];
                ++p.uses;
                auto e = node(ir::op::param, p.ty != nullptr ? p.ty : err(), id.loc);
                e.index = s.index;
                return e;
            }
            case symbol::kind::def: {
                if (sc.constant) {
                    sink.error(code::E0307, id.loc, say(msg::ty_param_uses_definition, {id.text}),
                               say(msg::ty_params_are_constants));
                    return bad(id.loc);
                }
                auto& d = prog.defs[s.index];
                ++d.uses;
                if (d.callable) {
                    sink.error(code::E0311, id.loc, say(msg::ty_takes_arguments, {id.text}),
                               say(msg::ty_call_it_as, {id.text}));
                    return bad(id.loc);
                }
                ck.check_definition(s.index);
                auto e = node(ir::op::call, d.ty != nullptr ? d.ty : err(), id.loc);
                e.index = s.index;
                return e;
            }
            case symbol::kind::input:
                if (sc.constant) {
                    sink.error(code::E0307, id.loc, say(msg::ty_param_uses_case, {id.text}));
                    return bad(id.loc);
                }
                return node(ir::op::input, s.ty != nullptr ? s.ty : err(), id.loc);
            case symbol::kind::ambiguous: return bad(id.loc);
            default:
                sink.error(code::E0301, id.loc, say(msg::ty_type_or_code_not_value, {id.text}));
                return bad(id.loc);
        }
    }

    std::optional<ir::expr> enum_variant(const std::string& name, span loc, scope& sc) {
        std::vector<std::pair<const ir::enum_type*, int>> found;
        auto scan = [&](std::uint32_t m) {
            for (const auto& [n, s] : ck.modules[m].symbols) {
                if (s.k == symbol::kind::enumeration) {
                    if (const int i = s.ty->en->find(name); i >= 0) found.emplace_back(s.ty->en, i);
                }
            }
        };
        scan(sc.module);
        for (const auto m : ck.modules[sc.module].imports) scan(m);
        if (found.empty()) return std::nullopt;
        if (found.size() > 1) {
            sink.error(code::E0210, loc, say(msg::ty_value_of_several_enums, {name}),
                       say(msg::ty_qualify_it, {found[0].first->name, name}));
            return bad(loc);
        }
        ck.note(loc, symbol_kind::value, found[0].first, static_cast<std::uint32_t>(found[0].second));
        return lit(ir::enum_value{found[0].first, found[0].second}, prog.types.enumeration(found[0].first), loc);
    }

    ir::expr name(const ast::ident& id, scope& sc) {
        for (auto it = sc.locals.rbegin(); it != sc.locals.rend(); ++it) {
            if (it->name == id.text) {
                ck.note_local(id.loc, *it);
                auto e = node(ir::op::local, it->ty, id.loc);
                e.index = it->slot;
                return e;
            }
        }
        if (auto s = ck.lookup_global(id.text, sc.module, id.loc, true)) {
            if (s->k == symbol::kind::ambiguous) return bad(id.loc);
            return from_symbol(*s, id, sc);
        }
        if (ck.modules[sc.module].aliases.count(id.text) != 0) {
            sink.error(code::E0301, id.loc, say(msg::ty_module_not_value, {id.text}),
                       say(msg::ty_name_a_declaration, {id.text}));
            return bad(id.loc);
        }
        if (auto v = enum_variant(id.text, id.loc, sc)) return std::move(*v);
        for (const auto& b : ir::builtins()) {
            if (b.name == id.text) {
                sink.error(code::E0311, id.loc, say(msg::ty_is_a_function, {id.text}),
                           say(msg::ty_call_it_as, {id.text}));
                return bad(id.loc);
            }
        }
        const auto suggestion = sink.full() ? std::string() : closest(id.text, visible_names(sc));
        sink.error(code::E0201, id.loc, say(msg::ty_unknown_name, {id.text}),
                   suggestion.empty() ? say(msg::ty_declare_or_import) : say(msg::did_you_mean, {suggestion}));
        return bad(id.loc);
    }

    ir::expr field(const ast::expr& whole, const ast::field& f, scope& sc) {
        if (auto m = alias_of(*f.object, sc)) {
            ck.note(f.object->loc, symbol_kind::module, nullptr, *m);
            auto& target = ck.modules[*m];
            auto it = target.symbols.find(f.member.text);
            if (it == target.symbols.end()) {
                std::vector<std::string> names;
                if (!sink.full()) {
                    for (const auto& [n, s] : target.symbols) names.push_back(n);
                }
                const auto s = closest(f.member.text, names);
                sink.error(code::E0201, f.member.loc, say(msg::ty_module_declares_no, {target.path, f.member.text}),
                           s.empty() ? text{} : say(msg::did_you_mean, {s}));
                return bad(whole.loc);
            }
            it->second.used = true;
            auto e = from_symbol(it->second, f.member, sc);
            e.loc = whole.loc;
            return e;
        }
        if (const auto* n = std::get_if<ast::name>(&f.object->kind)) {
            auto s = ck.lookup_global(n->id.text, sc.module, n->id.loc, false);
            bool local = false;
            for (const auto& l : sc.locals) local = local || l.name == n->id.text;
            if (!local && s && s->k == symbol::kind::enumeration) {
                ck.note(n->id.loc, *s);
                const auto* en = s->ty->en;
                const int i = en->find(f.member.text);
                if (i < 0) {
                    std::string values;
                    for (const auto& v : en->variants) values += (values.empty() ? "`" : ", `") + v + "`";
                    sink.error(code::E0216, f.member.loc, say(msg::ty_enum_has_no_value, {en->name, f.member.text}),
                               say(msg::ty_its_values_are, {values}));
                    return bad(whole.loc);
                }
                ck.note(f.member.loc, symbol_kind::value, en, static_cast<std::uint32_t>(i));
                return lit(ir::enum_value{en, i}, s->ty, whole.loc);
            }
        }
        auto obj = check(*f.object, sc);
        if (is_error(obj.ty)) return bad(whole.loc);
        if (obj.ty->kind != tkind::record) {
            sink.error(code::E0304, f.member.loc,
                       say(msg::ty_field_of_non_record, {f.member.text, ir::describe(obj.ty)}));
            return bad(whole.loc);
        }
        const auto* rec = obj.ty->rec;
        const int i = rec->find(f.member.text);
        if (i < 0) {
            std::vector<std::string> names;
            if (!sink.full()) {
                for (const auto& fd : rec->fields) names.push_back(fd.name);
            }
            const auto s = closest(f.member.text, names);
            sink.error(code::E0204, f.member.loc, say(msg::ty_record_has_no_field, {rec->name, f.member.text}),
                       s.empty() ? say(msg::ty_schema_lists_fields) : say(msg::did_you_mean, {s}));
            return bad(whole.loc);
        }
        ck.note(f.member.loc, symbol_kind::field, rec, static_cast<std::uint32_t>(i));
        auto e = node(ir::op::field, rec->fields[static_cast<std::size_t>(i)].ty, whole.loc);
        if (e.ty == nullptr) e.ty = err();
        e.index = static_cast<std::uint32_t>(i);
        e.args.push_back(std::move(obj));
        return e;
    }

    ir::expr builtin_call(const ir::builtin_info& b, const ast::expr& whole, const ast::call& c, scope& sc) {
        ck.note(c.callee->loc, symbol_kind::builtin, nullptr, static_cast<std::uint32_t>(b.id));
        if (b.stdlib_only && !ck.modules[sc.module].is_stdlib) {
            sink.error(code::E0212, c.callee->loc, say(msg::ty_native_primitive, {b.name}));
            return bad(whole.loc);
        }
        if (static_cast<int>(c.args.size()) != b.arity) {
            sink.error(code::E0303, whole.loc, say(msg::ty_argument_count, {b.name, b.arity, c.args.size()}));
            return bad(whole.loc);
        }
        auto e = node(ir::op::builtin, err(), whole.loc);
        e.index = static_cast<std::uint32_t>(b.id);
        for (const auto& a : c.args) e.args.push_back(check(*a, sc));
        for (const auto& a : e.args) {
            if (is_error(a.ty)) return e;
        }
        // [what]: a ty_want_* message.
        auto want = [&](std::size_t i, bool ok, msg what) {
            if (!ok) {
                sink.error(code::E0301, e.args[i].loc,
                           say(msg::ty_argument_of_has_type, {b.name, ir::describe(e.args[i].ty), say(what)}));
            }
            return ok;
        };
        auto want_type = [&](std::size_t i, bool ok, tkind expected) {
            if (!ok) {
                sink.error(code::E0301, e.args[i].loc,
                           say(msg::ty_argument_of_has_type,
                               {b.name, ir::describe(e.args[i].ty), say(msg::ty_want_type, {ir::describe(T(expected))})}));
            }
            return ok;
        };
        switch (b.id) {
            case ir::builtin_fn::known: e.ty = T(tkind::bool_); break;
            case ir::builtin_fn::min:
            case ir::builtin_fn::max: {
                const auto* j = join(e.args[0].ty, e.args[1].ty);
                if (j == nullptr || !(numeric(j) || j->kind == tkind::money || j->kind == tkind::date ||
                                      j->kind == tkind::duration)) {
                    sink.error(code::E0306, whole.loc,
                               say(msg::ty_cannot_take_min_max,
                                   {b.name, ir::describe(e.args[0].ty), ir::describe(e.args[1].ty)}));
                } else {
                    e.ty = j;
                }
                break;
            }
            case ir::builtin_fn::round_down:
            case ir::builtin_fn::round_up:
            case ir::builtin_fn::round_half_up:
                if (want(0, numeric(e.args[0].ty) || e.args[0].ty->kind == tkind::money, msg::ty_want_number_or_money)) {
                    e.ty = e.args[0].ty->kind == tkind::money ? T(tkind::money) : T(tkind::integer);
                }
                break;
            case ir::builtin_fn::time_held: {
                const auto* l = e.args[0].ty;
                const bool periods = l->kind == tkind::list && l->elem->kind == tkind::record &&
                                     l->elem->rec->find("from") >= 0 && l->elem->rec->find("to") >= 0 &&
                                     l->elem->rec->fields[static_cast<std::size_t>(l->elem->rec->find("from"))].ty->kind == tkind::date &&
                                     l->elem->rec->fields[static_cast<std::size_t>(l->elem->rec->find("to"))].ty->kind == tkind::date;
                if (want(0, periods, msg::ty_want_periods) &&
                    want_type(1, e.args[1].ty->kind == tkind::date, tkind::date)) {
                    e.ty = T(tkind::duration);
                }
                break;
            }
            case ir::builtin_fn::quarter_run: {
                // quarters: a list of records with integer `year` and `quarter` and an enumeration
                // `grade`; counted and skipped: sets of that enumeration (or empty sets).
                const auto* l = e.args[0].ty;
                const ir::record_type* q = l->kind == tkind::list && l->elem->kind == tkind::record ? l->elem->rec : nullptr;
                auto field_kind = [&](std::string_view n) {
                    const int i = q == nullptr ? -1 : q->find(n);
                    return i < 0 ? nullptr : q->fields[static_cast<std::size_t>(i)].ty;
                };
                const auto* grade = field_kind("grade");
                const bool quarters = field_kind("year") != nullptr && field_kind("year")->kind == tkind::integer &&
                                      field_kind("quarter") != nullptr && field_kind("quarter")->kind == tkind::integer &&
                                      grade != nullptr && grade->kind == tkind::enumeration;
                auto grades = [&](std::size_t i) {
                    const auto* t = e.args[i].ty;
                    return t->kind == tkind::set && (t->elem->kind == tkind::any || (grade != nullptr && t->elem == grade));
                };
                if (want(0, quarters, msg::ty_want_quarters) &&
                    want_type(1, e.args[1].ty->kind == tkind::integer, tkind::integer) &&
                    want(2, grades(2), msg::ty_want_grades) && want(3, grades(3), msg::ty_want_grades)) {
                    e.ty = T(tkind::integer);
                }
                break;
            }
            case ir::builtin_fn::length:
                if (want(0, e.args[0].ty->kind == tkind::list || e.args[0].ty->kind == tkind::set, msg::ty_want_list)) {
                    e.ty = T(tkind::integer);
                }
                break;
            default: {
                // Typed by its signature (builtins.def): each argument of its type, the result of its.
                std::vector<tkind> params;
                tkind result = tkind::error;
                if (!signature_types(b.signature, params, result) || params.size() != e.args.size()) break;
                bool ok = true;
                for (std::size_t i = 0; i < params.size() && ok; ++i) {
                    ok = want_type(i, e.args[i].ty->kind == params[i], params[i]);
                }
                if (ok) e.ty = T(result);
                break;
            }
        }
        return e;
    }

    // The types of a signature whose arguments and result are all typed ("between(a : date,
    // b : date) : duration"); false for one typed by a rule of its own ("min(a, b)").
    static bool signature_types(std::string_view sig, std::vector<tkind>& params, tkind& result) {
        static const std::pair<std::string_view, tkind> names[] = {
            {"bool", tkind::bool_},       {"integer", tkind::integer},   {"decimal", tkind::decimal},
            {"fraction", tkind::fraction}, {"money", tkind::money},       {"date", tkind::date},
            {"duration", tkind::duration}, {"string", tkind::string},     {"law article", tkind::law_article},
        };
        auto kind = [&](std::string_view t, tkind& out) {
            while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
            while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
            for (const auto& [n, k] : names) {
                if (n == t) {
                    out = k;
                    return true;
                }
            }
            return false;
        };
        const auto open = sig.find('('), close = sig.rfind(')');
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
        const auto tail = sig.substr(close + 1);
        const auto colon = tail.find(':');
        if (colon == std::string_view::npos || !kind(tail.substr(colon + 1), result)) return false;
        auto list = sig.substr(open + 1, close - open - 1);
        while (!list.empty()) {
            const auto comma = list.find(',');
            const auto param = list.substr(0, comma);
            const auto c = param.find(':');
            tkind k = tkind::error;
            if (c == std::string_view::npos || !kind(param.substr(c + 1), k)) return false;
            params.push_back(k);
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        }
        return true;
    }

    ir::expr call(const ast::expr& whole, const ast::call& c, scope& sc) {
        const ast::ident* callee = nullptr;
        std::uint32_t module = sc.module;
        if (const auto* n = std::get_if<ast::name>(&c.callee->kind)) {
            callee = &n->id;
            for (const auto& b : ir::builtins()) {
                if (b.name == n->id.text && ck.lookup_global(n->id.text, sc.module, n->id.loc, false) == std::nullopt) {
                    return builtin_call(b, whole, c, sc);
                }
            }
        } else if (const auto* f = std::get_if<ast::field>(&c.callee->kind)) {
            if (auto m = alias_of(*f->object, sc)) {
                ck.note(f->object->loc, symbol_kind::module, nullptr, *m);
                callee = &f->member;
                module = *m;
            }
        }
        if (callee == nullptr) {
            sink.error(code::E0308, c.callee->loc, say(msg::ty_only_definitions_called));
            return bad(whole.loc);
        }
        std::optional<symbol> s;
        if (module == sc.module) {
            s = ck.lookup_global(callee->text, module, callee->loc, true);
        } else if (auto it = ck.modules[module].symbols.find(callee->text); it != ck.modules[module].symbols.end()) {
            it->second.used = true;
            s = it->second;
        }
        if (!s) return name(*callee, sc);  // reports the unknown name
        ck.note(callee->loc, *s);
        if (s->k != symbol::kind::def || !prog.defs[s->index].callable) {
            sink.error(code::E0308, callee->loc, say(msg::ty_not_a_function, {callee->text}),
                       say(msg::ty_only_definitions_with_arguments));
            return bad(whole.loc);
        }
        if (sc.constant) {
            sink.error(code::E0307, callee->loc, say(msg::ty_param_calls, {callee->text}));
            return bad(whole.loc);
        }
        auto& d = prog.defs[s->index];
        ++d.uses;
        ck.check_definition(s->index);
        auto e = node(ir::op::call, d.ty != nullptr ? d.ty : err(), whole.loc);
        e.index = s->index;
        for (const auto& a : c.args) e.args.push_back(check(*a, sc));
        if (e.args.size() != d.args.size()) {
            sink.error(code::E0303, whole.loc,
                       say(msg::ty_argument_count, {callee->text, d.args.size(), e.args.size()}));
            return e;
        }
        for (std::size_t i = 0; i < e.args.size(); ++i) {
            if (!fits(e.args[i].ty, d.args[i].second)) {
                mismatch(e.args[i].loc, say(msg::ty_what_argument, {d.args[i].first}), d.args[i].second, e.args[i].ty);
            }
        }
        return e;
    }

    // A date plus or minus a duration, both constant, that leaves the calendar or falls on a day
    // that does not exist without a rounding policy: reported when the decree is checked rather
    // than for every case.
    void constant_date_arithmetic(bool add_op, const ir::expr& l, const ir::expr& r, span loc) {
        const auto a = fold(l, prog), b = fold(r, prog);
        if (!a || !b) return;
        const auto* d = std::get_if<date>(&*a);
        const auto* by = std::get_if<duration>(&*b);
        if (d == nullptr) {  // duration + date
            d = std::get_if<date>(&*b);
            by = std::get_if<duration>(&*a);
        }
        if (d == nullptr || by == nullptr) return;
        const duration step = add_op ? *by : duration{-by->months, -by->days};
        if (add(*d, step, prog.rounding)) return;
        const std::string what = d->iso() + (add_op ? " + " : " - ") + by->literal();
        if (!add(*d, step, date_rounding::down)) {
            sink.error(code::E0401, loc, say(msg::ty_outside_calendar, {what}), say(msg::ty_calendar_range));
        } else {
            sink.error(code::E0501, loc, say(msg::ty_day_does_not_exist, {what}), say(msg::ty_declare_rounding));
        }
    }

    ir::expr arithmetic(const ast::binary& b, span loc, ir::expr l, ir::expr r) {
        using bo = ast::binary_op;
        const auto *lt = l.ty, *rt = r.ty;
        const ir::op k = b.op == bo::add ? ir::op::add : b.op == bo::sub ? ir::op::sub
                         : b.op == bo::div ? ir::op::div : ir::op::mul;
        auto e = node(k, err(), loc);
        const bool fine = is_error(lt) || is_error(rt);
        const auto lk = lt->kind, rk = rt->kind;
        const ir::type* result = nullptr;
        if (fine) {
            result = err();
        } else if (b.op == bo::of) {
            if (numeric(lt) && (rk == tkind::duration || rk == tkind::money || numeric(rt))) {
                result = numeric(rt) ? join(T(tkind::fraction), rt) : rt;
            }
        } else if (numeric(lt) && numeric(rt)) {
            result = b.op == bo::div ? (lk == tkind::decimal || rk == tkind::decimal) && rank(lt) + rank(rt) < 3
                                            ? T(tkind::decimal) : T(tkind::fraction)
                                     : join(lt, rt);
            if (b.op == bo::div && lk == tkind::integer && rk == tkind::integer) result = T(tkind::fraction);
        } else if (b.op == bo::add || b.op == bo::sub) {
            if (lk == rk && (lk == tkind::money || lk == tkind::duration)) result = lt;
            if (lk == tkind::date && rk == tkind::duration) result = lt;
            if (b.op == bo::add && lk == tkind::duration && rk == tkind::date) result = rt;
            if (b.op == bo::sub && lk == tkind::date && rk == tkind::date) result = T(tkind::duration);
        } else if (b.op == bo::mul) {
            if (numeric(lt) && (rk == tkind::money || rk == tkind::duration)) result = rt;
            if (numeric(rt) && (lk == tkind::money || lk == tkind::duration)) result = lt;
        } else if (b.op == bo::div) {
            if ((lk == tkind::money || lk == tkind::duration) && numeric(rt)) result = lt;
            if (lk == rk && (lk == tkind::money || lk == tkind::duration)) result = T(tkind::fraction);
        }
        if (result == nullptr) {
            const auto l_name = ir::describe(lt), r_name = ir::describe(rt);
            const text what = b.op == bo::add   ? say(msg::ty_cannot_add, {l_name, r_name})
                              : b.op == bo::sub ? say(msg::ty_cannot_subtract, {r_name, l_name})
                              : b.op == bo::of  ? say(msg::ty_cannot_take_of, {l_name, r_name})
                              : b.op == bo::mul ? say(msg::ty_cannot_multiply, {l_name, r_name})
                                                : say(msg::ty_cannot_divide, {l_name, r_name});
            sink.error(code::E0302, b.op_loc, what, say(msg::ty_units_must_agree));
            result = err();
        }
        if (b.op == bo::div && !is_error(result) && r.kind == ir::op::literal) {
            if (const auto* z = std::get_if<big_int>(&r.lit); z != nullptr && *z == 0) {
                sink.error(code::E0312, r.loc, say(msg::ty_division_by_zero));
            }
        }
        if ((b.op == bo::add || b.op == bo::sub) && !is_error(result) && result->kind == tkind::date) {
            constant_date_arithmetic(b.op == bo::add, l, r, loc);
        }
        e.ty = result;
        e.args.push_back(std::move(l));
        e.args.push_back(std::move(r));
        return e;
    }

    static bool ordered(const ir::type* t) {
        return numeric(t) || t->kind == tkind::money || t->kind == tkind::date || t->kind == tkind::duration ||
               t->kind == tkind::law_article || t->kind == tkind::string;
    }

    ir::expr binary(const ast::expr& whole, const ast::binary& b, scope& sc) {
        using bo = ast::binary_op;
        if (b.op == bo::and_ || b.op == bo::or_) {
            auto e = node(b.op == bo::and_ ? ir::op::and_ : ir::op::or_, T(tkind::bool_), whole.loc);
            const auto operand = say(b.op == bo::and_ ? msg::ty_what_operand_of_and : msg::ty_what_operand_of_or);
            e.args.push_back(check_bool(*b.lhs, sc, operand));
            e.args.push_back(check_bool(*b.rhs, sc, operand));
            return e;
        }
        auto l = check(*b.lhs, sc);
        auto r = check(*b.rhs, sc);
        switch (b.op) {
            case bo::add: case bo::sub: case bo::mul: case bo::div: case bo::of:
                return arithmetic(b, whole.loc, std::move(l), std::move(r));
            case bo::in: case bo::not_in: {
                auto e = node(b.op == bo::in ? ir::op::in : ir::op::not_in, T(tkind::bool_), whole.loc);
                if (!is_error(l.ty) && !is_error(r.ty)) {
                    const bool container = r.ty->kind == tkind::set || r.ty->kind == tkind::list;
                    if (!container || join(l.ty, r.ty->elem) == nullptr) {
                        sink.error(code::E0309, b.op_loc,
                                   say(msg::ty_cannot_test_in, {ir::describe(l.ty), ir::describe(r.ty)}),
                                   say(msg::ty_right_side_container, {ir::describe(l.ty)}));
                    }
                }
                e.args.push_back(std::move(l));
                e.args.push_back(std::move(r));
                return e;
            }
            default: break;
        }
        static const std::map<bo, ir::op> ops = {{bo::eq, ir::op::eq}, {bo::ne, ir::op::ne}, {bo::lt, ir::op::lt},
                                                 {bo::le, ir::op::le}, {bo::gt, ir::op::gt}, {bo::ge, ir::op::ge}};
        auto e = node(ops.at(b.op), T(tkind::bool_), whole.loc);
        if (!is_error(l.ty) && !is_error(r.ty)) {
            const auto* j = join(l.ty, r.ty);
            const bool equality = b.op == bo::eq || b.op == bo::ne;
            // Sets compare for equality when their elements are plain values.
            const auto plain = [](const ir::type* t) {
                return t->kind != tkind::record && t->kind != tkind::list && t->kind != tkind::set;
            };
            const bool ok = j != nullptr && (equality ? plain(j) || (j->kind == tkind::set && plain(j->elem))
                                                      : ordered(j));
            if (!ok) {
                sink.error(code::E0306, b.op_loc, say(msg::ty_cannot_compare, {ir::describe(l.ty), ir::describe(r.ty)}),
                           say(j == nullptr ? msg::ty_same_type_both_sides : msg::ty_ordered_types));
            }
        }
        e.args.push_back(std::move(l));
        e.args.push_back(std::move(r));
        return e;
    }

    ir::expr quantified(const ast::expr& whole, const ast::quantified& q, scope& sc) {
        static const ir::op ops[] = {ir::op::any, ir::op::all, ir::op::count, ir::op::sum, ir::op::greatest, ir::op::smallest};
        auto e = node(ops[static_cast<int>(q.kind)], err(), whole.loc);
        auto list = check(*q.list, sc);
        const ir::type* elem = err();
        if (!is_error(list.ty)) {
            if (list.ty->kind == tkind::list || list.ty->kind == tkind::set) {
                elem = list.ty->elem;
            } else {
                sink.error(code::E0305, q.list->loc, say(msg::ty_cannot_range_over, {ir::describe(list.ty)}));
            }
        }
        shadow_check(q.var, sc);
        const auto slot = sc.next_slot++;
        sc.max_slot = std::max(sc.max_slot, sc.next_slot);
        sc.locals.push_back({q.var.text, elem, slot, q.var.loc});
        ck.note_local_decl(q.var, elem, whole.loc, false);
        e.index = slot;
        e.args.push_back(std::move(list));
        if (q.kind == ast::quantifier::greatest || q.kind == ast::quantifier::smallest) {
            if (!q.body) {
                sink.error(code::E0106, whole.loc, say(msg::ty_quantifier_needs_value), say(msg::ty_example_greatest));
            } else {
                auto body = check(*q.body, sc);
                const auto* t = body.ty;
                if (!is_error(t) && !ordered(t)) {
                    sink.error(code::E0306, q.body->loc, say(msg::ty_not_ordered, {ir::describe(t)}),
                               say(msg::ty_greatest_compares));
                    t = err();
                }
                e.ty = t;
                e.args.push_back(std::move(body));
            }
        } else if (q.kind == ast::quantifier::sum) {
            if (!q.body) {
                sink.error(code::E0106, whole.loc, say(msg::ty_sum_needs_value), say(msg::ty_example_sum));
            } else {
                auto body = check(*q.body, sc);
                const auto* t = body.ty;
                if (!is_error(t) && !(numeric(t) || t->kind == tkind::money || t->kind == tkind::duration)) {
                    sink.error(code::E0301, q.body->loc, say(msg::ty_cannot_sum, {ir::describe(t)}),
                               say(msg::ty_sum_adds));
                    t = err();
                }
                e.ty = t;
                e.args.push_back(std::move(body));
            }
        } else {
            if (q.body) {
                e.args.push_back(check_bool(*q.body, sc, say(msg::ty_what_quantifier_condition)));
            } else if (q.kind != ast::quantifier::count) {
                sink.error(code::E0106, whole.loc, say(msg::ty_quantifier_needs_condition));
            }
            e.ty = q.kind == ast::quantifier::count ? T(tkind::integer) : T(tkind::bool_);
        }
        sc.locals.pop_back();
        --sc.next_slot;
        return e;
    }

    void shadow_check(const ast::ident& id, scope& sc) {
        if (!ck.options.lints) return;
        bool hides = ck.lookup_global(id.text, sc.module, id.loc, false).has_value();
        for (const auto& l : sc.locals) hides = hides || l.name == id.text;
        if (hides) {
            sink.warning(code::W0106, id.loc, say(msg::ty_hides_declaration, {id.text}), say(msg::ty_rename_variable));
        }
    }

    ir::expr set_literal(const ast::expr& whole, const ast::set_lit& s, scope& sc) {
        auto e = node(ir::op::set, err(), whole.loc);
        const ir::type* elem = T(tkind::any);
        for (const auto& el : s.elems) {
            auto lo = check(*el.lo, sc);
            const ir::type* t = lo.ty;
            if (lo.kind == ir::op::range) {
                t = lo.ty->elem;
                e.args.push_back(std::move(lo));
            } else if (el.hi) {
                auto hi = check(*el.hi, sc);
                if (!is_error(lo.ty) && lo.ty->kind != tkind::integer) {
                    sink.error(code::E0310, lo.loc, say(msg::ty_ranges_of_integers, {ir::describe(lo.ty)}),
                               say(msg::ty_law_article_ranges));
                }
                if (!is_error(hi.ty) && hi.ty->kind != tkind::integer) {
                    sink.error(code::E0310, hi.loc, say(msg::ty_ranges_of_integers, {ir::describe(hi.ty)}));
                }
                auto r = node(ir::op::range, prog.types.set_of(T(tkind::integer)), lo.loc);
                r.loc.end = hi.loc.end;
                r.args.push_back(std::move(lo));
                r.args.push_back(std::move(hi));
                e.args.push_back(std::move(r));
            } else {
                e.args.push_back(std::move(lo));
            }
            const auto* j = join(elem, t);
            if (j == nullptr) {
                sink.error(code::E0310, el.lo->loc, say(msg::ty_mixed_set, {ir::describe(t), ir::describe(elem)}));
            } else {
                elem = j;
            }
        }
        e.ty = prog.types.set_of(elem);
        return e;
    }

    // [what]: a ty_what_* message.
    ir::expr check_bool(const ast::expr& x, scope& sc, const text& what) {
        auto e = check(x, sc);
        if (!is_error(e.ty) && e.ty->kind != tkind::bool_) {
            sink.error(code::E0301, x.loc,
                       say(msg::ty_has_type_expected, {what, ir::describe(e.ty), ir::describe(T(tkind::bool_))}),
                       say(msg::ty_condition_is_true_or_false));
        }
        return e;
    }

    ir::expr check(const ast::expr& x, scope& sc) {
        // Definitions used before they are declared are checked inside the expression that uses
        // them: the nesting of all of them together is bounded, not only each one's.
        struct depth_guard {
            std::size_t& d;
            ~depth_guard() { --d; }
        } guard{++ck.expr_depth};
        if (ck.expr_depth > max_nesting) {
            if (!ck.nesting_reported) {
                ck.nesting_reported = true;
                sink.error(code::E0221, x.loc, say(msg::ty_expression_too_deep), say(msg::ty_declare_before_use));
            }
            return bad(x.loc);
        }
        return std::visit(
            [&](const auto& k) -> ir::expr {
                using K = std::decay_t<decltype(k)>;
                if constexpr (std::is_same_v<K, ast::bool_lit>) {
                    return lit(k.value, T(tkind::bool_), x.loc);
                } else if constexpr (std::is_same_v<K, ast::int_lit>) {
                    return lit(k.value, T(tkind::integer), x.loc);
                } else if constexpr (std::is_same_v<K, ast::decimal_lit>) {
                    return lit(k.value, T(tkind::decimal), x.loc);
                } else if constexpr (std::is_same_v<K, ast::money_lit>) {
                    return lit(rational(k.value), T(tkind::money), x.loc);
                } else if constexpr (std::is_same_v<K, ast::date_lit>) {
                    return lit(k.value, T(tkind::date), x.loc);
                } else if constexpr (std::is_same_v<K, ast::duration_lit>) {
                    return lit(k.value, T(tkind::duration), x.loc);
                } else if constexpr (std::is_same_v<K, ast::string_lit>) {
                    return lit(k.value, T(tkind::string), x.loc);
                } else if constexpr (std::is_same_v<K, ast::law_ref_lit>) {
                    return law_ref(x, k, sc);
                } else if constexpr (std::is_same_v<K, ast::name>) {
                    return name(k.id, sc);
                } else if constexpr (std::is_same_v<K, ast::field>) {
                    return field(x, k, sc);
                } else if constexpr (std::is_same_v<K, ast::call>) {
                    return call(x, k, sc);
                } else if constexpr (std::is_same_v<K, ast::unary>) {
                    return unary(x, k, sc);
                } else if constexpr (std::is_same_v<K, ast::binary>) {
                    return binary(x, k, sc);
                } else if constexpr (std::is_same_v<K, ast::conditional>) {
                    auto e = node(ir::op::if_, err(), x.loc);
                    e.args.push_back(check_bool(*k.cond, sc, say(msg::ty_what_condition_of_if)));
                    e.args.push_back(check(*k.then_, sc));
                    e.args.push_back(check(*k.else_, sc));
                    const auto* j = join(e.args[1].ty, e.args[2].ty);
                    if (j == nullptr) {
                        sink.error(code::E0301, k.else_->loc,
                                   say(msg::ty_if_branches, {ir::describe(e.args[1].ty), ir::describe(e.args[2].ty)}),
                                   say(msg::ty_branches_same_type));
                        j = err();
                    }
                    e.ty = j;
                    return e;
                } else if constexpr (std::is_same_v<K, ast::quantified>) {
                    return quantified(x, k, sc);
                } else {
                    return set_literal(x, k, sc);
                }
            },
            x.kind);
    }

    ir::expr unary(const ast::expr& whole, const ast::unary& u, scope& sc) {
        if (u.op == ast::unary_op::not_) {
            auto e = node(ir::op::not_, T(tkind::bool_), whole.loc);
            e.args.push_back(check_bool(*u.operand, sc, say(msg::ty_what_operand_of_not)));
            return e;
        }
        auto inner = check(*u.operand, sc);
        auto e = node(ir::op::neg, inner.ty, whole.loc);
        if (!is_error(inner.ty) && !numeric(inner.ty) && inner.ty->kind != tkind::money &&
            inner.ty->kind != tkind::duration) {
            sink.error(code::E0302, whole.loc, say(msg::ty_cannot_negate, {ir::describe(inner.ty)}));
            e.ty = err();
        }
        e.args.push_back(std::move(inner));
        return e;
    }

    ir::expr law_ref(const ast::expr& whole, const ast::law_ref_lit& r, scope& sc) {
        auto s = ck.lookup_global(r.code.text, sc.module, r.code.loc, true);
        if (!s || s->k != symbol::kind::code) {
            std::vector<std::string> codes;
            if (!sink.full()) {
                for (const auto& c : prog.codes) codes.push_back(c.name);
            }
            const auto sug = closest(r.code.text, codes);
            sink.error(code::E0213, r.code.loc, say(msg::ty_unknown_code, {r.code.text}),
                       sug.empty() ? say(msg::ty_declare_code) : say(msg::did_you_mean, {sug}));
            return bad(whole.loc);
        }
        ck.note(r.code.loc, *s);
        const auto& key = prog.codes[s->index].key;
        auto first = lit(ir::law_article{key, r.first}, T(tkind::law_article), whole.loc);
        if (!r.last) return first;
        auto range = node(ir::op::range, prog.types.set_of(T(tkind::law_article)), whole.loc);
        range.args.push_back(std::move(first));
        range.args.push_back(lit(ir::law_article{key, *r.last}, T(tkind::law_article), whole.loc));
        return range;
    }
};

// A decree reads one case record; a module that needs more facts adds them to its type.
text checker::input_hint_text(const ir::type* read) {
    if (read != nullptr && read->kind == ir::tkind::record) return say(msg::ty_input_hint_extend, {read->rec->name});
    return say(msg::ty_input_hint_declare);
}

ir::expr checker::check_expr(const ast::expr& e, scope& sc) {
    typer t{*this, prog, sink()};
    return t.check(e, sc);
}

ir::expr checker::check_bool(const ast::expr& e, scope& sc, const text& what) {
    typer t{*this, prog, sink()};
    return t.check_bool(e, sc, what);
}

namespace {

// "`a` -> `b` -> `a`": the names on [stack] from [index] on, back to [index].
template <typename Name>
std::string cycle_text(const std::vector<std::uint32_t>& stack, std::uint32_t index, const Name& name) {
    std::string out;
    for (auto it = std::find(stack.begin(), stack.end(), index); it != stack.end(); ++it) out += "`" + name(*it) + "` -> ";
    return out + "`" + name(index) + "`";
}

}  // namespace

bool checker::too_deep(span where, const std::string& name) {
    const auto depth = def_stack.size() + param_stack.size();
    if (depth < max_check_nesting) return false;
    if (!nesting_reported) {
        nesting_reported = true;
        // Definitions may use parameters, not the other way: a mixed chain starts with a definition.
        const std::string first =
            !def_stack.empty() ? prog.defs[def_stack.front()].name : prog.params[param_stack.front()].name;
        sink().error(code::E0221, where, say(msg::ty_chain_too_deep, {first, name, depth, max_check_nesting}),
                     say(msg::ty_declare_before_use_params));
    }
    return true;
}

void checker::check_definition(std::uint32_t index) {
    if (def_state[index] == 2) return;
    auto& d = prog.defs[index];
    const auto& syntax = *def_syntax[index];
    if (def_state[index] == 1) {
        const auto cycle = cycle_text(def_stack, index, [&](std::uint32_t i) { return prog.defs[i].name; });
        sink().error(code::E0209, syntax.id.loc, say(msg::ty_recursive_definition, {cycle}), say(msg::ty_no_self_use));
        if (d.ty == nullptr) d.ty = prog.types.builtin(ir::tkind::error);
        return;
    }
    if (too_deep(syntax.id.loc, d.name)) {  // not checked here: the stack is not unbounded
        if (d.ty == nullptr) d.ty = prog.types.builtin(ir::tkind::error);
        return;
    }
    def_state[index] = 1;
    def_stack.push_back(index);
    scope sc;
    sc.module = d.module;
    typer shadow{*this, prog, sink()};
    for (const auto& a : syntax.args) {
        shadow.shadow_check(a.id, sc);
        const auto* t = resolve_type(a.type, d.module);
        d.args.emplace_back(a.id.text, t);
        sc.locals.push_back({a.id.text, t, sc.next_slot++, a.id.loc});
        note_local_decl(a.id, t, syntax.loc, true);
    }
    sc.max_slot = sc.next_slot;
    const ir::type* declared = syntax.type ? resolve_type(*syntax.type, d.module) : nullptr;
    if (declared != nullptr) d.ty = declared;  // lets recursive uses report once
    d.body = check_expr(*syntax.body, sc);
    typer t{*this, prog, sink()};
    if (declared != nullptr && !t.fits(d.body.ty, declared)) {
        t.mismatch(syntax.body->loc, say(msg::ty_what_value_of, {d.name}), declared, d.body.ty);
    }
    d.ty = declared != nullptr ? declared : d.body.ty;
    d.frame_size = sc.max_slot;
    def_stack.pop_back();
    def_state[index] = 2;
}

void checker::check_parameter(std::uint32_t index) {
    if (param_state[index] == 2) return;
    auto& p = prog.params[index];
    const auto& syntax = *param_syntax[index];
    if (param_state[index] == 1) {  // its value uses itself, through other parameters
        const auto cycle = cycle_text(param_stack, index, [&](std::uint32_t i) { return prog.params[i].name; });
        sink().error(code::E0209, syntax.id.loc, say(msg::ty_parameters_by_each_other, {cycle}),
                     say(msg::ty_parameter_no_self_use));
        if (p.ty == nullptr) p.ty = prog.types.builtin(ir::tkind::error);
        return;
    }
    if (too_deep(syntax.id.loc, p.name)) {
        if (p.ty == nullptr) p.ty = prog.types.builtin(ir::tkind::error);
        return;
    }
    param_state[index] = 1;
    param_stack.push_back(index);
    scope sc;
    sc.module = p.module;
    sc.constant = true;
    typer t{*this, prog, sink()};
    const ir::type* declared = syntax.type ? resolve_type(*syntax.type, p.module) : nullptr;
    p.ty = declared;
    if (syntax.value) {
        p.value = check_expr(*syntax.value, sc);
        if (declared != nullptr && !t.fits(p.value->ty, declared)) {
            t.mismatch(syntax.value->loc, say(msg::ty_what_value_of, {p.name}), declared, p.value->ty);
        }
        if (declared == nullptr) p.ty = p.value->ty;
    } else if (declared == nullptr) {
        sink().error(code::E0111, syntax.id.loc, say(msg::ty_parameter_untyped, {p.name}),
                     say(msg::ty_abstract_parameter_type, {p.name}));
        p.ty = prog.types.builtin(ir::tkind::error);
    }
    auto bound = [&](const ast::expr_ptr& b, std::optional<ir::expr>& out) {
        if (!b) return;
        out = check_expr(*b, sc);
        if (p.ty != nullptr && !t.fits(out->ty, p.ty) && !t.fits(p.ty, out->ty)) {
            t.mismatch(b->loc, say(msg::ty_what_bound_of, {p.name}), p.ty, out->ty);
        }
    };
    bound(syntax.at_least, p.at_least);
    bound(syntax.at_most, p.at_most);
    param_stack.pop_back();
    param_state[index] = 2;
}

void checker::check_evaluation_nesting() {
    // Depth of evaluating each definition (kind 0) and parameter (kind 1), after those it uses.
    struct item {
        int k;
        std::uint32_t i;
    };
    std::vector<std::size_t> depth[2] = {std::vector<std::size_t>(prog.defs.size(), 0),
                                         std::vector<std::size_t>(prog.params.size(), 0)};
    std::vector<std::uint8_t> state[2] = {std::vector<std::uint8_t>(prog.defs.size(), 0),
                                          std::vector<std::uint8_t>(prog.params.size(), 0)};
    auto root_of = [&](item x) -> const ir::expr* {
        if (x.k == 0) return &prog.defs[x.i].body;
        return prog.params[x.i].value ? &*prog.params[x.i].value : nullptr;
    };
    // The depth of evaluating [e] when what it uses is known (0 for what is not, on a cycle).
    auto measure = [&](const ir::expr* e) {
        std::size_t most = 0;
        if (e == nullptr) return most;
        std::vector<std::pair<const ir::expr*, std::size_t>> todo{{e, 1}};
        while (!todo.empty()) {
            const auto [x, d] = todo.back();
            todo.pop_back();
            std::size_t here = d;
            if (x->kind == ir::op::call) here += depth[0][x->index];
            if (x->kind == ir::op::param) here += depth[1][x->index];
            most = std::max(most, here);
            for (const auto& a : x->args) todo.emplace_back(&a, d + 1);
        }
        return most;
    };
    auto uses = [&](const ir::expr* e, std::vector<item>& out) {
        if (e == nullptr) return;
        std::vector<const ir::expr*> todo{e};
        while (!todo.empty()) {
            const auto* x = todo.back();
            todo.pop_back();
            if (x->kind == ir::op::call) out.push_back({0, x->index});
            if (x->kind == ir::op::param) out.push_back({1, x->index});
            for (const auto& a : x->args) todo.push_back(&a);
        }
    };
    // [what]: "`name`", or a message (ty_this_rule, ty_applies_when).
    auto report = [&](span where, const text& what, std::size_t d) {
        if (nesting_reported) return;
        nesting_reported = true;
        sink().error(code::E0221, where, say(msg::ty_evaluation_too_deep, {what, d}), say(msg::ty_fewer_waits));
    };
    struct frame {
        item x;
        std::vector<item> parts;
        std::size_t next = 0;
    };
    for (int k = 0; k < 2; ++k) {
        for (std::uint32_t i = 0; i < state[k].size(); ++i) {
            if (state[k][i] != 0) continue;
            std::vector<frame> stack;
            auto open = [&](item y) {
                state[y.k][y.i] = 1;
                frame f{y, {}, 0};
                uses(root_of(y), f.parts);
                stack.push_back(std::move(f));
            };
            open({k, i});
            while (!stack.empty()) {
                auto& top = stack.back();
                if (top.next < top.parts.size()) {
                    const auto y = top.parts[top.next++];
                    if (state[y.k][y.i] == 0) open(y);  // [top] is not used after this
                    continue;
                }
                const auto x = top.x;
                stack.pop_back();
                depth[x.k][x.i] = measure(root_of(x));
                state[x.k][x.i] = 2;
                if (depth[x.k][x.i] > max_nesting) {
                    const auto& name = x.k == 0 ? prog.defs[x.i].name : prog.params[x.i].name;
                    const auto quoted = "`" + name + "`";
                    report(x.k == 0 ? prog.defs[x.i].loc : prog.params[x.i].loc, text{quoted, quoted}, depth[x.k][x.i]);
                }
            }
        }
    }
    for (const auto& r : prog.rules) {
        for (const auto* e : {&r.test, &r.unless, &r.when}) {
            if (!*e) continue;
            if (const auto d = measure(&**e); d > max_nesting) report(r.loc, say(msg::ty_this_rule), d);
        }
    }
    for (const auto& pr : prog.provisions) {
        if (pr.applies) {
            if (const auto d = measure(&*pr.applies); d > max_nesting) report(pr.loc, say(msg::ty_applies_when), d);
        }
    }
}

void checker::check_parameter_chains() {
    const auto n = prog.params.size();
    // The parameters each parameter's value uses, found without recursion.
    std::vector<std::vector<std::uint32_t>> uses(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!prog.params[i].value) continue;
        std::vector<const ir::expr*> todo{&*prog.params[i].value};
        while (!todo.empty()) {
            const auto* e = todo.back();
            todo.pop_back();
            if (e->kind == ir::op::param) uses[i].push_back(e->index);
            for (const auto& a : e->args) todo.push_back(&a);
        }
    }
    // Depth-first, with an explicit stack: 0 not seen, 1 on the path, 2 done with its height.
    std::vector<int> state(n, 0);
    std::vector<std::size_t> height(n, 0);
    bool deep_reported = false;
    struct step {
        std::uint32_t param;
        std::size_t next;
    };
    for (std::uint32_t root = 0; root < n; ++root) {
        if (state[root] != 0) continue;
        std::vector<step> path{{root, 0}};
        state[root] = 1;
        while (!path.empty()) {
            auto& top = path.back();
            if (top.next < uses[top.param].size()) {
                const auto u = uses[top.param][top.next++];
                if (state[u] == 0) {
                    state[u] = 1;
                    path.push_back({u, 0});
                } else if (state[u] == 1) {
                    // A cycle. One made only of values written in `parameter` was reported
                    // when they were checked; one that a `set` value closes is reported here.
                    std::vector<std::uint32_t> names;
                    for (const auto& s : path) names.push_back(s.param);
                    const auto from = std::find(names.begin(), names.end(), u);
                    const bool through_set = std::any_of(from, names.end(), [&](std::uint32_t i) { return param_set[i] != nullptr; });
                    if (through_set) {
                        const auto at = *std::find_if(from, names.end(), [&](std::uint32_t i) { return param_set[i] != nullptr; });
                        const auto cycle = cycle_text(names, u, [&](std::uint32_t i) { return prog.params[i].name; });
                        sink().error(code::E0209, param_set[at]->loc, say(msg::ty_parameters_by_each_other, {cycle}),
                                     say(msg::ty_parameter_no_self_use));
                    }
                }
            } else {
                std::size_t h = 1;
                for (const auto u : uses[top.param]) {
                    if (state[u] == 2) h = std::max(h, height[u] + 1);
                }
                height[top.param] = h;
                state[top.param] = 2;
                if (h > max_check_nesting && !deep_reported && !nesting_reported) {
                    deep_reported = true;
                    nesting_reported = true;
                    const auto& p = prog.params[top.param];
                    sink().error(code::E0221, p.set_name.empty() ? p.loc : p.set_loc,
                                 say(msg::ty_parameters_too_deep, {p.name, h, max_check_nesting}),
                                 say(msg::ty_give_values_directly));
                }
                path.pop_back();
            }
        }
    }
}

namespace {

// The provision key ("3/1/b") that [ref] names, seen from provision [from].
std::string target_key(const ast::provision_ref& ref, const ir::program& prog, int from) {
    std::vector<const ir::provision*> chain;
    for (int i = from; i >= 0; i = prog.provisions[static_cast<std::size_t>(i)].parent) {
        chain.insert(chain.begin(), &prog.provisions[static_cast<std::size_t>(i)]);
    }
    auto number_at = [&](ir::level l) -> std::optional<std::string> {
        for (const auto* p : chain) {
            if (p->lvl == l) return p->number;
        }
        return std::nullopt;
    };
    std::vector<std::string> parts;
    if (ref.article) {
        parts.push_back(*ref.article);
        if (ref.clause) parts.push_back(*ref.clause);
        if (ref.point) parts.push_back(*ref.point);
    } else {
        if (auto a = number_at(ir::level::article)) parts.push_back(*a);
        if (ref.clause) {
            parts.push_back(*ref.clause);
        } else if (auto c = number_at(ir::level::clause)) {
            parts.push_back(*c);
        }
        if (ref.point) parts.push_back(*ref.point);
    }
    std::string key;
    for (const auto& p : parts) key += (key.empty() ? "" : "/") + p;
    return key;
}

// "article 3 clause 1" / "điều 3 khoản 1": [r] as it is written, with each language's keywords.
text ref_text(const ast::provision_ref& r) {
    text out;
    auto add = [&](keyword k, const std::string& number) {
        for (const bool vi : {false, true}) {
            auto& side = vi ? out.vi : out.en;
            side += (side.empty() ? "" : " ") + std::string(vi ? spelling(k).vi : spelling(k).en) + " " + number;
        }
    };
    if (r.article) add(keyword::article_, *r.article);
    if (r.clause) add(keyword::clause_, *r.clause);
    if (r.point) add(keyword::point_, *r.point);
    return out;
}

}  // namespace

void checker::check_all() {
    typer t{*this, prog, sink()};
    // `set` in the root decree gives abstract parameters of imported modules their values.
    for (std::uint32_t m = 0; m < modules.size(); ++m) {
        for (const auto& d : modules[m].syntax.decls) {
            const auto* s = std::get_if<ast::set_decl>(&d);
            if (s == nullptr) continue;
            if (m != 0 || modules[0].syntax.kind == ast::file_kind::module) {
                sink().error(code::E0215, s->loc, say(msg::ty_only_decree_sets),
                             say(msg::ty_modules_declare_rounds_set));
                continue;
            }
            std::optional<symbol> target;
            const auto& last = s->target.back();
            if (s->target.size() == 2) {
                if (auto it = modules[0].aliases.find(s->target[0].text); it != modules[0].aliases.end()) {
                    note(s->target[0].loc, symbol_kind::module, nullptr, it->second);
                    auto& syms = modules[it->second].symbols;
                    if (auto f = syms.find(last.text); f != syms.end()) target = f->second;
                } else {
                    sink().error(code::E0201, s->target[0].loc, say(msg::ty_unknown_alias, {s->target[0].text}));
                    continue;
                }
            } else if (s->target.size() == 1) {
                target = lookup_global(last.text, 0, last.loc, true);
            }
            if (!target || target->k != symbol::kind::param || !prog.params[target->index].abstract ||
                target->module == 0) {
                std::vector<std::string> abstract;
                if (!sink().full()) {
                    for (const auto& prm : prog.params) {
                        if (prm.abstract && prm.module != 0) abstract.push_back(prm.name);
                    }
                }
                const auto suggestion = closest(last.text, abstract);
                sink().error(code::E0215, last.loc, say(msg::ty_not_abstract_parameter, {last.text}),
                             suggestion.empty() ? say(msg::ty_set_gives_value) : say(msg::did_you_mean, {suggestion}));
                continue;
            }
            note(last.loc, *target);
            auto& p = prog.params[target->index];
            if (param_set[target->index] != nullptr) {
                sink().error(code::E0215, last.loc, say(msg::ty_set_twice, {last.text}))
                    .labels.push_back({param_set[target->index]->loc, say(msg::ty_first_set_here)});
                continue;
            }
            param_set[target->index] = s;
            check_parameter(target->index);
            scope sc;
            sc.constant = true;
            p.value = check_expr(*s->value, sc);
            p.set_loc = s->loc;
            for (const auto& part : s->target) p.set_name += (p.set_name.empty() ? "" : ".") + part.text;
            if (s->assumed) {
                p.assumed = s->assumed;
                p.assumed_by_set = true;
            }
            ++p.uses;
            if (!t.fits(p.value->ty, p.ty)) {
                t.mismatch(s->value->loc, say(msg::ty_what_value_set_for, {p.name}), p.ty, p.value->ty);
            }
        }
    }
    for (std::uint32_t i = 0; i < prog.params.size(); ++i) check_parameter(i);
    check_parameter_chains();
    for (std::uint32_t i = 0; i < prog.defs.size(); ++i) check_definition(i);
    if (modules[0].syntax.kind == ast::file_kind::decree) {
        for (std::uint32_t i = 0; i < prog.params.size(); ++i) {
            const auto& p = prog.params[i];
            if (p.abstract && p.module != 0 && param_set[i] == nullptr) {
                std::string alias;
                for (const auto& [a, m] : modules[0].aliases) {
                    if (m == p.module) alias = a;
                }
                if (alias.empty()) {
                    sink().error(code::E0214, modules[0].syntax.header_loc,
                                 say(msg::ty_decree_does_not_set, {p.name, modules[p.module].path}),
                                 say(msg::ty_import_as_alias_and_set, {modules[p.module].path, p.name}))
                        .labels.push_back({p.loc, say(msg::ty_declared_here)});
                    continue;
                }
                sink().error(code::E0214, modules[0].syntax.header_loc,
                             say(msg::ty_decree_does_not_set, {alias + "." + p.name, modules[p.module].path}),
                             say(msg::ty_add_set, {alias, p.name}))
                    .labels.push_back({p.loc, say(msg::ty_declared_here)});
            }
        }
    }
    // Provisions: `applies when` and rules, in source order.
    std::uint32_t loose = 0;
    for (std::uint32_t m = 0; m < modules.size(); ++m) {
        std::function<void(const ast::provision&)> walk = [&](const ast::provision& ap) {
            const auto pi = modules[m].provision_of.at(&ap);
            for (const auto& id : ap.must_exclude) {
                auto it = modules[m].symbols.find(id.text);
                if (it == modules[m].symbols.end() || it->second.k != symbol::kind::def ||
                    prog.defs[it->second.index].callable) {
                    sink().error(code::E0201, id.loc, say(msg::ty_must_exclude_not_definition, {id.text}));
                    continue;
                }
                note(id.loc, it->second);
                check_definition(it->second.index);
                const auto* dt = prog.defs[it->second.index].ty;
                if (dt != nullptr && dt->kind != ir::tkind::bool_ && dt->kind != ir::tkind::error) {
                    const auto quoted = "`" + id.text + "`";
                    sink().error(code::E0301, id.loc,
                                 say(msg::ty_has_type_expected,
                                     {text{quoted, quoted}, ir::describe(dt),
                                      ir::describe(prog.types.builtin(ir::tkind::bool_))}));
                    continue;
                }
                prog.mandatory.push_back({it->second.index, static_cast<int>(pi), id.loc});
            }
            if (ap.applies) {
                scope sc;
                sc.module = m;
                prog.provisions[pi].applies = check_bool(*ap.applies, sc, say(msg::ty_what_condition_of_applies));
                prog.provisions[pi].frame_size = sc.max_slot;
            }
            for (std::size_t r = 0; r < ap.rules.size(); ++r) {
                const auto ri = prog.provisions[pi].rules[r];
                const auto& syntax = ap.rules[r];
                auto& rule = prog.rules[ri];
                scope sc;
                sc.module = m;
                if (syntax.test) {
                    rule.test = check_bool(*syntax.test, sc,
                                           say(syntax.kind == ast::rule_kind::exclusion ? msg::ty_what_exclusion_condition
                                                                                        : msg::ty_what_requirement));
                }
                if (syntax.unless) rule.unless = check_bool(*syntax.unless, sc, say(msg::ty_what_condition_of_unless));
                if (syntax.when) rule.when = check_bool(*syntax.when, sc, say(msg::ty_what_condition_of_when));
                rule.frame_size = sc.max_slot;
                if (syntax.kind != ast::rule_kind::exception) continue;
                const auto key = target_key(syntax.target, prog, static_cast<int>(pi));
                auto it = modules[m].provision_index.find(key);
                if (it == modules[m].provision_index.end()) {
                    sink().error(code::E0207, syntax.target.loc,
                                 say(msg::ty_ref_names_no_provision, {ref_text(syntax.target)}),
                                 say(msg::ty_exceptions_same_file));
                    continue;
                }
                if (recorder != nullptr) {
                    recorder->provision_uses.push_back({syntax.target.loc, prog.provisions[it->second].loc});
                }
                const auto& held = prog.provisions[it->second].rules;
                if (held.size() != 1) {
                    sink().error(code::E0208, syntax.target.loc,
                                 say(msg::ty_holds_rules, {prog.provisions[it->second].citation_vi, held.size()}),
                                 say(held.empty() ? msg::ty_name_the_point : msg::ty_split_into_points));
                    continue;
                }
                rule.target = static_cast<int>(held.front());
                if (rule.target == static_cast<int>(ri)) {
                    sink().error(code::E0404, syntax.target.loc, say(msg::ty_exception_overrides_itself));
                    rule.target = -1;
                    continue;
                }
                prog.rules[held.front()].exceptions.push_back(ri);
            }
            for (const auto& c : ap.children) walk(c);
        };
        for (const auto& a : modules[m].syntax.articles) walk(a);
        for (const auto& r : modules[m].syntax.loose_rules) {
            // Rules outside articles are checked like others (and reported by the lints).
            while (loose < prog.rules.size() && prog.rules[loose].provision != -1) ++loose;
            if (loose >= prog.rules.size()) break;
            auto& rule = prog.rules[loose++];
            scope sc;
            sc.module = m;
            if (r.test) rule.test = check_bool(*r.test, sc, say(msg::ty_what_requirement));
            if (r.unless) rule.unless = check_bool(*r.unless, sc, say(msg::ty_what_condition_of_unless));
            if (r.when) rule.when = check_bool(*r.when, sc, say(msg::ty_what_condition_of_when));
            if (r.kind == ast::rule_kind::exception) {
                sink().error(code::E0207, r.target.loc, say(msg::ty_loose_exception),
                             say(msg::ty_put_exception_in_provision));
            }
            rule.frame_size = sc.max_slot;
        }
    }
    // An exception is a rule of its provision: where an `applies when` above it is false, it is
    // not applied (docs/language.md §2.10). Its effective `when` is the guards of its provision
    // and of their ancestors, then its own `when` (the place shown stays its own `when`).
    for (auto& r : prog.rules) {
        if (r.kind != ir::rule_kind::exception || r.provision < 0) continue;
        std::optional<ir::expr> when = std::move(r.when);
        for (int pi = r.provision; pi >= 0; pi = prog.provisions[static_cast<std::size_t>(pi)].parent) {
            const auto& pr = prog.provisions[static_cast<std::size_t>(pi)];
            if (!pr.applies) continue;
            r.frame_size = std::max(r.frame_size, pr.frame_size);  // one after the other: slots are shared
            if (!when) {
                when = *pr.applies;
                continue;
            }
            ir::expr both;
            both.kind = ir::op::and_;
            both.ty = prog.types.builtin(ir::tkind::bool_);
            both.loc = when->loc;  // shown as its own `when` (or the innermost guard)
            both.args.push_back(*pr.applies);
            both.args.push_back(std::move(*when));
            when = std::move(both);
        }
        r.when = std::move(when);
    }
    // Exception chains: no cycles; an exception to an exclusion lifts it (no `requires`). A rule
    // whose chain was followed already gives its end to the walks that reach it, so that a chain
    // of 10,000 exceptions costs 10,000 steps, not 10,000^3. An exception found on a cycle loses
    // its target; later walks end at it.
    const auto n = prog.rules.size();
    std::vector<bool> followed(n, false);
    std::vector<int> end_of(n, -1);  // followed: the rule where its chain leaves the exceptions
    std::vector<std::uint32_t> on_path(n, UINT32_MAX);  // the walk that has the rule on its path
    for (std::uint32_t i = 0; i < n; ++i) {
        auto& r = prog.rules[i];
        if (r.kind != ir::rule_kind::exception || r.target < 0) continue;
        std::vector<std::uint32_t> path{i};
        on_path[i] = i;
        int cur = r.target;
        bool cycle = false;
        while (cur >= 0 && prog.rules[static_cast<std::size_t>(cur)].kind == ir::rule_kind::exception) {
            const auto c = static_cast<std::uint32_t>(cur);
            if (on_path[c] == i) {
                cycle = true;
                break;
            }
            if (followed[c]) {
                cur = end_of[c];
                break;
            }
            on_path[c] = i;
            path.push_back(c);
            cur = prog.rules[c].target;
        }
        if (cycle) {
            if (i == *std::min_element(path.begin(), path.end())) {
                sink().error(code::E0404, r.loc, say(msg::ty_exception_cycle));
            }
            r.target = -1;
            followed[i] = true;  // an exception without a target: a chain through it ends here
            end_of[i] = -1;
            continue;
        }
        for (const auto k : path) {
            followed[k] = true;
            end_of[k] = cur;
        }
        if (cur >= 0 && prog.rules[static_cast<std::size_t>(cur)].kind == ir::rule_kind::exclusion && r.test) {
            sink().error(code::E0407, r.test->loc, say(msg::ty_exception_to_exclusion_requires),
                         say(msg::ty_state_lifting_with_when));
        }
    }
    check_evaluation_nesting();
}

}  // namespace decree::detail
