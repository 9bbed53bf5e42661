/* Uses only the standard WebAssembly C API (<wasm.h>) of an installed wasmvm, found with pkg-config:
 * compiles an embedded module, links a host callback, calls the export, checks the result and exits
 * non-zero on any wrong value. Run by scripts/test-install.sh. */
#include <stdio.h>
#include <wasm.h>

/* (import "host" "twice" (func (param i32) (result i32)))
 * (func (export "add_twice") (param i32 i32) (result i32)  twice(a + b)) */
static const unsigned char kModule[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x02,
    0x7f, 0x7f, 0x01, 0x7f, 0x02, 0x0e, 0x01, 0x04, 0x68, 0x6f, 0x73, 0x74, 0x05, 0x74, 0x77, 0x69, 0x63, 0x65,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07, 0x0d, 0x01, 0x09, 0x61, 0x64, 0x64, 0x5f, 0x74, 0x77, 0x69, 0x63,
    0x65, 0x00, 0x01, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x0b};

static int callbacks = 0;

static wasm_trap_t* twice(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  ++callbacks;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 2;
  return NULL;
}

int main(void) {
  int passes = 0, failures = 0;
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  wasm_byte_vec_new(&binary, sizeof kModule, (const wasm_byte_t*)kModule);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "FAIL wasm_module_new\n");
    return 1;
  }

  wasm_functype_t* twice_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* twice_func = wasm_func_new(store, twice_type, twice);
  wasm_functype_delete(twice_type);
  wasm_extern_t* imports_data[] = {wasm_func_as_extern(twice_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  if (!instance) {
    fprintf(stderr, "FAIL wasm_instance_new\n");
    return 1;
  }

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  const wasm_func_t* add_twice = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!add_twice) {
    fprintf(stderr, "FAIL: expected one exported function, got %zu exports\n", exports.size);
    return 1;
  }
  wasm_val_t args_data[] = {WASM_I32_VAL(19), WASM_I32_VAL(2)};
  wasm_val_t results_data[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(args_data);
  wasm_val_vec_t results = WASM_ARRAY_VEC(results_data);
  wasm_trap_t* trap = wasm_func_call(add_twice, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "FAIL add_twice trapped: %.*s\n", (int)message.size, message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    ++failures;
  } else if (results_data[0].kind != WASM_I32 || results_data[0].of.i32 != 42 || callbacks != 1) {
    fprintf(stderr, "FAIL add_twice(19, 2): want 42 with 1 callback, got %d with %d\n", results_data[0].of.i32,
            callbacks);
    ++failures;
  } else {
    printf("ok add_twice(19, 2) = 42\n");
    ++passes;
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(twice_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("%d passed, %d failed\n", passes, failures);
  return failures == 0 ? 0 : 1;
}
