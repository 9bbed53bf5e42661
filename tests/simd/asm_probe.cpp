// One out-of-line probe per simd operation of the configured backend (simd/ops.h), compiled to an object
// file that check_no_calls.cmake disassembles: every probe must be call-free straight-line code.
#include <cstdint>

#include "simd/ops.h"
#include "tests/simd/op_table.h"

namespace simd = wasmvm::simd;
using u8 = uint8_t;

#define PROBE extern "C" __attribute__((noinline, used))

// Shape of the call chosen at compile time from the opcode table's signature column.
template <simdtest::Sig S, class Fn>
static inline __attribute__((always_inline)) void run(Fn fn, const u8* a, const u8* b, const u8* c, int64_t s, u8* o) {
  using simdtest::Sig;
  if constexpr (S == Sig::VV_V) simd::store(o, fn(simd::load(a), simd::load(b)));
  if constexpr (S == Sig::V_V) simd::store(o, fn(simd::load(a)));
  if constexpr (S == Sig::VVV_V) simd::store(o, fn(simd::load(a), simd::load(b), simd::load(c)));
  if constexpr (S == Sig::VI_V) simd::store(o, fn(simd::load(a), (int32_t)s));
  if constexpr (S == Sig::I_V) simd::store(o, fn((int32_t)s));
  if constexpr (S == Sig::L_V) simd::store(o, fn(s));
  if constexpr (S == Sig::F_V) simd::store(o, fn((uint32_t)s));
  if constexpr (S == Sig::D_V) simd::store(o, fn((uint64_t)s));
  if constexpr (S == Sig::V_I) {
    const int32_t r = fn(simd::load(a));
    __builtin_memcpy(o, &r, 4);
  }
}

#define WASM_OP(Name, prefix, code, text, Imm, sig, extra) SIMDPROBE_ROW_##prefix(Name, Imm, sig)
#define SIMDPROBE_ROW_0x00(...)
#define SIMDPROBE_ROW_0xFC(...)
#define SIMDPROBE_ROW_0xFD(Name, Imm, sig) SIMDPROBE_FD_##Imm(Name, sig)
#define SIMDPROBE_FD_None(Name, sig)                                                                 \
  PROBE void probe_##Name(const u8* a, const u8* b, const u8* c, int64_t s, u8* o) {                 \
    run<simdtest::parse_sig(sig)>([](auto... x) { return simd::Name(x...); }, a, b, c, s, o);        \
  }
#define SIMDPROBE_FD_MemArg(...)
#define SIMDPROBE_FD_MemArgLane(...)
#define SIMDPROBE_FD_Lane(...)
#define SIMDPROBE_FD_Shuffle(...)
#define SIMDPROBE_FD_V128(...)
#include "decoder/opcodes.def"
#undef WASM_OP

// Lane, shuffle and memory helpers.
PROBE int32_t probe_I8x16ExtractLaneS(const u8* a, unsigned l) { return simd::I8x16ExtractLaneS(simd::load(a), l); }
PROBE int32_t probe_I16x8ExtractLaneU(const u8* a, unsigned l) { return simd::I16x8ExtractLaneU(simd::load(a), l); }
PROBE int32_t probe_I32x4ExtractLane(const u8* a, unsigned l) { return simd::I32x4ExtractLane(simd::load(a), l); }
PROBE int64_t probe_I64x2ExtractLane(const u8* a, unsigned l) { return simd::I64x2ExtractLane(simd::load(a), l); }
PROBE uint32_t probe_F32x4ExtractLane(const u8* a, unsigned l) { return simd::F32x4ExtractLane(simd::load(a), l); }
PROBE void probe_I8x16ReplaceLane(const u8* a, unsigned l, int32_t x, u8* o) {
  simd::store(o, simd::I8x16ReplaceLane(simd::load(a), l, x));
}
PROBE void probe_F32x4ReplaceLane(const u8* a, unsigned l, uint32_t x, u8* o) {
  simd::store(o, simd::F32x4ReplaceLane(simd::load(a), l, x));
}
PROBE void probe_I64x2ReplaceLane(const u8* a, unsigned l, int64_t x, u8* o) {
  simd::store(o, simd::I64x2ReplaceLane(simd::load(a), l, x));
}
PROBE void probe_I8x16Shuffle(const u8* a, const u8* b, const simd::ShuffleImm* imm, u8* o) {
  simd::store(o, simd::I8x16Shuffle(simd::load(a), simd::load(b), *imm));
}
PROBE void probe_V128Load8x8S(const u8* p, u8* o) { simd::store(o, simd::V128Load8x8S(p)); }
PROBE void probe_V128Load32x2U(const u8* p, u8* o) { simd::store(o, simd::V128Load32x2U(p)); }
PROBE void probe_V128Load8Splat(const u8* p, u8* o) { simd::store(o, simd::V128Load8Splat(p)); }
PROBE void probe_V128Load32Splat(const u8* p, u8* o) { simd::store(o, simd::V128Load32Splat(p)); }
PROBE void probe_V128Load64Zero(const u8* p, u8* o) { simd::store(o, simd::V128Load64Zero(p)); }
PROBE void probe_V128Load16Lane(const u8* p, const u8* a, unsigned l, u8* o) {
  simd::store(o, simd::V128Load16Lane(p, simd::load(a), l));
}
PROBE void probe_V128Store32Lane(u8* p, const u8* a, unsigned l) { simd::V128Store32Lane(p, simd::load(a), l); }
PROBE void probe_copy(const u8* a, u8* o) { simd::store(o, simd::load(a)); }
