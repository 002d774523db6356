// The run of consecutive classified quarters (quarters.hpp), which `_quarter_run` computes for
// both evaluators.
#include <doctest/doctest.h>

#include "quarters.hpp"

using namespace decree::eval;

namespace {

constexpr auto C = quarter_state::counted;
constexpr auto S = quarter_state::skipped;
constexpr auto B = quarter_state::breaks;
constexpr auto U = quarter_state::unknown;

quarter_run_result run(std::vector<std::pair<std::int64_t, quarter_state>> qs, std::int64_t last) {
    std::vector<quarter_entry> entries;
    for (std::uint32_t i = 0; i < qs.size(); ++i) entries.push_back({qs[i].first, qs[i].second, i});
    return quarter_run(entries, last);
}

}  // namespace

TEST_SUITE("quarter run") {
    TEST_CASE("counts back from the last quarter, in any order of the record") {
        const auto r = run({{8, C}, {10, C}, {9, C}, {7, C}}, 10);
        CHECK(r.outcome == quarter_run_result::status::known);
        CHECK(r.run == 4);
    }
    TEST_CASE("a quarter rated average or poor ends the run") {
        CHECK(run({{10, C}, {9, C}, {8, B}, {7, C}}, 10).run == 2);
        CHECK(run({{10, B}, {9, C}}, 10).run == 0);
    }
    TEST_CASE("a quarter missing from the record ends the run") {
        CHECK(run({{10, C}, {9, C}, {7, C}, {6, C}}, 10).run == 2);
    }
    TEST_CASE("a quarter not classified is passed over, neither counted nor breaking") {
        CHECK(run({{10, C}, {9, S}, {8, C}, {7, S}, {6, C}}, 10).run == 3);
    }
    TEST_CASE("the last quarter itself must be in the record, else the run is not known") {
        const auto r = run({{9, C}, {8, C}}, 10);
        CHECK(r.outcome == quarter_run_result::status::last_absent);
        CHECK(run({}, 10).outcome == quarter_run_result::status::last_absent);
    }
    TEST_CASE("a grade not known inside the run makes it not known, after a break it does not matter") {
        const auto r = run({{10, C}, {9, U}, {8, C}}, 10);
        CHECK(r.outcome == quarter_run_result::status::grade_unknown);
        CHECK(r.item == 1);
        CHECK(run({{10, C}, {9, B}, {8, U}}, 10).outcome == quarter_run_result::status::known);
    }
    TEST_CASE("a quarter listed twice counts only when every entry agrees") {
        CHECK(run({{10, C}, {10, C}, {9, C}}, 10).run == 2);
        CHECK(run({{10, C}, {10, B}, {9, C}}, 10).run == 0);
        CHECK(run({{10, C}, {9, C}, {9, S}, {8, C}}, 10).run == 1);
        CHECK(run({{10, C}, {9, S}, {9, S}, {8, C}}, 10).run == 2);
    }
}
