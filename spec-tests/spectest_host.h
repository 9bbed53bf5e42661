// The `spectest` host module the official .wast files import from: globals, a table, a memory and
// no-op print functions, defined into a Linker.
#pragma once
#include "wasmvm/result.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::spec {

// Creates the spectest objects in the linker's store and defines them under module "spectest".
Status define_spectest(Linker& linker);

}  // namespace wasmvm::spec
