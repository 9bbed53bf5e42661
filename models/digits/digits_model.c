/* Digits CNN forward pass. The loop orders here ARE the numerical specification: do not reorder sums. */
#include "digits_model.h"

#include <string.h>

_Static_assert(sizeof(DigitsWeights) == 3818 * sizeof(float), "DigitsWeights must match the weights file");

/* out[oc][y][x] = bias[oc] + sum over (ic, ky, kx) of w[oc][ic][ky][kx] * in[ic][y+ky-1][x+kx-1], zero padding,
 * followed by ReLU. Out-of-image taps are skipped (identical to adding 0 * w only for finite w, which holds). */
static void conv3x3_relu(const float* in, int in_ch, const float* w, const float* bias, int out_ch, float* out) {
  for (int oc = 0; oc < out_ch; ++oc) {
    for (int y = 0; y < DIGITS_SIDE; ++y) {
      for (int x = 0; x < DIGITS_SIDE; ++x) {
        float acc = bias[oc];
        for (int ic = 0; ic < in_ch; ++ic) {
          const float* plane = in + ic * DIGITS_PIXELS;
          const float* kernel = w + (oc * in_ch + ic) * 9;
          for (int ky = 0; ky < 3; ++ky) {
            int iy = y + ky - 1;
            if (iy < 0 || iy >= DIGITS_SIDE) continue;
            for (int kx = 0; kx < 3; ++kx) {
              int ix = x + kx - 1;
              if (ix < 0 || ix >= DIGITS_SIDE) continue;
              acc = acc + kernel[ky * 3 + kx] * plane[iy * DIGITS_SIDE + ix];
            }
          }
        }
        out[(oc * DIGITS_SIDE + y) * DIGITS_SIDE + x] = acc > 0.0f ? acc : 0.0f;
      }
    }
  }
}

static float max4(float a, float b, float c, float d) {
  float m = a;
  if (b > m) m = b;
  if (c > m) m = c;
  if (d > m) m = d;
  return m;
}

void digits_forward(const DigitsWeights* w, const float input[DIGITS_PIXELS], float logits[DIGITS_CLASSES]) {
  float h1[DIGITS_CONV1_OUT * DIGITS_PIXELS];
  float h2[DIGITS_CONV2_OUT * DIGITS_PIXELS];
  float pooled[DIGITS_POOLED];
  conv3x3_relu(input, 1, w->conv1_w, w->conv1_b, DIGITS_CONV1_OUT, h1);
  conv3x3_relu(h1, DIGITS_CONV1_OUT, w->conv2_w, w->conv2_b, DIGITS_CONV2_OUT, h2);
  for (int c = 0; c < DIGITS_CONV2_OUT; ++c) {
    const float* plane = h2 + c * DIGITS_PIXELS;
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 4; ++x) {
        const float* p = plane + (2 * y) * DIGITS_SIDE + 2 * x;
        pooled[(c * 4 + y) * 4 + x] = max4(p[0], p[1], p[DIGITS_SIDE], p[DIGITS_SIDE + 1]);
      }
    }
  }
  for (int k = 0; k < DIGITS_CLASSES; ++k) {
    const float* row = w->fc_w + k * DIGITS_POOLED;
    float acc = w->fc_b[k];
    for (int i = 0; i < DIGITS_POOLED; ++i) acc = acc + row[i] * pooled[i];
    logits[k] = acc;
  }
}

/* 2^n for n in [-126, 127], built from the exponent bits. */
static float pow2i(int n) {
  uint32_t bits = (uint32_t)(n + 127) << 23;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

float digits_expf(float x) {
  if (x != x) return x;                 /* NaN propagates */
  if (x > 88.72f) return pow2i(127) * 2.0f; /* overflows to +inf */
  if (x < -103.98f) return 0.0f;
  /* x = k*ln2 + r with |r| <= ln2/2; ln2 split so that k*LN2_HI is exact (Cody-Waite). */
  const float LN2_HI = 0.693145751953125f;   /* 0x3f317200 */
  const float LN2_LO = 1.428606765330187e-06f;
  const float INV_LN2 = 1.44269504088896341f;
  float t = x * INV_LN2;
  int k = (int)(t < 0.0f ? t - 0.5f : t + 0.5f);
  float kf = (float)k;
  float r = (x - kf * LN2_HI) - kf * LN2_LO;
  /* Taylor polynomial to degree 7 in Horner form; |r| <= 0.35 keeps the error below 1 ulp-ish. */
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  /* Scale by 2^k in two steps so both factors stay normal even for k near -149 or +128. */
  int k1 = k / 2;
  int k2 = k - k1;
  return (p * pow2i(k1)) * pow2i(k2);
}

void digits_softmax(const float logits[DIGITS_CLASSES], float probs[DIGITS_CLASSES]) {
  float m = logits[0];
  for (int k = 1; k < DIGITS_CLASSES; ++k)
    if (logits[k] > m) m = logits[k];
  float sum = 0.0f;
  for (int k = 0; k < DIGITS_CLASSES; ++k) {
    probs[k] = digits_expf(logits[k] - m);
    sum = sum + probs[k];
  }
  for (int k = 0; k < DIGITS_CLASSES; ++k) probs[k] = probs[k] / sum;
}

int digits_argmax(const float* values, int count) {
  int best = -1;
  for (int k = 0; k < count; ++k) {
    if (values[k] != values[k]) continue;
    if (best < 0 || values[k] > values[best]) best = k;
  }
  return best < 0 ? 0 : best;
}

void digits_preprocess_levels(const uint8_t levels[DIGITS_PIXELS], float input[DIGITS_PIXELS]) {
  for (int i = 0; i < DIGITS_PIXELS; ++i) {
    uint8_t v = levels[i] > 16 ? 16 : levels[i];
    input[i] = (float)v / 16.0f;
  }
}

int digits_preprocess_gray(const uint8_t* gray, int width, int height, float input[DIGITS_PIXELS]) {
  if (!gray || width <= 0 || height <= 0 || width > 4096 || height > 4096) return -1;
  if (width % DIGITS_SIDE != 0 || height % DIGITS_SIDE != 0) return -1;
  int bw = width / DIGITS_SIDE, bh = height / DIGITS_SIDE;
  uint32_t area = (uint32_t)bw * (uint32_t)bh;
  for (int by = 0; by < DIGITS_SIDE; ++by) {
    for (int bx = 0; bx < DIGITS_SIDE; ++bx) {
      uint32_t sum = 0; /* at most 512*512*255 < 2^27 */
      for (int y = by * bh; y < (by + 1) * bh; ++y)
        for (int x = bx * bw; x < (bx + 1) * bw; ++x) sum += gray[(size_t)y * (size_t)width + (size_t)x];
      /* level = round(sum / area * 16 / 255) in integers: (2*16*sum + 255*area) / (2*255*area) */
      uint64_t level = (32ull * sum + 255ull * area) / (510ull * area);
      input[by * DIGITS_SIDE + bx] = (float)(level > 16 ? 16 : level) / 16.0f;
    }
  }
  return 0;
}
