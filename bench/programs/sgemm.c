// sgemm: C = A * B with 256x256 f32 matrices. Each C element is summed over k in order,
// starting from 0, in both the scalar and the BENCH_SIMD build (bit-identical results).
#include "bench_common.h"
#ifdef BENCH_SIMD
#include "vec4.h"
#endif

enum { N = 256 };
static float A[N * N], B[N * N], C[N * N];

void bench_init(void) {
  uint32_t s = 12345;
  for (int i = 0; i < N * N; i++) A[i] = lcg_float(&s);
  for (int i = 0; i < N * N; i++) B[i] = lcg_float(&s);
}

static void sgemm(void) {
#ifdef BENCH_SIMD
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j += 16) {
      vec4 c0 = v4_zero(), c1 = c0, c2 = c0, c3 = c0;
      for (int k = 0; k < N; k++) {
        const vec4 a = v4_splat(A[i * N + k]);
        const float* b = B + k * N + j;
        c0 = v4_add(c0, v4_mul(a, v4_load(b)));
        c1 = v4_add(c1, v4_mul(a, v4_load(b + 4)));
        c2 = v4_add(c2, v4_mul(a, v4_load(b + 8)));
        c3 = v4_add(c3, v4_mul(a, v4_load(b + 12)));
      }
      float* c = C + i * N + j;
      v4_store(c, c0);
      v4_store(c + 4, c1);
      v4_store(c + 8, c2);
      v4_store(c + 12, c3);
    }
  }
#else
  for (int i = 0; i < N; i++) {
    float* c = C + i * N;
    for (int j = 0; j < N; j++) c[j] = 0.0f;
    for (int k = 0; k < N; k++) {
      const float a = A[i * N + k];
      const float* b = B + k * N;
      for (int j = 0; j < N; j++) c[j] += a * b[j];
    }
  }
#endif
}

int64_t bench_run(void) {
  sgemm();
  return (int64_t)fnv1a_floats(FNV_OFFSET, C, N * N);
}
