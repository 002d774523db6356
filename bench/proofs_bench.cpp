// The consistency proofs of `decreec check` (interpreter/src/proofs.cpp) under Google Benchmark,
// all of them as `check` runs them (conflicts, dead exceptions, conditions and exclusions, the
// redundant ones): round 2 with its standard library (the analysis alone, after checking), and a
// decree with a conflict found over a list.
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
        decree::diagnostic_sink sink;
        auto f = decree::proofs::report(*comp->program, sink, o);
        found = sink.all().size();
        benchmark::DoNotOptimize(f);
    }
    state.counters["diagnostics"] = static_cast<double>(found);
    state.counters["pairs"] = n.pairs;
    state.counters["left_out"] = n.left_out;
    state.counters["rules"] = n.exceptions;
    state.counters["unanswered"] = n.unanswered;
}

// The redundancy questions alone (W0704): the whole verdict of the round in one solver.
void round2_redundant(benchmark::State& state) {
    auto comp = decree::compile_file("decrees/vn/2025/dot2_2025.decree");
    if (!comp->ok()) throw std::runtime_error("cannot check round 2 (run from the project root)");
    decree::proofs::options o;
    decree::proofs::options::counts n;
    o.counted = &n;
    for (auto _ : state) {
        n = {};
        auto f = decree::proofs::redundant(*comp->program, o);
        benchmark::DoNotOptimize(f);
    }
    state.counters["rules"] = n.exceptions;
    state.counters["unanswered"] = n.unanswered;
}

void round2(benchmark::State& state) { prove(state, "decrees/vn/2025/dot2_2025.decree"); }
void list_conflict(benchmark::State& state) { prove(state, "tests/golden/check/bad/E0701_list_bound.decree"); }

}  // namespace

BENCHMARK(round2)->Name("proofs/round2_with_stdlib")->Unit(benchmark::kMillisecond);
BENCHMARK(round2_redundant)->Name("proofs/round2_redundant")->Unit(benchmark::kMillisecond);
BENCHMARK(list_conflict)->Name("proofs/list_conflict")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
