// Listing of compiled internal code (vm/isa.def instructions) for debugging, tests and
// `wasmvm disasm --internal`. Decodes handler words back to instruction numbers, so it works for
// both dispatch backends.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "vm/code.h"

namespace wasmvm::rt {

struct ListedInstr {
  size_t index = 0;    // word index of the instruction in CompiledFunc::code
  Isa op = Isa::Count_;  // Count_: the word is not a known handler (the listing stops there)
  size_t words = 0;    // words taken, including a BrTable's offset table
};

// Instructions of `f` in code order. Stops at an unknown handler word or a truncated instruction.
std::vector<ListedInstr> list_code(const CompiledFunc& f);

// Instruction names only, e.g. {"I32Add", "ReturnCopy"}; "?" marks where decoding stopped.
std::vector<std::string> code_names(const CompiledFunc& f);

// One line per instruction: "  word  Name  A B C D  [extra words]  ; wasm 0x1f".
std::string code_listing_text(const CompiledFunc& f);

}  // namespace wasmvm::rt
