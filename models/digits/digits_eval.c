/* digits_eval: runs the digits CNN over the held-out test set and prints accuracy plus digests of every logit
 * and probability bit. Built natively and as a wasm32-wasi command; both builds must print identical text, which
 * is how the VM's results are compared with the native ones.
 *
 *   digits_eval               use the test set embedded at build time (needs only fd_write under WASI)
 *   digits_eval FILE          read a digits_test.bin file instead (under WASI, FILE must be in a preopened dir)
 *
 * Exit status: 0 on success, 1 on bad arguments or unreadable/invalid files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digits_data.h"
#include "digits_model.h"

extern const unsigned char digits_testset_blob[];
extern const unsigned int digits_testset_blob_size;

static unsigned char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  unsigned char* buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    if (cap >= (64u << 20)) { /* a test set is tens of KB: refuse anything huge */
      free(buf);
      buf = NULL;
      break;
    }
    unsigned char* grown = realloc(buf, cap * 2);
    if (!grown) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = grown;
    cap *= 2;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static void hash_floats(uint32_t* h, const float* v, int n) {
  for (int i = 0; i < n; ++i) {
    const unsigned char* b = (const unsigned char*)&v[i];
    for (int j = 0; j < 4; ++j) *h = (*h ^ b[j]) * 0x01000193u;
  }
}

int main(int argc, char** argv) {
  if (argc > 2) {
    fprintf(stderr, "usage: digits_eval [digits_test.bin]\n");
    return 1;
  }
  char err[160];
  DigitsWeights* weights = malloc(sizeof(DigitsWeights));
  if (!weights) return 1;
  if (digits_weights_parse(digits_weights_blob, digits_weights_blob_size, weights, err, sizeof err) != 0) {
    fprintf(stderr, "digits_eval: embedded %s\n", err);
    return 1;
  }
  const unsigned char* bytes = digits_testset_blob;
  size_t len = digits_testset_blob_size;
  unsigned char* owned = NULL;
  if (argc == 2) {
    owned = read_file(argv[1], &len);
    if (!owned) {
      fprintf(stderr, "digits_eval: cannot read %s\n", argv[1]);
      return 1;
    }
    bytes = owned;
  }
  DigitsTestSet set;
  if (digits_testset_parse(bytes, len, &set, err, sizeof err) != 0) {
    fprintf(stderr, "digits_eval: %s: %s\n", argc == 2 ? argv[1] : "embedded", err);
    free(owned);
    return 1;
  }
  uint32_t correct = 0, agree = 0;
  uint32_t logit_hash = 0x811C9DC5u, prob_hash = 0x811C9DC5u;
  for (uint32_t i = 0; i < set.count; ++i) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES], probs[DIGITS_CLASSES];
    digits_preprocess_levels(set.pixels + (size_t)i * DIGITS_PIXELS, input);
    digits_forward(weights, input, logits);
    digits_softmax(logits, probs);
    int pred = digits_argmax(logits, DIGITS_CLASSES);
    correct += pred == set.labels[i];
    agree += pred == set.trainer_predictions[i];
    hash_floats(&logit_hash, logits, DIGITS_CLASSES);
    hash_floats(&prob_hash, probs, DIGITS_CLASSES);
    if (i < 5) {
      uint32_t bits;
      memcpy(&bits, &probs[pred], 4);
      printf("sample %u: label %u predicted %d probability bits %08x\n", i, set.labels[i], pred, bits);
    }
  }
  printf("samples %u\n", set.count);
  printf("correct %u (%u.%02u%%)\n", correct, set.count ? correct * 100 / set.count : 0,
         set.count ? (correct * 10000 / set.count) % 100 : 0);
  printf("agree_with_trainer %u\n", agree);
  printf("logits_fnv1a %08x\n", logit_hash);
  printf("probs_fnv1a %08x\n", prob_hash);
  free(owned);
  free(weights);
  return 0;
}
