// Value types, function types and limits of WebAssembly 2.0, shared by decoder, vm and embedders.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace wasmvm {

enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

inline bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
inline bool is_valtype_byte(uint8_t b) {
  return b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x7B || b == 0x70 || b == 0x6F;
}
const char* valtype_name(ValType t);  // "i32", "funcref", ... (decoder/opcodes.cpp)

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
  std::string to_string() const;  // "(i32, i64) -> (f32)" (decoder/opcodes.cpp)
};

struct Limits {
  uint32_t min = 0;
  uint32_t max = 0;
  bool has_max = false;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // memory32: 4 GiB

}  // namespace wasmvm
