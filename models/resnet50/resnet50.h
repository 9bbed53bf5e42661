/* ResNet-50 v1 with the exact layer shapes of He et al. 2015 (stride on the first 1x1 conv of a downsampling
 * bottleneck, projection shortcuts, batch norm folded into conv bias), NCHW float32, batch 1.
 *
 *   stem   conv 7x7/2, 3 -> 64, ReLU; maxpool 3x3/2 pad 1
 *   stages bottlenecks [3, 4, 6, 3], widths 64/128/256/512, 4x expansion (outputs 256/512/1024/2048);
 *          stages 2-4 start with stride 2
 *   head   global average pool, fc 2048 -> 1000
 *
 * Weights are NOT a trained model: rn50_init fills them deterministically from a seed (He-uniform bounds, the
 * last conv of each residual branch scaled by 1/4 so activations stay bounded). 25,530,472 parameters (~102 MB).
 *
 * Determinism: every output element is bias + sum over (ic, ky, kx) of w * x, accumulated in that order, one
 * rounding per mul and per add, padding taps included (they add w * 0). The SIMD kernels put 4 output pixels
 * (or 4 fc outputs) in the 4 lanes and run exactly that sequence per lane, so scalar and SIMD builds, native or
 * wasm32, produce identical bits (compile with -ffp-contract=off). */
#ifndef WASMVM_MODELS_RESNET50_H
#define WASMVM_MODELS_RESNET50_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RN50_CLASSES 1000
#define RN50_BLOCKS 16
#define RN50_MIN_SIZE 32   /* input side must be a multiple of 32 in [32, 448] */
#define RN50_MAX_SIZE 448

typedef struct Rn50Conv {
  int in_c, out_c, k, stride, pad;
  float* w; /* [out_c][in_c][k][k] */
  float* b; /* [out_c] */
} Rn50Conv;

typedef struct Rn50Block {
  Rn50Conv reduce, spatial, expand, proj; /* 1x1 (stride), 3x3, 1x1 expand, 1x1 projection shortcut */
  int has_proj;
} Rn50Block;

typedef struct Rn50Net {
  Rn50Conv stem;
  Rn50Block blocks[RN50_BLOCKS];
  float* fc_w; /* [1000][2048] */
  float* fc_b;
  float* storage;
  size_t num_params;
} Rn50Net;

typedef enum Rn50Kernels { RN50_KERNELS_SCALAR = 0, RN50_KERNELS_SIMD = 1 } Rn50Kernels;

enum { RN50_OK = 0, RN50_ERR_NO_MEMORY = 1, RN50_ERR_BAD_SIZE = 2, RN50_ERR_NO_SIMD = 3 };

/* Builds the layer table and fills all weights from `seed`. Returns RN50_OK or RN50_ERR_NO_MEMORY. */
int rn50_init(Rn50Net* net, uint32_t seed);
void rn50_free(Rn50Net* net);

/* Number of parameters the layer table needs (no allocation). Splits: conv weights, conv biases, fc. */
void rn50_param_counts(size_t* conv_weights, size_t* conv_biases, size_t* fc_params);

/* Multiply-accumulates of one forward pass at the given input side. */
uint64_t rn50_macs(int size);

/* A deterministic pseudo-image, 3 x size x size, values in [-1, 1). */
void rn50_make_input(int size, uint32_t seed, float* out);

/* Runs the network on a 3 x size x size image. Returns RN50_OK or an RN50_ERR_* code. */
int rn50_forward(const Rn50Net* net, const float* input, int size, float logits[RN50_CLASSES], Rn50Kernels kernels);

/* 1 if this build has SIMD kernels (wasm simd128 or x86 SSE2). */
int rn50_simd_available(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMVM_MODELS_RESNET50_H */
