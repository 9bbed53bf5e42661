// Control flow and the compiler's operand tricks: multi-value blocks/calls/returns, br_table with
// values, local.get elision with preserve-on-overwrite, result retargeting, fused compare-and-branch
// against the unfused equivalent, select, host re-entrancy.
#include <random>

#include "tests/vm/test_interp_util.h"

namespace wasmvm::test {
namespace {

TEST(Control, MultiValueBlocksCallsAndReturns) {
  Vm vm;
  ASSERT_TRUE(vm.load(R"((module
    (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
    (func (export "swap") (param i32 i64) (result i64 i32) (call $swap (local.get 0) (local.get 1)))
    (func (export "block") (param i32) (result i32)
      (i32.const 10) (local.get 0)
      (block (param i32 i32) (result i32 i32 i32)
        (i32.const 3))
      (i32.add) (i32.mul))
    (func (export "if_params") (param i32 i32) (result i32)
      (local.get 1) (i32.const 5)
      (if (param i32 i32) (result i32) (local.get 0)
        (then (i32.sub))
        (else (i32.add))))
    (func (export "loop_params") (param i32) (result i32)
      ;; sums 1..n with the accumulator and counter carried as loop parameters
      (i32.const 0) (local.get 0)
      (loop $l (param i32 i32) (result i32)
        (local.set 0)                                  ;; n -> local 0; stack: acc
        (local.get 0) (i32.add)                        ;; acc + n
        (local.get 0) (i32.const 1) (i32.sub) (local.tee 0)
        (br_if $l (local.get 0))                       ;; carry (acc', n-1) while n-1 != 0
        (drop)))
  ))"));
  auto r = vm.call("swap", {I32(7), I64(-5)});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_EQ(r.value()[0].as_i64(), -5);
  EXPECT_EQ(r.value()[1].as_i32(), 7);
  EXPECT_EQ(vm.i32("block", {I32(4)}), 10 * (4 + 3));
  EXPECT_EQ(vm.i32("if_params", {I32(1), I32(20)}), 15);
  EXPECT_EQ(vm.i32("if_params", {I32(0), I32(20)}), 25);
  EXPECT_EQ(vm.i32("loop_params", {I32(4)}), 10);
#if WASMVM_SIMD
  ASSERT_TRUE(vm.load(R"((module
    (func (export "v128_pair") (result v128 i32) (v128.const i32x4 1 2 3 4) (i32.const 9))))"));
  auto v = vm.call("v128_pair");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.value()[0].as_v128().bytes[4], 2);
  EXPECT_EQ(v.value()[1].as_i32(), 9);
#endif
}

TEST(Control, BrTableCarriesValuesToEachTarget) {
  Vm vm;
  ASSERT_TRUE(vm.load(R"((module
    (func (export "bt") (param i32) (result i32)
      (block $d (result i32)
        (block $b (result i32)
          (block $a (result i32)
            (i32.const 100) (local.get 0)
            (br_table $a $b $a $d))
          (i32.const 1) (i32.add) (return))
        (i32.const 2) (i32.add) (return))
      (i32.const 3) (i32.add))
    (func (export "bt_loop") (param i32) (result i32) (local i32)
      (block $out (loop $l
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_table $l $out (i32.eqz (local.get 0)))))
      (local.get 1))
  ))"));
  EXPECT_EQ(vm.i32("bt", {I32(0)}), 101);
  EXPECT_EQ(vm.i32("bt", {I32(1)}), 102);
  EXPECT_EQ(vm.i32("bt", {I32(2)}), 101);
  EXPECT_EQ(vm.i32("bt", {I32(3)}), 103);
  EXPECT_EQ(vm.i32("bt", {I32(-1)}), 103);  // out of range -> default
  EXPECT_EQ(vm.i32("bt_loop", {I32(5)}), 5);
}

TEST(Control, LocalReferencesSurviveLaterSets) {
  Vm vm;
  ASSERT_TRUE(vm.load(R"((module
    ;; the stacked local.get 0 must keep the old value after local.set 0
    (func (export "alias") (param i32) (result i32)
      (local.get 0) (local.get 0) (i32.const 1) (i32.add) (local.set 0)
      (local.get 0) (i32.const 10) (i32.mul) (i32.add))
    (func (export "alias_tee") (param i32) (result i32)
      (local.get 0) (local.tee 0 (i32.const 5)) (i32.sub))
    (func (export "swap") (param i32 i32) (result i32)
      (local.get 0) (local.get 1) (local.set 0) (local.set 1)
      (i32.sub (local.get 0) (local.get 1)))
    ;; set inside one branch only: the value pushed before the if must not change
    (func (export "alias_if") (param i32 i32) (result i32)
      (local.get 0)
      (if (local.get 1) (then (local.set 0 (i32.const 99))))
      (local.get 0) (i32.const 1000) (i32.mul) (i32.add))
    (func (export "alias_loop") (param i32) (result i32) (local i32)
      (local.get 0)
      (loop $l
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 1) (i32.const 3))))
      (local.get 0) (i32.const 100) (i32.mul) (i32.add))
    ;; retargeting into the same local that is an operand
    (func (export "self") (param i32) (result i32)
      (local.set 0 (i32.add (local.get 0) (local.get 0))) (local.get 0))
  ))"));
  EXPECT_EQ(vm.i32("alias", {I32(3)}), 3 + 40);
  EXPECT_EQ(vm.i32("alias_tee", {I32(8)}), 3);
  EXPECT_EQ(vm.i32("swap", {I32(10), I32(3)}), -7);
  EXPECT_EQ(vm.i32("alias_if", {I32(7), I32(1)}), 7 + 99000);
  EXPECT_EQ(vm.i32("alias_if", {I32(7), I32(0)}), 7 + 7000);
  EXPECT_EQ(vm.i32("alias_loop", {I32(1)}), 1 + 400);
  EXPECT_EQ(vm.i32("self", {I32(21)}), 42);
}

// The same predicate compiled fused (compare directly feeding br_if / if) and unfused (the
// comparison result goes through a local first), on random operands.
TEST(Control, FusedCompareBranchMatchesUnfused) {
  const char* cmps[] = {"i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u",
                        "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u"};
  std::string wat = "(module\n";
  for (const char* c : cmps) {
    std::string n = std::string(c).substr(4);
    wat += "(func (export \"f_" + n + "\") (param i32 i32) (result i32) (block (br_if 0 (" + c +
           " (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))\n";
    wat += "(func (export \"i_" + n + "\") (param i32 i32) (result i32) (if (result i32) (" + c +
           " (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))\n";
    wat += "(func (export \"k_" + n + "\") (param i32) (result i32) (if (result i32) (" + c +
           " (local.get 0) (i32.const -3)) (then (i32.const 1)) (else (i32.const 0))))\n";
    wat += "(func (export \"u_" + n + "\") (param i32 i32) (result i32) (local i32) (local.set 2 (" + c +
           " (local.get 0) (local.get 1))) (block (br_if 0 (local.get 2)) (return (i32.const 0))) (i32.const 1))\n";
    std::string n64 = "i64." + n;
    wat += "(func (export \"l_" + n + "\") (param i64 i64) (result i32) (block (br_if 0 (" + n64 +
           " (local.get 0) (local.get 1))) (return (i32.const 0))) (i32.const 1))\n";
    wat += "(func (export \"m_" + n + "\") (param i64 i64) (result i32) (local i32) (local.set 2 (" + n64 +
           " (local.get 0) (local.get 1))) (block (br_if 0 (local.get 2)) (return (i32.const 0))) (i32.const 1))\n";
  }
  wat += ")";
  Vm vm;
  ASSERT_TRUE(vm.load(wat));
  std::mt19937 rng(1234);
  const int32_t edge[] = {0, 1, -1, -3, INT32_MIN, INT32_MAX, 7};
  for (const char* c : cmps) {
    std::string n = std::string(c).substr(4);
    for (int i = 0; i < 60; i++) {
      int32_t a = i < 49 ? edge[i % 7] : int32_t(rng()), b = i < 49 ? edge[i / 7] : int32_t(rng() % 5) - 2;
      int32_t want = vm.i32("u_" + n, {I32(a), I32(b)});
      EXPECT_EQ(vm.i32("f_" + n, {I32(a), I32(b)}), want) << c << " " << a << " " << b;
      EXPECT_EQ(vm.i32("i_" + n, {I32(a), I32(b)}), want) << c << " " << a << " " << b;
      EXPECT_EQ(vm.i32("k_" + n, {I32(a)}), vm.i32("u_" + n, {I32(a), I32(-3)})) << c << " " << a;
      int64_t x = int64_t(uint64_t(int64_t(a)) * (i % 3 == 0 ? 0x100000001ull : 1)),
              y = int64_t(uint64_t(int64_t(b)) << (i % 2 ? 33 : 0));
      EXPECT_EQ(vm.i32("l_" + n, {I64(x), I64(y)}), vm.i32("m_" + n, {I64(x), I64(y)})) << c << " " << x << " " << y;
    }
  }
}

TEST(Control, SelectAndEqzBranches) {
  Vm vm;
  ASSERT_TRUE(vm.load(R"((module
    (func (export "sel") (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
    (func (export "sel64") (param i64 i64 i32) (result i64) (select (local.get 0) (local.get 1) (local.get 2)))
    (func (export "eqz_if") (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (i32.const 2))))
    (func (export "count") (param i32) (result i32) (local i32)
      (block $done (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 1 (i32.add (local.get 1) (i32.const 2)))
        (br $l)))
      (local.get 1))
  ))"));
  EXPECT_EQ(vm.i32("sel", {I32(1), I32(2), I32(0)}), 2);
  EXPECT_EQ(vm.i32("sel", {I32(1), I32(2), I32(5)}), 1);
  EXPECT_EQ(vm.i64("sel64", {I64(1ll << 40), I64(2), I32(1)}), 1ll << 40);
  EXPECT_EQ(vm.i32("eqz_if", {I32(0)}), 1);
  EXPECT_EQ(vm.i32("eqz_if", {I32(3)}), 2);
  EXPECT_EQ(vm.i32("count", {I32(1000)}), 2000);
#if WASMVM_SIMD
  ASSERT_TRUE(vm.load(R"((module
    (func (export "selv") (param i32) (result i32)
      (i32x4.extract_lane 1 (select (result v128) (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get 0))))))"));
  EXPECT_EQ(vm.i32("selv", {I32(0)}), 6);
  EXPECT_EQ(vm.i32("selv", {I32(1)}), 2);
#endif
}

TEST(Control, HostCallsBackIntoWasm) {
  Vm vm;
  Instance* self = nullptr;
  vm.linker().define_func("env", "twice", FuncType{{ValType::I32}, {ValType::I32}},
                          [&self](Caller&, std::span<const Value> args, std::span<Value> results) -> Status {
                            // Re-enter: call the wasm export "inc" from inside the host function.
                            auto r = self->call("inc", std::vector<Value>{args[0]});
                            if (!r.ok()) return r.error();
                            auto r2 = self->call("inc", r.value());
                            if (!r2.ok()) return r2.error();
                            results[0] = r2.value()[0];
                            return Status::Ok();
                          });
  ASSERT_TRUE(vm.load(R"((module (import "env" "twice" (func $twice (param i32) (result i32)))
    (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $deep (export "deep") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $twice (call $deep (i32.sub (local.get 0) (i32.const 1)))) (i32.const 0)))))))"));
  self = &vm.instance();
  EXPECT_EQ(vm.i32("deep", {I32(50)}), 100);
}

TEST(Control, HostWasmRecursionIsBounded) {
  Vm vm;
  Instance* self = nullptr;
  vm.linker().define_func("env", "down", FuncType{{ValType::I32}, {ValType::I32}},
                          [&self](Caller&, std::span<const Value> args, std::span<Value> results) -> Status {
                            auto r = self->call("f", std::vector<Value>{args[0]});
                            if (!r.ok()) return r.error();
                            results[0] = r.value()[0];
                            return Status::Ok();
                          });
  ASSERT_TRUE(vm.load(R"((module (import "env" "down" (func $down (param i32) (result i32)))
    (func (export "f") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))))"));
  self = &vm.instance();
  EXPECT_EQ(vm.i32("f", {I32(100)}), 100);
  // Every level is a nested host -> wasm execution: unbounded depth ends in exhaustion, not in a
  // native stack overflow.
  Error e = vm.trap("f", {I32(100000)});
  EXPECT_EQ(e.message, "call stack exhausted");
  EXPECT_EQ(vm.i32("f", {I32(3)}), 3);  // still usable afterwards
}

}  // namespace
}  // namespace wasmvm::test
