// Differential-test driver for wasmvm: the same protocol and output as node_driver.js (see README.md). For
// each .wasm file: compile + instantiate with the binaryen fuzzing-support imports and a spectest stub, call
// every exported function with zero arguments (hangLimitInitializer first, when exported), print one line per
// import call and per export outcome. An export that uses up its fuel prints "hang NAME" and ends the module;
// run_differential.sh then tells node to stop at the same export (V8 cannot be interrupted in a sync call).
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmvm/wasmvm.h"

using namespace wasmvm;

namespace {

constexpr uint64_t kFuelPerCall = 20'000'000;

std::string hex(uint64_t v, int width) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%0*llx", width, static_cast<unsigned long long>(v));
  return b;
}

// NaNs are canonicalised to "nan": engines may legitimately produce different NaN bit patterns.
std::string text(const Value& v) {
  switch (v.type) {
    case ValType::I32: return std::string("i32:") + std::to_string(v.as_i32());
    case ValType::I64: return std::string("i64:") + std::to_string(v.as_i64());
    case ValType::F32: {
      uint32_t b = v.as_f32_bits();
      return (b & 0x7F800000u) == 0x7F800000u && (b & 0x7FFFFFu) ? "f32:nan" : std::string("f32:") + hex(b, 8);
    }
    case ValType::F64: {
      uint64_t b = v.as_f64_bits();
      bool nan = (b & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (b & 0xFFFFFFFFFFFFFull);
      return nan ? "f64:nan" : std::string("f64:") + hex(b, 16);
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return v.is_null() ? "ref:null" : "ref:nonnull";
    default: return "?";
  }
}

std::vector<std::string> out;
std::FILE* stops_out = nullptr;  // --stops-out: "INDEX FILE" per hang, read by node_driver.js --stops

void define_imports(Store& store, Linker& linker) {
  for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64}) {
    std::string name = std::string("log-") + (t == ValType::I32 ? "i32" : t == ValType::I64 ? "i64" : t == ValType::F32 ? "f32" : "f64");
    linker.define_func("fuzzing-support", name, FuncType{{t}, {}}, [name](Caller&, std::span<const Value> a, std::span<Value>) {
      std::string line = name;
      line += ' ';
      line += text(a[0]);
      out.push_back(line);
      return Status::Ok();
    });
  }
  // JS cannot receive a v128: V8 throws a TypeError when the guest calls this import; mirror it as a trap.
  linker.define_func("fuzzing-support", "log-v128", FuncType{{ValType::V128}, {}},
                     [](Caller&, std::span<const Value>, std::span<Value>) -> Status {
                       return make_error(ErrorKind::Trap, "log-v128 cannot be called from JS");
                     });
  auto print = [&](const char* name, std::vector<ValType> params) {
    std::string n = name;
    linker.define_func("spectest", n, FuncType{params, {}}, [n](Caller&, std::span<const Value> a, std::span<Value>) {
      std::string line = n;
      for (const Value& v : a) {
        line += ' ';
        line += text(v);
      }
      out.push_back(line);
      return Status::Ok();
    });
  };
  print("print", {});
  print("print_i32", {ValType::I32});
  print("print_i64", {ValType::I64});
  print("print_f32", {ValType::F32});
  print("print_f64", {ValType::F64});
  print("print_i32_f32", {ValType::I32, ValType::F32});
  print("print_f64_f64", {ValType::F64, ValType::F64});
  auto global = [&](const char* name, Value v) {
    auto g = store.create_global(GlobalType{v.type, false}, v);
    if (g.ok()) linker.define("spectest", name, Extern::of(g.value()));
  };
  global("global_i32", Value::from_i32(666));
  global("global_i64", Value::from_i64(666));
  global("global_f32", Value::from_f32(666.6f));
  global("global_f64", Value::from_f64(666.6));
  auto table = store.create_table(TableType{ValType::FuncRef, Limits{10, 20, true}}, Value::null_ref(ValType::FuncRef));
  if (table.ok()) linker.define("spectest", "table", Extern::of(table.value()));
  auto memory = store.create_memory(MemoryType{Limits{1, 2, true}});
  if (memory.ok()) linker.define("spectest", "memory", Extern::of(memory.value()));
}

void run_file(const std::string& file) {
  out.push_back(std::string("module ") + file);
  std::ifstream f(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  Config config;
  config.fuel = kFuelPerCall;
  Engine engine(config);
  auto module = Module::compile(engine, bytes);
  if (!module.ok()) {
    out.push_back(module.error().kind == ErrorKind::Limit ? std::string("limit ") + module.error().message : "compile-failed");
    return;
  }
  Store store(engine);
  Linker linker(store);
  define_imports(store, linker);
  store.set_fuel(kFuelPerCall);
  auto instance = linker.instantiate(module.value());
  if (!instance.ok()) {
    out.push_back("instantiate-failed");
    return;
  }
  Func hang_init = instance->func("hangLimitInitializer");
  size_t index = 0;
  for (const ExportType& e : module.value()->exports()) {
    if (e.type.kind != ExternKind::Func) continue;
    const size_t this_index = index++;
    const FuncType& t = e.type.func;
    bool v128 = false;
    for (ValType v : t.params) v128 |= v == ValType::V128;
    for (ValType v : t.results) v128 |= v == ValType::V128;
    if (v128) {
      out.push_back(std::string("skip ") + e.name);
      continue;
    }
    const size_t mark = out.size();
    store.set_fuel(kFuelPerCall);
    if (hang_init.valid()) (void)hang_init.call(store, {});
    std::vector<Value> args;
    for (ValType p : t.params) args.push_back(Value::default_for(p));
    store.set_fuel(kFuelPerCall);
    auto r = instance->func(e.name).call(store, args);
    if (!r.ok()) {
      if (r.error().kind == ErrorKind::Trap && store.fuel_remaining() <= 1) {
        out.resize(mark);  // node stops before this export: drop what the hanging call logged
        out.push_back(std::string("hang ") + e.name);
        if (stops_out) std::fprintf(stops_out, "%zu %s\n", this_index, file.c_str());
        return;
      }
      out.push_back(std::string("call ") + e.name + " trap");
      continue;
    }
    std::string line = std::string("call ") + e.name + " ->";
    for (const Value& v : r.value()) {
      line += ' ';
      line += text(v);
    }
    out.push_back(line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  if (argc > 2 && std::strcmp(argv[1], "--stops-out") == 0) {
    stops_out = std::fopen(argv[2], "w");
    if (!stops_out) {
      std::perror(argv[2]);
      return 66;
    }
    first = 3;
  }
  if (first >= argc) {
    std::fprintf(stderr, "usage: wasmvm-diff-driver [--stops-out FILE] FILE.wasm...\n");
    return 64;
  }
  for (int i = first; i < argc; i++) run_file(argv[i]);
  if (stops_out) std::fclose(stops_out);
  for (const std::string& l : out) std::cout << l << "\n";
  return 0;
}
