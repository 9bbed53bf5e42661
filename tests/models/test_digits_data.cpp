// Readers for digits_weights.bin / digits_test.bin: every malformed input gives a clear error with its offset.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "models_test_util.h"

namespace {

void put_u32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

struct ParseOutcome {
  int status;
  std::string error;
};

ParseOutcome parse_weights(const std::vector<uint8_t>& b) {
  auto w = std::make_unique<DigitsWeights>();
  char err[160] = {};
  int st = digits_weights_parse(b.data(), b.size(), w.get(), err, sizeof err);
  return {st, err};
}

ParseOutcome parse_testset(const std::vector<uint8_t>& b) {
  DigitsTestSet t{};
  char err[160] = {};
  int st = digits_testset_parse(b.data(), b.size(), &t, err, sizeof err);
  return {st, err};
}

std::vector<uint8_t> good_weights() { return models_test::read_file(models_test::data_path("digits_weights.bin")); }
std::vector<uint8_t> good_testset() { return models_test::read_file(models_test::data_path("digits_test.bin")); }

TEST(DigitsData, CommittedFilesParse) {
  auto w = good_weights();
  ASSERT_EQ(w.size(), DIGITS_WEIGHTS_HEADER_SIZE + DIGITS_NUM_WEIGHTS * 4);
  EXPECT_EQ(parse_weights(w).status, DIGITS_DATA_OK) << parse_weights(w).error;
  auto t = good_testset();
  EXPECT_EQ(parse_testset(t).status, DIGITS_DATA_OK) << parse_testset(t).error;
}

TEST(DigitsData, WeightsErrorsNameTheProblemAndOffset) {
  auto base = good_weights();
  ASSERT_FALSE(base.empty());

  auto r = parse_weights(std::vector<uint8_t>(base.begin(), base.begin() + 10));
  EXPECT_EQ(r.status, DIGITS_DATA_TRUNCATED);
  EXPECT_NE(r.error.find("truncated header"), std::string::npos) << r.error;

  auto b = base;
  b[0] = 'X';
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_MAGIC);
  EXPECT_NE(r.error.find("at byte 0"), std::string::npos) << r.error;

  b = base;
  put_u32(b, 4, 2);
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_VERSION);
  EXPECT_NE(r.error.find("at byte 4"), std::string::npos) << r.error;

  b = base;
  put_u32(b, 8, 0xFFFFFFFFu);  // absurd count must not lead to a huge read or allocation
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_SIZE);
  EXPECT_NE(r.error.find("at byte 8"), std::string::npos) << r.error;

  b = std::vector<uint8_t>(base.begin(), base.end() - 4);
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_TRUNCATED);
  EXPECT_NE(r.error.find("truncated payload at byte " + std::to_string(b.size())), std::string::npos) << r.error;

  b = base;
  b.push_back(0);
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_TRUNCATED);
  EXPECT_NE(r.error.find("trailing bytes"), std::string::npos) << r.error;

  b = base;
  b[100] ^= 0x01;  // one flipped bit in the payload
  r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_CHECKSUM);
  EXPECT_NE(r.error.find("checksum"), std::string::npos) << r.error;
}

TEST(DigitsData, WeightsRejectNonFiniteValuesEvenWithValidChecksum) {
  auto b = good_weights();
  ASSERT_FALSE(b.empty());
  const size_t at = DIGITS_WEIGHTS_HEADER_SIZE + 4 * 7;
  put_u32(b, at, 0x7FC00000u);  // NaN
  put_u32(b, 12, digits_fnv1a32(b.data() + DIGITS_WEIGHTS_HEADER_SIZE, b.size() - DIGITS_WEIGHTS_HEADER_SIZE));
  auto r = parse_weights(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_VALUE);
  EXPECT_NE(r.error.find("at byte " + std::to_string(at)), std::string::npos) << r.error;
}

TEST(DigitsData, Fnv1aKnownVectors) {
  // Published FNV-1a 32-bit test vectors.
  EXPECT_EQ(digits_fnv1a32(nullptr, 0), 0x811C9DC5u);
  EXPECT_EQ(digits_fnv1a32(reinterpret_cast<const uint8_t*>("a"), 1), 0xE40C292Cu);
  EXPECT_EQ(digits_fnv1a32(reinterpret_cast<const uint8_t*>("foobar"), 6), 0xBF9CF968u);
}

TEST(DigitsData, TestSetErrors) {
  auto base = good_testset();
  ASSERT_GT(base.size(), 100u);

  auto r = parse_testset({});
  EXPECT_EQ(r.status, DIGITS_DATA_TRUNCATED);

  auto b = base;
  b[3] = '0';
  EXPECT_EQ(parse_testset(b).status, DIGITS_DATA_BAD_MAGIC);

  b = base;
  put_u32(b, 8, 28);
  EXPECT_EQ(parse_testset(b).status, DIGITS_DATA_BAD_SIZE);

  b = base;
  put_u32(b, 4, 0xFFFFFFFFu);  // count * 66 must not wrap around
  r = parse_testset(b);
  EXPECT_EQ(r.status, DIGITS_DATA_TRUNCATED);
  EXPECT_NE(r.error.find("count does not fit"), std::string::npos) << r.error;

  b = base;
  b[DIGITS_TESTSET_HEADER_SIZE + 5] = 17;
  r = parse_testset(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_VALUE);
  EXPECT_NE(r.error.find("at byte " + std::to_string(DIGITS_TESTSET_HEADER_SIZE + 5)), std::string::npos)
      << r.error;

  b = base;
  uint32_t count = uint32_t(b[4]) | uint32_t(b[5]) << 8 | uint32_t(b[6]) << 16 | uint32_t(b[7]) << 24;
  size_t label_at = DIGITS_TESTSET_HEADER_SIZE + size_t(count) * DIGITS_PIXELS + 3;
  b[label_at] = 10;
  r = parse_testset(b);
  EXPECT_EQ(r.status, DIGITS_DATA_BAD_VALUE);
  EXPECT_NE(r.error.find("at byte " + std::to_string(label_at)), std::string::npos) << r.error;
}

TEST(DigitsData, ErrorBufferIsAlwaysTerminatedAndBounded) {
  std::vector<uint8_t> junk(4, 0);
  char small[8];
  std::memset(small, 'Z', sizeof small);
  DigitsTestSet t{};
  EXPECT_NE(digits_testset_parse(junk.data(), junk.size(), &t, small, sizeof small), DIGITS_DATA_OK);
  EXPECT_EQ(std::strlen(small), sizeof small - 1);
  // A null error buffer is allowed.
  EXPECT_NE(digits_testset_parse(junk.data(), junk.size(), &t, nullptr, 0), DIGITS_DATA_OK);
}

}  // namespace
