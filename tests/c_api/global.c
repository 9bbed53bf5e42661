/* global: host-created globals imported by a module, module globals exported to the host, and reads and
 * writes from both sides (immutable globals and wrongly typed values are refused). */
#include "c_api_test.h"

static wasm_func_t* export_func(const wasm_extern_vec_t* exports, size_t i) {
  CHECK(i < exports->size);
  wasm_func_t* f = wasm_extern_as_func(exports->data[i]);
  CHECK(f != NULL);
  return f;
}

static wasm_val_t call0(const wasm_func_t* f) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(f, &args, &results) == NULL);
  return rs[0];
}

static void call1(const wasm_func_t* f, wasm_val_t arg) {
  wasm_val_t as[1] = {arg};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(f, &args, &results) == NULL);
}

static wasm_global_t* new_global(wasm_store_t* store, wasm_valkind_t kind, wasm_mutability_t mut, wasm_val_t v) {
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new(kind), mut);
  wasm_global_t* g = wasm_global_new(store, type, &v);
  wasm_globaltype_delete(type);
  CHECK(g != NULL);
  return g;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_global_t* f32_import = new_global(store, WASM_F32, WASM_CONST, (wasm_val_t)WASM_F32_VAL(1.5f));
  wasm_global_t* i64_import = new_global(store, WASM_I64, WASM_CONST, (wasm_val_t)WASM_I64_VAL(-2));
  wasm_global_t* var_i32_import = new_global(store, WASM_I32, WASM_VAR, (wasm_val_t)WASM_I32_VAL(3));
  wasm_global_t* var_f64_import = new_global(store, WASM_F64, WASM_VAR, (wasm_val_t)WASM_F64_VAL(4.25));

  /* A value of the wrong type is refused. */
  wasm_globaltype_t* i32_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t wrong = WASM_F64_VAL(1.0);
  CHECK(wasm_global_new(store, i32_type, &wrong) == NULL);
  wasm_globaltype_delete(i32_type);

  wasm_extern_t* externs[] = {wasm_global_as_extern(f32_import), wasm_global_as_extern(i64_import),
                              wasm_global_as_extern(var_i32_import), wasm_global_as_extern(var_f64_import)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK_EQ_INT(exports.size, 9);
  wasm_global_t* const_i32 = wasm_extern_as_global(exports.data[0]);
  wasm_global_t* var_i64 = wasm_extern_as_global(exports.data[1]);
  CHECK(const_i32 && var_i64);
  CHECK(wasm_extern_as_func(exports.data[0]) == NULL);

  wasm_globaltype_t* t = wasm_global_type(var_i64);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(t)), WASM_I64);
  CHECK_EQ_INT(wasm_globaltype_mutability(t), WASM_VAR);
  wasm_globaltype_delete(t);

  /* Initial values, seen from the host and from WebAssembly. */
  wasm_val_t v;
  wasm_global_get(f32_import, &v);
  CHECK(v.kind == WASM_F32 && v.of.f32 == 1.5f);
  CHECK(call0(export_func(&exports, 2)).of.f32 == 1.5f);
  CHECK_EQ_INT(call0(export_func(&exports, 3)).of.i64, -2);
  CHECK_EQ_INT(call0(export_func(&exports, 4)).of.i32, 3);
  CHECK(call0(export_func(&exports, 5)).of.f64 == 4.25);
  wasm_global_get(const_i32, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 5);
  wasm_global_get(var_i64, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == 6);

  /* Host writes are visible to WebAssembly... */
  wasm_val_t nv = WASM_I32_VAL(33);
  wasm_global_set(var_i32_import, &nv);
  CHECK_EQ_INT(call0(export_func(&exports, 4)).of.i32, 33);
  wasm_val_t nf = WASM_F64_VAL(-0.5);
  wasm_global_set(var_f64_import, &nf);
  CHECK(call0(export_func(&exports, 5)).of.f64 == -0.5);
  wasm_val_t n64 = WASM_I64_VAL(66);
  wasm_global_set(var_i64, &n64);
  CHECK_EQ_INT(call0(export_func(&exports, 6)).of.i64, 66);

  /* ... and WebAssembly writes to the host. */
  call1(export_func(&exports, 7), (wasm_val_t)WASM_I32_VAL(333));
  wasm_global_get(var_i32_import, &v);
  CHECK_EQ_INT(v.of.i32, 333);
  call1(export_func(&exports, 8), (wasm_val_t)WASM_I64_VAL(666));
  wasm_global_get(var_i64, &v);
  CHECK_EQ_INT(v.of.i64, 666);

  /* Immutable globals and wrongly typed values are left unchanged. */
  wasm_val_t c = WASM_I32_VAL(55);
  wasm_global_set(const_i32, &c);
  wasm_global_get(const_i32, &v);
  CHECK_EQ_INT(v.of.i32, 5);
  wasm_global_set(var_i64, &c);
  wasm_global_get(var_i64, &v);
  CHECK_EQ_INT(v.of.i64, 666);

  /* Two handles of one global are the same object. */
  wasm_extern_vec_t again;
  wasm_instance_exports(instance, &again);
  CHECK(wasm_global_same(var_i64, wasm_extern_as_global(again.data[1])));
  CHECK(!wasm_global_same(var_i64, const_i32));
  wasm_extern_vec_delete(&again);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_global_delete(f32_import);
  wasm_global_delete(i64_import);
  wasm_global_delete(var_i32_import);
  wasm_global_delete(var_f64_import);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("global");
  return 0;
}
