// Conversion between wast2json value objects and wasmvm::Value, and matching of actual results
// against expected ones (bit-exact numbers, nan:canonical / nan:arithmetic, v128 lanes, references).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "wasmvm/result.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::spec {

// Parses an argument object such as {"type":"i32","value":"42"}. Errors are ErrorKind::Usage.
Result<Value> parse_arg(const nlohmann::json& j);

// Returns "" when `actual` matches the expected object, else a short reason.
std::string match_expected(const nlohmann::json& expected, const Value& actual);

// Human-readable rendering of the expected object (for -v failure messages).
std::string describe_expected(const nlohmann::json& expected);

// Human-readable rendering of an actual value: "i32:0x2a", "v128:i32x4 ...", "externref:7".
std::string describe_value(const Value& v);

}  // namespace wasmvm::spec
