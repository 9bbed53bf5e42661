// Plain description of a decoded module. Function bodies and data segments are byte ranges into the
// module binary (never copied), so a caller-owned buffer (flash/XIP) can back them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wasmvm/types.h"

namespace wasmvm {

// A constant expression. WebAssembly 2.0 allows exactly one instruction before `end`.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet };
  Kind kind = Kind::I32;
  ValType type = ValType::I32;  // the type the expression produces (for GlobalGet: filled by validation)
  uint64_t bits[2] = {0, 0};    // numeric payload (i32/f32 in bits[0] low half, v128 little-endian)
  uint32_t index = 0;           // function index (RefFunc) or global index (GlobalGet)
  size_t offset = 0;            // byte offset of the expression in the binary
  // Filled by the parser for validation (2.0 needs exactly one constant instruction):
  uint32_t num_instrs = 1;      // instructions before `end`
  bool non_constant = false;    // an instruction not allowed in constant expressions appears
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
  size_t offset = 0;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  size_t offset = 0;
};

// A function defined in this module (imports are not listed here).
struct FunctionDef {
  uint32_t type_index = 0;
  std::vector<ValType> locals;  // declared locals only (params excluded), expanded
  size_t body_start = 0;  // offset of the first instruction (after the local declarations)
  size_t body_end = 0;    // offset one past the final `end` opcode
  size_t decl_offset = 0; // offset of the body's size field, for error messages
};

struct GlobalDef {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  uint32_t table_index = 0;
  ConstExpr offset;             // Active only
  ValType type = ValType::FuncRef;
  std::vector<ConstExpr> init;  // one per element; `funcidx` vectors are stored as RefFunc exprs
  size_t pos = 0;               // byte offset of the segment
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memory_index = 0;
  ConstExpr offset;  // Active only
  size_t data_start = 0;
  size_t data_size = 0;
  size_t pos = 0;
};

struct SectionInfo {
  uint8_t id = 0;
  std::string name;  // custom sections: their name; others: "type", "import", ...
  size_t offset = 0; // offset of the section id byte
  size_t size = 0;   // payload size
};

struct ModuleInfo {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<FunctionDef> functions;  // defined functions
  std::vector<TableType> tables;       // defined tables
  std::vector<MemoryType> memories;    // defined memories
  std::vector<GlobalDef> globals;      // defined globals
  std::vector<Export> exports;
  bool has_start = false;
  uint32_t start = 0;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  bool has_data_count = false;
  uint32_t data_count = 0;
  std::vector<SectionInfo> sections;

  // From the `name` custom section; indexed by function index (imports first); empty if absent.
  std::string module_name;
  std::vector<std::string> func_names;

  // Counts and types including imports (filled by the parser).
  uint32_t num_imported_funcs = 0, num_imported_tables = 0, num_imported_memories = 0,
           num_imported_globals = 0;
  std::vector<uint32_t> func_type_indices;  // all functions, imports first
  std::vector<TableType> all_tables;        // imports first
  std::vector<MemoryType> all_memories;     // imports first
  std::vector<GlobalType> all_globals;      // imports first
  // Per function index: 1 if referenced outside function bodies (element segments, global
  // initializers, exports), which is what lets ref.func name it inside a body. Filled by the parser.
  std::vector<uint8_t> declared_func_refs;

  const FuncType& func_type(uint32_t func_index) const { return types[func_type_indices[func_index]]; }
  std::string func_name(uint32_t func_index) const {
    if (func_index < func_names.size() && !func_names[func_index].empty()) return func_names[func_index];
    return "func[" + std::to_string(func_index) + "]";
  }
};

}  // namespace wasmvm
