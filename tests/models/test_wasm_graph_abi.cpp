// The wasm_graph tensor ABI header: the packed host mirror must have the documented wasm32 DLTensor layout.
// The expected numbers are written out here, independently of the header's own constants.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

#include "wasmvm/wasm_graph_abi.h"

namespace {

static_assert(sizeof(WasmGraphDLTensor32) == 40, "wasm32 DLTensor is 40 bytes");
static_assert(offsetof(WasmGraphDLTensor32, data) == 0);
static_assert(offsetof(WasmGraphDLTensor32, device_type) == 4);
static_assert(offsetof(WasmGraphDLTensor32, device_id) == 8);
static_assert(offsetof(WasmGraphDLTensor32, ndim) == 12);
static_assert(offsetof(WasmGraphDLTensor32, dtype_code) == 16);
static_assert(offsetof(WasmGraphDLTensor32, dtype_bits) == 17);
static_assert(offsetof(WasmGraphDLTensor32, dtype_lanes) == 18);
static_assert(offsetof(WasmGraphDLTensor32, shape) == 20);
static_assert(offsetof(WasmGraphDLTensor32, strides) == 24);
static_assert(offsetof(WasmGraphDLTensor32, byte_offset) == 32);
static_assert(alignof(WasmGraphDLTensor32) == 1, "packed: readable from any guest address via memcpy");

static_assert(WASM_GRAPH_DLTENSOR_SIZE == 40 && WASM_GRAPH_DLTENSOR_OFF_BYTE_OFFSET == 32 &&
              WASM_GRAPH_DLTENSOR_OFF_SHAPE == 20 && WASM_GRAPH_DLTENSOR_OFF_STRIDES == 24);

void put_le(unsigned char* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

// A descriptor written byte by byte at the documented offsets (as a wasm32 guest would) reads back correctly
// through the mirror from an unaligned address.
TEST(WasmGraphAbi, MirrorReadsHandWrittenDescriptor) {
  unsigned char memory[64] = {};
  unsigned char* d = memory + 3;  // deliberately misaligned
  put_le(d + 0, 0x00012340u, 4);
  put_le(d + 4, WASM_GRAPH_DEVICE_CPU, 4);
  put_le(d + 8, 0, 4);
  put_le(d + 12, 4, 4);
  d[16] = WASM_GRAPH_DTYPE_FLOAT;
  d[17] = 32;
  put_le(d + 18, 1, 2);
  put_le(d + 20, 0x00010000u, 4);
  put_le(d + 24, 0, 4);
  put_le(d + 32, 0x0102030405060708ull, 8);

  WasmGraphDLTensor32 t;
  std::memcpy(&t, d, sizeof t);
  EXPECT_EQ(t.data, 0x00012340u);
  EXPECT_EQ(t.device_type, WASM_GRAPH_DEVICE_CPU);
  EXPECT_EQ(t.device_id, 0);
  EXPECT_EQ(t.ndim, 4);
  EXPECT_EQ(t.dtype_code, WASM_GRAPH_DTYPE_FLOAT);
  EXPECT_EQ(t.dtype_bits, 32);
  EXPECT_EQ(t.dtype_lanes, 1);
  EXPECT_EQ(t.shape, 0x00010000u);
  EXPECT_EQ(t.strides, 0u);
  EXPECT_EQ(t.byte_offset, 0x0102030405060708ull);
}

TEST(WasmGraphAbi, ErrorCodesAreDistinctAndOkIsZero) {
  const int codes[] = {WASM_GRAPH_ERR_BAD_DESCRIPTOR, WASM_GRAPH_ERR_NO_MEMORY, WASM_GRAPH_ERR_BAD_INPUT,
                       WASM_GRAPH_ERR_BAD_WEIGHTS};
  EXPECT_EQ(WASM_GRAPH_OK, 0);
  for (size_t i = 0; i < std::size(codes); ++i) {
    EXPECT_NE(codes[i], WASM_GRAPH_OK);
    for (size_t j = i + 1; j < std::size(codes); ++j) EXPECT_NE(codes[i], codes[j]);
  }
}

}  // namespace
