// Constant folding over the IR: parameter values, bounds (the enabling law's floors) and
// lint questions such as "is this `when` always false". Exact arithmetic only.
#include "checker.hpp"
#include "decree/lang/arith.hpp"

namespace decree::detail {

namespace {

std::optional<rational> number(const ir::constant& c) {
    if (const auto* i = std::get_if<big_int>(&c)) return rational(*i);
    if (const auto* r = std::get_if<rational>(&c)) return *r;
    return std::nullopt;
}

ir::constant normal_number(const rational& r, const ir::type* t) {
    if (t != nullptr && t->kind == ir::tkind::integer && denominator(r) == 1) return big_int(numerator(r));
    return r;
}

struct folder {
    const ir::program& p;
    int depth = 0;
    std::uint64_t steps = 0;

    std::optional<ir::constant> run(const ir::expr& e) {
        // Parameters used twice in each other's values would be folded exponentially often.
        if (++depth > 200 || ++steps > 10'000) return std::nullopt;
        struct guard { int& d; ~guard() { --d; } } g{depth};
        switch (e.kind) {
            case ir::op::literal: return e.lit;
            case ir::op::param: {
                const auto& prm = p.params[e.index];
                if (!prm.value) return std::nullopt;
                return run(*prm.value);
            }
            case ir::op::neg: {
                auto v = run(e.args[0]);
                if (!v) return std::nullopt;
                if (auto n = number(*v)) return normal_number(-*n, e.ty);
                if (const auto* d = std::get_if<duration>(&*v)) return duration{-d->months, -d->days};
                return std::nullopt;
            }
            case ir::op::not_: {
                auto v = run(e.args[0]);
                if (const auto* b = v ? std::get_if<bool>(&*v) : nullptr) return !*b;
                return std::nullopt;
            }
            case ir::op::and_:
            case ir::op::or_: {
                const bool is_and = e.kind == ir::op::and_;
                auto a = run(e.args[0]);
                auto b = run(e.args[1]);
                const auto* x = a ? std::get_if<bool>(&*a) : nullptr;
                const auto* y = b ? std::get_if<bool>(&*b) : nullptr;
                if ((x && *x != is_and) || (y && *y != is_and)) return !is_and;
                if (x && y) return is_and;
                return std::nullopt;
            }
            case ir::op::add: case ir::op::sub: case ir::op::mul: case ir::op::div: {
                auto a = run(e.args[0]);
                auto b = run(e.args[1]);
                if (!a || !b) return std::nullopt;
                // The evaluator's arithmetic; past max_number_bits (or dividing by zero) the value
                // is not folded: its evaluation reports the error.
                return arith::apply(e.kind, *a, *b, e.ty, p.rounding).value;
            }
            case ir::op::eq: case ir::op::ne: case ir::op::lt: case ir::op::le: case ir::op::gt: case ir::op::ge: {
                auto a = run(e.args[0]);
                auto b = run(e.args[1]);
                if (!a || !b) return std::nullopt;
                auto c = compare(*a, *b);
                if (!c) return std::nullopt;
                switch (e.kind) {
                    case ir::op::eq: return *c == 0;
                    case ir::op::ne: return *c != 0;
                    case ir::op::lt: return *c < 0;
                    case ir::op::le: return *c <= 0;
                    case ir::op::gt: return *c > 0;
                    default: return *c >= 0;
                }
            }
            case ir::op::if_: {
                auto c = run(e.args[0]);
                const auto* b = c ? std::get_if<bool>(&*c) : nullptr;
                if (b == nullptr) return std::nullopt;
                return run(e.args[*b ? 1 : 2]);
            }
            default: return std::nullopt;
        }
    }
};

}  // namespace

std::optional<ir::constant> fold(const ir::expr& e, const ir::program& p) {
    folder f{p};
    return f.run(e);
}

std::optional<int> compare(const ir::constant& a, const ir::constant& b) { return ir::order(a, b); }

std::string show(const ir::constant& c) {
    return std::visit(
        [](const auto& v) -> std::string {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
            else if constexpr (std::is_same_v<V, big_int>) return v.str();
            else if constexpr (std::is_same_v<V, rational>) return denominator(v) == 1 ? numerator(v).str() : numerator(v).str() + "/" + denominator(v).str();
            else if constexpr (std::is_same_v<V, date>) return v.iso();
            else if constexpr (std::is_same_v<V, duration>) return v.literal();
            else if constexpr (std::is_same_v<V, std::string>) return "\"" + v + "\"";
            else if constexpr (std::is_same_v<V, ir::law_article>) return v.code + " " + v.number.str();
            else return v.en != nullptr ? v.en->variants[static_cast<std::size_t>(v.index)] : "?";
        },
        c);
}

}  // namespace decree::detail
