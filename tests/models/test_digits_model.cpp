// Digits CNN, native build: accuracy on the held-out split, agreement with the numpy trainer, determinism,
// softmax/expf numerics and preprocessing (including the sample PNGs decoded with libpng).
#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <memory>
#include <string>
#include <vector>

#include "models_test_util.h"

namespace {

using models_test::DigitsArtefacts;

struct Prediction {
  float logits[DIGITS_CLASSES];
  float probs[DIGITS_CLASSES];
  int label;
};

Prediction run_sample(const DigitsWeights& w, const uint8_t* levels) {
  Prediction p{};
  float input[DIGITS_PIXELS];
  digits_preprocess_levels(levels, input);
  digits_forward(&w, input, p.logits);
  digits_softmax(p.logits, p.probs);
  p.label = digits_argmax(p.logits, DIGITS_CLASSES);
  return p;
}

TEST(DigitsModel, HeldOutAccuracyAtLeast95Percent) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  ASSERT_GE(a.testset.count, 300u) << "the held-out split should have ~360 samples";
  uint32_t correct = 0;
  for (uint32_t i = 0; i < a.testset.count; ++i)
    correct += run_sample(a.weights, a.testset.pixels + i * DIGITS_PIXELS).label == a.testset.labels[i];
  double accuracy = double(correct) / a.testset.count;
  std::printf("digits held-out accuracy: %u/%u = %.4f\n", correct, a.testset.count, accuracy);
  EXPECT_GE(accuracy, 0.95);
}

// The C forward pass is an independent implementation of the numpy one (different summation order), so
// predictions should match the trainer's on essentially every sample.
TEST(DigitsModel, AgreesWithNumpyTrainer) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  uint32_t agree = 0;
  for (uint32_t i = 0; i < a.testset.count; ++i)
    agree += run_sample(a.weights, a.testset.pixels + i * DIGITS_PIXELS).label == a.testset.trainer_predictions[i];
  EXPECT_GE(agree + 2, a.testset.count) << "C and numpy disagree on " << a.testset.count - agree << " samples";
}

TEST(DigitsModel, ForwardPassIsBitwiseDeterministic) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  const uint8_t* s0 = a.testset.pixels;
  const uint8_t* s1 = a.testset.pixels + DIGITS_PIXELS;
  Prediction first = run_sample(a.weights, s0);
  run_sample(a.weights, s1);  // no hidden state may leak between calls
  Prediction again = run_sample(a.weights, s0);
  EXPECT_EQ(0, std::memcmp(first.logits, again.logits, sizeof first.logits));
  EXPECT_EQ(0, std::memcmp(first.probs, again.probs, sizeof first.probs));
  // A copy of the weights at another address gives the same bits (no address-dependent paths).
  auto copy = std::make_unique<DigitsWeights>(a.weights);
  Prediction copied = run_sample(*copy, s0);
  EXPECT_EQ(0, std::memcmp(first.logits, copied.logits, sizeof first.logits));
}

TEST(DigitsModel, EmbeddedWeightsEqualCommittedFile) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  ASSERT_EQ(size_t(digits_weights_blob_size), a.weights_bytes.size());
  EXPECT_EQ(0, std::memcmp(digits_weights_blob, a.weights_bytes.data(), a.weights_bytes.size()));
}

TEST(DigitsModel, SoftmaxIsAProbabilityDistributionWithTheLogitArgmax) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  for (uint32_t i = 0; i < 20; ++i) {
    Prediction p = run_sample(a.weights, a.testset.pixels + i * DIGITS_PIXELS);
    double sum = 0;
    for (float v : p.probs) {
      EXPECT_GE(v, 0.0f);
      EXPECT_LE(v, 1.0f);
      sum += v;
    }
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_EQ(p.label, digits_argmax(p.probs, DIGITS_CLASSES));
    // Against a double-precision reference softmax.
    double m = p.logits[0];
    for (float l : p.logits) m = std::max(m, double(l));
    double z = 0;
    for (float l : p.logits) z += std::exp(double(l) - m);
    for (int k = 0; k < DIGITS_CLASSES; ++k) EXPECT_NEAR(p.probs[k], std::exp(double(p.logits[k]) - m) / z, 1e-6);
  }
}

TEST(DigitsModel, ExpfMatchesLibmClosely) {
  for (float x = -100.0f; x <= 88.0f; x += 0.0137f) {
    double ref = std::exp(double(x));
    float got = digits_expf(x);
    if (ref < 1e-37) {
      EXPECT_NEAR(got, ref, 1e-44) << "x=" << x;  // subnormal range: absolute error
    } else {
      EXPECT_NEAR(got / ref, 1.0, 4e-7) << "x=" << x;
    }
  }
  EXPECT_EQ(digits_expf(0.0f), 1.0f);
  EXPECT_EQ(digits_expf(-200.0f), 0.0f);
  EXPECT_EQ(digits_expf(-INFINITY), 0.0f);
  EXPECT_TRUE(std::isinf(digits_expf(100.0f)));
  EXPECT_TRUE(std::isinf(digits_expf(INFINITY)));
  EXPECT_TRUE(std::isnan(digits_expf(NAN)));
}

TEST(DigitsModel, ArgmaxPrefersLowestIndexAndSkipsNaN) {
  float v[4] = {1.0f, 3.0f, 3.0f, 2.0f};
  EXPECT_EQ(digits_argmax(v, 4), 1);
  float w[3] = {NAN, -1.0f, NAN};
  EXPECT_EQ(digits_argmax(w, 3), 1);
}

TEST(DigitsModel, PreprocessLevelsScalesAndClamps) {
  uint8_t levels[DIGITS_PIXELS] = {};
  levels[0] = 16;
  levels[1] = 8;
  levels[2] = 200;  // out of range: clamped to 16
  float in[DIGITS_PIXELS];
  digits_preprocess_levels(levels, in);
  EXPECT_EQ(in[0], 1.0f);
  EXPECT_EQ(in[1], 0.5f);
  EXPECT_EQ(in[2], 1.0f);
  EXPECT_EQ(in[3], 0.0f);
}

TEST(DigitsModel, PreprocessGrayRejectsBadSizes) {
  std::vector<uint8_t> img(64 * 64, 0);
  float in[DIGITS_PIXELS];
  EXPECT_EQ(digits_preprocess_gray(img.data(), 8, 8, in), 0);
  EXPECT_EQ(digits_preprocess_gray(img.data(), 12, 8, in), -1);
  EXPECT_EQ(digits_preprocess_gray(img.data(), 0, 8, in), -1);
  EXPECT_EQ(digits_preprocess_gray(img.data(), 8, -8, in), -1);
  EXPECT_EQ(digits_preprocess_gray(nullptr, 8, 8, in), -1);
  EXPECT_EQ(digits_preprocess_gray(img.data(), 8192, 8, in), -1);
}

TEST(DigitsModel, PreprocessGrayAveragesBlocks) {
  // 16x16 image: block (0,0) holds 255 in all four pixels, block (1,0) averages 127.5 -> level 8.
  std::vector<uint8_t> img(16 * 16, 0);
  img[0] = img[1] = img[16] = img[17] = 255;
  img[2] = img[19] = 255;
  float in[DIGITS_PIXELS];
  ASSERT_EQ(digits_preprocess_gray(img.data(), 16, 16, in), 0);
  EXPECT_EQ(in[0], 1.0f);
  EXPECT_EQ(in[1], 0.5f);
  EXPECT_EQ(in[2], 0.0f);
}

// Decodes an 8-bit grayscale PNG with libpng; returns false on any libpng error.
bool decode_gray_png(const std::string& path, std::vector<uint8_t>& pixels, int& width, int& height) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  bool ok = false;
  std::vector<png_bytep> rows;
  if (png && info && setjmp(png_jmpbuf(png)) == 0) {
    png_init_io(png, f);
    png_read_info(png, info);
    width = int(png_get_image_width(png, info));
    height = int(png_get_image_height(png, info));
    if (png_get_color_type(png, info) == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) == 8) {
      pixels.assign(size_t(width) * size_t(height), 0);
      rows.resize(size_t(height));
      for (int y = 0; y < height; ++y) rows[size_t(y)] = pixels.data() + size_t(y) * size_t(width);
      png_read_image(png, rows.data());
      ok = true;
    }
  }
  png_destroy_read_struct(png ? &png : nullptr, info ? &info : nullptr, nullptr);
  std::fclose(f);
  return ok;
}

// Each committed sample PNG (samples/digit<label>_<index>.png) must preprocess to exactly the test set's
// levels for that index, so the demo path (PNG -> tensor) feeds the network what it was evaluated on.
TEST(DigitsModel, SamplePngsMapBackToDatasetLevels) {
  DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  DIR* dir = opendir(WASMVM_DIGITS_SAMPLES_DIR);
  ASSERT_NE(dir, nullptr) << WASMVM_DIGITS_SAMPLES_DIR;
  int checked = 0;
  bool labels_seen[DIGITS_CLASSES] = {};
  while (dirent* e = readdir(dir)) {
    unsigned label = 0, index = 0;
    char tail[8] = {};
    if (std::sscanf(e->d_name, "digit%u_%u.%4s", &label, &index, tail) != 3 || std::strcmp(tail, "png") != 0)
      continue;
    SCOPED_TRACE(e->d_name);
    ASSERT_LT(index, a.testset.count);
    ASSERT_LT(label, unsigned(DIGITS_CLASSES));
    EXPECT_EQ(label, a.testset.labels[index]);
    labels_seen[label] = true;
    std::vector<uint8_t> gray;
    int w = 0, h = 0;
    ASSERT_TRUE(decode_gray_png(std::string(WASMVM_DIGITS_SAMPLES_DIR) + "/" + e->d_name, gray, w, h));
    float from_png[DIGITS_PIXELS], from_levels[DIGITS_PIXELS];
    ASSERT_EQ(digits_preprocess_gray(gray.data(), w, h, from_png), 0);
    digits_preprocess_levels(a.testset.pixels + size_t(index) * DIGITS_PIXELS, from_levels);
    EXPECT_EQ(0, std::memcmp(from_png, from_levels, sizeof from_png));
    ++checked;
  }
  closedir(dir);
  EXPECT_EQ(checked, DIGITS_CLASSES);
  for (bool seen : labels_seen) EXPECT_TRUE(seen);
}

}  // namespace
