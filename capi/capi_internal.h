// The C API's objects (the structs behind include/wasm.h's opaque types), shared by the capi/*.cpp files.
//
// Handles: every runtime object the C API hands out (func, global, table, memory, instance, foreign,
// trap, module) is a heap-allocated handle deriving from wasm_ref_t. Handles are cheap; several handles
// may name one underlying object (copies, repeated exports, references read back from tables).
// Identity (wasm_*_same) and host info belong to the underlying object:
//   - store objects (functions, globals, tables, memories, instances) live as long as their store, so
//     their host info sits in a per-store map keyed by the runtime object's address;
//   - foreign objects and traps are refcounted cores shared by their handles;
//   - modules are refcounted cores too (atomically: modules may be shared across threads).
// A store-bound handle keeps its wasm_store_t allocated (handle count), so deleting the store first is
// harmless; the store's objects are torn down when the store was deleted and its last handle is gone.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "wasm.h"
#include "wasmvm/wasmvm.h"

namespace capi {

// Host info with its finalizer; finalize() runs the finalizer once.
struct HostInfo {
  void* data = nullptr;
  void (*finalizer)(void*) = nullptr;
  void finalize() {
    if (finalizer) finalizer(data);
    finalizer = nullptr;
    data = nullptr;
  }
};

enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Trap, Module };

// One frame of a trap's trace.
struct FrameInfo {
  wasmvm::Instance instance{nullptr};  // raw instance (may be null)
  uint32_t func_index = 0;
  size_t func_offset = 0;
  size_t module_offset = 0;
};

// Refcounted shared state of a foreign object or trap (single store, single thread).
struct SharedCore {
  size_t refs = 1;
  HostInfo info;
  virtual ~SharedCore() { info.finalize(); }
};

struct TrapCore : SharedCore {
  std::string message;  // without the terminating NUL
  std::vector<FrameInfo> frames;  // innermost first
};

struct ModuleCore {
  std::atomic<size_t> refs{1};
  std::shared_ptr<const wasmvm::Module> module;
  HostInfo info;
  ~ModuleCore() { info.finalize(); }
};

}  // namespace capi

struct wasm_config_t {
  wasmvm::Config config;
};

struct wasm_engine_t {
  wasmvm::Engine engine;
};

struct wasm_store_t {
  explicit wasm_store_t(wasm_engine_t* e) : engine(e), store(std::make_unique<wasmvm::Store>(e->engine)) {}
  ~wasm_store_t();
  wasm_engine_t* engine;
  std::unique_ptr<wasmvm::Store> store;
  size_t handles = 0;    // live user handles bound to this store
  bool deleted = false;  // wasm_store_delete was called
  std::unordered_map<const void*, capi::HostInfo> host_info;  // store objects' host info
  // References handed to WebAssembly as externref: one store-owned handle per object, kept until the
  // store dies (WebAssembly may hold the reference anywhere). The externref payload is its address.
  std::unordered_map<const void*, wasm_ref_t*> pins;

  void retain() { handles++; }
  void release();  // frees the store when it was deleted and this was the last handle
};

struct wasm_ref_t {
  wasm_ref_t(capi::RefKind k, wasm_store_t* s) : kind(k), store(s) {
    if (store) store->retain();
  }
  virtual ~wasm_ref_t();
  wasm_ref_t(const wasm_ref_t&) = delete;
  wasm_ref_t& operator=(const wasm_ref_t&) = delete;

  // The underlying object's address (equal for all handles of one object).
  virtual const void* identity() const = 0;
  // A new handle to the same object.
  virtual wasm_ref_t* clone() const = 0;
  // Where this object's host info lives.
  virtual capi::HostInfo& host_info();

  capi::RefKind kind;
  wasm_store_t* store;      // null for modules
  bool store_owned = false;  // a pin (wasm_store_t::pins): not counted in store->handles
};

struct wasm_extern_t : wasm_ref_t {
  wasm_extern_t(capi::RefKind k, wasm_store_t* s, wasmvm::Extern e) : wasm_ref_t(k, s), ext(e) {}
  const void* identity() const override;
  wasm_ref_t* clone() const override;
  wasmvm::Extern ext;
};

struct wasm_func_t : wasm_extern_t {
  wasm_func_t(wasm_store_t* s, wasmvm::Func f) : wasm_extern_t(capi::RefKind::Func, s, wasmvm::Extern::of(f)) {}
};
struct wasm_global_t : wasm_extern_t {
  wasm_global_t(wasm_store_t* s, wasmvm::Global g)
      : wasm_extern_t(capi::RefKind::Global, s, wasmvm::Extern::of(g)) {}
};
struct wasm_table_t : wasm_extern_t {
  wasm_table_t(wasm_store_t* s, wasmvm::Table t) : wasm_extern_t(capi::RefKind::Table, s, wasmvm::Extern::of(t)) {}
};
struct wasm_memory_t : wasm_extern_t {
  wasm_memory_t(wasm_store_t* s, wasmvm::Memory m)
      : wasm_extern_t(capi::RefKind::Memory, s, wasmvm::Extern::of(m)) {}
};

struct wasm_instance_t : wasm_ref_t {
  wasm_instance_t(wasm_store_t* s, wasmvm::Instance i) : wasm_ref_t(capi::RefKind::Instance, s), instance(i) {}
  const void* identity() const override { return instance.raw(); }
  wasm_ref_t* clone() const override { return new wasm_instance_t(store, instance); }
  wasmvm::Instance instance;
};

struct wasm_foreign_t : wasm_ref_t {
  wasm_foreign_t(wasm_store_t* s, capi::SharedCore* c) : wasm_ref_t(capi::RefKind::Foreign, s), core(c) {}
  ~wasm_foreign_t() override;
  const void* identity() const override { return core; }
  wasm_ref_t* clone() const override;
  capi::HostInfo& host_info() override { return core->info; }
  capi::SharedCore* core;
};

struct wasm_trap_t : wasm_ref_t {
  wasm_trap_t(wasm_store_t* s, capi::TrapCore* c) : wasm_ref_t(capi::RefKind::Trap, s), core(c) {}
  ~wasm_trap_t() override;
  const void* identity() const override { return core; }
  wasm_ref_t* clone() const override;
  capi::HostInfo& host_info() override { return core->info; }
  capi::TrapCore* core;
};

struct wasm_module_t : wasm_ref_t {
  explicit wasm_module_t(capi::ModuleCore* c) : wasm_ref_t(capi::RefKind::Module, nullptr), core(c) {}
  ~wasm_module_t() override;
  const void* identity() const override { return core->module.get(); }
  wasm_ref_t* clone() const override;
  capi::HostInfo& host_info() override { return core->info; }
  capi::ModuleCore* core;
};

struct wasm_shared_module_t {
  std::shared_ptr<const wasmvm::Module> module;
};

struct wasm_frame_t {
  capi::FrameInfo info;
  wasm_store_t* store = nullptr;
  wasm_instance_t* instance = nullptr;  // owned; what wasm_frame_instance lends out
  ~wasm_frame_t() { delete instance; }
};

// ---- types ------------------------------------------------------------------------------------------

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t limits{0, wasm_limits_max_default};
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

// ---- conversions (capi/convert.cpp) ----------------------------------------------------------------

namespace capi {

// Kind 4 stands for v128 (see wasm.h); it has no value representation in the C API.
constexpr wasm_valkind_t kV128Kind = 4;

bool valkind_to_type(wasm_valkind_t k, wasmvm::ValType* out);
wasm_valkind_t type_to_valkind(wasmvm::ValType t);
wasmvm::Limits limits_from_c(const wasm_limits_t& l);
wasm_limits_t limits_to_c(const wasmvm::Limits& l);

wasm_functype_t* functype_to_c(const wasmvm::FuncType& t);
bool functype_from_c(const wasm_functype_t* t, wasmvm::FuncType* out);
wasm_externtype_t* externtype_to_c(const wasmvm::ExternType& t);
wasm_globaltype_t* globaltype_to_c(const wasmvm::GlobalType& t);
wasm_tabletype_t* tabletype_to_c(const wasmvm::TableType& t);
wasm_memorytype_t* memorytype_to_c(const wasmvm::MemoryType& t);
void name_to_c(const std::string& s, wasm_name_t* out);

// A reference as a wasmvm value of type `t` (FuncRef: must be a function of `store`; ExternRef: any
// reference, pinned in the store). False (with a reason) if it cannot be represented.
bool ref_to_value(wasm_store_t* store, const wasm_ref_t* ref, wasmvm::ValType t, wasmvm::Value* out,
                  std::string* why);
// A new handle for a reference value, or null for a null reference.
wasm_ref_t* value_to_ref(wasm_store_t* store, const wasmvm::Value& v);
bool val_to_value(wasm_store_t* store, const wasm_val_t& v, wasmvm::ValType want, wasmvm::Value* out,
                  std::string* why);
// Fails only for v128.
bool value_to_val(wasm_store_t* store, const wasmvm::Value& v, wasm_val_t* out);

// The runtime object an extern names (its identity).
const void* extern_identity(const wasmvm::Extern& e);
// A new handle of the right C type for an extern of `store`.
wasm_extern_t* make_extern(wasm_store_t* store, const wasmvm::Extern& e);

// A trap handle from a wasmvm error / a message.
wasm_trap_t* make_trap(wasm_store_t* store, const wasmvm::Error& e);
wasm_trap_t* make_trap(wasm_store_t* store, std::string message);

}  // namespace capi
