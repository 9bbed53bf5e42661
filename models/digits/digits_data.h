/* Readers for the digits artefacts written by models/digits/train.py (formats documented there).
 * Both readers validate everything (magic, version, sizes, checksum, label range) and report the first problem
 * with its byte offset in `err`; they never read outside [bytes, bytes + len). */
#ifndef WASMVM_MODELS_DIGITS_DATA_H
#define WASMVM_MODELS_DIGITS_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "digits_model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DIGITS_WEIGHTS_HEADER_SIZE 16
#define DIGITS_TESTSET_HEADER_SIZE 16

enum DigitsDataStatus {
  DIGITS_DATA_OK = 0,
  DIGITS_DATA_TRUNCATED = 1,
  DIGITS_DATA_BAD_MAGIC = 2,
  DIGITS_DATA_BAD_VERSION = 3,
  DIGITS_DATA_BAD_SIZE = 4,
  DIGITS_DATA_BAD_CHECKSUM = 5,
  DIGITS_DATA_BAD_VALUE = 6,
};

/* FNV-1a 32-bit, the checksum of the weights payload. */
uint32_t digits_fnv1a32(const uint8_t* bytes, size_t len);

/* Copies the little-endian payload into *out. */
int digits_weights_parse(const uint8_t* bytes, size_t len, DigitsWeights* out, char* err, size_t err_size);

/* A view into the test-set file bytes (no copies; valid while the bytes live). */
typedef struct DigitsTestSet {
  uint32_t count;
  const uint8_t* pixels;      /* count * 64 levels, 0..16 */
  const uint8_t* labels;      /* count labels, 0..9 */
  const uint8_t* trainer_predictions; /* count predictions of the numpy trainer, 0..9 */
} DigitsTestSet;

int digits_testset_parse(const uint8_t* bytes, size_t len, DigitsTestSet* out, char* err, size_t err_size);

/* The weights file embedded at build time (generated from data/digits_weights.bin). */
extern const unsigned char digits_weights_blob[];
extern const unsigned int digits_weights_blob_size;

#ifdef __cplusplus
}
#endif

#endif /* WASMVM_MODELS_DIGITS_DATA_H */
