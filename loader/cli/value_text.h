// Text <-> wasmvm::Value for the CLI: parsing --invoke arguments by parameter type and printing
// results as "VALUE:TYPE" (42:i32, 1.5:f32, nan:0x200000:f32, 0x...:v128, null:externref).
#pragma once
#include <string>
#include <string_view>

#include "wasmvm/result.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::cli {

// Errors are ErrorKind::Usage naming the expected type.
Result<Value> parse_value(std::string_view text, ValType type);

std::string format_value(const Value& v);

const char* type_name(ValType t);

}  // namespace wasmvm::cli
