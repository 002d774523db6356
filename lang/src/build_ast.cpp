// Stage 2: parse tree -> AST. Converts literals (dates, numbers, strings), checks shapes that
// the grammar cannot (impossible dates, point letters, expression depth) and keeps going.
#include <algorithm>
#include <charconv>

#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "grammar/grammar.hpp"
#include "parse.hpp"

namespace decree::detail {

namespace g = grammar;

namespace {

constexpr std::size_t max_chain = 1000;  // operands in one operator chain

class builder {
public:
    builder(const source_file& file, diagnostic_sink& sink) : m_file(file), m_sink(sink) {}

    ast::file build(const parse_node& root);

private:
    const source_file& m_file;
    diagnostic_sink& m_sink;

    // ---- spans and leaves --------------------------------------------------------------
    // The span of [n] without trailing blanks and comments: up to the end of its last leaf.
    span loc(const parse_node& n) const {
        return span{m_file.id(), static_cast<std::uint32_t>(n.begin().byte), last_end(n)};
    }
    static std::uint32_t last_end(const parse_node& n) {
        if (n.children.empty()) {
            // A leaf's content may end with blanks when the rule owns them; trim.
            auto sv = n.string_view();
            std::size_t len = sv.size();
            while (len > 0 && (sv[len - 1] == ' ' || sv[len - 1] == '\t' ||
                               sv[len - 1] == '\n' || sv[len - 1] == '\r')) {
                --len;
            }
            if (len == 0) return static_cast<std::uint32_t>(n.end().byte);
            return static_cast<std::uint32_t>(n.begin().byte + len);
        }
        return last_end(*n.children.back());
    }
    ast::ident ident_of(const parse_node& n) const {
        return ast::ident{n.string(), loc(n)};
    }
    std::string unescape(const parse_node& n) const;
    big_int integer(const parse_node& n);
    bool too_long(const parse_node& n, std::size_t digits);
    date date_of(const parse_node& n);
    std::string keyword_text(const parse_node& n) const { return std::string(n.string_view()); }

    // ---- expressions -------------------------------------------------------------------
    ast::expr_ptr expr(const parse_node& n);
    ast::expr_ptr make(span where, auto kind) {
        auto e = std::make_unique<ast::expr>();
        e->loc = where;
        e->kind = std::move(kind);
        return e;
    }
    ast::expr_ptr chain(const parse_node& n, bool with_ops);
    ast::expr_ptr comparison(const parse_node& n);
    ast::expr_ptr postfix(const parse_node& n);
    ast::expr_ptr operand(const parse_node& n);
    ast::expr_ptr literal_duration(const parse_node& n);
    ast::expr_ptr law_ref(const parse_node& n);
    ast::expr_ptr quantified(const parse_node& n);
    ast::expr_ptr set_lit(const parse_node& n);
    ast::expr_ptr too_deep(const parse_node& n);

    // ---- types and declarations --------------------------------------------------------
    ast::type_expr type(const parse_node& n);
    ast::type_expr annotation(const parse_node& n) { return type(*n.children.front()); }
    std::optional<text> assumed_of(const parse_node& n) {
        for (const auto& c : n.children) {
            if (c->is_type<g::assumed>()) return reason_of(*c);
        }
        return std::nullopt;
    }
    // The reason of `assumed` or `assumed number`: `"Vietnamese" / "English"`, or one string
    // for both.
    text reason_of(const parse_node& n) const {
        const auto& first = *n.children.front();
        const auto& last = *n.children.back();
        if (&first == &last) return text::same(unescape(first));
        return text{unescape(last), unescape(first)};
    }
    bool declaration(const parse_node& n, std::vector<ast::decl>& out);
    ast::param_decl parameter(const parse_node& n);
    ast::display_label label_of(const parse_node& n);
    ast::def_decl definition(const parse_node& n);
    ast::rule rule(const parse_node& n);
    ast::provision_ref provision_ref(const parse_node& n);
    ast::provision provision(const parse_node& n, ast::level lvl);
    ast::legal_text legal_text(const parse_node& n);
    ast::source_file_ref source_file_ref(const parse_node& n) {
        const auto& name = *n.children.front();
        return ast::source_file_ref{unescape(name), loc(name)};
    }
    void header(const parse_node& n, ast::file& out);
};

std::string builder::unescape(const parse_node& n) const {
    auto sv = n.string_view();
    std::string out;
    out.reserve(sv.size());
    // INVARIANT: the grammar guarantees the quotes and valid escapes.
    for (std::size_t i = 1; i + 1 < sv.size(); ++i) {
        if (sv[i] == '\\') {
            ++i;
            out += sv[i] == 'n' ? '\n' : sv[i];
        } else if (sv[i] != '\r') {
            out += sv[i];
        }
    }
    return out;
}

// Numbers are exact, of any size, but a literal has at most max_literal_digits digits: longer
// is a mistake, and reading it would take time quadratic in its length.
bool builder::too_long(const parse_node& n, std::size_t digits) {
    if (digits <= max_literal_digits) return false;
    m_sink.error(code::E0122, loc(n),
                 say(msg::syn_number_too_long, {digits, max_literal_digits}),
                 say(msg::syn_number_too_long_hint, {max_literal_digits}));
    return true;
}

big_int builder::integer(const parse_node& n) {
    const auto sv = n.string_view();
    if (too_long(n, static_cast<std::size_t>(std::count_if(sv.begin(), sv.end(), [](char c) { return c != '_'; })))) {
        return 0;
    }
    big_int v = 0;
    for (const char c : sv) {
        if (c >= '0' && c <= '9') v = v * 10 + (c - '0');
    }
    return v;
}

date builder::date_of(const parse_node& n) {
    const auto sv = n.string_view();
    const auto dash = sv.find('-');  // after the year, which has 4 digits or more
    auto num = [&](std::size_t at, std::size_t len) {
        std::int64_t v = 0;
        std::from_chars(sv.data() + at, sv.data() + at + len, v);
        return v;
    };
    const std::int64_t year = dash == 4 ? num(0, 4) : 0;
    if (auto d = date::from_ymd(year, num(dash + 1, 2), num(dash + 4, 2))) return *d;
    if (year == 0) {
        m_sink.error(code::E0401, loc(n), say(msg::syn_date_out_of_range, {sv}), say(msg::syn_date_range_hint));
    } else {
        m_sink.error(code::E0401, loc(n), say(msg::syn_impossible_date, {sv}), say(msg::syn_impossible_date_hint));
    }
    return date{};
}

ast::expr_ptr builder::too_deep(const parse_node& n) {
    m_sink.error(code::E0105, loc(n), say(msg::syn_expression_too_long), say(msg::syn_split_expression));
    return make(loc(n), ast::bool_lit{false});
}

ast::expr_ptr builder::expr(const parse_node& n) {
    if (n.is_type<g::disjunction>() || n.is_type<g::conjunction>()) return chain(n, false);
    if (n.is_type<g::sum_expr>() || n.is_type<g::product>()) return chain(n, true);
    if (n.is_type<g::comparison>()) return comparison(n);
    if (n.is_type<g::negation>()) {
        return make(loc(n), ast::unary{ast::unary_op::not_, expr(*n.children.front())});
    }
    if (n.is_type<g::operand>()) return operand(n);
    if (n.is_type<g::postfix>()) return postfix(n);
    if (n.is_type<g::paren>()) {
        auto inner = expr(*n.children.front());
        inner->loc = loc(n);  // through the closing parenthesis
        return inner;
    }
    if (n.is_type<g::name_token>()) return make(loc(n), ast::name{ident_of(n)});
    if (n.is_type<g::digits>()) return make(loc(n), ast::int_lit{integer(n)});
    if (n.is_type<g::decimal_value>()) {
        const auto sv = n.string_view();
        const auto dot = sv.find('.');
        big_int whole = 0, frac = 0, scale = 1;
        if (too_long(n, static_cast<std::size_t>(std::count_if(sv.begin(), sv.end(), [](char c) { return c >= '0' && c <= '9'; })))) {
            return make(loc(n), ast::decimal_lit{rational(0), n.string()});
        }
        for (std::size_t i = 0; i < dot; ++i) {
            if (sv[i] != '_') whole = whole * 10 + (sv[i] - '0');
        }
        for (std::size_t i = dot + 1; i < sv.size(); ++i) {
            frac = frac * 10 + (sv[i] - '0');
            scale *= 10;
        }
        return make(loc(n), ast::decimal_lit{rational(whole) + rational(frac, scale), n.string()});
    }
    if (n.is_type<g::date_value>()) return make(loc(n), ast::date_lit{date_of(n)});
    if (n.is_type<g::string_raw>()) return make(loc(n), ast::string_lit{unescape(n)});
    if (n.is_type<g::true_lit>()) return make(loc(n), ast::bool_lit{true});
    if (n.is_type<g::false_lit>()) return make(loc(n), ast::bool_lit{false});
    if (n.is_type<g::money_lit>()) {
        return make(loc(n), ast::money_lit{integer(*n.children.front())});
    }
    if (n.is_type<g::duration_lit>()) return literal_duration(n);
    if (n.is_type<g::law_ref>()) return law_ref(n);
    if (n.is_type<g::set_lit>()) return set_lit(n);
    if (n.is_type<g::quantified>()) return quantified(n);
    if (n.is_type<g::conditional>()) {
        return make(loc(n), ast::conditional{expr(*n.children[0]), expr(*n.children[1]),
                                             expr(*n.children[2])});
    }
    // INVARIANT: the selector only produces the node kinds handled above in expressions.
    return make(loc(n), ast::bool_lit{false});
}

ast::expr_ptr builder::chain(const parse_node& n, bool with_ops) {
    if (n.children.size() > 2 * max_chain) return too_deep(n);
    const bool is_or = n.is_type<g::disjunction>();
    auto acc = expr(*n.children.front());
    for (std::size_t i = 1; i < n.children.size();) {
        ast::binary_op op = is_or ? ast::binary_op::or_ : ast::binary_op::and_;
        span op_loc = loc(n);
        if (with_ops) {
            const auto& o = *n.children[i++];
            op_loc = loc(o);
            op = o.is_type<g::op_add>()   ? ast::binary_op::add
                 : o.is_type<g::op_sub>() ? ast::binary_op::sub
                 : o.is_type<g::op_mul>() ? ast::binary_op::mul
                 : o.is_type<g::op_div>() ? ast::binary_op::div
                                          : ast::binary_op::of;
        }
        auto rhs = expr(*n.children[i++]);
        const span where{m_file.id(), acc->loc.begin, rhs->loc.end};
        acc = make(where, ast::binary{op, std::move(acc), std::move(rhs), op_loc});
    }
    return acc;
}

ast::expr_ptr builder::comparison(const parse_node& n) {
    const auto& o = *n.children[1];
    const ast::binary_op op = o.is_type<g::op_le>()   ? ast::binary_op::le
                              : o.is_type<g::op_ge>() ? ast::binary_op::ge
                              : o.is_type<g::op_ne>() ? ast::binary_op::ne
                              : o.is_type<g::op_lt>() ? ast::binary_op::lt
                              : o.is_type<g::op_gt>() ? ast::binary_op::gt
                              : o.is_type<g::op_eq>() ? ast::binary_op::eq
                              : o.is_type<g::op_in>() ? ast::binary_op::in
                                                      : ast::binary_op::not_in;
    return make(loc(n), ast::binary{op, expr(*n.children[0]), expr(*n.children[2]), loc(o)});
}

ast::expr_ptr builder::operand(const parse_node& n) {
    // [op_neg...] postfix
    if (n.children.size() > max_chain) return too_deep(n);
    auto e = expr(*n.children.back());
    for (std::size_t i = n.children.size() - 1; i-- > 0;) {
        const span where{m_file.id(), static_cast<std::uint32_t>(n.children[i]->begin().byte),
                         e->loc.end};
        e = make(where, ast::unary{ast::unary_op::neg, std::move(e)});
    }
    return e;
}

ast::expr_ptr builder::postfix(const parse_node& n) {
    if (n.children.size() > max_chain) return too_deep(n);
    auto e = expr(*n.children.front());
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const auto& op = *n.children[i];
        const span where{m_file.id(), e->loc.begin, last_end(op)};
        if (op.is_type<g::field_access>()) {
            e = make(where, ast::field{std::move(e), ident_of(*op.children.front())});
        } else {
            ast::call c{std::move(e), {}};
            for (const auto& a : op.children) {
                if (!a->is_type<g::close_paren>()) c.args.push_back(expr(*a));
            }
            e = make(where, std::move(c));
        }
    }
    return e;
}

ast::expr_ptr builder::literal_duration(const parse_node& n) {
    duration d;
    for (const auto& part : n.children) {
        const big_int v = integer(*part->children[0]);
        const auto& unit = *part->children[1];
        if (unit.is_type<g::unit_years>()) {
            d.months += v * 12;
        } else if (unit.is_type<g::unit_months>()) {
            d.months += v;
        } else {
            d.days += v;
        }
    }
    return make(loc(n), ast::duration_lit{d.normalized()});
}

ast::expr_ptr builder::law_ref(const parse_node& n) {
    ast::law_ref_lit r{ident_of(*n.children[0]), integer(*n.children[1]), std::nullopt};
    if (n.children.size() > 2) r.last = integer(*n.children[2]);
    return make(loc(n), std::move(r));
}

ast::expr_ptr builder::quantified(const parse_node& n) {
    const auto& k = *n.children[0];
    const ast::quantifier q = k.is_type<g::q_any>()   ? ast::quantifier::any
                              : k.is_type<g::q_all>() ? ast::quantifier::all
                              : k.is_type<g::q_count>() ? ast::quantifier::count
                              : k.is_type<g::q_sum>()   ? ast::quantifier::sum
                              : k.is_type<g::q_greatest>() ? ast::quantifier::greatest
                                                           : ast::quantifier::smallest;
    ast::quantified out{q, ident_of(*n.children[1]), expr(*n.children[2]), nullptr};
    if (n.children.size() > 3) out.body = expr(*n.children[3]);
    return make(loc(n), std::move(out));
}

ast::expr_ptr builder::set_lit(const parse_node& n) {
    ast::set_lit s;
    for (const auto& el : n.children) {
        if (el->is_type<g::close_brace>()) continue;
        ast::set_elem e{expr(*el->children[0]), nullptr};
        if (el->children.size() > 1) e.hi = expr(*el->children[1]);
        s.elems.push_back(std::move(e));
    }
    return make(loc(n), std::move(s));
}

ast::type_expr builder::type(const parse_node& n) {
    ast::type_expr t;
    t.loc = loc(n);
    if (n.is_type<g::list_type>() || n.is_type<g::set_type>()) {
        t.shape = n.is_type<g::list_type>() ? ast::type_expr::form::list : ast::type_expr::form::set;
        t.element = std::make_unique<ast::type_expr>(type(*n.children.front()));
    } else if (n.is_type<g::name_token>()) {
        t.shape = ast::type_expr::form::named;
        t.named = ident_of(n);
    } else {
        t.shape = ast::type_expr::form::builtin;
        t.builtin = n.is_type<g::t_bool>()       ? "bool"
                    : n.is_type<g::t_integer>()  ? "integer"
                    : n.is_type<g::t_decimal>()  ? "decimal"
                    : n.is_type<g::t_money>()    ? "money"
                    : n.is_type<g::t_fraction>() ? "fraction"
                    : n.is_type<g::t_date>()     ? "date"
                    : n.is_type<g::t_duration>() ? "duration"
                    : n.is_type<g::t_string>()   ? "string"
                                                 : "law article";
    }
    return t;
}

// `"Vietnamese" / "English"`: label_vi, then label_en (`/`, its string).
ast::display_label builder::label_of(const parse_node& n) {
    ast::display_label l;
    l.loc = loc(n);
    for (const auto& c : n.children) {
        if (c->is_type<g::label_vi>()) l.vi = unescape(*c->children.front());
        if (c->is_type<g::label_en>()) l.en = unescape(*c->children.back());
    }
    return l;
}

ast::param_decl builder::parameter(const parse_node& n) {
    ast::param_decl p;
    p.id = ident_of(*n.children[0]);
    p.loc = loc(n);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const auto& c = *n.children[i];
        if (c.is_type<g::type_annotation>()) p.type = annotation(c);
        if (c.is_type<g::display_label>()) p.label = label_of(c);
        if (c.is_type<g::param_value>()) p.value = expr(*c.children.front());
        if (c.is_type<g::at_least>()) p.at_least = expr(*c.children.front());
        if (c.is_type<g::at_most>()) p.at_most = expr(*c.children.front());
    }
    p.assumed = assumed_of(n);
    return p;
}

ast::def_decl builder::definition(const parse_node& n) {
    ast::def_decl d;
    d.id = ident_of(*n.children[0]);
    d.loc = loc(n);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const auto& c = *n.children[i];
        if (c.is_type<g::arg_list>()) {
            d.has_args = true;
            for (const auto& a : c.children) {
                d.args.push_back({ident_of(*a->children[0]), annotation(*a->children[1])});
            }
        } else if (c.is_type<g::type_annotation>()) {
            d.type = annotation(c);
        } else if (c.is_type<g::display_label>()) {
            d.label = label_of(c);
        } else if (!c.is_type<g::assumed>()) {
            d.body = expr(c);
        }
    }
    d.assumed = assumed_of(n);
    return d;
}

bool builder::declaration(const parse_node& n, std::vector<ast::decl>& out) {
    if (n.is_type<g::parameter>()) {
        out.emplace_back(parameter(n));
    } else if (n.is_type<g::definition>()) {
        out.emplace_back(definition(n));
    } else if (n.is_type<g::set_decl>()) {
        ast::set_decl s;
        for (const auto& part : n.children.front()->children) s.target.push_back(ident_of(*part));
        s.value = expr(*n.children[1]);
        s.assumed = assumed_of(n);
        s.loc = loc(n);
        out.emplace_back(std::move(s));
    } else if (n.is_type<g::record_decl>() || n.is_type<g::extend_decl>()) {
        ast::record_decl r{ident_of(*n.children[0]), {}, loc(n), n.is_type<g::extend_decl>()};
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const auto& f = *n.children[i];
            std::size_t k = 1;
            ast::display_label label;
            if (f.children[k]->is_type<g::display_label>()) label = label_of(*f.children[k++]);
            ast::field_decl fd{ident_of(*f.children[0]), annotation(*f.children[k]), {}, std::move(label)};
            if (f.children.size() > k + 1) fd.doc = unescape(*f.children[k + 1]);
            r.fields.push_back(std::move(fd));
        }
        out.emplace_back(std::move(r));
    } else if (n.is_type<g::enum_decl>()) {
        ast::enum_decl e{ident_of(*n.children[0]), {}, loc(n)};
        for (std::size_t i = 1; i < n.children.size(); ++i) {
            const auto& v = *n.children[i];
            ast::variant_decl vd{ident_of(*v.children[0]), {}, {}};
            if (v.children.size() > 1) {
                auto label = label_of(*v.children[1]);
                vd.label = std::move(label.vi);
                vd.label_en = std::move(label.en);
            }
            e.variants.push_back(std::move(vd));
        }
        out.emplace_back(std::move(e));
    } else if (n.is_type<g::code_decl>()) {
        ast::code_decl c{ident_of(*n.children[0]), unescape(*n.children[1]), {}, loc(n)};
        if (n.children.size() > 2) c.title = unescape(*n.children[2]);
        out.emplace_back(std::move(c));
    } else if (n.is_type<g::input_decl>()) {
        out.emplace_back(ast::input_decl{ident_of(*n.children[0]), annotation(*n.children[1]), loc(n)});
    } else if (n.is_type<g::import_decl>()) {
        ast::import_decl im;
        im.loc = loc(n);
        const auto& target = *n.children[0];
        if (target.is_type<g::string_raw>()) {
            im.path = unescape(target);
            im.relative = true;
        } else {
            for (const auto& part : target.children) {
                if (!im.path.empty()) im.path += '/';
                im.path += part->string();
            }
        }
        if (n.children.size() > 1) im.alias = ident_of(*n.children[1]->children.front());
        out.emplace_back(std::move(im));
    } else {
        return false;
    }
    return true;
}

ast::provision_ref builder::provision_ref(const parse_node& n) {
    ast::provision_ref r;
    r.loc = loc(n);
    for (const auto& part : n.children) {
        const std::string v = part->children.front()->string();
        if (part->is_type<g::ref_article>()) r.article = v;
        if (part->is_type<g::ref_clause>()) r.clause = v;
        if (part->is_type<g::ref_point>()) r.point = v;
    }
    return r;
}

ast::rule builder::rule(const parse_node& n) {
    ast::rule r;
    r.loc = loc(n);
    r.keyword_loc = span{m_file.id(), static_cast<std::uint32_t>(n.begin().byte),
                         static_cast<std::uint32_t>(n.begin().byte)};
    const auto sv = n.string_view();
    r.keyword_loc.end += static_cast<std::uint32_t>(
        std::min(sv.size(), sv.find_first_of(" \t\r\n") == std::string_view::npos
                                ? sv.size()
                                : sv.find_first_of(" \t\r\n")));
    r.assumed = assumed_of(n);
    r.body = r.loc;
    if (r.assumed && n.children.size() > 1) r.body.end = last_end(*n.children[n.children.size() - 2]);
    if (n.is_type<g::exception_rule>()) {
        r.kind = ast::rule_kind::exception;
        for (const auto& c : n.children) {
            if (c->is_type<g::provision_ref>()) r.target = provision_ref(*c);
            if (c->is_type<g::priority_value>()) r.priority = integer(*c->children.front());
            if (c->is_type<g::exception_when>()) r.when = expr(*c->children.front());
            if (c->is_type<g::exception_requires>()) r.test = expr(*c->children.front());
        }
        return r;
    }
    r.kind = n.is_type<g::requires_rule>() ? ast::rule_kind::condition : ast::rule_kind::exclusion;
    r.test = expr(*n.children.front());
    for (const auto& c : n.children) {
        if (c->is_type<g::unless_clause>()) r.unless = expr(*c->children.front());
    }
    return r;
}

// `text "..." {"..."}` or `paraphrase "..." {"..."}`: the strings joined with nothing between.
ast::legal_text builder::legal_text(const parse_node& n) {
    ast::legal_text t;
    t.paraphrase = n.is_type<g::paraphrase_item>();
    for (const auto& s : n.children) t.value += unescape(*s);
    t.loc = span{m_file.id(), static_cast<std::uint32_t>(n.children.front()->begin().byte),
                 last_end(*n.children.back())};
    return t;
}

ast::provision builder::provision(const parse_node& n, ast::level lvl) {
    ast::provision p;
    p.lvl = lvl;
    const auto& num = *n.children.front();
    p.number = num.string();
    p.number_loc = loc(num);
    p.loc = span{m_file.id(), static_cast<std::uint32_t>(n.begin().byte), p.number_loc.end};
    p.extent = loc(n);
    if (lvl == ast::level::point) {
        static const std::vector<std::string> letters = {
            "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
            "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
        if (std::find(letters.begin(), letters.end(), p.number) == letters.end()) {
            m_sink.error(code::E0406, p.number_loc, say(msg::syn_invalid_point_letter, {p.number}),
                         say(msg::syn_point_letters_hint, {"a, b, c, d, đ, e, g, h, i, k, ..."}));
        }
    }
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const auto& c = *n.children[i];
        if (c.is_type<g::string_raw>()) {
            p.title = unescape(c);
        } else if (c.is_type<g::text_item>() || c.is_type<g::paraphrase_item>()) {
            p.texts.push_back(legal_text(c));
        } else if (c.is_type<g::source_file_item>()) {
            p.source_files.push_back(source_file_ref(c));
        } else if (c.is_type<g::source_item>()) {
            p.sources.push_back(unescape(*c.children.front()));
        } else if (c.is_type<g::applies_item>()) {
            auto cond = expr(*c.children.front());
            if (p.applies) {  // several `applies when` all apply
                const span where{m_file.id(), p.applies->loc.begin, cond->loc.end};
                const span op = cond->loc;
                cond = make(where, ast::binary{ast::binary_op::and_, std::move(p.applies), std::move(cond), op});
            }
            p.applies = std::move(cond);
        } else if (c.is_type<g::assumed>()) {
            p.assumed = reason_of(c);
        } else if (c.is_type<g::assumed_number>()) {
            p.number_assumed = reason_of(c);
            p.number_assumed_loc = loc(c);
        } else if (c.is_type<g::must_exclude>()) {
            p.must_exclude.push_back(ident_of(*c.children.front()));
        } else if (c.is_type<g::requires_rule>() || c.is_type<g::excludes_rule>() ||
                   c.is_type<g::exception_rule>()) {
            p.rules.push_back(rule(c));
        } else if (c.is_type<g::clause>()) {
            p.children.push_back(provision(c, ast::level::clause));
        } else if (c.is_type<g::point>()) {
            p.children.push_back(provision(c, ast::level::point));
        } else {
            declaration(c, p.decls);
        }
    }
    return p;
}

void builder::header(const parse_node& n, ast::file& out) {
    out.kind = n.is_type<g::decree_header>() ? ast::file_kind::decree : ast::file_kind::module;
    out.citation = unescape(*n.children.front());
    out.header_loc = loc(*n.children.front());
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const auto& m = *n.children[i];
        const auto& v = *m.children.front();
        if (m.is_type<g::meta_follows>()) {
            out.follows = unescape(v);
            out.follows_loc = loc(m);
        }
        if (m.is_type<g::meta_omits>()) out.omits.push_back({provision_ref(v), unescape(*m.children.back()), loc(m)});
        if (m.is_type<g::meta_under>()) {
            out.under.emplace();
            for (const auto& part : v.children) {
                if (!out.under->empty()) *out.under += '/';
                *out.under += part->string();
            }
            out.under_loc = loc(m);
        }
        if (m.is_type<g::meta_title>()) out.title = unescape(v);
        if (m.is_type<g::meta_source>()) out.sources.push_back(unescape(v));
        if (m.is_type<g::meta_source_file>()) out.source_files.push_back(source_file_ref(m));
        if (m.is_type<g::meta_signed>()) out.signed_on = date_of(v);
        if (m.is_type<g::meta_effective>()) out.effective_on = date_of(v);
    }
}

ast::file builder::build(const parse_node& root) {
    ast::file out;
    out.source = m_file.id();
    const parse_node& f = root.children.empty() ? root : *root.children.front();
    for (const auto& c : f.children) {
        if (c->is_type<g::decree_header>() || c->is_type<g::module_header>()) {
            header(*c, out);
        } else if (c->is_type<g::article>()) {
            out.articles.push_back(provision(*c, ast::level::article));
        } else if (c->is_type<g::rounding_decl>()) {
            out.rounding = c->children.front()->is_type<g::round_up>() ? date_rounding::up
                                                                       : date_rounding::down;
        } else if (c->is_type<g::requires_rule>() || c->is_type<g::excludes_rule>() ||
                   c->is_type<g::exception_rule>()) {
            out.loose_rules.push_back(rule(*c));
        } else if (c->is_type<g::text_item>() || c->is_type<g::paraphrase_item>()) {
            // A file-level text (preamble) documents the file; it carries no rule.
            out.texts.push_back(legal_text(*c));
        } else {
            declaration(*c, out.decls);
        }
    }
    return out;
}

}  // namespace

ast::file build_ast(const source_file& file, const parse_node& root, diagnostic_sink& sink) {
    return builder(file, sink).build(root);
}

}  // namespace decree::detail
