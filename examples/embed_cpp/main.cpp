// embed_cpp DECREE CASE.json: decides one case record with the C++ API and prints the verdict
// (eligible / not_eligible / undetermined / error) and the cited reasons.
#include <decree/decree.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: embed_cpp DECREE CASE.json\n";
        return 64;
    }
    decree::engine engine;
    auto loaded = engine.load_file(argv[1]);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) std::cerr << d.rendered;
        return 65;
    }
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
        std::cerr << argv[2] << ": cannot read the file\n";
        return 74;
    }
    std::ostringstream json;
    json << in.rdbuf();
    decree::decide_options options;
    options.lang = decree::language::en;
    const decree::decision d = loaded.compiled.decide(json.str(), options);
    std::cout << decree::to_string(d.result) << '\n';
    for (const auto& c : d.failed) std::cout << "  failed: " << c << '\n';
    for (const auto& c : d.applied) std::cout << "  exception applied: " << c << '\n';
    for (const auto& m : d.missing) std::cout << "  missing: " << m << '\n';
    for (const auto& a : d.assumptions) std::cout << "  assumption: " << a << '\n';
    if (!d.error.empty()) std::cout << "  error: " << d.error << '\n';
    return d.result == decree::verdict::error ? 1 : 0;
}
