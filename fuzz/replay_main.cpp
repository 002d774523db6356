// A main() for the fuzz targets without libFuzzer: runs the target once on each file given, or
// on every file under each directory given (sorted). The test suite builds every fuzz target
// this way, with the project's compiler and sanitizers, and replays the seed corpora and the
// regression inputs of tests/bad-input/fuzz/.
//
//   replay_fuzz_check [--ext=.decree] PATH...
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// The custom mutator of fuzz_eval calls libFuzzer's mutator, which a replay never runs.
extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t*, std::size_t, std::size_t) { std::abort(); }

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<std::string> extensions;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a.rfind("--ext=", 0) == 0) {
            std::string list = a.substr(6);
            for (std::size_t at = 0; at <= list.size();) {
                const auto comma = std::min(list.find(',', at), list.size());
                extensions.push_back(list.substr(at, comma - at));
                at = comma + 1;
            }
            continue;
        }
        if (!fs::exists(a)) {
            std::cerr << a << ": no such file or directory\n";
            return 2;
        }
        if (fs::is_directory(a)) {
            std::vector<fs::path> found;
            for (const auto& e : fs::recursive_directory_iterator(a)) {
                if (!e.is_regular_file()) continue;
                const auto name = e.path().filename().string();
                if (extensions.empty() ||
                    std::any_of(extensions.begin(), extensions.end(), [&](const std::string& x) {
                        return name.size() >= x.size() &&
                               name.compare(name.size() - x.size(), x.size(), x) == 0;
                    })) {
                    found.push_back(e.path());
                }
            }
            std::sort(found.begin(), found.end());
            inputs.insert(inputs.end(), found.begin(), found.end());
        } else {
            inputs.emplace_back(a);
        }
    }
    for (const auto& p : inputs) {
        std::ifstream in(p, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::cout << "replayed " << inputs.size() << " inputs without a crash\n";
    return inputs.empty() ? 1 : 0;
}
