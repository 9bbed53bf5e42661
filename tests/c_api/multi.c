/* multi: multiple parameters and results through a host callback and an exported function. */
#include "c_api_test.h"

static int calls = 0;

/* Reverses its four arguments. */
static wasm_trap_t* callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK_EQ_INT(args->size, 4);
  CHECK_EQ_INT(results->size, 4);
  CHECK_EQ_INT(args->data[0].kind, WASM_I32);
  CHECK_EQ_INT(args->data[1].kind, WASM_I64);
  CHECK_EQ_INT(args->data[2].kind, WASM_I64);
  CHECK_EQ_INT(args->data[3].kind, WASM_I32);
  for (int i = 0; i < 4; i++) results->data[i] = args->data[3 - i];
  calls++;
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_valtype_t* ps[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i32()};
  wasm_valtype_t* rs[4] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                           wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, ps);
  wasm_valtype_vec_new(&results, 4, rs);
  wasm_functype_t* type = wasm_functype_new(&params, &results);
  CHECK_EQ_INT(wasm_functype_params(type)->size, 4);
  CHECK_EQ_INT(wasm_functype_results(type)->size, 4);
  wasm_func_t* f = wasm_func_new(store, type, callback);
  wasm_functype_delete(type);

  wasm_extern_t* externs[] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* g = wasm_extern_as_func(exports.data[0]);
  CHECK_EQ_INT(wasm_func_param_arity(g), 4);
  CHECK_EQ_INT(wasm_func_result_arity(g), 4);

  wasm_val_t as[4] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(-3), WASM_I32_VAL(4)};
  wasm_val_t out[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(as);
  wasm_val_vec_t res = WASM_ARRAY_VEC(out);
  CHECK(wasm_func_call(g, &args, &res) == NULL);
  CHECK_EQ_INT(calls, 1);
  /* g swaps the middle pair, the callback reverses: (4, 2, -3, 1). */
  CHECK(out[0].kind == WASM_I32 && out[0].of.i32 == 4);
  CHECK(out[1].kind == WASM_I64 && out[1].of.i64 == 2);
  CHECK(out[2].kind == WASM_I64 && out[2].of.i64 == -3);
  CHECK(out[3].kind == WASM_I32 && out[3].of.i32 == 1);

  /* Too few result slots: a trap, not an overflow. */
  wasm_val_vec_t small = {2, out};
  wasm_trap_t* trap = wasm_func_call(g, &args, &small);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  CHECK_EQ_INT(calls, 1);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(f);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("multi");
  return 0;
}
