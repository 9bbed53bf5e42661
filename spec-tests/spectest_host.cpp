#include "spec-tests/spectest_host.h"

#include <utility>

namespace wasmvm::spec {
namespace {

void define_print(Linker& linker, const char* name, std::vector<ValType> params) {
  FuncType type;
  type.params = std::move(params);
  // The spec's print functions only have side effects on a console; the tests never observe them.
  linker.define_func("spectest", name, std::move(type),
                     [](Caller&, std::span<const Value>, std::span<Value>) { return Status::Ok(); });
}

Status define_global(Linker& linker, const char* name, ValType type, const Value& init) {
  Store& store = linker.store();
  Result<Global> g = store.create_global(GlobalType{type, false}, init);
  if (!g.ok()) return g.error();
  linker.define("spectest", name, Extern::of(g.value()));
  return Status::Ok();
}

}  // namespace

Status define_spectest(Linker& linker) {
  define_print(linker, "print", {});
  define_print(linker, "print_i32", {ValType::I32});
  define_print(linker, "print_i64", {ValType::I64});
  define_print(linker, "print_f32", {ValType::F32});
  define_print(linker, "print_f64", {ValType::F64});
  define_print(linker, "print_i32_f32", {ValType::I32, ValType::F32});
  define_print(linker, "print_f64_f64", {ValType::F64, ValType::F64});

  WASMVM_TRY(define_global(linker, "global_i32", ValType::I32, Value::from_i32(666)));
  WASMVM_TRY(define_global(linker, "global_i64", ValType::I64, Value::from_i64(666)));
  WASMVM_TRY(define_global(linker, "global_f32", ValType::F32, Value::from_f32(666.6f)));
  WASMVM_TRY(define_global(linker, "global_f64", ValType::F64, Value::from_f64(666.6)));

  Store& store = linker.store();
  TableType table_type;
  table_type.elem = ValType::FuncRef;
  table_type.limits = Limits{10, 20, true};
  Result<Table> table = store.create_table(table_type, Value::null_ref(ValType::FuncRef));
  if (!table.ok()) return table.error();
  linker.define("spectest", "table", Extern::of(table.value()));

  MemoryType memory_type;
  memory_type.limits = Limits{1, 2, true};
  Result<Memory> memory = store.create_memory(memory_type);
  if (!memory.ok()) return memory.error();
  linker.define("spectest", "memory", Extern::of(memory.value()));
  return Status::Ok();
}

}  // namespace wasmvm::spec
