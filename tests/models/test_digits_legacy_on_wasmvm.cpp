// digits_legacy.wasm (TVM-legacy wasm_graph ABI, Rust + serde_json, WASI imports) run by wasmvm through the
// embedding API with the TVM host protocol: JSON at the old end of memory after memory.grow, run(addr, size),
// JSON back at addr. Every held-out digit must give the native logits bit for bit.
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models_test_util.h"
#include "wasi/wasi.h"
#include "wasmvm/wasmvm.h"

namespace {

using namespace wasmvm;

class DigitsLegacyOnWasmvm : public ::testing::Test {
 protected:
  Engine engine;
  Store store{engine};
  std::optional<Instance> instance;
  Memory memory;

  void SetUp() override {
    auto bytes = models_test::read_file(WASMVM_DIGITS_LEGACY_WASM);
    ASSERT_FALSE(bytes.empty()) << "missing " << WASMVM_DIGITS_LEGACY_WASM;
    auto module = Module::compile(engine, bytes);
    ASSERT_TRUE(module.ok()) << module.error().to_string();
    wasi::Config cfg;
    cfg.args = {"digits_legacy.wasm"};
    auto ctx = wasi::create_context(cfg);
    ASSERT_TRUE(ctx.ok()) << ctx.error().to_string();
    Linker linker(store);
    wasi::add_to_linker(linker, ctx.value());
    auto inst = linker.instantiate(module.value());
    ASSERT_TRUE(inst.ok()) << inst.error().to_string();
    instance.emplace(inst.value());
    memory = instance->memory("memory");
    ASSERT_TRUE(memory.valid());
  }

  // The TVM host protocol. Returns the output JSON text, or nullopt if run returned 0 (with a failure noted
  // only by the caller) - traps fail the test here.
  std::optional<std::string> run_json(const std::string& json) {
    uint64_t addr = memory.size_bytes();
    auto grown = memory.grow(uint32_t((json.size() >> 16) + 1));
    EXPECT_TRUE(grown.ok());
    if (!grown.ok()) return std::nullopt;
    EXPECT_TRUE(memory.write(addr, json.data(), json.size()).ok());
    std::vector<Value> args = {Value::from_i32(int32_t(addr)), Value::from_i32(int32_t(json.size()))};
    auto r = instance->call("run", args);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    if (!r.ok() || r->size() != 1 || (*r)[0].as_i32() <= 0) return std::nullopt;
    std::string out(size_t((*r)[0].as_i32()), '\0');
    EXPECT_TRUE(memory.read(addr, out.data(), out.size()).ok());
    return out;
  }

  static std::string input_json(const float* input, size_t n, std::vector<int> shape) {
    nlohmann::json j;
    j["dtype"] = "FP32";
    j["shape"] = shape;
    j["strides"] = nullptr;
    std::vector<int> data(n * 4);
    const uint8_t* b = reinterpret_cast<const uint8_t*>(input);
    for (size_t i = 0; i < data.size(); ++i) data[i] = b[i];
    j["data"] = data;
    return j.dump();
  }
};

TEST_F(DigitsLegacyOnWasmvm, EveryHeldOutDigitMatchesNativeBitForBit) {
  models_test::DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  uint32_t correct = 0, mismatches = 0;
  for (uint32_t i = 0; i < a.testset.count; ++i) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES];
    digits_preprocess_levels(a.testset.pixels + size_t(i) * DIGITS_PIXELS, input);
    digits_forward(&a.weights, input, logits);
    auto out = run_json(input_json(input, DIGITS_PIXELS, {1, 1, 8, 8}));
    ASSERT_TRUE(out.has_value()) << "run failed on sample " << i;
    auto j = nlohmann::json::parse(*out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "output is not JSON: " << out->substr(0, 80);
    ASSERT_EQ(j.value("dtype", ""), "FP32");
    ASSERT_EQ(j["shape"], nlohmann::json({1, 10}));
    ASSERT_TRUE(j["strides"].is_null());
    ASSERT_EQ(j["data"].size(), 40u);
    uint8_t bytes[40];
    for (size_t k = 0; k < 40; ++k) bytes[k] = j["data"][k].get<uint8_t>();
    float guest[DIGITS_CLASSES];
    std::memcpy(guest, bytes, sizeof guest);
    mismatches += std::memcmp(guest, logits, sizeof logits) != 0;
    correct += digits_argmax(guest, DIGITS_CLASSES) == a.testset.labels[i];
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GE(double(correct) / a.testset.count, 0.95);
  std::printf("legacy digits on wasmvm: %u/%u correct, %u mismatches vs native, memory now %llu pages\n", correct,
              a.testset.count, mismatches, static_cast<unsigned long long>(memory.pages()));
}

// The safe variant of the protocol: the input goes into a buffer from the guest's own allocator.
TEST_F(DigitsLegacyOnWasmvm, GuestAllocatedInputBufferGivesTheSameLogits) {
  models_test::DigitsArtefacts a;
  ASSERT_TRUE(a.ok) << a.error;
  for (uint32_t i = 0; i < 20; ++i) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES];
    digits_preprocess_levels(a.testset.pixels + size_t(i) * DIGITS_PIXELS, input);
    digits_forward(&a.weights, input, logits);
    std::string json = input_json(input, DIGITS_PIXELS, {1, 1, 8, 8});
    std::vector<Value> size_arg = {Value::from_i32(int32_t(json.size()))};
    auto addr = instance->call("wasm_graph_alloc", size_arg);
    ASSERT_TRUE(addr.ok()) << addr.error().to_string();
    const uint32_t at = uint32_t((*addr)[0].as_i32());
    ASSERT_NE(at, 0u);
    ASSERT_TRUE(memory.write(at, json.data(), json.size()).ok());
    std::vector<Value> args = {Value::from_i32(int32_t(at)), Value::from_i32(int32_t(json.size()))};
    auto r = instance->call("run", args);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    const int32_t n = (*r)[0].as_i32();
    ASSERT_GT(n, 0);
    ASSERT_LE(size_t(n), json.size());
    std::string out(size_t(n), '\0');
    ASSERT_TRUE(memory.read(at, out.data(), out.size()).ok());
    auto j = nlohmann::json::parse(out, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    ASSERT_EQ(j["data"].size(), 40u);
    uint8_t bytes[40];
    for (size_t k = 0; k < 40; ++k) bytes[k] = j["data"][k].get<uint8_t>();
    EXPECT_EQ(0, std::memcmp(bytes, logits, sizeof bytes)) << "sample " << i;
    std::vector<Value> free_arg = {Value::from_i32(int32_t(at))};
    ASSERT_TRUE(instance->call("wasm_graph_free", free_arg).ok());
  }
}

TEST_F(DigitsLegacyOnWasmvm, MalformedInputReturnsZeroInsteadOfTrapping) {
  float input[DIGITS_PIXELS] = {};
  EXPECT_FALSE(run_json("{\"dtype\":\"FP32\",\"shape\":[1,1,8,8],\"data\":[1,2,").has_value());  // truncated
  EXPECT_FALSE(run_json(input_json(input, DIGITS_PIXELS, {1, 1, 8, 9})).has_value());            // wrong shape
  std::string int_dtype = input_json(input, DIGITS_PIXELS, {1, 1, 8, 8});
  int_dtype.replace(int_dtype.find("FP32"), 4, "INT8");
  EXPECT_FALSE(run_json(int_dtype).has_value());
  // And the module still works afterwards.
  EXPECT_TRUE(run_json(input_json(input, DIGITS_PIXELS, {1, 64})).has_value());
}

}  // namespace
