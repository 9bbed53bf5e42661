// Shared helpers for the simd128 backends: the force-inline marker, the little-endian check and unaligned
// scalar access used by the memory ops of every backend.
#pragma once
#include <cstdint>

// Every backend function must melt into the interpreter handler that calls it: no out-of-line calls.
#define WASMVM_SIMD_INLINE static inline __attribute__((always_inline))

// Wasm lane i lives at byte offset i * lane_size; the backends rely on a little-endian host for that.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "wasmvm simd backends assume a little-endian host");

namespace wasmvm::simd::detail {
// Unaligned scalar load/store with a constant size (compiles to one mov, never a memcpy call).
template <class T>
WASMVM_SIMD_INLINE T load_scalar(const uint8_t* p) {
  T x;
  __builtin_memcpy(&x, p, sizeof(T));
  return x;
}
template <class T>
WASMVM_SIMD_INLINE void store_scalar(uint8_t* p, T x) {
  __builtin_memcpy(p, &x, sizeof(T));
}
}  // namespace wasmvm::simd::detail
