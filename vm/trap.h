// The interpreter's trap codes are the public wasmvm::TrapCode (include/wasmvm/result.h), whose
// trap_message() is the one table of code -> spec message text.
#pragma once
#include "wasmvm/result.h"

namespace wasmvm::rt {

using wasmvm::TrapCode;
using wasmvm::trap_message;

}  // namespace wasmvm::rt
