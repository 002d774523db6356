// The run of consecutive classified quarters that ends at a given quarter: the one algorithm
// behind `_quarter_run`, the evaluator's (eval/run.cpp).
//
// Quarters are numbered year x 4 + quarter (Decree 118/2024 Art. 18(1)(c) names them I to IV of
// a year; quarter I of 2025 runs from 1 December 2024). Walking back from quarter [last]: a
// quarter graded in the counted set adds one to the run, one graded in the skipped set (not
// classified: too little time in it, or away on a suspension or compulsory treatment) neither
// adds nor breaks, any other grade breaks the run, and so does a quarter absent from the record.
// Quarter [last] itself absent means the record stops before it: the run is not known.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace decree::eval {

enum class quarter_state : std::uint8_t { counted, skipped, breaks, unknown };

struct quarter_entry {
    std::int64_t index = 0;  // year x 4 + quarter
    quarter_state state = quarter_state::unknown;
    std::uint32_t item = 0;  // position in the record's list
};

struct quarter_run_result {
    enum class status { known, last_absent, grade_unknown } outcome = status::known;
    std::int64_t run = 0;
    std::uint32_t item = 0;  // grade_unknown: the entry whose grade is not known
};

// [entries]: the quarters up to [last] (later ones left out); reordered.
inline quarter_run_result quarter_run(std::vector<quarter_entry>& entries, std::int64_t last) {
    std::sort(entries.begin(), entries.end(), [](const quarter_entry& a, const quarter_entry& b) {
        return a.index != b.index ? a.index > b.index : a.item < b.item;
    });
    quarter_run_result out;
    if (entries.empty() || entries.front().index != last) {
        out.outcome = quarter_run_result::status::last_absent;
        return out;
    }
    std::int64_t expected = last;
    for (std::size_t i = 0; i < entries.size();) {
        const std::int64_t k = entries[i].index;
        if (k != expected) break;  // a quarter absent from the record breaks the run
        // The same quarter listed twice: counted only if every entry is counted, passed over only
        // if every entry is; any other mix breaks the run.
        bool all_counted = true, all_skipped = true;
        for (; i < entries.size() && entries[i].index == k; ++i) {
            const auto s = entries[i].state;
            if (s == quarter_state::breaks) return out;
            if (s == quarter_state::unknown) {
                out.outcome = quarter_run_result::status::grade_unknown;
                out.item = entries[i].item;
                return out;
            }
            all_counted = all_counted && s == quarter_state::counted;
            all_skipped = all_skipped && s == quarter_state::skipped;
        }
        if (all_counted) {
            ++out.run;
        } else if (!all_skipped) {
            return out;
        }
        --expected;
    }
    return out;
}

}  // namespace decree::eval
