// Driver for TVM's legacy wasm_graph protocol: `run(addr, size) -> out_size` with JSON tensors in memory.
//
// THE RULE (safe mode, the default): the host never writes into memory that the guest's allocator owns or may
// claim later. TVM's host writes at the old end of memory after memory.grow; newer wasi-libc dlmalloc (and Rust
// std's allocator on wasm32-wasi, which is that malloc) claims everything from __heap_base to the current memory
// end on its FIRST malloc, so when that first malloc happens inside run() the host bytes become free heap and the
// guest overwrites input it has not parsed yet. Two safe placements:
//  1. Exported allocator (wasm_graph_alloc, malloc, alloc or cabi_realloc): calling it both initialises the
//     allocator and transfers ownership of the block. The block is checked to lie inside memory and above
//     __heap_base, to hold the input and the output JSON the guest writes back at the same address
//     (capacity = max(input, output_reserve)); it is reused across calls and given back with the exported free.
//  2. No allocator (TVM's real module exports only `memory` and `run`): PRIMING then GROWN PAGES.
//     a. Priming: run(end_of_memory, 0) with an EMPTY input, before the host has written anything. TVM's run
//        hands the empty slice to serde_json, whose error value is heap-allocated (then it panics = traps); a
//        guest that copies the input into a Vec first also mallocs. Either way the allocator is initialised. The
//        result (0, a trap or anything else) is ignored; a trap unwinds the VM stack and leaves the instance
//        usable. The host checks that priming really touched the heap: memory grew, or bytes in
//        [__heap_base, end) changed. If not (or __heap_base is not exported), the layout is refused: nothing
//        proves the allocator will not claim host bytes later.
//     b. Grown pages: the host grows memory by ceil(max(input, output_reserve) / 64 KiB) pages and writes only
//        there. An initialised sbrk/memory.grow-based allocator never treats those pages as its heap: its
//        existing heap ends at the memory end it saw, and its later growth starts at the memory end at THAT time,
//        which is above the host's pages (dlmalloc sees a non-contiguous sbrk and opens a new segment). The pages
//        are reused across calls while large enough; otherwise fresh pages are grown at the new end.
//     Not guaranteed (documented, not detectable): an allocator that re-reads memory.size and claims pages it
//     did not grow itself on later calls. Refused with a clear error: no __heap_base export, priming that leaves
//     the heap untouched, a memory whose maximum forbids the growth.
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
  std::string allocator;  // export used, "none (grown pages after priming)" or "none (unsafe TVM protocol)"
};

class LegacyDriver {
 public:
  // Finds `run`, `memory` and (safe mode) an allocator; without one, primes the guest allocator (rule 2a).
  // Errors name the missing export or the reason the layout is refused.
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
  bool primed_ = false;
  std::string priming_note_;  // how priming ended (for error messages of later runs)

  Status prime();
  Result<uint32_t> grow_region(uint32_t need);
};

}  // namespace wasmvm::graph
