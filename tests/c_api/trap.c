/* trap: traps raised by a host callback and by WebAssembly (message, origin, trace with function
 * indices, offsets and instance), traps made by the host, trap identity and host info. */
#include "c_api_test.h"

static wasm_store_t* the_store = NULL;

static wasm_trap_t* fail_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "callback abort");
  wasm_trap_t* trap = wasm_trap_new(the_store, &message);
  wasm_name_delete(&message);
  return trap;
}

static wasm_trap_t* call0(const wasm_func_t* f, size_t nresults) {
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = {nresults, rs};
  return wasm_func_call(f, &args, &results);
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  the_store = store;
  wasm_module_t* module = load_module(store, argc, argv);

  wasm_functype_t* fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* fail = wasm_func_new(store, fail_type, fail_callback);
  wasm_functype_delete(fail_type);
  wasm_extern_t* externs[] = {wasm_func_as_extern(fail)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK_EQ_INT(exports.size, 3);

  /* A host callback's trap comes back with its message. */
  wasm_trap_t* trap = call0(wasm_extern_as_func(exports.data[0]), 1);
  CHECK(trap != NULL);
  wasm_trap_t* copy = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(trap, copy));
  wasm_trap_set_host_info(copy, (void*)0x42);
  CHECK(wasm_trap_get_host_info(trap) == (void*)0x42);
  wasm_trap_delete(copy);
  check_trap_message(trap, "callback abort", "callback trap");

  /* A WebAssembly trap: message and frames, innermost first
   * (function indices: fail = 0, callback = 1, $inner = 2, $middle = 3, divide = 4). */
  trap = call0(wasm_extern_as_func(exports.data[1]), 0);
  CHECK(trap != NULL);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin != NULL);
  CHECK_EQ_INT(wasm_frame_func_index(origin), 2);
  CHECK(wasm_frame_module_offset(origin) > 0);
  /* $inner's body: locals (1 byte), i32.const 1 (2), i32.const 0 (2), then the trapping i32.div_s. */
  CHECK_EQ_INT(wasm_frame_func_offset(origin), 5);
  CHECK(wasm_frame_func_offset(origin) < wasm_frame_module_offset(origin));
  CHECK(wasm_frame_instance(origin) != NULL);
  CHECK(wasm_instance_same(wasm_frame_instance(origin), instance));
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  CHECK_EQ_INT(wasm_frame_module_offset(origin_copy), wasm_frame_module_offset(origin));
  wasm_frame_delete(origin_copy);

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  CHECK_EQ_INT(trace.size, 3);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[0]), 2);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[1]), 3);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[2]), 4);
  CHECK_EQ_INT(wasm_frame_module_offset(trace.data[0]), wasm_frame_module_offset(origin));
  /* Functions are laid out in index order: callers sit at higher offsets. */
  CHECK(wasm_frame_module_offset(trace.data[1]) > wasm_frame_module_offset(trace.data[0]));
  CHECK(wasm_frame_module_offset(trace.data[2]) > wasm_frame_module_offset(trace.data[1]));
  wasm_frame_vec_t trace_copy;
  wasm_frame_vec_copy(&trace_copy, &trace);
  CHECK_EQ_INT(trace_copy.size, 3);
  CHECK_EQ_INT(wasm_frame_func_index(trace_copy.data[2]), 4);
  wasm_frame_vec_delete(&trace_copy);
  wasm_frame_vec_delete(&trace);
  wasm_frame_delete(origin);
  check_trap_message(trap, "integer divide by zero", "divide");

  trap = call0(wasm_extern_as_func(exports.data[2]), 0);
  CHECK(trap != NULL);
  wasm_trap_trace(trap, &trace);
  CHECK_EQ_INT(trace.size, 1);
  CHECK_EQ_INT(wasm_frame_func_index(trace.data[0]), 5);
  CHECK_EQ_INT(wasm_frame_func_offset(trace.data[0]), 1);  /* after the locals byte */
  wasm_frame_vec_delete(&trace);
  check_trap_message(trap, "unreachable", "unreachable");

  /* A host-made trap has no frames; a message without NUL gets one. */
  wasm_message_t raw = {3, "abc"};
  trap = wasm_trap_new(store, &raw);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_trap_trace(trap, &trace);
  CHECK_EQ_INT(trace.size, 0);
  wasm_frame_vec_delete(&trace);
  wasm_ref_t* as_ref = wasm_trap_as_ref(trap);
  CHECK(wasm_ref_as_trap(as_ref) == trap);
  CHECK(wasm_ref_as_func(as_ref) == NULL);
  check_trap_message(trap, "abc", "host trap");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(fail);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("trap");
  return 0;
}
