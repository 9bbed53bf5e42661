/* threads: one engine and one module shared by several threads, each with its own store; half of the
 * threads use the module directly, half obtain it from wasm_module_share. Each instance keeps its own
 * state (the reported counter must be 1000 * id * rounds). */
#include <pthread.h>

#include "c_api_test.h"

enum { kThreads = 4, kRounds = 20 };

static wasm_engine_t* engine;
static wasm_module_t* module;
static wasm_shared_module_t* shared;

typedef struct {
  int id;
  int32_t last_report;
  int reports;
} thread_state;

static wasm_trap_t* report(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  thread_state* st = (thread_state*)env;
  st->last_report = args->data[0].of.i32;
  st->reports++;
  return NULL;
}

static void* run_thread(void* arg) {
  thread_state* st = (thread_state*)arg;
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* own_module = NULL;
  const wasm_module_t* m = module;
  if (st->id % 2) {
    own_module = wasm_module_obtain(store, shared);
    CHECK(own_module != NULL);
    m = own_module;
  }
  wasm_functype_t* type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* report_func = wasm_func_new_with_env(store, type, report, st, NULL);
  wasm_functype_delete(type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(report_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, m, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  for (int i = 0; i < kRounds; i++) {
    wasm_val_t as[1] = {WASM_I32_VAL(st->id)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(as), results = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(run, &args, &results) == NULL);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(report_func);
  if (own_module) wasm_module_delete(own_module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char** argv) {
  engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  module = load_module(store, argc, argv);
  shared = wasm_module_share(module);
  CHECK(shared != NULL);

  pthread_t threads[kThreads];
  thread_state states[kThreads];
  for (int i = 0; i < kThreads; i++) {
    states[i].id = i + 1;
    states[i].last_report = 0;
    states[i].reports = 0;
    CHECK(pthread_create(&threads[i], NULL, run_thread, &states[i]) == 0);
  }
  for (int i = 0; i < kThreads; i++) CHECK(pthread_join(threads[i], NULL) == 0);
  for (int i = 0; i < kThreads; i++) {
    CHECK_EQ_INT(states[i].reports, kRounds);
    CHECK_EQ_INT(states[i].last_report, 1000 * states[i].id * kRounds);
  }

  wasm_shared_module_delete(shared);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("threads");
  return 0;
}
