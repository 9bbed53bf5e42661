// Binary module parser: sections -> ModuleInfo. Checks structure (order, sizes, LEBs, UTF-8, limits
// encodings, counts) but not function bodies' instructions (those are decoded by InstrReader while
// validating). Errors are ErrorKind::Malformed with the byte offset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "module.h"
#include "wasmvm/result.h"

namespace wasmvm {

Result<ModuleInfo> parse_module(std::span<const uint8_t> bytes);

}  // namespace wasmvm
