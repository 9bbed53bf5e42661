// Oracle tests for every simple simd128 operation:
//  (a) portable backend vs the scalar spec reference (tests/simd/reference_ops.cpp);
//  (b) SSE4.1 backend vs the same reference and bit-for-bit vs portable, except lanes where both are NaNs
//      that satisfy the spec's NaN rule.
#include <gtest/gtest.h>

#include <string>

#include "tests/simd/inputs.h"
#include "tests/simd/op_table.h"

namespace simdtest {
namespace {

constexpr int kMaxReports = 6;

}  // namespace

// Test names and failure headers show the opcode instead of the struct's bytes.
void PrintTo(const OpEntry& op, std::ostream* os) { *os << op.name; }

namespace {

std::string describe(const OpEntry& op, const Args& a) {
  std::string s = std::string(op.text) + " a=" + hex(a.v[0]);
  if (op.sig == Sig::VV_V || op.sig == Sig::VVV_V) s += " b=" + hex(a.v[1]);
  if (op.sig == Sig::VVV_V) s += " c=" + hex(a.v[2]);
  if (op.sig == Sig::VI_V || op.sig == Sig::I_V || op.sig == Sig::L_V || op.sig == Sig::F_V || op.sig == Sig::D_V)
    s += " scalar=" + std::to_string(a.scalar);
  return s;
}

// Runs fn over the op's inputs; returns the number of results the reference rejects.
int count_reference_failures(const OpEntry& op, BackendFn fn, const char* backend, bool report) {
  RefFn ref = find_reference(op.name);
  if (!ref) {
    ADD_FAILURE() << "no reference for " << op.name;
    return 1;
  }
  int failures = 0;
  for (const Args& a : make_inputs(op.sig, 0x5EED0000u + std::hash<std::string>{}(op.name))) {
    const std::string why = check_result(ref(a), fn(a));
    if (!why.empty() && ++failures <= kMaxReports && report)
      ADD_FAILURE() << backend << ": " << describe(op, a) << ": " << why;
  }
  return failures;
}

class SimdOp : public ::testing::TestWithParam<OpEntry> {};

TEST_P(SimdOp, PortableMatchesSpecReference) {
  const OpEntry& op = GetParam();
  EXPECT_EQ(count_reference_failures(op, op.portable, "portable", true), 0);
}

#if SIMDTEST_HAVE_SSE41
TEST_P(SimdOp, Sse41MatchesSpecReference) {
  const OpEntry& op = GetParam();
  ASSERT_NE(op.sse41, nullptr);
  EXPECT_EQ(count_reference_failures(op, op.sse41, "sse41", true), 0);
}

// Bit-exact agreement; a lane may differ only when both results are NaNs allowed by the spec there.
TEST_P(SimdOp, Sse41MatchesPortable) {
  const OpEntry& op = GetParam();
  RefFn ref = find_reference(op.name);
  ASSERT_NE(ref, nullptr);
  int failures = 0;
  for (const Args& a : make_inputs(op.sig, 0xB17E0000u + std::hash<std::string>{}(op.name))) {
    const Vec16 p = op.portable(a), s = op.sse41(a);
    if (p == s) continue;
    const Expect want = ref(a);
    std::string why;
    if (want.float_width == 0) {
      why = "integer result differs";
    } else {
      const int w = want.float_width;
      for (int i = 0; i < 16 / w && why.empty(); ++i) {
        if (std::memcmp(p.b + i * w, s.b + i * w, w) == 0) continue;
        if (want.rule[i] == LaneRule::Exact) why = "lane " + std::to_string(i) + " differs";
      }
      if (why.empty()) {  // both differing lanes must be NaNs obeying the rule
        std::string pw = check_result(want, p), sw = check_result(want, s);
        if (!pw.empty() || !sw.empty()) why = "NaN lanes break the spec rule: " + pw + sw;
      }
    }
    if (!why.empty() && ++failures <= kMaxReports)
      ADD_FAILURE() << describe(op, a) << ": portable " << hex(p) << " sse41 " << hex(s) << ": " << why;
  }
  EXPECT_EQ(failures, 0);
}
#endif

INSTANTIATE_TEST_SUITE_P(AllSimple, SimdOp, ::testing::ValuesIn(simple_ops()),
                         [](const ::testing::TestParamInfo<OpEntry>& info) { return std::string(info.param.name); });

// ---- the harness itself ----

TEST(SimdCoverage, EverySimpleOpcodeHasABackendAndAReference) {
  // 0xFD opcodes with no immediate in decoder/opcodes.def: 198 in simd128 (everything but memory, lane,
  // shuffle and const ops).
  EXPECT_EQ(simple_ops().size(), 198u);
  for (const OpEntry& op : simple_ops()) {
    EXPECT_NE(op.sig, Sig::Unknown) << op.name;
    EXPECT_NE(find_reference(op.name), nullptr) << "no scalar reference for " << op.name;
    EXPECT_NE(op.portable, nullptr) << op.name;
#if SIMDTEST_HAVE_SSE41
    EXPECT_NE(op.sse41, nullptr) << op.name;
#endif
  }
}

const OpEntry& entry(const char* name) {
  for (const OpEntry& op : simple_ops())
    if (std::string(op.name) == name) return op;
  static OpEntry missing{"missing", "missing", Sig::Unknown, nullptr, nullptr};
  ADD_FAILURE() << "no op " << name;
  return missing;
}

// Plausible-but-wrong implementations must be caught: proves the inputs reach the edge cases.
TEST(SimdHarness, RejectsNearMissImplementations) {
  const std::pair<const char*, const char*> near_misses[] = {
      {"I8x16AddSatS", "I8x16Add"},         {"I8x16AddSatU", "I8x16AddSatS"},  {"I16x8SubSatU", "I16x8Sub"},
      {"F32x4Min", "F32x4Pmin"},            {"F32x4Max", "F32x4Pmax"},         {"F64x2Min", "F64x2Pmin"},
      {"F32x4Nearest", "F32x4Trunc"},       {"F64x2Nearest", "F64x2Floor"},    {"F32x4Ceil", "F32x4Floor"},
      {"I8x16ShrS", "I8x16ShrU"},           {"I64x2ShrS", "I64x2ShrU"},        {"I32x4LtS", "I32x4LtU"},
      {"I8x16NarrowI16x8S", "I8x16NarrowI16x8U"}, {"I16x8Q15mulrSatS", "I16x8Mul"}, {"I8x16AllTrue", "V128AnyTrue"},
      {"F32x4Abs", "F32x4Neg"},             {"I32x4TruncSatF32x4S", "F32x4ConvertI32x4S"},
      {"F32x4ConvertI32x4U", "F32x4ConvertI32x4S"}, {"I32x4TruncSatF32x4U", "I32x4TruncSatF32x4S"},
      {"I16x8ExtmulLowI8x16S", "I16x8ExtmulLowI8x16U"}, {"F32x4Le", "F32x4Lt"}, {"F64x2Ne", "F64x2Eq"},
  };
  for (auto [real, wrong] : near_misses) {
    const OpEntry& op = entry(real);
    EXPECT_GT(count_reference_failures(op, entry(wrong).portable, "mutant", false), 0)
        << wrong << " passed as " << real;
  }
}

TEST(SimdHarness, NanRulesAreEnforced) {
  Expect want;
  want.float_width = 4;
  want.rule[0] = LaneRule::Canonical;
  want.rule[1] = LaneRule::Arithmetic;
  Vec16 got;
  set_lane<uint32_t>(got, 0, 0xFFC00000u);  // canonical (negative sign is fine)
  set_lane<uint32_t>(got, 1, 0x7FC00123u);  // arithmetic
  EXPECT_EQ(check_result(want, got), "");
  set_lane<uint32_t>(got, 0, 0x7FC00001u);  // arithmetic but not canonical
  EXPECT_NE(check_result(want, got), "");
  set_lane<uint32_t>(got, 0, 0x7FC00000u);
  set_lane<uint32_t>(got, 1, 0x7F800001u);  // signalling: not arithmetic
  EXPECT_NE(check_result(want, got), "");
  set_lane<uint32_t>(got, 1, 0x7FC00000u);
  set_lane<uint32_t>(got, 2, 1u);  // exact lane differs
  EXPECT_NE(check_result(want, got), "");
}

}  // namespace
}  // namespace simdtest
