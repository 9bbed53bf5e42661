// The set C.refs of the spec: functions referenced outside function bodies, which ref.func may
// name inside bodies ("undeclared function reference" otherwise).
#pragma once
#include <cstdint>
#include <vector>

#include "module.h"

namespace wasmvm {

// One byte per function index (imports first): 1 if declared by an element segment, a global
// initializer or an export.
std::vector<uint8_t> collect_declared_func_refs(const ModuleInfo& m);

}  // namespace wasmvm
