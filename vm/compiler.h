// One-pass translator from a validated Wasm function body to internal threaded code (vm/code.h).
// The FunctionValidator checks each instruction; the compiler mirrors its effect on a location stack
// (temporary slot, local reference or constant per operand) and emits three-address code.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "decoder/instr.h"
#include "decoder/module.h"
#include "decoder/validator.h"
#include "vm/code.h"
#include "wasmvm/result.h"

namespace wasmvm::rt {

// Implementation limits of the internal code (slot fields are 16 bits). Module::compile also uses
// them to decide which functions must be translated at load rather than on first call.
constexpr uint32_t kMaxSlot = 65535;       // highest frame cell a slot field can name
constexpr uint32_t kMaxPoolCells = 64;     // constant-pool cells per function
constexpr uint32_t kMaxDataSegments = 65536;  // memory.init's segment index field

struct CompileEnv {
  const ModuleInfo* module = nullptr;
  const uint8_t* bytes = nullptr;              // the module binary
  const std::vector<uint32_t>* type_ids = nullptr;  // canonical id per type index
  std::vector<CompiledFunc*> defined;          // per defined function (for direct calls)
};

class FunctionCompiler {
 public:
  explicit FunctionCompiler(const CompileEnv& env);
  // Validates and compiles defined function `def_index` into `out`.
  Status compile(uint32_t def_index, CompiledFunc& out);

 private:
  // ---- location stack ----
  struct Loc {
    enum Kind : uint8_t { Temp, Local, Const };
    Kind kind = Temp;
    ValType type = ValType::I32;
    uint16_t home = 0;   // slot this entry occupies when it is a temporary
    uint32_t local = 0;  // Kind::Local: the local's index
    uint64_t bits[2] = {0, 0};  // Kind::Const
  };
  struct Patch {
    size_t word;   // word to patch
    size_t instr;  // instruction start the offset is relative to
    bool imm32;    // true: upper half of `word`; false: the whole word
  };
  struct Ctrl {
    Op op = Op::Block;
    size_t height = 0;       // location-stack size at the block's base (params excluded)
    uint32_t base_slot = 0;  // first label slot (block results / loop params)
    std::vector<ValType> params, results;
    std::vector<Patch> patches;  // forward branches to the end (or to else for `if`)
    size_t loop_head = 0;
    bool has_else_patch = false;
    Patch else_patch{};
    bool dead = false;          // current code is unreachable
    bool entered_dead = false;  // the whole block is unreachable
    const std::vector<ValType>& label_types() const { return op == Op::Loop ? params : results; }
  };
  // Last emitted value-producing instruction (result retargeting into local.set).
  struct LastResult {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
  };
  // Last emitted comparison (fusion into br_if / if).
  struct LastCompare {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
    Isa branch = Isa::BrIfNez;  // branch-if-true form
    uint16_t a = 0, b = 0;
    uint32_t imm = 0;
  };

  // Last emitted f32/f64 load (fusion of a following add/mul with its memory operand).
  struct LastLoad {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
    Op op = Op::Nop;
    uint16_t addr = 0;
    uint32_t offset = 0;
    // The address was `base + k` (i32.add with a constant, wrapping) computed by the instruction
    // right before the load into a temporary only the load uses: fused forms fold it in.
    bool folded = false;
    size_t add_instr = 0;
    uint16_t base = 0;
    uint32_t k = 0;
  };
  // Last emitted fused load+add (fusion of the following store to the same address: mem += x).
  struct LastLoadAdd {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
    Op load = Op::Nop;
    uint16_t addr = 0, other = 0;
    uint32_t offset = 0;
  };

  // Last fused load+mul (feeds a following load+add+store: mem += mem * x).
  struct LastLoadMul {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
    Op load = Op::Nop;
    uint16_t addr = 0, other = 0;
    uint32_t offset = 0;
    uint32_t k = 0;  // folded address addend (see LastLoad)
  };

  // Last emitted multiplication (plain or with a memory operand), for multiply-add fusion.
  struct LastMul {
    bool valid = false;
    size_t instr = 0;
    uint16_t home = 0;
    Isa fused_add = Isa::Count_;  // the multiply-add form to become when an add consumes it
    uint16_t b = 0, c = 0;        // operands (B = address for the load forms)
    bool has_offset = false;
    uint64_t offset = 0;  // word 2 of the load forms (offset | k << 32)
  };

  // compiler_fusion.cpp: superinstructions, all within one basic block and fed by the previous
  // instruction only
  bool try_fuse_load_binop(Op op, const Loc& a, const Loc& b, uint16_t sa, uint16_t sb);
  bool try_fuse_add_store(Op store, const Loc& v, uint16_t addr, uint32_t offset);
  bool try_fuse_step_branch(Isa br, size_t& at);
  bool try_fuse_mul_add(Op op, const Loc& a, const Loc& b, uint16_t sa, uint16_t sb);
  void note_mul(Op op, size_t at, uint16_t dst, uint16_t b, uint16_t c);
  void drop_last_instr(size_t at);
  void note_load(Op op, size_t at, uint16_t home, const Loc& addr, uint16_t addr_slot, uint32_t offset);
  bool try_fold_splat_address(const Loc& addr, uint32_t offset);
  bool try_chain_load_mul_add(const LastMul& mm, const Loc& addend, ValType t);

  // compiler.cpp: core, locals, numeric
  Status compile_instr(const Instr& in);
  Status compile_simple(const Instr& in);
  bool try_compile_imm(const Instr& in);
  void set_local(uint32_t index, Loc v);
  void preserve_local(uint32_t index);
  uint32_t next_home() const;
  Loc& push_temp(ValType t);
  void push_loc(const Loc& l);
  Loc pop();
  uint16_t slot_of(Loc& l);  // materialises constants into their home slot
  void materialize(Loc& l);  // makes l a temporary in its home slot
  void emit_copy(uint16_t dst, const Loc& src);
  size_t emit(Isa op, uint64_t w1);
  void emit_word(uint64_t w) { code_->push_back(w); }
  void set_result(size_t instr, uint16_t home);
  void collect_constants(const FunctionDef& def);
  int pool_slot(const Loc& c) const;  // slot of a pooled constant, or -1
  void forget_emitted() { last_.valid = cmp_.valid = load_.valid = load_add_.valid = mul_.valid = false; }
  // At labels (and other boundaries): nothing before may fuse with what follows.
  void forget_last() {
    forget_emitted();
    load_mul_.valid = false;
    last_label_ = code_ ? code_->size() : 0;
  }
  void fail(std::string msg);

  // compiler_control.cpp: blocks, branches, calls, returns
  Status compile_control(const Instr& in, bool& handled);
  void compile_dead(const Instr& in);
  void block_types(const BlockType& bt, std::vector<ValType>& params, std::vector<ValType>& results);
  void enter_block(Op op, const BlockType& bt, bool dead);
  void end_block();
  void do_else();
  void emit_label_copies(const Ctrl& target);
  bool label_values_in_place(const Ctrl& target) const;
  void emit_branch_to(Ctrl& target);  // copies + br
  void add_branch_patch(Ctrl& target, size_t word, size_t instr, bool imm32);
  void emit_cond_branch(Loc cond, bool when_true, Ctrl* target, Patch* out_patch);
  void bind(const Patch& p, size_t target);
  void emit_return();
  void emit_call(uint32_t func_index);
  void emit_call_indirect(uint32_t type_index, uint32_t table_index);
  void mark_dead();

  // compiler_memory.cpp: memory, tables, globals, references, SIMD
  Status compile_memory(const Instr& in, bool& handled);
  Status compile_simd(const Instr& in, bool& handled);

  const CompileEnv& env_;
  const ModuleInfo& m_;
  CompiledFunc* out_ = nullptr;
  std::vector<uint64_t>* code_ = nullptr;
  std::vector<ValType> local_types_;
  std::vector<uint32_t> local_slot_;
  std::vector<uint32_t> local_refs_;  // stacked Local entries per local index
  std::vector<Loc> stack_;
  std::vector<Ctrl> ctrls_;
  uint32_t temp_base_ = 0;
  struct PoolEntry {
    ValType type;
    uint64_t bits[2];
    uint16_t slot;
  };
  std::vector<PoolEntry> pool_;  // f32/f64/i64/v128 constants of the function, after the locals
  uint32_t max_cells_ = 0;
  size_t last_instr_ = SIZE_MAX;
  size_t cur_offset_ = 0;  // wasm offset of the instruction being compiled
  LastResult last_;
  LastCompare cmp_;
  LastLoad load_;
  LastLoadAdd load_add_;
  LastMul mul_;
  size_t last_vlma_ = SIZE_MAX;  // last emitted F32x4/F64x2LoadMulAdd (checked against the code)
  LastLoadMul load_mul_;   // survives one emit (the second load); cleared at labels
  size_t prev_instr_ = SIZE_MAX;  // instruction before last_instr_
  size_t last_label_ = 0;  // code index of the latest possible branch target (fusion never crosses it)
  std::string error_;      // first internal limit error ("function too large")
};

// Internal instruction implementing a simple Wasm opcode with the generic layout, or Isa::Count_.
Isa isa_for_op(Op op);

}  // namespace wasmvm::rt
