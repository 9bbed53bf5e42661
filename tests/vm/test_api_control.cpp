// Execution control through the API: WASI-style exit from a host function, asynchronous interrupt,
// fuel, and recovery of a store after a trap inside a nested (host -> wasm) call.
#include <chrono>
#include <thread>

#include "tests/vm/test_api_util.h"

namespace wasmvm::test {
namespace {

constexpr const char* kLoopForever = R"((module
  (func (export "spin") (loop $l (br $l)))
  (func (export "one") (result i32) (i32.const 1))))";

TEST(ApiControl, HostExitPropagatesWithCode) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  linker.define_typed("env", "exit", [](Caller&, int32_t code) -> Status {
    Error e = make_error(ErrorKind::Exit, "exit");
    e.exit_code = code;
    return e;
  });
  auto m = compile_wat(engine, R"((module
    (import "env" "exit" (func $exit (param i32)))
    (func (export "main") (call $exit (i32.const 3)) unreachable)))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  auto r = inst->call("main", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Exit);  // not the `unreachable` after the call
  EXPECT_EQ(r.error().exit_code, 3);
}

TEST(ApiControl, InterruptStopsARunningCallAndIsConsumed) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, kLoopForever);
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.interrupt();
  });
  auto r = inst->call("spin", {});
  killer.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "interrupted");
  // The store stays usable afterwards.
  auto again = inst->call("one", {});
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ((*again)[0].as_i32(), 1);
}

TEST(ApiControl, FuelRunsOutAndIsReported) {
  Config cfg;
  cfg.fuel = 10000;
  Engine engine(cfg);
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, kLoopForever);
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  auto r = inst->call("spin", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "all fuel consumed");
  EXPECT_LT(store.fuel_remaining(), 10000u);
  store.set_fuel(0);  // unlimited again
  auto ok = inst->call("one", {});
  EXPECT_TRUE(ok.ok());
}

TEST(ApiControl, TrapInNestedCallLeavesStoreUsable) {
  Engine engine;
  Store store(engine);
  Linker linker(store);
  Instance* self = nullptr;
  std::string inner_error;
  linker.define_typed("env", "try_inner", [&](Caller&) -> int32_t {
    auto r = self->call("boom", {});
    if (r.ok()) return 0;
    inner_error = r.error().message;
    return 5;  // the host recovers from the guest trap
  });
  auto m = compile_wat(engine, R"((module
    (import "env" "try_inner" (func $t (result i32)))
    (func (export "boom") unreachable)
    (func (export "outer") (result i32) (i32.add (call $t) (i32.const 10)))))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Instance handle = inst.value();
  self = &handle;
  auto r = handle.call("outer", {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), 15);
  EXPECT_EQ(inner_error, "unreachable");
}

}  // namespace
}  // namespace wasmvm::test
