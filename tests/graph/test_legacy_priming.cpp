// The safe legacy driver on modules that export ONLY `memory` and `run` (TVM's real wasm_graph exports):
// priming call run(end, 0) initialises the guest allocator, then the input goes into pages grown afterwards.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <memory>

#include "digits_data.h"
#include "digits_model.h"
#include "loader/graph/graph.h"
#include "tests/graph/graph_test_util.h"
#include "loader/graph/legacy_json.h"
#include "wasi/wasi.h"

using namespace wasmvm;
using namespace wasmvm::graph;
using namespace wasmvm::graph::test;

namespace {

// (memory (export "memory") 1) (global (export "__heap_base") i32 (i32.const 1024))
// (func (export "run") (param i32 i32) (result i32) i32.const 0)  -- never touches its heap.
const std::vector<uint8_t> kRunNeverAllocates = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03,
    0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x06, 0x07, 0x01, 0x7f, 0x00, 0x41, 0x80, 0x08, 0x0b, 0x07,
    0x1e, 0x03, 0x06, 'm',  'e',  'm',  'o',  'r',  'y',  0x02, 0x00, 0x0b, '_',  '_',  'h',  'e',  'a',  'p',
    '_',  'b',  'a',  's',  'e',  0x03, 0x00, 0x03, 'r',  'u',  'n',  0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00,
    0x41, 0x00, 0x0b};

TEST(LegacyPriming, ModuleWithoutAllocatorOrHeapBaseIsRefused) {
  // (memory (export "memory") 1) (func (export "run") (param i32 i32) (result i32) i32.const 0)
  const std::vector<uint8_t> no_heap_base = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
      0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x10, 0x02, 0x06, 'm',  'e',  'm',  'o',
      'r',  'y',  0x02, 0x00, 0x03, 'r',  'u',  'n',  0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b};
  auto m = Model::load(no_heap_base);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Usage);
  EXPECT_NE(m.error().message.find("no __heap_base"), std::string::npos) << m.error().message;
}

TEST(LegacyPriming, PrimingThatLeavesTheHeapUntouchedIsRefused) {
  auto m = Model::load(kRunNeverAllocates);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Usage);
  EXPECT_NE(m.error().message.find("priming did not initialise its heap"), std::string::npos) << m.error().message;
  EXPECT_NE(m.error().message.find("returned 0"), std::string::npos) << m.error().message;
}

#ifdef GRAPH_FIXTURE_DIR
// What the guest prints during priming is shown only when priming is refused.
TEST(LegacyPriming, RefusedPrimingShowsTheGuestStderr) {
  auto m = Model::load_file(std::string(GRAPH_FIXTURE_DIR) + "/priming_noise.wasm");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Usage);
  EXPECT_NE(m.error().message.find("guest stderr:\npriming-noise: EOF while parsing a value"), std::string::npos)
      << m.error().message;
}
#endif

#if WASMVM_GRAPH_E2E
// The C guest prints a serde-style panic for priming's empty input; a successful priming drops it from the
// captured stderr, so a normal run prints nothing from priming.
TEST(LegacyPriming, AcceptedPrimingLeavesNoGuestStderr) {
  auto m = Model::load_file(GRAPH_LEGACY_TVM_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ((*m)->guest_stderr(), "");
  std::vector<float> v(16, 2.0f);
  ASSERT_TRUE((*m)->set_input(0, HostTensor::from_f32({16}, v)).ok());
  auto st = (*m)->run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_EQ((*m)->guest_stderr(), "");
}


// C guest with TVM's exports: priming traps (empty input) after its arena malloc; the instance stays usable and
// a 2.2 MB input in grown pages is parsed intact on every call, while TVM's own protocol corrupts it.
TEST(LegacyPriming, TrappingPrimingThenLargeInputsRepeatedly) {
  auto m = Model::load_file(GRAPH_LEGACY_TVM_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Model& model = **m;
  ASSERT_EQ(model.abi(), Abi::LegacyJson);
  std::vector<float> v(3 * 224 * 224);
  for (size_t i = 0; i < v.size(); i++) v[i] = float(int(i * 7919 % 2001) - 1000) / 37.0f;
  HostTensor in = HostTensor::from_f32({1, 3, 224, 224}, v);
  float sum = 0, mn = v[0], mx = v[0];
  for (float x : v) { sum += x; mn = std::min(mn, x); mx = std::max(mx, x); }
  uint32_t first_addr = 0;
  for (int call = 0; call < 3; call++) {
    ASSERT_TRUE(model.set_input(0, in).ok());
    auto st = model.run();
    ASSERT_TRUE(st.ok()) << "call " << call << ": " << st.error().to_string();
    auto out = model.output(0);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->elements(), 4u);
    EXPECT_EQ(bits(float(out->at(0))), bits(sum));
    EXPECT_EQ(out->at(1), mn);
    EXPECT_EQ(out->at(2), mx);
    EXPECT_EQ(out->at(3), double(v.size()));
    const LegacyPlacement& p = model.legacy()->last_placement();
    EXPECT_EQ(p.allocator, "none (grown pages after priming)");
    EXPECT_GT(p.size, 2'000'000u);
    EXPECT_EQ(p.addr % 65536, 0u) << "grown pages start on a page boundary";
    if (call == 0) first_addr = p.addr;
    EXPECT_EQ(p.addr, first_addr) << "the grown region is reused";
  }
  // Same module, TVM's protocol: the guest's heap reaches over the unread input.
  ModelOptions o;
  o.legacy.unsafe_tvm = true;
  auto u = Model::load_file(GRAPH_LEGACY_TVM_WASM, o);
  ASSERT_TRUE(u.ok());
  ASSERT_TRUE((*u)->set_input(0, in).ok());
  EXPECT_FALSE((*u)->run().ok()) << "TVM's protocol should corrupt the input of this guest";
}

TEST(LegacyPriming, GuardModeSeesNoStoreIntoTheInput) {
  ModelOptions o;
  o.guard = true;
  auto m = Model::load_file(GRAPH_LEGACY_TVM_WASM, o);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  std::vector<float> v(200'000, 1.5f);
  ASSERT_TRUE((*m)->set_input(0, HostTensor::from_f32({200'000}, v)).ok());
  auto st = (*m)->run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_FALSE((*m)->guard()->report().has_value());
}
#endif

#ifdef GRAPH_DIGITS_LEGACY_TVM_WASM
// The Rust TVM-legacy digits module built with TVM's exports only: every held-out digit, one instance, native
// logits bit for bit.
TEST(LegacyPriming, RustTvmFaithfulDigitsMatchNative) {
  auto test_bytes = read_bytes(std::string(WASMVM_DIGITS_DATA_DIR) + "/digits_test.bin");
  DigitsTestSet set;
  ASSERT_EQ(digits_testset_parse(test_bytes.data(), test_bytes.size(), &set, nullptr, 0), 0);
  auto weights = std::make_unique<DigitsWeights>();
  ASSERT_EQ(digits_weights_parse(digits_weights_blob, digits_weights_blob_size, weights.get(), nullptr, 0), 0);
  auto m = Model::load_file(GRAPH_DIGITS_LEGACY_TVM_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Model& model = **m;
  ASSERT_EQ(model.abi(), Abi::LegacyJson);
  ASSERT_GT(set.count, 100u);
  uint32_t correct = 0;
  for (uint32_t i = 0; i < set.count; i++) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES];
    digits_preprocess_levels(set.pixels + i * DIGITS_PIXELS, input);
    digits_forward(weights.get(), input, logits);
    ASSERT_TRUE(model.set_input(0, HostTensor::from_f32({1, 1, 8, 8}, std::vector<float>(input, input + 64))).ok());
    auto st = model.run();
    ASSERT_TRUE(st.ok()) << "image " << i << ": " << st.error().to_string();
    auto out = model.output(0);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->elements(), size_t(DIGITS_CLASSES));
    int best = 0;
    for (int c = 0; c < DIGITS_CLASSES; c++) {
      ASSERT_EQ(bits(float(out->at(size_t(c)))), bits(logits[c])) << "image " << i << " class " << c;
      if (out->at(size_t(c)) > out->at(size_t(best))) best = c;
    }
    correct += best == set.labels[i];
    EXPECT_EQ(model.legacy()->last_placement().allocator, "none (grown pages after priming)");
  }
  EXPECT_GE(double(correct) / set.count, 0.95);
}

// 2 MB-class inputs into the Rust module: valid tensor JSON padded with ~2 MB of whitespace (serde_json skips it),
// so only an intact input gives the native logits. LegacyDriver on a plain embedding-API instance, one instance.
TEST(LegacyPriming, RustTvmFaithfulTwoMegabyteInputsRepeatedly) {
  auto test_bytes = read_bytes(std::string(WASMVM_DIGITS_DATA_DIR) + "/digits_test.bin");
  DigitsTestSet set;
  ASSERT_EQ(digits_testset_parse(test_bytes.data(), test_bytes.size(), &set, nullptr, 0), 0);
  auto weights = std::make_unique<DigitsWeights>();
  ASSERT_EQ(digits_weights_parse(digits_weights_blob, digits_weights_blob_size, weights.get(), nullptr, 0), 0);
  Engine engine;
  Store store(engine);
  auto module = Module::compile(engine, read_bytes(GRAPH_DIGITS_LEGACY_TVM_WASM));
  ASSERT_TRUE(module.ok()) << module.error().to_string();
  auto ctx = wasi::create_context(wasi::Config{});
  ASSERT_TRUE(ctx.ok());
  Linker linker(store);
  wasi::add_to_linker(linker, *ctx);
  auto inst = linker.instantiate(*module);
  ASSERT_TRUE(inst.ok()) << inst.error().to_string();
  if (Func init = inst->func("_initialize"); init.valid()) {
    ASSERT_TRUE(init.call(store, {}).ok());
  }
  auto driver = LegacyDriver::attach(store, *inst, LegacyOptions{});
  ASSERT_TRUE(driver.ok()) << driver.error().to_string();
  for (uint32_t i = 0; i < 3; i++) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES];
    digits_preprocess_levels(set.pixels + i * DIGITS_PIXELS, input);
    digits_forward(weights.get(), input, logits);
    auto json = encode_legacy_tensor(HostTensor::from_f32({1, 1, 8, 8}, input));
    ASSERT_TRUE(json.ok());
    json->insert(1, std::string(2'000'000 + 65536 * i, ' '));  // after '{'
    auto p = driver->place(*json);
    ASSERT_TRUE(p.ok()) << p.error().to_string();
    EXPECT_EQ(p->allocator, "none (grown pages after priming)");
    auto out = driver->invoke_and_read();
    ASSERT_TRUE(out.ok()) << "input " << i << ": " << out.error().to_string();
    ASSERT_EQ(out->elements(), size_t(DIGITS_CLASSES));
    EXPECT_EQ(0, std::memcmp(out->bytes.data(), logits, sizeof logits)) << "input " << i;
  }
  // The same padded input with TVM's protocol on a fresh instance: the guest's heap reaches into the unread input
  // (for a 1x3x224x224 tensor input, --unsafe-tvm --guard names realloc at offset 42044), so the run fails or
  // gives other logits.
  Store store2(engine);
  Linker linker2(store2);
  wasi::add_to_linker(linker2, *ctx);
  auto inst2 = linker2.instantiate(*module);
  ASSERT_TRUE(inst2.ok());
  if (Func init = inst2->func("_initialize"); init.valid()) {
    ASSERT_TRUE(init.call(store2, {}).ok());
  }
  LegacyOptions tvm;
  tvm.unsafe_tvm = true;
  auto unsafe = LegacyDriver::attach(store2, *inst2, tvm);
  ASSERT_TRUE(unsafe.ok());
  float input[DIGITS_PIXELS], logits[DIGITS_CLASSES];
  digits_preprocess_levels(set.pixels, input);
  digits_forward(weights.get(), input, logits);
  auto json = encode_legacy_tensor(HostTensor::from_f32({1, 1, 8, 8}, input));
  ASSERT_TRUE(json.ok());
  json->insert(1, std::string(2'000'000, ' '));
  ASSERT_TRUE(unsafe->place(*json).ok());
  auto out = unsafe->invoke_and_read();
  EXPECT_TRUE(!out.ok() || std::memcmp(out->bytes.data(), logits, sizeof logits) != 0)
      << "TVM's protocol should have corrupted the 2 MB input";
}
#endif

}  // namespace
