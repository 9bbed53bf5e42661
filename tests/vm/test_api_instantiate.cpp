// Instantiation: global initialisers, element/data segments (including out-of-bounds failures and
// the partial initialisation 2.0 keeps), configured limits, and the start function.
#include "tests/vm/test_api_util.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

class ApiInstantiateTest : public ::testing::Test {
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

TEST_F(ApiInstantiateTest, GlobalsFromConstantsImportsAndRefFunc) {
  auto g = store.create_global(GlobalType{ValType::I32, false}, Value::from_i32(-5));
  ASSERT_TRUE(g.ok());
  linker.define("env", "base", Extern::of(g.value()));
  auto inst = instantiate(R"((module
    (import "env" "base" (global $base i32))
    (func $f (export "f"))
    (global (export "copy") i32 (global.get $base))
    (global (export "i64") i64 (i64.const 0x123456789))
    (global (export "f32") f32 (f32.const -2.5))
    (global (export "fref") funcref (ref.func $f))
    (global (export "fnull") funcref (ref.null func))
    (global (export "eref") (mut externref) (ref.null extern))))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_EQ(inst->global("copy").get().as_i32(), -5);
  EXPECT_EQ(inst->global("i64").get().as_i64(), 0x123456789);
  EXPECT_EQ(inst->global("f32").get().as_f32(), -2.5f);
  Value fref = inst->global("fref").get();
  EXPECT_FALSE(fref.is_null());
  EXPECT_EQ(rt::cell_funcref(fref.bits[0]), inst->func("f").raw());
  EXPECT_TRUE(inst->global("fnull").get().is_null());
  EXPECT_TRUE(inst->global("eref").get().is_null());
  EXPECT_TRUE(inst->global("eref").set(Value::extern_ref(3)).ok());
  EXPECT_FALSE(inst->global("copy").set(Value::from_i32(3)).ok());  // immutable
}

TEST_F(ApiInstantiateTest, ActiveSegmentsAreAppliedAndDropped) {
  auto inst = instantiate(R"((module
    (memory (export "mem") 1)
    (table (export "tab") 4 funcref)
    (func $a) (func $b)
    (elem (i32.const 1) $a $b)
    (elem $passive func $b)
    (elem declare func $a)
    (data (i32.const 100) "hello")
    (data $p "passive")))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Memory mem = inst->memory("mem");
  auto s = mem.span(100, 5);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(std::string(s->begin(), s->end()), "hello");
  EXPECT_EQ(mem.data()[99], 0);
  EXPECT_EQ(mem.data()[105], 0);
  Table tab = inst->table("tab");
  EXPECT_TRUE(tab.get(0)->is_null());
  EXPECT_FALSE(tab.get(1)->is_null());
  EXPECT_FALSE(tab.get(2)->is_null());
  EXPECT_TRUE(tab.get(3)->is_null());
  EXPECT_NE(tab.get(1)->bits[0], tab.get(2)->bits[0]);
  const rt::InstanceInst* raw = inst->raw();
  ASSERT_EQ(raw->elem_dropped.size(), 3u);
  EXPECT_TRUE(raw->elem_dropped[0]);   // active
  EXPECT_FALSE(raw->elem_dropped[1]);  // passive: kept for table.init
  EXPECT_TRUE(raw->elem_dropped[2]);   // declarative
  EXPECT_EQ(raw->elem_values[1].size(), 1u);
  EXPECT_TRUE(raw->elem_values[0].empty());
  ASSERT_EQ(raw->data_dropped.size(), 2u);
  EXPECT_TRUE(raw->data_dropped[0]);
  EXPECT_FALSE(raw->data_dropped[1]);
}

TEST_F(ApiInstantiateTest, SegmentOffsetsFromImportedGlobals) {
  auto g = store.create_global(GlobalType{ValType::I32, false}, Value::from_i32(65530));
  ASSERT_TRUE(g.ok());
  linker.define("env", "off", Extern::of(g.value()));
  auto inst = instantiate(R"((module
    (import "env" "off" (global $off i32))
    (memory (export "mem") 1)
    (data (global.get $off) "abcdef")))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_EQ(inst->memory("mem").data()[65535], 'f');
  auto far = store.create_global(GlobalType{ValType::I32, false}, Value::from_i32(65531));
  ASSERT_TRUE(far.ok());
  linker.define("env", "off", Extern::of(far.value()));
  auto r = instantiate(R"((module
    (import "env" "off" (global $off i32))
    (memory 1)
    (data (global.get $off) "abcdef")))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
}

TEST_F(ApiInstantiateTest, DataOutOfBoundsTraps) {
  auto r = instantiate(R"((module (memory 1) (data (i32.const 65536) "x")))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds memory access");
  // Empty segment exactly at the end is fine; one past the end is not (offset is unsigned).
  EXPECT_TRUE(instantiate(R"((module (memory 1) (data (i32.const 65536) "")))").ok());
  EXPECT_FALSE(instantiate(R"((module (memory 1) (data (i32.const 65537) "")))").ok());
  EXPECT_FALSE(instantiate(R"((module (memory 1) (data (i32.const -1) "a")))").ok());
  EXPECT_FALSE(instantiate(R"((module (memory 0) (data (i32.const 0) "a")))").ok());
}

TEST_F(ApiInstantiateTest, ElemOutOfBoundsTraps) {
  auto r = instantiate(R"((module (table 2 funcref) (func $f) (elem (i32.const 1) $f $f)))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "out of bounds table access");
  EXPECT_TRUE(instantiate(R"((module (table 2 funcref) (func $f) (elem (i32.const 2))))").ok());
  EXPECT_FALSE(instantiate(R"((module (table 2 funcref) (func $f) (elem (i32.const 3))))").ok());
  EXPECT_FALSE(instantiate(R"((module (table 2 funcref) (func $f) (elem (i32.const -1) $f)))").ok());
}

TEST_F(ApiInstantiateTest, FailedSegmentKeepsEarlierWritesToImportedObjects) {
  TableType tt;
  tt.elem = ValType::FuncRef;
  tt.limits = {3, 0, false};
  auto tab = store.create_table(tt, Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(tab.ok());
  MemoryType mt;
  mt.limits = {1, 0, false};
  auto mem = store.create_memory(mt);
  ASSERT_TRUE(mem.ok());
  linker.define("env", "tab", Extern::of(tab.value()));
  linker.define("env", "mem", Extern::of(mem.value()));
  auto r = instantiate(R"((module
    (import "env" "tab" (table 3 funcref))
    (import "env" "mem" (memory 1))
    (func $f (result i32) (i32.const 77))
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f $f)
    (data (i32.const 0) "x")))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "out of bounds table access");
  auto first = tab->get(0);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->is_null());  // the first segment's write stays
  EXPECT_TRUE(tab->get(2)->is_null());  // the failing segment wrote nothing
  EXPECT_EQ(mem->data()[0], 0);  // data segments never ran
  // The function left in the table still belongs to a live instance and can be called.
  rt::FuncInst* f = rt::cell_funcref(first->bits[0]);
  ASSERT_NE(f, nullptr);
  ASSERT_NE(f->instance, nullptr);
  auto res = Func(f).call(store, {});
  ASSERT_TRUE(res.ok()) << res.error().to_string();
  ASSERT_EQ(res->size(), 1u);
  EXPECT_EQ((*res)[0].as_i32(), 77);
}

TEST_F(ApiInstantiateTest, ConfiguredLimitsApplyToModuleMemoriesAndTables) {
  Config cfg;
  cfg.max_memory_pages = 2;
  cfg.max_table_elements = 10;
  Engine small(cfg);
  Store s(small);
  Linker l(s);
  auto big_mem = compile_wat(small, "(module (memory 3))");
  ASSERT_NE(big_mem, nullptr);
  auto r = l.instantiate(big_mem);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Limit);
  auto big_tab = compile_wat(small, "(module (table 11 funcref))");
  ASSERT_NE(big_tab, nullptr);
  r = l.instantiate(big_tab);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Limit);
  auto ok = compile_wat(small, "(module (memory (export \"m\") 1 100))");
  ASSERT_NE(ok, nullptr);
  auto inst = l.instantiate(ok);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  Memory m = inst->memory("m");
  EXPECT_TRUE(m.grow(1).ok());
  EXPECT_FALSE(m.grow(1).ok());  // capped at 2 pages, below the type's 100
}

TEST_F(ApiInstantiateTest, StartFunctionRunsOnce) {
  int calls = 0;
  linker.define_func("env", "tick", FuncType{}, [&](Caller&, std::span<const Value>, std::span<Value>) {
    calls++;
    return Status::Ok();
  });
  auto inst = instantiate(R"((module
    (import "env" "tick" (func $tick))
    (memory (export "mem") 1)
    (func $start (call $tick) (i32.store (i32.const 8) (i32.const 0x2a)))
    (start $start)))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_EQ(calls, 1);
  uint32_t v = 0;
  ASSERT_TRUE(inst->memory("mem").read(8, &v, 4).ok());
  EXPECT_EQ(v, 0x2au);
}

TEST_F(ApiInstantiateTest, StartFunctionSeesSegments) {
  // The start function runs after data segments: it copies byte 0 (from data) to byte 1.
  auto inst = instantiate(R"((module
    (memory (export "mem") 1)
    (data (i32.const 0) "\07")
    (func $start (i32.store8 (i32.const 1) (i32.load8_u (i32.const 0))))
    (start $start)))");
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_EQ(inst->memory("mem").data()[1], 7);
}

TEST_F(ApiInstantiateTest, StartFunctionTrapFailsInstantiation) {
  auto r = instantiate(R"((module (func $start unreachable) (start $start)))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "unreachable");
}

TEST_F(ApiInstantiateTest, HostTrapInStartPropagates) {
  linker.define_func("env", "boom", FuncType{}, [](Caller&, std::span<const Value>, std::span<Value>) {
    return Status(make_error(ErrorKind::Trap, "host says no"));
  });
  auto r = instantiate(R"((module (import "env" "boom" (func $b)) (func $s (call $b)) (start $s)))");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Trap);
  EXPECT_EQ(r.error().message, "host says no");
}

TEST_F(ApiInstantiateTest, NullModuleIsUsageError) {
  auto r = linker.instantiate(nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Usage);
}

}  // namespace
}  // namespace wasmvm::test
