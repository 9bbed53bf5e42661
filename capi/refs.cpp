// C API engine, store, references (identity, copies, host info), foreign objects, traps, frames and
// values (wasm_val_t <-> wasmvm::Value, including how references travel through WebAssembly).
#include <cstring>

#include "capi/capi_internal.h"
#include "vm/runtime.h"

using capi::RefKind;

// ---- store and handle bookkeeping -------------------------------------------------------------------

wasm_store_t::~wasm_store_t() {
  // Host info of store objects dies with them; then the pinned references, then the objects themselves
  // (destroying host functions runs their environment finalizers).
  for (auto& [obj, info] : host_info) info.finalize();
  host_info.clear();
  for (auto& [id, pin] : pins) delete pin;
  pins.clear();
  store.reset();
}

void wasm_store_t::release() {
  if (handles > 0) handles--;
  if (deleted && handles == 0) delete this;
}

wasm_ref_t::~wasm_ref_t() {
  if (store && !store_owned) store->release();
}

capi::HostInfo& wasm_ref_t::host_info() { return store->host_info[identity()]; }

const void* capi::extern_identity(const wasmvm::Extern& ext) {
  switch (ext.kind) {
    case wasmvm::ExternKind::Func: return ext.func.raw();
    case wasmvm::ExternKind::Global: return ext.global.raw();
    case wasmvm::ExternKind::Table: return ext.table.raw();
    case wasmvm::ExternKind::Memory: return ext.memory.raw();
  }
  return nullptr;
}

const void* wasm_extern_t::identity() const { return capi::extern_identity(ext); }

wasm_ref_t* wasm_extern_t::clone() const { return capi::make_extern(store, ext); }

static void release_core(capi::SharedCore* core) {
  if (--core->refs == 0) delete core;
}

wasm_foreign_t::~wasm_foreign_t() { release_core(core); }
wasm_ref_t* wasm_foreign_t::clone() const {
  core->refs++;
  return new wasm_foreign_t(store, core);
}

wasm_trap_t::~wasm_trap_t() { release_core(core); }
wasm_ref_t* wasm_trap_t::clone() const {
  core->refs++;
  return new wasm_trap_t(store, core);
}

wasm_module_t::~wasm_module_t() {
  if (core->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete core;
}
wasm_ref_t* wasm_module_t::clone() const {
  core->refs.fetch_add(1, std::memory_order_relaxed);
  return new wasm_module_t(core);
}

namespace capi {

wasm_extern_t* make_extern(wasm_store_t* store, const wasmvm::Extern& e) {
  switch (e.kind) {
    case wasmvm::ExternKind::Func: return new wasm_func_t(store, e.func);
    case wasmvm::ExternKind::Global: return new wasm_global_t(store, e.global);
    case wasmvm::ExternKind::Table: return new wasm_table_t(store, e.table);
    case wasmvm::ExternKind::Memory: return new wasm_memory_t(store, e.memory);
  }
  return nullptr;
}

wasm_trap_t* make_trap(wasm_store_t* store, std::string message) {
  auto* core = new TrapCore;
  core->message = std::move(message);
  return new wasm_trap_t(store, core);
}

wasm_trap_t* make_trap(wasm_store_t* store, const wasmvm::Error& e) {
  wasm_trap_t* t = make_trap(store, e.message);
  // The frames execute() recorded for this trap (callers clear them before running anything).
  for (const wasmvm::rt::TrapFrameRecord& r : store->store->impl().last_trap_frames) {
    FrameInfo info;
    info.instance = wasmvm::Instance(r.instance);
    info.func_index = r.func_index;
    info.module_offset = r.module_offset;
    if (r.instance && r.instance->module) {
      // The body starts after its LEB128 size field (at decl_offset): the locals declarations.
      const wasmvm::Module::Impl& impl = r.instance->module->impl();
      const wasmvm::ModuleInfo& mi = impl.info;
      uint32_t defined = r.func_index - mi.num_imported_funcs;
      if (r.func_index >= mi.num_imported_funcs && defined < mi.functions.size()) {
        size_t body = mi.functions[defined].decl_offset;
        while (body < impl.bytes.size() && (impl.bytes[body] & 0x80)) body++;
        body++;
        if (r.module_offset >= body) info.func_offset = r.module_offset - body;
      }
    }
    t->core->frames.push_back(info);
  }
  store->store->impl().last_trap_frames.clear();
  return t;
}

// ---- references inside WebAssembly values -----------------------------------------------------------

// An externref's payload is the referenced object's identity; the store keeps one handle per such
// object in `pins` (see wasm_store_t::pins), which also validates payloads coming back.
static uint64_t pin(wasm_store_t* store, const wasm_ref_t* ref) {
  const void* id = ref->identity();
  if (store->pins.find(id) == store->pins.end()) {
    wasm_ref_t* p = ref->clone();
    // The pin belongs to the store: it must not keep the store alive.
    if (p->store) {
      p->store_owned = true;
      p->store->release();
    }
    store->pins.emplace(id, p);
  }
  return uint64_t(reinterpret_cast<uintptr_t>(id));
}

bool ref_to_value(wasm_store_t* store, const wasm_ref_t* ref, wasmvm::ValType t, wasmvm::Value* out,
                  std::string* why) {
  if (ref == nullptr) {
    *out = wasmvm::Value::null_ref(t);
    return true;
  }
  if (t == wasmvm::ValType::FuncRef) {
    if (ref->kind != RefKind::Func) {
      *why = "a funcref must be a function";
      return false;
    }
    const auto* f = static_cast<const wasm_func_t*>(ref);
    if (f->store != store) {
      *why = "the function belongs to another store";
      return false;
    }
    out->type = wasmvm::ValType::FuncRef;
    out->bits[0] = wasmvm::rt::funcref_cell(f->ext.func.raw());
    out->bits[1] = 0;
    out->ref_null = false;
    return true;
  }
  if (t == wasmvm::ValType::ExternRef) {
    if (ref->store != nullptr && ref->store != store) {
      *why = "the reference belongs to another store";
      return false;
    }
    *out = wasmvm::Value::extern_ref(pin(store, ref));
    return true;
  }
  *why = "a reference where a number is expected";
  return false;
}

wasm_ref_t* value_to_ref(wasm_store_t* store, const wasmvm::Value& v) {
  if (v.is_null()) return nullptr;
  if (v.type == wasmvm::ValType::FuncRef) {
    return new wasm_func_t(store, wasmvm::Func(wasmvm::rt::cell_funcref(v.bits[0])));
  }
  if (v.type == wasmvm::ValType::ExternRef) {
    // Payloads come from pin(), unless a C++ host stored its own into this store: check membership.
    auto it = store->pins.find(reinterpret_cast<const void*>(uintptr_t(v.extern_payload())));
    return it == store->pins.end() ? nullptr : it->second->clone();
  }
  return nullptr;
}

bool val_to_value(wasm_store_t* store, const wasm_val_t& v, wasmvm::ValType want, wasmvm::Value* out,
                  std::string* why) {
  using wasmvm::ValType;
  ValType have;
  if (!valkind_to_type(v.kind, &have) || have != want) {
    *why = "value of kind " + std::to_string(v.kind) + " where " + wasmvm::valtype_name(want) + " is expected";
    return false;
  }
  switch (want) {
    case ValType::I32: *out = wasmvm::Value::from_i32(v.of.i32); return true;
    case ValType::I64: *out = wasmvm::Value::from_i64(v.of.i64); return true;
    case ValType::F32: *out = wasmvm::Value::from_f32(v.of.f32); return true;
    case ValType::F64: *out = wasmvm::Value::from_f64(v.of.f64); return true;
    case ValType::FuncRef:
    case ValType::ExternRef: return ref_to_value(store, v.of.ref, want, out, why);
    case ValType::V128: break;
  }
  *why = "v128 values cannot cross the C API";
  return false;
}

bool value_to_val(wasm_store_t* store, const wasmvm::Value& v, wasm_val_t* out) {
  using wasmvm::ValType;
  out->kind = type_to_valkind(v.type);
  switch (v.type) {
    case ValType::I32: out->of.i32 = v.as_i32(); return true;
    case ValType::I64: out->of.i64 = v.as_i64(); return true;
    case ValType::F32: out->of.f32 = v.as_f32(); return true;
    case ValType::F64: out->of.f64 = v.as_f64(); return true;
    case ValType::FuncRef:
    case ValType::ExternRef: out->of.ref = value_to_ref(store, v); return true;
    case ValType::V128: break;
  }
  out->of.i64 = 0;
  return false;
}

}  // namespace capi

extern "C" {

// ---- config, engine, store --------------------------------------------------------------------------

wasm_config_t* wasm_config_new(void) { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* c) { delete c; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t; }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  auto* e = config ? new wasm_engine_t{wasmvm::Engine(config->config)} : new wasm_engine_t;
  delete config;
  return e;
}
void wasm_engine_delete(wasm_engine_t* e) { delete e; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) { return engine ? new wasm_store_t(engine) : nullptr; }
void wasm_store_delete(wasm_store_t* s) {
  if (!s) return;
  s->deleted = true;
  if (s->handles == 0) delete s;
}

// ---- generic references -----------------------------------------------------------------------------

void wasm_ref_delete(wasm_ref_t* r) { delete r; }
wasm_ref_t* wasm_ref_copy(const wasm_ref_t* r) { return r ? r->clone() : nullptr; }
bool wasm_ref_same(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (!a || !b) return a == b;
  return a->identity() == b->identity();
}
void* wasm_ref_get_host_info(const wasm_ref_t* r) {
  if (!r) return nullptr;
  auto& self = const_cast<wasm_ref_t&>(*r);
  if (r->store && r->kind != RefKind::Foreign && r->kind != RefKind::Trap) {
    auto it = r->store->host_info.find(r->identity());
    return it == r->store->host_info.end() ? nullptr : it->second.data;
  }
  return self.host_info().data;
}
void wasm_ref_set_host_info(wasm_ref_t* r, void* info) {
  if (r) r->host_info() = capi::HostInfo{info, nullptr};
}
void wasm_ref_set_host_info_with_finalizer(wasm_ref_t* r, void* info, void (*finalizer)(void*)) {
  if (r) r->host_info() = capi::HostInfo{info, finalizer};
}

// The per-kind reference functions: all forward to the generic ones.
#define CAPI_REF_FUNCS(NAME, KIND)                                                                  \
  void wasm_##NAME##_delete(wasm_##NAME##_t* x) { delete x; }                                       \
  wasm_##NAME##_t* wasm_##NAME##_copy(const wasm_##NAME##_t* x) {                                   \
    return x ? static_cast<wasm_##NAME##_t*>(x->clone()) : nullptr;                                 \
  }                                                                                                 \
  bool wasm_##NAME##_same(const wasm_##NAME##_t* a, const wasm_##NAME##_t* b) {                     \
    return wasm_ref_same(a, b);                                                                     \
  }                                                                                                 \
  void* wasm_##NAME##_get_host_info(const wasm_##NAME##_t* x) { return wasm_ref_get_host_info(x); } \
  void wasm_##NAME##_set_host_info(wasm_##NAME##_t* x, void* i) { wasm_ref_set_host_info(x, i); }  \
  void wasm_##NAME##_set_host_info_with_finalizer(wasm_##NAME##_t* x, void* i, void (*f)(void*)) {  \
    wasm_ref_set_host_info_with_finalizer(x, i, f);                                                 \
  }                                                                                                 \
  wasm_ref_t* wasm_##NAME##_as_ref(wasm_##NAME##_t* x) { return x; }                                \
  const wasm_ref_t* wasm_##NAME##_as_ref_const(const wasm_##NAME##_t* x) { return x; }              \
  wasm_##NAME##_t* wasm_ref_as_##NAME(wasm_ref_t* r) {                                              \
    return r && r->kind == KIND ? static_cast<wasm_##NAME##_t*>(r) : nullptr;                       \
  }                                                                                                 \
  const wasm_##NAME##_t* wasm_ref_as_##NAME##_const(const wasm_ref_t* r) {                          \
    return r && r->kind == KIND ? static_cast<const wasm_##NAME##_t*>(r) : nullptr;                 \
  }

CAPI_REF_FUNCS(func, RefKind::Func)
CAPI_REF_FUNCS(global, RefKind::Global)
CAPI_REF_FUNCS(table, RefKind::Table)
CAPI_REF_FUNCS(memory, RefKind::Memory)
CAPI_REF_FUNCS(instance, RefKind::Instance)
CAPI_REF_FUNCS(foreign, RefKind::Foreign)
CAPI_REF_FUNCS(trap, RefKind::Trap)
CAPI_REF_FUNCS(module, RefKind::Module)

// Externs are the four store-object kinds.
static bool is_extern_kind(RefKind k) {
  return k == RefKind::Func || k == RefKind::Global || k == RefKind::Table || k == RefKind::Memory;
}
void wasm_extern_delete(wasm_extern_t* x) { delete x; }
wasm_extern_t* wasm_extern_copy(const wasm_extern_t* x) {
  return x ? static_cast<wasm_extern_t*>(x->clone()) : nullptr;
}
bool wasm_extern_same(const wasm_extern_t* a, const wasm_extern_t* b) { return wasm_ref_same(a, b); }
void* wasm_extern_get_host_info(const wasm_extern_t* x) { return wasm_ref_get_host_info(x); }
void wasm_extern_set_host_info(wasm_extern_t* x, void* i) { wasm_ref_set_host_info(x, i); }
void wasm_extern_set_host_info_with_finalizer(wasm_extern_t* x, void* i, void (*f)(void*)) {
  wasm_ref_set_host_info_with_finalizer(x, i, f);
}
wasm_ref_t* wasm_extern_as_ref(wasm_extern_t* x) { return x; }
const wasm_ref_t* wasm_extern_as_ref_const(const wasm_extern_t* x) { return x; }
wasm_extern_t* wasm_ref_as_extern(wasm_ref_t* r) {
  return r && is_extern_kind(r->kind) ? static_cast<wasm_extern_t*>(r) : nullptr;
}
const wasm_extern_t* wasm_ref_as_extern_const(const wasm_ref_t* r) {
  return r && is_extern_kind(r->kind) ? static_cast<const wasm_extern_t*>(r) : nullptr;
}

// ---- values -----------------------------------------------------------------------------------------

void wasm_val_delete(wasm_val_t* v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind)) out->of.ref = wasm_ref_copy(v->of.ref);
}

// ---- foreign objects --------------------------------------------------------------------------------

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  return store ? new wasm_foreign_t(store, new capi::SharedCore) : nullptr;
}

// ---- traps and frames -------------------------------------------------------------------------------

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  if (!store) return nullptr;
  std::string text;
  if (message && message->data) text.assign(message->data, strnlen(message->data, message->size));
  return capi::make_trap(store, std::move(text));
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  const std::string& m = trap->core->message;
  wasm_byte_vec_new_uninitialized(out, m.size() + 1);
  if (out->size == m.size() + 1) {
    std::memcpy(out->data, m.data(), m.size());
    out->data[m.size()] = '\0';
  }
}

static wasm_frame_t* make_frame(wasm_store_t* store, const capi::FrameInfo& info) {
  auto* f = new wasm_frame_t;
  f->info = info;
  f->store = store;
  if (info.instance.raw()) f->instance = new wasm_instance_t(store, info.instance);
  return f;
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  if (!trap || trap->core->frames.empty()) return nullptr;
  return make_frame(trap->store, trap->core->frames.front());
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  size_t n = trap ? trap->core->frames.size() : 0;
  wasm_frame_vec_new_uninitialized(out, n);
  for (size_t i = 0; i < out->size; i++) out->data[i] = make_frame(trap->store, trap->core->frames[i]);
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return f ? make_frame(f->store, f->info) : nullptr; }
wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) { return f ? f->instance : nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f ? f->info.func_index : 0; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f ? f->info.func_offset : 0; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f ? f->info.module_offset : 0; }

}  // extern "C"
