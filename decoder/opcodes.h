// Opcode enum and metadata, generated from opcodes.def (the single source of truth).
#pragma once
#include <cstdint>
#include <string_view>

namespace wasmvm {

enum class ImmKind : uint8_t {
  None,
  BlockType,     // block type: empty, value type, or s33 type index
  Label,         // label index
  BrTable,       // vector of labels + default
  Func,          // function index
  CallIndirect,  // type index, table index
  Local,         // local index
  Global,        // global index
  Table,         // table index
  MemArg,        // align (log2), offset
  Memory,        // memory index byte (must be 0 in 2.0)
  I32,           // s32 LEB
  I64,           // s64 LEB
  F32,           // 4 raw bytes
  F64,           // 8 raw bytes
  SelectT,       // vector of value types (exactly one in 2.0)
  RefType,       // reference type byte
  Data,          // data index
  Elem,          // element index
  MemoryInit,    // data index, memory index byte
  MemoryCopy,    // two memory index bytes
  TableInit,     // elem index, table index
  TableCopy,     // dst table index, src table index
  V128,          // 16 raw bytes
  Shuffle,       // 16 lane index bytes (each < 32)
  Lane,          // one lane index byte
  MemArgLane,    // memarg, then lane index byte
};

enum class Op : uint16_t {
#define WASM_OP(Name, prefix, code, text, imm, sig, extra) Name,
#include "opcodes.def"
#undef WASM_OP
  Count_
};

constexpr size_t kNumOps = static_cast<size_t>(Op::Count_);

struct OpInfo {
  uint8_t prefix;          // 0, 0xFC or 0xFD
  uint32_t code;           // opcode byte or prefixed sub-opcode
  std::string_view name;   // text format name
  ImmKind imm;
  std::string_view sig;    // "params:results" or "*" (see opcodes.def)
  uint32_t extra;          // natural access size (memory ops) or lane count (lane ops)
};

const OpInfo& op_info(Op op);
inline std::string_view op_name(Op op) { return op_info(op).name; }

// Decoding tables: Op for a one-byte opcode / 0xFC sub-opcode / 0xFD sub-opcode, or Op::Count_ if unknown.
Op op_from_byte(uint8_t byte);
Op op_from_prefixed(uint8_t prefix, uint32_t code);

// Helpers for the "params:results" signature strings (i l f d v).
bool op_is_simple(Op op);  // sig != "*"

}  // namespace wasmvm
