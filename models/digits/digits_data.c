/* Validating readers for digits_weights.bin and digits_test.bin. Freestanding-friendly: no stdio, so the
 * wasm32 guests can use it without pulling in printf. */
#include "digits_data.h"

#include <string.h>

static uint32_t read_u32le(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Tiny formatter: "<what> at byte <offset>" without snprintf. */
static void set_err(char* err, size_t err_size, const char* what, size_t offset) {
  if (!err || err_size == 0) return;
  char digits[24];
  int n = 0;
  do {
    digits[n++] = (char)('0' + offset % 10);
    offset /= 10;
  } while (offset && n < (int)sizeof digits);
  size_t pos = 0;
  for (const char* s = what; *s && pos + 1 < err_size; ++s) err[pos++] = *s;
  for (const char* s = " at byte "; *s && pos + 1 < err_size; ++s) err[pos++] = *s;
  while (n > 0 && pos + 1 < err_size) err[pos++] = digits[--n];
  err[pos] = '\0';
}

uint32_t digits_fnv1a32(const uint8_t* bytes, size_t len) {
  uint32_t h = 0x811C9DC5u;
  for (size_t i = 0; i < len; ++i) h = (h ^ bytes[i]) * 0x01000193u;
  return h;
}

int digits_weights_parse(const uint8_t* bytes, size_t len, DigitsWeights* out, char* err, size_t err_size) {
  if (!bytes || len < DIGITS_WEIGHTS_HEADER_SIZE) {
    set_err(err, err_size, "weights: truncated header (need 16 bytes)", len);
    return DIGITS_DATA_TRUNCATED;
  }
  if (memcmp(bytes, "DGW1", 4) != 0) {
    set_err(err, err_size, "weights: bad magic (expected \"DGW1\")", 0);
    return DIGITS_DATA_BAD_MAGIC;
  }
  if (read_u32le(bytes + 4) != 1) {
    set_err(err, err_size, "weights: unsupported version (expected 1)", 4);
    return DIGITS_DATA_BAD_VERSION;
  }
  uint32_t count = read_u32le(bytes + 8);
  if (count != DIGITS_NUM_WEIGHTS) {
    set_err(err, err_size, "weights: float count does not match the network (expected 3818)", 8);
    return DIGITS_DATA_BAD_SIZE;
  }
  size_t payload = (size_t)count * 4;
  if (len - DIGITS_WEIGHTS_HEADER_SIZE != payload) {
    set_err(err, err_size, len - DIGITS_WEIGHTS_HEADER_SIZE < payload ? "weights: truncated payload"
                                                                       : "weights: trailing bytes after payload",
            len < DIGITS_WEIGHTS_HEADER_SIZE + payload ? len : DIGITS_WEIGHTS_HEADER_SIZE + payload);
    return DIGITS_DATA_TRUNCATED;
  }
  const uint8_t* p = bytes + DIGITS_WEIGHTS_HEADER_SIZE;
  if (digits_fnv1a32(p, payload) != read_u32le(bytes + 12)) {
    set_err(err, err_size, "weights: payload checksum mismatch", 12);
    return DIGITS_DATA_BAD_CHECKSUM;
  }
  float* dst = (float*)out;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t bits = read_u32le(p + 4 * (size_t)i);
    memcpy(&dst[i], &bits, 4);
    if ((bits & 0x7F800000u) == 0x7F800000u) {
      set_err(err, err_size, "weights: non-finite value", DIGITS_WEIGHTS_HEADER_SIZE + 4 * (size_t)i);
      return DIGITS_DATA_BAD_VALUE;
    }
  }
  if (err && err_size) err[0] = '\0';
  return DIGITS_DATA_OK;
}

int digits_testset_parse(const uint8_t* bytes, size_t len, DigitsTestSet* out, char* err, size_t err_size) {
  if (!bytes || len < DIGITS_TESTSET_HEADER_SIZE) {
    set_err(err, err_size, "test set: truncated header (need 16 bytes)", len);
    return DIGITS_DATA_TRUNCATED;
  }
  if (memcmp(bytes, "DGT1", 4) != 0) {
    set_err(err, err_size, "test set: bad magic (expected \"DGT1\")", 0);
    return DIGITS_DATA_BAD_MAGIC;
  }
  uint32_t count = read_u32le(bytes + 4);
  if (read_u32le(bytes + 8) != DIGITS_SIDE || read_u32le(bytes + 12) != DIGITS_SIDE) {
    set_err(err, err_size, "test set: image size is not 8x8", 8);
    return DIGITS_DATA_BAD_SIZE;
  }
  /* count * 66 in 64 bits: a huge count cannot wrap. */
  uint64_t need = (uint64_t)DIGITS_TESTSET_HEADER_SIZE + (uint64_t)count * (DIGITS_PIXELS + 2);
  if ((uint64_t)len != need) {
    set_err(err, err_size, (uint64_t)len < need ? "test set: truncated (count does not fit the file)"
                                                : "test set: trailing bytes after the predictions",
            (uint64_t)len < need ? len : (size_t)need);
    return DIGITS_DATA_TRUNCATED;
  }
  const uint8_t* pixels = bytes + DIGITS_TESTSET_HEADER_SIZE;
  const uint8_t* labels = pixels + (size_t)count * DIGITS_PIXELS;
  const uint8_t* preds = labels + count;
  for (size_t i = 0; i < (size_t)count * DIGITS_PIXELS; ++i) {
    if (pixels[i] > 16) {
      set_err(err, err_size, "test set: pixel level above 16", DIGITS_TESTSET_HEADER_SIZE + i);
      return DIGITS_DATA_BAD_VALUE;
    }
  }
  for (uint32_t i = 0; i < count; ++i) {
    if (labels[i] >= DIGITS_CLASSES || preds[i] >= DIGITS_CLASSES) {
      set_err(err, err_size, "test set: label or prediction above 9",
              (size_t)((labels[i] >= DIGITS_CLASSES ? labels : preds) - bytes) + i);
      return DIGITS_DATA_BAD_VALUE;
    }
  }
  out->count = count;
  out->pixels = pixels;
  out->labels = labels;
  out->trainer_predictions = preds;
  if (err && err_size) err[0] = '\0';
  return DIGITS_DATA_OK;
}
