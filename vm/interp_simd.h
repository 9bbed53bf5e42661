// Templates behind the generated simd128 handlers (vm/handlers/simd.inc): operand fetch/store by the
// opcode's signature letters, so each handler is one always-inline call into simd/ops.h.
#pragma once
#if WASMVM_SIMD
#include <cstdint>

#include "simd/ops.h"
#include "vm/interp_ops.h"
#include "vm/runtime.h"

namespace wasmvm::rt::simd_gen {

using V = simd::V;

constexpr int sg_nparams(const char* s) {
  int n = 0;
  while (s[n] != ':') n++;
  return n;
}
constexpr char sg_param(const char* s, int i) { return i < sg_nparams(s) ? s[i] : 0; }
constexpr char sg_result(const char* s) { return s[sg_nparams(s) + 1]; }

template <char T>
WASMVM_ALWAYS_INLINE auto get(const Cell* fp, uint16_t s) {
  if constexpr (T == 'v') return simd::load(fp + s);
  else if constexpr (T == 'i') return int32_t(uint32_t(fp[s]));
  else if constexpr (T == 'l') return int64_t(fp[s]);
  else if constexpr (T == 'f') return uint32_t(fp[s]);
  else return uint64_t(fp[s]);
}

template <char T, class X>
WASMVM_ALWAYS_INLINE void put(Cell* fp, uint16_t s, X x) {
  if constexpr (T == 'v') simd::store(fp + s, x);
  else if constexpr (T == 'i' || T == 'f') fp[s] = uint32_t(x);
  else fp[s] = uint64_t(x);
}

// Generic layout: result A, operands B, C, D.
template <int N, char P0, char P1, char P2, char R, class F>
WASMVM_ALWAYS_INLINE void apply(Cell* fp, uint64_t w1, F f) {
  uint16_t a = uint16_t(w1), b = uint16_t(w1 >> 16), c = uint16_t(w1 >> 32), d = uint16_t(w1 >> 48);
  if constexpr (N == 1) put<R>(fp, a, f(get<P0>(fp, b)));
  else if constexpr (N == 2) put<R>(fp, a, f(get<P0>(fp, b), get<P1>(fp, c)));
  else put<R>(fp, a, f(get<P0>(fp, b), get<P1>(fp, c), get<P2>(fp, d)));
}

// Lane ops: result A, vector B, scalar C (replace_lane), lane D.
template <int N, char P1, char R, class F>
WASMVM_ALWAYS_INLINE void apply_lane(Cell* fp, uint64_t w1, F f) {
  uint16_t a = uint16_t(w1), b = uint16_t(w1 >> 16), c = uint16_t(w1 >> 32);
  unsigned lane = unsigned(w1 >> 48);
  if constexpr (N == 1) put<R>(fp, a, f(get<'v'>(fp, b), lane));
  else put<R>(fp, a, f(get<'v'>(fp, b), lane, get<P1>(fp, c)));
}

// Loads: A <- f(mem + u32(B) + off); stores: f(mem + u32(A) + off, B). False when out of bounds.
template <char R, unsigned N, class F>
WASMVM_ALWAYS_INLINE bool mem_op(Cell* fp, uint64_t w1, uint8_t* base, uint64_t size, F f) {
  uint16_t a = uint16_t(w1), b = uint16_t(w1 >> 16);
  uint32_t off = uint32_t(w1 >> 32);
  if constexpr (R == 'v') {
    uint64_t ea = uint64_t(uint32_t(fp[b])) + off;
    if (__builtin_expect(ea + N > size, 0)) return false;
    simd::store(fp + a, f(static_cast<const uint8_t*>(base + ea)));
  } else {
    uint64_t ea = uint64_t(uint32_t(fp[a])) + off;
    if (__builtin_expect(ea + N > size, 0)) return false;
    f(base + ea, simd::load(fp + b));
  }
  return true;
}

// Lane loads/stores: address B, offset IMM32, word 2 = vector slot | lane << 16; loads write A.
template <char R, unsigned N, class F>
WASMVM_ALWAYS_INLINE bool mem_lane_op(Cell* fp, uint64_t w1, uint64_t w2, uint8_t* base, uint64_t size, F f) {
  uint16_t a = uint16_t(w1), b = uint16_t(w1 >> 16);
  uint32_t off = uint32_t(w1 >> 32);
  uint16_t vs = uint16_t(w2);
  unsigned lane = unsigned(w2 >> 16) & 0xFF;
  uint64_t ea = uint64_t(uint32_t(fp[b])) + off;
  if (__builtin_expect(ea + N > size, 0)) return false;
  if constexpr (R == 'v') {
    simd::store(fp + a, f(static_cast<const uint8_t*>(base + ea), simd::load(fp + vs), lane));
  } else {
    f(base + ea, simd::load(fp + vs), lane);
  }
  return true;
}

}  // namespace wasmvm::rt::simd_gen
#endif
