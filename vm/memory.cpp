// Linear memory instances (explicit bounds-check mode): one heap block, realloc'd on grow.
#include <cstdlib>
#include <cstring>
#include <string>

#include "vm/runtime.h"

namespace wasmvm {

namespace rt {

MemoryInst::~MemoryInst() { std::free(data); }

int64_t MemoryInst::grow(uint32_t delta) {
  uint32_t old_pages = pages();
  if (delta == 0) return old_pages;
  uint64_t new_pages = uint64_t(old_pages) + delta;
  if (new_pages > max_pages) return -1;
  uint64_t new_size = new_pages * kPageSize;
  if constexpr (sizeof(size_t) < 8) {
    if (new_size > SIZE_MAX) return -1;  // 32-bit hosts cannot address 4 GiB
  }
  auto* p = static_cast<uint8_t*>(std::realloc(data, size_t(new_size)));
  if (p == nullptr) return -1;  // the old block is untouched, the memory keeps its size
  std::memset(p + size, 0, size_t(new_size - size));
  data = p;
  size = new_size;
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
    return make_error(ErrorKind::Limit, "memory of " + std::to_string(lim.min) +
                                            " pages exceeds the configured limit of " +
                                            std::to_string(cap) + " pages");
  }
  auto m = std::make_unique<rt::MemoryInst>();
  m->type = type;
  uint32_t type_max = lim.has_max ? lim.max : kMaxPages;
  m->max_pages = type_max < cap ? type_max : cap;
  uint64_t bytes = uint64_t(lim.min) * kPageSize;
  if (bytes > 0) {
    if constexpr (sizeof(size_t) < 8) {
      if (bytes > SIZE_MAX) return make_error(ErrorKind::Limit, "memory too large for this host");
    }
    m->data = static_cast<uint8_t*>(std::calloc(size_t(bytes), 1));
    if (m->data == nullptr) {
      return make_error(ErrorKind::Limit, "out of host memory allocating " + std::to_string(lim.min) +
                                              " pages of linear memory");
    }
    m->size = bytes;
  }
  rt::MemoryInst* raw = m.get();
  impl_->memories.push_back(std::move(m));
  return Memory(raw);
}

}  // namespace wasmvm
