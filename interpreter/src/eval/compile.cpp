// From the checked IR to the compiled form (code.hpp).
#include <algorithm>
#include <cstring>
#include <limits>

#include "code.hpp"
#include "numbers.hpp"
#include "report.hpp"

namespace decree::eval {

std::vector<int> root_kinds(const ir::program& program);

namespace {

constexpr std::string_view kind_names[] = {
#define NODE(kind, description) #kind,
#include "node_kinds.def"
#undef NODE
};
constexpr std::string_view kind_descriptions[] = {
#define NODE(kind, description) description,
#include "node_kinds.def"
#undef NODE
};

}  // namespace

std::string_view name(node_kind k) {
    auto n = kind_names[static_cast<std::size_t>(k)];
    return n.ends_with('_') ? n.substr(0, n.size() - 1) : n;
}
std::string_view description(node_kind k) { return kind_descriptions[static_cast<std::size_t>(k)]; }

namespace {

name_key key_of(const std::string& name) {
    name_key k;
    k.len = name.size();
    k.text = name.data();
    std::memcpy(k.head, name.data(), std::min<std::size_t>(32, name.size()));
    k.bits = name.size() >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << name.size()) - 1;
    return k;
}

void collect_codes(const ir::expr& e, std::vector<std::string>& out) {
    if (e.kind == ir::op::literal) {
        if (const auto* a = std::get_if<ir::law_article>(&e.lit)) out.push_back(a->code);
        if (const auto* s = std::get_if<std::string>(&e.lit)) out.push_back(*s);  // `_law_article("BLHS2015", n)`
    }
    for (const auto& a : e.args) collect_codes(a, out);
}

// The largest frame slot an expression uses, plus one.
std::uint32_t slots_used(const ir::expr& e) {
    std::uint32_t n = 0;
    switch (e.kind) {
        case ir::op::local:
        case ir::op::any: case ir::op::all: case ir::op::count: case ir::op::sum:
        case ir::op::greatest: case ir::op::smallest: n = e.index + 1; break;
        default: break;
    }
    for (const auto& a : e.args) n = std::max(n, slots_used(a));
    return n;
}

// An argument that is evaluated without failing and cheaply: a constant, a variable, the case,
// a parameter, or a field of one of those.
bool plain_argument(const ir::expr& e) {
    switch (e.kind) {
        case ir::op::literal: case ir::op::local: case ir::op::input: case ir::op::param: return true;
        case ir::op::field: return plain_argument(e.args[0]);
        default: return false;
    }
}

std::size_t size_of(const ir::expr& e) {
    std::size_t n = 1;
    for (const auto& a : e.args) n += size_of(a);
    return n;
}

bool is_quantifier(node_kind k) { return k >= node_kind::any && k <= node_kind::smallest; }

class compiler {
public:
    compiler(compiled& program, code& target) : c(program), out(target), prog(program.prog) {}

    // Small definitions called with plain arguments are compiled in place: [sc] maps the
    // arguments of the definition being inlined (and, outward, of those around it).
    struct scope {
        const std::vector<const ir::expr*>* args = nullptr;
        const scope* outer = nullptr;
        int depth = 0;
    };

    const node* lower(const ir::expr& e, const scope* sc = nullptr);
    std::uint32_t max_inlined = 0;  // while lowering one body

    template <typename F>
    void each_node(F f) {
        for (std::size_t b = 0; b < out.node_blocks.size(); ++b) {
            const std::size_t n = b + 1 == out.node_blocks.size() ? out.block_used : block_nodes;
            for (std::size_t i = 0; i < n; ++i) f(out.node_blocks[b][i]);
        }
    }

private:
    // The nodes, in blocks allocated in the order they are made (an expression before its
    // operands), so that an expression's nodes lie close together.
    static constexpr std::size_t block_nodes = 256;
    node& new_node() {
        if (out.node_blocks.empty() || out.block_used == block_nodes) {
            out.node_blocks.emplace_back(new node[block_nodes]);
            out.block_used = 0;
        }
        ++out.nodes;
        return out.node_blocks.back()[out.block_used++];
    }
    bool inlinable(const ir::definition& d, const ir::expr& call, const scope* sc) const;
    cell constant(const ir::constant& k);

    compiled& c;
    code& out;
    const ir::program& prog;
};

// A call can be replaced by the definition's body with the arguments in place of its variables
// when that evaluates the same things: plain arguments (nothing left unevaluated could fail),
// a body that uses no frame slots beyond its arguments, and not too deep (nor recursive).
bool compiler::inlinable(const ir::definition& d, const ir::expr& call, const scope* sc) const {
    if (!out.fused || !d.callable || d.args.size() != call.args.size() || (sc != nullptr && sc->depth >= 3)) return false;
    if (slots_used(d.body) > call.args.size() || size_of(d.body) > 64) return false;
    return std::all_of(call.args.begin(), call.args.end(), plain_argument);
}

cell compiler::constant(const ir::constant& k) {
    numbers n(c.codes, prog.rounding);
    const cell v = n.cell_of(k);
    if (v.t != tag::boxed && v.t != tag::string) return v;
    if (v.t == tag::string) {
        const auto& s = std::get<std::string>(k);  // the program's constant outlives the code
        return {tag::string, static_cast<std::int64_t>(s.size()), 0, s.data()};
    }
    const auto& kept = c.constants.emplace_back(k);
    return {tag::boxed, 0, 0, &kept};
}

const node* compiler::lower(const ir::expr& e, const scope* sc) {
    if (e.kind == ir::op::local && sc != nullptr && sc->args != nullptr) return lower(*(*sc->args)[e.index], sc->outer);
    if (e.kind == ir::op::call && inlinable(prog.defs[e.index], e, sc)) {
        std::vector<const ir::expr*> args;
        for (const auto& a : e.args) args.push_back(&a);
        const scope inner{&args, sc, sc != nullptr ? sc->depth + 1 : 1};
        max_inlined = std::max(max_inlined, static_cast<std::uint32_t>(inner.depth));
        auto* body = const_cast<node*>(lower(prog.defs[e.index].body, &inner));
        // The call and its arguments, evaluated once each by the plain code.
        std::uint32_t call_steps = 1;
        for (const auto& a : e.args) call_steps += static_cast<std::uint32_t>(size_of(a));
        body->weight += call_steps;
        return body;
    }
    auto& n = new_node();
    n.src = &e;
    n.op = e.kind;
    n.ty = e.ty != nullptr ? e.ty->kind : ir::tkind::error;
    n.index = e.index;
    for (const auto& a : e.args) n.args.push_back(lower(a, sc));
    if (!out.fused) out.node_of.emplace(&e, &n);
    switch (e.kind) {
        case ir::op::literal:
            n.k = node_kind::literal;
            n.lit = constant(e.lit);
            break;
        case ir::op::param: n.k = node_kind::param; break;
        case ir::op::call: {
            const auto& d = prog.defs[e.index];
            n.k = d.callable ? node_kind::call : node_kind::memo;
            n.inlined = sc != nullptr ? static_cast<std::uint32_t>(sc->depth) : 0;
            n.frame = std::max<std::uint32_t>({d.frame_size, static_cast<std::uint32_t>(e.args.size()), slots_used(d.body)});
            break;
        }
        case ir::op::local: n.k = node_kind::local; break;
        case ir::op::input: n.k = node_kind::input; break;
        case ir::op::field: n.k = node_kind::field; break;
        case ir::op::builtin: {
            n.k = node_kind::builtin;
            const auto id = static_cast<ir::builtin_fn>(e.index);
            // The fields of the records _time_held and _quarter_run read (the standard library's
            // `period` and `quarter`, which the checker holds them to).
            const auto* list = e.args.empty() ? nullptr : e.args[0].ty;
            const auto* rec = list != nullptr && list->elem != nullptr ? list->elem->rec : nullptr;
            if (id == ir::builtin_fn::time_held && rec != nullptr) {
                n.from = rec->find("from");
                n.to = rec->find("to");
            } else if (id == ir::builtin_fn::quarter_run && rec != nullptr) {
                n.from = rec->find("year");
                n.to = rec->find("quarter");
                n.grade = rec->find("grade");
            }
            break;
        }
        case ir::op::neg: n.k = node_kind::neg; break;
        case ir::op::not_: n.k = node_kind::not_; break;
        case ir::op::and_: n.k = node_kind::and_; break;
        case ir::op::or_: n.k = node_kind::or_; break;
        case ir::op::if_: n.k = node_kind::if_; break;
        case ir::op::any: n.k = node_kind::any; break;
        case ir::op::all: n.k = node_kind::all; break;
        case ir::op::count: n.k = e.args.size() < 2 ? node_kind::count_all : node_kind::count; break;
        case ir::op::sum: n.k = node_kind::sum; break;
        case ir::op::greatest: n.k = node_kind::greatest; break;
        case ir::op::smallest: n.k = node_kind::smallest; break;
        case ir::op::set:
        case ir::op::range: {
            n.k = e.kind == ir::op::set ? node_kind::set : node_kind::range;
            n.is_range = e.kind == ir::op::range;
            if (!out.fused) break;
            // A set of 64-bit constants is built here, once.
            const auto is_lit = [](const node* a) { return a->k == node_kind::literal && a->lit.t != tag::boxed && a->lit.t != tag::set; };
            bool constant = true;
            for (const auto* a : n.args) {
                if (a->is_range) constant = constant && std::all_of(a->args.begin(), a->args.end(), is_lit);
                else constant = constant && is_lit(a);
            }
            if (!constant) break;
            auto& items = out.set_items.emplace_back();
            auto& ranges = out.set_ranges.emplace_back();
            if (e.kind == ir::op::range) {
                ranges.emplace_back(n.args[0]->lit, n.args[1]->lit);
            } else {
                for (const auto* a : n.args) {
                    if (a->is_range) ranges.emplace_back(a->args[0]->lit, a->args[1]->lit);
                    else items.push_back(a->lit);
                }
            }
            const auto whole_number = [](const cell& v) { return v.t == tag::number && v.b == 1; };
            bool whole_numbers = std::all_of(items.begin(), items.end(), whole_number);
            for (const auto& [lo, hi] : ranges) whole_numbers = whole_numbers && whole_number(lo) && whole_number(hi);
            auto& set = out.sets.emplace_back(cell_set{items.data(), items.size(), ranges.data(), ranges.size(), whole_numbers});
            n.k = node_kind::literal;
            n.lit = {tag::set, 0, 0, &set};
            n.weight = static_cast<std::uint32_t>(size_of(e));
            break;
        }
        case ir::op::in: n.k = node_kind::in; break;
        case ir::op::not_in: n.k = node_kind::not_in; break;
        case ir::op::eq: case ir::op::ne: case ir::op::lt: case ir::op::le: case ir::op::gt: case ir::op::ge:
            n.k = node_kind::compare;
            break;
        case ir::op::add: case ir::op::sub: case ir::op::mul: case ir::op::div: n.k = node_kind::arith; break;
    }
    if (!out.fused) return &n;
    if (n.k == node_kind::field && n.args[0]->k == node_kind::input_field) {
        n.k = node_kind::input_field2;
        n.frame = n.args[0]->index;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k == node_kind::field && n.args[0]->k == node_kind::input) {
        n.k = node_kind::input_field;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k == node_kind::field && n.args[0]->k == node_kind::local) {
        n.k = node_kind::local_field;
        n.frame = n.args[0]->index;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k == node_kind::compare && n.args[1]->k == node_kind::literal &&
               (n.args[1]->lit.t == tag::number || n.args[1]->lit.t == tag::enumeration || n.args[1]->lit.t == tag::boolean ||
                n.args[1]->lit.t == tag::date)) {
        n.k = node_kind::compare_literal;
        n.weight = 1 + n.args[1]->weight;
    }
    return &n;
}

std::uint64_t cost_of(const node& n) {
    if (n.cost != 0) return n.cost;
    std::uint64_t total = n.weight;
    // The operands a fused node stands for are in its weight, not evaluated.
    std::size_t evaluated = n.args.size();
    if (n.k == node_kind::literal || n.k == node_kind::input_field || n.k == node_kind::local_field ||
        n.k == node_kind::input_field2) {
        evaluated = 0;
    }
    if (n.k == node_kind::compare_literal) evaluated = 1;
    for (std::size_t i = 0; i < n.args.size(); ++i) {
        const std::uint64_t k = cost_of(*n.args[i]);
        if (i < evaluated && !(is_quantifier(n.k) && i == 1)) total += k;
    }
    const_cast<node&>(n).cost = std::max<std::uint64_t>(total, 1);
    return n.cost;
}

void lower_program(compiled& c, code& out) {
    const auto& p = c.prog;
    compiler k(c, out);
    for (const auto& x : p.params) {
        out.params.push_back(x.value ? k.lower(*x.value) : nullptr);
        out.param_frames.push_back(x.value ? slots_used(*x.value) : 0);
    }
    for (const auto& d : p.defs) {
        k.max_inlined = 0;
        out.defs.push_back(k.lower(d.body));
        out.def_inlined.push_back(k.max_inlined);
        out.def_frames.push_back(std::max(d.frame_size, slots_used(d.body)));
    }
    for (const auto& r : p.rules) {
        code::rule_code rc;
        std::uint32_t frame = r.frame_size;
        if (r.test) {
            rc.test = k.lower(*r.test);
            frame = std::max(frame, slots_used(*r.test));
        }
        if (r.unless) {
            rc.unless = k.lower(*r.unless);
            frame = std::max(frame, slots_used(*r.unless));
        }
        if (r.when) {
            rc.when = k.lower(*r.when);
            frame = std::max(frame, slots_used(*r.when));
        }
        rc.frame = frame;
        out.rules.push_back(rc);
    }
    for (const auto& pr : p.provisions) {
        out.applies.push_back(pr.applies ? k.lower(*pr.applies) : nullptr);
        out.applies_frames.push_back(pr.applies ? std::max(pr.frame_size, slots_used(*pr.applies)) : 0);
    }
    k.each_node([](node& n) {
        cost_of(n);
        if (!n.args.empty()) n.arg0 = n.args[0];
        if (n.args.size() > 1) n.arg1 = n.args[1];
        if (n.args.size() > 2) n.arg2 = n.args[2];
    });
    for (const auto* d : out.defs) out.def_costs.push_back(cost_of(*d));
}

const decode_type* decode_type_of(compiled& c, const ir::type* t, std::vector<std::pair<const ir::type*, const decode_type*>>& index) {
    for (const auto& [ty, d] : index) {
        if (ty == t) return d;
    }
    auto& d = c.decode_types.emplace_back();
    d.ty = t;
    d.kind = t->kind;
    index.emplace_back(t, &d);
    if (t->kind == ir::tkind::record) {
        for (const auto& f : t->rec->fields) {
            d.names.push_back(key_of(f.name));
            d.fields.push_back(decode_type_of(c, f.ty, index));
        }
    } else if (t->kind == ir::tkind::enumeration) {
        for (const auto& v : t->en->variants) d.names.push_back(key_of(v));
    } else if (t->elem != nullptr) {
        d.elem = decode_type_of(c, t->elem, index);
    }
    return &d;
}

}  // namespace

std::shared_ptr<const compiled> compile(const ir::program& p) {
    auto c = std::make_shared<compiled>(p);
    // Law codes first: literals refer to them by index.
    for (const auto& code : p.codes) c->codes.push_back(code.key);
    auto scan = [&](const std::optional<ir::expr>& e) {
        if (e) collect_codes(*e, c->codes);
    };
    for (const auto& x : p.params) scan(x.value);
    for (const auto& d : p.defs) collect_codes(d.body, c->codes);
    for (const auto& r : p.rules) {
        scan(r.test);
        scan(r.unless);
        scan(r.when);
    }
    for (const auto& pr : p.provisions) scan(pr.applies);
    std::sort(c->codes.begin(), c->codes.end());
    c->codes.erase(std::unique(c->codes.begin(), c->codes.end()), c->codes.end());

    c->fused.fused = true;
    c->plain.fused = false;
    lower_program(*c, c->fused);
    lower_program(*c, c->plain);

    const std::vector<int> root_kind = root_kinds(p);
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
        compiled::rule_info ri;
        ri.kind = p.rules[i].kind;
        ri.exclusion_chain = root_kind[i] == static_cast<int>(ir::rule_kind::exclusion);
        ri.has_exceptions = !p.rules[i].exceptions.empty();
        c->rules.push_back(ri);
    }
    for (const auto& a : c->assumptions.assumptions) c->assumption_ids.push_back(json_escape(a.id));
    for (const auto& pr : p.provisions) {
        c->cites.push_back(json_escape(pr.citation_vi));
        compiled::provision_info pi;
        pi.rules_at = static_cast<std::uint32_t>(c->items.size());
        for (const auto r : pr.rules) {
            if (p.rules[r].kind != ir::rule_kind::exception) c->items.push_back(static_cast<std::uint32_t>(r));
        }
        pi.rules_n = static_cast<std::uint32_t>(c->items.size()) - pi.rules_at;
        pi.children_at = static_cast<std::uint32_t>(c->items.size());
        for (const auto ch : pr.children) c->items.push_back(static_cast<std::uint32_t>(ch));
        pi.children_n = static_cast<std::uint32_t>(c->items.size()) - pi.children_at;
        c->provisions.push_back(pi);
    }
    if (p.input != nullptr && p.input->rec != nullptr) {
        std::vector<std::pair<const ir::type*, const decode_type*>> index;
        c->input_type = decode_type_of(*c, p.input, index);
        c->name_field = p.input->rec->find("name");
    }
    return c;
}

namespace {

std::string_view symbol(ir::op op) {
    switch (op) {
        case ir::op::add: return "+";
        case ir::op::sub: return "-";
        case ir::op::mul: return "*";
        case ir::op::div: return "/";
        case ir::op::eq: return "=";
        case ir::op::ne: return "!=";
        case ir::op::lt: return "<";
        case ir::op::le: return "<=";
        case ir::op::gt: return ">";
        default: return ">=";
    }
}

std::string_view builtin_name(std::uint32_t id) {
    for (const auto& b : ir::builtins()) {
        if (static_cast<std::uint32_t>(b.id) == id) return b.name;
    }
    return "?";
}

std::string text_of(const ir::constant& k) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, big_int>) return x.str();
            else if constexpr (std::is_same_v<T, rational>) return to_string(x);
            else if constexpr (std::is_same_v<T, date>) return x.iso();
            else if constexpr (std::is_same_v<T, duration>) return x.literal();
            else if constexpr (std::is_same_v<T, std::string>) return "\"" + x + "\"";
            else if constexpr (std::is_same_v<T, ir::law_article>) return x.code + " " + x.number.str();
            else return x.en != nullptr ? x.en->variants[static_cast<std::size_t>(x.index)] : "?";
        },
        k);
}

void list_node(const compiled& c, const node& n, int indent, bool fused, std::string& out) {
    out.append(static_cast<std::size_t>(indent) * 2, ' ');
    out += name(n.k);
    const auto& p = c.prog;
    switch (n.k) {
        case node_kind::param: out += " " + p.params[n.index].name; break;
        case node_kind::memo:
        case node_kind::call: out += " " + p.defs[n.index].name; break;
        case node_kind::local: out += " #" + std::to_string(n.index); break;
        case node_kind::builtin: out += " " + std::string(builtin_name(n.index)); break;
        case node_kind::compare:
        case node_kind::arith:
        case node_kind::compare_literal: out += " " + std::string(symbol(n.op)); break;
        case node_kind::literal:
            if (n.src != nullptr && n.lit.t != tag::set) out += " " + text_of(n.src->lit);
            if (n.lit.t == tag::set) out += " (set, built once)";
            break;
        case node_kind::field:
        case node_kind::input_field:
        case node_kind::local_field:
        case node_kind::input_field2:
            if (n.src != nullptr && n.src->args[0].ty != nullptr && n.src->args[0].ty->rec != nullptr) {
                out += " ." + n.src->args[0].ty->rec->fields[n.index].name;
            }
            break;
        default: break;
    }
    if (fused && n.cost > 1) out += "  [cost " + std::to_string(n.cost) + "]";
    out += "\n";
    std::size_t shown = n.args.size();
    if (n.k == node_kind::literal || n.k == node_kind::input_field || n.k == node_kind::input_field2 ||
        n.k == node_kind::local_field) {
        shown = 0;
    }
    if (n.k == node_kind::compare_literal) shown = 1;
    for (std::size_t i = 0; i < shown; ++i) list_node(c, *n.args[i], indent + 1, fused, out);
    if (n.k == node_kind::compare_literal && n.src != nullptr) {
        out.append(static_cast<std::size_t>(indent + 1) * 2, ' ');
        out += "literal " + text_of(n.src->args[1].lit) + "\n";
    }
}

}  // namespace

std::string listing(const compiled& c, bool fused) {
    const code& k = fused ? c.fused : c.plain;
    const auto& p = c.prog;
    std::string out;
    out += fused ? "# fused code\n" : "# plain code (--no-fusion)\n";
    out += "# " + std::to_string(k.nodes) + " nodes\n";
    for (std::size_t i = 0; i < p.params.size(); ++i) {
        if (k.params[i] == nullptr) continue;
        out += "\nparameter " + p.params[i].name + "\n";
        list_node(c, *k.params[i], 1, fused, out);
    }
    for (std::size_t i = 0; i < p.defs.size(); ++i) {
        out += "\ndefinition " + p.defs[i].name + "\n";
        list_node(c, *k.defs[i], 1, fused, out);
    }
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
        const auto& r = p.rules[i];
        const auto& rc = k.rules[i];
        const std::string where = r.provision >= 0 ? p.provisions[static_cast<std::size_t>(r.provision)].citation_en : "";
        out += "\nrule " + std::to_string(i) + " (" + std::string(r.kind == ir::rule_kind::condition  ? "condition"
                                                                   : r.kind == ir::rule_kind::exclusion ? "exclusion"
                                                                                                       : "exception") +
               (where.empty() ? "" : ", " + where) + ")\n";
        if (rc.when != nullptr) {
            out += "  when\n";
            list_node(c, *rc.when, 2, fused, out);
        }
        if (rc.test != nullptr) {
            out += "  test\n";
            list_node(c, *rc.test, 2, fused, out);
        }
        if (rc.unless != nullptr) {
            out += "  unless\n";
            list_node(c, *rc.unless, 2, fused, out);
        }
    }
    out += "\n# node kinds\n";
    for (std::size_t i = 0; i < std::size(kind_names); ++i) {
        out += "#   " + std::string(name(static_cast<node_kind>(i))) + ": " + std::string(kind_descriptions[i]) + "\n";
    }
    return out;
}

}  // namespace decree::eval
