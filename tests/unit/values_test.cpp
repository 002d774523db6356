#include <doctest/doctest.h>

#include "decree/lang/values.hpp"

using namespace decree;

namespace {
date d(int y, int m, int day) { return *date::from_ymd(y, m, day); }
duration months(int m, int days = 0) { return duration{m, days}; }
}  // namespace

TEST_SUITE("dates") {
    TEST_CASE("impossible dates are rejected") {
        CHECK_FALSE(date::from_ymd(2016, 2, 30));
        CHECK_FALSE(date::from_ymd(2023, 2, 29));
        CHECK_FALSE(date::from_ymd(2025, 13, 1));
        CHECK_FALSE(date::from_ymd(0, 1, 1));
        CHECK(date::from_ymd(2024, 2, 29));
        CHECK(d(2025, 8, 31).iso() == "2025-08-31");
        CHECK(d(2025, 8, 31).vietnamese() == "31/08/2025");
    }
    TEST_CASE("adding months needs a rounding policy at month ends") {
        CHECK_FALSE(add(d(2024, 1, 31), months(1), date_rounding::reject));
        CHECK(add(d(2024, 1, 31), months(1), date_rounding::down)->iso() == "2024-02-29");
        CHECK(add(d(2024, 1, 31), months(1), date_rounding::up)->iso() == "2024-03-01");
        CHECK(add(d(2023, 1, 31), months(1), date_rounding::down)->iso() == "2023-02-28");
        CHECK(add(d(2024, 2, 29), months(12), date_rounding::down)->iso() == "2025-02-28");
        CHECK(add(d(2016, 8, 31), months(108), date_rounding::reject)->iso() == "2025-08-31");
        CHECK(add(d(2025, 8, 31), duration{0, 1}, date_rounding::reject)->iso() == "2025-09-01");
        CHECK(add(d(2025, 3, 1), duration{0, -1}, date_rounding::reject)->iso() == "2025-02-28");
    }
    TEST_CASE("calendar duration between two dates") {
        // Guidance 94's worked example: arrested 31/08/2016, 9 years served by 31/08/2025.
        CHECK(between(d(2016, 8, 31), d(2025, 8, 31)) == months(108));
        CHECK(between(d(2016, 8, 31), d(2025, 8, 31)).vietnamese() == "9 năm 0 tháng 0 ngày");
        CHECK(between(d(2024, 1, 31), d(2024, 2, 29)) == months(1));
        CHECK(between(d(2024, 1, 31), d(2024, 2, 28)) == months(0, 28));
        CHECK(between(d(2025, 1, 1), d(2025, 1, 1)) == months(0));
        CHECK(between(d(2025, 8, 31), d(2016, 8, 31)) == months(-108));
        CHECK(between(d(2024, 2, 29), d(2025, 2, 28)).english() == "1 year 0 months 0 days");
        // One day short of 9 years is 8 years 11 months 30 days, and less than 9 years.
        CHECK(between(d(2016, 9, 1), d(2025, 8, 31)) == months(107, 30));
        CHECK(between(d(2016, 9, 1), d(2025, 8, 31)) < months(108));
        CHECK(between(d(2016, 9, 1), d(2025, 8, 31)).vietnamese() == "8 năm 11 tháng 30 ngày");
    }
}

TEST_SUITE("durations") {
    TEST_CASE("normalise and compare with 30-day months") {
        CHECK(months(12) == months(0, 360));
        CHECK(months(0, 45) == months(1, 15));
        CHECK(months(0, 30) < months(1));  // a calendar period of 30 days in a 31-day month
        CHECK(months(0, 15) + months(0, 15) == months(1));  // sums carry 30 days
        CHECK(months(1, 29) < months(2));
        CHECK((months(0, 29) + months(0, 29)).normalized().months == 1);
        CHECK((months(0, 29) + months(0, 29)).normalized().days == 28);
        CHECK(months(150).literal() == "12 years 6 months");
        CHECK(months(0).literal() == "0 days");
    }
    TEST_CASE("a fraction of a duration rounds up to a whole day") {
        CHECK(scale(months(144), rational(1, 3)) == months(48));      // 1/3 of 12 years = 4 years
        CHECK(scale(months(120), rational(1, 3)) == months(40));      // 1/3 of 10 years = 3 years 4 months
        CHECK(scale(months(1, 1), rational(1, 3)) == months(0, 11));  // 31 days / 3 = 10.33 -> 11 days
        CHECK(scale(months(144), rational(1, 4)) == months(36));
        CHECK(ratio(months(108), months(144)) == rational(3, 4));
    }
}

TEST_SUITE("numbers") {
    TEST_CASE("exact rationals print exactly") {
        CHECK(to_string(rational(1, 3)) == "1/3");
        CHECK(to_string(rational(1, 4)) == "0.25");
        CHECK(to_string(rational(5)) == "5");
        CHECK(to_decimal(rational(2, 3), 2) == "0.67");
        CHECK(group_thousands(big_int(50000000), '.') == "50.000.000");
        big_int huge = 1;
        for (int i = 0; i < 40; ++i) huge *= 10;
        CHECK(group_thousands(huge, ',').size() == 41 + 13);
    }
}
