// Exact values: calendar dates and durations, rationals as text.
#include "decree/lang/values.hpp"

#include <chrono>

namespace decree {

namespace {
namespace ch = std::chrono;

ch::year_month_day ymd_of(date d) { return ch::year_month_day{ch::sys_days{ch::days{d.days}}}; }

std::string pad(std::int64_t v, int width) {
    std::string s = std::to_string(v);
    while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
    return s;
}
}  // namespace

std::optional<date> date::from_ymd(std::int64_t y, std::int64_t m, std::int64_t d) {
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    const ch::year_month_day v{ch::year{static_cast<int>(y)}, ch::month{static_cast<unsigned>(m)},
                           ch::day{static_cast<unsigned>(d)}};
    if (!v.ok()) return std::nullopt;
    return date{ch::sys_days{v}.time_since_epoch().count()};
}

std::int64_t date::year() const { return static_cast<int>(ymd_of(*this).year()); }
unsigned date::month() const { return static_cast<unsigned>(ymd_of(*this).month()); }
unsigned date::day() const { return static_cast<unsigned>(ymd_of(*this).day()); }
std::string date::iso() const { return pad(year(), 4) + "-" + pad(month(), 2) + "-" + pad(day(), 2); }
std::string date::vietnamese() const { return pad(day(), 2) + "/" + pad(month(), 2) + "/" + pad(year(), 4); }

std::pair<big_int, big_int> duration::key() const {
    big_int m = months, d = days;
    if (d < 0) {
        const big_int k = (-d + 29) / 30;
        m -= k;
        d += 30 * k;
    } else if (d > 30) {
        const big_int k = d / 30;
        m += k;
        d -= 30 * k;
    }
    return {m, d};
}

duration duration::normalized() const {
    const big_int total = total_days();
    const bool neg = total < 0;
    const big_int a = neg ? big_int(-total) : total;
    duration d{a / 30, a % 30};
    if (neg) {
        d.months = -d.months;
        d.days = -d.days;
    }
    return d;
}

namespace {
// Every part is spelt, zeros included ("3 years 0 months 0 days"); [one] names a part equal
// to one, [many] any other (the same in Vietnamese, which has no plural).
struct unit_names {
    const char* one;
    const char* many;
};
std::string spell(const duration& dur, unit_names y, unit_names m, unit_names d) {
    if (dur.negative()) return "-" + spell(duration{-dur.months, -dur.days}, y, m, d);
    const auto [months, days] = dur.key();
    const big_int years = months / 12, rest = months % 12;
    auto part = [](const big_int& v, unit_names u) { return v.str() + " " + (v == 1 ? u.one : u.many); };
    return part(years, y) + " " + part(rest, m) + " " + part(days, d);
}
}  // namespace

std::string duration::english() const { return spell(*this, {"year", "years"}, {"month", "months"}, {"day", "days"}); }
std::string duration::vietnamese() const { return spell(*this, {"năm", "năm"}, {"tháng", "tháng"}, {"ngày", "ngày"}); }

std::string duration::literal() const {
    const big_int years = months / 12, rest = months % 12;
    std::string out;
    auto part = [&](const big_int& v, const char* one, const char* many) {
        if (v == 0) return;
        if (!out.empty()) out += ' ';
        out += v.str() + " " + (v == 1 ? one : many);
    };
    part(years, "year", "years");
    part(rest, "month", "months");
    part(days, "day", "days");
    return out.empty() ? "0 days" : out;
}

duration operator+(const duration& a, const duration& b) {
    return duration{a.months + b.months, a.days + b.days}.normalized();
}
duration operator-(const duration& a, const duration& b) {
    return duration{a.months - b.months, a.days - b.days}.normalized();
}

duration scale(const duration& d, const rational& f) {
    const rational exact = rational(d.total_days()) * f;
    // Round up to a whole day: ceil(n/q).
    big_int n = numerator(exact), q = denominator(exact);
    big_int whole = n / q;
    if (whole * q != n && n > 0) whole += 1;
    return duration{whole / 30, whole % 30};
}

rational ratio(const duration& a, const duration& b) { return rational(a.total_days(), b.total_days()); }

namespace calendar {

std::optional<std::int64_t> add(std::int64_t day, std::int64_t months, std::int64_t days, date_rounding policy) {
    const auto ymd = ch::year_month_day{ch::sys_days{ch::days{day}}};
    constexpr std::int64_t first = 12, past_last = 10000 * 12;  // months from year 0: 0001-01 .. 9999-12
    const std::int64_t at = static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 + (static_cast<unsigned>(ymd.month()) - 1);
    if (months < first - at || months >= past_last - at) return std::nullopt;
    const std::int64_t total = at + months;
    const auto y = static_cast<int>(total / 12);
    const auto m = static_cast<unsigned>(total % 12) + 1;
    const ch::year_month_day_last last{ch::year{y}, ch::month_day_last{ch::month{m}}};
    const auto day_of = static_cast<unsigned>(ymd.day());
    ch::sys_days base;
    if (day_of > static_cast<unsigned>(last.day())) {
        if (policy == date_rounding::reject) return std::nullopt;
        base = policy == date_rounding::down ? ch::sys_days{last} : ch::sys_days{last} + ch::days{1};
    } else {
        base = ch::sys_days{ch::year_month_day{ch::year{y}, ch::month{m}, ch::day{day_of}}};
    }
    if (days > 100000000 || days < -100000000) return std::nullopt;
    const auto result = base + ch::days{static_cast<long>(days)};
    const ch::year_month_day check{result};
    if (static_cast<int>(check.year()) < 1 || static_cast<int>(check.year()) > 9999) return std::nullopt;
    return result.time_since_epoch().count();
}

std::pair<std::int64_t, std::int64_t> between(std::int64_t from, std::int64_t to) {
    if (to < from) {
        const auto [m, d] = between(to, from);
        return {-m, -d};
    }
    const auto a = ch::year_month_day{ch::sys_days{ch::days{from}}};
    const auto b = ch::year_month_day{ch::sys_days{ch::days{to}}};
    std::int64_t months = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
                          (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month())));
    auto shifted = [&](std::int64_t m) { return add(from, m, 0, date_rounding::down).value_or(from); };
    while (months > 0 && shifted(months) > to) --months;
    return {months, to - shifted(months)};
}

}  // namespace calendar

std::optional<date> add(date d, const duration& dur, date_rounding policy) {
    // Beyond 10,000 years either way no date is in the calendar.
    if (dur.months > 120000 || dur.months < -120000 || dur.days > 100000000 || dur.days < -100000000) return std::nullopt;
    const auto r = calendar::add(d.days, static_cast<std::int64_t>(dur.months), static_cast<std::int64_t>(dur.days), policy);
    if (!r) return std::nullopt;
    return date{*r};
}

duration between(date from, date to) {
    const auto [m, d] = calendar::between(from.days, to.days);
    return duration{m, d};
}

std::string to_string(const rational& r) {
    const big_int n = numerator(r), d = denominator(r);
    if (d == 1) return n.str();
    big_int q = d;
    while (q % 2 == 0) q /= 2;
    while (q % 5 == 0) q /= 5;
    if (q != 1) return n.str() + "/" + d.str();
    unsigned places = 0;
    big_int scale = 1;
    while ((n * scale) % d != 0) {
        scale *= 10;
        ++places;
    }
    return to_decimal(r, places);
}

std::string to_decimal(const rational& r, unsigned places) {
    big_int scale = 1;
    for (unsigned i = 0; i < places; ++i) scale *= 10;
    const bool neg = r < 0;
    const rational a = neg ? rational(-r) : r;
    const rational scaled = a * scale;
    big_int v = numerator(scaled) / denominator(scaled);
    if ((numerator(scaled) % denominator(scaled)) * 2 >= denominator(scaled)) v += 1;
    std::string digits = v.str();
    if (places > 0) {
        while (digits.size() <= places) digits.insert(digits.begin(), '0');
        digits.insert(digits.end() - places, '.');
    }
    return (neg && v != 0 ? "-" : "") + digits;
}

std::string group_thousands(const big_int& v, char sep) {
    const bool neg = v < 0;
    std::string s = (neg ? big_int(-v) : v).str();
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && (s.size() - i) % 3 == 0) out += sep;
        out += s[i];
    }
    return (neg ? "-" : "") + out;
}

}  // namespace decree
