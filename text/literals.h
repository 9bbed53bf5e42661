// Numeric literals of the text format: integers (decimal/hex, '_' separators, sign), floats (decimal,
// hex, inf, nan, nan:0x payload) with the exact bit patterns the spec defines.
#pragma once
#include <cstdint>
#include <string_view>

namespace wasmvm::text {

enum class LitStatus : uint8_t { Ok, BadSyntax, OutOfRange };

// Unsigned natural number (no sign): u32 when bits == 32, u64 when 64.
LitStatus parse_nat(std::string_view s, unsigned bits, uint64_t& out);
// iN literal: unsigned in [0, 2^N) or signed in [-2^(N-1), 2^(N-1)); result is the two's complement
// bit pattern in the low N bits. Used for i8/i16 lanes too (bits = 8, 16).
LitStatus parse_int(std::string_view s, unsigned bits, uint64_t& out);
LitStatus parse_f32(std::string_view s, uint32_t& out);
LitStatus parse_f64(std::string_view s, uint64_t& out);

}  // namespace wasmvm::text
