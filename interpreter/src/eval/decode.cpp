// Case records into cells (machine.hpp): straight from simdjson's DOM into slot-indexed arrays
// in the record's arena, for records that decode cleanly; anything irregular is left to the
// careful decoder (decode.hpp), whose result is then placed in cells (cell_of). And back:
// the path of a cell in the decoded record, for the facts an undetermined verdict misses.
#include <cstring>
#include <limits>

#include "decree/lang/source.hpp"
#include "machine.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace decree::eval {

namespace {

using element = simdjson::dom::element;
using element_type = simdjson::dom::element_type;

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

bool natural(const element& e, element_type t, std::int64_t& out) {
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

bool digits(std::string_view s, std::size_t at, std::size_t n, std::int64_t& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// A decoded value in its place: a null knows where it is missing from, a list where it is.
void settle(cell& v) {
    if (v.t == tag::unknown) v.p = &v;
    else if (v.t == tag::list) v.b = reinterpret_cast<std::intptr_t>(&v);
}

}  // namespace

// [e] decoded into [slot], constructed in place: a value returned through a temporary and
// copied would be reloaded wider than it was stored, which stalls store forwarding. Booleans,
// whole numbers and enumeration values, the commonest, without the call to value_of.
[[gnu::always_inline]] inline void machine::place_value(const element& e, const decode_type* d, cell& slot) {
    const auto et = e.type();
    if (et == element_type::BOOL && d->kind == ir::tkind::bool_) {
        new (&slot) cell(boolean(e.get_bool().value_unsafe()));
        return;
    }
    if (et == element_type::INT64 && d->kind == ir::tkind::integer && e.get_int64().value_unsafe() >= 0) {
        new (&slot) cell(whole(e.get_int64().value_unsafe()));
        return;
    }
    if (et == element_type::STRING && d->kind == ir::tkind::enumeration) {
        const std::string_view s = e.get_string().value_unsafe();
        for (std::size_t i = 0; i < d->names.size(); ++i) {
            if (matches(d->names[i], s)) {
                new (&slot) cell(tag::enumeration, static_cast<std::int64_t>(i), 0, d->ty->en);
                return;
            }
        }
    }
    new (&slot) cell(value_of(e, d));
    settle(slot);
}

cell machine::value_of(const element& e, const decode_type* d) {
    const auto et = e.type();
    if (et == element_type::NULL_VALUE) return {};
    switch (d->kind) {
        case ir::tkind::bool_:
            if (et == element_type::BOOL) return boolean(e.get_bool().value_unsafe());
            throw retry{};
        case ir::tkind::integer:
        case ir::tkind::decimal:
        case ir::tkind::fraction: {
            std::int64_t v = 0;
            if (natural(e, et, v)) return whole(v);
            throw retry{};  // exact numbers written as strings, and every error: the careful decoder's
        }
        case ir::tkind::money: {
            std::int64_t v = 0;
            if (natural(e, et, v)) return whole(v);
            if (et == element_type::STRING) {
                const std::string_view s = e.get_string().value_unsafe();
                if (!s.empty() && s.size() <= 18 && digits(s, 0, s.size(), v)) return whole(v);
            }
            throw retry{};
        }
        case ir::tkind::date: {
            if (et != element_type::STRING) throw retry{};
            const std::string_view s = e.get_string().value_unsafe();
            std::int64_t y = 0, mo = 0, day = 0;
            if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, mo) ||
                !digits(s, 8, 2, day)) {
                throw retry{};
            }
            const auto v = date::from_ymd(y, mo, day);
            if (!v) throw retry{};
            return date_of(v->days);
        }
        case ir::tkind::duration: {
            if (et != element_type::OBJECT) throw retry{};
            std::int64_t months = 0, days = 0;
            simdjson::dom::object parts;
            if (e.get(parts) != simdjson::SUCCESS) throw retry{};
            bool seen[3] = {false, false, false};  // a part given twice is an error
            for (auto [k, part] : parts) {
                const int which = k == "years" ? 0 : k == "months" ? 1 : k == "days" ? 2 : -1;
                if (which < 0 || seen[which]) throw retry{};
                seen[which] = true;
                if (part.is_null()) continue;
                std::int64_t v = 0;
                if (!natural(part, part.type(), v) || v > (std::int64_t{1} << 40)) throw retry{};  // past 2^40: exact, carefully
                if (which == 0) months += v * 12;
                else if (which == 1) months += v;
                else days += v;
            }
            return duration_of(months, days);
        }
        case ir::tkind::string: {
            if (et != element_type::STRING) throw retry{};
            const std::string_view s = e.get_string().value_unsafe();
            if (!utf8_surely_nfc(s)) throw retry{};  // the careful decoder normalises it
            return {tag::string, static_cast<std::int64_t>(s.size()), 0, s.data()};
        }
        case ir::tkind::enumeration: {
            if (et != element_type::STRING) throw retry{};
            const std::string_view s = e.get_string().value_unsafe();
            for (std::size_t i = 0; i < d->names.size(); ++i) {
                if (matches(d->names[i], s)) return {tag::enumeration, static_cast<std::int64_t>(i), 0, d->ty->en};
            }
            throw retry{};
        }
        case ir::tkind::record: return record_of(e, *d);
        case ir::tkind::list:
        case ir::tkind::set: {
            if (et != element_type::ARRAY) throw retry{};
            simdjson::dom::array arr;
            if (e.get(arr) != simdjson::SUCCESS) throw retry{};
            const std::size_t n = arr.size();
            cell* items = m_tmp.raw<cell>(n);
            std::size_t i = 0;
            for (auto item : arr) place_value(item, d->elem, items[i++]);
            return {tag::list, static_cast<std::int64_t>(n), 0, items};
        }
        case ir::tkind::law_article: {
            if (et != element_type::STRING) throw retry{};
            const std::string_view s = e.get_string().value_unsafe();
            const auto sp = s.rfind(' ');
            std::int64_t number = 0;
            if (sp == std::string_view::npos || sp + 1 >= s.size() || s.size() - sp - 1 > 18 ||
                !digits(s, sp + 1, s.size() - sp - 1, number)) {
                throw retry{};
            }
            const int ci = m_num.code_index(s.substr(0, sp));
            if (ci < 0) throw retry{};  // a code no rule names: a boxed article, carefully
            return {tag::article, ci, number, nullptr};
        }
        default: throw retry{};
    }
}

cell machine::record_of(const element& e, const decode_type& type) {
    if (e.type() != element_type::OBJECT) throw retry{};
    const std::size_t n = type.fields.size();
    cell* fields = m_tmp.raw<cell>(n);
    for (std::size_t i = 0; i < n; ++i) new (&fields[i]) cell(tag::unknown, 0, 0, &fields[i]);  // missing until given
    // A field given twice is an error: the fields given, as bits (in the arena past 64).
    std::uint64_t given_bits = 0;
    std::uint64_t* given = n <= 64 ? &given_bits : m_tmp.make<std::uint64_t>((n + 63) / 64);
    std::size_t next = 0;  // records usually list their fields in declared order
    simdjson::dom::object object;
    if (e.get(object) != simdjson::SUCCESS) throw retry{};
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
            // The careful decoder names the field, or finds it typed with decomposed diacritics.
            if (m_name_undeclared || !utf8_surely_nfc(k)) throw retry{};
            continue;
        }
        const std::uint64_t bit = std::uint64_t{1} << (i % 64);
        if ((given[i / 64] & bit) != 0) throw retry{};
        given[i / 64] |= bit;
        place_value(v, type.fields[i], fields[i]);
        next = i + 1;
    }
    return {tag::record, 0, 0, fields};
}

// --- from the careful decoder's values -----------------------------------------------------------

void machine::place(const value& v, const ir::type* t, cell& slot) {
    new (&slot) cell(cell_of(v, t));
    settle(slot);
}

cell machine::cell_of(const value& v, const ir::type* t) {
    return std::visit(
        [&](const auto& x) -> cell {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, unknown>) {
                return cell{};  // its place is its path (settle)
            } else if constexpr (std::is_same_v<T, bool>) {
                return boolean(x);
            } else if constexpr (std::is_same_v<T, big_int> || std::is_same_v<T, rational> || std::is_same_v<T, date> ||
                                 std::is_same_v<T, duration> || std::is_same_v<T, ir::law_article> ||
                                 std::is_same_v<T, ir::enum_value>) {
                return m_num.cell_of(x);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return {tag::string, static_cast<std::int64_t>(x.size()), 0, x.data()};
            } else if constexpr (std::is_same_v<T, record_ptr>) {
                const auto& fs = x->fields;
                cell* fields = m_tmp.raw<cell>(fs.size());
                for (std::size_t i = 0; i < fs.size(); ++i) place(fs[i], x->type->fields[i].ty, fields[i]);
                return {tag::record, 0, 0, fields};
            } else if constexpr (std::is_same_v<T, list_ptr>) {
                const auto& is = x->items;
                cell* items = m_tmp.raw<cell>(is.size());
                for (std::size_t i = 0; i < is.size(); ++i) place(is[i], t != nullptr ? t->elem : nullptr, items[i]);
                return {tag::list, static_cast<std::int64_t>(is.size()), 0, items};
            } else {
                auto* s = m_tmp.make<cell_set>(1);
                auto* items = m_tmp.make<cell>(x->items.size());
                for (std::size_t i = 0; i < x->items.size(); ++i) items[i] = cell_of(x->items[i], t != nullptr ? t->elem : nullptr);
                *s = {items, x->items.size(), nullptr, 0, false};
                return {tag::set, 0, 0, s};
            }
        },
        v);
}

// --- paths ---------------------------------------------------------------------------------------

namespace {

// Extends [path] to the first value of the record [fields] (fields, list elements, nested
// records) for which [hit] holds.
template <typename Hit>
bool find_in(const Hit& hit, const cell& v, const decode_type& type, std::string& path);

template <typename Hit>
bool find_path(const Hit& hit, const cell* fields, const decode_type& type, std::string& path) {
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
bool find_in(const Hit& hit, const cell& v, const decode_type& type, std::string& path) {
    if (v.t == tag::record) return find_path(hit, static_cast<const cell*>(v.p), type, path);
    if (v.t != tag::list || type.elem == nullptr) return false;
    const auto* items = static_cast<const cell*>(v.p);
    for (std::int64_t j = 0; j < v.a; ++j) {
        const auto at = path.size();
        path.append("[" + std::to_string(j) + "]");
        if (hit(items[j]) || find_in(hit, items[j], *type.elem, path)) return true;
        path.resize(at);
    }
    return false;
}

}  // namespace

// The path of [slot] in the decoded record ("$.sentence.term", "$.offences[1]"), or of a
// quarter absent from a list of quarters.
const std::string& machine::path_of(const cell* slot) const {
    for (const auto& [at, path] : m_paths) {
        if (at == slot) return path;
    }
    return m_paths.emplace_back(slot, find_path_of(slot)).second;
}

std::string machine::find_path_of(const cell* slot) const {
    std::string path = "$";
    const auto* fields = static_cast<const cell*>(m_input.p);
    for (const auto& a : m_absent_quarters) {
        if (a.slot != slot) continue;
        const auto is_list = [&](const cell& v) { return a.list != nullptr ? &v == a.list : v.t == tag::list && v.p == a.items && v.a > 0; };
        if (!find_path(is_list, fields, *c.input_type, path)) path = "$";
        const std::int64_t year = (a.last - 1) / 4, quarter = a.last - year * 4;
        return path + "[?(@.year==" + std::to_string(year) + " && @.quarter==" + std::to_string(quarter) + ")]";
    }
    const auto& type = *c.input_type;
    if (slot >= fields && slot < fields + type.fields.size()) {  // a field of the record itself: the usual case
        const auto& name = type.names[static_cast<std::size_t>(slot - fields)];
        return path + "." + std::string(name.text, name.len);
    }
    if (!m_paths_indexed) index_paths();
    std::size_t k = 0;
    while (k < m_path_steps.size() && m_path_steps[k].at != slot) ++k;
    if (k == m_path_steps.size()) return "$";
    std::vector<const path_step*> steps;
    for (auto i = static_cast<std::uint32_t>(k); i != no_parent; i = m_path_steps[i].parent) steps.push_back(&m_path_steps[i]);
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        const auto& s = **it;
        if (s.name != nullptr) {
            path.push_back('.');
            path.append(s.name->text, s.name->len);
        } else {
            path.push_back('[');
            path.append(std::to_string(s.index));
            path.push_back(']');
        }
    }
    return path;
}

void machine::index_paths() const {
    m_path_steps.clear();
    index_fields(static_cast<const cell*>(m_input.p), *c.input_type, no_parent);
    m_paths_indexed = true;
}

void machine::index_fields(const cell* fields, const decode_type& type, std::uint32_t parent) const {
    for (std::size_t i = 0; i < type.fields.size(); ++i) {
        const auto self = static_cast<std::uint32_t>(m_path_steps.size());
        m_path_steps.push_back({&fields[i], parent, &type.names[i], 0});
        index_children(fields[i], *type.fields[i], self);
    }
}

void machine::index_children(const cell& v, const decode_type& type, std::uint32_t self) const {
    if (v.t == tag::record) {
        index_fields(static_cast<const cell*>(v.p), type, self);
    } else if (v.t == tag::list && type.elem != nullptr) {
        const auto* items = static_cast<const cell*>(v.p);
        for (std::int64_t j = 0; j < v.a; ++j) {
            const auto item = static_cast<std::uint32_t>(m_path_steps.size());
            m_path_steps.push_back({&items[j], self, nullptr, j});
            index_children(items[j], *type.elem, item);
        }
    }
}

}  // namespace decree::eval
