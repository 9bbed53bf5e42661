// Linker: import resolution, extern kind/type checks, limits subtyping, registration of instances.
#include "tests/vm/test_api_util.h"

namespace wasmvm::test {
namespace {

class ApiLinkTest : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  Linker linker{store};

  // Instantiates `wat`, expecting a link error that starts with `prefix`.
  void expect_link_error(const std::string& wat, const std::string& prefix) {
    auto m = compile_wat(engine, wat);
    ASSERT_NE(m, nullptr);
    auto r = linker.instantiate(m);
    ASSERT_FALSE(r.ok()) << "instantiation unexpectedly succeeded:\n" << wat;
    EXPECT_EQ(r.error().kind, ErrorKind::Link) << r.error().message;
    EXPECT_TRUE(starts_with(r.error().message, prefix)) << r.error().message;
  }
  void expect_links(const std::string& wat) {
    auto m = compile_wat(engine, wat);
    ASSERT_NE(m, nullptr);
    auto r = linker.instantiate(m);
    EXPECT_TRUE(r.ok()) << r.error().to_string() << "\n" << wat;
  }
  Memory new_memory(uint32_t min, bool has_max, uint32_t max) {
    MemoryType t;
    t.limits = {min, max, has_max};
    auto r = store.create_memory(t);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : Memory();
  }
  Table new_table(ValType elem, uint32_t min, bool has_max, uint32_t max) {
    TableType t;
    t.elem = elem;
    t.limits = {min, max, has_max};
    auto r = store.create_table(t, Value::null_ref(elem));
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : Table();
  }
  Global new_global(ValType type, bool mut, Value init) {
    auto r = store.create_global(GlobalType{type, mut}, init);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : Global();
  }
};

TEST_F(ApiLinkTest, UnknownImportOfEachKind) {
  expect_link_error(R"((module (import "env" "f" (func))))", "unknown import");
  expect_link_error(R"((module (import "env" "t" (table 1 funcref))))", "unknown import");
  expect_link_error(R"((module (import "env" "m" (memory 1))))", "unknown import");
  expect_link_error(R"((module (import "env" "g" (global i32))))", "unknown import");
}

TEST_F(ApiLinkTest, UnknownImportNamesTheMissingImport) {
  linker.define_func("env", "f", FuncType{}, [](Caller&, std::span<const Value>, std::span<Value>) {
    return Status::Ok();
  });
  auto m = compile_wat(engine, R"((module (import "env" "f" (func)) (import "env" "missing" (func))))");
  ASSERT_NE(m, nullptr);
  auto r = linker.instantiate(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Link);
  EXPECT_NE(r.error().message.find("missing"), std::string::npos) << r.error().message;
}

TEST_F(ApiLinkTest, ModuleAndFieldNamesAreBothMatched) {
  linker.define("env", "m", Extern::of(new_memory(1, false, 0)));
  expect_link_error(R"((module (import "other" "m" (memory 1))))", "unknown import");
  expect_link_error(R"((module (import "env" "mm" (memory 1))))", "unknown import");
  expect_links(R"((module (import "env" "m" (memory 1))))");
}

TEST_F(ApiLinkTest, WrongExternKindIsIncompatible) {
  linker.define("env", "x", Extern::of(new_global(ValType::I32, false, Value::from_i32(1))));
  expect_link_error(R"((module (import "env" "x" (func))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "x" (memory 1))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "x" (table 1 funcref))))", "incompatible import type");
  expect_links(R"((module (import "env" "x" (global i32))))");
}

TEST_F(ApiLinkTest, FunctionTypesMustMatchExactly) {
  auto noop = [](Caller&, std::span<const Value>, std::span<Value>) { return Status::Ok(); };
  linker.define_func("env", "f", FuncType{{ValType::I32}, {}}, noop);
  expect_link_error(R"((module (import "env" "f" (func (param i64)))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "f" (func))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "f" (func (param i32) (result i32)))))",
                    "incompatible import type");
  expect_link_error(R"((module (import "env" "f" (func (param i32 i32)))))", "incompatible import type");
  expect_links(R"((module (import "env" "f" (func (param i32)))))");
}

TEST_F(ApiLinkTest, MemoryLimitsSubtyping) {
  linker.define("env", "m1", Extern::of(new_memory(1, false, 0)));
  linker.define("env", "m1_2", Extern::of(new_memory(1, true, 2)));
  linker.define("env", "m2_3", Extern::of(new_memory(2, true, 3)));
  expect_links(R"((module (import "env" "m1" (memory 0))))");
  expect_links(R"((module (import "env" "m1" (memory 1))))");
  expect_link_error(R"((module (import "env" "m1" (memory 2))))", "incompatible import type");
  // The import has a maximum: the provided memory needs one, no larger.
  expect_link_error(R"((module (import "env" "m1" (memory 1 5))))", "incompatible import type");
  expect_links(R"((module (import "env" "m1_2" (memory 1 2))))");
  expect_links(R"((module (import "env" "m1_2" (memory 0 3))))");
  expect_link_error(R"((module (import "env" "m2_3" (memory 1 2))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "m1_2" (memory 2 2))))", "incompatible import type");
}

TEST_F(ApiLinkTest, MemoryImportSeesCurrentSizeAfterGrow) {
  Memory m = new_memory(1, true, 4);
  linker.define("env", "m", Extern::of(m));
  expect_link_error(R"((module (import "env" "m" (memory 3))))", "incompatible import type");
  ASSERT_TRUE(m.grow(2).ok());
  expect_links(R"((module (import "env" "m" (memory 3))))");
}

TEST_F(ApiLinkTest, TableLimitsAndElementTypes) {
  linker.define("env", "t10", Extern::of(new_table(ValType::FuncRef, 10, false, 0)));
  linker.define("env", "t10_20", Extern::of(new_table(ValType::FuncRef, 10, true, 20)));
  linker.define("env", "e10", Extern::of(new_table(ValType::ExternRef, 10, true, 20)));
  expect_links(R"((module (import "env" "t10" (table 5 funcref))))");
  expect_link_error(R"((module (import "env" "t10" (table 11 funcref))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "t10" (table 10 20 funcref))))", "incompatible import type");
  expect_links(R"((module (import "env" "t10_20" (table 10 20 funcref))))");
  expect_links(R"((module (import "env" "t10_20" (table 0 30 funcref))))");
  expect_link_error(R"((module (import "env" "t10_20" (table 10 19 funcref))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "e10" (table 10 20 funcref))))", "incompatible import type");
  expect_links(R"((module (import "env" "e10" (table 10 20 externref))))");
  expect_link_error(R"((module (import "env" "t10" (table 10 externref))))", "incompatible import type");
}

TEST_F(ApiLinkTest, GlobalTypeAndMutabilityMustMatch) {
  linker.define("env", "ci32", Extern::of(new_global(ValType::I32, false, Value::from_i32(1))));
  linker.define("env", "mi32", Extern::of(new_global(ValType::I32, true, Value::from_i32(1))));
  expect_links(R"((module (import "env" "ci32" (global i32))))");
  expect_links(R"((module (import "env" "mi32" (global (mut i32)))))");
  expect_link_error(R"((module (import "env" "ci32" (global (mut i32)))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "mi32" (global i32))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "ci32" (global i64))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "ci32" (global f32))))", "incompatible import type");
}

TEST_F(ApiLinkTest, InvalidHandleIsRejectedNotDereferenced) {
  linker.define("env", "f", Extern::of(Func()));
  linker.define("env", "m", Extern::of(Memory()));
  expect_link_error(R"((module (import "env" "f" (func))))", "incompatible import type");
  expect_link_error(R"((module (import "env" "m" (memory 0))))", "incompatible import type");
}

TEST_F(ApiLinkTest, DefineReplacesAndLookupFinds) {
  Global a = new_global(ValType::I32, false, Value::from_i32(1));
  Global b = new_global(ValType::I32, false, Value::from_i32(2));
  EXPECT_FALSE(linker.lookup("env", "g").has_value());
  linker.define("env", "g", Extern::of(a));
  linker.define("env", "g", Extern::of(b));
  auto found = linker.lookup("env", "g");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, ExternKind::Global);
  EXPECT_EQ(found->global.raw(), b.raw());
}

TEST_F(ApiLinkTest, ImportedObjectsAreSharedNotCopied) {
  Global g = new_global(ValType::I32, true, Value::from_i32(7));
  Memory mem = new_memory(1, false, 0);
  linker.define("env", "g", Extern::of(g));
  linker.define("env", "m", Extern::of(mem));
  auto m = compile_wat(engine, R"((module
    (import "env" "g" (global $g (mut i32)))
    (import "env" "m" (memory 1))
    (export "g2" (global $g))
    (export "m2" (memory 0))))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_EQ(inst->global("g2").raw(), g.raw());
  EXPECT_EQ(inst->memory("m2").raw(), mem.raw());
  EXPECT_EQ(inst->default_memory().raw(), mem.raw());
  ASSERT_TRUE(g.set(Value::from_i32(9)).ok());
  EXPECT_EQ(inst->global("g2").get().as_i32(), 9);
}

TEST_F(ApiLinkTest, DefineInstanceRegistersEveryExport) {
  auto a = compile_wat(engine, R"((module
    (memory (export "mem") 1)
    (table (export "tab") 2 funcref)
    (global (export "glob") i64 (i64.const 42))
    (func (export "fn") (result i32) (i32.const 3))))");
  ASSERT_NE(a, nullptr);
  auto ia = linker.instantiate(a);
  ASSERT_TRUE(ia.ok()) << ia.error().to_string();
  linker.define_instance("A", ia.value());
  for (const char* name : {"mem", "tab", "glob", "fn"}) {
    EXPECT_TRUE(linker.lookup("A", name).has_value()) << name;
  }
  auto b = compile_wat(engine, R"((module
    (import "A" "mem" (memory 1))
    (import "A" "tab" (table 2 funcref))
    (import "A" "glob" (global $g i64))
    (import "A" "fn" (func (result i32)))
    (global (export "copy") i64 (global.get $g))))");
  ASSERT_NE(b, nullptr);
  auto ib = linker.instantiate(b);
  ASSERT_TRUE(ib.ok()) << ib.error().to_string();
  EXPECT_EQ(ib->global("copy").get().as_i64(), 42);
  EXPECT_EQ(ib->default_memory().raw(), ia->memory("mem").raw());
}

TEST_F(ApiLinkTest, InstanceExportLookupByKind) {
  auto m = compile_wat(engine, R"((module
    (memory (export "mem") 1)
    (global (export "glob") (mut f64) (f64.const 1.5))
    (func (export "fn"))))");
  ASSERT_NE(m, nullptr);
  auto inst = linker.instantiate(m);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  EXPECT_TRUE(inst->func("fn").valid());
  EXPECT_FALSE(inst->func("mem").valid());  // wrong kind
  EXPECT_FALSE(inst->func("nope").valid());
  EXPECT_TRUE(inst->memory("mem").valid());
  EXPECT_FALSE(inst->table("mem").valid());
  EXPECT_TRUE(inst->global("glob").valid());
  EXPECT_EQ(inst->global("glob").get().as_f64(), 1.5);
  EXPECT_FALSE(inst->get_export("missing").has_value());
  EXPECT_EQ(&inst->store(), &store);
  EXPECT_EQ(&inst->module(), m.get());
}

}  // namespace
}  // namespace wasmvm::test
