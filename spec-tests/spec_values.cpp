#include "spec-tests/spec_values.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace wasmvm::spec {
namespace {

using nlohmann::json;

// wast2json writes numbers as unsigned decimal bit patterns; accept a leading '-' too
// (two's complement) so hand-written fixtures can use signed values.
bool parse_bits(const std::string& s, uint64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = b + s.size();
  if (*b == '-') {
    uint64_t mag = 0;
    auto r = std::from_chars(b + 1, e, mag);
    if (r.ec != std::errc() || r.ptr != e) return false;
    out = uint64_t(0) - mag;
    return true;
  }
  auto r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e;
}

std::string json_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool is_canonical_nan32(uint32_t b) { return (b & 0x7fffffffu) == 0x7fc00000u; }
bool is_arithmetic_nan32(uint32_t b) { return (b & 0x7fc00000u) == 0x7fc00000u; }
bool is_canonical_nan64(uint64_t b) { return (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull; }
bool is_arithmetic_nan64(uint64_t b) { return (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull; }

struct LaneShape {
  unsigned bytes = 0;  // lane width
  unsigned count = 0;  // lanes per v128
  bool is_float = false;
};

bool lane_shape(const std::string& lane_type, LaneShape& s) {
  if (lane_type == "i8") s = {1, 16, false};
  else if (lane_type == "i16") s = {2, 8, false};
  else if (lane_type == "i32") s = {4, 4, false};
  else if (lane_type == "i64") s = {8, 2, false};
  else if (lane_type == "f32") s = {4, 4, true};
  else if (lane_type == "f64") s = {8, 2, true};
  else return false;
  return true;
}

uint64_t read_lane(const V128& v, const LaneShape& s, unsigned i) {
  uint64_t x = 0;
  std::memcpy(&x, v.bytes + i * s.bytes, s.bytes);  // little-endian host (x86-64, AArch64)
  return x;
}

uint64_t lane_mask(const LaneShape& s) { return s.bytes == 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * s.bytes)) - 1; }

// Matches one scalar float/int pattern ("123", "nan:canonical", "nan:arithmetic") against bits of
// width `bytes`. Returns "" or a reason.
std::string match_number(const std::string& pattern, uint64_t bits, unsigned bytes, bool is_float) {
  if (is_float && pattern.rfind("nan:", 0) == 0) {
    bool ok;
    if (pattern == "nan:canonical") ok = bytes == 4 ? is_canonical_nan32(uint32_t(bits)) : is_canonical_nan64(bits);
    else if (pattern == "nan:arithmetic") ok = bytes == 4 ? is_arithmetic_nan32(uint32_t(bits)) : is_arithmetic_nan64(bits);
    else return "unknown NaN pattern '" + pattern + "'";
    return ok ? "" : "not a " + pattern.substr(4) + " NaN";
  }
  uint64_t want = 0;
  if (!parse_bits(pattern, want)) return "bad expected number '" + pattern + "'";
  uint64_t mask = bytes == 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * bytes)) - 1;
  return (want & mask) == (bits & mask) ? "" : "value differs";
}

std::string match_v128(const json& expected, const Value& actual) {
  LaneShape s;
  if (!lane_shape(json_string(expected, "lane_type"), s)) return "bad lane_type in expected v128";
  auto it = expected.find("value");
  if (it == expected.end() || !it->is_array() || it->size() != s.count) return "bad lane list in expected v128";
  V128 v = actual.as_v128();
  for (unsigned i = 0; i < s.count; i++) {
    if (!(*it)[i].is_string()) return "bad lane value in expected v128";
    std::string why = match_number((*it)[i].get<std::string>(), read_lane(v, s, i), s.bytes, s.is_float);
    if (!why.empty()) return "lane " + std::to_string(i) + ": " + why;
  }
  return "";
}

std::string match_ref(const json& expected, const Value& actual) {
  auto it = expected.find("value");
  // No value: any non-null reference of this type (wast `(ref.func)` / `(ref.extern)` patterns).
  if (it == expected.end()) return actual.is_null() ? "expected a non-null reference" : "";
  if (!it->is_string()) return "bad reference value in expected";
  std::string s = it->get<std::string>();
  if (s == "null") return actual.is_null() ? "" : "expected null";
  if (actual.is_null()) return "expected a non-null reference";
  if (actual.type == ValType::FuncRef) return "";  // funcref identities are opaque
  uint64_t want = 0;
  if (!parse_bits(s, want)) return "bad expected externref '" + s + "'";
  return actual.extern_payload() == want ? "" : "externref payload differs";
}

}  // namespace

static bool type_from_name(const std::string& t, ValType& out) {
  if (t == "i32") out = ValType::I32;
  else if (t == "i64") out = ValType::I64;
  else if (t == "f32") out = ValType::F32;
  else if (t == "f64") out = ValType::F64;
  else if (t == "v128") out = ValType::V128;
  else if (t == "funcref") out = ValType::FuncRef;
  else if (t == "externref") out = ValType::ExternRef;
  else return false;
  return true;
}

Result<Value> parse_arg(const json& j) {
  if (!j.is_object()) return make_error(ErrorKind::Usage, "argument is not an object");
  std::string tname = json_string(j, "type");
  ValType t;
  if (!type_from_name(tname, t)) return make_error(ErrorKind::Usage, "unknown argument type '" + tname + "'");
  auto it = j.find("value");
  if (is_ref(t)) {
    if (it == j.end() || !it->is_string()) return make_error(ErrorKind::Usage, "reference argument without value");
    std::string s = it->get<std::string>();
    if (s == "null") return Value::null_ref(t);
    uint64_t payload = 0;
    if (t != ValType::ExternRef || !parse_bits(s, payload))
      return make_error(ErrorKind::Usage, "unsupported reference argument '" + s + "'");
    return Value::extern_ref(payload);
  }
  if (t == ValType::V128) {
    LaneShape s;
    if (!lane_shape(json_string(j, "lane_type"), s) || it == j.end() || !it->is_array() || it->size() != s.count)
      return make_error(ErrorKind::Usage, "bad v128 argument");
    V128 v;
    for (unsigned i = 0; i < s.count; i++) {
      uint64_t lane = 0;
      if (!(*it)[i].is_string() || !parse_bits((*it)[i].get<std::string>(), lane))
        return make_error(ErrorKind::Usage, "bad v128 lane value");
      lane &= lane_mask(s);
      std::memcpy(v.bytes + i * s.bytes, &lane, s.bytes);
    }
    return Value::from_v128(v);
  }
  uint64_t bits = 0;
  if (it == j.end() || !it->is_string() || !parse_bits(it->get<std::string>(), bits))
    return make_error(ErrorKind::Usage, "bad " + tname + " argument value");
  switch (t) {
    case ValType::I32: return Value::from_i32(int32_t(uint32_t(bits)));
    case ValType::I64: return Value::from_i64(int64_t(bits));
    case ValType::F32: return Value::from_f32_bits(uint32_t(bits));
    default: return Value::from_f64_bits(bits);
  }
}

std::string match_expected(const json& expected, const Value& actual) {
  if (!expected.is_object()) return "bad expected entry";
  std::string tname = json_string(expected, "type");
  ValType t;
  if (!type_from_name(tname, t)) return "unknown expected type '" + tname + "'";
  if (actual.type != t) return std::string("type differs: got ") + valtype_name(actual.type);
  if (t == ValType::V128) return match_v128(expected, actual);
  if (is_ref(t)) return match_ref(expected, actual);
  auto it = expected.find("value");
  if (it == expected.end() || !it->is_string()) return "expected entry without value";
  bool is_float = t == ValType::F32 || t == ValType::F64;
  unsigned bytes = (t == ValType::I32 || t == ValType::F32) ? 4 : 8;
  return match_number(it->get<std::string>(), actual.bits[0], bytes, is_float);
}

std::string describe_expected(const json& expected) { return expected.dump(); }

// describe_value is defined in wast_values.cpp.

}  // namespace wasmvm::spec
