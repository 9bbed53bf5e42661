// Runtime objects behind the public handles (Func, Memory, Table, Global, Instance, Store) and the
// module's compiled form. Shared contract between the compiler/interpreter (compiler*.cpp, interp*.cpp)
// and the instantiation/API code (store.cpp, instance.cpp, api.cpp, memory.cpp, table.cpp).
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "decoder/module.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::rt {

// ---- reference encoding in an 8-byte cell -------------------------------------------------------
// 0 is null for both reference types. A funcref cell holds the FuncInst*; an externref cell holds the
// host payload + 1 (so payload UINT64_MAX is not representable; the API rejects it).
using Cell = uint64_t;
inline Cell funcref_cell(const struct FuncInst* f) { return reinterpret_cast<uintptr_t>(f); }
inline struct FuncInst* cell_funcref(Cell c) { return reinterpret_cast<struct FuncInst*>(uintptr_t(c)); }
inline Cell externref_cell(uint64_t payload) { return payload + 1; }
inline uint64_t cell_externref(Cell c) { return c - 1; }

// Process-wide canonical id for structurally equal function types, so call_indirect's signature check is
// one integer compare, across modules and host functions. Thread-safe. (store.cpp)
uint32_t intern_func_type(const FuncType& t);

// ---- compiled code --------------------------------------------------------------------------------
struct CompiledFunc;  // defined by the compiler (vm/code.h); opaque to the rest of the runtime
struct LazyTranslator;  // module_compile.cpp

// The translated code of defined function `def_index` of `module`, translating it now if it has not
// run yet (listings, tests). Null if translation fails (only implementation limits can: the body
// was validated at load).
const CompiledFunc* compiled_code(const Module& module, size_t def_index);

}  // namespace wasmvm::rt

namespace wasmvm {
// The compiled module (Module::Impl). Filled by Module::compile (vm/module_compile.cpp).
struct Module::Impl {
  std::vector<uint8_t> bytes;                 // owned copy of the binary; ModuleInfo ranges point into it
  ModuleInfo info;
  std::vector<uint32_t> type_ids;             // canonical id of each entry of info.types
  std::vector<std::unique_ptr<rt::CompiledFunc, void (*)(rt::CompiledFunc*)>> code;  // per defined function
  std::shared_ptr<rt::LazyTranslator> translator;  // translates `code` entries on first call
  std::vector<ImportType> imports;
  std::vector<ExportType> exports;
};
}  // namespace wasmvm

namespace wasmvm::rt {

struct InstanceInst;

struct FuncInst {
  FuncType type;
  uint32_t type_id = 0;                    // intern_func_type(type)
  InstanceInst* instance = nullptr;        // defining instance; nullptr for host functions
  const CompiledFunc* code = nullptr;      // wasm functions
  uint32_t func_index = 0;                 // index in the defining module (names, backtraces)
  HostFunc host;                           // host functions
  bool is_host() const { return code == nullptr; }
};

struct MemoryInst {
  MemoryType type;          // current limits.min is NOT updated; use pages()
  uint8_t* data = nullptr;  // explicit mode: malloc'd block (realloc on grow)
  uint64_t size = 0;        // bytes
  uint32_t max_pages = 0;   // effective max: min(type max, Config::max_memory_pages)
  uint64_t generation = 0;  // bumped whenever data may move
  uint32_t pages() const { return uint32_t(size / kPageSize); }
  // Grows by delta pages; returns the old page count or -1 if not allowed / out of host memory. (memory.cpp)
  int64_t grow(uint32_t delta);
  MemoryInst() = default;
  MemoryInst(const MemoryInst&) = delete;
  MemoryInst& operator=(const MemoryInst&) = delete;
  ~MemoryInst();
};

struct TableInst {
  TableType type;
  std::vector<Cell> elems;
  uint32_t max_elems = 0;  // effective max: min(type max, Config::max_table_elements)
  // Grows by delta, filling with init; returns the old size or -1. (table.cpp)
  int64_t grow(uint32_t delta, Cell init);
};

struct GlobalInst {
  GlobalType type;
  Cell value[2] = {0, 0};  // v128 uses both cells
};

struct InstanceInst {
  std::shared_ptr<const Module> module;
  StoreImpl* store = nullptr;
  std::vector<FuncInst*> funcs;        // imports first, then defined
  std::vector<TableInst*> tables;
  std::vector<MemoryInst*> memories;
  std::vector<GlobalInst*> globals;
  std::vector<bool> elem_dropped;      // per element segment (passive/declarative drop state)
  std::vector<bool> data_dropped;      // per data segment
  std::unordered_map<std::string, Extern> exports;
  // Element segments' resolved references (ref.func -> FuncInst*), evaluated at instantiation.
  std::vector<std::vector<Cell>> elem_values;
  std::unique_ptr<Instance> handle;    // the public handle for Caller etc.
};

struct ExecContext;  // value stack, call stack, trap state (vm/interp.cpp)
struct ExecContextDeleter {
  void operator()(ExecContext* c) const;  // defined in interp.cpp
};

// One WebAssembly frame of the last trap, for the C API's wasm_trap_trace (capi/).
struct TrapFrameRecord {
  InstanceInst* instance = nullptr;
  uint32_t func_index = 0;
  uint32_t module_offset = 0;  // byte offset of the trapping/calling instruction in the module binary
};

struct StoreImpl {
  explicit StoreImpl(const Engine& e) : engine(e) {}
  const Engine& engine;
  std::deque<std::unique_ptr<FuncInst>> funcs;
  std::deque<std::unique_ptr<MemoryInst>> memories;
  std::deque<std::unique_ptr<TableInst>> tables;
  std::deque<std::unique_ptr<GlobalInst>> globals;
  std::deque<std::unique_ptr<InstanceInst>> instances;
  std::unique_ptr<ExecContext, ExecContextDeleter> exec;  // created lazily by execute()
  uint64_t fuel = 0;                 // 0 = unlimited
  std::atomic<bool> interrupt_flag{false};
  Store* owner = nullptr;
  // Frames of the last trap that left execute(), innermost first (at most kMaxTrapFrameRecords).
  std::vector<TrapFrameRecord> last_trap_frames;
};
constexpr size_t kMaxTrapFrameRecords = 4096;

// Runs a function (wasm or host) with typed arguments; results must have type().results.size() slots.
// Traps come back as Error{Trap or Exhaustion} with message and backtrace; WASI exit as Error{Exit}.
// Re-entrant (host -> wasm -> host -> wasm). Implemented in vm/interp.cpp.
Status execute(StoreImpl& store, FuncInst* f, std::span<const Value> args, std::span<Value> results);

// Conversions between public Values and cells, for the given type (api.cpp).
void value_to_cells(const Value& v, Cell* out);
Value cells_to_value(ValType t, const Cell* in);

}  // namespace wasmvm::rt
