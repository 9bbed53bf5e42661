/* callback: a plain host callback and one with an environment (wasm_func_new_with_env), both called from
 * WebAssembly; checks arguments, results and that the environment finalizer runs once, with the store. */
#include "c_api_test.h"

static int print_calls = 0;
static int finalized = 0;

static wasm_trap_t* print_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK_EQ_INT(args->size, 1);
  CHECK_EQ_INT(args->data[0].kind, WASM_I32);
  CHECK_EQ_INT(results->size, 1);
  print_calls++;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 10;
  return NULL;
}

static wasm_trap_t* closure_callback(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK_EQ_INT(args->size, 0);
  int* value = (int*)env;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = *value;
  return NULL;
}

static void closure_finalizer(void* env) {
  CHECK_EQ_INT(*(int*)env, 7);
  finalized++;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_functype_t* print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* print_func = wasm_func_new(store, print_type, print_callback);
  wasm_functype_delete(print_type);

  static int env_value = 7;
  wasm_functype_t* closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* closure_func =
      wasm_func_new_with_env(store, closure_type, closure_callback, &env_value, closure_finalizer);
  wasm_functype_delete(closure_type);
  CHECK(print_func && closure_func);
  CHECK_EQ_INT(wasm_func_param_arity(closure_func), 0);
  CHECK_EQ_INT(wasm_func_result_arity(closure_func), 1);

  wasm_extern_t* externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK_EQ_INT(exports.size, 1);
  const wasm_func_t* run = wasm_extern_as_func_const(exports.data[0]);
  CHECK(run != NULL);
  CHECK_EQ_INT(wasm_func_param_arity(run), 2);
  CHECK_EQ_INT(wasm_func_result_arity(run), 1);

  for (int i = 0; i < 3; i++) {
    wasm_val_t as[2] = {WASM_I32_VAL(3 + i), WASM_I32_VAL(4)};
    wasm_val_t rs[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as);
    wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
    CHECK(wasm_func_call(run, &args, &results) == NULL);
    CHECK_EQ_INT(rs[0].kind, WASM_I32);
    CHECK_EQ_INT(rs[0].of.i32, (7 + i) * 10 + 7);
  }
  CHECK_EQ_INT(print_calls, 3);

  /* Calling the host functions directly works too. */
  wasm_val_t as[1] = {WASM_I32_VAL(-5)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t results = WASM_ARRAY_VEC(rs);
  CHECK(wasm_func_call(print_func, &args, &results) == NULL);
  CHECK_EQ_INT(rs[0].of.i32, -50);

  /* Wrong argument count or type: a trap, no call. */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  check_trap_message(wasm_func_call(print_func, &none, &results),
                     "wasm_func_call: function takes 1 argument(s), got 0", "arity");
  wasm_val_t bad[1] = {WASM_I64_VAL(1)};
  wasm_val_vec_t bad_args = WASM_ARRAY_VEC(bad);
  wasm_trap_t* trap = wasm_func_call(print_func, &bad_args, &results);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  CHECK_EQ_INT(print_calls, 4);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(print_func);
  wasm_func_delete(closure_func);
  wasm_module_delete(module);
  CHECK_EQ_INT(finalized, 0);
  wasm_store_delete(store);
  CHECK_EQ_INT(finalized, 1);
  wasm_engine_delete(engine);
  report_pass("callback");
  return 0;
}
