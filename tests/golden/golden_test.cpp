// Golden test runner. A case is tests/golden/<dir>/<name>.decree whose first line is
// `-- args: ARGS`; it runs `decreec ARGS` in-process from the repository root with colours off
// and compares "stdout, then `--- stderr ---`, stderr, then `--- exit N ---`" with
// <name>.expected byte for byte. A case named after a code (E0203_*.decree) must report that
// code. With UPDATE_GOLDEN=1 the expected files are rewritten (review the diff).
//
//   golden_tests FILE...       run these cases
//   golden_tests --vi FILE...  run them with `--lang vi` added, against <name>.vi.expected
//   golden_tests --coverage    every diagnostic code appears in some .expected file, and in
//                              some .vi.expected file
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.hpp"
#include "decree/lang/diagnostic.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split_args(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream ss(line);
    std::string a;
    while (ss >> a) out.push_back(a);
    return out;
}

// A small line diff: the first differing lines with context.
void show_diff(const std::string& want, const std::string& got) {
    std::istringstream a(want), b(got);
    std::string la, lb;
    int line = 0, shown = 0;
    while (shown < 10) {
        const bool ha = static_cast<bool>(std::getline(a, la));
        const bool hb = static_cast<bool>(std::getline(b, lb));
        ++line;
        if (!ha && !hb) break;
        if (la != lb || ha != hb) {
            std::cerr << "  line " << line << ":\n  - " << (ha ? la : "<none>") << "\n  + " << (hb ? lb : "<none>") << "\n";
            ++shown;
        }
        if (!ha) la.clear();
        if (!hb) lb.clear();
    }
}

bool run_case(const fs::path& file, bool vi) {
    const std::string text = read(file);
    const auto eol = text.find('\n');
    const std::string first = text.substr(0, eol);
    const std::string marker = "-- args:";
    if (first.rfind(marker, 0) != 0) {
        std::cerr << file.string() << ": first line must be `-- args: ...`\n";
        return false;
    }
    auto args = split_args(first.substr(marker.size()));
    if (vi) {
        args.emplace_back("--lang");
        args.emplace_back("vi");
    }
    std::ostringstream out, err;
    const int rc = decree::cli::run(args, out, err, {});
    const std::string got = out.str() + "--- stderr ---\n" + err.str() + "--- exit " + std::to_string(rc) + " ---\n";
    fs::path expected = file;
    expected.replace_extension(vi ? ".vi.expected" : ".expected");
    const char* update = std::getenv("UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(expected, std::ios::binary) << got;
        std::cout << "updated " << expected.string() << "\n";
        return true;
    }
    if (!fs::exists(expected)) {
        std::cerr << expected.string() << ": missing (run with UPDATE_GOLDEN=1)\n";
        return false;
    }
    const std::string want = read(expected);
    bool ok = true;
    if (want != got) {
        std::cerr << file.string() << ": output differs from " << expected.string() << "\n";
        show_diff(want, got);
        ok = false;
    }
    const auto stem = file.stem().string();
    if (stem.size() > 6 && stem[5] == '_' && (stem[0] == 'E' || stem[0] == 'W')) {
        const auto code = stem.substr(0, 5);
        if (got.find("[" + code + "]") == std::string::npos && got.find("\"" + code + "\"") == std::string::npos) {
            std::cerr << file.string() << ": does not report " << code << "\n";
            ok = false;
        }
    }
    if (ok) std::cout << "ok " << file.string() << "\n";
    return ok;
}

bool coverage(const fs::path& root) {
    std::string all, all_vi;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.path().extension() != ".expected") continue;
        (e.path().stem().extension() == ".vi" ? all_vi : all) += read(e.path());
    }
    bool ok = true;
    for (const auto& c : decree::all_codes()) {
        for (const auto* text : {&all, &all_vi}) {
            if (text->find("[" + std::string(c.id) + "]") == std::string::npos &&
                text->find("\"" + std::string(c.id) + "\"") == std::string::npos) {
                std::cerr << "no golden test " << (text == &all ? "" : "in Vietnamese ") << "triggers " << c.id << " ("
                          << c.title << ")\n";
                ok = false;
            }
        }
    }
    std::cout << (ok ? "every code has a golden test in each language\n" : "");
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    fs::current_path(DECREE_SOURCE_DIR);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && args[0] == "--coverage") return coverage("tests/golden") ? 0 : 1;
    const bool vi = !args.empty() && args[0] == "--vi";
    int failed = 0;
    for (std::size_t i = vi ? 1 : 0; i < args.size(); ++i) failed += run_case(args[i], vi) ? 0 : 1;
    return failed == 0 ? 0 : 1;
}
