// Runner of the bad-input corpus (tests/bad-input/README.md). Each case is a broken decree
// (decrees/NAME.decree, checked with `decreec check`: diagnostics with their source line, hint
// and labels) or a broken case record file (records/NAME.json or .jsonl, evaluated against round 2
// of 2025 with
// `--format json --lang en`); NAME.args, when present, replaces those arguments (`{}` stands
// for the case's path). The output of `decreec` run in-process from the repository root must
// equal NAME.expected byte for byte: stdout, `--- stderr ---`, stderr, `--- exit N ---`.
// UPDATE_GOLDEN=1 rewrites the expected files (review the diff).
//
//   bad_input_tests CASE...      run these cases
//   bad_input_tests --complete   every case has its .expected, every .expected its case
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path root = "tests/bad-input";

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool is_case(const fs::path& p) {
    const auto ext = p.extension();
    const auto dir = p.parent_path().filename();
    return (dir == "decrees" && ext == ".decree") ||
           (dir == "records" && (ext == ".json" || ext == ".jsonl"));
}

std::vector<std::string> arguments(const fs::path& file) {
    fs::path args_file = file;
    args_file.replace_extension(".args");
    std::string line;
    if (fs::exists(args_file)) {
        line = read(args_file);
    } else if (file.extension() == ".decree") {
        line = "check {}";
    } else {
        line = "eval decrees/vn/2025/dot2_2025.decree {} --format json --lang en";
    }
    std::vector<std::string> out;
    std::istringstream ss(line);
    std::string a;
    while (ss >> a) {
        for (std::size_t at; (at = a.find("{}")) != std::string::npos;)
            a.replace(at, 2, file.generic_string());
        out.push_back(a);
    }
    return out;
}

// Prints the first differing lines, with their numbers.
void show_diff(const std::string& want, const std::string& got) {
    std::istringstream a(want), b(got);
    std::string la, lb;
    for (int line = 1, shown = 0; shown < 10; ++line) {
        const bool ha = static_cast<bool>(std::getline(a, la)),
                   hb = static_cast<bool>(std::getline(b, lb));
        if (!ha && !hb) break;
        if (ha != hb || la != lb) {
            std::cerr << "  line " << line << ":\n  - " << (ha ? la : "<none>") << "\n  + "
                      << (hb ? lb : "<none>") << "\n";
            ++shown;
        }
    }
}

bool run_case(const fs::path& file) {
    if (!is_case(file) || !fs::exists(file)) {
        std::cerr << file.string() << ": not a case of the bad-input corpus\n";
        return false;
    }
    std::ostringstream out, err;
    const int rc = decree::cli::run(arguments(file), out, err, {});
    const std::string got =
        out.str() + "--- stderr ---\n" + err.str() + "--- exit " + std::to_string(rc) + " ---\n";
    fs::path expected = file;
    expected.replace_extension(".expected");
    if (const char* update = std::getenv("UPDATE_GOLDEN");
        update != nullptr && std::string(update) == "1") {
        std::ofstream(expected, std::ios::binary) << got;
        std::cout << "updated " << expected.string() << "\n";
        return true;
    }
    if (!fs::exists(expected)) {
        std::cerr << expected.string() << ": missing (run with UPDATE_GOLDEN=1 and review it)\n";
        return false;
    }
    if (const auto want = read(expected); want != got) {
        std::cerr << file.string() << ": output differs from " << expected.string() << "\n";
        show_diff(want, got);
        return false;
    }
    std::cout << "ok " << file.string() << "\n";
    return true;
}

bool complete() {
    bool ok = true;
    std::size_t cases = 0;
    for (const char* dir : {"decrees", "records"}) {
        for (const auto& e : fs::directory_iterator(root / dir)) {
            const auto& p = e.path();
            if (!e.is_regular_file()) continue;
            if (is_case(p)) {
                ++cases;
                if (!fs::exists(fs::path(p).replace_extension(".expected"))) {
                    std::cerr << p.string() << ": no .expected file\n";
                    ok = false;
                }
            } else if (p.extension() == ".expected" || p.extension() == ".args") {
                const bool has_case = fs::exists(fs::path(p).replace_extension(".decree")) ||
                                      fs::exists(fs::path(p).replace_extension(".json")) ||
                                      fs::exists(fs::path(p).replace_extension(".jsonl"));
                if (!has_case) {
                    std::cerr << p.string() << ": no case beside it\n";
                    ok = false;
                }
            } else {
                std::cerr << p.string()
                          << ": unexpected file (cases are .decree, .json or .jsonl)\n";
                ok = false;
            }
        }
    }
    std::cout << cases << " cases\n";
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    fs::current_path(DECREE_SOURCE_DIR);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && args[0] == "--complete") return complete() ? 0 : 1;
    int failed = 0;
    for (const auto& a : args) failed += run_case(a) ? 0 : 1;
    return failed == 0 && !args.empty() ? 0 : 1;
}
