/* 4-lane SIMD kernels. Each lane runs exactly the scalar sequence of one output element (same order, one
 * rounding per mul and per add), so results equal rn50_conv_scalar/rn50_fc_scalar bit for bit.
 * wasm32: wasm_simd128.h intrinsics (-msimd128). x86-64: SSE intrinsics, so the SIMD path is testable natively.
 * Elsewhere the functions fall back to the scalar kernels. */
#include "resnet50_kernels.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
typedef v128_t vf4;
#define VF4_SPLAT(x) wasm_f32x4_splat(x)
#define VF4_LOAD(p) wasm_v128_load(p)
#define VF4_STORE(p, v) wasm_v128_store((p), (v))
#define VF4_MAKE(a, b, c, d) wasm_f32x4_make((a), (b), (c), (d))
#define VF4_ADD(a, b) wasm_f32x4_add((a), (b))
#define VF4_MUL(a, b) wasm_f32x4_mul((a), (b))
/* relu(x) = x > 0 ? x : 0 (NaN -> 0, like the scalar kernel) */
#define VF4_RELU(v) wasm_v128_and((v), wasm_f32x4_gt((v), wasm_f32x4_splat(0.0f)))
#define RN50_HAVE_SIMD 1
#elif defined(__SSE2__)
#include <emmintrin.h>
typedef __m128 vf4;
#define VF4_SPLAT(x) _mm_set1_ps(x)
#define VF4_LOAD(p) _mm_loadu_ps(p)
#define VF4_STORE(p, v) _mm_storeu_ps((p), (v))
#define VF4_MAKE(a, b, c, d) _mm_setr_ps((a), (b), (c), (d))
#define VF4_ADD(a, b) _mm_add_ps((a), (b))
#define VF4_MUL(a, b) _mm_mul_ps((a), (b))
#define VF4_RELU(v) _mm_and_ps((v), _mm_cmpgt_ps((v), _mm_setzero_ps()))
#define RN50_HAVE_SIMD 1
#else
#define RN50_HAVE_SIMD 0
#endif

int rn50_simd_available(void) { return RN50_HAVE_SIMD; }

#if RN50_HAVE_SIMD

void rn50_conv_simd(const Rn50ConvArgs* a) {
  const Rn50Conv* c = a->conv;
  const int k = c->k, s = c->stride, plane = a->ph * a->pw, pw = a->pw;
  const int ow4 = a->ow & ~3;
  for (int oc = 0; oc < c->out_c; ++oc) {
    const float* wo = c->w + (size_t)oc * c->in_c * k * k;
    float* out = a->out + (size_t)oc * a->oh * a->ow;
    for (int oy = 0; oy < a->oh; ++oy) {
      for (int ox = 0; ox < ow4; ox += 4) {
        vf4 acc = VF4_SPLAT(c->b[oc]);
        for (int ic = 0; ic < c->in_c; ++ic) {
          const float* in = a->padded + (size_t)ic * plane + (size_t)(oy * s) * pw + (size_t)(ox * s);
          const float* wk = wo + (size_t)ic * k * k;
          for (int ky = 0; ky < k; ++ky) {
            const float* row = in + ky * pw;
            for (int kx = 0; kx < k; ++kx) {
              vf4 x = s == 1 ? VF4_LOAD(row + kx)
                             : VF4_MAKE(row[kx], row[kx + s], row[kx + 2 * s], row[kx + 3 * s]);
              acc = VF4_ADD(acc, VF4_MUL(VF4_SPLAT(wk[ky * k + kx]), x));
            }
          }
        }
        if (a->relu) acc = VF4_RELU(acc);
        VF4_STORE(out + oy * a->ow + ox, acc);
      }
      for (int ox = ow4; ox < a->ow; ++ox) { /* tail: the scalar sequence */
        float acc = c->b[oc];
        for (int ic = 0; ic < c->in_c; ++ic) {
          const float* in = a->padded + (size_t)ic * plane + (size_t)(oy * s) * pw + (size_t)(ox * s);
          const float* wk = wo + (size_t)ic * k * k;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) acc = acc + wk[ky * k + kx] * in[ky * pw + kx];
        }
        out[oy * a->ow + ox] = (a->relu && !(acc > 0.0f)) ? 0.0f : acc;
      }
    }
  }
}

void rn50_fc_simd(const float* w, const float* b, const float* x, int in, int out, float* logits) {
  int o = 0;
  for (; o + 4 <= out; o += 4) {
    const float *r0 = w + (size_t)o * in, *r1 = r0 + in, *r2 = r1 + in, *r3 = r2 + in;
    vf4 acc = VF4_MAKE(b[o], b[o + 1], b[o + 2], b[o + 3]);
    for (int i = 0; i < in; ++i) acc = VF4_ADD(acc, VF4_MUL(VF4_MAKE(r0[i], r1[i], r2[i], r3[i]), VF4_SPLAT(x[i])));
    VF4_STORE(logits + o, acc);
  }
  if (o < out) rn50_fc_scalar(w + (size_t)o * in, b + o, x, in, out - o, logits + o);
}

#else

void rn50_conv_simd(const Rn50ConvArgs* a) { rn50_conv_scalar(a); }
void rn50_fc_simd(const float* w, const float* b, const float* x, int in, int out, float* logits) {
  rn50_fc_scalar(w, b, x, in, out, logits);
}

#endif
