// C API modules, functions, globals, tables, memories, externs and instances over the C++ API.
#include <cstring>
#include <memory>

#include "capi/capi_internal.h"
#include "vm/runtime.h"

using capi::RefKind;

namespace {

std::span<const uint8_t> bytes_of(const wasm_byte_vec_t* v) {
  if (!v || !v->data) return {};
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

wasm_module_t* module_handle(std::shared_ptr<const wasmvm::Module> m) {
  auto* core = new capi::ModuleCore;
  core->module = std::move(m);
  return new wasm_module_t(core);
}

wasmvm::Store& store_of(const wasm_ref_t* r) { return *r->store->store; }

// Host callbacks: the C function plus its environment; the environment's finalizer runs when the last
// copy of the wasmvm::HostFunc is destroyed, i.e. with the store's function object.
struct HostEnv {
  wasm_store_t* store = nullptr;
  wasm_func_callback_t plain = nullptr;
  wasm_func_callback_with_env_t with_env = nullptr;
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
  ~HostEnv() {
    if (finalizer) finalizer(env);
  }
};

wasmvm::Status call_host(const HostEnv& h, const wasmvm::FuncType& type, std::span<const wasmvm::Value> args,
                         std::span<wasmvm::Value> results) {
  wasm_val_vec_t cargs, cresults;
  wasm_val_vec_new_uninitialized(&cargs, args.size());
  wasm_val_vec_new_uninitialized(&cresults, results.size());
  bool args_ok = cargs.size == args.size() && cresults.size == results.size();
  for (size_t i = 0; args_ok && i < args.size(); i++) args_ok = capi::value_to_val(h.store, args[i], &cargs.data[i]);
  if (!args_ok) {
    wasm_val_vec_delete(&cargs);
    wasm_val_vec_delete(&cresults);
    return wasmvm::make_error(wasmvm::ErrorKind::Trap, "host function: arguments not representable in the C API");
  }
  for (size_t i = 0; i < results.size(); i++) {
    cresults.data[i].kind = capi::type_to_valkind(type.results[i]);
    cresults.data[i].of.i64 = 0;
  }
  wasm_trap_t* trap = h.with_env ? h.with_env(h.env, &cargs, &cresults) : h.plain(&cargs, &cresults);
  wasm_val_vec_delete(&cargs);
  wasmvm::Status status;
  if (trap) {
    status = wasmvm::make_error(wasmvm::ErrorKind::Trap, trap->core->message);
    wasm_trap_delete(trap);
  } else {
    for (size_t i = 0; i < results.size(); i++) {
      std::string why;
      if (!capi::val_to_value(h.store, cresults.data[i], type.results[i], &results[i], &why)) {
        status = wasmvm::make_error(wasmvm::ErrorKind::Trap,
                                    "host function result " + std::to_string(i) + ": " + why);
        break;
      }
    }
  }
  wasm_val_vec_delete(&cresults);
  return status;
}

wasm_func_t* new_host_func(wasm_store_t* store, const wasm_functype_t* ctype, std::shared_ptr<HostEnv> env) {
  wasmvm::FuncType type;
  if (!store || !capi::functype_from_c(ctype, &type)) {
    env->finalizer = nullptr;  // not adopted: the caller keeps its environment
    return nullptr;
  }
  env->store = store;
  wasmvm::FuncType sig = type;
  wasmvm::HostFunc fn = [env, sig](wasmvm::Caller&, std::span<const wasmvm::Value> args,
                                   std::span<wasmvm::Value> results) { return call_host(*env, sig, args, results); };
  return new wasm_func_t(store, store->store->create_host_func(std::move(type), std::move(fn)));
}

}  // namespace

extern "C" {

// ---- modules ----------------------------------------------------------------------------------------

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  if (!store) return nullptr;
  auto m = wasmvm::Module::compile(store->engine->engine, bytes_of(binary));
  return m.ok() ? module_handle(std::move(m).value()) : nullptr;
}

bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary) {
  return wasmvm::Module::validate(bytes_of(binary)).ok();
}

void wasm_module_imports(const wasm_module_t* m, wasm_importtype_vec_t* out) {
  const auto& imports = m->core->module->imports();
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < out->size; i++) {
    auto* t = new wasm_importtype_t;
    capi::name_to_c(imports[i].module, &t->module);
    capi::name_to_c(imports[i].name, &t->name);
    t->type = capi::externtype_to_c(imports[i].type);
    out->data[i] = t;
  }
}

void wasm_module_exports(const wasm_module_t* m, wasm_exporttype_vec_t* out) {
  const auto& exports = m->core->module->exports();
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < out->size; i++) {
    auto* t = new wasm_exporttype_t;
    capi::name_to_c(exports[i].name, &t->name);
    t->type = capi::externtype_to_c(exports[i].type);
    out->data[i] = t;
  }
}

void wasm_module_serialize(const wasm_module_t* m, wasm_byte_vec_t* out) {
  const std::vector<uint8_t>& bytes = m->core->module->impl().bytes;
  wasm_byte_vec_new(out, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* bytes) {
  return wasm_module_new(store, bytes);
}

wasm_shared_module_t* wasm_module_share(const wasm_module_t* m) {
  return m ? new wasm_shared_module_t{m->core->module} : nullptr;
}
wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  return store && shared ? module_handle(shared->module) : nullptr;
}
void wasm_shared_module_delete(wasm_shared_module_t* s) { delete s; }

// ---- functions --------------------------------------------------------------------------------------

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t cb) {
  if (!cb) return nullptr;
  auto env = std::make_shared<HostEnv>();
  env->plain = cb;
  return new_host_func(store, type, std::move(env));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t cb, void* env, void (*finalizer)(void*)) {
  if (!cb) return nullptr;
  auto h = std::make_shared<HostEnv>();
  h->with_env = cb;
  h->env = env;
  h->finalizer = finalizer;
  return new_host_func(store, type, std::move(h));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) { return capi::functype_to_c(f->ext.func.type()); }
size_t wasm_func_param_arity(const wasm_func_t* f) { return f->ext.func.type().params.size(); }
size_t wasm_func_result_arity(const wasm_func_t* f) { return f->ext.func.type().results.size(); }

wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_store_t* store = f->store;
  const wasmvm::FuncType& type = f->ext.func.type();
  size_t nargs = args ? args->size : 0;
  if (nargs != type.params.size()) {
    return capi::make_trap(store, "wasm_func_call: function takes " + std::to_string(type.params.size()) +
                                      " argument(s), got " + std::to_string(nargs));
  }
  if ((results ? results->size : 0) < type.results.size()) {
    return capi::make_trap(store, "wasm_func_call: results vector has " +
                                      std::to_string(results ? results->size : 0) + " slot(s), the function returns " +
                                      std::to_string(type.results.size()));
  }
  std::vector<wasmvm::Value> in(nargs);
  for (size_t i = 0; i < nargs; i++) {
    std::string why;
    if (!capi::val_to_value(store, args->data[i], type.params[i], &in[i], &why)) {
      return capi::make_trap(store, "wasm_func_call: argument " + std::to_string(i) + ": " + why);
    }
  }
  for (wasmvm::ValType r : type.results) {
    if (r == wasmvm::ValType::V128) {
      return capi::make_trap(store, "wasm_func_call: v128 results cannot cross the C API");
    }
  }
  store->store->impl().last_trap_frames.clear();
  auto out = f->ext.func.call(store_of(f), in);
  if (!out.ok()) return capi::make_trap(store, out.error());
  for (size_t i = 0; i < type.results.size(); i++) capi::value_to_val(store, out.value()[i], &results->data[i]);
  return nullptr;
}

// ---- globals ----------------------------------------------------------------------------------------

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type, const wasm_val_t* val) {
  if (!store || !type || !type->content || !val) return nullptr;
  wasmvm::GlobalType gt;
  if (!capi::valkind_to_type(type->content->kind, &gt.type)) return nullptr;
  gt.is_mutable = type->mutability == WASM_VAR;
  wasmvm::Value init;
  std::string why;
  if (!capi::val_to_value(store, *val, gt.type, &init, &why)) return nullptr;
  auto g = store->store->create_global(gt, init);
  return g.ok() ? new wasm_global_t(store, g.value()) : nullptr;
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) { return capi::globaltype_to_c(g->ext.global.type()); }

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  if (!capi::value_to_val(g->store, g->ext.global.get(), out)) out->of.i64 = 0;
}

void wasm_global_set(wasm_global_t* g, const wasm_val_t* val) {
  if (!val) return;
  wasmvm::Value v;
  std::string why;
  if (capi::val_to_value(g->store, *val, g->ext.global.type().type, &v, &why)) (void)g->ext.global.set(v);
}

// ---- tables -----------------------------------------------------------------------------------------

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  if (!store || !type || !type->element) return nullptr;
  wasmvm::TableType tt;
  if (!capi::valkind_to_type(type->element->kind, &tt.elem) || !wasmvm::is_ref(tt.elem)) return nullptr;
  tt.limits = capi::limits_from_c(type->limits);
  wasmvm::Value v;
  std::string why;
  if (!capi::ref_to_value(store, init, tt.elem, &v, &why)) return nullptr;
  auto t = store->store->create_table(tt, v);
  return t.ok() ? new wasm_table_t(store, t.value()) : nullptr;
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) { return capi::tabletype_to_c(t->ext.table.type()); }

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  auto v = t->ext.table.get(index);
  return v.ok() ? capi::value_to_ref(t->store, v.value()) : nullptr;
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* ref) {
  if (index >= t->ext.table.size()) return false;
  wasmvm::Value v;
  std::string why;
  if (!capi::ref_to_value(t->store, ref, t->ext.table.type().elem, &v, &why)) return false;
  return t->ext.table.set(index, v).ok();
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) { return t->ext.table.size(); }

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  wasmvm::Value v;
  std::string why;
  if (!capi::ref_to_value(t->store, init, t->ext.table.type().elem, &v, &why)) return false;
  return t->ext.table.grow(delta, v).ok();
}

// ---- memories ---------------------------------------------------------------------------------------

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  if (!store || !type) return nullptr;
  wasmvm::MemoryType mt;
  mt.limits = capi::limits_from_c(type->limits);
  auto m = store->store->create_memory(mt);
  return m.ok() ? new wasm_memory_t(store, m.value()) : nullptr;
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) { return capi::memorytype_to_c(m->ext.memory.type()); }
byte_t* wasm_memory_data(wasm_memory_t* m) { return reinterpret_cast<byte_t*>(m->ext.memory.data()); }
size_t wasm_memory_data_size(const wasm_memory_t* m) { return size_t(m->ext.memory.size_bytes()); }
wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) { return m->ext.memory.pages(); }
bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) { return m->ext.memory.grow(delta).ok(); }

// ---- externs ----------------------------------------------------------------------------------------

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  switch (e->ext.kind) {
    case wasmvm::ExternKind::Func: return WASM_EXTERN_FUNC;
    case wasmvm::ExternKind::Global: return WASM_EXTERN_GLOBAL;
    case wasmvm::ExternKind::Table: return WASM_EXTERN_TABLE;
    case wasmvm::ExternKind::Memory: return WASM_EXTERN_MEMORY;
  }
  return WASM_EXTERN_FUNC;
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) {
  switch (e->ext.kind) {
    case wasmvm::ExternKind::Func: return capi::functype_to_c(e->ext.func.type());
    case wasmvm::ExternKind::Global: return capi::globaltype_to_c(e->ext.global.type());
    case wasmvm::ExternKind::Table: return capi::tabletype_to_c(e->ext.table.type());
    case wasmvm::ExternKind::Memory: return capi::memorytype_to_c(e->ext.memory.type());
  }
  return nullptr;
}

wasm_extern_t* wasm_func_as_extern(wasm_func_t* x) { return x; }
wasm_extern_t* wasm_global_as_extern(wasm_global_t* x) { return x; }
wasm_extern_t* wasm_table_as_extern(wasm_table_t* x) { return x; }
wasm_extern_t* wasm_memory_as_extern(wasm_memory_t* x) { return x; }
const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t* x) { return x; }
const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t* x) { return x; }
const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t* x) { return x; }
const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t* x) { return x; }

#define CAPI_EXTERN_DOWNCAST(NAME, KIND)                                                  \
  wasm_##NAME##_t* wasm_extern_as_##NAME(wasm_extern_t* e) {                              \
    return e && e->kind == KIND ? static_cast<wasm_##NAME##_t*>(e) : nullptr;             \
  }                                                                                       \
  const wasm_##NAME##_t* wasm_extern_as_##NAME##_const(const wasm_extern_t* e) {          \
    return e && e->kind == KIND ? static_cast<const wasm_##NAME##_t*>(e) : nullptr;       \
  }
CAPI_EXTERN_DOWNCAST(func, RefKind::Func)
CAPI_EXTERN_DOWNCAST(global, RefKind::Global)
CAPI_EXTERN_DOWNCAST(table, RefKind::Table)
CAPI_EXTERN_DOWNCAST(memory, RefKind::Memory)

// ---- instances --------------------------------------------------------------------------------------

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module, const wasm_extern_vec_t* imports,
                                   wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  if (!store || !module) return nullptr;
  auto fail = [&](wasm_trap_t* t) -> wasm_instance_t* {
    if (trap) *trap = t;
    else wasm_trap_delete(t);
    return nullptr;
  };
  const std::vector<wasmvm::ImportType>& wanted = module->core->module->imports();
  size_t given = imports ? imports->size : 0;
  if (given < wanted.size()) {
    return fail(capi::make_trap(store, "wasm_instance_new: the module has " + std::to_string(wanted.size()) +
                                           " import(s), got " + std::to_string(given)));
  }
  // The C API matches imports by position: name each one for the linker. Two imports with the same
  // names must then be given the same object.
  wasmvm::Linker linker(*store->store);
  for (size_t i = 0; i < wanted.size(); i++) {
    const wasm_extern_t* e = imports->data[i];
    if (!e || e->store != store) {
      return fail(capi::make_trap(store, "wasm_instance_new: import " + std::to_string(i) +
                                             (e ? " belongs to another store" : " is null")));
    }
    std::optional<wasmvm::Extern> prev = linker.lookup(wanted[i].module, wanted[i].name);
    if (prev) {
      if (capi::extern_identity(*prev) != e->identity()) {
        return fail(capi::make_trap(store, "wasm_instance_new: imports with equal names \"" + wanted[i].module +
                                               "\" \"" + wanted[i].name + "\" given different objects"));
      }
      continue;
    }
    linker.define(wanted[i].module, wanted[i].name, e->ext);
  }
  store->store->impl().last_trap_frames.clear();
  auto inst = linker.instantiate(module->core->module);
  if (!inst.ok()) return fail(capi::make_trap(store, inst.error()));
  return new wasm_instance_t(store, inst.value());
}

void wasm_instance_exports(const wasm_instance_t* inst, wasm_extern_vec_t* out) {
  const std::vector<wasmvm::ExportType>& exports = inst->instance.module().exports();
  wasm_extern_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < out->size; i++) {
    std::optional<wasmvm::Extern> e = inst->instance.get_export(exports[i].name);
    out->data[i] = e ? capi::make_extern(inst->store, *e) : nullptr;
  }
}

}  // extern "C"
