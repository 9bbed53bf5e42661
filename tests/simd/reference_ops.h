// Scalar, lane-by-lane reference semantics of the simple simd128 operations, written from the spec's
// definitions and nothing else. Keyed by the opcode Name column of decoder/opcodes.def.
#pragma once
#include <string_view>

#include "tests/simd/lane_model.h"

namespace simdtest {

// Operands of one call: up to three vectors and one scalar (splat value or shift count; f32/f64 as bits).
struct Args {
  Vec16 v[3];
  int64_t scalar = 0;
};

using RefFn = Expect (*)(const Args&);

// nullptr when no reference exists for the name (the coverage test fails on that).
RefFn find_reference(std::string_view op_name);

}  // namespace simdtest
