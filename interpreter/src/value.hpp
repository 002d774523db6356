// Runtime values of the evaluator. A value may be unknown: a fact absent from the case record,
// or a result that depends on one; an unknown carries the field paths that would decide it.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "decree/lang/ir.hpp"
#include "decree/lang/text.hpp"
#include "decree/lang/values.hpp"

namespace decree::eval {

struct record_value;
struct list_value;
struct set_value;

struct option_list;

// Unknown: the field paths ("$.sentence.term") whose absence made this value unknown. When the
// unknown comes from a condition with a missing fact (`if C then A else B`), [options] holds the
// values it can take; operations on it are computed for each, and a result that is the same
// for every option is known after all (a cap of 8 or 10 years, when 5 years remain).
struct unknown {
    std::vector<std::string> missing;
    std::shared_ptr<const option_list> options = nullptr;
};

using record_ptr = std::shared_ptr<const record_value>;
using list_ptr = std::shared_ptr<const list_value>;
using set_ptr = std::shared_ptr<const set_value>;

// Integers are big_int; decimals, fractions and money are exact rationals.
using value = std::variant<unknown, bool, big_int, rational, date, duration, std::string,
                           ir::law_article, ir::enum_value, record_ptr, list_ptr, set_ptr>;

struct option_list {
    std::vector<value> items;
};

struct record_value {
    const ir::record_type* type = nullptr;
    std::string path;           // "$", "$.offences[0]"
    std::vector<value> fields;  // slot-indexed by the record type's fields
};

struct list_value {
    std::vector<value> items;
    std::string path;  // where the list came from in the case record ("$.custody"), if it did
};

// A set literal: single elements and inclusive ranges.
struct set_value {
    std::vector<value> items;
    std::vector<std::pair<value, value>> ranges;
};

inline bool is_unknown(const value& v) { return std::holds_alternative<unknown>(v); }

// Merges the missing paths of [from] into [into], keeping first-seen order, no duplicates.
void merge_missing(std::vector<std::string>& into, const std::vector<std::string>& from);

using language = decree::language;

// Display of a value for explanations: "9 năm 0 tháng 0 ngày", "50.000.000 đồng", "31/08/2025",
// "1/3", "BLHS 168" (English: "9 years 0 months 0 days", "50,000,000 VND", "2025-08-31").
std::string display(const value& v, const ir::type* t, language lang);

}  // namespace decree::eval
