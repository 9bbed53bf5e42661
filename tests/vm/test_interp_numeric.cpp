// Instruction semantics at the edges: integer wrap-around, shifts, division, float min/max/nearest,
// truncations and their saturating forms, constant-operand (immediate) variants.
#include <bit>
#include <cmath>
#include <limits>

#include "tests/vm/test_interp_util.h"

namespace wasmvm::test {
namespace {

constexpr const char* kNumeric = R"((module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "shl") (param i32 i32) (result i32) (i32.shl (local.get 0) (local.get 1)))
  (func (export "shr_s") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (local.get 1)))
  (func (export "shl_imm") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 33)))
  (func (export "shr_u64") (param i64 i64) (result i64) (i64.shr_u (local.get 0) (local.get 1)))
  (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1)))
  (func (export "rotr64") (param i64 i64) (result i64) (i64.rotr (local.get 0) (local.get 1)))
  (func (export "clz") (param i32) (result i32) (i32.clz (local.get 0)))
  (func (export "ctz64") (param i64) (result i64) (i64.ctz (local.get 0)))
  (func (export "popcnt") (param i32) (result i32) (i32.popcnt (local.get 0)))
  (func (export "add_imm") (param i32) (result i32) (i32.add (local.get 0) (i32.const 2147483647)))
  (func (export "sub_imm") (param i32) (result i32) (i32.sub (local.get 0) (i32.const -2147483648)))
  (func (export "imm_sub") (param i32) (result i32) (i32.sub (i32.const 10) (local.get 0)))
  (func (export "imm_lt") (param i32) (result i32) (i32.lt_s (i32.const 5) (local.get 0)))
  (func (export "lt_u_imm") (param i32) (result i32) (i32.lt_u (local.get 0) (i32.const -1)))
  (func (export "sub64_imm") (param i64) (result i64) (i64.sub (local.get 0) (i64.const -9223372036854775808)))
  (func (export "add64_big") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x100000000)))
  (func (export "fmin") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "fmax") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
  (func (export "dmin") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "dnearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "trunc_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "trunc_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "trunc_d_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc64_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "sat_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
  (func (export "sat_u64") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
  (func (export "conv_u64") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "ext8") (param i32) (result i32) (i32.extend8_s (local.get 0)))
  (func (export "ext32") (param i64) (result i64) (i64.extend32_s (local.get 0)))
  (func (export "madd") (param f32 f32 f32) (result f32)
    (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
))";

class Numeric : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(vm.load(kNumeric)); }
  float f32(const std::string& n, std::vector<Value> a) { return vm.one(n, std::move(a)).as_f32(); }
  double f64(const std::string& n, std::vector<Value> a) { return vm.one(n, std::move(a)).as_f64(); }
  uint32_t f32_bits(const std::string& n, std::vector<Value> a) { return vm.one(n, std::move(a)).as_f32_bits(); }
  Vm vm;
};

TEST_F(Numeric, IntegerDivision) {
  EXPECT_EQ(vm.i32("div_s", {I32(-7), I32(2)}), -3);
  EXPECT_EQ(vm.i32("rem_s", {I32(-7), I32(2)}), -1);
  EXPECT_EQ(vm.i32("rem_s", {I32(INT32_MIN), I32(-1)}), 0);  // no overflow trap for rem
  EXPECT_EQ(vm.i32("div_u", {I32(-1), I32(2)}), 0x7FFFFFFF);
  EXPECT_EQ(vm.i64("rem_s64", {I64(INT64_MIN), I64(-1)}), 0);
  EXPECT_EQ(vm.i64("div_s64", {I64(INT64_MIN), I64(2)}), INT64_MIN / 2);
}

TEST_F(Numeric, ShiftsMaskTheirCount) {
  EXPECT_EQ(vm.i32("shl", {I32(1), I32(33)}), 2);
  EXPECT_EQ(vm.i32("shr_s", {I32(INT32_MIN), I32(31)}), -1);
  EXPECT_EQ(vm.i32("shl_imm", {I32(3)}), 6);
  EXPECT_EQ(vm.i64("shr_u64", {I64(-1), I64(64 + 60)}), 0xF);
  EXPECT_EQ(vm.i32("rotl", {I32(int32_t(0x80000001u)), I32(1)}), 3);
  EXPECT_EQ(uint64_t(vm.i64("rotr64", {I64(1), I64(1)})), 0x8000000000000000ull);
}

TEST_F(Numeric, BitCounts) {
  EXPECT_EQ(vm.i32("clz", {I32(0)}), 32);
  EXPECT_EQ(vm.i32("clz", {I32(1)}), 31);
  EXPECT_EQ(vm.i64("ctz64", {I64(0)}), 64);
  EXPECT_EQ(vm.i32("popcnt", {I32(-1)}), 32);
}

TEST_F(Numeric, ImmediateVariantsWrapAndMirror) {
  EXPECT_EQ(vm.i32("add_imm", {I32(1)}), INT32_MIN);
  EXPECT_EQ(vm.i32("sub_imm", {I32(0)}), INT32_MIN);  // x - INT_MIN == x + INT_MIN
  EXPECT_EQ(vm.i32("imm_sub", {I32(3)}), 7);
  EXPECT_EQ(vm.i32("imm_lt", {I32(6)}), 1);
  EXPECT_EQ(vm.i32("imm_lt", {I32(5)}), 0);
  EXPECT_EQ(vm.i32("lt_u_imm", {I32(-2)}), 1);
  EXPECT_EQ(vm.i32("lt_u_imm", {I32(-1)}), 0);
  EXPECT_EQ(vm.i64("sub64_imm", {I64(1)}), INT64_MIN + 1);
  EXPECT_EQ(vm.i64("add64_big", {I64(1)}), 0x100000001ll);
}

TEST_F(Numeric, FloatMinMaxFollowWasm) {
  EXPECT_EQ(f32_bits("fmin", {F32(0.0f), F32(-0.0f)}), 0x80000000u);
  EXPECT_EQ(f32_bits("fmin", {F32(-0.0f), F32(0.0f)}), 0x80000000u);
  EXPECT_EQ(f32_bits("fmax", {F32(-0.0f), F32(0.0f)}), 0u);
  EXPECT_TRUE(std::isnan(f32("fmin", {F32(1.0f), F32(NAN)})));
  EXPECT_TRUE(std::isnan(f32("fmax", {F32(NAN), F32(1.0f)})));
  EXPECT_EQ(f32("fmin", {F32(-INFINITY), F32(3.0f)}), -INFINITY);
  EXPECT_TRUE(std::isnan(f64("dmin", {F64(NAN), F64(-INFINITY)})));
}

TEST_F(Numeric, NearestRoundsHalfToEven) {
  EXPECT_EQ(f32("nearest", {F32(2.5f)}), 2.0f);
  EXPECT_EQ(f32("nearest", {F32(3.5f)}), 4.0f);
  EXPECT_EQ(f32_bits("nearest", {F32(-0.5f)}), 0x80000000u);
  EXPECT_EQ(f64("dnearest", {F64(-1.5)}), -2.0);
  EXPECT_EQ(f64("dnearest", {F64(4503599627370495.5)}), 4503599627370496.0);
}

TEST_F(Numeric, CopysignIsBitwise) {
  Value nan = Value::from_f32_bits(0x7FC00001u);
  EXPECT_EQ(vm.one("copysign", {nan, F32(-1.0f)}).as_f32_bits(), 0xFFC00001u);
}

TEST_F(Numeric, TruncationRangesAndTraps) {
  EXPECT_EQ(vm.i32("trunc_s", {F32(-2147483648.0f)}), INT32_MIN);
  EXPECT_EQ(vm.trap("trunc_s", {F32(2147483648.0f)}).message, "integer overflow");
  EXPECT_EQ(vm.trap("trunc_s", {F32(NAN)}).message, "invalid conversion to integer");
  EXPECT_EQ(vm.i32("trunc_u", {F64(-0.9)}), 0);
  EXPECT_EQ(vm.i32("trunc_u", {F64(4294967295.9)}), -1);
  EXPECT_EQ(vm.trap("trunc_u", {F64(-1.0)}).message, "integer overflow");
  EXPECT_EQ(vm.trap("trunc_u", {F64(4294967296.0)}).message, "integer overflow");
  EXPECT_EQ(vm.i32("trunc_d_s", {F64(-2147483648.9)}), INT32_MIN);
  EXPECT_EQ(vm.trap("trunc_d_s", {F64(-2147483649.0)}).message, "integer overflow");
  EXPECT_EQ(uint64_t(vm.i64("trunc64_u", {F32(18446742974197923840.0f)})), 18446742974197923840ull);
  EXPECT_EQ(vm.trap("trunc64_u", {F32(18446744073709551616.0f)}).message, "integer overflow");
}

TEST_F(Numeric, SaturatingTruncation) {
  EXPECT_EQ(vm.i32("sat_s", {F32(NAN)}), 0);
  EXPECT_EQ(vm.i32("sat_s", {F32(1e30f)}), INT32_MAX);
  EXPECT_EQ(vm.i32("sat_s", {F32(-1e30f)}), INT32_MIN);
  EXPECT_EQ(vm.i32("sat_s", {F32(-7.9f)}), -7);
  EXPECT_EQ(uint64_t(vm.i64("sat_u64", {F64(1e300)})), UINT64_MAX);
  EXPECT_EQ(vm.i64("sat_u64", {F64(-5.0)}), 0);
}

TEST_F(Numeric, ConversionsAndSignExtension) {
  // 2^63 + 2^39 + 1 must round up (correct rounding, not double rounding).
  uint64_t x = (1ull << 63) + (1ull << 39) + 1;
  EXPECT_EQ(f32("conv_u64", {I64(int64_t(x))}), float(x));
  EXPECT_EQ(vm.i32("ext8", {I32(0x80)}), -128);
  EXPECT_EQ(vm.i64("ext32", {I64(0x80000000ll)}), -2147483648ll);
}

TEST_F(Numeric, MulAddRoundsTwice) {
  // a*b+c with an exact FMA would give a different result for these operands.
  float a = 1.0f + std::ldexp(1.0f, -23), b = 1.0f - std::ldexp(1.0f, -23), c = -1.0f;
  volatile float prod = a * b;
  float expect = prod + c;
  EXPECT_EQ(std::bit_cast<uint32_t>(f32("madd", {F32(a), F32(b), F32(c)})), std::bit_cast<uint32_t>(expect));
}

}  // namespace
}  // namespace wasmvm::test
