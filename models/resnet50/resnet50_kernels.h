/* Internal kernels of the ResNet-50 model. Scalar and SIMD versions compute identical bits (see resnet50.h). */
#ifndef WASMVM_MODELS_RESNET50_KERNELS_H
#define WASMVM_MODELS_RESNET50_KERNELS_H

#include "resnet50.h"

/* out[oc][oy][ox] = b[oc] + sum_(ic,ky,kx) w * padded[ic][oy*s+ky][ox*s+kx]; optional ReLU.
 * `padded` is the input with `pad` zeros on every side: in_c x ph x pw. */
typedef struct Rn50ConvArgs {
  const Rn50Conv* conv;
  const float* padded;
  int ph, pw;   /* padded input height and width */
  int oh, ow;   /* output height and width */
  float* out;
  int relu;
} Rn50ConvArgs;

void rn50_conv_scalar(const Rn50ConvArgs* a);
void rn50_conv_simd(const Rn50ConvArgs* a);

/* logits[o] = b[o] + sum_i w[o][i] * x[i], i ascending. */
void rn50_fc_scalar(const float* w, const float* b, const float* x, int in, int out, float* logits);
void rn50_fc_simd(const float* w, const float* b, const float* x, int in, int out, float* logits);

#endif
