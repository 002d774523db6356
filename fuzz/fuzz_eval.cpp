// Fuzz target: the evaluator. Every decree of the repository that reads case records (the
// rounds, the examples, the benchmark decree and the evaluation goldens) decides the input as a
// case record, with explanations, in both languages. A structure-aware mutator edits the seed
// records (the example cases, and fuzz/seeds/fuzz_eval: records for the decrees at the documented
// limits) field by field: boundary dates, huge numbers, the limits, wrong types, nulls, removed
// and duplicated fields and list items. The same record decided by a fresh evaluator
// must render byte for byte as by the long-lived one (no state leaks from case to case), and
// whenever the fast decoder and the fused code decide the record, its result line must be the
// careful decoder's and the plain code's, byte for byte.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

using namespace decree;

struct decree_under_test {
    std::unique_ptr<fuzz::compiled_decree> decree;
    std::unique_ptr<eval::decider> evaluator;
};

std::vector<decree_under_test>& decrees() {
    static std::vector<decree_under_test> all = [] {
        std::vector<decree_under_test> out;
        std::vector<std::string> paths;
        for (const char* dir : {"decrees", "examples", "bench", "tests/golden/eval"}) {
            for (const auto& e : std::filesystem::recursive_directory_iterator(
                     std::string(DECREE_SOURCE_DIR) + "/" + dir)) {
                if (e.path().extension() != ".decree") continue;
                paths.push_back(
                    std::filesystem::relative(e.path(), DECREE_SOURCE_DIR).generic_string());
            }
        }
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            compile_options o;
            o.read_file = [](const std::string& f) -> std::optional<std::string> {
                return fuzz::repo_file(f);
            };
            auto comp = compile(p, fuzz::repo_file(p), o);
            if (!comp->ok() || comp->program->input == nullptr ||
                comp->program->input->rec == nullptr)
                continue;
            decree_under_test d;
            d.decree = std::make_unique<fuzz::compiled_decree>(p);
            d.evaluator = std::make_unique<eval::decider>(*d.decree->comp->program);
            out.push_back(std::move(d));
        }
        if (out.size() < 3) std::abort();
        return out;
    }();
    return all;
}

// ---- a small JSON tree for the mutator ---------------------------------------------------------

struct node {
    enum class kind { null, boolean, number, string, array, object } k = kind::null;
    std::string text;  // number: its JSON text; string: its contents; boolean: "true"/"false"
    std::vector<std::string> keys;  // object: keys[i] names items[i]
    std::vector<node> items;        // array items or object values
};

node from_json(const simdjson::dom::element& e) {
    using t = simdjson::dom::element_type;
    node n;
    switch (e.type()) {
        case t::NULL_VALUE:
            break;
        case t::BOOL:
            n.k = node::kind::boolean;
            n.text = bool(e) ? "true" : "false";
            break;
        case t::INT64:
            n.k = node::kind::number;
            n.text = std::to_string(int64_t(e));
            break;
        case t::UINT64:
            n.k = node::kind::number;
            n.text = std::to_string(uint64_t(e));
            break;
        case t::DOUBLE:
            n.k = node::kind::number;
            n.text = std::to_string(double(e));
            break;
        case t::STRING:
            n.k = node::kind::string;
            n.text = std::string(std::string_view(e));
            break;
        case t::ARRAY:
            n.k = node::kind::array;
            for (auto x : simdjson::dom::array(e)) n.items.push_back(from_json(x));
            break;
        case t::OBJECT:
            n.k = node::kind::object;
            for (auto [key, v] : simdjson::dom::object(e)) {
                n.keys.emplace_back(key);
                n.items.push_back(from_json(v));
            }
            break;
    }
    return n;
}

void to_json(const node& n, std::string& out) {
    switch (n.k) {
        case node::kind::null:
            out += "null";
            break;
        case node::kind::boolean:
        case node::kind::number:
            out += n.text;
            break;
        case node::kind::string:
            out += '"' + eval::json_escape(n.text) + '"';
            break;
        case node::kind::array:
            out += '[';
            for (std::size_t i = 0; i < n.items.size(); ++i) {
                if (i > 0) out += ',';
                to_json(n.items[i], out);
            }
            out += ']';
            break;
        case node::kind::object:
            out += '{';
            for (std::size_t i = 0; i < n.items.size(); ++i) {
                if (i > 0) out += ',';
                out += '"' + eval::json_escape(n.keys[i]) + "\":";
                to_json(n.items[i], out);
            }
            out += '}';
            break;
    }
}

void collect(node& n, std::vector<node*>& out) {
    out.push_back(&n);
    for (auto& x : n.items) collect(x, out);
}

node scalar(node::kind k, std::string text) {
    node n;
    n.k = k;
    n.text = std::move(text);
    return n;
}

// Values at the edges of what a case record holds.
const std::vector<node>& interesting() {
    using k = node::kind;
    static const std::vector<node> values = [] {
        std::vector<node> v;
        v.push_back(node{});
        for (const char* b : {"true", "false"}) v.push_back(scalar(k::boolean, b));
        for (const char* n :
             {"0", "1", "-1", "2", "7", "12", "70", "9223372036854775807", "18446744073709551615",
              "-9223372036854775808", "0.5", "1e308", "-0.0",
              // The documented limits (docs/language.md section 10), at, below and past them:
              // exceptions nested 64 deep, calls 400 deep, 1,000,000 range elements gone
              // through, numbers near 2^33,220 (tests/golden/eval/limits_*.decree).
              "15", "16", "63", "64", "65", "399", "400", "401", "1000000", "1000001",
              "1000000000000000000"}) {
            v.push_back(scalar(k::number, n));
        }
        for (const char* s : {"",
                              "0",
                              "1/3",
                              "0.25",
                              "-1",
                              "10000000000000000000000000000000000000000",
                              "0001-01-01",
                              "9999-12-31",
                              "0000-01-01",
                              "2024-02-29",
                              "2025-02-29",
                              "2025-08-31",
                              "2025-08-32",
                              "2016-08-31",
                              "1955-01-01",
                              "2012-01-01",
                              "good",
                              "fair",
                              "average",
                              "poor",
                              "serving",
                              "suspended",
                              "fixed_term",
                              "life",
                              "life_commuted",
                              "male",
                              "female",
                              "detention",
                              "prison",
                              "arrest",
                              "compulsory_treatment",
                              "BLHS2015 168",
                              "BLHS 108",
                              "Nguyễn Văn A",
                              "\xff\xfe"}) {
            v.push_back(scalar(k::string, s));
        }
        node dur;
        dur.k = k::object;
        dur.keys = {"years"};
        dur.items = {scalar(k::number, "12")};
        v.push_back(dur);
        dur.keys = {"years", "months", "days"};
        dur.items = {scalar(k::number, "12"), scalar(k::number, "11"), scalar(k::number, "31")};
        v.push_back(dur);
        node big;
        big.k = k::object;
        big.keys = {"years"};
        big.items = {scalar(k::number, "18446744073709551615")};
        v.push_back(big);
        node empty_array;
        empty_array.k = k::array;
        v.push_back(empty_array);
        node empty_object;
        empty_object.k = k::object;
        v.push_back(empty_object);
        return v;
    }();
    return values;
}

bool mutate_tree(node& root, std::mt19937& rng) {
    std::vector<node*> nodes;
    collect(root, nodes);
    auto pick = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    node& target = *nodes[pick(nodes.size())];
    switch (pick(6)) {
        case 0:
            target = interesting()[pick(interesting().size())];
            return true;
        case 1: {  // another part of the record spliced in (copied first: it may lie inside target)
            node copy = *nodes[pick(nodes.size())];
            target = std::move(copy);
            return true;
        }
        case 2:  // a field or list item removed
            if (!target.items.empty()) {
                const auto i = static_cast<std::ptrdiff_t>(pick(target.items.size()));
                target.items.erase(target.items.begin() + i);
                if (target.k == node::kind::object) target.keys.erase(target.keys.begin() + i);
                return true;
            }
            return false;
        case 3:  // a list item or a field repeated (a duplicate key in an object)
            if (!target.items.empty()) {
                const auto i = pick(target.items.size());
                const node copy = target.items[i];
                target.items.push_back(copy);
                if (target.k == node::kind::object) target.keys.push_back(target.keys[i]);
                return true;
            }
            return false;
        case 4:  // a field renamed to another field's name of the record
            if (target.k == node::kind::object && !target.keys.empty()) {
                std::vector<const std::string*> names;
                for (auto* n : nodes) {
                    for (const auto& k : n->keys) names.push_back(&k);
                }
                target.keys[pick(target.keys.size())] = *names[pick(names.size())];
                return true;
            }
            return false;
        default:
            if (target.k == node::kind::number || target.k == node::kind::string) {
                // Small numeric edits keep dates and amounts plausible: off by one.
                auto& s = target.text;
                for (std::size_t i = s.size(); i-- > 0;) {
                    if (s[i] >= '0' && s[i] <= '8') {
                        ++s[i];
                        return true;
                    }
                }
            }
            return false;
    }
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
    std::mt19937 rng(seed);
    static simdjson::dom::parser parser;
    simdjson::dom::element e;
    if (rng() % 4 != 0 &&
        parser.parse(reinterpret_cast<const char*>(data), size).get(e) == simdjson::SUCCESS) {
        node root = from_json(e);
        bool changed = false;
        for (auto i = 0u, n = 1u + static_cast<unsigned>(rng() % 3); i < n; ++i)
            changed |= mutate_tree(root, rng);
        std::string out;
        to_json(root, out);
        if (changed && out.size() <= max_size) {
            std::memcpy(data, out.data(), out.size());
            return out.size();
        }
    }
    return LLVMFuzzerMutate(data, size, max_size);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static simdjson::dom::parser parser;
    simdjson::dom::element e;
    if (parser.parse(reinterpret_cast<const char*>(data), size).get(e) != simdjson::SUCCESS)
        return 0;
    if (e.type() != simdjson::dom::element_type::OBJECT) return 0;
    for (auto& d : decrees()) {
        const auto once = fuzz::decide_and_render(*d.decree, e, *d.evaluator);
        eval::decider fresh(*d.decree->comp->program);
        const auto again = fuzz::decide_and_render(*d.decree, e, fresh);
        if (once != again) {
            std::cerr << d.decree->path << ": a fresh evaluator decides differently:\n"
                      << once << "\n---\n"
                      << again << "\n";
            std::abort();
        }
        // The fast decoder and the fused code against the careful decoder and the plain code, on
        // the line `decreec eval --format json` writes.
        eval::outcome o;
        if (d.evaluator->decide_compact(e, {}, o)) {
            std::string fast_line;
            d.evaluator->append_json(o, 1, fast_line);
            eval::case_result r;
            fresh.set_fusion(false);
            const auto careful_line =
                fuzz::careful_line(*d.decree->comp, *d.decree->input, e, fresh, r);
            if (fast_line != careful_line) {
                std::cerr << d.decree->path << ": the fused code decides differently from the plain code:\n"
                          << fast_line << "---\n"
                          << careful_line;
                std::abort();
            }
        }
    }
    return 0;
}
