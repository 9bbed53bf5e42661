/* resnet50_run [SIZE] [scalar|simd]: builds the seeded ResNet-50, runs it on a seeded pseudo-image of
 * 3 x SIZE x SIZE (default 224) and prints the top-5 classes and an FNV-1a hash of all 1000 logit bits.
 * Native and wasm32 builds (scalar or simd128) must print identical text. Timing goes to stderr.
 * Exit status 0 on success, 1 on a bad argument, 2 if memory runs out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "resnet50.h"

#define RN50_SEED 50u

/* Wall-clock milliseconds (C11 timespec_get: available natively and in wasi-libc, unlike clock()). */
static double now_ms(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  int size = 224;
  Rn50Kernels kernels = rn50_simd_available() ? RN50_KERNELS_SIMD : RN50_KERNELS_SCALAR;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "scalar") == 0) {
      kernels = RN50_KERNELS_SCALAR;
    } else if (strcmp(argv[i], "simd") == 0) {
      kernels = RN50_KERNELS_SIMD;
    } else {
      char* end = NULL;
      long v = strtol(argv[i], &end, 10);
      if (!end || *end || v < RN50_MIN_SIZE || v > RN50_MAX_SIZE || v % 32) {
        fprintf(stderr, "usage: resnet50_run [SIZE: multiple of 32 in 32..448] [scalar|simd]\n");
        return 1;
      }
      size = (int)v;
    }
  }
  Rn50Net net;
  double t0 = now_ms();
  if (rn50_init(&net, RN50_SEED) != RN50_OK) {
    fprintf(stderr, "resnet50_run: out of memory for %zu parameters\n", net.num_params);
    return 2;
  }
  float* input = malloc((size_t)3 * size * size * sizeof(float));
  float logits[RN50_CLASSES];
  if (!input) return 2;
  rn50_make_input(size, RN50_SEED, input);
  double t1 = now_ms();
  int rc = rn50_forward(&net, input, size, logits, kernels);
  double t2 = now_ms();
  if (rc != RN50_OK) {
    fprintf(stderr, "resnet50_run: forward failed with code %d\n", rc);
    return rc == RN50_ERR_NO_MEMORY ? 2 : 1;
  }
  printf("resnet50 input 3x%dx%d params %zu macs %llu\n", size, size, net.num_params,
         (unsigned long long)rn50_macs(size));
  int taken[RN50_CLASSES] = {0};
  for (int r = 0; r < 5; ++r) {
    int best = -1;
    for (int k = 0; k < RN50_CLASSES; ++k)
      if (!taken[k] && (best < 0 || logits[k] > logits[best])) best = k;
    taken[best] = 1;
    uint32_t bits;
    memcpy(&bits, &logits[best], 4);
    printf("top%d class %d logit_bits %08x\n", r + 1, best, bits);
  }
  uint32_t h = 0x811C9DC5u;
  const unsigned char* p = (const unsigned char*)logits;
  for (size_t i = 0; i < sizeof logits; ++i) h = (h ^ p[i]) * 0x01000193u;
  printf("logits_fnv1a %08x\n", h);
  fprintf(stderr, "init %.1f ms, forward (%s) %.1f ms\n", t1 - t0, kernels == RN50_KERNELS_SIMD ? "simd" : "scalar",
          t2 - t1);
  free(input);
  rn50_free(&net);
  return 0;
}
