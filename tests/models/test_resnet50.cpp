// ResNet-50 v1 (seeded weights), native: exact layer shapes, seeded determinism, and SIMD kernels that equal
// the scalar kernels bit for bit (the property the wasm simd128 build relies on).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

extern "C" {
#include "resnet50.h"
#include "resnet50_kernels.h"
}

namespace {

// torchvision's resnet50 has 25,557,032 parameters: 23,454,912 conv weights + 53,120 batch-norm affine
// parameters (2 x 26,560 channels) + 2,049,000 fc. With batch norm folded, each conv channel keeps one bias.
TEST(ResNet50, LayerShapesMatchResNet50) {
  size_t conv_w = 0, conv_b = 0, fc = 0;
  rn50_param_counts(&conv_w, &conv_b, &fc);
  EXPECT_EQ(conv_w, 23454912u);
  EXPECT_EQ(conv_b, 26560u);
  EXPECT_EQ(fc, 2049000u);
  // He et al. give 3.8e9 multiply-adds for ResNet-50 v1 at 224x224 (v1.5, stride on the 3x3, has ~4.1e9).
  EXPECT_GT(rn50_macs(224), 3'800'000'000ull);
  EXPECT_LT(rn50_macs(224), 3'900'000'000ull);
  EXPECT_EQ(rn50_macs(64) - 2048u * 1000u, (rn50_macs(32) - 2048u * 1000u) * 4);
}

class ResNet50Net : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    net_ = new Rn50Net;
    ASSERT_EQ(rn50_init(net_, 50), RN50_OK);
  }
  static void TearDownTestSuite() {
    rn50_free(net_);
    delete net_;
  }
  static std::vector<float> run(int size, Rn50Kernels k, int* rc = nullptr) {
    std::vector<float> input(size_t(3) * size * size), logits(RN50_CLASSES);
    rn50_make_input(size, 50, input.data());
    int r = rn50_forward(net_, input.data(), size, logits.data(), k);
    if (rc) *rc = r;
    return logits;
  }
  static Rn50Net* net_;
};
Rn50Net* ResNet50Net::net_ = nullptr;

TEST_F(ResNet50Net, SeededWeightsAreReproducibleAndSeedDependent) {
  Rn50Net again, other;
  ASSERT_EQ(rn50_init(&again, 50), RN50_OK);
  ASSERT_EQ(again.num_params, net_->num_params);
  EXPECT_EQ(0, std::memcmp(again.storage, net_->storage, net_->num_params * sizeof(float)));
  ASSERT_EQ(rn50_init(&other, 51), RN50_OK);
  EXPECT_NE(0, std::memcmp(other.storage, net_->storage, 4096 * sizeof(float)));
  rn50_free(&again);
  rn50_free(&other);
}

TEST_F(ResNet50Net, LogitsAreFiniteAndInformative) {
  int rc = -1;
  auto logits = run(32, RN50_KERNELS_SCALAR, &rc);
  ASSERT_EQ(rc, RN50_OK);
  float lo = logits[0], hi = logits[0];
  for (float v : logits) {
    ASSERT_TRUE(std::isfinite(v));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GT(hi - lo, 1e-3f) << "all logits equal: the network collapsed";
}

TEST_F(ResNet50Net, ForwardIsDeterministic) {
  auto a = run(32, RN50_KERNELS_SCALAR), b = run(32, RN50_KERNELS_SCALAR);
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float)));
}

TEST_F(ResNet50Net, SimdEqualsScalarBitForBit) {
  ASSERT_TRUE(rn50_simd_available()) << "x86-64 builds always have SSE2";
  for (int size : {32, 64}) {
    auto s = run(size, RN50_KERNELS_SCALAR), v = run(size, RN50_KERNELS_SIMD);
    EXPECT_EQ(0, std::memcmp(s.data(), v.data(), s.size() * sizeof(float))) << "size " << size;
  }
}

TEST_F(ResNet50Net, RejectsBadSizes) {
  for (int size : {0, 16, 33, 480}) {
    std::vector<float> input(size_t(3) * 480 * 480), logits(RN50_CLASSES);
    EXPECT_EQ(rn50_forward(net_, input.data(), size, logits.data(), RN50_KERNELS_SCALAR), RN50_ERR_BAD_SIZE)
        << size;
  }
}

// Direct kernel check on shapes the net only hits at 224 (odd widths with a vector part and a tail, stride 2,
// 7x7), with random weights including negative zeros.
TEST(ResNet50Kernels, ConvAndFcSimdEqualScalarOnOddShapes) {
  uint32_t rng = 12345;
  auto next = [&]() {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return float(int32_t(rng >> 8) - (1 << 23)) / float(1 << 23);
  };
  struct Shape { int in_c, out_c, k, stride, pad, h; };
  for (Shape sh : {Shape{3, 5, 7, 2, 3, 23}, Shape{6, 4, 3, 1, 1, 7}, Shape{8, 3, 1, 2, 0, 14}, Shape{5, 2, 3, 1, 1, 11}}) {
    Rn50Conv c{sh.in_c, sh.out_c, sh.k, sh.stride, sh.pad, nullptr, nullptr};
    std::vector<float> w(size_t(c.out_c) * c.in_c * c.k * c.k), b(size_t(c.out_c));
    for (float& x : w) x = next();
    for (float& x : b) x = next();
    w[0] = -0.0f;
    c.w = w.data();
    c.b = b.data();
    int ph = sh.h + 2 * sh.pad, oh = (ph - sh.k) / sh.stride + 1;
    std::vector<float> padded(size_t(c.in_c) * ph * ph);
    for (float& x : padded) x = next();
    for (int relu : {0, 1}) {
      std::vector<float> o1(size_t(c.out_c) * oh * oh), o2(o1.size());
      Rn50ConvArgs a{&c, padded.data(), ph, ph, oh, oh, o1.data(), relu};
      rn50_conv_scalar(&a);
      a.out = o2.data();
      rn50_conv_simd(&a);
      EXPECT_EQ(0, std::memcmp(o1.data(), o2.data(), o1.size() * sizeof(float)))
          << "k=" << sh.k << " stride=" << sh.stride << " h=" << sh.h << " relu=" << relu;
    }
  }
  const int in = 37, out = 10;  // 10 = two 4-lane groups + a tail of 2
  std::vector<float> w(size_t(in) * out), b(out), x(in), l1(out), l2(out);
  for (float& v : w) v = next();
  for (float& v : b) v = next();
  for (float& v : x) v = next();
  rn50_fc_scalar(w.data(), b.data(), x.data(), in, out, l1.data());
  rn50_fc_simd(w.data(), b.data(), x.data(), in, out, l2.data());
  EXPECT_EQ(0, std::memcmp(l1.data(), l2.data(), l1.size() * sizeof(float)));
}

}  // namespace
