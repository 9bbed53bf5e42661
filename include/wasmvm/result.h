// Exception-free error handling shared by every wasmvm library: TrapCode, Error, Status and Result<T>.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wasmvm {

// What stage produced an error; the CLI maps these to distinct exit codes.
enum class ErrorKind : uint8_t {
  Malformed,  // binary decoding failed (spec: assert_malformed)
  Invalid,    // validation failed (spec: assert_invalid)
  Link,       // import resolution failed (spec: assert_unlinkable)
  Trap,       // a trap during start/call (spec: assert_trap / assert_uninstantiable)
  Exhaustion, // call stack / value stack exhausted (spec: assert_exhaustion)
  Exit,       // WASI proc_exit: not a failure by itself; exit_code holds the code
  Limit,      // an embedder-configured limit (module too large, fuel, memory cap...)
  Io,         // file could not be read etc.
  Usage,      // API misuse: wrong argument count/type, unknown export...
};

// Why execution stopped: every trap of the spec and every stop the host imposes. Decide on this
// code, never on Error::message. Errors that are not a stop of execution (malformed module, link
// error, API misuse...) have TrapCode::None and are told apart by ErrorKind.
enum class TrapCode : uint8_t {
  None = 0,
  // Traps defined by the WebAssembly spec.
  Unreachable,               // `unreachable` executed
  IntegerOverflow,           // i32.div_s INT_MIN / -1, trunc of an out-of-range float
  IntegerDivideByZero,
  InvalidConversion,         // trunc of NaN
  MemoryOutOfBounds,
  TableOutOfBounds,
  IndirectCallTypeMismatch,
  UndefinedElement,          // call_indirect index past the table's end
  UninitializedElement,      // call_indirect on a null entry
  NullReference,             // reserved for function references (call_ref, ref.as_non_null); Wasm 2.0 code never raises it
  CallStackExhausted,        // Config::max_call_depth frames (or host -> wasm nesting) exhausted
  // Stops imposed by the host.
  ValueStackExhausted,       // Config::value_stack_cells exhausted (the value stack, not the call depth)
  OutOfFuel,                 // Config::fuel / Store::set_fuel budget consumed
  Interrupted,               // Store::interrupt (a timeout watchdog, say)
  MemoryLimit,               // a memory over Config::max_memory_pages, or host memory refused
  TableLimit,                // a table over Config::max_table_elements
  HostError,                 // a host function returned a trap without a code of its own
  Exit,                      // WASI proc_exit; Error::exit_code holds the code
};

// The text of each code: the spec-test message for spec traps (assert_trap / assert_exhaustion).
// A value-stack overflow is "call stack exhausted" too, as the spec names every stack overflow.
constexpr const char* trap_message(TrapCode c) {
  switch (c) {
    case TrapCode::None: return "no trap";
    case TrapCode::Unreachable: return "unreachable";
    case TrapCode::IntegerOverflow: return "integer overflow";
    case TrapCode::IntegerDivideByZero: return "integer divide by zero";
    case TrapCode::InvalidConversion: return "invalid conversion to integer";
    case TrapCode::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::TableOutOfBounds: return "out of bounds table access";
    case TrapCode::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapCode::UndefinedElement: return "undefined element";
    case TrapCode::UninitializedElement: return "uninitialized element";
    case TrapCode::NullReference: return "null reference";
    case TrapCode::CallStackExhausted: return "call stack exhausted";
    case TrapCode::ValueStackExhausted: return "call stack exhausted";
    case TrapCode::OutOfFuel: return "all fuel consumed";
    case TrapCode::Interrupted: return "interrupted";
    case TrapCode::MemoryLimit: return "memory limit exceeded";
    case TrapCode::TableLimit: return "table limit exceeded";
    case TrapCode::HostError: return "host error";
    case TrapCode::Exit: return "exit";
  }
  return "trap";
}

// The stage an execution stop belongs to: exhaustion, exit, limit or trap.
constexpr ErrorKind trap_kind(TrapCode c) {
  switch (c) {
    case TrapCode::CallStackExhausted:
    case TrapCode::ValueStackExhausted: return ErrorKind::Exhaustion;
    case TrapCode::Exit: return ErrorKind::Exit;
    case TrapCode::MemoryLimit:
    case TrapCode::TableLimit: return ErrorKind::Limit;
    default: return ErrorKind::Trap;
  }
}

constexpr size_t kNoOffset = static_cast<size_t>(-1);

// One wasm function activation of a trap's backtrace.
struct Frame {
  uint32_t func_index = 0;           // in the defining module (imports first)
  std::string name;                  // from the module's name section; empty when it has none
  uint32_t func_offset = 0;          // from the start of the function's body (its locals declaration)
  size_t module_offset = kNoOffset;  // in the module binary
};

struct Error {
  ErrorKind kind = ErrorKind::Invalid;
  TrapCode code = TrapCode::None;  // why execution stopped (traps, exhaustion, limits, exit)
  std::string message;        // spec-style text, e.g. "unexpected end", "type mismatch"
  size_t offset = kNoOffset;  // byte offset in the module binary, when known
  int32_t exit_code = 0;      // only for ErrorKind::Exit
  // Traps: the wasm frames, innermost first. A deep stack keeps its innermost kBacktraceHead and
  // outermost kBacktraceTail frames; frames_omitted counts those left out between them.
  std::vector<Frame> frames;
  size_t frames_omitted = 0;
  static constexpr size_t kBacktraceHead = 64, kBacktraceTail = 9;

  // "message" or "message (at byte 0x1f)".
  std::string to_string() const {
    if (offset == kNoOffset) return message;
    return message + " (at byte " + hex(offset) + ")";
  }

  // For humans: "  at NAME (wasm offset 0x..)" per frame, innermost first (NAME is func[N] when the
  // module has no name for it), with "  ..." where frames were omitted; at most max_lines lines.
  std::string backtrace(size_t max_lines = SIZE_MAX) const {
    std::string out;
    size_t lines = 0;
    for (size_t i = 0; i < frames.size() && lines < max_lines; i++, lines++) {
      if (frames_omitted != 0 && i == kBacktraceHead) {
        out += "  ...\n";
        if (++lines == max_lines) break;
      }
      const Frame& f = frames[i];
      out += "  at ";
      out += f.name.empty() ? "func[" + std::to_string(f.func_index) + "]" : f.name;
      out += " (wasm offset " + hex(f.module_offset) + ")\n";
    }
    return out;
  }

  // Lines of backtrace(): one per frame plus the "  ..." marker.
  size_t backtrace_lines() const { return frames.size() + (frames_omitted != 0 ? 1 : 0); }

 private:
  static std::string hex(size_t off) {
    static const char* digits = "0123456789abcdef";
    char tmp[20];
    int n = 0;
    do { tmp[n++] = digits[off & 15]; off >>= 4; } while (off && n < 16);
    std::string s = "0x";
    for (int i = n - 1; i >= 0; i--) s.push_back(tmp[i]);
    return s;
  }
};

inline Error make_error(ErrorKind kind, std::string msg, size_t offset = kNoOffset) {
  Error e;
  e.kind = kind;
  e.message = std::move(msg);
  e.offset = offset;
  return e;
}

// An execution stop with its code, the code's kind and (unless given) the code's message.
inline Error make_trap(TrapCode code, std::string msg = {}) {
  Error e;
  e.kind = trap_kind(code);
  e.code = code;
  e.message = msg.empty() ? std::string(trap_message(code)) : std::move(msg);
  return e;
}

namespace detail {
// An owned, heap-allocated Error: one pointer, null on success. Copies deep-copy the error.
class ErrorBox {
 public:
  ErrorBox() noexcept = default;
  explicit ErrorBox(Error&& e) : p_(std::make_unique<Error>(std::move(e))) {}
  ErrorBox(const ErrorBox& o) : p_(o.p_ ? std::make_unique<Error>(*o.p_) : nullptr) {}
  ErrorBox(ErrorBox&&) noexcept = default;
  ErrorBox& operator=(const ErrorBox& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<Error>(*o.p_) : nullptr;
    return *this;
  }
  ErrorBox& operator=(ErrorBox&&) noexcept = default;
  bool empty() const { return p_ == nullptr; }
  Error& get() const { return *p_; }

 private:
  std::unique_ptr<Error> p_;
};
}  // namespace detail

// Result<T>: either a value or an Error. Deliberately tiny (C++20 has no std::expected); the error
// lives on the heap so a success costs sizeof(T) plus the variant's index.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error err) : v_(std::in_place_index<1>, std::move(err)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_).get(); }
  Error&& error() && { return std::move(std::get<1>(v_).get()); }

 private:
  std::variant<T, detail::ErrorBox> v_;
};

// Status: success or an Error. Success is a null pointer: no allocation, nothing to initialise.
class [[nodiscard]] Status {
 public:
  Status() noexcept = default;
  Status(Error err) : err_(std::move(err)) {}
  static Status Ok() noexcept { return Status(); }
  bool ok() const { return err_.empty(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return err_.get(); }
  Error&& error() && { return std::move(err_.get()); }

 private:
  detail::ErrorBox err_;
};

static_assert(sizeof(Status) <= sizeof(void*), "a successful Status must stay pointer-sized");

}  // namespace wasmvm

// Propagate an error from a Status or Result expression.
#define WASMVM_TRY(expr)                                  \
  do {                                                    \
    auto&& wasmvm_try_tmp_ = (expr);                      \
    if (!wasmvm_try_tmp_.ok()) return std::move(wasmvm_try_tmp_).error(); \
  } while (0)
