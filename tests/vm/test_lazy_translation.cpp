// Lazy translation: functions are validated at load but translated to internal code on their first
// call (Config::eager_translation translates everything at load). Also: one Module shared by threads,
// each with its own Store, translating the same functions concurrently (run under TSan by
// scripts/test-tsan.sh).
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/vm/test_api_util.h"
#include "vm/code.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

const char* kTwoFuncs = R"((module
  (func $sq (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $unused (export "unused") (result i32) (i32.const 7))
  (func (export "sq_plus_one") (param i32) (result i32) (i32.add (call $sq (local.get 0)) (i32.const 1))))
)";

bool translated(const Module& m, size_t def) { return m.impl().code.at(def)->compiled(); }

TEST(LazyTranslation, NothingIsTranslatedUntilCalled) {
  Engine engine;
  auto m = compile_wat(engine, kTwoFuncs);
  ASSERT_TRUE(m);
  for (size_t i = 0; i < 3; i++) EXPECT_FALSE(translated(*m, i)) << "function " << i;

  Store store(engine);
  Linker linker(store);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Value args[] = {Value::from_i32(6)};
  auto r = inst->call("sq_plus_one", args);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value()[0].as_i32(), 37);
  EXPECT_TRUE(translated(*m, 0));   // called by sq_plus_one through the Call handler
  EXPECT_FALSE(translated(*m, 1));  // never called
  EXPECT_TRUE(translated(*m, 2));   // entered from the API
}

TEST(LazyTranslation, EagerConfigTranslatesAtLoad) {
  Config cfg;
  cfg.eager_translation = true;
  Engine engine(cfg);
  auto m = compile_wat(engine, kTwoFuncs);
  ASSERT_TRUE(m);
  for (size_t i = 0; i < 3; i++) EXPECT_TRUE(translated(*m, i)) << "function " << i;
}

// Validation stays eager: an invalid body that is never called still rejects the module at load,
// with the same error as eager translation gives.
TEST(LazyTranslation, InvalidUncalledBodyIsRejectedAtLoad) {
  // (func (result i32) (i64.const 1)): type mismatch. Hand-written binary (wat2wasm refuses it).
  const std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
                                      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type () -> i32
                                      0x03, 0x02, 0x01, 0x00,                          // func 0: type 0
                                      0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b};  // i64.const 1
  for (bool eager : {false, true}) {
    Config cfg;
    cfg.eager_translation = eager;
    Engine engine(cfg);
    auto m = Module::compile(engine, bytes);
    ASSERT_FALSE(m.ok()) << "eager=" << eager;
    EXPECT_EQ(m.error().kind, ErrorKind::Invalid) << m.error().to_string();
    EXPECT_NE(m.error().offset, kNoOffset);
  }
}

// A function whose frame could exceed the slot limit is translated at load, so lazy and eager
// translation accept or reject the same modules at load (a limit error never moves to a first call).
TEST(LazyTranslation, LimitErrorsStillComeAtLoad) {
  std::string wat = "(module (func (export \"big\") (result i32) (local";
  for (int i = 0; i < 40000; i++) wat += " v128";  // 80,000 cells of locals
  wat += ") (i32.const 1)))";
  std::vector<uint8_t> bytes = wat_to_wasm(wat);
  ASSERT_FALSE(bytes.empty());
  std::vector<Result<std::shared_ptr<const Module>>> results;
  for (bool eager : {false, true}) {
    Config cfg;
    cfg.eager_translation = eager;
    results.push_back(Module::compile(Engine(cfg), bytes));
  }
  ASSERT_EQ(results[0].ok(), results[1].ok());
  if (!results[0].ok()) {
    EXPECT_EQ(results[0].error().kind, ErrorKind::Limit) << results[0].error().to_string();
    EXPECT_EQ(results[0].error().message, results[1].error().message);
  } else {
    EXPECT_TRUE(translated(*results[0].value(), 0));  // translated at load, not deferred
  }
}

// compiled_code() translates on demand (used by listings) and returns the same record afterwards.
TEST(LazyTranslation, CompiledCodeTranslatesOnDemand) {
  Engine engine;
  auto m = compile_wat(engine, kTwoFuncs);
  ASSERT_TRUE(m);
  const rt::CompiledFunc* f = rt::compiled_code(*m, 1);
  ASSERT_NE(f, nullptr);
  EXPECT_TRUE(f->compiled());
  EXPECT_FALSE(f->code.empty());
  EXPECT_EQ(rt::compiled_code(*m, 1), f);
  EXPECT_EQ(rt::compiled_code(*m, 3), nullptr);  // out of range
}

// One Module, several threads, one Store each, all racing to the first call of the same functions
// (direct calls, indirect calls and API entries). Every thread must see complete code.
TEST(LazyTranslation, ThreadsShareOneModule) {
  Engine engine;
  auto m = compile_wat(engine, R"((module
    (type $t (func (param i32) (result i32)))
    (table 4 funcref)
    (elem (i32.const 0) $a $b $c $d)
    (func $a (type $t) (i32.add (local.get 0) (i32.const 1)))
    (func $b (type $t) (i32.mul (local.get 0) (i32.const 3)))
    (func $c (type $t) (call $a (call $b (local.get 0))))
    (func $d (type $t) (call_indirect (type $t) (local.get 0) (i32.rem_u (local.get 0) (i32.const 3))))
    (func (export "run") (param i32) (result i32) (local i32 i32)
      (loop $l
        (local.set 2 (i32.add (local.get 2)
          (call_indirect (type $t) (local.get 1) (i32.and (local.get 1) (i32.const 3)))))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
      (local.get 2)))
  )");
  ASSERT_TRUE(m);
  // Expected value computed independently of the VM: f[0..3] = a, b, c, d.
  auto f = [](int k, int32_t x, auto&& self) -> int32_t {
    switch (k) {
      case 0: return x + 1;
      case 1: return x * 3;
      case 2: return x * 3 + 1;
      default: return self(int(uint32_t(x) % 3), x, self);
    }
  };
  int32_t expected = 0;
  for (int32_t i = 0; i < 200; i++) expected += f(i & 3, i, f);
  constexpr int kThreads = 4;
  std::vector<int32_t> got(kThreads, -1);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      Store store(engine);
      Linker linker(store);
      auto inst = linker.instantiate(m);
      if (!inst.ok()) {
        errors[t] = inst.error().to_string();
        return;
      }
      Value args[] = {Value::from_i32(200)};
      auto r = inst->call("run", args);
      if (!r.ok()) {
        errors[t] = r.error().to_string();
        return;
      }
      got[t] = r.value()[0].as_i32();
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; t++) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    EXPECT_EQ(got[t], expected) << "thread " << t;
  }
}

}  // namespace
}  // namespace wasmvm::test
