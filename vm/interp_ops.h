// Always-inline scalar helpers for interpreter handlers: Wasm float min/max/nearest semantics and
// range checks of float-to-int truncation (checked before converting, so no UB).
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#define WASMVM_ALWAYS_INLINE inline __attribute__((always_inline))

namespace wasmvm::rt::ops {

constexpr double pow2(int n) {
  double r = 1;
  for (int i = 0; i < n; i++) r *= 2;
  return r;
}

template <class F>
WASMVM_ALWAYS_INLINE F fmin_wasm(F a, F b) {
  if (a != a || b != b) return a + b;  // NaN in, (quiet) NaN out
  if (a == b) {                        // -0 < +0: OR the sign bits
    if constexpr (sizeof(F) == 4) return std::bit_cast<F>(std::bit_cast<uint32_t>(a) | std::bit_cast<uint32_t>(b));
    else return std::bit_cast<F>(std::bit_cast<uint64_t>(a) | std::bit_cast<uint64_t>(b));
  }
  return a < b ? a : b;
}

template <class F>
WASMVM_ALWAYS_INLINE F fmax_wasm(F a, F b) {
  if (a != a || b != b) return a + b;
  if (a == b) {
    if constexpr (sizeof(F) == 4) return std::bit_cast<F>(std::bit_cast<uint32_t>(a) & std::bit_cast<uint32_t>(b));
    else return std::bit_cast<F>(std::bit_cast<uint64_t>(a) & std::bit_cast<uint64_t>(b));
  }
  return a > b ? a : b;
}

WASMVM_ALWAYS_INLINE float nearest(float x) { return __builtin_nearbyintf(x); }
WASMVM_ALWAYS_INLINE double nearest(double x) { return __builtin_nearbyint(x); }

WASMVM_ALWAYS_INLINE uint32_t f32_copysign(uint32_t a, uint32_t b) {
  return (a & 0x7FFFFFFFu) | (b & 0x80000000u);
}
WASMVM_ALWAYS_INLINE uint64_t f64_copysign(uint64_t a, uint64_t b) {
  return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

// Truncation: returns 0 ok, 1 NaN (invalid conversion), 2 out of range (integer overflow).
// Bounds are exclusive and exactly representable in the source type.
template <class I, class F>
WASMVM_ALWAYS_INLINE int trunc_check(F x) {
  if (x != x) return 1;
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr int bits = sizeof(I) * 8;
  constexpr F upper = is_signed ? F(pow2(bits - 1)) : F(pow2(bits));
  if constexpr (is_signed) {
    constexpr F lower = -F(pow2(bits - 1));
    if (!(x >= lower && x < upper)) {
      // For 32-bit from f64, values in (lower-1, lower) also truncate to lower.
      if constexpr (sizeof(F) == 8 && bits == 32) {
        if (x > lower - F(1) && x < upper) return 0;
      }
      return 2;
    }
  } else {
    if (!(x > F(-1) && x < upper)) return 2;
  }
  return 0;
}

template <class I, class F>
WASMVM_ALWAYS_INLINE I trunc_sat(F x) {
  if (x != x) return 0;
  constexpr bool is_signed = std::numeric_limits<I>::is_signed;
  constexpr int bits = sizeof(I) * 8;
  constexpr F upper = is_signed ? F(pow2(bits - 1)) : F(pow2(bits));
  constexpr F lower = is_signed ? -F(pow2(bits - 1)) : F(0);
  if (x >= upper) return std::numeric_limits<I>::max();
  if (x <= lower) return std::numeric_limits<I>::min();
  return I(x);
}

}  // namespace wasmvm::rt::ops
