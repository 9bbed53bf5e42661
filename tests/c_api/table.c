/* table: an exported funcref table; get/set/grow from the host, calls through it from WebAssembly
 * (null element, type mismatch and out-of-range traps), host functions in the table, a host table. */
#include "c_api_test.h"

static wasm_trap_t* neg_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

static wasm_trap_t* call_indirect(const wasm_func_t* f, int32_t arg, int32_t index, int32_t* out) {
  wasm_val_t as[2] = {WASM_I32_VAL(arg), WASM_I32_VAL(index)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap) *out = rs[0].of.i32;
  return trap;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK_EQ_INT(exports.size, 3);
  wasm_table_t* table = wasm_extern_as_table(exports.data[0]);
  wasm_func_t* f = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* call = wasm_extern_as_func(exports.data[2]);
  CHECK(table && f && call);

  wasm_tabletype_t* tt = wasm_table_type(table);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->min, 2);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->max, 10);
  wasm_tabletype_delete(tt);

  /* Initial contents: [null, $g]. */
  CHECK_EQ_INT(wasm_table_size(table), 2);
  CHECK(wasm_table_get(table, 0) == NULL);
  wasm_ref_t* g_ref = wasm_table_get(table, 1);
  CHECK(g_ref != NULL);
  wasm_func_t* g = wasm_ref_as_func(g_ref);
  CHECK(g != NULL);
  CHECK_EQ_INT(wasm_func_param_arity(g), 2);
  CHECK(wasm_table_get(table, 2) == NULL);  /* out of bounds */

  int32_t r = 0;
  check_trap_message(call_indirect(call, 5, 0, &r), "uninitialized element", "null element");
  check_trap_message(call_indirect(call, 5, 1, &r), "indirect call type mismatch", "type mismatch");
  check_trap_message(call_indirect(call, 5, 2, &r), "undefined element", "out of range");

  /* Set an exported function and a host function. */
  CHECK(wasm_table_set(table, 0, wasm_func_as_ref(f)));
  CHECK(call_indirect(call, 5, 0, &r) == NULL);
  CHECK_EQ_INT(r, 6);
  wasm_functype_t* neg_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* neg = wasm_func_new(store, neg_type, neg_callback);
  wasm_functype_delete(neg_type);
  CHECK(wasm_table_set(table, 1, wasm_func_as_ref(neg)));
  CHECK(call_indirect(call, 5, 1, &r) == NULL);
  CHECK_EQ_INT(r, -5);
  wasm_ref_t* back = wasm_table_get(table, 1);
  CHECK(back && wasm_ref_same(back, wasm_func_as_ref(neg)));
  wasm_ref_delete(back);
  CHECK(!wasm_table_set(table, 2, wasm_func_as_ref(f)));  /* out of bounds */
  CHECK(wasm_table_set(table, 0, NULL));
  CHECK(wasm_table_get(table, 0) == NULL);

  /* Grow with an initial value, up to the maximum of 10. */
  CHECK(wasm_table_grow(table, 3, wasm_func_as_ref(f)));
  CHECK_EQ_INT(wasm_table_size(table), 5);
  CHECK(call_indirect(call, 41, 4, &r) == NULL);
  CHECK_EQ_INT(r, 42);
  CHECK(wasm_table_grow(table, 5, NULL));
  CHECK_EQ_INT(wasm_table_size(table), 10);
  CHECK(!wasm_table_grow(table, 1, NULL));
  CHECK_EQ_INT(wasm_table_size(table), 10);
  check_trap_message(call_indirect(call, 5, 9, &r), "uninitialized element", "grown null element");

  /* A host-created table. */
  wasm_limits_t limits = {3, wasm_limits_max_default};
  wasm_tabletype_t* host_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  wasm_table_t* host_table = wasm_table_new(store, host_type, wasm_func_as_ref(neg));
  CHECK(host_table != NULL);
  CHECK_EQ_INT(wasm_table_size(host_table), 3);
  wasm_ref_t* e2 = wasm_table_get(host_table, 2);
  CHECK(e2 && wasm_ref_same(e2, wasm_func_as_ref(neg)));
  wasm_ref_delete(e2);
  wasm_tabletype_delete(host_type);
  /* A number type cannot be a table element. */
  wasm_tabletype_t* bad_type = wasm_tabletype_new(wasm_valtype_new_i32(), &limits);
  CHECK(wasm_table_new(store, bad_type, NULL) == NULL);
  wasm_tabletype_delete(bad_type);

  wasm_table_delete(host_table);
  wasm_func_delete(neg);
  wasm_ref_delete(g_ref);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("table");
  return 0;
}
