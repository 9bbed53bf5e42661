// digits_graph.wasm (the tensor-ABI guest) run by wasmvm through the embedding API: discovery, descriptor
// validation, every held-out digit bit-identical to the native forward pass, and the guest's error paths.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models_test_util.h"
#include "wasmvm/wasm_graph_abi.h"
#include "wasmvm/wasmvm.h"

namespace {

using namespace wasmvm;

// A validated view of one guest descriptor (f32 tensors only: that is all the digits graph uses).
struct TensorInfo {
  uint32_t desc_addr = 0;
  uint32_t data = 0;
  std::vector<int64_t> shape;
  uint64_t count = 1;
};

class DigitsGraphOnWasmvm : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  std::optional<Instance> instance;
  Memory memory;

  void SetUp() override {
    auto bytes = models_test::read_file(WASMVM_DIGITS_GRAPH_WASM);
    ASSERT_FALSE(bytes.empty()) << "missing " << WASMVM_DIGITS_GRAPH_WASM;
    auto module = Module::compile(engine, bytes);
    ASSERT_TRUE(module.ok()) << module.error().to_string();
    Linker linker(store);
    auto inst = linker.instantiate(module.value());
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    instance.emplace(inst.value());
    memory = instance->memory("memory");
    ASSERT_TRUE(memory.valid()) << "the guest must export its memory";
    if (instance->func("_initialize").valid()) {
      ASSERT_TRUE(call("_initialize").ok());
    }
  }

  Result<std::vector<Value>> call(const char* name, std::vector<Value> args = {}) {
    return instance->call(name, args);
  }
  int32_t call_i32(const char* name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    EXPECT_TRUE(r.ok()) << name << ": " << r.error().to_string();
    if (!r.ok() || r->size() != 1) return INT32_MIN;
    return (*r)[0].as_i32();
  }

  std::string read_cstring(uint32_t addr) {
    std::string s;
    for (uint64_t a = addr; a < memory.size_bytes() && s.size() < 256; ++a) {
      char c = 0;
      if (!memory.read(a, &c, 1).ok() || c == 0) break;
      s.push_back(c);
    }
    return s;
  }

  // Host-side validation, as a wasmvm driver must do it: every address and extent inside memory.
  std::optional<TensorInfo> read_desc(uint32_t addr, std::string& why) {
    WasmGraphDLTensor32 d;
    if (addr == 0 || addr % WASM_GRAPH_DLTENSOR_ALIGN || !memory.read(addr, &d, sizeof d).ok()) {
      why = "descriptor address out of bounds";
      return std::nullopt;
    }
    if (d.device_type != WASM_GRAPH_DEVICE_CPU || d.dtype_code != WASM_GRAPH_DTYPE_FLOAT || d.dtype_bits != 32 ||
        d.dtype_lanes != 1) {
      why = "not an f32 CPU tensor";
      return std::nullopt;
    }
    if (d.ndim < 1 || d.ndim > WASM_GRAPH_MAX_NDIM || d.strides != 0 || d.byte_offset != 0) {
      why = "unsupported ndim/strides/byte_offset";
      return std::nullopt;
    }
    TensorInfo t;
    t.desc_addr = addr;
    t.data = d.data;
    t.shape.resize(size_t(d.ndim));
    if (!memory.read(d.shape, t.shape.data(), t.shape.size() * 8).ok()) {
      why = "shape array out of bounds";
      return std::nullopt;
    }
    for (int64_t s : t.shape) {
      if (s < 0 || s > (1 << 24)) {
        why = "implausible dimension";
        return std::nullopt;
      }
      t.count *= uint64_t(s);
    }
    if (t.data % 4 || !memory.in_bounds(t.data, t.count * 4)) {
      why = "data buffer out of bounds or misaligned";
      return std::nullopt;
    }
    return t;
  }

  TensorInfo desc(const char* fn, int32_t i) {
    std::string why;
    auto t = read_desc(uint32_t(call_i32(fn, {Value::from_i32(i)})), why);
    EXPECT_TRUE(t.has_value()) << fn << "(" << i << "): " << why;
    return t.value_or(TensorInfo{});
  }
};

TEST_F(DigitsGraphOnWasmvm, DiscoversInputsAndOutputs) {
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_ABI_VERSION), WASM_GRAPH_ABI_VERSION);
  ASSERT_EQ(call_i32(WASM_GRAPH_EXPORT_NUM_INPUTS), 1);
  ASSERT_EQ(call_i32(WASM_GRAPH_EXPORT_NUM_OUTPUTS), 2);
  EXPECT_EQ(read_cstring(uint32_t(call_i32(WASM_GRAPH_EXPORT_INPUT_NAME, {Value::from_i32(0)}))), "image");
  EXPECT_EQ(read_cstring(uint32_t(call_i32(WASM_GRAPH_EXPORT_OUTPUT_NAME, {Value::from_i32(0)}))), "logits");
  EXPECT_EQ(read_cstring(uint32_t(call_i32(WASM_GRAPH_EXPORT_OUTPUT_NAME, {Value::from_i32(1)}))), "probabilities");
  EXPECT_EQ(desc(WASM_GRAPH_EXPORT_INPUT_DESC, 0).shape, (std::vector<int64_t>{1, 1, 8, 8}));
  EXPECT_EQ(desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, 0).shape, (std::vector<int64_t>{1, 10}));
  EXPECT_EQ(desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, 1).shape, (std::vector<int64_t>{1, 10}));
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_INPUT_DESC, {Value::from_i32(1)}), 0);
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_OUTPUT_DESC, {Value::from_i32(-1)}), 0);
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_INPUT_NAME, {Value::from_i32(7)}), 0);
}

TEST_F(DigitsGraphOnWasmvm, EveryHeldOutDigitMatchesNativeBitForBit) {
  models_test::DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  TensorInfo in = desc(WASM_GRAPH_EXPORT_INPUT_DESC, 0);
  ASSERT_EQ(in.count, uint64_t(DIGITS_PIXELS));
  uint32_t correct = 0, mismatches = 0;
  for (uint32_t i = 0; i < a.testset.count; ++i) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES], probs[DIGITS_CLASSES];
    digits_preprocess_levels(a.testset.pixels + size_t(i) * DIGITS_PIXELS, input);
    digits_forward(&a.weights, input, logits);
    digits_softmax(logits, probs);

    ASSERT_TRUE(memory.write(in.data, input, sizeof input).ok());
    ASSERT_EQ(call_i32(WASM_GRAPH_EXPORT_RUN), WASM_GRAPH_OK) << "sample " << i;
    // Outputs are re-read after run: the guest may move buffers.
    TensorInfo lo = desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, 0), po = desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, 1);
    float guest_logits[DIGITS_CLASSES], guest_probs[DIGITS_CLASSES];
    ASSERT_TRUE(memory.read(lo.data, guest_logits, sizeof guest_logits).ok());
    ASSERT_TRUE(memory.read(po.data, guest_probs, sizeof guest_probs).ok());
    mismatches += std::memcmp(guest_logits, logits, sizeof logits) != 0 || std::memcmp(guest_probs, probs, sizeof probs) != 0;
    correct += digits_argmax(guest_logits, DIGITS_CLASSES) == a.testset.labels[i];
  }
  EXPECT_EQ(mismatches, 0u) << "samples whose wasm logits/probabilities differ from native";
  EXPECT_GE(double(correct) / a.testset.count, 0.95);
  std::printf("digits on wasmvm: %u/%u correct, %u bit mismatches vs native\n", correct, a.testset.count, mismatches);
}

TEST_F(DigitsGraphOnWasmvm, GuestRejectsTamperedDescriptorAndNaNInput) {
  TensorInfo in = desc(WASM_GRAPH_EXPORT_INPUT_DESC, 0);
  ASSERT_NE(in.desc_addr, 0u);
  int32_t ndim = 3;
  ASSERT_TRUE(memory.write(in.desc_addr + WASM_GRAPH_DLTENSOR_OFF_NDIM, &ndim, 4).ok());
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_RUN), WASM_GRAPH_ERR_BAD_DESCRIPTOR);
  ndim = 4;
  ASSERT_TRUE(memory.write(in.desc_addr + WASM_GRAPH_DLTENSOR_OFF_NDIM, &ndim, 4).ok());
  std::vector<float> input(DIGITS_PIXELS, 0.25f);
  input[17] = std::numeric_limits<float>::quiet_NaN();
  ASSERT_TRUE(memory.write(in.data, input.data(), input.size() * 4).ok());
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_RUN), WASM_GRAPH_ERR_BAD_INPUT);
  input[17] = 0.5f;
  ASSERT_TRUE(memory.write(in.data, input.data(), input.size() * 4).ok());
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_RUN), WASM_GRAPH_OK);
}

TEST_F(DigitsGraphOnWasmvm, GuestAllocatorHandsOutAlignedInBoundsMemory) {
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_ALLOC, {Value::from_i32(0)}), 0);
  uint32_t a = uint32_t(call_i32(WASM_GRAPH_EXPORT_ALLOC, {Value::from_i32(1000)}));
  uint32_t b = uint32_t(call_i32(WASM_GRAPH_EXPORT_ALLOC, {Value::from_i32(200000)}));  // forces memory.grow
  ASSERT_NE(a, 0u);
  ASSERT_NE(b, 0u);
  EXPECT_EQ(a % 16, 0u);
  EXPECT_EQ(b % 16, 0u);
  EXPECT_TRUE(memory.in_bounds(a, 1000));
  EXPECT_TRUE(memory.in_bounds(b, 200000));
  EXPECT_TRUE(a + 1000 <= b || b + 200000 <= a) << "allocations overlap";
  EXPECT_TRUE(call(WASM_GRAPH_EXPORT_FREE, {Value::from_i32(int32_t(a))}).ok());
  EXPECT_TRUE(call(WASM_GRAPH_EXPORT_FREE, {Value::from_i32(int32_t(b))}).ok());
  // After alloc/free the model still runs (its own buffers were not disturbed).
  EXPECT_EQ(call_i32(WASM_GRAPH_EXPORT_RUN), WASM_GRAPH_OK);
}

}  // namespace
