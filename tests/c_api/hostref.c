/* hostref: externref round trips of host references (foreign objects and functions) through
 * WebAssembly globals, tables, parameters and results; identity and host info survive. */
#include "c_api_test.h"

static wasm_func_t* get_func(const wasm_extern_vec_t* exports, size_t i) {
  wasm_func_t* f = wasm_extern_as_func(exports->data[i]);
  CHECK(f != NULL);
  return f;
}

/* Calls f(args...) returning at most one value. */
static wasm_val_t call(const wasm_func_t* f, size_t nargs, wasm_val_t* args, size_t nresults) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = {nargs, args};
  wasm_val_vec_t r = {nresults, rs};
  wasm_trap_t* trap = wasm_func_call(f, &a, &r);
  CHECK(trap == NULL);
  return rs[0];
}

/* `actual` (owned, may be NULL) names the same object as `expected`; deletes it. */
static void check_ref(wasm_ref_t* actual, const wasm_ref_t* expected) {
  if (expected == NULL) {
    CHECK(actual == NULL);
    return;
  }
  CHECK(actual != NULL);
  CHECK(wasm_ref_same(actual, expected));
  CHECK(wasm_ref_get_host_info(actual) == wasm_ref_get_host_info(expected));
  wasm_ref_delete(actual);
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
  CHECK_EQ_INT(exports.size, 8);
  wasm_func_t* global_set = get_func(&exports, 0);
  wasm_func_t* global_get = get_func(&exports, 1);
  wasm_func_t* table_set = get_func(&exports, 2);
  wasm_func_t* table_get = get_func(&exports, 3);
  wasm_func_t* identity = get_func(&exports, 4);
  wasm_func_t* is_null = get_func(&exports, 5);
  wasm_global_t* global = wasm_extern_as_global(exports.data[6]);
  wasm_table_t* table = wasm_extern_as_table(exports.data[7]);
  CHECK(global && table);

  wasm_foreign_t* foreign1 = wasm_foreign_new(store);
  wasm_foreign_t* foreign2 = wasm_foreign_new(store);
  wasm_ref_t* host1 = wasm_foreign_as_ref(foreign1);
  wasm_ref_t* host2 = wasm_foreign_as_ref(foreign2);
  wasm_ref_set_host_info(host1, (void*)1);
  wasm_ref_set_host_info(host2, (void*)2);
  CHECK(!wasm_ref_same(host1, host2));
  wasm_ref_t* host1_copy = wasm_ref_copy(host1);
  check_ref(host1_copy, host1);
  CHECK(wasm_ref_as_foreign(host1) == foreign1);

  /* Parameters and results. */
  wasm_val_t arg = WASM_REF_VAL(host1);
  wasm_val_t r = call(identity, 1, &arg, 1);
  CHECK_EQ_INT(r.kind, WASM_EXTERNREF);
  check_ref(r.of.ref, host1);
  CHECK_EQ_INT(call(is_null, 1, &arg, 1).of.i32, 0);
  wasm_val_t null_arg = WASM_REF_VAL(NULL);
  r = call(identity, 1, &null_arg, 1);
  CHECK(r.of.ref == NULL);
  CHECK_EQ_INT(call(is_null, 1, &null_arg, 1).of.i32, 1);

  /* Globals, through WebAssembly and through the host. */
  check_ref(call(global_get, 0, NULL, 1).of.ref, NULL);
  call(global_set, 1, &arg, 0);
  check_ref(call(global_get, 0, NULL, 1).of.ref, host1);
  wasm_val_t arg2 = WASM_REF_VAL(host2);
  call(global_set, 1, &arg2, 0);
  check_ref(call(global_get, 0, NULL, 1).of.ref, host2);
  wasm_val_t gv;
  wasm_global_get(global, &gv);
  CHECK_EQ_INT(gv.kind, WASM_EXTERNREF);
  check_ref(gv.of.ref, host2);
  wasm_global_set(global, &arg);
  check_ref(call(global_get, 0, NULL, 1).of.ref, host1);

  /* Tables. */
  wasm_val_t ta[2] = {WASM_I32_VAL(0), WASM_REF_VAL(host1)};
  call(table_set, 2, ta, 0);
  ta[0].of.i32 = 1;
  ta[1].of.ref = host2;
  call(table_set, 2, ta, 0);
  wasm_val_t idx = WASM_I32_VAL(0);
  check_ref(call(table_get, 1, &idx, 1).of.ref, host1);
  idx.of.i32 = 1;
  check_ref(call(table_get, 1, &idx, 1).of.ref, host2);
  idx.of.i32 = 2;
  check_ref(call(table_get, 1, &idx, 1).of.ref, NULL);
  check_ref(wasm_table_get(table, 1), host2);
  CHECK(wasm_table_set(table, 2, host1));
  idx.of.i32 = 2;
  check_ref(call(table_get, 1, &idx, 1).of.ref, host1);
  CHECK(wasm_table_grow(table, 2, host2));
  CHECK_EQ_INT(wasm_table_size(table), 12);
  check_ref(wasm_table_get(table, 11), host2);

  /* A function as an externref comes back as a function. */
  wasm_val_t farg = WASM_REF_VAL(wasm_func_as_ref(identity));
  r = call(identity, 1, &farg, 1);
  CHECK(r.of.ref != NULL);
  CHECK(wasm_ref_as_func(r.of.ref) != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(r.of.ref), identity));
  wasm_ref_delete(r.of.ref);

  /* The handles may go: WebAssembly still holds the objects. */
  wasm_foreign_delete(foreign1);
  idx.of.i32 = 0;
  r = call(table_get, 1, &idx, 1);
  CHECK(r.of.ref != NULL);
  CHECK(wasm_ref_get_host_info(r.of.ref) == (void*)1);
  wasm_ref_delete(r.of.ref);

  /* A reference of another store is refused. */
  wasm_store_t* other = wasm_store_new(engine);
  wasm_foreign_t* alien = wasm_foreign_new(other);
  wasm_val_t alien_arg = WASM_REF_VAL(wasm_foreign_as_ref(alien));
  wasm_val_t rs[1];
  wasm_val_vec_t a = {1, &alien_arg}, res = {1, rs};
  wasm_trap_t* trap = wasm_func_call(identity, &a, &res);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  wasm_foreign_delete(alien);
  wasm_store_delete(other);

  wasm_foreign_delete(foreign2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("hostref");
  return 0;
}
