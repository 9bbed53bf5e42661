// Bounds-checked cursor over a byte buffer with strict LEB128 decoding (as the binary format demands:
// no overlong encodings, no set bits beyond the value's width). Methods return false on failure and
// record a spec-style message plus the byte offset; callers turn that into an Error with error().
// Kept header-only so the one-byte fast paths inline into the instruction decoder.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "wasmvm/result.h"

namespace wasmvm {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t pos, size_t end) : data_(data), pos_(pos), end_(end) {}

  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  size_t remaining() const { return end_ - pos_; }
  bool at_end() const { return pos_ >= end_; }
  const uint8_t* data() const { return data_; }
  void set_pos(size_t p) { pos_ = p; }

  // The recorded failure as an Error of the given kind (Malformed for all decoding problems).
  Error error(ErrorKind kind = ErrorKind::Malformed) const { return make_error(kind, err_msg_, err_off_); }
  const char* error_message() const { return err_msg_; }
  size_t error_offset() const { return err_off_; }
  // Records a failure at `offset` and returns false (for callers' own structural checks).
  bool fail(const char* msg, size_t offset) {
    err_msg_ = msg;
    err_off_ = offset;
    return false;
  }
  // Message used when the buffer runs out ("unexpected end" by default; sections override it).
  void set_eof_message(const char* msg) { eof_msg_ = msg; }

  [[nodiscard]] bool u8(uint8_t& out) {
    if (pos_ >= end_) return fail(eof_msg_, pos_);
    out = data_[pos_++];
    return true;
  }
  [[nodiscard]] bool peek(uint8_t& out) const {
    if (pos_ >= end_) return false;
    out = data_[pos_];
    return true;
  }
  [[nodiscard]] bool skip(size_t n) {
    if (n > end_ - pos_) return fail(eof_msg_, end_);
    pos_ += n;
    return true;
  }
  [[nodiscard]] bool fixed32(uint32_t& out) {
    if (end_ - pos_ < 4) return fail(eof_msg_, end_);
    std::memcpy(&out, data_ + pos_, 4);  // the binary format is little-endian, like our targets
    pos_ += 4;
    return true;
  }
  [[nodiscard]] bool fixed64(uint64_t& out) {
    if (end_ - pos_ < 8) return fail(eof_msg_, end_);
    std::memcpy(&out, data_ + pos_, 8);
    pos_ += 8;
    return true;
  }

  [[nodiscard]] bool u32(uint32_t& out) {
    if (pos_ < end_ && data_[pos_] < 0x80) {  // fast path: one byte
      out = data_[pos_++];
      return true;
    }
    uint64_t v;
    if (!leb_unsigned(v, 32)) return false;
    out = static_cast<uint32_t>(v);
    return true;
  }
  [[nodiscard]] bool u64(uint64_t& out) { return leb_unsigned(out, 64); }
  [[nodiscard]] bool s32(int32_t& out) {
    if (pos_ < end_ && data_[pos_] < 0x80) {
      uint8_t b = data_[pos_++];
      out = (b & 0x40) ? static_cast<int32_t>(b) - 0x80 : b;
      return true;
    }
    int64_t v;
    if (!leb_signed(v, 32)) return false;
    out = static_cast<int32_t>(v);
    return true;
  }
  [[nodiscard]] bool s33(int64_t& out) { return leb_signed(out, 33); }
  [[nodiscard]] bool s64(int64_t& out) { return leb_signed(out, 64); }

 private:
  // Unsigned LEB of at most ceil(bits/7) bytes; the last byte may only carry the remaining bits.
  bool leb_unsigned(uint64_t& out, unsigned bits) {
    const size_t start = pos_;
    const unsigned max_bytes = (bits + 6) / 7;
    uint64_t result = 0;
    for (unsigned i = 0;; i++) {
      if (pos_ >= end_) return fail(eof_msg_, pos_);
      uint8_t b = data_[pos_++];
      unsigned shift = 7 * i;
      if (i + 1 == max_bytes) {
        if (b & 0x80) return fail("integer representation too long", start);
        unsigned used = bits - shift;  // bits this byte may still contribute
        if (used < 7 && (b >> used) != 0) return fail("integer too large", start);
        result |= static_cast<uint64_t>(b) << shift;
        break;
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    out = result;
    return true;
  }
  // Signed LEB: in the last byte, the unused high bits must all equal the sign bit.
  bool leb_signed(int64_t& out, unsigned bits) {
    const size_t start = pos_;
    const unsigned max_bytes = (bits + 6) / 7;
    uint64_t result = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    for (unsigned i = 0;; i++) {
      if (pos_ >= end_) return fail(eof_msg_, pos_);
      b = data_[pos_++];
      if (i + 1 == max_bytes) {
        if (b & 0x80) return fail("integer representation too long", start);
        unsigned used = bits - shift;  // 1..7 payload bits, the top one is the sign
        if (used < 7) {
          uint8_t rest = static_cast<uint8_t>((b & 0x7F) >> (used - 1));  // sign bit and above
          uint8_t all = static_cast<uint8_t>((1u << (8 - used)) - 1);
          if (rest != 0 && rest != all) return fail("integer too large", start);
        }
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;  // sign-extend
    out = static_cast<int64_t>(result);
    return true;
  }

  const uint8_t* data_;
  size_t pos_, end_;
  const char* err_msg_ = "";
  size_t err_off_ = kNoOffset;
  const char* eof_msg_ = "unexpected end";
};

}  // namespace wasmvm
