// Superinstructions chosen for the inner loops of the ML kernels (sgemm/conv/cnn: c[j] += a * b[j]).
// Each fusion only applies when the producing instruction is the immediately preceding one (same
// basic block, nothing emitted in between) and its result is used exactly once (a popped temporary),
// so the fused form reads the same memory at the same point; rounding is unchanged (two roundings).
#include "vm/compiler.h"

namespace wasmvm::rt {

void FunctionCompiler::drop_last_instr(size_t at) {
  code_->resize(at);
  while (!out_->offsets.empty() && out_->offsets.back().code_index >= at) out_->offsets.pop_back();
}

// Called right after emitting a load: remembers it, and whether its address temporary came from an
// i32 add-immediate emitted just before (only this load uses that temporary).
void FunctionCompiler::note_load(Op op, size_t at, uint16_t home, const Loc& addr, uint16_t addr_slot,
                                 uint32_t offset) {
  load_ = {};
  load_.valid = true;
  load_.instr = at;
  load_.home = home;
  load_.op = op;
  load_.addr = addr_slot;
  load_.offset = offset;
  size_t p = prev_instr_;
  if (addr.kind == Loc::Temp && p != SIZE_MAX && p >= last_label_ && p + 2 == at &&
      (*code_)[p] == handler_word(Isa::I32AddImm) && uint16_t((*code_)[p + 1]) == addr.home) {
    load_.folded = true;
    load_.add_instr = p;
    load_.base = uint16_t((*code_)[p + 1] >> 16);
    load_.k = uint32_t((*code_)[p + 1] >> 32);
  }
}

// f32/f64 add or mul whose operand was produced by the previous f32/f64 load.
bool FunctionCompiler::try_fuse_load_binop(Op op, const Loc& a, const Loc& b, uint16_t sa, uint16_t sb) {
  Isa fused;
  Op load;
  ValType t;
  switch (op) {
    case Op::F32Add: fused = Isa::F32LoadAdd; load = Op::F32Load; t = ValType::F32; break;
    case Op::F32Mul: fused = Isa::F32LoadMul; load = Op::F32Load; t = ValType::F32; break;
    case Op::F64Add: fused = Isa::F64LoadAdd; load = Op::F64Load; t = ValType::F64; break;
    case Op::F64Mul: fused = Isa::F64LoadMul; load = Op::F64Load; t = ValType::F64; break;
#if WASMVM_SIMD
    case Op::F32x4Add: fused = Isa::F32x4LoadAdd; load = Op::V128Load; t = ValType::V128; break;
    case Op::F32x4Mul: fused = Isa::F32x4LoadMul; load = Op::V128Load; t = ValType::V128; break;
    case Op::F64x2Add: fused = Isa::F64x2LoadAdd; load = Op::V128Load; t = ValType::V128; break;
    case Op::F64x2Mul: fused = Isa::F64x2LoadMul; load = Op::V128Load; t = ValType::V128; break;
#endif
    default: return false;
  }
  if (!load_.valid || load_.instr != last_instr_ || load_.op != load) return false;
  uint16_t other;
  if (b.kind == Loc::Temp && b.home == load_.home) {
    other = sa;  // a op load: commutative, so load op a
  } else if (a.kind == Loc::Temp && a.home == load_.home) {
    other = sb;
  } else {
    return false;
  }
  LastLoad l = load_;
  // The folded add must not be the other operand's producer (it is a temporary only the load uses).
  if (l.folded && other == uint16_t((*code_)[l.add_instr + 1])) l.folded = false;
  uint16_t addr = l.folded ? l.base : l.addr;
  uint32_t k = l.folded ? l.k : 0;
  drop_last_instr(l.folded ? l.add_instr : l.instr);
  uint16_t dst = push_temp(t).home;
  size_t at = emit(fused, pack_abcd(dst, addr, other, 0));
  uint64_t w2 = uint64_t(l.offset) | uint64_t(k) << 32;
  emit_word(w2);
  set_result(at, dst);
  if ((fused == Isa::F32LoadAdd || fused == Isa::F64LoadAdd) && !l.folded) {
    load_add_ = {true, at, dst, load, addr, other, l.offset};
  } else if (fused == Isa::F32LoadMul || fused == Isa::F64LoadMul) {
    load_mul_ = {true, at, dst, load, addr, other, l.offset, k};
  }
  Isa ma = fused == Isa::F32LoadMul ? Isa::F32LoadMulAdd : fused == Isa::F64LoadMul ? Isa::F64LoadMulAdd
#if WASMVM_SIMD
         : fused == Isa::F32x4LoadMul ? Isa::F32x4LoadMulAdd : fused == Isa::F64x2LoadMul ? Isa::F64x2LoadMulAdd
#endif
         : Isa::Count_;
  if (ma != Isa::Count_) mul_ = {true, at, dst, ma, addr, other, true, w2};
  return true;
}

// A store of a fused load+add result back to the address it was loaded from.
bool FunctionCompiler::try_fuse_add_store(Op store, const Loc& v, uint16_t addr, uint32_t offset) {
  const LastLoadAdd& la = load_add_;
  if (!la.valid || la.instr != last_instr_ || v.kind != Loc::Temp || v.home != la.home) return false;
  if (la.addr != addr || la.offset != offset) return false;
  Isa fused;
  if (store == Op::F32Store && la.load == Op::F32Load) fused = Isa::F32AddToMem;
  else if (store == Op::F64Store && la.load == Op::F64Load) fused = Isa::F64AddToMem;
  else return false;
  uint16_t other = la.other;
  // c[j] += b[j] * x: the load+mul right before produced the added value.
  const LastLoadMul& lm = load_mul_;
  if (lm.valid && lm.load == la.load && lm.instr + kIsaWords[size_t(Isa::F32LoadMul)] == la.instr &&
      lm.instr >= last_label_ && lm.home == other) {
    LastLoadMul m = lm;
    drop_last_instr(m.instr);
    emit(fused == Isa::F32AddToMem ? Isa::F32MulAddToMem : Isa::F64MulAddToMem, pack_abcd(addr, m.addr, m.other, 0));
    emit_word(uint64_t(m.offset) | uint64_t(offset) << 32);
    emit_word(m.k);
    load_mul_.valid = false;
    return true;
  }
  drop_last_instr(la.instr);
  emit(fused, pack_ab_imm(addr, other, offset));
  return true;
}

// `x = y + k` right before a fused i32 compare-and-branch (the canonical loop step) becomes one
// instruction. `br` is the branch already chosen; on success `at` is the fused instruction.
bool FunctionCompiler::try_fuse_step_branch(Isa br, size_t& at) {
  bool imm = br >= Isa::BrI32EqImm && br <= Isa::BrI32GeUImm;
  if (!imm && !(br >= Isa::BrI32Eq && br <= Isa::BrI32GeU)) return false;
  size_t p = prev_instr_;
  if (p == SIZE_MAX || p < last_label_ || p + 2 != code_->size()) return false;
  if ((*code_)[p] != handler_word(Isa::I32AddImm)) return false;
  uint64_t step = (*code_)[p + 1];  // A = x, B = y, IMM32 = k: same packing as word 2 of AddBr*
  (void)step;
  at = p;
  return true;
}

}  // namespace wasmvm::rt

namespace wasmvm::rt {

// Remembers a plain multiplication so that an add consuming it becomes a multiply-add.
void FunctionCompiler::note_mul(Op op, size_t at, uint16_t dst, uint16_t b, uint16_t c) {
  Isa ma;
  switch (op) {
    case Op::F32Mul: ma = Isa::F32MulAdd; break;
    case Op::F64Mul: ma = Isa::F64MulAdd; break;
#if WASMVM_SIMD
    case Op::F32x4Mul: ma = Isa::F32x4MulAdd; break;
    case Op::F64x2Mul: ma = Isa::F64x2MulAdd; break;
#endif
    default: return;
  }
  mul_ = {true, at, dst, ma, b, c, false, 0};
}

// acc + x * y (either operand order) where the product was computed by the previous instruction:
// one instruction, still rounded twice (never an FMA).
bool FunctionCompiler::try_fuse_mul_add(Op op, const Loc& a, const Loc& b, uint16_t sa, uint16_t sb) {
  const LastMul& m = mul_;
  if (!m.valid || m.instr != last_instr_) return false;
  ValType t;
  switch (op) {
    case Op::F32Add: t = ValType::F32; if (m.fused_add != Isa::F32MulAdd && m.fused_add != Isa::F32LoadMulAdd) return false; break;
    case Op::F64Add: t = ValType::F64; if (m.fused_add != Isa::F64MulAdd && m.fused_add != Isa::F64LoadMulAdd) return false; break;
#if WASMVM_SIMD
    case Op::F32x4Add: t = ValType::V128; if (m.fused_add != Isa::F32x4MulAdd && m.fused_add != Isa::F32x4LoadMulAdd) return false; break;
    case Op::F64x2Add: t = ValType::V128; if (m.fused_add != Isa::F64x2MulAdd && m.fused_add != Isa::F64x2LoadMulAdd) return false; break;
#endif
    default: return false;
  }
  uint16_t addend;
  if (b.kind == Loc::Temp && b.home == m.home) {
    addend = sa;
  } else if (a.kind == Loc::Temp && a.home == m.home) {
    addend = sb;
  } else {
    return false;
  }
  LastMul mm = m;
#if WASMVM_SIMD
  if (try_chain_load_mul_add(mm, b.kind == Loc::Temp && b.home == m.home ? a : b, t)) return true;
#endif
  drop_last_instr(mm.instr);
  uint16_t dst = push_temp(t).home;
  size_t at = emit(mm.fused_add, pack_abcd(dst, mm.b, mm.c, addend));
  if (mm.has_offset) emit_word(mm.offset);
  set_result(at, dst);
#if WASMVM_SIMD
  if (mm.fused_add == Isa::F32x4LoadMulAdd || mm.fused_add == Isa::F64x2LoadMulAdd) last_vlma_ = at;
#endif
  return true;
}

#if WASMVM_SIMD
// acc + m0 * x0 + m1 * x1 (the kernels' unrolled dot products): when the addend of this v128
// load-multiply-add is the temporary produced by the same kind of instruction right before the
// load-multiply, both become one instruction. The first result is used only here, so it need not be
// stored; both loads still happen in order (a trap in the second leaves nothing visible).
bool FunctionCompiler::try_chain_load_mul_add(const LastMul& mm, const Loc& addend, ValType t) {
  Isa pair;
  if (mm.fused_add == Isa::F32x4LoadMulAdd) pair = Isa::F32x4LoadMulAdd2;
  else if (mm.fused_add == Isa::F64x2LoadMulAdd) pair = Isa::F64x2LoadMulAdd2;
  else return false;
  size_t first = last_vlma_;
  const size_t n = kIsaWords[size_t(mm.fused_add)];
  if (first == SIZE_MAX || first < last_label_ || first + n != mm.instr) return false;
  if ((*code_)[first] != handler_word(mm.fused_add)) return false;
  uint64_t w1 = (*code_)[first + 1], w2 = (*code_)[first + 2];
  if (addend.kind != Loc::Temp || addend.home != uint16_t(w1)) return false;
  drop_last_instr(first);
  last_vlma_ = SIZE_MAX;
  uint16_t dst = push_temp(t).home;
  size_t at = emit(pair, (w1 & ~uint64_t(0xffff)) | dst);
  emit_word(w2);
  emit_word(uint64_t(mm.b) | uint64_t(mm.c) << 16);
  emit_word(mm.offset);
  set_result(at, dst);
  return true;
}
#endif

#if WASMVM_SIMD
// v128.load32_splat whose address is `base + k` computed by the i32 add-immediate right before (its
// temporary feeds only this load): one instruction, the add still wraps at 32 bits. The splat is
// usually tee'd into a local and reused, so it cannot be fused into its multiply.
bool FunctionCompiler::try_fold_splat_address(const Loc& addr, uint32_t offset) {
  size_t p = last_instr_;
  if (addr.kind != Loc::Temp || p == SIZE_MAX || p < last_label_ || p + 2 != code_->size()) return false;
  if ((*code_)[p] != handler_word(Isa::I32AddImm) || uint16_t((*code_)[p + 1]) != addr.home) return false;
  uint16_t base = uint16_t((*code_)[p + 1] >> 16);
  uint32_t k = uint32_t((*code_)[p + 1] >> 32);
  drop_last_instr(p);
  last_instr_ = SIZE_MAX;  // the add is gone: nothing before the fused load is fusable with it
  uint16_t dst = push_temp(ValType::V128).home;
  size_t at = emit(Isa::V128Load32SplatAt, pack_abcd(dst, base, 0, 0));
  emit_word(uint64_t(offset) | uint64_t(k) << 32);
  set_result(at, dst);
  return true;
}
#endif

}  // namespace wasmvm::rt
