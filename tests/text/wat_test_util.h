// Helpers for the text-format tests: convert wat and pick sections / the first function body out
// of the result, so expected bytes can be written per instruction or per section.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "text/wat.h"

namespace wasmvm::text::test {

using Bytes = std::vector<uint8_t>;

inline Bytes wat(const std::string& source) {
  Bytes out;
  TextError err;
  EXPECT_TRUE(wat_to_binary(source, out, err)) << err.to_string() << "\n" << source;
  return out;
}

// The error of a source that must not parse ("" if it parsed).
inline std::string wat_error(const std::string& source) {
  Bytes out;
  TextError err;
  if (wat_to_binary(source, out, err)) return "";
  return err.to_string();
}

inline uint64_t read_u(const Bytes& b, size_t& p) {
  uint64_t v = 0;
  for (unsigned shift = 0; p < b.size(); shift += 7) {
    uint8_t x = b[p++];
    v |= uint64_t(x & 0x7F) << shift;
    if (!(x & 0x80)) break;
  }
  return v;
}

// Payload of the first section with `id` (empty if none).
inline Bytes section(const Bytes& m, uint8_t id) {
  size_t p = 8;
  while (p < m.size()) {
    uint8_t sid = m[p++];
    size_t n = read_u(m, p);
    if (sid == id) return Bytes(m.begin() + p, m.begin() + p + n);
    p += n;
  }
  return {};
}

inline bool has_section(const Bytes& m, uint8_t id) {
  size_t p = 8;
  while (p < m.size()) {
    uint8_t sid = m[p++];
    size_t n = read_u(m, p);
    if (sid == id) return true;
    p += n;
  }
  return false;
}

// Instruction bytes of function `index` (after its locals, without the final end).
inline Bytes code(const Bytes& m, size_t index = 0, Bytes* locals = nullptr) {
  Bytes c = section(m, 10);
  size_t p = 0;
  size_t count = read_u(c, p);
  for (size_t i = 0; i < count; i++) {
    size_t size = read_u(c, p);
    size_t end = p + size;
    if (i == index) {
      size_t start = p;
      size_t groups = read_u(c, p);
      for (size_t g = 0; g < groups; g++) {
        read_u(c, p);
        p++;
      }
      if (locals) *locals = Bytes(c.begin() + start, c.begin() + p);
      return Bytes(c.begin() + p, c.begin() + end - 1);
    }
    p = end;
  }
  return {};
}

// Body of `(module (func ...signature/instructions...))`, with optional extra fields before it.
inline Bytes body(const std::string& func, const std::string& fields = "") {
  return code(wat("(module " + fields + " (func " + func + "))"));
}

}  // namespace wasmvm::text::test
