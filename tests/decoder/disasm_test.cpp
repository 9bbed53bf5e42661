// Disassembler on hand-assembled bodies: every immediate kind, indentation, names, errors.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "decoder/disasm.h"
#include "decoder/opcodes.h"

namespace wasmvm {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream is(s);
  for (std::string l; std::getline(is, l);) out.push_back(l);
  return out;
}

// Disassembles `b` and returns the lines, failing the test on a decode error.
std::vector<std::string> disasm(const Bytes& b, const ModuleInfo* m = nullptr) {
  std::string out;
  Status st = disassemble_code(b.data(), 0, b.size(), m, out);
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  return lines_of(out);
}

// Text of the single instruction in `b` (no offset/indentation).
std::string one(const Bytes& b, const ModuleInfo* m = nullptr) {
  InstrReader r(b.data(), 0, b.size());
  Instr in;
  Status st = r.next(in);
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_TRUE(r.at_end()) << "trailing bytes in the test input";
  return instr_text(in, m);
}

TEST(Disasm, OffsetsAndIndentation) {
  // block (result i32) / loop / i32.const 1 / br_if 0 / end / i32.const 7 / end / drop / end
  Bytes b{0x02, 0x7F, 0x03, 0x40, 0x41, 0x01, 0x0D, 0x00, 0x0B, 0x41, 0x07, 0x0B, 0x1A, 0x0B};
  std::vector<std::string> want{
      "000000:  block (result i32)",
      "000002:    loop",
      "000004:      i32.const 1",
      "000006:      br_if 0",
      "000008:    end",
      "000009:    i32.const 7",
      "00000b:  end",
      "00000c:  drop",
      "00000d:  end",
  };
  EXPECT_EQ(disasm(b), want);
}

TEST(Disasm, IfElseDedentsElse) {
  Bytes b{0x41, 0x00, 0x04, 0x05, 0x01, 0x05, 0x00, 0x0B, 0x0B};  // if (type 5) nop else unreachable end end
  std::vector<std::string> want{"000000:  i32.const 0", "000002:  if (type 5)", "000004:    nop",
                                "000005:  else",        "000006:    unreachable",  "000007:  end",
                                "000008:  end"};
  EXPECT_EQ(disasm(b), want);
}

TEST(Disasm, ScalarImmediates) {
  EXPECT_EQ(one({0x41, 0x7F}), "i32.const -1");
  EXPECT_EQ(one({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}),
            "i64.const -9223372036854775808");
  EXPECT_EQ(one({0x43, 0x00, 0x00, 0xC0, 0x3F}), "f32.const 1.5");
  EXPECT_EQ(one({0x43, 0x00, 0x00, 0xC0, 0xFF}), "f32.const -nan");
  EXPECT_EQ(one({0x43, 0x01, 0x00, 0x80, 0x7F}), "f32.const nan:0x1");
  EXPECT_EQ(one({0x43, 0x00, 0x00, 0x80, 0xFF}), "f32.const -inf");
  EXPECT_EQ(one({0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F}), "f64.const 1");
  EXPECT_EQ(one({0x44, 0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F}), "f64.const 0.10000000000000001");
  EXPECT_EQ(one({0x44, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F}), "f64.const nan");
  EXPECT_EQ(one({0x20, 0x03}), "local.get 3");
  EXPECT_EQ(one({0x22, 0x81, 0x01}), "local.tee 129");
  EXPECT_EQ(one({0x23, 0x02}), "global.get 2");
  EXPECT_EQ(one({0x24, 0x00}), "global.set 0");
  EXPECT_EQ(one({0x0C, 0x02}), "br 2");
  EXPECT_EQ(one({0x0E, 0x02, 0x00, 0x01, 0x02}), "br_table 0 1 2");  // default last, as in wat
  EXPECT_EQ(one({0x0E, 0x00, 0x04}), "br_table 4");
  EXPECT_EQ(one({0x1B}), "select");
  EXPECT_EQ(one({0x1C, 0x01, 0x7E}), "select (result i64)");
  EXPECT_EQ(one({0x02, 0x40}), "block");
  EXPECT_EQ(one({0x03, 0x7B}), "loop (result v128)");
}

TEST(Disasm, MemArgShowsOnlyNonDefaults) {
  EXPECT_EQ(one({0x28, 0x02, 0x00}), "i32.load");                  // natural alignment 4
  EXPECT_EQ(one({0x28, 0x00, 0x08}), "i32.load offset=8 align=1");
  EXPECT_EQ(one({0x29, 0x03, 0x10}), "i64.load offset=16");
  EXPECT_EQ(one({0x3A, 0x00, 0x00}), "i32.store8");
  EXPECT_EQ(one({0x3B, 0x00, 0x00}), "i32.store16 align=1");
  EXPECT_EQ(one({0x3F, 0x00}), "memory.size");
  EXPECT_EQ(one({0x40, 0x00}), "memory.grow");
}

TEST(Disasm, CallsAndNames) {
  ModuleInfo m;
  m.func_names = {"", "helper"};
  EXPECT_EQ(one({0x10, 0x00}, &m), "call 0");
  EXPECT_EQ(one({0x10, 0x01}, &m), "call $helper");
  EXPECT_EQ(one({0x10, 0x05}, &m), "call 5");  // beyond the name table
  EXPECT_EQ(one({0x10, 0x01}), "call 1");       // no module: indices only
  EXPECT_EQ(one({0x11, 0x03, 0x00}), "call_indirect (type 3)");
  EXPECT_EQ(one({0x11, 0x03, 0x02}), "call_indirect 2 (type 3)");
  EXPECT_EQ(one({0xD2, 0x01}, &m), "ref.func $helper");
  EXPECT_EQ(one({0xD0, 0x70}), "ref.null func");
  EXPECT_EQ(one({0xD0, 0x6F}), "ref.null extern");
  EXPECT_EQ(one({0xD1}), "ref.is_null");
}

TEST(Disasm, BulkMemoryAndTables) {
  EXPECT_EQ(one({0xFC, 0x08, 0x03, 0x00}), "memory.init 3");
  EXPECT_EQ(one({0xFC, 0x09, 0x03}), "data.drop 3");
  EXPECT_EQ(one({0xFC, 0x0A, 0x00, 0x00}), "memory.copy");
  EXPECT_EQ(one({0xFC, 0x0B, 0x00}), "memory.fill");
  EXPECT_EQ(one({0xFC, 0x0C, 0x04, 0x00}), "table.init 4");       // elem 4, table 0
  EXPECT_EQ(one({0xFC, 0x0C, 0x04, 0x01}), "table.init 1 4");     // wat order: table, elem
  EXPECT_EQ(one({0xFC, 0x0D, 0x02}), "elem.drop 2");
  EXPECT_EQ(one({0xFC, 0x0E, 0x00, 0x00}), "table.copy");
  EXPECT_EQ(one({0xFC, 0x0E, 0x01, 0x02}), "table.copy 1 2");
  EXPECT_EQ(one({0xFC, 0x0F, 0x01}), "table.grow 1");
  EXPECT_EQ(one({0x25, 0x01}), "table.get 1");
  EXPECT_EQ(one({0xFC, 0x00}), "i32.trunc_sat_f32_s");
}

TEST(Disasm, SimdImmediates) {
  Bytes c{0xFD, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x78, 0x56, 0x34, 0x12};
  EXPECT_EQ(one(c), "v128.const i32x4 0x00000001 0x00000002 0xffffffff 0x12345678");
  Bytes s{0xFD, 0x0D};
  for (uint8_t i = 0; i < 16; i++) s.push_back(static_cast<uint8_t>(31 - i));
  EXPECT_EQ(one(s), "i8x16.shuffle 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16");
  EXPECT_EQ(one({0xFD, 0x15, 0x0F}), "i8x16.extract_lane_s 15");
  EXPECT_EQ(one({0xFD, 0x1C, 0x03}), "i32x4.replace_lane 3");
  EXPECT_EQ(one({0xFD, 0x00, 0x04, 0x00}), "v128.load");
  EXPECT_EQ(one({0xFD, 0x00, 0x00, 0x20}), "v128.load offset=32 align=1");
  EXPECT_EQ(one({0xFD, 0x54, 0x00, 0x00, 0x07}), "v128.load8_lane 7");
  EXPECT_EQ(one({0xFD, 0x56, 0x00, 0x04, 0x01}), "v128.load32_lane offset=4 align=1 1");
  EXPECT_EQ(one({0xFD, 0x57, 0x03, 0x00, 0x01}), "v128.load64_lane 1");
  EXPECT_EQ(one({0xFD, 0x0F}), "i8x16.splat");
}

// Every opcode in the table has a line whose name is op_info's name (no second opcode list to drift).
TEST(Disasm, EveryOpcodePrintsItsTableName) {
  std::set<ImmKind> seen;
  for (size_t k = 0; k < kNumOps; k++) {
    Op op = static_cast<Op>(k);
    Instr in;
    in.op = op;
    std::string text = instr_text(in);
    EXPECT_EQ(text.substr(0, op_name(op).size()), op_name(op)) << k;
    seen.insert(op_info(op).imm);
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(ImmKind::MemArgLane) + 1) << "an immediate kind has no opcode";
}

TEST(Disasm, MalformedBodyGivesDecoderErrorWithOffset) {
  Bytes b{0x01, 0x41, 0x01, 0x41};  // nop, i32.const 1, i32.const <missing LEB>
  std::string out;
  Status st = disassemble_code(b.data(), 0, b.size(), nullptr, out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().offset, 4u);
  EXPECT_EQ(lines_of(out), (std::vector<std::string>{"000000:  nop", "000001:  i32.const 1"}));

  Bytes unknown{0x01, 0xFF};
  out.clear();
  st = disassemble_code(unknown.data(), 0, unknown.size(), nullptr, out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().offset, 1u);
}

TEST(Disasm, FunctionHeaderAndLocals) {
  Bytes bytes{0x20, 0x00, 0x0B};
  ModuleInfo m;
  m.types.push_back(FuncType{{ValType::I32}, {ValType::I32}});
  m.num_imported_funcs = 1;
  m.func_names = {"imp", "id"};
  FunctionDef f;
  f.locals = {ValType::F64, ValType::I64};
  f.body_start = 0;
  f.body_end = bytes.size();
  m.functions.push_back(f);
  std::string out;
  ASSERT_TRUE(disassemble_function(bytes.data(), bytes.size(), m, 0, out).ok());
  std::vector<std::string> want{"func[1] <id> " + m.types[0].to_string(), "  locals: f64 i64",
                                "000000:  local.get 0", "000002:  end"};
  EXPECT_EQ(lines_of(out), want);
  EXPECT_FALSE(disassemble_function(bytes.data(), bytes.size(), m, 1, out).ok());
  m.functions[0].body_end = 99;  // past the buffer
  EXPECT_FALSE(disassemble_function(bytes.data(), bytes.size(), m, 0, out).ok());
}

TEST(Disasm, ConstExprs) {
  ConstExpr e;
  e.kind = ConstExpr::Kind::I32;
  e.bits[0] = 0xFFFFFFFFu;
  EXPECT_EQ(const_expr_text(e), "i32.const -1");
  e.kind = ConstExpr::Kind::F32;
  e.bits[0] = 0x3FC00000u;
  EXPECT_EQ(const_expr_text(e), "f32.const 1.5");
  e.kind = ConstExpr::Kind::V128;
  e.bits[0] = 0x0000000200000001ull;
  e.bits[1] = 0x0000000400000003ull;
  EXPECT_EQ(const_expr_text(e), "v128.const i32x4 0x00000001 0x00000002 0x00000003 0x00000004");
  e.kind = ConstExpr::Kind::GlobalGet;
  e.index = 3;
  EXPECT_EQ(const_expr_text(e), "global.get 3");
  e.kind = ConstExpr::Kind::RefNull;
  e.type = ValType::ExternRef;
  EXPECT_EQ(const_expr_text(e), "ref.null extern");
  ModuleInfo m;
  m.func_names = {"f0"};
  e.kind = ConstExpr::Kind::RefFunc;
  e.index = 0;
  EXPECT_EQ(const_expr_text(e, &m), "ref.func $f0");
}

}  // namespace
}  // namespace wasmvm
