// Interpreter entry points and the cold slow paths its handlers call (interp_slow.cpp).
#pragma once
#include <cstdint>

#include "vm/frames.h"
#include "vm/runtime.h"
#include "vm/trap.h"

namespace wasmvm::rt {

// Runs a wasm function whose arguments are already at fp[0..]; results land at fp[0..].
// False on a trap (ctx->trap, trap_ip, trap_frame describe it).
bool interp_run(ExecContext* ctx, const CompiledFunc* func, InstanceInst* inst, Cell* fp);

// ---- cold paths (never inlined into handlers) ----
// Fuel / interrupt poll at loop heads and calls.
[[gnu::cold, gnu::noinline]] TrapCode poll_store(StoreImpl* store);
// Translates a not-yet-compiled function (lazy translation; module_compile.cpp). Thread-safe. Returns
// TrapCode::None, or TrapCode::HostError with ctx->host_error set if translation hit a limit.
[[gnu::cold, gnu::noinline]] TrapCode translate_on_first_call(ExecContext* ctx, const CompiledFunc* f);
// Calls a host function with arguments at args[0..]; results are written back there.
[[gnu::cold, gnu::noinline]] TrapCode call_host(ExecContext* ctx, FuncInst* f, InstanceInst* caller, Cell* args,
                                                CallFrame* cf);
[[gnu::cold, gnu::noinline]] int32_t memory_grow(InstanceInst* inst, uint32_t delta);
[[gnu::cold, gnu::noinline]] TrapCode memory_init(InstanceInst* inst, uint32_t seg, uint32_t d, uint32_t s,
                                                  uint32_t n);
[[gnu::cold, gnu::noinline]] TrapCode table_fill(TableInst* t, uint32_t i, Cell v, uint32_t n);
[[gnu::cold, gnu::noinline]] TrapCode table_copy(InstanceInst* inst, uint32_t dst, uint32_t src, uint32_t d,
                                                 uint32_t s, uint32_t n);
[[gnu::cold, gnu::noinline]] TrapCode table_init(InstanceInst* inst, uint32_t table, uint32_t elem, uint32_t d,
                                                 uint32_t s, uint32_t n);

}  // namespace wasmvm::rt
