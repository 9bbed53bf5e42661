// Compiler output and limits: the emitted internal instructions (local.get elision, retargeting,
// immediate variants, compare-and-branch fusion), "function too large", module size limit and error
// reporting with byte offsets.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/vm/test_interp_util.h"
#include "vm/code.h"
#include "vm/code_listing.h"
#include "vm/runtime.h"

namespace wasmvm::test {
namespace {

// The internal code of defined function `def` as instruction names (vm/code_listing.h).
std::vector<std::string> listing(const Module& m, size_t def) {
  const rt::CompiledFunc* f = rt::compiled_code(m, def);
  return f ? rt::code_names(*f) : std::vector<std::string>{"<not translated>"};
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

std::shared_ptr<const Module> compile(const std::string& wat) {
  Engine engine;
  return compile_wat(engine, wat);
}

TEST(Compiler, LocalGetIsElidedAndResultsAreRetargeted) {
  auto m = compile(R"((module (func (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (local.get 2))))");
  ASSERT_TRUE(m);
  // add writes straight into local 2; the return copies it to the result slot.
  EXPECT_EQ(join(listing(*m, 0)), "I32Add ReturnCopy");
}

TEST(Compiler, ImmediateVariantsAndFusedLoopBranch) {
  auto m = compile(R"((module (func (param i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.lt_s (local.get 1) (local.get 0)))))))");
  ASSERT_TRUE(m);
  EXPECT_EQ(join(listing(*m, 0)), "AddBrI32LtS Return");
}

TEST(Compiler, IfFusesWithItsComparisonAndConstantOperand) {
  auto m = compile(R"((module (func (param i32) (result i32)
    (if (result i32) (i32.gt_u (local.get 0) (i32.const 10)) (then (i32.const 1)) (else (i32.const 2))))))");
  ASSERT_TRUE(m);
  // The branch to else is the negated comparison with the constant as an immediate.
  EXPECT_EQ(join(listing(*m, 0)), "BrI32LeUImm Const32 Br Const32 ReturnCopy");
}

TEST(Compiler, BranchValuesArePlacedAtCompileTime) {
  auto m = compile(R"((module (func (param i32) (result i32)
    (block (result i32) (br_if 0 (local.get 0) (local.get 0)) (drop) (i32.const 5)))))");
  ASSERT_TRUE(m);
  // The carried value is copied only on the taken path (skip-branch + copy + br).
  EXPECT_EQ(join(listing(*m, 0)), "BrIfEqz Copy Br Const32 ReturnCopy");
}

// The text listing (used by `wasmvm disasm --internal`) has one line per instruction, with a
// BrTable's offset table as extra words, and ends where the code ends.
TEST(Compiler, CodeListingTextMatchesNames) {
  auto m = compile(R"((module (func (param i32) (result i32)
    (block (block (br_table 0 1 1 (local.get 0))) (return (i32.const 7))) (i32.const 9))))");
  ASSERT_TRUE(m);
  const rt::CompiledFunc& f = *rt::compiled_code(*m, 0);
  std::vector<std::string> names = rt::code_names(f);
  std::string text = rt::code_listing_text(f);
  std::vector<std::string> lines;
  for (size_t p = 0, q; p < text.size(); p = q + 1) {
    q = text.find('\n', p);
    ASSERT_NE(q, std::string::npos) << "unterminated line";
    lines.push_back(text.substr(p, q - p));
  }
  ASSERT_EQ(lines.size(), names.size());
  size_t words = 0;
  for (size_t k = 0; k < lines.size(); k++) {
    EXPECT_NE(lines[k].find(" " + names[k] + " "), std::string::npos) << lines[k];
    EXPECT_NE(lines[k].find("; wasm 0x"), std::string::npos) << lines[k];
    if (names[k] == "BrTable") {
      size_t brackets = 0;
      for (char c : lines[k]) brackets += c == '[';
      EXPECT_EQ(brackets, 3u) << lines[k];  // 2 labels + default
    }
  }
  for (const rt::ListedInstr& li : rt::list_code(f)) {
    EXPECT_EQ(li.index, words);
    words += li.words;
  }
  EXPECT_EQ(words, f.code.size());
  EXPECT_EQ(std::count(names.begin(), names.end(), "BrTable"), 1);
}

#if WASMVM_SIMD
// A function whose locals need more than 65535 cells cannot be addressed with u16 slots.
TEST(Compiler, FunctionTooLarge) {
  std::vector<uint8_t> b = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,   // type: () -> ()
                            0x03, 0x02, 0x01, 0x00,               // func 0: type 0
                            0x0a, 0x08, 0x01,                     // code section, 1 body
                            0x06, 0x01, 0xC0, 0xB8, 0x02, 0x7b,   // size 6: 40000 x v128 = 80000 cells
                            0x0b};
  Engine engine;
  auto r = Module::compile(engine, b);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("function too large"), std::string::npos) << r.error().to_string();
  EXPECT_EQ(r.error().kind, ErrorKind::Limit);
}
#endif

TEST(Compiler, ModuleSizeLimit) {
  Config cfg;
  cfg.max_module_bytes = 16;
  Engine engine(cfg);
  std::vector<uint8_t> bytes = wat_to_wasm("(module (func (export \"f\")))");
  auto r = Module::compile(engine, bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Limit);
}

TEST(Compiler, InvalidBodyReportsOffset) {
  // (func (result i32) (i32.const 1) (i64.const 2) (i32.add)): type mismatch at the add.
  std::vector<uint8_t> b = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                            0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
                            0x03, 0x02, 0x01, 0x00,
                            0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x01, 0x42, 0x02, 0x6a, 0x0b};
  Engine engine;
  auto r = Module::compile(engine, b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
  EXPECT_EQ(r.error().message, "type mismatch");
  EXPECT_EQ(r.error().offset, 28u);  // the i32.add opcode
  EXPECT_FALSE(Module::validate(b).ok());
}

TEST(Compiler, TruncatedBodyIsMalformed) {
  std::vector<uint8_t> b = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                            0x03, 0x02, 0x01, 0x00,
                            0x0a, 0x05, 0x01, 0x03, 0x00, 0x41, 0x01};  // no end
  Engine engine;
  auto r = Module::compile(engine, b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
}

// Bytes after the function's final `end` but inside the body are malformed (the spec's "END opcode
// expected"/section size mismatch); compile must agree with validate and report where they start.
TEST(Compiler, BytesAfterFinalEndAreMalformed) {
  for (uint8_t extra : {uint8_t(0x01), uint8_t(0x0b), uint8_t(0x05), uint8_t(0x00)}) {
    std::vector<uint8_t> b = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                              0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                              0x03, 0x02, 0x01, 0x00,
                              0x0a, 0x05, 0x01, 0x03, 0x00, 0x0b, extra};  // end, then one more byte
    Engine engine;
    auto r = Module::compile(engine, b);
    ASSERT_FALSE(r.ok()) << "extra byte " << int(extra);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed) << r.error().message;
    EXPECT_EQ(r.error().offset, 24u) << r.error().message;  // the byte after `end`
    auto v = Module::validate(b);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().kind, ErrorKind::Malformed);
  }
  // The same body with the byte removed (and sizes fixed) compiles.
  std::vector<uint8_t> good = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                               0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                               0x03, 0x02, 0x01, 0x00,
                               0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};
  Engine engine;
  EXPECT_TRUE(Module::compile(engine, good).ok());
}

TEST(Compiler, ImportsExportsAndInfo) {
  auto m = compile(R"((module (import "env" "f" (func (param i32) (result i64)))
    (memory (export "mem") 1 2) (global (export "g") (mut f32) (f32.const 1))
    (func (export "run") (param f64))))");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->imports().size(), 1u);
  EXPECT_EQ(m->imports()[0].module, "env");
  EXPECT_EQ(m->imports()[0].type.func.results, std::vector<ValType>{ValType::I64});
  ASSERT_EQ(m->exports().size(), 3u);
  EXPECT_EQ(m->exports()[0].type.kind, ExternKind::Memory);
  EXPECT_EQ(m->exports()[0].type.memory.limits.max, 2u);
  EXPECT_TRUE(m->exports()[1].type.global.is_mutable);
  EXPECT_EQ(m->exports()[2].type.func.params, std::vector<ValType>{ValType::F64});
  EXPECT_EQ(m->info().functions.size(), 1u);
}

}  // namespace
}  // namespace wasmvm::test

namespace wasmvm::test {
namespace {

TEST(CompilerPool, FloatConstantsAreOperandsWithoutInstructions) {
  auto m = compile(R"((module (func (param f32) (result f32)
    (f32.add (f32.mul (local.get 0) (f32.const 0.5)) (f32.const 0.25)))))");
  ASSERT_TRUE(m);
  EXPECT_EQ(join(listing(*m, 0)), "F32MulAdd Return");  // result written straight to slot 0
}

TEST(CompilerPool, PooledConstantsSurviveRecursionAndTheCap) {
  // 40 distinct f64 constants (more than the pool holds) summed, inside a recursive function.
  std::string sum = "(f64.const 0)";
  double want = 0;
  for (int i = 1; i <= 40; i++) {
    sum = "(f64.add " + sum + " (f64.const " + std::to_string(i) + ".5))";
    want += i + 0.5;
  }
  Vm vm;
  ASSERT_TRUE(vm.load("(module (func $f (export \"f\") (param i32) (result f64)\n"
                      "  (if (result f64) (i32.eqz (local.get 0)) (then " + sum + ")\n"
                      "    (else (f64.add (call $f (i32.sub (local.get 0) (i32.const 1))) (f64.const 1e3))))))"));
  EXPECT_EQ(vm.one("f", {I32(0)}).as_f64(), want);
  EXPECT_EQ(vm.one("f", {I32(5)}).as_f64(), want + 5000);
  const std::string v128_wat = "(module (func (export \"v\") (result i32) (local v128)\n"
      "  (local.set 0 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 10 20 30 40)))\n"
      "  (i32x4.extract_lane 3 (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))))";
#if WASMVM_SIMD
  ASSERT_TRUE(vm.load(v128_wat));
  EXPECT_EQ(vm.i32("v"), 48);
#else
  // WASMVM_SIMD=OFF: v128 code is refused at compile time with a clear message, never run
  std::vector<uint8_t> bytes = wat_to_wasm(v128_wat);
  ASSERT_FALSE(bytes.empty());
  Engine engine;
  auto r = Module::compile(engine, bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("simd128 support disabled"), std::string::npos) << r.error().message;
#endif
}

}  // namespace
}  // namespace wasmvm::test
