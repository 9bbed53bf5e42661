// Scalar reference for every simple simd128 operation, one lane at a time, from the spec's definitions.
// Plain integer arithmetic in int64_t, plain C++ float arithmetic and <cmath>; no tricks shared with the
// backends. Float results that are NaN carry the spec's rule (canonical if every NaN input was canonical).
#include "tests/simd/reference_ops.h"

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <type_traits>

namespace simdtest {
namespace {

// ---- integer lane helpers ----
template <class T, class F>
Expect int_unary(const Args& a, F f) {
  Expect e;
  for (int i = 0; i < lanes_of<T>(); ++i) set_lane<T>(e.v, i, (T)f((int64_t)get_lane<T>(a.v[0], i)));
  return e;
}
template <class T, class F>
Expect int_binary(const Args& a, F f) {
  Expect e;
  for (int i = 0; i < lanes_of<T>(); ++i)
    set_lane<T>(e.v, i, (T)f((int64_t)get_lane<T>(a.v[0], i), (int64_t)get_lane<T>(a.v[1], i)));
  return e;
}
// Comparison: lane is all ones when true.
template <class T, class F>
Expect compare(const Args& a, F f) {
  using U = std::make_unsigned_t<std::conditional_t<std::is_floating_point_v<T>,
                                                    std::conditional_t<sizeof(T) == 4, int32_t, int64_t>, T>>;
  Expect e;
  for (int i = 0; i < lanes_of<T>(); ++i)
    set_lane<U>(e.v, i, f(get_lane<T>(a.v[0], i), get_lane<T>(a.v[1], i)) ? (U)~(U)0 : (U)0);
  return e;
}
template <class T>
Expect shift(const Args& a, int64_t (*f)(int64_t x, unsigned k)) {
  const unsigned width = 8 * sizeof(T);
  const unsigned k = (uint32_t)(int32_t)a.scalar % width;  // spec: count modulo lane width
  return int_unary<T>(a, [&](int64_t x) { return f(x, k); });
}
template <class T>
Expect splat(int64_t x) {
  Expect e;
  for (int i = 0; i < lanes_of<T>(); ++i) set_lane<T>(e.v, i, (T)x);
  return e;
}
// Shifts on the lane value (already sign- or zero-extended to 64 bits by int_unary).
int64_t ref_shl(int64_t x, unsigned k) { return (int64_t)((uint64_t)x << k); }
int64_t ref_shr_u(int64_t x, unsigned k) { return (int64_t)((uint64_t)x >> k); }
// Arithmetic shift = floor(x / 2^k): for negatives, complement, shift the (positive) value, complement back.
int64_t ref_shr_s(int64_t x, unsigned k) { return x >= 0 ? (int64_t)((uint64_t)x >> k) : ~(int64_t)((uint64_t)~x >> k); }
int64_t sat(int64_t x, int64_t lo, int64_t hi) { return x < lo ? lo : x > hi ? hi : x; }

template <class T>
Expect scalar_result(T x) {  // v:i results land in the low 4 bytes
  Expect e;
  int32_t r = (int32_t)x;
  std::memcpy(e.v.b, &r, 4);
  return e;
}
template <class T>
bool all_true(const Vec16& v) {
  for (int i = 0; i < lanes_of<T>(); ++i)
    if (get_lane<T>(v, i) == 0) return false;
  return true;
}
template <class T>
int32_t bitmask(const Vec16& v) {
  int32_t m = 0;
  for (int i = 0; i < lanes_of<T>(); ++i)
    if (get_lane<T>(v, i) < 0) m |= 1 << i;
  return m;
}

// Widening: result lane i from source lanes (i + offset) of the narrow type.
template <class Wide, class Narrow, class F>
Expect widen1(const Args& a, int offset, F f) {
  Expect e;
  for (int i = 0; i < lanes_of<Wide>(); ++i) set_lane<Wide>(e.v, i, (Wide)f((int64_t)get_lane<Narrow>(a.v[0], i + offset)));
  return e;
}
template <class Wide, class Narrow>
Expect extmul(const Args& a, int offset) {
  Expect e;
  for (int i = 0; i < lanes_of<Wide>(); ++i) {
    // products of two 32-bit values may not fit int64 when unsigned: multiply as unsigned 64-bit
    uint64_t x = (uint64_t)(int64_t)get_lane<Narrow>(a.v[0], i + offset);
    uint64_t y = (uint64_t)(int64_t)get_lane<Narrow>(a.v[1], i + offset);
    set_lane<Wide>(e.v, i, (Wide)(x * y));
  }
  return e;
}
template <class Wide, class Narrow>
Expect extadd_pairwise(const Args& a) {
  Expect e;
  for (int i = 0; i < lanes_of<Wide>(); ++i)
    set_lane<Wide>(e.v, i, (Wide)((int64_t)get_lane<Narrow>(a.v[0], 2 * i) + (int64_t)get_lane<Narrow>(a.v[0], 2 * i + 1)));
  return e;
}
// Narrowing: lanes of a then lanes of b, each saturated into [lo, hi].
template <class Narrow, class Wide>
Expect narrow(const Args& a, int64_t lo, int64_t hi) {
  Expect e;
  const int n = lanes_of<Wide>();
  for (int i = 0; i < n; ++i) {
    set_lane<Narrow>(e.v, i, (Narrow)sat(get_lane<Wide>(a.v[0], i), lo, hi));
    set_lane<Narrow>(e.v, n + i, (Narrow)sat(get_lane<Wide>(a.v[1], i), lo, hi));
  }
  return e;
}

// ---- float lane helpers ----
template <class F>
using Bits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;
template <class F>
bool is_canonical_nan(F x) {
  Bits<F> u;
  std::memcpy(&u, &x, sizeof u);
  return sizeof(F) == 4 ? is_canonical32((uint32_t)u) : is_canonical64(u);
}
// The spec's nans{inputs}: canonical when every NaN input is canonical (or there is none), else arithmetic.
template <class F>
LaneRule nan_rule(std::initializer_list<F> inputs) {
  for (F x : inputs)
    if (std::isnan(x) && !is_canonical_nan(x)) return LaneRule::Arithmetic;
  return LaneRule::Canonical;
}
template <class F>
void put_float(Expect& e, int i, F r, LaneRule nan) {
  e.float_width = sizeof(F);
  set_lane<F>(e.v, i, r);
  if (std::isnan(r)) e.rule[i] = nan;
}
template <class F, class Fn>
Expect float_unary(const Args& a, Fn f) {
  Expect e;
  e.float_width = sizeof(F);
  for (int i = 0; i < lanes_of<F>(); ++i) {
    F x = get_lane<F>(a.v[0], i);
    put_float(e, i, (F)f(x), nan_rule<F>({x}));
  }
  return e;
}
template <class F, class Fn>
Expect float_binary(const Args& a, Fn f) {
  Expect e;
  e.float_width = sizeof(F);
  for (int i = 0; i < lanes_of<F>(); ++i) {
    F x = get_lane<F>(a.v[0], i), y = get_lane<F>(a.v[1], i);
    put_float(e, i, (F)f(x, y), nan_rule<F>({x, y}));
  }
  return e;
}
// Bitwise float ops and selects: exact bits, NaN payloads included.
template <class F, class Fn>
Expect float_select(const Args& a, Fn f) {
  Expect e;
  for (int i = 0; i < lanes_of<F>(); ++i) set_lane<F>(e.v, i, f(get_lane<F>(a.v[0], i), get_lane<F>(a.v[1], i)));
  return e;
}
template <class B>
Expect bits_unary(const Args& a, B (*f)(B)) {
  Expect e;
  for (int i = 0; i < lanes_of<B>(); ++i) set_lane<B>(e.v, i, f(get_lane<B>(a.v[0], i)));
  return e;
}

// fmin/fmax per the spec: NaN if either is NaN; -0 is less than +0.
template <class F>
F spec_min(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<F>::quiet_NaN();
  if (x == 0 && y == 0) return std::signbit(x) ? x : y;
  return x <= y ? x : y;
}
template <class F>
F spec_max(F x, F y) {
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<F>::quiet_NaN();
  if (x == 0 && y == 0) return std::signbit(x) ? y : x;
  return x >= y ? x : y;
}
// trunc_sat: NaN -> 0, otherwise truncate and clamp to the target range.
template <class I>
I trunc_sat(double x) {
  if (std::isnan(x)) return 0;
  double t = std::trunc(x);
  if (t <= (double)std::numeric_limits<I>::min()) return std::numeric_limits<I>::min();
  if (t >= (double)std::numeric_limits<I>::max()) return std::numeric_limits<I>::max();
  return (I)t;
}

using Map = std::map<std::string, RefFn, std::less<>>;

#define REF(Name, ...) m[#Name] = [](const Args& a) -> Expect { return __VA_ARGS__; };

void add_integer_refs(Map& m) {
  // splats
  REF(I8x16Splat, splat<uint8_t>(a.scalar))
  REF(I16x8Splat, splat<uint16_t>(a.scalar))
  REF(I32x4Splat, splat<uint32_t>(a.scalar))
  REF(I64x2Splat, splat<uint64_t>(a.scalar))
  REF(F32x4Splat, splat<uint32_t>(a.scalar))
  REF(F64x2Splat, splat<uint64_t>(a.scalar))
  // swizzle: out-of-range indices select 0
  m["I8x16Swizzle"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 16; ++i) e.v.b[i] = a.v[1].b[i] < 16 ? a.v[0].b[a.v[1].b[i]] : 0;
    return e;
  };
  // comparisons
  REF(I8x16Eq, compare<int8_t>(a, [](auto x, auto y) { return x == y; }))
  REF(I8x16Ne, compare<int8_t>(a, [](auto x, auto y) { return x != y; }))
  REF(I8x16LtS, compare<int8_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I8x16LtU, compare<uint8_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I8x16GtS, compare<int8_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I8x16GtU, compare<uint8_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I8x16LeS, compare<int8_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I8x16LeU, compare<uint8_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I8x16GeS, compare<int8_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I8x16GeU, compare<uint8_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I16x8Eq, compare<int16_t>(a, [](auto x, auto y) { return x == y; }))
  REF(I16x8Ne, compare<int16_t>(a, [](auto x, auto y) { return x != y; }))
  REF(I16x8LtS, compare<int16_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I16x8LtU, compare<uint16_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I16x8GtS, compare<int16_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I16x8GtU, compare<uint16_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I16x8LeS, compare<int16_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I16x8LeU, compare<uint16_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I16x8GeS, compare<int16_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I16x8GeU, compare<uint16_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I32x4Eq, compare<int32_t>(a, [](auto x, auto y) { return x == y; }))
  REF(I32x4Ne, compare<int32_t>(a, [](auto x, auto y) { return x != y; }))
  REF(I32x4LtS, compare<int32_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I32x4LtU, compare<uint32_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I32x4GtS, compare<int32_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I32x4GtU, compare<uint32_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I32x4LeS, compare<int32_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I32x4LeU, compare<uint32_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I32x4GeS, compare<int32_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I32x4GeU, compare<uint32_t>(a, [](auto x, auto y) { return x >= y; }))
  REF(I64x2Eq, compare<int64_t>(a, [](auto x, auto y) { return x == y; }))
  REF(I64x2Ne, compare<int64_t>(a, [](auto x, auto y) { return x != y; }))
  REF(I64x2LtS, compare<int64_t>(a, [](auto x, auto y) { return x < y; }))
  REF(I64x2GtS, compare<int64_t>(a, [](auto x, auto y) { return x > y; }))
  REF(I64x2LeS, compare<int64_t>(a, [](auto x, auto y) { return x <= y; }))
  REF(I64x2GeS, compare<int64_t>(a, [](auto x, auto y) { return x >= y; }))
  // bitwise
  REF(V128Not, int_unary<uint64_t>(a, [](int64_t x) { return ~x; }))
  REF(V128And, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return x & y; }))
  REF(V128AndNot, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return x & ~y; }))
  REF(V128Or, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return x | y; }))
  REF(V128Xor, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return x ^ y; }))
  m["V128Bitselect"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 16; ++i)
      for (int bit = 0; bit < 8; ++bit) {
        int c = (a.v[2].b[i] >> bit) & 1;
        int src = c ? a.v[0].b[i] : a.v[1].b[i];
        e.v.b[i] |= (uint8_t)(((src >> bit) & 1) << bit);
      }
    return e;
  };
  m["V128AnyTrue"] = [](const Args& a) -> Expect {
    for (int i = 0; i < 16; ++i)
      if (a.v[0].b[i]) return scalar_result(1);
    return scalar_result(0);
  };
  REF(I8x16AllTrue, scalar_result(all_true<int8_t>(a.v[0])))
  REF(I16x8AllTrue, scalar_result(all_true<int16_t>(a.v[0])))
  REF(I32x4AllTrue, scalar_result(all_true<int32_t>(a.v[0])))
  REF(I64x2AllTrue, scalar_result(all_true<int64_t>(a.v[0])))
  REF(I8x16Bitmask, scalar_result(bitmask<int8_t>(a.v[0])))
  REF(I16x8Bitmask, scalar_result(bitmask<int16_t>(a.v[0])))
  REF(I32x4Bitmask, scalar_result(bitmask<int32_t>(a.v[0])))
  REF(I64x2Bitmask, scalar_result(bitmask<int64_t>(a.v[0])))
  // abs / neg / popcnt (abs of INT_MIN wraps back to INT_MIN through the cast)
  REF(I8x16Abs, int_unary<int8_t>(a, [](int64_t x) { return x < 0 ? -x : x; }))
  REF(I16x8Abs, int_unary<int16_t>(a, [](int64_t x) { return x < 0 ? -x : x; }))
  REF(I32x4Abs, int_unary<int32_t>(a, [](int64_t x) { return x < 0 ? -x : x; }))
  REF(I64x2Abs, int_unary<uint64_t>(a, [](int64_t x) { return x < 0 ? 0 - (uint64_t)x : (uint64_t)x; }))
  REF(I8x16Neg, int_unary<int8_t>(a, [](int64_t x) { return -x; }))
  REF(I16x8Neg, int_unary<int16_t>(a, [](int64_t x) { return -x; }))
  REF(I32x4Neg, int_unary<int32_t>(a, [](int64_t x) { return -x; }))
  REF(I64x2Neg, int_unary<uint64_t>(a, [](int64_t x) { return 0 - (uint64_t)x; }))
  REF(I8x16Popcnt, int_unary<uint8_t>(a, [](int64_t x) {
        int n = 0;
        for (int bit = 0; bit < 8; ++bit) n += (x >> bit) & 1;
        return n;
      }))
  // add / sub / mul (wrapping), saturating forms clamp the exact result
  REF(I8x16Add, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return x + y; }))
  REF(I8x16Sub, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return x - y; }))
  REF(I16x8Add, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return x + y; }))
  REF(I16x8Sub, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return x - y; }))
  REF(I16x8Mul, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return x * y; }))
  REF(I32x4Add, int_binary<uint32_t>(a, [](int64_t x, int64_t y) { return x + y; }))
  REF(I32x4Sub, int_binary<uint32_t>(a, [](int64_t x, int64_t y) { return x - y; }))
  REF(I32x4Mul, int_binary<uint32_t>(a, [](int64_t x, int64_t y) { return (uint64_t)x * (uint64_t)y; }))
  REF(I64x2Add, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return (uint64_t)x + (uint64_t)y; }))
  REF(I64x2Sub, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return (uint64_t)x - (uint64_t)y; }))
  REF(I64x2Mul, int_binary<uint64_t>(a, [](int64_t x, int64_t y) { return (uint64_t)x * (uint64_t)y; }))
  REF(I8x16AddSatS, int_binary<int8_t>(a, [](int64_t x, int64_t y) { return sat(x + y, -128, 127); }))
  REF(I8x16AddSatU, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return sat(x + y, 0, 255); }))
  REF(I8x16SubSatS, int_binary<int8_t>(a, [](int64_t x, int64_t y) { return sat(x - y, -128, 127); }))
  REF(I8x16SubSatU, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return sat(x - y, 0, 255); }))
  REF(I16x8AddSatS, int_binary<int16_t>(a, [](int64_t x, int64_t y) { return sat(x + y, -32768, 32767); }))
  REF(I16x8AddSatU, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return sat(x + y, 0, 65535); }))
  REF(I16x8SubSatS, int_binary<int16_t>(a, [](int64_t x, int64_t y) { return sat(x - y, -32768, 32767); }))
  REF(I16x8SubSatU, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return sat(x - y, 0, 65535); }))
  // min / max / avgr
  REF(I8x16MinS, int_binary<int8_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I8x16MinU, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I8x16MaxS, int_binary<int8_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I8x16MaxU, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I16x8MinS, int_binary<int16_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I16x8MinU, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I16x8MaxS, int_binary<int16_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I16x8MaxU, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I32x4MinS, int_binary<int32_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I32x4MinU, int_binary<uint32_t>(a, [](int64_t x, int64_t y) { return x < y ? x : y; }))
  REF(I32x4MaxS, int_binary<int32_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I32x4MaxU, int_binary<uint32_t>(a, [](int64_t x, int64_t y) { return x > y ? x : y; }))
  REF(I8x16AvgrU, int_binary<uint8_t>(a, [](int64_t x, int64_t y) { return (x + y + 1) / 2; }))
  REF(I16x8AvgrU, int_binary<uint16_t>(a, [](int64_t x, int64_t y) { return (x + y + 1) / 2; }))
  REF(I16x8Q15mulrSatS, int_binary<int16_t>(a, [](int64_t x, int64_t y) {
        return sat((x * y + 0x4000) >> 15, -32768, 32767);
      }))
  // shifts (count modulo lane width)
  REF(I8x16Shl, shift<uint8_t>(a, ref_shl))
  REF(I8x16ShrS, shift<int8_t>(a, ref_shr_s))
  REF(I8x16ShrU, shift<uint8_t>(a, ref_shr_u))
  REF(I16x8Shl, shift<uint16_t>(a, ref_shl))
  REF(I16x8ShrS, shift<int16_t>(a, ref_shr_s))
  REF(I16x8ShrU, shift<uint16_t>(a, ref_shr_u))
  REF(I32x4Shl, shift<uint32_t>(a, ref_shl))
  REF(I32x4ShrS, shift<int32_t>(a, ref_shr_s))
  REF(I32x4ShrU, shift<uint32_t>(a, ref_shr_u))
  REF(I64x2Shl, shift<uint64_t>(a, ref_shl))
  REF(I64x2ShrS, shift<int64_t>(a, ref_shr_s))
  REF(I64x2ShrU, shift<uint64_t>(a, ref_shr_u))
  // narrowing
  REF(I8x16NarrowI16x8S, narrow<int8_t, int16_t>(a, -128, 127))
  REF(I8x16NarrowI16x8U, narrow<uint8_t, int16_t>(a, 0, 255))
  REF(I16x8NarrowI32x4S, narrow<int16_t, int32_t>(a, -32768, 32767))
  REF(I16x8NarrowI32x4U, narrow<uint16_t, int32_t>(a, 0, 65535))
  // widening
  REF(I16x8ExtendLowI8x16S, widen1<int16_t, int8_t>(a, 0, [](int64_t x) { return x; }))
  REF(I16x8ExtendHighI8x16S, widen1<int16_t, int8_t>(a, 8, [](int64_t x) { return x; }))
  REF(I16x8ExtendLowI8x16U, widen1<uint16_t, uint8_t>(a, 0, [](int64_t x) { return x; }))
  REF(I16x8ExtendHighI8x16U, widen1<uint16_t, uint8_t>(a, 8, [](int64_t x) { return x; }))
  REF(I32x4ExtendLowI16x8S, widen1<int32_t, int16_t>(a, 0, [](int64_t x) { return x; }))
  REF(I32x4ExtendHighI16x8S, widen1<int32_t, int16_t>(a, 4, [](int64_t x) { return x; }))
  REF(I32x4ExtendLowI16x8U, widen1<uint32_t, uint16_t>(a, 0, [](int64_t x) { return x; }))
  REF(I32x4ExtendHighI16x8U, widen1<uint32_t, uint16_t>(a, 4, [](int64_t x) { return x; }))
  REF(I64x2ExtendLowI32x4S, widen1<int64_t, int32_t>(a, 0, [](int64_t x) { return x; }))
  REF(I64x2ExtendHighI32x4S, widen1<int64_t, int32_t>(a, 2, [](int64_t x) { return x; }))
  REF(I64x2ExtendLowI32x4U, widen1<uint64_t, uint32_t>(a, 0, [](int64_t x) { return x; }))
  REF(I64x2ExtendHighI32x4U, widen1<uint64_t, uint32_t>(a, 2, [](int64_t x) { return x; }))
  REF(I16x8ExtmulLowI8x16S, (extmul<int16_t, int8_t>(a, 0)))
  REF(I16x8ExtmulHighI8x16S, (extmul<int16_t, int8_t>(a, 8)))
  REF(I16x8ExtmulLowI8x16U, (extmul<uint16_t, uint8_t>(a, 0)))
  REF(I16x8ExtmulHighI8x16U, (extmul<uint16_t, uint8_t>(a, 8)))
  REF(I32x4ExtmulLowI16x8S, (extmul<int32_t, int16_t>(a, 0)))
  REF(I32x4ExtmulHighI16x8S, (extmul<int32_t, int16_t>(a, 4)))
  REF(I32x4ExtmulLowI16x8U, (extmul<uint32_t, uint16_t>(a, 0)))
  REF(I32x4ExtmulHighI16x8U, (extmul<uint32_t, uint16_t>(a, 4)))
  REF(I64x2ExtmulLowI32x4S, (extmul<int64_t, int32_t>(a, 0)))
  REF(I64x2ExtmulHighI32x4S, (extmul<int64_t, int32_t>(a, 2)))
  REF(I64x2ExtmulLowI32x4U, (extmul<uint64_t, uint32_t>(a, 0)))
  REF(I64x2ExtmulHighI32x4U, (extmul<uint64_t, uint32_t>(a, 2)))
  REF(I16x8ExtaddPairwiseI8x16S, (extadd_pairwise<int16_t, int8_t>(a)))
  REF(I16x8ExtaddPairwiseI8x16U, (extadd_pairwise<uint16_t, uint8_t>(a)))
  REF(I32x4ExtaddPairwiseI16x8S, (extadd_pairwise<int32_t, int16_t>(a)))
  REF(I32x4ExtaddPairwiseI16x8U, (extadd_pairwise<uint32_t, uint16_t>(a)))
  m["I32x4DotI16x8S"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 4; ++i) {
      int64_t s = 0;
      for (int k = 0; k < 2; ++k)
        s += (int64_t)get_lane<int16_t>(a.v[0], 2 * i + k) * get_lane<int16_t>(a.v[1], 2 * i + k);
      set_lane<uint32_t>(e.v, i, (uint32_t)s);  // 2^31 wraps
    }
    return e;
  };
}

void add_float_refs(Map& m) {
  // comparisons: C++ operators are IEEE (false on NaN, except !=)
  REF(F32x4Eq, compare<float>(a, [](auto x, auto y) { return x == y; }))
  REF(F32x4Ne, compare<float>(a, [](auto x, auto y) { return x != y; }))
  REF(F32x4Lt, compare<float>(a, [](auto x, auto y) { return x < y; }))
  REF(F32x4Gt, compare<float>(a, [](auto x, auto y) { return x > y; }))
  REF(F32x4Le, compare<float>(a, [](auto x, auto y) { return x <= y; }))
  REF(F32x4Ge, compare<float>(a, [](auto x, auto y) { return x >= y; }))
  REF(F64x2Eq, compare<double>(a, [](auto x, auto y) { return x == y; }))
  REF(F64x2Ne, compare<double>(a, [](auto x, auto y) { return x != y; }))
  REF(F64x2Lt, compare<double>(a, [](auto x, auto y) { return x < y; }))
  REF(F64x2Gt, compare<double>(a, [](auto x, auto y) { return x > y; }))
  REF(F64x2Le, compare<double>(a, [](auto x, auto y) { return x <= y; }))
  REF(F64x2Ge, compare<double>(a, [](auto x, auto y) { return x >= y; }))
  // sign operations are bitwise
  m["F32x4Abs"] = [](const Args& a) { return bits_unary<uint32_t>(a, [](uint32_t u) { return u & 0x7FFFFFFFu; }); };
  m["F32x4Neg"] = [](const Args& a) { return bits_unary<uint32_t>(a, [](uint32_t u) { return u ^ 0x80000000u; }); };
  m["F64x2Abs"] = [](const Args& a) { return bits_unary<uint64_t>(a, [](uint64_t u) -> uint64_t { return u & ~((uint64_t)1 << 63); }); };
  m["F64x2Neg"] = [](const Args& a) { return bits_unary<uint64_t>(a, [](uint64_t u) -> uint64_t { return u ^ ((uint64_t)1 << 63); }); };
  // arithmetic
  REF(F32x4Add, float_binary<float>(a, [](float x, float y) { return x + y; }))
  REF(F32x4Sub, float_binary<float>(a, [](float x, float y) { return x - y; }))
  REF(F32x4Mul, float_binary<float>(a, [](float x, float y) { return x * y; }))
  REF(F32x4Div, float_binary<float>(a, [](float x, float y) { return x / y; }))
  REF(F32x4Sqrt, float_unary<float>(a, [](float x) { return std::sqrt(x); }))
  REF(F64x2Add, float_binary<double>(a, [](double x, double y) { return x + y; }))
  REF(F64x2Sub, float_binary<double>(a, [](double x, double y) { return x - y; }))
  REF(F64x2Mul, float_binary<double>(a, [](double x, double y) { return x * y; }))
  REF(F64x2Div, float_binary<double>(a, [](double x, double y) { return x / y; }))
  REF(F64x2Sqrt, float_unary<double>(a, [](double x) { return std::sqrt(x); }))
  REF(F32x4Min, float_binary<float>(a, spec_min<float>))
  REF(F32x4Max, float_binary<float>(a, spec_max<float>))
  REF(F64x2Min, float_binary<double>(a, spec_min<double>))
  REF(F64x2Max, float_binary<double>(a, spec_max<double>))
  // pmin/pmax return one operand unchanged (NaNs included)
  REF(F32x4Pmin, float_select<float>(a, [](float x, float y) { return y < x ? y : x; }))
  REF(F32x4Pmax, float_select<float>(a, [](float x, float y) { return x < y ? y : x; }))
  REF(F64x2Pmin, float_select<double>(a, [](double x, double y) { return y < x ? y : x; }))
  REF(F64x2Pmax, float_select<double>(a, [](double x, double y) { return x < y ? y : x; }))
  // rounding (libm, default round-to-nearest-even environment)
  REF(F32x4Ceil, float_unary<float>(a, [](float x) { return std::ceil(x); }))
  REF(F32x4Floor, float_unary<float>(a, [](float x) { return std::floor(x); }))
  REF(F32x4Trunc, float_unary<float>(a, [](float x) { return std::trunc(x); }))
  REF(F32x4Nearest, float_unary<float>(a, [](float x) { return std::nearbyint(x); }))
  REF(F64x2Ceil, float_unary<double>(a, [](double x) { return std::ceil(x); }))
  REF(F64x2Floor, float_unary<double>(a, [](double x) { return std::floor(x); }))
  REF(F64x2Trunc, float_unary<double>(a, [](double x) { return std::trunc(x); }))
  REF(F64x2Nearest, float_unary<double>(a, [](double x) { return std::nearbyint(x); }))
  // float -> int
  m["I32x4TruncSatF32x4S"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 4; ++i) set_lane<int32_t>(e.v, i, trunc_sat<int32_t>(get_lane<float>(a.v[0], i)));
    return e;
  };
  m["I32x4TruncSatF32x4U"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 4; ++i) set_lane<uint32_t>(e.v, i, trunc_sat<uint32_t>(get_lane<float>(a.v[0], i)));
    return e;
  };
  m["I32x4TruncSatF64x2SZero"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 2; ++i) set_lane<int32_t>(e.v, i, trunc_sat<int32_t>(get_lane<double>(a.v[0], i)));
    return e;
  };
  m["I32x4TruncSatF64x2UZero"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 2; ++i) set_lane<uint32_t>(e.v, i, trunc_sat<uint32_t>(get_lane<double>(a.v[0], i)));
    return e;
  };
  // int -> float: a single correctly rounded conversion
  m["F32x4ConvertI32x4S"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 4; ++i) set_lane<float>(e.v, i, (float)get_lane<int32_t>(a.v[0], i));
    return e;
  };
  m["F32x4ConvertI32x4U"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 4; ++i) set_lane<float>(e.v, i, (float)get_lane<uint32_t>(a.v[0], i));
    return e;
  };
  m["F64x2ConvertLowI32x4S"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 2; ++i) set_lane<double>(e.v, i, (double)get_lane<int32_t>(a.v[0], i));
    return e;
  };
  m["F64x2ConvertLowI32x4U"] = [](const Args& a) -> Expect {
    Expect e;
    for (int i = 0; i < 2; ++i) set_lane<double>(e.v, i, (double)get_lane<uint32_t>(a.v[0], i));
    return e;
  };
  // precision changes: NaN rule from the single input
  m["F32x4DemoteF64x2Zero"] = [](const Args& a) -> Expect {
    Expect e;
    e.float_width = 4;
    for (int i = 0; i < 2; ++i) {
      double x = get_lane<double>(a.v[0], i);
      put_float<float>(e, i, (float)x, nan_rule<double>({x}));
    }
    return e;  // lanes 2 and 3 stay +0
  };
  m["F64x2PromoteLowF32x4"] = [](const Args& a) -> Expect {
    Expect e;
    e.float_width = 8;
    for (int i = 0; i < 2; ++i) {
      float x = get_lane<float>(a.v[0], i);
      put_float<double>(e, i, (double)x, nan_rule<float>({x}));
    }
    return e;
  };
}

#undef REF

const Map& reference_map() {
  static const Map m = [] {
    Map r;
    add_integer_refs(r);
    add_float_refs(r);
    return r;
  }();
  return m;
}

}  // namespace

RefFn find_reference(std::string_view op_name) {
  const Map& m = reference_map();
  auto it = m.find(op_name);
  return it == m.end() ? nullptr : it->second;
}

}  // namespace simdtest
