// Exact value types shared by the front end (literals, constant folding) and the evaluator:
// integers and rationals (Boost.Multiprecision), calendar dates and durations. No floating
// point anywhere.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace decree {

using big_int = boost::multiprecision::cpp_int;
using rational = boost::multiprecision::cpp_rational;

// Numbers are exact, within a bound that keeps every operation cheap: an integer, and the
// numerator and denominator of a decimal, fraction or amount of money, is below 2^33,220 in
// absolute value, so every number of 10,000 decimal digits fits. Arithmetic that goes past it
// is E0503 for a case (repeated squaring would otherwise run for minutes).
inline constexpr unsigned max_number_bits = 33'220;
inline bool too_big(const big_int& v) {
    // Below 2^max_number_bits: at most that many bits; the limb count decides the common case.
    if (v.backend().size() * sizeof(boost::multiprecision::limb_type) * 8 <= max_number_bits) return false;
    return boost::multiprecision::msb(v < 0 ? big_int(-v) : v) >= max_number_bits;
}
inline bool too_big(const rational& r) {
    return too_big(boost::multiprecision::numerator(r)) || too_big(boost::multiprecision::denominator(r));
}

// How date + months handles a day that does not exist in the target month.
enum class date_rounding { reject, up, down };

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
struct date {
    std::int64_t days = 0;

    // The date Y-M-D, or nothing when it does not exist (2016-02-30) or is out of range
    // (years 1..9999).
    static std::optional<date> from_ymd(std::int64_t y, std::int64_t m, std::int64_t d);
    [[nodiscard]] std::int64_t year() const;
    [[nodiscard]] unsigned month() const;
    [[nodiscard]] unsigned day() const;
    // "2025-08-31"
    [[nodiscard]] std::string iso() const;
    // "31/08/2025"
    [[nodiscard]] std::string vietnamese() const;

    friend bool operator==(date a, date b) { return a.days == b.days; }
    friend auto operator<=>(date a, date b) { return a.days <=> b.days; }
};

// A duration in calendar months and days (a year is 12 months). Literals, sums and fractions
// carry 30 days into a month (`45 days` is `1 month 15 days`). The calendar period between two
// dates keeps its day count, which can be 30 in a 31-day month: one day short of a month is
// never a month. Durations compare by months, then days (a day count above 30 is carried
// first). Adding a duration to a date is calendar arithmetic: months first, then days.
struct duration {
    big_int months = 0;
    big_int days = 0;

    // Days with 30-day months: for fractions of a duration and ratios of durations.
    [[nodiscard]] big_int total_days() const { return months * 30 + days; }
    // (months, days) for comparison: days above 30 (or below 0) carried with 30-day months.
    [[nodiscard]] std::pair<big_int, big_int> key() const;
    // The same duration with 0 <= days < 30 (for non-negative durations).
    [[nodiscard]] duration normalized() const;
    [[nodiscard]] bool negative() const { return total_days() < 0; }
    // "9 years 0 months 0 days" / "9 năm 0 tháng 0 ngày" (normalised).
    [[nodiscard]] std::string english() const;
    [[nodiscard]] std::string vietnamese() const;
    // Canonical literal: "12 years 6 months" (omits zero parts; "0 days" for zero).
    [[nodiscard]] std::string literal() const;

    friend bool operator==(const duration& a, const duration& b) { return a.key() == b.key(); }
    friend bool operator<(const duration& a, const duration& b) { return a.key() < b.key(); }
};

duration operator+(const duration& a, const duration& b);
duration operator-(const duration& a, const duration& b);
// [f] x [d], rounded up to a whole day: the smallest whole-day duration that is at least the
// exact product (so that `served >= 1/3 of term` is decided exactly).
duration scale(const duration& d, const rational& f);
// [a] / [b] as an exact fraction (30-day months); [b] must not be zero.
rational ratio(const duration& a, const duration& b);

// Calendar arithmetic on day numbers (days since 1970-01-01): the one definition, which the
// duration forms below and the evaluator's 64-bit values both use.
namespace calendar {
// [day] + [months] calendar months (the day rounded by [policy] when it does not exist in the
// target month), then + [days] days. Nothing when the day does not exist and [policy] is
// reject, or when the result is outside the years 1..9999.
std::optional<std::int64_t> add(std::int64_t day, std::int64_t months, std::int64_t days, date_rounding policy);
// The calendar duration from [from] to [to] as (months, days): the most whole months m such
// that from + m months (rounded down) is not after [to], then the remaining days. Negative
// when [to] < [from]. Both days must be in the calendar.
std::pair<std::int64_t, std::int64_t> between(std::int64_t from, std::int64_t to);
}  // namespace calendar

// [d] + [dur] with calendar months. Returns nothing when the day does not exist in the target
// month and [policy] is reject (2024-01-31 + 1 month), or when out of range.
std::optional<date> add(date d, const duration& dur, date_rounding policy);
// The calendar duration from [from] to [to]: the most whole months m such that from + m months
// (rounded down) is not after [to], then the remaining days. Negative when [to] < [from].
duration between(date from, date to);

// Exact decimal text of [r] when it has a finite expansion ("0.25"), else "1/3".
std::string to_string(const rational& r);
// Decimal text with [places] digits, rounded half up (for display only).
std::string to_decimal(const rational& r, unsigned places);
// "50.000.000" with Vietnamese thousands separators, for money display.
std::string group_thousands(const big_int& v, char sep);

}  // namespace decree
