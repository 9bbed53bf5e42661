/* memory: an exported memory read and written from both sides, bounds (loads/stores out of bounds
 * trap), growth up to the maximum, and a host-created memory. */
#include "c_api_test.h"

static wasm_trap_t* call(const wasm_func_t* f, int32_t* out, int nargs, int32_t a, int32_t b) {
  wasm_val_t as[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t rs[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {(size_t)nargs, as};
  wasm_val_vec_t results = {out ? 1u : 0u, rs};
  wasm_trap_t* trap = wasm_func_call(f, &args, &results);
  if (!trap && out) {
    CHECK_EQ_INT(rs[0].kind, WASM_I32);
    *out = rs[0].of.i32;
  }
  return trap;
}

static int32_t call_ok(const wasm_func_t* f, int nargs, int32_t a, int32_t b) {
  int32_t r = 0;
  wasm_trap_t* trap = call(f, &r, nargs, a, b);
  CHECK(trap == NULL);
  return r;
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
  CHECK_EQ_INT(exports.size, 4);
  wasm_memory_t* memory = wasm_extern_as_memory(exports.data[0]);
  wasm_func_t* size_func = wasm_extern_as_func(exports.data[1]);
  wasm_func_t* load_func = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* store_func = wasm_extern_as_func(exports.data[3]);
  CHECK(memory && size_func && load_func && store_func);

  /* Initial state. */
  CHECK_EQ_INT(wasm_memory_size(memory), 2);
  CHECK_EQ_INT(wasm_memory_data_size(memory), 2 * 0x10000);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data != NULL);
  CHECK_EQ_INT(data[0], 0);
  CHECK_EQ_INT(data[0x1000], 1);
  CHECK_EQ_INT(data[0x1003], 4);
  CHECK_EQ_INT(call_ok(size_func, 0, 0, 0), 2);
  CHECK_EQ_INT(call_ok(load_func, 1, 0, 0), 0);
  CHECK_EQ_INT(call_ok(load_func, 1, 0x1000, 0), 1);
  CHECK_EQ_INT(call_ok(load_func, 1, 0x1003, 0), 4);
  CHECK_EQ_INT(call_ok(load_func, 1, 0x1ffff, 0), 0);

  /* Out of bounds: a trap with the spec's message, memory unchanged. */
  int32_t r = 0;
  check_trap_message(call(load_func, &r, 1, 0x20000, 0), "out of bounds memory access", "load 0x20000");
  check_trap_message(call(load_func, &r, 1, -1, 0), "out of bounds memory access", "load -1");
  check_trap_message(call(store_func, NULL, 2, 0x20000, 5), "out of bounds memory access", "store 0x20000");

  /* Writes from both sides. */
  data[0x1002] = 6;
  CHECK_EQ_INT(call_ok(load_func, 1, 0x1002, 0), 6);
  CHECK(call(store_func, NULL, 2, 0x1002, 7) == NULL);
  CHECK_EQ_INT(data[0x1002], 7);
  CHECK(call(store_func, NULL, 2, 0x1ffff, -9) == NULL);
  CHECK_EQ_INT(data[0x1ffff], -9);

  /* Grow to the maximum (3 pages), then refuse. */
  CHECK(wasm_memory_grow(memory, 1));
  CHECK_EQ_INT(wasm_memory_size(memory), 3);
  CHECK_EQ_INT(wasm_memory_data_size(memory), 3 * 0x10000);
  data = wasm_memory_data(memory);
  CHECK_EQ_INT(data[0x1002], 7);
  CHECK_EQ_INT(call_ok(size_func, 0, 0, 0), 3);
  CHECK_EQ_INT(call_ok(load_func, 1, 0x20000, 0), 0);
  check_trap_message(call(load_func, &r, 1, 0x30000, 0), "out of bounds memory access", "load 0x30000");
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK_EQ_INT(wasm_memory_size(memory), 3);
  CHECK(wasm_memory_grow(memory, 0));
  CHECK_EQ_INT(wasm_memory_size(memory), 3);

  wasm_memorytype_t* mt = wasm_memory_type(memory);
  const wasm_limits_t* limits = wasm_memorytype_limits(mt);
  CHECK_EQ_INT(limits->min, 3);
  CHECK_EQ_INT(limits->max, 3);
  wasm_memorytype_delete(mt);

  /* A host-created memory without maximum. */
  wasm_limits_t new_limits = {5, wasm_limits_max_default};
  wasm_memorytype_t* new_type = wasm_memorytype_new(&new_limits);
  wasm_memory_t* memory2 = wasm_memory_new(store, new_type);
  wasm_memorytype_delete(new_type);
  CHECK(memory2 != NULL);
  CHECK_EQ_INT(wasm_memory_size(memory2), 5);
  CHECK(wasm_memory_grow(memory2, 1));
  CHECK_EQ_INT(wasm_memory_size(memory2), 6);
  CHECK_EQ_INT(wasm_memory_data(memory2)[6 * 0x10000 - 1], 0);
  wasm_memorytype_t* t2 = wasm_memory_type(memory2);
  CHECK_EQ_INT(wasm_memorytype_limits(t2)->max, wasm_limits_max_default);
  wasm_memorytype_delete(t2);
  /* Invalid limits: min above max. */
  wasm_limits_t bad_limits = {2, 1};
  wasm_memorytype_t* bad_type = wasm_memorytype_new(&bad_limits);
  CHECK(wasm_memory_new(store, bad_type) == NULL);
  wasm_memorytype_delete(bad_type);

  wasm_memory_delete(memory2);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("memory");
  return 0;
}
