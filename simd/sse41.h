// x86-64 simd128 backend: SSE2 + SSSE3 + SSE4.1 (+ SSE4.2 pcmpgtq), i.e. the x86-64-v2 baseline.
// Same API and exact Wasm semantics as portable.h (the oracle it is tested against). The operations with no
// direct SSE instruction follow the mappings in DESIGN.md §3.10.
#pragma once
#if !defined(__x86_64__) && !defined(_M_X64)
#error "simd/sse41.h needs an x86-64 target; use WASMVM_SIMD_BACKEND=portable"
#endif
#if !defined(__SSE4_2__)
#error "simd/sse41.h needs -msse4.2 (pcmpgtq); the top-level CMakeLists.txt adds it on x86-64"
#endif
#include <immintrin.h>

#include <cstdint>

#include "simd/inline.h"

namespace wasmvm::simd::sse41 {

using V = __m128i;

// ---- load / store ----
WASMVM_SIMD_INLINE V load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
WASMVM_SIMD_INLINE void store(void* p, V v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
WASMVM_SIMD_INLINE V from_bytes(const uint8_t bytes[16]) { return load(bytes); }

// ---- small helpers ----
WASMVM_SIMD_INLINE V ones() { return _mm_set1_epi32(-1); }
WASMVM_SIMD_INLINE V vnot(V a) { return _mm_xor_si128(a, ones()); }
WASMVM_SIMD_INLINE __m128 ps(V a) { return _mm_castsi128_ps(a); }
WASMVM_SIMD_INLINE __m128d pd(V a) { return _mm_castsi128_pd(a); }
WASMVM_SIMD_INLINE V si(__m128 a) { return _mm_castps_si128(a); }
WASMVM_SIMD_INLINE V si(__m128d a) { return _mm_castpd_si128(a); }

// ---- splats ----
WASMVM_SIMD_INLINE V I8x16Splat(int32_t x) { return _mm_set1_epi8((char)x); }
WASMVM_SIMD_INLINE V I16x8Splat(int32_t x) { return _mm_set1_epi16((short)x); }
WASMVM_SIMD_INLINE V I32x4Splat(int32_t x) { return _mm_set1_epi32(x); }
WASMVM_SIMD_INLINE V I64x2Splat(int64_t x) { return _mm_set1_epi64x(x); }
WASMVM_SIMD_INLINE V F32x4Splat(uint32_t bits) { return _mm_set1_epi32((int32_t)bits); }
WASMVM_SIMD_INLINE V F64x2Splat(uint64_t bits) { return _mm_set1_epi64x((int64_t)bits); }

// ---- lanes ----
// The lane index is a run-time value here, so extraction moves the wanted lane to lane 0 with pshufb and
// replacement blends a broadcast under an "index == lane" mask: no memory round trip, no stall.
WASMVM_SIMD_INLINE int32_t I8x16ExtractLaneS(V a, unsigned lane) {
  return (int8_t)_mm_cvtsi128_si32(_mm_shuffle_epi8(a, _mm_cvtsi32_si128((int)(lane & 15))));
}
WASMVM_SIMD_INLINE int32_t I8x16ExtractLaneU(V a, unsigned lane) {
  return (uint8_t)_mm_cvtsi128_si32(_mm_shuffle_epi8(a, _mm_cvtsi32_si128((int)(lane & 15))));
}
WASMVM_SIMD_INLINE V lane16_to_0(V a, unsigned lane) {
  return _mm_shuffle_epi8(a, _mm_cvtsi32_si128((int)((lane & 7) * 0x0202u + 0x0100u)));
}
WASMVM_SIMD_INLINE int32_t I16x8ExtractLaneS(V a, unsigned lane) { return (int16_t)_mm_cvtsi128_si32(lane16_to_0(a, lane)); }
WASMVM_SIMD_INLINE int32_t I16x8ExtractLaneU(V a, unsigned lane) { return (uint16_t)_mm_cvtsi128_si32(lane16_to_0(a, lane)); }
WASMVM_SIMD_INLINE V lane32_to_0(V a, unsigned lane) {
  return _mm_shuffle_epi8(a, _mm_cvtsi32_si128((int)((lane & 3) * 0x04040404u + 0x03020100u)));
}
WASMVM_SIMD_INLINE int32_t I32x4ExtractLane(V a, unsigned lane) { return _mm_cvtsi128_si32(lane32_to_0(a, lane)); }
WASMVM_SIMD_INLINE uint32_t F32x4ExtractLane(V a, unsigned lane) { return (uint32_t)_mm_cvtsi128_si32(lane32_to_0(a, lane)); }
WASMVM_SIMD_INLINE int64_t I64x2ExtractLane(V a, unsigned lane) {
  return (lane & 1) ? _mm_extract_epi64(a, 1) : _mm_cvtsi128_si64(a);
}
WASMVM_SIMD_INLINE uint64_t F64x2ExtractLane(V a, unsigned lane) { return (uint64_t)I64x2ExtractLane(a, lane); }

WASMVM_SIMD_INLINE V I8x16ReplaceLane(V a, unsigned lane, int32_t x) {
  V hit = _mm_cmpeq_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm_set1_epi8((char)(lane & 15)));
  return _mm_blendv_epi8(a, _mm_set1_epi8((char)x), hit);
}
WASMVM_SIMD_INLINE V I16x8ReplaceLane(V a, unsigned lane, int32_t x) {
  V hit = _mm_cmpeq_epi16(_mm_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7), _mm_set1_epi16((short)(lane & 7)));
  return _mm_blendv_epi8(a, _mm_set1_epi16((short)x), hit);
}
WASMVM_SIMD_INLINE V I32x4ReplaceLane(V a, unsigned lane, int32_t x) {
  V hit = _mm_cmpeq_epi32(_mm_setr_epi32(0, 1, 2, 3), _mm_set1_epi32((int)(lane & 3)));
  return _mm_blendv_epi8(a, _mm_set1_epi32(x), hit);
}
WASMVM_SIMD_INLINE V I64x2ReplaceLane(V a, unsigned lane, int64_t x) {
  V hit = _mm_cmpeq_epi64(_mm_set_epi64x(1, 0), _mm_set1_epi64x((long long)(lane & 1)));
  return _mm_blendv_epi8(a, _mm_set1_epi64x(x), hit);
}
WASMVM_SIMD_INLINE V F32x4ReplaceLane(V a, unsigned lane, uint32_t bits) { return I32x4ReplaceLane(a, lane, (int32_t)bits); }
WASMVM_SIMD_INLINE V F64x2ReplaceLane(V a, unsigned lane, uint64_t bits) { return I64x2ReplaceLane(a, lane, (int64_t)bits); }

// ---- shuffle / swizzle ----
// Two pshufb masks prepared once: from_a picks a's bytes (0x80 elsewhere), from_b picks b's.
struct ShuffleImm {
  uint8_t from_a[16];
  uint8_t from_b[16];
};
WASMVM_SIMD_INLINE ShuffleImm shuffle_prepare(const uint8_t lanes[16]) {
  ShuffleImm imm;
  for (int i = 0; i < 16; ++i) {
    uint8_t l = lanes[i] & 31;
    imm.from_a[i] = l < 16 ? l : 0x80;
    imm.from_b[i] = l < 16 ? 0x80 : (uint8_t)(l - 16);
  }
  return imm;
}
WASMVM_SIMD_INLINE V I8x16Shuffle(V a, V b, const ShuffleImm& imm) {
  return _mm_or_si128(_mm_shuffle_epi8(a, load(imm.from_a)), _mm_shuffle_epi8(b, load(imm.from_b)));
}
// pshufb only zeroes when bit 7 is set: saturating +0x70 maps every index >= 16 to >= 0x80.
WASMVM_SIMD_INLINE V I8x16Swizzle(V a, V idx) {
  return _mm_shuffle_epi8(a, _mm_adds_epu8(idx, _mm_set1_epi8(0x70)));
}

// ---- integer comparisons ----
// Unsigned a <= b  <=>  min_u(a, b) == a.
WASMVM_SIMD_INLINE V I8x16Eq(V a, V b) { return _mm_cmpeq_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16Ne(V a, V b) { return vnot(_mm_cmpeq_epi8(a, b)); }
WASMVM_SIMD_INLINE V I8x16LtS(V a, V b) { return _mm_cmpgt_epi8(b, a); }
WASMVM_SIMD_INLINE V I8x16GtS(V a, V b) { return _mm_cmpgt_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16LeS(V a, V b) { return vnot(_mm_cmpgt_epi8(a, b)); }
WASMVM_SIMD_INLINE V I8x16GeS(V a, V b) { return vnot(_mm_cmpgt_epi8(b, a)); }
WASMVM_SIMD_INLINE V I8x16LeU(V a, V b) { return _mm_cmpeq_epi8(_mm_min_epu8(a, b), a); }
WASMVM_SIMD_INLINE V I8x16GeU(V a, V b) { return _mm_cmpeq_epi8(_mm_max_epu8(a, b), a); }
WASMVM_SIMD_INLINE V I8x16LtU(V a, V b) { return vnot(I8x16GeU(a, b)); }
WASMVM_SIMD_INLINE V I8x16GtU(V a, V b) { return vnot(I8x16LeU(a, b)); }
WASMVM_SIMD_INLINE V I16x8Eq(V a, V b) { return _mm_cmpeq_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8Ne(V a, V b) { return vnot(_mm_cmpeq_epi16(a, b)); }
WASMVM_SIMD_INLINE V I16x8LtS(V a, V b) { return _mm_cmpgt_epi16(b, a); }
WASMVM_SIMD_INLINE V I16x8GtS(V a, V b) { return _mm_cmpgt_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8LeS(V a, V b) { return vnot(_mm_cmpgt_epi16(a, b)); }
WASMVM_SIMD_INLINE V I16x8GeS(V a, V b) { return vnot(_mm_cmpgt_epi16(b, a)); }
WASMVM_SIMD_INLINE V I16x8LeU(V a, V b) { return _mm_cmpeq_epi16(_mm_min_epu16(a, b), a); }
WASMVM_SIMD_INLINE V I16x8GeU(V a, V b) { return _mm_cmpeq_epi16(_mm_max_epu16(a, b), a); }
WASMVM_SIMD_INLINE V I16x8LtU(V a, V b) { return vnot(I16x8GeU(a, b)); }
WASMVM_SIMD_INLINE V I16x8GtU(V a, V b) { return vnot(I16x8LeU(a, b)); }
WASMVM_SIMD_INLINE V I32x4Eq(V a, V b) { return _mm_cmpeq_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4Ne(V a, V b) { return vnot(_mm_cmpeq_epi32(a, b)); }
WASMVM_SIMD_INLINE V I32x4LtS(V a, V b) { return _mm_cmpgt_epi32(b, a); }
WASMVM_SIMD_INLINE V I32x4GtS(V a, V b) { return _mm_cmpgt_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4LeS(V a, V b) { return vnot(_mm_cmpgt_epi32(a, b)); }
WASMVM_SIMD_INLINE V I32x4GeS(V a, V b) { return vnot(_mm_cmpgt_epi32(b, a)); }
WASMVM_SIMD_INLINE V I32x4LeU(V a, V b) { return _mm_cmpeq_epi32(_mm_min_epu32(a, b), a); }
WASMVM_SIMD_INLINE V I32x4GeU(V a, V b) { return _mm_cmpeq_epi32(_mm_max_epu32(a, b), a); }
WASMVM_SIMD_INLINE V I32x4LtU(V a, V b) { return vnot(I32x4GeU(a, b)); }
WASMVM_SIMD_INLINE V I32x4GtU(V a, V b) { return vnot(I32x4LeU(a, b)); }
WASMVM_SIMD_INLINE V I64x2Eq(V a, V b) { return _mm_cmpeq_epi64(a, b); }
WASMVM_SIMD_INLINE V I64x2Ne(V a, V b) { return vnot(_mm_cmpeq_epi64(a, b)); }
WASMVM_SIMD_INLINE V I64x2LtS(V a, V b) { return _mm_cmpgt_epi64(b, a); }
WASMVM_SIMD_INLINE V I64x2GtS(V a, V b) { return _mm_cmpgt_epi64(a, b); }
WASMVM_SIMD_INLINE V I64x2LeS(V a, V b) { return vnot(_mm_cmpgt_epi64(a, b)); }
WASMVM_SIMD_INLINE V I64x2GeS(V a, V b) { return vnot(_mm_cmpgt_epi64(b, a)); }

// ---- float comparisons (cmpneq is unordered-or-unequal, the others ordered: exactly Wasm) ----
WASMVM_SIMD_INLINE V F32x4Eq(V a, V b) { return si(_mm_cmpeq_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Ne(V a, V b) { return si(_mm_cmpneq_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Lt(V a, V b) { return si(_mm_cmplt_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Gt(V a, V b) { return si(_mm_cmplt_ps(ps(b), ps(a))); }
WASMVM_SIMD_INLINE V F32x4Le(V a, V b) { return si(_mm_cmple_ps(ps(a), ps(b))); }
WASMVM_SIMD_INLINE V F32x4Ge(V a, V b) { return si(_mm_cmple_ps(ps(b), ps(a))); }
WASMVM_SIMD_INLINE V F64x2Eq(V a, V b) { return si(_mm_cmpeq_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Ne(V a, V b) { return si(_mm_cmpneq_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Lt(V a, V b) { return si(_mm_cmplt_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Gt(V a, V b) { return si(_mm_cmplt_pd(pd(b), pd(a))); }
WASMVM_SIMD_INLINE V F64x2Le(V a, V b) { return si(_mm_cmple_pd(pd(a), pd(b))); }
WASMVM_SIMD_INLINE V F64x2Ge(V a, V b) { return si(_mm_cmple_pd(pd(b), pd(a))); }

// ---- bitwise ----
WASMVM_SIMD_INLINE V V128Not(V a) { return vnot(a); }
WASMVM_SIMD_INLINE V V128And(V a, V b) { return _mm_and_si128(a, b); }
WASMVM_SIMD_INLINE V V128AndNot(V a, V b) { return _mm_andnot_si128(b, a); }  // a & ~b
WASMVM_SIMD_INLINE V V128Or(V a, V b) { return _mm_or_si128(a, b); }
WASMVM_SIMD_INLINE V V128Xor(V a, V b) { return _mm_xor_si128(a, b); }
WASMVM_SIMD_INLINE V V128Bitselect(V v1, V v2, V c) {
  return _mm_or_si128(_mm_and_si128(v1, c), _mm_andnot_si128(c, v2));
}
WASMVM_SIMD_INLINE int32_t V128AnyTrue(V a) { return !_mm_testz_si128(a, a); }

// ---- all_true / bitmask ----
WASMVM_SIMD_INLINE int32_t I8x16AllTrue(V a) { return _mm_movemask_epi8(_mm_cmpeq_epi8(a, _mm_setzero_si128())) == 0; }
WASMVM_SIMD_INLINE int32_t I16x8AllTrue(V a) { return _mm_movemask_epi8(_mm_cmpeq_epi16(a, _mm_setzero_si128())) == 0; }
WASMVM_SIMD_INLINE int32_t I32x4AllTrue(V a) { return _mm_movemask_epi8(_mm_cmpeq_epi32(a, _mm_setzero_si128())) == 0; }
WASMVM_SIMD_INLINE int32_t I64x2AllTrue(V a) { return _mm_movemask_epi8(_mm_cmpeq_epi64(a, _mm_setzero_si128())) == 0; }
WASMVM_SIMD_INLINE int32_t I8x16Bitmask(V a) { return _mm_movemask_epi8(a); }
// packsswb keeps each 16-bit lane's sign in one byte.
WASMVM_SIMD_INLINE int32_t I16x8Bitmask(V a) { return _mm_movemask_epi8(_mm_packs_epi16(a, _mm_setzero_si128())); }
WASMVM_SIMD_INLINE int32_t I32x4Bitmask(V a) { return _mm_movemask_ps(ps(a)); }
WASMVM_SIMD_INLINE int32_t I64x2Bitmask(V a) { return _mm_movemask_pd(pd(a)); }

// ---- integer arithmetic ----
WASMVM_SIMD_INLINE V I8x16Add(V a, V b) { return _mm_add_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16Sub(V a, V b) { return _mm_sub_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16AddSatS(V a, V b) { return _mm_adds_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16AddSatU(V a, V b) { return _mm_adds_epu8(a, b); }
WASMVM_SIMD_INLINE V I8x16SubSatS(V a, V b) { return _mm_subs_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16SubSatU(V a, V b) { return _mm_subs_epu8(a, b); }
WASMVM_SIMD_INLINE V I16x8Add(V a, V b) { return _mm_add_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8Sub(V a, V b) { return _mm_sub_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8AddSatS(V a, V b) { return _mm_adds_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8AddSatU(V a, V b) { return _mm_adds_epu16(a, b); }
WASMVM_SIMD_INLINE V I16x8SubSatS(V a, V b) { return _mm_subs_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8SubSatU(V a, V b) { return _mm_subs_epu16(a, b); }
WASMVM_SIMD_INLINE V I16x8Mul(V a, V b) { return _mm_mullo_epi16(a, b); }
WASMVM_SIMD_INLINE V I32x4Add(V a, V b) { return _mm_add_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4Sub(V a, V b) { return _mm_sub_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4Mul(V a, V b) { return _mm_mullo_epi32(a, b); }
WASMVM_SIMD_INLINE V I64x2Add(V a, V b) { return _mm_add_epi64(a, b); }
WASMVM_SIMD_INLINE V I64x2Sub(V a, V b) { return _mm_sub_epi64(a, b); }
// No pmullq: lo(a)*lo(b) + ((hi(a)*lo(b) + lo(a)*hi(b)) << 32), all mod 2^64.
WASMVM_SIMD_INLINE V I64x2Mul(V a, V b) {
  V lolo = _mm_mul_epu32(a, b);
  V cross = _mm_add_epi64(_mm_mul_epu32(_mm_srli_epi64(a, 32), b), _mm_mul_epu32(a, _mm_srli_epi64(b, 32)));
  return _mm_add_epi64(lolo, _mm_slli_epi64(cross, 32));
}

WASMVM_SIMD_INLINE V I8x16Neg(V a) { return _mm_sub_epi8(_mm_setzero_si128(), a); }
WASMVM_SIMD_INLINE V I16x8Neg(V a) { return _mm_sub_epi16(_mm_setzero_si128(), a); }
WASMVM_SIMD_INLINE V I32x4Neg(V a) { return _mm_sub_epi32(_mm_setzero_si128(), a); }
WASMVM_SIMD_INLINE V I64x2Neg(V a) { return _mm_sub_epi64(_mm_setzero_si128(), a); }
// pabs* return 0x80.. for INT_MIN, which is what Wasm wants.
WASMVM_SIMD_INLINE V I8x16Abs(V a) { return _mm_abs_epi8(a); }
WASMVM_SIMD_INLINE V I16x8Abs(V a) { return _mm_abs_epi16(a); }
WASMVM_SIMD_INLINE V I32x4Abs(V a) { return _mm_abs_epi32(a); }
WASMVM_SIMD_INLINE V I64x2Abs(V a) {
  V sign = _mm_cmpgt_epi64(_mm_setzero_si128(), a);
  return _mm_sub_epi64(_mm_xor_si128(a, sign), sign);
}

WASMVM_SIMD_INLINE V I8x16MinS(V a, V b) { return _mm_min_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16MinU(V a, V b) { return _mm_min_epu8(a, b); }
WASMVM_SIMD_INLINE V I8x16MaxS(V a, V b) { return _mm_max_epi8(a, b); }
WASMVM_SIMD_INLINE V I8x16MaxU(V a, V b) { return _mm_max_epu8(a, b); }
WASMVM_SIMD_INLINE V I16x8MinS(V a, V b) { return _mm_min_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8MinU(V a, V b) { return _mm_min_epu16(a, b); }
WASMVM_SIMD_INLINE V I16x8MaxS(V a, V b) { return _mm_max_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8MaxU(V a, V b) { return _mm_max_epu16(a, b); }
WASMVM_SIMD_INLINE V I32x4MinS(V a, V b) { return _mm_min_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4MinU(V a, V b) { return _mm_min_epu32(a, b); }
WASMVM_SIMD_INLINE V I32x4MaxS(V a, V b) { return _mm_max_epi32(a, b); }
WASMVM_SIMD_INLINE V I32x4MaxU(V a, V b) { return _mm_max_epu32(a, b); }
WASMVM_SIMD_INLINE V I8x16AvgrU(V a, V b) { return _mm_avg_epu8(a, b); }
WASMVM_SIMD_INLINE V I16x8AvgrU(V a, V b) { return _mm_avg_epu16(a, b); }

// Nibble lookup table popcount.
WASMVM_SIMD_INLINE V I8x16Popcnt(V a) {
  const V table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const V nibble = _mm_set1_epi8(0x0F);
  V lo = _mm_and_si128(a, nibble);
  V hi = _mm_and_si128(_mm_srli_epi16(a, 4), nibble);
  return _mm_add_epi8(_mm_shuffle_epi8(table, lo), _mm_shuffle_epi8(table, hi));
}

// ---- shifts: Wasm masks the count by the lane width; SSE would zero instead ----
// No 8-bit shifts: shift 16-bit lanes and clear the bits that crossed a byte boundary.
WASMVM_SIMD_INLINE V I8x16Shl(V a, int32_t n) {
  n &= 7;
  return _mm_and_si128(_mm_sll_epi16(a, _mm_cvtsi32_si128(n)), _mm_set1_epi8((char)(0xFF << n)));
}
WASMVM_SIMD_INLINE V I8x16ShrU(V a, int32_t n) {
  n &= 7;
  return _mm_and_si128(_mm_srl_epi16(a, _mm_cvtsi32_si128(n)), _mm_set1_epi8((char)(0xFF >> n)));
}
// Put each byte in the high half of a 16-bit lane, shift arithmetically by n + 8, pack back (no saturation).
WASMVM_SIMD_INLINE V I8x16ShrS(V a, int32_t n) {
  V count = _mm_cvtsi32_si128((n & 7) + 8);
  V lo = _mm_sra_epi16(_mm_unpacklo_epi8(a, a), count);
  V hi = _mm_sra_epi16(_mm_unpackhi_epi8(a, a), count);
  return _mm_packs_epi16(lo, hi);
}
WASMVM_SIMD_INLINE V I16x8Shl(V a, int32_t n) { return _mm_sll_epi16(a, _mm_cvtsi32_si128(n & 15)); }
WASMVM_SIMD_INLINE V I16x8ShrS(V a, int32_t n) { return _mm_sra_epi16(a, _mm_cvtsi32_si128(n & 15)); }
WASMVM_SIMD_INLINE V I16x8ShrU(V a, int32_t n) { return _mm_srl_epi16(a, _mm_cvtsi32_si128(n & 15)); }
WASMVM_SIMD_INLINE V I32x4Shl(V a, int32_t n) { return _mm_sll_epi32(a, _mm_cvtsi32_si128(n & 31)); }
WASMVM_SIMD_INLINE V I32x4ShrS(V a, int32_t n) { return _mm_sra_epi32(a, _mm_cvtsi32_si128(n & 31)); }
WASMVM_SIMD_INLINE V I32x4ShrU(V a, int32_t n) { return _mm_srl_epi32(a, _mm_cvtsi32_si128(n & 31)); }
WASMVM_SIMD_INLINE V I64x2Shl(V a, int32_t n) { return _mm_sll_epi64(a, _mm_cvtsi32_si128(n & 63)); }
WASMVM_SIMD_INLINE V I64x2ShrU(V a, int32_t n) { return _mm_srl_epi64(a, _mm_cvtsi32_si128(n & 63)); }
// No psraq: for negative lanes, ~(~a >>> n) is the arithmetic shift.
WASMVM_SIMD_INLINE V I64x2ShrS(V a, int32_t n) {
  V sign = _mm_cmpgt_epi64(_mm_setzero_si128(), a);
  return _mm_xor_si128(_mm_srl_epi64(_mm_xor_si128(a, sign), _mm_cvtsi32_si128(n & 63)), sign);
}

// ---- widening ----
WASMVM_SIMD_INLINE V high_half(V a) { return _mm_unpackhi_epi64(a, a); }
WASMVM_SIMD_INLINE V I16x8ExtendLowI8x16S(V a) { return _mm_cvtepi8_epi16(a); }
WASMVM_SIMD_INLINE V I16x8ExtendHighI8x16S(V a) { return _mm_cvtepi8_epi16(high_half(a)); }
WASMVM_SIMD_INLINE V I16x8ExtendLowI8x16U(V a) { return _mm_cvtepu8_epi16(a); }
WASMVM_SIMD_INLINE V I16x8ExtendHighI8x16U(V a) { return _mm_unpackhi_epi8(a, _mm_setzero_si128()); }
WASMVM_SIMD_INLINE V I32x4ExtendLowI16x8S(V a) { return _mm_cvtepi16_epi32(a); }
WASMVM_SIMD_INLINE V I32x4ExtendHighI16x8S(V a) { return _mm_cvtepi16_epi32(high_half(a)); }
WASMVM_SIMD_INLINE V I32x4ExtendLowI16x8U(V a) { return _mm_cvtepu16_epi32(a); }
WASMVM_SIMD_INLINE V I32x4ExtendHighI16x8U(V a) { return _mm_unpackhi_epi16(a, _mm_setzero_si128()); }
WASMVM_SIMD_INLINE V I64x2ExtendLowI32x4S(V a) { return _mm_cvtepi32_epi64(a); }
WASMVM_SIMD_INLINE V I64x2ExtendHighI32x4S(V a) { return _mm_cvtepi32_epi64(high_half(a)); }
WASMVM_SIMD_INLINE V I64x2ExtendLowI32x4U(V a) { return _mm_cvtepu32_epi64(a); }
WASMVM_SIMD_INLINE V I64x2ExtendHighI32x4U(V a) { return _mm_unpackhi_epi32(a, _mm_setzero_si128()); }

// i8 -> i16 products fit in 16 bits: widen, then pmullw.
WASMVM_SIMD_INLINE V I16x8ExtmulLowI8x16S(V a, V b) { return _mm_mullo_epi16(I16x8ExtendLowI8x16S(a), I16x8ExtendLowI8x16S(b)); }
WASMVM_SIMD_INLINE V I16x8ExtmulHighI8x16S(V a, V b) { return _mm_mullo_epi16(I16x8ExtendHighI8x16S(a), I16x8ExtendHighI8x16S(b)); }
WASMVM_SIMD_INLINE V I16x8ExtmulLowI8x16U(V a, V b) { return _mm_mullo_epi16(I16x8ExtendLowI8x16U(a), I16x8ExtendLowI8x16U(b)); }
WASMVM_SIMD_INLINE V I16x8ExtmulHighI8x16U(V a, V b) { return _mm_mullo_epi16(I16x8ExtendHighI8x16U(a), I16x8ExtendHighI8x16U(b)); }
// i16 -> i32 products: low and high 16-bit halves of the product, interleaved.
WASMVM_SIMD_INLINE V I32x4ExtmulLowI16x8S(V a, V b) { return _mm_unpacklo_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epi16(a, b)); }
WASMVM_SIMD_INLINE V I32x4ExtmulHighI16x8S(V a, V b) { return _mm_unpackhi_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epi16(a, b)); }
WASMVM_SIMD_INLINE V I32x4ExtmulLowI16x8U(V a, V b) { return _mm_unpacklo_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epu16(a, b)); }
WASMVM_SIMD_INLINE V I32x4ExtmulHighI16x8U(V a, V b) { return _mm_unpackhi_epi16(_mm_mullo_epi16(a, b), _mm_mulhi_epu16(a, b)); }
// i32 -> i64: pmuldq/pmuludq multiply lanes 0 and 2, so spread the wanted lanes there first.
WASMVM_SIMD_INLINE V I64x2ExtmulLowI32x4S(V a, V b) {
  return _mm_mul_epi32(_mm_shuffle_epi32(a, _MM_SHUFFLE(1, 1, 0, 0)), _mm_shuffle_epi32(b, _MM_SHUFFLE(1, 1, 0, 0)));
}
WASMVM_SIMD_INLINE V I64x2ExtmulHighI32x4S(V a, V b) {
  return _mm_mul_epi32(_mm_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 2, 2)), _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 3, 2, 2)));
}
WASMVM_SIMD_INLINE V I64x2ExtmulLowI32x4U(V a, V b) {
  return _mm_mul_epu32(_mm_shuffle_epi32(a, _MM_SHUFFLE(1, 1, 0, 0)), _mm_shuffle_epi32(b, _MM_SHUFFLE(1, 1, 0, 0)));
}
WASMVM_SIMD_INLINE V I64x2ExtmulHighI32x4U(V a, V b) {
  return _mm_mul_epu32(_mm_shuffle_epi32(a, _MM_SHUFFLE(3, 3, 2, 2)), _mm_shuffle_epi32(b, _MM_SHUFFLE(3, 3, 2, 2)));
}

// pmaddubsw(u8, s8): sums of adjacent products never saturate when one side is all ones.
WASMVM_SIMD_INLINE V I16x8ExtaddPairwiseI8x16S(V a) { return _mm_maddubs_epi16(_mm_set1_epi8(1), a); }
WASMVM_SIMD_INLINE V I16x8ExtaddPairwiseI8x16U(V a) { return _mm_maddubs_epi16(a, _mm_set1_epi8(1)); }
WASMVM_SIMD_INLINE V I32x4ExtaddPairwiseI16x8S(V a) { return _mm_madd_epi16(a, _mm_set1_epi16(1)); }
// Unsigned: bias to signed (u - 32768), pmaddwd, then add back 2 * 32768.
WASMVM_SIMD_INLINE V I32x4ExtaddPairwiseI16x8U(V a) {
  V biased = _mm_xor_si128(a, _mm_set1_epi16((short)0x8000));
  return _mm_add_epi32(_mm_madd_epi16(biased, _mm_set1_epi16(1)), _mm_set1_epi32(65536));
}
// pmaddwd wraps 2 * (-32768)^2 to INT_MIN exactly as Wasm does.
WASMVM_SIMD_INLINE V I32x4DotI16x8S(V a, V b) { return _mm_madd_epi16(a, b); }

// pmulhrsw rounds like Wasm but gives 0x8000 for 0x8000 * 0x8000; flip those lanes to 0x7FFF.
WASMVM_SIMD_INLINE V I16x8Q15mulrSatS(V a, V b) {
  V r = _mm_mulhrs_epi16(a, b);
  return _mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16((short)0x8000)));
}

// ---- narrowing with saturation (the pack instructions read signed inputs, as Wasm does) ----
WASMVM_SIMD_INLINE V I8x16NarrowI16x8S(V a, V b) { return _mm_packs_epi16(a, b); }
WASMVM_SIMD_INLINE V I8x16NarrowI16x8U(V a, V b) { return _mm_packus_epi16(a, b); }
WASMVM_SIMD_INLINE V I16x8NarrowI32x4S(V a, V b) { return _mm_packs_epi32(a, b); }
WASMVM_SIMD_INLINE V I16x8NarrowI32x4U(V a, V b) { return _mm_packus_epi32(a, b); }

}  // namespace wasmvm::simd::sse41

#include "simd/sse41_float.h"
#include "simd/sse41_memory.h"
