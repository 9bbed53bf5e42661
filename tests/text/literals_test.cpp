// Every literal class of the text format, checked against the bytes of the instruction it encodes.
#include "tests/text/wat_test_util.h"

namespace wasmvm::text::test {
namespace {

Bytes c(const std::string& instr) { return body("(" + instr + ") drop"); }
Bytes with_drop(Bytes b) {
  b.push_back(0x1A);
  return b;
}

TEST(TextLiterals, Integers) {
  EXPECT_EQ(c("i32.const 0"), with_drop({0x41, 0x00}));
  EXPECT_EQ(c("i32.const 1_000"), with_drop({0x41, 0xE8, 0x07}));
  EXPECT_EQ(c("i32.const +42"), with_drop({0x41, 0x2A}));
  EXPECT_EQ(c("i32.const 0xffffffff"), with_drop({0x41, 0x7F}));            // unsigned form
  EXPECT_EQ(c("i32.const 0xFF_FF"), with_drop({0x41, 0xFF, 0xFF, 0x03}));  // hex, upper case, _
  EXPECT_EQ(c("i32.const -0x80000000"), with_drop({0x41, 0x80, 0x80, 0x80, 0x80, 0x78}));
  EXPECT_EQ(c("i64.const 0x7fff_ffff_ffff_ffff"),
            with_drop({0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}));
  EXPECT_EQ(c("i64.const -1"), with_drop({0x42, 0x7F}));
  EXPECT_EQ(c("i64.const 18446744073709551615"), with_drop({0x42, 0x7F}));
}

TEST(TextLiterals, IntegerErrors) {
  EXPECT_NE(wat_error("(func (i32.const 0x1_0000_0000) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (i32.const -0x80000001) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (i64.const 18446744073709551616) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (i32.const 1__0) drop)").find("unknown operator"), std::string::npos);
  EXPECT_NE(wat_error("(func (i32.const _1) drop)").find("unknown operator"), std::string::npos);
  EXPECT_NE(wat_error("(func (i32.const 0x) drop)").find("unknown operator"), std::string::npos);
  EXPECT_NE(wat_error("(func (i32.const nan) drop)").find("unexpected token"), std::string::npos);
}

TEST(TextLiterals, F32) {
  EXPECT_EQ(c("f32.const 1"), with_drop({0x43, 0x00, 0x00, 0x80, 0x3F}));
  EXPECT_EQ(c("f32.const 1.5"), with_drop({0x43, 0x00, 0x00, 0xC0, 0x3F}));
  EXPECT_EQ(c("f32.const 1e1_0"), with_drop({0x43, 0xF9, 0x02, 0x15, 0x50}));
  EXPECT_EQ(c("f32.const 0x1.8p1"), with_drop({0x43, 0x00, 0x00, 0x40, 0x40}));  // hex float 3.0
  EXPECT_EQ(c("f32.const 0x1p-149"), with_drop({0x43, 0x01, 0x00, 0x00, 0x00}));  // smallest subnormal
  EXPECT_EQ(c("f32.const -0"), with_drop({0x43, 0x00, 0x00, 0x00, 0x80}));
  EXPECT_EQ(c("f32.const inf"), with_drop({0x43, 0x00, 0x00, 0x80, 0x7F}));
  EXPECT_EQ(c("f32.const -inf"), with_drop({0x43, 0x00, 0x00, 0x80, 0xFF}));
  EXPECT_EQ(c("f32.const nan"), with_drop({0x43, 0x00, 0x00, 0xC0, 0x7F}));
  EXPECT_EQ(c("f32.const -nan:0x1"), with_drop({0x43, 0x01, 0x00, 0x80, 0xFF}));
  EXPECT_EQ(c("f32.const nan:0x7f_ffff"), with_drop({0x43, 0xFF, 0xFF, 0xFF, 0x7F}));
  // Rounds to the largest finite value, not to infinity.
  EXPECT_EQ(c("f32.const 0x1.fffffefffffffffffp127"), with_drop({0x43, 0xFF, 0xFF, 0x7F, 0x7F}));
}

TEST(TextLiterals, F64) {
  EXPECT_EQ(c("f64.const 0.1"), with_drop({0x44, 0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F}));
  EXPECT_EQ(c("f64.const -0x1.fffffffffffffp1023"), with_drop({0x44, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xEF, 0xFF}));
  EXPECT_EQ(c("f64.const nan:0x8_0000_0000_0000"), with_drop({0x44, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F}));
  EXPECT_EQ(c("f64.const 1_0.0_1e+0_1"), c("f64.const 100.1"));
  EXPECT_EQ(c("f64.const 1."), c("f64.const 1"));
  EXPECT_EQ(c("f64.const 0x1P+2"), c("f64.const 4"));
}

TEST(TextLiterals, FloatErrors) {
  EXPECT_NE(wat_error("(func (f32.const 0x1p128) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (f64.const 1e309) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (f32.const nan:0x80_0000) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (f32.const nan:0x0) drop)").find("constant out of range"), std::string::npos);
  EXPECT_NE(wat_error("(func (f32.const .5) drop)").find("unknown operator"), std::string::npos);
  EXPECT_NE(wat_error("(func (f32.const 1.e) drop)").find("unknown operator"), std::string::npos);
  EXPECT_NE(wat_error("(func (f64.const nan:canonical) drop)").find("unexpected token"), std::string::npos);
}

TEST(TextLiterals, V128Shapes) {
  Bytes pre{0xFD, 0x0C};
  auto v = [&](std::initializer_list<uint8_t> lanes) {
    Bytes b = pre;
    b.insert(b.end(), lanes);
    b.push_back(0x1A);
    return b;
  };
  EXPECT_EQ(c("v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 -1"),
            v({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xFF}));
  EXPECT_EQ(c("v128.const i16x8 -1 0 0 0 0 0 0 0x1234"), v({0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x34, 0x12}));
  EXPECT_EQ(c("v128.const i32x4 1 2 3 0xffffffff"), v({1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_EQ(c("v128.const i64x2 -1 1"),
            v({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(c("v128.const f32x4 1 -0 inf nan"),
            v({0, 0, 0x80, 0x3F, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7F, 0, 0, 0xC0, 0x7F}));
  EXPECT_EQ(c("v128.const f64x2 1.5 -0x1p-1074"), v({0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 1, 0, 0, 0, 0, 0, 0, 0x80}));
  EXPECT_NE(wat_error("(func (v128.const i32x4 1 2 3) drop)").find("wrong number of lane literals"), std::string::npos);
  EXPECT_NE(wat_error("(func (v128.const i32x4 1 2 3 4 5) drop)").find("wrong number of lane literals"), std::string::npos);
  EXPECT_NE(wat_error("(func (v128.const i8x16 256 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0) drop)").find("constant out of range"),
            std::string::npos);
  EXPECT_NE(wat_error("(func (v128.const i4x32 0) drop)").find("unknown operator"), std::string::npos);
}

TEST(TextLiterals, LaneIndices) {
  std::string v = "(v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)";
  EXPECT_EQ(body("(result i32) (i8x16.extract_lane_u 0x0f " + v + ")").back(), 0x0F);
  EXPECT_NE(wat_error("(func (result i32) (i8x16.extract_lane_u 256 " + v + "))").find("malformed lane index"),
            std::string::npos);
  EXPECT_NE(wat_error("(func (result i32) (i8x16.extract_lane_u -1 " + v + "))").find("unexpected token"),
            std::string::npos);
  EXPECT_NE(wat_error("(func (result v128) (i8x16.shuffle 0 1 2 " + v + " " + v + "))").find("invalid lane length"),
            std::string::npos);
}

TEST(TextLiterals, StringEscapes) {
  Bytes m = wat(R"w((module (memory 1) (data (i32.const 0) "a\n\t\\\'\"\7f\u{41}\u{e9}\u{1F6_00}")))w");
  Bytes want{0x01, 0x00, 0x41, 0x00, 0x0B, 14, 'a', '\n', '\t', '\\', '\'', '"', 0x7F, 'A', 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80};
  EXPECT_EQ(section(m, 11), want);
  EXPECT_NE(wat_error(R"w((module (data "\q")))w").find("illegal escape"), std::string::npos);
  EXPECT_NE(wat_error(R"w((module (data "\u{d800}")))w").find("illegal escape"), std::string::npos);
  EXPECT_NE(wat_error("(module (data \"abc))").find("unclosed string"), std::string::npos);
  // Names must be valid UTF-8 even when written with escapes.
  EXPECT_NE(wat_error(R"w((module (func (export "\ff"))))w").find("malformed UTF-8 encoding"), std::string::npos);
}

}  // namespace
}  // namespace wasmvm::text::test
