// Tolerant reader for the `name` custom section (module and function names). It never fails: a
// broken name section leaves the names it could not read empty.
#pragma once
#include <cstddef>
#include <cstdint>

#include "module.h"

namespace wasmvm {

// Reads the section payload [begin, end) of `data` (after the section's own name) into
// m.module_name / m.func_names. Function names are kept only for indices below the number of
// functions declared so far (imports + function section), which bounds the allocation.
void parse_name_section(const uint8_t* data, size_t begin, size_t end, ModuleInfo& m);

}  // namespace wasmvm
