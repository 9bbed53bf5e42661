// x86-64 simd128 backend, floating-point part. Included from sse41.h only.
// NaN results: x86 returns a quieted input NaN or the default NaN, both allowed by the spec; min/max return
// the canonical NaN. abs/neg are bit operations and keep NaN payloads untouched.
#pragma once
#include "simd/sse41.h"

namespace wasmvm::simd::sse41 {

// ---- sign-bit operations ----
WASMVM_SIMD_INLINE V F32x4Abs(V a) { return _mm_and_si128(a, _mm_set1_epi32(0x7FFFFFFF)); }
WASMVM_SIMD_INLINE V F32x4Neg(V a) { return _mm_xor_si128(a, _mm_set1_epi32(INT32_MIN)); }
WASMVM_SIMD_INLINE V F64x2Abs(V a) { return _mm_and_si128(a, _mm_set1_epi64x(INT64_MAX)); }
WASMVM_SIMD_INLINE V F64x2Neg(V a) { return _mm_xor_si128(a, _mm_set1_epi64x(INT64_MIN)); }

// ---- arithmetic ----
WASMVM_SIMD_INLINE V F32x4Add(V a, V b) { return si(_mm_add_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Sub(V a, V b) { return si(_mm_sub_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Mul(V a, V b) { return si(_mm_mul_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Div(V a, V b) { return si(_mm_div_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Sqrt(V a) { return si(_mm_sqrt_ps(ps(a))); }
WASMVM_SIMD_INLINE V F64x2Add(V a, V b) { return si(_mm_add_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Sub(V a, V b) { return si(_mm_sub_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Mul(V a, V b) { return si(_mm_mul_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Div(V a, V b) { return si(_mm_div_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Sqrt(V a) { return si(_mm_sqrt_pd(pd(a))); }

// ---- min / max ----
// minps returns its second operand for NaNs and for equal operands; min(a,b) | min(b,a) thus orders -0 < +0
// (and max(a,b) & max(b,a) gives +0). NaN lanes are then replaced by the canonical NaN.
WASMVM_SIMD_INLINE V F32x4Min(V a, V b) {
  __m128 x = ps(a), y = ps(b);
  __m128 m = _mm_or_ps(_mm_min_ps(x, y), _mm_min_ps(y, x));
  return si(_mm_blendv_ps(m, _mm_castsi128_ps(_mm_set1_epi32(0x7FC00000)), _mm_cmpunord_ps(x, y)));
}
WASMVM_SIMD_INLINE V F32x4Max(V a, V b) {
  __m128 x = ps(a), y = ps(b);
  __m128 m = _mm_and_ps(_mm_max_ps(x, y), _mm_max_ps(y, x));
  return si(_mm_blendv_ps(m, _mm_castsi128_ps(_mm_set1_epi32(0x7FC00000)), _mm_cmpunord_ps(x, y)));
}
WASMVM_SIMD_INLINE V F64x2Min(V a, V b) {
  __m128d x = pd(a), y = pd(b);
  __m128d m = _mm_or_pd(_mm_min_pd(x, y), _mm_min_pd(y, x));
  return si(_mm_blendv_pd(m, _mm_castsi128_pd(_mm_set1_epi64x(0x7FF8000000000000ll)), _mm_cmpunord_pd(x, y)));
}
WASMVM_SIMD_INLINE V F64x2Max(V a, V b) {
  __m128d x = pd(a), y = pd(b);
  __m128d m = _mm_and_pd(_mm_max_pd(x, y), _mm_max_pd(y, x));
  return si(_mm_blendv_pd(m, _mm_castsi128_pd(_mm_set1_epi64x(0x7FF8000000000000ll)), _mm_cmpunord_pd(x, y)));
}
// minps(b, a) is exactly b < a ? b : a; maxps(b, a) is b > a ? b : a == a < b ? b : a.
WASMVM_SIMD_INLINE V F32x4Pmin(V a, V b) { return si(_mm_min_ps(ps(b), ps(a))); }
WASMVM_SIMD_INLINE V F32x4Pmax(V a, V b) { return si(_mm_max_ps(ps(b), ps(a))); }
WASMVM_SIMD_INLINE V F64x2Pmin(V a, V b) { return si(_mm_min_pd(pd(b), pd(a))); }
WASMVM_SIMD_INLINE V F64x2Pmax(V a, V b) { return si(_mm_max_pd(pd(b), pd(a))); }

// ---- rounding (roundps: NaNs come out quieted) ----
WASMVM_SIMD_INLINE V F32x4Ceil(V a) { return si(_mm_round_ps(ps(a), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F32x4Floor(V a) { return si(_mm_round_ps(ps(a), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F32x4Trunc(V a) { return si(_mm_round_ps(ps(a), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F32x4Nearest(V a) { return si(_mm_round_ps(ps(a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F64x2Ceil(V a) { return si(_mm_round_pd(pd(a), _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F64x2Floor(V a) { return si(_mm_round_pd(pd(a), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F64x2Trunc(V a) { return si(_mm_round_pd(pd(a), _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC)); }
WASMVM_SIMD_INLINE V F64x2Nearest(V a) { return si(_mm_round_pd(pd(a), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)); }

// ---- float -> int with saturation ----
// cvttps2dq gives 0x80000000 for NaN and out-of-range lanes: flip positive overflow to INT_MAX, zero NaNs.
WASMVM_SIMD_INLINE V I32x4TruncSatF32x4S(V a) {
  __m128 x = ps(a);
  V r = _mm_cvttps_epi32(x);
  V positive_overflow = si(_mm_cmple_ps(_mm_set1_ps(2147483648.0f), x));
  return _mm_and_si128(_mm_xor_si128(r, positive_overflow), si(_mm_cmpord_ps(x, x)));
}
// Unsigned: clamp NaN/negative to 0 (maxps returns the second operand for NaN), convert [0, 2^31) directly,
// [2^31, 2^32) after subtracting 2^31, and saturate >= 2^32 to all-ones.
WASMVM_SIMD_INLINE V I32x4TruncSatF32x4U(V a) {
  __m128 x = _mm_max_ps(ps(a), _mm_setzero_ps());
  const __m128 two31 = _mm_set1_ps(2147483648.0f);
  V small = _mm_cvttps_epi32(x);
  V big = _mm_xor_si128(_mm_cvttps_epi32(_mm_sub_ps(x, two31)), _mm_set1_epi32(INT32_MIN));
  V r = _mm_blendv_epi8(small, big, si(_mm_cmple_ps(two31, x)));
  return _mm_or_si128(r, si(_mm_cmple_ps(_mm_set1_ps(4294967296.0f), x)));
}
WASMVM_SIMD_INLINE V I32x4TruncSatF64x2SZero(V a) {
  __m128d x = _mm_and_pd(pd(a), _mm_cmpord_pd(pd(a), pd(a)));  // NaN -> +0
  x = _mm_min_pd(x, _mm_set1_pd(2147483647.0));                 // below -2^31 cvttpd2dq gives INT_MIN already
  return _mm_cvttpd_epi32(x);
}
// Clamp to [0, 2^32 - 1], truncate, then read the integer out of the mantissa of (t + 2^52).
WASMVM_SIMD_INLINE V I32x4TruncSatF64x2UZero(V a) {
  __m128d x = _mm_max_pd(pd(a), _mm_setzero_pd());
  x = _mm_min_pd(x, _mm_set1_pd(4294967295.0));
  x = _mm_round_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  x = _mm_add_pd(x, _mm_set1_pd(4503599627370496.0));
  return si(_mm_shuffle_ps(_mm_castpd_ps(x), _mm_setzero_ps(), _MM_SHUFFLE(0, 0, 2, 0)));
}

// ---- int -> float ----
WASMVM_SIMD_INLINE V F32x4ConvertI32x4S(V a) { return si(_mm_cvtepi32_ps(a)); }
// hi * 2^16 and lo are exact floats; their sum is the single rounding Wasm asks for.
WASMVM_SIMD_INLINE V F32x4ConvertI32x4U(V a) {
  __m128 hi = _mm_cvtepi32_ps(_mm_srli_epi32(a, 16));
  __m128 lo = _mm_cvtepi32_ps(_mm_and_si128(a, _mm_set1_epi32(0xFFFF)));
  return si(_mm_add_ps(_mm_mul_ps(hi, _mm_set1_ps(65536.0f)), lo));
}
WASMVM_SIMD_INLINE V F64x2ConvertLowI32x4S(V a) { return si(_mm_cvtepi32_pd(a)); }
// 0x43300000:u32 as a double is 2^52 + u32, exactly; subtract 2^52.
WASMVM_SIMD_INLINE V F64x2ConvertLowI32x4U(V a) {
  __m128d biased = _mm_castsi128_pd(_mm_unpacklo_epi32(a, _mm_set1_epi32(0x43300000)));
  return si(_mm_sub_pd(biased, _mm_set1_pd(4503599627370496.0)));
}

// ---- precision changes ----
WASMVM_SIMD_INLINE V F32x4DemoteF64x2Zero(V a) { return si(_mm_cvtpd_ps(pd(a))); }
WASMVM_SIMD_INLINE V F64x2PromoteLowF32x4(V a) { return si(_mm_cvtps_pd(ps(a))); }

}  // namespace wasmvm::simd::sse41
