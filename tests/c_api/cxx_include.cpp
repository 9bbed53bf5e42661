// wasm.h is usable from C++ too: declarations have C linkage and the inline helpers compile as C++.
#include "wasm.h"

#include <cstdio>

int main() {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_functype_t* type = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_i64());
  int failed = 0;
  if (wasm_functype_params(type)->size != 2 || wasm_valtype_kind(wasm_functype_results(type)->data[0]) != WASM_I64) {
    std::printf("functype built from C++ is wrong\n");
    failed = 1;
  }
  wasm_val_t v;
  wasm_val_init_ptr(&v, &failed);
  if (wasm_val_ptr(&v) != &failed) {
    std::printf("wasm_val_ptr round trip failed\n");
    failed = 1;
  }
  wasm_functype_delete(type);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  std::printf("%d passed, %d failed\n", 2 - failed, failed);
  return failed;
}
