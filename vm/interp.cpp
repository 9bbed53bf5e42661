// The threaded interpreter: one run() function holding every handler (vm/handlers/*.inc), dispatched
// by computed goto (WASMVM_DISPATCH_GOTO) or by a portable switch. Hot state lives in locals (ip, fp,
// memory base/size); calls use a preallocated call stack, never native recursion.
#include <bit>
#include <cstring>

#include "vm/code.h"
#include "vm/frames.h"
#include "vm/interp.h"
#include "vm/interp_ops.h"
#include "vm/runtime.h"
#if WASMVM_SIMD
#include "simd/ops.h"
#include "vm/interp_simd.h"
#endif

#if WASMVM_DISPATCH_GOTO && !defined(WASMVM_FORCE_SWITCH) && defined(__GNUC__)
#define WASMVM_USE_GOTO 1
#else
#define WASMVM_USE_GOTO 0
#endif

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "operand fields assume a little-endian host");

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

namespace wasmvm::rt {

#if WASMVM_SIMD
// v128.load / v128.store under their opcode names, so the generated handlers can call them.
namespace simdx {
using namespace wasmvm::simd;
WASMVM_ALWAYS_INLINE V V128Load(const uint8_t* p) { return simd::load(p); }
WASMVM_ALWAYS_INLINE void V128Store(uint8_t* p, V v) { simd::store(p, v); }
}  // namespace simdx
#endif

WASMVM_ALWAYS_INLINE uint16_t field16(const uint64_t* ip, unsigned k) {
  uint16_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(ip + 1) + 2 * k, 2);
  return v;
}
WASMVM_ALWAYS_INLINE uint32_t field32(const uint64_t* ip) {
  uint32_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(ip + 1) + 4, 4);
  return v;
}
WASMVM_ALWAYS_INLINE void store_low32(Cell* c, uint32_t v) { std::memcpy(c, &v, 4); }

#if WASMVM_USE_GOTO
namespace {
const void* const* g_labels = nullptr;  // label address per Isa (published by run())
}
#endif

// Runs `func` with its frame at `fp` until it returns to the caller of run(). Returns false on a
// trap (ctx->trap set). ctx == nullptr publishes the label table instead.
static bool run(ExecContext* ctx, const CompiledFunc* func, InstanceInst* inst, Cell* fp) {
#if WASMVM_USE_GOTO
  static const void* const kLabels[] = {
#define ISA(Name, words) &&L_##Name,
#include "vm/isa.def"
#undef ISA
  };
  if (!ctx) {
    g_labels = kLabels;
    return true;
  }
#define HANDLER(N) L_##N: { [[maybe_unused]] constexpr size_t kW = kIsaWords[size_t(Isa::N)];
#define DISPATCH() goto *reinterpret_cast<const void*>(*ip)
#else
  if (!ctx) return true;
#define HANDLER(N) case Isa::N: { [[maybe_unused]] constexpr size_t kW = kIsaWords[size_t(Isa::N)];
#define DISPATCH() goto dispatch
#endif
#define END_HANDLER ip += kW; DISPATCH(); }
#define NEXT() do { ip += kW; DISPATCH(); } while (0)
#define JUMP(off) do { ip += (off); DISPATCH(); } while (0)
#define TRAP(code) do { trap_code = (code); goto trap_exit; } while (0)

#define W1 ip[1]
// Operand fields are read straight from memory (one movzwl each) rather than shifted out of word 1.
#define OA field16(ip, 0)
#define OB field16(ip, 1)
#define OC field16(ip, 2)
#define OD field16(ip, 3)
#define IMM32 field32(ip)
#define SIMM32 int32_t(field32(ip))
#define U32(x) uint32_t(fp[x])
#define I32(x) int32_t(uint32_t(fp[x]))
#define U64(x) fp[x]
#define I64(x) int64_t(fp[x])
#define F32(x) std::bit_cast<float>(uint32_t(fp[x]))
#define F64(x) std::bit_cast<double>(fp[x])
#define SET32(x, v) fp[x] = uint32_t(v)
// f32 results: only the low half of an i32/f32 cell is ever read, so a 32-bit store is enough.
#define STF32(x, bits) store_low32(fp + (x), uint32_t(bits))
#define SET64(x, v) fp[x] = uint64_t(v)
#define SETF32(x, v) fp[x] = std::bit_cast<uint32_t>(float(v))
#define SETF64(x, v) fp[x] = std::bit_cast<uint64_t>(double(v))
#define LOAD_MEM()                                                     \
  do {                                                                 \
    if (LIKELY(!inst->memories.empty())) {                             \
      mem_base = inst->memories[0]->data;                              \
      mem_size = inst->memories[0]->size;                              \
    } else {                                                           \
      mem_base = nullptr;                                              \
      mem_size = 0;                                                    \
    }                                                                  \
  } while (0)

  const uint64_t* ip = func->code.data();
  uint8_t* mem_base;
  uint64_t mem_size;
  LOAD_MEM();
  TrapCode trap_code = TrapCode::None;
  FuncInst* callee = nullptr;         // shared call paths below
  Cell* callee_fp = nullptr;
  const uint64_t* resume = nullptr;
  // The current frame record lives in ctx: calls are rarer than memory accesses, and x86-64 has only
  // six callee-saved registers for ip, fp, mem_base, mem_size, inst and ctx.
#define cf (ctx->cur_frame)
  cf = ctx->next_frame;
  // Rarely used state (stack end, last frame, store) stays behind ctx: the hot locals keep registers.
  CallFrame* const saved_base = ctx->base_frame;
  ctx->base_frame = cf;
  if (UNLIKELY(cf > ctx->frames_last)) {
    ctx->base_frame = saved_base;
    ctx->trap = TrapCode::CallStackExhausted;
    ctx->trap_ip = nullptr;
    ctx->trap_frame = nullptr;
    return false;
  }
  cf->func = func;
  cf->fp = fp;
  cf->inst = inst;
  cf->ip = nullptr;

#if WASMVM_USE_GOTO
  DISPATCH();
#else
dispatch:
  switch (static_cast<Isa>(*ip)) {
#endif

#include "vm/handlers/control.inc"
#include "vm/handlers/call.inc"
#include "vm/handlers/numeric.inc"
#include "vm/handlers/memory.inc"
#include "vm/handlers/fused.inc"
#if WASMVM_SIMD
#include "vm/handlers/simd.inc"
#endif

#if !WASMVM_USE_GOTO
    default:
      TRAP(TrapCode::Unreachable);
  }
#endif

call_wasm_func: {  // callee, callee_fp, resume are set; ip is still the call instruction
  const CompiledFunc* f = callee->code;
  if (UNLIKELY(f->frame_cells() > size_t(ctx->stack_end - callee_fp) || cf == ctx->frames_last)) {
    if (f->compiled()) TRAP(cf == ctx->frames_last ? TrapCode::CallStackExhausted : TrapCode::ValueStackExhausted);
    TrapCode t = translate_on_first_call(ctx, f);
    if (t != TrapCode::None) TRAP(t);
    goto call_wasm_func;
  }
  if (UNLIKELY(ctx->store->fuel != 0 || ctx->store->interrupt_flag.load(std::memory_order_relaxed))) {
    TrapCode t = poll_store(ctx->store);
    if (t != TrapCode::None) TRAP(t);
  }
  cf->ip = resume;
  ++cf;
  cf->func = f;
  cf->fp = callee_fp;
  cf->inst = callee->instance;
  for (uint32_t i = f->param_cells, e = f->local_cells; i < e; i++) callee_fp[i] = 0;
  if (UNLIKELY(!f->pool.empty())) std::memcpy(callee_fp + f->local_cells, f->pool.data(), f->pool.size() * sizeof(Cell));
  fp = callee_fp;
  inst = callee->instance;
  ip = f->code.data();
  LOAD_MEM();
  DISPATCH();
}

call_host_func: {
  cf->ip = resume;
  CallFrame* const self = cf;  // a nested run (host -> wasm) moves ctx->cur_frame
  TrapCode t = call_host(ctx, callee, inst, callee_fp, self);
  cf = self;
  if (UNLIKELY(t != TrapCode::None)) TRAP(t);
  ip = resume;
  LOAD_MEM();
  DISPATCH();
}

trap_exit:
  ctx->base_frame = saved_base;
  ctx->trap = trap_code;
  ctx->trap_ip = ip;
  ctx->trap_frame = cf;
  return false;
#undef cf
#undef HANDLER
#undef DISPATCH
#undef END_HANDLER
#undef NEXT
#undef JUMP
#undef TRAP
}

uint64_t handler_word(Isa op) {
#if WASMVM_USE_GOTO
  if (!g_labels) run(nullptr, nullptr, nullptr, nullptr);
  return reinterpret_cast<uintptr_t>(g_labels[static_cast<size_t>(op)]);
#else
  return static_cast<uint64_t>(op);
#endif
}

bool interp_run(ExecContext* ctx, const CompiledFunc* func, InstanceInst* inst, Cell* fp) {
  return run(ctx, func, inst, fp);
}

}  // namespace wasmvm::rt
