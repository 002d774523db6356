// The compiled evaluator (fast.hpp). Its rules mirror eval.cpp's, operation by operation; the
// comments name where they differ in representation, never in result.
//
// Values: every number is an exact fraction of two int64 (whole numbers have denominator 1),
// durations are (months, days), dates days since 1970-01-01, strings views into the parser's
// buffer or the program's constants. An unknown value carries what the general evaluator's
// `unknown` carries: the facts that would decide it (as the slots of the decoded record they
// are missing from; their paths are spelled out only when shown) and the values it may take
// (`options`). Where that evaluator would raise an error, or a field is read from a value that
// may be one of several records, this one declines the record instead.
#include "fast.hpp"

#include "quarters.hpp"
#include "decree/lang/provenance.hpp"
#include "report.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <limits>
#include <numeric>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace decree::eval::fast {

namespace {

namespace ch = std::chrono;
__extension__ typedef __int128 i128;  // products of two 64-bit numbers, exactly

// Thrown to decline the record being decided.
struct decline {};
[[noreturn]] void give_up() { throw decline{}; }

enum class tag : std::uint8_t { unk, boolean, num, date, dur, str, art, en, rec, list, set };

// One value: [a] and [b] by tag (num: numerator, denominator > 0; dur: months, days; date: days;
// str: length; art: code index, article number; en: index; list: length), [p] a pointer
// (str: characters; rec and list: the values; set: a set_value; en: the enum type).
//
// Values are written field by field where they are made; a copy made soon after by two 16-byte
// loads (what the compiler emits for a trivial copy) cannot take its data from those narrower
// stores and stalls (store forwarding). So a copy moves the fields one by one.
struct fv {
    tag t = tag::unk;
    std::int64_t a = 0;
    std::int64_t b = 0;
    const void* p = nullptr;

    fv() = default;
    fv(tag t_, std::int64_t a_, std::int64_t b_, const void* p_) : t(t_), a(a_), b(b_), p(p_) {}
    fv(const fv& o) noexcept { copy(o); }
    fv& operator=(const fv& o) noexcept {
        copy(o);
        return *this;
    }

private:
    [[gnu::always_inline]] void copy(const fv& o) noexcept {
        std::int64_t a_ = o.a, b_ = o.b;
        const void* p_ = o.p;
        asm("" : "+r"(a_), "+r"(b_), "+r"(p_));  // keeps the copy in general registers
        t = o.t;
        a = a_;
        b = b_;
        p = p_;
    }
};

// An unknown (tag::unk) says what would decide it: [p] null, nothing; [b] 0, one fact, [p] the
// slot of the decoded record it is missing from; [b] 1, [p] an unk_info. A list decoded from
// the record has its slot in [b] (its path, for `greatest` over no elements).
struct unk_info {
    const fv* const* missing = nullptr;  // slots, in first-seen order, no repeats
    std::uint32_t n_missing = 0;
    std::uint32_t n_options = 0;  // 0: no options; else at least 2
    const fv* options = nullptr;
};

// The missing facts of an unknown, or of several merged.
struct miss {
    const fv* const* at = nullptr;
    std::uint32_t n = 0;
};

constexpr std::size_t max_options = 8;  // as eval.cpp

fv boolean(bool v) { return {tag::boolean, v ? 1 : 0, 0, nullptr}; }
fv whole(std::int64_t v) { return {tag::num, v, 1, nullptr}; }
fv dur_of(std::int64_t m, std::int64_t d) { return {tag::dur, m, d, nullptr}; }
fv date_of(std::int64_t days) { return {tag::date, days, 0, nullptr}; }

struct set_value {
    const fv* items = nullptr;
    std::size_t n = 0;
    const std::pair<fv, fv>* ranges = nullptr;
    std::size_t nr = 0;
    bool whole_numbers = false;  // every element and bound is a whole number (the usual article sets)
};

// --- exact int64 arithmetic; anything beyond declines ------------------------------------------

std::int64_t narrow(i128 v) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) give_up();
    return static_cast<std::int64_t>(v);
}
std::int64_t add64(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_add_overflow(x, y, &r)) give_up();
    return r;
}
std::int64_t sub64(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_sub_overflow(x, y, &r)) give_up();
    return r;
}
std::int64_t mul64(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_mul_overflow(x, y, &r)) give_up();
    return r;
}

i128 abs128(i128 v) { return v < 0 ? -v : v; }
i128 gcd128(i128 x, i128 y) {
    x = abs128(x);
    y = abs128(y);
    while (y != 0) {
        const i128 t = x % y;
        x = y;
        y = t;
    }
    return x;
}

// n/d in lowest terms with a positive denominator; [d] is not zero.
fv fraction(i128 n, i128 d) {
    if (d < 0) {
        n = -n;
        d = -d;
    }
    if (d != 1) {
        const i128 g = gcd128(n, d);
        if (g > 1) {
            n /= g;
            d /= g;
        }
    }
    return {tag::num, narrow(n), narrow(d), nullptr};
}

fv num_add(const fv& x, const fv& y, bool plus) {
    if (x.b == 1 && y.b == 1) return whole(plus ? add64(x.a, y.a) : sub64(x.a, y.a));
    const i128 n1 = static_cast<i128>(x.a) * y.b, n2 = static_cast<i128>(y.a) * x.b;
    return fraction(plus ? n1 + n2 : n1 - n2, static_cast<i128>(x.b) * y.b);
}
fv num_mul(const fv& x, const fv& y) {
    if (x.b == 1 && y.b == 1) return whole(mul64(x.a, y.a));
    return fraction(static_cast<i128>(x.a) * y.a, static_cast<i128>(x.b) * y.b);
}
fv num_div(const fv& x, const fv& y) {
    if (y.a == 0) give_up();  // E0503, the general evaluator's to report
    return fraction(static_cast<i128>(x.a) * y.b, static_cast<i128>(x.b) * y.a);
}
int sign(i128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

// --- durations and dates, as values.cpp --------------------------------------------------------

std::int64_t total_days(const fv& d) { return add64(mul64(d.a, 30), d.b); }

std::pair<std::int64_t, std::int64_t> key(const fv& d) {
    std::int64_t m = d.a, days = d.b;
    if (days < 0) {
        const std::int64_t k = (-days + 29) / 30;
        m = sub64(m, k);
        days += 30 * k;
    } else if (days > 30) {
        const std::int64_t k = days / 30;
        m = add64(m, k);
        days -= 30 * k;
    }
    return {m, days};
}

fv normalized(std::int64_t months, std::int64_t days) {
    const std::int64_t total = add64(mul64(months, 30), days);
    const bool neg = total < 0;
    const std::int64_t a = neg ? -total : total;
    return neg ? dur_of(-(a / 30), -(a % 30)) : dur_of(a / 30, a % 30);
}

fv scale(const fv& d, const fv& f) {
    const i128 n = static_cast<i128>(total_days(d)) * f.a;
    const i128 q = f.b;
    i128 whole_days = n / q;
    if (whole_days * q != n && n > 0) whole_days += 1;
    const std::int64_t w = narrow(whole_days);
    return dur_of(w / 30, w % 30);
}

ch::year_month_day ymd_of(std::int64_t days) { return ch::year_month_day{ch::sys_days{ch::days{days}}}; }

// add() of values.cpp: months first (the day rounded by [policy] when it does not exist), then days.
bool add_date(std::int64_t day, std::int64_t months, std::int64_t days, date_rounding policy, std::int64_t& out) {
    const auto ymd = ymd_of(day);
    const i128 total = static_cast<i128>(static_cast<int>(ymd.year())) * 12 + (static_cast<unsigned>(ymd.month()) - 1) + months;
    if (total < 12 || total >= static_cast<i128>(10000) * 12) return false;
    const auto y = static_cast<int>(total / 12);
    const auto m = static_cast<unsigned>(total % 12) + 1;
    const ch::year_month_day_last last{ch::year{y}, ch::month_day_last{ch::month{m}}};
    const auto day_of = static_cast<unsigned>(ymd.day());
    ch::sys_days base;
    if (day_of > static_cast<unsigned>(last.day())) {
        if (policy == date_rounding::reject) return false;
        base = policy == date_rounding::down ? ch::sys_days{last} : ch::sys_days{last} + ch::days{1};
    } else {
        base = ch::sys_days{ch::year_month_day{ch::year{y}, ch::month{m}, ch::day{day_of}}};
    }
    if (days > 100000000 || days < -100000000) return false;
    const auto result = base + ch::days{static_cast<long>(days)};
    const ch::year_month_day check{result};
    if (static_cast<int>(check.year()) < 1 || static_cast<int>(check.year()) > 9999) return false;
    out = result.time_since_epoch().count();
    return true;
}

fv between(std::int64_t from, std::int64_t to) {
    if (to < from) {
        const fv d = between(to, from);
        return dur_of(-d.a, -d.b);
    }
    const auto a = ymd_of(from), b = ymd_of(to);
    std::int64_t months = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
                          (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month())));
    auto shifted = [&](std::int64_t m) {
        std::int64_t out = 0;
        if (!add_date(from, m, 0, date_rounding::down, out)) give_up();
        return out;
    };
    while (months > 0 && shifted(months) > to) --months;
    return dur_of(months, to - shifted(months));
}

// --- ordering, as ir::order --------------------------------------------------------------------

constexpr int incomparable = 2;

template <typename T>
int cmp(const T& x, const T& y) {
    return x < y ? -1 : (y < x ? 1 : 0);
}

int order(const fv& x, const fv& y) {
    if (x.t != y.t) return incomparable;
    switch (x.t) {
        case tag::num:
            if (x.b == 1 && y.b == 1) return cmp(x.a, y.a);
            return sign(static_cast<i128>(x.a) * y.b - static_cast<i128>(y.a) * x.b);
        case tag::boolean:
        case tag::date: return cmp(x.a, y.a);
        case tag::dur: return cmp(key(x), key(y));
        case tag::str: {
            const std::string_view s(static_cast<const char*>(x.p), static_cast<std::size_t>(x.a));
            const std::string_view t(static_cast<const char*>(y.p), static_cast<std::size_t>(y.a));
            const int c = s.compare(t);
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        case tag::art: return x.a != y.a ? cmp(x.a, y.a) : cmp(x.b, y.b);
        case tag::en: return x.p != y.p ? incomparable : cmp(x.a, y.a);
        default: return incomparable;
    }
}

// --- memory ------------------------------------------------------------------------------------

// A bump allocator; reset() keeps its blocks for the next record.
class arena {
public:
    // [n] values of [T], value-initialised.
    template <typename T>
    T* make(std::size_t n) {
        T* p = raw<T>(n);
        for (std::size_t i = 0; i < n; ++i) new (p + i) T();
        return p;
    }
    // Room for [n] values of [T], not constructed.
    template <typename T>
    T* raw(std::size_t n) {
        static_assert(std::is_trivially_destructible_v<T>);
        const std::size_t bytes = (n * sizeof(T) + 15) & ~std::size_t{15};
        if (m_block == m_blocks.size() || m_used + bytes > m_sizes[m_block]) grow(bytes);
        auto* p = reinterpret_cast<T*>(m_blocks[m_block].get() + m_used);
        m_used += bytes;
        return p;
    }
    void reset() {
        m_block = 0;
        m_used = 0;
    }

private:
    void grow(std::size_t bytes) {
        if (m_block < m_blocks.size()) ++m_block;
        while (m_block < m_blocks.size() && m_sizes[m_block] < bytes) ++m_block;
        if (m_block == m_blocks.size()) {
            const std::size_t size = std::max<std::size_t>(bytes, 64 * 1024);
            m_blocks.emplace_back(new std::byte[size]);
            m_sizes.push_back(size);
        }
        m_used = 0;
    }
    std::vector<std::unique_ptr<std::byte[]>> m_blocks;
    std::vector<std::size_t> m_sizes;
    std::size_t m_block = 0;
    std::size_t m_used = 0;
};

// --- compiled nodes ----------------------------------------------------------------------------

enum class nk : std::uint8_t {
    decline,  // a construct (or a literal) outside this evaluator: decline the record
    lit, param, memo, call, local, input, field,
    known, min, max, between, round_down, round_up, round_half_up, law_article, years_of, length, time_held,
    quarter_run,
    neg, not_, and_, or_, if_,
    any, all, count, count_all, sum, greatest, smallest,
    set, range, in, not_in,
    eq, ne, lt, le, gt, ge,
    add, sub, mul, div,
    // Fused forms of the commonest shapes:
    input_field,  // case.f
    local_field,  // x.f, x a quantifier's variable or an argument (slot in `frame`)
    cmp_lit,      // e op literal, a comparison (op in `op`) with a constant on the right
    input_field2,  // case.f.g (f at `frame`, g at `index`)
};

// The comparison [op] (eq ... ge) of two values whose order is [o].
[[gnu::always_inline]] inline fv compared(nk op, int o) {
    switch (op) {
        case nk::eq: return boolean(o == 0);
        case nk::ne: return boolean(o != 0);
        case nk::lt: return boolean(o < 0);
        case nk::le: return boolean(o <= 0);
        case nk::gt: return boolean(o > 0);
        default: return boolean(o >= 0);
    }
}

// What evaluating a node reads is in its first 64 bytes (one cache line): the kind, the indices,
// the constant and the first two operands; the rest is read rarely.
struct alignas(64) node {
    nk k = nk::decline;
    nk op = nk::decline;              // cmp_lit: the comparison
    ir::tkind ty = ir::tkind::error;  // the expression's type
    bool is_range = false;            // a range (lo..hi), even when built once as a constant set
    std::uint32_t index = 0;
    std::uint32_t frame = 0;  // call: slots of the callee's frame
    fv lit;
    const node* arg0 = nullptr;  // args[0], args[1] and args[2], when there are
    const node* arg1 = nullptr;
    // --- read rarely
    const node* arg2 = nullptr;
    // The steps of one evaluation of this node, at most: its weight and its operands' costs, but
    // not a quantifier's body (counted at each element) nor a definition's (counted at the call).
    std::uint64_t cost = 0;
    // The general evaluator's steps this node stands for (at least): fused nodes, constant sets
    // and compiled-in calls stand for several. The evaluation of a case is bounded by them.
    std::uint32_t weight = 1;
    std::int32_t from = -1, to = -1;  // time_held: the fields of a period; quarter_run: year, quarter
    std::int32_t grade = -1;          // quarter_run: the grade field
    // memo, call: the calls compiled in place around this one (up to the body of the definition
    // or rule it is in), each a level of nesting for the general evaluator.
    std::uint32_t inlined = 0;
    std::vector<const node*> args;
};

// A field name or an enumeration variant: its first 32 bytes, zero-padded, and a bit per byte
// that counts, so that a key of the record is matched with two 16-byte comparisons (and
// memcmp only past 32 bytes).
struct name_key {
    alignas(16) char head[32] = {};
    std::uint32_t bits = 0;
    std::size_t len = 0;
    const char* text = nullptr;
};

name_key key_of(const std::string& name) {
    name_key k;
    k.len = name.size();
    k.text = name.data();
    std::memcpy(k.head, name.data(), std::min<std::size_t>(32, name.size()));
    k.bits = name.size() >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << name.size()) - 1;
    return k;
}

// Whether the string [s] (in simdjson's string buffer) is [k]. Reads 32 bytes at s.data(): the
// string buffer is padded (SIMDJSON_PADDING, 64 bytes) past its last string.
inline bool matches(const name_key& k, std::string_view s) {
    if (s.size() != k.len) return false;
#if defined(__SSE2__)
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data()));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + 16));
    const auto same_lo = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lo, _mm_load_si128(reinterpret_cast<const __m128i*>(k.head)))));
    const auto same_hi = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(hi, _mm_load_si128(reinterpret_cast<const __m128i*>(k.head + 16)))));
    const bool head_same = (~(same_lo | same_hi << 16) & k.bits) == 0;
#else
    const bool head_same = std::memcmp(s.data(), k.head, std::min<std::size_t>(32, k.len)) == 0;
#endif
    return head_same && (k.len <= 32 || std::memcmp(s.data() + 32, k.text + 32, k.len - 32) == 0);
}

// A type as the decoder needs it: a record's fields with their keys and types, a list's
// element type, an enumeration's variants.
struct dtype {
    ir::tkind kind = ir::tkind::error;
    const ir::type* ty = nullptr;
    const dtype* elem = nullptr;
    std::vector<name_key> names;       // record: field names; enumeration: variants
    std::vector<const dtype*> fields;  // record: field types
};

}  // namespace

struct compiled {
    const ir::program& prog;
    // The nodes, in blocks allocated in the order they are made (an expression before its
    // operands), so that an expression's nodes lie close together.
    std::vector<std::unique_ptr<node[]>> node_blocks;
    std::size_t block_used = 0;
    static constexpr std::size_t block_nodes = 256;
    node& new_node() {
        if (node_blocks.empty() || block_used == block_nodes) {
            node_blocks.emplace_back(new node[block_nodes]);
            block_used = 0;
        }
        return node_blocks.back()[block_used++];
    }
    template <typename F>
    void each_node(F f) {
        for (std::size_t b = 0; b < node_blocks.size(); ++b) {
            const std::size_t n = b + 1 == node_blocks.size() ? block_used : block_nodes;
            for (std::size_t i = 0; i < n; ++i) f(node_blocks[b][i]);
        }
    }
    // The values of constant set literals ({108..121, 299}), built once.
    std::deque<std::vector<fv>> set_items;
    std::deque<std::vector<std::pair<fv, fv>>> set_ranges;
    std::deque<set_value> sets;
    std::vector<const node*> params, defs;
    std::vector<std::uint32_t> param_frames, def_frames;
    std::vector<std::uint64_t> def_costs;  // the cost of each definition's body (node::cost)
    // Per definition: the most calls compiled in place one inside the other in its body, the
    // nesting its evaluation may add beyond the counted calls (node::inlined).
    std::vector<std::uint32_t> def_inlined;
    std::uint32_t max_inlined = 0;  // while lowering one body
    struct rule_code {
        const node* test = nullptr;
        const node* unless = nullptr;
        const node* when = nullptr;
        std::uint32_t frame = 0;
        ir::rule_kind kind = ir::rule_kind::condition;
        bool exclusion_chain = false;  // the root of its exception chain is an exclusion
        bool has_exceptions = false;
    };
    std::vector<rule_code> rules;
    // Per provision, what walk() reads, in a few compact arrays: its guard, the rules that are
    // not exceptions (at rules_at, in prov_items) and its children (at children_at).
    struct provision_code {
        const node* applies = nullptr;
        std::uint32_t applies_frame = 0;
        std::uint32_t rules_at = 0, rules_n = 0, children_at = 0, children_n = 0;
    };
    std::vector<provision_code> provisions;
    std::vector<std::uint32_t> prov_items;
    std::deque<dtype> dtypes;
    std::vector<std::pair<const ir::type*, const dtype*>> dtype_index;  // while compiling
    const dtype* input_type = nullptr;
    const dtype* dtype_of(const ir::type* t);
    std::vector<std::string> codes;  // law codes, sorted: an article's code is its index here
    std::vector<std::string> cites;  // per provision: the citation, JSON-escaped
    const provenance::table& assumptions = provenance::of(prog);
    std::vector<std::string> assumption_ids;  // per assumption: the identifier, JSON-escaped
    explicit compiled(const ir::program& p) : prog(p) {}

    int code_index(std::string_view code) const {
        const auto it = std::lower_bound(codes.begin(), codes.end(), code);
        return it != codes.end() && *it == code ? static_cast<int>(it - codes.begin()) : -1;
    }

    // Small definitions called with plain arguments are compiled in place: [sc] maps the
    // arguments of the definition being inlined (and, outward, of those around it).
    struct scope {
        const std::vector<const ir::expr*>* args = nullptr;
        const scope* outer = nullptr;
        int depth = 0;
    };
    const node* lower(const ir::expr& e, const scope* sc = nullptr);
    bool inlinable(const ir::definition& d, const ir::expr& call, const scope* sc) const;
    fv constant(const ir::constant& c, const ir::type* t, bool& ok) const;
};

namespace {

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

bool fits(const big_int& v, std::int64_t& out) {
    if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min()) return false;
    out = static_cast<std::int64_t>(v);
    return true;
}

}  // namespace

fv compiled::constant(const ir::constant& c, const ir::type* t, bool& ok) const {
    ok = true;
    return std::visit(
        [&](const auto& x) -> fv {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) {
                return boolean(x);
            } else if constexpr (std::is_same_v<T, big_int>) {
                std::int64_t v = 0;
                ok = fits(x, v);
                return whole(v);
            } else if constexpr (std::is_same_v<T, rational>) {
                std::int64_t n = 0, d = 1;
                ok = fits(numerator(x), n) && fits(denominator(x), d);
                return {tag::num, n, d, nullptr};
            } else if constexpr (std::is_same_v<T, date>) {
                return date_of(x.days);
            } else if constexpr (std::is_same_v<T, duration>) {
                std::int64_t m = 0, d = 0;
                ok = fits(x.months, m) && fits(x.days, d);
                return dur_of(m, d);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return {tag::str, static_cast<std::int64_t>(x.size()), 0, x.data()};
            } else if constexpr (std::is_same_v<T, ir::law_article>) {
                std::int64_t n = 0;
                const int ci = code_index(x.code);
                ok = ci >= 0 && fits(x.number, n);
                return {tag::art, ci, n, nullptr};
            } else {
                (void)t;
                return {tag::en, x.index, 0, x.en};
            }
        },
        c);
}

namespace {

// An argument that is evaluated without failing and cheaply: a constant, a variable, the case,
// a parameter, or a field of one of those.
bool plain(const ir::expr& e) {
    switch (e.kind) {
        case ir::op::literal: case ir::op::local: case ir::op::input: case ir::op::param: return true;
        case ir::op::field: return plain(e.args[0]);
        default: return false;
    }
}

std::size_t size_of(const ir::expr& e) {
    std::size_t n = 1;
    for (const auto& a : e.args) n += size_of(a);
    return n;
}

}  // namespace

// A call can be replaced by the definition's body with the arguments in place of its variables
// when that evaluates the same things: plain arguments (nothing left unevaluated could fail),
// a body that uses no frame slots beyond its arguments, and not too deep (nor recursive).
bool compiled::inlinable(const ir::definition& d, const ir::expr& call, const scope* sc) const {
    if (!d.callable || d.args.size() != call.args.size() || (sc != nullptr && sc->depth >= 3)) return false;
    if (slots_used(d.body) > call.args.size() || size_of(d.body) > 64) return false;
    return std::all_of(call.args.begin(), call.args.end(), plain);
}

const node* compiled::lower(const ir::expr& e, const scope* sc) {
    if (e.kind == ir::op::local && sc != nullptr && sc->args != nullptr) return lower(*(*sc->args)[e.index], sc->outer);
    if (e.kind == ir::op::call && inlinable(prog.defs[e.index], e, sc)) {
        std::vector<const ir::expr*> args;
        for (const auto& a : e.args) args.push_back(&a);
        const scope inner{&args, sc, sc != nullptr ? sc->depth + 1 : 1};
        max_inlined = std::max(max_inlined, static_cast<std::uint32_t>(inner.depth));
        auto* body = const_cast<node*>(lower(prog.defs[e.index].body, &inner));
        // The call and its arguments, which the general evaluator evaluates once each.
        std::uint32_t call_steps = 1;
        for (const auto& a : e.args) call_steps += static_cast<std::uint32_t>(size_of(a));
        body->weight += call_steps;
        return body;
    }
    auto& n = new_node();
    n.ty = e.ty != nullptr ? e.ty->kind : ir::tkind::error;
    n.index = e.index;
    for (const auto& a : e.args) n.args.push_back(lower(a, sc));
    switch (e.kind) {
        case ir::op::literal: {
            bool ok = false;
            n.lit = constant(e.lit, e.ty, ok);
            n.k = ok ? nk::lit : nk::decline;
            break;
        }
        case ir::op::param: n.k = nk::param; break;
        case ir::op::call: {
            const auto& d = prog.defs[e.index];
            n.k = d.callable ? nk::call : nk::memo;
            n.inlined = sc != nullptr ? static_cast<std::uint32_t>(sc->depth) : 0;
            n.frame = std::max<std::uint32_t>({d.frame_size, static_cast<std::uint32_t>(e.args.size()), slots_used(d.body)});
            break;
        }
        case ir::op::local: n.k = nk::local; break;
        case ir::op::input: n.k = nk::input; break;
        case ir::op::field: n.k = nk::field; break;
        case ir::op::builtin:
            switch (static_cast<ir::builtin_fn>(e.index)) {
                case ir::builtin_fn::known: n.k = nk::known; break;
                case ir::builtin_fn::min: n.k = nk::min; break;
                case ir::builtin_fn::max: n.k = nk::max; break;
                case ir::builtin_fn::between: n.k = nk::between; break;
                case ir::builtin_fn::round_down: n.k = nk::round_down; break;
                case ir::builtin_fn::round_up: n.k = nk::round_up; break;
                case ir::builtin_fn::round_half_up: n.k = nk::round_half_up; break;
                case ir::builtin_fn::law_article: n.k = nk::law_article; break;
                case ir::builtin_fn::years_of: n.k = nk::years_of; break;
                case ir::builtin_fn::length: n.k = nk::length; break;
                case ir::builtin_fn::time_held: {
                    n.k = nk::time_held;
                    const auto* list = e.args.empty() ? nullptr : e.args[0].ty;
                    const auto* rec = list != nullptr && list->elem != nullptr ? list->elem->rec : nullptr;
                    if (rec == nullptr) {
                        n.k = nk::decline;
                    } else {
                        n.from = rec->find("from");
                        n.to = rec->find("to");
                        if (n.from < 0 || n.to < 0) n.k = nk::decline;
                    }
                    break;
                }
                case ir::builtin_fn::quarter_run: {
                    n.k = nk::quarter_run;
                    const auto* list = e.args.empty() ? nullptr : e.args[0].ty;
                    const auto* rec = list != nullptr && list->elem != nullptr ? list->elem->rec : nullptr;
                    if (rec == nullptr) {
                        n.k = nk::decline;
                    } else {
                        n.from = rec->find("year");
                        n.to = rec->find("quarter");
                        n.grade = rec->find("grade");
                        if (n.from < 0 || n.to < 0 || n.grade < 0) n.k = nk::decline;
                    }
                    break;
                }
            }
            break;
        case ir::op::neg: n.k = nk::neg; break;
        case ir::op::not_: n.k = nk::not_; break;
        case ir::op::and_: n.k = nk::and_; break;
        case ir::op::or_: n.k = nk::or_; break;
        case ir::op::if_: n.k = nk::if_; break;
        case ir::op::any: n.k = nk::any; break;
        case ir::op::all: n.k = nk::all; break;
        case ir::op::count: n.k = e.args.size() < 2 ? nk::count_all : nk::count; break;
        case ir::op::sum: n.k = nk::sum; break;
        case ir::op::greatest: n.k = nk::greatest; break;
        case ir::op::smallest: n.k = nk::smallest; break;
        case ir::op::set:
        case ir::op::range: {
            n.k = e.kind == ir::op::set ? nk::set : nk::range;
            n.is_range = e.kind == ir::op::range;
            // A set of constants is built here, once.
            const auto is_lit = [](const node* a) { return a->k == nk::lit; };
            bool constant = true;
            for (const auto* a : n.args) {
                if (a->is_range) constant = constant && std::all_of(a->args.begin(), a->args.end(), is_lit);
                else constant = constant && is_lit(a);
            }
            if (!constant) break;
            auto& items = set_items.emplace_back();
            auto& ranges = set_ranges.emplace_back();
            if (e.kind == ir::op::range) {
                ranges.emplace_back(n.args[0]->lit, n.args[1]->lit);
            } else {
                for (const auto* a : n.args) {
                    if (a->is_range) ranges.emplace_back(a->args[0]->lit, a->args[1]->lit);
                    else items.push_back(a->lit);
                }
            }
            const auto whole_number = [](const fv& v) { return v.t == tag::num && v.b == 1; };
            bool whole_numbers = std::all_of(items.begin(), items.end(), whole_number);
            for (const auto& [lo, hi] : ranges) whole_numbers = whole_numbers && whole_number(lo) && whole_number(hi);
            auto& set = sets.emplace_back(set_value{items.data(), items.size(), ranges.data(), ranges.size(), whole_numbers});
            n.k = nk::lit;
            n.lit = {tag::set, 0, 0, &set};
            n.weight = static_cast<std::uint32_t>(size_of(e));
            break;
        }
        case ir::op::in: n.k = nk::in; break;
        case ir::op::not_in: n.k = nk::not_in; break;
        case ir::op::eq: n.k = nk::eq; break;
        case ir::op::ne: n.k = nk::ne; break;
        case ir::op::lt: n.k = nk::lt; break;
        case ir::op::le: n.k = nk::le; break;
        case ir::op::gt: n.k = nk::gt; break;
        case ir::op::ge: n.k = nk::ge; break;
        case ir::op::add: n.k = nk::add; break;
        case ir::op::sub: n.k = nk::sub; break;
        case ir::op::mul: n.k = nk::mul; break;
        case ir::op::div: n.k = nk::div; break;
    }
    if (n.k == nk::field && n.args[0]->k == nk::input_field) {
        n.k = nk::input_field2;
        n.frame = n.args[0]->index;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k == nk::field && n.args[0]->k == nk::input) {
        n.k = nk::input_field;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k == nk::field && n.args[0]->k == nk::local) {
        n.k = nk::local_field;
        n.frame = n.args[0]->index;
        n.weight = 1 + n.args[0]->weight;
    } else if (n.k >= nk::eq && n.k <= nk::ge && n.args[1]->k == nk::lit &&
               (n.args[1]->lit.t == tag::num || n.args[1]->lit.t == tag::en || n.args[1]->lit.t == tag::boolean ||
                n.args[1]->lit.t == tag::date)) {
        n.op = n.k;
        n.k = nk::cmp_lit;
        n.weight = 1 + n.args[1]->weight;
    }
    return &n;
}

const dtype* compiled::dtype_of(const ir::type* t) {
    for (const auto& [ty, d] : dtype_index) {
        if (ty == t) return d;
    }
    auto& d = dtypes.emplace_back();
    d.ty = t;
    d.kind = t->kind;
    dtype_index.emplace_back(t, &d);
    if (t->kind == ir::tkind::record) {
        for (const auto& f : t->rec->fields) {
            d.names.push_back(key_of(f.name));
            d.fields.push_back(dtype_of(f.ty));
        }
    } else if (t->kind == ir::tkind::enumeration) {
        for (const auto& v : t->en->variants) d.names.push_back(key_of(v));
    } else if (t->elem != nullptr) {
        d.elem = dtype_of(t->elem);
    }
    return &d;
}

namespace {

bool is_quantifier(nk k) { return k >= nk::any && k <= nk::smallest; }

std::uint64_t cost_of(const node& n) {
    if (n.cost != 0) return n.cost;
    std::uint64_t total = n.weight;
    // The operands a fused node stands for are in its weight, not evaluated.
    std::size_t evaluated = n.args.size();
    if (n.k == nk::lit || n.k == nk::input_field || n.k == nk::local_field || n.k == nk::input_field2) evaluated = 0;
    if (n.k == nk::cmp_lit) evaluated = 1;
    for (std::size_t i = 0; i < n.args.size(); ++i) {
        const std::uint64_t c = cost_of(*n.args[i]);
        if (i < evaluated && !(is_quantifier(n.k) && i == 1)) total += c;
    }
    const_cast<node&>(n).cost = std::max<std::uint64_t>(total, 1);
    return n.cost;
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

    for (const auto& x : p.params) {
        c->params.push_back(x.value ? c->lower(*x.value) : nullptr);
        c->param_frames.push_back(x.value ? slots_used(*x.value) : 0);
    }
    for (const auto& d : p.defs) {
        c->max_inlined = 0;
        c->defs.push_back(c->lower(d.body));
        c->def_inlined.push_back(c->max_inlined);
        c->def_frames.push_back(std::max(d.frame_size, slots_used(d.body)));
    }
    const std::vector<int> root_kind = root_kinds(p);
    for (std::size_t i = 0; i < p.rules.size(); ++i) {
        const auto& r = p.rules[i];
        compiled::rule_code rc;
        rc.kind = r.kind;
        rc.exclusion_chain = root_kind[i] == static_cast<int>(ir::rule_kind::exclusion);
        rc.has_exceptions = !r.exceptions.empty();
        std::uint32_t frame = r.frame_size;
        if (r.test) {
            rc.test = c->lower(*r.test);
            frame = std::max(frame, slots_used(*r.test));
        }
        if (r.unless) {
            rc.unless = c->lower(*r.unless);
            frame = std::max(frame, slots_used(*r.unless));
        }
        if (r.when) {
            rc.when = c->lower(*r.when);
            frame = std::max(frame, slots_used(*r.when));
        }
        rc.frame = frame;
        c->rules.push_back(rc);
    }
    for (const auto& a : c->assumptions.assumptions) c->assumption_ids.push_back(json_escape(a.id));
    for (const auto& pr : p.provisions) {
        c->cites.push_back(json_escape(pr.citation_vi));
        compiled::provision_code pc;
        if (pr.applies) {
            pc.applies = c->lower(*pr.applies);
            pc.applies_frame = std::max(pr.frame_size, slots_used(*pr.applies));
        }
        pc.rules_at = static_cast<std::uint32_t>(c->prov_items.size());
        for (const auto r : pr.rules) {
            if (p.rules[r].kind != ir::rule_kind::exception) c->prov_items.push_back(static_cast<std::uint32_t>(r));
        }
        pc.rules_n = static_cast<std::uint32_t>(c->prov_items.size()) - pc.rules_at;
        pc.children_at = static_cast<std::uint32_t>(c->prov_items.size());
        for (const auto ch : pr.children) c->prov_items.push_back(static_cast<std::uint32_t>(ch));
        pc.children_n = static_cast<std::uint32_t>(c->prov_items.size()) - pc.children_at;
        c->provisions.push_back(pc);
    }
    c->each_node([](node& n) {
        cost_of(n);
        if (!n.args.empty()) n.arg0 = n.args[0];
        if (n.args.size() > 1) n.arg1 = n.args[1];
        if (n.args.size() > 2) n.arg2 = n.args[2];
    });
    for (const auto* d : c->defs) c->def_costs.push_back(cost_of(*d));
    if (p.input != nullptr && p.input->rec != nullptr) c->input_type = c->dtype_of(p.input);
    c->dtype_index.clear();
    return c;
}

const std::string& citation(const compiled& program, std::uint32_t p) { return program.prog.provisions[p].citation_vi; }

const std::string& assumption(const compiled& program, std::uint32_t a) { return program.assumptions.assumptions[a].id; }

// --- the evaluator -----------------------------------------------------------------------------

struct evaluator::impl {
    std::shared_ptr<const compiled> owner;
    const compiled& c;
    const ir::program& prog;
    arena tmp;   // this record's values
    arena keep;  // the parameters' values, for the evaluator's life
    std::vector<fv> params;
    std::vector<bool> param_done;
    std::vector<fv> memo;
    std::vector<std::uint32_t> memo_gen;
    std::uint32_t gen = 0;
    fv input;
    int depth = 0;
    // Steps of this case, counted as the general evaluator counts them or more; past this the
    // case is declined, well before the general evaluator's limit of 10,000,000.
    static constexpr std::uint64_t max_steps = 9'000'000;
    static constexpr int max_depth = 400;  // nested calls, as eval.cpp
    std::uint64_t steps = 0;
    bool name_undeclared = false;
    // The exceptions that applied to the rule being walked (walk visits a provision's children
    // after its rules), and those of exceptions whose outcome is only compared.
    std::vector<std::uint32_t> walk_applied, maybe_applied;
    std::vector<quarter_entry> quarter_entries;  // quarter_run's, kept for its capacity
    // The quarters found absent for the current record: the unknown's slot, the list, the quarter.
    struct absent_quarter {
        const fv* slot;
        const void* items;
        std::int64_t last;
    };
    std::vector<absent_quarter> absent_quarters;
    // What provenance needs of the case: the rules that failed or excluded, the provisions
    // whose `applies when` was false. The assumptions of a verdict are kept per pattern of
    // these (there are few: a roster's cases fall into a handful), so that most cases only
    // look theirs up.
    std::vector<std::uint32_t> decided, skipped;
    struct rests_entry {
        verdict v;
        std::vector<std::uint32_t> key;  // skipped (eligible) or decided (not eligible)
        provenance::index_set rests;
    };
    std::vector<rests_entry> rests_cache;
    static constexpr std::size_t rests_cache_size = 64;

    explicit impl(std::shared_ptr<const compiled> p)
        : owner(std::move(p)), c(*owner), prog(c.prog), params(prog.params.size()), param_done(prog.params.size(), false),
          memo(prog.defs.size()), memo_gen(prog.defs.size(), 0) {}

    fv* frame(std::uint32_t n) { return n == 0 ? nullptr : tmp.make<fv>(n); }

    // --- decoding (decode.cpp) -----------------------------------------------------------------

    using element = simdjson::dom::element;
    using element_type = simdjson::dom::element_type;

    static bool natural(const element& e, element_type t, std::int64_t& out) {
        if (t == element_type::INT64) {
            out = e.get_int64().value_unsafe();
            return out >= 0;
        }
        if (t == element_type::UINT64) {
            const std::uint64_t v = e.get_uint64().value_unsafe();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
            out = static_cast<std::int64_t>(v);
            return true;
        }
        return false;
    }

    static bool digits(std::string_view s, std::size_t at, std::size_t n, std::int64_t& out) {
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    }

    // A decoded value in its place: a null knows where it is missing from, a list where it is.
    static void slot(fv& v) {
        if (v.t == tag::unk) v.p = &v;
        else if (v.t == tag::list) v.b = reinterpret_cast<std::intptr_t>(&v);
    }

    fv value_of(const element& e, const dtype* d) {
        const auto et = e.type();
        if (et == element_type::NULL_VALUE) return {};
        switch (d->kind) {
            case ir::tkind::bool_:
                if (et == element_type::BOOL) return boolean(e.get_bool().value_unsafe());
                give_up();
            case ir::tkind::integer:
            case ir::tkind::decimal:
            case ir::tkind::fraction: {
                std::int64_t v = 0;
                if (natural(e, et, v)) return whole(v);
                give_up();  // exact numbers written as strings: the general decoder's
            }
            case ir::tkind::money: {
                std::int64_t v = 0;
                if (natural(e, et, v)) return whole(v);
                if (et == element_type::STRING) {
                    const std::string_view s = e.get_string().value_unsafe();
                    if (!s.empty() && s.size() <= 18 && digits(s, 0, s.size(), v)) return whole(v);
                }
                give_up();
            }
            case ir::tkind::date: {
                if (et != element_type::STRING) give_up();
                const std::string_view s = e.get_string().value_unsafe();
                std::int64_t y = 0, mo = 0, day = 0;
                if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, mo) ||
                    !digits(s, 8, 2, day)) {
                    give_up();
                }
                const auto v = date::from_ymd(y, mo, day);
                if (!v) give_up();
                return date_of(v->days);
            }
            case ir::tkind::duration: {
                if (et != element_type::OBJECT) give_up();
                std::int64_t months = 0, days = 0;
                simdjson::dom::object parts;
                if (e.get(parts) != simdjson::SUCCESS) give_up();
                bool seen[3] = {false, false, false};  // a part given twice is an error
                for (auto [k, part] : parts) {
                    const int which = k == "years" ? 0 : k == "months" ? 1 : k == "days" ? 2 : -1;
                    if (which < 0 || seen[which]) give_up();
                    seen[which] = true;
                    if (part.is_null()) continue;
                    std::int64_t v = 0;
                    if (!natural(part, part.type(), v)) give_up();
                    if (k == "years") months = add64(months, mul64(v, 12));
                    else if (k == "months") months = add64(months, v);
                    else if (k == "days") days = add64(days, v);
                    else give_up();
                }
                return dur_of(months, days);
            }
            case ir::tkind::string: {
                if (et != element_type::STRING) give_up();
                const std::string_view s = e.get_string().value_unsafe();
                return {tag::str, static_cast<std::int64_t>(s.size()), 0, s.data()};
            }
            case ir::tkind::enumeration: {
                if (et != element_type::STRING) give_up();
                const std::string_view s = e.get_string().value_unsafe();
                for (std::size_t i = 0; i < d->names.size(); ++i) {
                    if (matches(d->names[i], s)) return {tag::en, static_cast<std::int64_t>(i), 0, d->ty->en};
                }
                give_up();
            }
            case ir::tkind::record: return record_of(e, *d);
            case ir::tkind::list:
            case ir::tkind::set: {
                if (et != element_type::ARRAY) give_up();
                simdjson::dom::array arr;
                if (e.get(arr) != simdjson::SUCCESS) give_up();
                const std::size_t n = arr.size();
                fv* items = tmp.raw<fv>(n);
                std::size_t i = 0;
                for (auto item : arr) {
                    new (&items[i]) fv(value_of(item, d->elem));
                    slot(items[i++]);
                }
                return {tag::list, static_cast<std::int64_t>(n), 0, items};
            }
            case ir::tkind::law_article: {
                if (et != element_type::STRING) give_up();
                const std::string_view s = e.get_string().value_unsafe();
                const auto sp = s.rfind(' ');
                std::int64_t number = 0;
                if (sp == std::string_view::npos || sp + 1 >= s.size() || s.size() - sp - 1 > 18 ||
                    !digits(s, sp + 1, s.size() - sp - 1, number)) {
                    give_up();
                }
                const int ci = c.code_index(s.substr(0, sp));
                if (ci < 0) give_up();  // a code no rule names: compared by name, the general way
                return {tag::art, ci, number, nullptr};
            }
            default: give_up();
        }
    }

    fv record_of(const element& e, const dtype& type) {
        if (e.type() != element_type::OBJECT) give_up();
        const std::size_t n = type.fields.size();
        fv* fields = tmp.raw<fv>(n);
        for (std::size_t i = 0; i < n; ++i) new (&fields[i]) fv(tag::unk, 0, 0, &fields[i]);  // missing until given
        // A field given twice is an error: the fields given, as bits (in the arena past 64).
        std::uint64_t given_bits = 0;
        std::uint64_t* given = n <= 64 ? &given_bits : tmp.make<std::uint64_t>((n + 63) / 64);
        std::size_t next = 0;          // records usually list their fields in declared order
        simdjson::dom::object object;
        if (e.get(object) != simdjson::SUCCESS) give_up();
        for (auto [k, v] : object) {
            std::size_t i = next < n && matches(type.names[next], k) ? next : n;
            if (i == n) {  // a field left out, or the order changed: the next ones first, then from the start
                const std::size_t from = next < n ? next + 1 : 0;
                for (std::size_t step = 0; step < n; ++step) {
                    const std::size_t j = (from + step) % n;
                    if (matches(type.names[j], k)) {
                        i = j;
                        break;
                    }
                }
            }
            if (i == n) {
                if (name_undeclared) give_up();  // the general decoder names the field
                continue;
            }
            const std::uint64_t bit = std::uint64_t{1} << (i % 64);
            if ((given[i / 64] & bit) != 0) give_up();
            given[i / 64] |= bit;
            // Constructed in place: a value returned through a temporary and copied would be
            // reloaded wider than it was stored, which stalls store forwarding.
            new (&fields[i]) fv(value_of(v, type.fields[i]));
            slot(fields[i]);
            next = i + 1;
        }
        return {tag::rec, 0, 0, fields};
    }

    // --- evaluation (eval.cpp) -----------------------------------------------------------------

    static bool is_unk(const fv& v) { return v.t == tag::unk; }

    // --- unknowns, as eval.cpp's (missing facts, options, combine) ------------------------------

    static const unk_info* info_of(const fv& v) { return v.b == 1 ? static_cast<const unk_info*>(v.p) : nullptr; }
    static bool has_options(const fv& v) {
        const auto* u = info_of(v);
        return u != nullptr && u->n_options > 0;
    }

    miss missing_of(const fv& v) {
        if (v.t != tag::unk || v.p == nullptr) return {};
        if (const auto* u = info_of(v)) return {u->missing, u->n_missing};
        auto** at = tmp.make<const fv*>(1);
        at[0] = static_cast<const fv*>(v.p);
        return {at, 1};
    }

    // [into] then what [from] adds (merge_missing).
    miss merged(miss into, miss from) {
        if (from.n == 0) return into;
        if (into.n == 0) return from;
        auto** out = tmp.make<const fv*>(into.n + from.n);
        std::copy(into.at, into.at + into.n, out);
        std::uint32_t n = into.n;
        for (std::uint32_t i = 0; i < from.n; ++i) {
            if (std::find(out, out + n, from.at[i]) == out + n) out[n++] = from.at[i];
        }
        return n == into.n ? into : miss{out, n};
    }

    fv unknown_value(miss ms, const fv* options = nullptr, std::uint32_t n_options = 0) {
        if (n_options == 0 && ms.n == 0) return fv{};
        if (n_options == 0 && ms.n == 1) return {tag::unk, 0, 0, ms.at[0]};
        auto* u = tmp.make<unk_info>(1);
        *u = {ms.at, ms.n, n_options, options};
        return {tag::unk, 0, 1, u};
    }

    // unknown_of: the missing facts of both, no options.
    fv unknown_of(const fv& a, const fv& b) { return unknown_value(merged(missing_of(a), missing_of(b))); }

    // The values [v] may take (options_of): itself when known; false when unknown without options.
    static bool options_of(const fv& v, const fv*& at, std::uint32_t& n) {
        if (v.t != tag::unk) {
            at = &v;
            n = 1;
            return true;
        }
        const auto* u = info_of(v);
        if (u == nullptr || u->n_options == 0) return false;
        at = u->options;
        n = u->n_options;
        return true;
    }

    static bool same(const fv& a, const fv& b) { return !is_unk(a) && !is_unk(b) && order(a, b) == 0; }

    // [op] over every pair of possible values of [a] and [b]; known when all results agree.
    template <typename Op>
    fv combine(const fv& a, const fv& b, Op op) {
        const miss ms = merged(missing_of(a), missing_of(b));
        const fv *xs = nullptr, *ys = nullptr;
        std::uint32_t nx = 0, ny = 0;
        if (!options_of(a, xs, nx) || !options_of(b, ys, ny) || nx * ny > max_options) return unknown_value(ms);
        fv results[max_options];
        std::uint32_t n = 0;
        for (std::uint32_t i = 0; i < nx; ++i) {
            for (std::uint32_t j = 0; j < ny; ++j) {
                const fv r = op(xs[i], ys[j]);
                if (is_unk(r)) return unknown_value(ms);
                bool seen = false;
                for (std::uint32_t k = 0; k < n && !seen; ++k) seen = same(results[k], r);
                if (!seen) results[n++] = r;
            }
        }
        if (n == 1) return results[0];
        fv* options = tmp.raw<fv>(n);
        for (std::uint32_t k = 0; k < n; ++k) new (&options[k]) fv(results[k]);
        return unknown_value(ms, options, n);
    }

    // A field of an unknown record: itself (the options of a record are declined).
    [[gnu::noinline]] fv field_of_unknown(const fv& obj) {
        if (has_options(obj)) give_up();
        return obj;
    }

    // The path of [slot] in the decoded record ("$.sentence.term", "$.offences[1]"), or of a
    // quarter absent from a list of quarters (eval.cpp's quarter_run spells it the same way).
    std::string path_of(const fv* slot) const {
        std::string path = "$";
        const auto* fields = static_cast<const fv*>(input.p);
        for (const auto& a : absent_quarters) {
            if (a.slot != slot) continue;
            const auto is_list = [&](const fv& v) { return v.t == tag::list && v.p == a.items && v.a > 0; };
            if (!find_path(is_list, fields, *c.input_type, path)) return {};
            const std::int64_t year = (a.last - 1) / 4, quarter = a.last - year * 4;
            return path + "[?(@.year==" + std::to_string(year) + " && @.quarter==" + std::to_string(quarter) + ")]";
        }
        if (!find_path([&](const fv& v) { return &v == slot; }, fields, *c.input_type, path)) return {};
        return path;
    }
    // Extends [path] to the first value of the record [fields] (fields, list elements, nested
    // records) for which [hit] holds.
    template <typename Hit>
    static bool find_path(const Hit& hit, const fv* fields, const dtype& type, std::string& path) {
        for (std::size_t i = 0; i < type.fields.size(); ++i) {
            const auto at = path.size();
            path.push_back('.');
            path.append(type.names[i].text, type.names[i].len);
            if (hit(fields[i]) || find_in(hit, fields[i], *type.fields[i], path)) return true;
            path.resize(at);
        }
        return false;
    }
    template <typename Hit>
    static bool find_in(const Hit& hit, const fv& v, const dtype& type, std::string& path) {
        if (v.t == tag::rec) return find_path(hit, static_cast<const fv*>(v.p), type, path);
        if (v.t != tag::list || type.elem == nullptr) return false;
        const auto* items = static_cast<const fv*>(v.p);
        for (std::int64_t j = 0; j < v.a; ++j) {
            const auto at = path.size();
            path.append("[" + std::to_string(j) + "]");
            if (hit(items[j]) || find_in(hit, items[j], *type.elem, path)) return true;
            path.resize(at);
        }
        return false;
    }

    // The elements of a list or set. A set holding ranges is declined (the general evaluator
    // goes through the integers of each range) unless [ranges_apart]: the caller reads them.
    const fv* items_of(const fv& v, std::size_t& n, bool ranges_apart = false) const {
        if (v.t == tag::list) {
            n = static_cast<std::size_t>(v.a);
            return static_cast<const fv*>(v.p);
        }
        if (v.t == tag::set) {
            const auto* s = static_cast<const set_value*>(v.p);
            if (s->nr != 0 && !ranges_apart) give_up();
            n = s->n;
            return s->items;
        }
        give_up();
    }

    // Counts the steps of one evaluation of [x] (its cost) before it starts.
    void charge(const node& x) { charge(x.cost); }
    void charge(std::uint64_t cost) {
        steps += cost;
        if (steps > max_steps) give_up();  // E0503 in the general evaluator, at 10,000,000
    }

    // Evaluates [x]; the caller has charged its cost (see charge and node::cost). A thin
    // dispatcher: the leaves are answered here, everything else is a tail call to its handler,
    // so that a leaf costs no more than a call.
    fv eval(const node& x, fv* f) {
        switch (x.k) {
            case nk::lit: return x.lit;
            case nk::local: return f[x.index];
            case nk::input: return input;
            case nk::input_field: return static_cast<const fv*>(input.p)[x.index];
            case nk::local_field: {
                const fv& obj = f[x.frame];
                if (is_unk(obj)) return field_of_unknown(obj);
                return static_cast<const fv*>(obj.p)[x.index];
            }
            case nk::input_field2: {
                const fv& obj = static_cast<const fv*>(input.p)[x.frame];
                if (is_unk(obj)) return field_of_unknown(obj);
                return static_cast<const fv*>(obj.p)[x.index];
            }
            case nk::param: return param(x);
            case nk::memo:
                if (memo_gen[x.index] == gen) return memo[x.index];
                return memo_of(x);
            case nk::call: return call(x, f);
            case nk::cmp_lit: return cmp_lit(x, f);
            case nk::field: return field(x, f);
            case nk::known:
            case nk::neg:
            case nk::not_: return unary(x, f);
            case nk::and_:
            case nk::or_: return and_or(x, f);
            case nk::if_: return if_then(x, f);
            case nk::any:
            case nk::all:
            case nk::count:
            case nk::count_all:
            case nk::sum:
            case nk::greatest:
            case nk::smallest: return quantifier(x, f);
            case nk::in:
            case nk::not_in: return membership(x, f);
            case nk::set:
            case nk::range: return make_set(x, f);
            case nk::decline: give_up();
            default: break;
        }
        if (x.k >= nk::min && x.k <= nk::quarter_run) return builtin(x, f);
        return operation(x, f);
    }

    // An operand: the commonest leaves fetched in place, anything else evaluated.
    [[gnu::always_inline]] fv operand(const node& x, fv* f) {
        if (x.k == nk::local_field) {
            const fv& obj = f[x.frame];
            if (is_unk(obj)) return field_of_unknown(obj);
            return static_cast<const fv*>(obj.p)[x.index];
        }
        if (x.k == nk::input_field) return static_cast<const fv*>(input.p)[x.index];
        if (x.k == nk::lit) return x.lit;
        if (x.k == nk::local) return f[x.index];
        if (x.k == nk::cmp_lit) return cmp_lit(x, f);
        if (x.k == nk::memo && memo_gen[x.index] == gen) return memo[x.index];
        if (x.k == nk::and_ || x.k == nk::or_) return and_or(x, f);
        return eval(x, f);
    }

    [[gnu::noinline]] fv param(const node& x) {
        if (!param_done[x.index]) {
            const node* body = c.params[x.index];
            // A parameter's value is the same for every record: keep it past this one.
            if (body != nullptr) charge(*body);
            params[x.index] = body == nullptr ? fv{} : persist(eval(*body, frame(c.param_frames[x.index])));
            param_done[x.index] = true;
        }
        return params[x.index];
    }

    [[gnu::noinline]] fv memo_of(const node& x) {
        if (memo_gen[x.index] != gen) {
            enter(x);
            charge(c.def_costs[x.index]);
            new (&memo[x.index]) fv(eval(*c.defs[x.index], frame(c.def_frames[x.index])));
            depth -= 1 + static_cast<int>(x.inlined);
            memo_gen[x.index] = gen;
        }
        return memo[x.index];
    }

    [[gnu::noinline]] fv call(const node& x, fv* f) {
        fv* local = frame(x.frame);
        for (std::size_t i = 0; i < x.args.size(); ++i) new (&local[i]) fv(eval(*x.args[i], f));
        enter(x);
        charge(c.def_costs[x.index]);
        const fv v = eval(*c.defs[x.index], local);
        depth -= 1 + static_cast<int>(x.inlined);
        return v;
    }

    // A call counted as the general evaluator counts it: the calls compiled in place around it
    // are levels too. Past the limit of 400 the case is declined (E0503 in the general
    // evaluator), and so it is when the calls compiled into the body could go past it.
    void enter(const node& x) {
        depth += 1 + static_cast<int>(x.inlined);
        if (depth + static_cast<int>(c.def_inlined[x.index]) > max_depth) give_up();
    }

    [[gnu::noinline]] fv cmp_lit(const node& x, fv* f) {
        const fv a = operand(*x.arg0, f);
        if (is_unk(a)) return has_options(a) ? combine(a, x.arg1->lit, [&](const fv& p, const fv& q) { return binary(x.op, p, q); }) : a;
        const fv& b = x.arg1->lit;
        int o = 0;
        if (a.t == b.t && a.b == b.b && a.p == b.p && (a.t != tag::num || a.b == 1)) {
            o = a.a < b.a ? -1 : (a.a > b.a ? 1 : 0);  // whole numbers, enumerations, booleans, dates
        } else {
            o = order(a, b);
            if (o == incomparable) give_up();  // E0503
        }
        return compared(x.op, o);
    }

    [[gnu::noinline]] fv field(const node& x, fv* f) {
        const fv obj = operand(*x.arg0, f);
        if (is_unk(obj)) return field_of_unknown(obj);
        return static_cast<const fv*>(obj.p)[x.index];
    }

    [[gnu::noinline]] fv unary(const node& x, fv* f) {
        const fv v = operand(*x.arg0, f);
        if (x.k == nk::known) return boolean(!is_unk(v));
        if (is_unk(v)) {
            if (!has_options(v)) return v;
            return combine(v, boolean(true), [&](const fv& p, const fv&) { return x.k == nk::not_ ? boolean(p.a == 0) : negated(p); });
        }
        if (x.k == nk::not_) return boolean(v.a == 0);
        return negated(v);
    }

    static fv negated(const fv& v) {
        if (v.t == tag::dur) return dur_of(-v.a, -v.b);
        if (v.a == std::numeric_limits<std::int64_t>::min()) give_up();
        return {tag::num, -v.a, v.b, nullptr};
    }

    [[gnu::noinline]] fv and_or(const node& x, fv* f) {
        const bool is_and = x.k == nk::and_;
        const fv a = operand(*x.arg0, f);
        if (!is_unk(a) && (a.a != 0) != is_and) return a;
        const fv b = operand(*x.arg1, f);
        if (!is_unk(b) && (b.a != 0) != is_and) return b;
        if (is_unk(a) || is_unk(b)) {
            return combine(a, b, [&](const fv& p, const fv& q) { return boolean(is_and ? p.a != 0 && q.a != 0 : p.a != 0 || q.a != 0); });
        }
        return boolean(is_and);
    }

    [[gnu::noinline]] fv if_then(const node& x, fv* f) {
        const fv cond = operand(*x.arg0, f);
        if (!is_unk(cond)) return operand(cond.a != 0 ? *x.arg1 : *x.arg2, f);
        // Unknown condition: known only when both branches agree; otherwise one of the two.
        const fv t = operand(*x.arg1, f);
        const fv el = operand(*x.arg2, f);
        if (!is_unk(t) && !is_unk(el) && order(t, el) == 0) return t;
        const miss ms = merged(merged(missing_of(cond), missing_of(t)), missing_of(el));
        const fv *ts = nullptr, *es = nullptr;
        std::uint32_t nt = 0, ne = 0;
        if (!options_of(t, ts, nt) || !options_of(el, es, ne)) return unknown_value(ms);
        fv* options = tmp.raw<fv>(nt + ne);
        for (std::uint32_t i = 0; i < nt + ne; ++i) new (&options[i]) fv(i < nt ? ts[i] : es[i - nt]);
        return unknown_value(ms, options, nt + ne);
    }

    // Comparisons and arithmetic; whole numbers here, the rest in binary().
    [[gnu::noinline]] fv operation(const node& x, fv* f) {
        const fv a = operand(*x.arg0, f);
        const fv b = operand(*x.arg1, f);
        if (is_unk(a) || is_unk(b)) return combine(a, b, [&](const fv& p, const fv& q) { return binary(x.k, p, q); });
        if (a.t == tag::num && b.t == tag::num && a.b == 1 && b.b == 1) {
            switch (x.k) {
                case nk::add: return whole(add64(a.a, b.a));
                case nk::sub: return whole(sub64(a.a, b.a));
                case nk::mul: return whole(mul64(a.a, b.a));
                case nk::div: break;
                default: return compared(x.k, a.a < b.a ? -1 : (a.a > b.a ? 1 : 0));
            }
        }
        return binary(x.k, a, b);
    }

    [[gnu::noinline]] fv make_set(const node& x, fv* f) {
        if (x.k == nk::range) {
            auto* s = tmp.make<set_value>(1);
            auto* ranges = tmp.make<std::pair<fv, fv>>(1);
            ranges[0] = {eval(*x.args[0], f), eval(*x.args[1], f)};
            *s = {nullptr, 0, ranges, 1, false};
            return {tag::set, 0, 0, s};
        }
        std::size_t n_items = 0, n_ranges = 0;
        for (const auto* a : x.args) (a->is_range ? n_ranges : n_items) += 1;
        auto* s = tmp.make<set_value>(1);
        auto* items = tmp.make<fv>(n_items);
        auto* ranges = tmp.make<std::pair<fv, fv>>(n_ranges);
        std::size_t i = 0, r = 0;
        for (const auto* a : x.args) {
            if (a->is_range) {
                ranges[r++] = {eval(*a->args[0], f), eval(*a->args[1], f)};
            } else {
                items[i++] = eval(*a, f);
            }
        }
        *s = {items, n_items, ranges, n_ranges, false};
        return {tag::set, 0, 0, s};
    }

    // A value that outlives the record: copied out of the record's arena.
    [[gnu::noinline]] fv persist(const fv& v) {
        switch (v.t) {
            case tag::set: {
                const auto* s = static_cast<const set_value*>(v.p);
                auto* out = keep.make<set_value>(1);
                auto* items = keep.make<fv>(s->n);
                auto* ranges = keep.make<std::pair<fv, fv>>(s->nr);
                for (std::size_t i = 0; i < s->n; ++i) items[i] = persist(s->items[i]);
                for (std::size_t i = 0; i < s->nr; ++i) ranges[i] = {persist(s->ranges[i].first), persist(s->ranges[i].second)};
                *out = {items, s->n, ranges, s->nr, s->whole_numbers};
                return {tag::set, 0, 0, out};
            }
            case tag::list: {
                const auto n = static_cast<std::size_t>(v.a);
                auto* items = keep.make<fv>(n);
                for (std::size_t i = 0; i < n; ++i) items[i] = persist(static_cast<const fv*>(v.p)[i]);
                return {tag::list, v.a, 0, items};
            }
            case tag::unk: {
                const auto* u = info_of(v);
                if (v.p == nullptr) return v;
                if (u == nullptr || u->n_missing > 0) give_up();  // facts of a record: not in a parameter
                auto* options = keep.raw<fv>(u->n_options);
                for (std::uint32_t i = 0; i < u->n_options; ++i) new (&options[i]) fv(persist(u->options[i]));
                auto* kept = keep.make<unk_info>(1);
                *kept = {nullptr, 0, u->n_options, options};
                return {tag::unk, 0, 1, kept};
            }
            case tag::rec: give_up();  // parameters are not records
            default: return v;         // strings in parameters are the program's constants
        }
    }

    // binary_known: [k] is a comparison or arithmetic.
    [[gnu::noinline]] fv binary(nk k, const fv& a, const fv& b) {
        switch (k) {
            case nk::add: case nk::sub: case nk::mul: case nk::div: return arithmetic(k, a, b);
            default: break;
        }
        const int o = order(a, b);
        if (o == incomparable) give_up();  // E0503
        return compared(k, o);
    }

    [[gnu::noinline]] fv arithmetic(nk k, const fv& a, const fv& b) {
        const bool na = a.t == tag::num, nb = b.t == tag::num;
        const bool da = a.t == tag::dur, db = b.t == tag::dur;
        const bool ta = a.t == tag::date, tb = b.t == tag::date;
        switch (k) {
            case nk::add:
            case nk::sub: {
                const bool plus = k == nk::add;
                if (na && nb) return num_add(a, b, plus);
                if (da && db) return plus ? normalized(add64(a.a, b.a), add64(a.b, b.b)) : normalized(sub64(a.a, b.a), sub64(a.b, b.b));
                std::int64_t out = 0;
                if (ta && db) {
                    if (!add_date(a.a, plus ? b.a : -b.a, plus ? b.b : -b.b, prog.rounding, out)) give_up();  // E0501
                    return date_of(out);
                }
                if (da && tb) {
                    if (!add_date(b.a, a.a, a.b, prog.rounding, out)) give_up();
                    return date_of(out);
                }
                if (ta && tb) return between(b.a, a.a);
                break;
            }
            case nk::mul:
                if (na && nb) return num_mul(a, b);
                if (na && db) return scale(b, a);
                if (da && nb) return scale(a, b);
                break;
            case nk::div:
                if (na && nb) return num_div(a, b);
                if (da && nb) {
                    if (b.a == 0) give_up();
                    return scale(a, fraction(b.b, b.a));
                }
                if (da && db) {
                    const std::int64_t d = total_days(b);
                    if (d == 0) give_up();
                    return fraction(total_days(a), d);
                }
                break;
            default: break;
        }
        give_up();
    }

    [[gnu::noinline]] fv builtin(const node& x, fv* f) {
        if (x.k == nk::quarter_run) return quarter_run(x, f);
        fv args[2];
        bool unknown = false;
        miss ms;
        for (std::size_t i = 0; i < x.args.size() && i < 2; ++i) {
            args[i] = eval(*x.args[i], f);
            if (is_unk(args[i])) {
                unknown = true;
                ms = merged(ms, missing_of(args[i]));
            }
        }
        if (unknown) return unknown_value(ms);
        switch (x.k) {
            case nk::min:
            case nk::max: {
                const int o = order(args[0], args[1]);
                if (o == incomparable) give_up();
                const bool first = x.k == nk::min ? o <= 0 : o >= 0;
                return args[first ? 0 : 1];
            }
            case nk::between: return between(args[0].a, args[1].a);
            case nk::round_down:
            case nk::round_up:
            case nk::round_half_up: {
                const std::int64_t n = args[0].a, d = args[0].b;
                std::int64_t q = n / d;
                const std::int64_t rem = n - q * d;
                if (x.k == nk::round_down && rem < 0) q -= 1;
                if (x.k == nk::round_up && rem > 0) q += 1;
                if (x.k == nk::round_half_up) {
                    if (static_cast<i128>(rem) * 2 >= d) q += 1;
                    if (static_cast<i128>(rem) * 2 < -static_cast<i128>(d)) q -= 1;
                }
                return whole(q);
            }
            case nk::law_article: {
                const std::string_view code(static_cast<const char*>(args[0].p), static_cast<std::size_t>(args[0].a));
                const int ci = c.code_index(code);
                if (ci < 0 || args[1].b != 1) give_up();
                return {tag::art, ci, args[1].a, nullptr};
            }
            case nk::years_of: return whole(normalized(args[0].a, args[0].b).a / 12);
            case nk::length: {
                if (args[0].t == tag::list) return whole(args[0].a);
                const auto* st = static_cast<const set_value*>(args[0].p);
                if (st->nr != 0) give_up();  // the integers of its ranges: the general evaluator's
                return whole(static_cast<std::int64_t>(st->n));
            }
            case nk::time_held: return time_held(x, args[0], args[1].a);
            default: give_up();
        }
    }

    // eval.cpp's quarter_run over quarters.hpp. A record that stops before quarter [last] is
    // declined: the general evaluator names the missing quarter.
    [[gnu::noinline]] fv quarter_run(const node& x, fv* f) {
        fv args[4];
        miss ms;
        for (std::size_t i = 0; i < 4; ++i) {
            args[i] = eval(*x.args[i], f);
            if (is_unk(args[i])) ms = merged(ms, missing_of(args[i]));
        }
        if (ms.n > 0) return unknown_value(ms);
        if (args[1].b != 1 || args[1].a < 1 || args[1].a > std::numeric_limits<std::int32_t>::max()) give_up();
        const std::int64_t last = args[1].a;
        auto in = [](const fv& set, const fv& g) {
            const auto* s = static_cast<const set_value*>(set.p);
            for (std::size_t i = 0; i < s->n; ++i) {
                if (s->items[i].t == tag::en && s->items[i].a == g.a) return true;
            }
            return false;
        };
        std::size_t n = 0;
        const fv* items = items_of(args[0], n);
        auto& entries = quarter_entries;
        entries.clear();
        for (std::size_t i = 0; i < n; ++i) {
            if (is_unk(items[i])) {
                ms = merged(ms, missing_of(items[i]));
                continue;
            }
            const fv* rec = static_cast<const fv*>(items[i].p);
            const fv& year = rec[x.from];
            const fv& q = rec[x.to];
            if (is_unk(year) || is_unk(q)) {
                ms = merged(merged(ms, missing_of(year)), missing_of(q));
                continue;
            }
            if (year.b != 1 || q.b != 1) give_up();
            const i128 index = static_cast<i128>(year.a) * 4 + q.a;
            if (index > last || index < 0) continue;
            const fv& g = rec[x.grade];
            const quarter_state st = is_unk(g)          ? quarter_state::unknown
                                     : in(args[2], g) ? quarter_state::counted
                                     : in(args[3], g) ? quarter_state::skipped
                                                      : quarter_state::breaks;
            entries.push_back({static_cast<std::int64_t>(index), st, static_cast<std::uint32_t>(i)});
        }
        if (ms.n > 0) return unknown_value(ms);
        const auto r = eval::quarter_run(entries, last);
        switch (r.outcome) {
            case quarter_run_result::status::known: return whole(r.run);
            case quarter_run_result::status::grade_unknown: {
                const fv* rec = static_cast<const fv*>(items[r.item].p);
                return unknown_value(missing_of(rec[x.grade]));
            }
            case quarter_run_result::status::last_absent: break;
        }
        // The missing fact is the quarter itself: a slot of no record, spelled by path_of.
        const fv* absent = nullptr;
        for (const auto& a : absent_quarters) {
            if (a.items == args[0].p && a.last == last) absent = a.slot;  // the same quarter: one fact
        }
        if (absent == nullptr) {
            auto* made = tmp.make<fv>(1);
            new (made) fv();
            absent = made;
            absent_quarters.push_back({absent, args[0].p, last});
        }
        miss one;
        auto** at = tmp.make<const fv*>(1);
        at[0] = absent;
        one.at = at;
        one.n = 1;
        return unknown_value(one);
    }

    [[gnu::noinline]] fv time_held(const node& x, const fv& periods, std::int64_t until) {
        std::size_t n = 0;
        const fv* items = items_of(periods, n);
        auto* spans = tmp.make<std::pair<std::int64_t, std::int64_t>>(n);
        std::size_t k = 0;
        miss ms;  // the periods and starts not known
        for (std::size_t i = 0; i < n; ++i) {
            if (is_unk(items[i])) {
                ms = merged(ms, missing_of(items[i]));
                continue;
            }
            const fv* rec = static_cast<const fv*>(items[i].p);
            const fv& from = rec[x.from];
            const fv& to = rec[x.to];
            if (is_unk(from)) {
                ms = merged(ms, missing_of(from));
                continue;
            }
            const std::int64_t a = from.a;
            const std::int64_t b = is_unk(to) ? until : std::min(to.a, until);
            if (a < b) spans[k++] = {a, b};
        }
        if (ms.n > 0) return unknown_value(ms);
        std::sort(spans, spans + k);
        fv total = dur_of(0, 0);
        std::size_t parts = 0;
        fv first;
        for (std::size_t i = 0; i < k;) {
            const std::int64_t a = spans[i].first;
            std::int64_t b = spans[i].second;
            std::size_t j = i + 1;
            while (j < k && spans[j].first <= b) b = std::max(b, spans[j++].second);
            const fv part = between(a, b);
            if (parts++ == 0) first = part;
            total = normalized(add64(total.a, part.a), add64(total.b, part.b));
            i = j;
        }
        return parts == 1 ? first : total;
    }

    [[gnu::noinline]] fv quantifier(const node& x, fv* f) {
        const fv list = operand(*x.arg0, f);
        if (is_unk(list)) return unknown_value(missing_of(list));
        std::size_t n = 0;
        const fv* items = items_of(list, n);
        if (x.k == nk::count_all) return whole(static_cast<std::int64_t>(n));
        bool any_unknown = false;
        miss ms;  // of the elements whose value is unknown
        std::int64_t count = 0;
        std::size_t undecided = 0;  // count: elements whose condition is unknown
        fv total;
        bool has_total = false;
        for (std::size_t i = 0; i < n; ++i) {
            f[x.index] = items[i];
            charge(*x.arg1);
            const fv v = eval(*x.arg1, f);
            if (is_unk(v)) {
                any_unknown = true;
                ms = merged(ms, missing_of(v));
            }
            switch (x.k) {
                case nk::any:
                    if (!is_unk(v) && v.a != 0) return boolean(true);
                    break;
                case nk::all:
                    if (!is_unk(v) && v.a == 0) return boolean(false);
                    break;
                case nk::count:
                    if (is_unk(v)) ++undecided;  // true or false: the count is one of a range
                    else if (v.a != 0) ++count;
                    break;
                default: {
                    const auto pick = [&](const fv& t, const fv& y) {
                        if (x.k == nk::sum) return arithmetic(nk::add, t, y);
                        const int o = order(y, t);
                        return o != incomparable && (x.k == nk::greatest ? o > 0 : o < 0) ? y : t;
                    };
                    if (!has_total) {
                        total = v;
                        has_total = true;
                    } else if (is_unk(total) || is_unk(v)) {
                        total = combine(total, v, pick);
                    } else {
                        total = pick(total, v);
                    }
                    break;
                }
            }
        }
        switch (x.k) {
            case nk::any:
            case nk::all:
                if (any_unknown) return unknown_value(ms);
                return boolean(x.k == nk::all);
            case nk::count: {
                if (undecided == 0) return whole(count);
                // Between [count] and [count + undecided]: a comparison true for all is decided.
                if (undecided + 1 > max_options) return unknown_value(ms);
                fv* range = tmp.raw<fv>(undecided + 1);
                for (std::size_t k = 0; k <= undecided; ++k) new (&range[k]) fv(whole(count + static_cast<std::int64_t>(k)));
                return unknown_value(ms, range, static_cast<std::uint32_t>(undecided + 1));
            }
            case nk::greatest:
            case nk::smallest:
                if (has_total) return with_missing(total, ms);
                // No element: unknown, decided by the list's contents (when it is the record's).
                if (list.t == tag::list && list.b != 0) return {tag::unk, 0, 0, reinterpret_cast<const fv*>(list.b)};
                return fv{};
            default:
                if (has_total) return with_missing(total, ms);
                if (x.ty == ir::tkind::duration) return dur_of(0, 0);
                return whole(0);
        }
    }

    // [v], and when it is unknown, with the missing facts [m] added to its own.
    fv with_missing(const fv& v, miss ms) {
        if (!is_unk(v) || ms.n == 0) return v;
        const auto* u = info_of(v);
        return unknown_value(merged(missing_of(v), ms), u != nullptr ? u->options : nullptr, u != nullptr ? u->n_options : 0);
    }

    [[gnu::noinline]] fv membership(const node& x, fv* f) {
        const fv v = operand(*x.arg0, f);
        const fv s = operand(*x.arg1, f);
        if (is_unk(v) || is_unk(s)) return unknown_of(v, s);
        const bool positive = x.k == nk::in;
        bool maybe = false;
        miss ms;
        if (s.t == tag::set) {
            const auto* st = static_cast<const set_value*>(s.p);
            if (st->whole_numbers && v.t == tag::num && v.b == 1) {
                for (std::size_t i = 0; i < st->nr; ++i) {
                    if (st->ranges[i].first.a <= v.a && v.a <= st->ranges[i].second.a) return boolean(positive);
                }
                for (std::size_t i = 0; i < st->n; ++i) {
                    if (st->items[i].a == v.a) return boolean(positive);
                }
                return boolean(!positive);
            }
            for (std::size_t i = 0; i < st->nr; ++i) {
                const fv& low = st->ranges[i].first;
                const fv& high = st->ranges[i].second;
                if (v.t == tag::num && v.b != 1) continue;  // ranges hold integers only
                if (is_unk(low) || is_unk(high)) {  // a bound not known: in the range or not, undecided
                    maybe = true;
                    ms = merged(merged(ms, missing_of(low)), missing_of(high));
                    continue;
                }
                const int lo = order(low, v), hi = order(v, high);
                if (lo != incomparable && hi != incomparable && lo <= 0 && hi <= 0) return boolean(positive);
            }
        }
        std::size_t n = 0;
        const fv* items = items_of(s, n, true);
        for (std::size_t i = 0; i < n; ++i) {
            if (is_unk(items[i])) {
                maybe = true;
                ms = merged(ms, missing_of(items[i]));
                continue;
            }
            if (order(v, items[i]) == 0) return boolean(positive);
        }
        if (maybe) return unknown_value(ms);
        return boolean(!positive);
    }

    // --- rules, exceptions and provisions (eval.cpp's base, resolve and walk) -------------------

    // The truth of [e]; when unknown, the facts that would decide it are added to [missing].
    tri truth(const node* e, std::uint32_t frame_size, miss& missing) {
        charge(*e);
        const fv v = eval(*e, frame(frame_size));
        if (is_unk(v)) {
            missing = merged(missing, missing_of(v));
            return tri::unknown;
        }
        return v.a != 0 ? tri::yes : tri::no;
    }

    tri base(std::uint32_t rule, int d, miss& missing) {
        const auto& code = c.rules[rule];
        if (code.kind == ir::rule_kind::exception) {
            if (!code.exclusion_chain) return code.test != nullptr ? truth(code.test, code.frame, missing) : tri::yes;
            if (d % 2 == 1) return tri::no;
            std::uint32_t root = rule;
            while (prog.rules[root].kind == ir::rule_kind::exception) root = static_cast<std::uint32_t>(prog.rules[root].target);
            return base(root, 0, missing);
        }
        miss test_missing, unless_missing;
        const tri t = code.test != nullptr ? truth(code.test, code.frame, test_missing) : tri::yes;
        const tri u = code.unless != nullptr ? truth(code.unless, code.frame, unless_missing) : tri::no;
        tri out;
        if (code.kind == ir::rule_kind::condition) {
            out = t == tri::yes || u == tri::yes ? tri::yes : (t == tri::no && u == tri::no ? tri::no : tri::unknown);
        } else {
            out = t == tri::no || u == tri::yes ? tri::no : (t == tri::yes && u == tri::no ? tri::yes : tri::unknown);
        }
        if (out == tri::unknown) {
            if (t == tri::unknown) missing = merged(missing, test_missing);
            if (u == tri::unknown) missing = merged(missing, unless_missing);
        }
        return out;
    }

    // The outcome of [rule] with its exceptions; [applied] gets the exceptions that applied and,
    // when the outcome is unknown, [missing] (empty on entry) the facts that would decide it.
    tri resolve(std::uint32_t rule, int d, std::vector<std::uint32_t>& applied, miss& missing) {
        if (d > 64) give_up();  // E0502, at any rule of the chain as eval.cpp
        if (!c.rules[rule].has_exceptions) return base(rule, d, missing);
        const auto& r = prog.rules[rule];
        std::uint32_t fired_buf[16], maybe_buf[16];
        miss maybe_missing[16];
        std::size_t n_fired = 0, n_maybe = 0;
        for (const auto x : r.exceptions) {
            const auto& code = c.rules[x];
            miss when_missing;
            const tri when = code.when != nullptr ? truth(code.when, code.frame, when_missing) : tri::yes;
            if (when == tri::no) continue;
            if (n_fired == 16 || n_maybe == 16) give_up();
            if (when == tri::yes) {
                fired_buf[n_fired++] = x;
            } else {
                maybe_missing[n_maybe] = when_missing;
                maybe_buf[n_maybe++] = x;
            }
        }
        tri out = tri::unknown;
        const big_int* top = nullptr;
        if (n_fired > 0) {
            for (std::size_t i = 0; i < n_fired; ++i) {
                const auto& p = prog.rules[fired_buf[i]].priority;
                if (top == nullptr || *top < p) top = &p;
            }
            bool first = true;
            for (std::size_t i = 0; i < n_fired; ++i) {
                const auto x = fired_buf[i];
                if (prog.rules[x].priority != *top) continue;
                applied.push_back(x);  // then the exceptions under it that applied
                miss sub_missing;
                const tri sub = resolve(x, d + 1, applied, sub_missing);
                if (!first && sub != tri::unknown && out != tri::unknown && sub != out) give_up();  // E0502
                if (first || out == tri::unknown) out = sub;
                first = false;
                missing = merged(missing, sub_missing);
            }
        } else {
            out = base(rule, d, missing);
        }
        // An exception whose `when` is unknown matters only if it would change the outcome.
        for (std::size_t i = 0; i < n_maybe; ++i) {
            const auto x = maybe_buf[i];
            if (top != nullptr && prog.rules[x].priority < *top) continue;
            miss sub_missing;
            const tri sub = resolve(x, d + 1, maybe_applied, sub_missing);
            maybe_applied.clear();
            if (sub != out || sub == tri::unknown) {
                if (out != tri::unknown) missing = {};
                out = tri::unknown;
                missing = merged(merged(missing, maybe_missing[i]), sub_missing);
            }
        }
        if (out != tri::unknown) missing = {};
        return out;
    }

    // [guard_missing]: what would decide the guards above, when one of them is unknown.
    void walk(std::uint32_t provision, miss guard_missing, bool guard_unknown, outcome& o, std::size_t& unknown_rules,
              miss& case_missing) {
        const auto& p = c.provisions[provision];
        bool unknown_guard = guard_unknown;
        if (const node* g = p.applies) {
            const tri t = truth(g, p.applies_frame, guard_missing);
            if (t == tri::no) {
                skipped.push_back(provision);
                return;
            }
            unknown_guard = unknown_guard || t == tri::unknown;
        }
        for (std::uint32_t i = 0; i < p.rules_n; ++i) {
            const std::uint32_t r = c.prov_items[p.rules_at + i];
            walk_applied.clear();
            miss rule_missing;
            tri res = resolve(r, 0, walk_applied, rule_missing);
            const bool exclusion = c.rules[r].kind == ir::rule_kind::exclusion;
            const tri neutral = exclusion ? tri::no : tri::yes;
            if (unknown_guard && res != neutral) {
                rule_missing = merged(rule_missing, guard_missing);
                res = tri::unknown;
            }
            if (res == tri::unknown) {
                ++unknown_rules;
                case_missing = merged(case_missing, rule_missing);
                continue;
            }
            if ((res == tri::no) != exclusion) {
                o.failed.push_back(provision);
                decided.push_back(r);
            }
            for (const auto a : walk_applied) {
                const auto pa = static_cast<std::uint32_t>(prog.rules[a].provision);
                const auto& cite = prog.provisions[pa].citation_vi;
                bool seen = false;
                for (const auto q : o.applied) seen = seen || prog.provisions[q].citation_vi == cite;
                if (!seen) o.applied.push_back(pa);
            }
        }
        for (std::uint32_t i = 0; i < p.children_n; ++i) {
            walk(c.prov_items[p.children_at + i], guard_missing, unknown_guard, o, unknown_rules, case_missing);
        }
    }

    // The assumptions verdict [v] of this case rests on (provenance::rests_on), into [out].
    void rests_on(verdict v, provenance::index_set& out) {
        out.clear();
        if (v != verdict::eligible && v != verdict::not_eligible) return;
        const auto& key = v == verdict::eligible ? skipped : decided;
        for (const auto& e : rests_cache) {
            if (e.v == v && e.key == key) {
                out.assign(e.rests.begin(), e.rests.end());
                return;
            }
        }
        provenance::rests_on(c.assumptions, prog, static_cast<provenance::verdict>(v), {decided, skipped}, out);
        if (rests_cache.size() < rests_cache_size) rests_cache.push_back({v, key, out});
    }
};

evaluator::evaluator(std::shared_ptr<const compiled> program) : m(std::make_unique<impl>(std::move(program))) {}
evaluator::~evaluator() = default;

bool evaluator::decide(const simdjson::dom::element& record, bool name_undeclared, outcome& out, bool no_assumptions) {
    auto& s = *m;
    s.tmp.reset();
    s.absent_quarters.clear();
    if (++s.gen == 0) {  // after 2^32 records: forget every memo for real
        std::fill(s.memo_gen.begin(), s.memo_gen.end(), 0);
        s.gen = 1;
    }
    s.depth = 0;
    s.steps = 0;
    s.name_undeclared = name_undeclared;
    out.result = verdict::eligible;
    out.failed.clear();
    out.applied.clear();
    out.missing.clear();
    out.assumptions.clear();
    out.provisional.reset();
    out.id = {};
    s.decided.clear();
    s.skipped.clear();
    try {
        if (s.prog.input == nullptr || s.prog.input->rec == nullptr) return false;
        if (record.type() != simdjson::dom::element_type::OBJECT) return false;
        const auto id = record["id"];
        if (!id.error()) {
            if (id.value_unsafe().type() == simdjson::dom::element_type::STRING) {
                out.id = id.value_unsafe().get_string().value_unsafe();
            } else if (!id.value_unsafe().is_null()) {
                return false;  // an id that is not a string: shown as the general decoder shows it
            }
        }
        s.input = s.record_of(record, *s.c.input_type);
        std::size_t unknown_rules = 0;
        miss missing;
        for (const auto root : s.prog.roots) s.walk(root, {}, false, out, unknown_rules, missing);
        if (!out.failed.empty()) {
            out.result = verdict::not_eligible;
        } else if (unknown_rules > 0) {
            out.result = verdict::undetermined;
            for (std::uint32_t i = 0; i < missing.n; ++i) {
                out.missing.push_back(s.path_of(missing.at[i]));
                if (out.missing.back().empty()) return false;  // not a slot of the record: cannot be
            }
        } else {
            out.result = verdict::eligible;
        }
        s.rests_on(out.result, out.assumptions);
        if (no_assumptions) withhold_assumed(out);
        return true;
    } catch (const decline&) {
        return false;
    }
}

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
