// CLI argument parsing by type and result printing.
#include <gtest/gtest.h>

#include "loader/cli/value_text.h"

using wasmvm::ValType;
using wasmvm::Value;
using wasmvm::cli::format_value;
using wasmvm::cli::parse_value;

TEST(ValueText, ParsesI32DecimalHexAndRange) {
  EXPECT_EQ(parse_value("42", ValType::I32)->as_i32(), 42);
  EXPECT_EQ(parse_value("-1", ValType::I32)->as_i32(), -1);
  EXPECT_EQ(parse_value("0xff", ValType::I32)->as_i32(), 255);
  EXPECT_EQ(parse_value("4294967295", ValType::I32)->as_i32(), -1);
  EXPECT_EQ(parse_value("-2147483648", ValType::I32)->as_i32(), INT32_MIN);
  EXPECT_FALSE(parse_value("4294967296", ValType::I32).ok());
  EXPECT_FALSE(parse_value("-2147483649", ValType::I32).ok());
  EXPECT_FALSE(parse_value("12abc", ValType::I32).ok());
  EXPECT_FALSE(parse_value("", ValType::I32).ok());
  EXPECT_FALSE(parse_value("0x", ValType::I32).ok());
}

TEST(ValueText, ParsesI64Extremes) {
  EXPECT_EQ(parse_value("-9223372036854775808", ValType::I64)->as_i64(), INT64_MIN);
  EXPECT_EQ(parse_value("18446744073709551615", ValType::I64)->as_i64(), -1);
  EXPECT_EQ(parse_value("0x7fffffffffffffff", ValType::I64)->as_i64(), INT64_MAX);
  EXPECT_FALSE(parse_value("18446744073709551616", ValType::I64).ok());
}

TEST(ValueText, ParsesFloatsExactly) {
  EXPECT_EQ(parse_value("1.5", ValType::F32)->as_f32_bits(), 0x3fc00000u);
  EXPECT_EQ(parse_value("0x1p-1", ValType::F64)->as_f64_bits(), 0x3fe0000000000000ull);
  EXPECT_EQ(parse_value("-inf", ValType::F32)->as_f32_bits(), 0xff800000u);
  EXPECT_EQ(parse_value("nan", ValType::F32)->as_f32_bits(), 0x7fc00000u);
  EXPECT_EQ(parse_value("-nan", ValType::F64)->as_f64_bits(), 0xfff8000000000000ull);
  EXPECT_EQ(parse_value("nan:0x1", ValType::F32)->as_f32_bits(), 0x7f800001u);
  // 0.1 must round directly to float, not via double.
  EXPECT_EQ(parse_value("0.1", ValType::F32)->as_f32_bits(), 0x3dcccccdu);
  EXPECT_FALSE(parse_value("1.5x", ValType::F64).ok());
  EXPECT_FALSE(parse_value(" 1", ValType::F64).ok());
  EXPECT_FALSE(parse_value("nan:0x800000", ValType::F32).ok());  // payload wider than the mantissa
}

TEST(ValueText, ParsesV128AndRefs) {
  auto v = parse_value("0x0102", ValType::V128);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->as_v128().bytes[0], 0x02);
  EXPECT_EQ(v->as_v128().bytes[1], 0x01);
  EXPECT_EQ(v->as_v128().bytes[15], 0x00);
  EXPECT_FALSE(parse_value("0x" + std::string(33, '1'), ValType::V128).ok());
  EXPECT_TRUE(parse_value("null", ValType::ExternRef)->is_null());
  EXPECT_EQ(parse_value("7", ValType::ExternRef)->extern_payload(), 7u);
  EXPECT_TRUE(parse_value("null", ValType::FuncRef)->is_null());
  EXPECT_FALSE(parse_value("3", ValType::FuncRef).ok());
}

TEST(ValueText, FormatsValueColonType) {
  EXPECT_EQ(format_value(Value::from_i32(42)), "42:i32");
  EXPECT_EQ(format_value(Value::from_i32(-7)), "-7:i32");
  EXPECT_EQ(format_value(Value::from_i64(INT64_MIN)), "-9223372036854775808:i64");
  EXPECT_EQ(format_value(Value::from_f32(1.5f)), "1.5:f32");
  EXPECT_EQ(format_value(Value::from_f64(0.1)), "0.1:f64");
  EXPECT_EQ(format_value(Value::from_f32_bits(0x7fc00000u)), "nan:f32");
  EXPECT_EQ(format_value(Value::from_f32_bits(0xff800001u)), "-nan:0x1:f32");
  EXPECT_EQ(format_value(Value::from_f64_bits(0x7ff0000000000000ull)), "inf:f64");
  EXPECT_EQ(format_value(Value::null_ref(ValType::ExternRef)), "null:externref");
  EXPECT_EQ(format_value(Value::extern_ref(9)), "9:externref");
  wasmvm::V128 x;
  x.bytes[0] = 0xab;
  x.bytes[15] = 0x01;
  EXPECT_EQ(format_value(Value::from_v128(x)), "0x010000000000000000000000000000ab:v128");
}

TEST(ValueText, PrintedFloatsReadBack) {
  for (uint32_t bits : {0x00000001u, 0x3dcccccdu, 0x7f7fffffu, 0x80000000u, 0x4b800001u}) {
    std::string s = format_value(Value::from_f32_bits(bits));
    s = s.substr(0, s.size() - 4);  // drop ":f32"
    auto back = parse_value(s, ValType::F32);
    ASSERT_TRUE(back.ok()) << s;
    EXPECT_EQ(back->as_f32_bits(), bits) << s;
  }
}
