// Exhaustive check (not part of ctest: ~minutes): every one of the 2^32 f32 bit patterns (or i32 values)
// through the f32x4 rounding, sqrt, trunc_sat, convert and promote ops of both backends, compared with
// scalar <cmath>/C++ semantics. NaN results must satisfy the spec rule. Exit status 1 on any mismatch.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <type_traits>

#include "simd/portable.h"
#include "simd/sse41.h"

namespace p = wasmvm::simd::portable;
namespace s = wasmvm::simd::sse41;

static float f_of(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }
static uint32_t bits_of(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }
static uint64_t bits_of(double d) { uint64_t u; std::memcpy(&u, &d, 8); return u; }
static bool nan32(uint32_t u) { return (u & 0x7FFFFFFFu) > 0x7F800000u; }
static bool canon32(uint32_t u) { return (u & 0x7FFFFFFFu) == 0x7FC00000u; }
static bool arith32(uint32_t u) { return nan32(u) && (u & 0x00400000u); }
static bool nan64(uint64_t u) { return (u & ~(1ull << 63)) > 0x7FF0000000000000ull; }
static bool canon64(uint64_t u) { return (u & ~(1ull << 63)) == 0x7FF8000000000000ull; }
static bool arith64(uint64_t u) { return nan64(u) && (u & 0x0008000000000000ull); }

static long failures = 0;
static void fail(const char* op, uint32_t in, uint64_t want, uint64_t got) {
  if (++failures <= 20) std::printf("%s(%08x): want %llx got %llx\n", op, in, (unsigned long long)want, (unsigned long long)got);
}
// f32 result lane: exact, or for a NaN expectation the spec rule derived from the (single) input.
static void check_f32(const char* op, uint32_t in, float want, uint32_t got) {
  if (std::isnan(want)) {
    if (canon32(in) || !nan32(in) ? !canon32(got) : !arith32(got)) fail(op, in, bits_of(want), got);
  } else if (bits_of(want) != got) {
    fail(op, in, bits_of(want), got);
  }
}
static int32_t sat_s(float x) {
  if (std::isnan(x)) return 0;
  if (x <= -2147483648.0f) return INT32_MIN;
  if (x >= 2147483648.0f) return INT32_MAX;
  return (int32_t)x;
}
static uint32_t sat_u(float x) {
  if (std::isnan(x) || x <= -1.0f) return 0;
  if (x >= 4294967296.0f) return UINT32_MAX;
  return (uint32_t)x;
}

template <class Vt, class L, class S>
static void run_backend(const char* name, L load, S store) {
  std::printf("%s...\n", name);
  std::fflush(stdout);
  for (uint64_t base = 0; base < (1ull << 32); base += 4) {
    uint32_t in[4] = {(uint32_t)base, (uint32_t)base + 1, (uint32_t)base + 2, (uint32_t)base + 3};
    const Vt v = load(in);
    uint32_t out[4];
    uint64_t out64[2];
#define F32_OP(Op, ns, expr)                                           \
  store(out, ns::Op(v));                                               \
  for (int i = 0; i < 4; ++i) {                                        \
    [[maybe_unused]] const float x = f_of(in[i]);                      \
    check_f32(#Op, in[i], (float)(expr), out[i]);                      \
  }
    if constexpr (std::is_same_v<Vt, p::V>) {
      F32_OP(F32x4Ceil, p, std::ceil(x)) F32_OP(F32x4Floor, p, std::floor(x)) F32_OP(F32x4Trunc, p, std::trunc(x))
      F32_OP(F32x4Nearest, p, std::nearbyint(x)) F32_OP(F32x4Sqrt, p, std::sqrt(x))
      F32_OP(F32x4ConvertI32x4U, p, (float)in[i]) F32_OP(F32x4ConvertI32x4S, p, (float)(int32_t)in[i])
      store(out, p::I32x4TruncSatF32x4S(v));
      for (int i = 0; i < 4; ++i) if ((int32_t)out[i] != sat_s(f_of(in[i]))) fail("TruncSatS", in[i], sat_s(f_of(in[i])), out[i]);
      store(out, p::I32x4TruncSatF32x4U(v));
      for (int i = 0; i < 4; ++i) if (out[i] != sat_u(f_of(in[i]))) fail("TruncSatU", in[i], sat_u(f_of(in[i])), out[i]);
      store(out64, p::F64x2PromoteLowF32x4(v));
      for (int i = 0; i < 2; ++i) {
        const double want = f_of(in[i]);
        if (std::isnan(want) ? !(canon32(in[i]) ? canon64(out64[i]) : arith64(out64[i])) : bits_of(want) != out64[i])
          fail("Promote", in[i], bits_of(want), out64[i]);
      }
    } else {
      F32_OP(F32x4Ceil, s, std::ceil(x)) F32_OP(F32x4Floor, s, std::floor(x)) F32_OP(F32x4Trunc, s, std::trunc(x))
      F32_OP(F32x4Nearest, s, std::nearbyint(x)) F32_OP(F32x4Sqrt, s, std::sqrt(x))
      F32_OP(F32x4ConvertI32x4U, s, (float)in[i]) F32_OP(F32x4ConvertI32x4S, s, (float)(int32_t)in[i])
      store(out, s::I32x4TruncSatF32x4S(v));
      for (int i = 0; i < 4; ++i) if ((int32_t)out[i] != sat_s(f_of(in[i]))) fail("TruncSatS", in[i], sat_s(f_of(in[i])), out[i]);
      store(out, s::I32x4TruncSatF32x4U(v));
      for (int i = 0; i < 4; ++i) if (out[i] != sat_u(f_of(in[i]))) fail("TruncSatU", in[i], sat_u(f_of(in[i])), out[i]);
      store(out64, s::F64x2PromoteLowF32x4(v));
      for (int i = 0; i < 2; ++i) {
        const double want = f_of(in[i]);
        if (std::isnan(want) ? !(canon32(in[i]) ? canon64(out64[i]) : arith64(out64[i])) : bits_of(want) != out64[i])
          fail("Promote", in[i], bits_of(want), out64[i]);
      }
    }
#undef F32_OP
  }
}

int main() {
  run_backend<p::V>("portable", [](const void* q) { return p::load(q); }, [](void* q, p::V v) { p::store(q, v); });
  run_backend<s::V>("sse41", [](const void* q) { return s::load(q); }, [](void* q, s::V v) { s::store(q, v); });
  std::printf("%ld mismatches over 2^32 inputs x 10 ops x 2 backends\n", failures);
  return failures ? 1 : 0;
}
