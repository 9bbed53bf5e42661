// wasmvm embedding API: the one public header.
//
//   Engine  - configuration and limits, shared by everything below.
//   Module  - a decoded, validated and compiled module; immutable, shareable between stores/threads.
//   Store   - owns every runtime object (instances, functions, tables, memories, globals). Objects
//             live exactly as long as their store; handles (Func, Memory, ...) are cheap pointers.
//   Linker  - names for imports (host functions, other instances' exports) and instantiation.
//   Instance- an instantiated module; look up exports, call functions.
//
// Errors are values (Result<T>/Status, see result.h); no exceptions cross this API. A trap is an
// Error with kind Trap (or Exhaustion) whose message is the spec's text ("integer divide by zero").
#pragma once
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "wasmvm/result.h"
#include "wasmvm/types.h"

namespace wasmvm {

struct ModuleInfo;  // decoder/module.h: the full decoded description of a module

namespace rt {  // runtime objects, defined in vm/
struct FuncInst;
struct TableInst;
struct MemoryInst;
struct GlobalInst;
struct InstanceInst;
struct StoreImpl;
}  // namespace rt

constexpr const char* kVersion = "0.1.0";

// ---------------------------------------------------------------------------------------------
// Values

struct V128 {
  uint8_t bytes[16] = {};
};

// A typed WebAssembly value. References: null is "no reference"; an externref carries a
// host-chosen 64-bit payload; a funcref is an opaque handle produced by the VM.
struct Value {
  ValType type = ValType::I32;
  uint64_t bits[2] = {0, 0};  // i32/f32 in the low 32 bits of bits[0]; v128 little-endian
  bool ref_null = true;       // references only

  static Value from_i32(int32_t v) { Value x; x.type = ValType::I32; x.bits[0] = uint32_t(v); return x; }
  static Value from_i64(int64_t v) { Value x; x.type = ValType::I64; x.bits[0] = uint64_t(v); return x; }
  static Value from_f32(float v) { uint32_t b; std::memcpy(&b, &v, 4); return from_f32_bits(b); }
  static Value from_f64(double v) { uint64_t b; std::memcpy(&b, &v, 8); return from_f64_bits(b); }
  static Value from_f32_bits(uint32_t b) { Value x; x.type = ValType::F32; x.bits[0] = b; return x; }
  static Value from_f64_bits(uint64_t b) { Value x; x.type = ValType::F64; x.bits[0] = b; return x; }
  static Value from_v128(const V128& v) {
    Value x; x.type = ValType::V128; std::memcpy(x.bits, v.bytes, 16); return x;
  }
  static Value null_ref(ValType t) { Value x; x.type = t; x.ref_null = true; return x; }
  static Value extern_ref(uint64_t payload) {
    Value x; x.type = ValType::ExternRef; x.bits[0] = payload; x.ref_null = false; return x;
  }
  static Value default_for(ValType t) {
    Value x; x.type = t; x.ref_null = true; return x;
  }

  int32_t as_i32() const { return int32_t(uint32_t(bits[0])); }
  int64_t as_i64() const { return int64_t(bits[0]); }
  uint32_t as_f32_bits() const { return uint32_t(bits[0]); }
  uint64_t as_f64_bits() const { return bits[0]; }
  float as_f32() const { float f; uint32_t b = as_f32_bits(); std::memcpy(&f, &b, 4); return f; }
  double as_f64() const { double d; std::memcpy(&d, &bits[0], 8); return d; }
  V128 as_v128() const { V128 v; std::memcpy(v.bytes, bits, 16); return v; }
  bool is_null() const { return ref_null; }
  uint64_t extern_payload() const { return bits[0]; }

  std::string to_string() const;  // "i32:42", "f32:1.5", "v128:0x...", "externref:7", "funcref:null"
};

// ---------------------------------------------------------------------------------------------
// Configuration

struct Config {
  uint32_t max_memory_pages = kMaxPages;       // cap on any memory's size (pages of 64 KiB)
  uint32_t max_table_elements = 10'000'000;    // cap on any table's size
  size_t value_stack_cells = 1u << 20;         // 8-byte cells per execution context (8 MiB)
  uint32_t max_call_depth = 20000;             // wasm frames per execution context
  uint64_t fuel = 0;                           // 0 = unlimited; else instructions budget (approx.)
  size_t max_module_bytes = 1u << 30;          // refuse larger binaries
  // Functions are validated at load either way; by default each is translated to internal code on
  // its first call (start-up and memory follow what runs). true: translate all at load, so calls
  // never do that work (measurements, firmware that wants no work at call time).
  bool eager_translation = false;
};

class Engine {
 public:
  explicit Engine(Config config = {}) : config_(config) {}
  const Config& config() const { return config_; }

 private:
  Config config_;
};

// ---------------------------------------------------------------------------------------------
// Module

struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};

struct ImportType {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportType {
  std::string name;
  ExternType type;
};

class Module {
 public:
  // Decodes, validates and compiles. The bytes are copied. Errors: Malformed / Invalid / Limit.
  static Result<std::shared_ptr<const Module>> compile(const Engine& engine,
                                                       std::span<const uint8_t> bytes);
  // The same, taking ownership of `bytes` instead of copying them (a large binary is held once).
  static Result<std::shared_ptr<const Module>> compile(const Engine& engine, std::vector<uint8_t>&& bytes);
  // Decode + validate only (no code generation).
  static Status validate(std::span<const uint8_t> bytes);

  const std::vector<ImportType>& imports() const;
  const std::vector<ExportType>& exports() const;
  const ModuleInfo& info() const;

  struct Impl;
  explicit Module(std::unique_ptr<Impl> impl);
  ~Module();
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Runtime object handles (valid while their Store lives)

class Store;
class Instance;
class Memory;

// Passed to host functions: who called, and the calling instance's memory.
class Caller {
 public:
  Caller(Store& store, Instance* instance) : store_(store), instance_(instance) {}
  Store& store() const { return store_; }
  Instance* instance() const { return instance_; }
  // The caller's memory 0 (exported or not); invalid Memory if it has none.
  Memory memory() const;

 private:
  Store& store_;
  Instance* instance_;
};

// A host function. Return an Error with kind Trap to trap ("message" becomes the trap text), or
// kind Exit (with exit_code) to end execution with an exit outcome (WASI proc_exit).
using HostFunc = std::function<Status(Caller& caller, std::span<const Value> args, std::span<Value> results)>;

class Func {
 public:
  Func() = default;
  explicit Func(rt::FuncInst* p) : p_(p) {}
  bool valid() const { return p_ != nullptr; }
  const FuncType& type() const;
  // Calls the function (argument count/types are checked). Traps come back as errors.
  Result<std::vector<Value>> call(Store& store, std::span<const Value> args) const;
  rt::FuncInst* raw() const { return p_; }

 private:
  rt::FuncInst* p_ = nullptr;
};

class Memory {
 public:
  Memory() = default;
  explicit Memory(rt::MemoryInst* p) : p_(p) {}
  bool valid() const { return p_ != nullptr; }
  MemoryType type() const;
  uint8_t* data() const;        // may move after grow(); see generation()
  uint64_t size_bytes() const;
  uint32_t pages() const;
  // Returns the previous size in pages, or an error if the limits do not allow it.
  Result<uint32_t> grow(uint32_t delta_pages) const;
  // Increments every time the base pointer may have changed (grow). Views check it for staleness.
  uint64_t generation() const;
  // Bounds-checked access: [addr, addr+len) must lie inside memory (overflow-safe).
  bool in_bounds(uint64_t addr, uint64_t len) const { return addr <= size_bytes() && len <= size_bytes() - addr; }
  Result<std::span<uint8_t>> span(uint64_t addr, uint64_t len) const;
  Status read(uint64_t addr, void* dst, size_t len) const;
  Status write(uint64_t addr, const void* src, size_t len) const;
  rt::MemoryInst* raw() const { return p_; }

 private:
  rt::MemoryInst* p_ = nullptr;
};

class Table {
 public:
  Table() = default;
  explicit Table(rt::TableInst* p) : p_(p) {}
  bool valid() const { return p_ != nullptr; }
  TableType type() const;
  uint32_t size() const;
  Result<Value> get(uint32_t index) const;
  Status set(uint32_t index, const Value& v) const;
  Result<uint32_t> grow(uint32_t delta, const Value& init) const;
  rt::TableInst* raw() const { return p_; }

 private:
  rt::TableInst* p_ = nullptr;
};

class Global {
 public:
  Global() = default;
  explicit Global(rt::GlobalInst* p) : p_(p) {}
  bool valid() const { return p_ != nullptr; }
  GlobalType type() const;
  Value get() const;
  Status set(const Value& v) const;  // type-checked; fails on immutable globals
  rt::GlobalInst* raw() const { return p_; }

 private:
  rt::GlobalInst* p_ = nullptr;
};

struct Extern {
  ExternKind kind = ExternKind::Func;
  Func func;
  Table table;
  Memory memory;
  Global global;
  static Extern of(Func f) { Extern e; e.kind = ExternKind::Func; e.func = f; return e; }
  static Extern of(Table t) { Extern e; e.kind = ExternKind::Table; e.table = t; return e; }
  static Extern of(Memory m) { Extern e; e.kind = ExternKind::Memory; e.memory = m; return e; }
  static Extern of(Global g) { Extern e; e.kind = ExternKind::Global; e.global = g; return e; }
};

// ---------------------------------------------------------------------------------------------
// Store and instances

class Instance {
 public:
  std::optional<Extern> get_export(std::string_view name) const;
  Func func(std::string_view name) const;      // invalid Func if missing or not a function
  Memory memory(std::string_view name) const;
  Table table(std::string_view name) const;
  Global global(std::string_view name) const;
  Memory default_memory() const;               // memory 0, exported or not
  const Module& module() const;
  // Calls exported function `name`.
  Result<std::vector<Value>> call(std::string_view name, std::span<const Value> args) const;
  Store& store() const;

  explicit Instance(rt::InstanceInst* p) : p_(p) {}
  rt::InstanceInst* raw() const { return p_; }

 private:
  rt::InstanceInst* p_;
};

class Store {
 public:
  explicit Store(const Engine& engine);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  const Engine& engine() const;

  Func create_host_func(FuncType type, HostFunc fn);
  Result<Table> create_table(TableType type, const Value& init);
  Result<Memory> create_memory(MemoryType type);
  Result<Global> create_global(GlobalType type, const Value& init);

  // Fuel (0 = unlimited) and asynchronous interruption (checked at loop back-edges and calls).
  void set_fuel(uint64_t fuel);
  uint64_t fuel_remaining() const;
  void interrupt();  // thread-safe; the running call traps with "interrupted"

  rt::StoreImpl& impl() { return *impl_; }

 private:
  std::unique_ptr<rt::StoreImpl> impl_;
};

class Linker {
 public:
  explicit Linker(Store& store) : store_(store) {}
  Store& store() const { return store_; }

  void define(std::string module, std::string name, Extern ext);
  void define_func(std::string module, std::string name, FuncType type, HostFunc fn);
  // Registers every export of `instance` under module name `module` (spec "register").
  void define_instance(std::string module, const Instance& instance);
  std::optional<Extern> lookup(std::string_view module, std::string_view name) const;

  // Typed host function: the signature is derived from the C++ callable's parameter and return
  // types (int32_t, uint32_t, int64_t, uint64_t, float, double; void or one value returned).
  // The callable receives (Caller&, args...) and returns R or Result<R>.
  template <class Fn>
  void define_typed(std::string module, std::string name, Fn fn);

  // Resolves imports (kind and type checked: ErrorKind::Link "incompatible import type" /
  // "unknown import"), allocates, applies segments and runs the start function. The instance is
  // owned by the store.
  Result<Instance> instantiate(const std::shared_ptr<const Module>& module);

 private:
  Store& store_;
  struct Entry {
    std::string module, name;
    Extern ext;
  };
  std::vector<Entry> entries_;
};

// ---------------------------------------------------------------------------------------------
// Implementation of Linker::define_typed (header-only template machinery)

namespace detail {
template <class T> struct WasmTypeOf;
template <> struct WasmTypeOf<int32_t> { static constexpr ValType v = ValType::I32; };
template <> struct WasmTypeOf<uint32_t> { static constexpr ValType v = ValType::I32; };
template <> struct WasmTypeOf<int64_t> { static constexpr ValType v = ValType::I64; };
template <> struct WasmTypeOf<uint64_t> { static constexpr ValType v = ValType::I64; };
template <> struct WasmTypeOf<float> { static constexpr ValType v = ValType::F32; };
template <> struct WasmTypeOf<double> { static constexpr ValType v = ValType::F64; };

template <class T> T from_value(const Value& v) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>) return T(v.as_i32());
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) return T(v.as_i64());
  else if constexpr (std::is_same_v<T, float>) return v.as_f32();
  else return v.as_f64();
}
template <class T> Value to_value(T x) {
  if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, uint32_t>) return Value::from_i32(int32_t(x));
  else if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, uint64_t>) return Value::from_i64(int64_t(x));
  else if constexpr (std::is_same_v<T, float>) return Value::from_f32(x);
  else return Value::from_f64(x);
}
template <class T> struct UnwrapResult { using type = T; static constexpr bool is_result = false; };
template <class T> struct UnwrapResult<Result<T>> { using type = T; static constexpr bool is_result = true; };
template <> struct UnwrapResult<Status> { using type = void; static constexpr bool is_result = true; };

template <class Sig> struct FnTraits;
template <class R, class... A> struct FnTraits<R (*)(Caller&, A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class C, class R, class... A> struct FnTraits<R (C::*)(Caller&, A...) const> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class C, class R, class... A> struct FnTraits<R (C::*)(Caller&, A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
};
template <class Fn> struct Callable : FnTraits<decltype(&Fn::operator())> {};
template <class R, class... A> struct Callable<R (*)(Caller&, A...)> : FnTraits<R (*)(Caller&, A...)> {};
}  // namespace detail

template <class Fn>
void Linker::define_typed(std::string module, std::string name, Fn fn) {
  using Traits = detail::Callable<Fn>;
  using R = typename Traits::Ret;
  using Args = typename Traits::Args;
  using Out = typename detail::UnwrapResult<R>::type;
  FuncType type;
  std::apply([&](auto... a) { (type.params.push_back(detail::WasmTypeOf<decltype(a)>::v), ...); }, Args{});
  if constexpr (!std::is_void_v<Out>) type.results.push_back(detail::WasmTypeOf<Out>::v);
  HostFunc host = [fn](Caller& caller, std::span<const Value> args, std::span<Value> results) -> Status {
    return [&]<size_t... I>(std::index_sequence<I...>) -> Status {
      if constexpr (std::is_void_v<R>) {
        fn(caller, detail::from_value<std::tuple_element_t<I, Args>>(args[I])...);
        (void)results;
        return Status::Ok();
      } else if constexpr (detail::UnwrapResult<R>::is_result) {
        auto r = fn(caller, detail::from_value<std::tuple_element_t<I, Args>>(args[I])...);
        if (!r.ok()) return std::move(r).error();
        if constexpr (!std::is_void_v<Out>) results[0] = detail::to_value<Out>(r.value());
        return Status::Ok();
      } else {
        results[0] = detail::to_value<R>(fn(caller, detail::from_value<std::tuple_element_t<I, Args>>(args[I])...));
        return Status::Ok();
      }
    }(std::make_index_sequence<std::tuple_size_v<Args>>{});
  };
  define_func(std::move(module), std::move(name), std::move(type), std::move(host));
}

}  // namespace wasmvm
