// Legacy tensor JSON codec (see legacy_json.h). Hand-written: the shape is fixed and inputs are megabytes.
#include "loader/graph/legacy_json.h"

#include <charconv>

namespace wasmvm::graph {

namespace {
const char* legacy_dtype_name(DType t) {
  switch (t) {
    case DType::F32: return "FP32";
    case DType::I32: return "INT32";
    case DType::I8: return "INT8";
    default: return nullptr;
  }
}

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> s) : s_(s) {}
  Error fail(const std::string& what) const {
    return make_error(ErrorKind::Invalid, "output JSON: " + what + " at column " + std::to_string(pos_ + 1));
  }
  void ws() { while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) pos_++; }
  bool eat(char c) { ws(); if (pos_ < s_.size() && s_[pos_] == c) { pos_++; return true; } return false; }
  bool eat_word(std::string_view w) {
    ws();
    if (s_.size() - pos_ >= w.size() && std::equal(w.begin(), w.end(), s_.begin() + pos_)) { pos_ += w.size(); return true; }
    return false;
  }
  Result<std::string> string() {
    if (!eat('"')) return fail("expected string");
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\' || s_[pos_] < 0x20) return fail("unsupported character in string");
      out += char(s_[pos_++]);
    }
    if (pos_ >= s_.size()) return fail("EOF while parsing a string");
    pos_++;
    return out;
  }
  Result<int64_t> integer() {
    ws();
    int64_t v = 0;
    auto* b = reinterpret_cast<const char*>(s_.data()) + pos_;
    auto* e = reinterpret_cast<const char*>(s_.data()) + s_.size();
    auto r = std::from_chars(b, e, v);
    if (r.ec != std::errc() || r.ptr == b) return fail("expected integer");
    pos_ += size_t(r.ptr - b);
    return v;
  }
  // [n, n, ...] into `out`; `byte` limits values to 0..255.
  template <class F> Status list(F&& push) {
    if (!eat('[')) return fail("expected `[`");
    if (eat(']')) return Status::Ok();
    for (;;) {
      auto v = integer();
      if (!v.ok()) return v.error();
      if (Status st = push(*v); !st.ok()) return st;
      if (eat(',')) continue;
      if (eat(']')) return Status::Ok();
      return fail("expected `,` or `]`");
    }
  }
  bool at_end() { ws(); return pos_ == s_.size(); }

 private:
  std::span<const uint8_t> s_;
  size_t pos_ = 0;
};
}  // namespace

Result<std::string> encode_legacy_tensor(const HostTensor& t) {
  const char* name = legacy_dtype_name(t.dtype);
  if (!name)
    return make_error(ErrorKind::Usage, std::string("the legacy JSON protocol cannot carry ") + dtype_name(t.dtype) +
                                            " tensors (only float32, int32, int8)");
  std::string out;
  out.reserve(64 + t.bytes.size() * 4);
  out += "{\"dtype\":\"";
  out += name;
  out += "\",\"shape\":[";
  for (size_t i = 0; i < t.shape.size(); i++) {
    if (i) out += ',';
    out += std::to_string(t.shape[i]);
  }
  out += "],\"strides\":null,\"data\":[";
  char buf[4];
  for (size_t i = 0; i < t.bytes.size(); i++) {
    if (i) out += ',';
    auto r = std::to_chars(buf, buf + sizeof buf, unsigned(t.bytes[i]));
    out.append(buf, r.ptr);
  }
  out += "]}";
  return out;
}

Result<HostTensor> decode_legacy_tensor(std::span<const uint8_t> json) {
  Reader r(json);
  HostTensor t;
  bool have_dtype = false, have_shape = false, have_data = false;
  if (!r.eat('{')) return r.fail("expected `{`");
  if (!r.eat('}')) {
    for (;;) {
      auto key = r.string();
      if (!key.ok()) return key.error();
      if (!r.eat(':')) return r.fail("expected `:`");
      if (*key == "dtype") {
        auto v = r.string();
        if (!v.ok()) return v.error();
        if (*v == "FP32") t.dtype = DType::F32;
        else if (*v == "INT32") t.dtype = DType::I32;
        else if (*v == "INT8") t.dtype = DType::I8;
        else return r.fail("unknown dtype \"" + *v + "\"");
        have_dtype = true;
      } else if (*key == "shape") {
        Status st = r.list([&](int64_t v) -> Status {
          if (v < 0) return r.fail("negative dimension");
          if (t.shape.size() >= size_t(kMaxNdim)) return r.fail("more than 8 dimensions");
          t.shape.push_back(v);
          return Status::Ok();
        });
        if (!st.ok()) return st.error();
        have_shape = true;
      } else if (*key == "strides") {
        if (!r.eat_word("null")) {
          Status st = r.list([](int64_t) { return Status::Ok(); });  // accepted, compact data assumed
          if (!st.ok()) return st.error();
        }
      } else if (*key == "data") {
        Status st = r.list([&](int64_t v) -> Status {
          if (v < 0 || v > 255) return r.fail("data value " + std::to_string(v) + " is not a byte");
          t.bytes.push_back(uint8_t(v));
          return Status::Ok();
        });
        if (!st.ok()) return st.error();
        have_data = true;
      } else {
        return r.fail("unknown field \"" + *key + "\"");
      }
      if (r.eat(',')) continue;
      if (r.eat('}')) break;
      return r.fail("expected `,` or `}`");
    }
  }
  if (!r.at_end()) return r.fail("trailing characters");
  if (!have_dtype || !have_shape || !have_data) return r.fail("missing field dtype, shape or data");
  auto n = checked_element_count(t.shape, "output shape");
  if (!n.ok()) return n.error();
  if (*n > t.bytes.size() || *n * dtype_size(t.dtype) != t.bytes.size())
    return make_error(ErrorKind::Invalid, "output JSON: shape " + shape_to_string(t.shape) + " of " +
                                              dtype_name(t.dtype) + " needs " + std::to_string(*n * dtype_size(t.dtype)) +
                                              " bytes but data has " + std::to_string(t.bytes.size()));
  return t;
}

}  // namespace wasmvm::graph
