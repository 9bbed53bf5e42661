#include "spec-tests/wast_values.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "text/literals.h"

namespace wasmvm::spec {
namespace {

using text::LitStatus;
using text::Node;
using text::TextError;

bool fail(const Node& n, const char* msg, TextError& err) {
  err = n.error(msg);
  return false;
}

struct Shape {
  const char* name;
  unsigned lanes, bytes;
  bool is_float;
};
const Shape kShapes[] = {{"i8x16", 16, 1, false}, {"i16x8", 8, 2, false}, {"i32x4", 4, 4, false},
                         {"i64x2", 2, 8, false},  {"f32x4", 4, 4, true},  {"f64x2", 2, 8, true}};

// One number literal of `bytes` width; NaN patterns only when `patterns`.
bool number(const Node& n, unsigned bytes, bool is_float, bool patterns, LanePattern& out, TextError& err) {
  if (!n.is_atom()) return fail(n, "unexpected token", err);
  if (patterns && is_float && n.text == "nan:canonical") { out.kind = LanePattern::CanonicalNan; return true; }
  if (patterns && is_float && n.text == "nan:arithmetic") { out.kind = LanePattern::ArithmeticNan; return true; }
  LitStatus st;
  uint64_t bits = 0;
  if (is_float && bytes == 4) {
    uint32_t f = 0;
    st = text::parse_f32(n.text, f);
    bits = f;
  } else if (is_float) {
    st = text::parse_f64(n.text, bits);
  } else {
    st = text::parse_int(n.text, bytes * 8, bits);
  }
  if (st != LitStatus::Ok) return fail(n, st == LitStatus::OutOfRange ? "constant out of range" : "unexpected token", err);
  out.kind = LanePattern::Bits;
  out.bits = bits;
  return true;
}

bool valtype_of(std::string_view op, ValType& t, unsigned& bytes, bool& is_float) {
  if (op == "i32.const") { t = ValType::I32; bytes = 4; is_float = false; }
  else if (op == "i64.const") { t = ValType::I64; bytes = 8; is_float = false; }
  else if (op == "f32.const") { t = ValType::F32; bytes = 4; is_float = true; }
  else if (op == "f64.const") { t = ValType::F64; bytes = 8; is_float = true; }
  else return false;
  return true;
}

// Parses (op ...) into an Expected; `patterns` allows NaN patterns and value-less refs.
bool parse_value(const Node& n, Expected& e, bool patterns, TextError& err) {
  if (!n.is_list() || n.kids.empty()) return fail(n, "unexpected token", err);
  std::string_view op = n.head();
  unsigned bytes;
  bool is_float;
  ValType t;
  if (valtype_of(op, t, bytes, is_float)) {
    if (n.kids.size() != 2) return fail(n, "unexpected token", err);
    e.type = t;
    e.lane_bytes = bytes;
    e.is_float = is_float;
    e.lanes.resize(1);
    return number(n.kids[1], bytes, is_float, patterns, e.lanes[0], err);
  }
  if (op == "v128.const") {
    if (n.kids.size() < 2) return fail(n, "unexpected token", err);
    const Shape* s = nullptr;
    for (const Shape& x : kShapes)
      if (n.kids[1].is_keyword(x.name)) s = &x;
    if (!s) return fail(n.kids[1], "unexpected token", err);
    if (n.kids.size() != 2 + s->lanes) return fail(n, "wrong number of lane literals", err);
    e.type = ValType::V128;
    e.lane_bytes = s->bytes;
    e.is_float = s->is_float;
    e.lanes.resize(s->lanes);
    for (unsigned i = 0; i < s->lanes; i++)
      if (!number(n.kids[2 + i], s->bytes, s->is_float, patterns, e.lanes[i], err)) return false;
    return true;
  }
  if (op == "ref.null") {
    if (n.kids.size() != 2) return fail(n, "unexpected token", err);
    if (n.kids[1].is_keyword("func")) e.type = ValType::FuncRef;
    else if (n.kids[1].is_keyword("extern")) e.type = ValType::ExternRef;
    else return fail(n.kids[1], "unexpected token", err);
    e.ref = Expected::Null;
    return true;
  }
  if (op == "ref.extern" || op == "ref.func") {
    e.type = op == "ref.extern" ? ValType::ExternRef : ValType::FuncRef;
    if (n.kids.size() == 1 && patterns) {
      e.ref = Expected::NonNull;
      return true;
    }
    if (n.kids.size() != 2 || op != "ref.extern") return fail(n, "unexpected token", err);
    uint64_t v = 0;
    if (!n.kids[1].is_atom() || text::parse_nat(n.kids[1].text, 64, v) != LitStatus::Ok)
      return fail(n.kids[1], "unexpected token", err);
    e.ref = Expected::ExternPayload;
    e.extern_payload = v;
    return true;
  }
  if (op == "either" && patterns) {
    for (size_t i = 1; i < n.kids.size(); i++) {
      Expected alt;
      if (!parse_value(n.kids[i], alt, true, err)) return false;
      e.either.push_back(std::move(alt));
    }
    if (e.either.empty()) return fail(n, "unexpected token", err);
    return true;
  }
  return fail(n, "unexpected token", err);
}

bool canonical_nan(uint64_t b, unsigned bytes) {
  return bytes == 4 ? (b & 0x7fffffffu) == 0x7fc00000u : (b & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
}
bool arithmetic_nan(uint64_t b, unsigned bytes) {
  return bytes == 4 ? (b & 0x7fc00000u) == 0x7fc00000u : (b & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
}

std::string hex(uint64_t x) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, x);
  return buf;
}

}  // namespace

bool parse_const(const Node& n, Value& out, TextError& err) {
  Expected e;
  if (!parse_value(n, e, false, err)) return false;
  switch (e.type) {
    case ValType::I32: out = Value::from_i32(int32_t(uint32_t(e.lanes[0].bits))); break;
    case ValType::I64: out = Value::from_i64(int64_t(e.lanes[0].bits)); break;
    case ValType::F32: out = Value::from_f32_bits(uint32_t(e.lanes[0].bits)); break;
    case ValType::F64: out = Value::from_f64_bits(e.lanes[0].bits); break;
    case ValType::V128: {
      V128 v;
      for (size_t i = 0; i < e.lanes.size(); i++) std::memcpy(v.bytes + i * e.lane_bytes, &e.lanes[i].bits, e.lane_bytes);
      out = Value::from_v128(v);
      break;
    }
    case ValType::FuncRef:
      if (e.ref != Expected::Null) return fail(n, "unexpected token", err);
      out = Value::null_ref(ValType::FuncRef);
      break;
    case ValType::ExternRef:
      out = e.ref == Expected::Null ? Value::null_ref(ValType::ExternRef) : Value::extern_ref(e.extern_payload);
      break;
  }
  return true;
}

bool parse_expected(const Node& n, Expected& out, TextError& err) { return parse_value(n, out, true, err); }

std::string match_expected(const Expected& e, const Value& actual) {
  if (!e.either.empty()) {
    for (const Expected& alt : e.either)
      if (match_expected(alt, actual).empty()) return "";
    return "no alternative of (either) matches";
  }
  if (actual.type != e.type) return std::string("type differs: got ") + valtype_name(actual.type);
  if (is_ref(e.type)) {
    if (e.ref == Expected::Null) return actual.is_null() ? "" : "expected null";
    if (actual.is_null()) return "expected a non-null reference";
    if (e.ref == Expected::ExternPayload && actual.extern_payload() != e.extern_payload) return "externref payload differs";
    return "";
  }
  for (size_t i = 0; i < e.lanes.size(); i++) {
    uint64_t bits = 0;
    std::memcpy(&bits, reinterpret_cast<const uint8_t*>(actual.bits) + i * e.lane_bytes, e.lane_bytes);
    const LanePattern& p = e.lanes[i];
    bool ok = p.kind == LanePattern::CanonicalNan    ? canonical_nan(bits, e.lane_bytes)
              : p.kind == LanePattern::ArithmeticNan ? arithmetic_nan(bits, e.lane_bytes)
                                                     : bits == p.bits;
    if (!ok) return e.lanes.size() > 1 ? "lane " + std::to_string(i) + " differs" : "value differs";
  }
  return "";
}

std::string describe_expected(const Expected& e) {
  if (!e.either.empty()) {
    std::string s = "either(";
    for (size_t i = 0; i < e.either.size(); i++) {
      if (i) s += ", ";
      s += describe_expected(e.either[i]);
    }
    return s + ")";
  }
  std::string s = valtype_name(e.type);
  if (is_ref(e.type)) {
    if (e.ref == Expected::Null) return s + ":null";
    if (e.ref == Expected::NonNull) return s + ":non-null";
    s += ':';
    s += std::to_string(e.extern_payload);
    return s;
  }
  for (const LanePattern& p : e.lanes) {
    s += ' ';
    s += p.kind == LanePattern::CanonicalNan ? "nan:canonical" : p.kind == LanePattern::ArithmeticNan ? "nan:arithmetic" : hex(p.bits);
  }
  return s;
}

std::string describe_value(const Value& v) {
  std::string name = valtype_name(v.type);
  switch (v.type) {
    case ValType::I32:
    case ValType::F32: return name + ":" + hex(uint32_t(v.bits[0]));
    case ValType::I64:
    case ValType::F64: return name + ":" + hex(v.bits[0]);
    case ValType::V128: {
      V128 x = v.as_v128();
      std::string s = "v128:i32x4";
      for (int i = 0; i < 4; i++) {
        uint32_t lane;
        std::memcpy(&lane, x.bytes + 4 * i, 4);
        s += ' ';
        s += hex(lane);
      }
      return s;
    }
    case ValType::FuncRef: return v.is_null() ? "funcref:null" : "funcref:non-null";
    case ValType::ExternRef: return v.is_null() ? "externref:null" : "externref:" + std::to_string(v.extern_payload());
  }
  return name;
}

}  // namespace wasmvm::spec
