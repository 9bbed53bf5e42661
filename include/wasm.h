/* wasmvm's implementation of the WebAssembly C API (the wasm.h of the WebAssembly/wasm-c-api project).
 *
 * The names, types and signatures below are those of the standard header, so a C program written against
 * it (or against the wasm.h shipped by WAMR, wasmtime, wasmer or V8, as far as it uses only the standard
 * part) compiles against this one unchanged. Link with the wasmvm C API library (capi/README.md).
 *
 * Ownership: a parameter or result marked `own` transfers ownership; `out` parameters receive owned data.
 * Everything owned is released with the matching wasm_*_delete. Vectors own their elements.
 *
 * Threads: a wasm_engine_t and a wasm_module_t (including wasm_shared_module_t) may be used from any
 * number of threads at once. A wasm_store_t and every object created in it (functions, globals, tables,
 * memories, instances, foreign objects, traps, and modules obtained into it) belong to one thread at a
 * time: each thread creates its own store. Types, vectors and frames are plain data.
 *
 * Lifetimes: every runtime object lives until its store is deleted (there is no garbage collector);
 * deleting a handle only releases that handle. Host info finalizers run when the object dies: for
 * functions, globals, tables, memories and instances when the store is deleted; for foreign objects,
 * traps and modules when their last handle is deleted, except that an object passed to WebAssembly as
 * an externref lives until the store is deleted. A store may be deleted before its handles; it is
 * freed when the last one goes.
 *
 * wasmvm specifics (all allowed by the standard):
 *   - wasm_module_serialize returns a copy of the module's binary; wasm_module_deserialize compiles it.
 *   - externref values are any wasm_ref_t (foreign objects, functions, ...); funcref values are functions.
 *   - a v128 in a module's types is reported as valtype kind 4 (no enumerator in the standard header);
 *     calling a function with a v128 parameter or result returns a trap.
 *   - wasm_frame_func_offset is relative to the start of the function's body (its locals declarations).
 *   - WASM_ANYREF and wasm_valtype_new_anyref are the older standard spellings of WASM_EXTERNREF.
 */
#ifndef WASM_H
#define WASM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#define WASM_API_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- basic types ------------------------------------------------------------------------------- */

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

#define own  /* ownership marker, see above; undefined again at the end of this header */

typedef byte_t wasm_byte_t;
typedef struct wasm_byte_vec_t {
  size_t size;
  wasm_byte_t* data;
} wasm_byte_vec_t;
WASM_API_EXTERN void wasm_byte_vec_new_empty(own wasm_byte_vec_t* out);
WASM_API_EXTERN void wasm_byte_vec_new_uninitialized(own wasm_byte_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_byte_vec_new(own wasm_byte_vec_t* out, size_t size, own wasm_byte_t const data[]);
WASM_API_EXTERN void wasm_byte_vec_copy(own wasm_byte_vec_t* out, const wasm_byte_vec_t* src);
WASM_API_EXTERN void wasm_byte_vec_delete(own wasm_byte_vec_t* vec);

/* Names are byte vectors (not NUL-terminated unless made with wasm_name_new_from_string_nt). */
typedef wasm_byte_vec_t wasm_name_t;
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ---- engine and store ---------------------------------------------------------------------------- */

typedef struct wasm_config_t wasm_config_t;
WASM_API_EXTERN void wasm_config_delete(own wasm_config_t*);
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);

typedef struct wasm_engine_t wasm_engine_t;
WASM_API_EXTERN void wasm_engine_delete(own wasm_engine_t*);
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);

typedef struct wasm_store_t wasm_store_t;
WASM_API_EXTERN void wasm_store_delete(own wasm_store_t*);
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);

/* ---- types --------------------------------------------------------------------------------------- */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum { WASM_CONST, WASM_VAR };

typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;
static const uint32_t wasm_limits_max_default = 0xffffffff;  /* "no maximum" */

typedef struct wasm_valtype_t wasm_valtype_t;
typedef struct wasm_valtype_vec_t {
  size_t size;
  wasm_valtype_t** data;
} wasm_valtype_vec_t;
WASM_API_EXTERN void wasm_valtype_delete(own wasm_valtype_t*);
WASM_API_EXTERN void wasm_valtype_vec_new_empty(own wasm_valtype_vec_t* out);
WASM_API_EXTERN void wasm_valtype_vec_new_uninitialized(own wasm_valtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_valtype_vec_new(own wasm_valtype_vec_t* out, size_t size, own wasm_valtype_t* const data[]);
WASM_API_EXTERN void wasm_valtype_vec_copy(own wasm_valtype_vec_t* out, const wasm_valtype_vec_t* src);
WASM_API_EXTERN void wasm_valtype_vec_delete(own wasm_valtype_vec_t* vec);
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t*);

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
  WASM_ANYREF = WASM_EXTERNREF
};

WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) { return wasm_valkind_is_num(wasm_valtype_kind(t)); }
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) { return wasm_valkind_is_ref(wasm_valtype_kind(t)); }

typedef struct wasm_functype_t wasm_functype_t;
typedef struct wasm_functype_vec_t {
  size_t size;
  wasm_functype_t** data;
} wasm_functype_vec_t;
WASM_API_EXTERN void wasm_functype_delete(own wasm_functype_t*);
WASM_API_EXTERN void wasm_functype_vec_new_empty(own wasm_functype_vec_t* out);
WASM_API_EXTERN void wasm_functype_vec_new_uninitialized(own wasm_functype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_functype_vec_new(own wasm_functype_vec_t* out, size_t size,
                                           own wasm_functype_t* const data[]);
WASM_API_EXTERN void wasm_functype_vec_copy(own wasm_functype_vec_t* out, const wasm_functype_vec_t* src);
WASM_API_EXTERN void wasm_functype_vec_delete(own wasm_functype_vec_t* vec);
WASM_API_EXTERN own wasm_functype_t* wasm_functype_copy(const wasm_functype_t*);

WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params, own wasm_valtype_vec_t* results);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);

typedef struct wasm_globaltype_t wasm_globaltype_t;
typedef struct wasm_globaltype_vec_t {
  size_t size;
  wasm_globaltype_t** data;
} wasm_globaltype_vec_t;
WASM_API_EXTERN void wasm_globaltype_delete(own wasm_globaltype_t*);
WASM_API_EXTERN void wasm_globaltype_vec_new_empty(own wasm_globaltype_vec_t* out);
WASM_API_EXTERN void wasm_globaltype_vec_new_uninitialized(own wasm_globaltype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_globaltype_vec_new(own wasm_globaltype_vec_t* out, size_t size,
                                             own wasm_globaltype_t* const data[]);
WASM_API_EXTERN void wasm_globaltype_vec_copy(own wasm_globaltype_vec_t* out, const wasm_globaltype_vec_t* src);
WASM_API_EXTERN void wasm_globaltype_vec_delete(own wasm_globaltype_vec_t* vec);
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t*);

WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t*, wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);

typedef struct wasm_tabletype_t wasm_tabletype_t;
typedef struct wasm_tabletype_vec_t {
  size_t size;
  wasm_tabletype_t** data;
} wasm_tabletype_vec_t;
WASM_API_EXTERN void wasm_tabletype_delete(own wasm_tabletype_t*);
WASM_API_EXTERN void wasm_tabletype_vec_new_empty(own wasm_tabletype_vec_t* out);
WASM_API_EXTERN void wasm_tabletype_vec_new_uninitialized(own wasm_tabletype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_tabletype_vec_new(own wasm_tabletype_vec_t* out, size_t size,
                                            own wasm_tabletype_t* const data[]);
WASM_API_EXTERN void wasm_tabletype_vec_copy(own wasm_tabletype_vec_t* out, const wasm_tabletype_vec_t* src);
WASM_API_EXTERN void wasm_tabletype_vec_delete(own wasm_tabletype_vec_t* vec);
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t*);

WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t*, const wasm_limits_t*);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);

typedef struct wasm_memorytype_t wasm_memorytype_t;
typedef struct wasm_memorytype_vec_t {
  size_t size;
  wasm_memorytype_t** data;
} wasm_memorytype_vec_t;
WASM_API_EXTERN void wasm_memorytype_delete(own wasm_memorytype_t*);
WASM_API_EXTERN void wasm_memorytype_vec_new_empty(own wasm_memorytype_vec_t* out);
WASM_API_EXTERN void wasm_memorytype_vec_new_uninitialized(own wasm_memorytype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_memorytype_vec_new(own wasm_memorytype_vec_t* out, size_t size,
                                             own wasm_memorytype_t* const data[]);
WASM_API_EXTERN void wasm_memorytype_vec_copy(own wasm_memorytype_vec_t* out, const wasm_memorytype_vec_t* src);
WASM_API_EXTERN void wasm_memorytype_vec_delete(own wasm_memorytype_vec_t* vec);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t*);

WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);

typedef struct wasm_externtype_t wasm_externtype_t;
typedef struct wasm_externtype_vec_t {
  size_t size;
  wasm_externtype_t** data;
} wasm_externtype_vec_t;
WASM_API_EXTERN void wasm_externtype_delete(own wasm_externtype_t*);
WASM_API_EXTERN void wasm_externtype_vec_new_empty(own wasm_externtype_vec_t* out);
WASM_API_EXTERN void wasm_externtype_vec_new_uninitialized(own wasm_externtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_externtype_vec_new(own wasm_externtype_vec_t* out, size_t size,
                                             own wasm_externtype_t* const data[]);
WASM_API_EXTERN void wasm_externtype_vec_copy(own wasm_externtype_vec_t* out, const wasm_externtype_vec_t* src);
WASM_API_EXTERN void wasm_externtype_vec_delete(own wasm_externtype_vec_t* vec);
WASM_API_EXTERN own wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t*);

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum { WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY };

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);

/* Views between an extern type and the specific type (no copy; NULL when the kind differs). */
WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);
WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t*);
WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);

typedef struct wasm_importtype_t wasm_importtype_t;
typedef struct wasm_importtype_vec_t {
  size_t size;
  wasm_importtype_t** data;
} wasm_importtype_vec_t;
WASM_API_EXTERN void wasm_importtype_delete(own wasm_importtype_t*);
WASM_API_EXTERN void wasm_importtype_vec_new_empty(own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_importtype_vec_new_uninitialized(own wasm_importtype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_importtype_vec_new(own wasm_importtype_vec_t* out, size_t size,
                                             own wasm_importtype_t* const data[]);
WASM_API_EXTERN void wasm_importtype_vec_copy(own wasm_importtype_vec_t* out, const wasm_importtype_vec_t* src);
WASM_API_EXTERN void wasm_importtype_vec_delete(own wasm_importtype_vec_t* vec);
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t*);

WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module, own wasm_name_t* name,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);

typedef struct wasm_exporttype_t wasm_exporttype_t;
typedef struct wasm_exporttype_vec_t {
  size_t size;
  wasm_exporttype_t** data;
} wasm_exporttype_vec_t;
WASM_API_EXTERN void wasm_exporttype_delete(own wasm_exporttype_t*);
WASM_API_EXTERN void wasm_exporttype_vec_new_empty(own wasm_exporttype_vec_t* out);
WASM_API_EXTERN void wasm_exporttype_vec_new_uninitialized(own wasm_exporttype_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_exporttype_vec_new(own wasm_exporttype_vec_t* out, size_t size,
                                             own wasm_exporttype_t* const data[]);
WASM_API_EXTERN void wasm_exporttype_vec_copy(own wasm_exporttype_vec_t* out, const wasm_exporttype_vec_t* src);
WASM_API_EXTERN void wasm_exporttype_vec_delete(own wasm_exporttype_vec_t* vec);
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t*);

WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t*, own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);

/* ---- values -------------------------------------------------------------------------------------- */

struct wasm_ref_t;

typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;  /* NULL is the null reference */
  } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

typedef struct wasm_val_vec_t {
  size_t size;
  wasm_val_t* data;
} wasm_val_vec_t;
WASM_API_EXTERN void wasm_val_vec_new_empty(own wasm_val_vec_t* out);
WASM_API_EXTERN void wasm_val_vec_new_uninitialized(own wasm_val_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_val_vec_new(own wasm_val_vec_t* out, size_t size, own wasm_val_t const data[]);
WASM_API_EXTERN void wasm_val_vec_copy(own wasm_val_vec_t* out, const wasm_val_vec_t* src);
WASM_API_EXTERN void wasm_val_vec_delete(own wasm_val_vec_t* vec);

/* ---- references ----------------------------------------------------------------------------------
 * Every runtime object below is a reference: it can be copied (a new handle to the same object),
 * compared (wasm_X_same: same underlying object) and carry host info, which is shared by all handles
 * of the object. Setting host info again runs no finalizer for the old value. */

typedef struct wasm_ref_t wasm_ref_t;
WASM_API_EXTERN void wasm_ref_delete(own wasm_ref_t*);
WASM_API_EXTERN own wasm_ref_t* wasm_ref_copy(const wasm_ref_t*);
WASM_API_EXTERN bool wasm_ref_same(const wasm_ref_t*, const wasm_ref_t*);
WASM_API_EXTERN void* wasm_ref_get_host_info(const wasm_ref_t*);
WASM_API_EXTERN void wasm_ref_set_host_info(wasm_ref_t*, void*);
WASM_API_EXTERN void wasm_ref_set_host_info_with_finalizer(wasm_ref_t*, void*, void (*)(void*));

/* ---- frames and traps ---------------------------------------------------------------------------- */

typedef struct wasm_frame_t wasm_frame_t;
WASM_API_EXTERN void wasm_frame_delete(own wasm_frame_t*);
typedef struct wasm_frame_vec_t {
  size_t size;
  wasm_frame_t** data;
} wasm_frame_vec_t;
WASM_API_EXTERN void wasm_frame_vec_new_empty(own wasm_frame_vec_t* out);
WASM_API_EXTERN void wasm_frame_vec_new_uninitialized(own wasm_frame_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_frame_vec_new(own wasm_frame_vec_t* out, size_t size, own wasm_frame_t* const data[]);
WASM_API_EXTERN void wasm_frame_vec_copy(own wasm_frame_vec_t* out, const wasm_frame_vec_t* src);
WASM_API_EXTERN void wasm_frame_vec_delete(own wasm_frame_vec_t* vec);
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);

/* The instance is borrowed from the frame (valid while the frame lives). */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);

typedef wasm_name_t wasm_message_t;  /* NUL-terminated; the NUL is counted in size */

typedef struct wasm_trap_t wasm_trap_t;
WASM_API_EXTERN void wasm_trap_delete(own wasm_trap_t*);
WASM_API_EXTERN own wasm_trap_t* wasm_trap_copy(const wasm_trap_t*);
WASM_API_EXTERN bool wasm_trap_same(const wasm_trap_t*, const wasm_trap_t*);
WASM_API_EXTERN void* wasm_trap_get_host_info(const wasm_trap_t*);
WASM_API_EXTERN void wasm_trap_set_host_info(wasm_trap_t*, void*);
WASM_API_EXTERN void wasm_trap_set_host_info_with_finalizer(wasm_trap_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_trap_as_ref(wasm_trap_t*);
WASM_API_EXTERN wasm_trap_t* wasm_ref_as_trap(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_trap_as_ref_const(const wasm_trap_t*);
WASM_API_EXTERN const wasm_trap_t* wasm_ref_as_trap_const(const wasm_ref_t*);

WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);
/* Innermost frame (NULL when the trap has no WebAssembly frames, e.g. made by wasm_trap_new). */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);
/* All frames, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*, own wasm_frame_vec_t* out);

/* ---- foreign objects (host-created references, e.g. for externref) -------------------------------- */

typedef struct wasm_foreign_t wasm_foreign_t;
WASM_API_EXTERN void wasm_foreign_delete(own wasm_foreign_t*);
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_copy(const wasm_foreign_t*);
WASM_API_EXTERN bool wasm_foreign_same(const wasm_foreign_t*, const wasm_foreign_t*);
WASM_API_EXTERN void* wasm_foreign_get_host_info(const wasm_foreign_t*);
WASM_API_EXTERN void wasm_foreign_set_host_info(wasm_foreign_t*, void*);
WASM_API_EXTERN void wasm_foreign_set_host_info_with_finalizer(wasm_foreign_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_foreign_as_ref(wasm_foreign_t*);
WASM_API_EXTERN wasm_foreign_t* wasm_ref_as_foreign(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_foreign_as_ref_const(const wasm_foreign_t*);
WASM_API_EXTERN const wasm_foreign_t* wasm_ref_as_foreign_const(const wasm_ref_t*);

WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);

/* ---- modules --------------------------------------------------------------------------------------
 * A module is compiled once and may be shared: wasm_module_share gives a thread-safe token,
 * wasm_module_obtain a module handle for another store (no recompilation). */

typedef struct wasm_module_t wasm_module_t;
WASM_API_EXTERN void wasm_module_delete(own wasm_module_t*);
WASM_API_EXTERN own wasm_module_t* wasm_module_copy(const wasm_module_t*);
WASM_API_EXTERN bool wasm_module_same(const wasm_module_t*, const wasm_module_t*);
WASM_API_EXTERN void* wasm_module_get_host_info(const wasm_module_t*);
WASM_API_EXTERN void wasm_module_set_host_info(wasm_module_t*, void*);
WASM_API_EXTERN void wasm_module_set_host_info_with_finalizer(wasm_module_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_module_as_ref(wasm_module_t*);
WASM_API_EXTERN wasm_module_t* wasm_ref_as_module(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_module_as_ref_const(const wasm_module_t*);
WASM_API_EXTERN const wasm_module_t* wasm_ref_as_module_const(const wasm_ref_t*);

typedef struct wasm_shared_module_t wasm_shared_module_t;
WASM_API_EXTERN void wasm_shared_module_delete(own wasm_shared_module_t*);
WASM_API_EXTERN own wasm_shared_module_t* wasm_module_share(const wasm_module_t*);
WASM_API_EXTERN own wasm_module_t* wasm_module_obtain(wasm_store_t*, const wasm_shared_module_t*);

/* NULL if the binary is malformed or invalid. */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);
/* Serialized form = a copy of the module binary. deserialize returns NULL for a bad binary. */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*, own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);

/* ---- functions ----------------------------------------------------------------------------------- */

typedef struct wasm_func_t wasm_func_t;
WASM_API_EXTERN void wasm_func_delete(own wasm_func_t*);
WASM_API_EXTERN own wasm_func_t* wasm_func_copy(const wasm_func_t*);
WASM_API_EXTERN bool wasm_func_same(const wasm_func_t*, const wasm_func_t*);
WASM_API_EXTERN void* wasm_func_get_host_info(const wasm_func_t*);
WASM_API_EXTERN void wasm_func_set_host_info(wasm_func_t*, void*);
WASM_API_EXTERN void wasm_func_set_host_info_with_finalizer(wasm_func_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_func_as_ref(wasm_func_t*);
WASM_API_EXTERN wasm_func_t* wasm_ref_as_func(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_func_as_ref_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_func_t* wasm_ref_as_func_const(const wasm_ref_t*);

/* A host callback receives the arguments and fills `results` (already sized to the result arity);
 * returning a trap (e.g. from wasm_trap_new) makes the call trap with it. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args, own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env, const wasm_val_vec_t* args,
                                                            wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t*, const wasm_functype_t*, wasm_func_callback_t);
/* `finalizer` (may be NULL) is called with `env` when the function dies (with its store). */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t*, const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t, void* env,
                                                        void (*finalizer)(void*));
WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);

/* `results` must have result-arity slots; on success they receive owned values. Returns NULL on
 * success, or a trap (also for wrong argument count/types). */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t*, const wasm_val_vec_t* args,
                                               wasm_val_vec_t* results);

/* ---- globals ------------------------------------------------------------------------------------- */

typedef struct wasm_global_t wasm_global_t;
WASM_API_EXTERN void wasm_global_delete(own wasm_global_t*);
WASM_API_EXTERN own wasm_global_t* wasm_global_copy(const wasm_global_t*);
WASM_API_EXTERN bool wasm_global_same(const wasm_global_t*, const wasm_global_t*);
WASM_API_EXTERN void* wasm_global_get_host_info(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_set_host_info(wasm_global_t*, void*);
WASM_API_EXTERN void wasm_global_set_host_info_with_finalizer(wasm_global_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_global_as_ref(wasm_global_t*);
WASM_API_EXTERN wasm_global_t* wasm_ref_as_global(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_global_as_ref_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_global_t* wasm_ref_as_global_const(const wasm_ref_t*);

/* NULL if the value does not match the type. */
WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t*, const wasm_globaltype_t*, const wasm_val_t*);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);
/* Ignored when the global is immutable or the value has the wrong type. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);

/* ---- tables -------------------------------------------------------------------------------------- */

typedef struct wasm_table_t wasm_table_t;
WASM_API_EXTERN void wasm_table_delete(own wasm_table_t*);
WASM_API_EXTERN own wasm_table_t* wasm_table_copy(const wasm_table_t*);
WASM_API_EXTERN bool wasm_table_same(const wasm_table_t*, const wasm_table_t*);
WASM_API_EXTERN void* wasm_table_get_host_info(const wasm_table_t*);
WASM_API_EXTERN void wasm_table_set_host_info(wasm_table_t*, void*);
WASM_API_EXTERN void wasm_table_set_host_info_with_finalizer(wasm_table_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_table_as_ref(wasm_table_t*);
WASM_API_EXTERN wasm_table_t* wasm_ref_as_table(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_table_as_ref_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_table_t* wasm_ref_as_table_const(const wasm_ref_t*);

typedef uint32_t wasm_table_size_t;

WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t*, const wasm_tabletype_t*, wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);
/* false if out of bounds or the reference does not fit the element type. */
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);

/* ---- memories ------------------------------------------------------------------------------------ */

typedef struct wasm_memory_t wasm_memory_t;
WASM_API_EXTERN void wasm_memory_delete(own wasm_memory_t*);
WASM_API_EXTERN own wasm_memory_t* wasm_memory_copy(const wasm_memory_t*);
WASM_API_EXTERN bool wasm_memory_same(const wasm_memory_t*, const wasm_memory_t*);
WASM_API_EXTERN void* wasm_memory_get_host_info(const wasm_memory_t*);
WASM_API_EXTERN void wasm_memory_set_host_info(wasm_memory_t*, void*);
WASM_API_EXTERN void wasm_memory_set_host_info_with_finalizer(wasm_memory_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_memory_as_ref(wasm_memory_t*);
WASM_API_EXTERN wasm_memory_t* wasm_ref_as_memory(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_memory_as_ref_const(const wasm_memory_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_ref_as_memory_const(const wasm_ref_t*);

typedef uint32_t wasm_memory_pages_t;
static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
/* The base pointer may change when the memory grows (re-read it after wasm_memory_grow or a call). */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);

/* ---- externals ----------------------------------------------------------------------------------- */

typedef struct wasm_extern_t wasm_extern_t;
WASM_API_EXTERN void wasm_extern_delete(own wasm_extern_t*);
WASM_API_EXTERN own wasm_extern_t* wasm_extern_copy(const wasm_extern_t*);
WASM_API_EXTERN bool wasm_extern_same(const wasm_extern_t*, const wasm_extern_t*);
WASM_API_EXTERN void* wasm_extern_get_host_info(const wasm_extern_t*);
WASM_API_EXTERN void wasm_extern_set_host_info(wasm_extern_t*, void*);
WASM_API_EXTERN void wasm_extern_set_host_info_with_finalizer(wasm_extern_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_extern_as_ref(wasm_extern_t*);
WASM_API_EXTERN wasm_extern_t* wasm_ref_as_extern(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_extern_as_ref_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_ref_as_extern_const(const wasm_ref_t*);

typedef struct wasm_extern_vec_t {
  size_t size;
  wasm_extern_t** data;
} wasm_extern_vec_t;
WASM_API_EXTERN void wasm_extern_vec_new_empty(own wasm_extern_vec_t* out);
WASM_API_EXTERN void wasm_extern_vec_new_uninitialized(own wasm_extern_vec_t* out, size_t size);
WASM_API_EXTERN void wasm_extern_vec_new(own wasm_extern_vec_t* out, size_t size, own wasm_extern_t* const data[]);
WASM_API_EXTERN void wasm_extern_vec_copy(own wasm_extern_vec_t* out, const wasm_extern_vec_t* src);
WASM_API_EXTERN void wasm_extern_vec_delete(own wasm_extern_vec_t* vec);

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

/* Views (no copy; the as_<kind> direction gives NULL when the kind differs). */
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);
WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);
WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);

/* ---- instances ----------------------------------------------------------------------------------- */

typedef struct wasm_instance_t wasm_instance_t;
WASM_API_EXTERN void wasm_instance_delete(own wasm_instance_t*);
WASM_API_EXTERN own wasm_instance_t* wasm_instance_copy(const wasm_instance_t*);
WASM_API_EXTERN bool wasm_instance_same(const wasm_instance_t*, const wasm_instance_t*);
WASM_API_EXTERN void* wasm_instance_get_host_info(const wasm_instance_t*);
WASM_API_EXTERN void wasm_instance_set_host_info(wasm_instance_t*, void*);
WASM_API_EXTERN void wasm_instance_set_host_info_with_finalizer(wasm_instance_t*, void*, void (*)(void*));
WASM_API_EXTERN wasm_ref_t* wasm_instance_as_ref(wasm_instance_t*);
WASM_API_EXTERN wasm_instance_t* wasm_ref_as_instance(wasm_ref_t*);
WASM_API_EXTERN const wasm_ref_t* wasm_instance_as_ref_const(const wasm_instance_t*);
WASM_API_EXTERN const wasm_instance_t* wasm_ref_as_instance_const(const wasm_ref_t*);

/* `imports` are matched by position with wasm_module_imports. Returns NULL on failure; then, if `trap`
 * is not NULL, *trap receives a trap describing it (link error, or the start function's trap). */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t*, const wasm_module_t*,
                                                       const wasm_extern_vec_t* imports, own wasm_trap_t** trap);
/* In the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);

/* ---- convenience --------------------------------------------------------------------------------- */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) { return wasm_valtype_new(WASM_EXTERNREF); }
static inline own wasm_valtype_t* wasm_valtype_new_anyref(void) { return wasm_valtype_new(WASM_EXTERNREF); }
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) { return wasm_valtype_new(WASM_FUNCREF); }

/* wasm_functype_new_P_R: P parameters and R results, taking ownership of each valtype. */
static inline own wasm_functype_t* wasmvm_functype_from_arrays_(size_t np, wasm_valtype_t** ps, size_t nr,
                                                                wasm_valtype_t** rs) {
  wasm_valtype_vec_t params, results;
  if (np) wasm_valtype_vec_new(&params, np, ps); else wasm_valtype_vec_new_empty(&params);
  if (nr) wasm_valtype_vec_new(&results, nr, rs); else wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}
static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasmvm_functype_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return wasmvm_functype_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return wasmvm_functype_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return wasmvm_functype_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return wasmvm_functype_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return wasmvm_functype_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return wasmvm_functype_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3, own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return wasmvm_functype_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasmvm_functype_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p, own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasmvm_functype_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1, own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasmvm_functype_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1, own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3, own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasmvm_functype_from_arrays_(3, ps, 2, rs);
}

/* A host pointer carried in an integer value of the pointer's width. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(x) {.kind = WASM_I32, .of = {.i32 = (x)}}
#define WASM_I64_VAL(x) {.kind = WASM_I64, .of = {.i64 = (x)}}
#define WASM_F32_VAL(x) {.kind = WASM_F32, .of = {.f32 = (x)}}
#define WASM_F64_VAL(x) {.kind = WASM_F64, .of = {.f64 = (x)}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = (r)}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* WASM_H */
