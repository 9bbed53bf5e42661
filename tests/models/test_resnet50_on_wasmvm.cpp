// resnet50_graph32.wasm (seeded ResNet-50, simd128, tensor ABI, 32x32 input) run by wasmvm through the
// wasm_graph host helper: discovery, and logits bit-identical to the native scalar build.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "models_test_util.h"
#include "resnet50.h"
#include "wasm_graph_host.h"

namespace {

TEST(ResNet50GraphOnWasmvm, LogitsEqualNativeScalarBitForBit) {
  auto wasm = models_test::read_file(WASMVM_RESNET50_GRAPH32_WASM);
  ASSERT_FALSE(wasm.empty()) << "missing " << WASMVM_RESNET50_GRAPH32_WASM;
  wasmvm::Engine engine;
  wasmvm::Store store(engine);
  auto session = wasm_graph::Session::open(store, wasm);
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  wasm_graph::Session& g = *session.value();
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

  EXPECT_FALSE(g.set_input(0, std::span<const float>(input.data(), 100)).ok()) << "wrong element count accepted";
  ASSERT_TRUE(g.set_input(0, input).ok());
  auto st = g.run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  auto logits = g.output(0);
  ASSERT_TRUE(logits.ok()) << logits.error().to_string();
  ASSERT_EQ(logits->size(), size_t(RN50_CLASSES));
  EXPECT_EQ(0, std::memcmp(logits->data(), native.data(), native.size() * sizeof(float)));
}

}  // namespace
