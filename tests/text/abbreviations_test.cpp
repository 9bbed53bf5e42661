// Module-level and instruction abbreviations of the text format, each against the bytes wabt's
// wat2wasm writes for it; plus error positions and wording.
#include "tests/text/wat_test_util.h"

namespace wasmvm::text::test {
namespace {


TEST(TextModule, EmptyModuleAndBareFields) {
  Bytes header{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  EXPECT_EQ(wat("(module)"), header);
  EXPECT_EQ(wat("(module $m)"), header);
  EXPECT_EQ(wat("(func)"), wat("(module (func))"));  // a file of bare fields is one module
  EXPECT_EQ(wat("(module (; a (; nested ;) comment ;) ;; line comment\n (func))"), wat("(module (func))"));
}

TEST(TextModule, ModuleBinaryAndQuote) {
  Node root;
  TextError err;
  ASSERT_TRUE(parse_sexprs(R"w((module binary "\00asm" "\01\00\00\00") (module quote "(func)" " (memory 1)"))w", root, err));
  Bytes out;
  ASSERT_TRUE(module_to_binary(root.kids[0], out, err));
  EXPECT_EQ(out, (Bytes{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}));
  ASSERT_TRUE(module_to_binary(root.kids[1], out, err)) << err.to_string();
  EXPECT_EQ(out, wat("(module (func) (memory 1))"));
}

TEST(TextModule, InlineImportAndExports) {
  Bytes m = wat(R"w((module
    (func $f (import "m" "f") (param i32))
    (func (export "g") (export "h") (call $f (i32.const 1)))))w");
  EXPECT_EQ(section(m, 1), (Bytes{0x02, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x00, 0x00}));
  EXPECT_EQ(section(m, 2), (Bytes{0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00}));
  EXPECT_EQ(section(m, 3), (Bytes{0x01, 0x01}));
  EXPECT_EQ(section(m, 7), (Bytes{0x02, 0x01, 'g', 0x00, 0x01, 0x01, 'h', 0x00, 0x01}));
  EXPECT_EQ(code(m), (Bytes{0x41, 0x01, 0x10, 0x00}));
  // The same module written out in full.
  EXPECT_EQ(m, wat(R"w((module (type (func (param i32))) (type (func))
    (import "m" "f" (func (type 0))) (func (type 1) i32.const 1 call 0)
    (export "g" (func 1)) (export "h" (func 1))))w"));
}

TEST(TextModule, InlineImportsOfEveryKind) {
  Bytes m = wat(R"w((module (table (import "m" "t") 1 2 funcref) (memory (import "m" "m") 1)
    (global $g (import "m" "g") (mut i64))))w");
  EXPECT_EQ(section(m, 2), (Bytes{0x03, 1, 'm', 1, 't', 0x01, 0x70, 0x01, 1, 2, 1, 'm', 1, 'm', 0x02, 0x00, 1,
                                  1, 'm', 1, 'g', 0x03, 0x7E, 0x01}));
}

TEST(TextModule, TypeUsesReuseAndAppendImplicitTypes) {
  Bytes m = wat(R"w((module
    (func (result i32) (i32.const 0))
    (type (func (param i32)))
    (func (param i32))
    (func (type 0) (param $x i32) (local.get $x))))w");
  // Explicit type first; the implicit () -> i32 is appended after it; (param i32) reuses type 0.
  EXPECT_EQ(section(m, 1), (Bytes{0x02, 0x60, 0x01, 0x7F, 0x00, 0x60, 0x00, 0x01, 0x7F}));
  EXPECT_EQ(section(m, 3), (Bytes{0x03, 0x01, 0x00, 0x00}));
  EXPECT_EQ(code(m, 2), (Bytes{0x20, 0x00}));
  EXPECT_NE(wat_error("(module (type (func (param i32))) (func (type 0) (param i64)))").find("inline function type"),
            std::string::npos);
}

TEST(TextModule, LocalsNamedAndGrouped) {
  Bytes locals;
  Bytes m = wat("(module (func (param $p i32) (local $a i64) (local i64 f32) (local.get $p) (local.set $a (i64.const 1)) (local.get 3) drop drop))");
  Bytes c = code(m, 0, &locals);
  EXPECT_EQ(locals, (Bytes{0x02, 0x02, 0x7E, 0x01, 0x7D}));
  EXPECT_EQ(c, (Bytes{0x20, 0x00, 0x42, 0x01, 0x21, 0x01, 0x20, 0x03, 0x1A, 0x1A}));
  EXPECT_NE(wat_error("(func (param $x i32) (local $x i32))").find("duplicate local"), std::string::npos);
}

TEST(TextInstr, FoldedEqualsPlain) {
  EXPECT_EQ(body("(result i32) (i32.add (i32.const 1) (i32.const 2))"), (Bytes{0x41, 0x01, 0x41, 0x02, 0x6A}));
  EXPECT_EQ(body("(result i32) i32.const 1 i32.const 2 i32.add"), (Bytes{0x41, 0x01, 0x41, 0x02, 0x6A}));
}

TEST(TextInstr, IfThenElse) {
  Bytes want{0x20, 0x00, 0x04, 0x7F, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0B};
  EXPECT_EQ(body("(param i32) (result i32) (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))"), want);
  EXPECT_EQ(body("(param i32) (result i32) local.get 0 if (result i32) i32.const 1 else i32.const 2 end"), want);
  // Condition already on the stack, no else.
  EXPECT_EQ(body("(param i32) local.get 0 (if (then))"), (Bytes{0x20, 0x00, 0x04, 0x40, 0x0B}));
  EXPECT_EQ(body("(param i32) (if $l (local.get 0) (then (br $l)))"), (Bytes{0x20, 0x00, 0x04, 0x40, 0x0C, 0x00, 0x0B}));
  // An empty else branch is left out (as wabt writes it).
  EXPECT_EQ(body("(param i32) (if (local.get 0) (then nop) (else))"), (Bytes{0x20, 0x00, 0x04, 0x40, 0x01, 0x0B}));
  EXPECT_EQ(body("(param i32) local.get 0 if nop else end"), (Bytes{0x20, 0x00, 0x04, 0x40, 0x01, 0x0B}));
}

TEST(TextInstr, LabelsByNameAndIndex) {
  EXPECT_EQ(body("(block $outer (loop $inner (br $outer) (br $inner) (br 0)))"),
            (Bytes{0x02, 0x40, 0x03, 0x40, 0x0C, 0x01, 0x0C, 0x00, 0x0C, 0x00, 0x0B, 0x0B}));
  EXPECT_EQ(body("block $l br $l end $l"), (Bytes{0x02, 0x40, 0x0C, 0x00, 0x0B}));
  EXPECT_EQ(body("(block $a (block $b (br_table $a $b 0 (i32.const 0))))"),
            (Bytes{0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x01, 0x00, 0x00, 0x0B, 0x0B}));
  EXPECT_NE(wat_error("(func block $l end $m)").find("mismatching label"), std::string::npos);
  EXPECT_NE(wat_error("(func (br $nowhere))").find("unknown label"), std::string::npos);
}

TEST(TextInstr, BlockTypes) {
  EXPECT_EQ(body("(block)"), (Bytes{0x02, 0x40, 0x0B}));
  EXPECT_EQ(body("(result i64) (block (result i64) (i64.const 0))"), (Bytes{0x02, 0x7E, 0x42, 0x00, 0x0B}));
  // A block with parameters uses a type index (a new implicit type after the function's; implicit
  // types are added function by function in text order, body included, as wabt does).
  Bytes m = wat("(module (func (i32.const 1) (block (param i32) (result i32)) drop))");
  EXPECT_EQ(section(m, 1), (Bytes{0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x7F, 0x01, 0x7F}));
  EXPECT_EQ(code(m), (Bytes{0x41, 0x01, 0x02, 0x01, 0x0B, 0x1A}));
  m = wat("(module (func (block (param) (result i32 i32) (i32.const 1) (i32.const 2)) drop drop) (func (param f32)))");
  EXPECT_EQ(section(m, 1), (Bytes{0x03, 0x60, 0x00, 0x00, 0x60, 0x00, 0x02, 0x7F, 0x7F, 0x60, 0x01, 0x7D, 0x00}));
  // (type $t) of shape [] -> [t] is written in the short form, as wabt does; other shapes by index.
  EXPECT_EQ(code(wat("(module (type $t (func (result i32))) (func (block (type $t) (i32.const 0)) drop))")),
            (Bytes{0x02, 0x7F, 0x41, 0x00, 0x0B, 0x1A}));
  EXPECT_EQ(code(wat("(module (type $t (func (param i32))) (func (block (type $t) drop) (i32.const 0) (block (type $t) drop)))")),
            (Bytes{0x02, 0x00, 0x1A, 0x0B, 0x41, 0x00, 0x02, 0x00, 0x1A, 0x0B}));
}

TEST(TextInstr, TableInstructionsWithAndWithoutIndex) {
  std::string tables = "(table 1 funcref) (table $t2 1 funcref) (elem $e func)";
  EXPECT_EQ(body("(drop (table.size)) (drop (table.size $t2)) (drop (table.get (i32.const 0)))", tables),
            (Bytes{0xFC, 0x10, 0x00, 0x1A, 0xFC, 0x10, 0x01, 0x1A, 0x41, 0x00, 0x25, 0x00, 0x1A}));
  EXPECT_EQ(body("(table.copy (i32.const 0) (i32.const 0) (i32.const 0)) i32.const 0 i32.const 0 i32.const 0 table.copy $t2 0", tables),
            (Bytes{0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0E, 0x00, 0x00, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0E, 0x01, 0x00}));
  EXPECT_EQ(body("i32.const 0 i32.const 0 i32.const 0 table.init $e i32.const 0 i32.const 0 i32.const 0 table.init $t2 $e elem.drop 0", tables),
            (Bytes{0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0C, 0x00, 0x00, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 0x0C, 0x00, 0x01,
                   0xFC, 0x0D, 0x00}));
}

TEST(TextInstr, MemoryInstructions) {
  EXPECT_EQ(body("(drop (i32.load offset=4 align=2 (i32.const 0))) (drop (i64.load (i32.const 0)))", "(memory 1)"),
            (Bytes{0x41, 0x00, 0x28, 0x01, 0x04, 0x1A, 0x41, 0x00, 0x29, 0x03, 0x00, 0x1A}));
  EXPECT_EQ(body("(drop (memory.grow (memory.size)))", "(memory 1)"), (Bytes{0x3F, 0x00, 0x40, 0x00, 0x1A}));
  EXPECT_NE(wat_error("(memory 1) (func (drop (i32.load align=3 (i32.const 0))))").find("alignment must be a power of two"),
            std::string::npos);
  EXPECT_NE(wat_error("(memory 1) (func (drop (i32.load offset=4294967296 (i32.const 0))))").find("i32 constant"),
            std::string::npos);
  // memory.init / data.drop make the module carry a data count section.
  EXPECT_FALSE(has_section(wat("(module (memory 1) (data \"x\"))"), 12));
  Bytes m = wat("(module (memory 1) (data $d \"x\") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)))");
  EXPECT_EQ(section(m, 12), (Bytes{0x01}));
  EXPECT_EQ(code(m), (Bytes{0x41, 0, 0x41, 0, 0x41, 1, 0xFC, 0x08, 0x00, 0x00, 0xFC, 0x09, 0x00}));
}

TEST(TextInstr, SelectCallIndirectRefs) {
  EXPECT_EQ(body("(result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))"),
            (Bytes{0x41, 1, 0x41, 2, 0x41, 0, 0x1C, 0x01, 0x7F}));
  EXPECT_EQ(body("(result i32) (select (i32.const 1) (i32.const 2) (i32.const 0))"), (Bytes{0x41, 1, 0x41, 2, 0x41, 0, 0x1B}));
  EXPECT_EQ(body("(result i32) (select (result) (i32.const 1) (i32.const 2) (i32.const 0))"), (Bytes{0x41, 1, 0x41, 2, 0x41, 0, 0x1B}));
  Bytes m = wat("(module (type $t (func (param i32))) (table 1 funcref) (func (call_indirect (type $t) (i32.const 0) (i32.const 0)) (call_indirect 0 (param i64) (i64.const 0) (i32.const 0))))");
  EXPECT_EQ(code(m), (Bytes{0x41, 0, 0x41, 0, 0x11, 0x00, 0x00, 0x42, 0, 0x41, 0, 0x11, 0x02, 0x00}));
  EXPECT_EQ(code(wat("(module (func $f) (elem declare func $f) (func (drop (ref.null extern)) (drop (ref.is_null (ref.func $f)))))"), 1),
            (Bytes{0xD0, 0x6F, 0x1A, 0xD2, 0x00, 0xD1, 0x1A}));
}

TEST(TextModule, NamesAndNumericIndices) {
  Bytes m = wat("(module (func $a) (func $b (call $a) (call 0) (call $b) (call 1)) (start $a))");
  EXPECT_EQ(code(m, 1), (Bytes{0x10, 0x00, 0x10, 0x00, 0x10, 0x01, 0x10, 0x01}));
  EXPECT_EQ(section(m, 8), (Bytes{0x00}));
  EXPECT_NE(wat_error("(module (func $a) (func $a))").find("duplicate func"), std::string::npos);
  EXPECT_NE(wat_error("(module (func (call $nope)))").find("unknown func"), std::string::npos);
  EXPECT_NE(wat_error("(module (func $f) (start $f) (start $f))").find("multiple start sections"), std::string::npos);
}

TEST(TextModule, TableAndMemoryWithInlineSegments) {
  Bytes m = wat("(module (table funcref (elem $f $f)) (func $f))");
  EXPECT_EQ(section(m, 4), (Bytes{0x01, 0x70, 0x01, 0x02, 0x02}));
  EXPECT_EQ(section(m, 9), (Bytes{0x01, 0x00, 0x41, 0x00, 0x0B, 0x02, 0x00, 0x00}));
  m = wat("(module (memory (data \"ab\" \"c\")))");
  EXPECT_EQ(section(m, 5), (Bytes{0x01, 0x01, 0x01, 0x01}));
  EXPECT_EQ(section(m, 11), (Bytes{0x01, 0x00, 0x41, 0x00, 0x0B, 0x03, 'a', 'b', 'c'}));
}

TEST(TextModule, ElementSegmentForms) {
  std::string pre = "(module (table 1 funcref) (table $t 1 funcref) (func $f) ";
  auto elem = [&](const std::string& e) { return section(wat(pre + e + ")"), 9); };
  EXPECT_EQ(elem("(elem (i32.const 1) $f)"), (Bytes{0x01, 0x00, 0x41, 0x01, 0x0B, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem (offset (i32.const 1)) func $f)"), (Bytes{0x01, 0x00, 0x41, 0x01, 0x0B, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem func $f)"), (Bytes{0x01, 0x01, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem declare func $f)"), (Bytes{0x01, 0x03, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem (table $t) (offset (i32.const 0)) func $f)"), (Bytes{0x01, 0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem funcref (ref.func $f) (ref.null func))"),
            (Bytes{0x01, 0x05, 0x70, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B}));
  EXPECT_EQ(elem("(elem (i32.const 0) funcref (item ref.func $f) (item (ref.null func)))"),
            (Bytes{0x01, 0x04, 0x41, 0x00, 0x0B, 0x02, 0xD2, 0x00, 0x0B, 0xD0, 0x70, 0x0B}));
  EXPECT_EQ(elem("(elem declare externref (item (ref.null extern)))"), (Bytes{0x01, 0x07, 0x6F, 0x01, 0xD0, 0x6F, 0x0B}));
  // Items that are all lone ref.func are written as function indices (wabt's choice).
  EXPECT_EQ(elem("(elem (i32.const 0) funcref (item ref.func $f))"), (Bytes{0x01, 0x00, 0x41, 0x00, 0x0B, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem declare funcref (item (ref.func $f)))"), (Bytes{0x01, 0x03, 0x00, 0x01, 0x00}));
  EXPECT_EQ(elem("(elem funcref)"), (Bytes{0x01, 0x01, 0x00, 0x00}));
}

TEST(TextModule, DataSegmentFormsAndGlobals) {
  Bytes m = wat("(module (memory 1) (data \"x\") (data (memory 0) (offset (i32.const 8)) \"y\") (data (i32.const 9)))");
  EXPECT_EQ(section(m, 11), (Bytes{0x03, 0x01, 0x01, 'x', 0x00, 0x41, 0x08, 0x0B, 0x01, 'y', 0x00, 0x41, 0x09, 0x0B, 0x00}));
  m = wat("(module (import \"m\" \"g\" (global $i i32)) (global $g (mut i32) (global.get $i)) (global (export \"c\") i64 (i64.const -1)) (func (global.set $g (i32.const 7))))");
  EXPECT_EQ(section(m, 6), (Bytes{0x02, 0x7F, 0x01, 0x23, 0x00, 0x0B, 0x7E, 0x00, 0x42, 0x7F, 0x0B}));
  EXPECT_EQ(section(m, 7), (Bytes{0x01, 0x01, 'c', 0x03, 0x02}));
  EXPECT_EQ(code(m), (Bytes{0x41, 0x07, 0x24, 0x01}));
}

TEST(TextErrors, PositionsAndWording) {
  EXPECT_EQ(wat_error("(module\n  (func (i32.const 0x1_0000_0000)))"), "2:20: constant out of range");
  EXPECT_EQ(wat_error("(module (func) (import \"m\" \"f\" (func)))"), "1:16: import after function");
  EXPECT_EQ(wat_error("(module (memory 0) (import \"m\" \"f\" (func)))"), "1:20: import after memory");
  EXPECT_EQ(wat_error("(module (func i32.bogus))"), "1:15: unknown operator i32.bogus");
  EXPECT_EQ(wat_error("(module (func (result i32) (param i32)))"), "1:28: unexpected token");
  EXPECT_EQ(wat_error("(module (func (nop) (local i32)))"), "1:22: unexpected token");
  EXPECT_EQ(wat_error("(module (func)"), "1:15: unexpected end");
  EXPECT_EQ(wat_error("(module (func)))"), "1:16: unexpected token");
  EXPECT_EQ(wat_error("(module (data \"a\"\"b\"))"), "1:15: unknown operator");
  EXPECT_EQ(wat_error("(module (func br 0drop))"), "1:18: unknown operator 0drop");
  EXPECT_EQ(wat_error("(module (memory 0x1_0000_0000))"), "1:17: i32 constant out of range");
}

}  // namespace
}  // namespace wasmvm::text::test
