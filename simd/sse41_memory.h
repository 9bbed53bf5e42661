// x86-64 simd128 backend, memory part. Included from sse41.h only.
// The caller has already bounds-checked p for the access width; p may be unaligned.
#pragma once
#include "simd/sse41.h"

namespace wasmvm::simd::sse41 {

using detail::load_scalar;
using detail::store_scalar;
// movq: 8 bytes into the low half, upper half zeroed.
WASMVM_SIMD_INLINE V load_low64(const uint8_t* p) { return _mm_cvtsi64_si128((long long)load_scalar<uint64_t>(p)); }

// ---- 64-bit loads widened to 128 bits ----
WASMVM_SIMD_INLINE V V128Load8x8S(const uint8_t* p) { return _mm_cvtepi8_epi16(load_low64(p)); }
WASMVM_SIMD_INLINE V V128Load8x8U(const uint8_t* p) { return _mm_cvtepu8_epi16(load_low64(p)); }
WASMVM_SIMD_INLINE V V128Load16x4S(const uint8_t* p) { return _mm_cvtepi16_epi32(load_low64(p)); }
WASMVM_SIMD_INLINE V V128Load16x4U(const uint8_t* p) { return _mm_cvtepu16_epi32(load_low64(p)); }
WASMVM_SIMD_INLINE V V128Load32x2S(const uint8_t* p) { return _mm_cvtepi32_epi64(load_low64(p)); }
WASMVM_SIMD_INLINE V V128Load32x2U(const uint8_t* p) { return _mm_cvtepu32_epi64(load_low64(p)); }

// ---- splat / zero loads ----
WASMVM_SIMD_INLINE V V128Load8Splat(const uint8_t* p) { return _mm_set1_epi8((char)*p); }
WASMVM_SIMD_INLINE V V128Load16Splat(const uint8_t* p) { return _mm_set1_epi16((short)load_scalar<uint16_t>(p)); }
WASMVM_SIMD_INLINE V V128Load32Splat(const uint8_t* p) { return _mm_set1_epi32((int)load_scalar<uint32_t>(p)); }
WASMVM_SIMD_INLINE V V128Load64Splat(const uint8_t* p) { return _mm_set1_epi64x((long long)load_scalar<uint64_t>(p)); }
WASMVM_SIMD_INLINE V V128Load32Zero(const uint8_t* p) { return _mm_cvtsi32_si128((int)load_scalar<uint32_t>(p)); }
WASMVM_SIMD_INLINE V V128Load64Zero(const uint8_t* p) { return load_low64(p); }

// ---- lane loads / stores ----
WASMVM_SIMD_INLINE V V128Load8Lane(const uint8_t* p, V v, unsigned lane) { return I8x16ReplaceLane(v, lane, *p); }
WASMVM_SIMD_INLINE V V128Load16Lane(const uint8_t* p, V v, unsigned lane) {
  return I16x8ReplaceLane(v, lane, load_scalar<uint16_t>(p));
}
WASMVM_SIMD_INLINE V V128Load32Lane(const uint8_t* p, V v, unsigned lane) {
  return I32x4ReplaceLane(v, lane, (int32_t)load_scalar<uint32_t>(p));
}
WASMVM_SIMD_INLINE V V128Load64Lane(const uint8_t* p, V v, unsigned lane) {
  return I64x2ReplaceLane(v, lane, (int64_t)load_scalar<uint64_t>(p));
}
WASMVM_SIMD_INLINE void V128Store8Lane(uint8_t* p, V v, unsigned lane) { *p = (uint8_t)I8x16ExtractLaneU(v, lane); }
WASMVM_SIMD_INLINE void V128Store16Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint16_t>(p, (uint16_t)I16x8ExtractLaneU(v, lane));
}
WASMVM_SIMD_INLINE void V128Store32Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint32_t>(p, (uint32_t)I32x4ExtractLane(v, lane));
}
WASMVM_SIMD_INLINE void V128Store64Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint64_t>(p, (uint64_t)I64x2ExtractLane(v, lane));
}

}  // namespace wasmvm::simd::sse41
