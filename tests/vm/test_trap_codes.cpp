// Error::code for every spec trap and every host-imposed stop (one small module each), the code ->
// message table, and the structured backtrace frames.
#include <set>
#include <string>

#include "tests/vm/test_interp_util.h"

namespace wasmvm::test {
namespace {

// Loads `wat`, calls `fn` with `args` and returns the error it must fail with.
Error trap_of(const std::string& wat, const std::string& fn, std::vector<Value> args = {}, Config cfg = {}) {
  Vm vm(cfg);
  if (!vm.load(wat)) return Error{};
  return vm.trap(fn, std::move(args));
}

void expect_code(const Error& e, TrapCode code, ErrorKind kind) {
  EXPECT_EQ(e.code, code) << e.message;
  EXPECT_EQ(e.kind, kind) << e.message;
  EXPECT_EQ(e.message, trap_message(code));
}

TEST(TrapCodes, Unreachable) {
  expect_code(trap_of("(module (func (export \"f\") unreachable))", "f"), TrapCode::Unreachable, ErrorKind::Trap);
}

TEST(TrapCodes, IntegerOverflow) {
  expect_code(trap_of(R"((module (func (export "f") (result i32)
                (i32.div_s (i32.const 0x80000000) (i32.const -1)))))", "f"),
              TrapCode::IntegerOverflow, ErrorKind::Trap);
  expect_code(trap_of(R"((module (func (export "f") (result i32) (i32.trunc_f32_s (f32.const 3e9)))))", "f"),
              TrapCode::IntegerOverflow, ErrorKind::Trap);
}

TEST(TrapCodes, IntegerDivideByZero) {
  expect_code(trap_of(R"((module (func (export "f") (param i64) (result i64)
                (i64.rem_u (i64.const 1) (local.get 0)))))", "f", {I64(0)}),
              TrapCode::IntegerDivideByZero, ErrorKind::Trap);
}

TEST(TrapCodes, InvalidConversion) {
  expect_code(trap_of(R"((module (func (export "f") (result i64) (i64.trunc_f64_u (f64.const nan)))))", "f"),
              TrapCode::InvalidConversion, ErrorKind::Trap);
}

TEST(TrapCodes, MemoryOutOfBounds) {
  expect_code(trap_of(R"((module (memory 1) (func (export "f") (result i32) (i32.load (i32.const 65533)))))", "f"),
              TrapCode::MemoryOutOfBounds, ErrorKind::Trap);
  // Also from an active data segment at instantiation, and from the embedding API.
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, R"((module (memory 1) (data (i32.const 65535) "ab")))");
  ASSERT_TRUE(m);
  auto inst = linker.instantiate(m);
  ASSERT_FALSE(inst.ok());
  expect_code(inst.error(), TrapCode::MemoryOutOfBounds, ErrorKind::Trap);
  auto mem = store.create_memory(MemoryType{{1, 1, true}});
  ASSERT_TRUE(mem.ok());
  uint8_t byte = 0;
  expect_code(mem->read(65536, &byte, 1).error(), TrapCode::MemoryOutOfBounds, ErrorKind::Trap);
}

TEST(TrapCodes, TableOutOfBounds) {
  expect_code(trap_of(R"((module (table 2 funcref) (func (export "f") (result funcref)
                (table.get 0 (i32.const 2)))))", "f"),
              TrapCode::TableOutOfBounds, ErrorKind::Trap);
  Engine engine;
  Store store(engine);
  auto t = store.create_table(TableType{ValType::FuncRef, {1, 1, true}}, Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(t.ok());
  expect_code(t->get(1).error(), TrapCode::TableOutOfBounds, ErrorKind::Trap);
}

constexpr const char* kIndirect = R"((module
  (type $v_i (func (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) func $seven $other)
  (func $seven (type $v_i) (i32.const 7))
  (func $other (param i32))
  (func (export "f") (param i32) (result i32) (call_indirect (type $v_i) (local.get 0)))))";

TEST(TrapCodes, IndirectCallTypeMismatch) {
  expect_code(trap_of(kIndirect, "f", {I32(1)}), TrapCode::IndirectCallTypeMismatch, ErrorKind::Trap);
}

TEST(TrapCodes, UndefinedElement) {
  expect_code(trap_of(kIndirect, "f", {I32(3)}), TrapCode::UndefinedElement, ErrorKind::Trap);
}

TEST(TrapCodes, UninitializedElement) {
  expect_code(trap_of(kIndirect, "f", {I32(2)}), TrapCode::UninitializedElement, ErrorKind::Trap);
}

constexpr const char* kRecursion = R"((module
  (func $r (export "small") (param i32) (result i32) (i32.add (call $r (local.get 0)) (i32.const 1)))
  (func $big (export "big") (param i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (i64.add (call $big (local.get 0)) (i64.const 1)))))";

TEST(TrapCodes, CallStackExhaustedIsTheCallDepth) {
  Config cfg;
  cfg.max_call_depth = 500;  // the value stack (8 MiB by default) outlasts 500 frames
  expect_code(trap_of(kRecursion, "small", {I32(0)}, cfg), TrapCode::CallStackExhausted, ErrorKind::Exhaustion);
}

TEST(TrapCodes, ValueStackExhaustedIsDistinct) {
  Config cfg;
  cfg.value_stack_cells = 2000;  // ~100 frames of $big, far below the call depth
  Error e = trap_of(kRecursion, "big", {I32(0)}, cfg);
  expect_code(e, TrapCode::ValueStackExhausted, ErrorKind::Exhaustion);
  // A first frame that does not fit at all is caught before the interpreter starts.
  cfg.value_stack_cells = 16;
  expect_code(trap_of(kRecursion, "big", {I32(0)}, cfg), TrapCode::ValueStackExhausted, ErrorKind::Exhaustion);
}

TEST(TrapCodes, OutOfFuel) {
  Vm vm;
  ASSERT_TRUE(vm.load("(module (func (export \"spin\") (loop $l (br $l))))"));
  vm.store().set_fuel(100);
  expect_code(vm.trap("spin"), TrapCode::OutOfFuel, ErrorKind::Trap);
}

TEST(TrapCodes, Interrupted) {
  Vm vm;
  vm.linker().define_func("env", "stop", FuncType{}, [](Caller& c, std::span<const Value>, std::span<Value>) {
    c.store().interrupt();
    return Status::Ok();
  });
  ASSERT_TRUE(vm.load(R"((module (import "env" "stop" (func $stop))
    (func (export "spin") (call $stop) (loop $l (br $l)))))"));
  expect_code(vm.trap("spin"), TrapCode::Interrupted, ErrorKind::Trap);
}

TEST(TrapCodes, MemoryLimit) {
  Config cfg;
  cfg.max_memory_pages = 2;
  Engine engine(cfg);
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, "(module (memory 3))");
  ASSERT_TRUE(m);
  auto inst = linker.instantiate(m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().code, TrapCode::MemoryLimit);
  EXPECT_EQ(inst.error().kind, ErrorKind::Limit);
  // Growing past the engine's cap through the API is the limit; past the type's own maximum is not.
  auto capped = store.create_memory(MemoryType{{1, 0, false}});
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->grow(2).error().code, TrapCode::MemoryLimit);
  auto typed = store.create_memory(MemoryType{{1, 1, true}});
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->grow(1).error().code, TrapCode::None);
  EXPECT_EQ(typed->grow(1).error().kind, ErrorKind::Limit);
}

TEST(TrapCodes, TableLimit) {
  Config cfg;
  cfg.max_table_elements = 10;
  Engine engine(cfg);
  Store store(engine);
  Linker linker(store);
  auto m = compile_wat(engine, "(module (table 11 funcref))");
  ASSERT_TRUE(m);
  auto inst = linker.instantiate(m);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().code, TrapCode::TableLimit);
  EXPECT_EQ(inst.error().kind, ErrorKind::Limit);
}

constexpr const char* kHostCaller = R"((module (import "env" "h" (func $h (param i32)))
  (func (export "go") (param i32) (call $h (local.get 0)))))";

TEST(TrapCodes, HostErrorAndHostCodes) {
  Vm vm;
  vm.linker().define_func("env", "h", FuncType{{ValType::I32}, {}},
                          [](Caller&, std::span<const Value> args, std::span<Value>) -> Status {
                            switch (args[0].as_i32()) {
                              case 0: return make_error(ErrorKind::Trap, "host says no");
                              case 1: return make_trap(TrapCode::MemoryOutOfBounds);
                              default: {
                                Error e = make_trap(TrapCode::Exit, "exit with code 3");
                                e.exit_code = 3;
                                return e;
                              }
                            }
                          });
  ASSERT_TRUE(vm.load(kHostCaller));
  Error plain = vm.trap("go", {I32(0)});
  EXPECT_EQ(plain.code, TrapCode::HostError);
  EXPECT_EQ(plain.kind, ErrorKind::Trap);
  EXPECT_EQ(plain.message, "host says no");  // the host's own text is kept
  EXPECT_EQ(plain.frames.size(), 1u);        // the wasm caller
  Error coded = vm.trap("go", {I32(1)});
  EXPECT_EQ(coded.code, TrapCode::MemoryOutOfBounds);  // a host's own code is kept
  Error exit = vm.trap("go", {I32(2)});
  EXPECT_EQ(exit.code, TrapCode::Exit);
  EXPECT_EQ(exit.kind, ErrorKind::Exit);
  EXPECT_EQ(exit.exit_code, 3);
}

TEST(TrapCodes, NonTrapErrorsHaveNoCode) {
  Engine engine;
  uint8_t junk[] = {0, 'a', 's', 'n'};
  auto m = Module::compile(engine, junk);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
  EXPECT_EQ(m.error().code, TrapCode::None);
  Vm vm;
  ASSERT_TRUE(vm.load("(module (func (export \"f\") (param i32)))"));
  Error usage = vm.trap("f");  // wrong argument count
  EXPECT_EQ(usage.kind, ErrorKind::Usage);
  EXPECT_EQ(usage.code, TrapCode::None);
}

TEST(TrapCodes, MessageTableCoversEveryCode) {
  std::set<std::string> texts;
  for (int c = int(TrapCode::None); c <= int(TrapCode::Exit); c++) {
    std::string text = trap_message(TrapCode(c));
    EXPECT_FALSE(text.empty());
    EXPECT_NE(text, "trap") << c;  // the fallback is never reached for a declared code
    texts.insert(text);
  }
  // Every code has its own text, except that the spec calls both stack overflows the same.
  EXPECT_EQ(texts.size(), size_t(TrapCode::Exit) - size_t(TrapCode::None));
  EXPECT_STREQ(trap_message(TrapCode::ValueStackExhausted), trap_message(TrapCode::CallStackExhausted));
  EXPECT_EQ(trap_kind(TrapCode::NullReference), ErrorKind::Trap);
}

// ---- structured backtraces ------------------------------------------------------------------------

TEST(TrapFrames, IndexNameAndOffsets) {
  constexpr const char* kWat = R"((module
    (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
    (func $middle (param i32) (result i32) (call $inner (local.get 0)))
    (func (export "outer") (param i32) (result i32) (call $middle (local.get 0)))))";
  std::vector<uint8_t> bytes = wat_to_wasm_named(kWat);
  Engine engine;
  Store store(engine);
  Linker linker(store);
  auto m = Module::compile(engine, bytes);
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  auto inst = linker.instantiate(m.value());
  ASSERT_TRUE(inst.ok());
  Value arg = I32(0);
  auto r = inst->call("outer", std::span<const Value>(&arg, 1));
  ASSERT_FALSE(r.ok());
  const Error& e = r.error();
  ASSERT_EQ(e.frames.size(), 3u) << e.backtrace();
  EXPECT_EQ(e.frames[0].func_index, 0u);
  EXPECT_EQ(e.frames[0].name, "inner");
  EXPECT_EQ(e.frames[1].func_index, 1u);
  EXPECT_EQ(e.frames[1].name, "middle");
  EXPECT_EQ(e.frames[2].func_index, 2u);
  EXPECT_EQ(e.frames[2].name, "");  // unnamed: the text rendering says func[2]
  EXPECT_EQ(e.frames_omitted, 0u);
  // The innermost frame points at the i32.div_s opcode; calls point at their call opcode.
  ASSERT_LT(e.frames[0].module_offset, bytes.size());
  EXPECT_EQ(bytes[e.frames[0].module_offset], 0x6d);
  EXPECT_EQ(bytes[e.frames[1].module_offset], 0x10);
  EXPECT_EQ(bytes[e.frames[2].module_offset], 0x10);
  for (const Frame& f : e.frames) {
    // module_offset - func_offset is the body start: right after the one-byte size field, and the
    // body of that size ends with `end`.
    size_t body = f.module_offset - f.func_offset;
    ASSERT_GT(body, 0u);
    size_t size = bytes[body - 1];
    ASSERT_LE(body + size, bytes.size());
    EXPECT_EQ(bytes[body + size - 1], 0x0b);
    EXPECT_GT(f.func_offset, 0u);  // past the locals declaration
  }
  EXPECT_EQ(e.backtrace_lines(), 3u);
  EXPECT_EQ(e.backtrace(2).find("func[2]"), std::string::npos);  // capped at two lines
  EXPECT_NE(e.backtrace().find("  at func[2] (wasm offset 0x"), std::string::npos);
}

TEST(TrapFrames, DeepStacksKeepHeadAndTail) {
  Config cfg;
  cfg.max_call_depth = 1000;
  Vm vm(cfg);
  ASSERT_TRUE(vm.load(kRecursion, true));
  Error e = vm.trap("small", {I32(0)});
  EXPECT_EQ(e.code, TrapCode::CallStackExhausted);
  ASSERT_EQ(e.frames.size(), Error::kBacktraceHead + Error::kBacktraceTail);
  EXPECT_EQ(e.frames_omitted, 1000 - e.frames.size());
  for (const Frame& f : e.frames) EXPECT_EQ(f.name, "r");
  EXPECT_EQ(e.backtrace_lines(), e.frames.size() + 1);
  EXPECT_NE(e.backtrace().find("  ...\n"), std::string::npos);
}

}  // namespace
}  // namespace wasmvm::test
