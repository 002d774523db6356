// The evaluator's values: 32-byte cells over a per-record arena. Numbers are exact fractions of
// two int64 (whole numbers have denominator 1), durations (months, days), dates days since
// 1970-01-01, strings views into the record's JSON or the program's constants. What 64 bits
// cannot hold (a number past them, an article of a code no rule names) is a boxed exact value
// (ir::constant): the same operations apply to it, by the exact arithmetic of arith.hpp.
//
// An unknown says what would decide it: the facts it is missing (as the cells of the decoded
// record they are missing from; their paths are spelled out only when shown) and the values it
// may take (`options`: `if C then 8 years else 10 years` with C unknown).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "decree/lang/ir.hpp"

namespace decree::eval {

enum class tag : std::uint8_t { unknown, boolean, number, date, duration, string, article, enumeration, record, list, set, boxed };

// One value: [a] and [b] by tag (number: numerator, denominator > 0; duration: months, days;
// date: days; string: length; article: code index, article number; enumeration: index; list:
// length), [p] a pointer (string: characters; record and list: the cells; set: a cell_set;
// enumeration: the enum type; boxed: the ir::constant).
//
// Cells are written field by field where they are made; a copy made soon after by two 16-byte
// loads (what the compiler emits for a trivial copy) cannot take its data from those narrower
// stores and stalls (store forwarding). So a copy moves the fields one by one.
struct cell {
    tag t = tag::unknown;
    std::int64_t a = 0;
    std::int64_t b = 0;
    const void* p = nullptr;

    cell() = default;
    cell(tag t_, std::int64_t a_, std::int64_t b_, const void* p_) : t(t_), a(a_), b(b_), p(p_) {}
    cell(const cell& o) noexcept { copy(o); }
    cell& operator=(const cell& o) noexcept {
        copy(o);
        return *this;
    }

private:
    [[gnu::always_inline]] void copy(const cell& o) noexcept {
        std::int64_t a_ = o.a, b_ = o.b;
        const void* p_ = o.p;
        asm("" : "+r"(a_), "+r"(b_), "+r"(p_));  // keeps the copy in general registers
        t = o.t;
        a = a_;
        b = b_;
        p = p_;
    }
};

inline cell boolean(bool v) { return {tag::boolean, v ? 1 : 0, 0, nullptr}; }
inline cell whole(std::int64_t v) { return {tag::number, v, 1, nullptr}; }
inline cell duration_of(std::int64_t months, std::int64_t days) { return {tag::duration, months, days, nullptr}; }
inline cell date_of(std::int64_t days) { return {tag::date, days, 0, nullptr}; }
inline bool is_unknown(const cell& v) { return v.t == tag::unknown; }
inline const ir::constant& boxed_value(const cell& v) { return *static_cast<const ir::constant*>(v.p); }

// An unknown (tag::unknown) with [p] null knows nothing that would decide it; with [b] 0 it
// misses one fact, [p] the cell of the decoded record it is missing from; with [b] 1, [p] is an
// unknown_info. A list decoded from the record has its cell in [b] (its path, for `greatest`
// over no elements).
struct unknown_info {
    const cell* const* missing = nullptr;  // cells, in first-seen order, no repeats
    std::uint32_t n_missing = 0;
    std::uint32_t n_options = 0;  // 0: no options; else at least 2
    const cell* options = nullptr;
};

// The missing facts of an unknown, or of several merged.
struct missing_facts {
    const cell* const* at = nullptr;
    std::uint32_t n = 0;
};

// At most this many values an unknown may be one of; past it, it is plainly unknown.
constexpr std::size_t max_options = 8;

// A set: single elements and inclusive ranges.
struct cell_set {
    const cell* items = nullptr;
    std::size_t n = 0;
    const std::pair<cell, cell>* ranges = nullptr;
    std::size_t nr = 0;
    bool whole_numbers = false;  // every element and bound is a 64-bit whole number (the usual article sets)
};

// A bump allocator; reset() keeps its blocks for the next record.
class arena {
public:
    // [n] values of [T], value-initialised.
    template <typename T>
    [[gnu::always_inline]] T* make(std::size_t n) {
        T* p = raw<T>(n);
        for (std::size_t i = 0; i < n; ++i) new (p + i) T();
        return p;
    }
    // Room for [n] values of [T], not constructed.
    template <typename T>
    [[gnu::always_inline]] T* raw(std::size_t n) {
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

}  // namespace decree::eval
