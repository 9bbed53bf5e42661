/* hello: a host callback imported by a module and called twice through an exported function. */
#include "c_api_test.h"

static int calls = 0;

static wasm_trap_t* hello_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  CHECK_EQ_INT(args->size, 0);
  CHECK_EQ_INT(results->size, 0);
  calls++;
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(engine && store);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_functype_t* hello_type = wasm_functype_new_0_0();
  wasm_func_t* hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  CHECK(hello_func != NULL);

  /* An import from another store is refused (positionally, with its index). */
  wasm_store_t* other_store = wasm_store_new(engine);
  wasm_functype_t* other_type = wasm_functype_new_0_0();
  wasm_func_t* other_func = wasm_func_new(other_store, other_type, hello_callback);
  wasm_functype_delete(other_type);
  wasm_extern_t* other_externs[] = {wasm_func_as_extern(other_func)};
  wasm_extern_vec_t other_imports = WASM_ARRAY_VEC(other_externs);
  wasm_trap_t* link_trap = NULL;
  CHECK(wasm_instance_new(store, module, &other_imports, &link_trap) == NULL);
  check_trap_message(link_trap, "wasm_instance_new: import 0 belongs to another store", "foreign import");
  wasm_func_delete(other_func);
  wasm_store_delete(other_store);

  /* Two imports with equal names: the same object twice links, two different objects do not.
   * (module (import "" "f" (func)) (import "" "f" (func))) */
  static const char dup_bytes[] =
      "\000asm\001\000\000\000\001\004\001`\000\000\002\013\002\000\001f\000\000\000\001f\000\000";
  wasm_byte_vec_t dup_binary = {sizeof dup_bytes - 1, (char*)dup_bytes};
  wasm_module_t* dup_module = wasm_module_new(store, &dup_binary);
  CHECK(dup_module != NULL);
  wasm_functype_t* f_type = wasm_functype_new_0_0();
  wasm_func_t* f1 = wasm_func_new(store, f_type, hello_callback);
  wasm_func_t* f2 = wasm_func_new(store, f_type, hello_callback);
  wasm_functype_delete(f_type);
  wasm_extern_t* same[] = {wasm_func_as_extern(f1), wasm_func_as_extern(f1)};
  wasm_extern_vec_t same_imports = WASM_ARRAY_VEC(same);
  wasm_instance_t* dup_instance = wasm_instance_new(store, dup_module, &same_imports, NULL);
  CHECK(dup_instance != NULL);
  wasm_instance_delete(dup_instance);
  wasm_extern_t* different[] = {wasm_func_as_extern(f1), wasm_func_as_extern(f2)};
  wasm_extern_vec_t different_imports = WASM_ARRAY_VEC(different);
  CHECK(wasm_instance_new(store, dup_module, &different_imports, &link_trap) == NULL);
  check_trap_message(link_trap, "wasm_instance_new: imports with equal names \"\" \"f\" given different objects",
                     "equal import names");
  wasm_func_delete(f1);
  wasm_func_delete(f2);
  wasm_module_delete(dup_module);

  wasm_extern_t* externs[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL);
  CHECK(trap == NULL);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK_EQ_INT(exports.size, 1);
  wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  CHECK(run != NULL);
  CHECK_EQ_INT(wasm_func_param_arity(run), 0);
  CHECK_EQ_INT(wasm_func_result_arity(run), 0);

  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(run, &args, &results) == NULL);
  CHECK_EQ_INT(calls, 2);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("hello");
  return 0;
}
