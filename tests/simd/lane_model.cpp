// Result checking against the spec's NaN rules.
#include "tests/simd/lane_model.h"

#include <cstdio>

namespace simdtest {

std::string hex(const Vec16& v) {
  std::string s;
  char buf[4];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", v.b[i]);
    s += buf;
    if (i % 4 == 3 && i != 15) s += '_';
  }
  return s;
}

static const char* rule_name(LaneRule r) {
  switch (r) {
    case LaneRule::Exact: return "exact";
    case LaneRule::Canonical: return "canonical NaN";
    case LaneRule::Arithmetic: return "arithmetic NaN";
  }
  return "?";
}

static bool lane_ok(LaneRule rule, int width, uint64_t want, uint64_t got) {
  switch (rule) {
    case LaneRule::Exact: return want == got;
    case LaneRule::Canonical: return width == 4 ? is_canonical32((uint32_t)got) : is_canonical64(got);
    case LaneRule::Arithmetic: return width == 4 ? is_arithmetic32((uint32_t)got) : is_arithmetic64(got);
  }
  return false;
}

std::string check_result(const Expect& want, const Vec16& got) {
  if (want.float_width == 0) {
    if (want.v == got) return "";
    return "want " + hex(want.v) + " got " + hex(got);
  }
  const int w = want.float_width, n = 16 / w;
  for (int i = 0; i < n; ++i) {
    uint64_t a = 0, b = 0;
    std::memcpy(&a, want.v.b + i * w, w);
    std::memcpy(&b, got.b + i * w, w);
    if (!lane_ok(want.rule[i], w, a, b)) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "lane %d (%s): want %0*llx got %0*llx", i, rule_name(want.rule[i]), 2 * w,
                    (unsigned long long)a, 2 * w, (unsigned long long)b);
      return std::string(buf) + " [want " + hex(want.v) + " got " + hex(got) + "]";
    }
  }
  return "";
}

}  // namespace simdtest
