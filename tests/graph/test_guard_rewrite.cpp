// The guard rewriter on a hand-written module: the instrumented copy computes exactly what the original does
// (memory and results), sees every access kind, and reports original function names and code offsets.
// Two fixtures: guard_fixture_scalar.wasm (every build; the rewriter must add no v128 at all) and
// guard_fixture.wasm with v128 stores and lane loads (only built when WASMVM_SIMD is ON).
#include <gtest/gtest.h>

#include <fstream>

#include "decoder/instr.h"
#include "decoder/module.h"
#include "loader/graph/guard_hooks.h"
#include "loader/graph/guard_rewrite.h"
#include "tests/graph/graph_test_util.h"

#ifdef GRAPH_GUARD_FIXTURE_SCALAR
using namespace wasmvm;
using namespace wasmvm::graph;
using namespace wasmvm::graph::test;

namespace {

// One fixture module and what its run_all does: the stores in order and the first byte each writes.
struct Fixture {
  const char* path;
  uint32_t hooks;                 // guard imports the rewriter must add
  std::vector<uint32_t> starts;   // where each store-like instruction of run_all writes
  std::vector<uint32_t> first_changed;  // offset of its first byte that differs from zeroed memory
};

const Fixture kScalar{GRAPH_GUARD_FIXTURE_SCALAR, kGuardHooksScalar, {0, 4, 12, 16, 24, 26, 50, 56, 60},
                      {0, 0, 2, 6, 0, 0, 0, 0, 0}};
#ifdef GRAPH_GUARD_FIXTURE
const Fixture kSimd{GRAPH_GUARD_FIXTURE, kGuardHooks, {0, 4, 12, 16, 24, 26, 32, 48, 50, 56, 60},
                    {0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0}};
#endif

struct GuestRun {
  int32_t result = 0;
  std::vector<uint8_t> memory;
  Status status;
};

// Instantiates `mod` (with guard hooks when `guard` is set) and calls run_all(x).
GuestRun run(const std::shared_ptr<const Module>& mod, const std::shared_ptr<const Module>& original,
        std::shared_ptr<InputGuard> guard, int32_t x) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  linker.define_typed("env", "ext", [](Caller&, int32_t v) -> int32_t { return v + 100; });
  if (guard) define_guard_hooks(linker, guard, original);
  GuestRun r;
  auto inst = linker.instantiate(mod);
  if (!inst.ok()) { r.status = inst.error(); return r; }
  Value arg = Value::from_i32(x);
  auto res = inst->call("run_all", std::span<const Value>(&arg, 1));
  if (!res.ok()) { r.status = res.error(); return r; }
  r.result = (*res)[0].as_i32();
  auto span = inst->memory("memory").span(0, 64);
  r.memory.assign(span->begin(), span->end());
  return r;
}

void check_behaves_identically(const Fixture& fx) {
  auto bytes = read_bytes(fx.path);
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto original = Module::compile(engine, bytes);
  ASSERT_TRUE(original.ok()) << original.error().to_string();
  auto inst_bytes = instrument_memory_accesses(bytes, (*original)->info());
  ASSERT_TRUE(inst_bytes.ok()) << inst_bytes.error().to_string();
  auto instrumented = Module::compile(engine, *inst_bytes);
  ASSERT_TRUE(instrumented.ok()) << instrumented.error().to_string();
  EXPECT_EQ((*instrumented)->info().num_imported_funcs, 1 + fx.hooks);
  const bool has_v128_type = [&] {
    for (const FuncType& t : (*instrumented)->info().types)
      for (ValType v : t.params)
        if (v == ValType::V128) return true;
    return false;
  }();
  EXPECT_EQ(has_v128_type, fx.hooks == kGuardHooks) << "store_v128 hook only for modules with v128 stores";

  GuestRun a = run(*original, *original, nullptr, 21);
  ASSERT_TRUE(a.status.ok()) << a.status.error().to_string();
  auto guard = std::make_shared<InputGuard>();  // no regions: hooks run but never report
  GuestRun b = run(*instrumented, *original, guard, 21);
  ASSERT_TRUE(b.status.ok()) << b.status.error().to_string();
  EXPECT_EQ(a.result, b.result);
  EXPECT_EQ(a.memory, b.memory);
  EXPECT_EQ(a.memory[24], 0xff);  // spot checks of the original semantics
  EXPECT_EQ(a.memory[50], 0xab);
  EXPECT_EQ(a.memory[60], 0x01);
}

void check_every_store_kind(const Fixture& fx) {
  auto bytes = read_bytes(fx.path);
  Engine engine;
  auto original = Module::compile(engine, bytes);
  ASSERT_TRUE(original.ok());
  auto instrumented = Module::compile(engine, *instrument_memory_accesses(bytes, (*original)->info()));
  ASSERT_TRUE(instrumented.ok());
  const ModuleInfo& info = (*original)->info();
  // Offsets of each store-like instruction of run_all (defined function 3: start, double, read_head, run_all).
  const FunctionDef& f = info.functions[3];
  std::vector<size_t> store_offsets;
  InstrReader rd(bytes.data(), f.body_start, f.body_end);
  while (!rd.at_end()) {
    Instr in;
    ASSERT_TRUE(rd.next(in).ok());
    switch (in.op) {
      case Op::I32Store: case Op::I64Store: case Op::F32Store: case Op::F64Store: case Op::I32Store8:
      case Op::I64Store16: case Op::V128Store: case Op::V128Store8Lane: case Op::MemoryFill: case Op::MemoryCopy:
      case Op::MemoryInit:
        store_offsets.push_back(in.offset);
        break;
      default: break;
    }
  }
  const size_t n = fx.starts.size();
  ASSERT_EQ(store_offsets.size(), n);
  // Region k = [where store k writes, 64), nothing read: store k is the first to clobber it (earlier stores
  // write below it), so each store kind in turn must be the one reported.
  const std::vector<uint32_t>& starts = fx.starts;
  for (size_t k = 0; k < n; k++) {
    SCOPED_TRACE(k);
    auto guard = std::make_shared<InputGuard>();
    guard->watch("input 0", starts[k], 64 - starts[k]);
    GuestRun r = run(*instrumented, *original, guard, 21);
    ASSERT_FALSE(r.status.ok());
    ASSERT_TRUE(guard->report().has_value());
    const GuardReport& rep = *guard->report();
    EXPECT_EQ(rep.code_offset, store_offsets[k]);
    // Only bytes that change count: f32 1.5 and f64 2.5 begin with zero bytes (memory starts zeroed).
    const uint32_t first_changed = fx.first_changed[k];
    EXPECT_EQ(rep.addr, starts[k] + first_changed);
    EXPECT_EQ(rep.tensor_offset, first_changed);
    EXPECT_NE(rep.function.find("run_all"), std::string::npos) << rep.function;
  }
}

void check_loads_mark_bytes_read(const Fixture& fx) {
  auto bytes = read_bytes(fx.path);
  Engine engine;
  auto original = Module::compile(engine, bytes);
  auto instrumented = Module::compile(engine, *instrument_memory_accesses(bytes, (*original)->info()));
  ASSERT_TRUE(instrumented.ok());
  Store store(engine);
  Linker linker(store);
  linker.define_typed("env", "ext", [](Caller&, int32_t v) -> int32_t { return v + 100; });
  auto guard = std::make_shared<InputGuard>();
  define_guard_hooks(linker, guard, *original);
  auto inst = linker.instantiate(*instrumented);
  ASSERT_TRUE(inst.ok());
  guard->watch("input 0", 0, 4);
  ASSERT_TRUE(inst->call("read_head", {}).ok());  // the guest reads bytes 0..3 first
  Value arg = Value::from_i32(1);
  auto r = inst->call("run_all", std::span<const Value>(&arg, 1));
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_FALSE(guard->report().has_value());
}

TEST(GuardRewrite, InstrumentedModuleBehavesIdentically) { check_behaves_identically(kScalar); }
TEST(GuardRewrite, EveryStoreKindIsSeenWithOriginalOffsets) { check_every_store_kind(kScalar); }
TEST(GuardRewrite, LoadsMarkBytesRead) { check_loads_mark_bytes_read(kScalar); }
#ifdef GRAPH_GUARD_FIXTURE
TEST(GuardRewrite, SimdInstrumentedModuleBehavesIdentically) { check_behaves_identically(kSimd); }
TEST(GuardRewrite, SimdEveryStoreKindIsSeenWithOriginalOffsets) { check_every_store_kind(kSimd); }
TEST(GuardRewrite, SimdLoadsMarkBytesRead) { check_loads_mark_bytes_read(kSimd); }
#endif

}  // namespace
#endif
