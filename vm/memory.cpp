// Linear memory instances. Two backings, chosen at build time (WASMVM_BOUNDS):
//   explicit (default): one calloc'd heap block, realloc'd on grow (the base may move);
//   guard (64-bit POSIX): an 8 GiB + guard-page PROT_NONE reservation whose committed prefix is
//     made read-write; grow is mprotect, the base never moves, and any u32 address + u32 offset
//     + 16 lands inside the reservation (the interpreter's signal handler turns faults into traps).
#include <cstdlib>
#include <cstring>
#include <string>

#include "vm/runtime.h"

#ifndef WASMVM_BOUNDS_GUARD
#define WASMVM_BOUNDS_GUARD 0
#endif

#if WASMVM_BOUNDS_GUARD
#include <sys/mman.h>
#include <unistd.h>
static_assert(sizeof(void*) == 8, "guard-page bounds checking needs a 64-bit address space");
#endif

namespace wasmvm {

namespace rt {

namespace {

constexpr bool kAlwaysReserves = WASMVM_BOUNDS_GUARD != 0;  // even 0-page memories get a block

#if WASMVM_BOUNDS_GUARD
// 4 GiB of addressable memory + 4 GiB of maximum static offset, plus one page for 16-byte accesses.
constexpr uint64_t kReservation = (uint64_t(8) << 30) + 65536;

uint8_t* allocate_block(uint64_t bytes) {
  void* p = mmap(nullptr, kReservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  if (bytes > 0 && mprotect(p, bytes, PROT_READ | PROT_WRITE) != 0) {
    munmap(p, kReservation);
    return nullptr;
  }
  return static_cast<uint8_t*>(p);
}

// Fresh anonymous pages read as zero, so the new range needs no clearing.
uint8_t* grow_block(uint8_t* data, uint64_t old_size, uint64_t new_size) {
  if (data == nullptr) return nullptr;
  if (mprotect(data + old_size, new_size - old_size, PROT_READ | PROT_WRITE) != 0) return nullptr;
  return data;
}

void free_block(uint8_t* data) {
  if (data != nullptr) munmap(data, kReservation);
}
#else
uint8_t* allocate_block(uint64_t bytes) {
  if constexpr (sizeof(size_t) < 8) {
    if (bytes > SIZE_MAX) return nullptr;  // 32-bit hosts cannot address 4 GiB
  }
  if (bytes == 0) return nullptr;
  return static_cast<uint8_t*>(std::calloc(size_t(bytes), 1));
}

// On failure the old block is untouched and the memory keeps its size.
uint8_t* grow_block(uint8_t* data, uint64_t old_size, uint64_t new_size) {
  if constexpr (sizeof(size_t) < 8) {
    if (new_size > SIZE_MAX) return nullptr;
  }
  auto* p = static_cast<uint8_t*>(std::realloc(data, size_t(new_size)));
  if (p == nullptr) return nullptr;
  std::memset(p + old_size, 0, size_t(new_size - old_size));
  return p;
}

void free_block(uint8_t* data) { std::free(data); }
#endif

}  // namespace

MemoryInst::~MemoryInst() { free_block(data); }

int64_t MemoryInst::grow(uint32_t delta) {
  uint32_t old_pages = pages();
  if (delta == 0) return old_pages;
  uint64_t new_pages = uint64_t(old_pages) + delta;
  if (new_pages > max_pages) return -1;
  uint8_t* p = grow_block(data, size, new_pages * kPageSize);
  if (p == nullptr) return -1;
  data = p;
  size = new_pages * kPageSize;
  ++generation;
  return old_pages;
}

}  // namespace rt

Result<Memory> Store::create_memory(MemoryType type) {
  const Limits& lim = type.limits;
  if (lim.min > kMaxPages || (lim.has_max && lim.max > kMaxPages)) {
    return make_error(ErrorKind::Usage, "memory size must be at most 65536 pages (4GiB)");
  }
  if (lim.has_max && lim.max < lim.min) {
    return make_error(ErrorKind::Usage, "size minimum must not be greater than maximum");
  }
  uint32_t cap = impl_->engine.config().max_memory_pages;
  if (lim.min > cap) {
    return make_trap(TrapCode::MemoryLimit, "memory of " + std::to_string(lim.min) +
                                                " pages exceeds the configured limit of " +
                                                std::to_string(cap) + " pages");
  }
  auto m = std::make_unique<rt::MemoryInst>();
  m->type = type;
  uint32_t type_max = lim.has_max ? lim.max : kMaxPages;
  m->max_pages = type_max < cap ? type_max : cap;
  uint64_t bytes = uint64_t(lim.min) * kPageSize;
  m->data = rt::allocate_block(bytes);
  if (m->data == nullptr && (bytes > 0 || rt::kAlwaysReserves)) {
    return make_trap(TrapCode::MemoryLimit, "out of host memory allocating " + std::to_string(lim.min) +
                                                " pages of linear memory");
  }
  m->size = bytes;
  rt::MemoryInst* raw = m.get();
  impl_->memories.push_back(std::move(m));
  return Memory(raw);
}

}  // namespace wasmvm
