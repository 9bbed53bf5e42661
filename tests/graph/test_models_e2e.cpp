// End to end through the VM: the digits model over the tensor ABI (bit-identical to the native build), the legacy
// TVM JSON protocol (safe driver vs the original unsafe protocol, which corrupts a large input), bad modules.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "digits_data.h"
#include "digits_model.h"
#include "loader/graph/graph.h"
#include "tests/graph/graph_test_util.h"

using namespace wasmvm;
using namespace wasmvm::graph;
using namespace wasmvm::graph::test;

namespace {

// (memory (export "memory") 1) (func (export "run") (param i32 i32) (result i32) i32.const 0)
const std::vector<uint8_t> kRunNoAllocator = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x10, 0x02, 0x06, 'm',  'e',  'm',  'o',
    'r',  'y',  0x02, 0x00, 0x03, 'r',  'u',  'n',  0x00, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x00, 0x0b};
// (memory (export "memory") 1)
const std::vector<uint8_t> kMemoryOnly = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00,
                                          0x01, 0x07, 0x0a, 0x01, 0x06, 'm',  'e',  'm',  'o',  'r',  'y',  0x02, 0x00};

TEST(GraphModel, NotAWasmGraphModule) {
  auto m = Model::load(kMemoryOnly);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Usage);
  EXPECT_NE(m.error().message.find("not a wasm_graph model"), std::string::npos);
  std::vector<uint8_t> garbage = {0x00, 0x61, 0x73, 0x6d, 0x02};
  auto g = Model::load(garbage);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(Model::load_file("/nonexistent/model.wasm").error().kind, ErrorKind::Io);
}

TEST(GraphModel, LegacySafeModeNeedsAnExportedAllocator) {
  auto safe = Model::load(kRunNoAllocator);
  ASSERT_FALSE(safe.ok());
  EXPECT_NE(safe.error().message.find("exports no allocator"), std::string::npos) << safe.error().message;
  ModelOptions o;
  o.legacy.unsafe_tvm = true;
  auto unsafe = Model::load(kRunNoAllocator, o);
  ASSERT_TRUE(unsafe.ok()) << unsafe.error().message;
  ASSERT_TRUE((*unsafe)->set_input(0, HostTensor::from_f32({1}, std::vector<float>{1})).ok());
  auto st = (*unsafe)->run();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("returned 0"), std::string::npos);
}

#ifdef GRAPH_FIXTURE_DIR
// Whole hostile guests (wabt fixtures): discovery must fail with the field named, before any host access.
TEST(GraphModel, HostileGuestDescriptorIsRefused) {
  auto m = Model::load_file(std::string(GRAPH_FIXTURE_DIR) + "/hostile_desc.wasm");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_NE(m.error().message.find("input 0 \"x\": bad tensor descriptor: data [0xfff0"), std::string::npos)
      << m.error().message;
}
TEST(GraphModel, HostileGuestNameWithoutNulIsRefused) {
  auto m = Model::load_file(std::string(GRAPH_FIXTURE_DIR) + "/hostile_name.wasm");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Invalid);
  EXPECT_NE(m.error().message.find("not NUL-terminated"), std::string::npos) << m.error().message;
}
#endif

#if WASMVM_GRAPH_E2E

TEST(DigitsTensorAbi, DescriptorsDiscovered) {
  auto m = Model::load_file(GRAPH_DIGITS_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ((*m)->abi(), Abi::Tensor);
  ASSERT_EQ((*m)->inputs().size(), 1u);
  EXPECT_EQ((*m)->inputs()[0].name, "image");
  EXPECT_EQ((*m)->inputs()[0].shape, (std::vector<int64_t>{1, 1, 8, 8}));
  ASSERT_EQ((*m)->outputs().size(), 2u);
  EXPECT_EQ((*m)->outputs()[0].name, "logits");
  EXPECT_EQ((*m)->outputs()[1].name, "probabilities");
  EXPECT_EQ((*m)->outputs()[1].shape, (std::vector<int64_t>{1, 10}));
}

// Every test image through wasm: logits and probabilities bit-identical to the native build.
TEST(DigitsTensorAbi, PredictionsEqualNativeBuild) {
  auto test_bytes = read_bytes(std::string(WASMVM_DIGITS_DATA_DIR) + "/digits_test.bin");
  DigitsTestSet set;
  ASSERT_EQ(digits_testset_parse(test_bytes.data(), test_bytes.size(), &set, nullptr, 0), 0);
  auto weights = std::make_unique<DigitsWeights>();
  ASSERT_EQ(digits_weights_parse(digits_weights_blob, digits_weights_blob_size, weights.get(), nullptr, 0), 0);
  auto m = Model::load_file(GRAPH_DIGITS_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Model& model = **m;
  uint32_t correct = 0;
  ASSERT_GT(set.count, 100u);
  for (uint32_t i = 0; i < set.count; i++) {
    float input[DIGITS_PIXELS], logits[DIGITS_CLASSES], probs[DIGITS_CLASSES];
    digits_preprocess_levels(set.pixels + i * DIGITS_PIXELS, input);
    digits_forward(weights.get(), input, logits);
    digits_softmax(logits, probs);
    auto in = model.input_view<float>(0);
    ASSERT_TRUE(in.ok()) << in.error().message;
    auto span = in->span();
    ASSERT_TRUE(span.ok());
    std::memcpy(span->data(), input, sizeof input);
    ASSERT_TRUE(model.run().ok());
    auto lo = model.output_view<const float>(0);
    auto pr = model.output_view<const float>(1);
    ASSERT_TRUE(lo.ok() && pr.ok());
    auto lv = lo->vector();
    auto pv = pr->span();
    ASSERT_TRUE(lv.ok() && pv.ok());
    for (int c = 0; c < DIGITS_CLASSES; c++) {
      ASSERT_EQ(bits((*lv)(c)), bits(logits[c])) << "image " << i << " class " << c;
      ASSERT_EQ(bits((*pv)[size_t(c)]), bits(probs[c])) << "image " << i << " class " << c;
    }
    Eigen::Index arg;
    lv->maxCoeff(&arg);
    correct += int(arg) == set.labels[i];
  }
  EXPECT_GT(double(correct) / set.count, 0.98);
}

TEST(DigitsTensorAbi, SetInputChecksDtypeAndShape) {
  auto m = Model::load_file(GRAPH_DIGITS_WASM);
  ASSERT_TRUE(m.ok());
  Model& model = **m;
  HostTensor wrong_count = HostTensor::from_f32({1, 1, 8, 7}, std::vector<float>(56, 0.f));
  auto st = model.set_input(0, wrong_count);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("[1, 1, 8, 8]"), std::string::npos) << st.error().message;
  HostTensor wrong_dtype;
  wrong_dtype.dtype = DType::I32;
  wrong_dtype.shape = {1, 1, 8, 8};
  wrong_dtype.bytes.resize(256);
  EXPECT_FALSE(model.set_input(0, wrong_dtype).ok());
  EXPECT_FALSE(model.set_input(1, wrong_count).ok());
  EXPECT_FALSE(model.input_view<int32_t>(0).ok());
  // A NaN input is refused by the guest: a clear error with its code.
  HostTensor nan = HostTensor::from_f32({1, 1, 8, 8}, std::vector<float>(64, NAN));
  ASSERT_TRUE(model.set_input(0, nan).ok());
  auto r = model.run();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("code 3"), std::string::npos) << r.error().message;
  // Same element count, other shape: refused (ModelOptions::allow_reshape accepts it).
  auto flat = model.set_input(0, HostTensor::from_f32({64}, std::vector<float>(64, 0.25f)));
  ASSERT_FALSE(flat.ok());
  EXPECT_EQ(flat.error().kind, ErrorKind::Usage);
  // Copy-out output after a good run.
  ASSERT_TRUE(model.set_input(0, HostTensor::from_f32({1, 1, 8, 8}, std::vector<float>(64, 0.25f))).ok());
  ASSERT_TRUE(model.run().ok());
  auto out = model.output(1);
  ASSERT_TRUE(out.ok());
  double sum = 0;
  for (size_t i = 0; i < 10; i++) sum += out->at(i);
  EXPECT_NEAR(sum, 1.0, 1e-5);
}

// A ~2.2 MB legacy JSON input (like TVM's 1x3x224x224 FP32 image).
HostTensor big_input() {
  std::vector<float> v(3 * 224 * 224);
  for (size_t i = 0; i < v.size(); i++) v[i] = float(int(i * 7919 % 2001) - 1000) / 37.0f;
  return HostTensor::from_f32({1, 3, 224, 224}, v);
}
// What legacy_guest.c computes: [sum, min, max, count] in element order with float arithmetic.
std::vector<float> guest_stats(const HostTensor& t) {
  float sum = 0, mn = 0, mx = 0;
  for (size_t i = 0; i < t.elements(); i++) {
    float x;
    std::memcpy(&x, t.bytes.data() + 4 * i, 4);
    sum += x;
    if (i == 0 || x < mn) mn = x;
    if (i == 0 || x > mx) mx = x;
  }
  return {sum, mn, mx, float(t.elements())};
}

TEST(LegacyAbi, SafeDriverRunsLargeInputRepeatedly) {
  auto m = Model::load_file(GRAPH_LEGACY_WASM);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  Model& model = **m;
  ASSERT_EQ(model.abi(), Abi::LegacyJson);
  HostTensor in = big_input();
  auto expect = guest_stats(in);
  uint32_t first_addr = 0;
  for (int call = 0; call < 3; call++) {
    ASSERT_TRUE(model.set_input(0, in).ok());
    auto st = model.run();
    ASSERT_TRUE(st.ok()) << st.error().to_string();
    auto out = model.output(0);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->shape, (std::vector<int64_t>{4}));
    for (size_t i = 0; i < 4; i++) EXPECT_EQ(bits(float(out->at(i))), bits(expect[i])) << "call " << call << " stat " << i;
    const LegacyPlacement& p = model.legacy()->last_placement();
    EXPECT_EQ(p.allocator, "malloc");
    EXPECT_GT(p.size, 2'000'000u);
    if (call == 0) first_addr = p.addr;
    EXPECT_EQ(p.addr, first_addr) << "the guest-allocated block is reused";
  }
}

TEST(LegacyAbi, UnsafeTvmProtocolCorruptsLargeInputInsideTheGuest) {
  ModelOptions o;
  o.legacy.unsafe_tvm = true;
  auto m = Model::load_file(GRAPH_LEGACY_WASM, o);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  ASSERT_TRUE((*m)->set_input(0, big_input()).ok());
  auto st = (*m)->run();
  ASSERT_FALSE(st.ok()) << "TVM's protocol should have let the guest heap overwrite the input";
  EXPECT_EQ(st.error().kind, ErrorKind::Trap);
  EXPECT_NE(st.error().message.find("guest stderr"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("column"), std::string::npos) << st.error().message;
  EXPECT_NE((*m)->guest_stderr().find("Error(\"expected"), std::string::npos) << (*m)->guest_stderr();
  EXPECT_EQ((*m)->legacy()->last_placement().addr, 131072u) << "TVM writes at the old end of memory";
}

TEST(LegacyAbi, UnsafeTvmProtocolWorksForSmallInputs) {
  // The field bug only shows with large inputs: a small one ends before the guest's heap reaches it.
  ModelOptions o;
  o.legacy.unsafe_tvm = true;
  auto m = Model::load_file(GRAPH_LEGACY_WASM, o);
  ASSERT_TRUE(m.ok());
  HostTensor small = HostTensor::from_f32({2, 3}, std::vector<float>{1, 2, 3, 4, 5, -6});
  ASSERT_TRUE((*m)->set_input(0, small).ok());
  auto st = (*m)->run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  auto out = (*m)->output(0);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->at(0), 9.0);
  EXPECT_EQ(out->at(1), -6.0);
  EXPECT_EQ(out->at(2), 5.0);
  EXPECT_EQ(out->at(3), 6.0);
}

#endif  // WASMVM_GRAPH_E2E

}  // namespace

#if WASMVM_GRAPH_E2E
namespace {

// Column (1-based) in the guest's serde-style error message "..., column: N)".
size_t guest_error_column(const std::string& stderr_text) {
  size_t p = stderr_text.find("column: ");
  return p == std::string::npos ? 0 : size_t(std::stoul(stderr_text.substr(p + 8)));
}

TEST(GuardMode, NamesTheExactCorruptedOffsetOfTheUnsafeProtocol) {
  ModelOptions plain;
  plain.legacy.unsafe_tvm = true;
  auto m = Model::load_file(GRAPH_LEGACY_WASM, plain);
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->set_input(0, big_input()).ok());
  ASSERT_FALSE((*m)->run().ok());
  const size_t column = guest_error_column((*m)->guest_stderr());
  ASSERT_GT(column, 1u) << (*m)->guest_stderr();

  ModelOptions guarded = plain;
  guarded.guard = true;
  auto g = Model::load_file(GRAPH_LEGACY_WASM, guarded);
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  ASSERT_TRUE((*g)->set_input(0, big_input()).ok());
  auto st = (*g)->run();
  ASSERT_FALSE(st.ok());
  ASSERT_NE((*g)->guard(), nullptr);
  const auto& rep = (*g)->guard()->report();
  ASSERT_TRUE(rep.has_value()) << st.error().to_string();
  // The first clobbered unread byte is the one the parser later chokes on.
  EXPECT_EQ(rep->tensor_offset, column - 1) << rep->to_string();
  EXPECT_EQ(rep->addr, 131072u + rep->tensor_offset);
  EXPECT_EQ(rep->region, "input JSON");
  EXPECT_FALSE(rep->function.empty());
  EXPECT_GT(rep->code_offset, 0u);
  ASSERT_FALSE(rep->old_bytes.empty());
  EXPECT_EQ(rep->old_bytes.size(), rep->new_bytes.size());
  EXPECT_NE(rep->old_bytes, rep->new_bytes);
  EXPECT_NE(st.error().message.find("guard: store into unread input JSON"), std::string::npos);
  EXPECT_EQ((*g)->guest_stderr(), "") << "stopped before the guest noticed anything";
}

TEST(GuardMode, SafeDriverAndTensorAbiRunCleanWithIdenticalResults) {
  ModelOptions guarded;
  guarded.guard = true;
  auto g = Model::load_file(GRAPH_LEGACY_WASM, guarded);
  ASSERT_TRUE(g.ok()) << g.error().to_string();
  HostTensor in = big_input();
  ASSERT_TRUE((*g)->set_input(0, in).ok());
  auto st = (*g)->run();
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_FALSE((*g)->guard()->report().has_value());
  auto out = (*g)->output(0);
  ASSERT_TRUE(out.ok());
  auto expect = guest_stats(in);
  for (size_t i = 0; i < 4; i++) EXPECT_EQ(bits(float(out->at(i))), bits(expect[i]));

  // Repeated calls with a smaller then a larger input (the driver frees and re-allocates its block; the old
  // input region must not raise a false report).
  HostTensor small = HostTensor::from_f32({2, 2}, std::vector<float>{1, 2, 3, 4});
  ASSERT_TRUE((*g)->set_input(0, small).ok());
  ASSERT_TRUE((*g)->run().ok());
  std::vector<float> huge_v(600000, 0.5f);
  ASSERT_TRUE((*g)->set_input(0, HostTensor::from_f32({600000}, huge_v)).ok());
  auto st2 = (*g)->run();
  ASSERT_TRUE(st2.ok()) << st2.error().to_string();
  EXPECT_FALSE((*g)->guard()->report().has_value());
  EXPECT_EQ((*g)->output(0)->at(3), 600000.0);

  // The instrumented digits model computes exactly what the original does.
  auto plain = Model::load_file(GRAPH_DIGITS_WASM);
  auto dg = Model::load_file(GRAPH_DIGITS_WASM, guarded);
  ASSERT_TRUE(plain.ok() && dg.ok()) << (dg.ok() ? "" : dg.error().to_string());
  std::vector<float> x(64);
  for (size_t i = 0; i < 64; i++) x[i] = float((i * 5) % 17) / 16.0f;
  for (auto* m : {plain->get(), dg->get()}) {
    ASSERT_TRUE(m->set_input(0, HostTensor::from_f32({1, 1, 8, 8}, x)).ok());
    auto r = m->run();
    ASSERT_TRUE(r.ok()) << r.error().to_string();
  }
  auto a = (*plain)->output(0), b = (*dg)->output(0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes, b->bytes);
  EXPECT_FALSE((*dg)->guard()->report().has_value());
}

}  // namespace
#endif
