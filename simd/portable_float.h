// Portable simd128 backend, floating-point part: arithmetic, min/max, rounding, conversions.
// Included from portable.h only. NaN results are either the hardware's (quiet, propagated) NaN or the
// canonical NaN, which satisfies the spec's canonical/arithmetic NaN rule; abs/neg are pure bit operations.
#pragma once
#include "simd/portable.h"

namespace wasmvm::simd::portable {

inline constexpr uint32_t kF32Sign = 0x80000000u;
inline constexpr uint64_t kF64Sign = 0x8000000000000000ull;
inline constexpr uint32_t kF32CanonicalNaN = 0x7FC00000u;
inline constexpr uint64_t kF64CanonicalNaN = 0x7FF8000000000000ull;

// ---- sign-bit operations (never touch NaN payloads) ----
WASMVM_SIMD_INLINE V F32x4Abs(V a) { return (V)(as_u32(a) & (kF32Sign - 1)); }
WASMVM_SIMD_INLINE V F32x4Neg(V a) { return (V)(as_u32(a) ^ kF32Sign); }
WASMVM_SIMD_INLINE V F64x2Abs(V a) { return (V)(as_u64(a) & (kF64Sign - 1)); }
WASMVM_SIMD_INLINE V F64x2Neg(V a) { return (V)(as_u64(a) ^ kF64Sign); }

// ---- arithmetic ----
WASMVM_SIMD_INLINE V F32x4Add(V a, V b) { return (V)(as_f32(a) + as_f32(b)); }
WASMVM_SIMD_INLINE V F32x4Sub(V a, V b) { return (V)(as_f32(a) - as_f32(b)); }
WASMVM_SIMD_INLINE V F32x4Mul(V a, V b) { return (V)(as_f32(a) * as_f32(b)); }
WASMVM_SIMD_INLINE V F32x4Div(V a, V b) { return (V)(as_f32(a) / as_f32(b)); }
WASMVM_SIMD_INLINE V F64x2Add(V a, V b) { return (V)(as_f64(a) + as_f64(b)); }
WASMVM_SIMD_INLINE V F64x2Sub(V a, V b) { return (V)(as_f64(a) - as_f64(b)); }
WASMVM_SIMD_INLINE V F64x2Mul(V a, V b) { return (V)(as_f64(a) * as_f64(b)); }
WASMVM_SIMD_INLINE V F64x2Div(V a, V b) { return (V)(as_f64(a) / as_f64(b)); }

// Vector extensions have no sqrt; the builtin stays inline except for the libm errno path (negative input).
WASMVM_SIMD_INLINE V F32x4Sqrt(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vsqrtq_f32((float32x4_t)a);
#endif
  f32x4 x = as_f32(a);
  for (int i = 0; i < 4; ++i) x[i] = __builtin_sqrtf(x[i]);
  return (V)x;
}
WASMVM_SIMD_INLINE V F64x2Sqrt(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vsqrtq_f64((float64x2_t)a);
#endif
  f64x2 x = as_f64(a);
  for (int i = 0; i < 2; ++i) x[i] = __builtin_sqrt(x[i]);
  return (V)x;
}

// ---- min / max: NaN if either is NaN (canonical NaN out), -0 < +0 ----
// When a == b (including -0 vs +0) OR-ing the bits gives min's -0 and AND-ing gives max's +0.
WASMVM_SIMD_INLINE V F32x4Min(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vminq_f32((float32x4_t)a, (float32x4_t)b);  // NaN-propagating, -0 < +0
#endif
  f32x4 x = as_f32(a), y = as_f32(b);
  V r = bsel((V)(x < y), a, bsel((V)(x > y), b, a | b));
  V nan = (V)(x != x) | (V)(y != y);
  return bsel(nan, I32x4Splat((int32_t)kF32CanonicalNaN), r);
}
WASMVM_SIMD_INLINE V F32x4Max(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vmaxq_f32((float32x4_t)a, (float32x4_t)b);  // NaN-propagating, -0 < +0
#endif
  f32x4 x = as_f32(a), y = as_f32(b);
  V r = bsel((V)(x > y), a, bsel((V)(x < y), b, a & b));
  V nan = (V)(x != x) | (V)(y != y);
  return bsel(nan, I32x4Splat((int32_t)kF32CanonicalNaN), r);
}
WASMVM_SIMD_INLINE V F64x2Min(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vminq_f64((float64x2_t)a, (float64x2_t)b);  // NaN-propagating, -0 < +0
#endif
  f64x2 x = as_f64(a), y = as_f64(b);
  V r = bsel((V)(x < y), a, bsel((V)(x > y), b, a | b));
  V nan = (V)(x != x) | (V)(y != y);
  return bsel(nan, I64x2Splat((int64_t)kF64CanonicalNaN), r);
}
WASMVM_SIMD_INLINE V F64x2Max(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vmaxq_f64((float64x2_t)a, (float64x2_t)b);  // NaN-propagating, -0 < +0
#endif
  f64x2 x = as_f64(a), y = as_f64(b);
  V r = bsel((V)(x > y), a, bsel((V)(x < y), b, a & b));
  V nan = (V)(x != x) | (V)(y != y);
  return bsel(nan, I64x2Splat((int64_t)kF64CanonicalNaN), r);
}
// Pseudo-min/max are plain selects: pmin = b < a ? b : a, pmax = a < b ? b : a.
WASMVM_SIMD_INLINE V F32x4Pmin(V a, V b) { return bsel((V)(as_f32(b) < as_f32(a)), b, a); }
WASMVM_SIMD_INLINE V F32x4Pmax(V a, V b) { return bsel((V)(as_f32(a) < as_f32(b)), b, a); }
WASMVM_SIMD_INLINE V F64x2Pmin(V a, V b) { return bsel((V)(as_f64(b) < as_f64(a)), b, a); }
WASMVM_SIMD_INLINE V F64x2Pmax(V a, V b) { return bsel((V)(as_f64(a) < as_f64(b)), b, a); }

// ---- rounding to integral ----
// For |x| < 2^(mantissa bits), (|x| + 2^m) - 2^m rounds |x| to an integer, ties to even, in one exact step.
// Larger magnitudes, infinities and NaNs are already integral: x + 0 returns them (NaNs quieted).
// Every result keeps the sign of x (ceil(-0.5) = -0), hence the final copysign.
enum class RoundMode { Nearest, Ceil, Floor, Trunc };

template <RoundMode M, class F, class U>
WASMVM_SIMD_INLINE V round_lanes(V v, U sign, F magic, F one) {
  F x = (F)v, zero = {};
  F ax = (F)((U)x & ~sign);
  F r = (ax + magic) - magic;
  if constexpr (M == RoundMode::Trunc) {
    r = r - (F)((V)(r > ax) & (V)one);
  } else {
    r = (F)(((U)r & ~sign) | ((U)x & sign));
    if constexpr (M == RoundMode::Ceil) r = r + (F)((V)(r < x) & (V)one);
    if constexpr (M == RoundMode::Floor) r = r - (F)((V)(r > x) & (V)one);
  }
  r = (F)(((U)r & ~sign) | ((U)x & sign));
  return bsel((V)(ax < magic), (V)r, (V)(x + zero));
}
template <RoundMode M>
WASMVM_SIMD_INLINE V round_f32(V v) {
  u32x4 sign = {kF32Sign, kF32Sign, kF32Sign, kF32Sign};
  f32x4 magic = {8388608.0f, 8388608.0f, 8388608.0f, 8388608.0f}, one = {1.0f, 1.0f, 1.0f, 1.0f};
  return round_lanes<M>(v, sign, magic, one);
}
template <RoundMode M>
WASMVM_SIMD_INLINE V round_f64(V v) {
  u64x2 sign = {kF64Sign, kF64Sign};
  f64x2 magic = {4503599627370496.0, 4503599627370496.0}, one = {1.0, 1.0};
  return round_lanes<M>(v, sign, magic, one);
}
#if WASMVM_PORTABLE_NEON
WASMVM_SIMD_INLINE V F32x4Ceil(V a) { return (V)vrndpq_f32((float32x4_t)a); }
WASMVM_SIMD_INLINE V F32x4Floor(V a) { return (V)vrndmq_f32((float32x4_t)a); }
WASMVM_SIMD_INLINE V F32x4Trunc(V a) { return (V)vrndq_f32((float32x4_t)a); }
WASMVM_SIMD_INLINE V F32x4Nearest(V a) { return (V)vrndnq_f32((float32x4_t)a); }
WASMVM_SIMD_INLINE V F64x2Ceil(V a) { return (V)vrndpq_f64((float64x2_t)a); }
WASMVM_SIMD_INLINE V F64x2Floor(V a) { return (V)vrndmq_f64((float64x2_t)a); }
WASMVM_SIMD_INLINE V F64x2Trunc(V a) { return (V)vrndq_f64((float64x2_t)a); }
WASMVM_SIMD_INLINE V F64x2Nearest(V a) { return (V)vrndnq_f64((float64x2_t)a); }
#else
WASMVM_SIMD_INLINE V F32x4Ceil(V a) { return round_f32<RoundMode::Ceil>(a); }
WASMVM_SIMD_INLINE V F32x4Floor(V a) { return round_f32<RoundMode::Floor>(a); }
WASMVM_SIMD_INLINE V F32x4Trunc(V a) { return round_f32<RoundMode::Trunc>(a); }
WASMVM_SIMD_INLINE V F32x4Nearest(V a) { return round_f32<RoundMode::Nearest>(a); }
WASMVM_SIMD_INLINE V F64x2Ceil(V a) { return round_f64<RoundMode::Ceil>(a); }
WASMVM_SIMD_INLINE V F64x2Floor(V a) { return round_f64<RoundMode::Floor>(a); }
WASMVM_SIMD_INLINE V F64x2Trunc(V a) { return round_f64<RoundMode::Trunc>(a); }
WASMVM_SIMD_INLINE V F64x2Nearest(V a) { return round_f64<RoundMode::Nearest>(a); }
#endif

// ---- float -> int with saturation (NaN -> 0) ----
// Lanes are first forced into the target range (NaN -> 0) so the vector conversion is always defined, then
// the saturated lanes are patched in.
WASMVM_SIMD_INLINE V I32x4TruncSatF32x4S(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vcvtq_s32_f32((float32x4_t)a);  // saturating, NaN -> 0
#endif
  const f32x4 x = as_f32(a), zero = {};
  const f32x4 lo = {-2147483648.0f, -2147483648.0f, -2147483648.0f, -2147483648.0f};
  const f32x4 hi = {2147483648.0f, 2147483648.0f, 2147483648.0f, 2147483648.0f};
  const V too_big = (V)(x >= hi);
  V xc = bsel((V)(x < lo), (V)lo, a);
  xc = bsel(too_big | (V)(x != x), (V)zero, xc);
  const V r = (V)__builtin_convertvector((f32x4)xc, i32x4);
  return bsel(too_big, I32x4Splat(INT32_MAX), r);
}
// [2^31, 2^32) is converted as x - 2^31 (exact) with the top bit put back; >= 2^32 saturates to all-ones.
WASMVM_SIMD_INLINE V I32x4TruncSatF32x4U(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vcvtq_u32_f32((float32x4_t)a);  // saturating, NaN -> 0
#endif
  const f32x4 x = as_f32(a), zero = {};
  const f32x4 two31 = {2147483648.0f, 2147483648.0f, 2147483648.0f, 2147483648.0f};
  const f32x4 two32 = {4294967296.0f, 4294967296.0f, 4294967296.0f, 4294967296.0f};
  const V in_range = (V)(x > zero) & ~(V)(x >= two32);  // false for NaN, zeros and negatives
  const V high = (V)(x >= two31);
  V xs = bsel(high, (V)(x - two31), a);
  xs = bsel(in_range, xs, (V)zero);
  const V r = (V)__builtin_convertvector((f32x4)xs, i32x4);
  return r | (high & I32x4Splat(INT32_MIN)) | (V)(x >= two32);
}
// f64 lanes clamp exactly to the i32/u32 range, convert through i64 and keep the low halves in lanes 0, 1.
WASMVM_SIMD_INLINE V trunc_f64_to_i32_zero(V clamped) {
  const i32x4 r = (i32x4)__builtin_convertvector((f64x2)clamped, i64x2), zero = {};
  return (V)__builtin_shufflevector(r, zero, 0, 2, 4, 4);
}
WASMVM_SIMD_INLINE V I32x4TruncSatF64x2SZero(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_s32(vqmovn_s64(vcvtq_s64_f64((float64x2_t)a)), vdup_n_s32(0));  // saturating, NaN -> 0
#endif
  const f64x2 x = as_f64(a);
  const f64x2 lo = {-2147483648.0, -2147483648.0}, hi = {2147483647.0, 2147483647.0};
  V xc = bsel((V)(x < lo), (V)lo, a);
  xc = bsel((V)(x > hi), (V)hi, xc);
  return trunc_f64_to_i32_zero(xc & ~(V)(x != x));  // NaN -> +0.0
}
WASMVM_SIMD_INLINE V I32x4TruncSatF64x2UZero(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_u32(vqmovn_u64(vcvtq_u64_f64((float64x2_t)a)), vdup_n_u32(0));  // saturating, NaN -> 0
#endif
  const f64x2 x = as_f64(a), zero = {};
  const f64x2 hi = {4294967295.0, 4294967295.0};
  V xc = bsel((V)(x > zero), a, (V)zero);  // NaN and negatives -> +0.0
  xc = bsel((V)(x > hi), (V)hi, xc);
  return trunc_f64_to_i32_zero(xc);
}

// ---- int -> float (one rounding, also for the unsigned forms) ----
WASMVM_SIMD_INLINE V F32x4ConvertI32x4S(V a) { return (V)__builtin_convertvector(as_i32(a), f32x4); }
WASMVM_SIMD_INLINE V F32x4ConvertI32x4U(V a) { return (V)__builtin_convertvector(as_u32(a), f32x4); }
WASMVM_SIMD_INLINE V F64x2ConvertLowI32x4S(V a) { return (V)__builtin_convertvector(lo_i32(a), f64x2); }
WASMVM_SIMD_INLINE V F64x2ConvertLowI32x4U(V a) { return (V)__builtin_convertvector(lo_u32(a), f64x2); }

// ---- precision changes ----
WASMVM_SIMD_INLINE V F32x4DemoteF64x2Zero(V a) {
  f64x2 x = as_f64(a);
  f32x4 r = {(float)x[0], (float)x[1], 0.0f, 0.0f};
  return (V)r;
}
WASMVM_SIMD_INLINE V F64x2PromoteLowF32x4(V a) {
  f32x4 x = as_f32(a);
  f64x2 r = {(double)x[0], (double)x[1]};
  return (V)r;
}

}  // namespace wasmvm::simd::portable
