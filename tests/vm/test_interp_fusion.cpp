// Superinstructions against the unfused sequence: the same kernel is compiled once in the shape the
// compiler fuses and once with a block boundary in the middle (fusion never crosses a label), then
// both run on the same random data; memory contents, results and traps must be identical.
#include <cstring>
#include <random>
#include <string>

#include "tests/vm/test_interp_util.h"
#include "vm/code.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

// c[j] += a * b[j] for j < n, with c at `c` and b at `b` (byte addresses), f32 and f64, plus the
// load+add and load+mul forms with the loaded value on either side.
std::string kernels(bool split) {
  std::string cut = split ? "(block)" : "";
  auto body = [&](const char* t, int size) {
    std::string s = std::to_string(size);
    return std::string("(func (export \"axpy_") + t + "\") (param $c i32) (param $b i32) (param $n i32) (param $a " + t +
           ") (local $j i32)\n"
           "  (block $done (loop $l\n"
           "    (br_if $done (i32.ge_u (local.get $j) (local.get $n)))\n"
           "    (local.get $c)\n"
           "    (" + t + ".load (local.get $b)) " + cut + " (local.get $a) (" + t + ".mul) " + cut + "\n"
           "    (" + t + ".load (local.get $c)) " + cut + " (" + t + ".add) " + cut + "\n"
           "    (" + t + ".store)\n"
           "    (local.set $c (i32.add (local.get $c) (i32.const " + s + ")))\n"
           "    (local.set $b (i32.add (local.get $b) (i32.const " + s + ")))\n"
           "    (local.set $j (i32.add (local.get $j) (i32.const 1))) " + cut + "\n"
           "    (br $l))))\n"
           "(func (export \"dot_" + t + "\") (param $p i32) (param $q i32) (param $n i32) (result " + t + ") (local $acc " + t + ")\n"
           "  (loop $l\n"
           "    (local.set $acc (" + t + ".add (local.get $acc) (" + t + ".mul (local.get $acc) (" + t + ".load (local.get $p)) " + cut + ")))\n"
           "    (local.set $acc (" + t + ".add (" + t + ".load (local.get $q)) " + cut + " (local.get $acc)))\n"
           "    (local.set $p (i32.add (local.get $p) (i32.const " + s + ")))\n"
           "    (local.set $q (i32.add (local.get $q) (i32.const " + s + ")))\n"
           "    (br_if $l (i32.ne " + cut + " (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 0))))\n"
           "  (local.get $acc))\n";
  };
  // loads whose address is `p + k` (wrapping i32.add) folded into the fused forms
  std::string wrap =
      "(func (export \"wrap\") (param $p i32) (param $x f32) (result f32)\n"
      "  (f32.add (f32.mul (f32.load (i32.add (local.get $p) (i32.const 8))) " + cut + " (local.get $x)) " + cut +
      "    (f32.load offset=4 (i32.add (local.get $p) (i32.const 12)))))\n"
      "(func (export \"wrap_mem\") (param $c i32) (param $p i32) (param $x f64)\n"
      "  (f64.store (local.get $c) (f64.add " + cut +
      "    (f64.mul (f64.load (i32.add (local.get $p) (i32.const 16))) " + cut + " (local.get $x))"
      "    (f64.load (local.get $c)) " + cut + ")))\n";
  std::string steps;
  const char* cmps[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  for (const char* c : cmps) {
    // counts iterations of `i += step; if (i cmp limit) continue` (bounded by 100)
    steps += std::string("(func (export \"step_") + c + "\") (param $i i32) (param $step i32) (param $limit i32) (result i32) (local $k i32)\n"
             "  (block $out (loop $l\n"
             "    (local.set $k (i32.add (local.get $k) (i32.const 1)))\n"
             "    (br_if $out (i32.ge_u (local.get $k) (i32.const 100)))\n"
             "    (local.set $i (i32.add (local.get $i) (i32.const 3))) " + cut + "\n"
             "    (br_if $l (i32." + c + " (local.get $i) (local.get $limit)))\n"
             "    (local.set $i (i32.add (local.get $i) (i32.const -7))) " + cut + "\n"
             "    (br_if $l (i32." + c + " (local.get $i) (i32.const 40)))))\n"
             "  (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $i)))\n";
  }
  std::string simd;
#if WASMVM_SIMD
  // acc = acc + load(p) * x (f32x4), acc2 = load(q) + acc2 * y (f64x2), summed into lane 0
  simd = "(func (export \"vdot\") (param $p i32) (param $q i32) (param $n i32) (result f64) (local $a v128) (local $b v128) (local $s v128)\n"
         "  (local.set $b (f64x2.splat (f64.const 0.5)))\n"
         "  (local.set $s (f32x4.splat (f32.const 1.25)))\n"
         "  (loop $l\n"
         "    (local.set $a (f32x4.add (local.get $a) (f32x4.mul (v128.load (local.get $p)) " + cut + " (local.get $s))))\n"
         "    (local.set $b (f64x2.add (f64x2.mul (local.get $b) (local.get $s)) " + cut + " (v128.load (local.get $q)) " + cut + "))\n"
         "    (local.set $b (f64x2.add (local.get $b) (f64x2.mul (local.get $b) (local.get $b)) " + cut + "))\n"
         "    (local.set $p (i32.add (local.get $p) (i32.const 16)))\n"
         "    (local.set $q (i32.add (local.get $q) (i32.const 16)))\n"
         "    (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n"
         "  (f64.add (f64.promote_f32 (f32x4.extract_lane 1 (local.get $a))) (f64x2.extract_lane 0 (local.get $b))))\n";
  // chains acc + load(p) * x + load(p + 16) * y + load(p + 48) * x (f32x4 and f64x2), as in the
  // unrolled conv kernel: the first two become one instruction, the third stays single
  for (const char* sh : {"f32x4", "f64x2"}) {
    std::string v = sh;
    simd += "(func (export \"chain_" + v + "\") (param $p i32) (param $n i32) (result i64) (local $a v128) (local $x v128) (local $y v128)\n"
            "  (local.set $x (" + v + ".splat (" + (v == "f32x4" ? "f32.const 0.375" : "f64.const 0.375") + ")))\n"
            "  (local.set $y (" + v + ".splat (" + (v == "f32x4" ? "f32.const -1.75" : "f64.const -1.75") + ")))\n"
            "  (loop $l\n"
            "    (local.set $a (" + v + ".add (" + v + ".add (" + v + ".add (local.get $a)\n"
            "      (" + v + ".mul (v128.load (local.get $p)) (local.get $x)) " + cut + ")\n"
            "      (" + v + ".mul (local.get $y) (v128.load offset=16 (local.get $p))) " + cut + ")\n"
            "      (" + v + ".mul (v128.load (i32.add (local.get $p) (i32.const 48))) (local.get $x)) " + cut + "))\n"
            "    (local.set $p (i32.add (local.get $p) (i32.const 8)))\n"
            "    (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n"
            "  (i64.xor (i64x2.extract_lane 0 (local.get $a)) (i64.rotl (i64x2.extract_lane 1 (local.get $a)) (i64.const 17))))\n";
  }
  // v128.load32_splat of `p + k` (plus a memarg offset), as in the cnn conv kernel; lanes 0 and 3
  // of the sum come back so a wrong lane or address shows
  simd += "(func (export \"splat\") (param $p i32) (result i64) (local $v v128)\n"
          "  (i32.add (local.get $p) (i32.const 4)) " + cut + " (v128.load32_splat)\n"
          "  (i32.add (local.get $p) (i32.const 4)) " + cut + " (v128.load32_splat offset=8)\n"
          "  (local.set $v (f32x4.add))\n"
          "  (i64.or (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $v)))\n"
          "          (i64.shl (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v))) (i64.const 32))))\n";
#endif
  return "(module (memory (export \"mem\") 1)\n" + body("f32", 4) + body("f64", 8) + steps + simd + wrap + ")";
}

// Does any compiled function of the instance's module contain instruction `op`?
bool uses(Vm& vm, rt::Isa op) {
  uint64_t h = rt::handler_word(op);
  const Module& m = vm.instance().module();
  for (size_t def = 0; def < m.impl().code.size(); def++) {
    const rt::CompiledFunc* f = rt::compiled_code(m, def);
    if (!f) return false;
    size_t i = 0;
    while (i < f->code.size()) {
      uint64_t w = f->code[i];
      if (w == h) return true;
      size_t k = 0;
      while (k < rt::kNumIsa && rt::handler_word(rt::Isa(k)) != w) k++;
      if (k == rt::kNumIsa) return false;
      i += rt::kIsaWords[k] + (rt::Isa(k) == rt::Isa::BrTable ? (f->code[i + 1] >> 32) + 1 : 0);
    }
  }
  return false;
}

class Fusion : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fused.load(kernels(false)));
    ASSERT_TRUE(plain.load(kernels(true)));
  }
  void fill(uint32_t seed) {
    std::mt19937 rng(seed);
    for (Vm* vm : {&fused, &plain}) {
      Memory m = vm->instance().memory("mem");
      std::mt19937 r2(seed);
      for (uint64_t i = 0; i < m.size_bytes(); i += 4) {
        float f = float(int32_t(r2() % 2001) - 1000) / 64.0f;
        std::memcpy(m.data() + i, &f, 4);
      }
    }
    (void)rng;
  }
  bool same_memory() {
    Memory a = fused.instance().memory("mem"), b = plain.instance().memory("mem");
    return a.size_bytes() == b.size_bytes() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
  }
  Vm fused, plain;
};

TEST_F(Fusion, OnlyTheFusedShapeIsFused) {
  for (rt::Isa op : {rt::Isa::F32MulAddToMem, rt::Isa::F64MulAddToMem, rt::Isa::F32LoadMulAdd, rt::Isa::F64LoadAdd,
                     rt::Isa::AddBrI32LtU, rt::Isa::AddBrI32GeSImm
#if WASMVM_SIMD
                     , rt::Isa::F32x4LoadMulAdd, rt::Isa::F64x2MulAdd, rt::Isa::F64x2LoadAdd,
                     rt::Isa::V128Load32SplatAt, rt::Isa::F32x4LoadMulAdd2, rt::Isa::F64x2LoadMulAdd2
#endif
       }) {
    EXPECT_TRUE(uses(fused, op)) << rt::isa_name(op);
    EXPECT_FALSE(uses(plain, op)) << rt::isa_name(op);
  }
}

TEST_F(Fusion, MulAddToMemoryMatchesUnfused) {
  fill(7);
  // disjoint, identical and overlapping c/b ranges
  const int32_t cases[][3] = {{0, 4096, 200}, {1000, 1000, 50}, {2000, 2004, 300}, {65536 - 40, 0, 10}};
  for (const auto& c : cases) {
    for (const char* f : {"axpy_f32", "axpy_f64"}) {
      auto r1 = fused.call(f, {I32(c[0]), I32(c[1]), I32(c[2]), std::string(f) == "axpy_f32" ? F32(1.5f) : F64(-0.75)});
      auto r2 = plain.call(f, {I32(c[0]), I32(c[1]), I32(c[2]), std::string(f) == "axpy_f32" ? F32(1.5f) : F64(-0.75)});
      ASSERT_EQ(r1.ok(), r2.ok()) << f << " " << c[0];
      if (!r1.ok()) {
        EXPECT_EQ(r1.error().message, r2.error().message);
      }
      EXPECT_TRUE(same_memory()) << f << " " << c[0] << " " << c[1];
    }
  }
  // the last case runs off the end of memory: both trap, with identical memory left behind
  EXPECT_EQ(fused.trap("axpy_f64", {I32(65536 - 40), I32(0), I32(10), F64(1)}).message, "out of bounds memory access");
}

TEST_F(Fusion, LoadArithmeticMatchesUnfused) {
  fill(11);
  for (int32_t n : {1, 7, 64}) {
    Value a = fused.one("dot_f32", {I32(0), I32(8192), I32(n)});
    Value b = plain.one("dot_f32", {I32(0), I32(8192), I32(n)});
    EXPECT_EQ(a.as_f32_bits(), b.as_f32_bits()) << n;
    Value c = fused.one("dot_f64", {I32(16), I32(4000), I32(n)});
    Value d = plain.one("dot_f64", {I32(16), I32(4000), I32(n)});
    EXPECT_EQ(c.as_f64_bits(), d.as_f64_bits()) << n;
  }
}

#if WASMVM_SIMD
TEST_F(Fusion, SimdMultiplyAddMatchesUnfused) {
  fill(3);
  for (int32_t n : {1, 5, 100}) {
    Value a = fused.one("vdot", {I32(64), I32(30000), I32(n)});
    Value b = plain.one("vdot", {I32(64), I32(30000), I32(n)});
    EXPECT_EQ(a.as_f64_bits(), b.as_f64_bits()) << n;
  }
  EXPECT_EQ(fused.trap("vdot", {I32(65536 - 32), I32(0), I32(3)}).message, "out of bounds memory access");
}
#endif

#if WASMVM_SIMD
// Folded splat addresses: same lanes, same wrapping and the same out-of-bounds trap as the unfused
// add + load (p = -4: p + 4 wraps to 0, then offset 8 is added without wrapping; p = -8: p + 4 = -4
// is out of bounds; 65536 - 15: the offset-8 load ends one byte past memory).
TEST_F(Fusion, SplatAddressFoldMatchesUnfused) {
  fill(9);
  for (int32_t p : {0, 4, 1000, -4, -8, 65536 - 16, 65536 - 15, 65536 - 8}) {
    auto a = fused.call("splat", {I32(p)});
    auto b = plain.call("splat", {I32(p)});
    ASSERT_EQ(a.ok(), b.ok()) << p;
    if (a.ok()) {
      EXPECT_EQ(a.value()[0].as_i64(), b.value()[0].as_i64()) << p;
    } else {
      EXPECT_EQ(a.error().message, b.error().message) << p;
    }
  }
  EXPECT_TRUE(fused.call("splat", {I32(-4)}).ok());
  EXPECT_EQ(fused.trap("splat", {I32(65536 - 15)}).message, "out of bounds memory access");
}
#endif

#if WASMVM_SIMD
// Chained load-multiply-adds: bit-identical sums (no FMA, wasm order of additions); a trap in the
// second load (p + 16 + 16 > size) or the third one leaves the same memory and message.
TEST_F(Fusion, ChainedLoadMulAddMatchesUnfused) {
  fill(13);
  for (const char* f : {"chain_f32x4", "chain_f64x2"}) {
    for (int32_t p : {0, 4, 1000, 65536 - 200, 65536 - 60, 65536 - 40, 65536 - 33}) {
      for (int32_t n : {1, 3, 40}) {
        auto a = fused.call(f, {I32(p), I32(n)});
        auto b = plain.call(f, {I32(p), I32(n)});
        ASSERT_EQ(a.ok(), b.ok()) << f << " " << p << " " << n;
        if (a.ok()) {
          EXPECT_EQ(a.value()[0].as_i64(), b.value()[0].as_i64()) << f << " " << p << " " << n;
        } else {
          EXPECT_EQ(a.error().message, b.error().message);
        }
      }
    }
    EXPECT_EQ(fused.trap(f, {I32(65536 - 40), I32(1)}).message, "out of bounds memory access");
    EXPECT_TRUE(fused.call(f, {I32(65536 - 64), I32(1)}).ok());
  }
}
#endif

TEST_F(Fusion, FoldedAddressAddStillWraps) {
  fill(5);
  EXPECT_TRUE(uses(fused, rt::Isa::F32LoadMulAdd));
  EXPECT_TRUE(uses(fused, rt::Isa::F64MulAddToMem));
  for (int32_t p : {0, 100, -8, -12, -16, 65536 - 16, 65536 - 15}) {
    auto a = fused.call("wrap", {I32(p), F32(0.75f)});
    auto b = plain.call("wrap", {I32(p), F32(0.75f)});
    ASSERT_EQ(a.ok(), b.ok()) << p;
    if (a.ok()) {
      EXPECT_EQ(a.value()[0].as_f32_bits(), b.value()[0].as_f32_bits()) << p;
    } else {
      EXPECT_EQ(a.error().message, b.error().message) << p;
    }
    auto c = fused.call("wrap_mem", {I32(24), I32(p), F64(3.0)});
    auto d = plain.call("wrap_mem", {I32(24), I32(p), F64(3.0)});
    ASSERT_EQ(c.ok(), d.ok()) << p;
    EXPECT_TRUE(same_memory()) << p;
  }
  // p = -8: p + 8 wraps to address 0, a valid access (not out of bounds)
  EXPECT_TRUE(fused.call("wrap", {I32(-8), F32(1.0f)}).ok());
}

TEST_F(Fusion, LoopStepBranchMatchesUnfused) {
  const int32_t starts[] = {0, -5, 38, 39, 40, 2147483640, -2147483647, 100};
  const int32_t limits[] = {0, 10, 40, -1, 2147483647};
  for (const char* c : {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"}) {
    for (int32_t s : starts) {
      for (int32_t l : limits) {
        std::string f = std::string("step_") + c;
        EXPECT_EQ(fused.i32(f, {I32(s), I32(3), I32(l)}), plain.i32(f, {I32(s), I32(3), I32(l)}))
            << f << " " << s << " " << l;
      }
    }
  }
}

}  // namespace
}  // namespace wasmvm::test
