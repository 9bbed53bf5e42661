// Test-side model of a v128: 16 plain bytes with typed lane access, plus the spec's NaN rules.
// Deliberately independent of the backends (no vector extensions, no intrinsics).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>

namespace simdtest {

struct Vec16 {
  uint8_t b[16] = {};
  bool operator==(const Vec16& o) const { return std::memcmp(b, o.b, 16) == 0; }
};

template <class T>
T get_lane(const Vec16& v, int i) {
  T x;
  std::memcpy(&x, v.b + i * sizeof(T), sizeof(T));
  return x;
}
template <class T>
void set_lane(Vec16& v, int i, T x) {
  std::memcpy(v.b + i * sizeof(T), &x, sizeof(T));
}
template <class T>
constexpr int lanes_of() {
  return 16 / sizeof(T);
}

inline uint32_t f32_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline uint64_t f64_bits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}
inline float f32_from(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
inline double f64_from(uint64_t u) {
  double d;
  std::memcpy(&d, &u, 8);
  return d;
}

// NaN classes from the spec: canonical = quiet bit only (either sign); arithmetic = quiet bit set.
inline bool is_nan32(uint32_t u) { return (u & 0x7F800000u) == 0x7F800000u && (u & 0x007FFFFFu) != 0; }
inline bool is_nan64(uint64_t u) {
  return (u & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (u & 0x000FFFFFFFFFFFFFull) != 0;
}
inline bool is_canonical32(uint32_t u) { return (u & 0x7FFFFFFFu) == 0x7FC00000u; }
inline bool is_canonical64(uint64_t u) { return (u & 0x7FFFFFFFFFFFFFFFull) == 0x7FF8000000000000ull; }
inline bool is_arithmetic32(uint32_t u) { return is_nan32(u) && (u & 0x00400000u) != 0; }
inline bool is_arithmetic64(uint64_t u) { return is_nan64(u) && (u & 0x0008000000000000ull) != 0; }

// What a reference lane demands of a backend result.
enum class LaneRule : uint8_t {
  Exact,       // bit-for-bit
  Canonical,   // any canonical NaN
  Arithmetic,  // any arithmetic NaN
};

// Reference result: exact bytes, except float lanes (width 4 or 8) whose rule says "some NaN".
struct Expect {
  Vec16 v;
  int float_width = 0;  // 0: compare all 16 bytes exactly
  LaneRule rule[4] = {LaneRule::Exact, LaneRule::Exact, LaneRule::Exact, LaneRule::Exact};
};

// Returns "" when `got` satisfies `want`, else a description of the first mismatching lane.
std::string check_result(const Expect& want, const Vec16& got);
std::string hex(const Vec16& v);

}  // namespace simdtest
