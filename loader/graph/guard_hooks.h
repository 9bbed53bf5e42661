// Host functions behind the "wasmvm_guard" imports of an instrumented module (guard_rewrite.h): they turn each
// reported access into a GuardAccess for InputGuard, with the accessing function's name from the ORIGINAL module.
#pragma once
#include <memory>

#include "loader/graph/guard_rewrite.h"
#include "loader/graph/input_guard.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::graph {

// `original` must outlive the linker's instances (it is the uninstrumented module, kept for names/offsets).
void define_guard_hooks(Linker& linker, std::shared_ptr<InputGuard> guard, std::shared_ptr<const Module> original);

}  // namespace wasmvm::graph
