/* serialize: a module serialized and deserialized (in another store) still instantiates and runs;
 * deserializing bad bytes fails cleanly; validate agrees. */
#include "c_api_test.h"

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

static int32_t run_module(wasm_store_t* store, const wasm_module_t* module) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* hello = wasm_func_new(store, type, hello_callback);
  wasm_functype_delete(type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(hello)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results) == NULL);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello);
  return rs[0].of.i32;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  load_wasm(argv[1], &binary);
  CHECK(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  CHECK_EQ_INT(run_module(store, module), 42);

  wasm_byte_vec_t serialized;
  wasm_module_serialize(module, &serialized);
  CHECK(serialized.size > 0);
  wasm_module_delete(module);

  wasm_store_t* store2 = wasm_store_new(engine);
  wasm_module_t* deserialized = wasm_module_deserialize(store2, &serialized);
  CHECK(deserialized != NULL);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(deserialized, &exports);
  CHECK_EQ_INT(exports.size, 1);
  CHECK(memcmp(wasm_exporttype_name(exports.data[0])->data, "run", 3) == 0);
  wasm_exporttype_vec_delete(&exports);
  CHECK_EQ_INT(run_module(store2, deserialized), 42);
  wasm_module_delete(deserialized);

  /* Every truncation fails cleanly (NULL) unless it ends on a section boundary (a valid, smaller module);
   * validate agrees with deserialize. Shorter than the 8-byte header, or cut in the last section: NULL. */
  for (size_t len = 0; len < serialized.size; len++) {
    wasm_byte_vec_t part = {len, serialized.data};
    wasm_module_t* m = wasm_module_deserialize(store2, &part);
    CHECK((m != NULL) == wasm_module_validate(store2, &part));
    if (len < 8 || len == serialized.size - 1) CHECK(m == NULL);
    if (m) wasm_module_delete(m);
  }
  serialized.data[0] = 'X';
  CHECK(wasm_module_deserialize(store2, &serialized) == NULL);
  CHECK(wasm_module_new(store2, &serialized) == NULL);

  wasm_byte_vec_delete(&serialized);
  wasm_byte_vec_delete(&binary);
  wasm_store_delete(store2);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("serialize");
  return 0;
}
