// Float kernels shared by conv.c and cnn.c. BENCH_SIMD selects the vec4 (simd128 / SSE)
// versions. Both versions accumulate every output element in the same order (bias, then
// input channel, kernel row, kernel column / input index), so scalar and SIMD builds give
// bit-identical results on every platform.
#pragma once
#include "bench_common.h"
#ifdef BENCH_SIMD
#include "vec4.h"
#endif

// 3x3 convolution, stride 1. `in` holds ci_n channels of (h+2)x(w+2) floats whose one-pixel
// border is zero (padding 1 is baked into the layout); `out` gets co_n unpadded h x w planes.
// wt is [co][ci][3][3].
static inline void conv3x3(const float* in, int ci_n, int h, int w, const float* wt, const float* bias,
                    int co_n, float* out) {
  const int pw = w + 2, plane = (h + 2) * pw;
#ifdef BENCH_SIMD
  // Two rows x eight columns of outputs in four accumulators: four independent add chains,
  // one weight splat shared by four multiply-adds. Needs h % 2 == 0 and w % 8 == 0.
  for (int co = 0; co < co_n; co++) {
    const float* wco = wt + co * ci_n * 9;
    float* o = out + co * h * w;
    for (int y = 0; y < h; y += 2) {
      for (int x = 0; x < w; x += 8) {
        vec4 a00 = v4_splat(bias[co]), a01 = a00, a10 = a00, a11 = a00;
        for (int ci = 0; ci < ci_n; ci++) {
          const float* src = in + ci * plane + y * pw + x;
          const float* wp = wco + ci * 9;
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              const vec4 wv = v4_splat(wp[ky * 3 + kx]);
              const float* s0 = src + ky * pw + kx;
              const float* s1 = s0 + pw;
              a00 = v4_add(a00, v4_mul(v4_load(s0), wv));
              a01 = v4_add(a01, v4_mul(v4_load(s0 + 4), wv));
              a10 = v4_add(a10, v4_mul(v4_load(s1), wv));
              a11 = v4_add(a11, v4_mul(v4_load(s1 + 4), wv));
            }
          }
        }
        float* o0 = o + y * w + x;
        v4_store(o0, a00);
        v4_store(o0 + 4, a01);
        v4_store(o0 + w, a10);
        v4_store(o0 + w + 4, a11);
      }
    }
  }
#else
  for (int co = 0; co < co_n; co++) {
    float* o = out + co * h * w;
    for (int i = 0; i < h * w; i++) o[i] = bias[co];
    for (int ci = 0; ci < ci_n; ci++) {
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          const float wv = wt[((co * ci_n + ci) * 3 + ky) * 3 + kx];
          const float* src = in + ci * plane + ky * pw + kx;
          for (int y = 0; y < h; y++) {
            float* orow = o + y * w;
            const float* srow = src + y * pw;
            for (int x = 0; x < w; x++) orow[x] += srow[x] * wv;
          }
        }
      }
    }
  }
#endif
}

static inline float relu1(float x) { return x > 0.0f ? x : 0.0f; }
static inline float max1(float a, float b) { return a > b ? a : b; }

// In-place relu over n floats (n % 4 == 0 for the SIMD version).
static inline void relu(float* p, int n) {
#ifdef BENCH_SIMD
  for (int i = 0; i < n; i += 4) v4_store(p + i, v4_relu(v4_load(p + i)));
#else
  for (int i = 0; i < n; i++) p[i] = relu1(p[i]);
#endif
}

// 2x2 max-pool, stride 2, of c planes h x w into c planes (h/2) x (w/2), written with a
// border of `pad` pixels (the border itself is left untouched, i.e. stays zero).
static inline void maxpool2(const float* in, int c, int h, int w, float* out, int pad) {
  const int oh = h / 2, ow = w / 2, opw = ow + 2 * pad, oplane = (oh + 2 * pad) * opw;
  for (int ch = 0; ch < c; ch++) {
    const float* src = in + ch * h * w;
    float* dst = out + ch * oplane + pad * opw + pad;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        const float* s = src + 2 * y * w + 2 * x;
        dst[y * opw + x] = max1(max1(s[0], s[1]), max1(s[w], s[w + 1]));
      }
    }
  }
}

// Fully connected layer: out[o] = bias[o] + sum_i in[i] * wt[i][o] (wt is [n_in][n_out],
// n_out % 4 == 0 for the SIMD version).
static inline void dense(const float* in, int n_in, const float* wt, const float* bias, int n_out,
                  float* out) {
#ifdef BENCH_SIMD
  for (int o = 0; o < n_out; o += 4) {
    vec4 acc = v4_load(bias + o);
    for (int i = 0; i < n_in; i++) acc = v4_add(acc, v4_mul(v4_splat(in[i]), v4_load(wt + i * n_out + o)));
    v4_store(out + o, acc);
  }
#else
  for (int o = 0; o < n_out; o++) out[o] = bias[o];
  for (int i = 0; i < n_in; i++) {
    const float a = in[i];
    const float* row = wt + i * n_out;
    for (int o = 0; o < n_out; o++) out[o] += a * row[o];
  }
#endif
}
