// Edge-value pools and operand sets for the oracle tests.
#include "tests/simd/inputs.h"

#include <cfloat>
#include <climits>
#include <cmath>
#include <iterator>

namespace simdtest {
namespace {

const uint8_t kEdge8[] = {0, 1, 2, 0x7F, 0x7E, 0x80, 0x81, 0xFF, 0xFE, 0x40, 0xC0, 0x3F, 0x0F, 0xF0, 0x55,
                          0xAA, 15, 16, 17, 31, 32, 0x70, 0x8F};
const uint16_t kEdge16[] = {0, 1, 2, 0xFFFF, 0xFFFE, 0x7FFF, 0x7FFE, 0x8000, 0x8001, 0x00FF, 0x0100, 0x007F,
                            0x0080, 0xFF80, 0xFF7F, 0xFF00, 0x4000, 0xC000, 0x3FFF, 0xC001, 0x0101};
const uint32_t kEdge32[] = {0,          1,          2,          0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x7FFFFFFE,
                            0x80000000, 0x80000001, 0x0000FFFF, 0x00010000, 0x00007FFF, 0x00008000, 0xFFFF8000,
                            0xFFFF7FFF, 0x01000000, 0x01000001, 0x01000003, 0x7FFFFF80, 0x7FFFFFC0, 0x7FFFFF7F,
                            0xFFFFFF80, 0x80000080, 0x8000007F, 0xFFFFFFC0, 0x00FFFFFF, 0x0001FFFF};
const uint64_t kEdge64[] = {0,
                            1,
                            ~0ull,
                            0x7FFFFFFFFFFFFFFFull,
                            0x8000000000000000ull,
                            0x8000000000000001ull,
                            0x00000000FFFFFFFFull,
                            0x0000000100000000ull,
                            0x000000007FFFFFFFull,
                            0x0000000080000000ull,
                            0xFFFFFFFF80000000ull,
                            0xFFFFFFFF00000000ull,
                            0x00000001FFFFFFFFull,
                            0x7FFFFFFF00000000ull};
const uint32_t kEdgeF32[] = {
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000,  // zeros, infinities
    0x7FC00000, 0xFFC00000,                          // canonical NaNs
    0x7F800001, 0xFF800001, 0x7FA00000, 0x7FBFFFFF,  // signalling NaNs
    0x7FC00001, 0xFFE12345, 0x7FFFFFFF, 0xFFFFFFFF,  // quiet NaNs with payloads
    0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF, 0xFF7FFFFF,
    0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0xBFC00000, 0x40200000, 0xC0200000,  // +-1, .5, 1.5, 2.5
    0x40600000, 0x3EFFFFFF, 0xBEFFFFFF, 0x3F7FFFFF, 0xBF7FFFFF, 0x3F800001,
    0x4AFFFFFF, 0x4B000000, 0x4B000001, 0xCAFFFFFF, 0x4A7FFFFE, 0x4B7FFFFF,  // around 2^23 (rounding limit)
    0x4EFFFFFF, 0x4F000000, 0xCF000000, 0xCF000001, 0x4F7FFFFF, 0x4F800000,  // int32/uint32 boundaries
    0x3DCCCCCD, 0xBDCCCCCD, 0x42F6E979};
const uint64_t kEdgeF64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7FF0000000000000ull, 0xFFF0000000000000ull,
    0x7FF8000000000000ull, 0xFFF8000000000000ull,                                             // canonical
    0x7FF0000000000001ull, 0xFFF4000000000000ull, 0x7FF7FFFFFFFFFFFFull,                      // signalling
    0x7FF8000000000001ull, 0xFFFC000000000123ull, 0x7FFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull,  // payloads
    0x7FF8000020000000ull,  // quiet, payload survives demotion
    0x0000000000000001ull, 0x800FFFFFFFFFFFFFull, 0x0010000000000000ull, 0x7FEFFFFFFFFFFFFFull};
const double kEdgeF64Values[] = {1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                                 4503599627370495.5, 4503599627370496.0, 4503599627370497.0, -4503599627370495.5,
                                 9007199254740993.0, 2147483647.0, 2147483647.5, 2147483648.0, -2147483648.0,
                                 -2147483648.5, -2147483649.0, 4294967295.0, 4294967295.5, 4294967296.0, -0.9,
                                 -0.9999999999999999, 1e300, -1e300, (double)FLT_MAX, 3.4028235677973366e38,
                                 3.4028235677973368e38, 3.40282356779733661637539395458142568448e38 + 1e22,
                                 1.0000000596046448, 1.0000001788139343, 1e-46, 1.401298464324817e-45,
                                 7.006492321624085e-46, 0.1, -0.1, 123.456};

template <class T, size_t N>
T pick(std::mt19937_64& rng, const T (&pool)[N]) {
  return pool[rng() % N];
}

enum Flavour { kRandomBytes, kLanes8, kLanes16, kLanes32, kLanes64, kF32, kF64, kSmall, kIndices, kFlavours };

}  // namespace

uint32_t InputGen::f32_bits() {
  switch (rng_() % 4) {
    case 0: return (uint32_t)rng_();
    case 1: {  // small multiples of 1/4: lots of exact halves for rounding
      float f = (float)((int64_t)(rng_() % (1u << 26)) - (1 << 25)) / (float)(1u << (rng_() % 5));
      uint32_t u;
      std::memcpy(&u, &f, 4);
      return u;
    }
    default: return pick(rng_, kEdgeF32);
  }
}

uint64_t InputGen::f64_bits() {
  switch (rng_() % 5) {
    case 0: return rng_();
    case 1: {
      double d = (double)((int64_t)(rng_() % (1ull << 55)) - (1ll << 54)) / (double)(1ull << (rng_() % 24));
      uint64_t u;
      std::memcpy(&u, &d, 8);
      return u;
    }
    case 2: {
      double d = kEdgeF64Values[rng_() % std::size(kEdgeF64Values)];
      if (rng_() & 1) d = -d;
      uint64_t u;
      std::memcpy(&u, &d, 8);
      return u;
    }
    case 3: {  // a float widened: exercises demote round trips
      uint32_t f = f32_bits();
      float x;
      std::memcpy(&x, &f, 4);
      double d = x;
      uint64_t u;
      std::memcpy(&u, &d, 8);
      return u;
    }
    default: return pick(rng_, kEdgeF64);
  }
}

int32_t InputGen::int32() { return (rng_() & 1) ? (int32_t)rng_() : (int32_t)pick(rng_, kEdge32); }
int64_t InputGen::int64() { return (rng_() & 1) ? (int64_t)rng_() : (int64_t)pick(rng_, kEdge64); }

Vec16 InputGen::vec() {
  Vec16 v;
  const int flavour = (int)(rng_() % kFlavours);
  for (int i = 0; i < 16; ++i) v.b[i] = (uint8_t)rng_();
  const bool keep_random = flavour == kRandomBytes;
  if (keep_random) return v;
  // Each lane: a third stay random, the rest come from the flavour's pool.
  auto lane_from_pool = [&] { return rng_() % 3 != 0; };
  switch (flavour) {
    case kLanes8:
      for (int i = 0; i < 16; ++i)
        if (lane_from_pool()) set_lane<uint8_t>(v, i, pick(rng_, kEdge8));
      break;
    case kLanes16:
      for (int i = 0; i < 8; ++i)
        if (lane_from_pool()) set_lane<uint16_t>(v, i, pick(rng_, kEdge16));
      break;
    case kLanes32:
      for (int i = 0; i < 4; ++i)
        if (lane_from_pool()) set_lane<uint32_t>(v, i, pick(rng_, kEdge32));
      break;
    case kLanes64:
      for (int i = 0; i < 2; ++i)
        if (lane_from_pool()) set_lane<uint64_t>(v, i, pick(rng_, kEdge64));
      break;
    case kF32:
      for (int i = 0; i < 4; ++i) set_lane<uint32_t>(v, i, f32_bits());
      break;
    case kF64:
      for (int i = 0; i < 2; ++i) set_lane<uint64_t>(v, i, f64_bits());
      break;
    case kSmall: {  // tiny signed values in lanes of a random width: equal lanes, ties, zero lanes
      const int width = 1 << (rng_() % 4);
      for (int i = 0; i < 16 / width; ++i) {
        int64_t x = (int64_t)(rng_() % 5) - 2;
        std::memcpy(v.b + i * width, &x, width);
      }
      break;
    }
    case kIndices:  // swizzle indices around the 16 boundary
      for (int i = 0; i < 16; ++i) v.b[i] = (uint8_t)(rng_() % 4 == 0 ? pick(rng_, kEdge8) : rng_() % 20);
      break;
  }
  return v;
}

Vec16 InputGen::related(const Vec16& a) {
  Vec16 b = vec();
  switch (rng_() % 4) {
    case 0: {  // copy some lanes of a random width
      const int width = 1 << (rng_() % 4);
      for (int i = 0; i < 16 / width; ++i)
        if (rng_() & 1) std::memcpy(b.b + i * width, a.b + i * width, width);
      break;
    }
    case 1: {  // float lanes equal up to sign (-0 vs +0, x vs -x)
      const int width = (rng_() & 1) ? 4 : 8;
      b = a;
      for (int i = 0; i < 16 / width; ++i)
        if (rng_() & 1) b.b[i * width + width - 1] ^= 0x80;
      break;
    }
    default: break;
  }
  return b;
}

std::vector<Args> make_inputs(Sig sig, uint64_t seed) {
  InputGen gen(seed);
  std::vector<Args> out;
  const int kVectorCases = 6000;
  switch (sig) {
    case Sig::VV_V:
    case Sig::V_V:
    case Sig::VVV_V:
    case Sig::V_I:
      for (int n = 0; n < kVectorCases; ++n) {
        Args a;
        a.v[0] = gen.vec();
        a.v[1] = gen.related(a.v[0]);
        a.v[2] = gen.vec();
        out.push_back(a);
      }
      {  // all-zero and all-ones vectors, and each single non-zero lane (all_true/any_true/bitmask)
        Args z;
        out.push_back(z);
        Args o;
        std::memset(o.v[0].b, 0xFF, 16);
        std::memset(o.v[1].b, 0xFF, 16);
        out.push_back(o);
        for (int i = 0; i < 16; ++i) {
          Args s;
          s.v[0].b[i] = 1;
          out.push_back(s);
          Args t;
          std::memset(t.v[0].b, 0x01, 16);
          t.v[0].b[i] = 0;
          out.push_back(t);
        }
      }
      break;
    case Sig::VI_V:
      for (int n = 0; n < 60; ++n) {
        Args a;
        a.v[0] = gen.vec();
        for (int64_t k = -130; k <= 130; ++k) {
          a.scalar = k;
          out.push_back(a);
        }
        for (int64_t k : {(int64_t)INT32_MIN, (int64_t)INT32_MAX, (int64_t)INT32_MIN + 1, (int64_t)gen.int32()}) {
          a.scalar = k;
          out.push_back(a);
        }
      }
      break;
    case Sig::I_V:
    case Sig::L_V:
    case Sig::F_V:
    case Sig::D_V:
      for (int n = 0; n < 2000; ++n) {
        Args a;
        a.scalar = sig == Sig::I_V   ? gen.int32()
                   : sig == Sig::L_V ? gen.int64()
                   : sig == Sig::F_V ? (int64_t)gen.f32_bits()
                                     : (int64_t)gen.f64_bits();
        out.push_back(a);
      }
      break;
    case Sig::Unknown: break;
  }
  return out;
}

}  // namespace simdtest
