// C API vectors and type objects (valtype, functype, globaltype, tabletype, memorytype, externtype,
// importtype, exporttype) and their conversions from/to wasmvm's types.
#include <cstring>
#include <new>

#include "capi/capi_internal.h"

using capi::RefKind;

namespace {

// Vectors of values (bytes, wasm_val_t): elements are copied with `copy_elem`, released with `free_elem`.
template <class Vec, class T>
void vec_new_uninit(Vec* out, size_t size) {
  out->size = size;
  out->data = size ? new (std::nothrow) T[size]() : nullptr;
  if (size && !out->data) out->size = 0;
}

template <class Vec, class T>
void vec_new_copy(Vec* out, size_t size, const T* src) {
  vec_new_uninit<Vec, T>(out, size);
  for (size_t i = 0; i < out->size; i++) out->data[i] = src[i];  // ownership moves (pointers) / copy (bytes)
}

template <class Vec>
void vec_free_array(Vec* v) {
  delete[] v->data;
  v->data = nullptr;
  v->size = 0;
}

}  // namespace

// ---- vectors ----------------------------------------------------------------------------------------

// Pointer vectors own their elements: copy deep-copies with wasm_X_copy, delete deletes each element.
#define CAPI_POINTER_VEC(NAME)                                                                           \
  void wasm_##NAME##_vec_new_empty(wasm_##NAME##_vec_t* out) { *out = {0, nullptr}; }                   \
  void wasm_##NAME##_vec_new_uninitialized(wasm_##NAME##_vec_t* out, size_t size) {                     \
    vec_new_uninit<wasm_##NAME##_vec_t, wasm_##NAME##_t*>(out, size);                                   \
  }                                                                                                      \
  void wasm_##NAME##_vec_new(wasm_##NAME##_vec_t* out, size_t size, wasm_##NAME##_t* const data[]) {    \
    vec_new_copy<wasm_##NAME##_vec_t, wasm_##NAME##_t*>(out, size, data);                               \
  }                                                                                                      \
  void wasm_##NAME##_vec_copy(wasm_##NAME##_vec_t* out, const wasm_##NAME##_vec_t* src) {               \
    vec_new_uninit<wasm_##NAME##_vec_t, wasm_##NAME##_t*>(out, src ? src->size : 0);                    \
    for (size_t i = 0; i < out->size; i++) out->data[i] = src->data[i] ? wasm_##NAME##_copy(src->data[i]) : nullptr; \
  }                                                                                                      \
  void wasm_##NAME##_vec_delete(wasm_##NAME##_vec_t* vec) {                                              \
    if (!vec) return;                                                                                    \
    for (size_t i = 0; i < vec->size; i++) wasm_##NAME##_delete(vec->data[i]);                           \
    vec_free_array(vec);                                                                                 \
  }

extern "C" {

void wasm_byte_vec_new_empty(wasm_byte_vec_t* out) { *out = {0, nullptr}; }
void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t* out, size_t size) {
  vec_new_uninit<wasm_byte_vec_t, wasm_byte_t>(out, size);
}
void wasm_byte_vec_new(wasm_byte_vec_t* out, size_t size, const wasm_byte_t data[]) {
  vec_new_copy<wasm_byte_vec_t, wasm_byte_t>(out, size, data);
}
void wasm_byte_vec_copy(wasm_byte_vec_t* out, const wasm_byte_vec_t* src) {
  vec_new_copy<wasm_byte_vec_t, wasm_byte_t>(out, src ? src->size : 0, src ? src->data : nullptr);
}
void wasm_byte_vec_delete(wasm_byte_vec_t* vec) {
  if (vec) vec_free_array(vec);
}

void wasm_val_vec_new_empty(wasm_val_vec_t* out) { *out = {0, nullptr}; }
void wasm_val_vec_new_uninitialized(wasm_val_vec_t* out, size_t size) {
  vec_new_uninit<wasm_val_vec_t, wasm_val_t>(out, size);
}
void wasm_val_vec_new(wasm_val_vec_t* out, size_t size, const wasm_val_t data[]) {
  vec_new_copy<wasm_val_vec_t, wasm_val_t>(out, size, data);  // references move into the vector
}
void wasm_val_vec_copy(wasm_val_vec_t* out, const wasm_val_vec_t* src) {
  vec_new_uninit<wasm_val_vec_t, wasm_val_t>(out, src ? src->size : 0);
  for (size_t i = 0; i < out->size; i++) wasm_val_copy(&out->data[i], &src->data[i]);
}
void wasm_val_vec_delete(wasm_val_vec_t* vec) {
  if (!vec) return;
  for (size_t i = 0; i < vec->size; i++) wasm_val_delete(&vec->data[i]);
  vec_free_array(vec);
}

CAPI_POINTER_VEC(valtype)
CAPI_POINTER_VEC(functype)
CAPI_POINTER_VEC(globaltype)
CAPI_POINTER_VEC(tabletype)
CAPI_POINTER_VEC(memorytype)
CAPI_POINTER_VEC(externtype)
CAPI_POINTER_VEC(importtype)
CAPI_POINTER_VEC(exporttype)
CAPI_POINTER_VEC(frame)
CAPI_POINTER_VEC(extern)

// ---- value types ------------------------------------------------------------------------------------

wasm_valtype_t* wasm_valtype_new(wasm_valkind_t kind) { return new wasm_valtype_t{kind}; }
void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) { return t ? new wasm_valtype_t{t->kind} : nullptr; }
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t ? t->kind : wasm_valkind_t(WASM_I32); }

// ---- function types ---------------------------------------------------------------------------------

wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  auto* t = new wasm_functype_t;
  if (params) {
    t->params = *params;  // ownership moves
    *params = {0, nullptr};
  }
  if (results) {
    t->results = *results;
    *results = {0, nullptr};
  }
  return t;
}
void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  if (!t) return nullptr;
  auto* c = new wasm_functype_t;
  wasm_valtype_vec_copy(&c->params, &t->params);
  wasm_valtype_vec_copy(&c->results, &t->results);
  return c;
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

// ---- global, table and memory types -----------------------------------------------------------------

wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t mutability) {
  auto* t = new wasm_globaltype_t;
  t->content = content;
  t->mutability = mutability;
  return t;
}
void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  return t ? wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability) : nullptr;
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  auto* t = new wasm_tabletype_t;
  t->element = element;
  if (limits) t->limits = *limits;
  return t;
}
void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  return t ? wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits) : nullptr;
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  auto* t = new wasm_memorytype_t;
  if (limits) t->limits = *limits;
  return t;
}
void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return t ? wasm_memorytype_new(&t->limits) : nullptr;
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

// ---- extern types -----------------------------------------------------------------------------------

void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  if (!t) return nullptr;
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    case WASM_EXTERN_MEMORY: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
  return nullptr;
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t* t) { return t; }
wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t* t) { return t; }
wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t* t) { return t; }
wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t* t) { return t; }
const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t* t) { return t; }
const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t* t) { return t; }
const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t* t) { return t; }
const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t* t) { return t; }

#define CAPI_EXTERNTYPE_DOWNCAST(NAME, KIND)                                                    \
  wasm_##NAME##_t* wasm_externtype_as_##NAME(wasm_externtype_t* t) {                            \
    return t && t->kind == KIND ? static_cast<wasm_##NAME##_t*>(t) : nullptr;                   \
  }                                                                                             \
  const wasm_##NAME##_t* wasm_externtype_as_##NAME##_const(const wasm_externtype_t* t) {        \
    return t && t->kind == KIND ? static_cast<const wasm_##NAME##_t*>(t) : nullptr;             \
  }
CAPI_EXTERNTYPE_DOWNCAST(functype, WASM_EXTERN_FUNC)
CAPI_EXTERNTYPE_DOWNCAST(globaltype, WASM_EXTERN_GLOBAL)
CAPI_EXTERNTYPE_DOWNCAST(tabletype, WASM_EXTERN_TABLE)
CAPI_EXTERNTYPE_DOWNCAST(memorytype, WASM_EXTERN_MEMORY)

// ---- import and export types ------------------------------------------------------------------------

wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_importtype_t;
  if (module) {
    t->module = *module;
    *module = {0, nullptr};
  }
  if (name) {
    t->name = *name;
    *name = {0, nullptr};
  }
  t->type = type;
  return t;
}
void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  if (!t) return nullptr;
  auto* c = new wasm_importtype_t;
  wasm_byte_vec_copy(&c->module, &t->module);
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = wasm_externtype_copy(t->type);
  return c;
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  auto* t = new wasm_exporttype_t;
  if (name) {
    t->name = *name;
    *name = {0, nullptr};
  }
  t->type = type;
  return t;
}
void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  if (!t) return nullptr;
  auto* c = new wasm_exporttype_t;
  wasm_byte_vec_copy(&c->name, &t->name);
  c->type = wasm_externtype_copy(t->type);
  return c;
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}
wasm_importtype_t::~wasm_importtype_t() {
  wasm_byte_vec_delete(&module);
  wasm_byte_vec_delete(&name);
  delete type;
}
wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_byte_vec_delete(&name);
  delete type;
}

// ---- conversions from/to wasmvm types ---------------------------------------------------------------

namespace capi {

using wasmvm::ValType;

bool valkind_to_type(wasm_valkind_t k, ValType* out) {
  switch (k) {
    case WASM_I32: *out = ValType::I32; return true;
    case WASM_I64: *out = ValType::I64; return true;
    case WASM_F32: *out = ValType::F32; return true;
    case WASM_F64: *out = ValType::F64; return true;
    case WASM_EXTERNREF: *out = ValType::ExternRef; return true;
    case WASM_FUNCREF: *out = ValType::FuncRef; return true;
    case kV128Kind: *out = ValType::V128; return true;
    default: return false;
  }
}

wasm_valkind_t type_to_valkind(ValType t) {
  switch (t) {
    case ValType::I32: return WASM_I32;
    case ValType::I64: return WASM_I64;
    case ValType::F32: return WASM_F32;
    case ValType::F64: return WASM_F64;
    case ValType::ExternRef: return WASM_EXTERNREF;
    case ValType::FuncRef: return WASM_FUNCREF;
    case ValType::V128: return kV128Kind;
  }
  return WASM_I32;
}

wasmvm::Limits limits_from_c(const wasm_limits_t& l) {
  wasmvm::Limits out;
  out.min = l.min;
  out.has_max = l.max != wasm_limits_max_default;
  out.max = out.has_max ? l.max : 0;
  return out;
}

wasm_limits_t limits_to_c(const wasmvm::Limits& l) {
  return wasm_limits_t{l.min, l.has_max ? l.max : wasm_limits_max_default};
}

static void valtypes_to_c(const std::vector<ValType>& ts, wasm_valtype_vec_t* out) {
  wasm_valtype_vec_new_uninitialized(out, ts.size());
  for (size_t i = 0; i < out->size; i++) out->data[i] = wasm_valtype_new(type_to_valkind(ts[i]));
}

wasm_functype_t* functype_to_c(const wasmvm::FuncType& t) {
  auto* c = new wasm_functype_t;
  valtypes_to_c(t.params, &c->params);
  valtypes_to_c(t.results, &c->results);
  return c;
}

static bool valtypes_from_c(const wasm_valtype_vec_t& v, std::vector<ValType>* out) {
  out->clear();
  for (size_t i = 0; i < v.size; i++) {
    ValType t;
    if (!v.data[i] || !valkind_to_type(v.data[i]->kind, &t)) return false;
    out->push_back(t);
  }
  return true;
}

bool functype_from_c(const wasm_functype_t* t, wasmvm::FuncType* out) {
  return t && valtypes_from_c(t->params, &out->params) && valtypes_from_c(t->results, &out->results);
}

wasm_globaltype_t* globaltype_to_c(const wasmvm::GlobalType& t) {
  return wasm_globaltype_new(wasm_valtype_new(type_to_valkind(t.type)), t.is_mutable ? WASM_VAR : WASM_CONST);
}

wasm_tabletype_t* tabletype_to_c(const wasmvm::TableType& t) {
  wasm_limits_t l = limits_to_c(t.limits);
  return wasm_tabletype_new(wasm_valtype_new(type_to_valkind(t.elem)), &l);
}

wasm_memorytype_t* memorytype_to_c(const wasmvm::MemoryType& t) {
  wasm_limits_t l = limits_to_c(t.limits);
  return wasm_memorytype_new(&l);
}

wasm_externtype_t* externtype_to_c(const wasmvm::ExternType& t) {
  switch (t.kind) {
    case wasmvm::ExternKind::Func: return functype_to_c(t.func);
    case wasmvm::ExternKind::Global: return globaltype_to_c(t.global);
    case wasmvm::ExternKind::Table: return tabletype_to_c(t.table);
    case wasmvm::ExternKind::Memory: return memorytype_to_c(t.memory);
  }
  return nullptr;
}

void name_to_c(const std::string& s, wasm_name_t* out) { wasm_byte_vec_new(out, s.size(), s.data()); }

}  // namespace capi
