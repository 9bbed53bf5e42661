/* Scalar reference kernels: the loop order here defines the numerics of every build. */
#include "resnet50_kernels.h"

void rn50_conv_scalar(const Rn50ConvArgs* a) {
  const Rn50Conv* c = a->conv;
  const int k = c->k, s = c->stride, plane = a->ph * a->pw;
  for (int oc = 0; oc < c->out_c; ++oc) {
    const float* wo = c->w + (size_t)oc * c->in_c * k * k;
    float* out = a->out + (size_t)oc * a->oh * a->ow;
    for (int oy = 0; oy < a->oh; ++oy) {
      for (int ox = 0; ox < a->ow; ++ox) {
        float acc = c->b[oc];
        for (int ic = 0; ic < c->in_c; ++ic) {
          const float* in = a->padded + (size_t)ic * plane + (size_t)(oy * s) * a->pw + (size_t)(ox * s);
          const float* wk = wo + (size_t)ic * k * k;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) acc = acc + wk[ky * k + kx] * in[ky * a->pw + kx];
        }
        out[oy * a->ow + ox] = (a->relu && !(acc > 0.0f)) ? 0.0f : acc;
      }
    }
  }
}

void rn50_fc_scalar(const float* w, const float* b, const float* x, int in, int out, float* logits) {
  for (int o = 0; o < out; ++o) {
    const float* row = w + (size_t)o * in;
    float acc = b[o];
    for (int i = 0; i < in; ++i) acc = acc + row[i] * x[i];
    logits[o] = acc;
  }
}
