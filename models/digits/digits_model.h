/* Digits CNN: inference for the network trained by models/digits/train.py (sklearn 8x8 digits, 10 classes).
 *
 *   input  [1, 1, 8, 8] f32        see "Preprocessing" below
 *   conv1  3x3 pad 1, 1 -> 8, ReLU
 *   conv2  3x3 pad 1, 8 -> 16, ReLU
 *   pool   2x2 max stride 2 -> [16, 4, 4], flattened (c, y, x)
 *   fc     256 -> 10 logits; softmax -> probabilities
 *
 * Determinism: every sum runs in one fixed order (bias first, then input channel, kernel row, kernel column)
 * with only IEEE add/mul/max and no library calls (softmax uses digits_expf, written here with + and * only).
 * Built with -ffp-contract=off, the native build and the wasm32 build give bit-identical logits and softmax.
 *
 * Preprocessing: the model was trained on sklearn's pixel levels v in 0..16, fed as v / 16.0f.
 *   - digits_preprocess_levels: levels 0..16 (values above 16 are clamped) -> input.
 *   - digits_preprocess_gray:   8-bit grayscale image whose width and height are multiples of 8 (e.g. the 32x32
 *     sample PNGs). Each (w/8)x(h/8) block is averaged (integer sum), mapped to the nearest level
 *     v = round(avg * 16 / 255), then fed as v / 16. The sample PNGs store gray = round(v * 255 / 16), so they
 *     map back to exactly the dataset levels.
 */
#ifndef WASMVM_MODELS_DIGITS_MODEL_H
#define WASMVM_MODELS_DIGITS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DIGITS_SIDE 8
#define DIGITS_PIXELS 64
#define DIGITS_CLASSES 10
#define DIGITS_CONV1_OUT 8
#define DIGITS_CONV2_OUT 16
#define DIGITS_POOLED (DIGITS_CONV2_OUT * 4 * 4)

/* Parameters in the exact order of the weights file payload (see train.py). Plain float arrays: no padding. */
typedef struct DigitsWeights {
  float conv1_w[DIGITS_CONV1_OUT * 1 * 9];
  float conv1_b[DIGITS_CONV1_OUT];
  float conv2_w[DIGITS_CONV2_OUT * DIGITS_CONV1_OUT * 9];
  float conv2_b[DIGITS_CONV2_OUT];
  float fc_w[DIGITS_CLASSES * DIGITS_POOLED];
  float fc_b[DIGITS_CLASSES];
} DigitsWeights;

#define DIGITS_NUM_WEIGHTS (sizeof(DigitsWeights) / sizeof(float))

/* Logits for one image. `input` holds 64 floats in row-major order. */
void digits_forward(const DigitsWeights* w, const float input[DIGITS_PIXELS], float logits[DIGITS_CLASSES]);

/* Numerically stable softmax (subtract the max, then digits_expf, then divide by the sum in index order). */
void digits_softmax(const float logits[DIGITS_CLASSES], float probs[DIGITS_CLASSES]);

/* Index of the largest value; the lowest index wins ties. NaN entries never win. */
int digits_argmax(const float* values, int count);

/* exp(x) from + and * only, so it rounds the same on every IEEE-754 platform (max rel. error ~2e-7). */
float digits_expf(float x);

void digits_preprocess_levels(const uint8_t levels[DIGITS_PIXELS], float input[DIGITS_PIXELS]);

/* Returns 0, or -1 if width/height are not positive multiples of 8 (<= 4096) or `gray` is NULL. */
int digits_preprocess_gray(const uint8_t* gray, int width, int height, float input[DIGITS_PIXELS]);

#ifdef __cplusplus
}
#endif

#endif /* WASMVM_MODELS_DIGITS_MODEL_H */
