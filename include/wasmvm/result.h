// Exception-free error handling shared by every wasmvm library: Error, Status and Result<T>.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

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

constexpr size_t kNoOffset = static_cast<size_t>(-1);

struct Error {
  ErrorKind kind = ErrorKind::Invalid;
  std::string message;        // spec-style text, e.g. "unexpected end", "type mismatch"
  size_t offset = kNoOffset;  // byte offset in the module binary, when known
  int32_t exit_code = 0;      // only for ErrorKind::Exit
  std::string backtrace;      // only for traps: one frame per line, innermost first

  // "message" or "message (at byte 0x1f)".
  std::string to_string() const {
    if (offset == kNoOffset) return message;
    char buf[32];
    snprintf_offset(buf, offset);
    return message + " (at byte " + buf + ")";
  }

 private:
  static void snprintf_offset(char* buf, size_t off) {
    static const char* hex = "0123456789abcdef";
    char tmp[20];
    int n = 0;
    do { tmp[n++] = hex[off & 15]; off >>= 4; } while (off && n < 16);
    buf[0] = '0'; buf[1] = 'x';
    for (int i = 0; i < n; i++) buf[2 + i] = tmp[n - 1 - i];
    buf[2 + n] = 0;
  }
};

inline Error make_error(ErrorKind kind, std::string msg, size_t offset = kNoOffset) {
  Error e;
  e.kind = kind;
  e.message = std::move(msg);
  e.offset = offset;
  return e;
}

// Result<T>: either a value or an Error. Deliberately tiny (C++20 has no std::expected).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error err) : v_(std::move(err)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Status: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error err) : err_(std::move(err)), ok_(false) {}
  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { return err_; }
  Error&& error() && { return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

}  // namespace wasmvm

// Propagate an error from a Status or Result expression.
#define WASMVM_TRY(expr)                                  \
  do {                                                    \
    auto&& wasmvm_try_tmp_ = (expr);                      \
    if (!wasmvm_try_tmp_.ok()) return std::move(wasmvm_try_tmp_).error(); \
  } while (0)
