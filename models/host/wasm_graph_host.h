// Host side of the wasm_graph tensor ABI (models/include/wasm_graph_abi.h) on wasmvm's embedding API:
// instantiates a guest, discovers and validates its tensors, and moves f32 data in and out through
// bounds-checked Memory reads/writes (the host never holds raw pointers across guest calls).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasmvm/wasmvm.h"

namespace wasm_graph {

struct TensorDesc {
  std::string name;
  uint32_t desc_addr = 0;
  uint32_t data = 0;
  std::vector<int64_t> shape;
  uint64_t count = 1;  // elements (f32)
};

class Session {
 public:
  // Compiles and instantiates `wasm` (no imports expected), calls _initialize, validates every descriptor.
  static wasmvm::Result<std::unique_ptr<Session>> open(wasmvm::Store& store, std::span<const uint8_t> wasm);

  const std::vector<TensorDesc>& inputs() const { return inputs_; }
  const std::vector<TensorDesc>& outputs() const { return outputs_; }
  wasmvm::Status set_input(size_t i, std::span<const float> values);
  // Runs the graph; a nonzero guest code becomes an error naming it.
  wasmvm::Status run();
  wasmvm::Result<std::vector<float>> output(size_t i);

 private:
  Session(wasmvm::Instance inst, wasmvm::Memory mem) : instance_(inst), memory_(mem) {}
  wasmvm::Result<int32_t> call_i32(const char* name, std::vector<wasmvm::Value> args);
  wasmvm::Result<TensorDesc> read_desc(const char* desc_fn, const char* name_fn, int32_t i);

  wasmvm::Instance instance_;
  wasmvm::Memory memory_;
  std::vector<TensorDesc> inputs_, outputs_;
};

}  // namespace wasm_graph
