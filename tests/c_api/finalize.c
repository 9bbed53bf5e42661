/* finalize: host info finalizers across thousands of objects. Instances and their exports (store objects)
 * are finalized when their store is deleted, exactly once each and not before; foreign objects when
 * their last handle goes, unless they were passed to WebAssembly (then with the store); host function
 * environments with the store. */
#include "c_api_test.h"

enum { kInstances = 3000, kForeigns = 3000 };

static int instance_finalized[kInstances];
static int global_finalized = 0;
static int foreign_finalized = 0;
static int env_finalized = 0;

static void finalize_instance(void* data) { instance_finalized[(intptr_t)data]++; }
static void finalize_global(void* data) {
  CHECK(data == (void*)&global_finalized);
  global_finalized++;
}
static void finalize_foreign(void* data) {
  (void)data;
  foreign_finalized++;
}
static void finalize_env(void* env) {
  CHECK(env == (void*)&env_finalized);
  env_finalized++;
}

static wasm_trap_t* noop(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)env;
  (void)args;
  (void)results;
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new_with_env(store, type, noop, &env_finalized, finalize_env);
  wasm_functype_delete(type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(f)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);

  for (intptr_t i = 0; i < kInstances; i++) {
    wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
    CHECK(instance != NULL);
    wasm_instance_set_host_info_with_finalizer(instance, (void*)i, finalize_instance);
    CHECK(wasm_instance_get_host_info(instance) == (void*)i);
    /* Host info belongs to the object: a copy sees it. */
    wasm_instance_t* copy = wasm_instance_copy(instance);
    CHECK(wasm_instance_get_host_info(copy) == (void*)i);
    wasm_instance_delete(copy);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_global_t* x = wasm_extern_as_global(exports.data[1]);
    wasm_global_set_host_info_with_finalizer(x, &global_finalized, finalize_global);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  /* Nothing is finalized while the store lives. */
  for (int i = 0; i < kInstances; i++) CHECK_EQ_INT(instance_finalized[i], 0);
  CHECK_EQ_INT(global_finalized, 0);

  /* Foreign objects: finalized when the last handle goes. */
  for (int i = 0; i < kForeigns; i++) {
    wasm_foreign_t* foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(foreign, (void*)(intptr_t)i, finalize_foreign);
    wasm_foreign_t* copy = wasm_foreign_copy(foreign);
    wasm_foreign_delete(foreign);
    CHECK_EQ_INT(foreign_finalized, i);
    CHECK(wasm_foreign_get_host_info(copy) == (void*)(intptr_t)i);
    wasm_foreign_delete(copy);
    CHECK_EQ_INT(foreign_finalized, i + 1);
  }
  /* Replacing host info runs no finalizer; the last one set runs once. */
  wasm_foreign_t* replaced = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(replaced, NULL, finalize_foreign);
  wasm_foreign_set_host_info(replaced, (void*)1);
  wasm_foreign_delete(replaced);
  CHECK_EQ_INT(foreign_finalized, kForeigns);

  /* A foreign object held by WebAssembly (a global) lives until the store is deleted. */
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_externref(), WASM_VAR);
  wasm_foreign_t* held = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(held, NULL, finalize_foreign);
  wasm_val_t v = WASM_REF_VAL(wasm_foreign_as_ref(held));
  wasm_global_t* g = wasm_global_new(store, gt, &v);
  CHECK(g != NULL);
  wasm_globaltype_delete(gt);
  wasm_foreign_delete(held);
  CHECK_EQ_INT(foreign_finalized, kForeigns);

  /* Deleting the store first is allowed: it goes when its last handle does. */
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK_EQ_INT(env_finalized, 0);
  CHECK_EQ_INT(global_finalized, 0);
  wasm_func_delete(f);
  CHECK_EQ_INT(env_finalized, 0);
  wasm_global_delete(g);  /* the last handle */
  for (int i = 0; i < kInstances; i++) CHECK_EQ_INT(instance_finalized[i], 1);
  CHECK_EQ_INT(global_finalized, kInstances);
  CHECK_EQ_INT(foreign_finalized, kForeigns + 1);
  CHECK_EQ_INT(env_finalized, 1);

  /* Modules: finalized with their last handle. */
  wasm_store_t* store2 = wasm_store_new(engine);
  static int module_finalized = 0;
  wasm_module_t* m2 = load_module(store2, argc, argv);
  wasm_module_set_host_info_with_finalizer(m2, &module_finalized, finalize_foreign);
  wasm_module_t* m2_copy = wasm_module_copy(m2);
  CHECK(wasm_module_same(m2, m2_copy));
  wasm_module_delete(m2);
  CHECK_EQ_INT(foreign_finalized, kForeigns + 1);
  wasm_module_delete(m2_copy);
  CHECK_EQ_INT(foreign_finalized, kForeigns + 2);
  wasm_store_delete(store2);
  wasm_engine_delete(engine);
  report_pass("finalize");
  return 0;
}
