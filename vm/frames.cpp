// Execution contexts (value stack + call stack per store), execute() (the re-entrant entry used by
// the API) and lazy backtrace construction from the call-stack records.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "vm/frames.h"
#include "vm/interp.h"

namespace wasmvm::rt {

void ExecContextDeleter::operator()(ExecContext* c) const { delete c; }

namespace {

ExecContext* context_for(StoreImpl& store) {
  if (!store.exec) {
    const Config& cfg = store.engine.config();
    auto* c = new ExecContext();
    c->store = &store;
    size_t cells = std::max<size_t>(cfg.value_stack_cells, 16);
    c->stack.reset(new Cell[cells]);
    c->stack_begin = c->stack.get();
    c->stack_end = c->stack_begin + cells;
    c->free_top = c->stack_begin;
    c->frames.resize(std::max<uint32_t>(cfg.max_call_depth, 1));
    c->next_frame = c->frames.data();
    c->frames_last = c->frames.data() + c->frames.size() - 1;
    store.exec.reset(c);
  }
  return store.exec.get();
}

// Offset of the first byte after a LEB128 u32 at `pos` (the function body's size field).
size_t after_leb(const std::vector<uint8_t>& bytes, size_t pos) {
  while (pos < bytes.size() && (bytes[pos] & 0x80)) pos++;
  return pos + 1;
}

Frame frame_of(const CallFrame& f, const uint64_t* ip) {
  Frame out;
  out.func_index = f.func->func_index;
  size_t ci = size_t(ip - f.func->code.data());
  out.module_offset = f.func->wasm_offset_at(ci);
  if (f.inst && f.inst->module) {
    const Module::Impl& impl = f.inst->module->impl();
    const ModuleInfo& info = impl.info;
    if (out.func_index < info.func_names.size()) out.name = info.func_names[out.func_index];
    uint32_t defined = out.func_index - info.num_imported_funcs;
    if (out.func_index >= info.num_imported_funcs && defined < info.functions.size()) {
      size_t body = after_leb(impl.bytes, info.functions[defined].decl_offset);
      if (out.module_offset >= body) out.func_offset = uint32_t(out.module_offset - body);
    }
  }
  return out;
}

// Fills store.last_trap_frames from the innermost frame `top` down to `bottom`.
void record_trap_frames(StoreImpl& store, const CallFrame* bottom, const CallFrame* top, const uint64_t* top_ip) {
  store.last_trap_frames.clear();
  for (const CallFrame* f = top; f >= bottom && store.last_trap_frames.size() < kMaxTrapFrameRecords; --f) {
    const uint64_t* ip = f == top ? top_ip : f->ip - 1;
    size_t ci = size_t(ip - f->func->code.data());
    store.last_trap_frames.push_back(TrapFrameRecord{f->inst, f->func->func_index, f->func->wasm_offset_at(ci)});
  }
}

}  // namespace

void build_backtrace(Error& e, const CallFrame* bottom, const CallFrame* top, const uint64_t* top_ip) {
  e.frames.clear();
  e.frames_omitted = 0;
  if (!top || !top_ip || top < bottom) return;
  size_t depth = size_t(top - bottom) + 1;
  // Deep stacks keep their innermost and outermost frames; the middle is counted, not listed.
  const size_t head = Error::kBacktraceHead, tail = Error::kBacktraceTail;
  bool cut = depth > head + tail;
  e.frames.reserve(cut ? head + tail : depth);
  for (const CallFrame* f = top; f >= bottom; --f) {
    if (cut && e.frames.size() == head) {
      e.frames_omitted = depth - head - tail;
      f = bottom + (tail - 1);
    }
    const uint64_t* ip = f == top ? top_ip : f->ip - 1;  // resume address - 1 is inside the call
    e.frames.push_back(frame_of(*f, ip));
  }
}

Status execute(StoreImpl& store, FuncInst* f, std::span<const Value> args, std::span<Value> results) {
  if (f->is_host()) {
    if (!store.owner) return make_error(ErrorKind::Usage, "store has no owner handle");
    Caller c(*store.owner, nullptr);
    return f->host(c, args, results);
  }
  ExecContext* ctx = context_for(store);
  // Each host -> wasm re-entry uses some native stack (run() + the host's frames): bound the nesting.
  constexpr size_t kMaxNestedRuns = 256;
  if (ctx->active_runs >= kMaxNestedRuns) {
    return make_trap(TrapCode::CallStackExhausted);
  }
  const CompiledFunc* code = f->code;
  if (!code->compiled() && translate_on_first_call(ctx, code) != TrapCode::None) {
    Error e = std::move(ctx->host_error);
    ctx->host_error = Error{};
    return e;
  }
  const FuncType& t = f->type;
  uint32_t pc = 0, rc = 0;
  for (ValType p : t.params) pc += cells_of(p);
  for (ValType r : t.results) rc += cells_of(r);
  Cell* base = ctx->free_top;
  size_t need = std::max<size_t>({code->frame_cells(), pc, rc});
  if (ctx->next_frame >= ctx->frames.data() + ctx->frames.size()) return make_trap(TrapCode::CallStackExhausted);
  if (size_t(ctx->stack_end - base) < need) return make_trap(TrapCode::ValueStackExhausted);
  uint32_t off = 0;
  for (size_t i = 0; i < t.params.size() && i < args.size(); i++) {
    value_to_cells(args[i], base + off);
    off += cells_of(t.params[i]);
  }
  for (uint32_t i = code->param_cells; i < code->local_cells; i++) base[i] = 0;
  if (!code->pool.empty()) std::memcpy(base + code->local_cells, code->pool.data(), code->pool.size() * sizeof(Cell));

  CallFrame* saved_next = ctx->next_frame;
  Cell* saved_free = ctx->free_top;
  ctx->active_runs++;
  bool ok = interp_run(ctx, code, f->instance, base);
  ctx->active_runs--;
  ctx->next_frame = saved_next;
  ctx->free_top = saved_free;
  if (!ok) {
    TrapCode tc = ctx->trap;
    ctx->trap = TrapCode::None;
    Error e;
    if (tc == TrapCode::HostError) {
      e = std::move(ctx->host_error);
      ctx->host_error = Error{};
      if (e.kind != ErrorKind::Trap) return e;  // Exit etc. propagate unchanged
      if (e.code == TrapCode::None) e.code = TrapCode::HostError;
    } else {
      e = make_trap(tc);
    }
    store.last_trap_frames.clear();
    if (ctx->trap_frame) {
      build_backtrace(e, saved_next, ctx->trap_frame, ctx->trap_ip);
      record_trap_frames(store, saved_next, ctx->trap_frame, ctx->trap_ip);
    }
    return e;
  }
  off = 0;
  for (size_t i = 0; i < t.results.size() && i < results.size(); i++) {
    results[i] = cells_to_value(t.results[i], base + off);
    off += cells_of(t.results[i]);
  }
  return Status::Ok();
}

}  // namespace wasmvm::rt
