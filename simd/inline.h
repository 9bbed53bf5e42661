// Shared helpers for the simd128 backends: the force-inline marker and the little-endian check.
#pragma once

// Every backend function must melt into the interpreter handler that calls it: no out-of-line calls.
#define WASMVM_SIMD_INLINE static inline __attribute__((always_inline))

// Wasm lane i lives at byte offset i * lane_size; the backends rely on a little-endian host for that.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "wasmvm simd backends assume a little-endian host");
