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

// Runs [analysis] (the proofs as `check` runs them, or one kind alone) on the decree at [path].
template <class Analysis>
void prove(benchmark::State& state, const char* path, Analysis analysis) {
    auto comp = decree::compile_file(path);
    if (!comp->ok()) throw std::runtime_error(std::string("cannot check ") + path + " (run from the project root)");
    std::size_t found = 0;
    decree::proofs::options o;
    decree::proofs::options::counts n;
    o.counted = &n;
    for (auto _ : state) {
        n = {};
        found = analysis(*comp->program, o);
    }
    state.counters["diagnostics"] = static_cast<double>(found);
    state.counters["pairs"] = n.pairs;
    state.counters["left_out"] = n.left_out;
    state.counters["rules"] = n.rules;
    state.counters["unanswered"] = n.unanswered;
}

std::size_t all_proofs(const decree::ir::program& p, const decree::proofs::options& o) {
    decree::diagnostic_sink sink;
    decree::proofs::report(p, sink, o);
    return sink.all().size();
}

// The redundancy questions alone (W0704): the whole verdict of the round in one solver.
std::size_t redundancy(const decree::ir::program& p, const decree::proofs::options& o) {
    return decree::proofs::redundant(p, o).size();
}

void round2(benchmark::State& state) { prove(state, "decrees/vn/2025/dot2_2025.decree", all_proofs); }
void round2_redundant(benchmark::State& state) { prove(state, "decrees/vn/2025/dot2_2025.decree", redundancy); }
void list_conflict(benchmark::State& state) { prove(state, "tests/golden/check/bad/E0701_list_bound.decree", all_proofs); }

}  // namespace

BENCHMARK(round2)->Name("proofs/round2_with_stdlib")->Unit(benchmark::kMillisecond);
BENCHMARK(round2_redundant)->Name("proofs/round2_redundant")->Unit(benchmark::kMillisecond);
BENCHMARK(list_conflict)->Name("proofs/list_conflict")->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
