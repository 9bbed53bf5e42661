#include "loader/cli/value_text.h"

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wasmvm::cli {
namespace {

Error bad(std::string_view text, ValType t) {
  return make_error(ErrorKind::Usage, "cannot parse '" + std::string(text) + "' as " + type_name(t));
}

// Decimal (optionally signed) or 0x hex integer that fits in `bits` bits either as signed or unsigned.
bool parse_int(std::string_view s, unsigned bits, uint64_t& out) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  uint64_t mag = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), mag, base);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;
  uint64_t umax = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t neg_limit = uint64_t(1) << (bits - 1);  // |INT_MIN|
  if (neg ? mag > neg_limit : mag > umax) return false;
  out = (neg ? uint64_t(0) - mag : mag) & umax;
  return true;
}

// "nan", "-nan", "nan:0xPAYLOAD" (payload = mantissa bits), or whatever strtof/strtod accepts fully
// (decimal, hex float, inf).
template <class Float, class Bits>
bool parse_float(std::string_view s, Bits& out) {
  constexpr unsigned mant_bits = sizeof(Float) == 4 ? 23 : 52;
  constexpr Bits sign_bit = Bits(1) << (sizeof(Float) * 8 - 1);
  constexpr Bits exp_mask = (sign_bit - 1) & ~((Bits(1) << mant_bits) - 1);
  constexpr Bits mant_mask = (Bits(1) << mant_bits) - 1;
  std::string str(s);
  bool neg = !str.empty() && str[0] == '-';
  std::string body = (neg || (!str.empty() && str[0] == '+')) ? str.substr(1) : str;
  if (body.rfind("nan", 0) == 0) {
    Bits payload = Bits(1) << (mant_bits - 1);  // canonical quiet NaN
    if (body.size() > 3) {
      if (body.compare(3, 3, ":0x") != 0) return false;
      uint64_t p = 0;
      auto r = std::from_chars(body.data() + 6, body.data() + body.size(), p, 16);
      if (r.ec != std::errc() || r.ptr != body.data() + body.size() || p == 0 || p > mant_mask) return false;
      payload = Bits(p);
    }
    out = (neg ? sign_bit : 0) | exp_mask | payload;
    return true;
  }
  if (str.empty() || std::isspace(static_cast<unsigned char>(str[0]))) return false;
  char* end = nullptr;
  errno = 0;
  Float f;
  if constexpr (sizeof(Float) == 4) f = std::strtof(str.c_str(), &end);
  else f = std::strtod(str.c_str(), &end);
  if (end != str.c_str() + str.size()) return false;
  // ERANGE on overflow gives inf (the nearest value), on underflow a denormal/zero: both are fine.
  std::memcpy(&out, &f, sizeof f);
  return true;
}

bool parse_v128(std::string_view s, V128& out) {
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s.size() > 34) return false;
  s.remove_prefix(2);
  out = V128{};
  // The text is a 128-bit number, most significant digit first; bytes are little-endian.
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[s.size() - 1 - i];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    out.bytes[i / 2] |= uint8_t(d << (4 * (i % 2)));
  }
  return true;
}

template <class Float, class Bits>
std::string format_float(Bits bits) {
  constexpr unsigned mant_bits = sizeof(Float) == 4 ? 23 : 52;
  constexpr Bits sign_bit = Bits(1) << (sizeof(Float) * 8 - 1);
  constexpr Bits mant_mask = (Bits(1) << mant_bits) - 1;
  Float f;
  std::memcpy(&f, &bits, sizeof f);
  if (std::isnan(f)) {
    std::string s = (bits & sign_bit) ? "-nan" : "nan";
    Bits payload = bits & mant_mask;
    if (payload != (Bits(1) << (mant_bits - 1))) {
      char buf[32];
      std::snprintf(buf, sizeof buf, ":0x%" PRIx64, uint64_t(payload));
      s += buf;
    }
    return s;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, f);  // shortest text that reads back exactly
  return std::string(buf, r.ptr);
}

}  // namespace

const char* type_name(ValType t) { return valtype_name(t); }

Result<Value> parse_value(std::string_view text, ValType type) {
  switch (type) {
    case ValType::I32: {
      uint64_t v;
      if (!parse_int(text, 32, v)) return bad(text, type);
      return Value::from_i32(int32_t(uint32_t(v)));
    }
    case ValType::I64: {
      uint64_t v;
      if (!parse_int(text, 64, v)) return bad(text, type);
      return Value::from_i64(int64_t(v));
    }
    case ValType::F32: {
      uint32_t b;
      if (!parse_float<float>(text, b)) return bad(text, type);
      return Value::from_f32_bits(b);
    }
    case ValType::F64: {
      uint64_t b;
      if (!parse_float<double>(text, b)) return bad(text, type);
      return Value::from_f64_bits(b);
    }
    case ValType::V128: {
      V128 v;
      if (!parse_v128(text, v)) return bad(text, type);
      return Value::from_v128(v);
    }
    case ValType::FuncRef:
      if (text == "null") return Value::null_ref(type);
      return bad(text, type);  // a non-null funcref cannot be written on a command line
    case ValType::ExternRef: {
      if (text == "null") return Value::null_ref(type);
      uint64_t v;
      if (!parse_int(text, 64, v)) return bad(text, type);
      return Value::extern_ref(v);
    }
  }
  return bad(text, type);
}

std::string format_value(const Value& v) {
  std::string body;
  switch (v.type) {
    case ValType::I32: body = std::to_string(v.as_i32()); break;
    case ValType::I64: body = std::to_string(v.as_i64()); break;
    case ValType::F32: body = format_float<float>(v.as_f32_bits()); break;
    case ValType::F64: body = format_float<double>(v.as_f64_bits()); break;
    case ValType::V128: {
      V128 x = v.as_v128();
      char buf[40] = "0x";
      for (int i = 0; i < 16; i++) std::snprintf(buf + 2 + 2 * i, 3, "%02x", x.bytes[15 - i]);
      body = buf;
      break;
    }
    case ValType::FuncRef: body = v.is_null() ? "null" : "func"; break;
    case ValType::ExternRef: body = v.is_null() ? "null" : std::to_string(v.extern_payload()); break;
  }
  return body + ":" + type_name(v.type);
}

}  // namespace wasmvm::cli
