// Google Benchmark micro-benchmarks for the embedding API and the interpreter core, on the tiny
// module api.wat (path compiled in as WASMVM_BENCH_API_WASM):
//   host->wasm call overhead (nop, add), compile and instantiate cost, per-iteration cost of a
//   simple loop (dispatch) and of a wasm->wasm call.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <vector>

#include "wasmvm/wasmvm.h"

namespace {

std::vector<uint8_t> api_module_bytes() {
  std::ifstream in(WASMVM_BENCH_API_WASM, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One compiled and instantiated copy of api.wat per benchmark.
struct Fixture {
  wasmvm::Engine engine;
  std::shared_ptr<const wasmvm::Module> module;
  std::unique_ptr<wasmvm::Store> store;
  std::optional<wasmvm::Instance> instance;

  explicit Fixture(benchmark::State& state) {
    auto compiled = wasmvm::Module::compile(engine, api_module_bytes());
    if (!compiled.ok()) {
      state.SkipWithError(("compile: " + compiled.error().to_string()).c_str());
      return;
    }
    module = compiled.value();
    store = std::make_unique<wasmvm::Store>(engine);
    wasmvm::Linker linker(*store);
    auto inst = linker.instantiate(module);
    if (!inst.ok()) {
      state.SkipWithError(("instantiate: " + inst.error().to_string()).c_str());
      return;
    }
    instance = inst.value();
  }
  bool ok() const { return instance.has_value(); }
};

void BM_CallNop(benchmark::State& state) {
  Fixture fx(state);
  if (!fx.ok()) return;
  wasmvm::Func f = fx.instance->func("nop");
  for (auto _ : state) {
    auto r = f.call(*fx.store, {});
    if (!r.ok()) { state.SkipWithError(r.error().to_string().c_str()); break; }
  }
}
BENCHMARK(BM_CallNop);

void BM_CallAdd(benchmark::State& state) {
  Fixture fx(state);
  if (!fx.ok()) return;
  wasmvm::Func f = fx.instance->func("add");
  const wasmvm::Value args[2] = {wasmvm::Value::from_i32(20), wasmvm::Value::from_i32(22)};
  for (auto _ : state) {
    auto r = f.call(*fx.store, args);
    if (!r.ok() || r->size() != 1 || (*r)[0].as_i32() != 42) {
      state.SkipWithError("add(20, 22) did not return 42");
      break;
    }
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_CallAdd);

// Iterations of an in-wasm loop; items/s = loop iterations per second.
void run_loop(benchmark::State& state, const char* name, int32_t expect_per_iter) {
  Fixture fx(state);
  if (!fx.ok()) return;
  wasmvm::Func f = fx.instance->func(name);
  const int32_t n = int32_t(state.range(0));
  const wasmvm::Value args[1] = {wasmvm::Value::from_i32(n)};
  for (auto _ : state) {
    auto r = f.call(*fx.store, args);
    if (!r.ok() || r->size() != 1 || (*r)[0].as_i32() != n * expect_per_iter) {
      state.SkipWithError("loop returned a wrong result");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
void BM_LoopDispatch(benchmark::State& state) { run_loop(state, "count", 3); }
void BM_WasmToWasmCall(benchmark::State& state) { run_loop(state, "calls", 1); }
BENCHMARK(BM_LoopDispatch)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WasmToWasmCall)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_Compile(benchmark::State& state) {
  const std::vector<uint8_t> bytes = api_module_bytes();
  wasmvm::Engine engine;
  for (auto _ : state) {
    auto m = wasmvm::Module::compile(engine, bytes);
    if (!m.ok()) { state.SkipWithError(m.error().to_string().c_str()); break; }
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_Compile);

void BM_Instantiate(benchmark::State& state) {
  wasmvm::Engine engine;
  auto m = wasmvm::Module::compile(engine, api_module_bytes());
  if (!m.ok()) { state.SkipWithError(m.error().to_string().c_str()); return; }
  for (auto _ : state) {
    wasmvm::Store store(engine);
    wasmvm::Linker linker(store);
    auto inst = linker.instantiate(m.value());
    if (!inst.ok()) { state.SkipWithError(inst.error().to_string().c_str()); break; }
  }
}
BENCHMARK(BM_Instantiate);

}  // namespace

BENCHMARK_MAIN();
