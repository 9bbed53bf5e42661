// Structured control flow, branches (with compile-time placement of label values), calls and
// returns, and the handling of unreachable code.
#include <algorithm>

#include "vm/compiler.h"

namespace wasmvm::rt {

namespace {

Isa negate_branch(Isa b) {
  switch (b) {
    case Isa::BrIfNez: return Isa::BrIfEqz;
    case Isa::BrIfEqz: return Isa::BrIfNez;
    case Isa::BrI32Eq: return Isa::BrI32Ne;
    case Isa::BrI32Ne: return Isa::BrI32Eq;
    case Isa::BrI32LtS: return Isa::BrI32GeS;
    case Isa::BrI32GeS: return Isa::BrI32LtS;
    case Isa::BrI32LtU: return Isa::BrI32GeU;
    case Isa::BrI32GeU: return Isa::BrI32LtU;
    case Isa::BrI32GtS: return Isa::BrI32LeS;
    case Isa::BrI32LeS: return Isa::BrI32GtS;
    case Isa::BrI32GtU: return Isa::BrI32LeU;
    case Isa::BrI32LeU: return Isa::BrI32GtU;
    case Isa::BrI64Eq: return Isa::BrI64Ne;
    case Isa::BrI64Ne: return Isa::BrI64Eq;
    case Isa::BrI64LtS: return Isa::BrI64GeS;
    case Isa::BrI64GeS: return Isa::BrI64LtS;
    case Isa::BrI64LtU: return Isa::BrI64GeU;
    case Isa::BrI64GeU: return Isa::BrI64LtU;
    case Isa::BrI64GtS: return Isa::BrI64LeS;
    case Isa::BrI64LeS: return Isa::BrI64GtS;
    case Isa::BrI64GtU: return Isa::BrI64LeU;
    case Isa::BrI64LeU: return Isa::BrI64GtU;
    case Isa::BrI32EqImm: return Isa::BrI32NeImm;
    case Isa::BrI32NeImm: return Isa::BrI32EqImm;
    case Isa::BrI32LtSImm: return Isa::BrI32GeSImm;
    case Isa::BrI32GeSImm: return Isa::BrI32LtSImm;
    case Isa::BrI32LtUImm: return Isa::BrI32GeUImm;
    case Isa::BrI32GeUImm: return Isa::BrI32LtUImm;
    case Isa::BrI32GtSImm: return Isa::BrI32LeSImm;
    case Isa::BrI32LeSImm: return Isa::BrI32GtSImm;
    case Isa::BrI32GtUImm: return Isa::BrI32LeUImm;
    case Isa::BrI32LeUImm: return Isa::BrI32GtUImm;
    default: return b;
  }
}

bool is_imm_branch(Isa b) { return b >= Isa::BrI32EqImm && b <= Isa::BrI32GeUImm; }

}  // namespace

void FunctionCompiler::block_types(const BlockType& bt, std::vector<ValType>& params,
                                   std::vector<ValType>& results) {
  params.clear();
  results.clear();
  switch (bt.kind) {
    case BlockType::Kind::Empty: break;
    case BlockType::Kind::Value: results.push_back(bt.value); break;
    case BlockType::Kind::TypeIndex:
      params = m_.types[bt.type_index].params;
      results = m_.types[bt.type_index].results;
      break;
  }
}

void FunctionCompiler::bind(const Patch& p, size_t target) {
  int64_t off = int64_t(target) - int64_t(p.instr);
  uint64_t& w = (*code_)[p.word];
  if (p.imm32) {
    w = (w & 0xFFFFFFFFull) | (uint64_t(uint32_t(int32_t(off))) << 32);
  } else {
    w = uint64_t(off);
  }
}

void FunctionCompiler::add_branch_patch(Ctrl& target, size_t word, size_t instr, bool imm32) {
  Patch p{word, instr, imm32};
  if (target.op == Op::Loop) {
    bind(p, target.loop_head);
  } else {
    target.patches.push_back(p);
  }
}

void FunctionCompiler::mark_dead() {
  Ctrl& c = ctrls_.back();
  while (stack_.size() > c.height) (void)pop();
  c.dead = true;
  forget_last();
}

// Entering a block: the values a branch may carry must live in canonical slots, and local references
// below the block must be copied out (a local.set inside could otherwise run on one path only).
void FunctionCompiler::enter_block(Op op, const BlockType& bt, bool dead) {
  Ctrl c;
  c.op = op;
  block_types(bt, c.params, c.results);
  if (dead) {
    c.height = stack_.size();
    c.base_slot = next_home();
    c.dead = c.entered_dead = true;
    ctrls_.push_back(std::move(c));
    return;
  }
  for (Loc& l : stack_) {
    if (l.kind == Loc::Local) materialize(l);
  }
  size_t n = c.params.size();
  for (size_t i = stack_.size() - n; i < stack_.size(); i++) materialize(stack_[i]);
  c.height = stack_.size() - n;
  c.base_slot = n ? stack_[c.height].home : next_home();
  // The block's results occupy base_slot.. as well; make sure the frame covers them.
  uint32_t rc = 0;
  for (ValType t : c.results) rc += cells_of(t);
  max_cells_ = std::max(max_cells_, c.base_slot + rc);
  if (c.base_slot + rc > kMaxSlot) fail("function too large (operand stack exceeds 65535 cells)");
  forget_last();
  ctrls_.push_back(std::move(c));
}

bool FunctionCompiler::label_values_in_place(const Ctrl& target) const {
  const auto& types = target.label_types();
  size_t n = types.size();
  uint32_t dst = target.base_slot;
  for (size_t i = 0; i < n; i++) {
    const Loc& l = stack_[stack_.size() - n + i];
    if (l.kind != Loc::Temp || l.home != dst) return false;
    dst += cells_of(types[i]);
  }
  return true;
}

// Copies the label's values (top of the stack) into its slots. Sources never lie below their
// destination, so ascending order is safe.
void FunctionCompiler::emit_label_copies(const Ctrl& target) {
  const auto& types = target.label_types();
  size_t n = types.size();
  uint32_t dst = target.base_slot;
  for (size_t i = 0; i < n; i++) {
    const Loc& l = stack_[stack_.size() - n + i];
    emit_copy(uint16_t(dst), l);
    dst += cells_of(types[i]);
  }
}

void FunctionCompiler::emit_branch_to(Ctrl& target) {
  emit_label_copies(target);
  size_t at = emit(Isa::Br, 0);
  add_branch_patch(target, at + 1, at, true);
}

// Emits a conditional branch on `cond` (taken when cond != 0 if when_true), fusing with the
// comparison that produced it when that was the previous instruction. The offset is bound to
// `target` or returned in out_patch.
void FunctionCompiler::emit_cond_branch(Loc cond, bool when_true, Ctrl* target, Patch* out_patch) {
  size_t at;
  bool fused = cond.kind == Loc::Temp && cmp_.valid && cmp_.instr == last_instr_ && cmp_.home == cond.home;
  if (fused) {
    LastCompare c = cmp_;
    drop_last_instr(c.instr);  // drop the comparison; the branch evaluates it
    Isa br = when_true ? c.branch : negate_branch(c.branch);
    size_t step_at;
    if (try_fuse_step_branch(br, step_at)) {
      uint64_t step = (*code_)[step_at + 1];
      drop_last_instr(step_at);
      Isa fused = is_imm_branch(br) ? Isa(size_t(Isa::AddBrI32EqImm) + (size_t(br) - size_t(Isa::BrI32EqImm)))
                                    : Isa(size_t(Isa::AddBrI32Eq) + (size_t(br) - size_t(Isa::BrI32Eq)));
      at = emit(fused, pack_abcd(c.a, is_imm_branch(br) ? 0 : c.b, 0, 0));
      emit_word(step);
      if (is_imm_branch(br)) emit_word(uint64_t(c.imm));
    } else if (is_imm_branch(br)) {
      at = emit(br, pack_abcd(c.a, 0, 0, 0));
      emit_word(uint64_t(c.imm));
    } else {
      at = emit(br, pack_abcd(c.a, c.b, 0, 0));
    }
  } else {
    uint16_t s = slot_of(cond);
    at = emit(when_true ? Isa::BrIfNez : Isa::BrIfEqz, pack_abcd(s, 0, 0, 0));
  }
  Patch p{at + 1, at, true};
  if (target) {
    add_branch_patch(*target, p.word, p.instr, true);
  } else {
    *out_patch = p;
  }
}

void FunctionCompiler::do_else() {
  Ctrl& c = ctrls_.back();
  if (!c.dead) {
    for (size_t i = c.height; i < stack_.size(); i++) materialize(stack_[i]);
    size_t at = emit(Isa::Br, 0);
    c.patches.push_back({at + 1, at, true});
  }
  while (stack_.size() > c.height) (void)pop();
  if (c.has_else_patch) {
    bind(c.else_patch, code_->size());
    c.has_else_patch = false;
  }
  c.dead = c.entered_dead;
  c.op = Op::Else;
  if (!c.dead) {
    // Params are still in their slots: the then-branch did not run on this path.
    for (ValType t : c.params) push_temp(t);
  }
  forget_last();
}

void FunctionCompiler::end_block() {
  Ctrl& c = ctrls_.back();
  if (ctrls_.size() == 1) {
    // End of the function: the fall-through path returns straight from wherever its values are;
    // branches to the function label find theirs in the label slots.
    if (!c.dead) emit_return();
    bool branched = !c.patches.empty();
    for (const Patch& p : c.patches) bind(p, code_->size());
    size_t height = c.height;
    std::vector<ValType> results = std::move(c.results);
    while (stack_.size() > height) (void)pop();
    for (ValType t : results) push_temp(t);
    forget_last();
    if (branched) emit_return();
    ctrls_.pop_back();
    return;
  }
  if (!c.dead) {
    for (size_t i = c.height; i < stack_.size(); i++) materialize(stack_[i]);
  }
  if (c.has_else_patch) bind(c.else_patch, code_->size());
  for (const Patch& p : c.patches) bind(p, code_->size());
  size_t height = c.height;
  std::vector<ValType> results = std::move(c.results);
  ctrls_.pop_back();
  while (stack_.size() > height) (void)pop();
  for (ValType t : results) push_temp(t);
  forget_last();
}

// Copies the top results to slots 0.. and returns.
void FunctionCompiler::emit_return() {
  const FuncType& ft = m_.func_type(out_->func_index);
  size_t n = ft.results.size();
  if (n == 1) {
    Loc& top = stack_.back();
    if (top.kind == Loc::Temp && last_.valid && last_.home == top.home && last_.instr == last_instr_) {
      // The value was just computed: write it into the result slot directly.
      uint64_t& w1 = (*code_)[last_.instr + 1];
      w1 &= ~uint64_t(0xFFFF);
    } else if (top.kind != Loc::Const && ft.results[0] != ValType::V128) {
      uint16_t s = top.kind == Loc::Local ? uint16_t(local_slot_[top.local]) : top.home;
      if (s != 0) {
        emit(Isa::ReturnCopy, pack_abcd(s, 0, 0, 0));
        return;
      }
    } else {
      emit_copy(0, top);
    }
  } else if (n > 1) {
    for (size_t i = stack_.size() - n; i < stack_.size(); i++) materialize(stack_[i]);
    uint32_t dst = 0;
    for (size_t i = 0; i < n; i++) {
      emit_copy(uint16_t(dst), stack_[stack_.size() - n + i]);
      dst += cells_of(ft.results[i]);
    }
  }
  emit(Isa::Return, 0);
}

// Arguments are moved to consecutive temporaries on top of the frame; the callee's frame starts
// there (overlapping frames), and its results come back in the same slots.
void FunctionCompiler::emit_call(uint32_t func_index) {
  const FuncType& ft = m_.func_type(func_index);
  size_t n = ft.params.size();
  for (size_t i = stack_.size() - n; i < stack_.size(); i++) materialize(stack_[i]);
  uint32_t base = n ? stack_[stack_.size() - n].home : next_home();
  for (size_t i = 0; i < n; i++) (void)pop();
  size_t at;
  if (func_index < m_.num_imported_funcs) {
    at = emit(Isa::CallImport, pack_ab_imm(uint16_t(base), 0, func_index));
  } else {
    at = emit(Isa::Call, pack_ab_imm(uint16_t(base), 0, func_index));
    emit_word(reinterpret_cast<uintptr_t>(env_.defined[func_index - m_.num_imported_funcs]));
  }
  (void)at;
  for (ValType t : ft.results) push_temp(t);
  max_cells_ = std::max(max_cells_, base + 1);
  forget_last();
}

void FunctionCompiler::emit_call_indirect(uint32_t type_index, uint32_t table_index) {
  const FuncType& ft = m_.types[type_index];
  Loc idx = pop();
  size_t n = ft.params.size();
  for (size_t i = stack_.size() - n; i < stack_.size(); i++) materialize(stack_[i]);
  uint32_t base = n ? stack_[stack_.size() - n].home : next_home();
  uint16_t sidx = slot_of(idx);
  if (idx.kind == Loc::Local) {
    // The callee frame starts at `base`; a local index slot is below it, a temporary is above the
    // arguments. Both are read before the call, so no copy is needed.
  }
  for (size_t i = 0; i < n; i++) (void)pop();
  emit(Isa::CallIndirect, pack_ab_imm(uint16_t(base), sidx, table_index));
  emit_word((*env_.type_ids)[type_index]);
  for (ValType t : ft.results) push_temp(t);
  max_cells_ = std::max(max_cells_, base + 1);
  forget_last();
}

Status FunctionCompiler::compile_control(const Instr& in, bool& handled) {
  handled = true;
  switch (in.op) {
    case Op::Unreachable:
      emit(Isa::Unreachable, 0);
      mark_dead();
      return Status::Ok();
    case Op::Block:
      enter_block(Op::Block, in.block, false);
      return Status::Ok();
    case Op::Loop:
      enter_block(Op::Loop, in.block, false);
      ctrls_.back().loop_head = code_->size();
      return Status::Ok();
    case Op::If: {
      Loc cond = pop();
      // Materialise below-block values first; fusion with the comparison survives only if that
      // emitted nothing.
      LastCompare saved = cmp_;
      size_t before = code_->size();
      enter_block(Op::If, in.block, false);
      if (code_->size() == before) cmp_ = saved;
      Ctrl& c = ctrls_.back();
      Patch p{};
      emit_cond_branch(cond, false, nullptr, &p);
      c.else_patch = p;
      c.has_else_patch = true;
      return Status::Ok();
    }
    case Op::Else:
      do_else();
      return Status::Ok();
    case Op::End:
      end_block();
      return Status::Ok();
    case Op::Br:
      emit_branch_to(ctrls_[ctrls_.size() - 1 - in.index]);
      mark_dead();
      return Status::Ok();
    case Op::BrIf: {
      Loc cond = pop();
      Ctrl& target = ctrls_[ctrls_.size() - 1 - in.index];
      if (label_values_in_place(target)) {
        emit_cond_branch(cond, true, &target, nullptr);
      } else {
        Patch skip{};
        emit_cond_branch(cond, false, nullptr, &skip);
        emit_branch_to(target);
        bind(skip, code_->size());
        forget_last();
      }
      return Status::Ok();
    }
    case Op::BrTable: {
      const std::vector<uint32_t>& labels = *in.br_table;
      Loc idx = pop();
      uint16_t s = slot_of(idx);
      size_t n = labels.size();  // last one is the default
      size_t at = emit(Isa::BrTable, pack_ab_imm(s, 0, uint32_t(n - 1)));
      size_t table = code_->size();
      for (size_t i = 0; i < n; i++) emit_word(0);
      // Targets whose values are already in place are branched to directly; the others get one
      // copy stub per distinct label.
      std::vector<std::pair<uint32_t, size_t>> stubs;
      for (size_t i = 0; i < n; i++) {
        Ctrl& target = ctrls_[ctrls_.size() - 1 - labels[i]];
        if (label_values_in_place(target)) {
          add_branch_patch(target, table + i, at, false);
          continue;
        }
        auto it = std::find_if(stubs.begin(), stubs.end(), [&](auto& p) { return p.first == labels[i]; });
        size_t stub;
        if (it != stubs.end()) {
          stub = it->second;
        } else {
          stub = code_->size();
          stubs.push_back({labels[i], stub});
          emit_branch_to(target);
        }
        (*code_)[table + i] = uint64_t(int64_t(stub) - int64_t(at));
      }
      mark_dead();
      return Status::Ok();
    }
    case Op::Return:
      emit_return();
      mark_dead();
      return Status::Ok();
    case Op::Call:
      emit_call(in.index);
      return Status::Ok();
    case Op::CallIndirect:
      emit_call_indirect(in.index, in.index2);
      return Status::Ok();
    default:
      handled = false;
      return Status::Ok();
  }
}

// Unreachable code: validated but not compiled. Only the block structure is tracked.
void FunctionCompiler::compile_dead(const Instr& in) {
  switch (in.op) {
    case Op::Block: case Op::Loop: case Op::If:
      enter_block(in.op, in.block, true);
      break;
    case Op::Else:
      do_else();
      break;
    case Op::End:
      end_block();
      break;
    default:
      break;
  }
}

}  // namespace wasmvm::rt
