// Calling functions through the API: host functions via Func::call, typed host functions via
// Linker::define_typed, argument checking, Caller::memory, Instance::call, re-entrancy.
#include <cstring>

#include "tests/vm/test_api_util.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

class ApiCallTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Linker linker{store};

  Result<Instance> instantiate(const std::string& wat) {
    auto m = compile_wat(engine, wat);
    if (!m) return make_error(ErrorKind::Usage, "test module did not compile");
    return linker.instantiate(m);
  }
};

Status add_i32(Caller&, std::span<const Value> args, std::span<Value> results) {
  results[0] = Value::from_i32(args[0].as_i32() + args[1].as_i32());
  return Status::Ok();
}

TEST_F(ApiCallTest, HostFunctionThroughFuncCall) {
  Func f = store.create_host_func(FuncType{{ValType::I32, ValType::I32}, {ValType::I32}}, add_i32);
  ASSERT_TRUE(f.valid());
  EXPECT_EQ(f.type().params.size(), 2u);
  Value args[] = {Value::from_i32(40), Value::from_i32(2)};
  auto r = f.call(store, args);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].type, ValType::I32);
  EXPECT_EQ((*r)[0].as_i32(), 42);
}

TEST_F(ApiCallTest, ArgumentCountAndTypesAreChecked) {
  Func f = store.create_host_func(FuncType{{ValType::I32, ValType::I32}, {ValType::I32}}, add_i32);
  Value one[] = {Value::from_i32(1)};
  auto r = f.call(store, one);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  Value wrong[] = {Value::from_i32(1), Value::from_i64(2)};
  r = f.call(store, wrong);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  EXPECT_NE(r.error().message.find("argument 1"), std::string::npos) << r.error().message;
  r = Func().call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
}

TEST_F(ApiCallTest, ReferenceArgumentsAreChecked) {
  Func f = store.create_host_func(FuncType{{ValType::ExternRef, ValType::FuncRef}, {ValType::ExternRef}},
                                  [](Caller&, std::span<const Value> args, std::span<Value> results) {
                                    results[0] = args[0];
                                    return Status::Ok();
                                  });
  Value ok_args[] = {Value::extern_ref(5), Value::null_ref(ValType::FuncRef)};
  auto r = f.call(store, ok_args);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].extern_payload(), 5u);
  Value reserved[] = {Value::extern_ref(UINT64_MAX), Value::null_ref(ValType::FuncRef)};
  EXPECT_FALSE(f.call(store, reserved).ok());
  Value forged = Value::null_ref(ValType::FuncRef);
  forged.ref_null = false;
  forged.bits[0] = 0x1234;  // not a function of this store
  Value bad_ref[] = {Value::extern_ref(1), forged};
  r = f.call(store, bad_ref);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
  Value own_ref = Value::null_ref(ValType::FuncRef);
  own_ref.ref_null = false;
  own_ref.bits[0] = rt::funcref_cell(f.raw());
  Value good_ref[] = {Value::extern_ref(1), own_ref};
  EXPECT_TRUE(f.call(store, good_ref).ok());
}

TEST_F(ApiCallTest, HostTrapBecomesError) {
  Func f = store.create_host_func(FuncType{}, [](Caller&, std::span<const Value>, std::span<Value>) {
    return Status(make_error(ErrorKind::Trap, "custom trap"));
  });
  auto r = f.call(store, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "custom trap");
}

TEST_F(ApiCallTest, TypedHostFunctions) {
  linker.define_typed("env", "mul", [](Caller&, int32_t a, int64_t b) -> int64_t { return a * b; });
  linker.define_typed("env", "half", [](Caller&, double x) { return x / 2; });
  int hits = 0;
  linker.define_typed("env", "hit", [&](Caller&) { hits++; });
  linker.define_typed("env", "checked", [](Caller&, uint32_t x) -> Result<uint32_t> {
    if (x == 0) return make_error(ErrorKind::Trap, "zero");
    return 100 / x;
  });
  auto mul = linker.lookup("env", "mul");
  ASSERT_TRUE(mul.has_value());
  EXPECT_EQ(mul->func.type(), (FuncType{{ValType::I32, ValType::I64}, {ValType::I64}}));
  Value args[] = {Value::from_i32(-3), Value::from_i64(7)};
  auto r = mul->func.call(store, args);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i64(), -21);

  auto inst = instantiate(R"((module
    (import "env" "half" (func $half (param f64) (result f64)))
    (import "env" "hit" (func $hit))
    (import "env" "checked" (func $checked (param i32) (result i32)))
    (func (export "run") (param f64) (result f64) (call $hit) (call $half (local.get 0)))
    (func (export "div") (param i32) (result i32) (call $checked (local.get 0)))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Value x[] = {Value::from_f64(5.0)};
  auto h = inst->call("run", x);
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ((*h)[0].as_f64(), 2.5);
  EXPECT_EQ(hits, 1);
  Value four[] = {Value::from_i32(4)};
  auto d = inst->call("div", four);
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ((*d)[0].as_i32(), 25);
  Value zero[] = {Value::from_i32(0)};
  d = inst->call("div", zero);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, ErrorKind::Trap);
  EXPECT_EQ(d.error().message, "zero");
}

TEST_F(ApiCallTest, TypedHostSignatureIsCheckedAtLink) {
  linker.define_typed("env", "f", [](Caller&, int32_t x) { return x; });
  auto r = instantiate(R"((module (import "env" "f" (func (param i64) (result i64)))))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Link);
}

TEST_F(ApiCallTest, CallerSeesCallingInstanceMemory) {
  std::string seen;
  linker.define_typed("env", "log", [&](Caller& caller, uint32_t ptr, uint32_t len) -> Status {
    Memory mem = caller.memory();
    if (!mem.valid()) return make_error(ErrorKind::Trap, "no memory");
    auto s = mem.span(ptr, len);
    if (!s.ok()) return std::move(s).error();
    seen.assign(s->begin(), s->end());
    return Status::Ok();
  });
  auto inst = instantiate(R"((module
    (import "env" "log" (func $log (param i32 i32)))
    (memory 1)  ;; not exported: Caller::memory still finds it
    (data (i32.const 16) "from wasm")
    (func (export "go") (param i32 i32) (call $log (local.get 0) (local.get 1)))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Value args[] = {Value::from_i32(16), Value::from_i32(9)};
  auto r = inst->call("go", args);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(seen, "from wasm");
  Value hostile[] = {Value::from_i32(-1), Value::from_i32(2)};
  r = inst->call("go", hostile);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST_F(ApiCallTest, InstanceCallChecksExportName) {
  auto inst = instantiate(R"((module (memory (export "mem") 1)
    (func (export "id") (param i64) (result i64) (local.get 0))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Value v[] = {Value::from_i64(-9)};
  auto r = inst->call("id", v);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i64(), -9);
  auto missing = inst->call("nope", v);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::Usage);
  auto not_func = inst->call("mem", v);
  ASSERT_FALSE(not_func.ok());
  EXPECT_EQ(not_func.error().kind, ErrorKind::Usage);
  Value wrong[] = {Value::from_i32(1)};
  auto mistyped = inst->call("id", wrong);
  ASSERT_FALSE(mistyped.ok());
  EXPECT_EQ(mistyped.error().kind, ErrorKind::Usage);
}

TEST_F(ApiCallTest, ReentrantHostToWasmCalls) {
  // wasm -> host -> wasm: the host calls back into the instance's "sq" export.
  Instance* self = nullptr;
  linker.define_typed("env", "callback", [&](Caller& caller, int32_t x) -> Result<int32_t> {
    Value a[] = {Value::from_i32(x)};
    auto r = self->call("sq", a);
    if (!r.ok()) return std::move(r).error();
    EXPECT_EQ(&caller.store(), &store);
    return (*r)[0].as_i32() + 1;
  });
  auto inst = instantiate(R"((module
    (import "env" "callback" (func $cb (param i32) (result i32)))
    (func (export "sq") (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
    (func (export "outer") (param i32) (result i32) (i32.add (call $cb (local.get 0)) (i32.const 1000)))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Instance handle = inst.value();
  self = &handle;
  Value a[] = {Value::from_i32(6)};
  auto r = handle.call("outer", a);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), 1037);
}

TEST(ApiWasmMemory, GrowFromWasmIsVisibleToHostAndCapped) {
  Config cfg;
  cfg.max_memory_pages = 3;
  Engine engine(cfg);
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, R"((module
    (memory (export "mem") 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Memory mem = inst->memory("mem");
  uint64_t gen = mem.generation();
  Value one[] = {Value::from_i32(1)};
  auto r = inst->call("grow", one);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), 1);
  EXPECT_EQ(mem.pages(), 2u);
  EXPECT_GT(mem.generation(), gen);
  Value args[] = {Value::from_i32(2 * 65536 - 4), Value::from_i32(0x01020304)};
  ASSERT_TRUE(inst->call("store", args).ok());
  uint32_t v = 0;
  ASSERT_TRUE(mem.read(2 * 65536 - 4, &v, 4).ok());
  EXPECT_EQ(v, 0x01020304u);
  Value two[] = {Value::from_i32(2)};
  r = inst->call("grow", two);  // 4 pages would exceed the configured cap of 3
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ((*r)[0].as_i32(), -1);
  EXPECT_EQ(mem.pages(), 2u);
  ASSERT_TRUE(mem.grow(1).ok());  // host-side growth is seen by wasm
  Value edge[] = {Value::from_i32(3 * 65536 - 4), Value::from_i32(7)};
  EXPECT_TRUE(inst->call("store", edge).ok());
  Value past[] = {Value::from_i32(3 * 65536 - 3), Value::from_i32(7)};
  auto oob = inst->call("store", past);
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().message, "out of bounds memory access");
}

TEST_F(ApiCallTest, FunctionFromAnotherStoreIsRejected) {
  auto m = compile_wat(engine, R"((module (func (export "f"))))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Store other(engine);
  auto r = inst->func("f").call(other, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
}

TEST_F(ApiCallTest, FuncrefResultNamesTheFunction) {
  auto inst = instantiate(R"((module
    (func $target (export "target"))
    (elem declare func $target)
    (func (export "get") (result funcref) (ref.func $target))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  auto r = inst->call("get", {});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_FALSE((*r)[0].is_null());
  EXPECT_EQ(rt::cell_funcref((*r)[0].bits[0]), inst->func("target").raw());
  EXPECT_EQ((*r)[0].to_string().rfind("funcref:", 0), 0u);
}

}  // namespace
}  // namespace wasmvm::test
