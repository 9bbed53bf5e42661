// InstrReader: immediates of every kind and malformed encodings with their offsets.
#include <gtest/gtest.h>

#include "decoder/instr.h"
#include "wasm_builder.h"

namespace wasmvm {
namespace {

using test::Bytes;

Instr decode_one(const Bytes& b, size_t* consumed = nullptr) {
  InstrReader r(b.data(), 0, b.size());
  Instr in;
  Status st = r.next(in);
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  if (consumed) *consumed = r.pos();
  return in;
}

Error decode_error(const Bytes& b) {
  InstrReader r(b.data(), 0, b.size());
  Instr in;
  Status st = r.next(in);
  EXPECT_FALSE(st.ok());
  return st.ok() ? Error{} : st.error();
}

TEST(InstrReader, ConstantsAndBlockTypes) {
  Instr in = decode_one({0x41, 0x7F});
  EXPECT_EQ(in.op, Op::I32Const);
  EXPECT_EQ(static_cast<int64_t>(in.imm), -1);
  in = decode_one({0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F});
  EXPECT_EQ(static_cast<int64_t>(in.imm), INT64_MIN);
  in = decode_one({0x43, 0x00, 0x00, 0x80, 0x3F});
  EXPECT_EQ(in.imm, 0x3F800000u);
  in = decode_one({0x02, 0x40});
  EXPECT_EQ(in.block.kind, BlockType::Kind::Empty);
  in = decode_one({0x03, 0x7E});
  EXPECT_EQ(in.block.kind, BlockType::Kind::Value);
  EXPECT_EQ(in.block.value, ValType::I64);
  in = decode_one({0x04, 0x85, 0x01});
  EXPECT_EQ(in.block.kind, BlockType::Kind::TypeIndex);
  EXPECT_EQ(in.block.type_index, 133u);
  EXPECT_EQ(decode_error({0x02, 0x41}).message, "malformed block type");  // negative s33 (-63)
}

TEST(InstrReader, BrTableKeepsDefaultLast) {
  Bytes b{0x0E, 0x02, 0x00, 0x01, 0x05};
  InstrReader reader(b.data(), 0, b.size());  // owns the label vector
  Instr in;
  ASSERT_TRUE(reader.next(in).ok());
  ASSERT_EQ(in.op, Op::BrTable);
  ASSERT_NE(in.br_table, nullptr);
  EXPECT_EQ(*in.br_table, (std::vector<uint32_t>{0, 1, 5}));
  // A count larger than the remaining bytes fails without allocating.
  Error e = decode_error({0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00});
  EXPECT_EQ(e.kind, ErrorKind::Malformed);
  EXPECT_EQ(e.offset, 1u);
}

TEST(InstrReader, MemArgAndZeroBytes) {
  Instr in = decode_one({0x28, 0x02, 0x10});
  EXPECT_EQ(in.op, Op::I32Load);
  EXPECT_EQ(in.mem.align, 2u);
  EXPECT_EQ(in.mem.offset, 16u);
  EXPECT_EQ(decode_error({0x28, 0x20, 0x00}).message, "malformed memop flags");
  EXPECT_EQ(decode_one({0x40, 0x00}).op, Op::MemoryGrow);
  Error e = decode_error({0x40, 0x01});
  EXPECT_EQ(e.message, "zero byte expected");
  EXPECT_EQ(e.offset, 1u);
  EXPECT_EQ(decode_error({0x3F, 0x80, 0x00}).message, "zero byte expected");  // no long LEB zero
  in = decode_one({0xFC, 0x08, 0x03, 0x00});
  EXPECT_EQ(in.op, Op::MemoryInit);
  EXPECT_EQ(in.index, 3u);
  EXPECT_EQ(decode_error({0xFC, 0x0A, 0x00, 0x01}).message, "zero byte expected");
}

TEST(InstrReader, PrefixedAndTableOps) {
  Instr in = decode_one({0xFC, 0x0E, 0x01, 0x02});
  EXPECT_EQ(in.op, Op::TableCopy);
  EXPECT_EQ(in.index, 1u);
  EXPECT_EQ(in.index2, 2u);
  in = decode_one({0xFC, 0x0C, 0x04, 0x00});
  EXPECT_EQ(in.op, Op::TableInit);
  EXPECT_EQ(in.index, 4u);
  in = decode_one({0x11, 0x03, 0x01});
  EXPECT_EQ(in.op, Op::CallIndirect);
  EXPECT_EQ(in.index, 3u);
  EXPECT_EQ(in.index2, 1u);
  // Sub-opcodes are LEB u32: a padded encoding is still the same instruction.
  EXPECT_EQ(decode_one({0xFD, 0x8E, 0x81, 0x00}).op, Op::I16x8Add);
  EXPECT_EQ(decode_one({0xFD, 0x8E, 0x01}).op, Op::I16x8Add);
}

TEST(InstrReader, SimdImmediates) {
  Bytes b{0xFD, 0x0C};
  for (int i = 0; i < 16; i++) b.push_back(static_cast<uint8_t>(i * 3));
  size_t used = 0;
  Instr in = decode_one(b, &used);
  EXPECT_EQ(in.op, Op::V128Const);
  EXPECT_EQ(used, 18u);
  EXPECT_EQ(in.bytes[5], 15);
  in = decode_one({0xFD, 0x15, 0x07});
  EXPECT_EQ(in.op, Op::I8x16ExtractLaneS);
  EXPECT_EQ(in.lane, 7);
  in = decode_one({0xFD, 0x54, 0x00, 0x08, 0x0F});
  EXPECT_EQ(in.op, Op::V128Load8Lane);
  EXPECT_EQ(in.mem.offset, 8u);
  EXPECT_EQ(in.lane, 15);
  EXPECT_EQ(decode_error({0xFD, 0x0D, 0x00, 0x01}).message, "unexpected end");
}

TEST(InstrReader, SelectTAndRefNull) {
  Instr in = decode_one({0x1C, 0x01, 0x7D});
  EXPECT_EQ(in.op, Op::SelectT);
  EXPECT_EQ(in.index, 1u);
  EXPECT_EQ(in.type, ValType::F32);
  EXPECT_EQ(decode_error({0x1C, 0x01, 0x40}).message, "malformed value type");
  EXPECT_EQ(decode_one({0xD0, 0x6F}).type, ValType::ExternRef);
  EXPECT_EQ(decode_error({0xD0, 0x7F}).message, "malformed reference type");
}

TEST(InstrReader, IllegalOpcodesReportOffsets) {
  Bytes b{0x01, 0x01, 0x06};
  InstrReader r(b.data(), 0, b.size());
  Instr in;
  ASSERT_TRUE(r.next(in).ok());
  ASSERT_TRUE(r.next(in).ok());
  Status st = r.next(in);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "illegal opcode");
  EXPECT_EQ(st.error().offset, 2u);
  EXPECT_EQ(decode_error({0xFC, 0x12}).message, "illegal opcode");
  EXPECT_EQ(decode_error({0xFD, 0x9A, 0x01}).message, "illegal opcode");
  EXPECT_EQ(decode_error({0x41}).message, "unexpected end");
}

TEST(InstrReader, WalksASequence) {
  Bytes body{0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B};
  InstrReader r(body.data(), 0, body.size());
  std::vector<Op> ops;
  Instr in;
  while (!r.at_end()) {
    ASSERT_TRUE(r.next(in).ok());
    ops.push_back(in.op);
  }
  EXPECT_EQ(ops, (std::vector<Op>{Op::LocalGet, Op::I32Const, Op::I32Add, Op::End}));
  EXPECT_EQ(in.offset, 5u);
}

}  // namespace
}  // namespace wasmvm
