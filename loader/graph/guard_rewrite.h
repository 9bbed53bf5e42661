// Guard mode without touching the VM: an instrumented copy of a module in which every memory access of guest
// code first calls an imported host hook ("wasmvm_guard" module), so the host sees each load and store (address,
// size, the bytes about to be written, the instruction's offset in the ORIGINAL binary) before it happens.
// Only the copy is instrumented: a run without --guard executes the original module, so the cost when off is 0.
//
// Hooks (all return nothing; a hook that traps aborts the guest with that message):
//   load(addr, offset, size, code_offset)                 every load (incl. v128, lane loads)
//   store_i32(addr, offset, size, code_offset, value)     i32 stores and f32 stores (value reinterpreted)
//   store_i64(addr, offset, size, code_offset, value)     i64 stores and f64 stores
//   fill(dst, value, len, code_offset)                    memory.fill
//   copy(dst, src, len, code_offset)                      memory.copy (a load of src and a store to dst)
//   init(dst, len, code_offset)                           memory.init (new bytes unknown)
//   store_v128(addr, offset, size | lane << 8, code_offset, value)   v128.store / store_lane (lane 0 for store)
// store_v128 (and the v128 scratch local) is emitted only when the module has v128 stores or lane loads, so a
// module without them gets no v128 anywhere and also runs guarded in a build without simd128.
// Imported functions are appended after the module's own imports, so every defined function's index moves up by
// the number of hooks (kGuardHooks, or kGuardHooksScalar without store_v128); calls, ref.func, exports, start, element segments and global initialisers are renumbered, and the
// name section is dropped (names come from the original ModuleInfo).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "wasmvm/result.h"

namespace wasmvm {
struct ModuleInfo;
}

namespace wasmvm::graph {

constexpr const char* kGuardModuleName = "wasmvm_guard";
constexpr uint32_t kGuardHooks = 7;
constexpr uint32_t kGuardHooksScalar = 6;

// `info` must describe `wasm` (Module::info() of the original). Errors: Malformed on bytes it cannot re-encode.
Result<std::vector<uint8_t>> instrument_memory_accesses(std::span<const uint8_t> wasm, const ModuleInfo& info);

}  // namespace wasmvm::graph
