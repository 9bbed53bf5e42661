// TVM wasm_graph legacy tensor JSON: exactly serde_json's compact encoding of TVM's Rust `Tensor` struct,
//   {"dtype":"FP32","shape":[1,3,224,224],"strides":null,"data":[12,34,...]}
// where data lists the raw little-endian bytes as decimal numbers. dtype is FP32, INT32 or INT8.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "loader/graph/tensor.h"
#include "wasmvm/result.h"

namespace wasmvm::graph {

// Fails (Usage) for dtypes the legacy protocol cannot express.
Result<std::string> encode_legacy_tensor(const HostTensor& t);
// Parses a legacy tensor; errors give the column (1-based) like serde_json does.
Result<HostTensor> decode_legacy_tensor(std::span<const uint8_t> json);

}  // namespace wasmvm::graph
