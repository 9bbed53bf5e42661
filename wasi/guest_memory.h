// Bounds-checked view of the calling instance's linear memory for the WASI calls.
//
// Host functions cannot grow memory, so base/size stay valid for the duration of one call.
// Every access checks [addr, addr+len) first (overflow-safe); callers turn failures into EFAULT.
// Guest memory is little-endian; values are assembled byte by byte (no unaligned host loads).
#pragma once
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace wasmvm::wasi {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }
  bool in_bounds(uint64_t addr, uint64_t len) const { return addr <= size_ && len <= size_ - addr; }

  // A writable view of guest bytes, or an empty optional-like span with ok=false.
  bool view(uint64_t addr, uint64_t len, std::span<uint8_t>* out) const {
    if (!in_bounds(addr, len)) return false;
    *out = std::span<uint8_t>(base_ + addr, size_t(len));
    return true;
  }

  bool read_bytes(uint64_t addr, void* dst, size_t len) const {
    if (!in_bounds(addr, len)) return false;
    if (len) std::memcpy(dst, base_ + addr, len);
    return true;
  }
  bool write_bytes(uint64_t addr, const void* src, size_t len) const {
    if (!in_bounds(addr, len)) return false;
    if (len) std::memcpy(base_ + addr, src, len);
    return true;
  }

  template <class T> bool load(uint64_t addr, T* out) const {
    uint8_t b[sizeof(T)];
    if (!read_bytes(addr, b, sizeof(T))) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); i++) v |= uint64_t(b[i]) << (8 * i);
    *out = T(v);
    return true;
  }
  template <class T> bool store(uint64_t addr, T value) const {
    uint8_t b[sizeof(T)];
    uint64_t v = uint64_t(value);
    for (size_t i = 0; i < sizeof(T); i++) b[i] = uint8_t(v >> (8 * i));
    return write_bytes(addr, b, sizeof(T));
  }

  // Raw pointer for a range already checked with in_bounds (used for memcpy into structs).
  uint8_t* at(uint64_t addr) const { return base_ + addr; }

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

// Little-endian writers into a host staging buffer (structs are built there, then copied once).
inline void put_u8(uint8_t* p, uint8_t v) { p[0] = v; }
inline void put_u16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v); p[1] = uint8_t(v >> 8); }
inline void put_u32(uint8_t* p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = uint8_t(v >> (8 * i)); }
inline void put_u64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = uint8_t(v >> (8 * i)); }
inline uint16_t get_u16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t get_u32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
inline uint64_t get_u64(const uint8_t* p) { return uint64_t(get_u32(p)) | (uint64_t(get_u32(p + 4)) << 32); }

}  // namespace wasmvm::wasi
