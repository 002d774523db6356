// Printers for the AST and the IR (decreec dump --ast | --ir).
#include "decree/lang/print.hpp"

#include <functional>

#include "checker.hpp"

namespace decree {

namespace {

const char* binary_text(ast::binary_op op) {
    static const char* names[] = {"+", "-", "*", "/", "of", "=", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"};
    return names[static_cast<int>(op)];
}

// `"reason"`, or `"Vietnamese" / "English"` as written.
std::string reason(const text& t) {
    return t.vi == t.en ? "\"" + t.en + "\"" : "\"" + t.vi + "\" / \"" + t.en + "\"";
}

std::string ast_expr(const ast::expr& e) {
    return std::visit(
        [](const auto& k) -> std::string {
            using K = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<K, ast::bool_lit>) return k.value ? "true" : "false";
            else if constexpr (std::is_same_v<K, ast::int_lit>) return k.value.str();
            else if constexpr (std::is_same_v<K, ast::decimal_lit>) return k.text;
            else if constexpr (std::is_same_v<K, ast::money_lit>) return k.value.str() + " VND";
            else if constexpr (std::is_same_v<K, ast::date_lit>) return k.value.iso();
            else if constexpr (std::is_same_v<K, ast::duration_lit>) return k.value.literal();
            else if constexpr (std::is_same_v<K, ast::string_lit>) return "\"" + k.value + "\"";
            else if constexpr (std::is_same_v<K, ast::law_ref_lit>)
                return k.code.text + " " + k.first.str() + (k.last ? ".." + k.last->str() : "");
            else if constexpr (std::is_same_v<K, ast::name>) return k.id.text;
            else if constexpr (std::is_same_v<K, ast::field>) return ast_expr(*k.object) + "." + k.member.text;
            else if constexpr (std::is_same_v<K, ast::call>) {
                std::string out = ast_expr(*k.callee) + "(";
                for (std::size_t i = 0; i < k.args.size(); ++i) out += (i ? ", " : "") + ast_expr(*k.args[i]);
                return out + ")";
            } else if constexpr (std::is_same_v<K, ast::unary>)
                return std::string("(") + (k.op == ast::unary_op::neg ? "-" : "not ") + ast_expr(*k.operand) + ")";
            else if constexpr (std::is_same_v<K, ast::binary>)
                return "(" + ast_expr(*k.lhs) + " " + binary_text(k.op) + " " + ast_expr(*k.rhs) + ")";
            else if constexpr (std::is_same_v<K, ast::conditional>)
                return "(if " + ast_expr(*k.cond) + " then " + ast_expr(*k.then_) + " else " + ast_expr(*k.else_) + ")";
            else if constexpr (std::is_same_v<K, ast::quantified>) {
                static const char* q[] = {"any", "all", "count", "sum", "greatest", "smallest"};
                return std::string("(") + q[static_cast<int>(k.kind)] + " " + k.var.text + " in " + ast_expr(*k.list) +
                       (k.body ? ": " + ast_expr(*k.body) : "") + ")";
            } else {
                std::string out = "{";
                for (std::size_t i = 0; i < k.elems.size(); ++i) {
                    out += (i ? ", " : "") + ast_expr(*k.elems[i].lo) + (k.elems[i].hi ? ".." + ast_expr(*k.elems[i].hi) : "");
                }
                return out + "}";
            }
        },
        e.kind);
}

std::string ast_type(const ast::type_expr& t) {
    switch (t.shape) {
        case ast::type_expr::form::builtin: return t.builtin;
        case ast::type_expr::form::named: return t.named.text;
        case ast::type_expr::form::list: return "list of " + ast_type(*t.element);
        case ast::type_expr::form::set: return "set of " + ast_type(*t.element);
    }
    return "?";
}

void ast_decl(std::string& out, const ast::decl& d, const std::string& pad) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, ast::param_decl>) {
                out += pad + "parameter " + x.id.text + (x.type ? " : " + ast_type(*x.type) : "") +
                       (x.value ? " = " + ast_expr(*x.value) : "") +
                       (x.at_least ? " at least " + ast_expr(*x.at_least) : "") +
                       (x.at_most ? " at most " + ast_expr(*x.at_most) : "") + "\n";
            } else if constexpr (std::is_same_v<T, ast::set_decl>) {
                std::string target;
                for (const auto& t : x.target) target += (target.empty() ? "" : ".") + t.text;
                out += pad + "set " + target + " = " + ast_expr(*x.value) + "\n";
            } else if constexpr (std::is_same_v<T, ast::def_decl>) {
                std::string args;
                for (const auto& a : x.args) args += (args.empty() ? "" : ", ") + a.id.text + " : " + ast_type(a.type);
                out += pad + "definition " + x.id.text + (x.has_args ? "(" + args + ")" : "") +
                       (x.type ? " : " + ast_type(*x.type) : "") + " = " + ast_expr(*x.body) + "\n";
            } else if constexpr (std::is_same_v<T, ast::record_decl>) {
                out += pad + (x.extension ? "extend record " : "record ") + x.id.text + "\n";
                for (const auto& f : x.fields) out += pad + "  " + f.id.text + " : " + ast_type(f.type) + "\n";
            } else if constexpr (std::is_same_v<T, ast::enum_decl>) {
                out += pad + "enumeration " + x.id.text + " {";
                for (std::size_t i = 0; i < x.variants.size(); ++i) out += (i ? ", " : " ") + x.variants[i].id.text;
                out += " }\n";
            } else if constexpr (std::is_same_v<T, ast::code_decl>) {
                out += pad + "code " + x.id.text + " \"" + x.key + "\"\n";
            } else if constexpr (std::is_same_v<T, ast::input_decl>) {
                out += pad + "input " + x.id.text + " : " + ast_type(x.type) + "\n";
            } else {
                out += pad + "import " + x.path + (x.alias ? " as " + x.alias->text : "") + "\n";
            }
        },
        d);
}

void ast_rule(std::string& out, const ast::rule& r, const std::string& pad) {
    if (r.kind == ast::rule_kind::condition) {
        out += pad + "requires " + ast_expr(*r.test);
    } else if (r.kind == ast::rule_kind::exclusion) {
        out += pad + "excludes when " + ast_expr(*r.test);
    } else {
        out += pad + "exception to";
        if (r.target.article) out += " article " + *r.target.article;
        if (r.target.clause) out += " clause " + *r.target.clause;
        if (r.target.point) out += " point " + *r.target.point;
        if (r.priority) out += " priority " + r.priority->str();
        if (r.when) out += " when " + ast_expr(*r.when);
        if (r.test) out += " requires " + ast_expr(*r.test);
    }
    if (r.unless) out += " unless " + ast_expr(*r.unless);
    if (r.assumed) out += " assumed " + reason(*r.assumed);
    out += "\n";
}

void ast_provision(std::string& out, const ast::provision& p, const std::string& pad) {
    static const char* lv[] = {"article", "clause", "point"};
    out += pad + lv[static_cast<int>(p.lvl)] + " " + p.number + (p.title ? " \"" + *p.title + "\"" : "") + "\n";
    const std::string in = pad + "  ";
    for (const auto& t : p.texts) {
        out += in + (t.paraphrase ? "paraphrase (" : "text (") + std::to_string(utf8_length(t.value)) + " characters)\n";
    }
    for (const auto& f : p.source_files) out += in + "source file \"" + f.name + "\"\n";
    if (p.applies) out += in + "applies when " + ast_expr(*p.applies) + "\n";
    if (p.assumed) out += in + "assumed " + reason(*p.assumed) + "\n";
    if (p.number_assumed) out += in + "assumed number " + reason(*p.number_assumed) + "\n";
    for (const auto& d : p.decls) ast_decl(out, d, in);
    for (const auto& r : p.rules) ast_rule(out, r, in);
    for (const auto& c : p.children) ast_provision(out, c, in);
}

}  // namespace

std::string ast::citation_vi(const std::vector<const provision*>& chain) {
    std::string out;
    for (const auto* p : chain) {
        out += out.empty() ? "" : " ";
        out += p->lvl == level::article ? "Điều " : p->lvl == level::clause ? "khoản " : "điểm ";
        out += p->number;
    }
    return out;
}

std::string ast::citation_en(const std::vector<const provision*>& chain) {
    std::string out = "Art. ";
    for (const auto* p : chain) out += p->lvl == level::article ? p->number : "(" + p->number + ")";
    return out;
}

std::string print_ast(const ast::file& f) {
    static const char* kinds[] = {"script", "decree", "module"};
    std::string out = std::string(kinds[static_cast<int>(f.kind)]) + (f.citation.empty() ? "" : " \"" + f.citation + "\"") + "\n";
    for (const auto& sf : f.source_files) out += "  source file \"" + sf.name + "\"\n";
    if (f.follows) out += "follows \"" + *f.follows + "\"\n";
    for (const auto& o : f.omits) {
        out += "omits article " + o.target.article.value_or("?") + (o.target.clause ? " clause " + *o.target.clause : "") +
               (o.target.point ? " point " + *o.target.point : "") + " \"" + o.reason + "\"\n";
    }
    for (const auto& d : f.decls) ast_decl(out, d, "");
    for (const auto& r : f.loose_rules) ast_rule(out, r, "");
    for (const auto& a : f.articles) ast_provision(out, a, "");
    return out;
}

std::string print_expr(const ir::expr& e, const ir::program& p) {
    auto kids = [&](const char* op) {
        std::string out = std::string("(") + op;
        for (const auto& a : e.args) out += " " + print_expr(a, p);
        return out + ")";
    };
    switch (e.kind) {
        case ir::op::literal: return detail::show(e.lit);
        case ir::op::param: return "param:" + p.params[e.index].name;
        case ir::op::call:
            return e.args.empty() ? "def:" + p.defs[e.index].name : kids(("def:" + p.defs[e.index].name).c_str());
        case ir::op::local: return "$" + std::to_string(e.index);
        case ir::op::input: return p.input_name.empty() ? "input" : p.input_name;
        case ir::op::field: {
            const auto* t = e.args[0].ty;
            const std::string name = t != nullptr && t->kind == ir::tkind::record ? t->rec->fields[e.index].name : "?";
            return print_expr(e.args[0], p) + "." + name;
        }
        case ir::op::builtin: return kids(std::string(ir::builtins()[e.index].name).c_str());
        case ir::op::neg: return kids("neg");
        case ir::op::not_: return kids("not");
        case ir::op::add: return kids("+");
        case ir::op::sub: return kids("-");
        case ir::op::mul: return kids("*");
        case ir::op::div: return kids("/");
        case ir::op::eq: return kids("=");
        case ir::op::ne: return kids("!=");
        case ir::op::lt: return kids("<");
        case ir::op::le: return kids("<=");
        case ir::op::gt: return kids(">");
        case ir::op::ge: return kids(">=");
        case ir::op::in: return kids("in");
        case ir::op::not_in: return kids("not-in");
        case ir::op::and_: return kids("and");
        case ir::op::or_: return kids("or");
        case ir::op::if_: return kids("if");
        case ir::op::any: return kids(("any $" + std::to_string(e.index)).c_str());
        case ir::op::all: return kids(("all $" + std::to_string(e.index)).c_str());
        case ir::op::count: return kids(("count $" + std::to_string(e.index)).c_str());
        case ir::op::sum: return kids(("sum $" + std::to_string(e.index)).c_str());
        case ir::op::greatest: return kids(("greatest $" + std::to_string(e.index)).c_str());
        case ir::op::smallest: return kids(("smallest $" + std::to_string(e.index)).c_str());
        case ir::op::set: return kids("set");
        case ir::op::range: return kids("range");
    }
    return "?";
}

std::string print_ir(const ir::program& p) {
    std::string out;
    const auto& root = p.modules.front();
    out += (root.is_decree ? "decree \"" : "file \"") + root.citation + "\"\n";
    if (root.follows) out += "  follows \"" + *root.follows + "\"\n";
    for (const auto& o : root.omits) {
        out += "  omits Điều " + o.article + (o.clause ? " khoản " + *o.clause : "") + (o.point ? " điểm " + *o.point : "") +
               ": \"" + o.reason + "\"\n";
    }
    for (std::size_t m = 1; m < p.modules.size(); ++m) out += "  module " + p.modules[m].path + "\n";
    if (p.input != nullptr) out += "input " + p.input_name + " : " + ir::to_string(p.input) + "\n";
    for (const auto& prm : p.params) {
        if (prm.module != 0 && prm.set_loc.file == no_source) continue;
        out += "parameter " + (prm.module != 0 ? p.modules[prm.module].path + "." : "") + prm.name + " : " +
               ir::to_string(prm.ty) + (prm.value ? " = " + print_expr(*prm.value, p) : "") + "\n";
    }
    for (const auto& d : p.defs) {
        if (d.module != 0) continue;
        std::string args;
        for (const auto& [n, t] : d.args) args += (args.empty() ? "" : ", ") + n + " : " + ir::to_string(t);
        out += "definition " + d.name + (d.callable ? "(" + args + ")" : "") + " : " + ir::to_string(d.ty) +
               " = " + print_expr(d.body, p) + "\n";
    }
    std::function<void(std::uint32_t, const std::string&)> walk = [&](std::uint32_t i, const std::string& pad) {
        const auto& pr = p.provisions[i];
        out += pad + pr.citation_vi + " (" + pr.citation_en + ")" + (pr.title ? " \"" + *pr.title + "\"" : "") + "\n";
        if (pr.applies) out += pad + "  applies when " + print_expr(*pr.applies, p) + "\n";
        for (const auto r : pr.rules) {
            const auto& rule = p.rules[r];
            static const char* kinds[] = {"requires", "excludes when", "exception"};
            out += pad + "  #" + std::to_string(r) + " " + kinds[static_cast<int>(rule.kind)];
            if (rule.kind == ir::rule_kind::exception) {
                out += " to #" + std::to_string(rule.target) + " priority " + rule.priority.str();
                if (rule.when) out += " when " + print_expr(*rule.when, p);
                if (rule.test) out += " requires " + print_expr(*rule.test, p);
            } else if (rule.test) {
                out += " " + print_expr(*rule.test, p);
            }
            if (rule.unless) out += " unless " + print_expr(*rule.unless, p);
            if (!rule.exceptions.empty()) {
                out += "  [exceptions:";
                for (const auto x : rule.exceptions) out += " #" + std::to_string(x);
                out += "]";
            }
            out += "\n";
        }
        for (const auto c : pr.children) walk(c, pad + "  ");
    };
    for (const auto r : p.roots) walk(r, "");
    return out;
}

}  // namespace decree
