// Operand generation for the oracle tests: random lanes mixed with edge values of every lane type
// (NaN payloads, signed zeros, infinities, INT_MIN/INT_MAX, saturation and rounding boundaries).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "tests/simd/op_table.h"

namespace simdtest {

class InputGen {
 public:
  explicit InputGen(uint64_t seed) : rng_(seed) {}
  Vec16 vec();                   // one vector in a randomly chosen lane flavour
  Vec16 related(const Vec16& a); // a second operand sharing some lanes with a (hits equality/ties)
  int32_t int32();
  int64_t int64();
  uint32_t f32_bits();
  uint64_t f64_bits();
  uint64_t below(uint64_t n) { return rng_() % n; }

 private:
  std::mt19937_64 rng_;
};

// All operand sets an op with this signature is run on (deterministic for a given seed).
std::vector<Args> make_inputs(Sig sig, uint64_t seed);

}  // namespace simdtest
