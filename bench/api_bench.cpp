// The embedding API under Google Benchmark: one decision on a round-2 case (without and with
// explanations), one B1 decision, and loading (checking) round 2 with its standard library.
//   build/bench/api_bench [--benchmark_repetitions=5]      (from the project root)
#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "decree/decree.hpp"

namespace {

std::string read(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path + " (run from the project root)");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const decree::program& load(const char* path) {
    static std::map<std::string, decree::program> cache;
    auto& p = cache[path];
    if (p.empty()) {
        decree::engine engine;
        auto r = engine.load_file(path);
        if (!r.ok()) throw std::runtime_error(std::string("cannot load ") + path);
        p = r.compiled;
    }
    return p;
}

void decide(benchmark::State& state, const char* decree, const std::string& json, bool explain) {
    const auto& p = load(decree);
    const decree::decide_options options{explain, decree::language::vi};
    for (auto _ : state) {
        auto d = p.decide(json, options);
        benchmark::DoNotOptimize(d);
    }
}

void round2_case(benchmark::State& state) {
    decide(state, "decrees/vn/2025/dot2_2025.decree", read("examples/cases/guidance94_worked_example.json"), false);
}
void round2_case_explained(benchmark::State& state) {
    decide(state, "decrees/vn/2025/dot2_2025.decree", read("examples/cases/guidance94_worked_example.json"), true);
}
void b1_record(benchmark::State& state) {
    decide(state, "bench/b1.decree",
           R"({"id":"P0000002","sentence_days":877,"life_commuted":false,"served_days":672,"reduced_days":52,)"
           R"("grades":["kha","kha","tot","kha","kha","tot","kha"],"offences":[{"article":253,"clause":4,"points":["g"]},)"
           R"({"article":168,"clause":1,"points":[]}],"weapon_used":false,"fine_unpaid":0,"fee_unpaid":0,"civil_unpaid":0,)"
           R"("civil_hardship_certified":false,"drug_use":false,"recidivism":"none","special":[],"pending_case":false,)"
           R"("security_risk":false})",
           false);
}
void check_round2(benchmark::State& state) {
    decree::engine engine;
    for (auto _ : state) {
        auto r = engine.load_file("decrees/vn/2025/dot2_2025.decree");
        if (!r.ok()) state.SkipWithError("round 2 does not load");
        benchmark::DoNotOptimize(r);
    }
}

}  // namespace

BENCHMARK(round2_case)->Name("decide/round2_case");
BENCHMARK(round2_case_explained)->Name("decide/round2_case_explained");
BENCHMARK(b1_record)->Name("decide/b1_record");
BENCHMARK(check_round2)->Name("check/round2_with_stdlib")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
