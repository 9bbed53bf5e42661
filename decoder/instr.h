// One decoded instruction with its immediates, and the reader that decodes a function body
// instruction by instruction (shared by validator, compiler and disassembler).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "opcodes.h"
#include "wasmvm/result.h"
#include "wasmvm/types.h"

namespace wasmvm {

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex };
  Kind kind = Kind::Empty;
  ValType value = ValType::I32;  // Kind::Value
  uint32_t type_index = 0;       // Kind::TypeIndex
};

struct MemArg {
  uint32_t align = 0;   // log2 of the alignment hint
  uint32_t offset = 0;  // memory32: u32 offset
  uint32_t memory = 0;  // always 0 in 2.0
};

struct Instr {
  Op op = Op::Nop;
  size_t offset = 0;  // byte offset of the opcode (its prefix byte for 0xFC/0xFD) in the binary
  BlockType block;    // Block, Loop, If
  uint32_t index = 0;   // label/func/local/global/table/type/data/elem index; CallIndirect: type index;
                        // TableInit: elem index; TableCopy: dst table; MemoryInit: data index;
                        // SelectT: number of listed types (2.0 requires exactly 1)
  uint32_t index2 = 0;  // CallIndirect: table index; TableInit: table index; TableCopy: src table
  MemArg mem;           // MemArg, MemArgLane
  uint8_t lane = 0;     // Lane, MemArgLane
  uint64_t imm = 0;     // I32 (sign-extended to 64), I64, F32 bits, F64 bits
  uint8_t bytes[16] = {};  // V128 constant, Shuffle lane indices
  ValType type = ValType::I32;  // SelectT operand type, RefNull heap type
  const std::vector<uint32_t>* br_table = nullptr;  // BrTable: labels, the LAST entry is the default.
                                                    // Owned by the reader, valid until the next next().
};

class InstrReader {
 public:
  // Decodes [begin, end) of `data` (a function body's instructions, or a constant expression).
  InstrReader(const uint8_t* data, size_t begin, size_t end);
  bool at_end() const { return pos_ >= end_; }
  size_t pos() const { return pos_; }
  // Decodes the next instruction; malformed encodings give ErrorKind::Malformed with the offset.
  Status next(Instr& out);

 private:
  const uint8_t* data_;
  size_t pos_, end_;
  std::vector<uint32_t> table_;
};

}  // namespace wasmvm
