// cnn: a small image classifier run on a batch of 4 deterministic 3x32x32 images:
//   conv3x3 3->32, relu, maxpool -> conv3x3 32->64, relu, maxpool -> conv3x3 64->128, relu,
//   maxpool -> dense 2048->128, relu -> dense 128->10.  (~10.6 M multiply-adds per image.)
#include "nn_kernels.h"

enum { BATCH = 4, C0 = 3, C1 = 32, C2 = 64, C3 = 128, S = 32, FC_IN = C3 * 4 * 4, FC1 = 128,
       CLASSES = 10, FC2 = 16 /* CLASSES padded to a multiple of 4; extra columns are zero */ };

#define PADDED(c, s) ((c) * ((s) + 2) * ((s) + 2))

static float images[BATCH][PADDED(C0, S)];
static float w1[C1 * C0 * 9], b1[C1], w2[C2 * C1 * 9], b2[C2], w3[C3 * C2 * 9], b3[C3];
static float wf1[FC_IN * FC1], bf1[FC1], wf2[FC1 * FC2], bf2[FC2];

static float conv1_out[C1 * S * S], pool1[PADDED(C1, S / 2)];
static float conv2_out[C2 * (S / 2) * (S / 2)], pool2[PADDED(C2, S / 4)];
static float conv3_out[C3 * (S / 4) * (S / 4)], pool3[FC_IN];
static float fc1_out[FC1], logits[BATCH][FC2];

// Fills n floats with lcg_float * scale (scale is a power of two, so the products are exact).
static void fill(float* p, int n, float scale, uint32_t* s) {
  for (int i = 0; i < n; i++) p[i] = lcg_float(s) * scale;
}

void bench_init(void) {
  uint32_t s = 2024;
  for (int b = 0; b < BATCH; b++)
    for (int c = 0; c < C0; c++)
      for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) images[b][(c * (S + 2) + y + 1) * (S + 2) + x + 1] = lcg_float(&s);
  fill(w1, C1 * C0 * 9, 0.25f, &s);
  fill(b1, C1, 0.125f, &s);
  fill(w2, C2 * C1 * 9, 0.0625f, &s);
  fill(b2, C2, 0.125f, &s);
  fill(w3, C3 * C2 * 9, 0.03125f, &s);
  fill(b3, C3, 0.125f, &s);
  fill(wf1, FC_IN * FC1, 0.03125f, &s);
  fill(bf1, FC1, 0.125f, &s);
  for (int i = 0; i < FC1; i++)
    for (int o = 0; o < FC2; o++) wf2[i * FC2 + o] = o < CLASSES ? lcg_float(&s) * 0.125f : 0.0f;
  for (int o = 0; o < FC2; o++) bf2[o] = o < CLASSES ? lcg_float(&s) * 0.125f : 0.0f;
}

static void classify(const float* image, float* out) {
  conv3x3(image, C0, S, S, w1, b1, C1, conv1_out);
  relu(conv1_out, C1 * S * S);
  maxpool2(conv1_out, C1, S, S, pool1, 1);
  conv3x3(pool1, C1, S / 2, S / 2, w2, b2, C2, conv2_out);
  relu(conv2_out, C2 * (S / 2) * (S / 2));
  maxpool2(conv2_out, C2, S / 2, S / 2, pool2, 1);
  conv3x3(pool2, C2, S / 4, S / 4, w3, b3, C3, conv3_out);
  relu(conv3_out, C3 * (S / 4) * (S / 4));
  maxpool2(conv3_out, C3, S / 4, S / 4, pool3, 0);
  dense(pool3, FC_IN, wf1, bf1, FC1, fc1_out);
  relu(fc1_out, FC1);
  dense(fc1_out, FC1, wf2, bf2, FC2, out);
}

int64_t bench_run(void) {
  uint64_t h = FNV_OFFSET;
  for (int b = 0; b < BATCH; b++) {
    classify(images[b], logits[b]);
    h = fnv1a_floats(h, logits[b], CLASSES);
  }
  return (int64_t)h;
}
