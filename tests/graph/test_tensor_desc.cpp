// Descriptor validation against hostile guests, and typed views (span/Eigen, staleness after memory.grow).
#include <gtest/gtest.h>

#include <cstring>

#include "loader/graph/tensor.h"
#include "wasmvm/wasm_graph_abi.h"

using namespace wasmvm;
using namespace wasmvm::graph;

namespace {

// One page of guest memory with a valid f32 [2, 3] descriptor at 0x100, shape at 0x200, data at 0x300.
class DescTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MemoryType t;
    t.limits.min = 1;
    t.limits.max = 4;
    t.limits.has_max = true;
    auto m = store_.create_memory(t);
    ASSERT_TRUE(m.ok());
    mem_ = *m;
    d_ = WasmGraphDLTensor32{};
    d_.data = 0x300;
    d_.device_type = WASM_GRAPH_DEVICE_CPU;
    d_.ndim = 2;
    d_.dtype_code = WASM_GRAPH_DTYPE_FLOAT;
    d_.dtype_bits = 32;
    d_.dtype_lanes = 1;
    d_.shape = 0x200;
    shape({2, 3});
    commit();
  }
  void shape(std::vector<int64_t> s, uint32_t at = 0x200) { ASSERT_TRUE(mem_.write(at, s.data(), s.size() * 8).ok()); }
  void commit(uint32_t at = 0x100) { ASSERT_TRUE(mem_.write(at, &d_, sizeof d_).ok()); }
  // Validates the descriptor at `at` and expects an error mentioning `needle`.
  void expect_bad(const std::string& needle, uint64_t at = 0x100) {
    auto r = read_tensor_desc(mem_, at, "input 0");
    ASSERT_FALSE(r.ok()) << "accepted a descriptor that should fail with: " << needle;
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("input 0"), std::string::npos) << r.error().message;
  }

  Engine engine_;
  Store store_{engine_};
  Memory mem_;
  WasmGraphDLTensor32 d_;
};

TEST_F(DescTest, ValidDescriptorIsDecoded) {
  auto r = read_tensor_desc(mem_, 0x100, "x");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->dtype, DType::F32);
  EXPECT_EQ(r->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(r->elements, 6u);
  EXPECT_EQ(r->bytes, 24u);
  EXPECT_EQ(r->data_addr, 0x300u);
}

TEST_F(DescTest, ByteOffsetIsAddedToData) {
  d_.byte_offset = 16;
  commit();
  auto r = read_tensor_desc(mem_, 0x100, "x");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->data_addr, 0x310u);
}

TEST_F(DescTest, CompactStridesAccepted) {
  d_.strides = 0x280;
  commit();
  shape({3, 1}, 0x280);
  EXPECT_TRUE(read_tensor_desc(mem_, 0x100, "x").ok());
}

TEST_F(DescTest, DescriptorAddressOutOfBounds) {
  expect_bad("outside memory", 65536 - 8);
  expect_bad("outside memory", 0xfffffff8u);
  expect_bad("address is 0", 0);
}
TEST_F(DescTest, DescriptorMisaligned) { commit(0x104); expect_bad("not 8-byte aligned", 0x104); }
TEST_F(DescTest, DataOutOfBounds) { d_.data = 65536 - 8; commit(); expect_bad("outside memory"); }
TEST_F(DescTest, DataEndWrapsAround) { d_.data = 0xfffffff0u; commit(); expect_bad("outside memory"); }
TEST_F(DescTest, DataPointerZero) { d_.data = 0; commit(); expect_bad("data pointer is 0"); }
TEST_F(DescTest, ByteOffsetHuge) { d_.byte_offset = 0xffffffffffffff00ull; commit(); expect_bad("byte_offset"); }
TEST_F(DescTest, ShapeProductOverflows) {
  shape({int64_t(1) << 40, int64_t(1) << 40});
  expect_bad("overflows");
}
TEST_F(DescTest, HugeShapeOutOfMemory) { shape({1 << 20, 1 << 10}); expect_bad("outside memory"); }
TEST_F(DescTest, NegativeDim) { shape({2, -3}); expect_bad("negative"); }
TEST_F(DescTest, NdimZero) { d_.ndim = 0; commit(); expect_bad("ndim is 0"); }
TEST_F(DescTest, NdimHuge) { d_.ndim = 0x7fffffff; commit(); expect_bad("ndim"); }
TEST_F(DescTest, NdimNegative) { d_.ndim = -1; commit(); expect_bad("ndim is -1"); }
TEST_F(DescTest, DtypeCodeUnknown) { d_.dtype_code = 7; commit(); expect_bad("dtype.code 7"); }
TEST_F(DescTest, DtypeBitsNotMultipleOf8) { d_.dtype_bits = 12; commit(); expect_bad("not a multiple of 8"); }
TEST_F(DescTest, DtypeBitsUnsupported) { d_.dtype_bits = 24; commit(); expect_bad("unsupported"); }
TEST_F(DescTest, DtypeLanes) { d_.dtype_lanes = 4; commit(); expect_bad("lanes"); }
TEST_F(DescTest, DeviceNotCpu) { d_.device_type = 2; commit(); expect_bad("device.type"); }
TEST_F(DescTest, ShapePointerOutOfBounds) { d_.shape = 65536 - 8; commit(); expect_bad("shape array"); }
TEST_F(DescTest, ShapePointerZero) { d_.shape = 0; commit(); expect_bad("shape pointer is 0"); }
TEST_F(DescTest, ShapeMisaligned) { d_.shape = 0x204; commit(); expect_bad("not 8-byte aligned"); }
TEST_F(DescTest, StridesNonCompact) { d_.strides = 0x280; commit(); shape({1, 3}, 0x280); expect_bad("not compact"); }
TEST_F(DescTest, StridesNegative) { d_.strides = 0x280; commit(); shape({-3, 1}, 0x280); expect_bad("negative"); }
TEST_F(DescTest, StridesOutOfRange) { d_.strides = 65536 - 8; commit(); expect_bad("strides array"); }
TEST_F(DescTest, DataMisaligned) { d_.data = 0x302; commit(); expect_bad("not aligned"); }

TEST_F(DescTest, GuestStringNeedsNulInBounds) {
  ASSERT_TRUE(mem_.write(0x400, "image", 6).ok());
  auto ok = read_guest_string(mem_, 0x400, 64, "input 0");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "image");
  std::vector<uint8_t> ff(16, 'A');
  ASSERT_TRUE(mem_.write(65536 - 16, ff.data(), ff.size()).ok());
  auto bad = read_guest_string(mem_, 65536 - 16, 64, "input 0");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not NUL-terminated"), std::string::npos);
  EXPECT_FALSE(read_guest_string(mem_, 70000, 64, "x").ok());
  ASSERT_TRUE(mem_.write(0x500, ff.data(), ff.size()).ok());
  EXPECT_FALSE(read_guest_string(mem_, 0x500, 8, "x").ok());  // no NUL within the limit
}

TEST_F(DescTest, ViewsAreZeroCopyAndGoStaleAfterGrow) {
  auto d = read_tensor_desc(mem_, 0x100, "x");
  ASSERT_TRUE(d.ok());
  TensorView<float> v(mem_, *d);
  auto s = v.span();
  ASSERT_TRUE(s.ok());
  for (size_t i = 0; i < 6; i++) (*s)[i] = float(i) + 0.5f;
  float back[6];
  ASSERT_TRUE(mem_.read(0x300, back, sizeof back).ok());
  EXPECT_EQ(back[5], 5.5f);  // writes went straight to guest memory
  auto m = v.matrix();
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->rows(), 2);
  EXPECT_EQ(m->cols(), 3);
  EXPECT_EQ((*m)(1, 2), 5.5f);
  auto vec = v.vector();
  ASSERT_TRUE(vec.ok());
  EXPECT_FLOAT_EQ(vec->sum(), 18.0f);
  ASSERT_TRUE(mem_.grow(1).ok());
  EXPECT_TRUE(v.stale());
  EXPECT_FALSE(v.span().ok());
  EXPECT_FALSE(v.matrix().ok());
  TensorView<float> fresh(mem_, *d);
  EXPECT_FALSE(fresh.stale());
}

TEST(DType, DlpackMapping) {
  EXPECT_EQ(*dtype_from_dlpack(2, 32, 1), DType::F32);
  EXPECT_EQ(*dtype_from_dlpack(2, 64, 1), DType::F64);
  EXPECT_EQ(*dtype_from_dlpack(0, 8, 1), DType::I8);
  EXPECT_EQ(*dtype_from_dlpack(1, 16, 1), DType::U16);
  EXPECT_FALSE(dtype_from_dlpack(2, 16, 1).ok());  // f16 not supported
  EXPECT_FALSE(dtype_from_dlpack(3, 32, 1).ok());
  EXPECT_FALSE(dtype_from_dlpack(2, 0, 1).ok());
}

TEST(DType, CheckedElementCount) {
  std::vector<int64_t> ok{2, 3, 4};
  EXPECT_EQ(*checked_element_count(ok, "s"), 24u);
  std::vector<int64_t> zero{2, 0, int64_t(1) << 62};
  EXPECT_EQ(*checked_element_count(zero, "s"), 0u);
  std::vector<int64_t> big{int64_t(1) << 62, 8};
  EXPECT_FALSE(checked_element_count(big, "s").ok());
}

}  // namespace
