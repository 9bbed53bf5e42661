// Builds the simple-op table straight from decoder/opcodes.def, so a new simd row without a backend function
// fails to compile here, and one without a reference fails the coverage test.
#include "tests/simd/op_table.h"

#include <cstring>

#include "simd/portable.h"
#if SIMDTEST_HAVE_SSE41
#include "simd/sse41.h"
#endif

namespace simdtest {
namespace {

template <class V>
V to_v(const Vec16& x) {
  V v;
  std::memcpy(&v, x.b, 16);
  return v;
}
template <class V>
Vec16 from_v(V v) {
  Vec16 x;
  std::memcpy(x.b, &v, 16);
  return x;
}

template <class V, Sig S, auto F>
Vec16 call(const Args& a) {
  if constexpr (S == Sig::VV_V) {
    return from_v(F(to_v<V>(a.v[0]), to_v<V>(a.v[1])));
  } else if constexpr (S == Sig::V_V) {
    return from_v(F(to_v<V>(a.v[0])));
  } else if constexpr (S == Sig::VVV_V) {
    return from_v(F(to_v<V>(a.v[0]), to_v<V>(a.v[1]), to_v<V>(a.v[2])));
  } else if constexpr (S == Sig::V_I) {
    int32_t r = F(to_v<V>(a.v[0]));
    Vec16 out;
    std::memcpy(out.b, &r, 4);
    return out;
  } else if constexpr (S == Sig::VI_V) {
    return from_v(F(to_v<V>(a.v[0]), (int32_t)a.scalar));
  } else if constexpr (S == Sig::I_V) {
    return from_v(F((int32_t)a.scalar));
  } else if constexpr (S == Sig::L_V) {
    return from_v(F((int64_t)a.scalar));
  } else if constexpr (S == Sig::F_V) {
    return from_v(F((uint32_t)a.scalar));
  } else {
    static_assert(S == Sig::D_V, "opcodes.def has a simple simd signature the test does not know");
    return from_v(F((uint64_t)a.scalar));
  }
}

#if SIMDTEST_HAVE_SSE41
#define SIMDTEST_SSE41_FN(Name, sig) &call<wasmvm::simd::sse41::V, parse_sig(sig), &wasmvm::simd::sse41::Name>
#else
#define SIMDTEST_SSE41_FN(Name, sig) nullptr
#endif

// Keep only 0xFD rows with no immediate.
#define WASM_OP(Name, prefix, code, text, Imm, sig, extra) SIMDTEST_ROW_##prefix(Name, text, Imm, sig)
#define SIMDTEST_ROW_0x00(...)
#define SIMDTEST_ROW_0xFC(...)
#define SIMDTEST_ROW_0xFD(Name, text, Imm, sig) SIMDTEST_FD_##Imm(Name, text, sig)
#define SIMDTEST_FD_None(Name, text, sig) \
  {#Name, text, parse_sig(sig), &call<wasmvm::simd::portable::V, parse_sig(sig), &wasmvm::simd::portable::Name>, \
   SIMDTEST_SSE41_FN(Name, sig)},
#define SIMDTEST_FD_MemArg(...)
#define SIMDTEST_FD_MemArgLane(...)
#define SIMDTEST_FD_Lane(...)
#define SIMDTEST_FD_Shuffle(...)
#define SIMDTEST_FD_V128(...)

}  // namespace

const std::vector<OpEntry>& simple_ops() {
  static const std::vector<OpEntry> ops = {
#include "decoder/opcodes.def"
  };
  return ops;
}

#undef WASM_OP

}  // namespace simdtest
