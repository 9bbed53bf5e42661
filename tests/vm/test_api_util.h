// Helpers for the embedding-API tests: WebAssembly text -> binary through wabt's `wat2wasm`
// (installed with the project's dependencies), then Module::compile.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "wasmvm/wasmvm.h"

// tests/vm/CMakeLists.txt passes the wat2wasm found at configure time; fall back to PATH.
#ifndef WASMVM_WAT2WASM
#define WASMVM_WAT2WASM "wat2wasm"
#endif

namespace wasmvm::test {

// Converts WAT text to a binary module; fails the current test (and returns empty) on error.
inline std::vector<uint8_t> wat_to_wasm(const std::string& wat) {
  static std::atomic<int> counter{0};
  std::string base = "/tmp/wasmvm_test_api_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  std::string wat_path = base + ".wat", wasm_path = base + ".wasm";
  {
    std::ofstream out(wat_path);
    out << wat;
  }
  std::string cmd = std::string(WASMVM_WAT2WASM) + " " + wat_path + " -o " + wasm_path + " 2>&1";
  std::string output;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (fgets(buf, sizeof buf, p)) output += buf;
    int rc = pclose(p);
    EXPECT_EQ(rc, 0) << "wat2wasm failed (is wabt installed?):\n" << output << "\n" << wat;
  } else {
    ADD_FAILURE() << "cannot run wat2wasm";
  }
  std::ifstream in(wasm_path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(wat_path.c_str());
  std::remove(wasm_path.c_str());
  return bytes;
}

// Compiles WAT text; nullptr (with a test failure recorded) on error.
inline std::shared_ptr<const Module> compile_wat(const Engine& engine, const std::string& wat) {
  std::vector<uint8_t> bytes = wat_to_wasm(wat);
  if (bytes.empty()) return nullptr;
  auto m = Module::compile(engine, bytes);
  if (!m.ok()) {
    ADD_FAILURE() << "compile failed: " << m.error().to_string() << "\n" << wat;
    return nullptr;
  }
  return m.value();
}

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace wasmvm::test
