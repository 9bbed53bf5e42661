/* reflect: the import and export types of a module (names, kinds, function signatures, limits,
 * mutability), the same types read from the instance's exports, and type object copies. */
#include "c_api_test.h"

static void check_name(const wasm_name_t* name, const char* expected) {
  CHECK_EQ_INT(name->size, strlen(expected));
  CHECK(memcmp(name->data, expected, name->size) == 0);
}

static void check_valtypes(const wasm_valtype_vec_t* v, size_t n, const wasm_valkind_t* kinds) {
  CHECK_EQ_INT(v->size, n);
  for (size_t i = 0; i < n; i++) CHECK_EQ_INT(wasm_valtype_kind(v->data[i]), kinds[i]);
}

static void check_export_types(const wasm_externtype_t* func, const wasm_externtype_t* global,
                               const wasm_externtype_t* table, const wasm_externtype_t* memory) {
  CHECK_EQ_INT(wasm_externtype_kind(func), WASM_EXTERN_FUNC);
  const wasm_functype_t* ft = wasm_externtype_as_functype_const(func);
  CHECK(ft != NULL);
  const wasm_valkind_t params[] = {WASM_I32, WASM_F32, WASM_I64, WASM_F64};
  const wasm_valkind_t results[] = {WASM_I32, WASM_EXTERNREF, WASM_FUNCREF};
  check_valtypes(wasm_functype_params(ft), 4, params);
  check_valtypes(wasm_functype_results(ft), 3, results);
  CHECK(wasm_valtype_is_ref(wasm_functype_results(ft)->data[1]));
  CHECK(wasm_valtype_is_num(wasm_functype_results(ft)->data[0]));

  CHECK_EQ_INT(wasm_externtype_kind(global), WASM_EXTERN_GLOBAL);
  const wasm_globaltype_t* gt = wasm_externtype_as_globaltype_const(global);
  CHECK(gt != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(gt)), WASM_F32);
  CHECK_EQ_INT(wasm_globaltype_mutability(gt), WASM_CONST);

  CHECK_EQ_INT(wasm_externtype_kind(table), WASM_EXTERN_TABLE);
  const wasm_tabletype_t* tt = wasm_externtype_as_tabletype_const(table);
  CHECK(tt != NULL);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_tabletype_element(tt)), WASM_FUNCREF);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->min, 2);
  CHECK_EQ_INT(wasm_tabletype_limits(tt)->max, 7);

  CHECK_EQ_INT(wasm_externtype_kind(memory), WASM_EXTERN_MEMORY);
  const wasm_memorytype_t* mt = wasm_externtype_as_memorytype_const(memory);
  CHECK(mt != NULL);
  CHECK_EQ_INT(wasm_memorytype_limits(mt)->min, 1);  /* the imported memory, re-exported */
  CHECK_EQ_INT(wasm_memorytype_limits(mt)->max, 4);
  CHECK(wasm_externtype_as_functype_const(memory) == NULL);
}

static wasm_trap_t* log_callback(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  return NULL;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_module(store, argc, argv);

  /* Imports. */
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK_EQ_INT(imports.size, 4);
  check_name(wasm_importtype_module(imports.data[0]), "env");
  check_name(wasm_importtype_name(imports.data[0]), "log");
  const wasm_functype_t* log_type = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  CHECK(log_type != NULL);
  const wasm_valkind_t log_params[] = {WASM_I32, WASM_F64};
  check_valtypes(wasm_functype_params(log_type), 2, log_params);
  check_valtypes(wasm_functype_results(log_type), 0, NULL);
  check_name(wasm_importtype_name(imports.data[1]), "mem");
  const wasm_memorytype_t* mem_type = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[1]));
  CHECK(mem_type && wasm_memorytype_limits(mem_type)->min == 1 && wasm_memorytype_limits(mem_type)->max == 4);
  check_name(wasm_importtype_module(imports.data[2]), "other");
  check_name(wasm_importtype_name(imports.data[2]), "counter");
  const wasm_globaltype_t* counter = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[2]));
  CHECK(counter && wasm_globaltype_mutability(counter) == WASM_VAR);
  CHECK_EQ_INT(wasm_valtype_kind(wasm_globaltype_content(counter)), WASM_I64);
  const wasm_tabletype_t* refs = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[3]));
  CHECK(refs && wasm_valtype_kind(wasm_tabletype_element(refs)) == WASM_EXTERNREF);
  CHECK_EQ_INT(wasm_tabletype_limits(refs)->min, 3);
  CHECK_EQ_INT(wasm_tabletype_limits(refs)->max, wasm_limits_max_default);

  /* Copies are deep and equal. */
  wasm_importtype_vec_t imports_copy;
  wasm_importtype_vec_copy(&imports_copy, &imports);
  CHECK_EQ_INT(imports_copy.size, 4);
  CHECK(imports_copy.data[3] != imports.data[3]);
  check_name(wasm_importtype_name(imports_copy.data[3]), "refs");
  wasm_importtype_vec_delete(&imports_copy);
  wasm_importtype_vec_delete(&imports);

  /* Exports, from the module. */
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK_EQ_INT(exports.size, 4);
  check_name(wasm_exporttype_name(exports.data[0]), "func");
  check_name(wasm_exporttype_name(exports.data[1]), "global");
  check_name(wasm_exporttype_name(exports.data[2]), "table");
  check_name(wasm_exporttype_name(exports.data[3]), "memory");
  check_export_types(wasm_exporttype_type(exports.data[0]), wasm_exporttype_type(exports.data[1]),
                     wasm_exporttype_type(exports.data[2]), wasm_exporttype_type(exports.data[3]));
  wasm_exporttype_vec_delete(&exports);

  /* Exports, from an instance (imports created by the host). */
  wasm_functype_t* log_ft = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_f64());
  wasm_limits_t mem_limits = {1, 4};
  wasm_memorytype_t* mt = wasm_memorytype_new(&mem_limits);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_limits_t table_limits = {3, wasm_limits_max_default};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_externref(), &table_limits);
  wasm_val_t zero = WASM_I64_VAL(0);
  wasm_memory_t* mem = wasm_memory_new(store, mt);
  wasm_global_t* glob = wasm_global_new(store, gt, &zero);
  wasm_table_t* tab = wasm_table_new(store, tt, NULL);
  CHECK(mem && glob && tab);
  wasm_extern_t* ext_type_check = wasm_memory_as_extern(mem);
  wasm_externtype_t* et = wasm_extern_type(ext_type_check);
  CHECK_EQ_INT(wasm_externtype_kind(et), WASM_EXTERN_MEMORY);
  wasm_externtype_delete(et);

  /* wasm_func_new needs a callback. */
  CHECK(wasm_func_new(store, log_ft, NULL) == NULL);
  wasm_func_t* log_func = wasm_func_new(store, log_ft, log_callback);
  CHECK(log_func != NULL);
  wasm_functype_delete(log_ft);
  wasm_memorytype_delete(mt);
  wasm_globaltype_delete(gt);
  wasm_tabletype_delete(tt);

  /* Wrong import kinds by position: instantiation fails with a trap. */
  wasm_extern_t* wrong[] = {wasm_memory_as_extern(mem), wasm_memory_as_extern(mem), wasm_global_as_extern(glob),
                            wasm_table_as_extern(tab)};
  wasm_extern_vec_t wrong_imports = WASM_ARRAY_VEC(wrong);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &wrong_imports, &trap) == NULL);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);
  /* Too few imports. */
  wasm_extern_vec_t too_few = {2, wrong};
  trap = NULL;
  CHECK(wasm_instance_new(store, module, &too_few, &trap) == NULL);
  check_trap_message(trap, "wasm_instance_new: the module has 4 import(s), got 2", "too few imports");

  /* The right imports: the instance's exports have the module's export types. */
  wasm_extern_t* right[] = {wasm_func_as_extern(log_func), wasm_memory_as_extern(mem), wasm_global_as_extern(glob),
                            wasm_table_as_extern(tab)};
  wasm_extern_vec_t right_imports = WASM_ARRAY_VEC(right);
  wasm_instance_t* instance = wasm_instance_new(store, module, &right_imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_t externs;
  wasm_instance_exports(instance, &externs);
  CHECK_EQ_INT(externs.size, 4);
  wasm_externtype_t* types[4];
  for (int i = 0; i < 4; i++) types[i] = wasm_extern_type(externs.data[i]);
  CHECK_EQ_INT(wasm_extern_kind(externs.data[2]), WASM_EXTERN_TABLE);
  check_export_types(types[0], types[1], types[2], types[3]);
  wasm_externtype_t* type_copy = wasm_externtype_copy(types[0]);
  check_export_types(type_copy, types[1], types[2], types[3]);
  wasm_externtype_delete(type_copy);
  for (int i = 0; i < 4; i++) wasm_externtype_delete(types[i]);
  wasm_extern_vec_delete(&externs);
  wasm_instance_delete(instance);

  wasm_func_delete(log_func);
  wasm_memory_delete(mem);
  wasm_global_delete(glob);
  wasm_table_delete(tab);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  report_pass("reflect");
  return 0;
}
