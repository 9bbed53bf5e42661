// ByteReader: strict LEB128 (overlong, too large, sign extension), bounds, and UTF-8 names.
#include <gtest/gtest.h>

#include "decoder/byte_reader.h"
#include "decoder/utf8.h"
#include "wasm_builder.h"

namespace wasmvm {
namespace {

using test::Bytes;

struct U32Case {
  Bytes bytes;
  bool ok;
  uint32_t value;
  const char* error;
};

TEST(ByteReader, U32EdgeCases) {
  const U32Case cases[] = {
      {{0x00}, true, 0, ""},
      {{0x7F}, true, 127, ""},
      {{0x80, 0x01}, true, 128, ""},
      {{0xE5, 0x8E, 0x26}, true, 624485, ""},
      {{0x80, 0x00}, true, 0, ""},  // non-minimal but within 5 bytes: allowed
      {{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, true, 0xFFFFFFFFu, ""},
      {{0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, false, 0, "integer too large"},
      {{0x80, 0x80, 0x80, 0x80, 0x10}, false, 0, "integer too large"},
      {{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, false, 0, "integer representation too long"},
      {{0x80, 0x80}, false, 0, "unexpected end"},
      {{}, false, 0, "unexpected end"},
  };
  for (const auto& c : cases) {
    ByteReader r(c.bytes.data(), 0, c.bytes.size());
    uint32_t v = 12345;
    bool ok = r.u32(v);
    EXPECT_EQ(ok, c.ok) << "case value " << c.value;
    if (ok) {
      EXPECT_EQ(v, c.value);
      EXPECT_EQ(r.pos(), c.bytes.size());
    } else {
      EXPECT_STREQ(r.error_message(), c.error);
      EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    }
  }
}

TEST(ByteReader, S32SignExtensionAndLimits) {
  auto s32 = [](Bytes b, int32_t& v) {
    ByteReader r(b.data(), 0, b.size());
    return r.s32(v);
  };
  int32_t v = 0;
  ASSERT_TRUE(s32({0x7F}, v));
  EXPECT_EQ(v, -1);
  ASSERT_TRUE(s32({0x3F}, v));
  EXPECT_EQ(v, 63);
  ASSERT_TRUE(s32({0x40}, v));
  EXPECT_EQ(v, -64);
  ASSERT_TRUE(s32({0x80, 0x7F}, v));
  EXPECT_EQ(v, -128);
  ASSERT_TRUE(s32({0x80, 0x80, 0x80, 0x80, 0x78}, v));
  EXPECT_EQ(v, INT32_MIN);
  ASSERT_TRUE(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x07}, v));
  EXPECT_EQ(v, INT32_MAX);
  // Unused bits of the 5th byte must replicate the sign bit.
  EXPECT_FALSE(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, v));
  EXPECT_FALSE(s32({0x80, 0x80, 0x80, 0x80, 0x70}, v));
  EXPECT_FALSE(s32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, v));
}

TEST(ByteReader, S33AndS64) {
  auto rd33 = [](Bytes b, int64_t& v) {
    ByteReader r(b.data(), 0, b.size());
    return r.s33(v);
  };
  auto rd64 = [](Bytes b, int64_t& v) {
    ByteReader r(b.data(), 0, b.size());
    return r.s64(v);
  };
  int64_t v;
  ASSERT_TRUE(rd33({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, v));
  EXPECT_EQ(v, 0xFFFFFFFFll);  // 2^32-1 fits in s33
  ASSERT_TRUE(rd33({0x80, 0x80, 0x80, 0x80, 0x70}, v));
  EXPECT_EQ(v, -(1ll << 32));
  EXPECT_FALSE(rd33({0x80, 0x80, 0x80, 0x80, 0x20}, v));  // bit 33 set, positive
  ASSERT_TRUE(rd64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, v));
  EXPECT_EQ(v, INT64_MIN);
  ASSERT_TRUE(rd64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_FALSE(rd64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, v));
  EXPECT_FALSE(rd64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, v));
}

TEST(ByteReader, U64Limits) {
  Bytes max{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  ByteReader r(max.data(), 0, max.size());
  uint64_t v;
  ASSERT_TRUE(r.u64(v));
  EXPECT_EQ(v, UINT64_MAX);
  Bytes big{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02};
  ByteReader r2(big.data(), 0, big.size());
  EXPECT_FALSE(r2.u64(v));
  EXPECT_STREQ(r2.error_message(), "integer too large");
}

TEST(ByteReader, RoundTripsBuilderEncodings) {
  for (int64_t x : std::initializer_list<int64_t>{0, 1, -1, 63, 64, -65, int64_t{1} << 40, -(int64_t{1} << 40), INT64_MIN, INT64_MAX}) {
    Bytes b;
    test::put_s(b, x);
    ByteReader r(b.data(), 0, b.size());
    int64_t v;
    ASSERT_TRUE(r.s64(v));
    EXPECT_EQ(v, x);
  }
}

TEST(ByteReader, ErrorsCarryOffsets) {
  Bytes b{0x01, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
  ByteReader r(b.data(), 2, b.size());
  uint32_t v;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(r.error().offset, 2u);
  EXPECT_EQ(r.error().to_string(), "integer representation too long (at byte 0x2)");
  ByteReader r2(b.data(), 0, 2);
  uint64_t w;
  EXPECT_FALSE(r2.fixed64(w));
  EXPECT_STREQ(r2.error_message(), "unexpected end");
}

TEST(Utf8, AcceptsAndRejects) {
  auto ok = [](std::string s) { return is_valid_utf8(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
  EXPECT_TRUE(ok(""));
  EXPECT_TRUE(ok("hello"));
  EXPECT_TRUE(ok("\xC3\xA9"));          // é
  EXPECT_TRUE(ok("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(ok("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(ok("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_FALSE(ok("\x80"));              // stray continuation
  EXPECT_FALSE(ok("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(ok("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(ok("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(ok("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(ok("\xE2\x82"));          // truncated
  EXPECT_FALSE(ok("\xFF"));
}

}  // namespace
}  // namespace wasmvm
