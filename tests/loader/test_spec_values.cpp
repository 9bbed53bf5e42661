// The spec runner's argument parsing and result matching (NaN classes, v128 lanes, references).
#include <gtest/gtest.h>

#include <cstring>

#include "spec-tests/spec_values.h"

using nlohmann::json;
using wasmvm::ValType;
using wasmvm::Value;
using wasmvm::spec::match_expected;
using wasmvm::spec::parse_arg;

TEST(SpecValues, ParsesScalarArgsAsBits) {
  EXPECT_EQ(parse_arg(json{{"type", "i32"}, {"value", "4294967295"}})->as_i32(), -1);
  EXPECT_EQ(parse_arg(json{{"type", "i64"}, {"value", "9223372036854775808"}})->as_i64(), INT64_MIN);
  EXPECT_EQ(parse_arg(json{{"type", "f32"}, {"value", "2143289344"}})->as_f32_bits(), 0x7fc00000u);
  EXPECT_EQ(parse_arg(json{{"type", "f64"}, {"value", "-0"}})->as_f64_bits(), 0u);
  EXPECT_FALSE(parse_arg(json{{"type", "i32"}, {"value", "x"}}).ok());
  EXPECT_FALSE(parse_arg(json{{"type", "i32"}}).ok());
  EXPECT_FALSE(parse_arg(json{{"type", "i128"}, {"value", "1"}}).ok());
  EXPECT_FALSE(parse_arg(json::array()).ok());
}

TEST(SpecValues, ParsesV128AndRefArgs) {
  auto v = parse_arg(json::parse(R"({"type":"v128","lane_type":"i16","value":["65535","1","0","0","0","0","0","2"]})"));
  ASSERT_TRUE(v.ok());
  auto b = v->as_v128();
  EXPECT_EQ(b.bytes[0], 0xff);
  EXPECT_EQ(b.bytes[1], 0xff);
  EXPECT_EQ(b.bytes[2], 0x01);
  EXPECT_EQ(b.bytes[14], 0x02);
  EXPECT_FALSE(parse_arg(json::parse(R"({"type":"v128","lane_type":"i32","value":["1","2"]})")).ok());
  EXPECT_TRUE(parse_arg(json{{"type", "externref"}, {"value", "null"}})->is_null());
  EXPECT_EQ(parse_arg(json{{"type", "externref"}, {"value", "5"}})->extern_payload(), 5u);
  EXPECT_TRUE(parse_arg(json{{"type", "funcref"}, {"value", "null"}})->is_null());
}

TEST(SpecValues, MatchesScalarsByBitsAndType) {
  EXPECT_EQ(match_expected(json{{"type", "i32"}, {"value", "4294967295"}}, Value::from_i32(-1)), "");
  EXPECT_NE(match_expected(json{{"type", "i32"}, {"value", "1"}}, Value::from_i32(2)), "");
  EXPECT_NE(match_expected(json{{"type", "i64"}, {"value", "1"}}, Value::from_i32(1)), "");  // wrong type
  // -0.0 and +0.0 differ by bits.
  EXPECT_NE(match_expected(json{{"type", "f32"}, {"value", "0"}}, Value::from_f32_bits(0x80000000u)), "");
  EXPECT_EQ(match_expected(json{{"type", "f64"}, {"value", "9223372036854775808"}},
                           Value::from_f64_bits(0x8000000000000000ull)), "");
}

TEST(SpecValues, NanClasses) {
  json canon32{{"type", "f32"}, {"value", "nan:canonical"}};
  json arith32{{"type", "f32"}, {"value", "nan:arithmetic"}};
  EXPECT_EQ(match_expected(canon32, Value::from_f32_bits(0x7fc00000u)), "");
  EXPECT_EQ(match_expected(canon32, Value::from_f32_bits(0xffc00000u)), "");
  EXPECT_NE(match_expected(canon32, Value::from_f32_bits(0x7fc00001u)), "");
  EXPECT_NE(match_expected(canon32, Value::from_f32_bits(0x7f800000u)), "");  // infinity
  EXPECT_EQ(match_expected(arith32, Value::from_f32_bits(0x7fc00001u)), "");
  EXPECT_NE(match_expected(arith32, Value::from_f32_bits(0x7f800001u)), "");  // signalling NaN
  json canon64{{"type", "f64"}, {"value", "nan:canonical"}};
  json arith64{{"type", "f64"}, {"value", "nan:arithmetic"}};
  EXPECT_EQ(match_expected(canon64, Value::from_f64_bits(0xfff8000000000000ull)), "");
  EXPECT_NE(match_expected(canon64, Value::from_f64_bits(0x7ffc000000000000ull)), "");
  EXPECT_EQ(match_expected(arith64, Value::from_f64_bits(0x7ffc000000000000ull)), "");
  EXPECT_NE(match_expected(arith64, Value::from_f64_bits(0x7ff4000000000000ull)), "");
}

TEST(SpecValues, V128LanesIncludingPerLaneNan) {
  wasmvm::V128 v;
  uint32_t lanes[4] = {0x7fc00000u, 0x3f800000u, 0x7fe00000u, 0};
  std::memcpy(v.bytes, lanes, 16);
  Value actual = Value::from_v128(v);
  auto exp = [](const char* a, const char* b, const char* c, const char* d) {
    return json{{"type", "v128"}, {"lane_type", "f32"}, {"value", {a, b, c, d}}};
  };
  EXPECT_EQ(match_expected(exp("nan:canonical", "1065353216", "nan:arithmetic", "0"), actual), "");
  EXPECT_NE(match_expected(exp("nan:canonical", "1065353216", "nan:canonical", "0"), actual), "");
  EXPECT_NE(match_expected(exp("nan:canonical", "1065353217", "nan:arithmetic", "0"), actual), "");
  json as_i64{{"type", "v128"}, {"lane_type", "i64"}, {"value", {"4575657223551713280", "2145386496"}}};
  EXPECT_EQ(match_expected(as_i64, actual), "");
  json i8_bad{{"type", "v128"}, {"lane_type", "i8"}, {"value", {"0", "0"}}};  // wrong lane count
  EXPECT_NE(match_expected(i8_bad, actual), "");
}

TEST(SpecValues, References) {
  EXPECT_EQ(match_expected(json{{"type", "externref"}, {"value", "null"}}, Value::null_ref(ValType::ExternRef)), "");
  EXPECT_NE(match_expected(json{{"type", "externref"}, {"value", "null"}}, Value::extern_ref(0)), "");
  EXPECT_EQ(match_expected(json{{"type", "externref"}, {"value", "3"}}, Value::extern_ref(3)), "");
  EXPECT_NE(match_expected(json{{"type", "externref"}, {"value", "3"}}, Value::extern_ref(4)), "");
  EXPECT_NE(match_expected(json{{"type", "funcref"}, {"value", "null"}}, Value::null_ref(ValType::ExternRef)), "");
  Value nonnull_func;
  nonnull_func.type = ValType::FuncRef;
  nonnull_func.ref_null = false;
  EXPECT_EQ(match_expected(json{{"type", "funcref"}}, nonnull_func), "");
  EXPECT_NE(match_expected(json{{"type", "funcref"}}, Value::null_ref(ValType::FuncRef)), "");
  EXPECT_NE(match_expected(json{{"type", "funcref"}, {"value", "null"}}, nonnull_func), "");
}
