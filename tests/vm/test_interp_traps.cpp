// Every trap kind with its spec message, stack exhaustion without crashing, backtraces, host traps
// and exits, fuel and interruption.
#include <string>

#include "tests/vm/test_interp_util.h"

namespace wasmvm::test {
namespace {

constexpr const char* kTraps = R"((module
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (memory 1)
  (table $t 4 funcref)
  (table $t2 2 funcref)
  (elem (table $t) (i32.const 0) func $seven $id)
  (func $seven (type $v_i) (i32.const 7))
  (func $id (type $i_i) (local.get 0))
  (func (export "unreachable") (unreachable))
  (func (export "div0") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "nan") (result i64) (i64.trunc_f64_s (f64.const nan)))
  (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
  (func (export "store16") (param i32) (i32.store16 (local.get 0) (i32.const 1)))
  (func (export "table_get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $v_i) (local.get 0)))
  (func (export "call_t2") (param i32) (result i32) (call_indirect $t2 (type $v_i) (local.get 0)))
  (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func $rec (export "rec") (param i32) (result i32) (i32.add (call $rec (local.get 0)) (i32.const 1)))
))";

class Traps : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(vm.load(kTraps)); }
  Vm vm;
};

TEST_F(Traps, Messages) {
  EXPECT_EQ(vm.trap("unreachable").message, "unreachable");
  EXPECT_EQ(vm.trap("div0", {I32(0)}).message, "integer divide by zero");
  EXPECT_EQ(vm.trap("overflow").message, "integer overflow");
  EXPECT_EQ(vm.trap("nan").message, "invalid conversion to integer");
  EXPECT_EQ(vm.trap("call", {I32(2)}).message, "uninitialized element");
  EXPECT_EQ(vm.trap("call", {I32(4)}).message, "undefined element");
  EXPECT_EQ(vm.trap("call", {I32(1)}).message, "indirect call type mismatch");
  EXPECT_EQ(vm.trap("call_t2", {I32(0)}).message, "uninitialized element");
  EXPECT_EQ(vm.trap("table_get", {I32(4)}).message, "out of bounds table access");
  EXPECT_EQ(vm.trap("unreachable").kind, ErrorKind::Trap);
  EXPECT_EQ(vm.i32("call", {I32(0)}), 7);
}

TEST_F(Traps, MemoryBoundsAreExact) {
  EXPECT_EQ(vm.i32("load", {I32(65536 - 8)}), 0);
  EXPECT_EQ(vm.trap("load", {I32(65536 - 7)}).message, "out of bounds memory access");
  EXPECT_EQ(vm.trap("load", {I32(-1)}).message, "out of bounds memory access");  // no 32-bit wrap
  EXPECT_TRUE(vm.call("store16", {I32(65534)}).ok());
  EXPECT_EQ(vm.trap("store16", {I32(65535)}).message, "out of bounds memory access");
}

TEST_F(Traps, BulkMemoryZeroLengthAtTheBoundary) {
  EXPECT_TRUE(vm.call("fill", {I32(65536), I32(0)}).ok());
  EXPECT_EQ(vm.trap("fill", {I32(65537), I32(0)}).message, "out of bounds memory access");
  EXPECT_TRUE(vm.call("copy", {I32(65536), I32(0), I32(0)}).ok());
  EXPECT_EQ(vm.trap("copy", {I32(0), I32(65530), I32(7)}).message, "out of bounds memory access");
}

TEST_F(Traps, DeepRecursionIsExhaustionNotACrash) {
  Error e = vm.trap("rec", {I32(0)});
  EXPECT_EQ(e.kind, ErrorKind::Exhaustion);
  EXPECT_EQ(e.message, "call stack exhausted");
  // The store is still usable afterwards.
  EXPECT_EQ(vm.i32("call", {I32(0)}), 7);
}

TEST(TrapsConfig, SmallValueStackIsExhaustionToo) {
  Config cfg;
  cfg.value_stack_cells = 1000;
  cfg.max_call_depth = 1u << 20;
  Vm vm(cfg);
  ASSERT_TRUE(vm.load(kTraps));
  Error e = vm.trap("rec", {I32(0)});
  EXPECT_EQ(e.kind, ErrorKind::Exhaustion);
  EXPECT_EQ(e.message, "call stack exhausted");
}

TEST(TrapsBacktrace, InnermostFirstWithNamesAndOffsets) {
  Vm vm;
  ASSERT_TRUE(vm.load(R"((module
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "outer") (param i32) (result i32) (call $middle (local.get 0)))))", true));
  Error e = vm.trap("outer", {I32(0)});
  EXPECT_EQ(e.message, "integer divide by zero");
  size_t a = e.backtrace().find("  at inner (wasm offset 0x");
  size_t b = e.backtrace().find("  at middle (wasm offset 0x");
  size_t c = e.backtrace().find("  at func[2] (wasm offset 0x");
  ASSERT_NE(a, std::string::npos) << e.backtrace();
  ASSERT_NE(b, std::string::npos) << e.backtrace();
  ASSERT_NE(c, std::string::npos) << e.backtrace();
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(TrapsHost, HostTrapAndExitPropagate) {
  Vm vm;
  vm.linker().define_func("env", "fail", FuncType{{ValType::I32}, {}},
                          [](Caller&, std::span<const Value> args, std::span<Value>) -> Status {
                            if (args[0].as_i32() == 1) return make_error(ErrorKind::Trap, "host says no");
                            Error e = make_error(ErrorKind::Exit, "exit");
                            e.exit_code = 42;
                            return e;
                          });
  ASSERT_TRUE(vm.load(R"((module (import "env" "fail" (func $f (param i32)))
    (func (export "go") (param i32) (call $f (local.get 0)))))"));
  Error t = vm.trap("go", {I32(1)});
  EXPECT_EQ(t.kind, ErrorKind::Trap);
  EXPECT_EQ(t.message, "host says no");
  Error x = vm.trap("go", {I32(2)});
  EXPECT_EQ(x.kind, ErrorKind::Exit);
  EXPECT_EQ(x.exit_code, 42);
}

constexpr const char* kLoop = R"((module
  (func (export "spin") (loop $l (br $l)))
  (func $self (export "selfcall") (call $self))))";

TEST(TrapsFuel, InfiniteLoopRunsOutOfFuel) {
  Vm vm;
  ASSERT_TRUE(vm.load(kLoop));
  vm.store().set_fuel(1000);
  EXPECT_EQ(vm.trap("spin").message, "all fuel consumed");
}

TEST(TrapsFuel, InterruptStopsALoop) {
  Vm vm;
  vm.linker().define_func("env", "stop", FuncType{},
                          [](Caller& c, std::span<const Value>, std::span<Value>) -> Status {
                            c.store().interrupt();
                            return Status::Ok();
                          });
  ASSERT_TRUE(vm.load(R"((module (import "env" "stop" (func $stop))
    (func (export "spin") (call $stop) (loop $l (br $l)))))"));
  EXPECT_EQ(vm.trap("spin").message, "interrupted");
}

}  // namespace
}  // namespace wasmvm::test
