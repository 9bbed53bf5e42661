// Lane, shuffle and memory helpers of every backend against byte-level expectations computed here.
#include <gtest/gtest.h>

#include <random>
#include <type_traits>
#include <utility>

#include "simd/ops.h"
#include "simd/portable.h"
#include "tests/simd/lane_model.h"
#include "tests/simd/op_table.h"
#if SIMDTEST_HAVE_SSE41
#include "simd/sse41.h"
#endif

namespace simdtest {
namespace {

#define SIMDTEST_FWD(ns, fn) \
  template <class... A>      \
  static auto fn(A&&... a) { return ns::fn(std::forward<A>(a)...); }
#define SIMDTEST_BACKEND(Struct, ns)                                                               \
  struct Struct {                                                                                         \
    using V = ns::V;                                                                                      \
    using ShuffleImm = ns::ShuffleImm;                                                                    \
    SIMDTEST_FWD(ns, load) SIMDTEST_FWD(ns, store) SIMDTEST_FWD(ns, from_bytes)                           \
    SIMDTEST_FWD(ns, I8x16ExtractLaneS) SIMDTEST_FWD(ns, I8x16ExtractLaneU)                               \
    SIMDTEST_FWD(ns, I16x8ExtractLaneS) SIMDTEST_FWD(ns, I16x8ExtractLaneU)                               \
    SIMDTEST_FWD(ns, I32x4ExtractLane) SIMDTEST_FWD(ns, I64x2ExtractLane)                                 \
    SIMDTEST_FWD(ns, F32x4ExtractLane) SIMDTEST_FWD(ns, F64x2ExtractLane)                                 \
    SIMDTEST_FWD(ns, I8x16ReplaceLane) SIMDTEST_FWD(ns, I16x8ReplaceLane)                                 \
    SIMDTEST_FWD(ns, I32x4ReplaceLane) SIMDTEST_FWD(ns, I64x2ReplaceLane)                                 \
    SIMDTEST_FWD(ns, F32x4ReplaceLane) SIMDTEST_FWD(ns, F64x2ReplaceLane)                                 \
    SIMDTEST_FWD(ns, shuffle_prepare) SIMDTEST_FWD(ns, I8x16Shuffle)                                      \
    SIMDTEST_FWD(ns, V128Load8x8S) SIMDTEST_FWD(ns, V128Load8x8U) SIMDTEST_FWD(ns, V128Load16x4S)         \
    SIMDTEST_FWD(ns, V128Load16x4U) SIMDTEST_FWD(ns, V128Load32x2S) SIMDTEST_FWD(ns, V128Load32x2U)       \
    SIMDTEST_FWD(ns, V128Load8Splat) SIMDTEST_FWD(ns, V128Load16Splat) SIMDTEST_FWD(ns, V128Load32Splat)  \
    SIMDTEST_FWD(ns, V128Load64Splat) SIMDTEST_FWD(ns, V128Load32Zero) SIMDTEST_FWD(ns, V128Load64Zero)   \
    SIMDTEST_FWD(ns, V128Load8Lane) SIMDTEST_FWD(ns, V128Load16Lane) SIMDTEST_FWD(ns, V128Load32Lane)     \
    SIMDTEST_FWD(ns, V128Load64Lane) SIMDTEST_FWD(ns, V128Store8Lane) SIMDTEST_FWD(ns, V128Store16Lane)   \
    SIMDTEST_FWD(ns, V128Store32Lane) SIMDTEST_FWD(ns, V128Store64Lane)                                   \
  };

SIMDTEST_BACKEND(Portable, wasmvm::simd::portable)
#if SIMDTEST_HAVE_SSE41
SIMDTEST_BACKEND(Sse41, wasmvm::simd::sse41)
using Backends = ::testing::Types<Portable, Sse41>;
#else
using Backends = ::testing::Types<Portable>;
#endif

// Every lane / memory-lane row of opcodes.def must exist in both backends (checked at compile time).
#define WASM_OP(Name, prefix, code, text, Imm, sig, extra) SIMDTEST_ROW_##prefix(Name, Imm)
#define SIMDTEST_ROW_0x00(...)
#define SIMDTEST_ROW_0xFC(...)
#define SIMDTEST_ROW_0xFD(Name, Imm) SIMDTEST_FD_##Imm(Name)
#define SIMDTEST_FD_Lane(Name) (void)&wasmvm::simd::portable::Name; SIMDTEST_SSE_ADDR(Name)
#define SIMDTEST_FD_MemArgLane(Name) SIMDTEST_FD_Lane(Name)
#define SIMDTEST_FD_None(...)
#define SIMDTEST_FD_MemArg(...)
#define SIMDTEST_FD_Shuffle(...)
#define SIMDTEST_FD_V128(...)
#if SIMDTEST_HAVE_SSE41
#define SIMDTEST_SSE_ADDR(Name) (void)&wasmvm::simd::sse41::Name;
#else
#define SIMDTEST_SSE_ADDR(Name)
#endif
[[maybe_unused]] void lane_rows_exist() {
#include "decoder/opcodes.def"
}
#undef WASM_OP

template <class B>
typename B::V to_v(const Vec16& x) {
  return B::from_bytes(x.b);
}
template <class B>
Vec16 from_v(typename B::V v) {
  Vec16 x;
  B::store(x.b, v);
  return x;
}
Vec16 random_vec(std::mt19937_64& rng) {
  Vec16 v;
  for (auto& b : v.b) b = (uint8_t)rng();
  return v;
}

template <class B>
class SimdBackend : public ::testing::Test {};
TYPED_TEST_SUITE(SimdBackend, Backends);

TYPED_TEST(SimdBackend, ExtractLaneEveryLane) {
  using B = TypeParam;
  std::mt19937_64 rng(1);
  for (int n = 0; n < 300; ++n) {
    Vec16 x = random_vec(rng);
    if (n % 3 == 0)  // lanes at the sign boundaries
      for (int i = 0; i < 16; ++i) x.b[i] = (uint8_t)(i % 2 ? 0x80 : 0x7F);
    auto v = to_v<B>(x);
    for (unsigned i = 0; i < 16; ++i) {
      EXPECT_EQ(B::I8x16ExtractLaneS(v, i), (int32_t)get_lane<int8_t>(x, i)) << i;
      EXPECT_EQ(B::I8x16ExtractLaneU(v, i), (int32_t)get_lane<uint8_t>(x, i)) << i;
    }
    for (unsigned i = 0; i < 8; ++i) {
      EXPECT_EQ(B::I16x8ExtractLaneS(v, i), (int32_t)get_lane<int16_t>(x, i)) << i;
      EXPECT_EQ(B::I16x8ExtractLaneU(v, i), (int32_t)get_lane<uint16_t>(x, i)) << i;
    }
    for (unsigned i = 0; i < 4; ++i) {
      EXPECT_EQ(B::I32x4ExtractLane(v, i), get_lane<int32_t>(x, i)) << i;
      EXPECT_EQ(B::F32x4ExtractLane(v, i), get_lane<uint32_t>(x, i)) << i;
    }
    for (unsigned i = 0; i < 2; ++i) {
      EXPECT_EQ(B::I64x2ExtractLane(v, i), get_lane<int64_t>(x, i)) << i;
      EXPECT_EQ(B::F64x2ExtractLane(v, i), get_lane<uint64_t>(x, i)) << i;
    }
  }
}

TYPED_TEST(SimdBackend, ReplaceLaneEveryLaneKeepsTheOthers) {
  using B = TypeParam;
  std::mt19937_64 rng(2);
  for (int n = 0; n < 300; ++n) {
    const Vec16 x = random_vec(rng);
    const auto v = to_v<B>(x);
    const uint64_t r = rng();
    for (unsigned i = 0; i < 16; ++i) {
      Vec16 want = x;
      set_lane<uint8_t>(want, i, (uint8_t)r);
      EXPECT_EQ(from_v<B>(B::I8x16ReplaceLane(v, i, (int32_t)r)), want) << i;
    }
    for (unsigned i = 0; i < 8; ++i) {
      Vec16 want = x;
      set_lane<uint16_t>(want, i, (uint16_t)r);
      EXPECT_EQ(from_v<B>(B::I16x8ReplaceLane(v, i, (int32_t)r)), want) << i;
    }
    for (unsigned i = 0; i < 4; ++i) {
      Vec16 want = x;
      set_lane<uint32_t>(want, i, (uint32_t)r);
      EXPECT_EQ(from_v<B>(B::I32x4ReplaceLane(v, i, (int32_t)r)), want) << i;
      const uint32_t snan = 0x7F800001u;  // float lanes are raw bits: a signalling NaN must survive
      set_lane<uint32_t>(want, i, snan);
      EXPECT_EQ(from_v<B>(B::F32x4ReplaceLane(v, i, snan)), want) << i;
    }
    for (unsigned i = 0; i < 2; ++i) {
      Vec16 want = x;
      set_lane<uint64_t>(want, i, r);
      EXPECT_EQ(from_v<B>(B::I64x2ReplaceLane(v, i, (int64_t)r)), want) << i;
      const uint64_t snan = 0x7FF0000000000001ull;
      set_lane<uint64_t>(want, i, snan);
      EXPECT_EQ(from_v<B>(B::F64x2ReplaceLane(v, i, snan)), want) << i;
    }
  }
}

TYPED_TEST(SimdBackend, ShuffleMatchesByteSelection) {
  using B = TypeParam;
  static_assert(sizeof(typename B::ShuffleImm) <= 32, "ShuffleImm must fit the 32-byte immediate");
  std::mt19937_64 rng(3);
  for (int n = 0; n < 2000; ++n) {
    const Vec16 a = random_vec(rng), b = random_vec(rng);
    uint8_t lanes[16];
    for (int i = 0; i < 16; ++i) {
      switch (n % 4) {
        case 0: lanes[i] = (uint8_t)(rng() % 32); break;
        case 1: lanes[i] = (uint8_t)i; break;          // identity on a
        case 2: lanes[i] = (uint8_t)(31 - i); break;   // reversed b
        default: lanes[i] = (uint8_t)((i % 2) * 16 + (rng() % 16)); break;  // interleave
      }
    }
    Vec16 want;
    for (int i = 0; i < 16; ++i) want.b[i] = lanes[i] < 16 ? a.b[lanes[i]] : b.b[lanes[i] - 16];
    const auto imm = B::shuffle_prepare(lanes);
    EXPECT_EQ(from_v<B>(B::I8x16Shuffle(to_v<B>(a), to_v<B>(b), imm)), want) << n;
  }
}

// Memory helpers at every misalignment of a guarded buffer.
TYPED_TEST(SimdBackend, LoadsReadExactlyTheirBytes) {
  using B = TypeParam;
  std::mt19937_64 rng(4);
  uint8_t buf[64];
  for (auto& x : buf) x = (uint8_t)rng();
  for (int off = 0; off < 32; ++off) {
    const uint8_t* p = buf + off;
    Vec16 src;
    std::memcpy(src.b, p, 16);
    EXPECT_EQ(from_v<B>(B::load(p)), src);
    Vec16 w;
    for (int i = 0; i < 8; ++i) set_lane<int16_t>(w, i, (int8_t)p[i]);
    EXPECT_EQ(from_v<B>(B::V128Load8x8S(p)), w) << off;
    for (int i = 0; i < 8; ++i) set_lane<uint16_t>(w, i, p[i]);
    EXPECT_EQ(from_v<B>(B::V128Load8x8U(p)), w) << off;
    for (int i = 0; i < 4; ++i) set_lane<int32_t>(w, i, get_lane<int16_t>(src, i));
    EXPECT_EQ(from_v<B>(B::V128Load16x4S(p)), w) << off;
    for (int i = 0; i < 4; ++i) set_lane<uint32_t>(w, i, get_lane<uint16_t>(src, i));
    EXPECT_EQ(from_v<B>(B::V128Load16x4U(p)), w) << off;
    for (int i = 0; i < 2; ++i) set_lane<int64_t>(w, i, get_lane<int32_t>(src, i));
    EXPECT_EQ(from_v<B>(B::V128Load32x2S(p)), w) << off;
    for (int i = 0; i < 2; ++i) set_lane<uint64_t>(w, i, get_lane<uint32_t>(src, i));
    EXPECT_EQ(from_v<B>(B::V128Load32x2U(p)), w) << off;
    for (int i = 0; i < 16; ++i) w.b[i] = p[0];
    EXPECT_EQ(from_v<B>(B::V128Load8Splat(p)), w) << off;
    for (int i = 0; i < 8; ++i) set_lane<uint16_t>(w, i, get_lane<uint16_t>(src, 0));
    EXPECT_EQ(from_v<B>(B::V128Load16Splat(p)), w) << off;
    for (int i = 0; i < 4; ++i) set_lane<uint32_t>(w, i, get_lane<uint32_t>(src, 0));
    EXPECT_EQ(from_v<B>(B::V128Load32Splat(p)), w) << off;
    for (int i = 0; i < 2; ++i) set_lane<uint64_t>(w, i, get_lane<uint64_t>(src, 0));
    EXPECT_EQ(from_v<B>(B::V128Load64Splat(p)), w) << off;
    Vec16 z;
    std::memcpy(z.b, p, 4);
    EXPECT_EQ(from_v<B>(B::V128Load32Zero(p)), z) << off;
    std::memcpy(z.b, p, 8);
    EXPECT_EQ(from_v<B>(B::V128Load64Zero(p)), z) << off;

    const Vec16 base = random_vec(rng);
    const auto v = to_v<B>(base);
    for (unsigned l = 0; l < 16; ++l) {
      Vec16 want = base;
      want.b[l] = p[0];
      EXPECT_EQ(from_v<B>(B::V128Load8Lane(p, v, l)), want) << off << " lane " << l;
    }
    for (unsigned l = 0; l < 8; ++l) {
      Vec16 want = base;
      std::memcpy(want.b + 2 * l, p, 2);
      EXPECT_EQ(from_v<B>(B::V128Load16Lane(p, v, l)), want) << off << " lane " << l;
    }
    for (unsigned l = 0; l < 4; ++l) {
      Vec16 want = base;
      std::memcpy(want.b + 4 * l, p, 4);
      EXPECT_EQ(from_v<B>(B::V128Load32Lane(p, v, l)), want) << off << " lane " << l;
    }
    for (unsigned l = 0; l < 2; ++l) {
      Vec16 want = base;
      std::memcpy(want.b + 8 * l, p, 8);
      EXPECT_EQ(from_v<B>(B::V128Load64Lane(p, v, l)), want) << off << " lane " << l;
    }
  }
}

TYPED_TEST(SimdBackend, StoresWriteExactlyTheirBytes) {
  using B = TypeParam;
  std::mt19937_64 rng(5);
  for (int off = 0; off < 32; ++off) {
    uint8_t buf[64], want[64];
    for (auto& x : buf) x = (uint8_t)rng();
    const Vec16 src = random_vec(rng);
    const auto v = to_v<B>(src);

    std::memcpy(want, buf, 64);
    std::memcpy(want + off, src.b, 16);
    B::store(buf + off, v);
    EXPECT_EQ(std::memcmp(buf, want, 64), 0) << off;

    for (unsigned width : {1u, 2u, 4u, 8u}) {
      for (unsigned l = 0; l < 16 / width; ++l) {
        for (auto& x : buf) x = (uint8_t)rng();
        std::memcpy(want, buf, 64);
        std::memcpy(want + off, src.b + l * width, width);
        switch (width) {
          case 1: B::V128Store8Lane(buf + off, v, l); break;
          case 2: B::V128Store16Lane(buf + off, v, l); break;
          case 4: B::V128Store32Lane(buf + off, v, l); break;
          default: B::V128Store64Lane(buf + off, v, l); break;
        }
        EXPECT_EQ(std::memcmp(buf, want, 64), 0) << "width " << width << " lane " << l << " offset " << off;
      }
    }
  }
}

// ops.h must expose exactly the backend CMake selected.
TEST(SimdSelection, OpsHeaderExposesTheConfiguredBackend) {
#if WASMVM_SIMD_SSE41
  EXPECT_EQ(&wasmvm::simd::I32x4Add, &wasmvm::simd::sse41::I32x4Add);
#else
  EXPECT_EQ(&wasmvm::simd::I32x4Add, &wasmvm::simd::portable::I32x4Add);
#endif
  const uint8_t bytes[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  auto v = wasmvm::simd::I8x16Add(wasmvm::simd::from_bytes(bytes), wasmvm::simd::I8x16Splat(0xFF));
  EXPECT_EQ(wasmvm::simd::I8x16ExtractLaneU(v, 0), 0);
  EXPECT_EQ(wasmvm::simd::I8x16ExtractLaneU(v, 15), 15);
}

}  // namespace
}  // namespace simdtest
