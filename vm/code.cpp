// Names of internal instructions and the code-offset -> wasm-offset lookup.
#include "vm/code.h"

#include <algorithm>

namespace wasmvm::rt {

const char* isa_name(Isa op) {
  static const char* const names[] = {
#define ISA(Name, words) #Name,
#include "vm/isa.def"
#undef ISA
  };
  size_t i = static_cast<size_t>(op);
  return i < kNumIsa ? names[i] : "?";
}

uint32_t CompiledFunc::wasm_offset_at(size_t code_index) const {
  // Last entry whose instruction starts at or before code_index.
  auto it = std::upper_bound(offsets.begin(), offsets.end(), code_index,
                             [](size_t ci, const OffsetEntry& e) { return ci < e.code_index; });
  if (it == offsets.begin()) return offsets.empty() ? 0 : offsets.front().wasm_offset;
  return std::prev(it)->wasm_offset;
}

}  // namespace wasmvm::rt
