// conv: one 3x3 convolution layer with a ResNet shape: 64 input channels of 56x56, 64 output
// channels, padding 1, stride 1 (115.6 M multiply-adds).
#include "nn_kernels.h"

enum { CI = 64, CO = 64, H = 56, W = 56 };
static float input[CI * (H + 2) * (W + 2)];  // zero border = padding 1
static float weights[CO * CI * 9];
static float bias[CO];
static float output[CO * H * W];

void bench_init(void) {
  uint32_t s = 777;
  for (int c = 0; c < CI; c++)
    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++) input[(c * (H + 2) + y + 1) * (W + 2) + x + 1] = lcg_float(&s);
  // Scale weights by 1/8 (exact) to keep sums in a realistic range.
  for (int i = 0; i < CO * CI * 9; i++) weights[i] = lcg_float(&s) * 0.125f;
  for (int i = 0; i < CO; i++) bias[i] = lcg_float(&s);
}

int64_t bench_run(void) {
  conv3x3(input, CI, H, W, weights, bias, CO, output);
  return (int64_t)fnv1a_floats(FNV_OFFSET, output, CO * H * W);
}
