// parse_module: header, section framing and order, vectors, names, segments, derived fields.
#include <gtest/gtest.h>

#include <chrono>

#include "decoder/parser.h"
#include "decoder/validator.h"
#include "wasm_builder.h"

namespace wasmvm {
namespace {

using test::append;
using test::Bytes;
using test::module_of;
using test::put_name;
using test::put_u;
using test::section;

Error parse_error(const Bytes& b) {
  auto r = parse_module(b);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return Error{};
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << r.error().to_string();
  return r.error();
}

TEST(Parser, EmptyModule) {
  auto r = parse_module(test::header());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->types.empty());
  EXPECT_TRUE(r->sections.empty());
}

TEST(Parser, HeaderErrors) {
  EXPECT_EQ(parse_error({}).message, "unexpected end");
  EXPECT_EQ(parse_error({0x00, 0x61, 0x73}).message, "unexpected end");
  EXPECT_EQ(parse_error({0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0}).message, "magic header not detected");
  Error e = parse_error({0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0});
  EXPECT_EQ(e.message, "unknown binary version");
  EXPECT_EQ(e.offset, 4u);
}

TEST(Parser, SectionIdsAndOrder) {
  Error e = parse_error(module_of({section(13, {})}));
  EXPECT_EQ(e.message, "malformed section id");
  EXPECT_EQ(e.offset, 8u);
  // Memory (5) after global (6) is out of order.
  Bytes mem{0x01, 0x00, 0x01};
  Bytes glob{0x00};
  e = parse_error(module_of({section(6, glob), section(5, mem)}));
  EXPECT_EQ(e.message, "unexpected content after last section");
  EXPECT_EQ(e.offset, 11u);
  // Duplicate sections are out of order too.
  EXPECT_EQ(parse_error(module_of({section(1, {0x00}), section(1, {0x00})})).message,
            "unexpected content after last section");
  // Data count (12) goes between elem (9) and code (10).
  EXPECT_TRUE(parse_module(module_of({section(9, {0x00}), section(12, {0x00}), section(10, {0x00})})).ok());
  EXPECT_FALSE(parse_module(module_of({section(10, {0x00}), section(12, {0x00})})).ok());
}

TEST(Parser, CustomSectionsAnywhereWithValidNames) {
  Bytes custom;
  put_name(custom, "hello");
  custom.push_back(0xAB);  // arbitrary payload
  auto r = parse_module(module_of({section(0, custom), section(1, {0x00}), section(0, custom)}));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->sections.size(), 3u);
  EXPECT_EQ(r->sections[0].name, "hello");
  EXPECT_EQ(r->sections[1].name, "type");
  Bytes bad{0x02, 0xC0, 0x80};  // overlong encoding as a section name
  EXPECT_EQ(parse_error(module_of({section(0, bad)})).message, "malformed UTF-8 encoding");
}

TEST(Parser, SectionSizeMismatch) {
  // Type section claims 3 bytes but its content (one empty vector) ends after 1.
  Error e = parse_error(module_of({Bytes{0x01, 0x03, 0x00, 0x00, 0x00}}));
  EXPECT_EQ(e.message, "section size mismatch");
  EXPECT_EQ(e.offset, 8u);
  // Section size larger than the file.
  EXPECT_EQ(parse_error(module_of({Bytes{0x01, 0x10, 0x00}})).kind, ErrorKind::Malformed);
  // Content running past the section end.
  Bytes ty{0x01, 0x60, 0x01, 0x7F};
  EXPECT_EQ(parse_error(module_of({section(1, ty)})).message, "unexpected end of section or function");
}

TEST(Parser, HugeCountsFailFast) {
  // A 14-byte file claiming 4 billion functions must fail immediately, without allocating.
  Bytes b = module_of({Bytes{0x03, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}});
  auto t0 = std::chrono::steady_clock::now();
  Error e = parse_error(b);
  auto dt = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(e.message, "length out of bounds");
  EXPECT_EQ(e.offset, 10u);
  EXPECT_LT(std::chrono::duration<double>(dt).count(), 0.5);
  // Same for names and type vectors.
  Bytes imp{0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  EXPECT_EQ(parse_error(module_of({section(2, imp)})).message, "length out of bounds");
}

TEST(Parser, TooManyLocals) {
  test::ModuleBuilder mb;
  mb.add_type({}, {});
  Bytes code_entry;
  Bytes body{0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B};
  Bytes code{0x01};
  put_u(code, body.size());
  append(code, body);
  Bytes b = module_of({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}), section(10, code)});
  Error e = parse_error(b);
  EXPECT_EQ(e.message, "too many locals");
}

TEST(Parser, FunctionAndCodeCountsMustMatch) {
  Bytes ty{0x01, 0x60, 0x00, 0x00};
  EXPECT_EQ(parse_error(module_of({section(1, ty), section(3, {0x02, 0x00, 0x00})})).message,
            "function and code section have inconsistent lengths");
  EXPECT_EQ(parse_error(module_of({section(10, {0x01, 0x02, 0x00, 0x0B})})).message,
            "function and code section have inconsistent lengths");
  EXPECT_TRUE(parse_module(module_of({section(3, {0x00})})).ok());
}

TEST(Parser, DataCountConsistency) {
  EXPECT_EQ(parse_error(module_of({section(12, {0x03}), section(11, {0x02, 0x01, 0x00, 0x01, 0x00})})).message,
            "data count and data section have inconsistent lengths");
  EXPECT_EQ(parse_error(module_of({section(12, {0x01})})).message,
            "data count and data section have inconsistent lengths");
  auto r = parse_module(module_of({section(12, {0x01}), section(11, {0x01, 0x01, 0x02, 0xAA, 0xBB})}));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->datas.size(), 1u);
  EXPECT_EQ(r->datas[0].mode, SegmentMode::Passive);
  EXPECT_EQ(r->datas[0].data_size, 2u);
}

TEST(Parser, LimitsFlagsAndImportKinds) {
  EXPECT_EQ(parse_error(module_of({section(5, {0x01, 0x02, 0x00})})).kind, ErrorKind::Malformed);
  EXPECT_EQ(parse_error(module_of({section(5, {0x01, 0x81, 0x00})})).kind, ErrorKind::Malformed);
  Bytes imp{0x01};
  put_name(imp, "m");
  put_name(imp, "x");
  imp.push_back(0x04);
  EXPECT_EQ(parse_error(module_of({section(2, imp)})).message, "malformed import kind");
  Bytes bad_name{0x01, 0x01, 0xFF};
  EXPECT_EQ(parse_error(module_of({section(2, bad_name)})).message, "malformed UTF-8 encoding");
}

TEST(Parser, DerivedIndexSpaces) {
  test::ModuleBuilder mb;
  uint32_t t0 = mb.add_type({ValType::I32}, {});
  uint32_t t1 = mb.add_type({}, {ValType::I64});
  mb.import_func("env", "f", t0);
  mb.import_global("env", "g", ValType::I32, false);
  mb.add_func(t1, {ValType::F32, ValType::F32}, {0x42, 0x00, 0x0B});
  mb.add_memory(1, true, 2);
  mb.add_table(ValType::ExternRef, 3);
  mb.add_global(ValType::I64, true, {0x42, 0x05, 0x0B});
  auto r = parse_module(mb.build());
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const ModuleInfo& m = *r;
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.func_type_indices, (std::vector<uint32_t>{t0, t1}));
  ASSERT_EQ(m.all_globals.size(), 2u);
  EXPECT_EQ(m.all_globals[1].type, ValType::I64);
  EXPECT_TRUE(m.all_globals[1].is_mutable);
  ASSERT_EQ(m.all_memories.size(), 1u);
  EXPECT_EQ(m.all_memories[0].limits.max, 2u);
  ASSERT_EQ(m.all_tables.size(), 1u);
  EXPECT_EQ(m.all_tables[0].elem, ValType::ExternRef);
  ASSERT_EQ(m.functions.size(), 1u);
  EXPECT_EQ(m.functions[0].locals.size(), 2u);
  EXPECT_EQ(m.functions[0].body_end - m.functions[0].body_start, 3u);
  EXPECT_EQ(m.globals[0].init.kind, ConstExpr::Kind::I64);
  EXPECT_EQ(m.globals[0].init.bits[0], 5u);
  EXPECT_EQ(m.func_type(1).to_string(), "() -> (i64)");
}

TEST(Parser, AllElementSegmentForms) {
  test::ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0x0B});
  mb.add_table(ValType::FuncRef, 4);
  mb.add_elem_raw({0x00, 0x41, 0x00, 0x0B, 0x01, 0x00});              // active, table 0, funcidx
  mb.add_elem_raw({0x01, 0x00, 0x01, 0x00});                          // passive, elemkind
  mb.add_elem_raw({0x02, 0x00, 0x41, 0x01, 0x0B, 0x00, 0x01, 0x00});  // active, table idx
  mb.add_elem_raw({0x03, 0x00, 0x01, 0x00});                          // declarative
  mb.add_elem_raw({0x04, 0x41, 0x02, 0x0B, 0x01, 0xD2, 0x00, 0x0B});  // active, exprs
  mb.add_elem_raw({0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B});              // passive, exprs
  mb.add_elem_raw({0x06, 0x00, 0x41, 0x03, 0x0B, 0x70, 0x00});        // active, table, exprs
  mb.add_elem_raw({0x07, 0x6F, 0x01, 0xD0, 0x6F, 0x0B});              // declarative, externref
  Bytes b = mb.build();
  auto r = decode_and_validate(b);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& e = r->elems;
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[0].mode, SegmentMode::Active);
  EXPECT_EQ(e[1].mode, SegmentMode::Passive);
  EXPECT_EQ(e[3].mode, SegmentMode::Declarative);
  EXPECT_EQ(e[2].offset.bits[0], 1u);
  EXPECT_EQ(e[4].init[0].kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(e[5].init[0].kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(e[7].type, ValType::ExternRef);
  EXPECT_TRUE(e[6].init.empty());

  test::ModuleBuilder bad;
  bad.add_elem_raw({0x08});
  EXPECT_EQ(parse_error(bad.build()).message, "malformed elements segment kind");
  test::ModuleBuilder bad_kind;
  bad_kind.add_elem_raw({0x01, 0x01, 0x00});
  EXPECT_EQ(parse_error(bad_kind.build()).message, "malformed element kind");
}

TEST(Parser, ConstExprShapeIsLeftToValidation) {
  test::ModuleBuilder mb;
  mb.add_global(ValType::I32, false, {0x41, 0x01, 0x41, 0x02, 0x6A, 0x0B});  // i32.add: non-constant
  auto r = parse_module(mb.build());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->globals[0].init.non_constant);
  EXPECT_EQ(r->globals[0].init.num_instrs, 3u);
  Status st = validate_module(*r);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(st.error().message, "constant expression required");

  test::ModuleBuilder two;
  two.add_global(ValType::I32, false, {0x41, 0x01, 0x41, 0x02, 0x0B});
  auto r2 = decode_and_validate(two.build());
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().message, "type mismatch");

  test::ModuleBuilder empty;
  empty.add_global(ValType::I32, false, {0x0B});
  EXPECT_EQ(decode_and_validate(empty.build()).error().message, "type mismatch");

  test::ModuleBuilder unterminated;
  unterminated.add_global(ValType::I32, false, {0x41, 0x00});
  EXPECT_EQ(parse_error(unterminated.build()).kind, ErrorKind::Malformed);
}

TEST(Parser, NameSectionIsTolerant) {
  test::ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0x0B});
  mb.add_func(t, {}, {0x0B});
  Bytes names;
  put_name(names, "name");
  Bytes modsub;
  put_name(modsub, "mymod");
  names.push_back(0x00);
  put_u(names, modsub.size());
  append(names, modsub);
  Bytes funcsub{0x02, 0x01};
  put_name(funcsub, "second");
  funcsub.push_back(0x07);  // index out of range: ignored
  put_name(funcsub, "ghost");
  names.push_back(0x01);
  put_u(names, funcsub.size());
  append(names, funcsub);
  Bytes good = mb.build();
  append(good, section(0, names));
  auto r = parse_module(good);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->module_name, "mymod");
  EXPECT_EQ(r->func_name(1), "second");
  EXPECT_EQ(r->func_name(0), "func[0]");

  Bytes broken;
  put_name(broken, "name");
  append(broken, {0x01, 0x7F, 0x05});  // subsection size past the end
  Bytes b = mb.build();
  append(b, section(0, broken));
  auto r2 = parse_module(b);
  ASSERT_TRUE(r2.ok()) << r2.error().to_string();
  EXPECT_TRUE(r2->module_name.empty());
}

}  // namespace
}  // namespace wasmvm

namespace wasmvm {
namespace {

TEST(Parser, ImportsOfAllKinds) {
  Bytes imp{0x04};
  auto head = [&](const char* name) {
    put_name(imp, "env");
    put_name(imp, name);
  };
  head("f");
  append(imp, {0x00, 0x00});              // func, type 0
  head("t");
  append(imp, {0x01, 0x6F, 0x01, 0x01, 0x05});  // table externref 1..5
  head("m");
  append(imp, {0x02, 0x00, 0x02});        // memory min 2
  head("g");
  append(imp, {0x03, 0x7C, 0x01});        // global mut f64
  auto r = parse_module(module_of({section(1, {0x01, 0x60, 0x00, 0x00}), section(2, imp)}));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const ModuleInfo& m = *r;
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[1].kind, ExternKind::Table);
  EXPECT_EQ(m.imports[1].table.limits.max, 5u);
  EXPECT_TRUE(m.imports[1].table.limits.has_max);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.all_memories[0].limits.min, 2u);
  EXPECT_EQ(m.all_globals[0].type, ValType::F64);
  EXPECT_TRUE(m.all_globals[0].is_mutable);
  EXPECT_TRUE(validate_module(m).ok());
  // Importing with an unknown type index is invalid, not malformed.
  Bytes bad{0x01};
  put_name(bad, "env");
  put_name(bad, "f");
  append(bad, {0x00, 0x03});
  auto r2 = decode_and_validate(module_of({section(2, bad)}));
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r2.error().message, "unknown type 3");
}

TEST(Parser, DataSegmentForms) {
  test::ModuleBuilder mb;
  mb.add_memory(1);
  mb.add_data_raw({0x00, 0x41, 0x10, 0x0B, 0x02, 0x01, 0x02});        // active, memory 0
  mb.add_data_raw({0x01, 0x01, 0x09});                                // passive
  mb.add_data_raw({0x02, 0x00, 0x41, 0x20, 0x0B, 0x00});              // active, explicit memory
  Bytes b = mb.build();
  auto r = decode_and_validate(b);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->datas.size(), 3u);
  EXPECT_EQ(r->datas[0].offset.bits[0], 16u);
  EXPECT_EQ(r->datas[0].data_size, 2u);
  EXPECT_EQ(b[r->datas[0].data_start + 1], 0x02);
  EXPECT_EQ(r->datas[1].mode, SegmentMode::Passive);
  EXPECT_EQ(r->datas[2].offset.bits[0], 32u);

  test::ModuleBuilder bad;
  bad.add_data_raw({0x03});
  EXPECT_EQ(parse_error(bad.build()).message, "malformed data segment kind");
  test::ModuleBuilder long_data;
  long_data.add_memory(1);
  long_data.add_data_raw({0x01, 0x7F, 0x00});  // claims 127 bytes
  EXPECT_EQ(parse_error(long_data.build()).kind, ErrorKind::Malformed);
  test::ModuleBuilder no_mem;  // active segment without a memory: invalid
  no_mem.add_data_raw({0x00, 0x41, 0x00, 0x0B, 0x00});
  auto r2 = decode_and_validate(no_mem.build());
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().kind, ErrorKind::Invalid);
}

TEST(Parser, BodyMalformationWinsOverEarlierValidationError) {
  // Function 0 is invalid (i32.add on an empty stack), function 1 holds an illegal opcode: the
  // spec decodes everything first, so the module is malformed.
  test::ModuleBuilder mb;
  uint32_t t = mb.add_type({}, {});
  mb.add_func(t, {}, {0x6A, 0x0B});
  mb.add_func(t, {}, {0x06, 0x0B});
  Bytes b = mb.build();
  auto r = decode_and_validate(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(r.error().message, "illegal opcode");
  ASSERT_LT(r.error().offset, b.size());
  EXPECT_EQ(b[r.error().offset], 0x06);
}

}  // namespace
}  // namespace wasmvm

namespace wasmvm {
namespace {

// Each body declares 50000 locals in 4 bytes; the module-wide budget stops the expansion early.
TEST(Parser, ModuleWideLocalsBudget) {
  const uint32_t n = 400;  // 400 * 50000 = 20M > 16M
  Bytes funcs;
  put_u(funcs, n);
  for (uint32_t i = 0; i < n; i++) funcs.push_back(0x00);
  Bytes code;
  put_u(code, n);
  for (uint32_t i = 0; i < n; i++) {
    Bytes body{0x01};
    put_u(body, 50000);
    body.push_back(0x7F);
    body.push_back(0x0B);
    put_u(code, body.size());
    append(code, body);
  }
  Bytes b = module_of({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, funcs), section(10, code)});
  EXPECT_EQ(parse_error(b).message, "too many locals");
  // Well under the budget, the same shape parses.
  Bytes small_funcs{0x02, 0x00, 0x00};
  Bytes small_code{0x02};
  for (int i = 0; i < 2; i++) {
    Bytes body{0x01};
    put_u(body, 50000);
    append(body, {0x7F, 0x0B});
    put_u(small_code, body.size());
    append(small_code, body);
  }
  auto r = parse_module(module_of({section(1, {0x01, 0x60, 0x00, 0x00}), section(3, small_funcs), section(10, small_code)}));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->functions[1].locals.size(), 50000u);
}

}  // namespace
}  // namespace wasmvm
