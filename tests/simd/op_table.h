// The simple (ImmKind None) simd128 operations of decoder/opcodes.def, each bound to every backend compiled
// into the test through one uniform call shape.
#pragma once
#include <string_view>
#include <vector>

#include "tests/simd/reference_ops.h"

#if defined(__x86_64__) && defined(__SSE4_2__)
#define SIMDTEST_HAVE_SSE41 1
#else
#define SIMDTEST_HAVE_SSE41 0
#endif

namespace simdtest {

// The opcode table's signature column for simple ops.
enum class Sig { VV_V, V_V, VVV_V, V_I, VI_V, I_V, L_V, F_V, D_V, Unknown };

constexpr Sig parse_sig(std::string_view s) {
  return s == "vv:v"    ? Sig::VV_V
         : s == "v:v"   ? Sig::V_V
         : s == "vvv:v" ? Sig::VVV_V
         : s == "v:i"   ? Sig::V_I
         : s == "vi:v"  ? Sig::VI_V
         : s == "i:v"   ? Sig::I_V
         : s == "l:v"   ? Sig::L_V
         : s == "f:v"   ? Sig::F_V
         : s == "d:v"   ? Sig::D_V
                        : Sig::Unknown;
}

// A backend call: vector results as 16 bytes; i32 results in the low 4 bytes, the rest zero.
using BackendFn = Vec16 (*)(const Args&);

struct OpEntry {
  const char* name;  // opcodes.def Name column, e.g. "I8x16AddSatS"
  const char* text;  // "i8x16.add_sat_s"
  Sig sig;
  BackendFn portable;
  BackendFn sse41;  // nullptr when the SSE4.1 backend is not compiled in
};

const std::vector<OpEntry>& simple_ops();

}  // namespace simdtest
