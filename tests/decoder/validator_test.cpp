// The validator on hand-built modules: stack typing, control frames, polymorphic stack, branches,
// select, references, memory/table rules and module-level checks.
#include <gtest/gtest.h>

#include "decoder/parser.h"
#include "decoder/validator.h"
#include "wasm_builder.h"

namespace wasmvm {
namespace {

using test::Bytes;
using test::ModuleBuilder;
constexpr ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32;

// Validates a module holding one function of type params -> results with the given body.
Status check_body(std::vector<ValType> params, std::vector<ValType> results, Bytes body,
                  bool with_memory = false, std::vector<ValType> locals = {}) {
  ModuleBuilder mb;
  uint32_t t = mb.add_type(std::move(params), std::move(results));
  mb.add_type({I32, I32}, {I32, I32});  // type 1, for multi-value block tests
  mb.add_func(t, std::move(locals), std::move(body));
  if (with_memory) mb.add_memory(1);
  auto r = decode_and_validate(mb.build());
  if (!r.ok()) return std::move(r).error();
  return Status();
}

void expect_invalid(const Status& st, const std::string& msg) {
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Invalid) << st.error().to_string();
  EXPECT_EQ(st.error().message, msg);
}

TEST(Validator, SimpleArithmetic) {
  EXPECT_TRUE(check_body({I32, I32}, {I32}, {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B}).ok());
  expect_invalid(check_body({I32, I64}, {I32}, {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B}), "type mismatch");
  expect_invalid(check_body({}, {I32}, {0x0B}), "type mismatch");               // missing result
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x0B}), "type mismatch");      // value left over
  expect_invalid(check_body({}, {}, {0x6A, 0x1A, 0x0B}), "type mismatch");      // stack underflow
}

TEST(Validator, ErrorOffsetPointsAtInstruction) {
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0x01, 0x42, 0x00, 0x45, 0x0B});  // nop; i64.const 0; i32.eqz
  Bytes b = mb.build();
  auto r = decode_and_validate(b);
  ASSERT_FALSE(r.ok());
  ASSERT_LT(r.error().offset, b.size());
  EXPECT_EQ(b[r.error().offset], 0x45);
}

TEST(Validator, PolymorphicStackAfterUnreachable) {
  EXPECT_TRUE(check_body({}, {I32}, {0x00, 0x6A, 0x0B}).ok());               // unreachable; i32.add
  EXPECT_TRUE(check_body({}, {}, {0x00, 0x1A, 0x1A, 0x0B}).ok());            // drops of Unknown
  expect_invalid(check_body({}, {I32}, {0x00, 0x42, 0x00, 0x6A, 0x0B}), "type mismatch");
  EXPECT_TRUE(check_body({}, {I64}, {0x00, 0x0F, 0x0B}).ok());               // return with Unknown
  expect_invalid(check_body({}, {I64}, {0x0F, 0x0B}), "type mismatch");     // reachable: no value
  // Unknown operands type-check against anything, but are still consumed.
  EXPECT_TRUE(check_body({}, {}, {0x02, 0x40, 0x0C, 0x00, 0x6A, 0x1A, 0x0B, 0x0B}).ok());
}

TEST(Validator, BrTableArityAndTypes) {
  // block (result i32) block (result i32) i32.const 1 i32.const 0 br_table 0 1 1 end end
  EXPECT_TRUE(check_body({}, {I32}, {0x02, 0x7F, 0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0E, 0x02, 0x00,
                                     0x01, 0x01, 0x0B, 0x0B, 0x0B}).ok());
  // Labels of different arity: outer block has no result.
  expect_invalid(check_body({}, {}, {0x02, 0x40, 0x02, 0x7F, 0x41, 0x01, 0x41, 0x00, 0x0E, 0x01, 0x00,
                                     0x01, 0x0B, 0x0B, 0x0B}),
                 "type mismatch");
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x0E, 0x00, 0x05, 0x0B}), "unknown label 5");
  // In unreachable code, br_table operands are Unknown and labels may differ in type but not arity.
  EXPECT_TRUE(check_body({}, {}, {0x02, 0x7E, 0x02, 0x7F, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x1A,
                                  0x42, 0x00, 0x0B, 0x1A, 0x0B}).ok());
}

TEST(Validator, MultiValueBlocksWithTypeIndex) {
  // i32.const 1 i32.const 2 block (type 1: [i32 i32] -> [i32 i32]) end drop drop
  EXPECT_TRUE(check_body({}, {}, {0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x0B, 0x1A, 0x1A, 0x0B}).ok());
  // Block parameters are missing.
  expect_invalid(check_body({}, {}, {0x41, 0x01, 0x02, 0x01, 0x0B, 0x1A, 0x1A, 0x0B}), "type mismatch");
  // loop branches target its parameters: loop (type 1) br 0 end
  EXPECT_TRUE(check_body({}, {I32, I32}, {0x41, 0x01, 0x41, 0x02, 0x03, 0x01, 0x0C, 0x00, 0x0B, 0x0B}).ok());
  expect_invalid(check_body({}, {}, {0x02, 0x09, 0x0B, 0x0B}), "unknown type 9");
  // if without else must have matching parameters and results.
  EXPECT_TRUE(check_body({}, {I32, I32},
                         {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x04, 0x01, 0x0B, 0x0B}).ok());
  expect_invalid(check_body({}, {I32}, {0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x0B, 0x0B}), "type mismatch");
  EXPECT_TRUE(check_body({}, {I32}, {0x41, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B, 0x0B}).ok());
}

TEST(Validator, ElseOutsideIfAndTrailingBytesAreMalformed) {
  Status st = check_body({}, {}, {0x02, 0x40, 0x05, 0x0B, 0x0B});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Malformed);
  st = check_body({}, {}, {0x0B, 0x01});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Malformed);
  st = check_body({}, {}, {0x02, 0x40, 0x0B});  // missing final end
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Malformed);
}

TEST(Validator, Select) {
  EXPECT_TRUE(check_body({}, {I32}, {0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1B, 0x0B}).ok());
  expect_invalid(check_body({}, {I32}, {0x41, 0x01, 0x42, 0x02, 0x41, 0x00, 0x1B, 0x0B}), "type mismatch");
  // Untyped select does not accept references; typed select does.
  expect_invalid(check_body({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A, 0x0B}), "type mismatch");
  EXPECT_TRUE(check_body({}, {}, {0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1C, 0x01, 0x70, 0x1A, 0x0B}).ok());
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x1C, 0x02, 0x7F, 0x7F, 0x1A, 0x0B}), "invalid result arity");
  // With both operands Unknown the result is Unknown, which drop accepts.
  EXPECT_TRUE(check_body({}, {}, {0x00, 0x1B, 0x1A, 0x0B}).ok());
}

TEST(Validator, LocalsAndGlobals) {
  EXPECT_TRUE(check_body({I32}, {F32}, {0x20, 0x01, 0x0B}, false, {F32}).ok());
  expect_invalid(check_body({I32}, {}, {0x20, 0x02, 0x1A, 0x0B}, false, {F32}), "unknown local 2");
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_global(I32, false, {0x41, 0x00, 0x0B});
  mb.add_func(t, {}, {0x41, 0x01, 0x24, 0x00, 0x0B});
  expect_invalid(decode_and_validate(mb.build()).error(), "global is immutable");
}

TEST(Validator, RefFuncMustBeDeclared) {
  auto build = [](bool declare) {
    ModuleBuilder mb;
    uint32_t t = mb.add_type({}, {});
    mb.add_func(t, {}, {0xD2, 0x01, 0x1A, 0x0B});
    mb.add_func(t, {}, {0x0B});
    if (declare) mb.add_elem_raw({0x03, 0x00, 0x01, 0x01});  // declarative segment naming func 1
    return mb.build();
  };
  expect_invalid(decode_and_validate(build(false)).error(), "undeclared function reference");
  auto r = decode_and_validate(build(true));
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  // An export also declares the reference.
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0xD2, 0x00, 0x1A, 0x0B});
  mb.add_export("f", 0x00, 0);
  EXPECT_TRUE(decode_and_validate(mb.build()).ok());
}

TEST(Validator, MemoryRules) {
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B}), "unknown memory 0");
  EXPECT_TRUE(check_body({}, {}, {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B}, true).ok());
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B}, true),
                 "alignment must not be larger than natural");
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0xFC, 0x09, 0x00, 0x0B}, true), "unknown data segment 0");
  // A valid data index without a data count section is malformed.
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0xFC, 0x09, 0x00, 0x0B});
  mb.add_memory(1);
  mb.add_data_raw({0x01, 0x00});
  auto r = decode_and_validate(mb.build());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message, "data count section required");
  mb.set_data_count(1);
  EXPECT_TRUE(decode_and_validate(mb.build()).ok());
}

TEST(Validator, SimdLanesAndTypes) {
#if WASMVM_SIMD
  Bytes splat{0x41, 0x00, 0xFD, 0x0F};
  Bytes ok = splat;
  test::append(ok, {0xFD, 0x15, 0x0F, 0x0B});  // i8x16.extract_lane_s 15
  EXPECT_TRUE(check_body({}, {I32}, ok).ok());
  Bytes bad = splat;
  test::append(bad, {0xFD, 0x15, 0x10, 0x0B});
  expect_invalid(check_body({}, {I32}, bad), "invalid lane index");
  Bytes shuffle{0x41, 0x00, 0xFD, 0x0F, 0x41, 0x00, 0xFD, 0x0F, 0xFD, 0x0D};
  for (int i = 0; i < 16; i++) shuffle.push_back(i == 3 ? 32 : 31);
  shuffle.push_back(0x1A);
  shuffle.push_back(0x0B);
  expect_invalid(check_body({}, {}, shuffle), "invalid lane index");
#else
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0xFD, 0x0F, 0x1A, 0x0B}), "simd128 support disabled in this build");
#endif
}

TEST(Validator, ModuleLevelRules) {
  {
    ModuleBuilder mb;
    mb.add_memory(2, true, 1);
    expect_invalid(decode_and_validate(mb.build()).error(), "size minimum must not be greater than maximum");
  }
  {
    ModuleBuilder mb;
    mb.add_memory(65537);
    expect_invalid(decode_and_validate(mb.build()).error(), "memory size must be at most 65536 pages (4GiB)");
  }
  {
    ModuleBuilder mb;
    mb.add_memory(1);
    mb.add_memory(1);
    expect_invalid(decode_and_validate(mb.build()).error(), "multiple memories");
  }
  {
    ModuleBuilder mb;  // multiple tables are fine in 2.0
    mb.add_table(ValType::FuncRef, 1);
    mb.add_table(ValType::ExternRef, 1);
    EXPECT_TRUE(decode_and_validate(mb.build()).ok());
  }
  {
    ModuleBuilder mb;
    uint32_t t = mb.add_type({}, {});
    mb.add_func(t, {}, {0x0B});
    mb.add_export("a", 0x00, 0);
    mb.add_export("a", 0x00, 0);
    expect_invalid(decode_and_validate(mb.build()).error(), "duplicate export name");
  }
  {
    ModuleBuilder mb;
    uint32_t t = mb.add_type({I32}, {});
    mb.add_func(t, {}, {0x0B});
    mb.set_start(0);
    expect_invalid(decode_and_validate(mb.build()).error(), "start function");
  }
  {
    ModuleBuilder mb;  // global.get in a constant expression only sees imported globals
    mb.add_global(I32, false, {0x41, 0x00, 0x0B});
    mb.add_global(I32, false, {0x23, 0x00, 0x0B});
    expect_invalid(decode_and_validate(mb.build()).error(), "unknown global 0");
  }
  {
    ModuleBuilder mb;
    mb.import_global("env", "g", I32, false);
    mb.add_global(I32, false, {0x23, 0x00, 0x0B});
    EXPECT_TRUE(decode_and_validate(mb.build()).ok());
  }
  {
    ModuleBuilder mb;  // funcref table with an externref element segment
    mb.add_table(ValType::FuncRef, 1);
    mb.add_elem_raw({0x06, 0x00, 0x41, 0x00, 0x0B, 0x6F, 0x00});
    expect_invalid(decode_and_validate(mb.build()).error(), "type mismatch");
  }
}

TEST(Validator, CallIndirectNeedsFuncrefTable) {
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_table(ValType::ExternRef, 1);
  mb.add_func(t, {}, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B});
  expect_invalid(decode_and_validate(mb.build()).error(), "type mismatch");
  ModuleBuilder ok;
  t = ok.add_type({}, {});
  ok.add_table(ValType::FuncRef, 1);
  ok.add_func(t, {}, {0x41, 0x00, 0x11, 0x00, 0x00, 0x0B});
  EXPECT_TRUE(decode_and_validate(ok.build()).ok());
}

TEST(Validator, DrivenInstructionByInstruction) {
  ModuleBuilder mb;
  uint32_t t = mb.add_type({I32}, {I32});
  mb.add_func(t, {I64}, {0x20, 0x00, 0x0F, 0x41, 0x01, 0x0B});  // local.get 0; return; i32.const 1; end
  Bytes b = mb.build();
  auto parsed = parse_module(b);
  ASSERT_TRUE(parsed.ok());
  FunctionValidator v(*parsed);
  ASSERT_TRUE(v.begin(0).ok());
  EXPECT_EQ(v.num_locals(), 2u);
  EXPECT_EQ(v.local_type(1), I64);
  const FunctionDef& f = parsed->functions[0];
  InstrReader r(b.data(), f.body_start, f.body_end);
  Instr in;
  std::vector<size_t> heights;
  std::vector<bool> dead;
  while (!r.at_end()) {
    ASSERT_TRUE(r.next(in).ok());
    ASSERT_TRUE(v.step(in).ok());
    heights.push_back(v.height());
    dead.push_back(v.unreachable());
  }
  EXPECT_TRUE(v.done());
  EXPECT_EQ(heights, (std::vector<size_t>{1, 0, 1, 0}));
  EXPECT_EQ(dead, (std::vector<bool>{false, true, true, false}));
  // The validator can be reused for the next function.
  ASSERT_TRUE(v.begin(0).ok());
  EXPECT_FALSE(v.done());
  EXPECT_EQ(v.height(), 0u);
}

}  // namespace
}  // namespace wasmvm

namespace wasmvm {
namespace {

// A ModuleInfo assembled by hand (not by parse_module) still gets the ref.func declaration rule.
TEST(Validator, HandBuiltModuleInfoAndMisuse) {
  ModuleInfo m;
  m.types.push_back({});
  m.functions.push_back({});
  m.functions.push_back({});
  m.func_type_indices = {0, 0};
  Export ex;
  ex.kind = ExternKind::Func;
  ex.index = 1;
  m.exports.push_back(ex);
  EXPECT_TRUE(validate_module(m).ok());
  FunctionValidator v(m);
  Instr in;
  in.op = Op::Nop;
  Status st = v.step(in);  // before begin()
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Usage);
  ASSERT_TRUE(v.begin(0).ok());
  in.op = Op::RefFunc;
  in.index = 0;
  st = v.step(in);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "undeclared function reference");
  in.index = 1;
  EXPECT_TRUE(v.step(in).ok());
  EXPECT_EQ(v.height(), 1u);
  EXPECT_FALSE(v.begin(7).ok());
}

}  // namespace
}  // namespace wasmvm

namespace wasmvm {
namespace {

TEST(Validator, TableAndBulkOperations) {
  ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_table(ValType::FuncRef, 1);
  mb.add_table(ValType::ExternRef, 1);
  mb.add_elem_raw({0x05, 0x70, 0x00});  // passive funcref segment, empty
  // table.size 1; drop; i32.const 0; table.get 0; drop; ref.null extern; i32.const 1; table.grow 1;
  // drop; i32.const 0 x3; table.init 0 0; elem.drop 0; end
  mb.add_func(t, {}, {0xFC, 0x10, 0x01, 0x1A, 0x41, 0x00, 0x25, 0x00, 0x1A, 0xD0, 0x6F, 0x41, 0x01,
                      0xFC, 0x0F, 0x01, 0x1A, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0C, 0x00,
                      0x00, 0xFC, 0x0D, 0x00, 0x0B});
  auto r = decode_and_validate(mb.build());
  EXPECT_TRUE(r.ok()) << r.error().to_string();

  ModuleBuilder bad;  // table.copy between funcref and externref tables
  t = bad.add_type({}, {});
  bad.add_table(ValType::FuncRef, 1);
  bad.add_table(ValType::ExternRef, 1);
  bad.add_func(t, {}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0E, 0x00, 0x01, 0x0B});
  expect_invalid(decode_and_validate(bad.build()).error(), "type mismatch");

  ModuleBuilder unknown;
  t = unknown.add_type({}, {});
  unknown.add_func(t, {}, {0xFC, 0x10, 0x00, 0x1A, 0x0B});
  expect_invalid(decode_and_validate(unknown.build()).error(), "unknown table 0");
  ModuleBuilder no_elem;
  t = no_elem.add_type({}, {});
  no_elem.add_func(t, {}, {0xFC, 0x0D, 0x02, 0x0B});
  expect_invalid(decode_and_validate(no_elem.build()).error(), "unknown elem segment 2");
}

TEST(Validator, MemorySizeGrowNeedMemory) {
  expect_invalid(check_body({}, {I32}, {0x3F, 0x00, 0x0B}), "unknown memory 0");
  EXPECT_TRUE(check_body({}, {I32}, {0x3F, 0x00, 0x0B}, true).ok());
  EXPECT_TRUE(check_body({}, {I32}, {0x41, 0x01, 0x40, 0x00, 0x0B}, true).ok());
  EXPECT_TRUE(check_body({}, {}, {0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x00, 0x0B}, true).ok());
  expect_invalid(check_body({}, {}, {0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x00, 0x0B}, true),
                 "type mismatch");
}

TEST(Validator, RefIsNullAndCallArity) {
  EXPECT_TRUE(check_body({}, {I32}, {0xD0, 0x70, 0xD1, 0x0B}).ok());
  expect_invalid(check_body({}, {I32}, {0x41, 0x00, 0xD1, 0x0B}), "type mismatch");
  // call 0 (itself): [i32] -> [i32]
  EXPECT_TRUE(check_body({I32}, {I32}, {0x20, 0x00, 0x10, 0x00, 0x0B}).ok());
  expect_invalid(check_body({I32}, {I32}, {0x10, 0x00, 0x0B}), "type mismatch");
  expect_invalid(check_body({}, {}, {0x10, 0x05, 0x0B}), "unknown function 5");
}

}  // namespace
}  // namespace wasmvm
