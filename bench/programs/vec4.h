// A four-lane f32 vector layer with one definition per target: wasm simd128 intrinsics
// (<wasm_simd128.h>) for the wasm build, SSE intrinsics for the native SIMD reference.
// Every operation is an exactly-rounded IEEE op on each lane, so both builds compute
// bit-identical results (and identical to the scalar kernels, which use the same order).
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
typedef v128_t vec4;
static inline vec4 v4_zero(void) { return wasm_f32x4_splat(0.0f); }
static inline vec4 v4_splat(float x) { return wasm_f32x4_splat(x); }
static inline vec4 v4_load(const float* p) { return wasm_v128_load(p); }
static inline void v4_store(float* p, vec4 v) { wasm_v128_store(p, v); }
static inline vec4 v4_add(vec4 a, vec4 b) { return wasm_f32x4_add(a, b); }
static inline vec4 v4_mul(vec4 a, vec4 b) { return wasm_f32x4_mul(a, b); }
// x > 0 ? x : +0 per lane, exactly like the scalar relu (no -0 / NaN ambiguity).
static inline vec4 v4_relu(vec4 x) { return wasm_v128_and(x, wasm_f32x4_gt(x, v4_zero())); }
// a > b ? a : b per lane, like the scalar max used by pooling.
static inline vec4 v4_max(vec4 a, vec4 b) { return wasm_v128_bitselect(a, b, wasm_f32x4_gt(a, b)); }
#elif defined(__SSE2__)
#include <immintrin.h>
typedef __m128 vec4;
static inline vec4 v4_zero(void) { return _mm_setzero_ps(); }
static inline vec4 v4_splat(float x) { return _mm_set1_ps(x); }
static inline vec4 v4_load(const float* p) { return _mm_loadu_ps(p); }
static inline void v4_store(float* p, vec4 v) { _mm_storeu_ps(p, v); }
static inline vec4 v4_add(vec4 a, vec4 b) { return _mm_add_ps(a, b); }
static inline vec4 v4_mul(vec4 a, vec4 b) { return _mm_mul_ps(a, b); }
static inline vec4 v4_relu(vec4 x) { return _mm_and_ps(x, _mm_cmpgt_ps(x, _mm_setzero_ps())); }
// _mm_max_ps(a, b) is exactly "a > b ? a : b" per lane.
static inline vec4 v4_max(vec4 a, vec4 b) { return _mm_max_ps(a, b); }
#else
#error "vec4.h needs wasm simd128 (-msimd128) or SSE2"
#endif
