// The consistency proofs of `decreec check` (interpreter/src/proofs.cpp) under Google Benchmark:
// round 2 with its standard library (the analysis alone, after checking), and a decree with a
// conflict found over a list.
//   build/bench/proofs_bench                               (from the project root)
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "decree/lang/front_end.hpp"
#include "proofs.hpp"

namespace {

void prove(benchmark::State& state, const char* path) {
    auto comp = decree::compile_file(path);
    if (!comp->ok()) throw std::runtime_error(std::string("cannot check ") + path + " (run from the project root)");
    std::size_t found = 0;
    decree::proofs::options o;
    decree::proofs::options::counts n;
    o.counted = &n;
    for (auto _ : state) {
        n = {};
        auto f = decree::proofs::conflicts(*comp->program, o);
        found = f.size();
        benchmark::DoNotOptimize(f);
    }
    state.counters["conflicts"] = static_cast<double>(found);
    state.counters["pairs"] = n.pairs;
    state.counters["left_out"] = n.left_out;
}

void round2(benchmark::State& state) { prove(state, "decrees/vn/2025/dot2_2025.decree"); }
void list_conflict(benchmark::State& state) { prove(state, "tests/golden/check/bad/E0701_list_bound.decree"); }

}  // namespace

BENCHMARK(round2)->Name("proofs/round2_with_stdlib")->Unit(benchmark::kMillisecond);
BENCHMARK(list_conflict)->Name("proofs/list_conflict")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
