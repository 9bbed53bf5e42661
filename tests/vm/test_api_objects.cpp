// Store-created objects through the public handles: memory growth and bounds-checked access, table
// growth and element access, global mutability and typing, Value <-> cell conversions.
#include <cmath>
#include <cstring>

#include "tests/vm/test_api_util.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

MemoryType mem_type(uint32_t min, bool has_max = false, uint32_t max = 0) {
  MemoryType t;
  t.limits = {min, max, has_max};
  return t;
}

TableType table_type(ValType elem, uint32_t min, bool has_max = false, uint32_t max = 0) {
  TableType t;
  t.elem = elem;
  t.limits = {min, max, has_max};
  return t;
}

// ---- memory ----------------------------------------------------------------------------------------

TEST(ApiMemory, CreateGrowAndGeneration) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(1, true, 3));
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ(m->pages(), 1u);
  EXPECT_EQ(m->size_bytes(), 65536u);
  uint64_t gen0 = m->generation();
  auto g = m->grow(2);
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  EXPECT_EQ(g.value(), 1u);
  EXPECT_EQ(m->pages(), 3u);
  EXPECT_EQ(m->size_bytes(), 3u * 65536u);
  EXPECT_GT(m->generation(), gen0);
  uint64_t gen1 = m->generation();
  auto over = m->grow(1);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, ErrorKind::Limit);
  EXPECT_EQ(m->pages(), 3u);
  EXPECT_EQ(m->generation(), gen1);  // a failed grow does not move the memory
  auto zero = m->grow(0);
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero.value(), 3u);
  EXPECT_EQ(m->type().limits.min, 3u);  // the current size
  EXPECT_TRUE(m->type().limits.has_max);
  EXPECT_EQ(m->type().limits.max, 3u);
}

TEST(ApiMemory, GrowZeroesNewPages) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(1));
  ASSERT_TRUE(m.ok());
  for (uint64_t i = 0; i < m->size_bytes(); i++) EXPECT_EQ(m->data()[i], 0) << i;
  std::memset(m->data(), 0xAA, m->size_bytes());
  ASSERT_TRUE(m->grow(3).ok());
  EXPECT_EQ(m->data()[65535], 0xAA);  // old contents survive the move
  size_t nonzero = 0;
  for (uint64_t i = 65536; i < m->size_bytes(); i++) nonzero += m->data()[i] != 0;
  EXPECT_EQ(nonzero, 0u);
}

TEST(ApiMemory, HugeGrowFailsCleanly) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(1));
  ASSERT_TRUE(m.ok());
  auto r = m->grow(UINT32_MAX);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Limit);
  r = m->grow(65536);  // 65537 pages: beyond 4 GiB
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(m->pages(), 1u);
}

TEST(ApiMemory, ConfiguredPageCapLimitsCreationAndGrowth) {
  Config cfg;
  cfg.max_memory_pages = 4;
  Engine engine(cfg);
  Store store(engine);
  auto too_big = store.create_memory(mem_type(5));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, ErrorKind::Limit);
  auto m = store.create_memory(mem_type(2, true, 100));
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->grow(2).ok());
  EXPECT_FALSE(m->grow(1).ok());
  EXPECT_EQ(m->pages(), 4u);
}

TEST(ApiMemory, InvalidTypesAreRejected) {
  Engine engine;
  Store store(engine);
  EXPECT_FALSE(store.create_memory(mem_type(2, true, 1)).ok());      // min > max
  EXPECT_FALSE(store.create_memory(mem_type(65537)).ok());           // > 4 GiB
  EXPECT_FALSE(store.create_memory(mem_type(0, true, 65537)).ok());
}

TEST(ApiMemory, SpanRejectsHostileAddressLengthPairs) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(1));
  ASSERT_TRUE(m.ok());
  const uint64_t size = 65536, k4G = uint64_t(1) << 32, max = UINT64_MAX;
  struct Case { uint64_t addr, len; bool ok; };
  const Case cases[] = {
      {0, size, true},        {size, 0, true},           {size - 1, 1, true},     {0, 0, true},
      {size + 1, 0, false},   {1, size, false},          {size, 1, false},        {0, size + 1, false},
      {max, 1, false},        {1, max, false},           {max, max, false},       {max, 0, false},
      {0, max, false},        {k4G - 1, 2, false},       {k4G, 0, false},         {size - 1, max, false},
      {max - size + 1, size, false}, {k4G + 1, size - 1, false},
  };
  for (const Case& c : cases) {
    auto s = m->span(c.addr, c.len);
    EXPECT_EQ(s.ok(), c.ok) << "addr=" << c.addr << " len=" << c.len;
    EXPECT_EQ(m->in_bounds(c.addr, c.len), c.ok) << "addr=" << c.addr << " len=" << c.len;
    if (s.ok()) {
      EXPECT_EQ(s->size(), c.len);
      if (c.len > 0) {
        EXPECT_EQ(s->data(), m->data() + c.addr);
      }
    } else {
      EXPECT_EQ(s.error().kind, ErrorKind::Trap);
      EXPECT_EQ(s.error().message, "out of bounds memory access");
    }
  }
}

TEST(ApiMemory, ReadWriteRoundTripAndOutOfBoundsLeavesMemoryUntouched) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(1));
  ASSERT_TRUE(m.ok());
  const uint8_t src[4] = {1, 2, 3, 4};
  ASSERT_TRUE(m->write(65532, src, 4).ok());
  uint8_t dst[4] = {};
  ASSERT_TRUE(m->read(65532, dst, 4).ok());
  EXPECT_EQ(std::memcmp(src, dst, 4), 0);
  const uint8_t junk[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  Status w = m->write(65532, junk, 8);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, ErrorKind::Trap);
  EXPECT_EQ(m->data()[65532], 1);  // nothing was written
  EXPECT_FALSE(m->read(UINT64_MAX - 2, dst, 4).ok());
}

TEST(ApiMemory, ZeroPageMemory) {
  Engine engine;
  Store store(engine);
  auto m = store.create_memory(mem_type(0));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->size_bytes(), 0u);
  auto s = m->span(0, 0);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->empty());
  EXPECT_FALSE(m->span(0, 1).ok());
  ASSERT_TRUE(m->grow(1).ok());
  EXPECT_EQ(m->size_bytes(), 65536u);
  EXPECT_EQ(m->data()[65535], 0);
}

TEST(ApiMemory, InvalidHandleIsSafe) {
  Memory m;
  EXPECT_FALSE(m.valid());
  EXPECT_EQ(m.size_bytes(), 0u);
  EXPECT_FALSE(m.span(0, 0).ok());
  EXPECT_FALSE(m.grow(1).ok());
}

// ---- table -----------------------------------------------------------------------------------------

TEST(ApiTable, GrowRespectsMaximumAndFillsWithInit) {
  Engine engine;
  Store store(engine);
  auto t = store.create_table(table_type(ValType::ExternRef, 2, true, 5), Value::extern_ref(7));
  ASSERT_TRUE(t.ok()) << t.error().to_string();
  EXPECT_EQ(t->size(), 2u);
  EXPECT_EQ(t->get(1)->extern_payload(), 7u);
  auto g = t->grow(3, Value::extern_ref(11));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value(), 2u);
  EXPECT_EQ(t->size(), 5u);
  EXPECT_EQ(t->get(4)->extern_payload(), 11u);
  EXPECT_EQ(t->get(1)->extern_payload(), 7u);
  auto over = t->grow(1, Value::null_ref(ValType::ExternRef));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind, ErrorKind::Limit);
  EXPECT_EQ(t->size(), 5u);
  EXPECT_EQ(t->type().limits.min, 5u);
  EXPECT_TRUE(t->grow(0, Value::null_ref(ValType::ExternRef)).ok());
}

TEST(ApiTable, GrowIsCappedByConfigAndOverflowSafe) {
  Config cfg;
  cfg.max_table_elements = 100;
  Engine engine(cfg);
  Store store(engine);
  auto t = store.create_table(table_type(ValType::FuncRef, 10), Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->grow(UINT32_MAX, Value::null_ref(ValType::FuncRef)).ok());
  EXPECT_FALSE(t->grow(91, Value::null_ref(ValType::FuncRef)).ok());
  EXPECT_TRUE(t->grow(90, Value::null_ref(ValType::FuncRef)).ok());
  EXPECT_EQ(t->size(), 100u);
  auto big = store.create_table(table_type(ValType::FuncRef, 101), Value::null_ref(ValType::FuncRef));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::Limit);
}

TEST(ApiTable, GetSetBoundsAndTypes) {
  Engine engine;
  Store store(engine);
  auto t = store.create_table(table_type(ValType::ExternRef, 3), Value::null_ref(ValType::ExternRef));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->get(0)->is_null());
  ASSERT_TRUE(t->set(2, Value::extern_ref(0)).ok());  // payload 0 is a real, non-null reference
  auto v = t->get(2);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->is_null());
  EXPECT_EQ(v->extern_payload(), 0u);
  ASSERT_TRUE(t->set(1, Value::extern_ref(UINT64_MAX - 1)).ok());
  EXPECT_EQ(t->get(1)->extern_payload(), UINT64_MAX - 1);
  Status reserved = t->set(1, Value::extern_ref(UINT64_MAX));
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().kind, ErrorKind::Usage);
  auto oob = t->get(3);
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().message, "out of bounds table access");
  EXPECT_FALSE(t->set(UINT32_MAX, Value::null_ref(ValType::ExternRef)).ok());
  Status wrong = t->set(0, Value::null_ref(ValType::FuncRef));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  EXPECT_FALSE(t->set(0, Value::from_i32(1)).ok());
}

TEST(ApiTable, CreateRejectsBadTypesAndInit) {
  Engine engine;
  Store store(engine);
  EXPECT_FALSE(store.create_table(table_type(ValType::I32, 1), Value::from_i32(0)).ok());
  EXPECT_FALSE(store.create_table(table_type(ValType::FuncRef, 1), Value::null_ref(ValType::ExternRef)).ok());
  EXPECT_FALSE(store.create_table(table_type(ValType::FuncRef, 2, true, 1), Value::null_ref(ValType::FuncRef)).ok());
  EXPECT_FALSE(store.create_table(table_type(ValType::ExternRef, 1), Value::extern_ref(UINT64_MAX)).ok());
}

// ---- global ----------------------------------------------------------------------------------------

TEST(ApiGlobal, MutabilityAndTypeChecks) {
  Engine engine;
  Store store(engine);
  auto c = store.create_global(GlobalType{ValType::I32, false}, Value::from_i32(5));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->get().as_i32(), 5);
  Status s = c->set(Value::from_i32(6));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::Usage);
  EXPECT_EQ(c->get().as_i32(), 5);

  auto m = store.create_global(GlobalType{ValType::I64, true}, Value::from_i64(-1));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->get().as_i64(), -1);
  ASSERT_TRUE(m->set(Value::from_i64(INT64_MIN)).ok());
  EXPECT_EQ(m->get().as_i64(), INT64_MIN);
  Status wrong = m->set(Value::from_i32(1));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::Usage);
  EXPECT_EQ(m->get().as_i64(), INT64_MIN);
  EXPECT_FALSE(store.create_global(GlobalType{ValType::F32, false}, Value::from_f64(1.0)).ok());
  EXPECT_TRUE(m->type().is_mutable);
  EXPECT_EQ(m->type().type, ValType::I64);
}

TEST(ApiGlobal, FloatBitsV128AndRefsRoundTrip) {
  Engine engine;
  Store store(engine);
  auto f = store.create_global(GlobalType{ValType::F32, true}, Value::from_f32_bits(0x7fa00001u));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->get().as_f32_bits(), 0x7fa00001u);  // signalling NaN payload kept bit-exact
  V128 v;
  for (int i = 0; i < 16; i++) v.bytes[i] = uint8_t(0xF0 + i);
  auto g = store.create_global(GlobalType{ValType::V128, true}, Value::from_v128(v));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(std::memcmp(g->get().as_v128().bytes, v.bytes, 16), 0);
  auto e = store.create_global(GlobalType{ValType::ExternRef, true}, Value::null_ref(ValType::ExternRef));
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e->get().is_null());
  ASSERT_TRUE(e->set(Value::extern_ref(123)).ok());
  EXPECT_EQ(e->get().extern_payload(), 123u);
  EXPECT_FALSE(e->get().is_null());
  EXPECT_FALSE(e->set(Value::extern_ref(UINT64_MAX)).ok());
}

// ---- values ----------------------------------------------------------------------------------------

TEST(ApiValue, CellEncodingOfReferences) {
  rt::Cell c[2] = {99, 99};
  rt::value_to_cells(Value::null_ref(ValType::ExternRef), c);
  EXPECT_EQ(c[0], 0u);
  rt::value_to_cells(Value::extern_ref(0), c);
  EXPECT_EQ(c[0], 1u);
  EXPECT_EQ(rt::cells_to_value(ValType::ExternRef, c).extern_payload(), 0u);
  rt::value_to_cells(Value::null_ref(ValType::FuncRef), c);
  EXPECT_EQ(c[0], 0u);
  EXPECT_TRUE(rt::cells_to_value(ValType::FuncRef, c).is_null());
  rt::value_to_cells(Value::from_i32(-1), c);
  EXPECT_EQ(c[0], 0xffffffffu);  // i32 is zero-extended in its cell
  EXPECT_EQ(rt::cells_to_value(ValType::I32, c).as_i32(), -1);
}

TEST(ApiValue, ToString) {
  EXPECT_EQ(Value::from_i32(42).to_string(), "i32:42");
  EXPECT_EQ(Value::from_i32(-7).to_string(), "i32:-7");
  EXPECT_EQ(Value::from_i64(INT64_MIN).to_string(), "i64:-9223372036854775808");
  EXPECT_EQ(Value::from_f32(1.5f).to_string(), "f32:1.5");
  EXPECT_EQ(Value::from_f64(-0.25).to_string(), "f64:-0.25");
  EXPECT_EQ(Value::from_f32_bits(0x7fc00000u).to_string(), "f32:nan:0x7fc00000");
  EXPECT_EQ(Value::extern_ref(7).to_string(), "externref:7");
  EXPECT_EQ(Value::null_ref(ValType::FuncRef).to_string(), "funcref:null");
  EXPECT_EQ(Value::null_ref(ValType::ExternRef).to_string(), "externref:null");
  V128 v;
  v.bytes[0] = 0x01;
  v.bytes[15] = 0xff;
  EXPECT_EQ(Value::from_v128(v).to_string(), "v128:0xff000000000000000000000000000001");
}

TEST(ApiStore, FuncTypeInterningIsStructural) {
  FuncType a{{ValType::I32, ValType::I64}, {ValType::F32}};
  FuncType b{{ValType::I32, ValType::I64}, {ValType::F32}};
  FuncType c{{ValType::I32}, {ValType::I64, ValType::F32}};  // same valtypes, split differently
  EXPECT_EQ(rt::intern_func_type(a), rt::intern_func_type(b));
  EXPECT_NE(rt::intern_func_type(a), rt::intern_func_type(c));
  EXPECT_NE(rt::intern_func_type(FuncType{}), rt::intern_func_type(a));
  EXPECT_NE(rt::intern_func_type(FuncType{}), 0u);
}

TEST(ApiStore, FuelAndInterruptFlag) {
  Config cfg;
  cfg.fuel = 1000;
  Engine engine(cfg);
  Store store(engine);
  EXPECT_EQ(store.fuel_remaining(), 1000u);
  store.set_fuel(5);
  EXPECT_EQ(store.fuel_remaining(), 5u);
  EXPECT_FALSE(store.impl().interrupt_flag.load());
  store.interrupt();
  EXPECT_TRUE(store.impl().interrupt_flag.load());
  EXPECT_EQ(&store.engine(), &engine);
}

}  // namespace
}  // namespace wasmvm::test
