// decreec diff OLD NEW CASES...: decides every case under two decrees (two rounds) and lists
// the cases whose verdict changes, with the provisions responsible, then counts per provision.
// Without case files, the two rounds are compared provision by provision (diff_structure.cpp).
#include <simdjson.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "cli/commands.hpp"
#include "cli/records.hpp"
#include "decode.hpp"
#include "decree/lang/front_end.hpp"
#include "eval.hpp"
#include "report.hpp"

namespace decree::cli {

namespace {

struct side {
    std::unique_ptr<compilation> comp;
    const ir::program* prog = nullptr;
    std::unique_ptr<eval::evaluator> ev;
    std::string name;

    eval::decision decide(const simdjson::dom::element& e, std::string& id) {
        auto d = eval::decode(e, *prog->input->rec);
        id = d.id;
        if (!d.errors.empty()) {
            eval::decision out;
            out.result = eval::verdict::error;
            for (const auto& p : d.errors) out.error += (out.error.empty() ? "" : "; ") + p.path + ": " + p.message;
            return out;
        }
        return ev->decide(std::get<eval::record_ptr>(d.record), false);
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

}  // namespace

int diff_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const environment& env) {
    bool json = false, english = false;
    std::vector<std::string> files;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--lang=en" || args[i] == "--lang=vi" || (args[i] == "--lang" && i + 1 < args.size())) {
            const std::string v = args[i] == "--lang" ? args[++i] : args[i].substr(7);
            if (v != "en" && v != "vi") {
                err << "decreec diff: unknown language `" << v << "` (vi or en)\n";
                return usage;
            }
            english = v == "en";
        } else if (args[i] == "--format=json" || (args[i] == "--format" && i + 1 < args.size() && args[i + 1] == "json")) {
            json = true;
            if (args[i] == "--format") ++i;
        } else if (args[i] == "--format=text" || (args[i] == "--format" && i + 1 < args.size() && args[i + 1] == "text")) {
            if (args[i] == "--format") ++i;
        } else if (args[i].size() > 1 && args[i][0] == '-') {
            err << "decreec diff: unknown option `" << args[i] << "`\n";
            return usage;
        } else {
            files.push_back(args[i]);
        }
    }
    if (files.size() < 2) {
        err << "usage: decreec diff OLD.decree NEW.decree [CASES...] [--format text|json] [--lang vi|en]\n";
        return usage;
    }
    if (files.size() == 2) return structure_diff(files[0], files[1], json, english, out, err, env);
    side sides[2];
    for (int k = 0; k < 2; ++k) {
        sides[k].name = files[static_cast<std::size_t>(k)];
        int code = ok;
        sides[k].comp = load_decree(sides[k].name, err, env, code, true);
        if (!sides[k].comp) return code;
        sides[k].prog = sides[k].comp->program.get();
        sides[k].ev = std::make_unique<eval::evaluator>(*sides[k].prog);
    }
    std::size_t total = 0, changed = 0, unreadable = 0;
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;
    std::map<std::string, std::size_t> only_old, only_new;  // failed citations responsible
    simdjson::dom::parser parser;
    bool io = false;
    for (std::size_t f = 2; f < files.size(); ++f) {
        const bool ok_read = read_records(files[f], parser, [&](const record_event& ev) {
            ++total;
            if (ev.object == nullptr) {
                ++unreadable;
                if (json) out << "{\"line\":" << ev.line << ",\"error\":\"" << eval::json_escape(ev.problem) << "\"}\n";
                else out << ev.problem << "\n";
                return;
            }
            std::string id;
            const auto a = sides[0].decide(*ev.object, id);
            const auto b = sides[1].decide(*ev.object, id);
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
            if (!gone.empty()) {
                out << "    no longer cited: ";
                for (std::size_t i = 0; i < gone.size(); ++i) out << (i ? ", " : "") << gone[i] << " (old)";
                out << "\n";
            }
            if (!added.empty()) {
                out << "    newly cited: ";
                for (std::size_t i = 0; i < added.size(); ++i) out << (i ? ", " : "") << added[i] << " (new)";
                out << "\n";
            }
            if (!b.missing.empty()) {
                out << "    missing under the new decree: ";
                for (std::size_t i = 0; i < b.missing.size(); ++i) out << (i ? ", " : "") << b.missing[i];
                out << "\n";
            }
            if (b.result == eval::verdict::error) out << "    " << b.error << "\n";
        });
        if (!ok_read) {
            err << read_error(files[f]) << "\n";
            io = true;
        }
    }
    std::string summary = fmt::format("{} {}: {} {} verdict between the old decree ({}) and the new ({})\n", total,
                                      total == 1 ? "case" : "cases", changed, changed == 1 ? "changes" : "change",
                                      sides[0].name, sides[1].name);
    for (const auto& [t, n] : transitions) summary += fmt::format("  {} -> {}: {}\n", t.first, t.second, n);
    auto per_provision = [&](const std::map<std::string, std::size_t>& m, const char* label) {
        std::vector<std::pair<std::string, std::size_t>> rows(m.begin(), m.end());
        std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return eval::citation_less(x.first, y.first); });
        for (const auto& [c, n] : rows) {
            summary += fmt::format("  {} ({}): {} changed {}\n", c, label, n, n == 1 ? "case" : "cases");
        }
    };
    per_provision(only_old, "old, no longer cited");
    per_provision(only_new, "new, newly cited");
    if (unreadable > 0) summary += fmt::format("  {} record(s) could not be read\n", unreadable);
    err << summary;
    if (io) return io_error;
    return ok;
}

}  // namespace decree::cli
