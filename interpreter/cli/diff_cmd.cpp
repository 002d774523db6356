// decreec diff OLD NEW CASES...: decides every case under two decrees (two rounds) and lists
// the cases whose verdict changes, with the provisions responsible, then counts per provision.
// Without case files, the two rounds are compared provision by provision (diff_structure.cpp).
#include <simdjson.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/usage.hpp"
#include "cli/records.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "decree/lang/messages.hpp"
#include "eval/decide.hpp"
#include "proofs.hpp"
#include "report.hpp"

namespace decree::cli {

namespace {

struct side {
    std::unique_ptr<compilation> comp;
    const ir::program* prog = nullptr;
    std::unique_ptr<eval::decider> ev;
    std::string name;

    eval::decision decide(const simdjson::dom::element& e, std::string& id) {
        eval::case_result r;
        ev->decide(e, {}, r);
        id = std::move(r.id);
        return std::move(r.outcome);
    }
};

std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const auto& x : a) {
        if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
    }
    return out;
}

std::string json_list(const std::vector<std::string>& xs) {
    std::string out = "[";
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ",\"" : "\"") + eval::json_escape(xs[i]) + "\"";
    return out + "]";
}


// The case records of the tests beside [decree] (`<round>.test.jsonl`), as JSON text: where the
// bounded search of --witness starts.
void test_records(const std::string& decree, std::vector<std::string>& out) {
    namespace fs = std::filesystem;
    if (!decree.ends_with(".decree")) return;
    const fs::path tests(decree.substr(0, decree.size() - 7) + ".test.jsonl");
    std::ifstream in(tests);
    if (!in) return;
    simdjson::dom::parser parser, cases;
    std::string line;
    while (std::getline(in, line)) {
        simdjson::dom::element t, c;
        if (parser.parse(line).get(t) != simdjson::SUCCESS || t["case"].get(c) != simdjson::SUCCESS) continue;
        std::string_view name;
        if (c.get(name) == simdjson::SUCCESS) {
            const fs::path file = fs::path(name).is_absolute() ? fs::path(name) : tests.parent_path() / fs::path(name);
            std::ifstream f(file);
            std::stringstream text;
            text << f.rdbuf();
            if (f) out.push_back(text.str());
        } else if (c.is_object()) {
            out.push_back(simdjson::minify(c));
        }
    }
}

std::string verdict_words(eval::verdict v, bool english) {
    switch (v) {
        case eval::verdict::eligible: return english ? "eligible" : "đủ điều kiện";
        case eval::verdict::not_eligible: return english ? "not eligible" : "không đủ điều kiện";
        case eval::verdict::undetermined: return english ? "undetermined" : "chưa xác định";
        default: return english ? "error" : "lỗi";
    }
}

std::string change_words(eval::verdict from, eval::verdict to, bool english) {
    using eval::verdict;
    if (to == verdict::eligible) return english ? "newly eligible" : "nay đủ điều kiện";
    if (to == verdict::not_eligible) return english ? "newly not eligible" : "nay không đủ điều kiện";
    if (from == verdict::eligible) return english ? "no longer decided eligible" : "không còn xác định được là đủ điều kiện";
    return english ? "no longer decided not eligible" : "không còn xác định được là không đủ điều kiện";
}

std::string citations(const std::vector<std::string>& xs) {
    std::string out;
    for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + xs[i];
    return out;
}

// decreec diff OLD NEW --witness: a case record for each change of verdict, without a roster.
int witness_diff(const std::string& old_path, const std::string& new_path, bool json, bool english, std::ostream& out,
                 std::ostream& err, const environment& env) {
    std::unique_ptr<compilation> comp[2];
    const std::string paths[2] = {old_path, new_path};
    std::vector<std::string> seeds;
    for (int k = 0; k < 2; ++k) {
        int code = ok;
        comp[k] = load_decree(paths[k], err, env, code, true);
        if (!comp[k]) return code;
        test_records(paths[k], seeds);
    }
    proofs::options o;
    o.budget_ms = 30000;
    const auto r = proofs::diff_witnesses(*comp[0]->program, *comp[1]->program, seeds, o);
    std::size_t found = 0, none = 0;
    for (const auto& c : r.changes) {
        const std::string from(eval::name(c.from)), to(eval::name(c.to));
        if (c.outcome == proofs::change_witness::found) ++found;
        if (c.outcome == proofs::change_witness::none) ++none;
        if (json) {
            out << "{\"old\":\"" << from << "\",\"new\":\"" << to << "\",\"outcome\":\""
                << (c.outcome == proofs::change_witness::found ? "found"
                    : c.outcome == proofs::change_witness::none ? "none" : "not_found")
                << "\"";
            if (c.outcome == proofs::change_witness::found) {
                out << ",\"method\":\"" << c.method << "\",\"case\":" << c.witness << ",\"old_failed\":" << json_list(c.old_failed)
                    << ",\"new_failed\":" << json_list(c.new_failed) << ",\"old_missing\":" << json_list(c.old_missing)
                    << ",\"new_missing\":" << json_list(c.new_missing);
            }
            if (c.outcome == proofs::change_witness::none) {
                out << ",\"list_bound\":" << (c.bounded ? std::to_string(o.list_bound) : std::string("null"));
            }
            out << "}\n";
            continue;
        }
        out << fmt::format("{} -> {} ({}): ", from, to, change_words(c.from, c.to, english));
        switch (c.outcome) {
            case proofs::change_witness::found: {
                if (c.method == "solver") out << (english ? "found by the SMT solver" : "bộ giải SMT tìm được");
                else out << (english ? "found by a bounded search" : "tìm được bằng tìm kiếm có giới hạn");
                out << (english ? ", evaluated under both rounds\n" : ", đã đánh giá theo cả hai đợt\n");
                out << "    " << c.witness << "\n";
                auto side = [&](const char* vi, const char* en, eval::verdict v, const std::vector<std::string>& failed,
                                const std::vector<std::string>& missing) {
                    out << "    " << (english ? en : vi) << ": " << verdict_words(v, english);
                    if (!failed.empty()) out << (english ? " (" : " (") << citations(failed) << ")";
                    if (!missing.empty()) out << (english ? ", missing " : ", thiếu ") << citations(missing);
                    out << "\n";
                };
                side("đợt cũ", "old round", c.from, c.old_failed, c.old_missing);
                side("đợt mới", "new round", c.to, c.new_failed, c.new_missing);
                break;
            }
            case proofs::change_witness::none:
                out << (english ? "none: the SMT solver proves no case record changes so"
                                : "không có: bộ giải SMT chứng minh không hồ sơ nào thay đổi như vậy");
                if (c.bounded) {
                    out << fmt::format(fmt::runtime(english ? " (for lists of at most {} elements)" : " (với danh sách tối đa {} phần tử)"),
                                       o.list_bound);
                }
                out << "\n";
                break;
            default:
                out << (english ? "none found, not proved" : "không tìm thấy, chưa chứng minh");
                out << "\n";
                break;
        }
    }
    std::string why;
    if (!r.encoded) {
        why = english ? "the rounds could not be given to the SMT solver" : "không đưa được hai đợt vào bộ giải SMT";
    } else if (r.approximated > 0) {
        why = fmt::format(fmt::runtime(english ? "the SMT solver took {} expressions it cannot express exactly as unknowns, "
                                            "which widens its search: its candidates are checked by evaluation"
                                  : "bộ giải SMT coi {} biểu thức không biểu diễn chính xác được là ẩn, "
                                    "nên các hồ sơ nó đề xuất đều được kiểm tra lại bằng cách đánh giá"),
                          r.approximated);
    }
    err << fmt::format(fmt::runtime(english ? "6 changes of verdict: {} shown by a case record, {} proved impossible, {} "
                                              "neither ({} records searched{}{})\n"
                                            : "6 loại thay đổi kết quả: {} có hồ sơ minh họa, {} được chứng minh là không "
                                              "thể xảy ra, {} chưa rõ ({} hồ sơ đã tìm{}{})\n"),
                       found, none, 6 - found - none, r.searched, why.empty() ? "" : "; ", why);
    return ok;
}

}  // namespace

int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    arguments given;
    if (const auto end = parse_arguments("diff", args, given, out, err, env.messages())) return *end;
    const bool json = given.value("--format") == "json", witness = given.has("--witness");
    const bool english = env.explanations() == language::en;  // `--lang`, taken by the command line
    const auto& files = given.operands;
    const language listing = english ? language::en : language::vi;  // of the text, as the structural diff's
    if (witness) {
        if (files.size() != 2) {
            err << say(msg::cli_diff_witness_two_files).in(env.messages()) << "\n";
            return usage;
        }
        return witness_diff(files[0], files[1], json, english, out, err, env);
    }
    if (files.size() == 2) return structure_diff(files[0], files[1], json, english, out, err, env);
    side sides[2];
    for (int k = 0; k < 2; ++k) {
        sides[k].name = files[static_cast<std::size_t>(k)];
        int code = ok;
        sides[k].comp = load_decree(sides[k].name, err, env, code, true);
        if (!sides[k].comp) return code;
        sides[k].prog = sides[k].comp->program.get();
        sides[k].ev = std::make_unique<eval::decider>(*sides[k].prog);
    }
    std::size_t total = 0, changed = 0, unreadable = 0;
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;
    std::map<std::string, std::size_t> only_old, only_new;  // failed citations responsible
    simdjson::dom::parser parser;
    bool io = false;
    // Progress on a terminal (or with --progress, never with --quiet): the new round's verdicts.
    std::unique_ptr<progress> shown;
    if (env.err_fd >= 0 && !given.has("--quiet") && (given.has("--progress") || env.err_terminal)) {
        shown = std::make_unique<progress>(env.err_fd, env.err_terminal, env.messages(), "decreec diff");
        std::size_t size = 0;
        for (std::size_t f = 2; f < files.size(); ++f) size += file_size(files[f]);
        shown->expect_bytes(size);
    }
    for (std::size_t f = 2; f < files.size(); ++f) {
        std::size_t counted = 0;  // bytes of this file the progress line has been told of
        const bool ok_read = read_records(files[f], parser, [&](const record_event& ev) {
            ++total;
            if (shown && ev.read > counted) {
                shown->read_bytes(ev.read - counted);
                counted = ev.read;
            }
            if (ev.object == nullptr) {
                if (shown) {
                    shown->add_one(static_cast<std::size_t>(eval::verdict::error));
                    shown->update();
                }
                ++unreadable;
                if (json) {
                    out << "{\"line\":" << ev.line << ",\"error\":\"" << eval::json_escape(ev.problem.en) << "\",\"error_vi\":\""
                        << eval::json_escape(ev.problem.in(language::vi)) << "\"}\n";
                } else {
                    out << ev.problem.in(env.messages()) << "\n";
                }
                return;
            }
            std::string id;
            const auto a = sides[0].decide(*ev.object, id);
            const auto b = sides[1].decide(*ev.object, id);
            if (shown) {
                shown->add_one(static_cast<std::size_t>(b.result));
                shown->update();
            }
            if (a.result == b.result) return;
            ++changed;
            const std::string va(eval::name(a.result)), vb(eval::name(b.result));
            ++transitions[{va, vb}];
            const auto gone = minus(a.failed, b.failed);
            const auto added = minus(b.failed, a.failed);
            for (const auto& c : gone) ++only_old[c];
            for (const auto& c : added) ++only_new[c];
            const std::string who = id.empty() ? ev.where : id;
            if (json) {
                out << "{\"id\":\"" << eval::json_escape(who) << "\",\"old\":\"" << va << "\",\"new\":\"" << vb
                    << "\",\"old_failed\":" << json_list(a.failed) << ",\"new_failed\":" << json_list(b.failed)
                    << ",\"old_missing\":" << json_list(a.missing) << ",\"new_missing\":" << json_list(b.missing) << "}\n";
                return;
            }
            out << fmt::format("{}: {} -> {}\n", who, va, vb);
            auto marked = [&](const std::vector<std::string>& cs, msg mark) {
                std::string joined;
                for (std::size_t i = 0; i < cs.size(); ++i) joined += (i ? ", " : "") + say(mark, {cs[i]}).in(listing);
                return joined;
            };
            if (!gone.empty()) out << say(msg::diff_no_longer_cited, {marked(gone, msg::diff_old_mark)}).in(listing) << "\n";
            if (!added.empty()) out << say(msg::diff_newly_cited, {marked(added, msg::diff_new_mark)}).in(listing) << "\n";
            if (!b.missing.empty()) {
                std::string joined;
                for (std::size_t i = 0; i < b.missing.size(); ++i) joined += (i ? ", " : "") + b.missing[i];
                out << say(msg::diff_missing_new, {joined}).in(listing) << "\n";
            }
            if (b.result == eval::verdict::error) out << "    " << b.error.in(env.messages()) << "\n";
        });
        if (shown) {
            const auto size = file_size(files[f]);
            shown->read_bytes(size - std::min(counted, size));
        }
        if (!ok_read) {
            if (shown) shown->clear();
            err << read_error(files[f]).in(env.messages()) << "\n";
            io = true;
        }
    }
    shown.reset();
    std::string summary = say(msg::diff_summary, {say_count(msg::diff_n_cases, total), say_count(msg::diff_n_changing, changed),
                                                  sides[0].name, sides[1].name})
                              .in(listing) +
                          "\n";
    for (const auto& [t, n] : transitions) summary += fmt::format("  {} -> {}: {}\n", t.first, t.second, n);
    auto per_provision = [&](const std::map<std::string, std::size_t>& m, msg line) {
        std::vector<std::pair<std::string, std::size_t>> rows(m.begin(), m.end());
        std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return eval::citation_less(x.first, y.first); });
        for (const auto& [c, n] : rows) summary += say(line, {c, say_count(msg::diff_n_cases, n)}).in(listing) + "\n";
    };
    per_provision(only_old, msg::diff_provision_old);
    per_provision(only_new, msg::diff_provision_new);
    if (unreadable > 0) summary += say(msg::diff_unreadable, {say_count(msg::diff_n_records, unreadable)}).in(listing) + "\n";
    err << summary;
    if (io) return io_error;
    return ok;
}

}  // namespace decree::cli
