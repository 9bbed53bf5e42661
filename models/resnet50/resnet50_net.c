/* ResNet-50 v1: layer table, seeded weights and the forward pass (padding, pooling, residual adds). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "resnet50_kernels.h"

static const int kStageBlocks[4] = {3, 4, 6, 3};
static const int kStageWidth[4] = {64, 128, 256, 512};

static void set_conv(Rn50Conv* c, int in_c, int out_c, int k, int stride, int pad) {
  c->in_c = in_c;
  c->out_c = out_c;
  c->k = k;
  c->stride = stride;
  c->pad = pad;
  c->w = c->b = NULL;
}

/* Fills in the shapes only; the same walk is used for counting and for allocation. */
static void build_layers(Rn50Net* net) {
  set_conv(&net->stem, 3, 64, 7, 2, 3);
  int in_c = 64, b = 0;
  for (int s = 0; s < 4; ++s) {
    for (int i = 0; i < kStageBlocks[s]; ++i, ++b) {
      Rn50Block* blk = &net->blocks[b];
      int stride = (i == 0 && s > 0) ? 2 : 1, width = kStageWidth[s], out_c = 4 * width;
      set_conv(&blk->reduce, in_c, width, 1, stride, 0);
      set_conv(&blk->spatial, width, width, 3, 1, 1);
      set_conv(&blk->expand, width, out_c, 1, 1, 0);
      blk->has_proj = (i == 0);
      set_conv(&blk->proj, in_c, out_c, 1, stride, 0);
      in_c = out_c;
    }
  }
}

static size_t conv_weights(const Rn50Conv* c) { return (size_t)c->out_c * c->in_c * c->k * c->k; }

void rn50_param_counts(size_t* conv_w, size_t* conv_b, size_t* fc) {
  Rn50Net net;
  build_layers(&net);
  size_t w = conv_weights(&net.stem), bias = (size_t)net.stem.out_c;
  for (int b = 0; b < RN50_BLOCKS; ++b) {
    const Rn50Block* blk = &net.blocks[b];
    const Rn50Conv* convs[4] = {&blk->reduce, &blk->spatial, &blk->expand, &blk->proj};
    for (int i = 0; i < (blk->has_proj ? 4 : 3); ++i) {
      w += conv_weights(convs[i]);
      bias += (size_t)convs[i]->out_c;
    }
  }
  if (conv_w) *conv_w = w;
  if (conv_b) *conv_b = bias;
  if (fc) *fc = (size_t)2048 * RN50_CLASSES + RN50_CLASSES;
}

/* xorshift32: tiny, and identical on every platform. Uniform in [-bound, bound) with 24-bit resolution. */
static float next_uniform(uint32_t* state, float bound) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  float u = (float)(x >> 8) * (1.0f / 16777216.0f);
  return (u * 2.0f - 1.0f) * bound;
}

static float* fill_conv(Rn50Conv* c, float* p, uint32_t* rng, float scale) {
  size_t n = conv_weights(c);
  float bound = sqrtf(6.0f / (float)(c->in_c * c->k * c->k)) * scale;
  c->w = p;
  for (size_t i = 0; i < n; ++i) p[i] = next_uniform(rng, bound);
  p += n;
  c->b = p;
  for (int i = 0; i < c->out_c; ++i) p[i] = next_uniform(rng, 0.05f);
  return p + c->out_c;
}

int rn50_init(Rn50Net* net, uint32_t seed) {
  memset(net, 0, sizeof *net);
  build_layers(net);
  size_t cw, cb, fc;
  rn50_param_counts(&cw, &cb, &fc);
  net->num_params = cw + cb + fc;
  net->storage = (float*)malloc(net->num_params * sizeof(float));
  if (!net->storage) return RN50_ERR_NO_MEMORY;
  uint32_t rng = seed ^ 0x9E3779B9u;
  if (rng == 0) rng = 1; /* xorshift must not start at 0 */
  float* p = fill_conv(&net->stem, net->storage, &rng, 1.0f);
  for (int b = 0; b < RN50_BLOCKS; ++b) {
    Rn50Block* blk = &net->blocks[b];
    p = fill_conv(&blk->reduce, p, &rng, 1.0f);
    p = fill_conv(&blk->spatial, p, &rng, 1.0f);
    p = fill_conv(&blk->expand, p, &rng, 0.25f); /* keeps the residual sum bounded over 16 blocks */
    if (blk->has_proj) p = fill_conv(&blk->proj, p, &rng, 1.0f);
  }
  net->fc_w = p;
  float bound = sqrtf(6.0f / 2048.0f);
  for (size_t i = 0; i < (size_t)2048 * RN50_CLASSES; ++i) p[i] = next_uniform(&rng, bound);
  net->fc_b = p + (size_t)2048 * RN50_CLASSES;
  for (int i = 0; i < RN50_CLASSES; ++i) net->fc_b[i] = next_uniform(&rng, 0.05f);
  return RN50_OK;
}

void rn50_free(Rn50Net* net) {
  free(net->storage);
  memset(net, 0, sizeof *net);
}

void rn50_make_input(int size, uint32_t seed, float* out) {
  uint32_t rng = seed ^ 0x85EBCA6Bu;
  if (rng == 0) rng = 1;
  for (size_t i = 0; i < (size_t)3 * size * size; ++i) out[i] = next_uniform(&rng, 1.0f);
}

static int conv_out(int in, const Rn50Conv* c) { return (in + 2 * c->pad - c->k) / c->stride + 1; }

uint64_t rn50_macs(int size) {
  Rn50Net net;
  build_layers(&net);
  int h = conv_out(size, &net.stem);
  uint64_t macs = (uint64_t)conv_weights(&net.stem) * h * h;
  h = (h + 2 - 3) / 2 + 1; /* maxpool */
  for (int b = 0; b < RN50_BLOCKS; ++b) {
    const Rn50Block* blk = &net.blocks[b];
    int h1 = conv_out(h, &blk->reduce);
    macs += (uint64_t)conv_weights(&blk->reduce) * h1 * h1;
    macs += (uint64_t)conv_weights(&blk->spatial) * h1 * h1;
    macs += (uint64_t)conv_weights(&blk->expand) * h1 * h1;
    if (blk->has_proj) macs += (uint64_t)conv_weights(&blk->proj) * h1 * h1;
    h = h1;
  }
  return macs + (uint64_t)2048 * RN50_CLASSES;
}

typedef struct Scratch {
  float *x, *t1, *t2, *t3, *sc, *padded;
} Scratch;

/* Runs one conv on a channels x h x h tensor; pads into s->padded when the conv has padding. */
static int run_conv(const Rn50Conv* c, const float* in, int h, float* out, int relu, float* padded,
                    Rn50Kernels kernels) {
  int ph = h + 2 * c->pad;
  const float* src = in;
  if (c->pad) {
    memset(padded, 0, (size_t)c->in_c * ph * ph * sizeof(float));
    for (int ch = 0; ch < c->in_c; ++ch)
      for (int y = 0; y < h; ++y)
        memcpy(padded + ((size_t)ch * ph + y + c->pad) * ph + c->pad, in + ((size_t)ch * h + y) * h,
               (size_t)h * sizeof(float));
    src = padded;
  }
  Rn50ConvArgs a = {c, src, ph, ph, conv_out(h, c), conv_out(h, c), out, relu};
  if (kernels == RN50_KERNELS_SIMD)
    rn50_conv_simd(&a);
  else
    rn50_conv_scalar(&a);
  return a.oh;
}

static int maxpool3x3s2(const float* in, int c, int h, float* out) {
  int oh = (h + 2 - 3) / 2 + 1;
  for (int ch = 0; ch < c; ++ch) {
    const float* plane = in + (size_t)ch * h * h;
    for (int oy = 0; oy < oh; ++oy) {
      for (int ox = 0; ox < oh; ++ox) {
        float m = -INFINITY;
        for (int ky = 0; ky < 3; ++ky) {
          int y = oy * 2 + ky - 1;
          if (y < 0 || y >= h) continue;
          for (int kx = 0; kx < 3; ++kx) {
            int x = ox * 2 + kx - 1;
            if (x < 0 || x >= h) continue;
            if (plane[y * h + x] > m) m = plane[y * h + x];
          }
        }
        out[((size_t)ch * oh + oy) * oh + ox] = m;
      }
    }
  }
  return oh;
}

int rn50_forward(const Rn50Net* net, const float* input, int size, float logits[RN50_CLASSES],
                 Rn50Kernels kernels) {
  if (size < RN50_MIN_SIZE || size > RN50_MAX_SIZE || size % 32 != 0) return RN50_ERR_BAD_SIZE;
  if (kernels == RN50_KERNELS_SIMD && !rn50_simd_available()) return RN50_ERR_NO_SIMD;
  /* Largest activation: 64 x (size/2)^2 = 256 x (size/4)^2 = 16 size^2; largest padded input: the stem's. */
  size_t act = (size_t)16 * size * size, pad = (size_t)3 * (size + 6) * (size + 6);
  if (pad < act) pad = act;
  float* mem = (float*)malloc((5 * act + pad) * sizeof(float));
  if (!mem) return RN50_ERR_NO_MEMORY;
  Scratch s = {mem, mem + act, mem + 2 * act, mem + 3 * act, mem + 4 * act, mem + 5 * act};

  int h = run_conv(&net->stem, input, size, s.t1, 1, s.padded, kernels);
  h = maxpool3x3s2(s.t1, 64, h, s.x);
  int channels = 64;
  for (int b = 0; b < RN50_BLOCKS; ++b) {
    const Rn50Block* blk = &net->blocks[b];
    int h1 = run_conv(&blk->reduce, s.x, h, s.t1, 1, s.padded, kernels);
    run_conv(&blk->spatial, s.t1, h1, s.t2, 1, s.padded, kernels);
    run_conv(&blk->expand, s.t2, h1, s.t3, 0, s.padded, kernels);
    const float* shortcut = s.x;
    if (blk->has_proj) {
      run_conv(&blk->proj, s.x, h, s.sc, 0, s.padded, kernels);
      shortcut = s.sc;
    }
    channels = blk->expand.out_c;
    size_t n = (size_t)channels * h1 * h1;
    for (size_t i = 0; i < n; ++i) {
      float v = s.t3[i] + shortcut[i];
      s.x[i] = v > 0.0f ? v : 0.0f;
    }
    h = h1;
  }
  /* Global average pool into t1[0..2047]: sum in pixel order, then one division. */
  for (int ch = 0; ch < channels; ++ch) {
    float sum = 0.0f;
    const float* plane = s.x + (size_t)ch * h * h;
    for (int i = 0; i < h * h; ++i) sum = sum + plane[i];
    s.t1[ch] = sum / (float)(h * h);
  }
  if (kernels == RN50_KERNELS_SIMD)
    rn50_fc_simd(net->fc_w, net->fc_b, s.t1, channels, RN50_CLASSES, logits);
  else
    rn50_fc_scalar(net->fc_w, net->fc_b, s.t1, channels, RN50_CLASSES, logits);
  free(mem);
  return RN50_OK;
}
