// Portable simd128 backend: GCC/clang vector extensions plus small scalar lane loops.
// Exact Wasm semantics on any little-endian host; it is also the oracle the SSE4.1 backend is tested against.
// Float scalars cross the API as bit patterns so NaN payloads survive.
#pragma once
#include <cstdint>

#include "simd/inline.h"

// On AArch64 some operations are one NEON instruction with exactly Wasm's semantics (tbl zeroes out-of-range
// indices, saturating add/sub/narrow, sqrdmulh, urhadd, cnt, fsqrt, frint*, fmin/fmax, saturating fcvtz*);
// those use intrinsics, everything else stays on vector extensions. -DWASMVM_SIMD_NO_NEON=1 turns this off.
#if defined(__aarch64__) && defined(__ARM_NEON) && !WASMVM_SIMD_NO_NEON
#define WASMVM_PORTABLE_NEON 1
#include <arm_neon.h>
#else
#define WASMVM_PORTABLE_NEON 0
#endif

namespace wasmvm::simd::portable {

typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int16_t i16x8 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef int64_t i64x2 __attribute__((vector_size(16)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef double f64x2 __attribute__((vector_size(16)));
// Half-width vectors, only used as widening sources.
typedef int8_t i8x8 __attribute__((vector_size(8)));
typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef int16_t i16x4 __attribute__((vector_size(8)));
typedef uint16_t u16x4 __attribute__((vector_size(8)));
typedef int32_t i32x2 __attribute__((vector_size(8)));
typedef uint32_t u32x2 __attribute__((vector_size(8)));

// The v128 value as handed around by the interpreter.
typedef int64_t V __attribute__((vector_size(16)));

// ---- reinterpretation (free: same 16 bytes) ----
WASMVM_SIMD_INLINE i8x16 as_i8(V v) { return (i8x16)v; }
WASMVM_SIMD_INLINE u8x16 as_u8(V v) { return (u8x16)v; }
WASMVM_SIMD_INLINE i16x8 as_i16(V v) { return (i16x8)v; }
WASMVM_SIMD_INLINE u16x8 as_u16(V v) { return (u16x8)v; }
WASMVM_SIMD_INLINE i32x4 as_i32(V v) { return (i32x4)v; }
WASMVM_SIMD_INLINE u32x4 as_u32(V v) { return (u32x4)v; }
WASMVM_SIMD_INLINE u64x2 as_u64(V v) { return (u64x2)v; }
WASMVM_SIMD_INLINE f32x4 as_f32(V v) { return (f32x4)v; }
WASMVM_SIMD_INLINE f64x2 as_f64(V v) { return (f64x2)v; }

// Bitwise select: lanes of a where mask bits are set, else b.
WASMVM_SIMD_INLINE V bsel(V mask, V a, V b) { return (a & mask) | (b & ~mask); }

// ---- load / store ----
WASMVM_SIMD_INLINE V load(const void* p) {
  V v;
  __builtin_memcpy(&v, p, 16);
  return v;
}
WASMVM_SIMD_INLINE void store(void* p, V v) { __builtin_memcpy(p, &v, 16); }
WASMVM_SIMD_INLINE V from_bytes(const uint8_t bytes[16]) { return load(bytes); }

// ---- splats ----
WASMVM_SIMD_INLINE V I8x16Splat(int32_t x) {
  u8x16 z = {};
  return (V)(z + (uint8_t)x);
}
WASMVM_SIMD_INLINE V I16x8Splat(int32_t x) {
  u16x8 z = {};
  return (V)(z + (uint16_t)x);
}
WASMVM_SIMD_INLINE V I32x4Splat(int32_t x) {
  u32x4 z = {};
  return (V)(z + (uint32_t)x);
}
WASMVM_SIMD_INLINE V I64x2Splat(int64_t x) {
  u64x2 z = {};
  return (V)(z + (uint64_t)x);
}
WASMVM_SIMD_INLINE V F32x4Splat(uint32_t bits) { return I32x4Splat((int32_t)bits); }
WASMVM_SIMD_INLINE V F64x2Splat(uint64_t bits) { return I64x2Splat((int64_t)bits); }

// ---- lanes (the lane index is masked so a bad immediate can never index out of the vector) ----
WASMVM_SIMD_INLINE int32_t I8x16ExtractLaneS(V a, unsigned lane) { return as_i8(a)[lane & 15]; }
WASMVM_SIMD_INLINE int32_t I8x16ExtractLaneU(V a, unsigned lane) { return as_u8(a)[lane & 15]; }
WASMVM_SIMD_INLINE int32_t I16x8ExtractLaneS(V a, unsigned lane) { return as_i16(a)[lane & 7]; }
WASMVM_SIMD_INLINE int32_t I16x8ExtractLaneU(V a, unsigned lane) { return as_u16(a)[lane & 7]; }
WASMVM_SIMD_INLINE int32_t I32x4ExtractLane(V a, unsigned lane) { return as_i32(a)[lane & 3]; }
WASMVM_SIMD_INLINE int64_t I64x2ExtractLane(V a, unsigned lane) { return a[lane & 1]; }
WASMVM_SIMD_INLINE uint32_t F32x4ExtractLane(V a, unsigned lane) { return as_u32(a)[lane & 3]; }
WASMVM_SIMD_INLINE uint64_t F64x2ExtractLane(V a, unsigned lane) { return as_u64(a)[lane & 1]; }

WASMVM_SIMD_INLINE V I8x16ReplaceLane(V a, unsigned lane, int32_t x) {
  u8x16 v = as_u8(a);
  v[lane & 15] = (uint8_t)x;
  return (V)v;
}
WASMVM_SIMD_INLINE V I16x8ReplaceLane(V a, unsigned lane, int32_t x) {
  u16x8 v = as_u16(a);
  v[lane & 7] = (uint16_t)x;
  return (V)v;
}
WASMVM_SIMD_INLINE V I32x4ReplaceLane(V a, unsigned lane, int32_t x) {
  u32x4 v = as_u32(a);
  v[lane & 3] = (uint32_t)x;
  return (V)v;
}
WASMVM_SIMD_INLINE V I64x2ReplaceLane(V a, unsigned lane, int64_t x) {
  a[lane & 1] = x;
  return a;
}
WASMVM_SIMD_INLINE V F32x4ReplaceLane(V a, unsigned lane, uint32_t bits) {
  return I32x4ReplaceLane(a, lane, (int32_t)bits);
}
WASMVM_SIMD_INLINE V F64x2ReplaceLane(V a, unsigned lane, uint64_t bits) {
  return I64x2ReplaceLane(a, lane, (int64_t)bits);
}

// ---- shuffle / swizzle ----
struct ShuffleImm {
  uint8_t lanes[16];  // each in 0..31: < 16 picks from a, else from b
};
WASMVM_SIMD_INLINE ShuffleImm shuffle_prepare(const uint8_t lanes[16]) {
  ShuffleImm imm;
  for (int i = 0; i < 16; ++i) imm.lanes[i] = lanes[i] & 31;
  return imm;
}
WASMVM_SIMD_INLINE V I8x16Shuffle(V a, V b, const ShuffleImm& imm) {
#if WASMVM_PORTABLE_NEON
  const uint8x16x2_t table = {{(uint8x16_t)a, (uint8x16_t)b}};
  return (V)vqtbl2q_u8(table, vld1q_u8(imm.lanes));
#elif defined(__clang__)
  uint8_t ab[32];
  __builtin_memcpy(ab, &a, 16);
  __builtin_memcpy(ab + 16, &b, 16);
  u8x16 r;
  for (int i = 0; i < 16; ++i) r[i] = ab[imm.lanes[i]];
  return (V)r;
#else
  u8x16 mask;
  __builtin_memcpy(&mask, imm.lanes, 16);
  return (V)__builtin_shuffle(as_u8(a), as_u8(b), mask);
#endif
}
WASMVM_SIMD_INLINE V I8x16Swizzle(V a, V idx) {
#if WASMVM_PORTABLE_NEON
  return (V)vqtbl1q_u8((uint8x16_t)a, (uint8x16_t)idx);
#endif
  u8x16 i = as_u8(idx);
  V in_range = (V)(i < 16);
#if defined(__clang__)
  u8x16 src = as_u8(a), r;
  for (int k = 0; k < 16; ++k) r[k] = src[i[k] & 15];
#else
  u8x16 r = __builtin_shuffle(as_u8(a), (u8x16)(i & 15));
#endif
  return (V)r & in_range;
}

// ---- integer comparisons (all-ones / all-zeros lanes) ----
#define WASMVM_PORTABLE_CMP(Name, cast, op) \
  WASMVM_SIMD_INLINE V Name(V a, V b) { return (V)(cast(a) op cast(b)); }
WASMVM_PORTABLE_CMP(I8x16Eq, as_i8, ==)
WASMVM_PORTABLE_CMP(I8x16Ne, as_i8, !=)
WASMVM_PORTABLE_CMP(I8x16LtS, as_i8, <)
WASMVM_PORTABLE_CMP(I8x16LtU, as_u8, <)
WASMVM_PORTABLE_CMP(I8x16GtS, as_i8, >)
WASMVM_PORTABLE_CMP(I8x16GtU, as_u8, >)
WASMVM_PORTABLE_CMP(I8x16LeS, as_i8, <=)
WASMVM_PORTABLE_CMP(I8x16LeU, as_u8, <=)
WASMVM_PORTABLE_CMP(I8x16GeS, as_i8, >=)
WASMVM_PORTABLE_CMP(I8x16GeU, as_u8, >=)
WASMVM_PORTABLE_CMP(I16x8Eq, as_i16, ==)
WASMVM_PORTABLE_CMP(I16x8Ne, as_i16, !=)
WASMVM_PORTABLE_CMP(I16x8LtS, as_i16, <)
WASMVM_PORTABLE_CMP(I16x8LtU, as_u16, <)
WASMVM_PORTABLE_CMP(I16x8GtS, as_i16, >)
WASMVM_PORTABLE_CMP(I16x8GtU, as_u16, >)
WASMVM_PORTABLE_CMP(I16x8LeS, as_i16, <=)
WASMVM_PORTABLE_CMP(I16x8LeU, as_u16, <=)
WASMVM_PORTABLE_CMP(I16x8GeS, as_i16, >=)
WASMVM_PORTABLE_CMP(I16x8GeU, as_u16, >=)
WASMVM_PORTABLE_CMP(I32x4Eq, as_i32, ==)
WASMVM_PORTABLE_CMP(I32x4Ne, as_i32, !=)
WASMVM_PORTABLE_CMP(I32x4LtS, as_i32, <)
WASMVM_PORTABLE_CMP(I32x4LtU, as_u32, <)
WASMVM_PORTABLE_CMP(I32x4GtS, as_i32, >)
WASMVM_PORTABLE_CMP(I32x4GtU, as_u32, >)
WASMVM_PORTABLE_CMP(I32x4LeS, as_i32, <=)
WASMVM_PORTABLE_CMP(I32x4LeU, as_u32, <=)
WASMVM_PORTABLE_CMP(I32x4GeS, as_i32, >=)
WASMVM_PORTABLE_CMP(I32x4GeU, as_u32, >=)
WASMVM_PORTABLE_CMP(I64x2Eq, , ==)
WASMVM_PORTABLE_CMP(I64x2Ne, , !=)
WASMVM_PORTABLE_CMP(I64x2LtS, , <)
WASMVM_PORTABLE_CMP(I64x2GtS, , >)
WASMVM_PORTABLE_CMP(I64x2LeS, , <=)
WASMVM_PORTABLE_CMP(I64x2GeS, , >=)
// Float comparisons: ordered except ne, exactly like the C operators on vectors.
WASMVM_PORTABLE_CMP(F32x4Eq, as_f32, ==)
WASMVM_PORTABLE_CMP(F32x4Ne, as_f32, !=)
WASMVM_PORTABLE_CMP(F32x4Lt, as_f32, <)
WASMVM_PORTABLE_CMP(F32x4Gt, as_f32, >)
WASMVM_PORTABLE_CMP(F32x4Le, as_f32, <=)
WASMVM_PORTABLE_CMP(F32x4Ge, as_f32, >=)
WASMVM_PORTABLE_CMP(F64x2Eq, as_f64, ==)
WASMVM_PORTABLE_CMP(F64x2Ne, as_f64, !=)
WASMVM_PORTABLE_CMP(F64x2Lt, as_f64, <)
WASMVM_PORTABLE_CMP(F64x2Gt, as_f64, >)
WASMVM_PORTABLE_CMP(F64x2Le, as_f64, <=)
WASMVM_PORTABLE_CMP(F64x2Ge, as_f64, >=)
#undef WASMVM_PORTABLE_CMP

// ---- bitwise ----
WASMVM_SIMD_INLINE V V128Not(V a) { return ~a; }
WASMVM_SIMD_INLINE V V128And(V a, V b) { return a & b; }
WASMVM_SIMD_INLINE V V128AndNot(V a, V b) { return a & ~b; }
WASMVM_SIMD_INLINE V V128Or(V a, V b) { return a | b; }
WASMVM_SIMD_INLINE V V128Xor(V a, V b) { return a ^ b; }
WASMVM_SIMD_INLINE V V128Bitselect(V v1, V v2, V c) { return bsel(c, v1, v2); }
WASMVM_SIMD_INLINE int32_t V128AnyTrue(V a) { return (a[0] | a[1]) != 0; }

// ---- all_true / bitmask ----
// A 64-bit word has a zero lane iff (x - ones) & ~x & highs is non-zero (exact for every lane width).
WASMVM_SIMD_INLINE bool has_zero_lane(uint64_t x, uint64_t ones, uint64_t highs) {
  return ((x - ones) & ~x & highs) != 0;
}
WASMVM_SIMD_INLINE int32_t all_lanes_nonzero(V a, uint64_t ones, uint64_t highs) {
  u64x2 w = as_u64(a);
  return !has_zero_lane(w[0], ones, highs) && !has_zero_lane(w[1], ones, highs);
}
WASMVM_SIMD_INLINE int32_t I8x16AllTrue(V a) {
  return all_lanes_nonzero(a, 0x0101010101010101ull, 0x8080808080808080ull);
}
WASMVM_SIMD_INLINE int32_t I16x8AllTrue(V a) {
  return all_lanes_nonzero(a, 0x0001000100010001ull, 0x8000800080008000ull);
}
WASMVM_SIMD_INLINE int32_t I32x4AllTrue(V a) {
  return all_lanes_nonzero(a, 0x0000000100000001ull, 0x8000000080000000ull);
}
WASMVM_SIMD_INLINE int32_t I64x2AllTrue(V a) { return a[0] != 0 && a[1] != 0; }

// Each negative lane contributes one distinct bit; within a 64-bit word the lanes hold distinct bits, so a
// multiply by 0x0101.. (or 0x0001..) sums (= ORs) them into the top lane without carries.
WASMVM_SIMD_INLINE int32_t I8x16Bitmask(V a) {
  const u8x16 weights = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  const u64x2 bits = (u64x2)((V)(as_i8(a) >> 7) & (V)weights);
  const uint64_t lo = (bits[0] * 0x0101010101010101ull) >> 56, hi = (bits[1] * 0x0101010101010101ull) >> 56;
  return (int32_t)(lo | (hi << 8));
}
WASMVM_SIMD_INLINE int32_t I16x8Bitmask(V a) {
  const u16x8 weights = {1, 2, 4, 8, 16, 32, 64, 128};
  const u64x2 bits = (u64x2)((V)(as_i16(a) >> 15) & (V)weights);
  return (int32_t)(((bits[0] * 0x0001000100010001ull) >> 48) | ((bits[1] * 0x0001000100010001ull) >> 48));
}
WASMVM_SIMD_INLINE int32_t I32x4Bitmask(V a) {
  u32x4 s = as_u32(a) >> 31;
  return (int32_t)(s[0] | (s[1] << 1) | (s[2] << 2) | (s[3] << 3));
}
WASMVM_SIMD_INLINE int32_t I64x2Bitmask(V a) {
  u64x2 s = as_u64(a) >> 63;
  return (int32_t)(s[0] | (s[1] << 1));
}

// ---- integer arithmetic (done on unsigned lanes: wrap-around, no UB) ----
WASMVM_SIMD_INLINE V I8x16Add(V a, V b) { return (V)(as_u8(a) + as_u8(b)); }
WASMVM_SIMD_INLINE V I8x16Sub(V a, V b) { return (V)(as_u8(a) - as_u8(b)); }
WASMVM_SIMD_INLINE V I16x8Add(V a, V b) { return (V)(as_u16(a) + as_u16(b)); }
WASMVM_SIMD_INLINE V I16x8Sub(V a, V b) { return (V)(as_u16(a) - as_u16(b)); }
WASMVM_SIMD_INLINE V I16x8Mul(V a, V b) { return (V)(as_u16(a) * as_u16(b)); }
WASMVM_SIMD_INLINE V I32x4Add(V a, V b) { return (V)(as_u32(a) + as_u32(b)); }
WASMVM_SIMD_INLINE V I32x4Sub(V a, V b) { return (V)(as_u32(a) - as_u32(b)); }
WASMVM_SIMD_INLINE V I32x4Mul(V a, V b) { return (V)(as_u32(a) * as_u32(b)); }
WASMVM_SIMD_INLINE V I64x2Add(V a, V b) { return (V)(as_u64(a) + as_u64(b)); }
WASMVM_SIMD_INLINE V I64x2Sub(V a, V b) { return (V)(as_u64(a) - as_u64(b)); }
WASMVM_SIMD_INLINE V I64x2Mul(V a, V b) { return (V)(as_u64(a) * as_u64(b)); }

WASMVM_SIMD_INLINE V I8x16Neg(V a) { return (V)(-as_u8(a)); }
WASMVM_SIMD_INLINE V I16x8Neg(V a) { return (V)(-as_u16(a)); }
WASMVM_SIMD_INLINE V I32x4Neg(V a) { return (V)(-as_u32(a)); }
WASMVM_SIMD_INLINE V I64x2Neg(V a) { return (V)(-as_u64(a)); }
// abs(INT_MIN) wraps back to INT_MIN, as Wasm requires.
WASMVM_SIMD_INLINE V I8x16Abs(V a) { return bsel((V)(as_i8(a) < 0), I8x16Neg(a), a); }
WASMVM_SIMD_INLINE V I16x8Abs(V a) { return bsel((V)(as_i16(a) < 0), I16x8Neg(a), a); }
WASMVM_SIMD_INLINE V I32x4Abs(V a) { return bsel((V)(as_i32(a) < 0), I32x4Neg(a), a); }
WASMVM_SIMD_INLINE V I64x2Abs(V a) { return bsel((V)(a < 0), I64x2Neg(a), a); }

// Saturating add/sub without widening. Signed: overflow iff the operands' signs make it possible and the
// result's sign disagrees; the saturated value is INT_MAX for a >= 0 and INT_MIN for a < 0.
template <class S, class U>
WASMVM_SIMD_INLINE V add_sat_s(V va, V vb, int top) {
  S a = (S)va, b = (S)vb;
  S s = (S)((U)a + (U)b);
  S overflow = (S)((~(a ^ b) & (a ^ s)) >> top);  // all-ones where overflowed
  U zero = {};
  S sat = (a >> top) ^ (S)(~zero >> 1);
  return bsel((V)overflow, (V)sat, (V)s);
}
template <class S, class U>
WASMVM_SIMD_INLINE V sub_sat_s(V va, V vb, int top) {
  S a = (S)va, b = (S)vb;
  S d = (S)((U)a - (U)b);
  S overflow = (S)(((a ^ b) & (a ^ d)) >> top);
  U zero = {};
  S sat = (a >> top) ^ (S)(~zero >> 1);
  return bsel((V)overflow, (V)sat, (V)d);
}
template <class U>
WASMVM_SIMD_INLINE V add_sat_u(V va, V vb) {
  U a = (U)va, b = (U)vb;
  U s = a + b;
  return (V)s | (V)(s < a);
}
template <class U>
WASMVM_SIMD_INLINE V sub_sat_u(V va, V vb) {
  U a = (U)va, b = (U)vb;
  return (V)(a - b) & (V)(a >= b);
}
#if WASMVM_PORTABLE_NEON
WASMVM_SIMD_INLINE V I8x16AddSatS(V a, V b) { return (V)vqaddq_s8((int8x16_t)a, (int8x16_t)b); }
WASMVM_SIMD_INLINE V I8x16AddSatU(V a, V b) { return (V)vqaddq_u8((uint8x16_t)a, (uint8x16_t)b); }
WASMVM_SIMD_INLINE V I8x16SubSatS(V a, V b) { return (V)vqsubq_s8((int8x16_t)a, (int8x16_t)b); }
WASMVM_SIMD_INLINE V I8x16SubSatU(V a, V b) { return (V)vqsubq_u8((uint8x16_t)a, (uint8x16_t)b); }
WASMVM_SIMD_INLINE V I16x8AddSatS(V a, V b) { return (V)vqaddq_s16((int16x8_t)a, (int16x8_t)b); }
WASMVM_SIMD_INLINE V I16x8AddSatU(V a, V b) { return (V)vqaddq_u16((uint16x8_t)a, (uint16x8_t)b); }
WASMVM_SIMD_INLINE V I16x8SubSatS(V a, V b) { return (V)vqsubq_s16((int16x8_t)a, (int16x8_t)b); }
WASMVM_SIMD_INLINE V I16x8SubSatU(V a, V b) { return (V)vqsubq_u16((uint16x8_t)a, (uint16x8_t)b); }
#else
WASMVM_SIMD_INLINE V I8x16AddSatS(V a, V b) { return add_sat_s<i8x16, u8x16>(a, b, 7); }
WASMVM_SIMD_INLINE V I8x16AddSatU(V a, V b) { return add_sat_u<u8x16>(a, b); }
WASMVM_SIMD_INLINE V I8x16SubSatS(V a, V b) { return sub_sat_s<i8x16, u8x16>(a, b, 7); }
WASMVM_SIMD_INLINE V I8x16SubSatU(V a, V b) { return sub_sat_u<u8x16>(a, b); }
WASMVM_SIMD_INLINE V I16x8AddSatS(V a, V b) { return add_sat_s<i16x8, u16x8>(a, b, 15); }
WASMVM_SIMD_INLINE V I16x8AddSatU(V a, V b) { return add_sat_u<u16x8>(a, b); }
WASMVM_SIMD_INLINE V I16x8SubSatS(V a, V b) { return sub_sat_s<i16x8, u16x8>(a, b, 15); }
WASMVM_SIMD_INLINE V I16x8SubSatU(V a, V b) { return sub_sat_u<u16x8>(a, b); }
#endif

#define WASMVM_PORTABLE_MINMAX(Name, cast, op) \
  WASMVM_SIMD_INLINE V Name(V a, V b) { return bsel((V)(cast(a) op cast(b)), a, b); }
WASMVM_PORTABLE_MINMAX(I8x16MinS, as_i8, <)
WASMVM_PORTABLE_MINMAX(I8x16MinU, as_u8, <)
WASMVM_PORTABLE_MINMAX(I8x16MaxS, as_i8, >)
WASMVM_PORTABLE_MINMAX(I8x16MaxU, as_u8, >)
WASMVM_PORTABLE_MINMAX(I16x8MinS, as_i16, <)
WASMVM_PORTABLE_MINMAX(I16x8MinU, as_u16, <)
WASMVM_PORTABLE_MINMAX(I16x8MaxS, as_i16, >)
WASMVM_PORTABLE_MINMAX(I16x8MaxU, as_u16, >)
WASMVM_PORTABLE_MINMAX(I32x4MinS, as_i32, <)
WASMVM_PORTABLE_MINMAX(I32x4MinU, as_u32, <)
WASMVM_PORTABLE_MINMAX(I32x4MaxS, as_i32, >)
WASMVM_PORTABLE_MINMAX(I32x4MaxU, as_u32, >)
#undef WASMVM_PORTABLE_MINMAX

// Rounding-up average, without overflow: (a | b) - ((a ^ b) >> 1).
WASMVM_SIMD_INLINE V I8x16AvgrU(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vrhaddq_u8((uint8x16_t)a, (uint8x16_t)b);
#endif
  u8x16 x = as_u8(a), y = as_u8(b);
  return (V)((x | y) - ((x ^ y) >> 1));
}
WASMVM_SIMD_INLINE V I16x8AvgrU(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vrhaddq_u16((uint16x8_t)a, (uint16x8_t)b);
#endif
  u16x8 x = as_u16(a), y = as_u16(b);
  return (V)((x | y) - ((x ^ y) >> 1));
}

WASMVM_SIMD_INLINE V I8x16Popcnt(V a) {
#if WASMVM_PORTABLE_NEON
  return (V)vcntq_u8((uint8x16_t)a);
#endif
  u8x16 x = as_u8(a);
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (V)((x + (x >> 4)) & 0x0F);
}

// ---- shifts: the count is taken modulo the lane width ----
WASMVM_SIMD_INLINE V I8x16Shl(V a, int32_t n) { return (V)(as_u8(a) << (uint8_t)(n & 7)); }
WASMVM_SIMD_INLINE V I8x16ShrS(V a, int32_t n) { return (V)(as_i8(a) >> (int8_t)(n & 7)); }
WASMVM_SIMD_INLINE V I8x16ShrU(V a, int32_t n) { return (V)(as_u8(a) >> (uint8_t)(n & 7)); }
WASMVM_SIMD_INLINE V I16x8Shl(V a, int32_t n) { return (V)(as_u16(a) << (uint16_t)(n & 15)); }
WASMVM_SIMD_INLINE V I16x8ShrS(V a, int32_t n) { return (V)(as_i16(a) >> (int16_t)(n & 15)); }
WASMVM_SIMD_INLINE V I16x8ShrU(V a, int32_t n) { return (V)(as_u16(a) >> (uint16_t)(n & 15)); }
WASMVM_SIMD_INLINE V I32x4Shl(V a, int32_t n) { return (V)(as_u32(a) << (uint32_t)(n & 31)); }
WASMVM_SIMD_INLINE V I32x4ShrS(V a, int32_t n) { return (V)(as_i32(a) >> (n & 31)); }
WASMVM_SIMD_INLINE V I32x4ShrU(V a, int32_t n) { return (V)(as_u32(a) >> (uint32_t)(n & 31)); }
WASMVM_SIMD_INLINE V I64x2Shl(V a, int32_t n) { return (V)(as_u64(a) << (uint64_t)(n & 63)); }
WASMVM_SIMD_INLINE V I64x2ShrS(V a, int32_t n) { return a >> (int64_t)(n & 63); }
WASMVM_SIMD_INLINE V I64x2ShrU(V a, int32_t n) { return (V)(as_u64(a) >> (uint64_t)(n & 63)); }

// ---- widening helpers: pick the low or high half, then convert lane types ----
WASMVM_SIMD_INLINE i8x8 lo_i8(V a) { i8x16 v = as_i8(a); return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7); }
WASMVM_SIMD_INLINE i8x8 hi_i8(V a) { i8x16 v = as_i8(a); return __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15); }
WASMVM_SIMD_INLINE u8x8 lo_u8(V a) { return (u8x8)lo_i8(a); }
WASMVM_SIMD_INLINE u8x8 hi_u8(V a) { return (u8x8)hi_i8(a); }
WASMVM_SIMD_INLINE i16x4 lo_i16(V a) { i16x8 v = as_i16(a); return __builtin_shufflevector(v, v, 0, 1, 2, 3); }
WASMVM_SIMD_INLINE i16x4 hi_i16(V a) { i16x8 v = as_i16(a); return __builtin_shufflevector(v, v, 4, 5, 6, 7); }
WASMVM_SIMD_INLINE u16x4 lo_u16(V a) { return (u16x4)lo_i16(a); }
WASMVM_SIMD_INLINE u16x4 hi_u16(V a) { return (u16x4)hi_i16(a); }
WASMVM_SIMD_INLINE i32x2 lo_i32(V a) { i32x4 v = as_i32(a); return __builtin_shufflevector(v, v, 0, 1); }
WASMVM_SIMD_INLINE i32x2 hi_i32(V a) { i32x4 v = as_i32(a); return __builtin_shufflevector(v, v, 2, 3); }
WASMVM_SIMD_INLINE u32x2 lo_u32(V a) { return (u32x2)lo_i32(a); }
WASMVM_SIMD_INLINE u32x2 hi_u32(V a) { return (u32x2)hi_i32(a); }

#define WASMVM_PORTABLE_EXTEND(Name, half, To) \
  WASMVM_SIMD_INLINE V Name(V a) { return (V)__builtin_convertvector(half(a), To); }
WASMVM_PORTABLE_EXTEND(I16x8ExtendLowI8x16S, lo_i8, i16x8)
WASMVM_PORTABLE_EXTEND(I16x8ExtendHighI8x16S, hi_i8, i16x8)
WASMVM_PORTABLE_EXTEND(I16x8ExtendLowI8x16U, lo_u8, u16x8)
WASMVM_PORTABLE_EXTEND(I16x8ExtendHighI8x16U, hi_u8, u16x8)
WASMVM_PORTABLE_EXTEND(I32x4ExtendLowI16x8S, lo_i16, i32x4)
WASMVM_PORTABLE_EXTEND(I32x4ExtendHighI16x8S, hi_i16, i32x4)
WASMVM_PORTABLE_EXTEND(I32x4ExtendLowI16x8U, lo_u16, u32x4)
WASMVM_PORTABLE_EXTEND(I32x4ExtendHighI16x8U, hi_u16, u32x4)
WASMVM_PORTABLE_EXTEND(I64x2ExtendLowI32x4S, lo_i32, i64x2)
WASMVM_PORTABLE_EXTEND(I64x2ExtendHighI32x4S, hi_i32, i64x2)
WASMVM_PORTABLE_EXTEND(I64x2ExtendLowI32x4U, lo_u32, u64x2)
WASMVM_PORTABLE_EXTEND(I64x2ExtendHighI32x4U, hi_u32, u64x2)
#undef WASMVM_PORTABLE_EXTEND

// extmul: widen both, multiply in the wide type (unsigned multiply: wraps instead of overflowing).
#define WASMVM_PORTABLE_EXTMUL(Name, Extend, U) \
  WASMVM_SIMD_INLINE V Name(V a, V b) { return (V)((U)Extend(a) * (U)Extend(b)); }
WASMVM_PORTABLE_EXTMUL(I16x8ExtmulLowI8x16S, I16x8ExtendLowI8x16S, u16x8)
WASMVM_PORTABLE_EXTMUL(I16x8ExtmulHighI8x16S, I16x8ExtendHighI8x16S, u16x8)
WASMVM_PORTABLE_EXTMUL(I16x8ExtmulLowI8x16U, I16x8ExtendLowI8x16U, u16x8)
WASMVM_PORTABLE_EXTMUL(I16x8ExtmulHighI8x16U, I16x8ExtendHighI8x16U, u16x8)
WASMVM_PORTABLE_EXTMUL(I32x4ExtmulLowI16x8S, I32x4ExtendLowI16x8S, u32x4)
WASMVM_PORTABLE_EXTMUL(I32x4ExtmulHighI16x8S, I32x4ExtendHighI16x8S, u32x4)
WASMVM_PORTABLE_EXTMUL(I32x4ExtmulLowI16x8U, I32x4ExtendLowI16x8U, u32x4)
WASMVM_PORTABLE_EXTMUL(I32x4ExtmulHighI16x8U, I32x4ExtendHighI16x8U, u32x4)
WASMVM_PORTABLE_EXTMUL(I64x2ExtmulLowI32x4S, I64x2ExtendLowI32x4S, u64x2)
WASMVM_PORTABLE_EXTMUL(I64x2ExtmulHighI32x4S, I64x2ExtendHighI32x4S, u64x2)
WASMVM_PORTABLE_EXTMUL(I64x2ExtmulLowI32x4U, I64x2ExtendLowI32x4U, u64x2)
WASMVM_PORTABLE_EXTMUL(I64x2ExtmulHighI32x4U, I64x2ExtendHighI32x4U, u64x2)
#undef WASMVM_PORTABLE_EXTMUL

// Pairwise: even lanes + odd lanes, each widened.
WASMVM_SIMD_INLINE V I16x8ExtaddPairwiseI8x16S(V a) {
  i8x16 v = as_i8(a);
  i8x8 ev = __builtin_shufflevector(v, v, 0, 2, 4, 6, 8, 10, 12, 14);
  i8x8 od = __builtin_shufflevector(v, v, 1, 3, 5, 7, 9, 11, 13, 15);
  return (V)(__builtin_convertvector(ev, i16x8) + __builtin_convertvector(od, i16x8));
}
WASMVM_SIMD_INLINE V I16x8ExtaddPairwiseI8x16U(V a) {
  u8x16 v = as_u8(a);
  u8x8 ev = __builtin_shufflevector(v, v, 0, 2, 4, 6, 8, 10, 12, 14);
  u8x8 od = __builtin_shufflevector(v, v, 1, 3, 5, 7, 9, 11, 13, 15);
  return (V)(__builtin_convertvector(ev, u16x8) + __builtin_convertvector(od, u16x8));
}
WASMVM_SIMD_INLINE V I32x4ExtaddPairwiseI16x8S(V a) {
  i16x8 v = as_i16(a);
  i16x4 ev = __builtin_shufflevector(v, v, 0, 2, 4, 6);
  i16x4 od = __builtin_shufflevector(v, v, 1, 3, 5, 7);
  return (V)(__builtin_convertvector(ev, i32x4) + __builtin_convertvector(od, i32x4));
}
WASMVM_SIMD_INLINE V I32x4ExtaddPairwiseI16x8U(V a) {
  u16x8 v = as_u16(a);
  u16x4 ev = __builtin_shufflevector(v, v, 0, 2, 4, 6);
  u16x4 od = __builtin_shufflevector(v, v, 1, 3, 5, 7);
  return (V)(__builtin_convertvector(ev, u32x4) + __builtin_convertvector(od, u32x4));
}
// dot: 2 * (-32768 * -32768) = 2^31 wraps to INT_MIN, hence unsigned lanes.
WASMVM_SIMD_INLINE V I32x4DotI16x8S(V a, V b) {
  i16x8 x = as_i16(a), y = as_i16(b);
  u32x4 xe = (u32x4)__builtin_convertvector(__builtin_shufflevector(x, x, 0, 2, 4, 6), i32x4);
  u32x4 xo = (u32x4)__builtin_convertvector(__builtin_shufflevector(x, x, 1, 3, 5, 7), i32x4);
  u32x4 ye = (u32x4)__builtin_convertvector(__builtin_shufflevector(y, y, 0, 2, 4, 6), i32x4);
  u32x4 yo = (u32x4)__builtin_convertvector(__builtin_shufflevector(y, y, 1, 3, 5, 7), i32x4);
  return (V)(xe * ye + xo * yo);
}

// q15: (a*b + 0x4000) >> 15, saturated; only -32768 * -32768 overflows (to 0x7FFF).
WASMVM_SIMD_INLINE V I16x8Q15mulrSatS(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vqrdmulhq_s16((int16x8_t)a, (int16x8_t)b);  // (2ab + 2^15) >> 16, saturated: the same thing
#endif
  i16x8 x = as_i16(a), y = as_i16(b);
  i16x8 r;
  for (int i = 0; i < 8; ++i) {
    int32_t p = ((int32_t)x[i] * (int32_t)y[i] + 0x4000) >> 15;
    r[i] = (int16_t)(p > 32767 ? 32767 : p);
  }
  return (V)r;
}

// ---- narrowing with saturation ----
WASMVM_SIMD_INLINE i16x8 clamp16(i16x8 v, int16_t lo, int16_t hi) {
  i16x8 l = {lo, lo, lo, lo, lo, lo, lo, lo}, h = {hi, hi, hi, hi, hi, hi, hi, hi};
  v = (i16x8)bsel((V)(v < l), (V)l, (V)v);
  return (i16x8)bsel((V)(v > h), (V)h, (V)v);
}
WASMVM_SIMD_INLINE i32x4 clamp32(i32x4 v, int32_t lo, int32_t hi) {
  i32x4 l = {lo, lo, lo, lo}, h = {hi, hi, hi, hi};
  v = (i32x4)bsel((V)(v < l), (V)l, (V)v);
  return (i32x4)bsel((V)(v > h), (V)h, (V)v);
}
// After clamping, the low byte/half of every lane is the narrowed value (little-endian).
WASMVM_SIMD_INLINE V I8x16NarrowI16x8S(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_s8(vqmovn_s16((int16x8_t)a), vqmovn_s16((int16x8_t)b));
#endif
  u8x16 x = (u8x16)clamp16(as_i16(a), -128, 127), y = (u8x16)clamp16(as_i16(b), -128, 127);
  return (V)__builtin_shufflevector(x, y, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}
WASMVM_SIMD_INLINE V I8x16NarrowI16x8U(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_u8(vqmovun_s16((int16x8_t)a), vqmovun_s16((int16x8_t)b));
#endif
  u8x16 x = (u8x16)clamp16(as_i16(a), 0, 255), y = (u8x16)clamp16(as_i16(b), 0, 255);
  return (V)__builtin_shufflevector(x, y, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}
WASMVM_SIMD_INLINE V I16x8NarrowI32x4S(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_s16(vqmovn_s32((int32x4_t)a), vqmovn_s32((int32x4_t)b));
#endif
  u16x8 x = (u16x8)clamp32(as_i32(a), -32768, 32767), y = (u16x8)clamp32(as_i32(b), -32768, 32767);
  return (V)__builtin_shufflevector(x, y, 0, 2, 4, 6, 8, 10, 12, 14);
}
WASMVM_SIMD_INLINE V I16x8NarrowI32x4U(V a, V b) {
#if WASMVM_PORTABLE_NEON
  return (V)vcombine_u16(vqmovun_s32((int32x4_t)a), vqmovun_s32((int32x4_t)b));
#endif
  u16x8 x = (u16x8)clamp32(as_i32(a), 0, 65535), y = (u16x8)clamp32(as_i32(b), 0, 65535);
  return (V)__builtin_shufflevector(x, y, 0, 2, 4, 6, 8, 10, 12, 14);
}

}  // namespace wasmvm::simd::portable

#include "simd/portable_float.h"
#include "simd/portable_memory.h"
