// Constants of .wast scripts: arguments ((i32.const 1), (ref.extern 7), (v128.const i8x16 ...)) as
// wasmvm::Value, and expected results (also nan:canonical / nan:arithmetic, (ref.func), (ref.extern)
// and (either ...)) with bit-exact matching.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "text/sexpr.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::spec {

struct LanePattern {
  enum Kind : uint8_t { Bits, CanonicalNan, ArithmeticNan } kind = Bits;
  uint64_t bits = 0;
};

struct Expected {
  ValType type = ValType::I32;
  unsigned lane_bytes = 4;  // numbers: 4 or 8 for scalars; v128: the lane width of the written shape
  bool is_float = false;
  std::vector<LanePattern> lanes;  // one for scalars
  enum RefKind : uint8_t { Null, NonNull, ExternPayload } ref = Null;
  uint64_t extern_payload = 0;
  std::vector<Expected> either;  // non-empty: (either ...) - any alternative matches
};

// Both return false and set `err` on a malformed constant.
bool parse_const(const text::Node& n, Value& out, text::TextError& err);
bool parse_expected(const text::Node& n, Expected& out, text::TextError& err);

// "" when `actual` matches, else a short reason.
std::string match_expected(const Expected& expected, const Value& actual);
std::string describe_expected(const Expected& expected);
// "i32:0x2a", "v128:i32x4 ...", "externref:7".
std::string describe_value(const Value& v);

}  // namespace wasmvm::spec
