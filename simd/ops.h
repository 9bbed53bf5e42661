// simd128 operations with exact Wasm semantics, one always-inline function per operation.
// Selects the backend (WASMVM_SIMD_SSE41=1: SSE4.1/SSE4.2 intrinsics, else portable vector extensions) and
// exposes it as namespace wasmvm::simd. Names follow decoder/opcodes.def; see portable.h for the API shape:
//   V load/store/from_bytes; V Name(V[, V[, V]]); int32_t Name(V) for bitmask/all_true/any_true;
//   V Name(V, int32_t count) for shifts; splats take int32_t/int64_t or float *bit patterns*;
//   lane ops take `unsigned lane`; ShuffleImm shuffle_prepare(lanes) + I8x16Shuffle(a, b, imm);
//   memory helpers take an already bounds-checked, possibly unaligned uint8_t*.
#pragma once

#ifndef WASMVM_SIMD_SSE41
#if defined(__SSE4_2__) || (defined(__SSE4_1__) && defined(__POPCNT__))
#define WASMVM_SIMD_SSE41 1
#else
#define WASMVM_SIMD_SSE41 0
#endif
#endif

#if WASMVM_SIMD_SSE41
#include "simd/sse41.h"
namespace wasmvm::simd {
using namespace wasmvm::simd::sse41;
}
#else
#include "simd/portable.h"
namespace wasmvm::simd {
using namespace wasmvm::simd::portable;
}
#endif
