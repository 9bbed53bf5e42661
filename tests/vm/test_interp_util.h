// Helpers for the compiler/interpreter tests: a small harness that compiles WAT (wat2wasm),
// instantiates it with optional host functions and calls exports with typed arguments.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/vm/test_api_util.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::test {

// wat2wasm --debug-names (keeps function names in the binary's name section).
inline std::vector<uint8_t> wat_to_wasm_named(const std::string& wat) {
  std::string base = "/tmp/wasmvm_test_interp_" + std::to_string(getpid());
  std::string wat_path = base + ".wat", wasm_path = base + ".wasm";
  {
    std::ofstream out(wat_path);
    out << wat;
  }
  std::string cmd = std::string(WASMVM_WAT2WASM) + " --debug-names " + wat_path + " -o " + wasm_path;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(wasm_path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(wat_path.c_str());
  std::remove(wasm_path.c_str());
  return bytes;
}

class Vm {
 public:
  explicit Vm(Config cfg = {}) : engine_(cfg), store_(engine_), linker_(store_) {}

  Linker& linker() { return linker_; }
  Store& store() { return store_; }
  Instance& instance() { return *inst_; }

  // Compiles and instantiates; records a test failure and returns false on error. With
  // debug_names, wat2wasm emits the name section ($names appear in backtraces).
  bool load(const std::string& wat, bool debug_names = false) {
    std::shared_ptr<const Module> m;
    if (debug_names) {
      std::vector<uint8_t> bytes = wat_to_wasm_named(wat);
      auto r = Module::compile(engine_, bytes);
      if (!r.ok()) {
        ADD_FAILURE() << "compile failed: " << r.error().to_string();
        return false;
      }
      m = r.value();
    } else {
      m = compile_wat(engine_, wat);
    }
    if (!m) return false;
    auto i = linker_.instantiate(m);
    if (!i.ok()) {
      ADD_FAILURE() << "instantiate failed: " << i.error().to_string();
      return false;
    }
    inst_.emplace(i.value());
    return true;
  }

  Result<std::vector<Value>> call(const std::string& name, std::vector<Value> args = {}) {
    return inst_->call(name, args);
  }

  // Calls an export expected to return exactly one value; fails the test otherwise.
  Value one(const std::string& name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    if (!r.ok()) {
      ADD_FAILURE() << name << " failed: " << r.error().message;
      return Value();
    }
    if (r.value().size() != 1) {
      ADD_FAILURE() << name << " returned " << r.value().size() << " values";
      return Value();
    }
    return r.value()[0];
  }
  int32_t i32(const std::string& name, std::vector<Value> args = {}) { return one(name, std::move(args)).as_i32(); }
  int64_t i64(const std::string& name, std::vector<Value> args = {}) { return one(name, std::move(args)).as_i64(); }

  // Calls an export expected to trap; returns the error (kind Trap unless stated otherwise).
  Error trap(const std::string& name, std::vector<Value> args = {}) {
    auto r = call(name, std::move(args));
    if (r.ok()) {
      ADD_FAILURE() << name << " did not trap";
      return Error{};
    }
    return r.error();
  }

 private:
  Engine engine_;
  Store store_;
  Linker linker_;
  std::optional<Instance> inst_;
};

inline Value I32(int32_t v) { return Value::from_i32(v); }
inline Value I64(int64_t v) { return Value::from_i64(v); }
inline Value F32(float v) { return Value::from_f32(v); }
inline Value F64(double v) { return Value::from_f64(v); }

}  // namespace wasmvm::test
