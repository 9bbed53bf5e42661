// Driver for TVM's legacy wasm_graph protocol: `run(addr, size) -> out_size` with JSON tensors in memory.
//
// THE RULE (safe mode, the default): the host writes only into a block that the guest's own allocator handed
// out. TVM's host writes at the old end of memory after memory.grow; wasi-libc's dlmalloc (and Rust std's
// allocator on wasm32-wasi) claims everything from __heap_base to the current memory end on its first malloc,
// so those host bytes become free heap and the guest overwrites input it has not parsed yet. Calling an exported
// allocator (wasm_graph_alloc, malloc, alloc or cabi_realloc) both initialises the allocator and transfers
// ownership of the block, so no later guest allocation can overlap it. The block is checked to lie inside memory
// and above __heap_base (when exported), is big enough for the input and for the output JSON the guest writes
// back at the same address (capacity = max(input, output_reserve)), is reused across calls while it is large
// enough and is given back with the exported free when one exists. A module without an exported allocator is
// refused in safe mode: no host-side placement can be proven safe before the guest's first allocation.
//
// Unsafe mode (--unsafe-tvm) reproduces TVM's host byte for byte: addr = old memory size, grow by
// (size >> 16) + 1 pages, copy the JSON to addr, run(addr, size), read out_size bytes at addr.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "loader/graph/tensor.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::graph {

struct LegacyOptions {
  bool unsafe_tvm = false;
  uint32_t output_reserve = 1u << 20;  // minimum bytes reserved at the input address for the output JSON
};

// Where the last input went (for guard mode and tests).
struct LegacyPlacement {
  uint32_t addr = 0;
  uint32_t size = 0;      // input JSON bytes
  uint32_t capacity = 0;  // bytes the host may assume it owns at addr (unsafe mode: up to the memory end)
  std::string allocator;  // export used, or "none (unsafe TVM protocol)"
};

class LegacyDriver {
 public:
  // Finds `run`, `memory` and (safe mode) an allocator; errors name the missing export.
  static Result<LegacyDriver> attach(Store& store, const Instance& inst, const LegacyOptions& opt);
  // One inference: encode, place, run, decode. Repeated calls on the same instance are fine.
  Result<HostTensor> run(const HostTensor& input);
  const LegacyPlacement& last_placement() const { return placement_; }
  // Writes the input JSON without running (guard mode registers the region between place and invoke).
  Result<LegacyPlacement> place(const std::string& json);
  Result<HostTensor> invoke_and_read();

 private:
  Store* store_ = nullptr;
  Memory mem_;
  Func run_, alloc_, free_;
  enum class AllocKind { None, Malloc, CabiRealloc } alloc_kind_ = AllocKind::None;
  std::string alloc_name_;
  std::optional<uint32_t> heap_base_;
  LegacyOptions opt_;
  uint32_t block_ = 0, block_cap_ = 0;
  LegacyPlacement placement_;
};

}  // namespace wasmvm::graph
