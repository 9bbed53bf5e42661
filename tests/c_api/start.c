/* start: a start function that traps makes wasm_instance_new fail with that trap and its frames. */
#include "c_api_test.h"

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance == NULL);
  CHECK(trap != NULL);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK_EQ_INT(trace.size, 2);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[0]), 1);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[1]), 0);
  CHECK(wasm_frame_instance(trace.data[0]) != NULL);
  CHECK(wasm_frame_module_offset(trace.data[0]) > wasm_frame_module_offset(trace.data[1]));
  wasm_frame_vec_delete(&trace);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  CHECK_EQ_INT(wasm_frame_func_index(origin), 1);
  wasm_frame_delete(origin);
  check_trap_message(trap, "unreachable", "start trap");

  /* Without a trap pointer the failure is still clean. */
  CHECK(wasm_instance_new(store, module, &imports, NULL) == NULL);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("start");
  return 0;
}
