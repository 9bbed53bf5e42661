// Direct access to the opcode tables of opcodes.cpp for the per-instruction hot paths (decoder and
// validator), where a call per lookup is measurable.
#pragma once
#include <array>
#include <cstdint>

#include "opcodes.h"

namespace wasmvm::detail {

extern const OpInfo kOpInfoTable[kNumOps];
extern const std::array<Op, 256> kSingleByteOps;  // Op::Count_ for unknown bytes and the prefixes

inline const OpInfo& fast_op_info(Op op) { return kOpInfoTable[static_cast<size_t>(op)]; }

}  // namespace wasmvm::detail
