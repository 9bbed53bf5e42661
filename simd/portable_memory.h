// Portable simd128 backend, memory part: extending, splatting, zeroing and lane loads/stores.
// The caller has already bounds-checked p for the access width; p may be unaligned.
#pragma once
#include "simd/portable.h"

namespace wasmvm::simd::portable {

using detail::load_scalar;
using detail::store_scalar;

// ---- 64-bit loads widened to 128 bits ----
#define WASMVM_PORTABLE_LOAD_EXTEND(Name, Half, To) \
  WASMVM_SIMD_INLINE V Name(const uint8_t* p) {     \
    Half h;                                         \
    __builtin_memcpy(&h, p, 8);                     \
    return (V)__builtin_convertvector(h, To);       \
  }
WASMVM_PORTABLE_LOAD_EXTEND(V128Load8x8S, i8x8, i16x8)
WASMVM_PORTABLE_LOAD_EXTEND(V128Load8x8U, u8x8, u16x8)
WASMVM_PORTABLE_LOAD_EXTEND(V128Load16x4S, i16x4, i32x4)
WASMVM_PORTABLE_LOAD_EXTEND(V128Load16x4U, u16x4, u32x4)
WASMVM_PORTABLE_LOAD_EXTEND(V128Load32x2S, i32x2, i64x2)
WASMVM_PORTABLE_LOAD_EXTEND(V128Load32x2U, u32x2, u64x2)
#undef WASMVM_PORTABLE_LOAD_EXTEND

// ---- splat / zero loads ----
WASMVM_SIMD_INLINE V V128Load8Splat(const uint8_t* p) { return I8x16Splat(*p); }
WASMVM_SIMD_INLINE V V128Load16Splat(const uint8_t* p) { return I16x8Splat(load_scalar<uint16_t>(p)); }
WASMVM_SIMD_INLINE V V128Load32Splat(const uint8_t* p) { return I32x4Splat((int32_t)load_scalar<uint32_t>(p)); }
WASMVM_SIMD_INLINE V V128Load64Splat(const uint8_t* p) { return I64x2Splat((int64_t)load_scalar<uint64_t>(p)); }
WASMVM_SIMD_INLINE V V128Load32Zero(const uint8_t* p) {
  u32x4 r = {load_scalar<uint32_t>(p), 0, 0, 0};
  return (V)r;
}
WASMVM_SIMD_INLINE V V128Load64Zero(const uint8_t* p) {
  u64x2 r = {load_scalar<uint64_t>(p), 0};
  return (V)r;
}

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
WASMVM_SIMD_INLINE void V128Store8Lane(uint8_t* p, V v, unsigned lane) { *p = as_u8(v)[lane & 15]; }
WASMVM_SIMD_INLINE void V128Store16Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint16_t>(p, as_u16(v)[lane & 7]);
}
WASMVM_SIMD_INLINE void V128Store32Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint32_t>(p, as_u32(v)[lane & 3]);
}
WASMVM_SIMD_INLINE void V128Store64Lane(uint8_t* p, V v, unsigned lane) {
  store_scalar<uint64_t>(p, as_u64(v)[lane & 1]);
}

}  // namespace wasmvm::simd::portable
