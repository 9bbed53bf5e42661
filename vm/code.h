// Internal code format: the instruction enum generated from vm/isa.def, the word layout helpers and
// the compiled-function record shared by the compiler and the interpreter.
//
// An instruction is a run of 8-byte words: word 0 is the handler (label address for the goto backend,
// instruction number for the switch backend); word 1 packs four u16 slot fields A B C D, or A B plus a
// 32-bit immediate in the upper half; further words hold 64-bit immediates, pointers or tables.
// Slots index 8-byte cells from the frame pointer; a v128 takes two consecutive cells.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "wasmvm/types.h"

namespace wasmvm::rt {

enum class Isa : uint16_t {
#define ISA(Name, words) Name,
#include "vm/isa.def"
#undef ISA
  Count_
};
constexpr size_t kNumIsa = static_cast<size_t>(Isa::Count_);

// Words per instruction (BrTable adds its offset table after the two fixed words).
inline constexpr uint8_t kIsaWords[] = {
#define ISA(Name, words) words,
#include "vm/isa.def"
#undef ISA
};

const char* isa_name(Isa op);  // code.cpp

// Packing of word 1.
constexpr uint64_t pack_abcd(uint16_t a, uint16_t b, uint16_t c, uint16_t d) {
  return uint64_t(a) | uint64_t(b) << 16 | uint64_t(c) << 32 | uint64_t(d) << 48;
}
constexpr uint64_t pack_ab_imm(uint16_t a, uint16_t b, uint32_t imm) {
  return uint64_t(a) | uint64_t(b) << 16 | uint64_t(imm) << 32;
}

// Handler word of an instruction for the interpreter this library was built with (interp.cpp).
uint64_t handler_word(Isa op);

// Wasm offset of the instruction starting at a code word index (for backtraces).
struct OffsetEntry {
  uint32_t code_index;
  uint32_t wasm_offset;
};

// frame_cells() of a function that has not been translated yet. It is larger than any value stack,
// so a caller's "does the callee's frame fit" check fails and its slow path translates the function
// (lazy translation costs the hot call path nothing).
constexpr uint32_t kNotCompiled = UINT32_MAX;

struct LazyTranslator;

struct CompiledFunc {
  std::vector<uint64_t> code;
  uint32_t func_index = 0;     // index in the module (imports first)
  uint32_t type_id = 0;        // canonical signature id
  uint32_t param_cells = 0;    // cells taken by the parameters
  uint32_t local_cells = 0;    // params + declared locals
  uint32_t result_cells = 0;
  std::vector<uint64_t> pool;  // constant operands, copied to fp[local_cells..] at entry
  std::vector<OffsetEntry> offsets;  // sorted by code_index

  // Params, locals, constants, temporaries (a callee fits if this <= stack_end - fp), or
  // kNotCompiled. Stored last by the compiler with release order: a thread that reads a real value
  // with acquire also sees every other field above, so one Module can be shared by threads.
  uint32_t frame_cells() const { return frame_cells_.load(std::memory_order_acquire); }
  bool compiled() const { return frame_cells() != kNotCompiled; }
  void publish(uint32_t frame_cells) { frame_cells_.store(frame_cells, std::memory_order_release); }

  uint32_t wasm_offset_at(size_t code_index) const;

  // Lazy translation: who translates this function on its first call (module_compile.cpp).
  LazyTranslator* translator = nullptr;
  uint32_t def_index = 0;  // index among the module's defined functions

 private:
  std::atomic<uint32_t> frame_cells_{kNotCompiled};
};

inline uint32_t cells_of(ValType t) { return t == ValType::V128 ? 2 : 1; }

}  // namespace wasmvm::rt
