#include "text/literals.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace wasmvm::text {
namespace {

int digit_value(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (hex && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (hex && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Checks `s` is digit ('_'? digit)* in the given base and returns the digits without separators.
bool digits(std::string_view s, bool hex, std::string& out) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 >= s.size() || s[i - 1] == '_') return false;
      continue;
    }
    if (digit_value(s[i], hex) < 0) return false;
    out += s[i];
  }
  return true;
}

// Splits an optional sign off.
char take_sign(std::string_view& s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    char c = s[0];
    s.remove_prefix(1);
    return c;
  }
  return 0;
}

// Natural number without sign into 64 bits; OutOfRange when it does not fit u64.
LitStatus nat64(std::string_view s, uint64_t& out) {
  bool hex = s.size() > 2 && s[0] == '0' && s[1] == 'x';
  if (hex) s.remove_prefix(2);
  std::string d;
  if (!digits(s, hex, d)) return LitStatus::BadSyntax;
  uint64_t v = 0;
  unsigned base = hex ? 16 : 10;
  bool overflow = false;
  for (char c : d) {
    uint64_t dv = uint64_t(digit_value(c, hex));
    if (v > (UINT64_MAX - dv) / base) overflow = true;
    v = v * base + dv;
  }
  if (overflow) return LitStatus::OutOfRange;
  out = v;
  return LitStatus::Ok;
}

// Float syntax check; returns the literal without '_' in C syntax for strtod (sign included).
bool float_syntax(std::string_view s, std::string& out) {
  std::string_view body = s;
  char sign = take_sign(body);
  if (sign) out += sign;
  bool hex = body.size() > 2 && body[0] == '0' && body[1] == 'x';
  if (hex) {
    out += "0x";
    body.remove_prefix(2);
  }
  char exp_char = hex ? 'p' : 'e';
  size_t dot = body.find('.');
  size_t exp = std::string_view::npos;
  for (size_t i = 0; i < body.size(); i++)
    if ((body[i] | 0x20) == exp_char) { exp = i; break; }
  std::string_view mant = body.substr(0, exp);
  std::string_view int_part = mant.substr(0, dot == std::string_view::npos ? mant.size() : dot);
  if (dot != std::string_view::npos && dot > mant.size()) return false;
  if (!digits(int_part, hex, out)) return false;
  if (dot != std::string_view::npos) {
    out += '.';
    std::string_view frac = mant.substr(dot + 1);
    if (!frac.empty() && !digits(frac, hex, out)) return false;
  }
  if (exp != std::string_view::npos) {
    out += exp_char;
    std::string_view e = body.substr(exp + 1);
    char es = take_sign(e);
    if (es) out += es;
    if (!digits(e, false, out)) return false;
  } else if (hex) {
    out += "p0";
  }
  return true;
}

template <class Bits>
LitStatus parse_float(std::string_view s, unsigned mant_bits, Bits& out) {
  const Bits sign_bit = Bits(1) << (sizeof(Bits) * 8 - 1);
  const Bits exp_mask = Bits(((Bits(1) << (sizeof(Bits) * 8 - 1 - mant_bits)) - 1)) << mant_bits;
  const Bits mant_mask = (Bits(1) << mant_bits) - 1;
  std::string_view body = s;
  char sign = take_sign(body);
  Bits sbit = sign == '-' ? sign_bit : 0;
  if (body == "inf") {
    out = sbit | exp_mask;
    return LitStatus::Ok;
  }
  if (body == "nan") {
    out = sbit | exp_mask | (Bits(1) << (mant_bits - 1));
    return LitStatus::Ok;
  }
  if (body.substr(0, 6) == "nan:0x") {
    uint64_t payload = 0;
    std::string d;
    if (!digits(body.substr(6), true, d)) return LitStatus::BadSyntax;
    if (d.size() > 16) return LitStatus::OutOfRange;
    payload = std::strtoull(d.c_str(), nullptr, 16);
    if (payload == 0 || payload > mant_mask) return LitStatus::OutOfRange;
    out = sbit | exp_mask | Bits(payload);
    return LitStatus::Ok;
  }
  std::string c;
  if (!float_syntax(s, c)) return LitStatus::BadSyntax;
  errno = 0;
  if constexpr (sizeof(Bits) == 4) {
    float f = std::strtof(c.c_str(), nullptr);
    if (std::isinf(f)) return LitStatus::OutOfRange;
    std::memcpy(&out, &f, 4);
  } else {
    double d = std::strtod(c.c_str(), nullptr);
    if (std::isinf(d)) return LitStatus::OutOfRange;
    std::memcpy(&out, &d, 8);
  }
  return LitStatus::Ok;
}

}  // namespace

LitStatus parse_nat(std::string_view s, unsigned bits, uint64_t& out) {
  if (s.empty() || s[0] == '+' || s[0] == '-') return LitStatus::BadSyntax;
  uint64_t v = 0;
  LitStatus st = nat64(s, v);
  if (st != LitStatus::Ok) return st;
  if (bits < 64 && v >> bits) return LitStatus::OutOfRange;
  out = v;
  return LitStatus::Ok;
}

LitStatus parse_int(std::string_view s, unsigned bits, uint64_t& out) {
  char sign = take_sign(s);
  uint64_t v = 0;
  LitStatus st = nat64(s, v);
  if (st != LitStatus::Ok) return st;
  uint64_t mask = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t half = uint64_t(1) << (bits - 1);
  if (sign == '-') {
    if (v > half) return LitStatus::OutOfRange;
    out = (uint64_t(0) - v) & mask;
  } else {
    if (v > mask) return LitStatus::OutOfRange;
    out = v;
  }
  return LitStatus::Ok;
}

LitStatus parse_f32(std::string_view s, uint32_t& out) { return parse_float<uint32_t>(s, 23, out); }
LitStatus parse_f64(std::string_view s, uint64_t& out) { return parse_float<uint64_t>(s, 52, out); }

}  // namespace wasmvm::text
