// Shared helpers for the benchmark corpus. Every program is plain C that builds both for
// wasm32 (clang -nostdlib, no imports) and natively (gcc), so nothing here may use libc.
#pragma once
#include <stdint.h>

#if defined(__wasm__)
#define BENCH_EXPORT __attribute__((visibility("default")))
#else
#define BENCH_EXPORT
#endif

// The two entry points every program provides. bench_run must be repeatable: it recomputes
// everything from the data bench_init produced and returns a checksum of the result.
BENCH_EXPORT void bench_init(void);
BENCH_EXPORT int64_t bench_run(void);

// Deterministic 32-bit LCG (Numerical Recipes constants); identical on every platform.
static inline uint32_t lcg_next(uint32_t* state) {
  *state = *state * 1664525u + 1013904223u;
  return *state;
}

// A float in [-1, 1) with 16 random bits: exactly representable, so init is bit-identical.
static inline float lcg_float(uint32_t* state) {
  return (float)((int32_t)(lcg_next(state) >> 16) - 32768) * (1.0f / 32768.0f);
}

// FNV-1a over the bit patterns of a float array: any single-bit difference shows up.
static inline uint64_t fnv1a_floats(uint64_t h, const float* p, int n) {
  for (int i = 0; i < n; i++) {
    union { float f; uint32_t u; } bits;
    bits.f = p[i];
    h ^= bits.u;
    h *= 1099511628211ull;
  }
  return h;
}

#define FNV_OFFSET 14695981039346656037ull
