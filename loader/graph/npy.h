// NumPy .npy files (format versions 1-3): C-order little-endian tensors of the dtypes in tensor.h.
#pragma once
#include <string>

#include "loader/graph/tensor.h"
#include "wasmvm/result.h"

namespace wasmvm::graph {

Result<HostTensor> read_npy(const std::string& path);
Result<HostTensor> parse_npy(std::span<const uint8_t> bytes, const std::string& what);
std::string encode_npy(const HostTensor& t);
Status write_npy(const std::string& path, const HostTensor& t);

}  // namespace wasmvm::graph
