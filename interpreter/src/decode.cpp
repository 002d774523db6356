// Case record decoding and validation (JSON via simdjson's DOM API).
#include "decode.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include <utility>

#include "decree/lang/messages.hpp"
#include "decree/lang/source.hpp"

namespace decree::eval {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A string of the record in NFC, as the decree's own text is read (source.hpp): a value typed
// with decomposed diacritics equals its composed spelling.
std::string text_of(const element& e) {
    const std::string_view s = e;
    return utf8_surely_nfc(s) ? std::string(s) : utf8_nfc(s);
}

// The variant of [en] that the string [e] names, in either normalisation; -1 for none.
int variant_of(const ir::enum_type& en, const element& e) {
    const std::string_view s = e;
    const int i = en.find(s);
    if (i >= 0 || utf8_surely_nfc(s)) return i;
    return en.find(utf8_nfc(s));
}

// A written value, the same in both languages.
text as_written(std::string s) { return text{s, s}; }

text describe(const element& e) {
    switch (e.type()) {
        case element_type::ARRAY: return say(msg::rec_an_array);
        case element_type::OBJECT: return say(msg::rec_an_object);
        case element_type::INT64: return as_written(std::to_string(int64_t(e)));
        case element_type::UINT64: return as_written(std::to_string(uint64_t(e)));
        case element_type::DOUBLE: {
            // Beyond 2^53 a number with a fraction or an exponent is not what was written (JSON
            // readers keep it as a double): say so rather than show a rounded value as if written.
            const double d = double(e);
            if (d >= 9007199254740992.0 || d <= -9007199254740992.0) {
                return say(msg::rec_inexact_double, {fmt::format("{}", d)});
            }
            return as_written(fmt::format("{}", d));
        }
        case element_type::STRING: {
            std::string s{std::string_view(e)};
            if (s.size() > 40) {  // cut between characters, never inside one
                std::size_t cut = 40;
                while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
                s = s.substr(0, cut) + "...";
            }
            return as_written("\"" + s + "\"");
        }
        case element_type::BOOL: return as_written(bool(e) ? "true" : "false");
        case element_type::NULL_VALUE: return as_written("null");
    }
    return say(msg::rec_a_value);
}

// [s] as a base-10 integer: an optional `-`, then at most 60 digits. (Boost.Multiprecision
// would read "010" as octal and "0x10" as hexadecimal, so it is never given the text.)
std::optional<big_int> decimal_integer(std::string_view s) {
    const bool negative = !s.empty() && s.front() == '-';
    if (negative) s.remove_prefix(1);
    if (s.empty() || s.size() > 60 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    big_int v = 0;
    for (const char c : s) v = v * 10 + (c - '0');
    return negative ? big_int(-v) : v;
}

struct decoder {
    std::vector<field_problem> errors;
    std::vector<field_problem> warnings;

    value fail(const std::string& path, const text& expected, const element& e) {
        errors.push_back({path, say(msg::rec_expected_got, {expected, describe(e)})});
        return unknown{{path}};
    }

    // An integer was expected: a whole number written with a fraction or an exponent (1.0,
    // 1e0) is named as such, with how to write it; a negative one says integers here are not.
    value fail_integer(const std::string& path, const element& e) {
        if (e.type() == element_type::DOUBLE) {
            const double d = double(e);
            if (d >= 0 && d < 9007199254740992.0 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
                const auto n = std::to_string(static_cast<std::int64_t>(d));
                errors.push_back({path, say(msg::rec_expected_integer_written_inexactly, {n})});
                return unknown{{path}};
            }
        }
        if (e.type() == element_type::INT64 && int64_t(e) < 0) {
            errors.push_back({path, say(msg::rec_expected_integer_got_negative, {describe(e)})});
            return unknown{{path}};
        }
        return fail(path, say(msg::rec_non_negative_integer), e);
    }

    std::optional<big_int> natural(const element& e) {
        if (e.type() == element_type::INT64) {
            const int64_t v = e;
            if (v < 0) return std::nullopt;
            return big_int(v);
        }
        if (e.type() == element_type::UINT64) return big_int(uint64_t(e));
        return std::nullopt;
    }

    value duration_of(const element& e, const std::string& path) {
        if (e.type() != element_type::OBJECT) return fail(path, say(msg::rec_duration_object), e);
        duration d;
        bool seen[3] = {false, false, false};  // years, months, days
        for (auto [key, part] : simdjson::dom::object(e)) {
            const std::string sub = path + "." + std::string(key);
            const int which = key == "years" ? 0 : key == "months" ? 1 : key == "days" ? 2 : -1;
            if (which >= 0 && std::exchange(seen[which], true)) {
                errors.push_back({sub, say(msg::rec_field_given_twice)});
                continue;
            }
            if (part.is_null()) continue;
            auto n = natural(part);
            if (!n) {
                fail_integer(sub, part);
                continue;
            }
            if (key == "years") d.months += *n * 12;
            else if (key == "months") d.months += *n;
            else if (key == "days") d.days += *n;
            else errors.push_back({sub, say(msg::rec_unknown_duration_part)});
        }
        return d;
    }

    value date_of(const element& e, const std::string& path) {
        if (e.type() != element_type::STRING) return fail(path, say(msg::rec_date_shape), e);
        const std::string_view s = e;
        auto digits = [&](std::size_t at, std::size_t n, std::int64_t& out) {
            out = 0;
            for (std::size_t i = at; i < at + n; ++i) {
                if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
                out = out * 10 + (s[i] - '0');
            }
            return true;
        };
        std::int64_t y = 0, m = 0, d = 0;
        const auto year_digits = s.find('-');  // 4, or more for a year out of range
        const bool shaped = year_digits != std::string_view::npos && year_digits >= 4 &&
                            s.size() == year_digits + 6 && s[year_digits + 3] == '-' &&
                            s.substr(0, year_digits).find_first_not_of("0123456789") == std::string_view::npos &&
                            digits(year_digits + 1, 2, m) && digits(year_digits + 4, 2, d);
        if (!shaped) return fail(path, say(msg::rec_date_shape), e);
        if (year_digits > 4 || (digits(0, 4, y) && y == 0)) {
            errors.push_back({path, say(msg::rec_date_out_of_range, {describe(e)})});
            return unknown{{path}};
        }
        auto v = date::from_ymd(y, m, d);
        if (!v) {
            errors.push_back({path, say(msg::rec_impossible_date, {describe(e)})});
            return unknown{{path}};
        }
        return *v;
    }

    value money_of(const element& e, const std::string& path) {
        if (e.type() == element_type::STRING) {
            const std::string_view s = e;
            const auto v = s.starts_with('-') ? std::nullopt : decimal_integer(s);
            if (!v && s.size() > 60 && s.find_first_not_of("0123456789") == std::string_view::npos) {
                errors.push_back({path, say(msg::rec_too_many_digits, {s.size()})});
                return unknown{{path}};
            }
            if (!v) return fail(path, say(msg::rec_money_shape), e);
            return rational(*v);
        }
        if (auto n = natural(e)) return rational(*n);
        return fail(path, say(msg::rec_money_shape), e);
    }

    value number_of(const element& e, const std::string& path, const ir::type* t) {
        if (t->kind == ir::tkind::integer) {
            if (auto n = natural(e)) return *n;
            return fail_integer(path, e);
        }
        if (auto n = natural(e)) return rational(*n);
        if (e.type() == element_type::STRING) {
            const std::string s{std::string_view(e)};
            if (const auto slash = s.find('/'); slash != std::string::npos) {
                const auto n = decimal_integer(std::string_view(s).substr(0, slash));
                const auto d = decimal_integer(std::string_view(s).substr(slash + 1));
                if (n && d && *d != 0) return rational(*n, *d);
            } else if (const auto dot = s.find('.'); dot == std::string::npos) {
                if (const auto n = decimal_integer(s)) return rational(*n);
            } else if (const auto n = decimal_integer(s.substr(0, dot) + s.substr(dot + 1))) {
                big_int scale = 1;
                for (std::size_t i = dot + 1; i < s.size(); ++i) scale *= 10;
                return rational(*n, scale);
            }
        }
        return fail(path, say(msg::rec_exact_number_shape), e);
    }

    value of(const element& e, const ir::type* t, const std::string& path) {
        if (e.is_null()) return unknown{{path}};
        switch (t->kind) {
            case ir::tkind::bool_:
                if (e.type() == element_type::BOOL) return bool(e);
                return fail(path, say(msg::rec_true_or_false), e);
            case ir::tkind::integer:
            case ir::tkind::decimal:
            case ir::tkind::fraction: return number_of(e, path, t);
            case ir::tkind::money: return money_of(e, path);
            case ir::tkind::date: return date_of(e, path);
            case ir::tkind::duration: return duration_of(e, path);
            case ir::tkind::string:
                if (e.type() == element_type::STRING) return text_of(e);
                return fail(path, say(msg::rec_a_string), e);
            case ir::tkind::enumeration: {
                if (e.type() == element_type::STRING) {
                    const int i = variant_of(*t->en, e);
                    if (i >= 0) return ir::enum_value{t->en, i};
                }
                std::string values;
                for (const auto& v : t->en->variants) values += (values.empty() ? "" : ", ") + v;
                return fail(path, say(msg::rec_one_of, {values}), e);
            }
            case ir::tkind::record: return record_of(e, *t->rec, path);
            case ir::tkind::list:
            case ir::tkind::set: {
                if (e.type() != element_type::ARRAY) return fail(path, say(msg::rec_an_array), e);
                auto out = std::make_shared<list_value>();
                out->path = path;
                std::size_t i = 0;
                for (auto item : simdjson::dom::array(e)) {
                    out->items.push_back(of(item, t->elem, path + "[" + std::to_string(i++) + "]"));
                }
                return list_ptr(std::move(out));
            }
            case ir::tkind::law_article: {
                if (e.type() == element_type::STRING) {
                    const std::string s = text_of(e);
                    const auto sp = s.rfind(' ');
                    const auto number = sp == std::string::npos || s[sp + 1] == '-'
                                            ? std::nullopt
                                            : decimal_integer(std::string_view(s).substr(sp + 1));
                    if (number) return ir::law_article{s.substr(0, sp), *number};
                }
                return fail(path, say(msg::rec_law_article_shape), e);
            }
            default: return fail(path, say(msg::rec_value_of_type, {ir::to_string(t)}), e);
        }
    }

    // A scalar field: decoded without building its path unless it is wrong.
    value scalar(const element& e, const ir::type* t, const std::string& parent, const std::string& name) {
        switch (t->kind) {
            case ir::tkind::bool_:
                if (e.type() == element_type::BOOL) return bool(e);
                break;
            case ir::tkind::integer:
                if (auto n = natural(e)) return *n;
                break;
            case ir::tkind::string:
                if (e.type() == element_type::STRING) return text_of(e);
                break;
            case ir::tkind::enumeration:
                if (e.type() == element_type::STRING) {
                    const int i = variant_of(*t->en, e);
                    if (i >= 0) return ir::enum_value{t->en, i};
                }
                break;
            default: break;
        }
        return of(e, t, parent + "." + name);  // everything else, and every error, with its path
    }

    value record_of(const element& e, const ir::record_type& type, const std::string& path) {
        if (e.type() != element_type::OBJECT) return fail(path, say(msg::rec_object_of_record, {type.name}), e);
        auto out = std::make_shared<record_value>();
        out->type = &type;
        out->path = path;
        out->fields.resize(type.fields.size());  // unknown until set
        std::vector<bool> present(type.fields.size(), false);
        for (auto [key, v] : simdjson::dom::object(e)) {
            int i = type.find(key);
            if (i < 0 && !utf8_surely_nfc(key)) i = type.find(utf8_nfc(key));  // a name typed decomposed
            if (i < 0) {
                warnings.push_back({path + "." + std::string(key), say(msg::rec_field_not_declared, {type.name})});
                continue;
            }
            const auto k = static_cast<std::size_t>(i);
            const auto& f = type.fields[k];
            if (present[k]) {  // which of the two values would count is anyone's guess
                errors.push_back({path + "." + f.name, say(msg::rec_field_given_twice)});
                continue;
            }
            // Paths are built only where they can be needed: records, lists, nulls and errors.
            const auto kind = f.ty->kind;
            if (v.is_null() || kind == ir::tkind::record || kind == ir::tkind::list || kind == ir::tkind::set) {
                out->fields[k] = of(v, f.ty, path + "." + f.name);
            } else {
                out->fields[k] = scalar(v, f.ty, path, f.name);
            }
            present[k] = true;
        }
        for (std::size_t k = 0; k < present.size(); ++k) {
            if (!present[k]) out->fields[k] = unknown{{path + "." + type.fields[k].name}};
        }
        return record_ptr(std::move(out));
    }
};

}  // namespace

decoded_record decode(const simdjson::dom::element& json, const ir::record_type& type) {
    decoder d{{}, {}};
    decoded_record out;
    if (json.type() == element_type::OBJECT) {
        auto id = json["id"];
        if (!id.error()) {
            if (id.value().type() == element_type::STRING) {
                out.id = std::string(std::string_view(id.value()));
            } else if (!id.value().is_null()) {
                out.id = describe(id.value()).en;
            }
        }
    }
    out.record = d.record_of(json, type, "$");
    out.errors = std::move(d.errors);
    out.warnings = std::move(d.warnings);
    return out;
}

}  // namespace decree::eval
