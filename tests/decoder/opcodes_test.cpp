// The opcode table: every Op decodes back from its encoding; names and helpers.
#include <gtest/gtest.h>

#include <set>

#include "decoder/opcodes.h"
#include "wasmvm/types.h"

namespace wasmvm {
namespace {

TEST(Opcodes, EveryOpRoundTripsThroughLookup) {
  std::set<std::pair<uint8_t, uint32_t>> seen;
  for (size_t i = 0; i < kNumOps; i++) {
    Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    EXPECT_TRUE(seen.insert({info.prefix, info.code}).second) << "duplicate encoding for " << info.name;
    Op back = info.prefix == 0 ? op_from_byte(static_cast<uint8_t>(info.code))
                               : op_from_prefixed(info.prefix, info.code);
    EXPECT_EQ(back, op) << info.name;
    EXPECT_FALSE(info.name.empty());
  }
}

TEST(Opcodes, UnknownEncodingsAreRejected) {
  EXPECT_EQ(op_from_byte(0x06), Op::Count_);
  EXPECT_EQ(op_from_byte(0xFC), Op::Count_);  // prefixes are not instructions by themselves
  EXPECT_EQ(op_from_byte(0xFF), Op::Count_);
  EXPECT_EQ(op_from_prefixed(0xFC, 18), Op::Count_);
  EXPECT_EQ(op_from_prefixed(0xFD, 0x9A), Op::Count_);  // hole in the simd numbering
  EXPECT_EQ(op_from_prefixed(0xFD, 1000), Op::Count_);
  EXPECT_EQ(op_from_prefixed(0xFE, 0), Op::Count_);
}

TEST(Opcodes, CountsPerPrefix) {
  size_t single = 0, fc = 0, fd = 0;
  for (size_t i = 0; i < kNumOps; i++) {
    uint8_t p = op_info(static_cast<Op>(i)).prefix;
    (p == 0 ? single : p == 0xFC ? fc : fd)++;
  }
  EXPECT_EQ(fc, 18u);
  EXPECT_EQ(fd, 236u);  // all of simd128
  EXPECT_EQ(single + fc + fd, kNumOps);
}

TEST(Opcodes, SpotChecks) {
  EXPECT_EQ(op_name(Op::I32Add), "i32.add");
  EXPECT_EQ(op_info(Op::I32Add).sig, "ii:i");
  EXPECT_EQ(op_info(Op::I64Load).extra, 8u);
  EXPECT_EQ(op_from_prefixed(0xFD, 0x0C), Op::V128Const);
  EXPECT_EQ(op_from_prefixed(0xFC, 0x0A), Op::MemoryCopy);
  EXPECT_TRUE(op_is_simple(Op::F32x4Add));
  EXPECT_FALSE(op_is_simple(Op::Block));
}

TEST(Types, NamesAndFuncTypeToString) {
  EXPECT_STREQ(valtype_name(ValType::I32), "i32");
  EXPECT_STREQ(valtype_name(ValType::V128), "v128");
  EXPECT_STREQ(valtype_name(ValType::ExternRef), "externref");
  FuncType ft{{ValType::I32, ValType::I64}, {ValType::F32}};
  EXPECT_EQ(ft.to_string(), "(i32, i64) -> (f32)");
  EXPECT_EQ(FuncType{}.to_string(), "() -> ()");
}

}  // namespace
}  // namespace wasmvm
