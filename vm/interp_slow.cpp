// Cold slow paths called from interpreter handlers: fuel/interrupt polling, host calls, memory.grow,
// bulk memory and table operations. Kept out of line so the hot loop's registers stay free.
#include <algorithm>
#include <cstring>
#include <vector>

#include "vm/interp.h"

namespace wasmvm::rt {

TrapCode poll_store(StoreImpl* store) {
  if (store->interrupt_flag.exchange(false, std::memory_order_relaxed)) return TrapCode::Interrupted;
  if (store->fuel != 0) {
    if (store->fuel == 1) return TrapCode::OutOfFuel;  // 0 would mean "unlimited"
    store->fuel--;
  }
  return TrapCode::None;
}

TrapCode call_host(ExecContext* ctx, FuncInst* f, InstanceInst* caller, Cell* args, CallFrame* cf) {
  const FuncType& t = f->type;
  std::vector<Value> in, out(t.results.size());
  in.reserve(t.params.size());
  uint32_t off = 0;
  for (ValType p : t.params) {
    in.push_back(cells_to_value(p, args + off));
    off += cells_of(p);
  }
  for (size_t i = 0; i < t.results.size(); i++) out[i] = Value::default_for(t.results[i]);
  // Nested executions (host -> wasm) start above this frame.
  CallFrame* saved_next = ctx->next_frame;
  Cell* saved_free = ctx->free_top;
  ctx->next_frame = cf + 1;
  uint32_t need = 0;
  for (ValType r : t.results) need += cells_of(r);
  Cell* frame_end = cf->fp + cf->func->frame_cells();
  ctx->free_top = std::max(frame_end, args + std::max(off, need));
  Caller c(*ctx->store->owner, caller && caller->handle ? caller->handle.get() : nullptr);
  Status s = f->host(c, in, out);
  ctx->next_frame = saved_next;
  ctx->free_top = saved_free;
  if (!s.ok()) {
    ctx->host_error = std::move(s).error();
    return TrapCode::HostError;
  }
  off = 0;
  for (size_t i = 0; i < t.results.size(); i++) {
    value_to_cells(out[i], args + off);
    off += cells_of(t.results[i]);
  }
  return TrapCode::None;
}

int32_t memory_grow(InstanceInst* inst, uint32_t delta) {
  if (inst->memories.empty()) return -1;
  return int32_t(inst->memories[0]->grow(delta));
}

TrapCode memory_init(InstanceInst* inst, uint32_t seg, uint32_t d, uint32_t s, uint32_t n) {
  const Module::Impl& impl = inst->module->impl();
  const DataSegment& ds = impl.info.datas[seg];
  uint64_t seg_size = inst->data_dropped[seg] ? 0 : ds.data_size;
  MemoryInst* m = inst->memories.empty() ? nullptr : inst->memories[0];
  uint64_t mem_size = m ? m->size : 0;
  if (uint64_t(s) + n > seg_size || uint64_t(d) + n > mem_size) return TrapCode::MemoryOutOfBounds;
  if (n) std::memcpy(m->data + d, impl.bytes.data() + ds.data_start + s, n);
  return TrapCode::None;
}

TrapCode table_fill(TableInst* t, uint32_t i, Cell v, uint32_t n) {
  if (uint64_t(i) + n > t->elems.size()) return TrapCode::TableOutOfBounds;
  std::fill(t->elems.begin() + i, t->elems.begin() + i + n, v);
  return TrapCode::None;
}

TrapCode table_copy(InstanceInst* inst, uint32_t dst, uint32_t src, uint32_t d, uint32_t s, uint32_t n) {
  TableInst* td = inst->tables[dst];
  TableInst* ts = inst->tables[src];
  if (uint64_t(s) + n > ts->elems.size() || uint64_t(d) + n > td->elems.size()) {
    return TrapCode::TableOutOfBounds;
  }
  if (n) std::memmove(td->elems.data() + d, ts->elems.data() + s, size_t(n) * sizeof(Cell));
  return TrapCode::None;
}

TrapCode table_init(InstanceInst* inst, uint32_t table, uint32_t elem, uint32_t d, uint32_t s, uint32_t n) {
  TableInst* t = inst->tables[table];
  const std::vector<Cell>& vals = inst->elem_values[elem];
  uint64_t seg_size = inst->elem_dropped[elem] ? 0 : vals.size();
  if (uint64_t(s) + n > seg_size || uint64_t(d) + n > t->elems.size()) return TrapCode::TableOutOfBounds;
  if (n) std::memcpy(t->elems.data() + d, vals.data() + s, size_t(n) * sizeof(Cell));
  return TrapCode::None;
}

}  // namespace wasmvm::rt
