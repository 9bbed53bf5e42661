// resnet50_graph32.wasm (seeded ResNet-50, simd128, tensor ABI, 32x32 input) run by wasmvm through the
// wasmvm_graph library's Model: discovery, and logits bit-identical to the native scalar build.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "loader/graph/graph.h"
#include "resnet50.h"

namespace {

using wasmvm::graph::HostTensor;
using wasmvm::graph::Model;

TEST(ResNet50GraphOnWasmvm, LogitsEqualNativeScalarBitForBit) {
  auto model = Model::load_file(WASMVM_RESNET50_GRAPH32_WASM);
  ASSERT_TRUE(model.ok()) << model.error().to_string();
  Model& g = **model;
  ASSERT_EQ(g.inputs().size(), 1u);
  ASSERT_EQ(g.outputs().size(), 1u);
  EXPECT_EQ(g.inputs()[0].name, "image");
  EXPECT_EQ(g.inputs()[0].shape, (std::vector<int64_t>{1, 3, 32, 32}));
  EXPECT_EQ(g.outputs()[0].shape, (std::vector<int64_t>{1, 1000}));

  std::vector<float> input(3 * 32 * 32), native(RN50_CLASSES);
  rn50_make_input(32, 50, input.data());
  Rn50Net net;
  ASSERT_EQ(rn50_init(&net, 50), RN50_OK);
  ASSERT_EQ(rn50_forward(&net, input.data(), 32, native.data(), RN50_KERNELS_SCALAR), RN50_OK);
  rn50_free(&net);

  EXPECT_FALSE(g.set_input(0, HostTensor::from_f32({100}, std::span<const float>(input.data(), 100))).ok())
      << "wrong element count accepted";
  ASSERT_TRUE(g.set_input(0, HostTensor::from_f32({1, 3, 32, 32}, input)).ok());
  auto st = g.run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  auto logits = g.output(0);
  ASSERT_TRUE(logits.ok()) << logits.error().to_string();
  ASSERT_EQ(logits->elements(), uint64_t(RN50_CLASSES));
  EXPECT_EQ(0, std::memcmp(logits->bytes.data(), native.data(), native.size() * sizeof(float)));
}

}  // namespace
